"""The versions of a chat's messages: Regenerate, Edit, branch from a token, Continue, ‹ ›, and
deleting one version. Part of :class:`~app.chat.session.ChatSession` (a mixin, so the session's
state and signals are used as they are); each action adds a sibling, so no text is ever lost.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.chat.branching import branch_start, continue_start
from app.chat.write_faults import reports_history_errors


class VersionActions:
    """What :class:`~app.chat.session.ChatSession` does with the versions of its messages."""

    def regenerate(self, message_id: int | None = None) -> None:
        """Answer again beside an answer (the last one by default): the old one stays a sibling."""
        if self.busy or self.conversation is None or self.host.model_info is None:
            return
        target = next((m for m in reversed(self.messages)
                       if m.role == "assistant" and (message_id is None or m.id == message_id)), None)
        if target is None:
            if message_id is None and self.messages and self.messages[-1].role == "user":
                self._start_answer(self.messages[-1])  # the last question has no answer yet
            return
        question = next((m for m in self.messages if m.id == target.parent_id), None)
        if question is not None:
            self._start_answer(question)

    @reports_history_errors(fallback=False)
    def edit_and_resend(self, message_id: int, new_text: str) -> bool:
        """Send ``new_text`` as a new version of a message (a sibling: the old one and its answers
        stay, one ‹ › away) and answer it.

        Returns False, changing nothing, when it cannot answer now (no model loaded).
        """
        old = next((m for m in self.messages if m.id == message_id), None)
        if self.conversation is None or old is None or not new_text.strip():
            return False
        if self.host.model_info is None:
            self.notice.emit(self._no_model())
            return False
        self._writer.abandon()
        msg = self.store.add_message(self.conversation.id, "user", new_text.strip(), parent_id=old.parent_id)
        self._reload_path()
        self.messagesReset.emit()
        self.conversationsChanged.emit()
        self._start_answer(msg)
        return True

    def branch(self, message_id: int, token_index: int, alternative: int) -> bool:
        """Answer again from token ``token_index`` of an answer, taking its alternative number
        ``alternative`` there: a sibling keeps the text before it and the model goes on.

        An answer still being written is stopped first. Returns False when it cannot start.
        """
        if not self._can_answer(stop_first=True):
            return False
        target = next((m for m in self.messages if m.id == message_id and m.role == "assistant"), None)
        records = self.tokens(message_id) if target is not None else None
        question = next((m for m in self.messages if target and m.id == target.parent_id), None)
        try:
            if target is None or question is None or not records:
                raise IndexError
            start = branch_start(records, token_index, alternative, self._same_model(target))
        except IndexError:
            self.notice.emit(QCoreApplication.translate(
                "ChatSession", "That token cannot be branched from: the answer has no token probabilities."))
            return False
        self._start_answer(question, start)
        return True

    def continue_answer(self, message_id: int) -> bool:
        """Let the model go on from the end of a stopped or cut-off answer, in the same message."""
        target = next((m for m in self.messages if m.id == message_id), None)
        if target is None or target.role != "assistant" or target is not self.messages[-1]:
            return False
        if not self._can_answer():
            return False
        if self.host.model_info and self.host.model_info.remote:  # a chat API starts every answer afresh
            self.notice.emit(QCoreApplication.translate(
                "ChatSession", "Continuing an answer needs a model on this computer; Regenerate asks the remote again."))
            return False
        start = continue_start(self.tokens(target.id), target.content, self._same_model(target))
        self._start_answer(next(m for m in self.messages if m.id == target.parent_id), start, target)
        return True

    @reports_history_errors()
    def switch_branch(self, message_id: int, step: int) -> None:
        """Show the sibling ``step`` places from ``message_id`` (-1: previous, +1: next)."""
        where = self.siblings.get(message_id)
        if where is None or self.busy or not 0 <= where.index + step < where.count:
            return
        self.store.tree.select(where.ids[where.index + step])
        self._reload_path()
        self.messagesReset.emit()

    @reports_history_errors()
    def delete_branch(self, message_id: int) -> None:
        """Delete one version of a message and what follows it; its siblings stay."""
        if self.busy or message_id not in self.siblings:
            return
        self.store.tree.delete_branch(message_id)
        self._reload_path()
        self.messagesReset.emit()
        self.conversationsChanged.emit()
