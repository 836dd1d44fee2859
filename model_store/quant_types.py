"""The quantization types Hearth offers, and how big a model becomes in each.

``QUANT_TYPES`` lists the llama.cpp file types a person can pick. ``estimate_quantized_size``
predicts the output file's size without running the quantizer: it replays llama.cpp's choice of
a type per tensor (``llama_tensor_get_type`` in ``src/llama-quant.cpp``: norms and other 1-D
tensors stay as they are, the output matrix / tied token embeddings go to Q6_K or Q8_0, some
attention-V and FFN-down layers get more bits in the ``_M`` mixes, and rows whose length is not
a multiple of a k-quant's 256-element block fall back to a 32-element type) and adds up the
bytes, 32-byte aligned, plus the header. Without the tensor list (a cached ``GGUFInfo`` only) it
falls back to parameters × the type's typical bits per weight.

No Qt and no llama.cpp here: :mod:`model_store.quantize` uses this to plan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from model_store.gguf_info import GGML_TYPES, GGUFInfo, shard_paths
from model_store.gguf_reader import read_header
from model_store.texts import QT_TRANSLATE_NOOP

ALIGNMENT = 32                       # GGUF_DEFAULT_ALIGNMENT: llama.cpp pads every tensor to this
UNQUANTIZED = ("F32", "F16", "BF16")
Tensor = tuple[str, int, tuple[int, ...]]   # (name, ggml type id, dims; dims[0] is the row length)


@dataclass(frozen=True)
class QuantType:
    """One choice: llama.cpp's ``LLAMA_FTYPE`` value, typical bits per weight of a whole file,
    a plain-words quality note, and whether it needs an importance matrix (Hearth refuses those)."""

    name: str
    ftype: int
    bits_per_weight: float
    quality: str
    needs_imatrix: bool = False


QUANT_TYPES: dict[str, QuantType] = {q.name: q for q in (
    QuantType("Q8_0", 7, 8.50,
              QT_TRANSLATE_NOOP("model_store", "practically the same as the original; half the size of F16")),
    QuantType("Q6_K", 18, 6.56, QT_TRANSLATE_NOOP("model_store", "very close to the original")),
    QuantType("Q5_K_M", 17, 5.69, QT_TRANSLATE_NOOP("model_store", "very good; a little larger than Q5_K_S")),
    QuantType("Q5_K_S", 16, 5.54, QT_TRANSLATE_NOOP("model_store", "very good")),
    QuantType("Q4_K_M", 15, 4.89, QT_TRANSLATE_NOOP("model_store", "good; the usual balance of size and quality")),
    QuantType("Q4_K_S", 14, 4.58, QT_TRANSLATE_NOOP("model_store", "good; a little smaller and worse than Q4_K_M")),
    QuantType("Q4_0", 2, 4.55, QT_TRANSLATE_NOOP("model_store", "fair; an older format, fast on some hardware")),
    QuantType("Q3_K_M", 12, 3.91, QT_TRANSLATE_NOOP("model_store", "noticeably worse; for when memory is tight")),
    QuantType("Q2_K", 10, 3.00, QT_TRANSLATE_NOOP("model_store", "much worse; a last resort")),
    QuantType("Q2_K_S", 21, 2.70,
              QT_TRANSLATE_NOOP("model_store", "much worse; needs an importance matrix"), needs_imatrix=True),
    QuantType("IQ2_XS", 20, 2.40,
              QT_TRANSLATE_NOOP("model_store", "poor without care; needs an importance matrix"), needs_imatrix=True),
    QuantType("IQ2_XXS", 19, 2.20,
              QT_TRANSLATE_NOOP("model_store", "poor without care; needs an importance matrix"), needs_imatrix=True),
    QuantType("IQ1_S", 24, 1.80,
              QT_TRANSLATE_NOOP("model_store", "very poor; needs an importance matrix"), needs_imatrix=True),
)}

# LLAMA_FTYPE -> the ggml type most tensors get (llama_ftype_get_default_type).
_DEFAULT_TYPE = {7: "Q8_0", 18: "Q6_K", 17: "Q5_K", 16: "Q5_K", 15: "Q4_K", 14: "Q4_K", 2: "Q4_0",
                 12: "Q3_K", 10: "Q2_K", 21: "Q2_K", 20: "IQ2_XS", 19: "IQ2_XXS", 24: "IQ1_S"}
# A type whose block does not divide a row falls back to one whose does (tensor_type_fallback).
_FALLBACK = {"IQ1_S": "IQ4_NL", "IQ1_M": "IQ4_NL", "IQ2_XXS": "IQ4_NL", "IQ2_XS": "IQ4_NL", "IQ2_S": "IQ4_NL",
             "IQ3_XXS": "IQ4_NL", "IQ3_S": "IQ4_NL", "IQ4_XS": "IQ4_NL", "Q2_K": "Q4_0", "Q3_K": "Q4_0",
             "Q4_K": "Q5_0", "Q5_K": "Q5_1", "Q6_K": "Q8_0"}
_IQ_LOW = (19, 20, 24)                      # IQ2_XXS, IQ2_XS, IQ1_S
_TYPE_BY_NAME = {name: (block, size) for name, block, size in GGML_TYPES.values()}
_TYPE_NAME = {tid: name for tid, (name, _b, _s) in GGML_TYPES.items()}
_NOT_QUANTIZED = ("_norm.weight", "ffn_gate_inp.weight", "altup", "laurel", "per_layer_model_proj",
                  "ssm_conv1d", "shortconv.conv.weight", "time_mix_", "attn_rel_b.weight", "position_embd",
                  "pos_embd", "token_types", ".rel_pos", ".patch_embd", ".patch_merger", "rvq.codebook")
_LAYER_RE = re.compile(r"^blk\.(\d+)\.")


def read_tensors(path: Path) -> tuple[list[Tensor], int]:
    """Every tensor of a model (all shards) and the first file's header size, from the headers.

    Raises:
        GGUFFormatError: a file is missing or not a readable GGUF.
    """
    headers = [read_header(f) for f in shard_paths(Path(path))]
    return [t for h in headers for t in h.tensors], headers[0].data_start


def _category(name: str) -> str:
    if name == "output.weight":
        return "output"
    if name in ("token_embd.weight", "per_layer_token_embd.weight"):
        return "token_embd"
    for key, cat in (("attn_qkv.weight", "attn_v"), ("attn_kv_b.weight", "attn_v"), ("attn_v.weight", "attn_v"),
                     ("attn_k.weight", "attn_k"), ("attn_q.weight", "attn_q"),
                     ("attn_output.weight", "attn_output"), ("ffn_up", "ffn_up"), ("ffn_gate", "ffn_gate"),
                     ("ffn_down", "ffn_down")):
        if key in name:
            return cat
    return "other"


def _quantizable(name: str, dims: tuple[int, ...]) -> bool:
    n_dims = len(dims)
    while n_dims > 1 and dims[n_dims - 1] == 1:
        n_dims -= 1
    return n_dims >= 2 and name.endswith("weight") and not any(k in name for k in _NOT_QUANTIZED)


def _more_bits(i: int, n: int) -> bool:
    return i < n // 8 or i >= 7 * n // 8 or (i - n // 8) % 3 == 2


def _order(tensors: list[Tensor]) -> list[Tensor]:
    """llama.cpp's processing order: by layer number (non-layer tensors first), then by name."""
    def key(t: Tensor) -> tuple[int, str]:
        match = _LAYER_RE.match(t[0])
        return (int(match[1]) if match else -1, t[0])
    return sorted(tensors, key=key)


def target_types(tensors: list[Tensor], ftype: int, *, arch: str = "", n_layers: int = 0, n_head: int = 0,
                 n_head_kv: int = 0) -> list[tuple[Tensor, str]]:
    """The ggml type llama.cpp gives each tensor for ``ftype``, in its processing order."""
    ordered = _order(tensors)
    default = _DEFAULT_TYPE[ftype]
    tied = not any(t[0] == "output.weight" for t in ordered)
    n_attn_v = sum(_category(t[0]) == "attn_v" for t in ordered)
    n_layers = n_layers or sum(_category(t[0]) == "ffn_down" for t in ordered)
    n_gqa = n_head // n_head_kv if n_head and n_head_kv else 1
    n_expert = max((t[2][2] for t in ordered if len(t[2]) > 2 and _category(t[0]).startswith("ffn")), default=1)
    is_70b = arch == "llama" and n_layers == 80 and n_head != n_head_kv
    i_attn_v = i_ffn_down = 0
    out = []
    for tensor in ordered:
        name, tid, dims = tensor
        if not _quantizable(name, dims):
            out.append((tensor, _TYPE_NAME[tid]))
            continue
        cat, new = _category(name), default
        if cat == "output" or (tied and cat == "token_embd"):
            if arch == "falcon" or dims[0] % _TYPE_BY_NAME[new][0]:
                new = "Q8_0"
            elif ftype in _IQ_LOW:
                new = "Q5_K"
            elif new != "Q8_0":
                new = "Q6_K"
        elif cat == "token_embd":
            if ftype in _IQ_LOW:
                new = "Q2_K"
        elif ftype in _IQ_LOW:
            if cat == "attn_v":
                new = "Q4_K" if n_gqa >= 4 or n_expert >= 4 else "Q2_K"
                i_attn_v += 1
            elif cat == "ffn_down":
                new = "Q2_K" if i_ffn_down < n_layers // 8 else new
                i_ffn_down += 1
            elif cat == "attn_output" and n_expert == 8:
                new = "Q5_K"
            elif cat == "attn_output" and ftype == 24:
                new = "IQ2_XXS"
        elif cat == "attn_v":
            if ftype == 10:
                new = "Q4_K" if n_gqa >= 4 else "Q3_K"
            elif ftype == 21 and n_gqa >= 4:
                new = "Q4_K"
            elif ftype == 12:
                new = "Q5_K" if i_attn_v < 2 else "Q4_K"
            elif ftype in (15, 17) and _more_bits(i_attn_v, n_attn_v):
                new = "Q6_K"
            elif ftype == 14 and i_attn_v < 4:
                new = "Q5_K"
            if is_70b and new in ("Q3_K", "Q4_K"):
                new = "Q5_K"
            if n_expert == 8:
                new = "Q8_0"
            i_attn_v += 1
        elif cat == "attn_k" and n_expert == 8:
            new = "Q8_0"
        elif cat == "ffn_down":
            i = i_ffn_down
            if ftype == 10:
                new = "Q3_K"
            elif ftype == 21:
                new = "Q4_K" if i < n_layers // 8 else new
            elif ftype == 12:
                new = "Q5_K" if i < n_layers // 16 else \
                    "Q4_K" if arch != "falcon" or _more_bits(i, n_layers) else "Q3_K"
            elif ftype == 15 and arch == "falcon":
                new = "Q6_K" if i < n_layers // 16 else "Q5_K" if _more_bits(i, n_layers) else "Q4_K"
            elif ftype == 15 and _more_bits(i, n_layers):
                new = "Q6_K"
            elif ftype == 17 and _more_bits(i, n_layers):
                new = "Q6_K"
            elif ftype == 14 and arch != "falcon" and i < n_layers // 8:
                new = "Q5_K"
            i_ffn_down += 1
        elif cat == "attn_output" and arch != "falcon":
            if n_expert == 8 and ftype in (10, 12, 14, 15):
                new = "Q5_K"
            elif n_expert != 8 and ftype in (10, 12):
                new = "Q3_K" if ftype == 10 else "Q4_K"
        if dims[0] % _TYPE_BY_NAME[new][0]:
            new = _FALLBACK.get(new, "F16")
            if dims[0] % _TYPE_BY_NAME[new][0]:
                new = "F16"
        out.append((tensor, new))
    return out


def tensor_bytes(dims: tuple[int, ...], type_name: str) -> int:
    """Bytes of one tensor of this shape in this ggml type, padded to the GGUF alignment."""
    block, size = _TYPE_BY_NAME[type_name]
    elements = 1
    for d in dims:
        elements *= d
    nbytes = elements // block * size
    return -(-nbytes // ALIGNMENT) * ALIGNMENT


def estimate_quantized_size(info: GGUFInfo, qtype: str, tensors: list[Tensor] | Path | None = None,
                            header_bytes: int = 0) -> int:
    """Bytes of ``info``'s model quantized to ``qtype``.

    Args:
        info: the source's header facts.
        qtype: a key of ``QUANT_TYPES``.
        tensors: the source's tensors (:func:`read_tensors`), or the source file to read them
            from. With them the estimate replays llama.cpp's per-tensor choices (exact on the
            starter model for every type); without them it is ``n_params`` × the type's typical
            bits per weight, a rough guess (small models keep much more at high precision).
        header_bytes: the source's header size (metadata is copied; default: 1 MB guess).

    Raises:
        KeyError: ``qtype`` is not in ``QUANT_TYPES``.
        GGUFFormatError: ``tensors`` is a path that cannot be read.
    """
    quant = QUANT_TYPES[qtype]
    if isinstance(tensors, (str, Path)):
        tensors, header_bytes = read_tensors(Path(tensors))
    header = header_bytes or (1 << 20)
    if not tensors:
        return header + int(info.n_params * quant.bits_per_weight / 8)
    chosen = target_types(tensors, quant.ftype, arch=info.architecture, n_layers=info.n_layers,
                          n_head=info.n_head, n_head_kv=info.n_head_kv)
    return header + sum(tensor_bytes(t[2], new) for t, new in chosen)
