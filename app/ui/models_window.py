"""The model manager window: Discover (the Hub), Downloads and Library, in tabs.

A separate, non-modal top-level window opened from the main window. It shows what the
:class:`~app.model_bridge.ModelStoreBridge` reports and asks it to act; it loads nothing
itself: the Library's Load button is re-emitted as :attr:`ModelsWindow.loadRequested`.
Esc closes it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.model_bridge import ModelStoreBridge
from app.ui.discover_tab import DiscoverTab
from app.ui.downloads_tab import DownloadsTab
from app.ui.library_tab import LibraryTab
from app.ui.model_common import Prompts

TABS = ("discover", "downloads", "library")


class ModelsWindow(QWidget):
    """Discover, Downloads and Library for one bridge.

    ``prompts`` holds every modal question (file chooser, copy or link, confirmations,
    the token dialog); tests pass their own. ``n_ctx`` is the user's context length, for
    the fit badges.

    Signals:
        loadRequested(str): the user chose Load on a model; the path of its parameter file.
    """

    loadRequested = Signal(str)

    def __init__(self, bridge: ModelStoreBridge, parent: QWidget | None = None, *,
                 prompts: Prompts | None = None, n_ctx: int = 4096) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("Models — Hearth")
        self.setAccessibleName("Models")
        self.resize(900, 600)
        self.setMinimumSize(640, 420)
        self.bridge = bridge
        self.prompts = prompts or Prompts()
        self.discover = DiscoverTab(bridge, self.prompts, self, n_ctx=n_ctx)
        self.downloads = DownloadsTab(bridge, self.prompts, self)
        self.library = LibraryTab(bridge, self.prompts, self, n_ctx=n_ctx)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("Model manager sections")
        self.tabs.addTab(self.discover, "&Discover")
        self.tabs.addTab(self.downloads, "Do&wnloads")
        self.tabs.addTab(self.library, "&Library")
        self.tabs.setTabToolTip(0, "Find models on Hugging Face")
        self.tabs.setTabToolTip(1, "Downloads in progress and finished")
        self.tabs.setTabToolTip(2, "Models on this computer")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

        self.library.loadRequested.connect(self.loadRequested)
        self.downloads.showLibraryRequested.connect(lambda: self.show_tab("library"))
        bridge.downloadState.connect(self._on_download_state)
        close = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        close.setContext(Qt.ShortcutContext.WindowShortcut)
        close.activated.connect(self.close)

    def show_tab(self, name: str) -> None:
        """Switch to "discover", "downloads" or "library" (case-insensitive)."""
        self.tabs.setCurrentIndex(TABS.index(name.lower()))

    def current_tab(self) -> str:
        return TABS[self.tabs.currentIndex()]

    def set_context_length(self, n_ctx: int) -> None:
        """The user's context length changed: the fit badges follow."""
        self.discover.set_context_length(n_ctx)
        self.library.set_context_length(n_ctx)

    def _on_download_state(self, job: object) -> None:
        # A new download shows up in Downloads; say so on the tab without switching away.
        count = self.downloads.active_count()
        self.tabs.setTabText(1, f"Do&wnloads ({count})" if count else "Do&wnloads")
