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
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import socket
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

COMMIT = "0123456789abcdef0123456789abcdef01234567"
LFS_MIN_SIZE = 1024  # files this big (or any .gguf) are "LFS" files with a published sha256


@dataclass
class RequestRecord:
    method: str
    path: str
    query: dict
    range: str | None
    status: int = 0
    bytes_sent: int = 0
    authorized: bool = False


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
        self._server = _Server(("127.0.0.1", 0), _handler_for(self))
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


def _cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"o": offset}).encode()).decode()


def _uncursor(cursor: str | None) -> int:
    if not cursor:
        return 0
    return int(json.loads(base64.urlsafe_b64decode(cursor.encode()))["o"])


_RESOLVE = re.compile(r"^/([^/]+/[^/]+)/resolve/([^/]+)/(.+)$")
_INFO = re.compile(r"^/api/models/([^/]+/[^/]+)(?:/revision/([^/]+))?$")
_TREE = re.compile(r"^/api/models/([^/]+/[^/]+)/tree/([^/]+)(?:/(.*))?$")


def _handler_for(hub: HubStandIn):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "HubStandIn/1.0"

        def log_message(self, format, *args):  # noqa: A002 - silence the default stderr log
            return

        # -- plumbing ------------------------------------------------------------------------

        def _begin(self) -> tuple[str, dict, RequestRecord]:
            parts = urlsplit(self.path)
            path = unquote(parts.path)
            query = parse_qs(parts.query)
            auth = self.headers.get("Authorization", "")
            record = RequestRecord(self.command, parts.path, query, self.headers.get("Range"),
                                   authorized=auth.startswith("Bearer "))
            hub._record(record)
            return path, query, record

        def _token(self) -> str | None:
            auth = self.headers.get("Authorization", "")
            return auth[len("Bearer "):] if auth.startswith("Bearer ") else None

        def _send_json(self, record: RequestRecord, status: int, data, headers: dict | None = None) -> None:
            body = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            record.status = status
            if self.command != "HEAD":
                self.wfile.write(body)

        def _send_page(self, record: RequestRecord, items: list, query: dict, url: str, size: int) -> None:
            """One page of ``items``; a ``Link: <url?…&cursor=…>; rel="next"`` header if more follow."""
            offset = _uncursor((query.get("cursor") or [None])[0])
            headers = {}
            if offset + size < len(items):
                params = dict(query, cursor=[_cursor(offset + size)])
                headers["Link"] = f'<{url}?{urlencode(params, doseq=True)}>; rel="next"'
            self._send_json(record, 200, items[offset:offset + size], headers)

        def _error(self, record: RequestRecord, status: int, code: str | None, message: str) -> None:
            headers = {"X-Error-Message": message}
            if code:
                headers["X-Error-Code"] = code
            self._send_json(record, status, {"error": message}, headers)

        def _access_denied(self, record: RequestRecord, repo_id: str | None, *, for_file: bool) -> bool:
            """Answer 401/403/404 like the Hub when the repo is missing, private or gated."""
            token = self._token()
            granted = token is not None and token in hub.granted_tokens
            if repo_id is None or repo_id not in hub.repos or (repo_id in hub.private and not granted):
                status = 404 if token else 401
                self._error(record, status, "RepoNotFound", "Repository not found")
                return True
            if for_file and repo_id in hub.gated and not granted:
                if token is None:
                    self._error(record, 401, "GatedRepo", f"Access to model {repo_id} is restricted. You must "
                                "have access to it and be authenticated to access it. Please log in.")
                else:
                    self._error(record, 403, "GatedRepo", f"Access to model {repo_id} is restricted and you "
                                f"are not in the authorized list. Visit https://huggingface.co/{repo_id} to "
                                "ask for access.")
                return True
            return False

        # -- verbs ---------------------------------------------------------------------------

        def do_HEAD(self):  # noqa: N802
            self._dispatch()

        def do_GET(self):  # noqa: N802
            self._dispatch()

        def _dispatch(self) -> None:
            path, query, record = self._begin()
            try:
                if m := _RESOLVE.match(path):
                    self._resolve(record, m.group(1), m.group(2), m.group(3))
                elif path == "/api/models":
                    self._search(record, query)
                elif m := _TREE.match(path):
                    self._tree(record, m.group(1), m.group(2), m.group(3) or "", query)
                elif m := _INFO.match(path):
                    self._info(record, m.group(1), m.group(2), query)
                else:
                    self._error(record, 404, None, "Not found")
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True

        def _search(self, record: RequestRecord, query: dict) -> None:
            search = (query.get("search") or [""])[0].lower()
            filters = query.get("filter", [])
            author = (query.get("author") or [None])[0]
            limit = min(int((query.get("limit") or ["1000"])[0]), 1000)
            sort = (query.get("sort") or [None])[0]
            token = self._token()
            items = []
            for repo_id in hub.repos:
                if repo_id in hub.private and token not in hub.granted_tokens:
                    continue
                data = hub._model_json(repo_id, siblings=False, blobs=False)
                if search and search not in repo_id.lower():
                    continue
                if author and data["author"] != author:
                    continue
                if any(f not in data["tags"] and f != data["library_name"] for f in filters):
                    continue
                items.append(data)
            if sort in ("downloads", "likes", "lastModified", "createdAt"):
                items.sort(key=lambda d: (d[sort], d["id"]), reverse=True)
            self._send_page(record, items, query, f"{hub.endpoint}/api/models", limit)

        def _info(self, record: RequestRecord, repo_id: str, revision: str | None, query: dict) -> None:
            if self._access_denied(record, repo_id, for_file=False):
                return
            if revision not in (None, "main", COMMIT):
                self._error(record, 404, "RevisionNotFound", "Invalid rev id: " + revision)
                return
            blobs = (query.get("blobs") or ["false"])[0].lower() == "true"
            self._send_json(record, 200, hub._model_json(repo_id, siblings=True, blobs=blobs))

        def _tree(self, record: RequestRecord, repo_id: str, revision: str, prefix: str, query: dict) -> None:
            if self._access_denied(record, repo_id, for_file=False):
                return
            if revision not in ("main", COMMIT):
                self._error(record, 404, "RevisionNotFound", "Invalid rev id: " + revision)
                return
            recursive = (query.get("recursive") or ["false"])[0].lower() == "true"
            entries = hub._tree_entries(repo_id, prefix.strip("/"), recursive)
            self._send_page(record, entries, query, f"{hub.endpoint}/api/models/{repo_id}/tree/{revision}",
                            hub.tree_page_size)

        def _resolve(self, record: RequestRecord, repo_id: str, revision: str, filename: str) -> None:
            if self._access_denied(record, repo_id, for_file=True):
                return
            if revision not in ("main", COMMIT):
                self._error(record, 404, "RevisionNotFound", "Invalid rev id: " + revision)
                return
            if filename not in hub.repos[repo_id]:
                self._error(record, 404, "EntryNotFound", "Entry not found")
                return
            if self.command == "GET" and hub._take_5xx():
                self._error(record, 503, None, "Service temporarily unavailable")
                return
            content = hub.repos[repo_id][filename]
            size = hub.size(repo_id, filename)
            start, end = 0, size - 1
            status = 200
            range_header = self.headers.get("Range")
            if range_header and not hub.ignore_range:
                m = re.fullmatch(r"bytes=(\d*)-(\d*)", range_header.strip())
                if m and m.group(1):
                    start = int(m.group(1))
                    end = min(int(m.group(2)), size - 1) if m.group(2) else size - 1
                    status = 206
                    if start >= size or start > end:
                        self.send_response(416)
                        self.send_header("Content-Range", f"bytes */{size}")
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                        record.status = 416
                        return
            length = end - start + 1
            self.send_response(status)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(length))
            self.send_header("Accept-Ranges", "bytes")
            self.send_header("ETag", f'"{hub.published_sha256(repo_id, filename)}"')
            self.send_header("X-Repo-Commit", COMMIT)
            if status == 206:
                self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
            self.end_headers()
            record.status = status
            if self.command == "HEAD":
                return
            drop = hub._take_drop()
            limit = length if drop is None else min(length, drop)
            self._send_body(record, content, start, limit)
            if limit < length:  # drop the connection mid-body
                self.close_connection = True
                try:
                    self.connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

        def _send_body(self, record: RequestRecord, content: Path | bytes, start: int, count: int) -> None:
            sock = self.connection
            if isinstance(content, bytes):
                view = memoryview(content)[start:start + count]
                chunk = 1 << 20 if hub.throttle_bps is None else max(4096, hub.throttle_bps // 50)
                for pos in range(0, count, chunk):
                    piece = view[pos:pos + chunk]
                    self._throttle(record, len(piece))
                    sock.sendall(piece)
                    record.bytes_sent += len(piece)
                return
            with open(content, "rb") as fh:
                fd, offset, left = fh.fileno(), start, count
                while left > 0:
                    step = left if hub.throttle_bps is None else min(left, max(4096, hub.throttle_bps // 50))
                    step = min(step, 8 << 20)
                    self._throttle(record, step)
                    sent = os.sendfile(sock.fileno(), fd, offset, step)
                    if sent == 0:
                        break
                    offset += sent
                    left -= sent
                    record.bytes_sent += sent

        def _throttle(self, record: RequestRecord, upcoming: int) -> None:
            bps = hub.throttle_bps
            if not bps:
                return
            started = getattr(self, "_throttle_start", None)
            if started is None or getattr(self, "_throttle_record", None) is not record:
                self._throttle_start, self._throttle_record = time.monotonic(), record
                return
            due = self._throttle_start + (record.bytes_sent + upcoming) / bps
            delay = due - time.monotonic()
            if delay > 0:
                time.sleep(delay)

    return Handler
