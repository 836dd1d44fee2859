"""The answer streaming into the chat view, painted cheaply: part of :class:`ChatView`.

Each token is inserted as plain text at the end of the document (O(1)); a throttle
re-renders only the *unstable tail* of the answer every ~90 ms. The stable part (up to the
last blank line outside a code fence, see :func:`app.ui.markdown.scan_stream`) is rendered
once and never touched again. A top-level code block streams into its box line by line:
complete lines are highlighted once and appended to the box, so a long code block does not
grow the cost either. A 20,000-token answer costs the same per token as a short one.

A reasoning model's thinking streams the same cheap way, as plain muted text under a
"Thinking…" line; when the answer begins, it folds away behind a "▸ Thought for 12 s" line.

The renderer works on its view's document and uses the view's message HTML, colours and
link bookkeeping; the view owns the finished messages.
"""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QColor, QTextBlockFormat, QTextCharFormat, QTextCursor

from app.ui import markdown as md
from app.ui.chat_font import code_families
from app.ui.document_edits import remove_range
from app.ui.live_message import LiveMessage, OpenFence
from app.engine.inspector import TokenChoice
from app.ui.message_html import MessageColors, MessageView, thinking_live_html, thought_label
from app.ui.throttle import Throttle
from app.ui import token_view
from app.ui.token_view import tint

if TYPE_CHECKING:
    from app.ui.chat_view import ChatView

_MAX_INTERVAL_MS = 1000
_RENDER_SHARE = 8  # a render that takes t ms is followed by at least 8·t ms without one
_LONG_BLOCK = 2000  # characters; Qt lays out a whole paragraph again on every insertion into it
_CONTEXT_CHARS = 400
_LIST_ITEM = re.compile(r"[ \t]*(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)")


def _may_be_loose(text: str) -> bool:
    """Whether a list in ``text`` may be loose: a blank line inside it, followed by another item or
    by an indented line that continues an item. Such a list is spaced as a whole, also the items
    already shown as final, so the answer is rendered whole at the end (erring towards whole)."""
    in_list = after_blank = False
    for line in text.split("\n"):
        if not line.strip():
            after_blank = in_list
            continue
        if _LIST_ITEM.match(line) or line[:1] in (" ", "\t"):
            if after_blank:
                return True
            in_list = in_list or bool(_LIST_ITEM.match(line))
        else:
            in_list = False
        after_blank = False
    return False


class LiveRenderer:
    """The one streaming assistant message of a :class:`ChatView`, if any (``live``)."""

    def __init__(self, view: "ChatView", interval_ms: int) -> None:
        self._view = view
        self._doc = view.browser.document()
        self.live: LiveMessage | None = None
        self._raw = QTextCursor(self._doc)  # where the plain text of tokens goes
        self._raw_format = QTextCharFormat()
        self._reasoning_format = QTextCharFormat()
        self._code_format = QTextCharFormat()
        self._code_format.setFontFamilies(code_families())
        self._code_format.setFontFixedPitch(True)
        self._code_block_format = QTextBlockFormat()  # breakable: long code lines wrap, as rendered ones do
        self._interval_ms = interval_ms
        self._throttle = Throttle(self._tick, interval_ms, view)

    def apply_theme(self, colors: MessageColors, dark: bool) -> None:
        self._reasoning_format.setForeground(QColor(colors.muted))
        code_bg, code_fg = md.code_style_colors(dark)
        self._code_block_format.setBackground(QColor(code_bg))
        self._code_format.setForeground(QColor(code_fg))

    def drop(self) -> None:
        """Forget the live message (the document was replaced)."""
        self._throttle.cancel()
        self.live = None
        self._raw = QTextCursor(self._doc)

    def reopen(self, live: LiveMessage | None) -> None:
        """Paint a live message again at the end, after the view re-rendered everything else."""
        self._throttle.cancel()
        self._raw = QTextCursor(self._doc)
        if live is not None:
            self._open(live.id, live.model, live.text(), reasoning=live.reasoning(),
                       thinking_seconds=live.thinking_seconds)

    def begin(self, message_id: int, header_model: str = "", given: list[TokenChoice] | None = None
              ) -> MessageView | None:
        """Start the streaming assistant message at the end; a live one still there is finished
        as interrupted and returned. With the view's ``inspect_live``, it streams as tinted tokens,
        starting with ``given`` (the tokens a branch keeps)."""
        interrupted = self.finish("interrupted", None, self.live.text()) if self.live is not None else None
        at_bottom = self._view._at_bottom()
        live = self._open(message_id, header_model, "")
        live.inspecting = self._view.inspect_live
        if given:
            self.append_choices(given)
        if at_bottom:
            self._view.scroll_to_bottom()
        return interrupted

    def append_choices(self, records: list[TokenChoice]) -> None:
        """Tokens with their probabilities: kept, and painted as tinted links when inspecting."""
        live = self.live
        if live is None or not records:
            return
        first = len(live.tokens)
        live.tokens.extend(records)
        if not live.inspecting:
            return
        at_bottom = self._view._at_bottom()
        colors = self._view._colors
        raw = self._raw
        for index, record in enumerate(records, first):
            text = live.decoder.decode(record.piece)
            if record.reasoning or not text:
                continue
            fmt = QTextCharFormat(self._raw_format)
            fmt.setAnchor(True)
            fmt.setAnchorHref(f"hearth:tok/{live.id}/{index}")
            if record.inspected:
                fmt.setBackground(QColor(tint(record.prob, colors.base)))
            raw.movePosition(QTextCursor.MoveOperation.End)
            if raw.block().length() > _LONG_BLOCK:
                raw.insertBlock(QTextBlockFormat(), self._raw_format)
            raw.insertText(text, fmt)
        if at_bottom:
            self._view.scroll_to_bottom()

    def append_reasoning(self, text: str) -> None:
        """Append a piece of the streaming answer's thinking: O(1), plain muted text.

        Thinking that comes after the answer began is kept and shown when the answer is final.
        """
        live = self.live
        if live is None or not text:
            return
        live.reasoning_parts.append(text)
        if live.answer_started():
            return
        at_bottom = self._view._at_bottom()
        if live.thinking_start is None:
            live.thinking_start = live.tail_start
            live.thinking_began = time.monotonic()
            self._view._insert_html(self._view._doc_end(), thinking_live_html(self._view._colors))
            self._raw.movePosition(QTextCursor.MoveOperation.End)
            self._raw.insertBlock(QTextBlockFormat(), self._reasoning_format)
        self._raw.movePosition(QTextCursor.MoveOperation.End)
        if self._raw.block().length() > _LONG_BLOCK:
            self._raw.insertBlock(QTextBlockFormat(), self._reasoning_format)
        self._raw.insertText(text, self._reasoning_format)
        if at_bottom:
            self._view.scroll_to_bottom()

    def append_text(self, text: str) -> None:
        """Append a piece of the streaming answer: O(1), plain text; Markdown follows shortly."""
        live = self.live
        if live is None or not text:
            return
        if live.thinking_start is not None and not live.collapsed:
            live.thinking_seconds = time.monotonic() - live.thinking_began
            self._fold_thinking(live, expanded=live.id in self._view._toggled)
        live.tail_parts.append(text)
        if live.inspecting:
            return  # the tokens are painted as they arrive (append_choices); the text is kept
        at_bottom = self._view._at_bottom()
        if live.fence is None:
            self._raw.movePosition(QTextCursor.MoveOperation.End)
            if self._raw.block().length() > _LONG_BLOCK:  # until the next render, continue below
                self._raw.insertBlock(QTextBlockFormat(), self._raw_format)
        self._raw.insertText(text, self._code_format if live.fence else self._raw_format)
        if at_bottom:
            self._view.scroll_to_bottom()
        self._throttle()

    def finish(self, status: str, stats: dict[str, Any] | None, content: str,
               reasoning: str = "", message: MessageView | None = None) -> MessageView | None:
        """Render the answer's final text and footer; returns it as a finished message
        (``message``, when given, says all about it: its branch, Continue, probabilities)."""
        live = self.live
        if live is None:
            return None
        self._throttle.cancel()
        if message is None or message.id != live.id:
            message = MessageView(live.id, "assistant", content, status, live.model, stats, reasoning)
        thinking_final = not reasoning or (live.collapsed and live.reasoning() == reasoning)
        if live.inspecting and message.inspectable and thinking_final and live.answer_started():
            # The tinted tokens on screen are the finished view: add the legend and footer only
            # (rendering 20,000 token links again would stall the window for half a second).
            self._view._token_view.add(live.id)
            self._view._insert_html(self._view._doc_end(), token_view.legend_html(
                self._view._colors.base, self._view._colors.muted) + self._view._footer_html(message))
            self.live = None
            return message
        if live.inspecting or not thinking_final:
            # Shown as tokens, or the thinking is still on show (no answer came) or grew after the
            # answer began: this one message is rendered whole, once.
            self._view._remove_to_end(live.start)
            self.live = None
            if live.inspecting and message.inspectable:
                self._view._token_view.add(live.id)
            self._view._insert_html(self._view._doc_end(), self._view._message_html(message))
            return message
        # A blank line between two items makes a whole list loose (spaced), also the items that
        # were already shown as final: such an answer is rendered whole, once, at the end.
        whole = _may_be_loose(content)
        if content.startswith(live.text()[:live.final_length()]) and not whole:
            live.tail_parts = [content[len(live.stable_text):]]
        else:  # the final text differs from what streamed: render it whole
            self._view._remove_to_end(live.start)
            live = self._open(live.id, live.model, content, render=False, reasoning=live.reasoning())
        self._render(footer=self._view._footer_html(message), whole=whole)
        if live.collapsed and live.thinking_start is not None:
            seconds = float((stats or {}).get("reasoning_ms") or 0) / 1000
            if thought_label(seconds) != thought_label(live.thinking_seconds):  # the engine's own timing
                remove_range(self._doc, live.thinking_start, live.answer_start)
                self._view._insert_html(live.thinking_start, self._view._thinking_html(
                    live.id, thought_label(seconds), live.id in self._view._toggled, reasoning))
        self.live = None
        return message

    def discard(self) -> None:
        """Remove the streaming message from the view, as if it had never begun."""
        live = self.live
        if live is None:
            return
        self._throttle.cancel()
        self._view._remove_to_end(live.start)
        self._view._codes.pop(live.id, None)
        self.live = None

    def _open(self, message_id: int, model: str, text: str, render: bool = True,
              reasoning: str = "", thinking_seconds: float = 0.0) -> LiveMessage:
        """Put a live message's header (and any thinking) at the end; its ``text`` is rendered now
        if ``render``."""
        start = self._view._doc_end()
        self._view._insert_html(self._view._doc_end(), self._view._header_html("assistant", model))
        live = self.live = LiveMessage(message_id, model, start, self._view._doc_end())
        self._view._codes[message_id] = []
        if reasoning:
            live.thinking_began = time.monotonic() - thinking_seconds
            if text:
                live.reasoning_parts = [reasoning]
                live.thinking_start = live.tail_start
                live.thinking_seconds = thinking_seconds
                self._fold_thinking(live, expanded=message_id in self._view._toggled)
            else:
                self.append_reasoning(reasoning)
        live.tail_parts = [text] if text else []
        if render and (text or not reasoning):
            self._render()
        return live

    def _fold_thinking(self, live: LiveMessage, expanded: bool) -> None:
        """The answer began: replace the streaming thinking with its toggle line (and, if the
        person opened it, the thinking as a finished block)."""
        assert live.thinking_start is not None
        self._view._remove_to_end(live.thinking_start)
        self._view._insert_html(self._view._doc_end(), self._view._thinking_html(
            live.id, thought_label(live.thinking_seconds), expanded, live.reasoning()))
        live.tail_start = live.answer_start = self._view._doc_end()
        live.collapsed = True
        self._raw.movePosition(QTextCursor.MoveOperation.End)
        self._raw.insertBlock(QTextBlockFormat(), self._raw_format)

    def _tick(self) -> None:
        """A throttled render. Slow ones (a huge table or list in the tail) space out the next,
        so rendering never takes more than about 1/8 of the GUI thread's time."""
        started = time.perf_counter()
        self._render()
        elapsed_ms = (time.perf_counter() - started) * 1000
        delay = max(self._interval_ms, min(_MAX_INTERVAL_MS, int(elapsed_ms * _RENDER_SHARE)))
        self._throttle.set_delay(delay)

    def _render(self, footer: str = "", whole: bool = False) -> None:
        """Render what is not final yet; with a ``footer``, everything is final; ``whole``: as one
        piece, without splitting off its final parts."""
        live = self.live
        if live is None:
            return
        at_bottom = self._view._at_bottom()
        tail = "".join(live.tail_parts)
        if footer and not tail.endswith("\n"):
            tail += "\n"  # the last line is complete now
        tail_codes: list[str] = []
        while True:
            if live.fence is not None and not whole:
                tail = self._advance_fence(live, tail, final=bool(footer))
                if live.fence is not None:
                    tail_codes = [tail[live.fence.code_start:live.fence.done]]
                    break
            self._view._remove_to_end(live.tail_start)
            cut, fence_start = md.scan_stream(tail) if not whole else (0, -1)
            cut = fence_start if fence_start >= 0 else cut
            if cut:  # final from here on: rendered once, never again
                rendered = md.render_markdown(tail[:cut], live.id, self._view._dark, len(live.stable_codes))
                self._view._insert_html(self._view._doc_end(), rendered.html)
                live.stable_text += tail[:cut]
                live.stable_codes.extend(rendered.code_blocks)
                live.tail_start = self._view._doc_end()
                tail = tail[cut:]
            if fence_start >= 0:
                self._open_fence(live, tail)
                continue
            rendered = md.render_markdown(tail, live.id, self._view._dark, len(live.stable_codes))
            tail_codes = rendered.code_blocks
            if rendered.html.strip() or footer:
                self._view._insert_html(self._view._doc_end(), rendered.html + footer)
            else:  # a fresh block for the plain text of the next tokens
                self._raw.movePosition(QTextCursor.MoveOperation.End)
                self._raw.insertBlock(QTextBlockFormat(), self._raw_format)
            break
        live.tail_parts = [tail] if tail else []
        self._view._codes[live.id] = live.stable_codes + tail_codes
        if at_bottom:
            self._view.scroll_to_bottom()

    def _open_fence(self, live: LiveMessage, tail: str) -> None:
        """Put an empty box for the code block that ``tail`` opens; its lines follow as they complete."""
        code_start = tail.index("\n") + 1
        char, length, info = md.fence_opening(tail[:code_start]) or ("`", 3, "")
        index = len(live.stable_codes)
        self._view._insert_html(self._view._doc_end(), md.code_block_html(info, live.id, index, self._view._dark))
        header = self._doc.findBlock(self._view._doc_end()).previous()  # lines go between it and the last strip
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
            lines_html = md.code_lines_html(lines, fence.language, self._view._dark, before)
            fence.box_end = self._view._insert_html(fence.box_end, lines_html, collapse=False)
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
        live.tail_start = self._view._doc_end()
        return tail[end:]

    # ----------------------------------------------------------------- document
