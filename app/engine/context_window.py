"""Which part of a long chat the model sees: the system prompt and the newest turns that fit.

A chat can outgrow the model's context. Rather than stop, Hearth keeps the system prompt and
leaves out the oldest turns, always starting the visible part at a user message (templates
expect a user turn first). Two things make this cheap for the KV cache:

* when turns must be dropped, enough are dropped to leave room for several more turns
  (the visible part shrinks to ``target`` tokens, not just under the limit), and
* the next call keeps the same first visible message (the *anchor*) for as long as it fits,

so the prompt's beginning stays identical turn after turn and llama.cpp reuses the cached
prefix until the window has to move again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from app.engine.errors import ContextOverflowError
from model_store.texts import QT_TRANSLATE_NOOP, Sentence
from app.engine.types import ChatMessage

TARGET_SHARE = 2 / 3  # after a move, the visible chat takes at most this share of the limit


@dataclass(frozen=True)
class Window:
    """The visible part of a conversation.

    Attributes:
        messages: What the model is given: leading system messages, then the newest turns.
        dropped: How many of the conversation's messages were left out (0: all of it is visible).
        tokens: The prompt's length in tokens for ``messages``.
        anchor: ``(index, message)`` of the first visible turn when turns were dropped, else None;
            pass it back on the next call to keep the window (and the cached prefix) in place.
    """

    messages: list[ChatMessage]
    dropped: int
    tokens: int
    anchor: tuple[int, ChatMessage] | None = None


def choose_window(messages: Sequence[ChatMessage], count: Callable[[Sequence[ChatMessage]], int],
                  limit: int, anchor: tuple[int, ChatMessage] | None = None, context: int = 0) -> Window:
    """Pick the messages to show the model so that their prompt takes at most ``limit`` tokens.

    Args:
        messages: The whole conversation (system messages first, the newest turn last).
        count: Tokens of the formatted prompt for a list of messages.
        limit: The most tokens the prompt may take (the context minus room for the answer).
        anchor: The previous window's anchor for this conversation, if any.
        context: The model's context size, for the sentence when nothing fits.

    Returns:
        The window; ``dropped == 0`` when the whole conversation fits.

    Raises:
        ContextOverflowError: even the system prompt and the last user turn alone do not fit.
    """
    messages = list(messages)
    total = count(messages)
    if total <= limit:
        return Window(messages, 0, total)
    head_len = 0
    while head_len < len(messages) and messages[head_len].role == "system":
        head_len += 1
    head, turns = messages[:head_len], messages[head_len:]
    starts = [i for i in range(1, len(turns)) if turns[i].role == "user"]
    if not starts:
        raise _overflow(total, context or limit)
    sizes: dict[int, int] = {}

    def size(i: int) -> int:
        if i not in sizes:
            sizes[i] = count(head + turns[i:])
        return sizes[i]

    def window(i: int) -> Window:
        return Window(head + turns[i:], i, size(i), (i, turns[i]))

    if anchor is not None:
        index, message = anchor
        kept = index if index in starts and turns[index] == message else next(
            (i for i in starts if turns[i] == message), None)
        if kept is not None and size(kept) <= limit:
            return window(kept)
    target = int(limit * TARGET_SHARE)
    for bound in (target, limit):
        found = _first_fitting(starts, size, bound)
        if found is not None:
            return window(found)
    raise _overflow(size(starts[-1]), context or limit)


def dropped_sentence(count: int) -> str:
    """What Hearth says when a long chat no longer fits the model's context."""
    if count == 1:
        return Sentence(QT_TRANSLATE_NOOP(
            "model_store", "The oldest message is outside what the model can see; it still reads the system "
            "prompt and everything after it."))
    return Sentence(QT_TRANSLATE_NOOP(
        "model_store", "The oldest {count} messages are outside what the model can see; it still reads the "
        "system prompt and everything after them."), count=count)


def _first_fitting(starts: list[int], size: Callable[[int], int], bound: int) -> int | None:
    """The earliest start whose prompt fits ``bound`` (prompts shrink as the start moves on)."""
    lo, hi = 0, len(starts)
    while lo < hi:
        mid = (lo + hi) // 2
        if size(starts[mid]) <= bound:
            hi = mid
        else:
            lo = mid + 1
    return starts[lo] if lo < len(starts) else None


def _overflow(tokens: int, context: int) -> ContextOverflowError:
    return ContextOverflowError(Sentence(QT_TRANSLATE_NOOP(
        "model_store", "Your last message and the system prompt alone take {tokens} tokens, but the model's "
        "context holds {size} and needs room left for the answer. Shorten the message, or "
        "raise the context length."), tokens=f"{tokens:,}", size=f"{context:,}"))
