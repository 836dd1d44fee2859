"""What must hold after every step of the GUI random walk, read from the window and the database.

The database is read through a connection of its own (read-only), so what is checked is what
was committed, not what the app's store believes. The checks:

* ``exceptions``: no exception reached Qt's event loop (a slot or virtual method raised) and
  nothing was logged at ERROR (the engine thread and the worker log the bugs they swallow).
* ``integrity``: ``PRAGMA integrity_check`` says "ok" and no foreign key dangles.
* ``markers``: every token of an answer names its request (:class:`MarkedEngine`); in any
  message, each request's tokens are a prefix of what that request answered, in order; every
  request is one asked for that message's chat; a "complete" answer ends with the whole of
  its last request; nothing is left "error" or "interrupted" (the fake never fails, the app
  never crashes here).
* ``streaming``: only the answer being written is "streaming" in the database.
* ``view``: with no answer streaming, the chat view shows exactly the branch the database
  selects for the open chat (ids, roles, text, status, ‹ i / n ›); while one streams, the
  same for every message above it. The session agrees, the composer's busy state agrees, and
  the chat list holds exactly the chats not deleted, the open one selected.
* ``kept``: an answer that stopped streaming (Stop, a switch, a new chat, a delete, a model
  load, a quit) is saved with at least the text it showed, as "cancelled" (or "complete"
  when it had already finished).
"""

from __future__ import annotations

import collections
import logging
import sqlite3
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget

from tests.chaos.gui_ops import MARK, MarkedEngine


@dataclass(frozen=True)
class Row:
    """One message as committed."""

    id: int
    conversation_id: int
    role: str
    content: str
    status: str
    parent_id: int | None
    selected_seq: int


_COLUMNS = "id, conversation_id, role, content, status, parent_id, selected_seq"  # a Row's fields


class HistoryReader:
    """A read-only connection of its own to the history database."""

    def __init__(self, path: Path) -> None:
        self._conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)

    def close(self) -> None:
        self._conn.close()

    def integrity(self) -> tuple[str, list]:
        ok = ", ".join(str(r[0]) for r in self._conn.execute("PRAGMA integrity_check").fetchall())
        return ok, self._conn.execute("PRAGMA foreign_key_check").fetchall()

    def rows(self) -> list[Row]:
        return [Row(*r) for r in self._conn.execute(f"SELECT {_COLUMNS} FROM messages ORDER BY id").fetchall()]

    def message(self, message_id: int) -> Row | None:
        found = self._conn.execute(f"SELECT {_COLUMNS} FROM messages WHERE id = ?", (message_id,)).fetchall()
        return Row(*found[0]) if found else None

    def live_chats(self) -> set[int]:
        return {r[0] for r in self._conn.execute("SELECT id FROM conversations WHERE deleted_at IS NULL")}

    def all_chats(self) -> set[int]:
        return {r[0] for r in self._conn.execute("SELECT id FROM conversations")}


def branch_shown(rows: list[Row], conversation_id: int) -> list[tuple[Row, tuple[int, int]]]:
    """The path the chat shows, worked out here from the rows (the most recently selected child
    at each step), each with its place among its siblings."""
    children: dict[int | None, list[Row]] = collections.defaultdict(list)
    for row in rows:
        if row.conversation_id == conversation_id:
            children[row.parent_id].append(row)
    path, level = [], children.get(None, [])
    while level:
        chosen = max(level, key=lambda r: (r.selected_seq, r.id))
        path.append((chosen, (level.index(chosen), len(level))))
        level = children.get(chosen.id, [])
    return path


class ErrorLog(logging.Handler):
    """Keeps every record logged at ERROR or above."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class Invariants:
    """Runs the checks; ``counts`` says how many of each ran."""

    def __init__(self, reader: HistoryReader, engine: MarkedEngine | None, exceptions: list, errors: ErrorLog,
                 answers: Callable[[list[Row]], None] | None = None) -> None:
        """``answers`` checks what the answers hold instead of the markers (an engine that cannot
        mark its tokens, such as the real model)."""
        self._reader, self._engine = reader, engine
        self._answers = answers if answers is not None else self._markers
        self._exceptions, self._errors = exceptions, errors
        self._verified: dict[int, tuple[str, str]] = {}  # message id → (content, status) checked
        self.counts: collections.Counter[str] = collections.Counter()

    def check(self, window) -> None:
        """Every invariant, for the window as it is now."""
        self._no_exceptions()
        ok, dangling = self._reader.integrity()
        self._count("integrity")
        assert ok == "ok" and not dangling, f"database integrity: {ok}; dangling foreign keys: {dangling}"
        rows = self._reader.rows()
        self._answers(rows)
        self._streaming(window, rows)
        self._view(window, rows)

    def kept(self, message_id: int, conversation_id: int, shown: str) -> None:
        """The answer ``message_id`` no longer streams: it is saved with at least ``shown``."""
        row = self._reader.message(message_id)
        self._count("kept")
        if row is None:  # its chat was deleted for good (the Undo ran out): nothing to keep
            assert conversation_id not in self._reader.all_chats(), (
                f"answer {message_id} vanished from chat {conversation_id}, which is still kept")
            return
        assert row.status in ("cancelled", "complete"), f"answer {message_id} ended as {row.status!r}"
        assert row.content.startswith(shown), (
            f"answer {message_id} lost text it had shown:\n shown: {shown!r}\n saved: {row.content!r}")

    # -- the checks ------------------------------------------------------------------------

    def _count(self, name: str) -> None:
        self.counts[name] += 1

    def _no_exceptions(self) -> None:
        self._count("exceptions")
        if self._exceptions:
            text = "\n".join("".join(traceback.format_exception(*e)) for e in self._exceptions)
            raise AssertionError(f"an exception reached Qt's event loop:\n{text}")
        if self._errors.records:
            text = "\n".join(self._errors.format(r) for r in self._errors.records)
            raise AssertionError(f"an error was logged:\n{text}")

    def _markers(self, rows: list[Row]) -> None:
        self._count("markers")
        answers = self._engine.answers
        for row in rows:
            if self._verified.get(row.id) == (row.content, row.status):
                continue
            assert row.status not in ("error", "interrupted"), f"message {row.id} is {row.status!r}: {row}"
            runs: dict[int, list[int]] = {}
            last = None
            for match in MARK.finditer(row.content):
                request, chat, index = (int(g) for g in match.groups())
                where = f"message {row.id} of chat {row.conversation_id} holds token {match.group()}"
                assert row.role == "assistant", f"{where} in a {row.role} message"
                assert chat == row.conversation_id and answers[request][0] == str(row.conversation_id), (
                    f"{where}, of request {request} for chat {answers[request][0]}")
                runs.setdefault(request, []).append(index)
                last = request
            for request, indices in runs.items():
                assert indices == list(range(len(indices))) and len(indices) <= answers[request][1], (
                    f"message {row.id}: request {request}'s tokens are not a prefix of its answer: {indices}")
            if row.status == "complete" and last is not None:
                assert len(runs[last]) == answers[last][1], (
                    f"message {row.id} is complete but holds {len(runs[last])} of {answers[last][1]} tokens "
                    f"of request {last}: {row.content!r}")
            self._verified[row.id] = (row.content, row.status)

    def _streaming(self, window, rows: list[Row]) -> None:
        self._count("streaming")
        streaming = [r.id for r in rows if r.status == "streaming"]
        live = window.chat.live_message_id
        expected = [live] if window.session.busy and live is not None else []
        assert streaming == expected, (f"messages left streaming: {streaming}; the one being written: {expected} "
                                       f"(session busy: {window.session.busy})")

    def _view(self, window, rows: list[Row]) -> None:
        self._count("view")
        session = window.session
        assert session.conversation is not None, "no chat is open"
        conv_id = session.conversation.id
        path = branch_shown(rows, conv_id)
        want = [(r.id, r.role, r.content, r.status, where) for r, where in path]
        shown = [(m.id, m.role, m.content, m.status, m.branch) for m in window.chat.messages()]
        busy = session.busy
        assert window.composer.busy == busy, f"composer busy {window.composer.busy}, session busy {busy}"
        if busy:
            assert want and window.chat.live_message_id == want[-1][0], (
                f"the live answer {window.chat.live_message_id} is not the end of the branch {want[-1:]}")
            want = want[:-1]
        assert shown == want, _diff(conv_id, shown, want)
        assert [m.id for m in session.messages] == [r.id for r, _ in path], (
            f"the session's branch {[m.id for m in session.messages]} is not the database's "
            f"{[r.id for r, _ in path]}")
        listed = _chat_list(window)
        live_chats = self._reader.live_chats()
        assert set(listed) == live_chats, f"chat list {sorted(listed)} but chats kept {sorted(live_chats)}"
        assert window.conversations.current_id() == conv_id, (
            f"the list selects chat {window.conversations.current_id()}, the open one is {conv_id} "
            f"({_list_state(window)})")

def _chat_list(window) -> list[int]:
    chats = next(w for w in window.findChildren(QListWidget) if w.accessibleName() == "Chats")
    return [int(chats.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(chats.count())]


def _list_state(window) -> str:
    chats = next(w for w in window.findChildren(QListWidget) if w.accessibleName() == "Chats")
    item = chats.currentItem()
    return (f"current row {chats.currentRow()} = chat {item.data(Qt.ItemDataRole.UserRole) if item else None}, "
            f"selected rows {[i.row() for i in chats.selectedIndexes()]}, {chats.count()} rows")


def _diff(conv_id: int, shown: list, want: list) -> str:
    lines = [f"the view of chat {conv_id} differs from its branch in the database:"]
    for i in range(max(len(shown), len(want))):
        a = shown[i] if i < len(shown) else None
        b = want[i] if i < len(want) else None
        lines.append(f"  {'  ' if a == b else '!='} view {a!r}\n     db   {b!r}")
    return "\n".join(lines)

