"""The answer being generated, written into the history as it streams.

An :class:`AnswerWriter` follows one request of the engine host at a time: it collects the
answer's text and thinking, saves them at least once a second (a crash loses at most about a
second), keeps the answer's tokens when they arrive, and on the end saves the final state. It
drops every signal of any other request, so a token of an old answer never reaches a new one.

When the history cannot be written (disk full, read-only, locked by another program) the answer
goes on: the store keeps what it could not write and shows it (``HistoryStore.unsaved``), the writer
says why once, and every second it lets the store try again until everything is saved.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from app.chat.store import HistoryError, HistoryStore
from app.engine.inspector import TokenChoice
from app.engine.types import GenerationStats
from app.worker import EngineHost

log = logging.getLogger(__name__)

FLUSH_INTERVAL_MS = 1000


@dataclass
class LiveAnswer:
    """The answer being written: where it goes and what has arrived."""

    message_id: int
    conversation_id: int
    request: int
    given: list[TokenChoice] = field(default_factory=list)  # tokens it started from (a branch, Continue)
    parts: list[str] = field(default_factory=list)
    reasoning: list[str] = field(default_factory=list)
    dirty: bool = False

    @property
    def text(self) -> str:
        return "".join(self.parts)

    @property
    def reasoning_text(self) -> str:
        return "".join(self.reasoning)


class AnswerWriter(QObject):
    """Streams one answer at a time from the engine host into the history.

    Signals:
        text(str): more of the answer.
        reasoning(str): more of its thinking.
        choices(object): a list of TokenChoice (inspector on).
        ended(object, object): the LiveAnswer that ended and its GenerationStats (None when it
            failed or was abandoned); the message is already saved.
        failed(str): a sentence: the answer failed (it is saved with status "error").
        unsaved(str): a sentence: the history cannot be written now; what could not be written
            is kept, shown and tried again. Said once per trouble, and once when the first model
            has loaded if the history opened read-only.
        saved(str): the history can be written again and everything is saved; it carries the
            sentence that said it could not.
    """

    text = Signal(str)
    reasoning = Signal(str)
    choices = Signal(object)
    ended = Signal(object, object)
    # Sentences (a str that keeps its template, so the window can show it translated): object.
    failed = Signal(object)
    unsaved = Signal(object)
    saved = Signal(object)

    def __init__(self, store: HistoryStore, host: EngineHost, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store, self._host = store, host
        self.live: LiveAnswer | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(FLUSH_INTERVAL_MS)
        self._timer.timeout.connect(self._flush)
        host.token.connect(self._on_token)
        host.reasoning.connect(self._on_reasoning)
        host.choices.connect(self._on_choices)
        host.answerTokens.connect(self._on_answer_tokens)
        host.finished.connect(self._on_finished)
        host.failed.connect(self._on_failed)
        store.on_unsaved = self._on_unsaved
        store.on_saved = self.saved.emit
        if store.trouble:  # it opened read-only: say so once the first model is in (a load clears notices)
            host.loaded.connect(self._say_trouble, Qt.ConnectionType.SingleShotConnection)

    def start(self, live: LiveAnswer) -> None:
        self.live = live
        self._timer.start()

    def abandon(self) -> None:
        """Stop listening to the answer and save what it wrote as stopped."""
        live = self.live
        if live is None:
            return
        self._host.abandon()
        self._end("cancelled", {"finish_reason": "cancelled",
                                "completion_tokens": len(live.parts) + len(live.reasoning)}, None)

    def _current(self, request_id: int) -> LiveAnswer | None:
        live = self.live
        return live if live is not None and live.request == request_id else None

    @Slot(int, str)
    def _on_token(self, request_id: int, text: str) -> None:
        if (live := self._current(request_id)) is not None:
            live.parts.append(text)
            live.dirty = True
            self.text.emit(text)

    @Slot(int, str)
    def _on_reasoning(self, request_id: int, text: str) -> None:
        if (live := self._current(request_id)) is not None:
            live.reasoning.append(text)
            live.dirty = True
            self.reasoning.emit(text)

    @Slot(int, object)
    def _on_choices(self, request_id: int, items: object) -> None:
        if self._current(request_id) is not None:
            self.choices.emit(items)

    @Slot(int, object)
    def _on_answer_tokens(self, request_id: int, items: object) -> None:
        live = self._current(request_id)
        if live is None or not isinstance(items, list):
            return
        given = live.given
        # The engine replays a given start as plain tokens: keep what was known of them.
        records = given + items[len(given):] if given and len(items) >= len(given) else items
        try:
            self._store.tokens.save(live.message_id, records)
        except HistoryError as exc:
            log.warning("could not save the answer's tokens: %s", exc)

    @Slot()
    def _flush(self) -> None:
        live = self.live
        try:
            if live is not None and live.dirty:
                live.dirty = False
                self._store.update_message(live.message_id, content=live.text, reasoning=live.reasoning_text)
            elif live is None and self._store.retry_unsaved():
                self._timer.stop()
        except HistoryError as exc:  # not a passing trouble (those are kept): the answer is still here
            self._say(exc)

    def _on_unsaved(self, sentence: str) -> None:
        self.unsaved.emit(sentence)
        self._timer.start()  # try again until it is written, answer or not

    @Slot(object)
    def _say_trouble(self, _info: object = None) -> None:
        if self._store.trouble:
            self.unsaved.emit(self._store.trouble)

    def _say(self, exc: HistoryError) -> None:
        log.warning("could not save the answer: %s (%s)", exc.message, exc.detail)
        self.unsaved.emit(exc.message)

    @Slot(int, object)
    def _on_finished(self, request_id: int, stats: GenerationStats) -> None:
        if self._current(request_id) is not None:
            self._end("cancelled" if stats.finish_reason == "cancelled" else "complete", stats.to_dict(), stats)

    @Slot(int, str, str)
    def _on_failed(self, request_id: int, message: str, detail: str) -> None:
        if self._current(request_id) is None:
            return
        if detail:
            log.warning("generation failed: %s (%s)", message, detail)
        self._end("error", {"error": message}, None)
        self.failed.emit(message)

    def _end(self, status: str, stats: dict, result: GenerationStats | None) -> None:
        live = self.live
        assert live is not None
        self._timer.stop()
        try:
            self._store.update_message(live.message_id, content=live.text, reasoning=live.reasoning_text,
                                       status=status, stats=stats)
        except HistoryError as exc:
            self._say(exc)
        if self._store.unsaved:
            self._timer.start()
        self.live = None
        self.ended.emit(live, result)
