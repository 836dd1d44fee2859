"""KV cache types (f16, q8_0, q4_0): their memory, the checks before a load, flash attention,
the app's choice per model, and a real load of the starter model with a q8_0 cache."""

from __future__ import annotations

import json

import llama_cpp
import pytest

from app.engine.errors import InvalidParameterError, ModelLoadError
from app.engine.llama_load import check_kv_type, flash_attention, kv_ggml_type
from app.engine.params import LoadParams, SamplingParams
from app.engine.types import ChatMessage, ModelInfo
from app.settings import AppSettings
from model_store.fit import KV_TYPES, estimate_fit, kv_bytes_per_value_for
from model_store.gguf_info import read_gguf_info
from model_store.starter import starter_model_path
from tests.gguf_factory import write_gguf

STARTER = starter_model_path()
needs_starter = pytest.mark.skipif(STARTER is None, reason="the starter model is not installed")


# -- memory ---------------------------------------------------------------------------------------

def test_bytes_per_value():
    assert kv_bytes_per_value_for("f16") == 2
    assert kv_bytes_per_value_for("q8_0") == 34 / 32
    assert kv_bytes_per_value_for("q4_0") == 18 / 32
    with pytest.raises(ValueError, match="q5_1"):
        kv_bytes_per_value_for("q5_1")


@pytest.fixture
def tiny_info(tmp_path):
    return read_gguf_info(write_gguf(tmp_path / "Tiny.gguf", layers=2, embd=64, heads=4, heads_kv=2))


def test_a_quantized_cache_takes_a_fraction_of_the_memory(tiny_info):
    f16 = estimate_fit(tiny_info, n_ctx=32768, kv_type="f16")
    q8 = estimate_fit(tiny_info, n_ctx=32768, kv_type="q8_0")
    q4 = estimate_fit(tiny_info, n_ctx=32768, kv_type="q4_0")
    # 2 layers × 2 heads × (16 + 16) values × 2 bytes per token.
    assert f16.kv_bytes == 32768 * 2 * 2 * 32 * 2
    assert q8.kv_bytes / f16.kv_bytes == pytest.approx(34 / 32 / 2)        # ≈ 0.531
    assert q4.kv_bytes / f16.kv_bytes == pytest.approx(18 / 32 / 2)        # ≈ 0.281
    assert (f16.kv_type, q8.kv_type, q4.kv_type) == ("f16", "q8_0", "q4_0")
    assert q8.needed_bytes < f16.needed_bytes
    assert q8.weights_bytes == f16.weights_bytes and q8.overhead_bytes == f16.overhead_bytes


def test_the_fit_sentence_names_a_quantized_cache(tiny_info):
    assert " as q8_0)" in estimate_fit(tiny_info, n_ctx=4096, kv_type="q8_0").describe()
    assert " as f16" not in estimate_fit(tiny_info, n_ctx=4096).describe()


def test_a_remote_file_known_by_size_also_shrinks():
    f16 = estimate_fit(file_size=4 << 30, n_ctx=8192)
    q4 = estimate_fit(file_size=4 << 30, n_ctx=8192, kv_type="q4_0")
    assert f16.estimated_kv and q4.kv_bytes / f16.kv_bytes == pytest.approx(18 / 64, rel=1e-6)


def test_an_unknown_type_in_the_fit_estimate_is_an_error(tiny_info):
    with pytest.raises(ValueError):
        estimate_fit(tiny_info, kv_type="q5_1")


@needs_starter
def test_the_starter_at_32k_with_q8_0():
    info = read_gguf_info(STARTER)
    f16 = estimate_fit(info, n_ctx=32768, kv_type="f16")
    q8 = estimate_fit(info, n_ctx=32768, kv_type="q8_0")
    assert f16.kv_bytes == 32768 * 30 * 2 * 192 * 2                       # 30 layers, 3 KV heads × 64
    assert q8.kv_bytes / f16.kv_bytes == pytest.approx(0.53125)


# -- parameters -----------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", list(KV_TYPES))
def test_load_params_take_every_kv_type(kind):
    params = LoadParams(kv_type=kind)
    assert params.kv_type == kind and LoadParams.from_dict(params.to_dict()) == params


@pytest.mark.parametrize("kind", ["q5_1", "Q8_0", "", "f32", 8])
def test_load_params_refuse_another_kv_type(kind):
    with pytest.raises(InvalidParameterError) as caught:
        LoadParams(kv_type=kind)
    message = str(caught.value)
    assert message.startswith("The KV cache type must be one of f16, q8_0, q4_0") and message.endswith(".")
    assert repr(kind) in message
    with pytest.raises(InvalidParameterError):
        LoadParams.from_dict({"kv_type": kind})
    with pytest.raises(InvalidParameterError):
        LoadParams().replace(kv_type=kind)


# -- before a load --------------------------------------------------------------------------------

def test_kv_ggml_types():
    assert kv_ggml_type("f16") == llama_cpp.GGML_TYPE_F16
    assert kv_ggml_type("q8_0") == llama_cpp.GGML_TYPE_Q8_0
    assert kv_ggml_type("q4_0") == llama_cpp.GGML_TYPE_Q4_0
    with pytest.raises(ModelLoadError, match="cannot keep the KV cache as q9_9. Choose f16."):
        kv_ggml_type("q9_9")


def test_flash_attention_choice():
    assert flash_attention("q8_0", False) == llama_cpp.LLAMA_FLASH_ATTN_TYPE_ENABLED
    assert flash_attention("q4_0", True) == llama_cpp.LLAMA_FLASH_ATTN_TYPE_ENABLED
    assert flash_attention("f16", False) == llama_cpp.LLAMA_FLASH_ATTN_TYPE_DISABLED
    assert flash_attention("f16", True) == llama_cpp.LLAMA_FLASH_ATTN_TYPE_AUTO
    assert len({llama_cpp.LLAMA_FLASH_ATTN_TYPE_ENABLED, llama_cpp.LLAMA_FLASH_ATTN_TYPE_DISABLED,
                llama_cpp.LLAMA_FLASH_ATTN_TYPE_AUTO}) == 3


@pytest.fixture
def odd_model(tmp_path):
    """Heads of 10 values, 2 KV heads: attention rows of 20 values, not whole blocks of 32."""
    path = write_gguf(tmp_path / "Odd.gguf", layers=2, embd=40, heads=4, heads_kv=2)
    info = read_gguf_info(path)
    assert (info.head_dim_k, info.n_head_kv) == (10, 2)
    return path


@pytest.mark.parametrize("kind", ["q8_0", "q4_0"])
def test_a_quantized_cache_is_refused_for_rows_that_are_not_whole_blocks(odd_model, kind):
    with pytest.raises(ModelLoadError) as caught:
        check_kv_type(kind, odd_model)
    assert str(caught.value) == (f"Odd.gguf cannot keep its KV cache as {kind}: its attention rows (20 and 20 "
                                 "values) are not whole blocks of 32. Choose f16.")


def test_f16_is_fine_for_any_shape(odd_model):
    check_kv_type("f16", odd_model)


def test_whole_blocks_are_fine(tmp_path):
    path = write_gguf(tmp_path / "Even.gguf", layers=2, embd=64, heads=4, heads_kv=2)    # rows of 32
    check_kv_type("q8_0", path)
    check_kv_type("q4_0", path)


def test_key_and_value_rows_are_checked_apart(monkeypatch, tmp_path):
    path = write_gguf(tmp_path / "Mla.gguf", layers=2, embd=64, heads=4, heads_kv=2)
    real = read_gguf_info(path)
    monkeypatch.setattr("model_store.gguf_info.read_gguf_info",
                        lambda p: real.__class__(**{**real.to_dict(), "shards": tuple(real.shards),
                                                    "head_dim_k": 16, "head_dim_v": 12}))
    with pytest.raises(ModelLoadError, match=r"\(32 and 24 values\)"):
        check_kv_type("q8_0", path)


def test_an_unknown_type_is_refused_before_the_file_is_read(tmp_path):
    with pytest.raises(ModelLoadError, match="q9_9"):
        check_kv_type("q9_9", tmp_path / "never-read.gguf")


def test_an_unreadable_file_is_left_to_the_loader(tmp_path):
    bad = tmp_path / "bad.gguf"
    bad.write_bytes(b"GGUF" + b"\xff" * 12)
    check_kv_type("q8_0", bad)          # the loader's own check says what is wrong


def test_the_engine_refuses_before_loading(odd_model):
    from app.engine.llama import LlamaEngine

    engine = LlamaEngine()
    with pytest.raises(ModelLoadError, match="not whole blocks of 32"):
        engine.load(LoadParams(model_path=str(odd_model), kv_type="q8_0"))
    assert engine.info is None


# -- the window's label ---------------------------------------------------------------------------

def test_backend_label_names_a_quantized_cache():
    cpu = ModelInfo(path="m.gguf", name="m", n_threads=3, n_threads_batch=4, kv_type="q8_0")
    assert cpu.backend_label == "CPU · 3 threads (4 for prompts) · q8_0 KV cache"
    assert ModelInfo(path="m.gguf", name="m", n_threads=1).backend_label == "CPU · 1 thread"
    gpu = ModelInfo(path="m.gguf", name="m", backend="CUDA", n_layers=30, n_gpu_layers=31, kv_type="q4_0")
    assert gpu.backend_label == "CUDA · 31/31 layers on GPU · q4_0 KV cache"


# -- the app's choice per model -------------------------------------------------------------------

def test_kv_type_per_model_round_trips(hearth_home):
    settings = AppSettings(model_path="/models/a.gguf")
    settings.set_kv_type("/models/a.gguf", "q8_0")
    settings.set_kv_type("/models/b.gguf", "q4_0")
    settings.write()
    again = AppSettings.read()
    assert again.kv_type_for("/models/a.gguf") == "q8_0"
    assert again.kv_type_for("/models/b.gguf") == "q4_0"
    assert again.kv_type_for("/models/c.gguf") == "f16"
    assert again.load_params().kv_type == "q8_0"                        # the last model's own
    assert again.load_params("/models/b.gguf").kv_type == "q4_0"
    assert again.load_params("/models/b.gguf").model_path == "/models/b.gguf"
    assert again.load_params("/models/c.gguf").kv_type == "f16"


def test_f16_and_unknown_types_are_not_stored(hearth_home):
    settings = AppSettings()
    settings.set_kv_type("/models/a.gguf", "q8_0")
    settings.set_kv_type("/models/a.gguf", "f16")
    settings.set_kv_type("/models/b.gguf", "q5_1")
    settings.set_kv_type("", "q8_0")
    assert settings.kv_types == {}
    settings.write()
    assert json.loads((hearth_home / "settings.json").read_text())["kv_types"] == {}


def test_an_invalid_stored_type_is_dropped(hearth_home):
    path = hearth_home / "settings.json"
    path.write_text(json.dumps({"model_path": "/m/a.gguf", "theme": "dark",
                                "kv_types": {"/m/a.gguf": "q5_1", "/m/b.gguf": "q8_0"}}))
    settings = AppSettings.read()
    assert settings.kv_type_for("/m/a.gguf") == "f16" and settings.theme == "dark"
    assert settings.load_params().kv_type == "f16"
    for broken in ([["/m/a.gguf", "q8_0"]], {"/m/a.gguf": 8}, "q8_0"):
        path.write_text(json.dumps({"kv_types": broken}))
        assert AppSettings.read().kv_types == {}


def test_a_kv_type_in_the_shared_load_settings_is_ignored(hearth_home):
    # Load parameters are shared by every model; the cache type belongs to one model.
    (hearth_home / "settings.json").write_text(json.dumps(
        {"model_path": "/m/a.gguf", "load": {"n_ctx": 2048, "kv_type": "q5_1"}}))
    params = AppSettings.read().load_params()
    assert params.n_ctx == 2048 and params.kv_type == "f16"
    (hearth_home / "settings.json").write_text(json.dumps(
        {"model_path": "/m/a.gguf", "load": {"n_ctx": 2048, "kv_type": "q8_0"}}))
    assert AppSettings.read().load_params().kv_type == "f16"


# -- a real load ----------------------------------------------------------------------------------

@pytest.mark.model
@needs_starter
def test_the_starter_model_answers_with_a_q8_0_cache():
    from app.engine.llama import LlamaEngine

    engine = LlamaEngine()
    try:
        info = engine.load(LoadParams(model_path=str(STARTER), n_ctx=2048, kv_type="q8_0"))
        assert info.kv_type == "q8_0" and info.n_ctx == 2048
        assert info.n_threads_batch >= info.n_threads >= 1
        assert "q8_0 KV cache" in info.backend_label
        pieces: list[str] = []
        stats = engine.generate([ChatMessage("user", "What is the capital of France?")],
                                SamplingParams(temperature=0, max_tokens=8), pieces.append)
    finally:
        engine.unload()
    assert 1 <= stats.completion_tokens <= 8 and "".join(pieces).strip()
    assert stats.finish_reason in ("length", "stop")
