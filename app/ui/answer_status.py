"""What the status bar says about the model and the answer, and what a screen reader hears.

The status bar says a model is ready only when it is: while a model loads it says so, and while
an answer is being written it says "Writing the answer…", with the speed once tokens arrive.
When an answer ends (not per token) a screen reader is told: "Answer finished." with how it
begins, or "Answer stopped.".
"""

from __future__ import annotations

import re
import time

from PySide6.QtCore import QLocale, QObject, QTimer, Slot
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

from app.chat.session import ChatSession
from app.worker import EngineHost

SPEED_EVERY_MS = 1000
ANNOUNCED_CHARS = 200  # of the answer, after "Answer finished."


# Markdown a screen reader would spell out: headings, quotes and bullets at a line's start, emphasis, code marks.
_MARKUP = re.compile(r"(?m)^\s*(?:#{1,6}|>|[-*+])\s+|[*`]+")


def beginning(text: str, limit: int = ANNOUNCED_CHARS) -> str:
    """The first ``limit`` characters of ``text`` (its Markdown marks left out) on one line, cut at a
    word with "…" when longer."""
    flat = " ".join(_MARKUP.sub(" ", text).split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit]
    if " " in cut[limit // 2:]:
        cut = cut[:cut.rindex(" ")]
    return cut.rstrip(" ,.;:") + "…"


class AnswerStatus(QObject):
    """A label in ``window``'s status bar, kept true to what the model is doing; finished answers
    are announced on ``speaker`` (the chat view)."""

    def __init__(self, session: ChatSession, host: EngineHost, window: QMainWindow, speaker: QWidget) -> None:
        super().__init__(window)
        self._host, self._speaker = host, speaker
        self.label = label = QLabel("", window)
        window.statusBar().addWidget(label, 1)
        self._writing = False
        self._tokens = 0
        self._first_token_at = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(SPEED_EVERY_MS)
        self._timer.timeout.connect(self._show)
        label.setAccessibleName(self.tr("Status"))
        session.liveStarted.connect(self._on_started)
        session.liveText.connect(self._count)
        session.liveReasoning.connect(self._count)
        session.busyChanged.connect(self._on_busy)
        session.liveFinished.connect(self._announce)
        host.loadStarted.connect(self._show)
        host.loaded.connect(self._show)
        host.loadFailed.connect(self._show)
        self._show()

    def text(self) -> str:
        """What the status bar should say now."""
        if self._writing:
            if self._tokens < 2:
                return self.tr("Writing the answer…")
            speed = (self._tokens - 1) / max(time.monotonic() - self._first_token_at, 1e-3)
            return self.tr("Writing the answer… {speed} token/s").format(
                speed=QLocale().toString(speed, "f", 1))
        if self._host.loading:
            return self.tr("Loading the model…")
        info = self._host.model_info
        if info is None:
            return self.tr("No model loaded")
        return self.tr("{model} ready").format(model=info.name)

    def _show(self, *_: object) -> None:
        self.label.setText(self.text())

    @Slot(int)
    def _on_started(self, _message_id: int) -> None:
        self._writing, self._tokens = True, 0
        self._timer.start()
        self._show()

    @Slot(str)
    def _count(self, _text: str) -> None:
        self._tokens += 1
        if self._tokens == 1:
            self._first_token_at = time.monotonic()
        elif self._tokens == 2:
            self._show()  # the speed from the second token on, then once a second

    @Slot(bool)
    def _on_busy(self, busy: bool) -> None:
        if not busy:
            self._writing = False
            self._timer.stop()
        self._show()

    @Slot(object)
    def _announce(self, message) -> None:
        """Tell a screen reader how the answer ended (once per answer, never per token)."""
        if message.status == "complete":
            start = beginning(message.content)
            said = self.tr("Answer finished. {beginning}").format(beginning=start) if start \
                else self.tr("Answer finished.")
        elif message.status == "cancelled":
            said = self.tr("Answer stopped.")
        else:
            said = self.tr("The answer could not be finished.")
        QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(self._speaker, said))
