"""The rows of the conversation list: each chat's title (elided) and its relative time, painted
side by side, renamed in place, and picked with the mouse without losing the chat opened.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPainter, QPalette
from PySide6.QtWidgets import QLineEdit, QListWidget, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

ID_ROLE = Qt.ItemDataRole.UserRole
UPDATED_ROLE = Qt.ItemDataRole.UserRole + 1
TIME_TEXT_ROLE = Qt.ItemDataRole.UserRole + 2
TITLE_SHARE = 0.6  # of a row the title keeps before the time gives way


class ChatDelegate(QStyledItemDelegate):
    """Paints the title (elided) on the left and the relative time, muted, on the right.

    Signals:
        renamed(int, str): an inline edit was committed with a new, non-empty title.
    """

    renamed = Signal(int, str)

    def parts(self, option: QStyleOptionViewItem, index: QModelIndex) -> tuple[QRect, str, QRect, str]:
        """Where the title and the time go in a row, and their texts (the title elided).

        The time gives way when a narrow list would leave the title only a few letters: the title
        comes first (the time is still in the row's tooltip and its accessible text).
        """
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget is not None else None
        rect = (style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget) if style is not None
                else opt.rect).adjusted(4, 0, -4, 0)
        title = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        when = str(index.data(TIME_TEXT_ROLE) or "")
        metrics = opt.fontMetrics
        time_width = metrics.horizontalAdvance(when) + 8 if when else 0
        fits = metrics.horizontalAdvance(title) <= rect.width() - time_width
        if when and not fits and rect.width() - time_width < rect.width() * TITLE_SHARE:
            when, time_width = "", 0
        title_rect = rect.adjusted(0, 0, -time_width, 0)
        elided = metrics.elidedText(title, Qt.TextElideMode.ElideRight, max(0, title_rect.width()))
        return title_rect, elided, rect, when

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else None
        if style is None:
            return
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        title_rect, title, rect, when = self.parts(option, index)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        painter.setFont(opt.font)
        muted = opt.palette.color(QPalette.ColorGroup.Normal, role)
        muted.setAlphaF(0.6)
        painter.setPen(muted)
        align = Qt.AlignmentFlag.AlignVCenter
        if when:
            painter.drawText(rect, align | Qt.AlignmentFlag.AlignRight, when)
        painter.setPen(opt.palette.color(QPalette.ColorGroup.Normal, role))
        painter.drawText(title_rect, align | Qt.AlignmentFlag.AlignLeft, title)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), max(size.height(), option.fontMetrics.height() + 12))

    def setModelData(self, editor: QWidget, model, index: QModelIndex) -> None:  # noqa: N802
        if not isinstance(editor, QLineEdit):
            return
        title = editor.text().strip()
        if not title or title == index.data(Qt.ItemDataRole.DisplayRole):
            return
        model.setData(index, title, Qt.ItemDataRole.DisplayRole)
        self.renamed.emit(int(index.data(ID_ROLE)), title)


class ChatRows(QListWidget):
    """The rows of chats; a chat picked with a mouse press is reported once Qt is done with the press.

    Opening a chat can reorder the list (an answer it stops moves its own chat up): done in the
    middle of Qt's press handling, the selection would then land on whichever row came under
    the pointer, not on the chat opened.
    """

    def __init__(self, parent: QWidget, picked: Callable[[int], None]) -> None:
        super().__init__(parent)
        self._picked = picked
        self._pressing = False
        self._pending: int | None = None

    def pick(self, conversation_id: int) -> None:
        """Report a chat as picked: now, or at the end of the press that picked it."""
        if self._pressing:
            self._pending = conversation_id
        else:
            self._picked(conversation_id)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self._pressing = True
        try:
            super().mousePressEvent(event)
        finally:
            self._pressing = False
        pending, self._pending = self._pending, None
        if pending is not None:
            self._picked(pending)
