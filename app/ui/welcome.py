"""The first-run welcome as a dialog: :class:`~app.ui.welcome_page.WelcomePage` in a window of its own.

:func:`maybe_show_welcome` shows :class:`WelcomeDialog` once (``AppSettings.welcome_shown``);
:func:`show_welcome` reopens it from the Help menu. What the welcome says, recommends and
downloads is the page's (:mod:`app.ui.welcome_page`); the dialog only gives it a window that
grows with its sentences, and closes when the page is done.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from app.ui.icons import app_icon
from app.ui.welcome_page import (  # noqa: F401 - re-exported for the welcome's callers
    AUTO,
    WelcomePage,
    later_text,
    privacy_text,
    recommend_for_this_computer,
)
from model_store.recommend import (  # noqa: F401 - re-exported for the dialog's callers
    RECOMMEND_CTX,
    SUGGESTED_MODELS,
    Recommendation,
    SuggestedModel,
    recommend_model,
)

WIDTH = 580
# The page's widgets and state, reached through the dialog as before the page existed.
_FROM_PAGE = frozenset({"bridge", "starter", "recommendation", "job_id", "title", "starter_label", "privacy_label",
                        "start_button", "models_button", "download_button", "retry_button", "progress", "status",
                        "model_label", "reason_label", "start_download"})


def __getattr__(name: str) -> Any:
    """``LATER`` and ``PRIVACY``, once constants, in the language now installed."""
    texts = {"LATER": later_text, "PRIVACY": privacy_text}
    if name in texts:
        return texts[name]()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class WelcomeDialog(QDialog):
    """The first-run welcome (also Help → Welcome…): a :class:`WelcomePage` in a dialog.

    "Start chatting" accepts, Esc rejects ("not now"), "Browse models…" accepts and then asks
    for the Models window. The page's widgets are reachable as the dialog's attributes
    (``start_button``, ``status``, ``recommendation``…).

    Signals:
        modelsRequested(): the person asked for the Models window (the dialog has closed).
    """

    modelsRequested = Signal()

    def __init__(self, bridge: Any, parent: QWidget | None = None, *, starter: Path | None = AUTO,
                 recommendation: Recommendation | None = AUTO) -> None:
        super().__init__(parent)
        self.page = WelcomePage(bridge, self, starter=starter, recommendation=recommendation)
        self.setWindowTitle(self.tr("Welcome to Hearth"))
        self.setAccessibleName(self.tr("Welcome to Hearth"))
        self.setWindowIcon(app_icon())
        self.setMinimumWidth(WIDTH - 60)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(self.page)
        self.page.startRequested.connect(self.accept)
        self.page.dismissed.connect(self.reject)
        self.page.modelsRequested.connect(self._open_models)
        # once the new text's size has reached the layout
        self.page.statusChanged.connect(lambda _text: QTimer.singleShot(0, self._fit_height))
        self.page.start_button.setFocus()
        self._fit_height()

    def __getattr__(self, name: str) -> Any:
        if name in _FROM_PAGE:
            return getattr(self.page, name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def _fit_height(self) -> None:
        """Grow to show every wrapped line (a top-level window does not do it by itself)."""
        layout = self._layout
        layout.activate()
        width = self.width() if self.isVisible() else WIDTH
        needed = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else layout.totalSizeHint().height()
        if needed > self.height() or not self.isVisible():
            self.resize(width, needed)

    @Slot()
    def _open_models(self) -> None:
        self.accept()
        self.modelsRequested.emit()


def show_welcome(window: Any, settings: Any = None) -> WelcomeDialog:
    """Show the welcome over ``window`` (a MainWindow), or raise the one already open.

    Closing it in any way sets ``welcome_shown`` in ``settings`` (default: the window's) and saves it.
    """
    settings = settings if settings is not None else window.settings
    for existing in window.findChildren(WelcomeDialog):
        if existing.isVisible():
            existing.raise_()
            existing.activateWindow()
            return existing
    dialog = WelcomeDialog(window.model_store, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def closed(_result: int) -> None:
        settings.welcome_shown = True
        settings.write()

    dialog.finished.connect(closed)
    if hasattr(window, "open_models"):
        dialog.modelsRequested.connect(lambda: window.open_models("discover"))
    dialog.open()
    return dialog


def maybe_show_welcome(window: Any, settings: Any) -> WelcomeDialog | None:
    """Show the welcome on the first launch only; None when it was shown before."""
    if settings.welcome_shown:
        return None
    return show_welcome(window, settings)
