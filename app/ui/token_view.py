"""The next-token inspector's look: an answer as tokens tinted by how sure the model was.

Each token of the answer is a link (``hearth:tok/<message>/<index>``) on a tint that deepens as
the model's probability of it falls — one hue in five steps of strength, so it reads the same
for every kind of colour vision, and the likeliest tokens (90 % and up) stay untinted, which
keeps a confident answer calm. Hovering a token shows the alternatives with bars and
percentages (:func:`alternatives_html`); the legend explains the steps.

Token bytes that are not whole UTF-8 characters on their own (byte-fallback pieces) are joined
with the tokens that complete them, and shown as ``<0xE2>`` where nothing completes them.

The words are translated (context ``token_view``), percentages written in the current locale.
"""

from __future__ import annotations

import codecs
import html
from typing import Callable, Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale
from PySide6.QtGui import QColor

from app.engine.inspector import TokenChoice, piece_text

# Upper bounds of the probability steps, the tint strength of each (0: no tint) and its label
# (in English; shown translated).
STEPS: tuple[tuple[float, float, str], ...] = (
    (0.05, 0.62, str(QT_TRANSLATE_NOOP("token_view", "under 5 %"))),
    (0.25, 0.42, str(QT_TRANSLATE_NOOP("token_view", "5–25 %"))),
    (0.50, 0.26, str(QT_TRANSLATE_NOOP("token_view", "25–50 %"))),
    (0.90, 0.12, str(QT_TRANSLATE_NOOP("token_view", "50–90 %"))),
    (1.01, 0.0, str(QT_TRANSLATE_NOOP("token_view", "90 % or more"))),
)
_HUE = QColor("#E69F00")  # Okabe-Ito orange: distinct from the links' blue for every colour vision
_BAR_CHARS = 20


def tint(prob: float, base: str) -> str:
    """The background colour for a token of probability ``prob`` over the view's ``base``."""
    strength = next(s for bound, s, _ in STEPS if prob < bound)
    b = QColor(base)
    mix = lambda x, y: round(x + (y - x) * strength)  # noqa: E731
    return QColor(mix(b.red(), _HUE.red()), mix(b.green(), _HUE.green()), mix(b.blue(), _HUE.blue())).name()


def display_texts(records: Sequence[TokenChoice]) -> list[str]:
    """What each token shows: its text, with characters split across tokens shown whole on the
    token that completes them, and bytes that never complete shown as ``<0xNN>``."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    out: list[str] = []
    pending = b""
    for record in records:
        pending += record.piece
        try:
            out.append(decoder.decode(record.piece))
            pending = b""
        except UnicodeDecodeError:
            decoder.reset()
            out.append(piece_text(pending))
            pending = b""
    if decoder.getstate()[0]:  # bytes left waiting at the end
        out[-1] = out[-1] + piece_text(decoder.getstate()[0])
    return out


def tokens_html(message_id: int, records: Sequence[TokenChoice], base: str, text_color: str) -> str:
    """The answer's visible tokens (not its thinking) as tinted links, in one pre-wrapped paragraph."""
    spans = []
    for index, (record, text) in enumerate(zip(records, display_texts(records))):
        if record.reasoning or not text:
            continue
        background = f"background-color:{tint(record.prob, base)};" if record.inspected else ""
        spans.append(f'<a href="hearth:tok/{message_id}/{index}" style="{background} color:{text_color}; '
                     f'text-decoration:none;">{html.escape(text)}</a>')
    return f'<p style="white-space:pre-wrap; margin-top:0px;">{"".join(spans)}</p>'


def legend_html(base: str, muted: str) -> str:
    """One line that explains the tints."""
    swatches = " ".join(
        f'<span style="background-color:{tint(bound - 0.001, base)};">&nbsp;&nbsp;&nbsp;</span>&nbsp;'
        f'{html.escape(QCoreApplication.translate("token_view", label))}'
        for bound, _strength, label in STEPS)
    sentence = html.escape(QCoreApplication.translate(
        "token_view", "The model's probability of each token: {steps}. Hover a token for the alternatives; "
        "click it to branch."))
    return (f'<p style="margin-top:2px; margin-bottom:2px; font-size:small; color:{muted};">'
            f"{sentence.format(steps=swatches)}</p>")


def percent(prob: float) -> str:
    """A probability as a percentage, e.g. "42.0 %" (in the locale's way of writing numbers)."""
    if prob >= 0.9995:
        value = QLocale().toString(100)
    elif prob >= 0.0001:
        value = QLocale().toString(prob * 100, "f", 1 if prob >= 0.01 else 2)
    else:
        value = QLocale().toString(0.01, "f", 2)
        return QCoreApplication.translate("token_view", "< {value} %").format(value=value)
    return QCoreApplication.translate("token_view", "{value} %").format(value=value)


def alternatives_html(record: TokenChoice, bar_color: str) -> str:
    """The popover over a token: each alternative with a bar and its percentage, the chosen marked."""
    rows = []
    chosen_listed = False
    for alt in record.top:
        chosen = alt.token == record.token
        chosen_listed |= chosen
        width = max(1, round(alt.prob * 160))
        label = html.escape(_visible(piece_text(alt.piece)))
        mark = "✓ " if chosen else ""
        rows.append(f"<tr><td>{'<b>' if chosen else ''}{mark}{label}{'</b>' if chosen else ''}</td>"
                    f'<td><table cellspacing="0" cellpadding="0"><tr><td width="{width}" bgcolor="{bar_color}">'
                    f"&nbsp;</td></tr></table></td><td align=\"right\">{html.escape(percent(alt.prob))}</td></tr>")
    if not chosen_listed:
        rows.append(f"<tr><td><b>✓ {html.escape(_visible(piece_text(record.piece)))}</b></td>"
                    f"<td>#{QLocale().toString(record.rank)}</td>"
                    f"<td align=\"right\">{html.escape(percent(record.prob))}</td></tr>")
    title = html.escape(QCoreApplication.translate("token_view", "{token}: {percent}, the model's choice #{rank}"))
    title = title.format(token=f"<b>{html.escape(_visible(piece_text(record.piece)))}</b>",
                         percent=html.escape(percent(record.prob)), rank=QLocale().toString(record.rank))
    return f"<p>{title}</p><table cellspacing=\"4\">{''.join(rows)}</table>"


def token_tooltip(href: str, records_of: Callable[[int], Sequence[TokenChoice] | None], bar_color: str) -> str:
    """The popover for a ``hearth:tok/<message>/<index>`` link, or "" when it is not one."""
    if not href.startswith("hearth:tok/"):
        return ""
    try:
        message_id, index = (int(x) for x in href.split("/")[1:3])
        record = (records_of(message_id) or [])[index]
    except (ValueError, IndexError):
        return ""
    if not record.inspected:
        return ""
    click = html.escape(QCoreApplication.translate("token_view", "Click to branch from here."))
    return alternatives_html(record, bar_color) + f"<p><i>{click}</i></p>"


def menu_label(text: str, prob: float, chosen: bool) -> str:
    """An alternative in the "branch from here" menu: a text bar, the percentage, the token."""
    filled = min(_BAR_CHARS, round(prob * _BAR_CHARS))
    bar = "█" * filled + "░" * (_BAR_CHARS - filled)
    label = f"{percent(prob):>8}  {bar}  {_visible(text)}"
    if chosen:
        return QCoreApplication.translate("token_view", "{alternative}   ✓ chosen").format(alternative=label)
    return label


def _visible(text: str) -> str:
    """Whitespace made visible: a token that is a space or a line break must not look empty."""
    return text.replace("\n", "↵").replace("\t", "⇥") if text.strip() else (
        text.replace(" ", "␣").replace("\n", "↵").replace("\t", "⇥") or "∅")
