"""The main window's menu bar: every command with its shortcut, in one place."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from app.ui.dialogs import show_about
from app.ui.welcome import show_welcome

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow


def build_menu(window: "MainWindow") -> None:
    """File, Chat, Models, View and Help, with their window-wide shortcuts."""
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    add(window, file_menu, "&New chat", QKeySequence.StandardKey.New, window.session.new_conversation)
    add(window, file_menu, "&Open model file…", QKeySequence.StandardKey.Open, window.open_model_file)
    add(window, file_menu, "&Export chat…", "Ctrl+E", lambda: window.export_chat(None))
    file_menu.addSeparator()
    add(window, file_menu, "&Quit", QKeySequence.StandardKey.Quit, window.close)
    chat_menu = bar.addMenu("&Chat")
    add(window, chat_menu, "&Stop answer", "Esc", window.session.stop)
    add(window, chat_menu, "&Regenerate last answer", "Ctrl+R", lambda: window.session.regenerate(None))
    add(window, chat_menu, "&Find chat…", QKeySequence.StandardKey.Find, window.conversations.focus_search)
    add(window, chat_menu, "Clear saved model &memory…", None, window.memory_panel.clear)
    models_menu = bar.addMenu("&Models")
    add(window, models_menu, "&Find and download models…", "Ctrl+Shift+M", lambda: window.open_models("discover"))
    add(window, models_menu, "&Library…", "Ctrl+L", lambda: window.open_models("library"))
    add(window, models_menu, "&Downloads…", None, lambda: window.open_models("downloads"))
    models_menu.addSeparator()
    add(window, models_menu, "Add a &remote engine…", None, window.remotes.add)
    remote_menu = models_menu.addMenu("Remote &engines")
    remote_menu.aboutToShow.connect(lambda: window.remotes.fill_menu(remote_menu))
    window.remotes.fill_menu(remote_menu)
    add(window, models_menu, "Local &server…", None, window.server.open)
    view_menu = bar.addMenu("&View")
    add(window, view_menu, "Show &settings panel", "Ctrl+,", window.toggle_side_panel)
    help_menu = bar.addMenu("&Help")
    add(window, help_menu, "&Welcome…", None, lambda: show_welcome(window))
    add(window, help_menu, "&About Hearth", None, lambda: show_about(window))


def add(window, menu: QMenu, text: str, shortcut, slot: Callable) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.triggered.connect(slot)
    menu.addAction(action)
    window.addAction(action)
    return action
