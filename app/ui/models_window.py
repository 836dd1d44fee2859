"""The model manager window: Discover (the Hub), Downloads, Library and Quantize, in tabs.

A separate, non-modal top-level window opened from the main window. It shows what the
:class:`~app.model_bridge.ModelStoreBridge` reports and asks it to act; it loads nothing
itself: the Library's Load button (and Load on a finished quantize job) is re-emitted as
:attr:`ModelsWindow.loadRequested`. The Library's Quantize… opens a
:class:`~app.ui.quantize_dialog.QuantizeDialog` on the
:class:`~app.quantize_bridge.QuantizeBridge`; the Quantize tab lists its jobs. Without
local quantization (not installed) there is no Quantize… button and no Quantize tab.
Esc closes it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.model_bridge import ModelStoreBridge
from app.quantize_bridge import QuantizeBridge, quantize_available
from app.ui.discover_tab import DiscoverTab
from app.ui.downloads_tab import DownloadsTab
from app.ui.library_tab import LibraryTab
from app.ui.model_common import Prompts
from app.ui.quantize_dialog import QuantizeDialog
from app.ui.quantize_jobs import QuantizeJobsPanel
from app.ui.speed_strip import SpeedStrip

TABS = ("discover", "downloads", "library", "quantize")


class ModelsWindow(QWidget):
    """Discover, Downloads, Library (and Quantize) for one bridge.

    ``prompts`` holds every modal question (file chooser, copy or link, confirmations,
    the token dialog); tests pass their own. ``n_ctx`` is the user's context length, for
    the fit badges. ``quantize_bridge`` runs local quantization; when None, one is built on
    ``bridge.registry`` if ``model_store.quantize`` is installed (owned and shut down by this
    window's bridge when the app quits); pass ``False`` for none.

    Signals:
        loadRequested(str): the user chose Load on a model; the path of its parameter file.
    """

    loadRequested = Signal(str)

    def __init__(self, bridge: ModelStoreBridge, parent: QWidget | None = None, *,
                 prompts: Prompts | None = None, n_ctx: int = 4096,
                 quantize_bridge: QuantizeBridge | None | bool = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(self.tr("Models — Hearth"))
        self.setAccessibleName(self.tr("Models"))
        self.resize(900, 600)
        self.setMinimumSize(640, 420)
        self.bridge = bridge
        self.prompts = prompts or Prompts()
        self._n_ctx = n_ctx
        if quantize_bridge is None and quantize_available():
            quantize_bridge = QuantizeBridge.create(bridge.registry, self)
        self.quantize_bridge: QuantizeBridge | None = quantize_bridge or None
        self.quantize_dialog: QuantizeDialog | None = None
        self.discover = DiscoverTab(bridge, self.prompts, self, n_ctx=n_ctx)
        self.downloads = DownloadsTab(bridge, self.prompts, self)
        self.library = LibraryTab(bridge, self.prompts, self, n_ctx=n_ctx)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(self.tr("Model manager sections"))
        self.tabs.setAccessibleDescription(self.tr("Discover, Downloads, Library and Quantize"))
        self.tabs.addTab(self.discover, self.tr("&Discover"))
        self.tabs.addTab(self.downloads, self.tr("Do&wnloads"))
        self.tabs.addTab(self.library, self.tr("&Library"))
        self.tabs.setTabToolTip(0, self.tr("Find models on Hugging Face"))
        self.tabs.setTabToolTip(1, self.tr("Downloads in progress and finished"))
        self.tabs.setTabToolTip(2, self.tr("Models on this computer"))
        self.quantize_jobs: QuantizeJobsPanel | None = None
        if self.quantize_bridge is not None:
            self.quantize_jobs = QuantizeJobsPanel(self.quantize_bridge, self)
            self.tabs.addTab(self.quantize_jobs, self.tr("&Quantize"))
            self.tabs.setTabToolTip(3, self.tr("Quantized copies being made on this computer"))
            self.quantize_jobs.loadRequested.connect(self.loadRequested)
            self.quantize_jobs.countChanged.connect(self._on_quantize_count)
            self.quantize_bridge.libraryChanged.connect(bridge.libraryChanged)  # Library and chat picker follow
            self.library.quantizeRequested.connect(self.open_quantize)
        self.library.set_quantize_available(self.quantize_bridge is not None)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self.speed_strip = SpeedStrip(self)
        self.speed_strip.remeasured.connect(self.library.refresh)
        self.speed_strip.remeasured.connect(self.discover.refresh_files)
        layout.addWidget(self.speed_strip)

        self.library.loadRequested.connect(self.loadRequested)
        self.downloads.showLibraryRequested.connect(lambda: self.show_tab("library"))
        bridge.downloadState.connect(self._on_download_state)
        close = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        close.setContext(Qt.ShortcutContext.WindowShortcut)
        close.activated.connect(self.close)

    def show_tab(self, name: str) -> None:
        """Switch to "discover", "downloads", "library" or "quantize" (case-insensitive)."""
        index = TABS.index(name.lower())
        if index < self.tabs.count():
            self.tabs.setCurrentIndex(index)

    def current_tab(self) -> str:
        return TABS[self.tabs.currentIndex()]

    def set_loaded_model(self, path: str | None) -> None:
        """The model the chat window has loaded (the Library marks it and will not delete it)."""
        self.library.set_loaded(path)

    def set_context_length(self, n_ctx: int) -> None:
        """The user's context length changed: the fit badges follow."""
        self._n_ctx = n_ctx
        self.discover.set_context_length(n_ctx)
        self.library.set_context_length(n_ctx)
        if self.quantize_dialog is not None:
            self.quantize_dialog.set_context_length(n_ctx)

    @Slot(object)
    def open_quantize(self, model: Any) -> QuantizeDialog | None:
        """Show the quantize dialog for a Library model (one at a time); returns it."""
        if self.quantize_bridge is None:
            return None
        dialog = self.quantize_dialog
        if dialog is None or dialog.model() is not model:
            if dialog is not None:
                dialog.close()
                dialog.deleteLater()
            dialog = self.quantize_dialog = QuantizeDialog(self.quantize_bridge, model, self._n_ctx,
                                                           self.prompts, self)
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if self.quantize_dialog is not None:  # a top-level of its own: it goes with the window
            self.quantize_dialog.close()
        super().closeEvent(event)

    @Slot(int)
    def _on_quantize_count(self, count: int) -> None:
        self.tabs.setTabText(3, self.tr("&Quantize ({count})").format(count=count) if count else self.tr("&Quantize"))

    def _on_download_state(self, job: object) -> None:
        # A new download shows up in Downloads; say so on the tab without switching away.
        count = self.downloads.active_count()
        self.tabs.setTabText(1, self.tr("Do&wnloads ({count})").format(count=count) if count
                             else self.tr("Do&wnloads"))
