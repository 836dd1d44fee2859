"""The conversation: one read-only QTextBrowser showing every message of a chat.

Finished messages are rendered from Markdown once (and cached). The streaming
answer is cheap per token: each token is inserted as plain text at the end of
the document, and a throttle re-renders only the *unstable tail* of the answer
every ~90 ms. The stable part (up to the last blank line outside a code fence,
see :func:`app.ui.markdown.stable_prefix_length`) is rendered once and never
touched again, so a 20,000-token answer costs the same per token as a short one.

Links in the view use ``hearth:`` URLs: ``hearth:copy/<id>``, ``hearth:edit/<id>``,
``hearth:regenerate/<id>`` and ``hearth:copy-code/<id>/<index>``.
"""

from __future__ import annotations

import collections
import html
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QGuiApplication, QPalette
from PySide6.QtGui import QTextBlockFormat, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from app.ui.markdown import RenderedMarkdown, render_markdown, stable_prefix_length
from app.ui.throttle import Throttle

RENDER_INTERVAL_MS = 90
_CACHE_SIZE = 1024
_ZWSP = "\u200b"
# A first paragraph that merges into the block at the cursor, so that the real
# first block of inserted HTML keeps its own format; the character is removed after.
_MERGE_GUARD = "<p>&#8203;</p>"


@dataclass(frozen=True)
class MessageView:
    """What the view needs to show one message."""

    id: int
    role: str                    # "user", "assistant" or "system"
    content: str
    status: str = "complete"     # "complete", "streaming", "cancelled", "error", "interrupted"
    model: str = ""
    stats: dict[str, Any] | None = None


@dataclass(frozen=True)
class _Colors:
    """Colours written into the HTML (QTextDocument has no class styles to switch)."""

    base: str
    text: str
    muted: str
    user_bg: str
    user_label: str
    assistant_label: str
    error: str
    link: str


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    return QColor.fromRgbF(*(x + (y - x) * t for x, y in zip(a.getRgbF()[:3], b.getRgbF()[:3])))


def _colors(palette: QPalette, dark: bool) -> _Colors:
    """Colours from the widget palette, or stock ones when the palette does not match ``dark``."""
    role = QPalette.ColorRole
    base, text, link = palette.color(role.Base), palette.color(role.Text), palette.color(role.Link)
    if (base.lightness() < 128) != dark:  # the palette has not been switched (yet)
        stock = ("#1e1f22", "#e6e6e6", "#58a6ff") if dark else ("#ffffff", "#1f2328", "#0969da")
        base, text, link = (QColor(c) for c in stock)
    accent = palette.color(role.Highlight)
    return _Colors(
        base=base.name(),
        text=text.name(),
        muted=_mix(text, base, 0.45).name(),
        user_bg=_mix(base, accent, 0.20 if dark else 0.09).name(),
        user_label=(accent.lighter(140) if dark else accent.darker(115)).name(),
        assistant_label="#3fb950" if dark else "#1a7f37",
        error="#f85149" if dark else "#cf222e",
        link=link.name(),
    )


def format_stats(status: str, stats: dict[str, Any] | None) -> str:
    """The footer text, e.g. "42.1 tok/s · 180 ms to first token · 312 tokens · stopped"."""
    stats = stats or {}
    parts = []
    if stats.get("decode_tok_s"):
        parts.append(f"{stats['decode_tok_s']:.1f} tok/s")
    if stats.get("ttft_ms"):
        parts.append(f"{stats['ttft_ms']:.0f} ms to first token")
    if stats.get("completion_tokens"):
        n = int(stats["completion_tokens"])
        parts.append(f"{n} token{'s' if n != 1 else ''}")
    if status == "cancelled":
        parts.append("stopped")
    elif status == "interrupted":
        parts.append("interrupted")
    elif status == "error":
        parts.append(f"Error: {stats.get('error') or 'the answer failed'}")
    return " · ".join(parts)


@dataclass
class _Live:
    """The streaming message: where it sits in the document and what is final."""

    id: int
    model: str
    start: int          # document position before the message
    tail_start: int     # document position where the re-rendered tail begins
    stable_text: str = ""
    stable_codes: list[str] = field(default_factory=list)
    tail_parts: list[str] = field(default_factory=list)

    def text(self) -> str:
        return self.stable_text + "".join(self.tail_parts)


class ChatView(QWidget):
    """A whole conversation in one QTextBrowser, with a cheap streaming message at the end.

    Signals:
        actionRequested(str, int): "copy", "edit" or "regenerate" clicked for a message id
            ("copy" has already put the text on the clipboard).
        copied(str): something was put on the clipboard; a short note such as "Copied code".
    """

    actionRequested = Signal(str, int)
    copied = Signal(str)

    def __init__(self, parent: QWidget | None = None, render_interval_ms: int = RENDER_INTERVAL_MS) -> None:
        super().__init__(parent)
        self._browser = QTextBrowser(self)
        self._browser.setReadOnly(True)
        self._browser.setOpenLinks(False)
        self._browser.setOpenExternalLinks(False)
        self._browser.setAccessibleName("Conversation")
        self._browser.anchorClicked.connect(self._on_anchor)
        self._doc = self._browser.document()
        self._doc.setUndoRedoEnabled(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._browser)
        self._dark = False
        self._colors = _colors(self.palette(), False)
        self._messages: list[MessageView] = []
        self._codes: dict[int, list[str]] = {}
        self._cache: collections.OrderedDict[tuple[int, int, bool], RenderedMarkdown] = collections.OrderedDict()
        self._live: _Live | None = None
        self._end = QTextCursor(self._doc)
        self._raw_format = QTextCharFormat()
        self._throttle = Throttle(self._render_live, render_interval_ms, self)
        self._apply_theme()

    # ----------------------------------------------------------------- public API
    @property
    def browser(self) -> QTextBrowser:
        """The QTextBrowser (for focus handling and tests)."""
        return self._browser

    @property
    def live_message_id(self) -> int | None:
        """The id of the streaming message, or None when nothing streams."""
        return self._live.id if self._live else None

    def messages(self) -> list[MessageView]:
        """The finished messages shown, in order (the live one excluded)."""
        return list(self._messages)

    def set_messages(self, messages: list[MessageView]) -> None:
        """Show exactly these messages (a live message, if any, is dropped)."""
        self._throttle.cancel()
        self._live = None
        self._messages = list(messages)
        self._rebuild()
        self.scroll_to_bottom()

    def append_message(self, message: MessageView) -> None:
        """Add a finished message at the end and scroll to it. Not while a message streams."""
        if self._live is not None:
            raise RuntimeError("finish_live() or discard_live() before append_message()")
        self._messages.append(message)
        self._insert_at_end(self._message_html(message))
        self.scroll_to_bottom()

    def begin_live(self, message_id: int, header_model: str = "") -> None:
        """Start the streaming assistant message at the end (finishes any live one as interrupted)."""
        if self._live is not None:
            self.finish_live("interrupted", None, self._live.text())
        at_bottom = self._at_bottom()
        self._open_live(message_id, header_model, "")
        if at_bottom:
            self.scroll_to_bottom()

    def append_live_text(self, text: str) -> None:
        """Append a piece of the streaming answer: O(1), plain text; Markdown follows shortly."""
        live = self._live
        if live is None or not text:
            return
        bar = self._browser.verticalScrollBar()
        at_bottom = bar.value() >= bar.maximum() - 4
        live.tail_parts.append(text)
        self._end.movePosition(QTextCursor.MoveOperation.End)
        self._end.insertText(text, self._raw_format)
        if at_bottom:
            bar.setValue(bar.maximum())
        self._throttle()

    def finish_live(self, status: str, stats: dict[str, Any] | None, content: str) -> None:
        """Render the answer's final text, add its footer and freeze it as a finished message."""
        live = self._live
        if live is None:
            return
        self._throttle.cancel()
        if content.startswith(live.stable_text):
            live.tail_parts = [content[len(live.stable_text):]]
        else:  # the final text differs from what streamed: render it whole
            self._remove_to_end(live.start)
            live = self._open_live(live.id, live.model, content, render=False)
        message = MessageView(live.id, "assistant", content, status, live.model, stats)
        self._render_live(footer=self._footer_html(message))
        self._messages.append(message)
        self._live = None

    def discard_live(self) -> None:
        """Remove the streaming message from the view, as if it had never begun."""
        live = self._live
        if live is None:
            return
        self._throttle.cancel()
        self._remove_to_end(live.start)
        self._codes.pop(live.id, None)
        self._live = None

    def set_dark(self, dark: bool) -> None:
        """Use colours for a dark (True) or light background and re-render everything.

        Call it after changing the application palette: colours follow the palette.
        """
        if dark == self._dark and _colors(self.palette(), dark) == self._colors:
            return
        self._dark = dark
        self._apply_theme()
        live = self._live
        self._rebuild()
        if live is not None:
            self._throttle.cancel()
            self._open_live(live.id, live.model, live.text())
        self.scroll_to_bottom()

    def scroll_to_bottom(self) -> None:
        """Show the end of the conversation."""
        bar = self._browser.verticalScrollBar()
        bar.setValue(bar.maximum())

    # ----------------------------------------------------------------- rendering
    def _apply_theme(self) -> None:
        self._colors = _colors(self.palette(), self._dark)
        palette = self._browser.palette()
        palette.setColor(QPalette.ColorRole.Base, QColor(self._colors.base))
        palette.setColor(QPalette.ColorRole.Text, QColor(self._colors.text))
        palette.setColor(QPalette.ColorRole.Link, QColor(self._colors.link))
        self._browser.setPalette(palette)
        self._doc.setDefaultStyleSheet(f"a {{ color: {self._colors.link}; text-decoration: none; }}")

    def _rebuild(self) -> None:
        self._codes = {}
        self._browser.setHtml("".join(self._message_html(m) for m in self._messages))
        self._end = QTextCursor(self._doc)

    def _content(self, message: MessageView) -> RenderedMarkdown:
        key = (message.id, hash(message.content), self._dark)
        rendered = self._cache.get(key)
        if rendered is None:
            if message.role == "assistant":
                rendered = render_markdown(message.content, message.id, self._dark)
            else:
                # what the user typed is shown as typed, not as Markdown
                rendered = RenderedMarkdown(f'<p style="white-space:pre-wrap;">{html.escape(message.content)}</p>')
            self._cache[key] = rendered
            if len(self._cache) > _CACHE_SIZE:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)
        return rendered

    def _header_html(self, role: str, model: str = "") -> str:
        c = self._colors
        if role == "user":
            return f'<p style="margin-top:0px; margin-bottom:4px;"><b style="color:{c.user_label};">You</b></p>'
        if role == "system":
            return f'<p style="margin-top:14px; margin-bottom:2px;"><b style="color:{c.muted};">System</b></p>'
        model_html = f'<span style="color:{c.muted};"> · {html.escape(model)}</span>' if model else ""
        return (
            f'<p style="margin-top:16px; margin-bottom:4px;">'
            f'<b style="color:{c.assistant_label};">Assistant</b>{model_html}</p>'
        )

    def _footer_html(self, message: MessageView) -> str:
        c = self._colors
        mid = message.id
        if message.role == "user":
            links = f'<a href="hearth:copy/{mid}">Copy</a> · <a href="hearth:edit/{mid}">Edit</a>'
            return f'<p style="margin-top:4px; margin-bottom:0px; font-size:small;">{links}</p>'
        if message.role != "assistant":
            return ""
        links = f'<a href="hearth:copy/{mid}">Copy</a> · <a href="hearth:regenerate/{mid}">Regenerate</a>'
        info = format_stats(message.status, message.stats)
        colour = c.error if message.status == "error" else c.muted
        info_html = f'<span style="color:{colour};">{html.escape(info)}</span>&nbsp;&nbsp;&nbsp;' if info else ""
        return f'<p style="margin-top:4px; margin-bottom:8px; font-size:small;">{info_html}{links}</p>'

    def _message_html(self, message: MessageView) -> str:
        rendered = self._content(message)
        self._codes[message.id] = rendered.code_blocks
        header = self._header_html(message.role, message.model)
        body = rendered.html + self._footer_html(message)
        if message.role == "user":
            return (
                f'<table width="100%" cellspacing="0" cellpadding="10" border="0" bgcolor="{self._colors.user_bg}" '
                f'style="margin-top:14px; margin-bottom:4px;"><tr><td>{header}{body}</td></tr></table>'
            )
        if message.role == "system":
            return f'{header}<div style="color:{self._colors.muted};">{body}</div>'
        return header + body

    def _open_live(self, message_id: int, model: str, text: str, render: bool = True) -> _Live:
        """Put a live message's header at the end; its ``text`` is rendered now if ``render``."""
        start = self._doc_end()
        self._insert_at_end(self._header_html("assistant", model))
        self._live = _Live(message_id, model, start, self._doc_end(), tail_parts=[text] if text else [])
        self._codes[message_id] = []
        if render:
            self._render_live()
        return self._live

    def _render_live(self, footer: str = "") -> None:
        """Re-render the live message's tail; newly stable text is rendered once, for good."""
        live = self._live
        if live is None:
            return
        at_bottom = self._at_bottom()
        tail = "".join(live.tail_parts)
        cut = stable_prefix_length(tail)
        self._remove_to_end(live.tail_start)
        if cut:
            rendered = render_markdown(tail[:cut], live.id, self._dark, len(live.stable_codes))
            self._insert_at_end(rendered.html)
            live.stable_text += tail[:cut]
            live.stable_codes.extend(rendered.code_blocks)
            live.tail_start = self._doc_end()
            tail = tail[cut:]
        live.tail_parts = [tail] if tail else []
        codes = list(live.stable_codes)
        tail_html = ""
        if tail:
            rendered = render_markdown(tail, live.id, self._dark, len(codes))
            codes.extend(rendered.code_blocks)
            tail_html = rendered.html
        if tail_html or footer:
            self._insert_at_end(tail_html + footer)
        else:  # a fresh block for the plain text of the next tokens
            self._end.movePosition(QTextCursor.MoveOperation.End)
            self._end.insertBlock(QTextBlockFormat(), self._raw_format)
        self._codes[live.id] = codes
        if at_bottom:
            self.scroll_to_bottom()

    # ----------------------------------------------------------------- document
    def _doc_end(self) -> int:
        self._end.movePosition(QTextCursor.MoveOperation.End)
        return self._end.position()

    def _remove_to_end(self, position: int) -> None:
        cursor = QTextCursor(self._doc)
        cursor.setPosition(position)
        cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()

    def _insert_at_end(self, html_text: str) -> None:
        """Insert HTML after the last block, each inserted block keeping its own format."""
        start = self._doc_end()
        self._end.insertHtml(_MERGE_GUARD + html_text.rstrip())
        cursor = QTextCursor(self._doc)
        cursor.setPosition(start)
        cursor.setPosition(start + 1, QTextCursor.MoveMode.KeepAnchor)
        if cursor.selectedText() == _ZWSP:
            cursor.removeSelectedText()
        block = self._doc.findBlock(start)
        if block.length() == 1:  # left empty (after a table, or the first block): take no space
            fmt = QTextBlockFormat()
            fmt.setLineHeight(0, QTextBlockFormat.LineHeightTypes.FixedHeight.value)
            cursor.setBlockFormat(fmt)

    def _at_bottom(self) -> bool:
        bar = self._browser.verticalScrollBar()
        return bar.value() >= bar.maximum() - 4

    # ----------------------------------------------------------------- links
    def _message_text(self, message_id: int) -> str | None:
        if self._live is not None and self._live.id == message_id:
            return self._live.text()
        for message in reversed(self._messages):
            if message.id == message_id:
                return message.content
        return None

    def _on_anchor(self, url: QUrl) -> None:
        if url.scheme() != "hearth":
            if url.scheme() in ("http", "https"):
                QDesktopServices.openUrl(url)
            return
        action, *args = url.path().split("/")
        try:
            message_id, *rest = [int(a) for a in args]
        except ValueError:  # also when there is no number at all
            return
        if action == "copy-code" and len(rest) == 1:
            codes = self._codes.get(message_id, [])
            if 0 <= rest[0] < len(codes):
                QGuiApplication.clipboard().setText(codes[rest[0]])
                self.copied.emit("Copied code")
        elif action == "copy" and (text := self._message_text(message_id)) is not None:
            QGuiApplication.clipboard().setText(text)
            self.copied.emit("Copied message")
            self.actionRequested.emit("copy", message_id)
        elif action in ("edit", "regenerate"):
            self.actionRequested.emit(action, message_id)
