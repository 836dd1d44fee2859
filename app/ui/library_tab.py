"""Library: the models on this computer, and what can be done with them.

A table (name, quant, params, size, context, fit, speed, source — "Quantized from …" for a
copy made on this computer), sorted by name, with a filter box; the selected model's
"two files" page beside it. Load asks the main window to load
the file; Delete… shows what would be freed and what is kept (files Hearth does not own
are never deleted); Reveal opens the folder; Quantize… asks for a quantized copy (the window
opens the quantize dialog); Import file… copies or links a GGUF file;
Adopt existing models links what the Hugging Face cache and LM Studio already hold.
Models whose files vanished are shown greyed with a note.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.engine.errors import HearthError
from app.model_bridge import ModelStoreBridge
from app.ui.model_common import (MessageStrip, Prompts, badge_color, effective_ctx, format_number,
                                 format_params, format_size, verdict_text)
from app.ui.library_texts import MAX_LISTED, delete_text, file_list
from app.ui.model_detail import ModelDetail, short_source_text
from app.ui.texts import localize

ID_ROLE = Qt.ItemDataRole.UserRole
COLUMNS = ("Name", "Quant", "Params", "Size", "Context", "Fit", "Speed", "Source")  # for tests; shown translated


class LibraryTab(QWidget):
    """The Library table, its buttons and the selected model's detail page.

    Signals:
        loadRequested(str): load this parameter file in the chat window.
        quantizeRequested(object): make a smaller copy of this LocalModel (Quantize…).
    """

    loadRequested = Signal(str)
    quantizeRequested = Signal(object)

    def __init__(self, bridge: ModelStoreBridge, prompts: Prompts, parent: QWidget | None = None,
                 n_ctx: int = 4096) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self._prompts = prompts
        self._n_ctx = n_ctx
        self._models: dict[str, Any] = {}
        self._loaded = ""     # the real path of the model the chat window has loaded
        self._importing: tuple[str, str] = ("", "")  # ("copy" or "link", file name) while an import runs

        self.filter_box = QLineEdit(self)
        self.filter_box.setPlaceholderText(self.tr("Filter models"))
        self.filter_box.setAccessibleName(self.tr("Filter models"))
        self.filter_box.setAccessibleDescription(self.tr("Show only the models whose name, quantization or speed "
                                                         "contains this text"))
        self.filter_box.setClearButtonEnabled(True)
        for button in self.filter_box.findChildren(QToolButton):
            button.setAccessibleName(self.tr("Clear filter"))
        self.filter_box.textChanged.connect(self._apply_filter)

        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setAccessibleName(self.tr("Models on this computer"))
        self.table.setAccessibleDescription(self.tr("Pick a model to see its details; double-click to load it"))
        self.table.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Quant"), self.tr("Params"), self.tr("Size"),
                                              self.tr("Context"), self.tr("Fit"), self.tr("Speed"),
                                              self.tr("Source")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setCornerButtonEnabled(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            self.table.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._on_selection)
        self.table.itemDoubleClicked.connect(lambda _item: self._load())

        self.load_button = self._button(self.tr("Load"), self.tr("Load this model in the chat window"), self._load)
        self.delete_button = self._button(self.tr("Delete…"),
                                          self.tr("Remove this model; only files Hearth owns are deleted"),
                                          self._delete, name=self.tr("Delete model"))
        self.reveal_button = self._button(self.tr("Reveal in file manager"),
                                          self.tr("Open the folder that holds this file"), self._reveal)
        self.quantize_button = self._button(self.tr("Quantize…"),
                                            self.tr("Make a quantized copy of this model on this computer (smaller "
                                                    "when the model is not quantized yet)"),
                                            self._quantize, name=self.tr("Quantize model"))
        self.import_button = self._button(self.tr("Import file…"), self.tr("Add a .gguf file from this computer"),
                                          self._import, name=self.tr("Import model file"))
        self.adopt_button = self._button(self.tr("Adopt existing models"),
                                         self.tr("Use models already in the Hugging Face cache or LM Studio"),
                                         self._adopt)
        self.message = MessageStrip(self.tr("Library message"), self)
        self.detail = ModelDetail(bridge.estimate_fit, self)

        buttons = QHBoxLayout()
        for button in (self.load_button, self.delete_button, self.reveal_button, self.quantize_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.adopt_button)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filter_box)
        left_layout.addWidget(self.table, 1)
        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(self.detail)
        splitter.setSizes([520, 380])
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)

        bridge.libraryChanged.connect(self.refresh)
        bridge.importProgress.connect(self._on_import_progress)
        bridge.importDone.connect(self._on_imported)
        bridge.importFailed.connect(self._on_import_failed)
        bridge.adoptableFound.connect(self._on_adoptable)
        bridge.adoptDone.connect(self._on_adopted)
        self.refresh()

    def _button(self, text: str, tip: str, slot: Any, name: str = "") -> QPushButton:
        """A button; its accessible name is ``name`` or its text (both translated), its description the tip."""
        button = QPushButton(text, self)
        button.setToolTip(tip)
        button.setAccessibleName(name or text)
        button.setAccessibleDescription(tip)
        button.clicked.connect(slot)
        return button

    # -- public API ---------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """Re-read the Library and show it (the selection is kept when the model still exists)."""
        keep = self.current_id()
        models = sorted(self._bridge.models(), key=lambda m: (m.name.lower(), m.id))
        self._models = {m.id: m for m in models}
        self.table.blockSignals(True)
        try:
            self.table.setRowCount(0)
            self.table.setRowCount(len(models))
            for row, model in enumerate(models):
                self._fill_row(row, model)
        finally:
            self.table.blockSignals(False)
        self._apply_filter(self.filter_box.text())
        self.select(keep)

    def select(self, model_id: str | None) -> None:
        """Select a model by id (None or unknown: nothing selected)."""
        self.table.clearSelection()
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).data(ID_ROLE) == model_id:
                self.table.selectRow(row)
                break
        self._on_selection()

    def current_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return str(self.table.item(rows[0].row(), 0).data(ID_ROLE)) if rows else None

    def current_model(self) -> Any:
        model_id = self.current_id()
        return self._models.get(model_id) if model_id is not None else None

    def visible_names(self) -> list[str]:
        return [self.table.item(r, 0).text() for r in range(self.table.rowCount()) if not self.table.isRowHidden(r)]

    def set_quantize_available(self, available: bool) -> None:
        """Show or hide Quantize… (hidden when local quantization is not installed)."""
        self.quantize_button.setVisible(available)

    def set_context_length(self, n_ctx: int) -> None:
        """The context length the Fit column is for."""
        self._n_ctx = n_ctx
        self.refresh()

    # -- table --------------------------------------------------------------------------

    def _fill_row(self, row: int, model: Any) -> None:
        info = model.info
        missing = bool(getattr(model, "missing", False))
        n_ctx = effective_ctx(self._n_ctx, info)
        estimate = self._bridge.estimate_fit(info, n_ctx=n_ctx) if info is not None and not missing else None
        speed = (self._bridge.estimate_speed(info, name=str(model.path), n_ctx=n_ctx)
                 if info is not None and not missing else None)
        if missing:
            label = self.tr("{name} (file missing)").format(name=model.name)
        elif self._is_loaded(model):
            label = self.tr("{name} (loaded)").format(name=model.name)
        else:
            label = model.name
        texts = [label, info.quant_type if info else "?", format_params(info.n_params) if info else "?",
                 format_size(info.file_size) if info else "?",
                 format_number(info.context_length) if info and info.context_length else "?",
                 verdict_text(estimate.verdict) if estimate is not None else "–",
                 localize(speed.label()) if speed is not None else "–",
                 short_source_text(model)]
        grey = QBrush(self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
        for column, text in enumerate(texts):
            item = QTableWidgetItem(text)
            if column in (2, 3, 4, 6):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if missing:
                item.setForeground(grey)
                item.setToolTip(self.tr("The file is missing: {path}").format(path=model.path))
            self.table.setItem(row, column, item)
        name = self.table.item(row, 0)
        name.setData(ID_ROLE, model.id)
        if not missing:
            name.setToolTip(str(model.path))
        if estimate is not None:
            fit = self.table.item(row, 5)
            fit.setForeground(QBrush(QColor(badge_color(str(estimate.verdict)))))
            fit.setToolTip(self.tr("At {n_ctx} tokens this model {estimate}").format(
                n_ctx=format_number(n_ctx), estimate=localize(estimate.describe())))
        if speed is not None:
            pace = self.table.item(row, 6)
            kind = "comfortable" if speed.comfortable else "crawling" if speed.crawling else "slow"
            pace.setForeground(QBrush(QColor(badge_color(kind))))
            pace.setToolTip(localize(speed.tooltip()))
        if not model.owned:
            self.table.item(row, 7).setToolTip(self.tr("Hearth does not own this file and never deletes it"))

    @Slot(str)
    def _apply_filter(self, text: str) -> None:
        needle = text.strip().lower()
        for row in range(self.table.rowCount()):
            hay = " ".join(self.table.item(row, c).text().lower() for c in (0, 1, 6))
            self.table.setRowHidden(row, bool(needle) and needle not in hay)

    @Slot()
    def _on_selection(self) -> None:
        model = self.current_model()
        missing = bool(getattr(model, "missing", False))
        self.load_button.setEnabled(model is not None and not missing)
        self.delete_button.setEnabled(model is not None)
        self.reveal_button.setEnabled(model is not None and Path(model.path).parent.is_dir())
        self.quantize_button.setEnabled(model is not None and not missing and model.info is not None)
        if model is not self.detail.model():
            self.detail.set_model(model)

    # -- actions ------------------------------------------------------------------------

    def _load(self) -> None:
        model = self.current_model()
        if model is not None and not getattr(model, "missing", False):
            self.loadRequested.emit(str(model.path))

    def set_loaded(self, path: str | None) -> None:
        """The model file the chat window has loaded: it cannot be deleted, and says so."""
        self._loaded = os.path.realpath(path) if path else ""
        self.refresh()

    def _is_loaded(self, model: Any) -> bool:
        return bool(self._loaded) and os.path.realpath(str(model.path)) == self._loaded

    def _delete(self) -> None:
        model = self.current_model()
        if model is None:
            return
        if self._is_loaded(model):
            self.message.show_message(self.tr("{name} is loaded in the chat window. Load another model first, "
                                              "then delete this one.").format(name=model.name))
            return
        try:
            plan = self._bridge.plan_delete(model.id)
        except HearthError as exc:
            self.message.show_message(exc.message)
            return
        question = self.tr("Delete {name}?").format(name=model.name) + "\n\n" + delete_text(plan)
        if not self._prompts.confirm(self, self.tr("Delete model"), question, self.tr("Delete")):
            return
        try:
            freed = self._bridge.delete(plan)
        except HearthError as exc:
            self.message.show_message(exc.message)
            return
        self.message.show_message(self.tr("Deleted {name}; freed {size}.").format(name=model.name,
                                                                                  size=format_size(freed))
                                  if freed else self.tr("Deleted {name}.").format(name=model.name))

    def _quantize(self) -> None:
        model = self.current_model()
        if model is not None and not getattr(model, "missing", False) and model.info is not None:
            self.quantizeRequested.emit(model)

    def _reveal(self) -> None:
        model = self.current_model()
        if model is not None:
            self._prompts.open_folder(Path(model.path).parent)

    def _import(self) -> None:
        path = self._prompts.choose_model_file(self)
        if path is None:
            return
        choice = self._prompts.copy_or_link(self, Path(path))
        if choice is None:
            return
        self._importing = (choice, Path(path).name)
        text = (self.tr("Linking {name}… (checking its header first)") if choice == "link" else
                self.tr("Copying {name}… (checking its header first)"))
        self.message.show_message(text.format(name=Path(path).name))
        self._set_busy(True)
        self._bridge.import_file(Path(path), link=choice == "link")

    def _adopt(self) -> None:
        self.message.show_message(self.tr("Looking in the Hugging Face cache and LM Studio's models folder…"))
        self._set_busy(True)
        self._bridge.find_adoptable()

    def _set_busy(self, busy: bool) -> None:
        self.import_button.setEnabled(not busy)
        self.adopt_button.setEnabled(not busy)

    @Slot(float)
    def _on_import_progress(self, fraction: float) -> None:
        choice, name = self._importing
        text = self.tr("Linking {name}… {percent}%") if choice == "link" else self.tr("Copying {name}… {percent}%")
        self.message.show_message(text.format(name=name, percent=round(fraction * 100)))

    @Slot(object)
    def _on_imported(self, model: Any) -> None:
        self._set_busy(False)
        self.message.show_message(self.tr("Added {name} to the Library.").format(name=model.name))
        self.select(model.id)

    @Slot(object)
    def _on_import_failed(self, message: str) -> None:
        self._set_busy(False)
        self.message.show_message(message)

    @Slot(object)
    def _on_adoptable(self, paths: list[Path]) -> None:
        known = {Path(f) for m in self._models.values() for f in (getattr(m, "files", ()) or (m.path,))}
        new = [Path(p) for p in paths if Path(p) not in known]
        if not new:
            self._set_busy(False)
            self.message.show_message(self.tr("No new models found in the Hugging Face cache or LM Studio's models "
                                              "folder."))
            return
        if len(new) == 1:
            text = self.tr("Hearth found 1 model file:\n{names}\n\nIt is linked in place: Hearth reads it where it "
                           "is and never moves or deletes it.")
        else:
            text = self.tr("Hearth found {count} model files:\n{names}\n\nThey are linked in place: Hearth reads "
                           "them where they are and never moves or deletes them.")
        text = text.format(count=len(new), names=file_list(new))
        if not self._prompts.confirm(self, self.tr("Adopt existing models"), text, self.tr("Adopt")):
            self._set_busy(False)
            self.message.clear()
            return
        self._bridge.adopt(new)

    @Slot(object)
    def _on_adopted(self, models: list[Any]) -> None:
        self._set_busy(False)
        names = ", ".join(m.name for m in models[:MAX_LISTED])
        if not models:
            self.message.show_message(self.tr("No models were added."))
        elif len(models) == 1:
            self.message.show_message(self.tr("Added 1 model: {names}.").format(names=names))
        else:
            self.message.show_message(self.tr("Added {count} models: {names}.").format(count=len(models), names=names))
