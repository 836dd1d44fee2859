"""Temporary files a run writes before they get their real names, and what a killed run leaves.

A run that writes a hidden temporary file (a quantization's ``.<name>.quantizing``, an import's
``.<name>.<id>.importing``) holds a lock on it (``fcntl.flock``) while it writes; the lock goes
with the process however it ends, ``kill -9`` included. A temporary file nobody holds a lock on
is a leftover that the next run may remove. Where there are no such locks (Windows, some network
shares), a temporary file is a leftover once it has been left untouched for ``stale_s`` seconds.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

log = logging.getLogger(__name__)

STALE_TEMP_S = 600   # without file locks, a temp file untouched this long is a leftover


def try_lock(fd: int) -> bool | None:
    """Lock ``fd``'s file: True; False when another open file holds it; None where there are no locks."""
    try:
        import fcntl
    except ImportError:
        return None   # Windows: leftovers are told by their age
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError:
        return None   # a filesystem without locks
    return True


def writer_gone(temp: Path, stale_s: float = STALE_TEMP_S) -> bool:
    """Whether no run writes ``temp`` any more: nobody holds its lock (or, without locks, it has
    been untouched for ``stale_s``).

    Raises:
        OSError: it cannot be opened (FileNotFoundError: it went meanwhile).
    """
    fd = os.open(temp, os.O_RDONLY)
    try:
        locked = try_lock(fd)
    finally:
        os.close(fd)
    return locked if locked is not None else time.time() - temp.stat().st_mtime >= stale_s


def sweep(temps: list[Path], what: str) -> int:
    """Remove those of ``temps`` whose writer is gone; returns how many went."""
    removed = 0
    for temp in temps:
        try:
            if writer_gone(temp):
                temp.unlink()
                removed += 1
                log.info("removed a leftover %s: %s", what, temp)
        except OSError:
            pass   # gone meanwhile, or not ours to remove: leave it
    return removed
