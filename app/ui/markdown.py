"""HTML for the chat view, in the subset that QTextDocument understands.

Two parts: Markdown rendering (:func:`render_markdown`) and helpers for a view
that streams Markdown (:func:`scan_stream`, :func:`fence_progress`,
:func:`code_lines_html`). The messages' chrome (role line, footer, box) is in
:mod:`app.ui.message_html`.

The model's text is untrusted: raw HTML in it is escaped, never interpreted
(markdown-it's ``html`` option is off), links to ``hearth:`` URLs are refused
(only the chat view writes those) and images become plain text, so nothing
the model writes can make the view load a file or trigger an action.

Fenced code is highlighted by Pygments with inline styles (QTextDocument has no
style sheets for classes). Above each code block sits the language name and a
``Copy code`` link with the href ``hearth:copy-code/<message_id>/<index>``;
the code texts are returned alongside the HTML so the view can copy them. Code lines wrap
(``white-space:pre-wrap``): a long line, Chinese without spaces too, stays inside the view.
The few words written here ("Copy code", "[image]") are translated (context ``markdown``).

    out = render_markdown("# Hi\\n\\n```python\\nprint(1)\\n```", message_id=7)
    out.html          # '<h1>Hi</h1>…<a href="hearth:copy-code/7/0">Copy code</a>…'
    out.code_blocks   # ['print(1)\\n']
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt
from PySide6.QtCore import QCoreApplication
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.lexers.special import TextLexer
from pygments.style import Style
from pygments.styles import get_style_by_name
from pygments.token import Text
from pygments.util import ClassNotFound

LIGHT_CODE_STYLE = "default"
DARK_CODE_STYLE = "github-dark"

_LANG_RE = re.compile(r"[^\s{]+")


@dataclass(frozen=True)
class RenderedMarkdown:
    """The HTML for one piece of Markdown and the texts of its code blocks, in order."""

    html: str
    code_blocks: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Theme:
    """Colours that the Markdown HTML carries inline (QTextDocument has no class styles)."""

    code_bg: str
    code_fg: str
    code_border: str
    inline_code_bg: str
    muted: str
    table_border: str
    quote: str


@functools.lru_cache(maxsize=2)
def _style(dark: bool) -> type[Style]:
    name = DARK_CODE_STYLE if dark else LIGHT_CODE_STYLE
    try:
        return get_style_by_name(name)
    except ClassNotFound:  # an older Pygments without the preferred style
        return get_style_by_name("monokai" if dark else "default")


@functools.lru_cache(maxsize=2)
def _formatter(dark: bool) -> HtmlFormatter:
    return HtmlFormatter(style=_style(dark), noclasses=True, nowrap=True)


@functools.lru_cache(maxsize=2)
def _theme(dark: bool) -> _Theme:
    style = _style(dark)
    code_bg = style.background_color or ("#0d1117" if dark else "#f6f8fa")
    text_style = style.style_for_token(Text)
    code_fg = f"#{text_style['color']}" if text_style.get("color") else ("#e6edf3" if dark else "#1f2328")
    if dark:
        return _Theme(code_bg, code_fg, "#30363d", "#343942", "#8b949e", "#484f58", "#8b949e")
    return _Theme(code_bg, code_fg, "#d0d7de", "#eff1f3", "#656d76", "#c8ccd1", "#57606a")


@functools.lru_cache(maxsize=128)
def _lexer(language: str) -> Lexer:
    """A reusable lexer for a fence's language name; plain text when unknown or empty."""
    if language:
        try:
            return get_lexer_by_name(language, stripnl=False, ensurenl=True)
        except ClassNotFound:
            pass
    return TextLexer(stripnl=False, ensurenl=True)


def highlight_code(code: str, language: str, dark: bool = False) -> str:
    """Return ``code`` as HTML spans with inline colours (no surrounding ``<pre>``)."""
    out = highlight(code, _lexer(language.lower()), _formatter(dark))
    return out[:-1] if out.endswith("\n") else out


class _CodeSink:
    """Per-render state, passed through markdown-it's ``env``: numbering and collected code."""

    def __init__(self, message_id: int, first_index: int, dark: bool) -> None:
        self.message_id = message_id
        self.next_index = first_index
        self.dark = dark
        self.blocks: list[str] = []


def fence_language(info: str) -> str:
    """The language name in a fence's info string ("" when none)."""
    match = _LANG_RE.match(info.strip())
    return match.group(0) if match else ""


def code_block_html(info: str, message_id: int, index: int, dark: bool, code_html: str = "") -> str:
    """A code block: a header line (language, ``Copy code`` link), ``code_html``, a closing strip.

    The box is drawn with block backgrounds, not a table: each line is a plain
    block, so a streaming view can add lines in constant time (QTextDocument lays
    out a whole table again on every change inside it).
    """
    theme = _theme(dark)
    language = fence_language(info)
    label = html.escape(language or QCoreApplication.translate("markdown", "text"))
    copy = html.escape(QCoreApplication.translate("markdown", "Copy code"))
    box = f"background-color:{theme.code_bg}; margin-top:0px; margin-bottom:0px;"
    return (
        f'<p style="{box} margin-top:6px; font-size:small;">&nbsp;<span style="color:{theme.muted};">'
        f'{label}</span>&nbsp;&nbsp;<a href="hearth:copy-code/{message_id}/{index}">{copy}</a></p>'
        f"{code_html}"
        f'<p style="{box} margin-bottom:8px; font-size:4px;">&nbsp;</p>\n'
    )


def _pre(lines: list[str], dark: bool) -> str:
    theme = _theme(dark)
    # A leading space on each line is the box's left padding (block backgrounds have none);
    # it also keeps blank lines, which QTextDocument drops at the end of a <pre>.
    body = "\n".join(" " + line for line in lines)
    return (
        f'<pre style="background-color:{theme.code_bg}; color:{theme.code_fg}; '
        f'margin-top:0px; margin-bottom:0px; white-space:pre-wrap;">{body}</pre>'
    )


def code_lines_html(lines: str, language: str, dark: bool, context: str = "") -> str:
    """Highlighted ``<pre>`` for complete code ``lines`` that follow ``context`` in the same block.

    ``context`` (the lines just before) is lexed too, so that a string or comment
    opened there colours ``lines`` correctly, but only ``lines`` are returned.
    """
    count = lines.count("\n") + (0 if lines.endswith("\n") else 1)
    out = highlight_code(context + lines, language, dark).split("\n")
    if len(out) < count:  # a lexer that changed the line structure: colour the lines alone
        out = highlight_code(lines, language, dark).split("\n")
    return _pre(out[-count:], dark)


def _code_block_html(code: str, info: str, env: dict[str, Any]) -> str:
    sink: _CodeSink = env["hearth"]
    index = sink.next_index
    sink.next_index += 1
    sink.blocks.append(code)
    code_html = code_lines_html(code, fence_language(info), sink.dark) if code else ""
    return code_block_html(info, sink.message_id, index, sink.dark, code_html)


def _rule_fence(self: Any, tokens: list[Any], idx: int, options: Any, env: dict[str, Any]) -> str:
    token = tokens[idx]
    return _code_block_html(token.content, token.info, env)


def _rule_code_block(self: Any, tokens: list[Any], idx: int, options: Any, env: dict[str, Any]) -> str:
    return _code_block_html(tokens[idx].content, "", env)


def _rule_code_inline(self: Any, tokens: list[Any], idx: int, options: Any, env: dict[str, Any]) -> str:
    theme = _theme(env["hearth"].dark)
    text = html.escape(tokens[idx].content)
    return f'<code style="background-color:{theme.inline_code_bg};">{text}</code>'


def _rule_image(self: Any, tokens: list[Any], idx: int, options: Any, env: dict[str, Any]) -> str:
    token = tokens[idx]
    alt = self.renderInlineAsText(token.children or [], options, env)
    if alt:
        return html.escape(QCoreApplication.translate("markdown", "[image: {alt}]").format(alt=alt))
    return html.escape(QCoreApplication.translate("markdown", "[image]"))


def _rule_table_open(self: Any, tokens: list[Any], idx: int, options: Any, env: dict[str, Any]) -> str:
    theme = _theme(env["hearth"].dark)
    return (
        f'<table border="1" cellspacing="0" cellpadding="4" '
        f'style="border-collapse:collapse; border-style:solid; border-color:{theme.table_border}; '
        f'margin-top:4px; margin-bottom:8px;">\n'
    )


def _rule_list_open(self: Any, tokens: list[Any], idx: int, options: Any, env: dict[str, Any]) -> str:
    # No margins of its own: a list streamed in pieces looks the same as one list.
    tokens[idx].attrSet("style", "margin-top:0px; margin-bottom:0px;")
    return self.renderToken(tokens, idx, options, env)


def _rule_blockquote_open(self: Any, tokens: list[Any], idx: int, options: Any, env: dict[str, Any]) -> str:
    theme = _theme(env["hearth"].dark)
    return f'<blockquote style="color:{theme.quote};">\n'


@functools.lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    """The shared parser: CommonMark with tables and strikethrough, raw HTML off."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    default_validate = md.validateLink

    def validate_link(url: str) -> bool:
        # Only the view itself may write hearth: links (they trigger actions).
        return not url.strip().lower().startswith("hearth:") and default_validate(url)

    md.validateLink = validate_link  # type: ignore[method-assign]
    md.add_render_rule("fence", _rule_fence)
    md.add_render_rule("code_block", _rule_code_block)
    md.add_render_rule("code_inline", _rule_code_inline)
    md.add_render_rule("image", _rule_image)
    md.add_render_rule("table_open", _rule_table_open)
    md.add_render_rule("blockquote_open", _rule_blockquote_open)
    md.add_render_rule("bullet_list_open", _rule_list_open)
    md.add_render_rule("ordered_list_open", _rule_list_open)
    return md


def render_markdown(
    text: str, message_id: int = 0, dark: bool = False, first_code_index: int = 0
) -> RenderedMarkdown:
    """Render ``text`` to QTextDocument HTML; never interprets HTML written in ``text``.

    Code blocks are numbered from ``first_code_index`` (so a message rendered in
    pieces keeps one numbering) and their texts are returned in that order.
    """
    sink = _CodeSink(message_id, first_code_index, dark)
    out = _markdown().render(text, {"hearth": sink})
    return RenderedMarkdown(out, sink.blocks)


def code_style_colors(dark: bool) -> tuple[str, str]:
    """The (background, foreground) of code blocks, for views that want to match them."""
    theme = _theme(dark)
    return theme.code_bg, theme.code_fg


_FENCE_RE = re.compile(r"([ \t]*)(`{3,}|~{3,})(.*)")
_ITEM_RE = re.compile(r"([-+*]|\d{1,9}([.)]))[ \t]")


def fence_opening(line: str) -> tuple[str, int, str] | None:
    """(fence character, fence length, info string) when ``line`` opens a code fence."""
    match = _FENCE_RE.match(line)
    if not match or (match.group(2)[0] == "`" and "`" in match.group(3)):
        return None
    return match.group(2)[0], len(match.group(2)), match.group(3).strip()


def _closes(line: str, fence_char: str, fence_len: int) -> bool:
    match = _FENCE_RE.match(line)
    return bool(match and match.group(2)[0] == fence_char and len(match.group(2)) >= fence_len
                and not match.group(3).strip())


def scan_stream(text: str) -> tuple[int, int]:
    """Split a growing Markdown text: ``(stable length, open fence start)``.

    The stable prefix ends just after the last blank line that is outside every
    code fence and is followed by a line starting in column 0 (an indented line
    could still continue a list item or an indented code block), or just before
    a column-0 list item that follows a one-line item of the same list (so a long
    tight list is final item by item). Whatever is appended later, that prefix
    renders the same on its own, so a streaming view renders it once and
    re-renders only what follows.

    The second value is the offset of the line that opens a fence still open at
    the end of ``text``, when that line starts in column 0 (so everything before
    it is final too); -1 otherwise.
    """
    fence: tuple[str, int] | None = None
    fence_start = -1
    stable = 0
    blank_end = -1  # end of the last blank line outside fences, until its successor is seen
    item = ""  # the marker kind ("-", "*", "+", ".", ")") when the last line was a list item
    pos = 0
    size = len(text)
    while pos < size:
        newline = text.find("\n", pos)
        line_end = size if newline < 0 else newline + 1
        line = text[pos:line_end]
        if blank_end >= 0 and line[0] not in " \t\r\n":
            stable = blank_end
        marker = _ITEM_RE.match(line) if not fence else None
        kind = (marker.group(2) or marker.group(1)) if marker else ""
        if kind and kind == item:
            stable = pos
        # A list item line for sure: after a blank line or an item, or one that may interrupt a paragraph.
        item = kind if kind and (blank_end >= 0 or pos == 0 or item or kind in "-+*" or line[0] == "1") else ""
        blank_end = -1
        if newline < 0:
            break
        if fence:
            if _closes(line, *fence):
                fence = None
        elif opening := fence_opening(line):
            fence, fence_start = opening[:2], pos
        elif not line.strip():
            blank_end = line_end
        pos = line_end
    top_level = fence is not None and text[fence_start] not in " \t"
    return stable, fence_start if top_level else -1


def stable_prefix_length(text: str) -> int:
    """How many leading characters of a growing Markdown text are final (see :func:`scan_stream`)."""
    return scan_stream(text)[0]


def fence_progress(text: str, start: int, fence_char: str, fence_len: int) -> tuple[int, int]:
    """Follow an open fence from offset ``start`` (a line start inside it).

    Returns ``(lines_end, close_end)``: the end of the last complete code line
    before any closing fence, and the end of the complete closing-fence line,
    or -1 while the fence is still open.
    """
    pos = start
    while True:
        newline = text.find("\n", pos)
        if newline < 0:
            return pos, -1
        if _closes(text[pos:newline + 1], fence_char, fence_len):
            return pos, newline + 1
        pos = newline + 1
