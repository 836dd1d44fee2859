"""Contrast between two colours as WCAG 2 defines it (relative luminance), for choosing readable ones.

WCAG AA asks for at least 4.5 : 1 for normal text and 3 : 1 for large text and for the parts of
controls that people need to see; tests/gui/test_contrast.py holds both themes to it.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

AA_TEXT = 4.5
AA_LARGE = 3.0


def luminance(color: QColor | str) -> float:
    """WCAG relative luminance of an opaque colour (0 black … 1 white)."""
    c = QColor(color)

    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())


def contrast_ratio(a: QColor | str, b: QColor | str) -> float:
    """From 1 (the same) to 21 (black on white)."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)
