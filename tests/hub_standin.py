"""A loopback stand-in for the Hugging Face Hub, for tests and benchmarks (no internet needed).

``HubStandIn(repos={"owner/name": {"file.gguf": Path | bytes}})`` is a context manager that
serves, on ``127.0.0.1``, what ``huggingface_hub`` and Hearth's downloader request:

- ``GET /api/models?search=&sort=&limit=&filter=&expand=`` — search, paged by ``Link`` cursor;
- ``GET /api/models/{repo}[/revision/{rev}]?blobs=true`` — info with ``siblings[].lfs.sha256``;
- ``GET /api/models/{repo}/tree/{rev}?recursive=true`` — paged by ``Link`` (``tree_page_size``);
- ``HEAD``/``GET /{repo}/resolve/{rev}/{file}`` — ``ETag``, ``X-Repo-Commit``,
  ``Content-Length``, ``Accept-Ranges``; ``Range`` gives 206 + ``Content-Range``;
- anything else (``/api/agent-harnesses``…) — 404.

Fault knobs, settable while it runs: ``drop_after_bytes`` (+ ``drop_times``, ``None`` = every
request), ``fail_5xx_times``, ``ignore_range``, ``wrong_sha256_for`` (file names whose published
SHA-256 is wrong), ``throttle_bps``, ``gated`` / ``private`` (sets of repo ids; ``granted_tokens``
may read them). Every request is recorded in ``log`` (``RequestRecord``, without tokens).
The request handler itself is in :mod:`tests.hub_standin_handler`.
"""

from __future__ import annotations

import hashlib
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

# COMMIT and RequestRecord are re-exported: tests import them from here.
from tests.hub_standin_handler import COMMIT, RequestRecord, handler_for  # noqa: F401

LFS_MIN_SIZE = 1024  # files this big (or any .gguf) are "LFS" files with a published sha256


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64


class HubStandIn:
    """A Hub on 127.0.0.1:<free port>; ``.endpoint`` is its base URL. See the module docstring."""

    def __init__(self, repos: dict[str, dict[str, Path | bytes]] | None = None, *,
                 meta: dict[str, dict] | None = None, gated=(), private=(),
                 granted_tokens=(), tree_page_size: int = 1000) -> None:
        self.repos: dict[str, dict[str, Path | bytes]] = dict(repos or {})
        self.meta: dict[str, dict] = dict(meta or {})
        self.gated: set[str] = set(gated)
        self.private: set[str] = set(private)
        self.granted_tokens: set[str] = set(granted_tokens)
        self.tree_page_size = tree_page_size
        self.drop_after_bytes: int | None = None
        self.drop_times: int | None = 1
        self.fail_5xx_times = 0
        self.ignore_range = False
        self.wrong_sha256_for: set[str] = set()
        self.throttle_bps: int | None = None
        self.log: list[RequestRecord] = []
        self._lock = threading.Lock()
        self._sha_cache: dict[tuple, str] = {}
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self.endpoint = ""

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> "HubStandIn":
        self._server = _Server(("127.0.0.1", 0), handler_for(self))
        self.endpoint = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="hub-standin", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> "HubStandIn":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- helpers for tests -------------------------------------------------------------------

    def sha256(self, repo_id: str, filename: str) -> str:
        """The true SHA-256 of a served file (cached)."""
        content = self.repos[repo_id][filename]
        if isinstance(content, bytes):
            return hashlib.sha256(content).hexdigest()
        st = content.stat()
        key = (str(content), st.st_size, st.st_mtime_ns)
        if key not in self._sha_cache:
            digest = hashlib.sha256()
            with open(content, "rb") as fh:
                while block := fh.read(4 << 20):
                    digest.update(block)
            self._sha_cache[key] = digest.hexdigest()
        return self._sha_cache[key]

    def published_sha256(self, repo_id: str, filename: str) -> str:
        real = self.sha256(repo_id, filename)
        if filename in self.wrong_sha256_for:
            return hashlib.sha256(real.encode()).hexdigest()
        return real

    def size(self, repo_id: str, filename: str) -> int:
        content = self.repos[repo_id][filename]
        return len(content) if isinstance(content, bytes) else content.stat().st_size

    def resolve_gets(self, filename: str | None = None) -> list[RequestRecord]:
        """The GET requests for file contents (optionally for one file name)."""
        with self._lock:
            records = list(self.log)
        return [r for r in records if r.method == "GET" and "/resolve/" in r.path
                and (filename is None or r.path.endswith("/" + quote(filename)))]

    def bytes_served(self, filename: str | None = None) -> int:
        return sum(r.bytes_sent for r in self.resolve_gets(filename))

    def _record(self, record: RequestRecord) -> None:
        with self._lock:
            self.log.append(record)

    def _take_5xx(self) -> bool:
        with self._lock:
            if self.fail_5xx_times > 0:
                self.fail_5xx_times -= 1
                return True
            return False

    def _take_drop(self) -> int | None:
        with self._lock:
            if self.drop_after_bytes is None:
                return None
            if self.drop_times is None:
                return self.drop_after_bytes
            if self.drop_times > 0:
                self.drop_times -= 1
                return self.drop_after_bytes
            return None

    def _is_lfs(self, filename: str, size: int) -> bool:
        return filename.endswith(".gguf") or size >= LFS_MIN_SIZE

    def _model_json(self, repo_id: str, *, siblings: bool, blobs: bool) -> dict:
        meta = self.meta.get(repo_id, {})
        files = self.repos[repo_id]
        data = {
            "_id": hashlib.md5(repo_id.encode()).hexdigest()[:24], "id": repo_id, "modelId": repo_id,
            "author": repo_id.split("/")[0], "sha": COMMIT,
            "private": repo_id in self.private, "disabled": False,
            "gated": "manual" if repo_id in self.gated else False,
            "downloads": meta.get("downloads", 0), "likes": meta.get("likes", 0),
            "lastModified": meta.get("lastModified", "2024-01-01T00:00:00.000Z"),
            "createdAt": meta.get("createdAt", "2023-01-01T00:00:00.000Z"),
            "tags": (["gguf"] if any(f.endswith(".gguf") for f in files) else []) + meta.get("tags", []),
            "library_name": "gguf" if any(f.endswith(".gguf") for f in files) else None,
        }
        if siblings:
            data["siblings"] = []
            for name in sorted(files):
                entry: dict = {"rfilename": name}
                if blobs:
                    size = self.size(repo_id, name)
                    entry["size"] = size
                    entry["blobId"] = hashlib.sha1(name.encode()).hexdigest()
                    if self._is_lfs(name, size):
                        entry["lfs"] = {"sha256": self.published_sha256(repo_id, name), "size": size,
                                        "pointerSize": 134}
                data["siblings"].append(entry)
        return data

    def _tree_entries(self, repo_id: str, prefix: str, recursive: bool) -> list[dict]:
        files = sorted(f for f in self.repos[repo_id] if not prefix or f.startswith(prefix + "/"))
        entries, folders = [], set()
        for name in files:
            rest = name[len(prefix) + 1:] if prefix else name
            parts = rest.split("/")
            for i in range(1, len(parts)):
                folder = "/".join(([prefix] if prefix else []) + parts[:i])
                if folder not in folders and (recursive or i == 1):
                    folders.add(folder)
                    entries.append({"type": "directory", "oid": hashlib.sha1(folder.encode()).hexdigest(),
                                    "size": 0, "path": folder})
            if len(parts) > 1 and not recursive:
                continue
            size = self.size(repo_id, name)
            entry = {"type": "file", "oid": hashlib.sha1(name.encode()).hexdigest(), "size": size, "path": name}
            if self._is_lfs(name, size):
                entry["lfs"] = {"oid": self.published_sha256(repo_id, name), "size": size, "pointerSize": 134}
            entries.append(entry)
        return entries
