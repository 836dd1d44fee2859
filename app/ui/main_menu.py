"""The main window's menu bar: every command with its shortcut, in one place."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu

from app.i18n import LANGUAGES
from app.ui.dialogs import show_about
from app.ui.shortcuts_dialog import show_shortcuts
from app.ui.welcome import show_welcome

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow


class MainMenu(QObject):
    """File, Chat, Models, View and Help, with their window-wide shortcuts.

    ``settings_panel`` is the View menu's check for the settings panel; ``languages`` are the
    Language choices by their key in :data:`app.i18n.LANGUAGES`.
    """

    def __init__(self, window: "MainWindow") -> None:
        super().__init__(window)
        self._window = window
        bar = window.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        self.add(file_menu, self.tr("&New chat"), QKeySequence.StandardKey.New, window.new_chat)
        self.add(file_menu, self.tr("&Open model file…"), QKeySequence.StandardKey.Open, window.open_model_file)
        self.add(file_menu, self.tr("&Export chat…"), "Ctrl+E", lambda: window.export_chat(None))
        file_menu.addSeparator()
        self.add(file_menu, self.tr("&Quit"), QKeySequence.StandardKey.Quit, window.close)
        chat_menu = bar.addMenu(self.tr("&Chat"))
        self.add(chat_menu, self.tr("&Stop answer"), "Esc", window.session.stop)
        self.add(chat_menu, self.tr("&Regenerate last answer"), "Ctrl+R", lambda: window.session.regenerate(None))
        self.add(chat_menu, self.tr("&Find chat…"), QKeySequence.StandardKey.Find, window.conversations.focus_search)
        self.add(chat_menu, self.tr("Clear saved model &memory…"), None, window.memory_panel.clear)
        models_menu = bar.addMenu(self.tr("&Models"))
        self.add(models_menu, self.tr("&Find and download models…"), "Ctrl+Shift+M",
                 lambda: window.open_models("discover"))
        self.add(models_menu, self.tr("&Library…"), "Ctrl+L", lambda: window.open_models("library"))
        self.add(models_menu, self.tr("&Downloads…"), None, lambda: window.open_models("downloads"))
        models_menu.addSeparator()
        self.add(models_menu, self.tr("Add a &remote engine…"), None, window.remotes.add)
        remote_menu = models_menu.addMenu(self.tr("Remote &engines"))
        remote_menu.aboutToShow.connect(lambda: window.remotes.fill_menu(remote_menu))
        window.remotes.fill_menu(remote_menu)
        self.add(models_menu, self.tr("Local &server…"), None, window.server.open)
        view_menu = bar.addMenu(self.tr("&View"))
        self.settings_panel = self.add(view_menu, self.tr("Show &settings panel"), "Ctrl+,",
                                       window.toggle_side_panel)
        self.settings_panel.setCheckable(True)
        self.languages = self._add_languages(view_menu.addMenu(self.tr("&Language")))
        help_menu = bar.addMenu(self.tr("&Help"))
        self.add(help_menu, self.tr("&Keyboard shortcuts"),
                 [QKeySequence.StandardKey.HelpContents, "Ctrl+/"], lambda: show_shortcuts(window))
        self.add(help_menu, self.tr("&Welcome…"), None, lambda: show_welcome(window))
        self.add(help_menu, self.tr("&About Hearth"), None, lambda: show_about(window))

    def add(self, menu: QMenu, text: str, shortcut: QKeySequence.StandardKey | str | list | None,
            slot: Callable) -> QAction:
        """An action in ``menu`` whose shortcut (one key sequence, or a list) works anywhere in the window."""
        action = QAction(text, self._window)
        if shortcut is not None:
            keys = shortcut if isinstance(shortcut, list) else [shortcut]
            action.setShortcuts([QKeySequence(key) for key in keys])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        self._window.addAction(action)
        return action

    def language_name(self, key: str) -> str:
        """A language as the menu shows it: each in its own words, the system's choice in Hearth's."""
        return self.tr("System language") if key == "system" else LANGUAGES[key]

    def _add_languages(self, menu: QMenu) -> dict[str, QAction]:
        group = QActionGroup(self)
        group.setExclusive(True)
        actions = {}
        for key in LANGUAGES:
            action = QAction(self.language_name(key), self._window, checkable=True)
            action.setData(key)
            action.setChecked(key == self._window.settings.language)
            action.triggered.connect(lambda _checked=False, k=key: self._choose_language(k))
            group.addAction(action)
            menu.addAction(action)
            actions[key] = action
        return actions

    def _choose_language(self, key: str) -> None:
        """Save the language for the next start and say when it takes effect."""
        settings = self._window.settings
        settings.language = key
        settings.write()
        if key == "system":
            said = self.tr("Hearth will follow the system language the next time it starts.")
        else:
            said = self.tr("Hearth will use {language} the next time it starts.").format(language=LANGUAGES[key])
        self._window.statusBar().showMessage(said, 8000)
