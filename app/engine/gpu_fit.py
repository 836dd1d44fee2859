"""How many of a model's layers fit on the GPU: the plan behind "GPU layers: auto".

llama.cpp offloads the last ``n_gpu_layers`` repeating layers (blocks) of a model, each with
its share of the KV cache, and with ``n_gpu_layers = n_layers + 1`` the output layer too. The
plan counts, from the file's header, what one layer costs (its weights plus its KV cache at the
chosen context and cache type) and fits as many as the GPU's free memory holds after a compute
buffer for one prompt batch and a safety margin. Unified memory (Apple Silicon, integrated
GPUs) counts the machine's available memory instead of the device's.

The plan is an estimate; :func:`load_with_fewer_layers` is the safety net when llama.cpp
disagrees: a load that fails with layers on the GPU is tried again with fewer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from model_store import devices
from model_store.devices import GpuDevice
from model_store.fit import (
    ACTIVATION_TENSORS,
    DEFAULT_BATCH,
    DEFAULT_VOCAB,
    KV_TYPES,
    MIB,
    SCORE_COPIES,
    available_memory,
    format_bytes,
    is_unified_memory,
    total_memory,
)
from model_store.errors import GGUFFormatError
from model_store.gguf_info import GGUFInfo, read_gguf_info
from model_store.texts import QT_TRANSLATE_NOOP, Sentence

T = TypeVar("T")

MIN_MARGIN_BYTES = 512 * MIB   # drivers, fragmentation, other programs' growth
MARGIN_SHARE = 0.10            # ... or a tenth of the memory, whichever is more
ALL_LAYERS = 999               # llama.cpp's "everything" when the model's layer count is unknown


@dataclass(frozen=True)
class OffloadPlan:
    """How many layers to give llama.cpp as ``n_gpu_layers``, and why.

    ``layers`` counts like llama.cpp: ``total_layers`` (the blocks plus the output layer)
    offloads everything, 0 runs on the CPU. ``free_bytes`` is the memory the plan started
    from (the GPUs' free memory, or the machine's available memory when it is unified);
    ``note`` is one line for people.
    """

    layers: int
    total_layers: int
    layer_bytes: int      # one block: its weights and its KV cache
    free_bytes: int
    unified: bool = False
    note: str = ""

    @property
    def everything(self) -> bool:
        return self.layers >= self.total_layers


def plan_offload(info: GGUFInfo, gpus: Sequence[GpuDevice], *, n_ctx: int, kv_bytes_per_value: float = 2.0,
                 n_batch: int = DEFAULT_BATCH, unified: bool | None = None, available: int | None = None,
                 device_note: str = "") -> OffloadPlan:
    """Plan how many of ``info``'s layers fit on ``gpus``.

    Discrete GPUs add up (llama.cpp splits layers across all of them by default), each keeping
    a margin of max(512 MiB, 10 % of its memory). Integrated GPUs are used only when there is
    no discrete one, as llama.cpp does; with unified memory the budget is the machine's
    available memory and its margin is taken from the machine's total.

    Args:
        info: the model's header facts (``n_layers`` must be known).
        gpus: the devices (unusable ones, which did not report memory, are ignored).
        n_ctx: the context length the model will be opened with.
        kv_bytes_per_value: the KV cache's bytes per value (2 for F16; see ``KV_TYPES``).
        n_batch: the prompt batch size (the compute buffer's width).
        unified: whether the GPU shares the machine's memory (None: Apple Silicon, or only an
            integrated GPU).
        available: the machine's available memory for unified memory (None: measured).
        device_note: why no GPU is counted, for the plan's note when none is.

    Returns:
        An :class:`OffloadPlan`.

    Raises:
        ValueError: the header does not say how many layers the model has.
    """
    n_layers = info.n_layers
    if n_layers <= 0:
        raise ValueError("the model's layer count is unknown")
    total = n_layers + 1
    usable = [g for g in gpus if g.usable]
    discrete = [g for g in usable if g.kind == "gpu"]
    if unified is None:
        unified = bool(usable) and (is_unified_memory() or not discrete)
    per_layer = layer_bytes(info, n_ctx, kv_bytes_per_value)
    if not usable:
        note = device_note or Sentence(QT_TRANSLATE_NOOP(
                "model_store", "Hearth found no GPU that reports free memory, so the model runs on the CPU."))
        return OffloadPlan(0, total, per_layer, 0, unified=False, note=note)
    if unified:
        free = available_memory() if available is None else available
        margin = max(MIN_MARGIN_BYTES, int(MARGIN_SHARE * (total_memory() or free)))
        place = Sentence(QT_TRANSLATE_NOOP("model_store", "unified memory's {size} available"), size=format_bytes(free))
    else:
        free = sum(g.free_bytes for g in discrete)
        margin = sum(max(MIN_MARGIN_BYTES, int(MARGIN_SHARE * g.total_bytes)) for g in discrete)
        place = (Sentence(QT_TRANSLATE_NOOP(
                "model_store", "the GPU's {size} free"), size=format_bytes(free)) if len(discrete) == 1 else
                 Sentence(QT_TRANSLATE_NOOP(
                         "model_store", "the {n} GPUs' {size} free"), n=len(discrete), size=format_bytes(free)))
    budget = free - margin - compute_buffer_bytes(info, n_ctx, n_batch)
    blocks = max(0, min(n_layers, budget // per_layer)) if per_layer else n_layers
    layers = total if blocks == n_layers and budget - n_layers * per_layer >= info.output_bytes else blocks
    if layers >= total:
        note = Sentence(QT_TRANSLATE_NOOP(
                "model_store", "All {total} layers fit in {place}."), total=total, place=place)
    elif layers == 0:
        note = Sentence(QT_TRANSLATE_NOOP(
                "model_store", "None of the {total} layers fit in {place}, so the model runs on the CPU (slower)."),
                        total=total, place=place)
    else:
        note = Sentence(QT_TRANSLATE_NOOP(
                "model_store", "{layers} of {total} layers fit in {place}; the rest run on the CPU."),
                        layers=int(layers), total=total, place=place)
    return OffloadPlan(int(layers), total, per_layer, free, unified=unified, note=note)


def layer_bytes(info: GGUFInfo, n_ctx: int, kv_bytes_per_value: float = 2.0) -> int:
    """What one repeating layer puts on the GPU: its weights and its KV cache at ``n_ctx``.

    The weights are the ``blk.N.*`` tensors shared evenly; for an older record without them,
    the file less its output matrix (an over-estimate by the embedding table, which stays on
    the CPU).
    """
    weights = info.layer_bytes or max(0, info.file_size - info.output_bytes - info.lookup_bytes)
    n_head_kv = info.n_head_kv or info.n_head
    default_dim = info.n_embd // info.n_head if info.n_head else 0
    per_token = ((info.head_dim_k or default_dim) + (info.head_dim_v or default_dim)) * n_head_kv
    return int(weights / info.n_layers + n_ctx * per_token * kv_bytes_per_value)


def compute_buffer_bytes(info: GGUFInfo, n_ctx: int, n_batch: int = DEFAULT_BATCH) -> int:
    """The GPU's compute buffer for one prompt batch: the activations and attention scores
    :func:`model_store.fit.overhead_bytes` counts for the CPU, plus the F32 logits of the batch
    (the output layer's result, on the GPU when it is offloaded)."""
    batch = max(1, min(n_batch, n_ctx)) if n_ctx > 0 else max(1, n_batch)
    n_embd, n_head, n_vocab = info.n_embd or 4096, info.n_head or 32, info.n_vocab or DEFAULT_VOCAB
    activations = batch * n_embd * 4 * ACTIVATION_TENSORS
    scores = int(batch * batch * n_head * 4 * SCORE_COPIES)
    return activations + scores + batch * n_vocab * 4


def plan_for_file(path: Path | str, *, n_ctx: int, n_batch: int = DEFAULT_BATCH, kv_type: str = "f16",
                  ctx_cap: int = 8192) -> OffloadPlan | None:
    """The plan for a local file as the engine opens it, from the GPUs' free memory right now.

    Args:
        path: the ``.gguf`` file (any shard of a split model).
        n_ctx: the requested context (0: the model's own, capped at ``ctx_cap``).
        n_batch: the prompt batch size.
        kv_type: the KV cache's number format ("f16", "q8_0", "q4_0").

    Returns:
        An :class:`OffloadPlan`, or None when the header cannot be read or has no layer count.
    """
    try:
        info = read_gguf_info(Path(path))
    except GGUFFormatError:
        return None
    if info.n_layers <= 0:
        return None
    trained = info.context_length
    n_ctx = n_ctx or (min(trained, ctx_cap) if trained else 4096)
    n_ctx = min(n_ctx, trained) if trained else n_ctx
    gpus = devices.gpu_devices(refresh=True)
    return plan_offload(info, gpus, n_ctx=n_ctx, kv_bytes_per_value=KV_TYPES.get(kv_type, 2.0),
                        n_batch=n_batch, device_note=devices.device_note())


def layers_to_request(requested: int, plan: OffloadPlan | None) -> int:
    """``n_gpu_layers`` for llama.cpp: the plan's count for "auto" (a negative ``requested``),
    else the person's own count, at most every layer. Without a plan, "auto" asks for
    everything (the retry finds what fits)."""
    if requested < 0:
        return plan.layers if plan is not None else ALL_LAYERS
    return min(requested, plan.total_layers) if plan is not None else requested


def fewer_layers(layers: int) -> int:
    """The next count to try after a load with ``layers`` on the GPU failed: three quarters,
    down to 0 (the CPU)."""
    return max(0, layers * 3 // 4)


def load_with_fewer_layers(load: Callable[[int], T | None], layers: int,
                           stop: Callable[[], bool] = lambda: False) -> tuple[T | None, int]:
    """Call ``load(layers)``, and while it fails (returns a falsy value) with layers on the GPU,
    again with :func:`fewer_layers`, until one succeeds or 0 layers failed too.

    Args:
        load: tries one count; a falsy result is a failure.
        layers: the first count.
        stop: True when the person cancelled the load: no further try.

    Returns:
        The last result (falsy when every try failed) and the count it was tried with.
    """
    while True:
        result = load(layers)
        if result or layers <= 0 or stop():
            return result, layers
        layers = fewer_layers(layers)


def offload_note(plan: OffloadPlan | None, requested: int, first: int, final: int, total: int) -> str:
    """The sentence a person sees about where the layers run ("" when nothing needs saying).

    Args:
        plan: the plan made before loading (None: none was made).
        requested: the person's setting (negative: auto).
        first: the count the first load tried.
        final: the count that loaded.
        total: the model's layers plus its output layer.
    """
    if final < first:
        if final <= 0:
            return Sentence(QT_TRANSLATE_NOOP(
                    "model_store", "The model did not fit on the GPU, so it runs on the CPU (slower)."))
        return Sentence(QT_TRANSLATE_NOOP(
                "model_store", "Only {final} of {total} layers fit on the GPU; the rest run on the CPU (slower)."),
                        final=final, total=total)
    if requested < 0 and plan is not None and not plan.everything:
        return plan.note
    return ""
