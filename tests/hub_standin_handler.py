"""The HTTP request handler of :class:`tests.hub_standin.HubStandIn`: the Hub's API, served.

``handler_for(hub)`` builds a ``BaseHTTPRequestHandler`` class that answers search, model
info, file-tree and ``resolve`` requests from ``hub``'s repositories the way the Hugging Face
Hub does (paging by ``Link`` cursor, 401/403/404 for missing, private and gated repositories,
``Range`` requests), applies the stand-in's fault knobs (dropped connections, 5xx answers,
ignored ranges, throttling), and records every request as a :class:`RequestRecord`.
"""

from __future__ import annotations

import base64
import json
import os
import re
import socket
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

if TYPE_CHECKING:
    from tests.hub_standin import HubStandIn

COMMIT = "0123456789abcdef0123456789abcdef01234567"


@dataclass
class RequestRecord:
    """One request as the stand-in saw it (the token itself is never kept)."""

    method: str
    path: str
    query: dict
    range: str | None
    status: int = 0
    bytes_sent: int = 0
    authorized: bool = False


def _cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"o": offset}).encode()).decode()


def _uncursor(cursor: str | None) -> int:
    if not cursor:
        return 0
    return int(json.loads(base64.urlsafe_b64decode(cursor.encode()))["o"])


_RESOLVE = re.compile(r"^/([^/]+/[^/]+)/resolve/([^/]+)/(.+)$")
_INFO = re.compile(r"^/api/models/([^/]+/[^/]+)(?:/revision/([^/]+))?$")
_TREE = re.compile(r"^/api/models/([^/]+/[^/]+)/tree/([^/]+)(?:/(.*))?$")


def handler_for(hub: HubStandIn) -> type[BaseHTTPRequestHandler]:
    """The request handler class serving ``hub``'s repositories and fault knobs."""
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
