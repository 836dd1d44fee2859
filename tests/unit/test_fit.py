"""Will it fit? Estimates from headers and from sizes alone, verdicts, wording, and calibration."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import app.engine.memory as memory
from model_store import fit
from model_store.fit import GIB, MIB, FitEstimate, estimate_fit, kv_bytes_per_token_guess, kv_cache_bytes
from model_store.gguf_info import read_gguf_info
from model_store.starter import starter_model_path
from tests.gguf_factory import write_gguf

STARTER = starter_model_path()
needs_starter = pytest.mark.skipif(STARTER is None, reason="the starter model is not installed")
REPO = Path(__file__).resolve().parents[2]


def test_engine_memory_module_re_exports_one_definition():
    assert memory.FitEstimate is fit.FitEstimate and memory.kv_cache_bytes is fit.kv_cache_bytes
    assert memory.estimate_fit is fit.estimate_fit and memory.available_memory is fit.available_memory


@needs_starter
def test_starter_estimate_components():
    info = read_gguf_info(STARTER)
    est = estimate_fit(info, n_ctx=4096, available=16 * GIB)
    assert est.weights_bytes == STARTER.stat().st_size
    assert est.kv_bytes == kv_cache_bytes(4096, 30, 192, 192) == 4096 * 30 * 384 * 2
    assert 20 * MIB < est.overhead_bytes < 80 * MIB
    assert not est.estimated_kv and est.verdict == "fits" and est.n_ctx == 4096
    # measured with tests/bench/bench_fit.py: 224 MiB of resident memory after a 500-token prompt
    assert 0.85 < est.needed_bytes / (224 * MIB) < 1.15


def test_estimate_follows_the_context_length(tmp_path):
    info = read_gguf_info(write_gguf(tmp_path / "m.gguf", layers=2, embd=32, heads=4, heads_kv=2, context=2048))
    small, big = estimate_fit(info, n_ctx=1024), estimate_fit(info, n_ctx=8192)
    assert big.kv_bytes == 8 * small.kv_bytes
    assert big.peak_extra_bytes > small.peak_extra_bytes
    assert estimate_fit(info, n_ctx=0).n_ctx == 2048                # 0: the model's own context
    assert estimate_fit(info, n_ctx=1024, kv_bytes_per_value=1).kv_bytes == small.kv_bytes // 2
    assert estimate_fit(info, n_ctx=1024, n_head_kv=4).kv_bytes == 2 * small.kv_bytes   # overrides win


def test_remote_file_known_only_by_size():
    est = estimate_fit(file_size=4_900_000_000, n_ctx=8192, available=32 * GIB)
    assert est.estimated_kv and est.weights_bytes == 4_900_000_000
    n_params = int(4_900_000_000 * 8 / fit.DEFAULT_BITS_PER_WEIGHT)
    assert est.kv_bytes == 8192 * kv_bytes_per_token_guess(n_params)
    # an 8B model: 128 KB per token really; the guess should be in the same range, a little above
    assert 100_000 < kv_bytes_per_token_guess(8_000_000_000) < 200_000
    assert estimate_fit(file_size=4_900_000_000, n_params=8_000_000_000).kv_bytes > 0
    with pytest.raises(ValueError):
        estimate_fit()


def test_verdicts():
    base = dict(weights_bytes=4 * GIB, kv_bytes=GIB, overhead_bytes=GIB // 4)
    assert FitEstimate(**base, available_bytes=16 * GIB).verdict == "fits"
    assert FitEstimate(**base, available_bytes=6 * GIB).verdict == "tight"
    assert FitEstimate(**base, available_bytes=4 * GIB).verdict == "won't fit"
    assert FitEstimate(**base, available_bytes=0).verdict == "fits"            # unknown: never refuse
    assert FitEstimate(**base, available_bytes=8 * GIB, peak_extra_bytes=3 * GIB).verdict == "tight"


def test_describe_uses_gigabytes_and_mentions_the_gpu():
    est = FitEstimate(4 * GIB, GIB, GIB // 4, 3 * GIB)
    assert est.describe() == "needs about 5.64 GB of memory (weights 4.29 GB, context 1.07 GB); 3.22 GB is free"
    assert est.gpu_text() == "unknown"
    with_gpu = FitEstimate(4 * GIB, GIB, GIB // 4, 3 * GIB, vram_bytes=8 * GIB)
    assert with_gpu.describe().endswith("; the GPU has 8.59 GB") and with_gpu.gpu_text() == "8.59 GB"
    peak = FitEstimate(4 * GIB, GIB, GIB // 4, 16 * GIB, peak_extra_bytes=GIB)
    assert "up to 6.71 GB with a full context" in peak.describe()


def test_unified_memory_counts_as_gpu_memory(monkeypatch):
    monkeypatch.setattr(fit, "is_unified_memory", lambda: True)
    est = estimate_fit(file_size=GIB, available=12 * GIB)
    assert est.unified and est.vram_bytes == 12 * GIB and "unified memory" in est.describe()
    monkeypatch.setattr(fit, "is_unified_memory", lambda: False)
    est = estimate_fit(file_size=GIB, available=12 * GIB)
    assert not est.unified and est.vram_bytes is None


def test_this_machine_reports_memory():
    assert fit.total_memory() > 0
    assert 0 < fit.available_memory() <= fit.total_memory() * 1.01


@needs_starter
@pytest.mark.slow
@pytest.mark.model
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/status")
def test_estimate_matches_llama_cpp_within_15_percent():
    """Load the starter model at 2048 tokens in a subprocess and compare the resident memory it adds."""
    out = subprocess.run([sys.executable, "-m", "tests.bench.bench_fit", "--measure", str(STARTER), "--ctx", "2048"],
                         capture_output=True, text=True, check=True, cwd=REPO, timeout=120)
    measured = json.loads(out.stdout.strip().splitlines()[-1])["grown_bytes"]
    est = estimate_fit(read_gguf_info(STARTER), n_ctx=2048)
    assert 0.85 < est.needed_bytes / measured < 1.15, (est.needed_bytes / MIB, measured / MIB)


def test_fit_for_file_uses_the_engines_context_rules(tmp_path):
    path = write_gguf(tmp_path / "m.gguf", context=2048)
    assert fit.fit_for_file(path, 0).n_ctx == 2048            # model's own
    assert fit.fit_for_file(path, 8192).n_ctx == 2048         # never beyond the trained context
    assert fit.fit_for_file(path, 1024).n_ctx == 1024
    assert fit.fit_for_file(tmp_path / "missing.gguf", 1024) is None
    (tmp_path / "bad.gguf").write_bytes(b"nope")
    assert fit.fit_for_file(tmp_path / "bad.gguf", 1024) is None
