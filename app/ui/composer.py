"""The message box under the conversation: type, Enter to send, Esc to stop.

    composer = Composer()
    composer.sendRequested.connect(controller.send)    # stripped, never empty
    composer.stopRequested.connect(controller.stop)
    composer.set_busy(True)                            # while an answer streams

Its words are translated (and again when the language changes); Chinese typed into it gets
the chat's CJK fonts (:mod:`app.ui.chat_font`).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QPlainTextEdit, QPushButton, QSizePolicy, QWidget

from app.ui.chat_font import chat_font

PLACEHOLDER = str(QT_TRANSLATE_NOOP("Composer", "Ask anything…  (Enter to send, Shift+Enter for a new line)"))
MIN_LINES = 1
MAX_LINES = 8


class Composer(QWidget):
    """A growing text box (1–8 lines) with Send and Stop buttons.

    Enter sends, Shift+Enter inserts a newline, Esc asks to stop. While busy,
    Send is disabled, Enter does not send, and Stop is shown; when idle Stop is hidden.
    Focus on Send or Stop goes back to the text box when the button is clicked, disabled or
    hidden, so the next keystrokes never land in whatever widget Qt would focus next.

    Signals:
        sendRequested(str): the stripped text to send (never empty); the box is cleared
            just before, so a receiver may put the text back with :meth:`set_text`.
        stopRequested(): the user asked to stop the running answer.
    """

    sendRequested = Signal(str)
    stopRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._busy = False
        self._editor = QPlainTextEdit(self)
        self._editor.setFont(chat_font(self.font()))
        self._editor.setTabChangesFocus(True)
        self._editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self._editor.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._editor.installEventFilter(self)
        self._editor.document().documentLayout().documentSizeChanged.connect(self._fit_height)
        self._editor.textChanged.connect(self._update_buttons)

        self._send = QPushButton(self)
        self._send.clicked.connect(self._submit)
        self._stop = QPushButton(self)
        self._stop.clicked.connect(self._on_stop_clicked)
        self._retranslate()

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._editor, 1, Qt.AlignmentFlag.AlignBottom)
        layout.addWidget(self._stop, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addWidget(self._send, 0, Qt.AlignmentFlag.AlignBottom)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setFocusProxy(self._editor)
        self.set_busy(False)
        self._fit_height()

    # ----------------------------------------------------------------- public API
    @property
    def editor(self) -> QPlainTextEdit:
        """The text box itself."""
        return self._editor

    @property
    def send_button(self) -> QPushButton:
        """The Send button (disabled while busy or while the box is blank)."""
        return self._send

    @property
    def stop_button(self) -> QPushButton:
        """The Stop button (shown only while busy)."""
        return self._stop

    @property
    def busy(self) -> bool:
        """True while an answer runs (as last told by :meth:`set_busy`)."""
        return self._busy

    def text(self) -> str:
        """The text as typed (not stripped)."""
        return self._editor.toPlainText()

    def set_text(self, text: str) -> None:
        """Replace the text (e.g. to edit and resend a message), cursor at the end."""
        self._editor.setPlainText(text)
        self._editor.moveCursor(QTextCursor.MoveOperation.End)

    def set_busy(self, busy: bool) -> None:
        """While busy, Send is disabled and Stop is shown; when idle, Stop is hidden."""
        self._busy = busy
        self._update_buttons()

    # ----------------------------------------------------------------- internals
    def _retranslate(self) -> None:
        self._editor.setAccessibleName(self.tr("Message"))
        self._editor.setAccessibleDescription(self.tr(
            "Type your message here. Enter sends it, Shift+Enter starts a new line, Esc stops the answer."))
        self._editor.setPlaceholderText(QCoreApplication.translate("Composer", PLACEHOLDER))
        self._send.setText(self.tr("Send"))
        self._send.setAccessibleName(self.tr("Send"))
        self._send.setAccessibleDescription(self.tr("Sends the message to the model."))
        self._send.setToolTip(self.tr("Send (Enter)"))
        self._stop.setText(self.tr("Stop"))
        self._stop.setAccessibleName(self.tr("Stop"))
        self._stop.setAccessibleDescription(self.tr("Stops the answer being written; what it wrote so far is kept."))
        self._stop.setToolTip(self.tr("Stop the answer (Esc)"))

    def changeEvent(self, event: QEvent) -> None:
        """The words follow the language; the CJK font fallbacks follow the font."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        elif event.type() == QEvent.Type.FontChange:
            self._editor.setFont(chat_font(self.font()))

    def _buttons_have_focus(self) -> bool:
        return self._send.hasFocus() or self._stop.hasFocus()

    def _update_buttons(self) -> None:
        # Qt hands the focus of a button it disables or hides to the next widget in the tab
        # chain (a setting in the side panel): keep it in the text box instead.
        had_focus = self._buttons_have_focus()
        self._stop.setVisible(self._busy)
        self._stop.setEnabled(self._busy)
        self._send.setEnabled(not self._busy and bool(self.text().strip()))
        if had_focus and not self._buttons_have_focus():
            self._editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def _focus_editor_from_buttons(self) -> None:
        if self._buttons_have_focus():
            self._editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_stop_clicked(self) -> None:
        self._focus_editor_from_buttons()
        self.stopRequested.emit()

    def _submit(self) -> None:
        text = self.text().strip()
        if self._busy or not text:
            return
        self._focus_editor_from_buttons()
        self._editor.clear()  # first, so a receiver that cannot send now can put the text back
        self.sendRequested.emit(text)

    def _fit_height(self, *_: object) -> None:
        lines = int(self._editor.document().documentLayout().documentSize().height())
        lines = max(MIN_LINES, min(MAX_LINES, lines))
        metrics = self._editor.fontMetrics()
        margins = self._editor.contentsMargins()
        frame = 2 * (self._editor.document().documentMargin() + self._editor.frameWidth())
        height = lines * metrics.lineSpacing() + int(frame) + margins.top() + margins.bottom()
        self._editor.setFixedHeight(height)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter sends, Shift+Enter inserts a newline, Esc asks to stop; other keys pass."""
        if watched is self._editor and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                    self._editor.textCursor().insertText("\n")
                else:
                    self._submit()
                return True
            if key == Qt.Key.Key_Escape:
                self.stopRequested.emit()
                return True
        return super().eventFilter(watched, event)
