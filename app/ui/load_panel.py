"""The model load panel: how the model is loaded, which backend runs it, and reload.

The numeric rows are generated from :class:`~app.engine.params.LoadParams`' bounds,
so ranges, steps, labels and tooltips are defined once, in the engine.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QGroupBox, QLabel, QPushButton, QVBoxLayout, QWidget

from app.engine.params import LoadParams
from app.engine.types import ModelInfo
from app.ui.widgets import ParamsForm, scroll_safe

NO_GPU_TOOLTIP = "No GPU backend in this build: running on the CPU"
NO_MODEL_TEXT = "No model loaded"
KV_TOOLTIP = ("How the KV cache (the model's memory of this conversation) stores its numbers, for this model: "
              "q8_0 needs about half the memory of f16 and q4_0 about a quarter, so a longer context fits; "
              "a quantized cache switches flash attention on")
KV_ITEMS = (("f16", "f16 (full precision)"), ("q8_0", "q8_0 (half the memory)"), ("q4_0", "q4_0 (a quarter)"))
REMOTE_TOOLTIP = "The remote engine loads its models itself: change this on that server"


def backend_text(info: ModelInfo | None) -> str:
    """What the "Backend" label shows for ``info``."""
    if info is None:
        return NO_MODEL_TEXT
    if info.remote and not info.n_ctx:
        return f"{info.backend_label} ({info.backend})"
    note = f"\n{info.offload_note}" if info.offload_note else ""
    return f"{info.backend_label} · {info.n_ctx:,} tokens context{note}"


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

        box = QGroupBox("Model", self)
        self._backend_label = QLabel(NO_MODEL_TEXT, box)
        self._backend_label.setAccessibleName("Backend")
        self._backend_label.setWordWrap(True)
        self._backend_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._form = ParamsForm(LoadParams, box)
        self._form.add_row("Backend", self._backend_label, at=0)
        self.kv_combo = scroll_safe(QComboBox(box))
        for kind, text in KV_ITEMS:
            self.kv_combo.addItem(text, kind)
        self.kv_combo.setAccessibleName("KV cache type")
        self.kv_combo.view().setAccessibleName("KV cache types")
        self.kv_combo.setToolTip(KV_TOOLTIP)
        self._form.add_row("KV cache", self.kv_combo, KV_TOOLTIP)
        self._reload_button = QPushButton("Apply and reload", box)
        self._reload_button.setAccessibleName("Reload model")
        self._reload_button.setToolTip("Load the model again with these settings")
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
                self._form.set_field_enabled(name, not remote, REMOTE_TOOLTIP)
        self.kv_combo.setEnabled(not remote)
        self.kv_combo.setToolTip(REMOTE_TOOLTIP if remote else KV_TOOLTIP)
        self._remote = remote
        self._update_button()

    def set_gpu_available(self, available: bool) -> None:
        """Disable "GPU layers" (with an explanation) when the build has no GPU backend."""
        self._form.set_field_enabled("n_gpu_layers", available, NO_GPU_TOOLTIP)

    def set_busy(self, busy: bool) -> None:
        """Disable "Apply and reload" while a model is loading."""
        self._busy = busy
        self._update_button()

    def _update_button(self) -> None:
        self._reload_button.setEnabled(bool(self._model_path) and not self._busy and not self._remote)

    def _on_reload_clicked(self) -> None:
        self.reloadRequested.emit(self.params())
