"""An inline banner above the chat for errors and hints: a sentence, an action, details."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from app.ui.texts import localize


class NoticeBar(QFrame):
    """Shows one message at a time; hidden when there is nothing to say.

    Signals:
        actionRequested(str): the action button's text was clicked.
        dismissed(str): the person closed the message (✕); it carries the message.
    """

    actionRequested = Signal(str)
    dismissed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("NoticeBar")
        self.setAccessibleName(self.tr("Notice"))
        self._label = QLabel(self)
        self._label.setWordWrap(True)
        self._label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._label.setAccessibleName(self.tr("Notice text"))
        self._action = QPushButton(self)
        self._action.setAccessibleName(self.tr("Notice action"))
        self._action.clicked.connect(lambda: self.actionRequested.emit(self._action.text()))
        self._details = QToolButton(self)
        self._details.setText(self.tr("Details"))
        self._details.setAccessibleName(self.tr("Show details"))
        self._details.setToolTip(self.tr("Show what exactly went wrong"))
        self._details.setCheckable(True)
        self._details.toggled.connect(self._toggle_details)
        self._close = QToolButton(self)
        self._close.setText("✕")
        self._close.setAccessibleName(self.tr("Dismiss notice"))
        self._close.setToolTip(self.tr("Dismiss"))
        self._close.clicked.connect(self._dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 8, 8)
        layout.addWidget(self._label, 1)
        layout.addWidget(self._details)
        layout.addWidget(self._action)
        layout.addWidget(self._close)
        self._message = ""
        self._detail = ""
        self.hide()

    @property
    def message(self) -> str:
        return self._message if self.isVisibleTo(self.parentWidget()) else ""

    def show_message(self, text: str, detail: str = "", level: str = "error", action: str | None = None) -> None:
        """Show ``text`` (in the user's language: sentences from the layers below are translated
        here); ``detail`` behind a Details toggle; ``action`` as a button. ``message`` stays the
        text as given, so callers can tell their own notice."""
        self._message, self._detail = text, detail
        self._label.setText(localize(text))
        self._details.setChecked(False)
        self._details.setVisible(bool(detail))
        self._action.setVisible(bool(action))
        if action:
            self._action.setText(action)
            self._action.setAccessibleDescription(action)  # its name stays "Notice action"; this says which
        tint = "rgba(200, 60, 40, 0.14)" if level == "error" else "rgba(200, 120, 30, 0.12)"
        edge = "rgba(200, 60, 40, 0.55)" if level == "error" else "rgba(200, 120, 30, 0.5)"
        self.setStyleSheet(f"#NoticeBar {{ background: {tint}; border-bottom: 1px solid {edge}; }}")
        self.show()

    def clear(self) -> None:
        self._message = self._detail = ""
        self.hide()

    def _dismiss(self) -> None:
        message = self._message
        self.clear()
        self.dismissed.emit(message)

    def _toggle_details(self, on: bool) -> None:
        shown = localize(self._message)
        self._label.setText(f"{shown}\n\n{self._detail}" if on and self._detail else shown)
