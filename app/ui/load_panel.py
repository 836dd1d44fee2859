"""The model load panel: how the model is loaded, which backend runs it, and reload.

The numeric rows are generated from :class:`~app.engine.params.LoadParams`' bounds,
so ranges, steps, labels and tooltips are defined once, in the engine.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QComboBox, QGroupBox, QLabel, QPushButton, QVBoxLayout, QWidget

from app.engine.params import LoadParams
from app.engine.types import ModelInfo
from app.ui.model_common import format_number
from app.ui.texts import localize
from app.ui.widgets import ParamsForm, scroll_safe


def no_gpu_tooltip() -> str:
    """The "GPU layers" tooltip while the build has no GPU backend."""
    return QCoreApplication.translate("LoadPanel", "No GPU backend in this build: running on the CPU")


def no_model_text() -> str:
    return QCoreApplication.translate("LoadPanel", "No model loaded")


def __getattr__(name: str) -> Any:
    """``NO_GPU_TOOLTIP`` and ``NO_MODEL_TEXT``, once constants, in the language now installed."""
    texts = {"NO_GPU_TOOLTIP": no_gpu_tooltip, "NO_MODEL_TEXT": no_model_text}
    if name in texts:
        return texts[name]()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def backend_text(info: ModelInfo | None) -> str:
    """What the "Backend" label shows for ``info``."""
    if info is None:
        return no_model_text()
    if info.remote and not info.n_ctx:
        return QCoreApplication.translate("LoadPanel", "{backend} ({engine})").format(
            backend=localize(info.backend_label), engine=info.backend)
    text = QCoreApplication.translate("LoadPanel", "{backend} · {n} tokens context").format(
        backend=localize(info.backend_label), n=format_number(info.n_ctx))
    return f"{text}\n{localize(info.offload_note)}" if info.offload_note else text


class LoadPanel(QWidget):
    """Load settings (context length, GPU layers, threads, batch size) and "Apply and reload".

    The reload button is enabled when a model path is set and no load is running.

    Signals:
        reloadRequested(object): a :class:`LoadParams` with the shown settings and the
            model path given to :meth:`set_params`.
    """

    reloadRequested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model_path = ""
        self._busy = False
        self._remote = False

        box = QGroupBox(self.tr("Model"), self)
        self._backend_label = QLabel(no_model_text(), box)
        self._backend_label.setAccessibleName(self.tr("Backend"))
        self._backend_label.setWordWrap(True)
        self._backend_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._form = ParamsForm(LoadParams, box)
        self._form.add_row(self.tr("Backend"), self._backend_label, at=0)
        self.kv_combo = scroll_safe(QComboBox(box))
        self.kv_combo.addItem(self.tr("f16 (full precision)"), "f16")
        self.kv_combo.addItem(self.tr("q8_0 (half the memory)"), "q8_0")
        self.kv_combo.addItem(self.tr("q4_0 (a quarter)"), "q4_0")
        self._kv_tooltip = self.tr(
            "How the KV cache (the model's memory of this conversation) stores its numbers, for this model: "
            "q8_0 needs about half the memory of f16 and q4_0 about a quarter, so a longer context fits; "
            "a quantized cache switches flash attention on")
        self._remote_tooltip = self.tr("The remote engine loads its models itself: change this on that server")
        self.kv_combo.setAccessibleName(self.tr("KV cache type"))
        self.kv_combo.setAccessibleDescription(self._kv_tooltip)
        self.kv_combo.view().setAccessibleName(self.tr("KV cache types"))
        self.kv_combo.setToolTip(self._kv_tooltip)
        self._form.add_row(self.tr("KV cache"), self.kv_combo, self._kv_tooltip)
        self._reload_button = QPushButton(self.tr("Apply and reload"), box)
        self._reload_button.setAccessibleName(self.tr("Reload model"))
        self._reload_button.setToolTip(self.tr("Load the model again with these settings"))
        self._reload_button.setAccessibleDescription(self._reload_button.toolTip())
        self._reload_button.clicked.connect(self._on_reload_clicked)

        inner = QVBoxLayout(box)
        inner.addWidget(self._form)
        inner.addWidget(self._reload_button, 0, Qt.AlignmentFlag.AlignRight)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(box)
        self.set_params(LoadParams())

    def set_params(self, p: LoadParams) -> None:
        """Show ``p``; its model path is kept for :attr:`reloadRequested`."""
        self._model_path = p.model_path
        self._form.set_values(p)
        index = self.kv_combo.findData(p.kv_type)
        self.kv_combo.setCurrentIndex(max(index, 0))
        self._update_button()

    def params(self) -> LoadParams:
        """The settings as shown, with the model path from :meth:`set_params`."""
        return LoadParams(model_path=self._model_path, kv_type=self.kv_combo.currentData() or "f16",
                          **self._form.values())

    def set_model_info(self, info: ModelInfo | None) -> None:
        """Show the active backend and context size, or "No model loaded". A remote model's
        loading is its server's business: the settings are disabled, saying so."""
        self._backend_label.setText(backend_text(info))
        remote = info is not None and bool(info.remote)
        for name in self._form.names():
            if name != "n_gpu_layers" or remote:
                self._form.set_field_enabled(name, not remote, self._remote_tooltip)
        self.kv_combo.setEnabled(not remote)
        self.kv_combo.setToolTip(self._remote_tooltip if remote else self._kv_tooltip)
        self._remote = remote
        self._update_button()

    def set_gpu_available(self, available: bool) -> None:
        """Disable "GPU layers" (with an explanation) when the build has no GPU backend."""
        self._form.set_field_enabled("n_gpu_layers", available, no_gpu_tooltip())

    def set_busy(self, busy: bool) -> None:
        """Disable "Apply and reload" while a model is loading."""
        self._busy = busy
        self._update_button()

    def _update_button(self) -> None:
        self._reload_button.setEnabled(bool(self._model_path) and not self._busy and not self._remote)

    def _on_reload_clicked(self) -> None:
        self.reloadRequested.emit(self.params())
