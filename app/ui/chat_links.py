"""What the chat view's ``hearth:`` links do when clicked or hovered: part of :class:`ChatView`.

Copying puts the text on the clipboard and says so (``copied``, a translated note); the
folding of thinking and the token view are done in the view; everything about the
conversation itself (edit, regenerate, continue, branches) is asked for with
``actionRequested``. Links to web pages open in the browser; other schemes do nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QPoint, QUrl
from PySide6.QtGui import QCursor, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QToolTip

from app.ui import token_view

if TYPE_CHECKING:
    from app.ui.chat_view import ChatView

_ASKED = ("edit", "regenerate", "continue", "prev", "next", "delete-branch")  # carried out elsewhere


class ChatLinks:
    """The link handling of one :class:`ChatView`."""

    def __init__(self, view: "ChatView") -> None:
        self._view = view

    def hover(self, url: QUrl) -> None:
        """Over a token: the alternatives the model considered, with bars and percentages."""
        view = self._view
        tip = token_view.token_tooltip(url.toString(), view.records, view._colors.link)
        if tip:
            QToolTip.showText(QCursor.pos() + QPoint(12, 12), tip, view.browser)
        else:
            QToolTip.hideText()

    def message_text(self, message_id: int, reasoning: bool = False) -> str | None:
        """A message's text (or its thinking), the streaming one included; None when not shown."""
        live = self._view._stream.live
        if live is not None and live.id == message_id:
            return live.reasoning() if reasoning else live.text()
        for message in reversed(self._view.messages()):
            if message.id == message_id:
                return message.reasoning.strip() if reasoning else message.content
        return None

    def click(self, url: QUrl) -> None:
        view = self._view
        if url.scheme() != "hearth":
            if url.scheme() in ("http", "https"):
                QDesktopServices.openUrl(url)
            return
        action, *args = url.path().split("/")
        try:
            message_id, *rest = [int(a) for a in args]
        except ValueError:  # also when there is no number at all
            return
        if action == "copy-code" and len(rest) == 1:
            codes = view._codes.get(message_id, [])
            if 0 <= rest[0] < len(codes):
                QGuiApplication.clipboard().setText(codes[rest[0]])
                view.copied.emit(QCoreApplication.translate("ChatView", "Copied code"))
        elif action == "copy" and (text := self.message_text(message_id)) is not None:
            QGuiApplication.clipboard().setText(text)
            view.copied.emit(QCoreApplication.translate("ChatView", "Copied message"))
            view.actionRequested.emit("copy", message_id)
        elif action == "copy-thinking" and (text := self.message_text(message_id, reasoning=True)):
            QGuiApplication.clipboard().setText(text)
            view.copied.emit(QCoreApplication.translate("ChatView", "Copied thinking"))
        elif action == "thinking":
            view.toggle_thinking(message_id)
        elif action == "inspect":
            view.show_tokens(message_id, not view.showing_tokens(message_id))
        elif action == "tok" and len(rest) == 1:
            browser = view.browser
            viewport = browser.viewport()
            where = QCursor.pos()
            if not viewport.rect().contains(viewport.mapFromGlobal(where)):  # chosen with the keyboard
                where = viewport.mapToGlobal(browser.cursorRect().bottomLeft())
            view.tokenClicked.emit(message_id, rest[0], where)
        elif action in _ASKED:
            view.actionRequested.emit(action, message_id)
