"""Quantize…: choose a quantization type for a Library model and queue the job.

One row per quantization type: its name, the estimated size of the result, whether that is
smaller or larger than the original (quantizing an already-small model to a type with more
bits makes it larger, and a sentence under the table says so for the chosen type), whether
that result fits this computer's memory at the user's context length (a fit badge), and a
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
from app.ui.model_common import FitBadge, MessageStrip, Prompts, effective_ctx, format_number, format_size
from app.ui.texts import localize

COLUMNS = ("Type", "Size", "Compared with the original", "Fit", "Quality")  # as tests name them
FIT_COLUMN = 3
TYPE_ROLE = Qt.ItemDataRole.UserRole
PREFERRED = "Q4_K_M"
SAME_SIZE = 0.02  # within 2 % of the original counts as "about the same size"
# The reasons a row cannot be chosen, as shown in English (tests compare with them).
NEEDS_IMATRIX = "needs an importance matrix — not available"
SAME_TYPE = "already this type"


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
        self.setWindowTitle(self.tr("Quantize {name} — Hearth").format(name=model.name))
        self.setAccessibleName(self.tr("Quantize {name}").format(name=model.name))
        self.setModal(False)
        self.resize(660, 540)

        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setAccessibleName(self.tr("Quantization types"))
        self.table.setAccessibleDescription(self.tr("Each type's estimated size, how it compares with the original, "
                                                    "whether it fits this computer, and its quality"))
        self.table.setHorizontalHeaderLabels([self.tr("Type"), self.tr("Size"), self.tr("Compared with the original"),
                                              self.tr("Fit"), self.tr("Quality")])
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

        self.size_note = QLabel(self)
        self.size_note.setTextFormat(Qt.TextFormat.PlainText)
        self.size_note.setWordWrap(True)
        self.size_note.setAccessibleName(self.tr("Size of the copy"))
        self.requantize = QCheckBox(self.tr("Allow requantizing (lower quality)"), self)
        self.requantize.setAccessibleName(self.tr("Allow requantizing (lower quality)"))
        self.requantize.setToolTip(self.tr("Quantize a model that is already quantized; the copy loses more "
                                           "quality than one made from the original"))
        self.requantize.setAccessibleDescription(self.requantize.toolTip())
        self.requantize.toggled.connect(self._update_buttons)
        self.requantize_warning = QLabel(self._requant_warning(), self)
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
        self.name_box.setAccessibleName(self.tr("Output file name"))
        self.name_box.setToolTip(self.tr("The new model's file name in Hearth's models folder"))
        self.name_box.setAccessibleDescription(self.name_box.toolTip())
        self.name_box.textEdited.connect(self._on_name_edited)
        name_label = QLabel(self.tr("Save &as:"), self)
        name_label.setBuddy(self.name_box)
        self.message = MessageStrip(self.tr("Quantize message"), self)
        self.quantize_button = QPushButton(self.tr("&Quantize"), self)
        self.quantize_button.setAccessibleName(self.tr("Quantize"))
        self.quantize_button.setToolTip(self.tr("Queue this type; the dialog stays open so you can queue another"))
        self.quantize_button.setAccessibleDescription(self.quantize_button.toolTip())
        self.quantize_button.setDefault(True)
        self.quantize_button.clicked.connect(self.quantize)
        self.close_button = QPushButton(self.tr("Close"), self)
        self.close_button.setAccessibleName(self.tr("Close"))
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
        layout.addWidget(self.size_note)
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
        texts = {name: self.table.item(row, c).text() for c, name in enumerate(COLUMNS) if c != FIT_COLUMN}
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
        size = format_size(info.file_size) if info is not None else self.tr("size unknown")
        self.intro.setText(self.tr("Make a quantized copy of <b>{name}</b> ({quant}, {size}) on this computer. The "
                                   "original stays as it is. Sizes are estimates; fit is for {n_ctx} tokens of "
                                   "context.").format(name=html.escape(model.name),
                                                      quant=html.escape(self._source_type), size=size,
                                                      n_ctx=format_number(n_ctx)))
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
            return self.tr("needs an importance matrix — not available")
        if qtype.name.upper() == self._source_type.upper():
            return self.tr("already this type")
        return ""

    def _requant_warning(self) -> str:
        return self.tr("This model is already quantized ({quant}). Quantizing it again loses more quality than "
                       "quantizing the original would; use the F16 original if you have it.").format(
                           quant=self._source_type)

    def _original_size(self) -> int | None:
        info = getattr(self._model, "info", None)
        return int(info.file_size) if info is not None and info.file_size else None

    def _change(self, size: int | None) -> float | None:
        """How much larger (> 0) or smaller (< 0) a copy of ``size`` bytes is, as a fraction of the original."""
        original = self._original_size()
        return None if size is None or not original else size / original - 1

    def compare_text(self, size: int | None) -> str:
        """"53% smaller", "48% larger" or "about the same" than the original ("" when unknown)."""
        change = self._change(size)
        if change is None:
            return ""
        if abs(change) <= SAME_SIZE:
            return self.tr("about the same")
        percent = round(abs(change) * 100)
        return (self.tr("{percent}% larger") if change > 0 else self.tr("{percent}% smaller")).format(percent=percent)

    def size_sentence(self, qtype: str) -> str:
        """The chosen type's size against the original's, in a sentence ("" when unknown)."""
        size, _fit = self._bridge.estimate(self._model, qtype, effective_ctx(self._n_ctx, self._model.info))
        change = self._change(size)
        if change is None:
            return ""
        if abs(change) <= SAME_SIZE:
            text = self.tr("About {size}, about the same size as the original ({original}).")
        elif change > 0:
            text = self.tr("About {size}, larger than the original ({original}): quantizing an already-small model "
                           "does not make it smaller.")
        else:
            text = self.tr("About {size}, smaller than the original ({original}).")
        return text.format(size=format_size(size), original=format_size(self._original_size()))

    def _fill_row(self, row: int, qtype: Any, n_ctx: int) -> None:
        size, fit = self._bridge.estimate(self._model, qtype.name, n_ctx)
        reason = self._reason(qtype)
        texts = (qtype.name, format_size(size), self.compare_text(size), "", reason or localize(qtype.quality))
        tip = (self.tr("{type}: {quality} ({reason})") if reason else self.tr("{type}: {quality}")).format(
            type=qtype.name, quality=localize(qtype.quality), reason=reason)
        for column, text in enumerate(texts):
            item = QTableWidgetItem(text)
            item.setToolTip(tip)
            if column in (1, 2):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if reason:
                item.setFlags(item.flags() & ~(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable))
            self.table.setItem(row, column, item)
        self.table.item(row, 0).setData(TYPE_ROLE, qtype.name)
        badge = FitBadge(self.table)
        badge.set_estimate(fit)
        if fit is not None:
            badge.setToolTip(self.tr("At {n_ctx} tokens the {type} copy {estimate}").format(
                n_ctx=format_number(n_ctx), type=qtype.name, estimate=localize(fit.describe())))
        badge.setEnabled(not reason)
        self._badges[qtype.name] = badge
        self.table.setCellWidget(row, FIT_COLUMN, badge)

    # -- choosing -----------------------------------------------------------------------

    @Slot()
    def _on_selection(self) -> None:
        """Preview the plan for the chosen type: its file name, its warning, or why not."""
        self._preview = None
        self.message.clear()
        self.plan_warning.hide()
        qtype = self.current_type()
        self.size_note.setText(self.size_sentence(qtype) if qtype is not None else "")
        self.size_note.setVisible(bool(self.size_note.text()))
        if qtype is not None:
            name = self.name_box.text().strip() if self._name_edited else None
            try:  # requantizing is gated by the checkbox, not the preview
                self._preview = self._bridge.plan(self._model, qtype, True, name)
            except HearthError as exc:
                self.message.show_message(exc.message)
            else:
                if not self._name_edited:
                    self.name_box.setText(self._preview.dest.name)
                warning = localize(getattr(self._preview, "warning", "") or "")
                if is_quantized(self._model):  # one warning beside the checkbox, the plan's if it has one
                    self.requantize_warning.setText(warning or self._requant_warning())
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
            self.message.show_message(self.tr("Type a name for the new file, then click Quantize."))
            return None
        try:
            plan = self._bridge.plan(self._model, qtype, self.requantize.isChecked(), name)
        except HearthError as exc:
            self.message.show_message(exc.message)
            return None
        _size, fit = self._bridge.estimate(self._model, qtype, effective_ctx(self._n_ctx, self._model.info))
        if fit is not None and fit.verdict == "won't fit" and not self._prompts.confirm(
                self, self.tr("The result may not fit"),
                self.tr("The {type} copy {estimate}. It may be too big to load on this computer. Make it anyway?")
                .format(type=qtype, estimate=localize(fit.describe())), self.tr("Quantize anyway")):
            return None
        try:
            job = self._bridge.start(plan)
        except HearthError as exc:
            self.message.show_message(exc.message)
            return None
        self.message.show_message(self.tr("Queued {file}. Its progress is in the Quantize tab; choose another type "
                                          "to queue more.").format(file=plan.dest.name))
        self._preview = None  # this type is now being made: choose another to queue more
        self._name_edited = False
        self._update_buttons()
        return job
