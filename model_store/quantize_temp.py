"""The file a quantization writes before it has its real name, and what a killed run leaves of it.

:mod:`model_store.quantize` writes its output to ``.<name>.quantizing`` beside the destination
(:func:`temp_path`; hidden, so the Library's folder scan never lists it). :func:`claim` creates it
and locks it (``fcntl.flock``); the quantizer child inherits the locked descriptor, so the lock
lasts while either process lives, and goes with them however they end, ``kill -9`` included.
A temp file nobody holds a lock on is a leftover: :func:`sweep_stale_temps` (run by every plan)
removes it, and :func:`claim` replaces it. Where there are no such locks (Windows, some network
shares), a temp file is a leftover once it has been left untouched for :data:`STALE_TEMP_S`.
"""

from __future__ import annotations

import os
from pathlib import Path

from model_store import temp_lock
from model_store.errors import QuantizeError
from model_store.texts import QT_TRANSLATE_NOOP, Sentence

TEMP_SUFFIX = ".quantizing"
STALE_TEMP_S = 600   # without file locks, a temp file untouched this long is a leftover


def temp_path(dest: Path) -> Path:
    """Where the output is written while llama.cpp works: ``.<name>.quantizing`` beside ``dest``."""
    return dest.with_name(f".{dest.name}{TEMP_SUFFIX}")


def claim(temp: Path) -> int:
    """Create ``temp`` exclusively and lock it; a leftover of a run that is gone is replaced.

    Returns:
        The open descriptor holding the lock: pass it on to the child process, and close it once
        the file has its real name or is removed.

    Raises:
        QuantizeError: another run is writing ``temp`` now, or the folder cannot be written.
    """
    for _ in range(2):
        try:
            fd = os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            try:
                if not writer_gone(temp):
                    break
                temp.unlink()
            except FileNotFoundError:
                pass
        except OSError as exc:
            raise QuantizeError(Sentence(QT_TRANSLATE_NOOP(
                "model_store", "Hearth can't write to {folder}: {reason}. Check the folder's permissions and free "
                "space."), folder=str(temp.parent), reason=str(exc.strerror or exc)), repr(exc)) from exc
        else:
            _try_lock(fd)
            return fd
    raise QuantizeError(Sentence(QT_TRANSLATE_NOOP(
        "model_store", "Another quantization is writing {name} right now. Wait for it to finish, or choose "
        "another output name."), name=temp.name[1:-len(TEMP_SUFFIX)]))


def writer_gone(temp: Path) -> bool:
    """Whether no run writes ``temp`` any more (see :func:`model_store.temp_lock.writer_gone`)."""
    return temp_lock.writer_gone(temp, STALE_TEMP_S)


def sweep_stale_temps(folder: Path) -> None:
    """Remove the ``.*.quantizing`` files in ``folder`` that runs which are gone left behind."""
    temp_lock.sweep(list(folder.glob(f".*{TEMP_SUFFIX}")), "partial quantization")


_try_lock = temp_lock.try_lock
