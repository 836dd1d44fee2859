"""A conversation is a tree: Regenerate, Edit and branch-from-token add siblings, never delete.

Every message has a parent (the message it follows; the first has none). Messages with the same
parent are *siblings*: alternative branches. The chat shows one path from the first message
down: at each step the child selected most recently (``selected_seq``), so switching to a
sibling also brings back the branch below it as it was last seen. A :class:`ConversationTree`
is reached as ``HistoryStore.tree`` and works through the store's connection.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.chat.records import Message

if TYPE_CHECKING:
    from app.chat.store import HistoryStore


@dataclass(frozen=True)
class Siblings:
    """Where a message stands among its siblings: ``index`` (0-based) of ``count``, and their ids."""

    index: int
    count: int
    ids: tuple[int, ...]


class ConversationTree:
    """The branches of a chat: the path shown, siblings, switching and deleting a branch."""

    def __init__(self, store: "HistoryStore") -> None:
        self._store = store

    def path(self, conversation_id: int) -> list[Message]:
        """The messages shown: from the first, at each step the most recently selected child."""
        children = self._children(self._store.messages(conversation_id))
        path: list[Message] = []
        level = children.get(None, [])
        while level:
            chosen = max(level, key=lambda m: (m.selected_seq, m.id))
            path.append(chosen)
            level = children.get(chosen.id, [])
        return path

    def path_to(self, message_id: int) -> list[Message]:
        """The messages from the chat's first down to ``message_id`` (inclusive); [] if unknown."""
        message = self._store.get_message(message_id)
        if message is None:
            return []
        by_id = {m.id: m for m in self._store.messages(message.conversation_id)}
        path = []
        node: Message | None = message
        while node is not None:
            path.append(node)
            node = by_id.get(node.parent_id) if node.parent_id is not None else None
        return path[::-1]

    def siblings(self, conversation_id: int) -> dict[int, Siblings]:
        """For every message of a chat: its place among its siblings (oldest first)."""
        out: dict[int, Siblings] = {}
        for level in self._children(self._store.messages(conversation_id)).values():
            ids = tuple(m.id for m in level)
            for index, message in enumerate(level):
                out[message.id] = Siblings(index, len(ids), ids)
        return out

    def select(self, message_id: int) -> None:
        """Show this branch: the message becomes its parent's selected child."""
        self._store._exec("UPDATE messages SET selected_seq = (SELECT MAX(selected_seq) FROM messages) + 1"
                          " WHERE id = ?", (message_id,))

    def delete_branch(self, message_id: int) -> int:
        """Delete one message and everything that follows it (its subtree); siblings stay.

        Returns:
            How many messages were deleted (0 if there is no such message).
        """
        message = self._store.get_message(message_id)
        if message is None:
            return 0
        doomed = self._subtree(message)
        with self._store._write() as conn:
            conn.execute("DELETE FROM messages WHERE id = ?", (message_id,))  # the subtree cascades
            conn.execute("UPDATE conversations SET updated_at = ? WHERE id = ?",
                         (self._store._clock(), message.conversation_id))
        return doomed

    def _subtree(self, message: Message) -> int:
        children = self._children(self._store.messages(message.conversation_id))
        count, todo = 0, [message.id]
        while todo:
            count += 1
            todo.extend(m.id for m in children.get(todo.pop(), []))
        return count

    @staticmethod
    def _children(messages: list[Message]) -> dict[int | None, list[Message]]:
        children: dict[int | None, list[Message]] = defaultdict(list)
        for message in messages:  # oldest first, so each list is in creation order
            children[message.parent_id].append(message)
        return children
