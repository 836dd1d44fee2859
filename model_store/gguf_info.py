"""What a GGUF file holds, read from its header alone (the model is never loaded).

``read_gguf_info`` parses the header with the small, bounded reader in
:mod:`model_store.gguf_reader` (every count and length is checked before anything is read or
allocated, so damaged or hostile files fail quickly with
:class:`~model_store.errors.GGUFFormatError`) and sums up what a user needs to know.

Split models (``name-00001-of-00003.gguf``) are one model: every shard's header is read, the
parameter counts and file sizes are summed, and a missing shard is named in the error.

The ``gguf`` package's reader would also work, but it imports numpy and decodes every
tokenizer string (about two seconds for the starter model); this parser takes milliseconds.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from model_store.errors import GGUFFormatError
from model_store.texts import QT_TRANSLATE_NOOP, Sentence
# The type tables and limits are re-exported: callers import them from here.
from model_store.gguf_reader import (DEFAULT_ALIGNMENT, FILE_TYPES, FTYPE_GUESSED, GGML_TYPES,  # noqa: F401
                                     GGUF_MAGIC, MAX_ARRAY, MAX_DIMS, MAX_KV, MAX_STRING, MAX_TENSOR_NAME,
                                     MAX_TENSORS, SUPPORTED_VERSIONS, read_header)

SHARD_RE = re.compile(r"^(?P<stem>.+)-(?P<index>\d{5})-of-(?P<count>\d{5})\.gguf$", re.IGNORECASE)


@dataclass(frozen=True)
class GGUFInfo:
    """What the header says about a model: size, shape, quantization, chat template.

    Missing integer facts are 0 and missing text is "" (a header need not carry them).
    """

    architecture: str
    name: str
    n_params: int
    quant_type: str
    bits_per_weight: float
    file_size: int
    context_length: int
    n_layers: int
    n_embd: int
    n_head: int
    n_head_kv: int
    head_dim_k: int
    head_dim_v: int
    has_chat_template: bool
    license: str
    n_tensors: int
    shards: tuple[str, ...]
    n_vocab: int = 0
    # What a token reads (for speed and GPU-offload estimates); 0 when unknown (older records).
    expert_count: int = 0        # experts per MoE layer (0: a dense model)
    expert_used_count: int = 0   # experts each token is routed to
    expert_bytes: int = 0        # bytes of the expert tensors (``*_exps``), all experts together
    lookup_bytes: int = 0        # the token-embedding table when only looked up (a separate output matrix)
    layer_bytes: int = 0         # bytes of the repeating blocks (``blk.N.*``), all layers together
    output_bytes: int = 0        # the output matrix (``output.weight``, or the tied embedding table)

    @property
    def bytes_per_token(self) -> int:
        """Weight bytes a generated token reads: all of them, except the experts it is not
        routed to and an embedding table that is only looked up (one row per token)."""
        unread = self.lookup_bytes
        if self.expert_count and self.expert_used_count and self.expert_bytes:
            unread += self.expert_bytes * (self.expert_count - min(self.expert_used_count, self.expert_count)) \
                // self.expert_count
        return max(self.file_size - unread, self.file_size // 64)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (``shards`` as a list)."""
        data = asdict(self)
        data["shards"] = list(self.shards)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GGUFInfo:
        """Rebuild from :meth:`to_dict` output; unknown keys are ignored.

        Raises:
            KeyError, TypeError, ValueError: a required field is absent or of the wrong type.
        """
        kwargs = {f.name: data[f.name] for f in fields(cls) if f.name not in _OPTIONAL}
        for key in _OPTIONAL:
            kwargs[key] = int(data.get(key, 0) or 0)
        kwargs["shards"] = tuple(str(s) for s in kwargs["shards"])
        kwargs["has_chat_template"] = bool(kwargs["has_chat_template"])
        kwargs["bits_per_weight"] = float(kwargs["bits_per_weight"])
        for key in ("n_params", "file_size", "context_length", "n_layers", "n_embd", "n_head",
                    "n_head_kv", "head_dim_k", "head_dim_v", "n_tensors"):
            kwargs[key] = int(kwargs[key])
        for key in ("architecture", "name", "quant_type", "license"):
            kwargs[key] = str(kwargs[key])
        return cls(**kwargs)


# Fields added after the first records were written: absent in older manifests.
_OPTIONAL = ("n_vocab", "expert_count", "expert_used_count", "expert_bytes", "lookup_bytes", "layer_bytes",
             "output_bytes")


def shard_paths(path: Path) -> list[Path]:
    """All files of a model: the shards of ``x-0000k-of-0000N.gguf`` in order, else ``[path]``.

    Raises:
        GGUFFormatError: the shard count is 0 or absurd.
    """
    match = SHARD_RE.match(path.name)
    if not match:
        return [path]
    count = int(match["count"])
    if not 1 <= count <= 9999 or int(match["index"]) > count or int(match["index"]) < 1:
        raise GGUFFormatError(Sentence(QT_TRANSLATE_NOOP(
            "model_store", "{name} has an impossible shard number. Rename it or download it again."),
            name=path.name),
                              f"shard {match['index']} of {match['count']}")
    width = len(match["index"])
    return [path.with_name(f"{match['stem']}-{i:0{width}d}-of-{match['count']}.gguf")
            for i in range(1, count + 1)]


def read_gguf_info(path: Path) -> GGUFInfo:
    """Read a model's header (every shard of a split model) without loading it.

    Args:
        path: a ``.gguf`` file; for a split model, any shard (normally the first).

    Returns:
        The model's facts; ``file_size`` and ``n_params`` cover all shards.

    Raises:
        GGUFFormatError: the file (or a shard) is missing, unreadable, or not a valid GGUF.
    """
    path = Path(path)
    files = shard_paths(path)
    for file in files:
        if not file.is_file():
            if len(files) > 1:
                missing = Sentence(QT_TRANSLATE_NOOP(
                    "model_store", "Shard {shard} of this split model is missing. Download or copy it next to "
                    "{name} and try again."), shard=file.name, name=path.name)
            else:
                missing = Sentence(QT_TRANSLATE_NOOP(
                    "model_store", "The file {shard} is missing. Download or copy it next to {name} and try again."),
                    shard=file.name, name=path.name)
            raise GGUFFormatError(missing,
                                  f"not found: {file}")
    headers = [read_header(file) for file in files]
    first = headers[0].meta
    split_count = first.get("split.count")
    if len(files) > 1 and isinstance(split_count, int) and split_count != len(files):
        raise GGUFFormatError(Sentence(QT_TRANSLATE_NOOP(
            "model_store", "{name} says it has {count} shards but its name says {named}. Download the model again."),
            name=path.name, count=split_count, named=len(files)), "split.count mismatch")
    elements: Counter = Counter()
    for header in headers:
        elements.update(header.type_elements)
    n_params = sum(elements.values())
    file_size = sum(h.file_size for h in headers)
    info = _build_info(first, files, n_params, elements, file_size, sum(h.n_tensors for h in headers))
    return replace(info, **_tensor_bytes([t for h in headers for t in h.tensors]))


def _tensor_bytes(tensors: list[tuple[str, int, tuple[int, ...]]]) -> dict[str, int]:
    """Where the weight bytes are: experts, repeating blocks, the embedding table, the output matrix."""
    sizes: dict[str, int] = {}
    for name, ttype, dims in tensors:
        _tname, block, type_size = GGML_TYPES[ttype]
        count = 1
        for d in dims:
            count *= d
        sizes[name] = count // block * type_size
    embedding = sizes.get("token_embd.weight", 0)
    output = sizes.get("output.weight")
    return {
        "expert_bytes": sum(n for name, n in sizes.items() if "_exps." in name),
        "layer_bytes": sum(n for name, n in sizes.items() if name.startswith("blk.")),
        "lookup_bytes": embedding if output is not None else 0,
        "output_bytes": output if output is not None else embedding,
    }


def _build_info(meta: dict[str, Any], files: list[Path], n_params: int, elements: Counter,
                file_size: int, n_tensors: int) -> GGUFInfo:
    arch = _text(meta.get("general.architecture"))

    def arch_int(key: str) -> int:
        return _int(meta.get(f"{arch}.{key}"))

    n_embd, n_head = arch_int("embedding_length"), arch_int("attention.head_count")
    n_head_kv = arch_int("attention.head_count_kv") or n_head
    head_default = n_embd // n_head if n_head else 0
    ftype = meta.get("general.file_type")
    quant = ""
    if isinstance(ftype, int) and not isinstance(ftype, bool):
        quant = FILE_TYPES.get(ftype & ~FTYPE_GUESSED, "")
    if not quant and elements:
        quant = GGML_TYPES[elements.most_common(1)[0][0]][0]
    return GGUFInfo(
        architecture=arch,
        name=_text(meta.get("general.name")),
        n_params=n_params,
        quant_type=quant,
        bits_per_weight=round(file_size * 8 / n_params, 3) if n_params else 0.0,
        file_size=file_size,
        context_length=arch_int("context_length"),
        n_layers=arch_int("block_count"),
        n_embd=n_embd,
        n_head=n_head,
        n_head_kv=n_head_kv,
        head_dim_k=arch_int("attention.key_length") or head_default,
        head_dim_v=arch_int("attention.value_length") or head_default,
        has_chat_template=bool(meta.get("tokenizer.chat_template")),
        license=_text(meta.get("general.license")),
        n_tensors=n_tensors,
        shards=tuple(f.name for f in files),
        n_vocab=arch_int("vocab_size") or _int(meta.get("tokenizer.ggml.tokens")),
        expert_count=arch_int("expert_count"),
        expert_used_count=arch_int("expert_used_count"),
    )


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _int(value: Any) -> int:
    """An integer fact; per-layer arrays (e.g. head counts) give their largest value."""
    if isinstance(value, (list, tuple)):
        value = max((v for v in value if isinstance(v, int)), default=0)
    if isinstance(value, bool) or not isinstance(value, int):
        return 0
    return max(0, value)
