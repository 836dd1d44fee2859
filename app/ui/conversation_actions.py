"""Rename, delete (with Undo) and export of chats, as asked for from the chat list or the menu."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QLocale, QObject, QTimer, Slot
from PySide6.QtWidgets import QMainWindow, QPushButton

from app.chat.export import export_conversation
from app.chat.session import UNDO_S, ChatSession
from app.chat.store import HistoryError
from app.ui.dialogs import choose_export_path
from app.ui.notice import NoticeBar

UNDO_MS = int(UNDO_S * 1000)


class ConversationActions(QObject):
    """Carries out chat-list requests on the session; offers Undo in the status bar after a delete.

    ``reopen`` is called when the open chat was deleted, to show another one.
    """

    def __init__(self, window: QMainWindow, session: ChatSession, notice: NoticeBar,
                 reopen: Callable[[], None]) -> None:
        super().__init__(window)
        self._window, self._session, self._notice, self._reopen = window, session, notice, reopen
        self._deleted: list[int] = []  # deleted since Undo appeared, oldest first
        self.undo_button = QPushButton(self.tr("Undo"), window)
        self.undo_button.setAccessibleName(self.tr("Undo delete"))
        self.undo_button.setAccessibleDescription(self.tr("Brings back the chats just deleted"))
        self.undo_button.clicked.connect(self.undo)
        self.undo_button.hide()
        self._undo_timer = QTimer(self, singleShot=True, interval=UNDO_MS, timeout=self._undo_expired)
        window.statusBar().addPermanentWidget(self.undo_button)

    @Slot(int, str)
    def rename(self, conversation_id: int, title: str) -> None:
        try:
            self._session.rename(conversation_id, title)
        except HistoryError as exc:
            self._notice.show_message(exc.message)

    @Slot(int)
    def delete(self, conversation_id: int) -> None:
        """Delete a chat, with Undo for a few seconds; Undo brings back every chat deleted since it
        appeared (two quick Deletes, two chats back)."""
        conv = self._session.store.get_conversation(conversation_id)
        if conv is None or not self._session.delete(conversation_id):
            return  # the history could not be written: the session said why, the chat stays
        self._deleted.append(conversation_id)
        self.undo_button.show()
        count = len(self._deleted)
        said = (self.tr("Deleted “{title}”.").format(title=conv.title) if count == 1
                else self.tr("Deleted {n} chats.").format(n=QLocale().toString(count)))
        self._window.statusBar().showMessage(said, UNDO_MS)
        self._undo_timer.start()
        if self._session.conversation is None:
            self._reopen()

    @Slot()
    def _undo_expired(self) -> None:
        """Too late to undo: the deleted chats go for good, their text and saved memory with them."""
        self.undo_button.hide()
        self._deleted = []
        try:
            self._session.purge_deleted(UNDO_S - 0.5)
        except HistoryError as exc:
            self._notice.show_message(exc.message)

    @Slot()
    def undo(self) -> None:
        deleted, self._deleted = self._deleted, []
        for conversation_id in deleted:
            self._session.restore(conversation_id)
        if deleted:
            self._session.open(deleted[-1])
        self.undo_button.hide()
        self._undo_timer.stop()
        self._window.statusBar().clearMessage()

    def export(self, conversation_id: int | None) -> None:
        """Export a chat (the open one when ``conversation_id`` is None) as Markdown or JSON."""
        conv_id = conversation_id or (self._session.conversation.id if self._session.conversation else None)
        conv = self._session.store.get_conversation(conv_id) if conv_id else None
        if conv is None:
            return
        path = choose_export_path(self._window, conv.title)
        if path is None:
            return
        try:
            export_conversation(self._session.store, conv.id, path)
        except HistoryError as exc:
            self._notice.show_message(exc.message)
        else:
            self._window.statusBar().showMessage(self.tr("Exported to {path}").format(path=path), 5000)
