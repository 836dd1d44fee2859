"""The conversation: one read-only QTextBrowser showing every message of a chat.

Finished messages are rendered from Markdown once (and cached). The streaming
answer is cheap per token: each token is inserted as plain text at the end of
the document, and a throttle re-renders only the *unstable tail* of the answer
every ~90 ms. The stable part (up to the last blank line outside a code fence,
see :func:`app.ui.markdown.scan_stream`) is rendered once and never touched
again. A top-level code block streams into its box line by line: complete lines
are highlighted once and appended to the box, so a long code block does not
grow the cost either. A 20,000-token answer costs the same per token as a short one.

Links in the view use ``hearth:`` URLs: ``hearth:copy/<id>``, ``hearth:edit/<id>``,
``hearth:regenerate/<id>`` and ``hearth:copy-code/<id>/<index>``.
"""

from __future__ import annotations

import collections
import time
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QFontDatabase, QGuiApplication, QPalette
from PySide6.QtGui import QTextBlockFormat, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from app.ui import markdown as md
from app.ui.document_edits import insert_html, remove_range
from app.ui.live_message import LiveMessage, OpenFence
from app.ui.markdown import RenderedMarkdown
from app.ui.message_html import message_box_html, message_colors, message_footer_html
from app.ui.message_html import message_header_html, typed_text_html
from app.ui.throttle import Throttle

RENDER_INTERVAL_MS = 90
_MAX_INTERVAL_MS = 1000
_RENDER_SHARE = 8  # a render that takes t ms is followed by at least 8·t ms without one
_LONG_BLOCK = 2000  # characters; Qt lays out a whole paragraph again on every insertion into it
_CACHE_SIZE = 1024
_CONTEXT_CHARS = 400  # code before new lines that is lexed again, for strings and comments


@dataclass(frozen=True)
class MessageView:
    """What the view needs to show one message."""

    id: int
    role: str                    # "user", "assistant" or "system"
    content: str
    status: str = "complete"     # "complete", "streaming", "cancelled", "error", "interrupted"
    model: str = ""
    stats: dict[str, Any] | None = None


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
        self._colors = message_colors(self.palette(), False)
        self._messages: list[MessageView] = []
        self._codes: dict[int, list[str]] = {}
        self._cache: collections.OrderedDict[tuple[int, int, bool], RenderedMarkdown] = collections.OrderedDict()
        self._live: LiveMessage | None = None
        self._end = QTextCursor(self._doc)
        self._raw = QTextCursor(self._doc)  # where the plain text of tokens goes
        self._raw_format = QTextCharFormat()
        self._code_format = QTextCharFormat()
        self._code_format.setFontFamilies([QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()])
        self._code_format.setFontFixedPitch(True)
        self._code_block_format = QTextBlockFormat()
        self._code_block_format.setNonBreakableLines(True)
        self._interval_ms = render_interval_ms
        self._throttle = Throttle(self._tick_live, render_interval_ms, self)
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
        self._insert_html(self._doc_end(), self._message_html(message))
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
        at_bottom = self._at_bottom()
        live.tail_parts.append(text)
        if live.fence is None:
            self._raw.movePosition(QTextCursor.MoveOperation.End)
            if self._raw.block().length() > _LONG_BLOCK:  # until the next render, continue below
                self._raw.insertBlock(QTextBlockFormat(), self._raw_format)
        self._raw.insertText(text, self._code_format if live.fence else self._raw_format)
        if at_bottom:
            self.scroll_to_bottom()
        self._throttle()

    def finish_live(self, status: str, stats: dict[str, Any] | None, content: str) -> None:
        """Render the answer's final text, add its footer and freeze it as a finished message."""
        live = self._live
        if live is None:
            return
        self._throttle.cancel()
        if content.startswith(live.text()[:live.final_length()]):
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
        if dark == self._dark and message_colors(self.palette(), dark) == self._colors:
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
        self._colors = message_colors(self.palette(), self._dark)
        palette = self._browser.palette()
        palette.setColor(QPalette.ColorRole.Base, QColor(self._colors.base))
        palette.setColor(QPalette.ColorRole.Text, QColor(self._colors.text))
        palette.setColor(QPalette.ColorRole.Link, QColor(self._colors.link))
        self._browser.setPalette(palette)
        self._doc.setDefaultStyleSheet(f"a {{ color: {self._colors.link}; text-decoration: none; }}")
        code_bg, code_fg = md.code_style_colors(self._dark)
        self._code_block_format.setBackground(QColor(code_bg))
        self._code_format.setForeground(QColor(code_fg))

    def _rebuild(self) -> None:
        self._codes = {}
        self._browser.setHtml("".join(self._message_html(m) for m in self._messages))
        self._end = QTextCursor(self._doc)
        self._raw = QTextCursor(self._doc)

    def _content(self, message: MessageView) -> RenderedMarkdown:
        key = (message.id, hash(message.content), self._dark)
        rendered = self._cache.get(key)
        if rendered is None:
            if message.role == "assistant":
                rendered = md.render_markdown(message.content, message.id, self._dark)
            else:
                rendered = RenderedMarkdown(typed_text_html(message.content))
            self._cache[key] = rendered
            if len(self._cache) > _CACHE_SIZE:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)
        return rendered

    def _header_html(self, role: str, model: str = "") -> str:
        return message_header_html(role, model, self._colors)

    def _footer_html(self, message: MessageView) -> str:
        m = message
        return message_footer_html(m.id, m.role, m.status, m.stats, self._colors)

    def _message_html(self, message: MessageView) -> str:
        rendered = self._content(message)
        self._codes[message.id] = rendered.code_blocks
        header = self._header_html(message.role, message.model)
        return message_box_html(message.role, header, rendered.html + self._footer_html(message), self._colors)

    def _open_live(self, message_id: int, model: str, text: str, render: bool = True) -> LiveMessage:
        """Put a live message's header at the end; its ``text`` is rendered now if ``render``."""
        start = self._doc_end()
        self._insert_html(self._doc_end(), self._header_html("assistant", model))
        self._live = LiveMessage(message_id, model, start, self._doc_end(), tail_parts=[text] if text else [])
        self._codes[message_id] = []
        if render:
            self._render_live()
        return self._live

    def _tick_live(self) -> None:
        """A throttled render. Slow ones (a huge table or list in the tail) space out the next,
        so rendering never takes more than about 1/8 of the GUI thread's time."""
        started = time.perf_counter()
        self._render_live()
        elapsed_ms = (time.perf_counter() - started) * 1000
        delay = max(self._interval_ms, min(_MAX_INTERVAL_MS, int(elapsed_ms * _RENDER_SHARE)))
        self._throttle.set_delay(delay)

    def _render_live(self, footer: str = "") -> None:
        """Render what is not final yet; with a ``footer``, everything is final."""
        live = self._live
        if live is None:
            return
        at_bottom = self._at_bottom()
        tail = "".join(live.tail_parts)
        if footer and not tail.endswith("\n"):
            tail += "\n"  # the last line is complete now
        tail_codes: list[str] = []
        while True:
            if live.fence is not None:
                tail = self._advance_fence(live, tail, final=bool(footer))
                if live.fence is not None:
                    tail_codes = [tail[live.fence.code_start:live.fence.done]]
                    break
            self._remove_to_end(live.tail_start)
            cut, fence_start = md.scan_stream(tail)
            cut = fence_start if fence_start >= 0 else cut
            if cut:  # final from here on: rendered once, never again
                rendered = md.render_markdown(tail[:cut], live.id, self._dark, len(live.stable_codes))
                self._insert_html(self._doc_end(), rendered.html)
                live.stable_text += tail[:cut]
                live.stable_codes.extend(rendered.code_blocks)
                live.tail_start = self._doc_end()
                tail = tail[cut:]
            if fence_start >= 0:
                self._open_fence(live, tail)
                continue
            rendered = md.render_markdown(tail, live.id, self._dark, len(live.stable_codes))
            tail_codes = rendered.code_blocks
            if rendered.html.strip() or footer:
                self._insert_html(self._doc_end(), rendered.html + footer)
            else:  # a fresh block for the plain text of the next tokens
                self._raw.movePosition(QTextCursor.MoveOperation.End)
                self._raw.insertBlock(QTextBlockFormat(), self._raw_format)
            break
        live.tail_parts = [tail] if tail else []
        self._codes[live.id] = live.stable_codes + tail_codes
        if at_bottom:
            self.scroll_to_bottom()

    def _open_fence(self, live: LiveMessage, tail: str) -> None:
        """Put an empty box for the code block that ``tail`` opens; its lines follow as they complete."""
        code_start = tail.index("\n") + 1
        char, length, info = md.fence_opening(tail[:code_start]) or ("`", 3, "")
        index = len(live.stable_codes)
        self._insert_html(self._doc_end(), md.code_block_html(info, live.id, index, self._dark))
        header = self._doc.findBlock(self._doc_end()).previous()  # lines go between it and the last strip
        box_end = header.position() + header.length() - 1
        live.fence = OpenFence(char, length, md.fence_language(info), index, code_start, code_start, box_end)

    def _advance_fence(self, live: LiveMessage, tail: str, final: bool) -> str:
        """Append newly complete code lines to the open box; returns the text still to render."""
        fence = live.fence
        assert fence is not None
        lines_end, close_end = md.fence_progress(tail, fence.done, fence.char, fence.length)
        if fence.has_raw:
            remove_range(self._doc, fence.box_end, self._raw.position())
            fence.has_raw = False
        if lines_end > fence.done:
            context = max(fence.code_start, fence.done - _CONTEXT_CHARS)
            if context > fence.code_start:
                context = tail.index("\n", context) + 1
            lines, before = tail[fence.done:lines_end], tail[context:fence.done]
            lines_html = md.code_lines_html(lines, fence.language, self._dark, before)
            fence.box_end = self._insert_html(fence.box_end, lines_html, collapse=False)
            fence.done = lines_end
        if close_end < 0 and not final:
            self._raw.setPosition(fence.box_end)
            self._raw.insertBlock(self._code_block_format, self._code_format)
            self._raw.insertText(" " + tail[lines_end:], self._code_format)
            fence.has_raw = True
            return tail
        end = close_end if close_end >= 0 else len(tail)
        live.stable_text += tail[:end]
        live.stable_codes.append(tail[fence.code_start:lines_end])
        live.fence = None
        live.tail_start = self._doc_end()
        return tail[end:]

    # ----------------------------------------------------------------- document
    def _doc_end(self) -> int:
        self._end.movePosition(QTextCursor.MoveOperation.End)
        return self._end.position()

    def _remove_to_end(self, position: int) -> None:
        remove_range(self._doc, position, self._doc_end())

    def _insert_html(self, position: int, html_text: str, collapse: bool = True) -> int:
        """Insert HTML at ``position``; returns its end (see :func:`insert_html`)."""
        return insert_html(self._doc, position, html_text, collapse)

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
