"""Sizes the macOS way: decimal units, three significant digits, one convention for every door."""

from __future__ import annotations

import pytest

from model_store.units import format_size, size_parts


@pytest.mark.parametrize("n, text", [
    (98_362_432, "98.4 MB"),        # the starter model, as the Finder shows it
    (353_000_000, "353 MB"),
    (4_120_000_000, "4.12 GB"),
    (12_345_678_901, "12.3 GB"),
    (950_000, "950 KB"),
    (1_234, "1.23 KB"),
    (1_000, "1 KB"),
    (4_000_000_000, "4 GB"),        # no padding zeros
    (4_100_000_000, "4.1 GB"),
    (1_100_000, "1.1 MB"),
    (999_950, "1 MB"),              # rounds up into the next unit, never "1000 KB"
    (999_499_999, "999 MB"),
    (999_500_000, "1 GB"),
    (2_500_000_000_000, "2.5 TB"),
    (999, "999 bytes"),
    (1, "1 byte"),
    (0, "0 bytes"),
    (-5, "0 bytes"),
])
def test_decimal_units_with_three_significant_digits(n, text):
    assert format_size(n) == text


def test_one_column_never_mixes_binary_and_decimal_or_drops_below_a_tenth():
    # The old GUI showed 98,362,432 bytes as "94 MB" (MiB) and 100 MB as "0.1 GB" in the same column.
    assert format_size(98_362_432) == "98.4 MB"
    assert format_size(100_000_000) == "100 MB"
    assert format_size(1024**3) == "1.07 GB"


def test_unknown_and_parts():
    assert format_size(None) == "?" and format_size(None, unknown="–") == "–"
    assert size_parts(4_120_000_000) == (4.12, 2, "GB")
    assert size_parts(4_100_000_000) == (4.1, 1, "GB")
    assert size_parts(353_000_000) == (353.0, 0, "MB")
    assert size_parts(12) == (12.0, 0, "bytes")


def test_the_cli_and_the_gui_say_the_same():
    from app.cli_models import _size as models_size
    from app.cli_quantize import _size as quantize_size

    assert models_size(98_362_432) == quantize_size(98_362_432) == "98.4 MB"
    assert models_size(None) == models_size(0) == "?"
