"""Opening a GGUF with llama.cpp: the model, its context, and a plain reason when either fails.

:func:`open_model` checks the file, loads the weights (memory-mapped; on a GPU when this build
has one: as many layers as its free memory holds, and fewer when a load fails), refuses a
model estimated not to fit in memory unless the person chose to load it anyway, and creates
the context. The engine owns what it returns.
"""

from __future__ import annotations

import ctypes
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import llama_cpp

from app.engine import llama_log
from app.engine.backend import default_batch_threads, default_threads, extra_buffers_safe, gpu_offload_supported
from app.engine.errors import ModelLoadError
from app.engine.gpu_fit import fewer_layers, layers_to_request, load_with_fewer_layers, offload_note, plan_for_file
from app.engine.memory import OVERHEAD_BYTES, FitEstimate, available_memory, kv_cache_bytes
from model_store.fit import KV_BLOCK, KV_TYPES
from model_store.texts import QT_TRANSLATE_NOOP, Sentence
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
    threads_batch: int = 0   # threads that read prompts
    kv_type: str = "f16"     # the KV cache's number format
    offload_note: str = ""   # why not every layer runs on the GPU, as a sentence ("": nothing to say)


def open_model(params: LoadParams, progress: ProgressCallback | None = None) -> OpenedModel:
    """Load ``params.model_path`` and create its context.

    Raises:
        ModelLoadError: missing, corrupt, unsupported, too large for memory, or no context.
    """
    path = Path(params.model_path).expanduser()
    check_file(path)
    check_kv_type(params.kv_type, path)
    started = time.perf_counter()
    llama_log.clear()

    cancelled = False

    def on_progress(fraction: float, _data: ctypes.c_void_p) -> bool:
        nonlocal cancelled
        try:
            go_on = progress is None or progress(float(fraction)) is not False
        except Exception:  # noqa: BLE001 - never raise into C
            return True
        cancelled = cancelled or not go_on
        return go_on

    progress_cb = llama_cpp.llama_progress_callback(on_progress)
    mparams = llama_cpp.llama_model_default_params()
    gpu = gpu_offload_supported()
    # "Auto" (-1) offloads what the GPUs' free memory holds; see app/engine/gpu_fit.py.
    plan = plan_for_file(path, n_ctx=params.n_ctx, n_batch=params.n_batch, kv_type=params.kv_type,
                         ctx_cap=DEFAULT_CTX_CAP) if gpu else None
    mparams.n_gpu_layers = first_layers = layers_to_request(params.n_gpu_layers, plan) if gpu else 0
    mparams.progress_callback = progress_cb
    mparams.load_mode = llama_cpp.LLAMA_LOAD_MODE_MMAP
    mparams.use_extra_bufts = extra_buffers_safe()
    model = _load_model(path, mparams, lambda: cancelled)
    try:
        n_layer = llama_cpp.llama_model_n_layer(model)
        n_ctx_train = llama_cpp.llama_model_n_ctx_train(model)
        n_ctx = params.n_ctx or min(n_ctx_train, DEFAULT_CTX_CAP)
        n_ctx = min(n_ctx, n_ctx_train) if n_ctx_train > 0 else n_ctx
        fit = _fit_estimate(model, path, n_ctx, n_layer, params.kv_type)
        if fit.verdict == "won't fit" and not params.ignore_fit:
            raise ModelLoadError(Sentence(QT_TRANSLATE_NOOP(
                "model_store", "{name} at a context of {n_ctx} tokens {estimate}. "
                "Choose a smaller context length or a smaller model."),
                name=path.name, n_ctx=f"{n_ctx:,}", estimate=fit.describe()))
        threads = params.n_threads or default_threads()
        cparams = llama_cpp.llama_context_default_params()
        cparams.n_ctx = n_ctx
        cparams.n_batch = min(params.n_batch, n_ctx)
        cparams.n_ubatch = min(params.n_batch, n_ctx)
        cparams.n_threads = threads
        # Reading a prompt is compute-bound and the window waits meanwhile: every performance core.
        cparams.n_threads_batch = params.n_threads_batch or max(threads, default_batch_threads())
        cparams.no_perf = False
        cparams.type_k = cparams.type_v = kv_ggml_type(params.kv_type)
        cparams.flash_attn_type = flash_attention(params.kv_type, gpu and mparams.n_gpu_layers > 0)
        ctx = llama_cpp.llama_init_from_model(model, cparams)
        while not ctx and mparams.n_gpu_layers > 0 and not cancelled:
            # The layers on the GPU left no room for the context (its KV cache, compute buffer).
            llama_cpp.llama_model_free(model)
            model = None
            mparams.n_gpu_layers = fewer_layers(min(mparams.n_gpu_layers, n_layer + 1))
            model = _load_model(path, mparams, lambda: cancelled)
            cparams.flash_attn_type = flash_attention(params.kv_type, mparams.n_gpu_layers > 0)
            ctx = llama_cpp.llama_init_from_model(model, cparams)
        if not ctx:
            reason = "; ".join(llama_log.errors(2)) or Sentence(QT_TRANSLATE_NOOP("model_store", "not enough memory"))
            if params.kv_type != "f16":
                raise ModelLoadError(Sentence(QT_TRANSLATE_NOOP(
                    "model_store", "{name} loaded, but its context could not be created with a {kv_type} KV cache "
                    "({reason}). Choose the f16 KV cache or a smaller context length."),
                    name=path.name, kv_type=params.kv_type, reason=reason),
                    detail="\n".join(llama_log.recent()))
            raise ModelLoadError(Sentence(QT_TRANSLATE_NOOP(
                "model_store", "{name} loaded, but a context of {n_ctx} tokens could not be created "
                "({reason}). Try a smaller context length."), name=path.name, n_ctx=f"{n_ctx:,}", reason=reason),
                detail="\n".join(llama_log.recent()))
    except BaseException:
        if model:
            llama_cpp.llama_model_free(model)
        raise
    offloaded = min(mparams.n_gpu_layers, n_layer + 1) if gpu else 0
    note = offload_note(plan, params.n_gpu_layers, min(first_layers, n_layer + 1), offloaded, n_layer + 1)
    return OpenedModel(path, model, ctx, n_layer, n_ctx_train, threads, gpu, offloaded, started,
                       int(cparams.flash_attn_type), threads_batch=int(cparams.n_threads_batch),
                       kv_type=params.kv_type, offload_note=note)


def _load_model(path: Path, mparams, cancelled: Callable[[], bool]):
    """Load the weights; when a load with layers on the GPU fails (mostly: out of GPU memory),
    again with fewer, down to the CPU. ``mparams.n_gpu_layers`` ends as the count that loaded.

    Raises:
        ModelLoadError: not even the CPU could load it (the reason from llama.cpp's log).
    """
    def attempt(layers: int):
        mparams.n_gpu_layers = layers
        return llama_cpp.llama_model_load_from_file(str(path).encode("utf-8"), mparams)

    model, _layers = load_with_fewer_layers(attempt, mparams.n_gpu_layers, cancelled)
    if not model:
        raise ModelLoadError(load_failure_sentence(path), detail="\n".join(llama_log.recent()))
    return model


def kv_ggml_type(kv_type: str) -> int:
    """llama.cpp's ``ggml_type`` for a KV cache type name ("f16", "q8_0", "q4_0").

    Raises:
        ModelLoadError: this build of llama.cpp does not know the type (said before loading).
    """
    value = getattr(llama_cpp, f"GGML_TYPE_{kv_type.upper()}", None)
    if not isinstance(value, int):
        raise ModelLoadError(Sentence(QT_TRANSLATE_NOOP(
            "model_store", "This build of llama.cpp cannot keep the KV cache as {kv_type}. Choose f16."),
            kv_type=kv_type))
    return value


def flash_attention(kv_type: str, on_gpu: bool) -> int:
    """When flash attention runs: always for a quantized cache (llama.cpp needs it for a
    quantized V cache), llama.cpp's choice on a GPU, and off otherwise: on the CPU its F16
    path grows with the context and made a 20-token turn 3x slower at 600 tokens of history
    (measured)."""
    if kv_type != "f16":
        return llama_cpp.LLAMA_FLASH_ATTN_TYPE_ENABLED
    return llama_cpp.LLAMA_FLASH_ATTN_TYPE_AUTO if on_gpu else llama_cpp.LLAMA_FLASH_ATTN_TYPE_DISABLED


def check_kv_type(kv_type: str, path: Path) -> None:
    """Refuse, before loading, a quantized KV cache the model's shape cannot hold (its key and
    value rows must be whole blocks of 32) or that this build does not know.

    Raises:
        ModelLoadError: with a sentence and the way forward.
    """
    kv_ggml_type(kv_type)
    if kv_type == "f16":
        return
    from model_store.errors import GGUFFormatError
    from model_store.gguf_info import read_gguf_info

    try:
        info = read_gguf_info(path)
    except GGUFFormatError:
        return  # the loader says what is wrong with the file
    rows = (info.head_dim_k * info.n_head_kv, info.head_dim_v * info.n_head_kv)
    if any(r % KV_BLOCK for r in rows if r):
        raise ModelLoadError(Sentence(QT_TRANSLATE_NOOP(
            "model_store", "{name} cannot keep its KV cache as {kv_type}: its attention rows ({k} and {v} values) "
            "are not whole blocks of {block}. Choose f16."),
            name=path.name, kv_type=kv_type, k=rows[0], v=rows[1], block=KV_BLOCK))


def _fit_estimate(model, path: Path, n_ctx: int, n_layer: int, kv_type: str = "f16") -> FitEstimate:
    n_embd = llama_cpp.llama_model_n_embd(model)
    n_head = max(1, llama_cpp.llama_model_n_head(model))
    n_head_kv = max(1, llama_cpp.llama_model_n_head_kv(model))
    arch = meta(model, "general.architecture")
    head_k = int(meta(model, f"{arch}.attention.key_length") or n_embd // n_head)
    head_v = int(meta(model, f"{arch}.attention.value_length") or n_embd // n_head)
    kv = kv_cache_bytes(n_ctx, n_layer, head_k * n_head_kv, head_v * n_head_kv, KV_TYPES[kv_type])
    weights = path.stat().st_size
    return FitEstimate(weights, kv, OVERHEAD_BYTES, available_memory(), kv_type=kv_type)
