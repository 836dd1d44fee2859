"""The chat history's SQLite file: its one connection, transactions, and writes that cannot be made.

A :class:`HistoryFile` opens the database (:func:`app.chat.migrations.connect`), runs reads and
write transactions for :class:`app.chat.store.HistoryStore`, and turns every failure into a
:class:`HistoryError`, a sentence for the user.

When the file cannot be written now — the disk is full, the file is read-only, another program
holds its lock (:mod:`app.chat.write_faults`) — nothing the user wrote is dropped. An update of
a row (an answer's text while it streams, a chat's settings) is kept in :attr:`HistoryFile.unsaved`:
reads show it, the next write transaction writes it first, and :meth:`HistoryFile.retry_unsaved`
tries again by itself. Anything else raises :class:`HistoryUnwritableError` and the caller keeps
what it was saving (the message box keeps the text). A file opened read-only is opened again before
the next try, so allowing writes is enough; nothing needs a restart.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import stat
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping

from app.chat import migrations
from app.chat.write_faults import READ_ONLY, kind_of, sentence
from app.engine.errors import HearthError
from model_store.texts import QT_TRANSLATE_NOOP, Sentence

log = logging.getLogger(__name__)

BUSY_TIMEOUT_S = 5.0  # how long a write waits for another program to let go of the file
RETRY_AFTER_S = 5.0   # while writes fail, how often kept changes are tried again by themselves,
RETRY_WAIT_S = 0.25   # and how long such a try waits for a lock, so the window stays responsive


# The sentences of a failure with no better explanation (see :meth:`HistoryFile.error`).
OPENING = QT_TRANSLATE_NOOP("model_store", "Could not open the chat history at {path}: {reason}.")
READING = QT_TRANSLATE_NOOP("model_store", "Could not read the chat history at {path}: {reason}.")
SAVING = QT_TRANSLATE_NOOP("model_store", "Could not save to the chat history at {path}: {reason}.")
TIDYING = QT_TRANSLATE_NOOP("model_store", "Could not tidy the chat history at {path}: {reason}.")
CLOSED = QT_TRANSLATE_NOOP("model_store", "The chat history is closed.")


class HistoryError(HearthError):
    """The chat history could not be read or written; ``str()`` is a sentence for the user."""


class CorruptHistoryError(HistoryError):
    """The file is damaged or not a history database (:meth:`HistoryStore.open_or_recover`)."""


class HistoryUnwritableError(HistoryError):
    """The history cannot be written now; the same write succeeds once that is fixed.

    Attributes:
        kind: Why: ``FULL``, ``READ_ONLY``, ``LOCKED`` or ``DISK_ERROR`` of :mod:`app.chat.write_faults`.
    """

    def __init__(self, message: str, detail: str, kind: str) -> None:
        super().__init__(message, detail)
        self.kind = kind


class UnsavedChanges:
    """Row updates not written yet: the newest stored value of each column, by row.

    Values are as stored (JSON columns as text), so a row read from the file with them laid over it
    (:meth:`over`) is the row as it will be once they are written.
    """

    def __init__(self) -> None:
        self._rows: dict[tuple[str, int], dict[str, Any]] = {}

    def __len__(self) -> int:
        return len(self._rows)

    def keep(self, table: str, row_id: int, values: Mapping[str, Any]) -> None:
        """Remember ``values`` (column → stored value) for one row, over any kept before."""
        self._rows.setdefault((table, row_id), {}).update(values)

    def over(self, table: str, row: sqlite3.Row) -> Mapping[str, Any]:
        """``row`` (it has an ``id`` column) with the changes kept for it applied."""
        changes = self._rows.get((table, row["id"]))
        return {**{key: row[key] for key in row.keys()}, **changes} if changes else row

    def write(self, conn: sqlite3.Connection) -> None:
        """Write them all in the caller's transaction (a row deleted meanwhile needs nothing)."""
        for (table, row_id), values in self._rows.items():
            update_row(conn, table, row_id, values)

    def clear(self) -> None:
        self._rows.clear()


def update_row(conn: sqlite3.Connection, table: str, row_id: int, values: Mapping[str, Any]) -> int:
    """``UPDATE table SET column = value, … WHERE id = row_id``; returns the rows changed."""
    assignments = ", ".join(f"{column} = ?" for column in values)
    return conn.execute(f"UPDATE {table} SET {assignments} WHERE id = ?", (*values.values(), row_id)).rowcount


class HistoryFile:
    """One connection to the history database, used from one thread.

    Attributes:
        path: The database file.
        unsaved: Updates not written yet (see the module's docstring).
        trouble: Why the file cannot be written now, a sentence for the user, or None: set when
            it opens read-only and when an update had to be kept; cleared by the next write.
        on_unsaved: Called with :attr:`trouble` when it changes because an update had to be
            kept, to tell the user once per trouble rather than once per update.
    """

    def __init__(self, path: Path, clock: Callable[[], float], busy_timeout_s: float | None = None) -> None:
        """Open (creating if needed) the database and bring its schema up to date.

        Raises:
            CorruptHistoryError: the file is damaged or not a history database.
            HistoryError: it cannot be opened (permissions, locked, disk full), or a newer Hearth
                wrote it.
        """
        self.path, self._clock = path, clock
        self._busy_s = BUSY_TIMEOUT_S if busy_timeout_s is None else busy_timeout_s
        self.unsaved = UnsavedChanges()
        self.trouble: str | None = None
        self.on_unsaved: Callable[[str], None] | None = None
        self.on_saved: Callable[[str], None] | None = None  # called with the trouble that cleared
        self._failing: str | None = None  # the kind of trouble the last write met
        self._failed_at = 0.0
        self._closed = False
        self.conn: sqlite3.Connection | None = self._open()
        self._check_writable()

    def _open(self) -> sqlite3.Connection:
        path = self.path
        try:
            return migrations.connect(path, self._clock(), timeout=self._busy_s)
        except migrations.SchemaTooNewError as exc:
            raise HistoryError(Sentence(QT_TRANSLATE_NOOP(
                "model_store", "This history was written by a newer Hearth (schema version {found}; this "
                "one understands up to {latest}). Update Hearth to open {path}."),
                found=exc.found, latest=migrations.latest_version(), path=str(path)), str(exc)) from exc
        except (sqlite3.Error, OSError) as exc:  # OSError: the folder could not be created
            if isinstance(exc, sqlite3.Error) and migrations.is_damaged(exc):
                raise CorruptHistoryError(Sentence(QT_TRANSLATE_NOOP(
                    "model_store", "The chat history at {path} is damaged or is not a Hearth history file."),
                    path=str(path)),
                    str(exc)) from exc
            kind = kind_of(exc)
            if kind is None and path.parent.is_dir() and not os.access(path.parent, os.W_OK):
                kind = READ_ONLY  # the file is not there yet and cannot be made
            if kind == READ_ONLY and path.is_file():  # a read-only folder: the chats can still be read
                try:
                    conn = migrations.connect(path, self._clock(), timeout=self._busy_s, read_only=True)
                except (sqlite3.Error, migrations.SchemaTooNewError):
                    pass
                else:
                    self._failing, self._failed_at = READ_ONLY, time.monotonic()
                    self.trouble = sentence(READ_ONLY, path)
                    return conn
            if kind is not None:
                raise HistoryUnwritableError(sentence(kind, path, opening=True), str(exc), kind) from exc
            raise self.error(OPENING, exc) from exc

    def close(self) -> None:
        """Close the database after a last try at writing what is :attr:`unsaved`. Safe twice."""
        if self._closed:
            return
        try:
            if not self.retry_unsaved(force=True):
                log.warning("%d unsaved changes to the chat history are lost: %s", len(self.unsaved), self.trouble)
        except HistoryError as exc:
            log.warning("unsaved changes to the chat history are lost: %s", exc.detail or exc)
        self._closed = True
        if self.conn is not None:
            try:
                self.conn.execute("PRAGMA optimize")
            except sqlite3.Error:
                pass  # only a hint for the query planner; closing matters more
            self.conn.close()
            self.conn = None

    def error(self, template: str, exc: BaseException) -> HistoryError:
        """``template`` (:data:`OPENING`, :data:`READING` or :data:`SAVING`) filled in with the path
        and ``exc``'s reason, for a failure with no better sentence."""
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return HistoryError(Sentence(template, path=str(self.path), reason=reason.rstrip(".")), str(exc))

    def read(self, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
        conn = self._live()
        try:
            return conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise self.error(READING, exc) from exc

    @contextmanager
    def write(self, *, retry: bool = False) -> Iterator[sqlite3.Connection]:
        """One transaction: committed on success, rolled back on any error.

        It starts by writing what is :attr:`unsaved`, so that and the new write are saved
        together or not at all.

        Args:
            retry: Only kept changes are being tried again, not something the user just did:
                wait for another program's lock at most :data:`RETRY_WAIT_S`.

        Raises:
            HistoryUnwritableError: the file cannot be written now.
            HistoryError: it cannot be written for another reason, or it is closed.
        """
        conn = self._connection()
        wait = min(self._busy_s, RETRY_WAIT_S) if retry else self._busy_s
        try:
            if wait != self._busy_s:
                self._set_wait(wait)
            with conn:
                self.unsaved.write(conn)
                yield conn
        except sqlite3.Error as exc:
            kind = kind_of(exc)
            if kind is None:
                raise self.error(SAVING, exc) from exc
            self._failing, self._failed_at = kind, time.monotonic()
            raise HistoryUnwritableError(sentence(kind, self.path), str(exc), kind) from exc
        finally:
            if wait != self._busy_s and self.conn is conn:
                self._set_wait(self._busy_s)
        self.unsaved.clear()
        cleared, self._failing, self.trouble = self.trouble, None, None
        if cleared and self.on_saved is not None:
            self.on_saved(cleared)

    def update(self, table: str, row_id: int, values: Mapping[str, Any]) -> int:
        """Change one row (stored values); what cannot be written now is kept in :attr:`unsaved`.

        While writes fail, a change is kept without trying, except every :data:`RETRY_AFTER_S`.

        Returns:
            The rows changed; a kept change counts as one.
        """
        failing = self._failing is not None
        if failing and not self._retry_due():
            self.unsaved.keep(table, row_id, values)
            return 1
        try:
            with self.write(retry=failing) as conn:
                return update_row(conn, table, row_id, values)
        except HistoryUnwritableError as exc:
            self.unsaved.keep(table, row_id, values)
            self._tell(exc.message)
            return 1

    def retry_unsaved(self, *, force: bool = False) -> bool:
        """Try again to write what is :attr:`unsaved`.

        Args:
            force: Try now, not only once :data:`RETRY_AFTER_S` have passed since the last failure.

        Returns:
            True when nothing is left unsaved.
        """
        if not self.unsaved:
            return True
        if not force and not self._retry_due():
            return False
        try:
            with self.write(retry=True):
                pass
        except HistoryUnwritableError as exc:
            self._tell(exc.message)
            return False
        return True

    def _retry_due(self) -> bool:
        return time.monotonic() - self._failed_at >= RETRY_AFTER_S

    def _tell(self, trouble_sentence: str) -> None:
        if trouble_sentence != self.trouble:
            self.trouble = trouble_sentence
            if self.on_unsaved is not None:
                self.on_unsaved(trouble_sentence)

    def _check_writable(self) -> None:
        """A read-only file opens and reads as usual: find out now, before the user writes."""
        assert self.conn is not None
        try:
            self._set_wait(0)  # another program writing right now says nothing about the file
            with self.conn:
                self.conn.execute("UPDATE schema_migrations SET version = version WHERE 0")
        except sqlite3.Error as exc:
            if kind_of(exc) == READ_ONLY:
                self._failing, self._failed_at = READ_ONLY, time.monotonic()
                self.trouble = sentence(READ_ONLY, self.path)
        finally:
            self._set_wait(self._busy_s)

    def _set_wait(self, seconds: float) -> None:
        assert self.conn is not None
        self.conn.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")

    def _live(self) -> sqlite3.Connection:
        if self._closed:
            raise HistoryError(Sentence(CLOSED))
        if self.conn is None:  # opening it anew failed last time: try again
            self.conn = self._open()
        return self.conn

    def _connection(self) -> sqlite3.Connection:
        """The connection for a write: opened anew if the file was read-only and may be writable now."""
        conn = self._live()
        if self._failing != READ_ONLY or not os.access(self.path, os.W_OK):
            return conn
        # A connection opened read-only stays so, and so does this process's hold on the "-shm"
        # file, which SQLite made with the database's permissions of that time: close it, give
        # the side files the database's permissions again, and open anew.
        conn.close()
        self.conn = None
        for side in (self.path.with_name(self.path.name + suffix) for suffix in ("-wal", "-shm")):
            try:
                if side.exists() and not os.access(side, os.W_OK):
                    side.chmod(stat.S_IMODE(self.path.stat().st_mode))
            except OSError:
                pass  # not ours to change: the write says why
        self.conn = self._open()
        return self.conn
