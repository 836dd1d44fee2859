"""Byte sizes as people read them, the way macOS's Finder writes them.

One convention for the whole app (GUI, CLI, local server): decimal units (1 KB = 1,000 bytes,
1 MB = 10^6, 1 GB = 10^9) with three significant digits — "950 KB", "98.4 MB", "353 MB",
"4.12 GB", "12.3 GB" — and no padding zeros ("1 GB", "4.1 GB"). A size never changes unit
within a column because it crossed a tenth of a gigabyte, and a file manager shows the same
number for the same file.

Qt-free and below the app (the Library and the fit estimate use it too): the GUI's ``app.ui.model_common.format_size`` localises the decimal separator
and the word "bytes" on top of :func:`size_parts`.
"""

from __future__ import annotations

UNITS = ("KB", "MB", "GB", "TB", "PB")
SIGNIFICANT = 3


def size_parts(n: int | float) -> tuple[float, int, str]:
    """``(value, decimals, unit)`` for ``n`` bytes: the number rounded to three significant
    digits, how many decimals to show, and "bytes" or a decimal unit.

    Negative sizes count as 0; trailing zeros are dropped (4.10 GB → ``(4.1, 1, "GB")``), and a
    value that rounds up to 1000 moves to the next unit (999,950 bytes → ``(1.0, 0, "MB")``).
    """
    n = max(float(n), 0.0)
    if n < 1000:
        return float(round(n)), 0, "bytes"
    value = n
    for unit in UNITS:
        value /= 1000
        text = f"{value:.{_decimals(value)}f}"
        if float(text) < 1000:
            break
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    decimals = len(text.partition(".")[2])
    return float(text), decimals, unit


def _decimals(value: float) -> int:
    """Decimals that leave three significant digits in ``value`` (at least one digit before the point)."""
    digits = len(str(int(value))) if value >= 1 else 1
    return max(SIGNIFICANT - digits, 0)


def format_size(n: int | float | None, unknown: str = "?") -> str:
    """ "98.4 MB", "4.12 GB", "950 KB", "512 bytes", "1 byte"; ``unknown`` for None."""
    if n is None:
        return unknown
    value, decimals, unit = size_parts(n)
    if unit == "bytes":
        return "1 byte" if value == 1 else f"{value:.0f} bytes"
    return f"{value:.{decimals}f} {unit}"
