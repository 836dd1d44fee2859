"""When the chat history cannot be written: which trouble it is, and what to tell the user.

Three troubles stop writes while the history can still be read, and each passes once fixed: the
disk is full (free some space), the file or its folder is read-only (allow writing), or another
program holds the database's lock longer than Hearth waits for it (close that program). A disk
that reports an I/O error is treated alike. None of them is a bug, and none may lose what the
user wrote.

:func:`kind_of` tells which one an ``sqlite3`` (or OS) error is and :func:`sentence` says it;
:class:`app.chat.history_file.HistoryFile` keeps what could not be written until it can be.
:func:`reports_history_errors` turns a write that failed inside a ``ChatSession`` action into a
notice, instead of an exception that reaches Qt.
"""

from __future__ import annotations

import copy
import errno
import functools
import logging
import sqlite3
from pathlib import Path
from typing import Any, Callable, TypeVar

from PySide6.QtCore import QCoreApplication

log = logging.getLogger(__name__)

FULL, READ_ONLY, LOCKED, DISK_ERROR = "full", "read-only", "locked", "disk error"

# Primary result codes: SQLITE_FULL, SQLITE_READONLY, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_IOERR.
_BY_CODE = {13: FULL, 8: READ_ONLY, 5: LOCKED, 6: LOCKED, 10: DISK_ERROR}
# SQLite's own wording, for an error that carries no code.
_BY_TEXT = {"disk is full": FULL, "readonly database": READ_ONLY, "is locked": LOCKED,
            "disk i/o error": DISK_ERROR}
_BY_ERRNO = {errno.ENOSPC: FULL, getattr(errno, "EDQUOT", errno.ENOSPC): FULL,
             errno.EROFS: READ_ONLY, errno.EACCES: READ_ONLY, errno.EPERM: READ_ONLY}


def kind_of(exc: BaseException) -> str | None:
    """Which passing trouble ``exc`` means.

    Returns:
        FULL, READ_ONLY, LOCKED or DISK_ERROR; None for any other error (a damaged file, a
        missing table, a bug), which retrying would not cure.
    """
    if isinstance(exc, OSError):
        return _BY_ERRNO.get(exc.errno or 0)
    if not isinstance(exc, sqlite3.Error):
        return None
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return _BY_CODE.get(code & 0xFF)
    text = str(exc).lower()
    return next((kind for words, kind in _BY_TEXT.items() if words in text), None)


def sentence(kind: str, path: Path, *, opening: bool = False) -> str:
    """What to tell the user about trouble ``kind`` with the history at ``path``, and what to do.

    Args:
        opening: The history could not be opened at all (Hearth must be started again), rather
            than a change could not be saved (Hearth keeps it and saves it once the trouble passes).
    """
    if opening:
        if kind == FULL:
            said = QCoreApplication.translate(
                "write_faults", "Hearth cannot open its history: the disk that holds {folder} is full. "
                "Free some space on it, then start Hearth again.")
        elif kind == READ_ONLY:
            said = QCoreApplication.translate(
                "write_faults", "Hearth cannot open its history: {path} or its folder is read-only, and "
                "Hearth needs to write there first. Allow writing to them, then start Hearth again.")
        elif kind == LOCKED:
            said = QCoreApplication.translate(
                "write_faults", "Hearth's history is being used by another program, so it could not be opened. "
                "Close the other program (another Hearth, or a tool that opened {name}), then start Hearth again.")
        else:
            said = QCoreApplication.translate(
                "write_faults", "Hearth cannot open its history: the disk reported an error reading {path}. "
                "Check that the disk is connected, then start Hearth again.")
    elif kind == FULL:
        said = QCoreApplication.translate(
            "write_faults", "Hearth could not save your chats: the disk that holds {folder} is full. "
            "Free some space on it; nothing you wrote is lost.")
    elif kind == READ_ONLY:
        said = QCoreApplication.translate(
            "write_faults", "Hearth cannot save changes to your chats: its history file {path} is read-only. "
            "Allow writing to the file and its folder; your chats can still be read, and nothing you wrote is lost.")
    elif kind == LOCKED:
        said = QCoreApplication.translate(
            "write_faults", "Hearth's history is being used by another program, so your chats could not be saved. "
            "Close the other program (another Hearth, or a tool that opened {name}) and try again; nothing you "
            "wrote is lost.")
    else:
        said = QCoreApplication.translate(
            "write_faults", "Hearth could not save your chats: the disk reported an error writing {path}. "
            "Check that the disk is connected, then try again; nothing you wrote is lost.")
    return said.format(folder=path.parent, path=path, name=path.name)


Action = TypeVar("Action", bound=Callable[..., Any])


def reports_history_errors(fallback: Any = None) -> Callable[[Action], Action]:
    """Decorate a ``ChatSession`` action that writes the history: a ``HistoryError`` it meets is
    said through the session's ``notice`` signal and the action returns (a copy of) ``fallback``.

    An action writes before it changes what the user sees, so that returning ``fallback`` leaves
    the window as it was: ``send`` returns False and the window gives the text back to the message
    box; a new chat that cannot be saved leaves the open one open.
    """
    def decorate(action: Action) -> Action:
        @functools.wraps(action)
        def run(self: Any, *args: Any, **kwargs: Any) -> Any:
            from app.chat.history_file import HistoryError  # which imports this module

            try:
                return action(self, *args, **kwargs)
            except HistoryError as exc:
                log.warning("%s: %s (%s)", action.__name__, exc.message, exc.detail)
                self.notice.emit(exc.message)
                return copy.copy(fallback)
        return run  # type: ignore[return-value]
    return decorate
