"""The side panel's "Saved model memory" box: the KV caches Hearth keeps so chats reopen instantly.

It says what the saved memory is, how much disk it takes of its budget (a setting), and offers
to clear it. The budget applies at once to the store (:class:`app.engine.kv_state.KvStateStore`);
clearing asks first and says how much it freed.
"""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QDoubleSpinBox, QFormLayout, QGroupBox, QLabel, QPushButton, QVBoxLayout, QWidget

from app.engine.kv_state import KvStateStore
from app.settings import AppSettings
from app.ui.model_common import Prompts, format_decimal, format_size
from app.ui.widgets import scroll_safe

_GB = 1 << 30


class ModelMemoryPanel(QWidget):
    """Disk use and budget of the saved model memory, and "Clear saved model memory…"."""

    def __init__(self, states: KvStateStore, settings: AppSettings, prompts: Prompts,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._states, self._settings, self._prompts = states, settings, prompts
        box = QGroupBox(self.tr("Saved model memory"), self)
        about = QLabel(self.tr("Hearth keeps what the model has already read in each chat, so a chat you come back "
                               "to — even after a restart — answers at once instead of reading everything again."),
                       box)
        about.setWordWrap(True)
        self._usage = QLabel("", box)
        self._usage.setAccessibleName(self.tr("Saved model memory on disk"))
        self._budget = scroll_safe(QDoubleSpinBox(box))
        self._budget.setRange(0.5, 256.0)
        self._budget.setSingleStep(0.5)
        self._budget.setDecimals(1)
        self._budget.setSuffix(self.tr(" GB"))
        self._budget.setValue(max(0.5, settings.kv_disk_budget_gb))
        self._budget.setAccessibleName(self.tr("Disk budget for saved model memory"))
        self._budget.setToolTip(self.tr("The least recently used chats' memory is removed beyond this"))
        self._budget.setAccessibleDescription(self._budget.toolTip())
        self._budget.valueChanged.connect(self._on_budget)
        self._clear = QPushButton(self.tr("Clear saved model memory…"), box)
        self._clear.setAccessibleName(self.tr("Clear saved model memory"))
        self._clear.setToolTip(self.tr("Delete every chat's saved model memory (the chats stay)"))
        self._clear.setAccessibleDescription(self._clear.toolTip())
        self._clear.clicked.connect(self.clear)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("On disk"), self._usage)
        form.addRow(self.tr("Budget"), self._budget)
        inner = QVBoxLayout(box)
        inner.addWidget(about)
        inner.addLayout(form)
        inner.addWidget(self._clear)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(box)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        """Show the disk use now."""
        used = self._states.disk_usage()
        # The budget as the person set it (the box below), not converted: the two read the same.
        budget = format_decimal(self._budget.value(), 1 if self._budget.value() % 1 else 0)
        self._usage.setText(self.tr("{used} of {budget} GB").format(used=format_size(used), budget=budget))

    @Slot()
    def clear(self) -> None:
        used = self._states.disk_usage()
        if not self._prompts.confirm(self, self.tr("Clear saved model memory?"),
                                     self.tr("Delete the saved model memory of every chat ({size})? Your chats "
                                             "stay; the next message in each is read from the start once.").format(
                                                 size=format_size(used)),
                                     self.tr("Clear")):
            return
        self._states.clear()
        self.refresh()

    @Slot(float)
    def _on_budget(self, gigabytes: float) -> None:
        self._settings.kv_disk_budget_gb = gigabytes
        self._states.disk_budget = int(gigabytes * _GB)
        self._settings.write()
        self.refresh()
