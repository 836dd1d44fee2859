"""The chrome around each message in the chat view: its colours, role line, footer and box.

QTextDocument has no style sheets for classes, so every colour is written into
the HTML; :func:`message_colors` derives them from the widget palette. The
footer's links use the view's ``hearth:copy/<id>``, ``hearth:edit/<id>`` and
``hearth:regenerate/<id>`` URLs. The message text itself comes from
:func:`app.ui.markdown.render_markdown` (answers) or :func:`typed_text_html`
(what the user typed).

Every word shown goes through Qt's translation system (context ``message_html``) as a whole
sentence with named placeholders; numbers are written by :class:`QLocale`.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtGui import QColor, QPalette


@dataclass(frozen=True)
class MessageView:
    """What the chat view needs to show one message."""

    id: int
    role: str                    # "user", "assistant" or "system"
    content: str
    status: str = "complete"     # "complete", "streaming", "cancelled", "error", "interrupted"
    model: str = ""
    stats: dict[str, Any] | None = None
    reasoning: str = ""          # an answer's thinking, shown folded above it
    branch: tuple[int, int] = (0, 1)  # its place among its siblings (index, count): "‹ 2 / 3 ›"
    continuable: bool = False    # a stopped or cut-off last answer: offer Continue
    inspectable: bool = False    # it has token probabilities to show


@dataclass(frozen=True)
class MessageColors:
    """Colours written into a message's HTML (QTextDocument has no class styles to switch)."""

    base: str
    text: str
    muted: str
    user_bg: str
    user_label: str
    assistant_label: str
    error: str
    link: str
    thinking_bg: str = "#f6f8fa"


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    return QColor.fromRgbF(*(x + (y - x) * t for x, y in zip(a.getRgbF()[:3], b.getRgbF()[:3])))


def message_colors(palette: QPalette, dark: bool) -> MessageColors:
    """Colours from the widget palette, or stock ones when the palette does not match ``dark``."""
    role = QPalette.ColorRole
    base, text, link = palette.color(role.Base), palette.color(role.Text), palette.color(role.Link)
    if (base.lightness() < 128) != dark:  # the palette has not been switched (yet)
        stock = ("#1e1f22", "#e6e6e6", "#58a6ff") if dark else ("#ffffff", "#1f2328", "#0969da")
        base, text, link = (QColor(c) for c in stock)
    accent = palette.color(role.Highlight)
    return MessageColors(
        base=base.name(),
        text=text.name(),
        muted=_mix(text, base, 0.38 if dark else 0.34).name(),  # readable: WCAG AA on every panel
        user_bg=_mix(base, accent, 0.10 if dark else 0.09).name(),
        user_label=(accent.lighter(140) if dark else accent.darker(115)).name(),
        assistant_label="#3fb950" if dark else "#1a7f37",
        error="#f85149" if dark else "#cf222e",
        link=link.name(),
        thinking_bg=_mix(base, text, 0.06 if dark else 0.035).name(),
    )


def _number(value: float, decimals: int = 0) -> str:
    """A number as people of the current locale write it (digit grouping, decimal mark)."""
    if decimals:
        return QLocale().toString(float(value), "f", decimals)
    return QLocale().toString(int(round(value)))


def _tokens(n: int) -> str:
    if n == 1:
        return QCoreApplication.translate("message_html", "1 token")
    return QCoreApplication.translate("message_html", "{count} tokens").format(count=_number(n))


def _restored(n: int) -> str:
    if n == 1:
        return QCoreApplication.translate(
            "message_html", "resumed instantly from saved memory (1 token not read again)")
    return QCoreApplication.translate(
        "message_html", "resumed instantly from saved memory ({count} tokens not read again)"
    ).format(count=_number(n))


def _dropped(n: int) -> str:
    if n == 1:
        return QCoreApplication.translate("message_html", "the oldest message was outside the context")
    return QCoreApplication.translate(
        "message_html", "the oldest {count} messages were outside the context").format(count=_number(n))


def ending_note(status: str, stats: dict[str, Any] | None) -> str:
    """How an answer ended when it did not end by itself: "stopped", "cut off at the token limit",
    "interrupted", the error; "" for a complete answer."""
    stats = stats or {}
    if status == "cancelled":
        return QCoreApplication.translate("message_html", "stopped")
    if status == "interrupted":
        return QCoreApplication.translate("message_html", "interrupted")
    if status == "error":
        error = stats.get("error") or QCoreApplication.translate("message_html", "the answer failed")
        return QCoreApplication.translate("message_html", "Error: {error}").format(error=error)
    if stats.get("finish_reason") == "length":
        return QCoreApplication.translate("message_html", "cut off at the token limit")
    if stats.get("finish_reason") == "context_full":
        return QCoreApplication.translate("message_html", "cut off: the context is full")
    return ""


def format_stats(status: str, stats: dict[str, Any] | None) -> str:
    """The footer text, e.g. "42.1 tok/s · 180 ms to first token · 312 tokens · stopped"."""
    stats = stats or {}
    parts = []
    if stats.get("decode_tok_s"):
        parts.append(QCoreApplication.translate("message_html", "{rate} tok/s").format(
            rate=_number(stats["decode_tok_s"], 1)))
    if stats.get("ttft_ms"):
        parts.append(QCoreApplication.translate("message_html", "{ms} ms to first token").format(
            ms=_number(stats["ttft_ms"])))
    if stats.get("completion_tokens"):
        parts.append(_tokens(int(stats["completion_tokens"])))
    if stats.get("kv_restored"):
        parts.append(_restored(int(stats["kv_restored"])))
    if stats.get("dropped_messages"):
        parts.append(_dropped(int(stats["dropped_messages"])))
    if note := ending_note(status, stats):
        parts.append(note)
    return " · ".join(parts)


def message_header_html(role: str, model: str, c: MessageColors) -> str:
    """The role line: "You", "System", or "Assistant · <model>"."""
    if role == "user":
        you = html.escape(QCoreApplication.translate("message_html", "You"))
        return f'<p style="margin-top:0px; margin-bottom:4px;"><b style="color:{c.user_label};">{you}</b></p>'
    if role == "system":
        system = html.escape(QCoreApplication.translate("message_html", "System"))
        return f'<p style="margin-top:14px; margin-bottom:2px;"><b style="color:{c.muted};">{system}</b></p>'
    assistant = html.escape(QCoreApplication.translate("message_html", "Assistant"))
    model_html = f'<span style="color:{c.muted};"> · {html.escape(model)}</span>' if model else ""
    return (
        f'<p style="margin-top:16px; margin-bottom:4px;">'
        f'<b style="color:{c.assistant_label};">{assistant}</b>{model_html}</p>'
    )


def message_footer_html(m: MessageView, c: MessageColors, showing_tokens: bool = False) -> str:
    """The line under a message: for answers their figures and Copy · Regenerate (· Continue ·
    Probabilities), for the user's Copy · Edit; then "‹ 2 / 3 ›" and Delete when it has siblings."""
    def link(action: str, label: str, title: str = "") -> str:
        tip = f' title="{html.escape(title)}"' if title else ""
        return f'<a href="hearth:{action}/{m.id}"{tip}>{html.escape(label)}</a>'

    index, count = m.branch
    branches = ""
    if count > 1:
        prev = (link("prev", "‹", QCoreApplication.translate("message_html", "Previous version")) if index > 0
                else f'<span style="color:{c.muted};">‹</span>')
        nxt = (link("next", "›", QCoreApplication.translate("message_html", "Next version")) if index < count - 1
               else f'<span style="color:{c.muted};">›</span>')
        where = html.escape(QCoreApplication.translate("message_html", "{index} / {count}").format(
            index=_number(index + 1), count=_number(count)))
        delete = link("delete-branch", QCoreApplication.translate("message_html", "Delete this version"))
        branches = f"&nbsp;&nbsp;&nbsp;{prev} {where} {nxt}&nbsp;&nbsp;{delete}"
    copy = link("copy", QCoreApplication.translate("message_html", "Copy"))
    if m.role == "user":
        edit = link("edit", QCoreApplication.translate("message_html", "Edit"))
        return f'<p style="margin-top:4px; margin-bottom:0px; font-size:small;">{copy} · {edit}{branches}</p>'
    if m.role != "assistant":
        return ""
    info = format_stats(m.status, m.stats)
    colour = c.error if m.status == "error" else c.muted
    info_html = f'<span style="color:{colour};">{html.escape(info)}</span>&nbsp;&nbsp;&nbsp;' if info else ""
    links = [copy, link("regenerate", QCoreApplication.translate("message_html", "Regenerate"))]
    if m.continuable:
        links.append(link("continue", QCoreApplication.translate("message_html", "Continue")))
    if m.inspectable:
        links.append(link("inspect", QCoreApplication.translate("message_html", "Text") if showing_tokens
                          else QCoreApplication.translate("message_html", "Probabilities")))
    return (f'<p style="margin-top:4px; margin-bottom:8px; font-size:small;">{info_html}'
            f'{" · ".join(links)}{branches}</p>')


def thought_label(seconds: float | None, thinking: bool = False) -> str:
    """"Thinking…" while it thinks, then "Thought for 12 s" (or "Thought briefly")."""
    if thinking:
        return QCoreApplication.translate("message_html", "Thinking…")
    if seconds is None or seconds < 1:
        return QCoreApplication.translate("message_html", "Thought briefly")
    if seconds < 90:
        return QCoreApplication.translate("message_html", "Thought for {seconds} s").format(
            seconds=_number(seconds))
    return QCoreApplication.translate("message_html", "Thought for {minutes} min").format(
        minutes=_number(seconds / 60))


def thinking_toggle_html(message_id: int, label: str, expanded: bool, c: MessageColors) -> str:
    """The line above an answer that shows or hides the model's thinking."""
    arrow = "▾" if expanded else "▸"
    return (f'<p style="margin-top:2px; margin-bottom:6px;"><a href="hearth:thinking/{message_id}" '
            f'style="color:{c.muted}; text-decoration:none;">{arrow} {html.escape(label)}</a></p>')


def thinking_live_html(c: MessageColors) -> str:
    """The line that heads the thinking while it streams in."""
    return (f'<p style="margin-top:2px; margin-bottom:4px;"><i style="color:{c.muted};">'
            f'{html.escape(thought_label(None, thinking=True))}</i></p>')


def reasoning_block_html(message_id: int, reasoning: str, c: MessageColors) -> str:
    """The thinking itself: muted, as written (not Markdown), on a faint panel, with Copy."""
    text = html.escape(reasoning.strip())
    copy = html.escape(QCoreApplication.translate("message_html", "Copy thinking"))
    return (
        f'<table width="100%" cellspacing="0" cellpadding="8" border="0" bgcolor="{c.thinking_bg}" '
        f'style="margin-bottom:8px;"><tr><td><p style="white-space:pre-wrap; margin:0px; color:{c.muted};">'
        f'{text}</p><p style="margin-top:4px; margin-bottom:0px; font-size:small;">'
        f'<a href="hearth:copy-thinking/{message_id}">{copy}</a></p></td></tr></table>'
    )


def no_answer_html(c: MessageColors) -> str:
    """Said in place of the answer when the model was still thinking when it stopped."""
    sentence = QCoreApplication.translate(
        "message_html", "The model was still thinking when it stopped, so it gave no answer. "
        "Regenerate, raise Max tokens, or switch Thinking off.")
    return f'<p style="margin-top:4px;"><i style="color:{c.muted};">{html.escape(sentence)}</i></p>'


def typed_text_html(text: str) -> str:
    """What the user typed, shown as typed (escaped, line breaks kept), not as Markdown."""
    return f'<p style="white-space:pre-wrap; margin-top:0px;">{html.escape(text)}</p>'


def message_box_html(role: str, header_html: str, body_html: str, c: MessageColors) -> str:
    """A whole message: the user's on a tinted box, the system prompt muted, answers plain."""
    if role == "user":
        return (
            f'<table width="100%" cellspacing="0" cellpadding="10" border="0" bgcolor="{c.user_bg}" '
            f'style="margin-top:14px; margin-bottom:4px;"><tr><td>{header_html}{body_html}</td></tr></table>'
        )
    if role == "system":
        return f'{header_html}<div style="color:{c.muted};">{body_html}</div>'
    return header_html + body_html
