"""Quantizations as jobs: ``QuantizeJob`` and ``QuantizeQueue`` (one at a time, threads, no Qt).

Each job runs :func:`model_store.quantize.run_quantize` on the queue's worker thread; a cancel
sets the job's event, which terminates its child process (a queued job is simply dropped).
Import these from :mod:`model_store.quantize`.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from model_store.errors import QuantizeCancelled, QuantizeError
from model_store.texts import QT_TRANSLATE_NOOP, Sentence

if TYPE_CHECKING:
    from model_store.quantize import QuantizePlan, QuantizeProgress
    from model_store.registry import LocalModel, Registry

log = logging.getLogger(__name__)


@dataclass
class QuantizeJob:
    """One plan in the queue. ``error`` is a sentence (``detail`` the technical reason)."""

    id: str
    plan: QuantizePlan
    state: str = "queued"          # queued, running, done, failed, cancelled
    fraction: float = 0.0
    tensor: int = 0
    n_tensors: int = 0
    error: str = ""
    detail: str = ""
    result: LocalModel | None = None
    tensor_name: str = ""


class QuantizeQueue:
    """Quantizations one at a time on a worker thread (no Qt).

    ``add``/``get``/``jobs`` return live job objects the worker updates in place;
    ``on_progress(job)`` (≤ ~20/s) and ``on_state(job)`` receive copies, from the worker thread.
    """

    def __init__(self, registry: Registry, *, on_progress: Callable[[QuantizeJob], object] | None = None,
                 on_state: Callable[[QuantizeJob], object] | None = None) -> None:
        self.registry = registry
        self.on_progress, self.on_state = on_progress, on_state
        self._lock = threading.RLock()
        self._jobs: dict[str, QuantizeJob] = {}
        self._cancels: dict[str, threading.Event] = {}
        self._worker: threading.Thread | None = None
        self._closed = False

    def add(self, plan: QuantizePlan) -> QuantizeJob:
        """Queue a plan; it starts when the jobs before it are finished."""
        with self._lock:
            if self._closed:
                raise QuantizeError(Sentence(QT_TRANSLATE_NOOP(
                    "model_store", "Hearth is shutting down; the quantization was not started.")))
            job = QuantizeJob(id=uuid.uuid4().hex[:12], plan=plan)
            self._jobs[job.id] = job
            self._cancels[job.id] = threading.Event()
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._work, name="quantize-queue", daemon=True)
                self._worker.start()
        self._notify(self.on_state, job)
        return job

    def get(self, job_id: str) -> QuantizeJob | None:
        with self._lock:
            return self._jobs.get(job_id)

    def jobs(self) -> list[QuantizeJob]:
        """The jobs, oldest first."""
        with self._lock:
            return list(self._jobs.values())

    def cancel(self, job_id: str) -> None:
        """Cancel a queued or running job (a running one stops within ~0.1 s; nothing is kept)."""
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None or job.state not in ("queued", "running"):
                return
            self._cancels[job_id].set()
            queued = job.state == "queued"
            if queued:
                job.state = "cancelled"
        if queued:
            self._notify(self.on_state, job)

    def close(self, timeout: float = 10.0) -> None:
        """Cancel every job and wait for the worker."""
        with self._lock:
            self._closed = True
            ids = list(self._jobs)
            worker = self._worker
        for job_id in ids:
            self.cancel(job_id)
        if worker is not None:
            worker.join(timeout)

    def _next(self) -> QuantizeJob | None:
        with self._lock:
            job = next((j for j in self._jobs.values() if j.state == "queued"), None)
            if job is None:
                self._worker = None
            else:
                job.state = "running"
            return job

    def _work(self) -> None:
        from model_store import quantize

        while (job := self._next()) is not None:
            self._notify(self.on_state, job)

            def progress(p: QuantizeProgress, job: QuantizeJob = job) -> None:
                job.fraction, job.tensor, job.n_tensors, job.tensor_name = p.fraction, p.tensor, p.n_tensors, p.name
                self._notify(self.on_progress, job)

            try:
                job.result = quantize.run_quantize(job.plan, on_progress=progress, cancel=self._cancels[job.id],
                                          registry=self.registry)
                job.state = "done"
            except QuantizeCancelled:
                job.state = "cancelled"
            except QuantizeError as exc:
                job.state, job.error, job.detail = "failed", exc.message, exc.detail
            except Exception as exc:  # noqa: BLE001 - a bug must not kill the queue; the job shows it
                log.exception("quantization of %s failed", job.plan.source.name)
                job.state, job.error, job.detail = "failed", Sentence(QT_TRANSLATE_NOOP(
                    "model_store", "The quantization failed unexpectedly.")), repr(exc)
            self._notify(self.on_state, job)

    @staticmethod
    def _notify(callback, job: QuantizeJob) -> None:
        if callback is None:
            return
        try:
            callback(dataclasses.replace(job))
        except Exception:  # noqa: BLE001 - a listener's bug must not stop the queue
            log.exception("quantize callback failed")
