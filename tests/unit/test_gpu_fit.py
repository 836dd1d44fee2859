"""GPU layers "auto": the devices ggml reports, the layer plan, and the retry with fewer layers.

Every GPU here is a stand-in (``set_fake_devices``); only the last tests ask the real
library, which on a CPU-only build knows the CPU and no GPU.
"""

from __future__ import annotations

import llama_cpp
import pytest

from app.engine import gpu_fit, llama_load
from app.engine.backend import init_backend
from app.engine.gpu_fit import (
    OffloadPlan,
    compute_buffer_bytes,
    layer_bytes,
    layers_to_request,
    load_with_fewer_layers,
    offload_note,
    plan_for_file,
    plan_offload,
)
from app.engine.params import LoadParams
from model_store import devices, fit
from model_store.devices import GpuDevice
from model_store.fit import GIB, MIB, estimate_fit
from model_store.gguf_info import GGUFInfo
from model_store.starter import starter_model_path

STARTER = starter_model_path()
needs_starter = pytest.mark.skipif(STARTER is None, reason="the starter model is not installed")


@pytest.fixture(autouse=True)
def real_devices_after():
    """Every test starts and ends with ggml's own answer, not a stand-in left behind."""
    devices.set_fake_devices(None)
    yield
    devices.set_fake_devices(None)


def llama_8b(**changes) -> GGUFInfo:
    """The header facts of a Llama-3-8B Q4_K_M file (32 layers, 8 KV heads of 128)."""
    facts = dict(architecture="llama", name="Llama 8B", n_params=8_030_000_000, quant_type="Q4_K_M",
                 bits_per_weight=4.89, file_size=4_920_000_000, context_length=8192, n_layers=32, n_embd=4096,
                 n_head=32, n_head_kv=8, head_dim_k=128, head_dim_v=128, has_chat_template=True, license="llama3",
                 n_tensors=291, shards=("llama.gguf",), n_vocab=128_256, lookup_bytes=282_000_000,
                 layer_bytes=4_210_000_000, output_bytes=430_000_000)
    facts.update(changes)
    return GGUFInfo(**facts)


def card(free_gib: float, total_gib: float = 8, kind: str = "gpu", name: str = "CUDA0") -> GpuDevice:
    return GpuDevice(name, "NVIDIA GeForce RTX 4070", kind, int(free_gib * GIB), int(total_gib * GIB))


# -- the plan -----------------------------------------------------------------------------------

def test_plenty_of_vram_offloads_every_layer_and_the_output():
    plan = plan_offload(llama_8b(), [card(23, 24)], n_ctx=8192)
    assert plan.layers == plan.total_layers == 33 and plan.everything and not plan.unified
    assert plan.note == "All 33 layers fit in the GPU's 24.7 GB free."
    # one layer: its weights (blk.* shared evenly) and its KV cache (8192 × 256 values × 8 heads × 2 bytes)
    assert plan.layer_bytes == layer_bytes(llama_8b(), 8192) == 4_210_000_000 // 32 + 8192 * 256 * 8 * 2


def test_a_small_card_takes_a_proportional_share():
    info = llama_8b()
    plan = plan_offload(info, [card(4, 6)], n_ctx=8192)
    budget = 4 * GIB - max(512 * MIB, int(0.6 * GIB)) - compute_buffer_bytes(info, 8192)
    assert plan.layers == budget // plan.layer_bytes
    assert 10 < plan.layers < 32 and not plan.everything
    assert plan.note == f"{plan.layers} of 33 layers fit in the GPU's 4.29 GB free; the rest run on the CPU."
    more = plan_offload(info, [card(6, 6)], n_ctx=8192)
    assert plan.layers < more.layers


def test_every_block_but_not_the_output_leaves_the_output_on_the_cpu():
    info = llama_8b(output_bytes=2 * GIB)
    per_layer = layer_bytes(info, 4096)
    free = 32 * per_layer + GIB + max(512 * MIB, int(0.8 * GIB)) + compute_buffer_bytes(info, 4096)
    plan = plan_offload(info, [GpuDevice("CUDA0", "", "gpu", free, 8 * GIB)], n_ctx=4096)
    assert plan.layers == 32 and not plan.everything


def test_a_quantized_kv_cache_lets_more_layers_fit():
    info = llama_8b(context_length=32768)
    f16 = plan_offload(info, [card(7, 8)], n_ctx=32768, kv_bytes_per_value=fit.KV_TYPES["f16"])
    q8 = plan_offload(info, [card(7, 8)], n_ctx=32768, kv_bytes_per_value=fit.KV_TYPES["q8_0"])
    q4 = plan_offload(info, [card(7, 8)], n_ctx=32768, kv_bytes_per_value=fit.KV_TYPES["q4_0"])
    assert f16.layers < q8.layers < q4.layers
    assert f16.layer_bytes > q8.layer_bytes > q4.layer_bytes


def test_a_longer_context_leaves_room_for_fewer_layers():
    info = llama_8b(context_length=131072)
    assert plan_offload(info, [card(7)], n_ctx=65536).layers < plan_offload(info, [card(7)], n_ctx=4096).layers


def test_discrete_gpus_add_up():
    one = plan_offload(llama_8b(), [card(4, 6)], n_ctx=8192)
    two = plan_offload(llama_8b(), [card(4, 6), card(4, 6, name="CUDA1")], n_ctx=8192)
    assert two.layers > one.layers and two.free_bytes == 8 * GIB
    assert "the 2 GPUs' 8.59 GB free" in two.note


def test_a_device_that_reports_no_memory_means_the_cpu_with_a_sentence():
    silent = GpuDevice("Vulkan0", "Virtual GPU", "gpu", 0, 0)
    devices.set_fake_devices([silent])
    assert devices.gpu_devices() == []
    note = devices.device_note()
    assert note.startswith("The GPU (Virtual GPU) did not report its memory") and "GPU layers" in note
    plan = plan_offload(llama_8b(), [silent], n_ctx=8192, device_note=note)
    assert plan.layers == 0 and plan.note == note
    assert plan_offload(llama_8b(), [], n_ctx=8192).note.endswith("so the model runs on the CPU.")


def test_a_silent_device_beside_a_working_one_is_left_out():
    devices.set_fake_devices([card(6), GpuDevice("CUDA1", "Old card", "gpu", 0, 0)])
    assert [d.name for d in devices.gpu_devices()] == ["CUDA0"]
    assert devices.device_note() == "Old card did not report its memory, so Hearth counts only the other GPUs."


def test_unified_memory_counts_the_machines_available_memory(monkeypatch):
    monkeypatch.setattr(gpu_fit, "total_memory", lambda: 16 * GIB)
    igpu = GpuDevice("Vulkan0", "Radeon 780M", "igpu", 2 * GIB, 2 * GIB)
    plan = plan_offload(llama_8b(), [igpu], n_ctx=8192, available=12 * GIB)
    assert plan.unified and plan.everything and plan.free_bytes == 12 * GIB
    assert plan.note == "All 33 layers fit in unified memory's 12.9 GB available."
    # Apple Silicon: Metal is a "gpu" device, but the memory is the machine's
    monkeypatch.setattr(gpu_fit, "is_unified_memory", lambda: True)
    metal = plan_offload(llama_8b(), [GpuDevice("Metal", "Apple M2", "gpu", GIB, GIB)], n_ctx=8192,
                         available=4 * GIB)
    assert metal.unified and 0 < metal.layers < 33


def test_an_integrated_gpu_is_ignored_beside_a_discrete_one():
    igpu = GpuDevice("Vulkan1", "Intel UHD", "igpu", 30 * GIB, 30 * GIB)
    plan = plan_offload(llama_8b(), [card(4, 6), igpu], n_ctx=8192, unified=None, available=30 * GIB)
    assert not plan.unified and plan.free_bytes == 4 * GIB


@needs_starter
def test_plan_for_a_real_file_reads_its_header_and_the_devices():
    devices.set_fake_devices([card(8)])
    plan = plan_for_file(STARTER, n_ctx=0)
    assert plan is not None and plan.total_layers == 31 and plan.everything


def test_an_unreadable_file_has_no_plan_and_auto_asks_for_everything(tmp_path):
    bad = tmp_path / "bad.gguf"
    bad.write_bytes(b"not a gguf")
    assert plan_for_file(bad, n_ctx=4096) is None
    assert layers_to_request(-1, None) == gpu_fit.ALL_LAYERS
    plan = OffloadPlan(20, 33, 1, 1)
    assert layers_to_request(-1, plan) == 20 and layers_to_request(100, plan) == 33
    assert layers_to_request(5, plan) == 5 and layers_to_request(0, plan) == 0


# -- fewer layers when a load fails ---------------------------------------------------------------

def test_retry_goes_down_by_quarters_until_a_load_succeeds():
    tried = []

    def load(layers):
        tried.append(layers)
        return "model" if layers <= 20 else None

    assert load_with_fewer_layers(load, 33) == ("model", 18)
    assert tried == [33, 24, 18]
    tried.clear()
    assert load_with_fewer_layers(lambda n: tried.append(n), 5) == (None, 0)
    assert tried == [5, 3, 2, 1, 0]
    assert load_with_fewer_layers(lambda n: None, 33, stop=lambda: True) == (None, 33)   # cancelled


def test_offload_notes():
    partial = OffloadPlan(28, 33, 1, 1, note="28 of 33 layers fit in the GPU's 7.1 GB free; the rest run on the CPU.")
    assert offload_note(partial, -1, 28, 28, 33) == partial.note
    assert offload_note(partial, 28, 28, 28, 33) == ""      # the person's own count: nothing to explain
    assert offload_note(partial, -1, 28, 21, 33) == ("Only 21 of 33 layers fit on the GPU; the rest run on the "
                                                     "CPU (slower).")
    assert offload_note(None, -1, 33, 0, 33) == "The model did not fit on the GPU, so it runs on the CPU (slower)."
    assert offload_note(OffloadPlan(33, 33, 1, 1, note="All 33 layers fit."), -1, 33, 33, 33) == ""


@pytest.fixture
def pretend_gpu(monkeypatch):
    """A GPU build whose loads fail above a layer count: returns a dict to set ``max_load`` /
    ``max_context`` in, and the counts each load was tried with."""
    init_backend()
    limits = {"max_load": 999, "max_context": 999, "tried": [], "last": 0}
    real_load, real_init = llama_cpp.llama_model_load_from_file, llama_cpp.llama_init_from_model

    def load(path, mparams):
        limits["tried"].append(mparams.n_gpu_layers)
        limits["last"] = mparams.n_gpu_layers
        return real_load(path, mparams) if mparams.n_gpu_layers <= limits["max_load"] else None

    def init(model, cparams):
        return real_init(model, cparams) if limits["last"] <= limits["max_context"] else None

    monkeypatch.setattr(llama_load, "gpu_offload_supported", lambda: True)
    monkeypatch.setattr(llama_cpp, "llama_model_load_from_file", load)
    monkeypatch.setattr(llama_cpp, "llama_init_from_model", init)
    devices.set_fake_devices([card(8)])
    return limits


def _open(params: LoadParams) -> llama_load.OpenedModel:
    opened = llama_load.open_model(params)
    llama_cpp.llama_free(opened.ctx)
    llama_cpp.llama_model_free(opened.model)
    return opened


@needs_starter
def test_a_load_that_fails_on_the_gpu_is_tried_with_fewer_layers(pretend_gpu):
    pretend_gpu["max_load"] = 20
    opened = _open(LoadParams(model_path=str(STARTER), n_ctx=512))
    assert pretend_gpu["tried"] == [31, 23, 17]
    assert opened.offloaded == 17
    assert opened.offload_note == "Only 17 of 31 layers fit on the GPU; the rest run on the CPU (slower)."


@needs_starter
def test_a_context_that_does_not_fit_reloads_with_fewer_layers(pretend_gpu):
    pretend_gpu["max_context"] = 10
    opened = _open(LoadParams(model_path=str(STARTER), n_ctx=512))
    assert pretend_gpu["tried"] == [31, 23, 17, 12, 9] and opened.offloaded == 9
    assert opened.offload_note.startswith("Only 9 of 31 layers")


@needs_starter
def test_the_persons_own_count_is_used_as_is_and_still_retried(pretend_gpu):
    opened = _open(LoadParams(model_path=str(STARTER), n_ctx=512, n_gpu_layers=12))
    assert pretend_gpu["tried"] == [12] and opened.offloaded == 12 and opened.offload_note == ""
    pretend_gpu["tried"].clear()
    pretend_gpu["max_load"] = 0
    opened = _open(LoadParams(model_path=str(STARTER), n_ctx=512, n_gpu_layers=4))
    assert pretend_gpu["tried"] == [4, 3, 2, 1, 0] and opened.offloaded == 0
    assert opened.offload_note == "The model did not fit on the GPU, so it runs on the CPU (slower)."


@needs_starter
def test_auto_with_a_small_card_says_so_and_the_note_reaches_the_window(pretend_gpu):
    from app.engine.llama import LlamaEngine
    from app.ui.load_panel import backend_text

    devices.set_fake_devices([GpuDevice("CUDA0", "Small", "gpu", 700 * MIB, 1 * GIB)])
    engine = LlamaEngine()
    try:
        info = engine.load(LoadParams(model_path=str(STARTER), n_ctx=2048))
    finally:
        engine.unload()
    assert 0 < info.n_gpu_layers < 31
    assert info.offload_note == (f"{info.n_gpu_layers} of 31 layers fit in the GPU's 734 MB free; the rest run "
                                 "on the CPU.")
    assert backend_text(info).endswith("\n" + info.offload_note)


# -- the GPU's memory in the fit estimate ---------------------------------------------------------

def test_gpu_memory_is_the_discrete_gpus_free_memory(monkeypatch):
    monkeypatch.setattr(fit, "is_unified_memory", lambda: False)
    devices.set_fake_devices([card(6.5), card(3, name="CUDA1")])
    assert fit.gpu_memory() == int(6.5 * GIB) + 3 * GIB
    assert estimate_fit(file_size=GIB, available=16 * GIB).vram_bytes == int(9.5 * GIB)
    assert estimate_fit(file_size=GIB, available=16 * GIB).describe().endswith("; the GPU has 10.2 GB")
    devices.set_fake_devices([GpuDevice("Vulkan0", "Radeon 780M", "igpu", GIB, GIB)])
    assert fit.gpu_memory() is None                  # an integrated GPU is the machine's memory
    devices.set_fake_devices([])
    assert fit.gpu_memory() is None and estimate_fit(file_size=GIB).vram_bytes is None


def test_gpu_memory_refreshes_on_request(monkeypatch):
    monkeypatch.setattr(fit, "is_unified_memory", lambda: False)
    reads = []
    monkeypatch.setattr(devices, "read_ggml_devices", lambda: reads.append(1) or [card(4)])
    assert fit.gpu_memory() == fit.gpu_memory() == 4 * GIB and len(reads) == 1
    assert fit.gpu_memory(refresh=True) == 4 * GIB and len(reads) == 2


# -- the real library (a CPU-only build here) -----------------------------------------------------

def test_the_real_library_knows_the_cpu_and_no_gpu():
    assert devices.backend_device_count() >= 1          # the CPU device
    assert devices.read_ggml_devices() == []
    assert devices.gpu_devices(refresh=True) == [] and devices.device_note() == ""


def test_a_library_that_cannot_be_asked_is_no_gpu_with_a_sentence(monkeypatch):
    def broken():
        raise AttributeError("undefined symbol: ggml_backend_dev_memory")

    monkeypatch.setattr(devices, "read_ggml_devices", broken)
    assert devices.gpu_devices(refresh=True) == []
    assert devices.device_note().startswith("Hearth could not ask llama.cpp about the GPU")
    monkeypatch.setattr(devices, "_ggml_functions", broken)
    assert devices.backend_device_count() == 0
