"""Plumbing between the model store's worker threads and the GUI thread.

:class:`ModelTask` runs one piece of slow work (a Hub search, an import…) on a
``QThreadPool`` and reports its result or failure through queued signals;
:func:`error_kind` sorts a failure into the kinds the GUI offers different buttons for.
:class:`JobProgressThrottle` passes a download job's progress on at most ~4 times a second
per job, without ever losing the newest value. :func:`emit_safely` emits from a worker
thread while tolerating a receiver already deleted (the app quitting).

Used by :class:`app.model_bridge.ModelStoreBridge`.
"""

from __future__ import annotations

import logging
import time
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QTimer, Slot

from app.engine.errors import HearthError
from model_store import errors
from model_store.texts import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)

PROGRESS_INTERVAL_S = 0.25
UNEXPECTED = QT_TRANSLATE_NOOP("model_store", "Hearth hit an unexpected problem. Details are in the log.")


def error_kind(exc: BaseException) -> str:
    """"unreachable", "gated", "not-found" or "error" (decides which buttons the GUI offers)."""
    if isinstance(exc, errors.HubUnreachableError):
        return "unreachable"
    if isinstance(exc, errors.GatedRepoError):
        return "gated"
    if isinstance(exc, errors.RepoNotFoundError):
        return "not-found"
    return "error"


def emit_safely(signal: Any, *args: Any) -> None:
    """Emit from a worker thread; a receiver already deleted (the app quitting) is ignored."""
    try:
        signal.emit(*args)
    except RuntimeError:
        pass


class ModelTask(QRunnable):
    """One piece of slow work on a pool.

    Reports ``done(kind, request_id, result)``, or ``failed(kind, request_id, sentence, kind
    of failure)``; a crash (a bug) is logged and reported as an unexpected problem.

    Args:
        done, failed: bound signals of the owner, emitted from the pool thread (Qt queues them).
        kind, request_id: passed back with the report.
        fn: the work; its return value is the result.
    """

    def __init__(self, done: Any, failed: Any, kind: str, request_id: int, fn: Callable[[], Any]) -> None:
        super().__init__()
        self._done = done
        self._failed = failed
        self._kind = kind
        self._id = request_id
        self._fn = fn

    def run(self) -> None:
        try:
            result = self._fn()
        except HearthError as exc:
            emit_safely(self._failed, self._kind, self._id, exc.message, error_kind(exc))
        except Exception:  # noqa: BLE001 - a bug must not kill the pool thread; report it
            log.exception("model store task %s crashed", self._kind)
            emit_safely(self._failed, self._kind, self._id, UNEXPECTED, "error")
        else:
            emit_safely(self._done, self._kind, self._id, result)


class JobProgressThrottle(QObject):
    """Passes download jobs on to ``emit`` at most once per ``PROGRESS_INTERVAL_S`` per job.

    A job offered too soon is held and sent when its interval is up (a newer offer replaces
    it), so the last value always arrives. Must be used from the thread that owns it.

    Args:
        emit: called with each job let through.
        parent: the owning QObject.
    """

    def __init__(self, emit: Callable[[Any], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._emit = emit
        self._last_emit: dict[Any, float] = {}
        self._pending: dict[Any, Any] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._flush)

    def offer(self, job: Any) -> None:
        """Pass ``job`` on now if its interval is up, else hold it (replacing an older one)."""
        now = time.monotonic()
        if now - self._last_emit.get(job.id, -1e9) >= PROGRESS_INTERVAL_S:
            self._pending.pop(job.id, None)
            self._last_emit[job.id] = now
            self._emit(job)
            return
        self._pending[job.id] = job
        self._schedule_flush(now)

    def forget(self, job_id: Any) -> None:
        """Drop the held progress of a job (a state change carries the newest numbers)."""
        self._pending.pop(job_id, None)

    def stop(self) -> None:
        """Stop the timer; held progress is no longer sent."""
        self._timer.stop()

    def _schedule_flush(self, now: float) -> None:
        if not self._pending:
            return
        due = min(self._last_emit.get(i, now) + PROGRESS_INTERVAL_S for i in self._pending)
        wait_ms = max(1, int((due - now) * 1000) + 1)
        if not self._timer.isActive() or self._timer.remainingTime() > wait_ms:
            self._timer.start(wait_ms)

    @Slot()
    def _flush(self) -> None:
        now = time.monotonic()
        for job_id in list(self._pending):
            if now - self._last_emit.get(job_id, -1e9) >= PROGRESS_INTERVAL_S - 0.002:
                job = self._pending.pop(job_id)
                self._last_emit[job_id] = now
                self._emit(job)
        self._schedule_flush(now)
