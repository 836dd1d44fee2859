"""Three faults for the chat history's file, each one that can be lifted again:

* :func:`fill_disk` / :func:`free_disk`: the file may not grow past its size now, so a write that
  needs room fails with SQLite's own SQLITE_FULL, as on a full disk;
* :class:`ReadOnlyFile`: SQLite opens the file read-only (``mode=ro``), as it does for a file the
  user may not write; unlike ``chmod`` this works when the tests run as root;
* :class:`ReadOnlyFolder`: SQLite cannot make the side files WAL needs beside the file, as in a
  folder the user may not write (the file itself may be);
* :class:`OtherProgram`: another process holds the file's write lock (``BEGIN EXCLUSIVE``) and
  writes a row of its own, until released.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

from app.chat.store import HistoryStore

BIG = 64 * 1024          # a text that needs new pages in the file
NO_CAP = 4_294_967_294   # SQLite's largest max_page_count


def fill_disk(store: HistoryStore) -> None:
    """From now on the history's file cannot grow: writing :data:`BIG` more fails (SQLITE_FULL)."""
    conn = store._conn
    assert conn is not None
    conn.execute("VACUUM")  # no free pages left inside the file either
    pages, free, size = (conn.execute(f"PRAGMA {p}").fetchone()[0]
                         for p in ("page_count", "freelist_count", "page_size"))
    assert (free + 2) * size < BIG, "the file has too much free room for the fault to show"
    conn.execute(f"PRAGMA max_page_count = {pages}")


def free_disk(store: HistoryStore) -> None:
    """Space is back."""
    assert store._conn is not None
    store._conn.execute(f"PRAGMA max_page_count = {NO_CAP}")


def on_disk(path: Path) -> sqlite3.Connection:
    """A separate read-only look at what is really in the file."""
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def integrity(path: Path) -> str:
    conn = on_disk(path)
    try:
        return ", ".join(str(row[0]) for row in conn.execute("PRAGMA integrity_check"))
    finally:
        conn.close()


class ReadOnlyFile:
    """While :attr:`on`, every connection to ``path`` is opened read-only, as SQLite opens a file
    that may not be written. Install it with ``monkeypatch.setattr(sqlite3, "connect", fault.connect)``.
    """

    def __init__(self, path: Path) -> None:
        self.path, self.on = path, True
        self._real = sqlite3.connect

    def connect(self, database, *args, **kwargs):  # noqa: ANN001 - sqlite3.connect's own signature
        if self.on and not str(database).startswith("file:") and Path(database) == self.path:
            return self._real(f"file:{self.path}?mode=ro", *args, uri=True, **kwargs)
        return self._real(database, *args, **kwargs)


class ReadOnlyFolder(ReadOnlyFile):
    """While :attr:`on`, opening ``path`` fails as it does in a folder that may not be written
    (SQLITE_READONLY_DIRECTORY), read-only too when there is no "-shm" file to read through; only
    SQLite's ``immutable`` way of reading works, as it does there.
    """

    def connect(self, database, *args, **kwargs):  # noqa: ANN001 - sqlite3.connect's own signature
        name = str(database)
        if self.on and (name == str(self.path) or (name.startswith(self.path.resolve().as_uri())
                                                   and "immutable=1" not in name)):
            exc = sqlite3.OperationalError("attempt to write a readonly database")
            exc.sqlite_errorcode, exc.sqlite_errorname = 8 | 6 << 8, "SQLITE_READONLY_DIRECTORY"
            raise exc
        return self._real(database, *args, **kwargs)


_LOCKER = r"""
import signal, sqlite3, sys
if hasattr(signal, "alarm"):
    signal.alarm(30)  # never outlive a test that forgot it
conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=5)
conn.execute("BEGIN EXCLUSIVE")
conn.execute("INSERT INTO presets (name, sampling) VALUES (?, '{}')", (sys.argv[2],))
print("locked", flush=True)
sys.stdin.readline()
conn.execute("COMMIT")
print("released", flush=True)
"""


class OtherProgram:
    """Another process that holds the history's write lock and writes a preset of its own (``preset``).

    Use as a context manager; :meth:`release` (or :meth:`release_after`) commits and lets go.
    """

    started = 0

    def __init__(self, path: Path) -> None:
        OtherProgram.started += 1
        self.preset = f"Written by another program ({OtherProgram.started})"
        self._proc = subprocess.Popen([sys.executable, "-c", _LOCKER, str(path), self.preset],
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self._proc.stdout is not None and self._proc.stdout.readline().strip() == "locked"
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()

    def __enter__(self) -> "OtherProgram":
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self.release()

    def release(self) -> None:
        with self._lock:
            if self._proc.poll() is None:
                assert self._proc.stdin is not None and self._proc.stdout is not None
                self._proc.stdin.write("\n")
                self._proc.stdin.flush()
                assert self._proc.stdout.readline().strip() == "released"
                self._proc.wait(timeout=5)
                self._proc.stdin.close()
                self._proc.stdout.close()

    def release_after(self, seconds: float) -> None:
        self._timer = threading.Timer(seconds, self.release)
        self._timer.start()
