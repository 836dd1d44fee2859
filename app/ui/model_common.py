"""Pieces shared by the model manager's tabs: number formats, the fit badge, the message strip,
and :class:`Prompts`, every modal question in one replaceable object (tests swap its methods).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

GIB = 1024**3
MIB = 1024**2
BADGE_COLORS = {"fits": "#2e8b57", "tight": "#c98a1a", "won't fit": "#c0392b"}


def format_size(n: int | None) -> str:
    """File and memory sizes: "4.1 GB", or "350 MB" below a tenth of a gigabyte ("?" if unknown)."""
    if n is None:
        return "?"
    if n >= GIB // 10:
        return f"{n / GIB:.1f} GB"
    return f"{max(n, 0) / MIB:.0f} MB"


def format_count(n: int | None) -> str:
    """Downloads and likes: 950, 12.3k, 4.5M."""
    if n is None:
        return "–"
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f}M"
    if n >= 1_000:
        return f"{n / 1_000:.1f}k"
    return str(n)


def format_params(n: int | None) -> str:
    """Parameter counts: "135M", "7.2B"."""
    if not n:
        return "?"
    if n >= 1_000_000_000:
        return f"{n / 1e9:.1f}B"
    return f"{n / 1e6:.0f}M"


def format_duration(seconds: float | None) -> str:
    """ETA: "45 s", "12 min", "1 h 5 min"."""
    if seconds is None or seconds < 0:
        return ""
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min"
    return f"{seconds // 3600} h {seconds % 3600 // 60} min"


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

    def set_estimate(self, estimate: Any) -> None:
        """Show a FitEstimate's verdict (None: "?" with an explanation)."""
        if estimate is None:
            verdict, tip = "?", "Hearth cannot tell how much memory this model needs."
        else:
            verdict, tip = str(estimate.verdict), estimate.describe()
        color = BADGE_COLORS.get(verdict, "#777777")
        self.setText(verdict)
        self.setToolTip(f"{verdict[:1].upper()}{verdict[1:]}: {tip}" if estimate is not None else tip)
        self.setAccessibleName(f"Fit: {verdict}")
        self.setStyleSheet(f"QLabel {{ color: white; background: {color}; border-radius: 7px; padding: 1px 7px; }}")

    def verdict(self) -> str:
        return self.text()


SPEED_COLORS = {"comfortable": "#2e8b57", "slow": "#c98a1a", "crawling": "#c0392b"}


class SpeedBadge(_Badge):
    """"~35 words/s" in a coloured pill (green: comfortable, amber: slow, red: crawling);
    the tooltip has the numbers behind it.

    Signals: none.
    """

    def set_estimate(self, estimate: Any) -> None:
        """Show a SpeedEstimate (None: "?" with an explanation)."""
        if estimate is None:
            text, tip, kind = "?", "Hearth cannot tell how fast this model would be.", ""
        else:
            kind = "comfortable" if estimate.comfortable else "crawling" if estimate.crawling else "slow"
            text, tip = estimate.label(), estimate.tooltip()
        self.setText(text)
        self.setToolTip(tip)
        self.setAccessibleName(f"Speed: {text}")
        self.setAccessibleDescription(tip)
        color = SPEED_COLORS.get(kind, "#777777")
        self.setStyleSheet(f"QLabel {{ color: {color}; border: 1px solid {color}; border-radius: 7px; "
                           "padding: 0px 6px; }")

    def speed(self) -> str:
        return self.text()


class MessageStrip(QWidget):
    """A sentence with optional "Retry" and "Enter access token…" buttons; hidden when empty.

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
        self.retry_button = QPushButton("Retry", self)
        self.retry_button.setAccessibleName("Retry")
        self.retry_button.clicked.connect(self.retryRequested)
        self.token_button = QPushButton("Enter access token…", self)
        self.token_button.setAccessibleName("Enter access token")
        self.token_button.setToolTip("Paste a Hugging Face access token that has access to this repository")
        self.token_button.clicked.connect(self.tokenRequested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.token_button)
        layout.addWidget(self.retry_button)
        self.clear()

    def show_message(self, text: str, *, retry: bool = False, token: bool = False) -> None:
        self.label.setText(text)
        self.retry_button.setVisible(retry)
        self.token_button.setVisible(token)
        self.setVisible(bool(text))

    def clear(self) -> None:
        self.show_message("")

    def text(self) -> str:
        return self.label.text() if not self.isHidden() else ""


class Prompts:
    """The modal questions of the model manager. Replace a method on an instance in tests."""

    def confirm(self, parent: QWidget, title: str, text: str, action: str = "OK") -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.Cancel, parent)
        ok = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
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
            parent, "Hugging Face access token",
            "This repository needs a Hugging Face access token (huggingface.co → Settings → Access Tokens).\n"
            "Hearth stores it in its data folder, readable only by you, and never shows it again.",
            QLineEdit.EchoMode.Password)
        return token.strip() if ok and token.strip() else None

    def choose_model_file(self, parent: QWidget) -> Path | None:
        path, _ = QFileDialog.getOpenFileName(parent, "Import a model file", str(Path.home()),
                                              "GGUF models (*.gguf);;All files (*)")
        return Path(path) if path else None

    def copy_or_link(self, parent: QWidget, path: Path) -> str | None:
        """"copy", "link", or None when cancelled."""
        box = QMessageBox(QMessageBox.Icon.Question, "Import a model file",
                          f"How should Hearth add {path.name}?\n\n"
                          "Copy: Hearth keeps its own copy in its models folder (and may delete it later).\n"
                          "Link: the file stays where it is; Hearth only remembers it and never deletes it.",
                          QMessageBox.StandardButton.Cancel, parent)
        copy_button = box.addButton("Copy into Hearth's folder", QMessageBox.ButtonRole.AcceptRole)
        link_button = box.addButton("Link in place", QMessageBox.ButtonRole.AcceptRole)
        box.exec()
        clicked = box.clickedButton()
        return "copy" if clicked is copy_button else "link" if clicked is link_button else None

    def open_folder(self, folder: Path) -> bool:
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
