"""Opening a GGUF with llama.cpp: the model, its context, and a plain reason when either fails.

:func:`open_model` checks the file, loads the weights (memory-mapped, offloaded to a GPU
when this build has one), refuses a model estimated not to fit in memory unless the person
chose to load it anyway, and creates the context. The engine owns what it returns.
"""

from __future__ import annotations

import ctypes
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import llama_cpp

from app.engine import llama_log
from app.engine.backend import default_threads, extra_buffers_safe, gpu_offload_supported
from app.engine.errors import ModelLoadError
from app.engine.memory import OVERHEAD_BYTES, FitEstimate, available_memory, kv_cache_bytes
from app.engine.model_file import check_file, load_failure_sentence, meta
from app.engine.params import LoadParams
from app.engine.types import ProgressCallback

DEFAULT_CTX_CAP = 8192


@dataclass(frozen=True)
class OpenedModel:
    """A loaded model and its context (free both with llama.cpp when done)."""

    path: Path
    model: Any
    ctx: Any
    n_layer: int
    n_ctx_train: int
    threads: int
    gpu: bool           # this build can offload to a GPU
    offloaded: int      # layers on the GPU
    started: float      # perf_counter() when loading began
    flash_attn: int     # llama.cpp's flash attention type for the context


def open_model(params: LoadParams, progress: ProgressCallback | None = None) -> OpenedModel:
    """Load ``params.model_path`` and create its context.

    Raises:
        ModelLoadError: missing, corrupt, unsupported, too large for memory, or no context.
    """
    path = Path(params.model_path).expanduser()
    check_file(path)
    started = time.perf_counter()
    llama_log.clear()

    def on_progress(fraction: float, _data: ctypes.c_void_p) -> bool:
        try:
            return progress is None or progress(float(fraction)) is not False
        except Exception:  # noqa: BLE001 - never raise into C
            return True

    progress_cb = llama_cpp.llama_progress_callback(on_progress)
    mparams = llama_cpp.llama_model_default_params()
    gpu = gpu_offload_supported()
    mparams.n_gpu_layers = (999 if params.n_gpu_layers < 0 else params.n_gpu_layers) if gpu else 0
    mparams.progress_callback = progress_cb
    mparams.load_mode = llama_cpp.LLAMA_LOAD_MODE_MMAP
    mparams.use_extra_bufts = extra_buffers_safe()
    model = llama_cpp.llama_model_load_from_file(str(path).encode("utf-8"), mparams)
    if not model:
        raise ModelLoadError(load_failure_sentence(path), detail="\n".join(llama_log.recent()))
    try:
        n_layer = llama_cpp.llama_model_n_layer(model)
        n_ctx_train = llama_cpp.llama_model_n_ctx_train(model)
        n_ctx = params.n_ctx or min(n_ctx_train, DEFAULT_CTX_CAP)
        n_ctx = min(n_ctx, n_ctx_train) if n_ctx_train > 0 else n_ctx
        fit = _fit_estimate(model, path, n_ctx, n_layer)
        if fit.verdict == "won't fit" and not params.ignore_fit:
            raise ModelLoadError(
                f"{path.name} at a context of {n_ctx:,} tokens {fit.describe()}. "
                "Choose a smaller context length or a smaller model.")
        threads = params.n_threads or default_threads()
        cparams = llama_cpp.llama_context_default_params()
        cparams.n_ctx = n_ctx
        cparams.n_batch = min(params.n_batch, n_ctx)
        cparams.n_ubatch = min(params.n_batch, n_ctx)
        cparams.n_threads = threads
        cparams.n_threads_batch = threads
        cparams.no_perf = False
        # On the CPU, flash attention's F16 path grows with the context and made a 20-token turn
        # 3x slower at 600 tokens of history (measured); GPUs gain from it, so llama.cpp decides there.
        cparams.flash_attn_type = (llama_cpp.LLAMA_FLASH_ATTN_TYPE_AUTO if gpu and mparams.n_gpu_layers
                                   else llama_cpp.LLAMA_FLASH_ATTN_TYPE_DISABLED)
        ctx = llama_cpp.llama_init_from_model(model, cparams)
        if not ctx:
            reason = "; ".join(llama_log.errors(2)) or "not enough memory"
            raise ModelLoadError(
                f"{path.name} loaded, but a context of {n_ctx:,} tokens could not be created "
                f"({reason}). Try a smaller context length.", detail="\n".join(llama_log.recent()))
    except BaseException:
        llama_cpp.llama_model_free(model)
        raise
    offloaded = min(mparams.n_gpu_layers, n_layer + 1) if gpu else 0
    return OpenedModel(path, model, ctx, n_layer, n_ctx_train, threads, gpu, offloaded, started,
                       int(cparams.flash_attn_type))


def _fit_estimate(model, path: Path, n_ctx: int, n_layer: int) -> FitEstimate:
    n_embd = llama_cpp.llama_model_n_embd(model)
    n_head = max(1, llama_cpp.llama_model_n_head(model))
    n_head_kv = max(1, llama_cpp.llama_model_n_head_kv(model))
    arch = meta(model, "general.architecture")
    head_k = int(meta(model, f"{arch}.attention.key_length") or n_embd // n_head)
    head_v = int(meta(model, f"{arch}.attention.value_length") or n_embd // n_head)
    kv = kv_cache_bytes(n_ctx, n_layer, head_k * n_head_kv, head_v * n_head_kv)
    weights = path.stat().st_size
    return FitEstimate(weights, kv, OVERHEAD_BYTES, available_memory())
