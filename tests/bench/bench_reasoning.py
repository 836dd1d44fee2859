"""What the reasoning parser costs per streamed token.

    python -m tests.bench.bench_reasoning [--repeat 7]

A 4,000-token reasoning + 1,000-token answer stream (word-sized pieces, with the format's
markers as their own tokens and an occasional ``<`` in the text, as code and Markdown have) goes
through ``ReasoningParser.feed`` one piece at a time, for no format, ``<think>`` tags and gpt-oss
Harmony. Printed beside it: a plain loop that only hands each piece on, the floor any per-token
work sits on. The engine decodes 100-200 tokens/s, i.e. 5,000-10,000 µs per token.
"""

from __future__ import annotations

import argparse
import random
import time

from app.engine.reasoning import HARMONY, THINK_TAGS, ReasoningFormat, ReasoningParser

_WORDS = ("the", "capital", "of", "France", "is", "Paris", "so", "user", "asks", "let", "me", "check", "a", "b",
          "which", "means", "answer", "wait", "first", "then", "code", "x", "=", "1", ",", ".", ":", "**")


def _text(rng: random.Random, n: int) -> list[str]:
    pieces = []
    for i in range(n):
        if i % 97 == 96:
            pieces.append(" <")          # "a < b", "<br>": the slow path must stay cheap too
        elif i % 41 == 40:
            pieces.append("\n\n" if i % 2 else "\n")
        else:
            pieces.append(" " + rng.choice(_WORDS))
    return pieces


def stream(fmt: ReasoningFormat | None, reasoning: int = 4000, answer: int = 1000) -> list[str]:
    """The token pieces of one answer in ``fmt`` (reasoning then answer; no markers without a format)."""
    rng = random.Random(7)
    think, reply = _text(rng, reasoning), _text(rng, answer)
    if fmt is None:
        return think + reply
    if fmt.kind == "harmony":
        return (["<|channel|>", "analysis", "<|message|>", *think, "<|end|>", "<|start|>", "assistant",
                 "<|channel|>", "final", "<|message|>", *reply])
    return [fmt.open, "\n", *think, "\n", fmt.close, "\n\n", *reply]


def time_parser(fmt: ReasoningFormat | None, pieces: list[str], repeat: int) -> float:
    """Best seconds over ``repeat`` runs to feed every piece and finish."""
    best = float("inf")
    for _ in range(repeat):
        parser = ReasoningParser(fmt)
        feed = parser.feed
        start = time.perf_counter()
        for piece in pieces:
            feed(piece)
        parser.finish()
        best = min(best, time.perf_counter() - start)
    return best


def time_plain(pieces: list[str], repeat: int) -> float:
    """Best seconds over ``repeat`` runs of a loop that hands each piece on and does nothing else."""
    best = float("inf")
    for _ in range(repeat):
        out: list[str] = []
        put = out.append
        start = time.perf_counter()
        for piece in pieces:
            put(piece)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    print(f"{'stream':28s} {'tokens':>7s} {'plain µs/token':>15s} {'parser µs/token':>16s} {'ratio':>6s}")
    for label, fmt in (("no format", None), ("<think> tags", THINK_TAGS), ("gpt-oss Harmony", HARMONY)):
        pieces = stream(fmt)
        plain = time_plain(pieces, args.repeat) / len(pieces) * 1e6
        cost = time_parser(fmt, pieces, args.repeat) / len(pieces) * 1e6
        print(f"{label:28s} {len(pieces):7d} {plain:15.3f} {cost:16.3f} {cost / plain:6.1f}")


if __name__ == "__main__":
    main()
