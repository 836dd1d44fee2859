"""One lock per Library, across threads and processes, around every read-modify-write of its manifest.

The app's window, its download queue, the quantizer and every ``hearth`` command may each hold a
:class:`~model_store.registry.Registry` on the same folder. Within a process they share one
re-entrant lock per folder; across processes an advisory lock on ``manifest.lock`` in that folder
(``fcntl.flock`` on macOS and Linux, ``msvcrt.locking`` on Windows) makes each update whole, so
two writers can no longer each read the old list and save it with only their own entry.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from pathlib import Path
from typing import Iterator

LOCK_NAME = "manifest.lock"
WAIT_S = 30.0                      # another process holding the Library this long is stuck

_registry_lock = threading.Lock()
_locks: dict[str, "ManifestLock"] = {}


class ManifestLock:
    """The re-entrant lock of one Library folder (get it with :func:`manifest_lock`)."""

    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / LOCK_NAME
        self._thread_lock = threading.RLock()
        self._depth = 0
        self._fd: int | None = None

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        """Hold the lock (re-entrant in the holding thread); the file lock is taken once, outermost."""
        with self._thread_lock:
            if self._depth == 0:
                self._fd = _lock_file(self.path)
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
                if self._depth == 0 and self._fd is not None:
                    _unlock_file(self._fd)
                    self._fd = None


def manifest_lock(folder: Path) -> ManifestLock:
    """The one lock for ``folder`` in this process."""
    key = os.path.realpath(folder)
    with _registry_lock:
        lock = _locks.get(key)
        if lock is None:
            lock = _locks[key] = ManifestLock(Path(folder))
        return lock


def _lock_file(path: Path) -> int | None:
    """Open and lock ``path``; None when the folder cannot hold a lock file (read-only: nothing is
    written then either, and the thread lock still orders this process)."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        return None
    deadline = time.monotonic() + WAIT_S
    while True:
        try:
            _try_lock(fd)
            return fd
        except BlockingIOError:
            if time.monotonic() > deadline:
                break  # a stuck process: go on without it rather than hang the app
            time.sleep(0.01)
        except OSError:
            break      # a filesystem without locks (some network shares)
    os.close(fd)
    return None


if sys.platform == "win32":  # pragma: no cover - exercised on Windows
    import msvcrt

    def _try_lock(fd: int) -> None:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError as exc:
            raise BlockingIOError(str(exc)) from exc

    def _unlock_file(fd: int) -> None:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        finally:
            os.close(fd)
else:
    import fcntl

    def _try_lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock_file(fd: int) -> None:
        try:
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)
