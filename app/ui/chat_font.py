"""The fonts of the chat: the system's own first, then families that have Chinese characters.

Qt picks a font for each character in family order, so the system's Latin font keeps the
English text as it was, and Chinese text falls to a well-made CJK family (the macOS, Windows
and Linux ones, in that order) instead of whatever the platform finds first.

    browser.setFont(chat_font(view.font()))              # families only: the size still follows
    document.setDefaultStyleSheet(code_font_css())       # code blocks and inline code
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase

CJK_FAMILIES = ("PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC",
                "Source Han Sans SC", "WenQuanYi Micro Hei")


def _unique(families: list[str]) -> list[str]:
    return list(dict.fromkeys(f for f in families if f))


def text_families(latin: str) -> list[str]:
    """The family list for prose: ``latin`` (the system's UI font), the CJK ones, sans-serif."""
    return _unique([latin, *CJK_FAMILIES, "sans-serif"])


def code_families() -> list[str]:
    """The family list for code: the system's fixed-pitch font, the CJK ones, monospace."""
    fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()
    return _unique([fixed, *CJK_FAMILIES, "monospace"])


def chat_font(base: QFont) -> QFont:
    """A font that sets only the families (from ``base``'s family on), so that its size and
    weight still follow the widget's parent."""
    font = QFont()
    font.setFamilies(text_families(base.family()))
    return font


def code_font_css() -> str:
    """A default style sheet rule that gives code blocks and inline code the code families."""
    families = ", ".join(f if f in ("monospace", "sans-serif") else f'"{f}"' for f in code_families())
    return f"pre, code {{ font-family: {families}; }}"
