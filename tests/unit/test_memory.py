"""Memory-fit estimates: the numbers behind "this model at this context won't fit"."""

from __future__ import annotations

from app.engine.memory import GIB, FitEstimate, available_memory, format_bytes, kv_cache_bytes, total_memory


def test_kv_cache_bytes_for_the_starter_model():
    # SmolLM2-135M: 30 layers, 3 KV heads of 64 → 192 values each for K and V, F16.
    assert kv_cache_bytes(8192, 30, 192, 192) == 8192 * 30 * 384 * 2


def test_verdicts():
    assert FitEstimate(1 * GIB, GIB // 2, GIB // 4, 16 * GIB).verdict == "fits"
    assert FitEstimate(6 * GIB, GIB, GIB // 4, 8 * GIB).verdict == "tight"
    assert FitEstimate(8 * GIB, GIB, GIB // 4, 8 * GIB).verdict == "won't fit"
    assert FitEstimate(8 * GIB, GIB, GIB // 4, 0).verdict == "fits"  # unknown memory: do not refuse


def test_describe_reads_as_a_sentence_part():
    text = FitEstimate(4 * GIB, GIB, GIB // 4, 3 * GIB).describe()
    assert text == "needs about 5.64 GB of memory (weights 4.29 GB, context 1.07 GB); 3.22 GB is free"


def test_format_bytes_uses_the_one_size_convention():
    assert format_bytes(50 * 1000**2) == "50 MB"
    assert format_bytes(50 * 1024**2) == "52.4 MB"   # decimal units, as the Finder
    assert format_bytes(0) == "0 bytes"
    assert format_bytes(3 * GIB // 2) == "1.61 GB"


def test_this_machine_reports_memory():
    assert total_memory() > 0
    assert 0 < available_memory() <= total_memory() * 1.01
