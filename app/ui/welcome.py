"""The first-run welcome, inside the main window: :class:`~app.ui.welcome_page.WelcomePage` takes
the chat's place until the person starts chatting.

:func:`maybe_show_welcome` shows it once (``AppSettings.welcome_shown``); :func:`show_welcome`
brings it back from the Help menu. It is part of the window, not a dialog over it: the model
list, the chats and the message box stay usable, and sending a message ends it too. What the
welcome says, recommends and downloads is the page's (:mod:`app.ui.welcome_page`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from app.ui.welcome_page import AUTO, WelcomePage  # noqa: F401 - re-exported for the welcome's callers
from app.ui.welcome_texts import (  # noqa: F401 - re-exported for the welcome's callers
    later_text,
    privacy_text,
    recommend_for_this_computer,
)
from model_store.recommend import (  # noqa: F401 - re-exported for the welcome's callers
    RECOMMEND_CTX,
    SUGGESTED_MODELS,
    Recommendation,
    SuggestedModel,
    recommend_model,
)

IN_WINDOW = "WelcomeInWindow"  # the objectName of the page shown in the main window


def __getattr__(name: str) -> Any:
    """``LATER`` and ``PRIVACY``, once constants, in the language now installed."""
    texts = {"LATER": later_text, "PRIVACY": privacy_text}
    if name in texts:
        return texts[name]()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def shown_welcome(window: Any) -> WelcomePage | None:
    """The welcome shown in ``window`` now, if any."""
    return next((page for page in window.findChildren(WelcomePage, IN_WINDOW) if not page.isHidden()), None)


def show_welcome(window: Any, settings: Any = None) -> WelcomePage:
    """Show the welcome in ``window`` (a MainWindow) in place of the chat, or focus the one shown.

    "Start chatting", Esc ("not now"), "Browse models…" (which then opens the Models window) and
    sending a message all end it; that sets ``welcome_shown`` in ``settings`` (default: the
    window's) and saves it at once.
    """
    settings = settings if settings is not None else window.settings
    existing = shown_welcome(window)
    if existing is not None:
        existing.start_button.setFocus()
        return existing
    chat = window.chat
    layout = chat.parentWidget().layout()
    page = WelcomePage(window.model_store, chat.parentWidget())
    page.setObjectName(IN_WINDOW)
    layout.insertWidget(layout.indexOf(chat), page, 1)
    chat.hide()
    page.show()

    ended = []

    def done() -> None:
        if ended:
            return
        ended.append(True)
        page.hide()
        page.deleteLater()
        chat.show()
        window.composer.setFocus(Qt.FocusReason.OtherFocusReason)
        settings.welcome_shown = True
        settings.write()

    page.startRequested.connect(done)
    page.dismissed.connect(done)
    page.modelsRequested.connect(done)
    if hasattr(window, "open_models"):
        page.modelsRequested.connect(lambda: window.open_models("discover"))
    window.composer.sendRequested.connect(lambda _text: done(), Qt.ConnectionType.SingleShotConnection)
    page.start_button.setFocus()
    return page


def maybe_show_welcome(window: Any, settings: Any) -> WelcomePage | None:
    """Show the welcome on the first launch only; None when it was shown before."""
    if settings.welcome_shown:
        return None
    return show_welcome(window, settings)
