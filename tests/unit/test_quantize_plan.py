"""Quantization without running it: the type list, the size estimate, the plan's refusals,
output names, and the child's log parsing. Small generated GGUF files; no llama.cpp run."""

from __future__ import annotations

import collections
import os
import sys

import pytest

from model_store import quantize, quantize_temp
from model_store.errors import QuantizeError
from model_store.gguf_info import read_gguf_info
from model_store.quant_types import (QUANT_TYPES, estimate_quantized_size, read_tensors, target_types,
                                     tensor_bytes)
from model_store.quantize import default_output_name, plan_quantize
from model_store.quantize_child import LogRelay
from model_store.registry import Registry
from tests.gguf_factory import TOKENS, write_gguf

CONTRACT_TYPES = ["Q8_0", "Q6_K", "Q5_K_M", "Q5_K_S", "Q4_K_M", "Q4_K_S", "Q4_0", "Q3_K_M", "Q2_K"]


@pytest.fixture
def registry():
    return Registry()


def _linked(registry, tmp_path, name="Tiny-F16.gguf", **kwargs):
    return registry.import_file(write_gguf(tmp_path / "src" / name, **kwargs), link=True)


def test_quant_types_listing():
    offered = [k for k, q in QUANT_TYPES.items() if not q.needs_imatrix]
    assert offered == CONTRACT_TYPES
    assert all(QUANT_TYPES[k].needs_imatrix for k in QUANT_TYPES if k not in CONTRACT_TYPES)
    import llama_cpp

    for name, q in QUANT_TYPES.items():
        assert q.name == name and q.quality
        assert q.ftype == getattr(llama_cpp, f"LLAMA_FTYPE_MOSTLY_{name}")
    bits = [QUANT_TYPES[k].bits_per_weight for k in CONTRACT_TYPES]
    assert bits[:6] == sorted(bits[:6], reverse=True) and bits[-1] == min(bits)


def test_estimate_q8_0_of_a_generated_f16_file(tmp_path):
    # token_embd F32 [32 x 8] (tied: quantized like the output), per layer attn_q F16 [32 x 32]
    # and ffn_up F16 [32 x 64]: everything to Q8_0 (34 bytes per 32 values, padded to 32 bytes).
    path = write_gguf(tmp_path / "t.gguf", layers=2, embd=32)
    info = read_gguf_info(path)
    tensors, header = read_tensors(path)
    assert header % 32 == 0 and 0 < header < path.stat().st_size
    expected = header + 288 + 2 * (1088 + 2176)
    assert estimate_quantized_size(info, "Q8_0", tensors, header) == expected
    assert estimate_quantized_size(info, "Q8_0", path) == expected


def test_estimate_follows_llama_cpp_type_choices(tmp_path):
    # Rows of 32 are not a multiple of the k-quants' 256: Q4_K falls back to Q5_0, the tied
    # embeddings go to Q8_0. Rows of 256: Q4_K, and Q6_K for the tied embeddings.
    narrow = write_gguf(tmp_path / "narrow.gguf", layers=1, embd=32)
    chosen = {t[0]: new for t, new in target_types(read_tensors(narrow)[0], QUANT_TYPES["Q4_K_M"].ftype)}
    assert chosen == {"token_embd.weight": "Q8_0", "blk.0.attn_q.weight": "Q5_0", "blk.0.ffn_up.weight": "Q5_0"}
    wide = write_gguf(tmp_path / "wide.gguf", layers=1, embd=256)
    info = read_gguf_info(wide)
    tensors, header = read_tensors(wide)
    chosen = {t[0]: new for t, new in target_types(tensors, QUANT_TYPES["Q4_K_M"].ftype)}
    assert chosen == {"token_embd.weight": "Q6_K", "blk.0.attn_q.weight": "Q4_K", "blk.0.ffn_up.weight": "Q4_K"}
    assert estimate_quantized_size(info, "Q4_K_M", tensors, header) == header + 1696 + 36864 + 73728
    assert tensor_bytes((256, len(TOKENS)), "Q6_K") == 1696


def test_estimate_without_tensors_uses_bits_per_weight(tmp_path):
    info = read_gguf_info(write_gguf(tmp_path / "t.gguf"))
    assert estimate_quantized_size(info, "Q4_K_M") == (1 << 20) + int(info.n_params * 4.89 / 8)


def test_plan_for_an_f16_model(registry, tmp_path):
    source = _linked(registry, tmp_path)
    plan = plan_quantize(registry, source.name, "q8_0")
    assert plan.qtype == "Q8_0" and plan.source == source and plan.warning == ""
    assert plan.dest == registry.root / "Tiny-Q8_0.gguf"
    assert plan.estimated_bytes == estimate_quantized_size(source.info, "Q8_0", source.path)
    assert plan.free_bytes > plan.estimated_bytes
    assert plan.fit.weights_bytes == plan.estimated_bytes and plan.fit.verdict == "fits"


@pytest.mark.parametrize("qtype, message", [("Q9_K", "doesn't know the quantization type “Q9_K”"),
                                            ("F16", "Choose one of Q8_0, Q6_K"),
                                            ("IQ2_XS", "needs an importance matrix")])
def test_plan_refuses_unknown_and_imatrix_types(registry, tmp_path, qtype, message):
    source = _linked(registry, tmp_path)
    with pytest.raises(QuantizeError, match=message):
        plan_quantize(registry, source, qtype)


def test_plan_refuses_the_same_type(registry, tmp_path):
    source = _linked(registry, tmp_path, "Tiny-Q8_0.gguf", file_type=7)
    with pytest.raises(QuantizeError, match="already Q8_0"):
        plan_quantize(registry, source, "Q8_0", allow_requantize=True)


def test_requantize_needs_the_flag_and_warns_about_quality(registry, tmp_path):
    source = _linked(registry, tmp_path, "Tiny-Q4_0.gguf", file_type=2)
    with pytest.raises(QuantizeError, match=r"already quantized \(Q4_0\).*allow requantizing"):
        plan_quantize(registry, source, "Q8_0")
    plan = plan_quantize(registry, source, "Q8_0", allow_requantize=True)
    assert plan.allow_requantize
    assert "quality" in plan.warning and "Q4_0" in plan.warning and "worse" in plan.warning
    assert plan.dest.name == "Tiny-Q8_0.gguf"


def test_plan_refuses_a_missing_source(registry, tmp_path):
    source = _linked(registry, tmp_path)
    os.remove(source.path)
    with pytest.raises(QuantizeError, match="is missing"):
        plan_quantize(registry, source.name, "Q8_0")
    with pytest.raises(QuantizeError, match="No model called"):
        plan_quantize(registry, "nothing-like-this", "Q8_0")


def test_plan_refuses_a_corrupt_source(registry, tmp_path):
    source = _linked(registry, tmp_path)
    data = source.path.read_bytes()
    source.path.write_bytes(data[: len(data) // 2])   # truncated: the tensors run past the end
    with pytest.raises(QuantizeError, match="can't be quantized") as caught:
        plan_quantize(registry, source, "Q8_0")
    assert caught.value.detail


def test_plan_refuses_when_the_disk_is_short(registry, tmp_path, monkeypatch):
    source = _linked(registry, tmp_path)
    usage = collections.namedtuple("usage", "total used free")
    monkeypatch.setattr(quantize.shutil, "disk_usage", lambda _path: usage(10**12, 10**12 - 50_000_000, 50_000_000))
    with pytest.raises(QuantizeError, match=r"needs \d+(\.\d)? MB but only 50 MB is free") as caught:
        plan_quantize(registry, source, "Q8_0")
    assert "free=50000000" in caught.value.detail


@pytest.mark.parametrize("stem, expected", [
    ("SmolLM2-135M-Instruct.Q4_1", "SmolLM2-135M-Instruct-Q4_K_M.gguf"),
    ("Llama-3.2-1B-Instruct-F16", "Llama-3.2-1B-Instruct-Q4_K_M.gguf"),
    ("qwen2.5-0.5b-instruct-bf16", "qwen2.5-0.5b-instruct-Q4_K_M.gguf"),
    ("mistral-7b-instruct-v0.2.Q5_K_M", "mistral-7b-instruct-v0.2-Q4_K_M.gguf"),
    ("Phi-3-mini-4k-instruct-IQ4_XS", "Phi-3-mini-4k-instruct-Q4_K_M.gguf"),
    ("plain", "plain-Q4_K_M.gguf"),
])
def test_default_output_name_drops_the_quant_suffix(tmp_path, stem, expected):
    class Model:
        path = tmp_path / f"{stem}.gguf"

    assert default_output_name(Model, "Q4_K_M") == expected


def test_output_names_are_sanitised_and_never_overwrite(registry, tmp_path):
    source = _linked(registry, tmp_path)
    plan = plan_quantize(registry, source, "Q8_0", output_name="../../evil/my: model")
    assert plan.dest == registry.root / "my_ model.gguf"
    (registry.root / "taken.gguf").write_bytes(b"x")
    with pytest.raises(QuantizeError, match="already a file called taken.gguf"):
        plan_quantize(registry, source, "Q8_0", output_name="taken")
    with pytest.raises(QuantizeError, match="no usable characters"):
        plan_quantize(registry, source, "Q8_0", output_name="../..")
    (registry.root / "Tiny-Q8_0.gguf").write_bytes(b"x")
    assert plan_quantize(registry, source, "Q8_0").dest.name == "Tiny-Q8_0 (2).gguf"


def test_child_log_relay_turns_tensor_lines_into_progress(tmp_path):
    read_fd, write_fd = os.pipe()
    relay = LogRelay(write_fd, str(tmp_path / "out"))
    relay.feed(2, "llama_model_loader: loaded meta data\n")
    relay.feed(2, "[   1/   3] output_norm.weight - [   576,      1,      1,      1], type =    f32, ")
    relay.feed(2, "size =    0.002 MiB\n")
    relay.feed(2, "[   2/   3] token_embd.weight  - [   576,  49152,      1,      1], type =    f16, ")
    relay.feed(2, "converting to q8_0 .. ")
    relay.feed(5, "size =    54.00 MiB ->    28.69 MiB\n")
    relay.feed(3, "warning: blk.0.attn_q.weight - ncols 576 not divisible by 256 -> falling back to q5_0\n")
    relay.feed(2, "[   3/   3] blk.0.attn_k.weight - [   576,    192,      1,      1], type =   q4_1, ")
    relay.feed(4, "llama_model_quantize: failed to quantize: requantizing from type q4_1 is disabled\n")
    relay.feed(4, "\n============================================================\n")
    os.close(write_fd)
    with os.fdopen(read_fd, "rb") as fh:
        lines = fh.read().decode().splitlines()
    assert lines == ["T 1 3 576 output_norm.weight", "T 2 3 28311552 token_embd.weight",
                     "W warning: blk.0.attn_q.weight - ncols 576 not divisible by 256 -> falling back to q5_0",
                     "E llama_model_quantize: failed to quantize: requantizing from type q4_1 is disabled"]


def test_temp_files_of_runs_that_are_gone_are_swept_busy_ones_kept(registry, tmp_path):
    fcntl = pytest.importorskip("fcntl")
    source = _linked(registry, tmp_path)
    left, busy = registry.root / ".left-Q8_0.gguf.quantizing", registry.root / ".busy-Q8_0.gguf.quantizing"
    left.write_bytes(b"partial")  # a killed run's, however new: nobody holds its lock
    busy.write_bytes(b"partial")
    with open(busy, "rb") as run:
        fcntl.flock(run, fcntl.LOCK_EX)  # a run that is still writing
        plan_quantize(registry, source, "Q8_0")
        assert not left.exists() and busy.exists()
        with pytest.raises(QuantizeError, match="Another quantization is writing busy-Q8_0.gguf"):
            quantize_temp.claim(busy)
    fd = quantize_temp.claim(busy)  # its run has gone: the file is taken over
    os.close(fd)


def test_without_file_locks_only_old_temp_files_are_swept(registry, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "fcntl", None)  # no file locks, as on Windows
    source = _linked(registry, tmp_path)
    stale, fresh = registry.root / ".old-Q8_0.gguf.quantizing", registry.root / ".busy-Q8_0.gguf.quantizing"
    stale.write_bytes(b"partial")
    fresh.write_bytes(b"partial")
    os.utime(stale, (1, 1))
    plan_quantize(registry, source, "Q8_0")
    assert not stale.exists() and fresh.exists()


def test_cli_parser_adds_quantize():
    import argparse

    from app.cli_quantize import add_quantize_parser

    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="models_command")
    add_quantize_parser(sub)
    args = parser.parse_args(["quantize", "My Model", "Q4_K_M", "--allow-requantize", "--output", "small"])
    assert (args.models_command, args.name, args.type, args.allow_requantize, args.output) == \
        ("quantize", "My Model", "Q4_K_M", True, "small")
    args = parser.parse_args(["quantize", "m", "q8_0"])
    assert not args.allow_requantize and args.output is None
