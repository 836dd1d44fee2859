"""The strip above the chat: which model answers, its load state, and the settings toggle."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QStyle,
    QToolButton,
    QWidget,
)

from app.engine.types import ModelInfo
from app.ui.model_common import format_number
from app.ui.texts import localize
from app.ui.widgets import ElidedLabel

OPEN_FILE = "__open_file__"
BADGE_STYLE = ("QLabel { background: #b45309; color: white; border-radius: 4px; padding: 2px 6px; "
               "font-weight: 600; }")


def remote_heading() -> str:
    """The picker's heading above the remote engines' models (and the badge of a remote model)."""
    return QCoreApplication.translate("ModelBar", "Remote — messages leave this computer")


def __getattr__(name: str) -> Any:
    """``REMOTE_HEADING``, once a constant, in the language now installed."""
    if name == "REMOTE_HEADING":
        return remote_heading()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
        self._combo.setAccessibleName(self.tr("Model"))
        self._combo.setToolTip(self.tr("The model that answers. Loading another one keeps your chats."))
        self._combo.setAccessibleDescription(self._combo.toolTip())
        self._combo.setMinimumContentsLength(24)
        self._combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self._combo.activated.connect(self._on_activated)
        self._status = ElidedLabel(self.tr("No model loaded"), self)  # never widens the window
        self._status.setAccessibleName(self.tr("Model status"))
        self._progress = QProgressBar(self)
        self._progress.setAccessibleName(self.tr("Loading progress"))
        self._progress.setRange(0, 100)
        self._progress.setMaximumWidth(140)
        self._progress.setTextVisible(False)
        self._progress.hide()
        self._badge = QLabel(remote_heading(), self)
        self._badge.setAccessibleName(self.tr("Remote model"))
        self._badge.setStyleSheet(BADGE_STYLE)
        self._badge.hide()
        self._settings = QToolButton(self)
        self._settings.setText(self.tr("Settings"))
        self._settings.setAccessibleName(self.tr("Show settings"))
        self._settings.setToolTip(self.tr("Show or hide sampling, system prompt and model settings ({shortcut})")
                                  .format(shortcut=QKeySequence("Ctrl+,").toString(
                                      QKeySequence.SequenceFormat.NativeText)))
        self._settings.setAccessibleDescription(self.tr("Shows or hides the settings panel beside the chat"))
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
                self._combo.addItem(remote_heading())
                heading = self._combo.model()
                if isinstance(heading, QStandardItemModel):
                    heading.item(self._combo.count() - 1).setEnabled(False)
                icon = self.style().standardIcon(QStyle.StandardPixmap.SP_DriveNetIcon)
                for name, path, engine in remote:
                    self._combo.addItem(icon, self.tr("{model} — {engine}").format(model=name, engine=engine), path)
                    self._combo.setItemData(self._combo.count() - 1,
                                            self.tr("Runs on the remote engine “{engine}”: your messages are sent "
                                                    "there.").format(engine=engine), Qt.ItemDataRole.ToolTipRole)
            if current_path and self._combo.findData(current_path) < 0:
                self._combo.addItem(current_path.rsplit("/", 1)[-1], current_path)
            self._combo.insertSeparator(self._combo.count())
            self._combo.addItem(self.tr("Open model file…"), OPEN_FILE)
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
        self._status.setText(self.tr("Loading {file}…").format(file=path.rsplit("/", 1)[-1]))
        self._status.setToolTip("")

    def set_progress(self, fraction: float) -> None:
        self._progress.setValue(int(max(0.0, min(1.0, fraction)) * 100))

    def set_loaded(self, info: ModelInfo) -> None:
        self._progress.hide()
        self._current = info.path
        self._select(info.path)
        self._badge.setVisible(bool(info.remote))
        self._badge.setToolTip(self.tr("{model} runs on {engine}, not on this computer: what you write in this chat "
                                       "is sent there.").format(model=info.name, engine=info.remote)
                               if info.remote else "")
        backend = localize(info.backend_label)
        context = self.tr("{backend} · {n} tokens context")
        self._status.setText(context.format(backend=backend, n=format_number(info.n_ctx)) if info.n_ctx else backend)
        loaded = self.tr("Loaded in {ms} ms").format(ms=format_number(round(info.load_ms)))
        lines = [info.name, info.path, loaded] + ([localize(info.offload_note)] if info.offload_note else [])
        self._status.setToolTip("\n".join(lines))

    def set_failed(self, message: str) -> None:
        self._progress.hide()
        self._badge.hide()
        self._status.setText(self.tr("Not loaded — see the message above the chat"))
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
