"""Local quantization seen from Qt: plans on the GUI thread, the queue's callbacks as signals.

``QuantizeBridge`` lives on the GUI thread and wraps ``model_store.quantize`` (the ``api``:
``QUANT_TYPES``, ``estimate_quantized_size``, ``plan_quantize``, ``QuantizeError``) and a
``QuantizeQueue``. Planning is quick (a header, a disk-space check) and runs where it is
asked; the quantizing itself runs in the queue's child process and reports through
``on_progress`` / ``on_state`` on the queue's threads. The bridge copies the job there and
re-emits it through a private signal, which Qt queues to the GUI thread; progress reaches
the GUI at most ~4 times a second per job (the last value is never lost; a state change
supersedes pending progress). A job that finishes with a result emits ``libraryChanged``.
"""

from __future__ import annotations

import copy
import dataclasses
import importlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Callable, cast

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

from app.engine.errors import HearthError
from app.model_tasks import JobProgressThrottle, emit_safely
from app.store_interfaces import FitEstimator, QuantizeAPI, QuantizeJobs
from model_store.texts import QT_TRANSLATE_NOOP, Sentence

if TYPE_CHECKING:
    from model_store.fit import FitEstimate
    from model_store.gguf_info import GGUFInfo
    from model_store.quant_types import QuantType, Tensor
    from model_store.quantize import QuantizePlan
    from model_store.quantize_queue import QuantizeJob
    from model_store.registry import LocalModel, Registry

    # ``model_store.quantize.read_tensors``: (every tensor, the first file's header bytes).
    TensorReader = Callable[[Path], tuple[list[Tensor], int]]
    # What it gave for a model, or () when it cannot be read.
    TensorShapes = tuple[list[Tensor], int] | tuple[()]

log = logging.getLogger(__name__)

ACTIVE_STATES = ("queued", "running")
UNQUANTIZED_TYPES = ("F32", "F16", "BF16")


def is_quantized(model: LocalModel) -> bool:
    """True when the model's weights are already quantized (not F32, F16 or BF16)."""
    info = getattr(model, "info", None)
    quant = str(getattr(info, "quant_type", "") or "").upper()
    return bool(quant) and quant not in UNQUANTIZED_TYPES


def quantize_available() -> bool:
    """Whether ``model_store.quantize`` can be imported (the feature is installed)."""
    try:
        importlib.import_module("model_store.quantize")
    except ImportError as exc:
        log.debug("local quantization unavailable: %r", exc)
        return False
    return True


class QuantizeBridge(QObject):
    """The GUI's handle on local quantization.

    Args:
        registry: the Library (``model_store.registry.Registry``) the results are added to.
        queue: a ``QuantizeQueue`` (its ``on_progress`` / ``on_state`` are taken over).
        api: the module with the contract's names (default: ``model_store.quantize``); tests
            pass a fake.
        estimate_fit: ``model_store.fit.estimate_fit`` or a stand-in (tests fix the memory).

    Signals:
        progress(object): a copy of a running QuantizeJob (≤ ~4/s per job, the last kept).
        state(object): a copy of a QuantizeJob whose state changed (or that was added).
        libraryChanged(): a job finished with a result: the Library has a new model.
    """

    progress = Signal(object)
    state = Signal(object)
    libraryChanged = Signal()

    _progressIn = Signal(object)  # a QuantizeJob copied on the queue's thread
    _stateIn = Signal(object)  # a QuantizeJob copied on the queue's thread

    def __init__(self, registry: Registry, queue: QuantizeJobs, *, api: QuantizeAPI | None = None,
                 estimate_fit: FitEstimator | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.registry = registry
        self.queue = queue
        self._api = api
        self._estimate_fit = estimate_fit
        self._sizes: dict[tuple[str, str], int | None] = {}
        self._shapes: dict[str, TensorShapes] = {}
        self._closed = False
        self._throttle = JobProgressThrottle(self.progress.emit, self)
        self._progressIn.connect(self._on_progress_in)
        self._stateIn.connect(self._on_state_in)
        queue.on_progress = self._queue_progress
        queue.on_state = self._queue_state

    @classmethod
    def create(cls, registry: Registry, parent: QObject | None = None) -> "QuantizeBridge":
        """The bridge on the real QuantizeQueue over ``registry`` (shut down when the app quits)."""
        from model_store import quantize
        from model_store.quantize_queue import QuantizeQueue

        bridge = cls(registry, QuantizeQueue(registry), api=quantize, parent=parent)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(bridge.shutdown)
        return bridge

    @property
    def api(self) -> QuantizeAPI:
        if self._api is None:
            # Imported on first use: the feature may not be installed (see quantize_available).
            self._api = cast("QuantizeAPI", importlib.import_module("model_store.quantize"))
        return self._api

    # -- choosing --------------------------------------------------------------------------

    def types(self) -> list[QuantType]:
        """The QuantTypes, in the module's order (best quality first)."""
        return list(self.api.QUANT_TYPES.values())

    def estimate(self, model: LocalModel, qtype: str, n_ctx: int = 4096) -> tuple[int | None, FitEstimate | None]:
        """(estimated bytes of the result, its FitEstimate at ``n_ctx`` on this machine).

        Either may be None when it cannot be worked out (no header, unknown type).
        """
        info = getattr(model, "info", None)
        if info is None:
            return None, None
        key = (str(getattr(model, "id", model)), qtype)
        if key not in self._sizes:
            try:
                self._sizes[key] = int(self.api.estimate_quantized_size(info, qtype, *self._tensors(model)))
            except (HearthError, KeyError, ValueError, TypeError, ZeroDivisionError) as exc:
                log.debug("no size estimate for %s: %r", qtype, exc)
                self._sizes[key] = None
        size = self._sizes[key]
        if size is None:
            return None, None
        return size, self._fit(info, size, qtype, n_ctx)

    def plan(self, model: LocalModel, qtype: str, allow_requantize: bool = False,
             output_name: str | None = None) -> QuantizePlan:
        """A QuantizePlan; raises QuantizeError (a sentence) when it cannot be done.

        A plan whose destination a queued or running job is already writing is refused too, and
        so is one without an output name for a source and type a job is already making.
        """
        plan = self.api.plan_quantize(self.registry, model, qtype, allow_requantize=allow_requantize,
                                      output_name=output_name or None)
        dest, source_id = Path(plan.dest), getattr(plan.source, "id", None)
        for job in self.queue.jobs():
            if job.state not in ACTIVE_STATES:
                continue
            same_file = Path(job.plan.dest) == dest
            same_kind = not output_name and getattr(job.plan.source, "id", None) == source_id \
                and str(job.plan.qtype).upper() == str(plan.qtype).upper()
            if same_file or same_kind:
                raise self.api.QuantizeError(Sentence(QT_TRANSLATE_NOOP(
                    "model_store", "{name} is already being made. Wait for it to finish, or choose another output "
                    "name."), name=Path(job.plan.dest).name))
        return plan

    # -- jobs ------------------------------------------------------------------------------

    def start(self, plan: QuantizePlan) -> QuantizeJob:
        """Queue a plan; returns a copy of its QuantizeJob (also reported through ``state``)."""
        job = copy.copy(self.queue.add(plan))
        self.state.emit(job)
        return job

    def cancel(self, job_id: str) -> None:
        """Stop a queued or running job (the child process ends; no file is left)."""
        self.queue.cancel(job_id)

    def jobs(self) -> list[QuantizeJob]:
        """Copies of the queue's jobs, oldest first."""
        return [copy.copy(job) for job in self.queue.jobs()]

    def active_count(self) -> int:
        return sum(1 for job in self.queue.jobs() if job.state in ACTIVE_STATES)

    def shutdown(self) -> None:
        """Stop reporting and close the queue (a running child is stopped; safe to call twice)."""
        if self._closed:
            return
        self._closed = True
        self.queue.on_progress = None
        self.queue.on_state = None
        self._throttle.stop()
        self.queue.close()

    # -- internals -------------------------------------------------------------------------

    def _tensors(self, model: LocalModel) -> TensorShapes:
        """(tensors, header bytes) of the model's files when the api can read them (an exact
        estimate), read once per model; () for the contract's rough ``estimate_quantized_size(info, qtype)``."""
        read: TensorReader | None = getattr(self.api, "read_tensors", None)
        if read is None:
            return ()
        model_id = str(getattr(model, "id", model))
        if model_id not in self._shapes:
            try:
                self._shapes[model_id] = cast("TensorShapes", tuple(read(Path(model.path))))
            except (HearthError, OSError, ValueError) as exc:
                log.debug("tensor shapes of %s unreadable: %r", model_id, exc)
                self._shapes[model_id] = ()
        return self._shapes[model_id]

    def _fit(self, info: GGUFInfo, size: int, qtype: str, n_ctx: int) -> FitEstimate | None:
        fit = self._estimate_fit
        if fit is None:
            from model_store.fit import estimate_fit
            fit = estimate_fit
        try:
            if dataclasses.is_dataclass(info):
                bits = size * 8 / info.n_params if getattr(info, "n_params", 0) else info.bits_per_weight
                info = dataclasses.replace(info, file_size=size, quant_type=qtype, bits_per_weight=bits)
            return fit(info, file_size=size, n_ctx=n_ctx)
        except (HearthError, ValueError, TypeError, ZeroDivisionError) as exc:
            log.debug("no fit estimate for %s: %r", qtype, exc)
            return None

    # Called on the queue's threads: copy the job there, let Qt queue the signal.
    def _queue_progress(self, job: QuantizeJob) -> None:
        emit_safely(self._progressIn, copy.copy(job))

    def _queue_state(self, job: QuantizeJob) -> None:
        emit_safely(self._stateIn, copy.copy(job))

    @Slot(object)
    def _on_progress_in(self, job: QuantizeJob) -> None:
        if not self._closed:
            self._throttle.offer(job)

    @Slot(object)
    def _on_state_in(self, job: QuantizeJob) -> None:
        self._throttle.forget(job.id)  # the state change carries the newest numbers
        self.state.emit(job)
        if job.state == "done" and getattr(job, "result", None) is not None:
            self.libraryChanged.emit()
