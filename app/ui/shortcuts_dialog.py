"""Help → Keyboard shortcuts: every key Hearth answers to, where it works and what it does.

The main window's commands are read from its actions (so a new menu shortcut shows here by
itself); the keys that work in one place only (the message box, the chat list and its search,
the Models window, the welcome) are listed in :func:`local_shortcuts`. Keys are shown the way
the system writes them (⌘ on macOS).
"""

from __future__ import annotations

import re
import sys

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

Row = tuple[str, str, str]  # where, what, keys (as shown)

_MNEMONIC = re.compile(r"\(&\w\)|&(?=\w)")  # "&New chat", "新对话(&N)"


def shown(keys: list[QKeySequence]) -> str:
    """Key sequences as the system writes them, separated by commas."""
    return ", ".join(key.toString(QKeySequence.SequenceFormat.NativeText) for key in keys if not key.isEmpty())


def command_name(text: str) -> str:
    """A menu text without its mnemonic ("&New chat" → "New chat")."""
    return _MNEMONIC.sub("", text).strip()


def window_shortcuts(window: QWidget) -> list[Row]:
    """The main window's commands that have keys (its menu actions)."""
    where = QCoreApplication.translate("ShortcutsDialog", "Anywhere in the main window")
    return [(where, command_name(action.text()), shown(action.shortcuts()))
            for action in window.actions() if any(not key.isEmpty() for key in action.shortcuts())]


def local_shortcuts() -> list[Row]:
    """Keys that work in one place: the message box, the chat list and its search, other windows
    and pages (when one of them gets a key, it belongs here too)."""
    key = QKeySequence
    composer = QCoreApplication.translate("ShortcutsDialog", "Message box")
    chats = QCoreApplication.translate("ShortcutsDialog", "Chat list")
    search = QCoreApplication.translate("ShortcutsDialog", "Chat search")
    models = QCoreApplication.translate("ShortcutsDialog", "Models window")
    welcome = QCoreApplication.translate("ShortcutsDialog", "Welcome page")
    dialog = QCoreApplication.translate("ShortcutsDialog", "This list")
    rename = key(Qt.Key.Key_Return) if sys.platform == "darwin" else key(Qt.Key.Key_F2)
    return [
        (composer, QCoreApplication.translate("ShortcutsDialog", "Send the message"), shown([key(Qt.Key.Key_Return)])),
        (composer, QCoreApplication.translate("ShortcutsDialog", "Start a new line"),
         shown([key(Qt.KeyboardModifier.ShiftModifier | Qt.Key.Key_Return)])),
        (composer, QCoreApplication.translate("ShortcutsDialog", "Stop the answer"), shown([key(Qt.Key.Key_Escape)])),
        (chats, QCoreApplication.translate("ShortcutsDialog", "Rename the selected chat"), shown([rename])),
        (chats, QCoreApplication.translate("ShortcutsDialog", "Delete the selected chat"),
         shown([key(Qt.Key.Key_Delete), key(Qt.KeyboardModifier.ControlModifier | Qt.Key.Key_Backspace)])),
        (chats, QCoreApplication.translate("ShortcutsDialog", "Move between chats"),
         shown([key(Qt.Key.Key_Up), key(Qt.Key.Key_Down)])),
        (search, QCoreApplication.translate("ShortcutsDialog", "Clear the search"), shown([key(Qt.Key.Key_Escape)])),
        (models, QCoreApplication.translate("ShortcutsDialog", "Clear the model search"),
         shown([key(Qt.Key.Key_Escape)])),
        (models, QCoreApplication.translate("ShortcutsDialog", "Close the Models window"),
         shown([key(Qt.Key.Key_Escape)])),
        (welcome, QCoreApplication.translate("ShortcutsDialog", "Start chatting"), shown([key(Qt.Key.Key_Return)])),
        (welcome, QCoreApplication.translate("ShortcutsDialog", "Skip the welcome"), shown([key(Qt.Key.Key_Escape)])),
        (dialog, QCoreApplication.translate("ShortcutsDialog", "Close this list"), shown([key(Qt.Key.Key_Escape)])),
    ]


class ShortcutsDialog(QDialog):
    """A table of every keyboard shortcut; Esc or Close closes it."""

    def __init__(self, rows: list[Row], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ShortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.table = QTableWidget(len(rows), 3, self)
        self.table.setObjectName("shortcuts")
        self.table.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.table.setAccessibleDescription(self.tr("Every keyboard shortcut of Hearth: where it works, "
                                                    "what it does and its keys."))
        self.table.setHorizontalHeaderLabels([self.tr("Where"), self.tr("Command"), self.tr("Keys")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        for row, cells in enumerate(rows):
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName(self.tr("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(640, 480)


def show_shortcuts(window: QWidget) -> ShortcutsDialog:
    """Show the shortcuts of ``window`` (the main window), or raise the list already open."""
    for existing in window.findChildren(ShortcutsDialog):
        if existing.isVisible():
            existing.raise_()
            existing.activateWindow()
            return existing
    dialog = ShortcutsDialog(window_shortcuts(window) + local_shortcuts(), window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    dialog.activateWindow()  # its keys (Esc closes it) go to it, not to the window below
    return dialog
