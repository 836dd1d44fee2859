"""The conversation tree and the next-token inspector, as asked for from the chat view.

Carries out "‹ ›" (switch branch), "Delete this version", Continue, and a click on a token of
an inspected answer — a menu of the alternatives the model considered there, each with its
probability; choosing one branches the answer from that token. Also turns the session's
messages into what the chat view shows (their branch position, Continue, probabilities).
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, QObject, QPoint, Slot
from PySide6.QtGui import QAction, QFontDatabase
from PySide6.QtWidgets import QMenu, QWidget

from app.chat.session import ChatSession
from app.chat.store import Message
from app.engine.inspector import piece_text
from app.ui.chat_view import ChatView, MessageView
from app.ui.model_common import Prompts
from app.ui.token_view import menu_label, percent

CONTINUABLE = ("length", "context_full", "cancelled")  # how an answer ended that Continue can go on from


class BranchActions(QObject):
    """Connects the chat view's branch and token requests to the session."""

    def __init__(self, window: QWidget, session: ChatSession, chat: ChatView, prompts: Prompts) -> None:
        super().__init__(window)
        self._window, self._session, self._chat, self._prompts = window, session, chat, prompts
        self.menu: QMenu | None = None
        chat.set_token_source(session.tokens)
        chat.tokenClicked.connect(self.offer_alternatives)

    def views(self) -> list[MessageView]:
        """The branch shown, as the chat view shows it."""
        session = self._session
        inspected = session.store.tokens.inspected(session.conversation.id) if session.conversation else set()
        last = session.messages[-1].id if session.messages else None
        return [self.view(m, inspected=m.id in inspected, last=m.id == last) for m in session.messages]

    def view(self, m: Message, inspected: bool | None = None, last: bool | None = None) -> MessageView:
        session = self._session
        where = session.siblings.get(m.id)
        if inspected is None:
            inspected = bool(session.conversation) and m.id in session.store.tokens.inspected(m.conversation_id)
        if last is None:
            last = bool(session.messages) and session.messages[-1].id == m.id
        ended = (m.stats or {}).get("finish_reason")
        continuable = (last and m.role == "assistant" and m.status != "error"
                       and (m.status in ("cancelled", "interrupted") or ended in CONTINUABLE))
        return MessageView(id=m.id, role=m.role, content=m.content, status=m.status, model=m.model,
                           stats=m.stats, reasoning=m.reasoning,
                           branch=(where.index, where.count) if where else (0, 1),
                           continuable=bool(continuable), inspectable=inspected)

    @Slot(str, int)
    def act(self, action: str, message_id: int) -> None:
        """"prev", "next", "delete-branch" or "continue" for a message."""
        session = self._session
        if action in ("prev", "next"):
            session.switch_branch(message_id, -1 if action == "prev" else 1)
        elif action == "continue":
            session.continue_answer(message_id)
        elif action == "delete-branch":
            message = next((m for m in session.messages if m.id == message_id), None)
            if message is None:
                return
            if message.role == "assistant":
                question = self.tr("Delete this answer and everything that follows it? The other versions "
                                   "stay. This cannot be undone.")
            else:
                question = self.tr("Delete this version of your message and everything that follows it? "
                                   "The other versions stay. This cannot be undone.")
            if self._prompts.confirm(self._window, self.tr("Delete this version?"), question, self.tr("Delete")):
                session.delete_branch(message_id)

    @Slot(int, int, object)
    def offer_alternatives(self, message_id: int, index: int, where: QPoint) -> None:
        """A menu of what the model considered at this token; choosing one branches from it."""
        records = self._chat.records(message_id)
        if not records or not 0 <= index < len(records) or not records[index].inspected:
            return
        record = records[index]
        menu = QMenu(self._window)
        menu.setAccessibleName(self.tr("Alternatives for this token"))
        menu.setAccessibleDescription(self.tr(
            "What the model considered at this token, with its probability. Choosing one starts a new "
            "version of the answer from there."))
        menu.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        title = menu.addAction(self.tr("The model's choice: {token} ({percent}, #{rank}). Branch with another "
                                       "token:").format(token=repr(piece_text(record.piece)),
                                                        percent=percent(record.prob),
                                                        rank=QLocale().toString(record.rank)))
        title.setEnabled(False)
        menu.addSeparator()
        for number, alt in enumerate(record.top):
            chosen = alt.token == record.token
            action = QAction(menu_label(piece_text(alt.piece), alt.prob, chosen), menu)
            action.setEnabled(not chosen)
            action.triggered.connect(lambda _=False, n=number: self._session.branch(message_id, index, n))
            menu.addAction(action)
        self.menu = menu
        menu.popup(where)
