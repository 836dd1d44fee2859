"""The conversation: one read-only QTextBrowser showing every message of a chat.

Finished messages are rendered from Markdown once (and cached). The streaming answer
is painted cheaply per token by :class:`app.ui.live_renderer.LiveRenderer`: a 20,000-token
answer costs the same per token as a short one. A reasoning model's thinking is shown folded
above its answer ("▸ Thought for 12 s"); clicking the line shows it again.

An answer with token probabilities can be shown as its tinted tokens (:mod:`app.ui.token_view`):
hovering one shows the alternatives, clicking it asks to branch (``tokenClicked``). A long chat
opens with its newest messages; older ones are rendered above them in idle slices.

Links in the view use ``hearth:`` URLs: ``hearth:copy/<id>``, ``hearth:edit/<id>``,
``hearth:regenerate/<id>``, ``hearth:continue/<id>``, ``hearth:prev/<id>``, ``hearth:next/<id>``,
``hearth:delete-branch/<id>``, ``hearth:copy-code/<id>/<index>``, ``hearth:thinking/<id>``
(show or hide the thinking), ``hearth:copy-thinking/<id>``, ``hearth:inspect/<id>`` (tokens or
text) and ``hearth:tok/<id>/<index>`` (one token); :mod:`app.ui.chat_links` carries them out.

Everything the view writes itself is translated (see :mod:`app.ui.message_html`); Chinese text
gets CJK font families after the system's Latin font (:mod:`app.ui.chat_font`), and long lines
without spaces, in code blocks too, wrap inside the view rather than scroll sideways.
"""

from __future__ import annotations

import collections
import time
from typing import Any, Callable

from PySide6.QtCore import QEvent, QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QPalette, QTextCursor
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from app.engine.inspector import TokenChoice
from app.ui import token_view
from app.ui import markdown as md
from app.ui.chat_font import chat_font, code_font_css
from app.ui.chat_links import ChatLinks
from app.ui.document_edits import insert_html, remove_range
from app.ui.live_renderer import LiveRenderer
from app.ui.markdown import RenderedMarkdown
from app.ui.message_html import MessageView, message_box_html, message_colors, message_footer_html
from app.ui.message_html import message_header_html, typed_text_html
from app.ui.message_html import no_answer_html, reasoning_block_html, thinking_toggle_html, thought_label

__all__ = ["ChatView", "MessageView"]

RENDER_INTERVAL_MS = 90
FIRST_SCREEN_CHARS = 8_000  # the newest messages shown at once: more than a screenful
_SLICE_MS = 10               # older messages rendered per idle moment, afterwards (at most 40)
_CACHE_SIZE = 1024


class ChatView(QWidget):
    """A whole conversation in one QTextBrowser, with a cheap streaming message at the end.

    Signals:
        actionRequested(str, int): "copy", "edit", "regenerate", "continue", "prev", "next" or
            "delete-branch" clicked for a message id ("copy" has already put the text on the
            clipboard).
        tokenClicked(int, int, object): a message id, a token index and the global QPoint
            where it was clicked (to offer its alternatives).
        copied(str): something was put on the clipboard; a short translated note such as
            "Copied code".
    """

    actionRequested = Signal(str, int)
    tokenClicked = Signal(int, int, object)
    copied = Signal(str)

    def __init__(self, parent: QWidget | None = None, render_interval_ms: int = RENDER_INTERVAL_MS) -> None:
        super().__init__(parent)
        # Room for a readable line: the window grows (or the panels give way) before the chat shrinks.
        self.setMinimumWidth(max(400, self.fontMetrics().averageCharWidth() * 50))
        self._browser = QTextBrowser(self)
        self._browser.setReadOnly(True)
        self._browser.setOpenLinks(False)
        self._browser.setOpenExternalLinks(False)
        self._links = ChatLinks(self)
        self._browser.anchorClicked.connect(self._on_anchor)
        self._browser.highlighted.connect(self._on_hover)
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
        self._toggled: set[int] = set()  # messages whose thinking is shown (or hidden) against the default
        self._token_view: set[int] = set()  # answers shown as their tinted tokens
        self._token_source: Callable[[int], list[TokenChoice] | None] = lambda _id: None
        self._records: collections.OrderedDict[int, list[TokenChoice] | None] = collections.OrderedDict()
        self.inspect_live = False  # the streaming answer is shown as tinted tokens
        self._end = QTextCursor(self._doc)
        self._unrendered = 0  # messages before this index are not in the document yet
        self._older = QTimer(self)
        self._older.setInterval(0)
        self._older.timeout.connect(self._render_older)
        self._stream = LiveRenderer(self, render_interval_ms)
        self._retranslate()
        self._browser.setFont(chat_font(self.font()))
        self._apply_theme()

    # ----------------------------------------------------------------- public API
    @property
    def browser(self) -> QTextBrowser:
        """The QTextBrowser (for focus handling and tests)."""
        return self._browser

    @property
    def live_message_id(self) -> int | None:
        """The id of the streaming message, or None when nothing streams."""
        return self._stream.live.id if self._stream.live else None

    def messages(self) -> list[MessageView]:
        """The finished messages shown, in order (the live one excluded)."""
        return list(self._messages)

    def set_messages(self, messages: list[MessageView]) -> None:
        """Show exactly these messages (a live message, if any, is dropped).

        The newest are rendered at once (what is on screen); the older ones follow in short
        idle slices above them, so a long chat opens without waiting for its whole history.
        """
        self._stream.drop()
        self._messages = list(messages)
        self._rebuild(first=self._first_screen())
        self.scroll_to_bottom()

    def render_all(self) -> None:
        """Render the older messages still waiting, now (before anything else edits the document)."""
        while self._unrendered:
            self._render_older()

    def append_message(self, message: MessageView) -> None:
        """Add a finished message at the end and scroll to it. Not while a message streams."""
        if self._stream.live is not None:
            raise RuntimeError("finish_live() or discard_live() before append_message()")
        self._messages.append(message)
        self._insert_html(self._doc_end(), self._message_html(message))
        self.scroll_to_bottom()

    def begin_live(self, message_id: int, header_model: str = "", given: list[TokenChoice] | None = None) -> None:
        """Start the streaming assistant message at the end (finishes any live one as interrupted);
        ``given``: the tokens it starts from (a branch), shown at once when inspecting."""
        self.render_all()  # the live answer keeps document positions: nothing may be added above it
        interrupted = self._stream.begin(message_id, header_model, given)
        if interrupted is not None:
            self._messages.append(interrupted)

    def append_live_reasoning(self, text: str) -> None:
        """Append a piece of the streaming answer's thinking: O(1), plain muted text."""
        self._stream.append_reasoning(text)

    def append_live_text(self, text: str) -> None:
        """Append a piece of the streaming answer: O(1), plain text; Markdown follows shortly."""
        self._stream.append_text(text)

    def append_live_choices(self, records: list[TokenChoice]) -> None:
        """Tokens of the streaming answer with their probabilities (painted when inspecting)."""
        self._stream.append_choices(records)

    def finish_live(self, status: str, stats: dict[str, Any] | None, content: str, reasoning: str = "",
                    message: MessageView | None = None) -> None:
        """Render the answer's final text, add its footer and freeze it as a finished message
        (``message``: the whole record of it, when the caller has one)."""
        message = self._stream.finish(status, stats, content, reasoning, message)
        if message is not None:
            self._messages.append(message)

    def discard_live(self) -> None:
        """Remove the streaming message from the view, as if it had never begun."""
        self._stream.discard()

    def set_dark(self, dark: bool) -> None:
        """Use colours for a dark (True) or light background and re-render everything.

        Call it after changing the application palette: colours follow the palette.
        """
        if dark == self._dark and message_colors(self.palette(), dark) == self._colors:
            return
        self._dark = dark
        self._apply_theme()
        self._rebuild_all()
        self.scroll_to_bottom()

    def set_token_source(self, source: Callable[[int], list[TokenChoice] | None]) -> None:
        """Where an answer's tokens come from (the history), for the token view and its popovers."""
        self._token_source = source
        self._records.clear()

    def records(self, message_id: int) -> list[TokenChoice] | None:
        """An answer's tokens, cached for the few answers being looked at."""
        live = self._stream.live
        if live is not None and live.id == message_id:
            return live.tokens
        if message_id not in self._records:
            self._records[message_id] = self._token_source(message_id)
            if len(self._records) > 8:
                self._records.popitem(last=False)
        self._records.move_to_end(message_id)
        return self._records[message_id]

    def show_tokens(self, message_id: int, on: bool = True) -> None:
        """Show an answer as its tinted tokens (or as text again), keeping the view where it is."""
        if on == (message_id in self._token_view):
            return
        self._token_view ^= {message_id}
        self._records.pop(message_id, None)
        bar = self._browser.verticalScrollBar()
        value = bar.value()
        self._rebuild_all()
        bar.setValue(value)

    def showing_tokens(self, message_id: int) -> bool:
        return message_id in self._token_view

    def toggle_thinking(self, message_id: int) -> None:
        """Show or hide one answer's thinking, keeping the view where it is."""
        self._toggled ^= {message_id}
        bar = self._browser.verticalScrollBar()
        value = bar.value()
        self._rebuild_all()
        bar.setValue(value)

    def thinking_shown(self, message_id: int) -> bool:
        """Whether a finished answer's thinking is unfolded."""
        message = next((m for m in self._messages if m.id == message_id), None)
        return message is not None and self._expanded(message)

    def scroll_to_bottom(self) -> None:
        """Show the end of the conversation."""
        bar = self._browser.verticalScrollBar()
        bar.setValue(bar.maximum())

    def changeEvent(self, event: QEvent) -> None:
        """A new font, language or locale: the CJK fallbacks follow the font; every message is
        written again in the new language, with its numbers."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._browser.setFont(chat_font(self.font()))
        elif event.type() in (QEvent.Type.LanguageChange, QEvent.Type.LocaleChange):
            self._retranslate()
            self._cache.clear()
            self._rebuild_all()

    def _retranslate(self) -> None:
        self._browser.setAccessibleName(self.tr("Conversation"))
        self._browser.setAccessibleDescription(self.tr(
            "The messages of this chat. Links under each message copy, edit, regenerate or continue it."))

    # ----------------------------------------------------------------- rendering
    def _rebuild_all(self) -> None:
        """Render every message again, the streaming one included (theme or folding changed)."""
        live = self._stream.live
        self._rebuild()
        self._stream.reopen(live)

    def _expanded(self, message: MessageView) -> bool:
        """Thinking is folded under an answer, and open when there is no answer to show."""
        return (not message.content.strip()) != (message.id in self._toggled)

    def _apply_theme(self) -> None:
        self._colors = message_colors(self.palette(), self._dark)
        palette = self._browser.palette()
        palette.setColor(QPalette.ColorRole.Base, QColor(self._colors.base))
        palette.setColor(QPalette.ColorRole.Text, QColor(self._colors.text))
        palette.setColor(QPalette.ColorRole.Link, QColor(self._colors.link))
        self._browser.setPalette(palette)
        self._doc.setDefaultStyleSheet(f"a {{ color: {self._colors.link}; text-decoration: none; }} "
                                       + code_font_css())
        self._stream.apply_theme(self._colors, self._dark)

    def _rebuild(self, first: int = 0) -> None:
        """Render the messages from index ``first`` on; the older ones follow when idle."""
        self._older.stop()
        self._codes = {}
        self._browser.setHtml("".join(self._message_html(m) for m in self._messages[first:]))
        self._end = QTextCursor(self._doc)
        self._stream.drop()
        self._unrendered = first
        if first:
            self._older.start(40)  # after the first paint

    def _first_screen(self) -> int:
        """The index of the oldest message of the first screenful (counted from the newest)."""
        sizes = [len(m.content) + 200 for m in self._messages]
        total = 0
        return next((i for i in range(len(sizes) - 1, 0, -1)
                     if (total := total + sizes[i]) >= FIRST_SCREEN_CHARS and len(sizes) - i >= 2), 0)

    def _render_older(self) -> None:
        """One idle slice: render a few older messages above the others, the view staying put."""
        self._older.setInterval(0)
        bar = self._browser.verticalScrollBar()
        from_bottom = bar.maximum() - bar.value()
        deadline = time.perf_counter() + _SLICE_MS / 1000
        parts: list[str] = []
        while self._unrendered and (not parts or time.perf_counter() < deadline and len(parts) < 40):
            self._unrendered -= 1
            parts.append(self._message_html(self._messages[self._unrendered]))
        if parts:
            if self._doc.firstBlock().length() > 1:  # insert into an empty first block: no format merges
                QTextCursor(self._doc).insertBlock()
            insert_html(self._doc, 0, "".join(reversed(parts)))
            bar.setValue(bar.maximum() - from_bottom)
        if not self._unrendered:
            self._older.stop()  # all rendered (also when called with nothing left)

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
        return message_footer_html(message, self._colors, message.id in self._token_view)

    def _message_html(self, message: MessageView) -> str:
        header = self._header_html(message.role, message.model)
        records = self.records(message.id) if message.id in self._token_view else None
        if records:
            self._codes[message.id] = []
            body = (token_view.tokens_html(message.id, records, self._colors.base, self._colors.text)
                    + token_view.legend_html(self._colors.base, self._colors.muted))
        else:
            rendered = self._content(message)
            self._codes[message.id] = rendered.code_blocks
            body = rendered.html
        if message.role == "assistant" and message.reasoning.strip():
            seconds = float((message.stats or {}).get("reasoning_ms") or 0) / 1000
            thinking = self._thinking_html(message.id, thought_label(seconds), self._expanded(message),
                                           message.reasoning)
            if not message.content.strip() and message.status != "streaming":
                body += no_answer_html(self._colors)
            body = thinking + body
        return message_box_html(message.role, header, body + self._footer_html(message), self._colors)

    def _thinking_html(self, message_id: int, label: str, expanded: bool, reasoning: str) -> str:
        html_text = thinking_toggle_html(message_id, label, expanded, self._colors)
        if expanded:
            html_text += reasoning_block_html(message_id, reasoning, self._colors)
        return html_text

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
    def _on_hover(self, url: QUrl) -> None:
        self._links.hover(url)

    def _on_anchor(self, url: QUrl) -> None:
        self._links.click(url)
