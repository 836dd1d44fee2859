"""Where a new answer starts when it is not written from scratch: a branch, or Continue.

*Branch from a token*: a sibling answer keeps the text up to a token, takes one of the
alternatives the model considered there, and the model goes on from it. *Continue*: the model
goes on from the end of a stopped or cut-off answer. Either way the engine is given the start
of the answer as token ids when the model that wrote it is loaded (the KV cache then reuses
everything up to the new token), or as text for any other model. Plain functions; no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Sequence

from app.chat.records import Message
from app.engine.inspector import TokenChoice
from app.engine.types import ChatMessage


@dataclass(frozen=True)
class AnswerStart:
    """The start of an answer given to the engine.

    Attributes:
        prefix: Token ids (same model) or text (any model) the engine streams before generating.
        records: The tokens already known for that start (kept with the new answer).
    """

    prefix: list[int] | str
    records: list[TokenChoice]


def branch_start(records: Sequence[TokenChoice], index: int, alternative: int, same_model: bool) -> AnswerStart:
    """The start of a sibling answer that takes alternative ``alternative`` at token ``index``.

    The forced token is recorded with the distribution it was chosen from (the same context gives
    the same distribution): its probability and rank are the alternative's.

    Raises:
        IndexError: no such token or alternative.
    """
    at = records[index]
    alt = at.top[alternative]
    forced = replace(at, token=alt.token, piece=alt.piece, prob=alt.prob, rank=alternative + 1)
    kept = list(records[:index]) + [forced]
    return AnswerStart(_prefix(kept, same_model), kept)


def continue_start(records: Sequence[TokenChoice] | None, content: str, same_model: bool) -> AnswerStart:
    """The start for *Continue*: the whole answer so far (its tokens, or its text)."""
    if records:
        return AnswerStart(_prefix(list(records), same_model), list(records))
    return AnswerStart(content, [])


def _prefix(records: list[TokenChoice], same_model: bool) -> list[int] | str:
    if same_model:
        return [r.token for r in records]
    return b"".join(r.piece for r in records).decode("utf-8", "replace")


def engine_history(system_prompt: str, turns: Sequence[Message], upto: Message | None = None) -> list[ChatMessage]:
    """What the engine reads: the system prompt, then ``turns`` up to ``upto`` (inclusive), answers
    with their reasoning (the template decides whether the model sees it again)."""
    msgs = [ChatMessage("system", system_prompt)] if system_prompt.strip() else []
    if upto is not None:
        turns = turns[:next(i for i, m in enumerate(turns) if m.id == upto.id) + 1]
    msgs += [ChatMessage(m.role, m.content, m.reasoning if m.role == "assistant" else "")
             for m in turns
             if m.role in ("user", "assistant") and (m.content or m.reasoning or m.role == "user")]
    return msgs
