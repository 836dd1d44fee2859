"""Where each piece of a model's output goes: thinking to one place, the answer to another.

The engine feeds every decoded piece of text to an :class:`AnswerStream`. A reasoning model's
thinking (parsed by :class:`app.engine.reasoning.ReasoningParser`) goes to ``on_reasoning``;
the answer goes through the stop strings (:class:`app.engine.stops.StopFilter`) to
``on_text``. Stop strings apply to the answer only: a model that thinks "User:" has not ended
its answer. Also counted here: how many pieces and how long the model thought.
"""

from __future__ import annotations

import time
from typing import Sequence

from app.engine.reasoning import ReasoningFormat, ReasoningParser
from app.engine.stops import StopFilter
from app.engine.types import TokenCallback


class AnswerStream:
    """Routes one answer's text. ``feed`` returns True once a stop string has ended the answer.

    Attributes:
        reasoning_tokens: Pieces fed while the model was thinking.
        reasoning_ms: From the first piece to the end of the thinking.
        unclosed: The output ended inside a thinking block (nothing was concluded).
    """

    def __init__(self, fmt: ReasoningFormat | None, starts_in_reasoning: bool, stops: Sequence[str],
                 on_text: TokenCallback, on_reasoning: TokenCallback | None) -> None:
        self._parser = ReasoningParser(fmt, starts_in_reasoning) if fmt is not None else None
        self._stop = StopFilter(stops)
        self._on_text = on_text
        self._on_reasoning = on_reasoning or (lambda _text: None)
        self._started = 0.0
        self._thought_until = 0.0
        self.reasoning_tokens = 0
        self.unclosed = False

    @property
    def in_reasoning(self) -> bool:
        """The model is thinking right now (its next token belongs to the thinking)."""
        return self._parser is not None and self._parser.in_reasoning

    @property
    def reasoning_ms(self) -> float:
        return max(0.0, (self._thought_until - self._started) * 1000) if self._thought_until else 0.0

    def feed(self, text: str) -> bool:
        """Route one decoded piece; True when the answer reached a stop string."""
        parser = self._parser
        if parser is None:
            return self._answer(text)
        if not self._started:
            self._started = time.perf_counter()
        if parser.in_reasoning:
            self.reasoning_tokens += 1
            self._thought_until = time.perf_counter()
        for kind, piece in parser.feed(text):
            if kind == "reasoning":
                self._thought_until = time.perf_counter()
                self._on_reasoning(piece)
            elif self._answer(piece):
                return True
        return False

    def finish(self, tail: str = "") -> None:
        """The output ended: release whatever was held back (``tail``: undecoded bytes' text)."""
        parser = self._parser
        pieces = [("content", tail)] if parser is None else [*parser.feed(tail), *parser.finish()]
        for kind, piece in pieces:
            if kind == "reasoning":
                self._on_reasoning(piece)
            elif self._answer(piece):
                return
        if parser is not None:
            self.unclosed = parser.unclosed
            if self.unclosed:
                self._thought_until = time.perf_counter()
        rest = self._stop.flush()
        if rest:
            self._on_text(rest)

    def _answer(self, text: str) -> bool:
        out, hit = self._stop.feed(text)
        if out:
            self._on_text(out)
        return hit
