"""GGUF headers: the real starter model's facts, split models, and malformed input of every kind."""

from __future__ import annotations

import os
import struct
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model_store.errors import GGUFFormatError, ModelStoreError
from model_store.gguf_info import FILE_TYPES, GGUFInfo, read_gguf_info, shard_paths
from model_store.starter import starter_model_path
from tests.gguf_factory import n_elements, write_gguf, write_split

STARTER = starter_model_path()
needs_starter = pytest.mark.skipif(STARTER is None, reason="the starter model is not installed")


def _kv_string(key: str, value: str) -> bytes:
    k, v = key.encode(), value.encode()
    return struct.pack("<Q", len(k)) + k + struct.pack("<I", 8) + struct.pack("<Q", len(v)) + v


def _header(n_tensors: int = 1, n_kv: int = 0, version: int = 3, magic: bytes = b"GGUF") -> bytes:
    return magic + struct.pack("<IQQ", version, n_tensors, n_kv)


def _tensor_info(name: str = "w", dims: tuple[int, ...] = (32,), ttype: int = 0, offset: int = 0,
                 n_dims: int | None = None) -> bytes:
    n = name.encode()
    out = struct.pack("<Q", len(n)) + n + struct.pack("<I", len(dims) if n_dims is None else n_dims)
    out += b"".join(struct.pack("<Q", d) for d in dims)
    return out + struct.pack("<IQ", ttype, offset)


def _expect_error(path: Path, data: bytes, *, within: float = 0.2) -> GGUFFormatError:
    path.write_bytes(data)
    started = time.perf_counter()
    with pytest.raises(GGUFFormatError) as caught:
        read_gguf_info(path)
    assert time.perf_counter() - started < within
    assert str(caught.value).endswith(".") and path.name in str(caught.value)
    return caught.value


# -- the real model ------------------------------------------------------------------------------

@needs_starter
def test_starter_model_facts_match_llama_cpp():
    info = read_gguf_info(STARTER)
    assert info.architecture == "llama"
    assert (info.n_layers, info.n_embd, info.n_head, info.n_head_kv) == (30, 576, 9, 3)
    assert (info.head_dim_k, info.head_dim_v) == (64, 64)
    assert info.context_length == 8192
    assert info.n_params == 134_515_008          # llama_model_n_params
    assert info.quant_type == "Q4_1"
    assert info.n_tensors == 272
    assert info.n_vocab == 49152
    assert info.has_chat_template and info.license == "apache-2.0"
    assert info.file_size == STARTER.stat().st_size
    assert info.bits_per_weight == pytest.approx(STARTER.stat().st_size * 8 / 134_515_008, abs=0.01)
    assert info.shards == (STARTER.name,)


@needs_starter
def test_starter_header_is_read_quickly():
    read_gguf_info(STARTER)
    started = time.perf_counter()
    read_gguf_info(STARTER)
    assert time.perf_counter() - started < 0.2


def test_round_trips_through_a_dict(tmp_path):
    info = read_gguf_info(write_gguf(tmp_path / "tiny.gguf"))
    assert GGUFInfo.from_dict(info.to_dict()) == info
    old = info.to_dict()
    del old["n_vocab"]                       # an entry written before n_vocab existed
    assert GGUFInfo.from_dict(old).n_vocab == 0


# -- small generated files -----------------------------------------------------------------------

def test_small_model_facts(tmp_path):
    info = read_gguf_info(write_gguf(tmp_path / "tiny.gguf", layers=2, embd=32, heads=4, heads_kv=2,
                                     context=2048, file_type=1))
    assert info.n_params == n_elements(2, 32)
    assert info.quant_type == "F16"
    assert (info.n_layers, info.n_embd, info.n_head, info.n_head_kv, info.head_dim_k) == (2, 32, 4, 2, 8)
    assert info.n_tensors == 5 and info.n_vocab == 8


def test_quant_type_falls_back_to_the_dominant_tensor_type(tmp_path):
    info = read_gguf_info(write_gguf(tmp_path / "nofiletype.gguf", file_type=None))
    assert info.quant_type == "F16"          # the F16 blocks outnumber the F32 embedding


def test_file_type_names_cover_llama_cpp():
    assert FILE_TYPES[15] == "Q4_K_M" and FILE_TYPES[7] == "Q8_0" and FILE_TYPES[38] == "MXFP4_MOE"
    assert FILE_TYPES[0] == "F32" and FILE_TYPES[32] == "BF16"


def test_missing_facts_are_zero_not_errors(tmp_path):
    info = read_gguf_info(write_gguf(tmp_path / "bare.gguf", chat_template=None, license=None))
    assert not info.has_chat_template and info.license == ""


# -- split models --------------------------------------------------------------------------------

def test_split_model_is_one_model(tmp_path):
    shards = write_split(tmp_path, "Big", 3, layers=3)
    info = read_gguf_info(shards[0])
    assert info.shards == tuple(p.name for p in shards)
    assert info.file_size == sum(p.stat().st_size for p in shards)
    assert info.n_params == n_elements(3, 32)
    assert info.n_tensors == 7 and info.n_layers == 3 and info.architecture == "llama"
    assert shard_paths(shards[1]) == shards


def test_missing_shard_is_named(tmp_path):
    shards = write_split(tmp_path, "Big", 3)
    shards[1].unlink()
    with pytest.raises(GGUFFormatError, match="Big-00002-of-00003.gguf"):
        read_gguf_info(shards[0])


def test_non_split_name_is_a_single_file(tmp_path):
    path = write_gguf(tmp_path / "model-00001.gguf")
    assert shard_paths(path) == [path]


# -- malformed input -----------------------------------------------------------------------------

def test_every_truncation_fails_quickly(tmp_path):
    data = write_gguf(tmp_path / "full.gguf").read_bytes()
    last_byte = len(data.rstrip(b"\0"))      # the final tensor may end in alignment padding
    cut_file = tmp_path / "cut.gguf"
    for cut in list(range(0, 2048)) + list(range(2048, last_byte, 97)):
        _expect_error(cut_file, data[:cut])


def test_random_bytes(tmp_path):
    rng = __import__("random").Random(7)
    for n in (0, 3, 24, 100, 5000):
        _expect_error(tmp_path / "noise.gguf", bytes(rng.getrandbits(8) for _ in range(n)))
    _expect_error(tmp_path / "noise.gguf", b"GGUF" + os.urandom(4000))


def test_wrong_magic_and_version(tmp_path):
    good = write_gguf(tmp_path / "good.gguf").read_bytes()
    err = _expect_error(tmp_path / "magic.gguf", b"GGML" + good[4:])
    assert "not a GGUF model file" in str(err)
    err = _expect_error(tmp_path / "v99.gguf", good[:4] + struct.pack("<I", 99) + good[8:])
    assert "version 99" in str(err)
    _expect_error(tmp_path / "v1.gguf", good[:4] + struct.pack("<I", 1) + good[8:])


def test_zero_tensors(tmp_path):
    err = _expect_error(tmp_path / "vocab.gguf", _header(n_tensors=0, n_kv=1) + _kv_string("a", "b") + b"\0" * 64)
    assert "no tensors" in str(err)


@pytest.mark.parametrize("n_tensors, n_kv", [(2**40, 0), (2**63, 0), (1, 2**40), (2**64 - 1, 2**64 - 1)])
def test_absurd_counts(tmp_path, n_tensors, n_kv):
    _expect_error(tmp_path / "counts.gguf", _header(n_tensors, n_kv) + b"\0" * 4096)


def test_absurd_string_length(tmp_path):
    key = struct.pack("<Q", 2**60) + b"k"
    _expect_error(tmp_path / "key.gguf", _header(1, 1) + key + b"\0" * 4096)
    value = struct.pack("<Q", 1) + b"k" + struct.pack("<IQ", 8, 50 * 1024 * 1024)
    _expect_error(tmp_path / "value.gguf", _header(1, 1) + value + b"\0" * 4096)


def test_absurd_array_count(tmp_path):
    array = struct.pack("<Q", 1) + b"k" + struct.pack("<IIQ", 9, 4, 2**50)
    _expect_error(tmp_path / "array.gguf", _header(1, 1) + array + b"\0" * 4096)
    strings = struct.pack("<Q", 1) + b"k" + struct.pack("<IIQ", 9, 8, 5_000_000)   # under the cap, past the file
    _expect_error(tmp_path / "strings.gguf", _header(1, 1) + strings + b"\0" * 4096)
    nested = struct.pack("<Q", 1) + b"k" + struct.pack("<IIQ", 9, 9, 1)
    _expect_error(tmp_path / "nested.gguf", _header(1, 1) + nested + b"\0" * 4096)


@pytest.mark.parametrize("info", [
    _tensor_info(n_dims=5, dims=(1, 1, 1, 1, 1)),
    _tensor_info(n_dims=0, dims=()),
    _tensor_info(n_dims=2**31, dims=(1,)),
    _tensor_info(dims=(2**40, 2**40)),                   # more elements than int64
    _tensor_info(ttype=77),                              # unknown ggml type
    _tensor_info(ttype=2, dims=(33,)),                   # row not a multiple of the Q4_0 block
    _tensor_info(offset=2**50),                          # data beyond the end of the file
    _tensor_info(offset=3),                              # misaligned
    _tensor_info(name="x" * 5000),                       # absurd tensor name
])
def test_bad_tensor_infos(tmp_path, info):
    _expect_error(tmp_path / "tensor.gguf", _header(1, 0) + info + b"\0" * 256)


def test_duplicate_tensor_names(tmp_path):
    data = _header(2, 0) + _tensor_info("w") + _tensor_info("w", offset=128) + b"\0" * 512
    _expect_error(tmp_path / "dup.gguf", data)


def test_handmade_minimal_file_is_valid(tmp_path):
    path = tmp_path / "min.gguf"
    path.write_bytes(_header(1, 1) + _kv_string("general.architecture", "llama") + _tensor_info() + b"\0" * 256)
    info = read_gguf_info(path)
    assert info.architecture == "llama" and info.n_params == 32 and info.quant_type == "F32"


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(GGUFFormatError, match="missing"):
        read_gguf_info(tmp_path / "nope.gguf")
    with pytest.raises(GGUFFormatError):
        read_gguf_info(tmp_path)


def test_errors_are_model_store_errors():
    assert issubclass(GGUFFormatError, ModelStoreError)


# -- fuzzing -------------------------------------------------------------------------------------

_SEED_CACHE: dict[str, bytes] = {}
FUZZ = dict(deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _seed(tmp: Path) -> bytes:
    if "seed" not in _SEED_CACHE:
        _SEED_CACHE["seed"] = write_gguf(tmp / "seed.gguf").read_bytes()
    return _SEED_CACHE["seed"]


def _check_fuzzed(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    started = time.perf_counter()
    try:
        read_gguf_info(path)
    except GGUFFormatError:
        pass
    assert time.perf_counter() - started < 0.2


@settings(max_examples=300, **FUZZ)
@given(edits=st.lists(st.tuples(st.integers(0, 2047), st.integers(0, 255)), min_size=1, max_size=8),
       cut=st.one_of(st.none(), st.integers(0, 4096)))
def test_fuzz_header_bytes(tmp_path, edits, cut):
    data = bytearray(_seed(tmp_path))
    for pos, value in edits:
        data[pos % len(data)] = value
    _check_fuzzed(tmp_path / "fuzz.gguf", bytes(data[:cut] if cut is not None else data))


@settings(max_examples=150, **FUZZ)
@given(words=st.lists(st.tuples(st.integers(0, 255), st.sampled_from(["<Q", "<I"]),
                                st.sampled_from([0, 1, 7, 8, 9, 255, 2**31, 2**32 - 1, 2**20])),
                      min_size=1, max_size=4))
def test_fuzz_counts_and_lengths(tmp_path, words):
    """Overwrite length/count-sized words near the start with boundary values."""
    data = bytearray(_seed(tmp_path))
    for pos, fmt, value in words:
        size = struct.calcsize(fmt)
        data[pos:pos + size] = struct.pack(fmt, value % (1 << (8 * size)))
    _check_fuzzed(tmp_path / "fuzz.gguf", bytes(data))


@settings(max_examples=100, **FUZZ)
@given(blob=st.binary(min_size=0, max_size=512))
def test_fuzz_arbitrary_bytes_after_magic(tmp_path, blob):
    _check_fuzzed(tmp_path / "fuzz.gguf", b"GGUF" + blob)
