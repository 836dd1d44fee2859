"""What a GGUF file holds, read from its header alone (the model is never loaded).

``read_gguf_info`` parses the header with a small, bounded little-endian reader: every count
and length is checked against sanity limits and against the file size before anything is
read or allocated, so truncated files, random bytes and hostile headers fail quickly with
:class:`~model_store.errors.GGUFFormatError` instead of hanging or exhausting memory.
Tokenizer arrays (tens of thousands of strings) are stepped over without being decoded.

Split models (``name-00001-of-00003.gguf``) are one model: every shard's header is read, the
parameter counts and file sizes are summed, and a missing shard is named in the error.

The ``gguf`` package's reader would also work, but it imports numpy and decodes every
tokenizer string (about two seconds for the starter model); this parser takes milliseconds.
"""

from __future__ import annotations

import re
import struct
from collections import Counter
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any, BinaryIO

from model_store.errors import GGUFFormatError

GGUF_MAGIC = b"GGUF"
SUPPORTED_VERSIONS = (2, 3)
MAX_STRING = 1024 * 1024            # one metadata string (chat templates are a few KB)
MAX_ARRAY = 10_000_000              # elements of one metadata array
MAX_KV = 1_000_000                  # metadata pairs
MAX_TENSORS = 1_000_000
MAX_DIMS = 4                        # GGML_MAX_DIMS
MAX_TENSOR_NAME = 1024              # GGML_MAX_NAME is 64; be lenient
DEFAULT_ALIGNMENT = 32
_CHUNK = 1 << 20

# ggml tensor types: id -> (name, elements per block, bytes per block).
GGML_TYPES: dict[int, tuple[str, int, int]] = {
    0: ("F32", 1, 4), 1: ("F16", 1, 2), 2: ("Q4_0", 32, 18), 3: ("Q4_1", 32, 20),
    6: ("Q5_0", 32, 22), 7: ("Q5_1", 32, 24), 8: ("Q8_0", 32, 34), 9: ("Q8_1", 32, 40),
    10: ("Q2_K", 256, 84), 11: ("Q3_K", 256, 110), 12: ("Q4_K", 256, 144), 13: ("Q5_K", 256, 176),
    14: ("Q6_K", 256, 210), 15: ("Q8_K", 256, 292), 16: ("IQ2_XXS", 256, 66), 17: ("IQ2_XS", 256, 74),
    18: ("IQ3_XXS", 256, 98), 19: ("IQ1_S", 256, 50), 20: ("IQ4_NL", 32, 18), 21: ("IQ3_S", 256, 110),
    22: ("IQ2_S", 256, 82), 23: ("IQ4_XS", 256, 136), 24: ("I8", 1, 1), 25: ("I16", 1, 2),
    26: ("I32", 1, 4), 27: ("I64", 1, 8), 28: ("F64", 1, 8), 29: ("IQ1_M", 256, 56),
    30: ("BF16", 1, 2), 34: ("TQ1_0", 256, 54), 35: ("TQ2_0", 256, 66), 39: ("MXFP4", 32, 17),
    40: ("NVFP4", 64, 36), 41: ("Q1_0", 128, 18),
}

# llama.cpp's LLAMA_FTYPE values (``general.file_type``) -> the names people know.
FILE_TYPES: dict[int, str] = {
    0: "F32", 1: "F16", 2: "Q4_0", 3: "Q4_1", 7: "Q8_0", 8: "Q5_0", 9: "Q5_1", 10: "Q2_K",
    11: "Q3_K_S", 12: "Q3_K_M", 13: "Q3_K_L", 14: "Q4_K_S", 15: "Q4_K_M", 16: "Q5_K_S",
    17: "Q5_K_M", 18: "Q6_K", 19: "IQ2_XXS", 20: "IQ2_XS", 21: "Q2_K_S", 22: "IQ3_XS",
    23: "IQ3_XXS", 24: "IQ1_S", 25: "IQ4_NL", 26: "IQ3_S", 27: "IQ3_M", 28: "IQ2_S", 29: "IQ2_M",
    30: "IQ4_XS", 31: "IQ1_M", 32: "BF16", 36: "TQ1_0", 37: "TQ2_0", 38: "MXFP4_MOE",
    39: "NVFP4", 40: "Q1_0",
}
FTYPE_GUESSED = 1024

# GGUF metadata value types: id -> struct format of one scalar (None: string / array).
_SCALARS: dict[int, str] = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f",
                            7: "<?", 10: "<Q", 11: "<q", 12: "<d"}
_STRING, _ARRAY = 8, 9
_U32, _U64 = struct.Struct("<I"), struct.Struct("<Q")

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
        kwargs = {f.name: data[f.name] for f in fields(cls) if f.name != "n_vocab"}
        kwargs["n_vocab"] = int(data.get("n_vocab", 0))
        kwargs["shards"] = tuple(str(s) for s in kwargs["shards"])
        kwargs["has_chat_template"] = bool(kwargs["has_chat_template"])
        kwargs["bits_per_weight"] = float(kwargs["bits_per_weight"])
        for key in ("n_params", "file_size", "context_length", "n_layers", "n_embd", "n_head",
                    "n_head_kv", "head_dim_k", "head_dim_v", "n_tensors"):
            kwargs[key] = int(kwargs[key])
        for key in ("architecture", "name", "quant_type", "license"):
            kwargs[key] = str(kwargs[key])
        return cls(**kwargs)


@dataclass
class _Header:
    """One file's parsed header: the metadata we keep and per-type tensor element counts."""

    meta: dict[str, Any]
    n_tensors: int
    type_elements: Counter
    file_size: int


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
        raise GGUFFormatError(f"{path.name} has an impossible shard number. Rename it or download it again.",
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
            which = f"Shard {file.name} of this split model" if len(files) > 1 else f"The file {file.name}"
            raise GGUFFormatError(f"{which} is missing. Download or copy it next to {path.name} and try again.",
                                  f"not found: {file}")
    headers = [_read_header(file) for file in files]
    first = headers[0].meta
    split_count = first.get("split.count")
    if len(files) > 1 and isinstance(split_count, int) and split_count != len(files):
        raise GGUFFormatError(f"{path.name} says it has {split_count} shards but its name says {len(files)}. "
                              "Download the model again.", "split.count mismatch")
    elements: Counter = Counter()
    for header in headers:
        elements.update(header.type_elements)
    n_params = sum(elements.values())
    file_size = sum(h.file_size for h in headers)
    return _build_info(first, files, n_params, elements, file_size, sum(h.n_tensors for h in headers))


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


# Metadata worth materialising: everything else is skipped (its bytes still bound-checked).
_KEEP_SUFFIXES = (".architecture", ".name", ".license", ".file_type", ".context_length", ".block_count",
                  ".embedding_length", ".head_count", ".head_count_kv", ".key_length", ".value_length",
                  ".alignment", ".count", ".chat_template", ".vocab_size", "tokenizer.ggml.tokens")


class _Reader:
    """A forward reader over a file with a bounded buffer; every read is bound-checked."""

    def __init__(self, fh: BinaryIO, size: int, name: str) -> None:
        self.fh, self.size, self.name = fh, size, name
        self.buf = b""
        self.base = 0   # file offset of buf[0]
        self.pos = 0    # file offset of the cursor

    def fail(self, what: str) -> GGUFFormatError:
        return GGUFFormatError(f"{self.name} is not a readable GGUF model file: the download may be "
                               "incomplete or the file damaged. Download it again.",
                               f"{what} (at byte {self.pos} of {self.size})")

    def _fill(self, n: int) -> int:
        """Make ``n`` bytes at the cursor available; return their index in ``buf``."""
        start = self.pos - self.base
        if start + n <= len(self.buf):
            return start
        if self.pos + n > self.size:
            raise self.fail("truncated header")
        self.fh.seek(self.pos)
        self.buf = self.fh.read(max(n, _CHUNK))
        self.base = self.pos
        if len(self.buf) < n:
            raise self.fail("truncated header")
        return 0

    def take(self, n: int) -> bytes:
        i = self._fill(n)
        self.pos += n
        return self.buf[i:i + n]

    def unpack(self, st: struct.Struct) -> Any:
        i = self._fill(st.size)
        self.pos += st.size
        return st.unpack_from(self.buf, i)[0]

    def u32(self) -> int:
        return self.unpack(_U32)

    def u64(self) -> int:
        return self.unpack(_U64)

    def string(self, limit: int = MAX_STRING) -> str:
        n = self.u64()
        if n > limit:
            raise self.fail(f"string of {n} bytes exceeds {limit}")
        return self.take(n).decode("utf-8", "replace")

    def skip(self, n: int) -> None:
        if self.pos + n > self.size:
            raise self.fail("truncated header")
        self.pos += n

    def skip_strings(self, count: int) -> None:
        """Step over ``count`` length-prefixed strings without decoding them."""
        unpack, size = _U64.unpack_from, self.size
        while count:
            i = self._fill(8)
            buf, end = self.buf, len(self.buf)
            # Fast path: walk the strings inside the current buffer.
            while count and i + 8 <= end:
                n = unpack(buf, i)[0]
                if n > MAX_STRING:
                    raise self.fail(f"string of {n} bytes in an array")
                i += 8 + n
                count -= 1
                if self.base + i > size:
                    self.pos = self.base + i - 8 - n
                    raise self.fail("truncated string array")
            self.pos = self.base + i


def _read_header(path: Path) -> _Header:
    try:
        with path.open("rb") as fh:
            size = fh.seek(0, 2)
            return _parse(_Reader(fh, size, path.name))
    except OSError as exc:
        raise GGUFFormatError(f"Hearth cannot read {path.name}: {exc.strerror or exc}. Check the file's "
                              "permissions and that its drive is connected.", repr(exc)) from exc


def _parse(r: _Reader) -> _Header:
    if r.size < 24 or r.take(4) != GGUF_MAGIC:
        raise GGUFFormatError(f"{r.name} is not a GGUF model file. Hearth runs .gguf files; download the "
                              "model in GGUF format.", "bad magic or file shorter than a GGUF header")
    version = r.u32()
    if version not in SUPPORTED_VERSIONS:
        raise GGUFFormatError(f"{r.name} uses GGUF version {version}, which Hearth cannot read. Download a "
                              "current GGUF version of the model.", f"version {version}")
    n_tensors, n_kv = r.u64(), r.u64()
    if n_tensors == 0:
        raise GGUFFormatError(f"{r.name} contains no model weights (no tensors). It may be a vocabulary-only "
                              "file; choose the model's full .gguf file.", "tensor_count = 0")
    # Each tensor info takes at least 8+4+8+4+8 bytes, each metadata pair at least 8+4+1.
    if n_tensors > MAX_TENSORS or n_tensors * 32 > r.size:
        raise r.fail(f"absurd tensor count {n_tensors}")
    if n_kv > MAX_KV or n_kv * 13 > r.size:
        raise r.fail(f"absurd metadata count {n_kv}")
    meta: dict[str, Any] = {}
    seen: set[str] = set()
    for _ in range(n_kv):
        key = r.string(limit=65536)
        if key in seen:
            raise r.fail(f"duplicate key {key!r}")
        seen.add(key)
        vtype = r.u32()
        value = _read_value(r, vtype, keep=key.endswith(_KEEP_SUFFIXES))
        if value is not None:
            meta[key] = value
    alignment = meta.get("general.alignment", DEFAULT_ALIGNMENT)
    if not isinstance(alignment, int) or isinstance(alignment, bool) or alignment <= 0 \
            or alignment & (alignment - 1) or alignment > 1 << 20:
        raise r.fail(f"bad alignment {alignment!r}")
    infos = []
    names: set[str] = set()
    elements: Counter = Counter()
    for _ in range(n_tensors):
        name = r.string(limit=MAX_TENSOR_NAME)
        if name in names:
            raise r.fail(f"duplicate tensor {name!r}")
        names.add(name)
        n_dims = r.u32()
        if not 1 <= n_dims <= MAX_DIMS:
            raise r.fail(f"tensor {name!r} has {n_dims} dimensions")
        count = 1
        dims = [r.u64() for _ in range(n_dims)]
        for d in dims:
            count *= d
        if count >= 1 << 63:
            raise r.fail(f"tensor {name!r} has absurd shape {dims}")
        ttype = r.u32()
        if ttype not in GGML_TYPES:
            raise r.fail(f"tensor {name!r} has unknown type {ttype}")
        _tname, block, type_size = GGML_TYPES[ttype]
        if dims[0] % block:
            raise r.fail(f"tensor {name!r} row of {dims[0]} is not a multiple of the block size {block}")
        offset = r.u64()
        if offset % alignment:
            raise r.fail(f"tensor {name!r} offset {offset} is not aligned")
        infos.append((name, offset, count // block * type_size))
        elements[ttype] += count
    data_start = -(-r.pos // alignment) * alignment
    for name, offset, nbytes in infos:
        if data_start + offset + nbytes > r.size:
            raise GGUFFormatError(f"{r.name} is shorter than its header says: the download was probably "
                                  "interrupted. Download it again.",
                                  f"tensor {name!r} ends at {data_start + offset + nbytes}, file has {r.size} bytes")
    return _Header(meta, n_tensors, elements, r.size)


def _read_value(r: _Reader, vtype: int, *, keep: bool) -> Any:
    """Read (or, when not ``keep``, step over) one metadata value; return it or None."""
    if vtype in _SCALARS:
        st = struct.Struct(_SCALARS[vtype])
        if not keep:
            r.skip(st.size)
            return None
        return r.unpack(st)
    if vtype == _STRING:
        if keep:
            return r.string()
        n = r.u64()
        if n > MAX_STRING:
            raise r.fail(f"string of {n} bytes exceeds {MAX_STRING}")
        r.skip(n)
        return None
    if vtype == _ARRAY:
        itype, count = r.u32(), r.u64()
        if count > MAX_ARRAY:
            raise r.fail(f"array of {count} elements exceeds {MAX_ARRAY}")
        if itype == _STRING:
            r.skip_strings(count)
            return count if keep else None   # kept string arrays stand for their length
        if itype not in _SCALARS:
            raise r.fail(f"array of unsupported type {itype}")
        st = struct.Struct(_SCALARS[itype])
        if keep and count <= 65536:
            raw = r.take(count * st.size)
            return [v[0] for v in st.iter_unpack(raw)]
        r.skip(count * st.size)
        return None
    raise r.fail(f"unknown metadata type {vtype}")
