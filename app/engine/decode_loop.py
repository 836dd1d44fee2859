"""The decode loop: sample a token, hand its text on, feed it back to the model, repeat.

A few ctypes calls per token around llama.cpp's C sampler chain and ``llama_decode``, with a
reused one-token batch and an incremental UTF-8 decoder, so Python's share of each token stays
small (``hearth bench``'s ``decode_ratio``). With the next-token inspector on, each token's
distribution is read from the logits buffer before the next decode overwrites it. When the
answer fills the context, ``shift`` may make room (the chat's window moves) and the loop goes on.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable

import llama_cpp

from app.engine import llama_log
from app.engine.answer_stream import AnswerStream
from app.engine.errors import GenerationError
from app.engine.inspector import TokenChoice, TokenInspector
from app.engine.types import CancelToken, ChoiceCallback


@dataclass
class Decoded:
    """What one run of the loop produced."""

    reason: str = "stop"                 # "stop", "stop_string", "length", "cancelled", "context_full"
    sampled: list[int] = field(default_factory=list)
    chosen: list[TokenChoice] = field(default_factory=list)  # with the inspector on
    first: float = 0.0                   # perf_counter() of the first and the last sample
    last: float = 0.0
    first_text: float = 0.0              # perf_counter() when the first text went out
    dropped: int = -1                    # messages left out by the last window move (-1: none moved)


def run_decode(ctx, vocab, sampler, kv: list[int], answer_start: int, stream: AnswerStream,
               specials: frozenset[int], decoder, piece, budget: int, cancel: CancelToken,
               inspector: TokenInspector | None, on_choice: ChoiceCallback | None,
               shift: Callable[[list[int]], tuple[int, int] | None] | None) -> Decoded:
    """Generate until an end-of-generation token, a stop string, the budget, a cancel or a full
    context. ``kv`` (what the cache holds) grows as tokens are decoded.

    Raises:
        GenerationError: llama.cpp failed to decode.
    """
    out = Decoded()
    n_ctx = llama_cpp.llama_n_ctx(ctx)
    token = (llama_cpp.llama_token * 1)()
    batch = llama_cpp.llama_batch_get_one(token, 1)
    sample, decode, is_eog = llama_cpp.llama_sampler_sample, llama_cpp.llama_decode, llama_cpp.llama_vocab_is_eog
    to_piece, feed, sampled = llama_cpp.llama_token_to_piece, stream.feed, out.sampled
    n = 0
    while True:
        tok = sample(sampler, ctx, -1)
        out.last = time.perf_counter()
        if n == 0:
            out.first = out.last
        if is_eog(vocab, tok):
            break
        if inspector is not None:
            choice = inspector.choice(inspector.row(llama_cpp.llama_get_logits_ith(ctx, -1)), tok,
                                      stream.in_reasoning)
            out.chosen.append(choice)
            if on_choice is not None:
                on_choice(choice)
        sampled.append(tok)
        n += 1
        size = to_piece(vocab, tok, piece, 256, 0, tok in specials)
        text = decoder.decode(piece.raw[:size]) if size > 0 else ""
        if text:
            if not out.first_text:
                out.first_text = time.perf_counter()
            if feed(text):
                out.reason = "stop_string"
                break
        if n >= budget:
            out.reason = "length"
            break
        if cancel.cancelled:
            out.reason = "cancelled"
            break
        if len(kv) + 1 >= n_ctx:
            moved = shift(kv[answer_start:] + [tok]) if shift is not None else None
            if moved is None:
                out.reason = "cancelled" if cancel.cancelled else "context_full"
                break
            answer_start, out.dropped = moved
            continue
        token[0] = tok
        rc = decode(ctx, batch)
        if rc != 0:
            raise GenerationError(
                "The model stopped unexpectedly while writing the answer "
                f"(llama.cpp error {rc}). Try again, or start a new chat.",
                detail="\n".join(llama_log.recent(10)))
        kv.append(tok)
    return out
