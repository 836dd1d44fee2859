"""How big the main window is: where it first opens, and how small it may get.

A first start (no saved geometry) opens the window at about 80 % of the screen it is on, at
most :data:`START_MAX`, centred. The window never gets smaller than :data:`MINIMUM` (the chat
stays usable there) nor smaller than its panels need: :class:`ShellSplitter` asks for at least
that much room, so the window's layout grows its minimum when the settings panel opens instead
of squeezing the chat under it.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QScrollArea, QSplitter, QWidget

MINIMUM = QSize(720, 480)
START_MAX = QSize(1280, 860)
START_SHARE = 0.8  # of the screen's available area
LIST_MIN_WIDTH = 140  # the chat list keeps room for a title
SIDE_MIN_WIDTH = 300  # the settings panel, at least (wider when its rows need it)


def start_geometry(available: QRect, minimum: QSize = MINIMUM) -> QRect:
    """Where a window with no saved geometry opens on a screen whose free area is ``available``:
    about 80 % of it (at most :data:`START_MAX`, at least ``minimum`` when the screen has room),
    centred."""
    size = QSize(min(START_MAX.width(), int(available.width() * START_SHARE)),
                 min(START_MAX.height(), int(available.height() * START_SHARE)))
    size = size.expandedTo(minimum).boundedTo(available.size())
    rect = QRect(available.topLeft(), size)
    rect.moveCenter(available.center())
    return rect


def place_on_screen(window: QWidget, screen: QScreen | None) -> None:
    """Give ``window`` its first-start size and position on ``screen`` (a fixed size without one)."""
    if screen is None:
        window.resize(1180, 760)
        return
    window.setGeometry(start_geometry(screen.availableGeometry(), window.minimumSizeHint().expandedTo(MINIMUM)))


class ShellSplitter(QSplitter):
    """The main window's row of panels; it asks for at least its floor and for what its panels need.

    The window's layout takes its minimum size from this one, so the floor keeps the window at
    :data:`MINIMUM` or larger, and an opened settings panel raises the minimum (the window widens)
    rather than covering the chat.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self._floor = QSize(MINIMUM)

    def set_floor(self, floor: QSize) -> None:
        """Ask for at least ``floor`` from now on (the window's minimum less its bars)."""
        self._floor = QSize(floor)
        self.updateGeometry()

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return super().minimumSizeHint().expandedTo(self._floor)


def side_scroll(content: QWidget, parent: QWidget) -> QScrollArea:
    """The settings panel's scroll area: as wide as ``content``'s widest row in this language and
    font (at least :data:`SIDE_MIN_WIDTH`), so nothing is cut off or scrolls sideways."""
    area = QScrollArea(parent)
    area.setWidget(content)
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setMinimumWidth(max(SIDE_MIN_WIDTH, content.minimumSizeHint().width()
                             + area.verticalScrollBar().sizeHint().width() + 2 * area.frameWidth()))
    return area
