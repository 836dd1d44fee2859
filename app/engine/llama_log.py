"""Capture llama.cpp's log so its reasons can be shown to people.

llama.cpp reports why a file failed to load only in its log (the API returns NULL).
Hearth installs one process-wide log callback that keeps the recent lines in memory and
forwards warnings and errors to Python's ``logging``; the engine reads them when a load fails.
What llama.cpp logs as an error because Hearth stopped it on purpose (a Stop while a prompt is
read aborts the graph) is logged as information (see :func:`stopping_with`).
"""

from __future__ import annotations

import collections
import contextlib
import ctypes
import logging
import os
import threading

import llama_cpp

log = logging.getLogger("hearth.llama")
# Without this, Python's last-resort handler prints llama.cpp's warnings to stderr whenever the
# app has not configured logging (the CLI): the person would see raw loader lines on top of
# Hearth's own sentence. Records still reach any handlers the app does configure.
log.addHandler(logging.NullHandler())

GGML_LOG_LEVEL_WARN = 3
GGML_LOG_LEVEL_ERROR = 4
GGML_LOG_LEVEL_CONT = 5

_lines: collections.deque[tuple[int, str]] = collections.deque(maxlen=400)
_lock = threading.Lock()
_partial: list[str] = []
_last_level = 0
_installed = False
_callback = None  # keeps the ctypes function alive for the life of the process
_thread = threading.local()  # .cancel: what may stop llama.cpp on purpose on this thread


@contextlib.contextmanager
def stopping_with(cancel):
    """While llama.cpp works on this thread, errors it logs after ``cancel`` was set are expected.

    ``cancel`` is anything with a ``cancelled`` attribute (a CancelToken).
    """
    previous = getattr(_thread, "cancel", None)
    _thread.cancel = cancel
    try:
        yield
    finally:
        _thread.cancel = previous


def _stopped_on_purpose() -> bool:
    cancel = getattr(_thread, "cancel", None)
    return cancel is not None and bool(cancel.cancelled)


def _on_log(level: int, text: bytes, _user_data: ctypes.c_void_p) -> None:
    global _last_level
    try:
        chunk = text.decode("utf-8", errors="replace")
        if level == GGML_LOG_LEVEL_CONT:
            level = _last_level
        _last_level = level
        with _lock:
            _partial.append(chunk)
            if not chunk.endswith("\n"):
                return
            line = "".join(_partial).rstrip()
            _partial.clear()
            _lines.append((level, line))
        if level >= GGML_LOG_LEVEL_WARN and not _stopped_on_purpose():
            log.log(logging.ERROR if level == GGML_LOG_LEVEL_ERROR else logging.WARNING, "%s", line)
        elif level >= GGML_LOG_LEVEL_WARN or os.environ.get("HEARTH_LLAMA_LOG"):
            log.info("%s", line)
    except Exception:  # noqa: BLE001 - an exception must never cross back into C
        pass


def install() -> None:
    """Route llama.cpp's log into Hearth (idempotent)."""
    global _installed, _callback
    if _installed:
        return
    if os.environ.get("HEARTH_LLAMA_LOG") and not any(
            isinstance(h, logging.StreamHandler) for h in log.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("llama.cpp: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
    _callback = llama_cpp.llama_log_callback(_on_log)
    llama_cpp.llama_log_set(_callback, ctypes.c_void_p(0))
    _installed = True


def recent(n: int = 40) -> list[str]:
    """The last ``n`` log lines."""
    with _lock:
        return [line for _, line in list(_lines)[-n:]]


def clear() -> None:
    with _lock:
        _lines.clear()


def errors(n: int = 5) -> list[str]:
    """The most recent error (and warning) lines, oldest first, without llama.cpp's prefixes."""
    with _lock:
        picked = [line for level, line in _lines if level >= GGML_LOG_LEVEL_WARN]
    return [_clean(line) for line in picked[-n:]]


def _clean(line: str) -> str:
    # "llama_model_load: error loading model: …" → "error loading model: …"
    head, sep, tail = line.partition(": ")
    return tail if sep and head.replace("_", "").isalnum() else line
