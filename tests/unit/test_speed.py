"""Speed estimates: the arithmetic, the badge, GPU bandwidths, the record of real runs, and the
weight bytes a token reads (dense, tied embeddings, mixture of experts)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import gguf
import numpy as np
import pytest

from model_store.gguf_info import GGUFInfo, read_gguf_info
from model_store.speed import (COMFORTABLE_TOK_S, CORRECTION_RANGE, CRAWLING_TOK_S, MachineProfile, ModelShape,
                               SpeedBook, SpeedEstimate, estimate_speed, gpu_bandwidth_for)
from model_store.starter import starter_model_path
from tests.gguf_factory import write_gguf

GB = 1_000_000_000
PROFILE = MachineProfile(bandwidth=20e9, compute=100e9, threads=2, measured_at=1_700_000_000.0)
STARTER = starter_model_path()


def info_of(**changes) -> GGUFInfo:
    """A 30B-parameter, 17 GB dense model's header facts; ``changes`` override any field."""
    base = GGUFInfo(architecture="llama", name="Test", n_params=30 * GB, quant_type="Q4_K_M", bits_per_weight=4.53,
                    file_size=17 * GB, context_length=32768, n_layers=48, n_embd=4096, n_head=32, n_head_kv=4,
                    head_dim_k=128, head_dim_v=128, has_chat_template=True, license="apache-2.0", n_tensors=500,
                    shards=("test.gguf",), n_vocab=150_000)
    return replace(base, **changes)


def estimate(decode: float, **kw) -> SpeedEstimate:
    return SpeedEstimate(decode_tok_s=decode, prompt_tok_s=kw.pop("prompt", 200.0),
                         bytes_per_token=kw.pop("bytes_per_token", GB), **kw)


# -- estimate_speed -------------------------------------------------------------------------------

def test_a_bigger_file_is_slower():
    speeds = [estimate_speed(ModelShape.from_size(size), PROFILE) for size in (GB // 2, GB, 4 * GB, 16 * GB)]
    decode = [s.decode_tok_s for s in speeds]
    prompt = [s.prompt_tok_s for s in speeds]
    assert decode == sorted(decode, reverse=True) and len(set(decode)) == 4
    assert prompt == sorted(prompt, reverse=True) and len(set(prompt)) == 4
    assert [s.bytes_per_token for s in speeds] == sorted(s.bytes_per_token for s in speeds)


def test_more_bytes_per_token_is_slower_at_the_same_parameter_count():
    light = ModelShape(file_size=4 * GB, n_params=8 * GB, bytes_per_token=2 * GB, active_params=8 * GB,
                       kv_bytes_per_token=0)
    heavy = replace(light, bytes_per_token=4 * GB)
    assert estimate_speed(heavy, PROFILE).decode_tok_s < estimate_speed(light, PROFILE).decode_tok_s


def test_a_faster_machine_is_faster():
    shape = ModelShape.from_size(4 * GB)
    slow = estimate_speed(shape, PROFILE)
    fast = estimate_speed(shape, replace(PROFILE, bandwidth=80e9, compute=400e9))
    assert fast.decode_tok_s > 2 * slow.decode_tok_s
    assert fast.prompt_tok_s == pytest.approx(4 * slow.prompt_tok_s)


def test_a_plausible_figure_for_a_small_model():
    # 1 GB of weights at 20 GB/s: at most ~23 tokens/s (bandwidth alone), surely more than 5.
    speed = estimate_speed(ModelShape.from_size(GB), PROFILE)
    assert 5 < speed.decode_tok_s < 20e9 * 1.15 / GB
    assert speed.device == "CPU" and speed.machine_measured and not speed.measured


def test_a_moe_shape_from_its_size_is_much_faster_than_a_dense_one():
    dense = ModelShape.from_size(17 * GB, 30 * GB, "Dense-30B.gguf")
    moe = ModelShape.from_size(17 * GB, 30 * GB, "Qwen3-30B-A3B.gguf", active_params=3 * GB)
    assert moe.active_params == 3 * GB and moe.bytes_per_token == pytest.approx(1.7 * GB, rel=1e-6)
    assert dense.bytes_per_token == 17 * GB and dense.active_params == 30 * GB
    fast, slow = estimate_speed(moe, PROFILE), estimate_speed(dense, PROFILE)
    assert fast.decode_tok_s > 5 * slow.decode_tok_s
    assert fast.prompt_tok_s == pytest.approx(10 * slow.prompt_tok_s)


def test_active_params_never_exceed_the_total():
    shape = ModelShape.from_size(4 * GB, 7 * GB, active_params=70 * GB)
    assert shape.active_params == 7 * GB and shape.bytes_per_token == 4 * GB


def test_a_moe_shape_from_its_header_is_much_faster_than_a_dense_one():
    dense = info_of()
    moe = info_of(expert_count=128, expert_used_count=8, expert_bytes=16 * GB)
    dense_shape, moe_shape = ModelShape.from_info(dense, "dense.gguf"), ModelShape.from_info(moe, "moe.gguf")
    assert moe_shape.bytes_per_token == 2 * GB             # 17 GB less 120 of 128 experts' 16 GB
    assert moe_shape.active_params == pytest.approx(30 * GB * 2 / 17, rel=1e-6)
    assert dense_shape.bytes_per_token == 17 * GB and dense_shape.active_params == 30 * GB
    # The header's attention shape gives the KV cache: 48 layers × 4 heads × (128 + 128) × 2 bytes.
    assert moe_shape.kv_bytes_per_token == 48 * 4 * 256 * 2
    assert moe_shape.quant == "Q4_K_M" and moe_shape.name == "moe.gguf" and moe_shape.n_layers == 48
    fast, slow = estimate_speed(moe_shape, PROFILE), estimate_speed(dense_shape, PROFILE)
    assert fast.decode_tok_s > 5 * slow.decode_tok_s
    assert fast.prompt_tok_s > 5 * slow.prompt_tok_s


def test_a_header_without_attention_shape_guesses_the_kv_cache():
    shape = ModelShape.from_info(info_of(n_head_kv=0, head_dim_k=0, head_dim_v=0))
    assert shape.kv_bytes_per_token > 0


@pytest.mark.parametrize("shape", [ModelShape.from_size(4 * GB), ModelShape.from_info(info_of())])
def test_a_quantized_kv_cache_decodes_no_slower(shape):
    f16 = estimate_speed(shape, PROFILE, kv_type="f16", n_ctx=8192)
    q8 = estimate_speed(shape, PROFILE, kv_type="q8_0", n_ctx=8192)
    q4 = estimate_speed(shape, PROFILE, kv_type="q4_0", n_ctx=8192)
    assert q4.decode_tok_s > q8.decode_tok_s > f16.decode_tok_s
    assert q4.bytes_per_token < q8.bytes_per_token < f16.bytes_per_token
    assert f16.bytes_per_token - shape.bytes_per_token == shape.kv_bytes_per_token * 1024  # the typical context
    assert q8.bytes_per_token - shape.bytes_per_token == int(shape.kv_bytes_per_token * 1024 * 34 / 32 / 2)


def test_a_short_context_reads_less_kv_cache():
    shape = ModelShape.from_size(4 * GB)
    assert estimate_speed(shape, PROFILE, n_ctx=256).decode_tok_s > estimate_speed(shape, PROFILE).decode_tok_s


def test_slow_prompt_formats_read_prompts_at_half_speed():
    fast = estimate_speed(ModelShape.from_size(4 * GB, quant="q4_k_m"), PROFILE)
    slow = estimate_speed(ModelShape.from_size(4 * GB, quant="Q5_K_M"), PROFILE)
    assert slow.prompt_tok_s == pytest.approx(fast.prompt_tok_s / 2)
    assert slow.decode_tok_s == fast.decode_tok_s


def test_a_gpu_makes_it_faster_and_says_where_it_runs():
    shape = ModelShape.from_size(8 * GB)
    gpu = replace(PROFILE, gpu_name="NVIDIA GeForce RTX 4090", gpu_bandwidth=1008e9)
    cpu_only = estimate_speed(shape, gpu)
    half = estimate_speed(shape, gpu, gpu_fraction=0.5)
    whole = estimate_speed(shape, gpu, gpu_fraction=1.0)
    assert (cpu_only.device, half.device, whole.device) == ("CPU", "GPU + CPU", "GPU")
    assert whole.decode_tok_s > half.decode_tok_s > cpu_only.decode_tok_s
    assert whole.decode_tok_s > 10 * cpu_only.decode_tok_s
    assert whole.prompt_tok_s > half.prompt_tok_s > cpu_only.prompt_tok_s


def test_machine_measured_follows_the_profile_unless_told():
    shape = ModelShape.from_size(GB)
    assert estimate_speed(shape, PROFILE).machine_measured
    assert not estimate_speed(shape, replace(PROFILE, measured_at=0.0)).machine_measured
    assert not estimate_speed(shape, PROFILE, machine_measured=False).machine_measured


# -- SpeedEstimate --------------------------------------------------------------------------------

@pytest.mark.parametrize("words, measured, label", [
    (35, False, "~35 words/s"),
    (35, True, "35 words/s"),
    (7.4, False, "~7 words/s"),
    (19.4, False, "~19 words/s"),
    (22, False, "~20 words/s"),         # from 20 up, rounded to fives
    (118, False, "~120 words/s"),
    (1.0, False, "~1 words/s"),
    (0.9, False, "<1 word/s"),
    (0.2, True, "<1 word/s"),
])
def test_label(words, measured, label):
    assert estimate(words / 0.75, measured=measured).label() == label


def test_comfortable_and_crawling_thresholds():
    assert estimate(COMFORTABLE_TOK_S).comfortable and not estimate(COMFORTABLE_TOK_S - 0.01).comfortable
    assert estimate(CRAWLING_TOK_S - 0.01).crawling and not estimate(CRAWLING_TOK_S).crawling
    middle = estimate((COMFORTABLE_TOK_S + CRAWLING_TOK_S) / 2)
    assert not middle.comfortable and not middle.crawling
    assert estimate(40).words_per_s == pytest.approx(30)


def test_tooltip_of_an_estimate():
    lines = estimate(20, prompt=1234.4, bytes_per_token=1_500_000_000).tooltip().splitlines()
    assert lines == ["Writing: 20.0 tokens/s (about 15 words/s), estimated for this computer",
                     "Reading a prompt: 1,234 tokens/s",
                     "Reads 1.50 GB of weights per token on the CPU"]


def test_tooltip_of_a_measured_speed_on_the_gpu():
    text = estimate(50, measured=True, device="GPU", correction=2.0).tooltip()
    assert "measured on this computer" in text and "on the GPU" in text
    assert "Corrected" not in text                       # its own speed, not a corrected estimate
    assert len(text.splitlines()) == 3


def test_tooltip_of_an_unmeasured_machine_a_correction_and_a_crawl():
    lines = estimate(2.0, machine_measured=False, correction=0.5).tooltip().splitlines()
    assert "a rough estimate: this computer's speed has not been measured yet" in lines[0]
    assert lines[3] == "Corrected ×0.50 by the speed of models that ran here"
    assert lines[4] == "Too slow to chat comfortably on this computer: choose a smaller file or model."
    # A correction within 5% is not worth a line.
    assert "Corrected" not in estimate(20, correction=1.03).tooltip()


def test_to_json():
    data = estimate(40, prompt=512.345, measured=True).to_json()
    assert data == {"estimated_decode_tok_s": 40.0, "estimated_prompt_tok_s": 512.3, "estimated_words_per_s": 30.0,
                    "measured": True, "device": "CPU", "comfortable": True}
    json.dumps(data)


# -- GPU bandwidth by name ------------------------------------------------------------------------

@pytest.mark.parametrize("name, gbs", [
    ("NVIDIA GeForce RTX 4090", 1008),
    ("NVIDIA GeForce RTX 4070 Ti", 504),
    ("NVIDIA GeForce RTX 4060", 272),
    ("NVIDIA GeForce RTX 4060 Ti", 288),
    ("Apple M2 Pro", 200),              # not the plain M2's 100
    ("Apple M2", 100),
    ("Apple M1 Max", 400),
    ("Apple M3 Ultra", 819),
    ("NVIDIA A100-SXM4-80GB", 1935),     # not the A10's 600, nor the Apple M4's 120 ("SXM4")
    ("NVIDIA H100 80GB HBM3", 3350),     # not the Apple M3's 100 ("HBM3")
    ("Tesla V100-SXM2-16GB", 900),       # not the Apple M2's 100 ("SXM2")
    ("NVIDIA A10G", 600),
    ("NVIDIA RTX A6000", 768),
    ("NVIDIA GeForce RTX 4090 D", 1008),
    ("NVIDIA A10", 600),
    ("NVIDIA L40S", 864),                # not the L4's 300
    ("NVIDIA H200", 4800),
    ("AMD Radeon RX 7900 XTX", 960),
    ("AMD Radeon RX 7900 XT", 800),
])
def test_gpu_bandwidth_for_known_devices(name, gbs):
    assert gpu_bandwidth_for(name) == gbs * 1e9


@pytest.mark.parametrize("name", ["", "Intel(R) UHD Graphics 620", "Some Future Accelerator", "llvmpipe",
                                  "NVIDIA RTX A1000", "Quadro M4000", "Tesla M40"])
def test_gpu_bandwidth_of_an_unknown_device_is_zero(name):
    assert gpu_bandwidth_for(name) == 0.0


# -- SpeedBook ------------------------------------------------------------------------------------

def shape_named(name: str, size: int = 4 * GB) -> ModelShape:
    return ModelShape.from_size(size, name=name)


def test_record_and_run_of(tmp_path):
    book = SpeedBook(tmp_path)
    raw = estimate(10, prompt=100)
    book.record("/models/a.gguf", 4 * GB, raw, decode_tok_s=12.345, prompt_tok_s=321.06)
    run = book.run_of("a.gguf", 4 * GB)
    assert run is not None and run.decode == [12.35] and run.prompt == [321.1]
    assert run.estimated_decode == 10 and run.estimated_prompt == 100
    assert book.run_of("a.gguf", 4 * GB + 1) is None       # another file of the same name
    assert book.run_of("b.gguf", 4 * GB) is None
    again = SpeedBook(tmp_path).run_of("elsewhere/a.gguf", 4 * GB)
    assert again == run                                     # saved in speeds.json, by file name and size
    assert json.loads((tmp_path / "speeds.json").read_text())["version"] == 1


def test_an_answer_without_speeds_records_nothing(tmp_path):
    book = SpeedBook(tmp_path)
    book.record("a.gguf", GB, estimate(10), decode_tok_s=0, prompt_tok_s=0)
    assert book.run_of("a.gguf", GB) is None and not (tmp_path / "speeds.json").exists()


def test_a_prompt_speed_alone_keeps_the_decode_estimate(tmp_path):
    book = SpeedBook(tmp_path)
    book.record("a.gguf", 4 * GB, estimate(10, prompt=100), prompt_tok_s=300)
    run = book.run_of("a.gguf", 4 * GB)
    assert run.decode == [] and run.prompt == [300.0] and run.estimated_decode == 0
    corrected = estimate_speed(shape_named("a.gguf"), PROFILE, book=book)
    assert not corrected.measured


def test_a_files_own_speed_replaces_the_estimate(tmp_path):
    book = SpeedBook(tmp_path)
    shape = shape_named("mine.gguf")
    raw = estimate_speed(shape, PROFILE)
    for decode, prompt in ((11.0, 300.0), (13.0, 500.0), (12.0, 400.0)):
        book.record(shape.name, shape.file_size, raw, decode_tok_s=decode, prompt_tok_s=prompt)
    speed = estimate_speed(shape, PROFILE, book=book)
    assert speed.measured and speed.decode_tok_s == 12.0 and speed.prompt_tok_s == 400.0
    assert speed.label() == "9 words/s" and "measured on this computer" in speed.tooltip()
    # A file never run again with another size is still an estimate.
    assert not estimate_speed(shape_named("mine.gguf", 5 * GB), PROFILE, book=book).measured


def test_other_models_are_corrected_by_the_median_ratio(tmp_path):
    book = SpeedBook(tmp_path)
    for name, ratio in (("a.gguf", 0.5), ("b.gguf", 0.6), ("c.gguf", 2.0)):
        book.record(name, GB, estimate(10, prompt=100), decode_tok_s=10 * ratio, prompt_tok_s=100 * ratio * 2)
    assert book.correction() == pytest.approx((0.6, 1.2))
    other = shape_named("other.gguf")
    raw = estimate_speed(other, PROFILE)
    corrected = estimate_speed(other, PROFILE, book=book)
    assert not corrected.measured and corrected.correction == pytest.approx(0.6)
    assert corrected.decode_tok_s == pytest.approx(raw.decode_tok_s * 0.6)
    assert corrected.prompt_tok_s == pytest.approx(raw.prompt_tok_s * 1.2)
    assert "Corrected ×0.60 by the speed of models that ran here" in corrected.tooltip()


def test_ratios_outside_the_correction_range_are_ignored(tmp_path):
    low, high = CORRECTION_RANGE
    book = SpeedBook(tmp_path)
    book.record("busy.gguf", GB, estimate(10), decode_tok_s=10 * low * 0.9)
    book.record("odd.gguf", GB, estimate(10), decode_tok_s=10 * high * 1.1)
    assert book.correction() == (1.0, 1.0)
    other = shape_named("other.gguf")
    assert estimate_speed(other, PROFILE, book=book).decode_tok_s == estimate_speed(other, PROFILE).decode_tok_s
    book.record("fine.gguf", GB, estimate(10), decode_tok_s=15)
    assert book.correction()[0] == pytest.approx(1.5)


def test_only_the_last_answers_are_kept(tmp_path):
    book = SpeedBook(tmp_path)
    for value in range(1, 9):
        book.record("a.gguf", GB, estimate(5, prompt=50), decode_tok_s=float(value), prompt_tok_s=value * 10.0)
    run = SpeedBook(tmp_path).run_of("a.gguf", GB)
    assert len(run.decode) == len(run.prompt) == SpeedBook.KEEP
    assert run.decode == [4.0, 5.0, 6.0, 7.0, 8.0] and run.prompt == [40.0, 50.0, 60.0, 70.0, 80.0]
    assert estimate_speed(shape_named("a.gguf", GB), PROFILE, book=book).decode_tok_s == 6.0


@pytest.mark.parametrize("text", [
    "not json {",
    "",
    "[]",
    "null",
    '{"runs": [1, 2]}',
    '{"runs": {"a.gguf|1000000000": 5}}',
    '{"runs": {"a.gguf|1000000000": {"decode": "fast", "estimated_decode": 10}}}',
    '{"runs": {"a.gguf|1000000000": {"decode": [12, "x"], "estimated_decode": "ten"}}}',
    '{"runs": {"a.gguf|1000000000": {"decode": [NaN], "estimated_decode": 10}}}',
    '{"runs": {"a.gguf|1000000000": {"decode": [12], "estimated_decode": true}}}',
])
def test_a_corrupt_speeds_file_is_ignored(tmp_path, text):
    (tmp_path / "speeds.json").write_text(text)
    book = SpeedBook(tmp_path)
    assert book.correction() == (1.0, 1.0)
    speed = estimate_speed(shape_named("a.gguf", GB), PROFILE, book=book)
    assert not speed.measured and speed.label().startswith("~")
    # Recording over it works and leaves a valid file.
    book.record("a.gguf", GB, estimate(10), decode_tok_s=9)
    assert SpeedBook(tmp_path).run_of("a.gguf", GB).decode == [9.0]


def test_unknown_fields_in_a_record_are_ignored(tmp_path):
    (tmp_path / "speeds.json").write_text(json.dumps(
        {"version": 1, "runs": {"a.gguf|1000000000": {"decode": [7.5], "estimated_decode": 5, "future": 1}}}))
    run = SpeedBook(tmp_path).run_of("a.gguf", GB)
    assert run.decode == [7.5] and run.estimated_decode == 5


def test_recalibrate_keeps_measured_speeds_but_stops_the_correction(tmp_path):
    book = SpeedBook(tmp_path)
    book.record("ran.gguf", GB, estimate(10, prompt=100), decode_tok_s=20, prompt_tok_s=300)
    assert book.correction() == pytest.approx((2.0, 3.0))
    book.recalibrate()
    assert book.correction() == (1.0, 1.0)
    reopened = SpeedBook(tmp_path)
    assert reopened.correction() == (1.0, 1.0)
    own = estimate_speed(shape_named("ran.gguf", GB), PROFILE, book=reopened)
    assert own.measured and own.decode_tok_s == 20 and own.prompt_tok_s == 300
    other = shape_named("other.gguf")
    assert estimate_speed(other, PROFILE, book=reopened).decode_tok_s == estimate_speed(other, PROFILE).decode_tok_s
    # The next answer brings the correction back, against the new estimate.
    reopened.record("ran.gguf", GB, estimate(40, prompt=100), decode_tok_s=20)
    assert reopened.correction()[0] == pytest.approx(0.5)


def test_an_unwritable_folder_does_not_raise(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    book = SpeedBook(blocker)
    book.record("a.gguf", GB, estimate(10), decode_tok_s=12)
    assert book.run_of("a.gguf", GB).decode == [12.0]      # kept in memory for this session


# -- GGUFInfo.bytes_per_token ---------------------------------------------------------------------

def test_bytes_per_token_of_a_dense_model_with_a_separate_output_matrix():
    # Its embedding table is only looked up (a row per token), so it is not read.
    info = info_of(file_size=10 * GB, lookup_bytes=GB, output_bytes=GB, layer_bytes=8 * GB)
    assert info.bytes_per_token == 9 * GB


def test_bytes_per_token_with_tied_embeddings_reads_everything():
    # The tied table is the output matrix too: every token multiplies with all of it.
    info = info_of(file_size=10 * GB, lookup_bytes=0, output_bytes=GB, layer_bytes=9 * GB)
    assert info.bytes_per_token == 10 * GB


def test_bytes_per_token_of_a_mixture_of_experts():
    info = info_of(file_size=17 * GB, expert_count=128, expert_used_count=8, expert_bytes=16 * GB,
                   lookup_bytes=GB // 2)
    assert info.bytes_per_token == 17 * GB - 15 * GB - GB // 2
    # Routed to more experts than there are: every expert is read.
    assert replace(info, expert_used_count=200).bytes_per_token == 17 * GB - GB // 2
    # Without the routing count the experts cannot be discounted.
    assert replace(info, expert_used_count=0).bytes_per_token == 17 * GB - GB // 2


def test_bytes_per_token_never_falls_below_a_sixty_fourth():
    info = info_of(file_size=64 * GB, expert_count=1000, expert_used_count=1, expert_bytes=64 * GB)
    assert info.bytes_per_token == GB


def test_an_old_record_without_the_new_fields():
    data = info_of(expert_count=8, expert_used_count=2, expert_bytes=GB, lookup_bytes=GB).to_dict()
    for key in ("n_vocab", "expert_count", "expert_used_count", "expert_bytes", "lookup_bytes", "layer_bytes",
                "output_bytes"):
        del data[key]
    old = GGUFInfo.from_dict(data)
    assert (old.expert_count, old.expert_used_count, old.expert_bytes, old.lookup_bytes) == (0, 0, 0, 0)
    assert old.bytes_per_token == old.file_size == 17 * GB
    assert old.shards == ("test.gguf",) and old.n_params == 30 * GB


def test_a_record_round_trips_with_the_new_fields():
    info = info_of(expert_count=8, expert_used_count=2, expert_bytes=GB, lookup_bytes=GB, layer_bytes=15 * GB,
                   output_bytes=GB // 4)
    assert GGUFInfo.from_dict(json.loads(json.dumps(info.to_dict()))) == info


def test_a_record_with_null_new_fields():
    data = info_of().to_dict() | {"expert_count": None, "lookup_bytes": None}
    assert GGUFInfo.from_dict(data).bytes_per_token == 17 * GB


def write_moe_gguf(path: Path, *, experts: int = 4, used: int = 2, embd: int = 32, ff: int = 64,
                   layers: int = 2, tied: bool = False) -> Path:
    """A tiny mixture-of-experts GGUF (F32 tensors), with or without a separate output matrix."""
    w = gguf.GGUFWriter(str(path), "qwen3moe")
    w.add_name("TinyMoE")
    w.add_block_count(layers)
    w.add_context_length(2048)
    w.add_embedding_length(embd)
    w.add_head_count(4)
    w.add_head_count_kv(2)
    w.add_expert_count(experts)
    w.add_expert_used_count(used)
    w.add_file_type(0)
    vocab = 16
    w.add_tensor("token_embd.weight", np.ones((vocab, embd), dtype=np.float32))
    if not tied:
        w.add_tensor("output.weight", np.ones((vocab, embd), dtype=np.float32))
    for i in range(layers):
        w.add_tensor(f"blk.{i}.attn_q.weight", np.ones((embd, embd), dtype=np.float32))
        w.add_tensor(f"blk.{i}.ffn_up_exps.weight", np.ones((experts, ff, embd), dtype=np.float32))
        w.add_tensor(f"blk.{i}.ffn_down_exps.weight", np.ones((experts, embd, ff), dtype=np.float32))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    return path


def test_a_moe_file_header_gives_the_bytes_a_token_reads(tmp_path):
    embd, ff, layers, experts, vocab = 32, 64, 2, 4, 16
    info = read_gguf_info(write_moe_gguf(tmp_path / "moe.gguf"))
    expert_bytes = layers * 2 * experts * ff * embd * 4
    table = vocab * embd * 4
    assert (info.expert_count, info.expert_used_count) == (experts, 2)
    assert info.expert_bytes == expert_bytes
    assert info.layer_bytes == expert_bytes + layers * embd * embd * 4
    assert info.lookup_bytes == table and info.output_bytes == table
    assert info.bytes_per_token == info.file_size - expert_bytes // 2 - table
    dense_shape = ModelShape.from_size(info.file_size, info.n_params)
    assert estimate_speed(ModelShape.from_info(info), PROFILE).decode_tok_s > \
        estimate_speed(dense_shape, PROFILE).decode_tok_s


def test_a_tied_file_header_reads_its_embedding_table(tmp_path):
    info = read_gguf_info(write_moe_gguf(tmp_path / "tied.gguf", tied=True))
    assert info.lookup_bytes == 0 and info.output_bytes == 16 * 32 * 4
    assert info.bytes_per_token == info.file_size - info.expert_bytes // 2


def test_a_dense_factory_file_reads_everything(tmp_path):
    info = read_gguf_info(write_gguf(tmp_path / "dense.gguf"))
    assert info.expert_count == info.expert_bytes == info.lookup_bytes == 0
    assert info.bytes_per_token == info.file_size


@pytest.mark.skipif(STARTER is None, reason="the starter model is not installed")
def test_the_starter_model_has_tied_embeddings():
    info = read_gguf_info(STARTER)
    assert info.lookup_bytes == 0 and info.output_bytes > 0 and info.expert_bytes == 0
    assert info.bytes_per_token == info.file_size
    assert 0 < info.layer_bytes < info.file_size
