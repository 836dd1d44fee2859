"""This computer's expected speed for any model: one place for the GUI, the CLI and the engine.

Wraps :mod:`model_store.speed` (the arithmetic) and :mod:`model_store.speed_probe` (the
measurement) with Hearth's data folder, where the GPU would take the weights (this build's
offload and the device's memory), and the record of real runs that corrects every estimate.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from app import paths
from model_store.speed import MachineProfile, ModelShape, SpeedBook, SpeedEstimate, estimate_speed
from model_store.speed_probe import machine_profile, read_profile

if TYPE_CHECKING:
    from model_store.gguf_info import GGUFInfo

# "Qwen3-30B-A3B", "…-235B-A22B-…": total and active parameters in a mixture-of-experts name.
_MOE_RE = re.compile(r"(?<![0-9.])(\d+(?:\.\d+)?)[Bb]-A(\d+(?:\.\d+)?)[Bb](?![a-z])")
MIN_ANSWER_TOKENS = 16     # shorter answers say little about the decode speed
MIN_PROMPT_TOKENS = 64     # the same for prompt reading

_book: SpeedBook | None = None
_book_lock = threading.Lock()


def profile(measure: bool = True, refresh: bool = False) -> MachineProfile:
    """The machine's rates: cached, else measured now (about half a second) unless ``measure``
    is False, in which case a default is returned (``profile.measured`` tells)."""
    return machine_profile(paths.data_dir(), measure=measure, refresh=refresh)


def measured_profile() -> MachineProfile | None:
    """The cached profile without measuring (None when the probe has not run yet)."""
    return read_profile(paths.data_dir())


def remeasure() -> MachineProfile:
    """Measure the machine again (the Refresh button); measured runs are kept but recalibrated."""
    fresh = profile(refresh=True)
    book().recalibrate()
    return fresh


def book() -> SpeedBook:
    """The record of measured runs (shared by every caller in this process)."""
    global _book
    with _book_lock:
        folder = paths.data_dir()
        if _book is None or _book.path.parent != folder:
            _book = SpeedBook(folder)
        return _book


def gpu_fraction(model_bytes: int) -> float:
    """Share of a model's weights the GPU would hold: 0 without GPU offload in this build."""
    try:
        from app.engine.backend import gpu_offload_supported

        if not gpu_offload_supported():
            return 0.0
    except Exception:  # noqa: BLE001 - no llama.cpp: estimate for the CPU
        return 0.0
    from model_store.fit import gpu_memory

    room = gpu_memory()
    if room is None or model_bytes <= 0:
        return 0.0
    return max(0.0, min(1.0, room * 0.9 / model_bytes))


def moe_params(name: str) -> tuple[int, int] | None:
    """(total, active) parameters from a name like "Qwen3-30B-A3B"; None when it says nothing."""
    match = _MOE_RE.search(name)
    if not match:
        return None
    total, active = float(match[1]) * 1e9, float(match[2]) * 1e9
    return (int(total), int(active)) if 0 < active < total else None


def for_info(info: GGUFInfo, name: str, *, kv_type: str = "f16", n_ctx: int = 0,
             measure: bool = True) -> SpeedEstimate:
    """The expected speed of a local file (its header read) called ``name``."""
    shape = ModelShape.from_info(info, Path(name).name)
    return _estimate(shape, kv_type, n_ctx, measure)


def for_file(file_size: int, name: str, n_params: int | None = None, *, kv_type: str = "f16",
             n_ctx: int = 0, measure: bool = True, quant: str = "") -> SpeedEstimate:
    """The expected speed of a file known by size and name (e.g. on the Hub)."""
    moe = moe_params(name)
    shape = ModelShape.from_size(file_size, moe[0] if moe else n_params, Path(name).name,
                                 active_params=moe[1] if moe else None, quant=quant)
    return _estimate(shape, kv_type, n_ctx, measure)


def _estimate(shape: ModelShape, kv_type: str, n_ctx: int, measure: bool) -> SpeedEstimate:
    machine = profile(measure=measure)
    return estimate_speed(shape, machine, kv_type=kv_type, gpu_fraction=gpu_fraction(shape.file_size),
                          n_ctx=n_ctx or 4096, book=book())


def record_answer(path: str, *, decode_tok_s: float, completion_tokens: int, prompt_tok_s: float = 0.0,
                  prompt_tokens: int = 0, kv_type: str = "f16", n_ctx: int = 0) -> None:
    """Remember a local answer's real speed, so the file's badge shows it and other estimates
    are corrected. Short answers and prompts are ignored; never raises."""
    decode = decode_tok_s if completion_tokens >= MIN_ANSWER_TOKENS else 0.0
    prompt = prompt_tok_s if prompt_tokens >= MIN_PROMPT_TOKENS else 0.0
    if decode <= 0 and prompt <= 0:
        return
    try:
        from model_store.errors import GGUFFormatError
        from model_store.gguf_info import read_gguf_info

        machine = measured_profile()
        if machine is None:
            return  # no estimate to compare with yet; the probe runs when an estimate is first shown
        file = Path(path)
        info = read_gguf_info(file)
        raw = estimate_speed(ModelShape.from_info(info, file.name), machine, kv_type=kv_type,
                             gpu_fraction=gpu_fraction(info.file_size), n_ctx=n_ctx or 4096)
        book().record(file.name, info.file_size, raw, decode_tok_s=decode, prompt_tok_s=prompt)
    except (GGUFFormatError, OSError, ValueError):
        return
