"""Quantize…: choose a smaller type for a Library model and queue the job.

One row per quantization type: its name, the estimated size of the result, whether that
result fits this computer's memory at the user's context length (a fit badge), and a
one-line note on quality. Types that need an importance matrix, and the model's own type,
are listed but cannot be chosen. A source that is already quantized needs "Allow
requantizing" ticked first (quality suffers twice). The output file name is prefilled from
the plan and may be changed. "Quantize" queues the job and leaves the dialog open, so more
types can be queued one after another; a reason it cannot be done (not enough disk, …) is
shown inline. The dialog is not modal.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.engine.errors import HearthError
from app.quantize_bridge import QuantizeBridge, is_quantized
from app.ui.model_common import GIB, MIB, FitBadge, MessageStrip, Prompts, effective_ctx, format_size

COLUMNS = ("Type", "Size", "Fit", "Quality")
TYPE_ROLE = Qt.ItemDataRole.UserRole
PREFERRED = "Q4_K_M"
NEEDS_IMATRIX = "needs an importance matrix — not available"
SAME_TYPE = "already this type"
REQUANT_WARNING = ("This model is already quantized ({quant}). Quantizing it again loses more quality than "
                   "quantizing the original would; use the F16 original if you have it.")


def size_text(n: int | None) -> str:
    """Sizes told apart below a gigabyte too: "353 MB", "4.5 GB" ("?" if unknown)."""
    if n is None:
        return "?"
    return f"{max(n, 0) / MIB:.0f} MB" if n < GIB else format_size(n)


class QuantizeDialog(QDialog):
    """Choose a type, name the file, queue it; stays open to queue more.

    Args:
        bridge: the :class:`~app.quantize_bridge.QuantizeBridge`.
        model: the Library's LocalModel to quantize.
        n_ctx: the user's context length (0: the model's own, capped), for the fit badges.
        prompts: the model manager's questions (asked before making a model that won't fit).

    Signals: none (jobs are reported by the bridge).
    """

    def __init__(self, bridge: QuantizeBridge, model: Any, n_ctx: int, prompts: Prompts,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self._model = model
        self._prompts = prompts
        self._n_ctx = n_ctx
        self._name_edited = False
        self._preview: Any = None
        self._badges: dict[str, FitBadge] = {}
        info = getattr(model, "info", None)
        self._source_type = str(getattr(info, "quant_type", "") or "?")
        self.setWindowTitle(f"Quantize {model.name} — Hearth")
        self.setAccessibleName(f"Quantize {model.name}")
        self.setModal(False)
        self.resize(660, 540)

        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setAccessibleName("Quantization types")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setCornerButtonEnabled(False)
        header = self.table.horizontalHeader()
        for column in range(len(COLUMNS) - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._on_selection)

        self.requantize = QCheckBox("Allow requantizing (lower quality)", self)
        self.requantize.setAccessibleName("Allow requantizing (lower quality)")
        self.requantize.setToolTip("Make a smaller copy of a model that is already quantized")
        self.requantize.toggled.connect(self._update_buttons)
        self.requantize_warning = QLabel(REQUANT_WARNING.format(quant=self._source_type), self)
        self.requantize_warning.setTextFormat(Qt.TextFormat.PlainText)
        self.requantize_warning.setWordWrap(True)
        quantized = is_quantized(model)
        self.requantize.setVisible(quantized)
        self.requantize_warning.setVisible(quantized)
        self.plan_warning = QLabel(self)
        self.plan_warning.setTextFormat(Qt.TextFormat.PlainText)
        self.plan_warning.setWordWrap(True)
        self.plan_warning.hide()

        self.name_box = QLineEdit(self)
        self.name_box.setAccessibleName("Output file name")
        self.name_box.setToolTip("The new model's file name in Hearth's models folder")
        self.name_box.textEdited.connect(self._on_name_edited)
        name_label = QLabel("Save &as:", self)
        name_label.setBuddy(self.name_box)
        self.message = MessageStrip("Quantize message", self)
        self.quantize_button = QPushButton("&Quantize", self)
        self.quantize_button.setAccessibleName("Quantize")
        self.quantize_button.setToolTip("Queue this type; the dialog stays open so you can queue another")
        self.quantize_button.setDefault(True)
        self.quantize_button.clicked.connect(self.quantize)
        self.close_button = QPushButton("Close", self)
        self.close_button.setAccessibleName("Close")
        self.close_button.clicked.connect(self.close)

        name_row = QHBoxLayout()
        name_row.addWidget(name_label)
        name_row.addWidget(self.name_box, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.quantize_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.requantize)
        layout.addWidget(self.requantize_warning)
        layout.addWidget(self.plan_warning)
        layout.addLayout(name_row)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self._fill()

    # -- public API ---------------------------------------------------------------------

    def model(self) -> Any:
        return self._model

    def set_context_length(self, n_ctx: int) -> None:
        """The user's context length changed: sizes stay, fit badges follow."""
        self._n_ctx = n_ctx
        keep = self.current_type()
        self._fill()
        self.select(keep)

    def current_type(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return str(self.table.item(rows[0].row(), 0).data(TYPE_ROLE)) if rows else None

    def select(self, qtype: str | None) -> bool:
        """Select a type's row; False when it is not listed or cannot be chosen."""
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item.data(TYPE_ROLE) == qtype and item.flags() & Qt.ItemFlag.ItemIsEnabled:
                self.table.selectRow(row)
                return True
        self.table.clearSelection()
        return False

    def type_names(self) -> list[str]:
        return [str(self.table.item(r, 0).data(TYPE_ROLE)) for r in range(self.table.rowCount())]

    def row_texts(self, qtype: str) -> dict[str, str]:
        """Column name → shown text (the Fit column: the badge's verdict) for a type's row."""
        row = self.type_names().index(qtype)
        texts = {name: self.table.item(row, c).text() for c, name in enumerate(COLUMNS) if name != "Fit"}
        texts["Fit"] = self._badges[qtype].verdict()
        return texts

    def row_enabled(self, qtype: str) -> bool:
        row = self.type_names().index(qtype)
        return bool(self.table.item(row, 0).flags() & Qt.ItemFlag.ItemIsEnabled)

    def badge(self, qtype: str) -> FitBadge:
        return self._badges[qtype]

    # -- table --------------------------------------------------------------------------

    def _fill(self) -> None:
        model, info = self._model, getattr(self._model, "info", None)
        n_ctx = effective_ctx(self._n_ctx, info)
        size = size_text(info.file_size) if info is not None else "size unknown"
        self.intro.setText(f"Make a smaller copy of <b>{html.escape(model.name)}</b> "
                           f"({html.escape(self._source_type)}, {size}) on this computer. The original stays "
                           f"as it is. Sizes are estimates; fit is for {n_ctx:,} tokens of context.")
        types = self._bridge.types()
        self.table.blockSignals(True)
        try:
            self.table.setRowCount(0)
            self.table.setRowCount(len(types))
            self._badges.clear()
            for row, qtype in enumerate(types):
                self._fill_row(row, qtype, n_ctx)
        finally:
            self.table.blockSignals(False)
        if not self.select(PREFERRED):
            enabled = [t.name for t in types if self._reason(t) == ""]
            self.select(enabled[0] if enabled else None)
        self._on_selection()

    def _reason(self, qtype: Any) -> str:
        if qtype.needs_imatrix:
            return NEEDS_IMATRIX
        if qtype.name.upper() == self._source_type.upper():
            return SAME_TYPE
        return ""

    def _fill_row(self, row: int, qtype: Any, n_ctx: int) -> None:
        size, fit = self._bridge.estimate(self._model, qtype.name, n_ctx)
        reason = self._reason(qtype)
        texts = (qtype.name, size_text(size), "",
                 reason or str(qtype.quality))
        for column, text in enumerate(texts):
            item = QTableWidgetItem(text)
            item.setToolTip(f"{qtype.name}: {qtype.quality}" + (f" ({reason})" if reason else ""))
            if column == 1:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if reason:
                item.setFlags(item.flags() & ~(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable))
            self.table.setItem(row, column, item)
        self.table.item(row, 0).setData(TYPE_ROLE, qtype.name)
        badge = FitBadge(self.table)
        badge.set_estimate(fit)
        if fit is not None:
            badge.setToolTip(f"At {n_ctx:,} tokens the {qtype.name} copy {fit.describe()}")
        badge.setEnabled(not reason)
        self._badges[qtype.name] = badge
        self.table.setCellWidget(row, 2, badge)

    # -- choosing -----------------------------------------------------------------------

    @Slot()
    def _on_selection(self) -> None:
        """Preview the plan for the chosen type: its file name, its warning, or why not."""
        self._preview = None
        self.message.clear()
        self.plan_warning.hide()
        qtype = self.current_type()
        if qtype is not None:
            name = self.name_box.text().strip() if self._name_edited else None
            try:  # requantizing is gated by the checkbox, not the preview
                self._preview = self._bridge.plan(self._model, qtype, True, name)
            except HearthError as exc:
                self.message.show_message(exc.message)
            else:
                if not self._name_edited:
                    self.name_box.setText(self._preview.dest.name)
                warning = str(getattr(self._preview, "warning", "") or "")
                if is_quantized(self._model):  # one warning beside the checkbox, the plan's if it has one
                    self.requantize_warning.setText(warning or REQUANT_WARNING.format(quant=self._source_type))
                elif warning:
                    self.plan_warning.setText(warning)
                    self.plan_warning.show()
        self._update_buttons()

    @Slot(str)
    def _on_name_edited(self, _text: str) -> None:
        self._name_edited = True  # from now on the user's name (empty: nothing can be queued)
        self._on_selection()

    @Slot()
    def _update_buttons(self) -> None:
        allowed = not is_quantized(self._model) or self.requantize.isChecked()
        self.quantize_button.setEnabled(self._preview is not None and allowed and bool(self.name_box.text().strip()))

    @Slot()
    def quantize(self) -> Any:
        """Queue the chosen type (the Quantize button); returns the job, or None when not queued."""
        qtype = self.current_type()
        if qtype is None:
            return None
        name = self.name_box.text().strip() if self._name_edited else None
        if name == "":
            self.message.show_message("Type a name for the new file, then click Quantize.")
            return None
        try:
            plan = self._bridge.plan(self._model, qtype, self.requantize.isChecked(), name)
        except HearthError as exc:
            self.message.show_message(exc.message)
            return None
        _size, fit = self._bridge.estimate(self._model, qtype, effective_ctx(self._n_ctx, self._model.info))
        if fit is not None and fit.verdict == "won't fit" and not self._prompts.confirm(
                self, "The result may not fit",
                f"The {qtype} copy {fit.describe()}. It may be too big to load on this computer. "
                "Make it anyway?", "Quantize anyway"):
            return None
        try:
            job = self._bridge.start(plan)
        except HearthError as exc:
            self.message.show_message(exc.message)
            return None
        self.message.show_message(f"Queued {plan.dest.name}. Its progress is in the Quantize tab; "
                                  "choose another type to queue more.")
        self._preview = None  # this type is now being made: choose another to queue more
        self._name_edited = False
        self._update_buttons()
        return job
