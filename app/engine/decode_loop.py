"""The decode loop: sample a token, hand its text on, feed it back to the model, repeat.

A few ctypes calls per token around llama.cpp's C sampler chain and ``llama_decode``, with a
reused one-token batch and an incremental UTF-8 decoder, so Python's share of each token stays
small (``hearth bench``'s ``decode_ratio``). With the next-token inspector on, each token's
distribution is read from the logits buffer before the next decode overwrites it. When the
answer fills the context, ``shift`` may make room (the chat's window moves) and the loop goes on.

With prompt lookup (:mod:`app.engine.prompt_lookup`), a token is fed back together with a draft
of the tokens expected after it, in one batch with logits at every position; the sampler then
picks the following tokens one by one from those rows, as it would have after single decodes,
for as long as they match the draft. The first mismatch is the next token; the cache entries of
the rest of the draft are removed. The answer is the same; only the number of decode calls falls.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable

import llama_cpp

from app.engine import llama_log
from app.engine.answer_stream import AnswerStream
from app.engine.errors import GenerationError
from model_store.texts import QT_TRANSLATE_NOOP, Sentence
from app.engine.inspector import TokenChoice, TokenInspector
from app.engine.prompt_lookup import MAX_DRAFT, PromptLookup
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
    drafted: int = 0                     # prompt lookup: draft tokens checked, and accepted
    accepted: int = 0


def run_decode(ctx, vocab, sampler, kv: list[int], answer_start: int, stream: AnswerStream,
               specials: frozenset[int], decoder, piece, budget: int, cancel: CancelToken,
               inspector: TokenInspector | None, on_choice: ChoiceCallback | None,
               shift: Callable[[list[int]], tuple[int, int] | None] | None,
               lookup: PromptLookup | None = None) -> Decoded:
    """Generate until an end-of-generation token, a stop string, the budget, a cancel or a full
    context. ``kv`` (what the cache holds) grows as tokens are decoded. ``lookup`` (which must
    hold ``kv``'s tokens) turns on prompt-lookup drafting.

    Raises:
        GenerationError: llama.cpp failed to decode.
    """
    out = Decoded()
    n_ctx = llama_cpp.llama_n_ctx(ctx)
    token = (llama_cpp.llama_token * 1)()
    batch = llama_cpp.llama_batch_get_one(token, 1)
    sample, decode, is_eog = llama_cpp.llama_sampler_sample, llama_cpp.llama_decode, llama_cpp.llama_vocab_is_eog
    to_piece, feed, sampled = llama_cpp.llama_token_to_piece, stream.feed, out.sampled
    drafts = _DraftBatch(ctx) if lookup is not None else None

    def emit(tok: int) -> str:
        """Hand one sampled token on; the reason to stop after it, or ""."""
        if inspector is not None:
            choice = inspector.choice(inspector.row(llama_cpp.llama_get_logits_ith(ctx, -1)), tok,
                                      stream.in_reasoning)
            out.chosen.append(choice)
            if on_choice is not None:
                on_choice(choice)
        sampled.append(tok)
        size = to_piece(vocab, tok, piece, 256, 0, tok in specials)
        text = decoder.decode(piece.raw[:size]) if size > 0 else ""
        if text:
            if not out.first_text:
                out.first_text = time.perf_counter()
            if feed(text):
                return "stop_string"
        if len(sampled) >= budget:
            return "length"
        if cancel.cancelled:
            return "cancelled"
        return ""

    def failed(rc: int) -> GenerationError:
        return GenerationError(Sentence(QT_TRANSLATE_NOOP(
            "model_store", "The model stopped unexpectedly while writing the answer "
            "(llama.cpp error {code}). Try again, or start a new chat."), code=rc),
                               detail="\n".join(llama_log.recent(10)))

    try:
        tok = sample(sampler, ctx, -1)
        while True:
            out.last = time.perf_counter()
            if not out.first:
                out.first = out.last
            if is_eog(vocab, tok):
                break
            reason = emit(tok)
            if reason:
                out.reason = reason
                break
            if len(kv) + 1 >= n_ctx:
                moved = shift(kv[answer_start:] + [tok]) if shift is not None else None
                if moved is None:
                    out.reason = "cancelled" if cancel.cancelled else "context_full"
                    break
                answer_start, out.dropped = moved
                if lookup is not None:
                    lookup = PromptLookup(kv)
                tok = sample(sampler, ctx, -1)
                continue
            draft: list[int] = []
            if lookup is not None:
                lookup.append(tok)
                draft = lookup.propose(min(budget - len(sampled) - 1, n_ctx - len(kv) - 2))
            if not draft:
                token[0] = tok
                rc = decode(ctx, batch)
                if rc != 0:
                    raise failed(rc)
                kv.append(tok)
                tok = sample(sampler, ctx, -1)
                continue
            tok, reason = _check_draft(drafts, lookup, tok, draft, kv, out, sample, sampler, ctx, vocab, is_eog,
                                       emit, failed)
            if reason:
                out.reason = reason if reason != "eog" else "stop"
                break
    finally:
        if drafts is not None:
            drafts.free()
    return out


def _check_draft(drafts: "_DraftBatch", lookup: PromptLookup, tok: int, draft: list[int], kv: list[int],
                 out: Decoded, sample, sampler, ctx, vocab, is_eog, emit, failed) -> tuple[int, str]:
    """Decode ``tok`` and ``draft`` in one batch, and sample along the draft while it matches.

    Returns the next token (sampled, not yet decoded) and a reason to stop ("" to go on; "eog"
    for an end-of-generation token). ``kv`` and the cache end up holding exactly the tokens
    single decodes would have fed back.
    """
    base = len(kv)
    rc = drafts.decode([tok, *draft], base)
    if rc != 0:
        raise failed(rc)
    kv.extend([tok, *draft])
    keep = base + 1 + len(draft)
    next_tok, reason, accepted = -1, "", 0
    for i, guess in enumerate(draft):
        got = sample(sampler, ctx, i)
        out.last = time.perf_counter()
        if got != guess:
            keep, next_tok = base + 1 + i, got
            break
        accepted += 1
        lookup.append(got)
        if is_eog(vocab, got):
            keep, reason = base + 1 + i, "eog"
            break
        reason = emit(got)
        if reason:
            keep = base + 1 + i
            break
    else:
        next_tok = sample(sampler, ctx, len(draft))
    out.drafted += len(draft)
    out.accepted += accepted
    lookup.result(len(draft), accepted)
    if keep < len(kv):
        llama_cpp.llama_memory_seq_rm(llama_cpp.llama_get_memory(ctx), 0, keep, -1)
        del kv[keep:]
    return next_tok, reason


class _DraftBatch:
    """A reusable batch for a token and its draft, with logits at every position."""

    def __init__(self, ctx) -> None:
        self._ctx = ctx
        self._batch = llama_cpp.llama_batch_init(MAX_DRAFT + 1, 0, 1)

    def decode(self, tokens: list[int], start: int) -> int:
        b = self._batch
        for i, tok in enumerate(tokens):
            b.token[i] = tok
            b.pos[i] = start + i
            b.n_seq_id[i] = 1
            b.seq_id[i][0] = 0
            b.logits[i] = 1
        b.n_tokens = len(tokens)
        return llama_cpp.llama_decode(self._ctx, b)

    def free(self) -> None:
        llama_cpp.llama_batch_free(self._batch)
