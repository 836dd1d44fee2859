"""The local server's edges, on the scripted fake engine (no model needed).

Where it may listen, how large a request may be, and what requests in flight see when the
engine thread or the server stops: an answer or a refusal, never a request left waiting forever.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time

import openai
import pytest

from app.engine.errors import HearthError, InvalidParameterError
from app.engine.fake import FakeEngine
from app.engine.host import EngineThread
from app.engine.params import LoadParams
from app.server import runner
from app.server.api import MAX_BODY_BYTES, create_app
from app.server.engine_door import EngineDoor
from app.server.runner import ApiServer, ServerConfig, check_listen
from tests.integration.api_server import client, free_port, serving, wait_until

QUESTION = [{"role": "user", "content": "hello there"}]


@pytest.fixture
def fake_thread():
    engine = FakeEngine(token_delay=0.01)
    thread = EngineThread(lambda: engine)
    loaded = threading.Event()
    thread.submit(lambda t: (t.engine.load(LoadParams(model_path="fake:model")), loaded.set()))
    assert loaded.wait(5)
    yield thread
    thread.stop(5)


def hold(thread: EngineThread) -> threading.Event:
    started, release = threading.Event(), threading.Event()
    thread.submit(lambda _t: (started.set(), release.wait(10)), client="gui")
    assert started.wait(5)
    return release


def in_background(call) -> tuple[threading.Thread, list[object]]:
    """Run ``call`` in a thread; returns the thread and a list that receives its result or error."""
    outcome: list[object] = []

    def run():
        try:
            outcome.append(call())
        except BaseException as exc:  # noqa: BLE001 - looked at by the test
            outcome.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    return worker, outcome


def test_network_addresses_need_an_api_key():
    port = free_port()
    with pytest.raises(InvalidParameterError) as caught:
        check_listen(ServerConfig(host="0.0.0.0", port=port))
    assert "API key" in str(caught.value) and "0.0.0.0" in str(caught.value)
    check_listen(ServerConfig(host="0.0.0.0", port=port, api_key="a-long-random-key"))
    for local in ("127.0.0.1", "localhost", "::1"):
        try:
            check_listen(ServerConfig(host=local, port=free_port()))
        except HearthError as exc:  # a machine without IPv6 cannot bind ::1 at all
            assert local == "::1", exc


def test_a_network_server_without_a_key_never_listens(fake_thread):
    port = free_port()
    with pytest.raises(InvalidParameterError):
        ApiServer(EngineDoor(fake_thread), ServerConfig(host="0.0.0.0", port=port)).start()
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0


def test_bad_ports_and_busy_ports_are_refused_with_a_sentence():
    for port in (0, 70000):
        with pytest.raises(InvalidParameterError) as caught:
            check_listen(ServerConfig(port=port))
        assert str(port) in str(caught.value)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(HearthError) as caught:
            check_listen(ServerConfig(port=port))
    assert str(port) in str(caught.value) and "another port" in str(caught.value)


def test_a_waiting_request_is_refused_when_the_engine_thread_stops(fake_thread):
    """A request still queued when the thread stops is told so (503), not left hanging."""
    door = EngineDoor(fake_thread)
    with serving(door) as config:
        release = hold(fake_thread)
        worker, outcome = in_background(
            lambda: client(config).chat.completions.create(model="", messages=QUESTION))
        wait_until(lambda: fake_thread.pending() == 1 and door.in_flight == 1)
        threading.Timer(0.1, release.set).start()
        assert fake_thread.stop(5)
        worker.join(5)
        assert outcome, "the request was left waiting"
        outcome = outcome[0]
        assert isinstance(outcome, openai.InternalServerError), outcome
        assert outcome.status_code == 503 and outcome.code == "shutting_down"
        assert door.in_flight == 0


def test_requests_are_refused_once_the_thread_is_finishing(fake_thread):
    door = EngineDoor(fake_thread)
    with serving(door) as config:
        api = client(config)
        assert api.chat.completions.create(model="", messages=QUESTION).choices[0].message.content
        release = hold(fake_thread)
        ender = threading.Thread(target=fake_thread.run_and_stop, args=(lambda _t: None, 10))
        ender.start()
        wait_until(lambda: not _accepts(fake_thread), timeout=2)  # at once, not when it times out
        with pytest.raises(openai.InternalServerError) as caught:
            api.chat.completions.create(model="", messages=QUESTION)
        assert caught.value.status_code == 503 and caught.value.code == "shutting_down"
        release.set()
        ender.join(10)
        assert not fake_thread.alive


def _accepts(thread: EngineThread) -> bool:
    try:
        thread.submit(lambda _t: None, client="probe")
    except RuntimeError:
        return False
    return True


def test_stopping_the_server_cancels_an_answer_still_streaming(fake_thread, monkeypatch):
    """stop() returns within the grace period even while a client is reading a long answer,
    and the answer's generation is cancelled."""
    monkeypatch.setattr(runner, "STOP_GRACE_S", 0.5)
    engine = fake_thread.current
    engine.enqueue([f"w{i} " for i in range(2000)])  # 20 s of answer at 10 ms a token
    door = EngineDoor(fake_thread)
    server = ApiServer(door, ServerConfig(port=free_port()))
    server.start()
    config = server.config
    got: list[str] = []

    def read():
        for chunk in client(config).chat.completions.create(model="", messages=QUESTION, stream=True):
            if chunk.choices and chunk.choices[0].delta.content:
                got.append(chunk.choices[0].delta.content)

    worker, _ = in_background(read)
    wait_until(lambda: len(got) >= 3)
    started = time.monotonic()
    server.stop(timeout=10)
    assert time.monotonic() - started < 3 and not server.running
    wait_until(lambda: fake_thread.busy_client is None and door.in_flight == 0, timeout=2)
    assert len(engine.last_answer) < 2000
    worker.join(5)
    assert not worker.is_alive(), "the client was left reading"


def asgi_post(app, path: str, chunks: list[bytes], headers: list[tuple[bytes, bytes]]) -> tuple[int, dict]:
    """POST ``chunks`` to the ASGI app directly, as a server would hand them over."""
    incoming = [{"type": "http.request", "body": c, "more_body": i < len(chunks) - 1} for i, c in enumerate(chunks)]
    sent: list[dict] = []

    async def receive():
        return incoming.pop(0) if incoming else {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0", "spec_version": "2.3"}, "http_version": "1.1",
             "method": "POST", "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
             "root_path": "", "headers": headers, "client": ("127.0.0.1", 5000), "server": ("127.0.0.1", 80)}
    asyncio.run(app(scope, receive, send))
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return sent[0]["status"], json.loads(body)


def test_a_body_over_the_limit_is_refused_with_or_without_a_length(fake_thread):
    app = create_app(EngineDoor(fake_thread))
    megabyte = b"x" * 2**20
    chunks = [b'{"messages": [{"role": "user", "content": "'] + [megabyte] * 17 + [b'"}]}']
    status, body = asgi_post(app, "/v1/chat/completions", chunks, [(b"transfer-encoding", b"chunked")])
    assert status == 413 and body["error"]["code"] == "too_large"
    assert f"{MAX_BODY_BYTES // 2**20} MB" in body["error"]["message"]

    declared = [(b"content-length", str(MAX_BODY_BYTES + 1).encode())]
    status, body = asgi_post(app, "/v1/chat/completions", [b"{}"], declared)
    assert status == 413 and body["error"]["code"] == "too_large"

    small = [b'{"messages": [{"role": "user", "content": "hi"}], ', b'"max_tokens": 3}']
    status, body = asgi_post(app, "/v1/chat/completions", small, [(b"transfer-encoding", b"chunked")])
    assert status == 200 and body["usage"]["completion_tokens"] <= 3
