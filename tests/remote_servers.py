"""Servers on loopback for the remote-engine tests: llama-cpp-python's own OpenAI-compatible
server (a real one nobody here wrote), Hearth's own, and a hostile one that misbehaves on purpose.

    with llama_cpp_server(model_path) as url: ...        # python -m llama_cpp.server, model "smollm2"
    with hearth_server(FakeEngine(), api_key="k") as url: ...
    with HostileServer({"/v1/chat/completions": [b"data: garbage\\n\\n"]}) as hostile: hostile.url
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import requests

STARTUP_TIMEOUT_S = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_models(url: str, api_key: str | None = None, process: subprocess.Popen | None = None,
                    log=None) -> None:
    headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            tail = b""
            if log is not None:
                log.seek(0)
                tail = log.read()[-2000:]
            raise RuntimeError(f"the server exited: {tail.decode(errors='replace')}")
        try:
            if requests.get(f"{url}/v1/models", headers=headers, timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"{url} did not answer in {STARTUP_TIMEOUT_S} s")


@contextlib.contextmanager
def llama_cpp_server(model: Path, api_key: str | None = None, alias: str = "smollm2") -> Iterator[str]:
    """``python -m llama_cpp.server`` serving ``model`` as ``alias``; yields its base URL."""
    port = free_port()
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--model_alias", alias,
               "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "1024", "--n_threads", "2"]
    if api_key:
        command += ["--api_key", api_key]
    log = tempfile.TemporaryFile()  # llama.cpp logs a lot: a pipe would fill and block the server
    process = subprocess.Popen(command, stdout=log, stderr=log, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_models(url, api_key, process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@contextlib.contextmanager
def hearth_server(engine, api_key: str | None = None, model_path: str = "fake:model") -> Iterator[str]:
    """Hearth's own API serving ``engine`` (loaded with ``model_path``) in this process."""
    from app.engine.host import EngineThread
    from app.engine.params import LoadParams
    from app.server.engine_door import EngineDoor
    from app.server.runner import ApiServer, ServerConfig

    thread = EngineThread(lambda: engine)
    loaded = threading.Event()
    thread.submit(lambda t: (t.engine.load(LoadParams(model_path=model_path)), loaded.set()))
    loaded.wait(30)
    port = free_port()
    server = ApiServer(EngineDoor(thread), ServerConfig("127.0.0.1", port, api_key))
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()
        thread.stop()


class HostileServer:
    """An HTTP server answering each path with scripted raw chunks, then closing the connection.

    ``routes`` maps a path to a list of byte chunks (a ``float`` in the list sleeps that long),
    or to ``(status, body)`` for a plain answer. Chunks are sent as HTTP/1.0 without a length,
    so closing early is a dropped connection. ``requests`` lists the JSON bodies received.
    """

    def __init__(self, routes: dict[str, object]) -> None:
        self.routes = routes
        self.requests: list[object] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                self._answer()

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    owner.requests.append(json.loads(raw or b"null"))
                except ValueError:
                    owner.requests.append(raw)
                self._answer()

            def _answer(self) -> None:
                route = owner.routes.get(self.path.split("?")[0])
                if route is None:
                    route = (404, b'{"error": {"message": "no such thing"}}')
                if isinstance(route, tuple):
                    status, body = route
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                try:
                    for chunk in route:
                        if isinstance(chunk, float):
                            time.sleep(chunk)
                        else:
                            self.wfile.write(chunk)
                            self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    pass
                self.close_connection = True

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> "HostileServer":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()


def models_route(*ids: str, owned_by: str = "someone") -> tuple[int, bytes]:
    return 200, json.dumps({"object": "list", "data": [{"id": i, "object": "model", "owned_by": owned_by}
                                                       for i in ids]}).encode()


def sse(*events: object) -> list[bytes]:
    """Server-sent events: dicts as JSON ``data:`` lines, strings as they are."""
    return [(f"data: {json.dumps(e)}\n\n" if isinstance(e, dict) else e).encode() for e in events]


async def post(port: int, body: dict, path: str = "/v1/chat/completions") -> tuple[int, dict]:
    """One HTTP/1.1 POST on its own connection to 127.0.0.1, read to the end: (status, JSON)."""
    import asyncio

    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    data = json.dumps(body).encode()
    writer.write(f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                 f"Connection: close\r\nContent-Length: {len(data)}\r\n\r\n".encode() + data)
    await writer.drain()
    raw = await reader.read()
    writer.close()
    head, _, payload = raw.partition(b"\r\n\r\n")
    return int(head.split()[1]), json.loads(payload)


async def flood(port: int, bodies: list[dict]) -> list[tuple[int, dict]]:
    """All of ``bodies`` at once, one connection each; results in the same order."""
    import asyncio

    return await asyncio.gather(*(post(port, body) for body in bodies))
