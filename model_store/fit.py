"""Will it fit? Weights + KV cache + runtime overhead at a context length vs this machine's memory.

One definition for the whole app: ``app/engine/memory.py`` re-exports these names so the
engine's load check and the model manager's "fits / tight / won't fit" badge agree.

The overhead is calibrated against llama.cpp itself (``tests/bench/bench_fit.py`` measures
the resident memory a loaded model adds after a full prompt batch and a few tokens): a fixed
part (runtime, graph, sampler) plus the compute buffer, which grows with the batch size and
the context (the attention scores), plus the output logits buffer, which grows with the
vocabulary.
"""

from __future__ import annotations

import math
import os
import platform
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from model_store import devices
from model_store.texts import QT_TRANSLATE_NOOP, Sentence
from model_store.units import format_size

if TYPE_CHECKING:
    from model_store.gguf_info import GGUFInfo

GIB = 1024**3
MIB = 1024**2
RUNTIME_BYTES = 12 * MIB                # llama.cpp runtime: threadpool, graph metadata, sampler
TOKENIZER_BYTES_PER_TOKEN = 160         # vocabulary tables, per entry
ACTIVATION_TENSORS = 8                  # F32 activations of one batch alive at once, in n_embd units
SCORE_COPIES = 1.5                      # F32 attention-score tensors (scores + softmax, partly shared)
DEFAULT_BATCH = 512
DEFAULT_VOCAB = 128_000
DEFAULT_BITS_PER_WEIGHT = 4.8           # a typical Q4_K_M file, when only the size is known


# The KV cache's number formats and their bytes per value: F16, and llama.cpp's blocks of 32
# values with one F16 scale (Q8_0: 32 bytes + 2; Q4_0: 16 bytes + 2). A quantized V cache
# needs flash attention.
KV_TYPES: dict[str, float] = {"f16": 2.0, "q8_0": 34 / 32, "q4_0": 18 / 32}
KV_BLOCK = 32


def kv_bytes_per_value_for(kv_type: str) -> float:
    """Bytes per cached value for ``kv_type`` ("f16", "q8_0", "q4_0").

    Raises:
        ValueError: an unknown type.
    """
    try:
        return KV_TYPES[kv_type]
    except KeyError:
        raise ValueError(f"unknown KV cache type {kv_type!r}") from None


def kv_cache_bytes(n_ctx: int, n_layer: int, n_embd_k: int, n_embd_v: int, bytes_per_value: float = 2) -> int:
    """Bytes of the KV cache: one key and one value vector per layer per token (F16 by default)."""
    return int(n_ctx * n_layer * (n_embd_k + n_embd_v) * bytes_per_value)


def kv_bytes_per_token_guess(n_params: int) -> int:
    """KV-cache bytes per token (F16) for a model known only by its parameter count.

    Modern grouped-query models grow their per-token cache roughly with the square root of
    their size (1B: 32 KB, 8B: 128 KB, 70B: 320 KB); 1.5·√n slightly overestimates them so a
    remote file is not promised a fit it will not get.
    """
    return int(1.5 * math.sqrt(max(n_params, 0)))


def overhead_bytes(n_ctx: int, *, n_embd: int = 0, n_head: int = 0, n_vocab: int = 0,
                   n_batch: int = DEFAULT_BATCH) -> int:
    """Memory llama.cpp uses beyond weights and KV cache once a prompt batch has run.

    Calibrated on the starter model (``tests/bench/bench_fit.py``): a fixed runtime part, the
    tokenizer's tables (per vocabulary entry), and the touched part of the compute buffer for
    one prompt batch (activations, and attention scores over about a batch of context).
    The scores grow as the conversation fills the context: see :func:`peak_extra_bytes`.

    Args:
        n_ctx: context length in tokens (caps the batch).
        n_embd: embedding width (0: unknown, 4096 assumed).
        n_head: attention heads (0: unknown, 32 assumed).
        n_vocab: vocabulary size (0: unknown, 128k assumed).
        n_batch: prompt tokens evaluated per step.

    Returns:
        Bytes.
    """
    batch = _batch(n_ctx, n_batch)
    n_embd, n_head, n_vocab = n_embd or 4096, n_head or 32, n_vocab or DEFAULT_VOCAB
    activations = batch * n_embd * 4 * ACTIVATION_TENSORS
    scores = int(batch * batch * n_head * 4 * SCORE_COPIES)
    return RUNTIME_BYTES + n_vocab * TOKENIZER_BYTES_PER_TOKEN + activations + scores


def peak_extra_bytes(n_ctx: int, *, n_head: int = 0, n_batch: int = DEFAULT_BATCH) -> int:
    """Extra compute memory when a prompt batch runs against a nearly full context (CPU, no
    flash attention): the F32 attention scores grow from one batch of context to ``n_ctx``.

    Measured on the starter model: about 1.4-1.6 score copies per context token.
    """
    batch = _batch(n_ctx, n_batch)
    return int(max(0, n_ctx - batch) * batch * (n_head or 32) * 4 * SCORE_COPIES)


def _batch(n_ctx: int, n_batch: int) -> int:
    return max(1, min(n_batch, n_ctx)) if n_ctx > 0 else max(1, n_batch)


# The overhead for a model known by nothing but its size (a 4096-wide, 32-head, 128k-vocabulary
# model at 4096 tokens); the engine's load check uses it.
OVERHEAD_BYTES = overhead_bytes(4096)


def total_memory() -> int:
    """Physical memory in bytes (unified memory on Apple Silicon); 0 when unknown."""
    if sys.platform == "win32":
        status = _windows_memory_status()
        return status.ullTotalPhys if status else 0
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return 0


def available_memory() -> int:
    """Memory that can be used without swapping, in bytes (best effort per platform)."""
    if sys.platform.startswith("linux"):
        try:
            with open("/proc/meminfo", encoding="ascii") as fh:
                for line in fh:
                    if line.startswith("MemAvailable:"):
                        return int(line.split()[1]) * 1024
        except OSError:
            pass
    if sys.platform == "win32":
        status = _windows_memory_status()
        return status.ullAvailPhys if status else 0
    total = total_memory()
    if is_unified_memory():
        # macOS keeps caches in "free-able" memory; about three quarters of unified memory is usable.
        return int(total * 0.75)
    return total


def is_unified_memory() -> bool:
    """True on Apple Silicon, where the GPU shares the machine's memory."""
    return sys.platform == "darwin" and platform.machine() == "arm64"


def gpu_memory(refresh: bool = False) -> int | None:
    """Memory the GPU can use, in bytes, or None when there is no discrete GPU that reports it.

    Apple Silicon: the available unified memory. Elsewhere: the free memory of all discrete
    GPUs together, since llama.cpp splits a model's layers across every GPU by default (in
    proportion to their free memory). An integrated GPU shares the machine's memory and is
    not counted here. ``refresh`` reads the devices again (free memory changes as models load).
    """
    if is_unified_memory():
        return available_memory()
    gpus = [d for d in devices.gpu_devices(refresh) if d.kind == "gpu"]
    return sum(d.free_bytes for d in gpus) if gpus else None


def _windows_memory_status():
    """``GlobalMemoryStatusEx`` (os.sysconf does not exist on Windows); None if it fails."""
    import ctypes

    class MemoryStatusEx(ctypes.Structure):
        _fields_ = [("dwLength", ctypes.c_ulong), ("dwMemoryLoad", ctypes.c_ulong),
                    ("ullTotalPhys", ctypes.c_ulonglong), ("ullAvailPhys", ctypes.c_ulonglong),
                    ("ullTotalPageFile", ctypes.c_ulonglong), ("ullAvailPageFile", ctypes.c_ulonglong),
                    ("ullTotalVirtual", ctypes.c_ulonglong), ("ullAvailVirtual", ctypes.c_ulonglong),
                    ("ullAvailExtendedVirtual", ctypes.c_ulonglong)]

    status = MemoryStatusEx()
    status.dwLength = ctypes.sizeof(status)
    try:
        ok = ctypes.windll.kernel32.GlobalMemoryStatusEx(ctypes.byref(status))  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        return None
    return status if ok else None


@dataclass(frozen=True)
class FitEstimate:
    """The memory a model needs at a context length, and whether this machine has it.

    ``available_bytes`` 0 means unknown (the verdict is then "fits": never refuse on a guess).
    ``vram_bytes`` is the GPU's memory when known (Apple Silicon: the unified memory, with
    ``unified`` True; discrete GPUs: their free memory together), else None. ``estimated_kv``
    is True when the KV cache was guessed from the parameter count (a remote file whose
    header is unknown). ``peak_extra_bytes`` is what a nearly full context adds on top of
    ``needed_bytes`` (CPU attention scores).
    """

    weights_bytes: int
    kv_bytes: int
    overhead_bytes: int
    available_bytes: int
    vram_bytes: int | None = None
    unified: bool = False
    n_ctx: int = 0
    estimated_kv: bool = False
    peak_extra_bytes: int = 0
    kv_type: str = "f16"

    @property
    def needed_bytes(self) -> int:
        return self.weights_bytes + self.kv_bytes + self.overhead_bytes

    @property
    def verdict(self) -> str:
        """"fits", "tight" or "won't fit"."""
        if not self.available_bytes:
            return "fits"
        if self.needed_bytes > self.available_bytes:
            return "won't fit"
        if self.needed_bytes > 0.8 * self.available_bytes or self.peak_bytes > self.available_bytes:
            return "tight"
        return "fits"

    @property
    def peak_bytes(self) -> int:
        """Memory at a nearly full context: ``needed_bytes`` plus ``peak_extra_bytes``."""
        return self.needed_bytes + self.peak_extra_bytes

    def describe(self) -> str:
        """E.g. "needs about 5.2 GB of memory (weights 4.1 GB, context 0.8 GB); 3.9 GB is free".

        A GPU clause follows when its memory is known ("; the GPU shares it" on Apple Silicon,
        "; the GPU has 8.0 GB" elsewhere); see :meth:`gpu_text` for the unknown case. The text
        is a :class:`~model_store.texts.Sentence` (the GUI shows it translated).
        """
        if self.kv_type == "f16":
            context = Sentence(QT_TRANSLATE_NOOP("model_store", "context {size}"),
                               size=format_bytes(self.kv_bytes))
        else:
            context = Sentence(QT_TRANSLATE_NOOP("model_store", "context {size} as {kv_type}"),
                               size=format_bytes(self.kv_bytes), kv_type=self.kv_type)
        if self.available_bytes:
            free = Sentence(QT_TRANSLATE_NOOP("model_store", "{size} is free"), size=format_bytes(self.available_bytes))
        else:
            free = Sentence(QT_TRANSLATE_NOOP("model_store", "an unknown amount is free"))
        params = dict(needed=format_bytes(self.needed_bytes), weights=format_bytes(self.weights_bytes),
                      cache=context, free=free)
        if self.peak_extra_bytes >= GIB // 20:
            text = Sentence(QT_TRANSLATE_NOOP(
                "model_store", "needs about {needed} of memory, up to {peak} with a full context "
                "(weights {weights}, {cache}); {free}"), peak=format_bytes(self.peak_bytes), **params)
        else:
            text = Sentence(QT_TRANSLATE_NOOP(
                "model_store", "needs about {needed} of memory (weights {weights}, {cache}); {free}"), **params)
        if self.unified:
            return Sentence(QT_TRANSLATE_NOOP("model_store", "{estimate} (unified memory, shared with the GPU)"),
                            estimate=text)
        if self.vram_bytes is not None:
            return Sentence(QT_TRANSLATE_NOOP("model_store", "{estimate}; the GPU has {vram}"),
                            estimate=text, vram=format_bytes(self.vram_bytes))
        return text

    def gpu_text(self) -> str:
        """The GPU's memory for a tooltip line: "unified with RAM", "8.0 GB" or "unknown"."""
        if self.unified:
            return Sentence(QT_TRANSLATE_NOOP("model_store", "unified with RAM"))
        return format_bytes(self.vram_bytes) if self.vram_bytes is not None else Sentence(
            QT_TRANSLATE_NOOP("model_store", "unknown"))


def format_bytes(n: int) -> str:
    """Memory sizes as people read them, as every size in Hearth: "5.2 GB", "350 MB" (decimal
    units, three significant digits; :mod:`model_store.units`)."""
    return format_size(n)


def estimate_fit(info: GGUFInfo | None = None, *, file_size: int | None = None, n_params: int | None = None,
                 n_ctx: int = 4096, n_layers: int | None = None, n_embd: int | None = None,
                 n_head: int | None = None, n_head_kv: int | None = None, head_dim_k: int | None = None,
                 head_dim_v: int | None = None, n_vocab: int | None = None, n_batch: int = DEFAULT_BATCH,
                 kv_bytes_per_value: float = 2, kv_type: str = "", available: int | None = None) -> FitEstimate:
    """Estimate the memory a model needs at ``n_ctx`` and compare it with this machine's.

    Works from a local file's header (``info``) or, for a remote file, from its size alone;
    keyword arguments override what ``info`` says. Without the attention shape, the KV cache
    is guessed from the parameter count (itself guessed from the size at ~4.8 bits/weight).

    Args:
        info: the header facts of a local file, or None.
        file_size: bytes of all the model's files (the weights; mmap'd and read once).
        n_params: parameter count, when known.
        n_ctx: context length in tokens (0 or less: the model's trained context, else 4096).
        n_layers, n_embd, n_head, n_head_kv, head_dim_k, head_dim_v: the attention shape.
        n_vocab: vocabulary size (tokenizer tables); unknown: 128k assumed.
        n_batch: prompt batch size (compute buffer width).
        kv_bytes_per_value: 2 for an F16 cache (see :data:`KV_TYPES`).
        kv_type: "f16", "q8_0" or "q4_0"; overrides ``kv_bytes_per_value`` when given.
        available: memory to compare against (default: :func:`available_memory`).

    Returns:
        A :class:`FitEstimate`.

    Raises:
        ValueError: neither ``info`` nor ``file_size`` was given.
    """
    def pick(value, attr: str) -> int:
        if value is not None:
            return int(value)
        return int(getattr(info, attr)) if info is not None else 0

    if kv_type:
        kv_bytes_per_value = kv_bytes_per_value_for(kv_type)
    size = pick(file_size, "file_size")
    if not size and info is None:
        raise ValueError("estimate_fit needs a GGUFInfo or a file_size")
    params = pick(n_params, "n_params") or int(size * 8 / DEFAULT_BITS_PER_WEIGHT)
    if n_ctx <= 0:
        n_ctx = (info.context_length if info is not None and info.context_length else 0) or 4096
    layers, embd, heads = pick(n_layers, "n_layers"), pick(n_embd, "n_embd"), pick(n_head, "n_head")
    heads_kv = pick(n_head_kv, "n_head_kv") or heads
    default_dim = embd // heads if heads else 0
    dim_k = pick(head_dim_k, "head_dim_k") or default_dim
    dim_v = pick(head_dim_v, "head_dim_v") or default_dim
    guessed = not (layers and heads_kv and dim_k and dim_v)
    if guessed:
        kv = int(n_ctx * kv_bytes_per_token_guess(params) * kv_bytes_per_value / 2)
    else:
        kv = kv_cache_bytes(n_ctx, layers, dim_k * heads_kv, dim_v * heads_kv, kv_bytes_per_value)
    vocab = pick(n_vocab, "n_vocab")
    overhead = overhead_bytes(n_ctx, n_embd=embd, n_head=heads, n_vocab=vocab, n_batch=n_batch)
    peak = peak_extra_bytes(n_ctx, n_head=heads, n_batch=n_batch)
    free = available_memory() if available is None else available
    unified = is_unified_memory()
    return FitEstimate(size, kv, overhead, free, vram_bytes=free if unified else gpu_memory(), unified=unified,
                       n_ctx=n_ctx, estimated_kv=guessed, peak_extra_bytes=peak,
                       kv_type=kv_type or next((k for k, v in KV_TYPES.items() if v == kv_bytes_per_value), "f16"))


def fit_for_file(path: Path | str, n_ctx: int = 4096, *, ctx_cap: int = 8192, kv_type: str = "f16"
                 ) -> FitEstimate | None:
    """The estimate for a local file at the context the engine would use, or None if unreadable.

    Args:
        path: a ``.gguf`` file (any shard of a split model).
        n_ctx: the requested context; 0 or less means the model's own, capped at ``ctx_cap``
            (as the engine does); never more than the model's trained context.
        kv_type: the KV cache's number format (see :data:`KV_TYPES`).

    Returns:
        A :class:`FitEstimate`, or None when the file is missing or not a readable GGUF.
    """
    from model_store.errors import GGUFFormatError
    from model_store.gguf_info import read_gguf_info

    try:
        info = read_gguf_info(path)
    except GGUFFormatError:
        return None
    trained = info.context_length
    if n_ctx <= 0:
        n_ctx = min(trained, ctx_cap) if trained else 4096
    elif trained:
        n_ctx = min(n_ctx, trained)
    return estimate_fit(info, n_ctx=n_ctx, kv_type=kv_type)
