"""The conversation list: search, "New chat", and the chats with a relative time.

The list only shows what its owner gives it and reports what the user asks for
(select, rename, delete, export); it persists nothing.
"""

from __future__ import annotations

import time
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QDate, QEvent, QLocale, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.chat_rows import ID_ROLE, TIME_TEXT_ROLE, UPDATED_ROLE, ChatDelegate, ChatRows  # noqa: F401
from app.ui.widgets import debounce

SEARCH_DEBOUNCE_MS = 150
_REFRESH_MS = 60_000


def relative_time(timestamp: float, now: float | None = None) -> str:
    """A short, human time in the language in use: "just now", "5 min ago", "3 h ago",
    "yesterday", "4 days ago", a date ("Jan 2"; with the year when it is not this one)."""
    now = time.time() if now is None else now
    seconds = max(0.0, now - timestamp)
    number = QLocale().toString
    if seconds < 60:
        return QCoreApplication.translate("ConversationList", "just now")
    if seconds < 3600:
        minutes = int(seconds // 60)
        return (QCoreApplication.translate("ConversationList", "1 min ago") if minutes == 1 else
                QCoreApplication.translate("ConversationList", "{n} min ago").format(n=number(minutes)))
    then = datetime.fromtimestamp(timestamp)
    today = datetime.fromtimestamp(now).date()
    days = (today - then.date()).days
    if days <= 0:
        hours = int(seconds // 3600)
        return (QCoreApplication.translate("ConversationList", "1 h ago") if hours == 1 else
                QCoreApplication.translate("ConversationList", "{n} h ago").format(n=number(hours)))
    if days == 1:
        return QCoreApplication.translate("ConversationList", "yesterday")
    if days < 7:
        return QCoreApplication.translate("ConversationList", "{n} days ago").format(n=number(days))
    # Date patterns of QLocale, translated whole (the month's name comes from the language in use):
    # "Jan 2" and "Jan 2, 2024" in English, "1月2日" and "2024年1月2日" in Chinese.
    date = QDate(then.year, then.month, then.day)
    if then.year == today.year:
        #: A QLocale date pattern (MMM: short month name, d: day); keep the letters.
        return QLocale().toString(date, QCoreApplication.translate("ConversationList", "MMM d"))
    #: A QLocale date pattern (MMM: short month name, d: day, yyyy: year); keep the letters.
    return QLocale().toString(date, QCoreApplication.translate("ConversationList", "MMM d, yyyy"))


def _is_delete_key(event: QKeyEvent) -> bool:
    """Delete, or Cmd+Backspace (the macOS habit; Qt reports Cmd as Control)."""
    if event.type() != QEvent.Type.KeyPress:
        return False
    if event.key() == Qt.Key.Key_Delete:
        return True
    return event.key() == Qt.Key.Key_Backspace and bool(
        event.modifiers() & Qt.KeyboardModifier.ControlModifier
    )


class ConversationList(QWidget):
    """Search field, "New chat" button and the list of chats, newest as given.

    Setters (``set_conversations``, ``select``) never emit.

    Signals:
        conversationSelected(int): the user selected a chat.
        newRequested(): "New chat" was clicked.
        searchChanged(str): the search text, debounced ~150 ms.
        renameRequested(int, str): an inline rename was committed (id, new title).
        deleteRequested(int): "Delete" from the context menu or the Delete key.
        exportRequested(int): "Export…" from the context menu.
    """

    conversationSelected = Signal(int)
    newRequested = Signal()
    searchChanged = Signal(str)
    renameRequested = Signal(int, str)
    deleteRequested = Signal(int)
    exportRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._search = QLineEdit(self)
        self._search.setAccessibleName(self.tr("Search chats"))
        self._search.setAccessibleDescription(self.tr("Shows only the chats whose title or messages contain "
                                                      "the text; Esc clears it."))
        self._search.setPlaceholderText(self.tr("Search chats"))
        self._search.setClearButtonEnabled(True)
        for button in self._search.findChildren(QToolButton):
            button.setAccessibleName(self.tr("Clear search"))
        self._search_timer = debounce(self, SEARCH_DEBOUNCE_MS, self._emit_search)
        self._search.textChanged.connect(self._search_timer.start)
        self._search.installEventFilter(self)

        self._new_button = QPushButton(self.tr("New chat"), self)
        self._new_button.setAccessibleName(self.tr("New chat"))
        self._new_button.setToolTip(self.tr("Start a new chat"))
        self._new_button.clicked.connect(self.newRequested)

        self._list = ChatRows(self, self.conversationSelected.emit)
        self._list.setAccessibleName(self.tr("Chats"))
        self._list.setAccessibleDescription(self.tr("Your chats, the latest first. Selecting one opens it; "
                                                    "F2 renames it and Delete deletes it."))
        self._list.setUniformItemSizes(True)
        self._list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._list.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self._list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self._list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._delegate = ChatDelegate(self._list)
        self._delegate.renamed.connect(self.renameRequested)
        self._list.setItemDelegate(self._delegate)
        self._list.currentItemChanged.connect(self._on_current_changed)
        self._list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self._list.customContextMenuRequested.connect(self._show_context_menu)
        self._list.installEventFilter(self)

        self._refresh_timer = QTimer(self)
        self._refresh_timer.setInterval(_REFRESH_MS)
        self._refresh_timer.timeout.connect(self._refresh_times)
        self._refresh_timer.start()

        self._no_match = QLabel(self)
        self._no_match.setObjectName("noMatch")
        self._no_match.setWordWrap(True)
        self._no_match.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self._no_match.setContentsMargins(8, 16, 8, 8)
        self._no_match.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._search)
        layout.addWidget(self._new_button)
        layout.addWidget(self._list, 1)
        layout.addWidget(self._no_match, 1)

    # -- public API ---------------------------------------------------------------------

    def set_conversations(self, items: list[tuple[int, str, float]]) -> None:
        """Show ``(id, title, updated_at)`` rows in order, keeping the selection if still present."""
        keep = self.current_id()
        self._list.blockSignals(True)
        try:
            self._list.clear()
            for conversation_id, title, updated_at in items:
                item = QListWidgetItem(title)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
                item.setData(ID_ROLE, int(conversation_id))
                item.setData(UPDATED_ROLE, float(updated_at))
                self._list.addItem(item)
            self._refresh_times()
            row = self._row_of(keep) if keep is not None else -1
            self._list.setCurrentRow(row)
        finally:
            self._list.blockSignals(False)
        self._show_no_match(not items and bool(self._search.text().strip()))
        self._list.viewport().update()

    def select(self, conversation_id: int | None) -> None:
        """Select the chat with ``conversation_id`` (None or unknown: clear the selection)."""
        row = self._row_of(conversation_id) if conversation_id is not None else -1
        self._list.blockSignals(True)
        try:
            self._list.setCurrentRow(row)
            if row >= 0:
                self._list.scrollToItem(self._list.item(row))
        finally:
            self._list.blockSignals(False)
        self._list.viewport().update()

    def current_id(self) -> int | None:
        """The selected chat's id, or None."""
        item = self._list.currentItem()
        return int(item.data(ID_ROLE)) if item is not None and item.isSelected() else None

    def search_text(self) -> str:
        return self._search.text()

    def no_match_text(self) -> str:
        """The sentence shown instead of the list when a search finds no chat ("" when none is shown)."""
        return self._no_match.text() if not self._no_match.isHidden() else ""

    def clear_search(self) -> None:
        """Empty the search field: every chat shows again (at once, not after the debounce)."""
        self._search.clear()
        self._search_timer.stop()
        self._emit_search()

    def list_has_focus(self) -> bool:
        """Whether the list of chats itself has keyboard focus (e.g. a chat was just clicked)."""
        return self._list.hasFocus()

    def focus_search(self) -> None:
        self._search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self._search.selectAll()

    def start_rename(self, conversation_id: int) -> None:
        """Open the inline title editor for a chat."""
        row = self._row_of(conversation_id)
        if row >= 0:
            self._list.editItem(self._list.item(row))

    # -- internals ----------------------------------------------------------------------

    def _row_of(self, conversation_id: int) -> int:
        for row in range(self._list.count()):
            if self._list.item(row).data(ID_ROLE) == conversation_id:
                return row
        return -1

    def _show_no_match(self, empty_search: bool) -> None:
        if empty_search:
            self._no_match.setText(self.tr("No chats match “{query}”.").format(query=self._search.text().strip()))
        self._no_match.setVisible(empty_search)
        self._list.setVisible(not empty_search)

    def _refresh_times(self) -> None:
        now = time.time()
        for row in range(self._list.count()):
            item = self._list.item(row)
            when = relative_time(float(item.data(UPDATED_ROLE)), now)
            item.setData(TIME_TEXT_ROLE, when)
            said = self.tr("{title}, {when}").format(title=item.text(), when=when)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, said)
            item.setToolTip(said)

    def _emit_search(self) -> None:
        self.searchChanged.emit(self._search.text())

    def _on_current_changed(self, current: QListWidgetItem | None, _previous: object) -> None:
        if current is not None:
            self._list.pick(int(current.data(ID_ROLE)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self._search and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape \
                and self._search.text():
            # Esc empties the search; the window's Esc (stop the answer) waits until it is empty.
            if event.type() == QEvent.Type.ShortcutOverride:
                event.accept()
                return True
            if event.type() == QEvent.Type.KeyPress:
                self.clear_search()
                return True
        if watched is self._list and isinstance(event, QKeyEvent) and _is_delete_key(event):
            conversation_id = self.current_id()
            if conversation_id is not None and self._list.state() != QAbstractItemView.State.EditingState:
                self.deleteRequested.emit(conversation_id)
                return True
        return super().eventFilter(watched, event)

    def _context_menu(self, conversation_id: int) -> QMenu:
        """The menu for one chat (separate from showing it, so tests can trigger actions)."""
        menu = QMenu(self)
        rename = QAction(self.tr("Rename"), menu)
        rename.triggered.connect(lambda: self.start_rename(conversation_id))
        export = QAction(self.tr("Export…"), menu)
        export.triggered.connect(lambda: self.exportRequested.emit(conversation_id))
        delete = QAction(self.tr("Delete"), menu)
        delete.triggered.connect(lambda: self.deleteRequested.emit(conversation_id))
        menu.addAction(rename)
        menu.addAction(export)
        menu.addSeparator()
        menu.addAction(delete)
        return menu

    def _show_context_menu(self, pos: QPoint) -> None:
        item = self._list.itemAt(pos)
        if item is None:
            return
        menu = self._context_menu(int(item.data(ID_ROLE)))
        menu.exec(self._list.viewport().mapToGlobal(pos))
        menu.deleteLater()
