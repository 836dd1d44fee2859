"""The chat history: conversations, their messages and named sampling presets, in SQLite.

One :class:`HistoryStore` owns one connection and is used from the GUI thread only.
Every write is its own short transaction, so a crash loses at most the write in
flight; the database runs in WAL mode with ``synchronous=NORMAL``. The schema
comes from the numbered migrations in :mod:`app.chat.migrations`; the records it
returns (:class:`Conversation`, :class:`Message`, :class:`Preset`) live in
:mod:`app.chat.records` and are importable from here too. Messages form a tree, walked by
``store.tree`` (:class:`app.chat.tree.ConversationTree`); presets are kept through
``store.presets``, answers' tokens through ``store.tokens``, and deleted chats through
``store.trash`` (soft delete with Undo, then a purge that leaves no text behind).

An answer being generated is saved with status ``"streaming"`` and updated about
once a second; at startup :meth:`HistoryStore.recover_interrupted` turns any left
over from a crash into ``"interrupted"``, keeping the partial text.

The file itself, its transactions and what happens when it cannot be written (disk full,
read-only, locked by another program) are :mod:`app.chat.history_file`'s: an update that cannot
be written is kept and shown until it can be, anything else raises :class:`HistoryUnwritableError`.
"""

from __future__ import annotations

import sqlite3
import time
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Callable

from app.chat import migrations
from app.chat.history_file import (CorruptHistoryError, HistoryError, HistoryFile,  # noqa: F401 (re-exported)
                                   HistoryUnwritableError, UnsavedChanges)
from app.chat.presets import PresetBook
from app.chat.token_records import TokenBook
from app.chat.trash import Trash
from app.chat.tree import ConversationTree
# The records are re-exported: ``from app.chat.store import Conversation, Message`` is the usual import.
from app.chat.records import (DEFAULT_TITLE, JSON_FIELDS, ROLES, STATUSES, Conversation, Message, Preset,
                              check_choice, from_row, title_from_text, to_json)

LAST = object()  # add_message's default parent: the last message of the branch shown


class HistoryStore:
    """The SQLite chat history; close it, or use it as a context manager.

    Every method raises :class:`HistoryError` when the database cannot be read or
    written (file removed, store closed), :class:`HistoryUnwritableError` when it cannot be
    written now (disk full, read-only, locked); "Raises" below lists only the other cases.
    The updates (``update_message``, ``update_conversation``, ``rename_conversation``,
    ``auto_title``, ``recover_interrupted``) raise neither for a write they cannot make
    now: they keep it in :attr:`unsaved` and say so through :attr:`on_unsaved`.

    Attributes:
        path: The database file.
        recovered_from: Where :meth:`open_or_recover` moved a damaged file, else None.
    """

    def __init__(self, path: Path, *, clock: Callable[[], float] = time.time,
                 busy_timeout_s: float | None = None) -> None:
        """Open (creating if needed) the history at ``path`` and bring its schema up to date.

        Args:
            path: The database file; its folder is created if missing.
            clock: Source of timestamps (tests pass a fake one).
            busy_timeout_s: How long a write waits while another program holds the file's lock
                (default ``history_file.BUSY_TIMEOUT_S``).

        Raises:
            CorruptHistoryError: the file is damaged or not a history database.
            HistoryError: it cannot be opened (permissions, locked), or a newer Hearth wrote it.
        """
        self.path = Path(path)
        self.recovered_from: Path | None = None
        self._clock = clock
        self._file = HistoryFile(self.path, clock, busy_timeout_s)
        self.presets = PresetBook(self)
        self.tree = ConversationTree(self)
        self.tokens = TokenBook(self)
        self.trash = Trash(self)

    @classmethod
    def open_or_recover(cls, path: Path, *, clock: Callable[[], float] = time.time
                        ) -> "HistoryStore":
        """Open the history; if the file is damaged, move it aside and start a new one.

        The damaged file (and any ``-wal``/``-shm`` beside it) is renamed to
        ``<name>.corrupt-<timestamp>``, never deleted; the returned store's
        :attr:`recovered_from` says where it went, so the UI can tell the user.

        Returns:
            An open store.

        Raises:
            HistoryError: the file cannot be opened for another reason (locked, no
                permission, written by a newer Hearth), or could not be moved aside.
        """
        try:
            return cls(path, clock=clock)
        except CorruptHistoryError:
            try:
                aside = migrations.move_aside(Path(path))
            except OSError as exc:
                raise HistoryError(f"The chat history at {path} is damaged and could not be moved"
                                   f" aside: {exc.strerror or exc}.", str(exc)) from exc
        store = cls(path, clock=clock)
        store.recovered_from = aside
        return store

    def close(self) -> None:
        """Close the database, after a last try at writing what is :attr:`unsaved`. Safe to call twice."""
        self._file.close()

    def __enter__(self) -> "HistoryStore":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- writes that cannot be made now -------------------------------------------------

    @property
    def unsaved(self) -> UnsavedChanges:
        """Updates not written yet: every read shows them, the next write saves them first."""
        return self._file.unsaved

    @property
    def trouble(self) -> str | None:
        """Why the history cannot be written now, a sentence for the user, or None (set when it
        opened read-only, and when an update had to be kept; cleared by the next write)."""
        return self._file.trouble

    @property
    def on_unsaved(self) -> Callable[[str], None] | None:
        """Called with :attr:`trouble` when it changes because an update had to be kept: tell the
        user, once per trouble rather than once per update."""
        return self._file.on_unsaved

    @on_unsaved.setter
    def on_unsaved(self, callback: Callable[[str], None] | None) -> None:
        self._file.on_unsaved = callback

    @property
    def on_saved(self) -> Callable[[str], None] | None:
        """Called with the :attr:`trouble` that cleared once a write succeeds again."""
        return self._file.on_saved

    @on_saved.setter
    def on_saved(self, callback: Callable[[str], None] | None) -> None:
        self._file.on_saved = callback

    def retry_unsaved(self, *, force: bool = False) -> bool:
        """Try again to write what is :attr:`unsaved` (by default only every few seconds).

        Returns:
            True when nothing is left unsaved.
        """
        return self._file.retry_unsaved(force=force)

    # -- plumbing -----------------------------------------------------------------------

    @property
    def _conn(self) -> sqlite3.Connection | None:
        return self._file.conn

    def _error(self, doing: str, exc: BaseException) -> HistoryError:
        return self._file.error(doing, exc)

    def _write(self) -> AbstractContextManager[sqlite3.Connection]:
        """One transaction, committed on success, rolled back on any error (``HistoryFile.write``)."""
        return self._file.write()

    def _exec(self, sql: str, params: tuple = ()) -> sqlite3.Cursor:
        """Run one write statement in its own transaction."""
        with self._write() as conn:
            return conn.execute(sql, params)

    def _read(self, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
        return self._file.read(sql, params)

    def _records(self, cls: type, table: str, rows: list[sqlite3.Row]) -> list[Any]:
        """Rows as records, with what is :attr:`unsaved` laid over them."""
        return [from_row(cls, self.unsaved.over(table, row)) for row in rows]

    def _update(self, table: str, row_id: int, changes: dict[str, Any]) -> int:
        """Change one row; what cannot be written now is kept (``HistoryFile.update``)."""
        if not changes:
            return 0
        return self._file.update(table, row_id, {k: to_json(v) if k in JSON_FIELDS else v
                                                 for k, v in changes.items()})

    # -- conversations ------------------------------------------------------------------

    def create_conversation(self, title: str = DEFAULT_TITLE, system_prompt: str = "",
                            sampling: dict[str, Any] | None = None, model: str = "",
                            options: dict[str, Any] | None = None) -> Conversation:
        """Start a new, empty chat.

        Args:
            title: Shown in the chat list; blank becomes "New chat".
            system_prompt: Instructions sent before the conversation.
            sampling: A ``SamplingParams.to_dict()`` (or the params), None for model defaults.
            model: The model's name, for display.
            options: A ``ChatOptions.to_dict()`` (or the options), None for the defaults.

        Returns:
            The new conversation.
        """
        now = self._clock()
        cursor = self._exec(
            "INSERT INTO conversations (title, system_prompt, sampling, model, created_at,"
            " updated_at, options) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (" ".join(title.split()) or DEFAULT_TITLE, system_prompt, to_json(sampling), model,
             now, now, to_json(options)))
        return self._conversation_or_raise(int(cursor.lastrowid or 0))

    def get_conversation(self, conversation_id: int, *, include_deleted: bool = False
                         ) -> Conversation | None:
        """Return one chat, or None if there is none (or it is soft-deleted, unless asked)."""
        extra = "" if include_deleted else " AND deleted_at IS NULL"
        rows = self._read(f"SELECT * FROM conversations WHERE id = ?{extra}", (conversation_id,))
        return self._records(Conversation, "conversations", rows)[0] if rows else None

    def list_conversations(self, query: str = "") -> list[Conversation]:
        """Return the chats that are not deleted, most recently active first.

        Args:
            query: If not blank, keep only chats whose title or any message (its answer or
                its reasoning) contains it, ignoring case; every character (``%`` and ``_``
                too) is literal.
        """
        query = query.strip()
        where, params = "c.deleted_at IS NULL", ()
        if query:
            if query.isascii():  # LIKE ignores ASCII case; escape its wildcards
                escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                match, needle = "{} LIKE ? ESCAPE '\\'", f"%{escaped}%"
            else:  # Unicode case folding, in Python
                match, needle = "instr(hearth_fold({}), ?) > 0", query.casefold()
            where += (f" AND ({match.format('c.title')} OR EXISTS (SELECT 1 FROM messages m"
                      f" WHERE m.conversation_id = c.id AND ({match.format('m.content')}"
                      f" OR {match.format('m.reasoning')})))")
            params = (needle, needle, needle)
        rows = self._read(f"SELECT c.* FROM conversations c WHERE {where}"
                          " ORDER BY c.updated_at DESC, c.id DESC", params)
        return self._records(Conversation, "conversations", rows)

    def conversation_ids(self) -> list[int]:
        """Every chat's id, deleted ones still within their Undo included."""
        return [int(r[0]) for r in self._read("SELECT id FROM conversations")]

    def rename_conversation(self, conversation_id: int, title: str) -> Conversation:
        """Give a chat a new title (whitespace collapsed) and return it.

        Raises:
            HistoryError: the title is blank ("A chat needs a name."), or there is no such chat.
        """
        title = " ".join(title.split())
        if not title:
            raise HistoryError("A chat needs a name.")
        self._update("conversations", conversation_id, {"title": title})
        return self._conversation_or_raise(conversation_id)

    def update_conversation(self, conversation_id: int, *, system_prompt: str | None = None,
                            sampling: dict[str, Any] | None = None, model: str | None = None,
                            options: dict[str, Any] | None = None) -> Conversation:
        """Change a chat's settings: only the arguments given (not None) change.

        ``sampling={}`` means the model's defaults (``SamplingParams.from_dict({})``).

        Returns:
            The updated conversation.

        Raises:
            HistoryError: there is no such chat.
        """
        given = {"system_prompt": system_prompt, "sampling": sampling, "model": model, "options": options}
        self._update("conversations", conversation_id,
                     {k: v for k, v in given.items() if v is not None})
        return self._conversation_or_raise(conversation_id)

    def _conversation_or_raise(self, conversation_id: int) -> Conversation:
        conversation = self.get_conversation(conversation_id, include_deleted=True)
        if conversation is None:
            raise HistoryError("That chat no longer exists.")
        return conversation

    def auto_title(self, conversation_id: int, first_user_text: str) -> str | None:
        """Name a chat after its first question (:func:`title_from_text`) if still "New chat".

        Returns:
            The new title, or None if the title was kept (already named, or blank text).
        """
        title = title_from_text(first_user_text)
        conversation = self.get_conversation(conversation_id, include_deleted=True)
        if not title or conversation is None or conversation.title != DEFAULT_TITLE:
            return None
        self._update("conversations", conversation_id, {"title": title})
        return title

    # -- messages -----------------------------------------------------------------------

    def add_message(self, conversation_id: int, role: str, content: str, *, model: str = "",
                    sampling: dict[str, Any] | None = None, stats: dict[str, Any] | None = None,
                    status: str = "complete", reasoning: str = "", parent_id: int | None | object = LAST
                    ) -> Message:
        """Add a message to a chat, selected (shown) among its siblings, and mark the chat as just active.

        Args:
            role: "system", "user" or "assistant".
            sampling, stats: Dicts (or SamplingParams / GenerationStats), stored as JSON.
            status: One of :data:`STATUSES`; "streaming" while an answer is generated.
            reasoning: An answer's thinking, kept apart from its text.
            parent_id: The message it follows (None: it starts the chat, beside any other first
                message); by default the last message of the branch shown now.

        Returns:
            The stored message.

        Raises:
            ValueError: ``role`` or ``status`` is unknown (a programming error).
            HistoryError: there is no such chat.
        """
        check_choice("role", role, ROLES)
        check_choice("status", status, STATUSES)
        if parent_id is LAST:
            path = self.tree.path(conversation_id)
            parent_id = path[-1].id if path else None
        now = self._clock()
        with self._write() as conn:
            if conn.execute("UPDATE conversations SET updated_at = ? WHERE id = ?",
                            (now, conversation_id)).rowcount == 0:
                raise HistoryError("That chat no longer exists.")
            if parent_id is not None and conn.execute(
                    "SELECT 1 FROM messages WHERE id = ? AND conversation_id = ?",
                    (parent_id, conversation_id)).fetchone() is None:
                raise HistoryError("That message no longer exists.")
            cursor = conn.execute(
                "INSERT INTO messages (conversation_id, role, content, created_at, model, sampling,"
                " stats, status, reasoning, parent_id, selected_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                " (SELECT COALESCE(MAX(selected_seq), 0) + 1 FROM messages))",
                (conversation_id, role, content, now, model, to_json(sampling), to_json(stats),
                 status, reasoning, parent_id))
        message = self.get_message(int(cursor.lastrowid or 0))
        assert message is not None
        return message

    def update_message(self, message_id: int, *, content: str | None = None,
                       status: str | None = None, stats: dict[str, Any] | None = None,
                       reasoning: str | None = None) -> None:
        """Change a streaming message with one cheap UPDATE; only arguments not None change.

        Called about once a second while an answer streams; the chat's activity
        time is left alone.

        Raises:
            ValueError: ``status`` is unknown (a programming error).
        """
        if status is not None:
            check_choice("status", status, STATUSES)
        given = {"content": content, "status": status, "stats": stats, "reasoning": reasoning}
        self._update("messages", message_id, {k: v for k, v in given.items() if v is not None})

    def messages(self, conversation_id: int) -> list[Message]:
        """Return all of a chat's messages, every branch, oldest first (``tree.path`` gives the
        branch shown)."""
        rows = self._read("SELECT * FROM messages WHERE conversation_id = ? ORDER BY id",
                          (conversation_id,))
        return self._records(Message, "messages", rows)

    def get_message(self, message_id: int) -> Message | None:
        """Return one message, or None if there is none."""
        rows = self._read("SELECT * FROM messages WHERE id = ?", (message_id,))
        return self._records(Message, "messages", rows)[0] if rows else None

    def recover_interrupted(self) -> int:
        """Mark answers left "streaming" by a crash as "interrupted", keeping their text.

        Call once at startup, before any generation starts. Nothing is written when there is
        nothing to mark, so a read-only history opens as usual.

        Returns:
            How many messages were marked.
        """
        found = [int(row[0]) for row in self._read("SELECT id FROM messages WHERE status = 'streaming'")]
        for message_id in found:
            self._update("messages", message_id, {"status": "interrupted"})
        return len(found)
