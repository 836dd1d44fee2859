"""The history database's schema, as numbered, append-only migrations.

Rules for whoever adds one:

* Never edit or renumber a migration that has shipped: users' databases already
  ran it. Change the schema by appending a new ``(number, name, sql)`` entry with
  the next number.
* Each migration runs inside its own transaction together with its row in
  ``schema_migrations``, so it either applies completely or not at all.
* A database that holds a number this list does not know was written by a newer
  Hearth; :class:`app.chat.store.HistoryStore` refuses to open it rather than
  guess.

:func:`connect` opens a database file with Hearth's settings and runs :func:`migrate`;
:func:`move_aside` renames a damaged file. Both raise the raw ``sqlite3``/``OSError``
exceptions; :mod:`app.chat.store` turns them into sentences for the user.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import Any, Iterator

#: ``(number, name, sql)``, applied in order. Append only.
MIGRATIONS: list[tuple[int, str, str]] = [
    (
        1,
        "conversations, messages and presets",
        """
        CREATE TABLE conversations (
            id            INTEGER PRIMARY KEY,
            title         TEXT    NOT NULL,
            system_prompt TEXT    NOT NULL DEFAULT '',
            sampling      TEXT,                -- JSON object, NULL: the model's defaults
            model         TEXT    NOT NULL DEFAULT '',
            created_at    REAL    NOT NULL,
            updated_at    REAL    NOT NULL,    -- last message added or removed
            deleted_at    REAL                 -- set by a soft delete (Undo); NULL: live
        );
        CREATE INDEX conversations_by_activity ON conversations (updated_at DESC, id DESC);

        CREATE TABLE messages (
            id              INTEGER PRIMARY KEY,
            conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
            role            TEXT    NOT NULL,
            content         TEXT    NOT NULL,
            created_at      REAL    NOT NULL,
            model           TEXT    NOT NULL DEFAULT '',
            sampling        TEXT,              -- JSON object
            stats           TEXT,              -- JSON object (GenerationStats.to_dict())
            status          TEXT    NOT NULL DEFAULT 'complete'
        );
        CREATE INDEX messages_by_conversation ON messages (conversation_id, id);
        CREATE INDEX messages_streaming ON messages (status) WHERE status = 'streaming';

        CREATE TABLE presets (
            name          TEXT PRIMARY KEY COLLATE NOCASE,
            sampling      TEXT NOT NULL,       -- JSON object
            system_prompt TEXT
        );
        """,
    ),
    (
        2,
        "reasoning with answers, options per chat",
        """
        -- A reasoning model's thinking, kept apart from its answer ('' for everything older).
        ALTER TABLE messages ADD COLUMN reasoning TEXT NOT NULL DEFAULT '';
        -- JSON object: ChatOptions.to_dict() (thinking switch, what to do when the chat outgrows
        -- the context); NULL: the defaults.
        ALTER TABLE conversations ADD COLUMN options TEXT;
        """,
    ),
    (
        3,
        "a tree of messages, and the tokens of answers",
        """
        -- Each message answers or follows its parent; siblings (same parent) are the branches
        -- that Regenerate, Edit and branch-from-token create. Deleting a message deletes its
        -- subtree. The conversation shows, at each step, the child selected most recently.
        ALTER TABLE messages ADD COLUMN parent_id INTEGER REFERENCES messages (id) ON DELETE CASCADE;
        ALTER TABLE messages ADD COLUMN selected_seq INTEGER NOT NULL DEFAULT 0;
        -- Chats written before the tree were one straight line, in id order.
        UPDATE messages SET selected_seq = id, parent_id = (
            SELECT MAX(p.id) FROM messages p
            WHERE p.conversation_id = messages.conversation_id AND p.id < messages.id);
        CREATE INDEX messages_by_parent ON messages (parent_id);

        -- The tokens of an answer (app.chat.token_records): ids, and with the inspector on
        -- each token's probability, rank and the top_k most likely alternatives. Binary, compact.
        CREATE TABLE message_tokens (
            message_id INTEGER PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
            top_k      INTEGER NOT NULL,
            data       BLOB    NOT NULL
        );
        """,
    ),
]

#: Created outside the numbered list: it records which of them have run.
BOOKKEEPING_SQL = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at REAL NOT NULL
)
"""


def latest_version() -> int:
    """The highest migration number this version of Hearth knows."""
    return max(number for number, _, _ in MIGRATIONS)


def split_statements(sql: str) -> Iterator[str]:
    """Yield the single SQL statements in ``sql``, in order.

    ``sqlite3`` executes one statement per call (``executescript`` would commit
    the migration's transaction early), so a migration's script is split here.
    Semicolons inside string literals, comments and triggers are respected.

    Args:
        sql: One or more statements separated by semicolons.

    Returns:
        An iterator of statements, each ending with a semicolon.

    Raises:
        ValueError: the script ends with an unterminated statement.
    """
    buffer = ""
    for piece in sql.split(";"):
        buffer += piece + ";"
        if sqlite3.complete_statement(buffer):
            if _has_code(buffer):
                yield buffer.strip()
            buffer = ""
    buffer = buffer[:-1]  # the ';' added after the last piece
    if _has_code(buffer):
        raise ValueError(f"Unterminated SQL statement in a migration: {buffer.strip()[:60]!r}")


def _has_code(sql: str) -> bool:
    """Whether ``sql`` holds anything besides whitespace, semicolons and ``--`` comments."""
    for line in sql.splitlines():
        code = line.split("--", 1)[0].strip().strip(";").strip()
        if code:
            return True
    return False


class SchemaTooNewError(Exception):
    """The database holds migrations this Hearth does not know: a newer Hearth wrote it."""

    def __init__(self, found: int) -> None:
        super().__init__(f"schema version {found} is newer than {latest_version()}")
        self.found = found


def migrate(conn: sqlite3.Connection, now: float) -> list[int]:
    """Apply the migrations ``conn``'s database has not run yet, in order.

    Each runs in its own transaction together with its ``schema_migrations`` row,
    so a failure leaves the database as it was before that migration.

    Args:
        conn: An open connection with no transaction in progress.
        now: The ``applied_at`` timestamp to record.

    Returns:
        The numbers of the migrations applied now (empty when up to date).

    Raises:
        SchemaTooNewError: the database has a migration number not in :data:`MIGRATIONS`.
        sqlite3.Error: a migration failed (it was rolled back) or the file is unreadable.
    """
    with conn:
        conn.execute(BOOKKEEPING_SQL)
    applied = {row[0] for row in conn.execute("SELECT version FROM schema_migrations")}
    unknown = applied - {number for number, _, _ in MIGRATIONS}
    if unknown:
        raise SchemaTooNewError(max(unknown))
    done = []
    for number, name, sql in sorted(MIGRATIONS):
        if number in applied:
            continue
        conn.execute("BEGIN")
        try:
            for statement in split_statements(sql):
                conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                (number, name, now),
            )
        except BaseException:
            conn.rollback()
            raise
        conn.commit()
        done.append(number)
    return done


def connect(path: Path, now: float, timeout: float = 5.0, *, read_only: bool = False) -> sqlite3.Connection:
    """Open the database at ``path`` in WAL mode with foreign keys on, and migrate it.

    Rows come back as :class:`sqlite3.Row`; the SQL function ``hearth_fold(text)``
    (Unicode case folding) is available for searching.

    Args:
        path: The database file; created (with its folder) if missing.
        now: Timestamp recorded for migrations applied now.
        timeout: How long a statement waits, in seconds, while another connection holds a lock.
        read_only: Only read it, for a file in a folder that cannot be written, where SQLite
            cannot make the side files WAL needs: read-only if they are there, else as an
            unchanging file (SQLite's ``immutable``). It is not migrated; one that needs to be
            raises ``sqlite3.Error`` (SQLITE_READONLY).

    Returns:
        An open connection in Python's default (implicit-BEGIN) transaction mode.

    Raises:
        SchemaTooNewError: a newer Hearth wrote the database.
        sqlite3.Error: the file cannot be opened or is not a database (``sqlite_errorcode``
            11 or 26 means damaged), or a migration failed.
        OSError: the folder cannot be created.
    """
    if read_only:
        conn = _connect_read_only(path, timeout)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=timeout)
    try:
        conn.row_factory = sqlite3.Row
        conn.create_function("hearth_fold", 1, _fold, deterministic=True)
        # secure_delete: deleted text is overwritten, not left in free pages of the file.
        for pragma in ("journal_mode=WAL", "foreign_keys=ON", "synchronous=NORMAL", "secure_delete=ON"):
            if not (read_only and pragma.startswith("journal_mode")):
                conn.execute(f"PRAGMA {pragma}")
        migrate(conn, now)
    except BaseException:
        conn.close()
        raise
    return conn


def _connect_read_only(path: Path, timeout: float) -> sqlite3.Connection:
    uri = path.resolve().as_uri()
    try:
        conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=timeout)
    except sqlite3.Error:
        pass
    else:
        try:
            conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()  # a missing "-shm" shows here
            return conn
        except sqlite3.Error:
            conn.close()
    return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, timeout=timeout)


def is_damaged(exc: sqlite3.Error) -> bool:
    """Whether an error means the file is corrupt or not a database (SQLITE_CORRUPT/NOTADB)."""
    return getattr(exc, "sqlite_errorcode", 0) & 0xFF in (11, 26)


def move_aside(path: Path) -> Path:
    """Rename a damaged database and its ``-wal``/``-shm`` files to ``<name>.corrupt-<timestamp>``.

    Nothing is deleted; an existing name gets a counter appended.

    Returns:
        The new path of the database file.

    Raises:
        OSError: a file could not be renamed.
    """
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside, counter = path.with_name(f"{path.name}.corrupt-{stamp}"), 1
    while aside.exists():
        counter += 1
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
    os.replace(path, aside)
    for suffix in ("-wal", "-shm"):
        if path.with_name(path.name + suffix).exists():
            os.replace(path.with_name(path.name + suffix), aside.with_name(aside.name + suffix))
    return aside


def _fold(text: Any) -> Any:
    """SQL function ``hearth_fold``: Unicode case folding, for non-ASCII search."""
    return text.casefold() if isinstance(text, str) else text
