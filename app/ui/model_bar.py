"""The strip above the chat: which model answers, its load state, and the settings toggle."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QSizePolicy,
    QStyle,
    QToolButton,
    QWidget,
)

from app.engine.types import ModelInfo

OPEN_FILE = "__open_file__"
REMOTE_HEADING = "Remote — messages leave this computer"
BADGE_STYLE = ("QLabel { background: #b45309; color: white; border-radius: 4px; padding: 2px 6px; "
               "font-weight: 600; }")


class ModelBar(QWidget):
    """Model picker, load progress and status.

    Signals:
        modelChosen(str): the user picked a model file path.
        openFileRequested(): the user wants to pick a .gguf file from disk.
        settingsToggled(bool): show or hide the side panel.
    """

    modelChosen = Signal(str)
    openFileRequested = Signal()
    settingsToggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._combo = QComboBox(self)
        self._combo.setAccessibleName("Model")
        self._combo.setToolTip("The model that answers. Loading another one keeps your chats.")
        self._combo.setMinimumContentsLength(24)
        self._combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self._combo.activated.connect(self._on_activated)
        self._status = QLabel("No model loaded", self)
        self._status.setAccessibleName("Model status")
        self._status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._status.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._progress = QProgressBar(self)
        self._progress.setAccessibleName("Loading progress")
        self._progress.setRange(0, 100)
        self._progress.setMaximumWidth(140)
        self._progress.setTextVisible(False)
        self._progress.hide()
        self._badge = QLabel("Remote — messages leave this computer", self)
        self._badge.setAccessibleName("Remote model")
        self._badge.setStyleSheet(BADGE_STYLE)
        self._badge.hide()
        self._settings = QToolButton(self)
        self._settings.setText("Settings")
        self._settings.setAccessibleName("Show settings")
        self._settings.setToolTip("Show or hide sampling, system prompt and model settings (Ctrl+,)")
        self._settings.setCheckable(True)
        self._settings.toggled.connect(self.settingsToggled)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self._combo)
        layout.addWidget(self._progress)
        layout.addWidget(self._badge)
        layout.addWidget(self._status, 1)
        layout.addWidget(self._settings)
        self._current = ""

    def set_models(self, models: list[tuple[str, str]], current_path: str = "",
                   remote: list[tuple[str, str, str]] = ()) -> None:
        """Fill the picker with ``(name, path)`` pairs, then the remote engines' models as
        ``(name, path, engine)`` under a heading that says they leave this computer, plus
        "Open model file…"."""
        self._combo.blockSignals(True)
        try:
            self._combo.clear()
            for name, path in models:
                self._combo.addItem(name, path)
                self._combo.setItemData(self._combo.count() - 1, path, Qt.ItemDataRole.ToolTipRole)
            if remote:
                self._combo.insertSeparator(self._combo.count())
                self._combo.addItem(REMOTE_HEADING)
                heading = self._combo.model()
                if isinstance(heading, QStandardItemModel):
                    heading.item(self._combo.count() - 1).setEnabled(False)
                icon = self.style().standardIcon(QStyle.StandardPixmap.SP_DriveNetIcon)
                for name, path, engine in remote:
                    self._combo.addItem(icon, f"{name} — {engine}", path)
                    self._combo.setItemData(self._combo.count() - 1, f"Runs on the remote engine “{engine}”: "
                                            "your messages are sent there.", Qt.ItemDataRole.ToolTipRole)
            if current_path and self._combo.findData(current_path) < 0:
                self._combo.addItem(current_path.rsplit("/", 1)[-1], current_path)
            self._combo.insertSeparator(self._combo.count())
            self._combo.addItem("Open model file…", OPEN_FILE)
            self._select(current_path or self._current)
        finally:
            self._combo.blockSignals(False)

    def set_settings_checked(self, checked: bool) -> None:
        self._settings.setChecked(checked)

    def set_loading(self, path: str) -> None:
        self._current = path
        self._select(path)
        self._progress.setValue(0)
        self._progress.show()
        self._badge.hide()
        self._status.setText(f"Loading {path.rsplit('/', 1)[-1]}…")
        self._status.setToolTip("")

    def set_progress(self, fraction: float) -> None:
        self._progress.setValue(int(max(0.0, min(1.0, fraction)) * 100))

    def set_loaded(self, info: ModelInfo) -> None:
        self._progress.hide()
        self._current = info.path
        self._select(info.path)
        self._badge.setVisible(bool(info.remote))
        self._badge.setToolTip(f"{info.name} runs on {info.remote}, not on this computer: what you write "
                               "in this chat is sent there." if info.remote else "")
        context = f" · {info.n_ctx:,} tokens context" if info.n_ctx else ""
        self._status.setText(f"{info.backend_label}{context}")
        note = f"\n{info.offload_note}" if info.offload_note else ""
        self._status.setToolTip(f"{info.name}\n{info.path}\nLoaded in {info.load_ms:.0f} ms{note}")

    def set_failed(self, message: str) -> None:
        self._progress.hide()
        self._badge.hide()
        self._status.setText("Not loaded — see the message above the chat")
        self._status.setToolTip(message)

    def _select(self, path: str) -> None:
        index = self._combo.findData(path)
        if index >= 0:
            self._combo.setCurrentIndex(index)

    def _on_activated(self, index: int) -> None:
        data = self._combo.itemData(index)
        if data == OPEN_FILE:
            self._select(self._current)
            self.openFileRequested.emit()
        elif data and data != self._current:
            self.modelChosen.emit(str(data))
