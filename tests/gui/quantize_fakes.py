"""A stand-in for ``model_store.quantize``, named as in docs/model-manager.md, for the GUI tests.

``FakeQuantizeAPI`` carries the contract's module-level names (``QUANT_TYPES``, ``QuantType``,
``QuantizePlan``, ``QuantizeError``, ``QuantizeJob``, ``QuantizeQueue``,
``estimate_quantized_size``, ``plan_quantize``) as attributes, so it can be handed to
:class:`app.quantize_bridge.QuantizeBridge` as its ``api``; ``free_bytes`` scripts the disk
check. ``FakeQuantizeQueue`` keeps jobs in memory; ``emit_progress`` / ``set_state`` call its
callbacks from another thread, as the real queue does. Every call is recorded in ``calls``.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable

from model_store.errors import ModelStoreError
from model_store.gguf_info import GGUFInfo
from model_store.registry import LocalModel
from tests.gui.model_fakes import GIB, make_info, make_model

__all__ = ["QuantType", "QuantizePlan", "QuantizeError", "QuantizeJob", "QUANT_TYPES", "FakeQuantizeAPI",
           "FakeQuantizeQueue", "estimate_quantized_size", "plan_quantize", "UNQUANTIZED"]

UNQUANTIZED = ("F32", "F16", "BF16")


@dataclass(frozen=True)
class QuantType:
    name: str
    ftype: int
    bits_per_weight: float
    quality: str
    needs_imatrix: bool = False


@dataclass
class QuantizePlan:
    source: LocalModel
    qtype: str
    dest: Path
    estimated_bytes: int
    free_bytes: int
    fit: Any
    warning: str = ""


class QuantizeError(ModelStoreError):
    """A quantization cannot be planned or failed; the message is one sentence."""


@dataclass
class QuantizeJob:
    id: str
    plan: QuantizePlan
    state: str = "queued"
    fraction: float = 0.0
    tensor: int = 0
    n_tensors: int = 0
    error: str = ""
    result: LocalModel | None = None


QUANT_TYPES: dict[str, QuantType] = {t.name: t for t in (
    QuantType("Q8_0", 7, 8.5, "Nearly indistinguishable from the original; half the size of F16."),
    QuantType("Q6_K", 18, 6.56, "Very close to the original."),
    QuantType("Q5_K_M", 17, 5.69, "Close to the original; a good choice when memory allows."),
    QuantType("Q5_K_S", 16, 5.54, "Close to the original, slightly smaller than Q5_K_M."),
    QuantType("Q4_K_M", 15, 4.85, "The usual balance of size and quality."),
    QuantType("Q4_K_S", 14, 4.58, "A little smaller than Q4_K_M, a little less accurate."),
    QuantType("Q4_0", 2, 4.55, "Older 4-bit format; Q4_K_M is usually better."),
    QuantType("Q3_K_M", 12, 3.91, "Noticeably less accurate; for tight memory."),
    QuantType("Q2_K", 10, 2.96, "Much less accurate; only when nothing else fits."),
    QuantType("IQ2_XS", 20, 2.31, "Smallest; needs an importance matrix.", needs_imatrix=True),
)}


def estimate_quantized_size(info: GGUFInfo, qtype: str) -> int:
    """Parameters × the type's bits per weight ÷ 8."""
    if qtype not in QUANT_TYPES:
        raise QuantizeError(f"Hearth does not know the quantization type {qtype}.")
    return int(info.n_params * QUANT_TYPES[qtype].bits_per_weight / 8)


def _dest_name(model: LocalModel, qtype: str, output_name: str | None) -> str:
    if output_name:
        name = output_name.strip()
        return name if name.lower().endswith(".gguf") else name + ".gguf"
    stem = re.sub(r"[-.](Q\d\w*|F16|F32|BF16)$", "", Path(model.path).stem, flags=re.IGNORECASE)
    return f"{stem}-{qtype}.gguf"


def plan_quantize(registry: Any, model: LocalModel, qtype: str, *, allow_requantize: bool = False,
                  output_name: str | None = None, free_bytes: int = 100 * GIB) -> QuantizePlan:
    """The contract's checks, in its order, with ``free_bytes`` as the free disk space."""
    if qtype not in QUANT_TYPES:
        raise QuantizeError(f"Hearth does not know the quantization type {qtype}.")
    if QUANT_TYPES[qtype].needs_imatrix:
        raise QuantizeError(f"{qtype} needs an importance matrix, which Hearth cannot make yet. "
                            "Choose a K type such as Q4_K_M.")
    source_type = model.info.quant_type if model.info else "?"
    if source_type == qtype:
        raise QuantizeError(f"{model.name} is already {qtype}. Choose another type.")
    requant = source_type.upper() not in UNQUANTIZED
    if requant and not allow_requantize:
        raise QuantizeError(f"{model.name} is already quantized ({source_type}). Quantizing it again loses "
                            "more quality; allow requantizing to go ahead, or start from an F16 file.")
    if getattr(model, "missing", False) or not Path(model.path).exists():
        raise QuantizeError(f"The file of {model.name} is missing: {model.path}. Import it again.")
    size = estimate_quantized_size(model.info, qtype)
    if size > free_bytes:
        raise QuantizeError(f"There is not enough disk space: {qtype} needs about {size / GIB:.1f} GB and "
                            f"{free_bytes / GIB:.1f} GB is free. Free some space, then try again.")
    folder = getattr(registry, "folder", Path(model.path).parent)
    warning = (f"{model.name} is already quantized ({source_type}); the result will be less accurate than "
               f"a {qtype} made from the original." if requant else "")
    return QuantizePlan(source=model, qtype=qtype, dest=Path(folder) / _dest_name(model, qtype, output_name),
                        estimated_bytes=size, free_bytes=free_bytes, fit=None, warning=warning)


class FakeQuantizeQueue:
    """Jobs in memory, one at a time; ``emit_progress`` / ``set_state`` drive them from a thread."""

    def __init__(self, registry: Any = None) -> None:
        self.registry = registry
        self._jobs: dict[str, QuantizeJob] = {}
        self.on_progress: Callable[[QuantizeJob], None] | None = None
        self.on_state: Callable[[QuantizeJob], None] | None = None
        self.calls: list[tuple] = []
        self.closed = False

    def add(self, plan: QuantizePlan) -> QuantizeJob:
        self.calls.append(("add", plan.source.id, plan.qtype, plan.dest.name))
        job = QuantizeJob(id=f"q{len(self._jobs) + 1}", plan=plan)
        self._jobs[job.id] = job
        return job

    def cancel(self, job_id: str) -> None:
        self.calls.append(("cancel", job_id))

    def jobs(self) -> list[QuantizeJob]:
        return list(self._jobs.values())

    def close(self) -> None:
        self.closed = True

    def _in_thread(self, fn: Callable[[], None]) -> None:
        thread = threading.Thread(target=fn)
        thread.start()
        thread.join()

    def emit_progress(self, job_id: str, n_tensors: int, steps: list[int], pause_s: float = 0.0) -> None:
        """Report these tensor counts for a running job, from a worker thread."""
        def run() -> None:
            job = self._jobs[job_id]
            job.state, job.n_tensors = "running", n_tensors
            for tensor in steps:
                job.tensor, job.fraction = tensor, tensor / n_tensors
                if self.on_progress is not None:
                    self.on_progress(job)
                if pause_s:
                    time.sleep(pause_s)
        self._in_thread(run)

    def set_state(self, job_id: str, state: str, error: str = "") -> None:
        """Change a job's state from a worker thread; done registers the result in the registry."""
        def run() -> None:
            job = self._jobs[job_id]
            job.state, job.error = state, error
            if state == "done":
                job.tensor, job.fraction = job.n_tensors, 1.0
                source = job.plan.source
                info = replace(source.info or make_info(source.name), quant_type=job.plan.qtype,
                               file_size=job.plan.estimated_bytes)
                model = make_model(job.plan.dest.stem, job.plan.dest.parent, info=info, path=job.plan.dest)
                job.result = model
                if self.registry is not None and hasattr(self.registry, "_models"):
                    self.registry._models.append(model)
            if self.on_state is not None:
                self.on_state(job)
        self._in_thread(run)


class FakeQuantizeAPI:
    """The module's names as attributes; ``free_bytes`` is what the disk check sees."""

    QUANT_TYPES = QUANT_TYPES
    QuantType = QuantType
    QuantizePlan = QuantizePlan
    QuantizeError = QuantizeError
    QuantizeJob = QuantizeJob
    QuantizeQueue = FakeQuantizeQueue

    def __init__(self, free_bytes: int = 100 * GIB) -> None:
        self.free_bytes = free_bytes
        self.calls: list[tuple] = []

    def estimate_quantized_size(self, info: GGUFInfo, qtype: str) -> int:
        return estimate_quantized_size(info, qtype)

    def plan_quantize(self, registry: Any, model: LocalModel, qtype: str, *, allow_requantize: bool = False,
                      output_name: str | None = None) -> QuantizePlan:
        self.calls.append(("plan_quantize", model.id, qtype, allow_requantize, output_name))
        return plan_quantize(registry, model, qtype, allow_requantize=allow_requantize, output_name=output_name,
                             free_bytes=self.free_bytes)
