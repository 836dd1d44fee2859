"""``hearth bench``: how fast the engine is, as a user sees it and as llama.cpp counts it.

All figures come from one process, one model and one thread count, measured side by side:

- ``prompt_tok_s``: prompt evaluation, from wall time of a fresh ~500-token prompt.
- ``decode_tok_s``: tokens per second of the answer as it streams out of the engine
  (sampling, detokenising and the Python loop included).
- ``c_decode_tok_s``: llama.cpp's own decode counters over the same tokens.
- ``decode_ratio``: ``decode_tok_s / c_decode_tok_s`` (1.0 would mean Python costs nothing).
- ``ttft_ms``: time to first token of a fresh conversation; ``ttft_turn2_ms`` and
  ``ttft_turn10_ms`` from a 10-turn conversation (the KV cache prefix is reused);
  each the median of three runs of that conversation.
- ``decode_ratio_with_probs``: decode tok/s with the next-token inspector on (5 alternatives per
  token) ÷ off, the same prompt and greedy tokens, rounds alternating (median of 3 each);
  ``probs_us_per_token``: what the inspector added per token.
"""

from __future__ import annotations

import statistics
from typing import Any

from app.engine.llama import LlamaEngine
from app.engine.params import LoadParams, SamplingParams
from app.engine.types import ChatMessage, ChatOptions

_LONG_PROMPT = (
    "Here is a passage. Summarise it in one sentence.\n\n"
    + " ".join(f"The {i}th lantern of the harbour was lit at dusk by the keeper, who counted the ships"
               " returning from the northern banks and wrote their names in a ledger." for i in range(1, 17))
)
_STORY = "Write a long, detailed story about a lighthouse keeper and a storm. Do not stop early."
# Questions of similar length, so turn 2 and turn 10 differ only in how much history precedes them.
_TURNS = [
    "Hi! Can you help me plan a small vegetable garden?",
    "What should I plant first in spring?",
    "How often should I water tomatoes?",
    "And what about carrots?",
    "Which plants grow well together?",
    "How do I keep snails away?",
    "Is compost worth making myself?",
    "What about mulch?",
    "When do I harvest the beans?",
    "How should I store the harvest?",
]


def run_bench(model_path: str, threads: int = 0, decode_tokens: int = 256, n_ctx: int = 4096,
              on_progress=None, kv_type: str = "f16") -> dict[str, Any]:
    """Measure the engine on ``model_path``; returns the figures described in the module doc."""
    say = on_progress or (lambda _msg: None)
    engine = LlamaEngine()
    info = engine.load(LoadParams(model_path=model_path, n_ctx=n_ctx, n_threads=threads, kv_type=kv_type))
    sink = lambda _text: None  # noqa: E731

    say("prompt evaluation")
    engine.reset_cache()
    prompt_msgs = [ChatMessage("user", _LONG_PROMPT)]
    stats = engine.generate(prompt_msgs, SamplingParams(temperature=0, max_tokens=1), sink)
    prompt_tok_s = stats.prompt_tokens_evaluated / max(stats.prompt_ms / 1000, 1e-9)

    decode = {}
    for label, params in (("", info.default_sampling.replace(seed=1234, max_tokens=decode_tokens)),
                          ("_greedy", SamplingParams(temperature=0, repeat_penalty=1.0,
                                                     max_tokens=decode_tokens))):
        say(f"decode{label or ' (model default sampling)'}")
        tokens = 0
        wall = 0.0
        engine.reset_cache()
        engine.reset_perf()
        c_before = engine.perf_counters()
        attempts = 0
        while tokens < decode_tokens and attempts < 8:
            attempts += 1
            engine.reset_cache()
            s = engine.generate([ChatMessage("user", _STORY)], params.replace(max_tokens=decode_tokens - tokens),
                                sink)
            # decode_ms spans (completion_tokens - 1) decode steps: the same steps llama.cpp counts.
            tokens += max(s.completion_tokens - 1, 0)
            wall += s.decode_ms / 1000
        c = engine.perf_counters()
        n_eval = c["n_eval"] - c_before["n_eval"]
        t_eval = (c["t_eval_ms"] - c_before["t_eval_ms"]) / 1000
        user = tokens / wall if wall else 0.0
        c_rate = n_eval / t_eval if t_eval else 0.0
        decode[f"decode_tok_s{label}"] = user
        decode[f"c_decode_tok_s{label}"] = c_rate
        decode[f"decode_ratio{label}"] = user / c_rate if c_rate else 0.0
        decode[f"decode_tokens{label}"] = tokens

    say("decode with the next-token inspector on and off (3 rounds each)")
    rates: dict[bool, list[float]] = {False: [], True: []}
    greedy = SamplingParams(temperature=0, repeat_penalty=1.0, max_tokens=decode_tokens)
    for _ in range(3):
        for inspect in (False, True):
            engine.reset_cache()
            s = engine.generate([ChatMessage("user", _STORY)], greedy, sink,
                                options=ChatOptions(top_probs=5 if inspect else 0))
            rates[inspect].append(s.decode_tok_s)
    off, on = statistics.median(rates[False]), statistics.median(rates[True])
    decode["decode_ratio_with_probs"] = on / off if off else 0.0
    decode["probs_us_per_token"] = (1 / on - 1 / off) * 1e6 if on and off else 0.0

    say("10-turn conversation (3 rounds)")
    rounds = [_conversation(engine) for _ in range(3)]
    ttfts = [statistics.median(r[0][i] for r in rounds) for i in range(len(_TURNS))]
    evaluated = rounds[0][1]
    engine.unload()
    return {
        "model": info.name,
        "model_path": info.path,
        "backend": info.backend_label,
        "threads": info.n_threads,
        "threads_batch": info.n_threads_batch,
        "kv_type": info.kv_type,
        "prompt_tokens": stats.prompt_tokens_evaluated,
        "prompt_tok_s": prompt_tok_s,
        **decode,
        "ttft_ms": ttfts[0],
        "ttft_turn2_ms": ttfts[1],
        "ttft_turn10_ms": ttfts[9],
        "turn10_vs_turn2": ttfts[9] / ttfts[1] if ttfts[1] else 0.0,
        "prompt_tokens_evaluated_per_turn": evaluated,
    }


def _conversation(engine: LlamaEngine) -> tuple[list[float], list[int]]:
    """One 10-turn chat from an empty cache: time to first token and tokens evaluated per turn."""
    engine.reset_cache()
    history: list[ChatMessage] = []
    ttfts: list[float] = []
    evaluated: list[int] = []
    for turn in _TURNS:
        history.append(ChatMessage("user", turn))
        parts: list[str] = []
        s = engine.generate(history, SamplingParams(temperature=0, max_tokens=48), parts.append)
        ttfts.append(s.ttft_ms)
        evaluated.append(s.prompt_tokens_evaluated)
        history.append(ChatMessage("assistant", "".join(parts)))
    return ttfts, evaluated


def format_report(result: dict[str, Any]) -> str:
    lines = [f"{result['model']} · {result['backend']}"]
    for key, value in result.items():
        if key in ("model", "model_path", "backend"):
            continue
        if isinstance(value, float):
            value = f"{value:.3f}" if "ratio" in key or "vs" in key else f"{value:.1f}"
        lines.append(f"  {key:<34} {value}")
    return "\n".join(lines)
