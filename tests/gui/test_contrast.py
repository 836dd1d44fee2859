"""Text is readable in both themes: WCAG AA contrast (4.5 : 1 for text) for every colour pair
Hearth paints — the palette, the chat's own colours, code blocks, and the fit and speed badges on
the backgrounds they are drawn on — and it grows with the system's font size."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QPalette

from app.ui import markdown
from app.ui.contrast import AA_TEXT, contrast_ratio
from app.ui.message_html import message_colors
from app.ui.model_common import badge_color
from app.ui.theme import apply_palette

R = QPalette.ColorRole
TEXT_ON = [(R.Text, R.Base), (R.WindowText, R.Window), (R.ButtonText, R.Button), (R.HighlightedText, R.Highlight),
           (R.ToolTipText, R.ToolTipBase), (R.PlaceholderText, R.Base), (R.Link, R.Base), (R.Link, R.Window),
           (R.Text, R.AlternateBase)]


@pytest.fixture(params=[False, True], ids=["light", "dark"])
def palette(request, qapp):
    before = qapp.palette()
    apply_palette(qapp, request.param)
    yield qapp.palette(), request.param
    qapp.setPalette(before)


def low(pairs) -> list[str]:
    return [f"{name}: {fg} on {bg} is {contrast_ratio(fg, bg):.2f}" for name, fg, bg in pairs
            if contrast_ratio(fg, bg) < AA_TEXT]


def test_the_palette(palette):
    p, _dark = palette
    pairs = [(f"{fg.name} on {bg.name}", p.color(fg).name(), p.color(bg).name()) for fg, bg in TEXT_ON]
    assert not low(pairs)


def test_the_chat_colours(palette):
    p, dark = palette
    c = message_colors(p, dark)
    pairs = [("text", c.text, c.base), ("muted", c.muted, c.base), ("muted on a question", c.muted, c.user_bg),
             ("text on a question", c.text, c.user_bg), ("question label", c.user_label, c.user_bg),
             ("answer label", c.assistant_label, c.base), ("error", c.error, c.base), ("link", c.link, c.base),
             ("link on a question", c.link, c.user_bg), ("thinking", c.muted, c.thinking_bg)]
    assert not low(pairs)


def test_code_blocks_and_quotes(palette):
    p, dark = palette
    t = markdown._theme(dark)
    base = p.color(R.Base).name()
    pairs = [("code", t.code_fg, t.code_bg), ("inline code", t.code_fg, t.inline_code_bg),
             ("muted in code", t.muted, t.code_bg), ("quote", t.quote, base), ("muted", t.muted, base)]
    assert not low(pairs)


def test_fit_and_speed_badges(palette):
    p, dark = palette
    kinds = ["fits", "tight", "won't fit", "comfortable", "slow", "crawling", "unknown"]
    pairs = [(kind, badge_color(kind, dark), p.color(bg).name()) for kind in kinds
             for bg in (R.Base, R.AlternateBase, R.Window)]
    pairs += [(f"white on {kind}", "#ffffff", badge_color(kind, dark=False)) for kind in kinds]  # the fit pill
    assert not low(pairs)


def test_text_follows_the_system_font_size(qapp, make_window):
    """A larger system font makes every text larger: nothing is set in fixed pixels."""
    before = qapp.font()
    big = qapp.font()
    big.setPointSizeF(before.pointSizeF() * 1.5)
    qapp.setFont(big)
    try:
        window = make_window()
        window.engine.enqueue(["Large", " text."])
        window.session.send("Hello")
        browser = window.chat.browser
        assert browser.font().pointSizeF() >= big.pointSizeF() - 0.01
        assert browser.document().defaultFont().pointSizeF() >= big.pointSizeF() - 0.01
        assert window.composer.editor.font().pointSizeF() >= big.pointSizeF() - 0.01
        assert window.conversations.font().pointSizeF() >= big.pointSizeF() - 0.01
    finally:
        qapp.setFont(before)
