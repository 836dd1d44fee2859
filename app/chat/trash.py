"""Deleting chats: first softly (Undo brings them back), then for good, leaving no text behind.

A deleted chat leaves the list at once but stays restorable for the Undo window; then
:meth:`Trash.purge` removes it with its messages and token records. SQLite's ``secure_delete``
(set on every connection) zeroes the pages the rows leave, and the write-ahead log, which still
holds copies of them, is checkpointed and truncated. Reached as ``HistoryStore.trash``.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from app.chat.history_file import CLOSED, TIDYING
from model_store.texts import Sentence

if TYPE_CHECKING:
    from app.chat.store import HistoryStore


class Trash:
    """Soft delete, restore, and purge of chats."""

    def __init__(self, store: "HistoryStore") -> None:
        self._store = store

    def delete(self, conversation_id: int) -> bool:
        """Soft-delete a chat: it leaves the list but can be restored until purged.

        Returns:
            True if a live chat was deleted.
        """
        return self._store._exec(
            "UPDATE conversations SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL",
            (self._store._clock(), conversation_id)).rowcount > 0

    def restore(self, conversation_id: int) -> bool:
        """Undo a soft delete.

        Returns:
            True if a deleted chat was restored.
        """
        return self._store._exec(
            "UPDATE conversations SET deleted_at = NULL WHERE id = ? AND deleted_at IS NOT NULL",
            (conversation_id,)).rowcount > 0

    def purge(self, older_than_s: float = 0, only: int | None = None) -> list[int]:
        """Remove soft-deleted chats for good, with every trace of their text in the files.

        Args:
            older_than_s: Only those deleted at least this many seconds ago (past their Undo).
            only: Only this chat (when it is deleted).

        Returns:
            The ids of the chats removed.
        """
        store = self._store
        rows = store._read("SELECT id FROM conversations WHERE deleted_at IS NOT NULL AND deleted_at <= ?"
                           + (" AND id = ?" if only is not None else ""),
                           (store._clock() - older_than_s,) + ((only,) if only is not None else ()))
        ids = [int(r[0]) for r in rows]
        if ids:
            store._exec(f"DELETE FROM conversations WHERE id IN ({','.join('?' * len(ids))})", tuple(ids))
            self.checkpoint()
        return ids

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the database and empty it (no old page copies stay)."""
        store = self._store
        if store._conn is None:
            from app.chat.store import HistoryError

            raise HistoryError(Sentence(CLOSED))
        try:
            store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error as exc:
            raise store._error(TIDYING, exc) from exc
