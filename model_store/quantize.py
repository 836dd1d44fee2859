"""Shrinking a model locally: llama.cpp's quantizer in a child process, with progress and cancel.

``plan_quantize`` checks everything that can be checked before any work (the type, the source's
header, requantizing, the output name, free disk space against :func:`estimate_quantized_size`)
and raises :class:`~model_store.errors.QuantizeError` with a sentence. ``run_quantize`` runs
``llama_model_quantize`` in ``python -m model_store.quantize_child`` — the C call has no
progress callback and cannot be interrupted in-process — reading llama.cpp's per-tensor log
lines as progress; a cancel terminates the child (then kills it after a grace period). The
output is written to ``.<name>.quantizing`` in the destination folder (hidden, so the Library's
folder scan ignores it; see :mod:`model_store.quantize_temp`, which also removes what a killed run
left) and renamed into place with ``os.replace`` only when llama.cpp has finished; only then is it
registered, with its provenance. A cancelled or failed run leaves no file and no Library entry.
``QuantizeQueue`` runs plans one at a time on a worker thread.

No Qt here; callbacks come from worker threads.
"""

from __future__ import annotations

import collections
import importlib.metadata
import logging
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from model_store.atomic import fsync_dir
from model_store.errors import GGUFFormatError, QuantizeCancelled, QuantizeError, RegistryError
from model_store.fit import FitEstimate, estimate_fit
from model_store.gguf_info import GGUFInfo, read_gguf_info
from model_store.library_files import model_name_for
from model_store.quant_types import (QUANT_TYPES, UNQUANTIZED, QuantType, Tensor,  # noqa: F401 (re-exported)
                                     estimate_quantized_size, read_tensors)
from model_store.quantize_temp import claim, sweep_stale_temps, temp_path
from model_store.registry import LocalModel, Registry
from model_store.texts import QT_TRANSLATE_NOOP, Sentence
from model_store.units import format_size

__all__ = ["QUANT_TYPES", "QuantType", "QuantizePlan", "QuantizeProgress", "QuantizeJob", "QuantizeQueue",
           "QuantizeError", "QuantizeCancelled", "estimate_quantized_size", "read_tensors", "plan_quantize",
           "run_quantize", "default_output_name", "temp_path"]

log = logging.getLogger(__name__)

SPACE_MARGIN = 64 << 20            # free space kept beyond the estimate (plus 2 % of it)
CANCEL_GRACE_S = 2.0               # after terminate(), how long before kill()
PROGRESS_INTERVAL_S = 0.05         # at most ~20 progress callbacks a second
_QUANT_SUFFIX_RE = re.compile(r"[-_. ](?:UD-)?(?:F32|F16|BF16|Q\d(?:_\d)?(?:_K)?(?:_[SML]|_XL)?|IQ\d_[A-Z]+|"
                              r"TQ\d_\d|MXFP4(?:_MOE)?)$", re.IGNORECASE)
CHILD_FLAG = "--hearth-quantize-child"  # see app/__main__.py

_ROOT = str(Path(__file__).resolve().parent.parent)


@dataclass(frozen=True)
class QuantizePlan:
    """What ``run_quantize`` will do: checked, with the size it will take and the fit it will have."""

    source: LocalModel
    qtype: str
    dest: Path
    estimated_bytes: int
    free_bytes: int
    fit: FitEstimate
    warning: str = ""
    allow_requantize: bool = False
    source_info: GGUFInfo | None = field(default=None, repr=False, compare=False)
    tensors: tuple[Tensor, ...] = field(default=(), repr=False, compare=False)


@dataclass(frozen=True)
class QuantizeProgress:
    """``fraction`` of the work done (by weights written), tensor ``tensor`` of ``n_tensors`` (``name``)."""

    fraction: float
    tensor: int
    n_tensors: int
    name: str = ""


def _gb(n: int) -> str:
    return format_size(n)


def default_output_name(source: LocalModel, qtype: str) -> str:
    """``<source name without its quantization suffix>-<TYPE>.gguf``."""
    stem = model_name_for(source.path)
    stem = _QUANT_SUFFIX_RE.sub("", stem) or stem
    return f"{stem}-{qtype}.gguf"


def _safe_output_name(name: str) -> str:
    name = Path(name.replace("\\", "/")).name
    name = re.sub(r"[^A-Za-z0-9._+\-() ]", "_", name).strip(" .")
    if not name or set(name) <= {"_", "."}:
        raise QuantizeError(Sentence(QT_TRANSLATE_NOOP(
            "model_store", "That output name has no usable characters. Choose a name such as model-Q4_K_M.gguf.")))
    name = name if name.lower().endswith(".gguf") else name + ".gguf"
    return name[:-5][:195] + ".gguf"


def plan_quantize(registry: Registry, model: LocalModel | str, qtype: str, *, allow_requantize: bool = False,
                  output_name: str | None = None, n_ctx: int = 4096) -> QuantizePlan:
    """Check a quantization before starting it.

    Args:
        registry: the Library (the output goes into its models folder).
        model: the source model, or its name or id.
        qtype: a key of ``QUANT_TYPES`` (case-insensitive).
        allow_requantize: quantize a source that is already quantized (quality suffers: see
            the plan's ``warning``).
        output_name: the output file name (sanitised; ``.gguf`` added), default
            :func:`default_output_name`.
        n_ctx: context length for the plan's fit estimate.

    Raises:
        QuantizeError: unknown type or one that needs an importance matrix; the source is
            missing, unreadable, already of that type, or quantized without ``allow_requantize``;
            the output exists; not enough free disk space.
    """
    source = registry.get(model) if isinstance(model, str) else model
    if source is None:
        raise QuantizeError(Sentence(QT_TRANSLATE_NOOP(
            "model_store", "No model called “{name}” in your Library. See the Library list for names."),
            name=model))
    key = next((k for k in QUANT_TYPES if k.lower() == qtype.strip().lower()), None)
    if key is None:
        raise QuantizeError(Sentence(QT_TRANSLATE_NOOP(
            "model_store", "Hearth doesn't know the quantization type “{qtype}”. Choose one of {types}."),
            qtype=qtype, types=", ".join(k for k, q in QUANT_TYPES.items() if not q.needs_imatrix)))
    if QUANT_TYPES[key].needs_imatrix:
        raise QuantizeError(Sentence(QT_TRANSLATE_NOOP(
            "model_store", "{qtype} needs an importance matrix, which Hearth can't make yet. "
            "Choose Q2_K or a larger type."), qtype=key))
    if source.missing or not source.path.is_file():
        raise QuantizeError(Sentence(QT_TRANSLATE_NOOP(
            "model_store", "The file of {name} is missing ({path}). Reconnect its drive, "
            "or remove it from the Library."), name=source.name, path=str(source.path)))
    try:
        info = read_gguf_info(source.path)
        tensors, header_bytes = read_tensors(source.path)
    except GGUFFormatError as exc:
        raise QuantizeError(Sentence(QT_TRANSLATE_NOOP("model_store", "{name} can't be quantized: {reason}"),
                                     name=source.name, reason=exc.message), exc.detail) from exc
    current = info.quant_type
    if current.upper() == key:
        raise QuantizeError(Sentence(QT_TRANSLATE_NOOP(
            "model_store", "{name} is already {qtype}. Choose another type."),
                                     name=source.name, qtype=key))
    warning = ""
    if current.upper() not in UNQUANTIZED:
        if not allow_requantize:
            raise QuantizeError(Sentence(QT_TRANSLATE_NOOP(
                "model_store", "{name} is already quantized ({qtype}); quantizing it again loses quality. "
                "Start from an F16 or BF16 file, or allow requantizing."),
                name=source.name, qtype=current or Sentence(QT_TRANSLATE_NOOP("model_store", "unknown type"))))
        if QUANT_TYPES[key].bits_per_weight >= info.bits_per_weight:
            warning = Sentence(QT_TRANSLATE_NOOP(
                "model_store", "{name} is already quantized ({current}). Requantizing it to {qtype} costs quality: "
                "new rounding errors add to the old ones, so the result is worse than one made from the original "
                "F16/BF16 weights, and more bits cannot win back what the source has lost."),
                name=source.name, current=current, qtype=key)
        else:
            warning = Sentence(QT_TRANSLATE_NOOP(
                "model_store", "{name} is already quantized ({current}). Requantizing it to {qtype} costs quality: "
                "new rounding errors add to the old ones, so the result is worse than one made from the original "
                "F16/BF16 weights."), name=source.name, current=current, qtype=key)
    sweep_stale_temps(registry.root)
    name = _safe_output_name(output_name) if output_name else default_output_name(source, key)
    dest = registry.root / name
    if not output_name:
        n = 2
        while dest.exists() or temp_path(dest).exists():
            dest, n = registry.root / f"{name[:-5]} ({n}).gguf", n + 1
    elif dest.exists():
        raise QuantizeError(Sentence(QT_TRANSLATE_NOOP(
            "model_store", "There is already a file called {name} in {folder}. Choose another name."),
            name=name, folder=str(registry.root)))
    estimate = estimate_quantized_size(info, key, tensors, header_bytes)
    free = shutil.disk_usage(registry.root).free
    needed = estimate + SPACE_MARGIN + estimate // 50
    if free < needed:
        raise QuantizeError(Sentence(QT_TRANSLATE_NOOP(
            "model_store", "Quantizing {name} to {qtype} needs {needed} but only {free} is free in {folder}. "
            "Free some space and try again."), name=source.name, qtype=key, needed=_gb(needed), free=_gb(free),
            folder=str(registry.root)), f"estimate={estimate} free={free}")
    fit = estimate_fit(info, file_size=estimate, n_ctx=n_ctx)
    return QuantizePlan(source=source, qtype=key, dest=dest, estimated_bytes=estimate, free_bytes=free, fit=fit,
                        warning=warning, allow_requantize=allow_requantize, source_info=info, tensors=tuple(tensors))


def _llama_cpp_version() -> str:
    module = sys.modules.get("llama_cpp")
    version = getattr(module, "__version__", None)
    if version:
        return str(version)
    try:
        return importlib.metadata.version("llama_cpp_python")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


class _ChildRun:
    """One child process: starts it, turns its lines into progress, stops it on cancel."""

    def __init__(self, plan: QuantizePlan, temp: Path, lock_fd: int, on_progress, cancel: threading.Event) -> None:
        self.plan, self.on_progress, self.cancel = plan, on_progress, cancel
        self.total = sum(_elements(t[2]) for t in plan.tensors) or (plan.source_info.n_params if plan.source_info
                                                                    else 0)
        self.done_elements, self.last_emit, self.fraction = 0, 0.0, 0.0
        self.errors: collections.deque[str] = collections.deque(maxlen=5)
        self.other: collections.deque[str] = collections.deque(maxlen=5)
        # A frozen app has no "-m": its own executable runs the child when given CHILD_FLAG first.
        launcher = [sys.executable, CHILD_FLAG] if getattr(sys, "frozen", False) else [
            sys.executable, "-m", "model_store.quantize_child"]
        cmd = launcher + [str(plan.source.path), str(temp), str(QUANT_TYPES[plan.qtype].ftype)] + (
            ["--allow-requantize"] if plan.allow_requantize else [])
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in (_ROOT, os.environ.get("PYTHONPATH")) if p))
        # The child holds the temp file's lock too: it lasts until both processes are gone.
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     env=env, creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
                                     pass_fds=(lock_fd,) if os.name == "posix" else ())
        self.finished = threading.Event()
        self.watcher = threading.Thread(target=self._watch, name="quantize-cancel", daemon=True)
        self.watcher.start()

    def _watch(self) -> None:
        while not self.finished.is_set():
            if self.cancel.wait(0.05):
                self.stop()
                return

    def stop(self) -> None:
        """Terminate the child, then kill it if it has not gone after ``CANCEL_GRACE_S``."""
        if self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(CANCEL_GRACE_S)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def run(self) -> int:
        try:
            assert self.proc.stdout is not None
            for raw in self.proc.stdout:
                self._line(raw.decode("utf-8", "replace").rstrip("\r\n"))
            return self.proc.wait()
        finally:
            self.finished.set()
            self.stop()
            if self.proc.stdout is not None:
                self.proc.stdout.close()

    def _line(self, line: str) -> None:
        kind, _, rest = line.partition(" ")
        if kind == "T":
            parts = rest.split(" ", 3)
            try:
                n, count, elements = int(parts[0]), int(parts[1]), int(parts[2])
            except (ValueError, IndexError):
                return
            self.done_elements += elements
            fraction = 1.0 if n >= count else min(self.done_elements / self.total if self.total else n / count, 1.0)
            self.fraction = max(self.fraction, fraction)
            now = time.monotonic()
            if self.on_progress is not None and (n >= count or now - self.last_emit >= PROGRESS_INTERVAL_S):
                self.last_emit = now
                self.on_progress(QuantizeProgress(self.fraction, n, count, parts[3] if len(parts) > 3 else ""))
        elif kind == "E":
            self.errors.append(rest)
        elif kind != "W" and line.strip():
            self.other.append(line.strip())


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _elements(dims: tuple[int, ...]) -> int:
    n = 1
    for d in dims:
        n *= d
    return n


def _failure(plan: QuantizePlan, rc: int, run: _ChildRun) -> QuantizeError:
    last = (run.errors or run.other or collections.deque([""]))[-1]
    detail = re.sub(r"^llama_model_quantize: ", "", last) or f"the quantizer exited with status {rc}"
    lowered = detail.lower()
    if "requantiz" in lowered:
        template = QT_TRANSLATE_NOOP("model_store", "Hearth could not quantize {name} to {qtype}: it is already "
                                     "quantized. Allow requantizing to go ahead anyway.")
    elif "imatrix" in lowered or "importance matrix" in lowered:
        template = QT_TRANSLATE_NOOP("model_store", "Hearth could not quantize {name} to {qtype}: this type needs "
                                     "an importance matrix. Choose a larger type.")
    elif any(k in lowered for k in ("failbit", "iostream", "no space")) or \
            shutil.disk_usage(plan.dest.parent).free < SPACE_MARGIN:
        template = QT_TRANSLATE_NOOP("model_store", "Hearth could not quantize {name} to {qtype}: writing the file "
                                     "failed, probably because the disk is full. Free some space and try again.")
    elif rc < 0 or rc in (137, 139, 134):
        template = QT_TRANSLATE_NOOP("model_store", "Hearth could not quantize {name} to {qtype}: the quantizer "
                                     "stopped unexpectedly. The computer may have run out of memory; close other "
                                     "programs and try again.")
    else:
        template = QT_TRANSLATE_NOOP("model_store", "Hearth could not quantize {name} to {qtype}: llama.cpp reported "
                                     "an error. The file may be damaged, or of a kind this version of llama.cpp "
                                     "can't quantize.")
    sentence = Sentence(template, name=plan.source.name, qtype=plan.qtype)
    return QuantizeError(sentence, detail)


def run_quantize(plan: QuantizePlan, *, on_progress: Callable[[QuantizeProgress], object] | None = None,
                 cancel: threading.Event | None = None, registry: Registry) -> LocalModel:
    """Carry out a plan (blocking): quantize in a child process, place the file, register it.

    Args:
        plan: from :func:`plan_quantize`.
        on_progress: called with a :class:`QuantizeProgress` as tensors are written (at most
            ~20 a second; the last call has ``fraction`` 1.0), from this thread.
        cancel: set it (from any thread) to stop; the child is terminated within ~0.1 s.
        registry: the Library to register the result in.

    Returns:
        The new Library entry (owned), with ``provenance`` {"quantized_from": {id, name, sha256,
        quant_type}, "quant_type", "quantized_at" (ISO 8601 UTC), "llama_cpp_version", "warning"}.

    Raises:
        QuantizeCancelled: ``cancel`` was set; nothing was written.
        QuantizeError: llama.cpp failed (``detail``: its last error line), the output exists, or
            the result could not be registered; nothing is left behind.
    """
    cancel = cancel or threading.Event()
    dest, temp = plan.dest, temp_path(plan.dest)
    if cancel.is_set():
        raise QuantizeCancelled("The quantization was cancelled; nothing was written.")
    if dest.exists():
        raise QuantizeError(Sentence(QT_TRANSLATE_NOOP(
            "model_store", "There is already a file called {name} in {folder}. Choose another name."),
            name=dest.name, folder=str(dest.parent)))
    dest.parent.mkdir(parents=True, exist_ok=True)
    lock_fd = claim(temp)
    try:
        child = _ChildRun(plan, temp, lock_fd, on_progress, cancel)
        rc = child.run()
        if cancel.is_set():
            raise QuantizeCancelled("The quantization was cancelled; nothing was written.")
        if rc != 0:
            raise _failure(plan, rc, child)
        if dest.exists():
            raise QuantizeError(Sentence(QT_TRANSLATE_NOOP(
                "model_store", "A file called {name} appeared in {folder} meanwhile. Choose another name."),
                name=dest.name, folder=str(dest.parent)))
        _fsync(temp)   # durable before it gets its real name (llama.cpp does not sync)
        os.replace(temp, dest)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise QuantizeError(Sentence(QT_TRANSLATE_NOOP(
            "model_store", "Hearth could not run the quantizer or place its output: {reason}."),
            reason=str(exc.strerror or exc)), repr(exc)) from exc
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    finally:
        os.close(lock_fd)
    fsync_dir(dest.parent)
    log.info("quantized %s to %s: %s", plan.source.name, plan.qtype, dest)
    src = plan.source
    provenance = {"quantized_from": {"id": src.id, "name": src.name, "sha256": src.sha256,
                                     "quant_type": plan.source_info.quant_type if plan.source_info else ""},
                  "quant_type": plan.qtype, "quantized_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                  "llama_cpp_version": _llama_cpp_version()}
    if plan.warning:
        provenance["warning"] = plan.warning
    try:
        return registry.import_file(dest, provenance=provenance)
    except (GGUFFormatError, RegistryError) as exc:
        dest.unlink(missing_ok=True)
        raise QuantizeError(Sentence(QT_TRANSLATE_NOOP(
            "model_store", "The quantized {name} could not be added to the Library: {reason}"),
            name=dest.name, reason=exc.message), exc.detail) from exc
    except BaseException:
        dest.unlink(missing_ok=True)
        raise

