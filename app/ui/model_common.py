"""Pieces shared by the model manager's tabs: number formats, the fit badge, the message strip,
and :class:`Prompts`, every modal question in one replaceable object (tests swap its methods).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from model_store.units import size_parts
from app.ui.texts import localize

# Green, amber, red and grey, readable (WCAG AA) as text on each theme's backgrounds; the light
# set also carries white text when used as a fill.
_STATUS_LIGHT = {"good": "#1f7a45", "warn": "#8a5a00", "bad": "#b3261e", "none": "#5f6368"}
_STATUS_DARK = {"good": "#4cc38a", "warn": "#e3a72f", "bad": "#ff7b72", "none": "#a0a4aa"}
_STATUS_OF = {"fits": "good", "comfortable": "good", "tight": "warn", "slow": "warn", "won't fit": "bad",
              "crawling": "bad"}


def badge_color(kind: str, dark: bool | None = None) -> str:
    """The colour of a fit verdict or speed kind ("fits", "slow"…; anything else is grey) as text
    on the current theme's background (``dark`` None: the application palette decides)."""
    if dark is None:
        dark = QApplication.palette().color(QPalette.ColorRole.Base).lightness() < 128
    return (_STATUS_DARK if dark else _STATUS_LIGHT)[_STATUS_OF.get(kind, "none")]


def _locale() -> QLocale:
    """The default locale, or US English when none was chosen (the "C" locale groups no digits)."""
    locale = QLocale()
    if locale.language() == QLocale.Language.C:
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    return locale


def format_number(n: int) -> str:
    """A whole number with the locale's digit grouping: "8,192" in English."""
    return _locale().toString(int(n))


def format_decimal(value: float, decimals: int) -> str:
    """A decimal number with the locale's decimal separator: "4.12" in English, "4,12" in German."""
    return _locale().toString(float(value), "f", decimals)


def format_significant(value: float, digits: int) -> str:
    """A number with ``digits`` significant digits and the locale's decimal separator: "0.6062"."""
    return _locale().toString(float(value), "g", digits)


def format_size(n: int | float | None) -> str:
    """File and memory sizes the macOS way (decimal units, three significant digits; see
    :mod:`model_store.units`): "98.4 MB", "4.12 GB", "950 KB", with the locale's decimal separator
    ("?" if unknown)."""
    if n is None:
        return "?"
    value, decimals, unit = size_parts(n)
    if unit != "bytes":
        return f"{format_decimal(value, decimals)} {unit}"
    if value == 1:
        return QCoreApplication.translate("model_common", "1 byte")
    return QCoreApplication.translate("model_common", "{n} bytes").format(n=format_number(int(value)))


def format_count(n: int | None) -> str:
    """Downloads and likes: 950, 12.3k, 4.5M (the locale's decimal separator)."""
    if n is None:
        return "–"
    if n >= 1_000_000:
        return f"{format_decimal(n / 1_000_000, 1)}M"
    if n >= 1_000:
        return f"{format_decimal(n / 1_000, 1)}k"
    return str(n)


def format_params(n: int | None) -> str:
    """Parameter counts: "135M", "7.2B" (the locale's decimal separator)."""
    if not n:
        return "?"
    if n >= 1_000_000_000:
        return f"{format_decimal(n / 1e9, 1)}B"
    return f"{format_decimal(n / 1e6, 0)}M"


def format_duration(seconds: float | None) -> str:
    """ETA: "45 s", "12 min", "1 h 5 min"."""
    if seconds is None or seconds < 0:
        return ""
    seconds = int(seconds)
    if seconds < 60:
        return QCoreApplication.translate("model_common", "{n} s").format(n=seconds)
    if seconds < 3600:
        return QCoreApplication.translate("model_common", "{n} min").format(n=seconds // 60)
    return QCoreApplication.translate("model_common", "{h} h {m} min").format(h=seconds // 3600,
                                                                               m=seconds % 3600 // 60)


def format_date(value: Any) -> str:
    """A date from a datetime, an ISO string or a timestamp: "2024-05-01"; "" when unknown."""
    if value is None or value == "":
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, (int, float)):
        from datetime import datetime
        return datetime.fromtimestamp(value).strftime("%Y-%m-%d")
    return str(value)[:10]


def verdict_text(verdict: str) -> str:
    """A fit verdict ("fits", "tight", "won't fit") in the user's language."""
    texts = {"fits": QCoreApplication.translate("model_common", "fits"),
             "tight": QCoreApplication.translate("model_common", "tight"),
             "won't fit": QCoreApplication.translate("model_common", "won't fit")}
    return texts.get(verdict, verdict)


AUTO_CTX_CAP = 8192  # LoadParams: n_ctx 0 means the model's trained context, capped at this


def effective_ctx(n_ctx: int, info: Any = None) -> int:
    """The context length a load would use: ``n_ctx``, or for 0 the trained one capped at 8192."""
    if n_ctx > 0:
        return n_ctx
    trained = int(getattr(info, "context_length", 0) or 0)
    return min(trained, AUTO_CTX_CAP) if trained else AUTO_CTX_CAP


_PARAMS_RE = re.compile(r"(?<![A-Za-z0-9.])(?:(\d+)x)?(\d+(?:\.\d+)?)([BbMm])(?![A-Za-z])")


def guess_n_params(*names: str) -> int | None:
    """Parameter count from a name such as "Llama-3.1-8B-Instruct" or "Mixtral-8x7B"; None if absent."""
    for name in names:
        for match in _PARAMS_RE.finditer(name.replace("_", "-")):
            experts, number, unit = match.groups()
            value = float(number) * (1e9 if unit in "Bb" else 1e6) * (int(experts) if experts else 1)
            if value >= 1e6:
                return int(value)
    return None


class _Badge(QLabel):
    """A centred label that shows an estimate (None at first)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.set_estimate(None)

    def set_estimate(self, estimate: Any) -> None:
        raise NotImplementedError


class FitBadge(_Badge):
    """"fits" / "tight" / "won't fit" in a coloured pill; the tooltip has the numbers.

    Signals: none.
    """

    _verdict = "?"

    def set_estimate(self, estimate: Any) -> None:
        """Show a FitEstimate's verdict (None: "?" with an explanation)."""
        if estimate is None:
            verdict, tip = "?", self.tr("Hearth cannot tell how much memory this model needs.")
        else:
            verdict, tip = str(estimate.verdict), localize(estimate.describe())
        self._verdict = verdict
        shown = verdict_text(verdict)
        color = badge_color(verdict, dark=False)  # a fill under white text, in both themes
        self.setText(shown)
        self.setToolTip(self.tr("{Verdict}: {numbers}").format(Verdict=shown[:1].upper() + shown[1:], numbers=tip)
                        if estimate is not None else tip)
        self.setAccessibleName(self.tr("Fit: {verdict}").format(verdict=shown))
        self.setAccessibleDescription(tip)
        self.setStyleSheet(f"QLabel {{ color: white; background: {color}; border-radius: 7px; padding: 1px 7px; }}")

    def verdict(self) -> str:
        """The verdict as the estimate gives it ("fits", "tight", "won't fit" or "?"), in any language."""
        return self._verdict


class SpeedBadge(_Badge):
    """"~35 words/s" in a coloured pill (green: comfortable, amber: slow, red: crawling);
    the tooltip has the numbers behind it.

    Signals: none.
    """

    def set_estimate(self, estimate: Any) -> None:
        """Show a SpeedEstimate (None: "?" with an explanation)."""
        if estimate is None:
            text, tip, kind = "?", self.tr("Hearth cannot tell how fast this model would be."), ""
        else:
            kind = "comfortable" if estimate.comfortable else "crawling" if estimate.crawling else "slow"
            text, tip = localize(estimate.label()), localize(estimate.tooltip())
        self.setText(text)
        self.setToolTip(tip)
        self.setAccessibleName(self.tr("Speed: {speed}").format(speed=text))
        self.setAccessibleDescription(tip)
        color = badge_color(kind)
        self.setStyleSheet(f"QLabel {{ color: {color}; border: 1px solid {color}; border-radius: 7px; "
                           "padding: 0px 6px; }")

    def speed(self) -> str:
        return self.text()


class MessageStrip(QWidget):
    """A sentence with optional "Retry" and "Enter access token…" buttons; hidden when empty.

    ``name`` is the sentence's accessible name (already translated by the caller).

    Signals:
        retryRequested(): "Retry" was clicked.
        tokenRequested(): "Enter access token…" was clicked.
    """

    retryRequested = Signal()
    tokenRequested = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setAccessibleName(name)
        self.retry_button = QPushButton(self.tr("Retry"), self)
        self.retry_button.setAccessibleName(self.tr("Retry"))
        self.retry_button.setAccessibleDescription(self.tr("Try the same request again"))
        self.retry_button.clicked.connect(self.retryRequested)
        self.token_button = QPushButton(self.tr("Enter access token…"), self)
        self.token_button.setAccessibleName(self.tr("Enter access token"))
        tip = self.tr("Paste a Hugging Face access token that has access to this repository")
        self.token_button.setToolTip(tip)
        self.token_button.setAccessibleDescription(tip)
        self.token_button.clicked.connect(self.tokenRequested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.token_button)
        layout.addWidget(self.retry_button)
        self.clear()

    def show_message(self, text: str, *, retry: bool = False, token: bool = False) -> None:
        self.label.setText(localize(text))
        self.retry_button.setVisible(retry)
        self.token_button.setVisible(token)
        self.setVisible(bool(text))

    def clear(self) -> None:
        self.show_message("")

    def text(self) -> str:
        return self.label.text() if not self.isHidden() else ""


class Prompts:
    """The modal questions of the model manager. Replace a method on an instance in tests.

    Titles, texts and action names come translated from the callers.
    """

    def confirm(self, parent: QWidget, title: str, text: str, action: str = "") -> bool:
        """Ask a yes/no question; ``action`` names the accepting button ("OK" when empty)."""
        box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.Cancel, parent)
        ok = box.addButton(action or QCoreApplication.translate("Prompts", "OK"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is ok

    def inform(self, parent: QWidget, title: str, text: str) -> None:
        QMessageBox.information(parent, title, text)

    def error(self, parent: QWidget, title: str, text: str) -> None:
        QMessageBox.warning(parent, title, text)

    def ask_token(self, parent: QWidget) -> str | None:
        """A Hugging Face token, typed in password mode; None when cancelled."""
        token, ok = QInputDialog.getText(
            parent, QCoreApplication.translate("Prompts", "Hugging Face access token"),
            QCoreApplication.translate(
                "Prompts",
                "This repository needs a Hugging Face access token (huggingface.co → Settings → Access Tokens).\n"
                "Hearth stores it in its data folder, readable only by you, and never shows it again."),
            QLineEdit.EchoMode.Password)
        return token.strip() if ok and token.strip() else None

    def choose_model_file(self, parent: QWidget) -> Path | None:
        path, _ = QFileDialog.getOpenFileName(
            parent, QCoreApplication.translate("Prompts", "Import a model file"), str(Path.home()),
            QCoreApplication.translate("Prompts", "GGUF models (*.gguf);;All files (*)"))
        return Path(path) if path else None

    def copy_or_link(self, parent: QWidget, path: Path) -> str | None:
        """"copy", "link", or None when cancelled."""
        text = QCoreApplication.translate(
            "Prompts",
            "How should Hearth add {name}?\n\n"
            "Copy: Hearth keeps its own copy in its models folder (and may delete it later).\n"
            "Link: the file stays where it is; Hearth only remembers it and never deletes it.").format(name=path.name)
        box = QMessageBox(QMessageBox.Icon.Question, QCoreApplication.translate("Prompts", "Import a model file"),
                          text, QMessageBox.StandardButton.Cancel, parent)
        copy_button = box.addButton(QCoreApplication.translate("Prompts", "Copy into Hearth's folder"),
                                    QMessageBox.ButtonRole.AcceptRole)
        link_button = box.addButton(QCoreApplication.translate("Prompts", "Link in place"),
                                    QMessageBox.ButtonRole.AcceptRole)
        box.exec()
        clicked = box.clickedButton()
        return "copy" if clicked is copy_button else "link" if clicked is link_button else None

    def open_folder(self, folder: Path) -> bool:
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
