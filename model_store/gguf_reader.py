"""A small, bounded little-endian reader for GGUF headers (the model's weights are never read).

Every count and length is checked against sanity limits and against the file size before
anything is read or allocated, so truncated files, random bytes and hostile headers fail
quickly with :class:`~model_store.errors.GGUFFormatError` instead of hanging or exhausting
memory. Tokenizer arrays (tens of thousands of strings) are stepped over without being
decoded. Also holds the ggml tensor-type and llama.cpp file-type tables.

:func:`read_header` parses one file; :mod:`model_store.gguf_info` turns the headers of a
model's files into a :class:`~model_store.gguf_info.GGUFInfo`.
"""

from __future__ import annotations

import struct
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from model_store.errors import GGUFFormatError
from model_store.texts import QT_TRANSLATE_NOOP, Sentence

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


@dataclass
class Header:
    """One file's parsed header: the metadata we keep and per-type tensor element counts.

    ``tensors`` lists each tensor as ``(name, ggml type id, dims)`` in file order (dims as
    stored: ``dims[0]`` is the row length); ``data_start`` is where the tensor data begins
    (the header's size, padding included).
    """

    meta: dict[str, Any]
    n_tensors: int
    type_elements: Counter
    file_size: int
    tensors: list[tuple[str, int, tuple[int, ...]]] = field(default_factory=list)
    data_start: int = 0


# Metadata worth materialising: everything else is skipped (its bytes still bound-checked).
_KEEP_SUFFIXES = (".architecture", ".name", ".license", ".file_type", ".context_length", ".block_count",
                  ".embedding_length", ".head_count", ".head_count_kv", ".key_length", ".value_length",
                  ".alignment", ".count", ".expert_count", ".expert_used_count", ".chat_template", ".vocab_size",
                  "tokenizer.ggml.tokens")


class _Reader:
    """A forward reader over a file with a bounded buffer; every read is bound-checked."""

    def __init__(self, fh: BinaryIO, size: int, name: str) -> None:
        self.fh, self.size, self.name = fh, size, name
        self.buf = b""
        self.base = 0   # file offset of buf[0]
        self.pos = 0    # file offset of the cursor

    def fail(self, what: str) -> GGUFFormatError:
        return GGUFFormatError(Sentence(QT_TRANSLATE_NOOP(
            "model_store", "{name} is not a readable GGUF model file: the download may be "
            "incomplete or the file damaged. Download it again."), name=self.name),
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


def read_header(path: Path) -> Header:
    """Parse one file's header.

    Raises:
        GGUFFormatError: the file is unreadable or not a valid GGUF.
    """
    try:
        with path.open("rb") as fh:
            size = fh.seek(0, 2)
            return _parse(_Reader(fh, size, path.name))
    except OSError as exc:
        raise GGUFFormatError(Sentence(QT_TRANSLATE_NOOP(
            "model_store", "Hearth cannot read {name}: {reason}. Check the file's permissions and that its drive "
            "is connected."), name=path.name, reason=str(exc.strerror or exc)), repr(exc)) from exc


def _parse(r: _Reader) -> Header:
    if r.size < 24 or r.take(4) != GGUF_MAGIC:
        raise GGUFFormatError(Sentence(QT_TRANSLATE_NOOP(
            "model_store", "{name} is not a GGUF model file. Hearth runs .gguf files; download the "
            "model in GGUF format."), name=r.name), "bad magic or file shorter than a GGUF header")
    version = r.u32()
    if version not in SUPPORTED_VERSIONS:
        raise GGUFFormatError(Sentence(QT_TRANSLATE_NOOP(
            "model_store", "{name} uses GGUF version {version}, which Hearth cannot read. Download a "
            "current GGUF version of the model."), name=r.name, version=version), f"version {version}")
    n_tensors, n_kv = r.u64(), r.u64()
    if n_tensors == 0:
        raise GGUFFormatError(Sentence(QT_TRANSLATE_NOOP(
            "model_store", "{name} contains no model weights (no tensors). It may be a vocabulary-only "
            "file; choose the model's full .gguf file."), name=r.name), "tensor_count = 0")
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
    shapes: list[tuple[str, int, tuple[int, ...]]] = []
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
        shapes.append((name, ttype, tuple(dims)))
        elements[ttype] += count
    data_start = -(-r.pos // alignment) * alignment
    for name, offset, nbytes in infos:
        if data_start + offset + nbytes > r.size:
            raise GGUFFormatError(Sentence(QT_TRANSLATE_NOOP(
                "model_store", "{name} is shorter than its header says: the download was probably "
                "interrupted. Download it again."), name=r.name),
                                  f"tensor {name!r} ends at {data_start + offset + nbytes}, file has {r.size} bytes")
    return Header(meta, n_tensors, elements, r.size, shapes, data_start)


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
