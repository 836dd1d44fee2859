"""Remote engines without a network: request bodies per server kind, the event-stream reader,
model paths, the registry of engines and their keys, and the router between local and remote."""

from __future__ import annotations

import os
import stat

import pytest

from app.engine.errors import GenerationError, InvalidParameterError, ModelLoadError
from app.engine.params import LoadParams, SamplingParams
from app.engine.remote import (
    DIALECTS, OPENAI, RemoteEngine, _context_length, parse_remote_path, remote_path,
)
from app.engine.remote_http import Events, check_url
from app.engine.router import EngineRouter
from app.engine.types import ChatMessage, ChatOptions, GenerationStats, ModelInfo
from app.keychain import delete_secret, load_secret, save_secret
from app.remotes import Remote, Remotes
from app.settings import AppSettings


class Lines:
    """A streamed HTTP response: its lines, then possibly a broken connection."""

    def __init__(self, lines: list[str], error: Exception | None = None) -> None:
        self.lines, self.error, self.closed = lines, error, False

    def iter_lines(self, decode_unicode: bool = False):
        for line in self.lines:
            yield line.encode()
        if self.error is not None:
            raise self.error

    def close(self) -> None:
        self.closed = True


def engine(dialect=OPENAI) -> RemoteEngine:
    e = RemoteEngine("box", "http://box:8000")
    e.dialect, e._model = dialect, "m"
    return e


def test_paths_name_the_engine_and_keep_slashes_in_model_ids():
    path = remote_path("GPU box", "Qwen/Qwen3-235B-A22B")
    assert path == "remote:GPU box/Qwen/Qwen3-235B-A22B"
    assert parse_remote_path(path) == ("GPU box", "Qwen/Qwen3-235B-A22B")
    assert parse_remote_path("/models/a.gguf") is None


@pytest.mark.parametrize("url,base", [("http://box:8000", "http://box:8000/v1"), ("https://h/v1/", "https://h/v1"),
                                      (" http://10.0.0.2:11434 ", "http://10.0.0.2:11434/v1")])
def test_addresses_become_api_bases(url, base):
    assert check_url(url) == base


@pytest.mark.parametrize("url", ["box:8000", "ftp://box", "", "http://"])
def test_non_http_addresses_are_refused_with_a_sentence(url):
    with pytest.raises(InvalidParameterError, match="not a server address"):
        check_url(url)


def test_openai_servers_get_only_openai_fields():
    body = engine().body([ChatMessage("user", "hi")], SamplingParams(top_k=7, min_p=0.2, seed=3, stop=("x",)), None)
    assert body["temperature"] == 0.7 and body["seed"] == 3 and body["stop"] == ["x"]
    assert "top_k" not in body and "min_p" not in body and "repeat_penalty" not in body
    assert body["stream"] is True and body["stream_options"] == {"include_usage": True}


def test_llama_servers_get_llama_fields_and_vllm_its_own_names():
    params = SamplingParams(top_k=7, min_p=0.2, repeat_penalty=1.1)
    llama = engine(DIALECTS["llamacpp"]).body([ChatMessage("user", "hi")], params, ChatOptions(thinking="off"))
    assert (llama["top_k"], llama["min_p"], llama["repeat_penalty"]) == (7, 0.2, 1.1)
    assert llama["chat_template_kwargs"] == {"enable_thinking": False}
    vllm = engine(DIALECTS["vllm"]).body([ChatMessage("user", "hi")], params, None)
    assert vllm["repetition_penalty"] == 1.1 and "repeat_penalty" not in vllm


def test_random_seed_and_no_limit_are_left_out_and_reasoning_goes_back():
    body = engine().body([ChatMessage("assistant", "4", reasoning="2+2")], SamplingParams(seed=-1, max_tokens=0),
                         ChatOptions(thinking="high"))
    assert "seed" not in body and "max_tokens" not in body
    assert body["reasoning_effort"] == "high"
    assert body["messages"] == [{"role": "assistant", "content": "4", "reasoning_content": "2+2"}]


def test_context_length_is_read_where_servers_tell_it():
    assert _context_length({"max_model_len": 32768}) == 32768
    assert _context_length({"meta": {"n_ctx_train": 8192}}) == 8192
    assert _context_length({"meta": "odd"}) == 0 and _context_length({}) == 0


def test_event_stream_skips_comments_and_other_fields_and_ends_at_done():
    lines = [": keep-alive", "event: message", 'data: {"choices": []}', "", "id: 3", 'data:{"a": 1}',
             "data: [DONE]", 'data: {"after": true}']
    assert list(Events(Lines(lines), "box")) == [{"choices": []}, {"a": 1}]


def test_garbage_in_the_stream_is_a_sentence():
    with pytest.raises(GenerationError, match="not an OpenAI stream"):
        list(Events(Lines(['data: {"choices": []}', "data: <html>oops"]), "box"))


def test_an_error_event_is_told():
    with pytest.raises(GenerationError, match="out of memory"):
        list(Events(Lines(['data: {"error": {"message": "out of memory"}}']), "box"))


def test_a_broken_connection_keeps_what_arrived():
    import requests

    got = []
    with pytest.raises(GenerationError, match="dropped") as info:
        for event in Events(Lines(['data: {"n": 1}'], requests.exceptions.ChunkedEncodingError("eof")), "box"):
            got.append(event)
    assert got == [{"n": 1}] and "kept" in info.value.message


def _stream(engine: RemoteEngine, lines: list[str]):
    """Run ``generate`` on a scripted stream; returns (text, thinking, stats, response)."""
    response = Lines(lines)
    engine.info = ModelInfo(path="remote:box/m", name="m", remote="box:8000")
    engine.client.stream_chat = lambda body: response  # type: ignore[method-assign]
    text, thought = [], []
    stats = engine.generate([ChatMessage("user", "hi")], SamplingParams(), text.append, on_reasoning=thought.append)
    return "".join(text), "".join(thought), stats, response


def _chunk(**delta) -> str:
    import json

    return "data: " + json.dumps({"choices": [{"delta": delta, "finish_reason": delta.pop("finish", None)}]})


def test_thinking_arrives_as_reasoning_content_reasoning_or_tags():
    text, thought, stats, response = _stream(engine(), [
        _chunk(reasoning_content="Let me "), _chunk(reasoning="see."), _chunk(content="<think>more</think>"),
        _chunk(content="Four.", finish="stop"), "data: [DONE]"])
    assert thought == "Let me see.more" and text == "Four."
    assert stats.finish_reason == "stop" and response.closed
    assert stats.completion_tokens == 4  # no usage from this server: the pieces are counted


def test_usage_is_taken_when_the_server_sends_it():
    text, _, stats, _ = _stream(engine(), [_chunk(content="Hi"), _chunk(content="!", finish="length"),
                                           'data: {"choices": [], "usage": {"prompt_tokens": 9, '
                                           '"completion_tokens": 2}}', "data: [DONE]"])
    assert text == "Hi!" and (stats.prompt_tokens, stats.completion_tokens, stats.finish_reason) == (9, 2, "length")


def test_stop_strings_end_the_answer_and_close_the_connection():
    e = engine()
    e.info = ModelInfo(path="remote:box/m", name="m")
    response = Lines([_chunk(content="one two"), _chunk(content=" STOP three"), _chunk(content="never")])
    e.client.stream_chat = lambda body: response  # type: ignore[method-assign]
    text: list[str] = []
    stats = e.generate([ChatMessage("user", "hi")], SamplingParams(stop=("STOP",)), text.append)
    assert "".join(text) == "one two " and stats.finish_reason == "stop_string" and response.closed


def test_a_stream_that_just_stops_is_a_cut_answer_not_a_finished_one():
    e = engine()
    e.info = ModelInfo(path="remote:box/m", name="m")
    response = Lines([_chunk(content="Half an")])
    e.client.stream_chat = lambda body: response  # type: ignore[method-assign]
    text: list[str] = []
    with pytest.raises(GenerationError, match="ended before the answer did"):
        e.generate([ChatMessage("user", "hi")], SamplingParams(), text.append)
    assert text == ["Half an"]


def test_continuing_an_answer_needs_a_local_model():
    e = engine()
    e.info = ModelInfo(path="remote:box/m", name="m")
    with pytest.raises(InvalidParameterError, match="this computer"):
        e.generate([ChatMessage("user", "hi")], SamplingParams(), lambda t: None, prefix="Once upon")


# -- the registry and the keychain ------------------------------------------------------------


def test_remotes_are_checked_kept_and_removed_with_their_keys(tmp_path):
    settings = AppSettings()
    remotes = Remotes(settings)
    remote = remotes.check("  GPU   box ", "http://gpu:8000/")
    assert remote == Remote("GPU box", "http://gpu:8000")
    assert remotes.add(remote, "sk-secret") == "file"  # tests never use a real keychain
    assert remotes.key("GPU box") == "sk-secret" and settings.remotes == [{"name": "GPU box", "url": "http://gpu:8000"}]
    with pytest.raises(InvalidParameterError, match="already"):
        remotes.check("GPU box", "http://other:1")
    for bad in ("", "a/b", "x" * 41):
        with pytest.raises(InvalidParameterError):
            remotes.check(bad, "http://gpu:8000")
    remotes.confirm("GPU box")
    assert remotes.confirmed("GPU box") and AppSettings.read().remotes_confirmed == ["GPU box"]
    remotes.set_key("GPU box", "sk-new")
    assert remotes.key("GPU box") == "sk-new"
    engine = remotes.engine_for("remote:GPU box/some/model")
    assert engine.client._headers == {"Authorization": "Bearer sk-new"}
    remotes.remove("GPU box")
    assert remotes.all() == [] and remotes.key("GPU box") is None and not remotes.confirmed("GPU box")
    with pytest.raises(ModelLoadError, match="Add it again"):
        remotes.engine_for("remote:GPU box/some/model")


def test_secrets_file_is_private_and_survives_garbage():
    save_secret("a", "1")
    save_secret("b", "2")
    from app import paths

    path = paths.data_dir() / "secrets.json"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert load_secret("a") == "1"
    delete_secret("a")
    assert load_secret("a") is None and load_secret("b") == "2"
    path.write_text("{not json", encoding="utf-8")
    assert load_secret("b") is None
    save_secret("c", "3")
    assert load_secret("c") == "3"


def test_settings_drop_malformed_remotes(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text('{"remotes": [{"name": "ok", "url": "http://a:1"}, {"name": 3}, "x"], '
                    '"remotes_confirmed": "all", "server_port": 99999}', encoding="utf-8")
    settings = AppSettings.read(path)
    assert settings.remotes == [{"name": "ok", "url": "http://a:1"}]
    assert settings.remotes_confirmed == [] and settings.server_port == 8080


# -- the router ----------------------------------------------------------------------------


class Recorder:
    def __init__(self, name: str) -> None:
        self.name, self.info, self.last_answer, self.calls = name, None, [], []

    def load(self, params, progress=None):
        self.calls.append("load")
        self.info = ModelInfo(path=params.model_path, name=self.name)
        return self.info

    def unload(self):
        self.calls.append("unload")
        self.info = None

    def generate(self, messages, params, on_text, cancel=None, **kwargs):
        on_text(self.name)
        return GenerationStats()

    def forget_state(self, chat):
        self.calls.append(f"forget {chat}")


def test_router_sends_files_here_and_remote_paths_there_freeing_the_other():
    local, remote = Recorder("local"), Recorder("remote")
    router = EngineRouter(lambda: local, lambda path: remote)
    assert router.load(LoadParams(model_path="/m.gguf")).name == "local"
    router.load(LoadParams(model_path="remote:box/m"))
    assert router.info.name == "remote" and local.calls == ["load", "unload"]
    out: list[str] = []
    router.generate([], SamplingParams(), out.append)
    router.forget_state("7")  # saved KV caches belong to the local engine
    assert out == ["remote"] and local.calls[-1] == "forget 7"
    router.load(LoadParams(model_path="/m.gguf"))
    assert remote.calls[-1] == "unload" and router.info.name == "local"


def test_router_without_remotes_says_so():
    router = EngineRouter(lambda: Recorder("local"))
    with pytest.raises(ModelLoadError, match="not available"):
        router.load(LoadParams(model_path="remote:box/m"))
