"""Replace a file atomically: write a temp file beside it, fsync, ``os.replace``, fsync the folder.

A crash at any moment leaves either the old file or the new one, never a mix or nothing.
Used for the Library manifest, saved tokens, settings and chat exports.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Sequence


def write_atomic(path: Path, data: bytes | Sequence[bytes | memoryview], *, mode: int | None = None) -> None:
    """Write ``data`` (bytes, or a sequence of chunks written one after another, so a large
    file need not be joined in memory first) to ``path`` atomically; ``mode`` sets the
    permissions (e.g. 0o600).

    Raises:
        OSError: the folder is not writable or the disk is full; ``path`` is untouched and
            the temp file is removed.
    """
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if mode is not None and hasattr(os, "fchmod"):
            os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            for chunk in ((data,) if isinstance(data, (bytes, bytearray, memoryview)) else data):
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except OSError:
            pass  # already gone, or the folder vanished: nothing left to clean
        raise
    fsync_dir(path.parent)


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX); a no-op where folders cannot be opened."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
