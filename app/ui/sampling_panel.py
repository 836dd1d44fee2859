"""The sampling side panel: sampling settings, system prompt and presets.

The numeric rows are generated from :class:`~app.engine.params.SamplingParams`'
bounds, so ranges, steps, labels and tooltips are defined once, in the engine.
The panel only shows values and reports user edits; the owner persists them.

The preset box shows the preset whose settings are the ones shown (the chat's own), or
"Custom" when they match no preset — it never keeps naming a preset the chat does not use.
"""

from __future__ import annotations

from typing import Mapping, NamedTuple

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.engine.params import SamplingParams, bounded_fields
from app.ui.widgets import ParamsForm, debounce, flush, scroll_safe

PARAMS_DEBOUNCE_MS = 150
PROMPT_DEBOUNCE_MS = 400
CUSTOM = "__custom__"  # the preset box's item data for "Custom" (a preset's is its name)


class PresetSettings(NamedTuple):
    """What a preset sets: the sampling, and the system prompt (None: the preset leaves it alone)."""

    params: SamplingParams
    system_prompt: str | None = None


def same_sampling(a: SamplingParams, b: SamplingParams) -> bool:
    """Whether ``a`` and ``b`` show the same in the panel (numbers compared at their shown decimals)."""
    for f, bound in bounded_fields(SamplingParams):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if round(float(x), bound.decimals) != round(float(y), bound.decimals):
            return False
    return tuple(a.stop) == tuple(b.stop)

_ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", ",": ","}
_UNESCAPES = {"\\": "\\\\", "\n": "\\n", "\t": "\\t", ",": "\\,"}


def parse_stop_strings(text: str) -> tuple[str, ...]:
    """Split comma-separated stop strings.

    Spaces around each item are dropped and empty items are skipped. ``\\n`` and ``\\t``
    stand for a newline and a tab, ``\\,`` for a comma and ``\\\\`` for a backslash;
    any other backslash is kept as typed.
    """
    raw_items: list[str] = []
    current: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            current.append(text[i : i + 2])  # keep escapes raw until after stripping
            i += 2
            continue
        if ch == ",":
            raw_items.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    raw_items.append("".join(current))
    items: list[str] = []
    for raw in raw_items:
        raw = raw.strip()
        out: list[str] = []
        j = 0
        while j < len(raw):
            if raw[j] == "\\" and j + 1 < len(raw) and raw[j + 1] in _ESCAPES:
                out.append(_ESCAPES[raw[j + 1]])
                j += 2
            else:
                out.append(raw[j])
                j += 1
        if out:
            items.append("".join(out))
    return tuple(items)


def format_stop_strings(stop: tuple[str, ...] | list[str]) -> str:
    """The inverse of :func:`parse_stop_strings`: one line with escapes."""
    return ", ".join("".join(_UNESCAPES.get(ch, ch) for ch in s) for s in stop)


class SamplingPanel(QWidget):
    """Sampling settings, the system prompt and the presets row.

    Setters (``set_*``) never emit; a pending user edit is emitted first so it is not lost.

    Signals:
        paramsChanged(object): a :class:`SamplingParams` after a user edit (lightly debounced)
            or after "Reset to model defaults".
        systemPromptChanged(str): the system prompt after a user edit (debounced ~400 ms).
        presetSaveRequested(str): "Save as…" with the chosen name.
        presetLoadRequested(str): the user picked a preset in the combo box.
        presetDeleteRequested(str): "Delete" with the selected preset's name (the owner asks first).
    """

    paramsChanged = Signal(object)
    systemPromptChanged = Signal(str)
    presetSaveRequested = Signal(str)
    presetLoadRequested = Signal(str)
    presetDeleteRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model_defaults = SamplingParams()
        self._preset_settings: dict[str, PresetSettings] | None = None  # None: unknown, nothing is matched
        self._params_timer = debounce(self, PARAMS_DEBOUNCE_MS, self._emit_params)
        self._prompt_timer = debounce(self, PROMPT_DEBOUNCE_MS, self._emit_prompt)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._build_sampling())
        layout.addWidget(self._build_prompt(), 1)
        layout.addWidget(self._build_presets())
        self.set_params(SamplingParams())
        self._update_preset_buttons()

    # -- construction -------------------------------------------------------------------

    def _build_sampling(self) -> QGroupBox:
        box = QGroupBox(self.tr("Sampling"), self)
        self._form = ParamsForm(SamplingParams, box)
        self._form.edited.connect(self._on_user_edit)
        self._stop_edit = QLineEdit(box)
        self._stop_edit.setAccessibleName(self.tr("Stop strings"))
        self._stop_edit.setPlaceholderText(self.tr("e.g. {example}").format(example=r"User:, \n\n"))
        help_text = self.tr("The answer ends before any of these texts. Separate them with commas; "
                            "write {newline} for a new line and {comma} for a comma.").format(
                                newline=r"\n", comma=r"\,")
        self._stop_edit.setToolTip(help_text)
        self._stop_edit.setAccessibleDescription(help_text)
        self._stop_edit.textEdited.connect(self._on_user_edit)
        self._form.add_row(self.tr("Stop strings"), self._stop_edit, help_text)
        inner = QVBoxLayout(box)
        inner.addWidget(self._form)
        return box

    def _build_prompt(self) -> QGroupBox:
        box = QGroupBox(self.tr("System prompt"), self)
        self._prompt_edit = QPlainTextEdit(box)
        self._prompt_edit.setAccessibleName(self.tr("System prompt"))
        self._prompt_edit.setAccessibleDescription(self.tr("Instructions the model follows in this chat"))
        self._prompt_edit.setPlaceholderText(self.tr("Instructions the model follows in this chat"))
        self._prompt_edit.setTabChangesFocus(True)
        self._prompt_edit.setMinimumHeight(60)
        self._prompt_edit.textChanged.connect(self._prompt_timer.start)
        self._prompt_edit.textChanged.connect(self._show_matching_preset)
        inner = QVBoxLayout(box)
        inner.addWidget(self._prompt_edit)
        return box

    def _build_presets(self) -> QGroupBox:
        box = QGroupBox(self.tr("Presets"), self)
        self._preset_combo = scroll_safe(QComboBox(box))
        self._preset_combo.setAccessibleName(self.tr("Preset"))
        self._preset_combo.setAccessibleDescription(self.tr(
            "The saved preset these settings come from; pick one to use its settings in this chat"))
        self._preset_combo.setPlaceholderText(self.tr("Choose a preset"))
        self._preset_combo.setToolTip(self.tr("Load saved sampling settings"))
        self._preset_combo.activated.connect(self._on_preset_activated)
        self._save_button = QPushButton(self.tr("Save as…"), box)
        self._save_button.setAccessibleName(self.tr("Save preset as"))
        self._save_button.setToolTip(self.tr("Save the current sampling settings under a name"))
        self._save_button.setAccessibleDescription(self._save_button.toolTip())
        self._save_button.clicked.connect(self._on_save_clicked)
        self._delete_button = QPushButton(self.tr("Delete"), box)
        self._delete_button.setAccessibleName(self.tr("Delete preset"))
        self._delete_button.setToolTip(self.tr("Delete the selected preset"))
        self._delete_button.setAccessibleDescription(self._delete_button.toolTip())
        self._delete_button.clicked.connect(self._on_delete_clicked)
        self._reset_button = QPushButton(self.tr("Reset to model defaults"), box)
        self._reset_button.setAccessibleName(self.tr("Reset to model defaults"))
        self._reset_button.setToolTip(self.tr("Use the sampling settings the model recommends"))
        self._reset_button.setAccessibleDescription(self._reset_button.toolTip())
        self._reset_button.clicked.connect(self._on_reset_clicked)

        inner = QVBoxLayout(box)
        inner.addWidget(self._preset_combo)
        row = QHBoxLayout()
        row.addWidget(self._save_button)
        row.addWidget(self._delete_button)
        inner.addLayout(row)
        inner.addWidget(self._reset_button)
        return box

    # -- public API ---------------------------------------------------------------------

    def set_params(self, p: SamplingParams) -> None:
        """Show ``p`` without emitting :attr:`paramsChanged`."""
        flush(self._params_timer)
        self._show_params(p)
        self._show_matching_preset()

    def params(self) -> SamplingParams:
        """The settings as shown."""
        return SamplingParams(**self._form.values(), stop=parse_stop_strings(self._stop_edit.text()))

    def set_system_prompt(self, text: str) -> None:
        """Show ``text`` without emitting :attr:`systemPromptChanged`."""
        flush(self._prompt_timer)
        if text == self._prompt_edit.toPlainText():
            return
        blocker = QSignalBlocker(self._prompt_edit)
        self._prompt_edit.setPlainText(text)
        blocker.unblock()
        self._show_matching_preset()

    def system_prompt(self) -> str:
        return self._prompt_edit.toPlainText()

    def set_presets(self, names: list[str], current: str | None = None,
                    settings: Mapping[str, PresetSettings] | None = None) -> None:
        """List preset ``names``; select ``current``, else keep the selection if still listed.

        With ``settings`` (what each preset sets) the box follows the settings shown instead: the
        selected preset while they match it, else the first that matches, else "Custom".
        """
        keep = current if current is not None else self.current_preset()
        self._preset_settings = dict(settings) if settings is not None else None
        blocker = QSignalBlocker(self._preset_combo)
        self._preset_combo.clear()
        for name in names:
            self._preset_combo.addItem(name, name)
        self._preset_combo.setCurrentIndex(self._preset_index(keep) if keep else -1)
        blocker.unblock()
        self._show_matching_preset()
        self._update_preset_buttons()

    def current_preset(self) -> str | None:
        """The selected preset's name, or None when none is selected (or "Custom" is shown)."""
        data = self._preset_combo.currentData()
        if self._preset_combo.currentIndex() < 0 or data == CUSTOM:
            return None
        return str(data) if data is not None else self._preset_combo.currentText()

    def set_model_defaults(self, p: SamplingParams) -> None:
        """What "Reset to model defaults" restores."""
        self._model_defaults = p

    def set_supported(self, names: tuple[str, ...], where: str = "") -> None:
        """Enable only the settings in ``names`` (all when empty): a remote engine's API may not
        take every one, and a setting it would ignore is disabled rather than silently dropped."""
        reason = (self.tr("{engine} does not take this setting, so it is not sent.").format(engine=where) if where
                  else self.tr("This engine does not take this setting, so it is not sent."))
        for name in self._form.names():
            self._form.set_field_enabled(name, not names or name in names, reason)
        self._stop_edit.setEnabled(not names or "stop" in names)

    def flush(self) -> None:
        """Emit any pending (debounced) user edit now, e.g. before switching chats."""
        flush(self._params_timer)
        flush(self._prompt_timer)

    # -- overridable --------------------------------------------------------------------

    def _ask_preset_name(self) -> str | None:
        """Ask for a preset name; None when cancelled. Tests replace this."""
        name, ok = QInputDialog.getText(
            self, self.tr("Save preset"), self.tr("Preset name:"), QLineEdit.EchoMode.Normal,
            self.current_preset() or "",
        )
        return name if ok else None

    # -- slots --------------------------------------------------------------------------

    def _show_params(self, p: SamplingParams) -> None:
        self._form.set_values(p)
        blocker = QSignalBlocker(self._stop_edit)
        self._stop_edit.setText(format_stop_strings(p.stop))
        blocker.unblock()

    def _on_user_edit(self) -> None:
        self._params_timer.start()
        self._show_matching_preset()

    def _emit_params(self) -> None:
        self.paramsChanged.emit(self.params())

    def _emit_prompt(self) -> None:
        self.systemPromptChanged.emit(self._prompt_edit.toPlainText())

    def _on_reset_clicked(self) -> None:
        self._params_timer.stop()  # the reset supersedes any pending edit
        self._show_params(self._model_defaults)
        self._show_matching_preset()
        self.paramsChanged.emit(self.params())

    def _on_preset_activated(self, index: int) -> None:
        self._update_preset_buttons()
        data = self._preset_combo.itemData(index) if index >= 0 else None
        if data is not None and data != CUSTOM:
            self.presetLoadRequested.emit(str(data))

    def _on_save_clicked(self) -> None:
        name = self._ask_preset_name()
        name = (name or "").strip()
        if name:
            self.presetSaveRequested.emit(name)

    def _on_delete_clicked(self) -> None:
        name = self.current_preset()
        if name:
            self.presetDeleteRequested.emit(name)

    def _update_preset_buttons(self) -> None:
        self._delete_button.setEnabled(self.current_preset() is not None)

    # -- which preset the shown settings are ----------------------------------------------

    def _preset_index(self, name: str | None) -> int:
        """The box's row of the preset ``name`` (never "Custom", even for a preset so named); -1 if absent."""
        for row in range(self._preset_combo.count()):
            if name is not None and self._preset_combo.itemData(row) == name:
                return row
        return -1

    def _matches(self, name: str) -> bool:
        preset = (self._preset_settings or {}).get(name)
        if preset is None:
            return False
        prompt_ok = preset.system_prompt is None or preset.system_prompt == self._prompt_edit.toPlainText()
        return prompt_ok and same_sampling(preset.params, self.params())

    def _show_matching_preset(self) -> None:
        """Select the preset the shown settings are (the selected one first), else "Custom"."""
        if self._preset_settings is None:
            return
        combo = self._preset_combo
        names = [str(combo.itemData(row)) for row in range(combo.count()) if combo.itemData(row) != CUSTOM]
        current = self.current_preset()
        found = current if current is not None and self._matches(current) else \
            next((name for name in names if self._matches(name)), None)
        blocker = QSignalBlocker(combo)
        custom = combo.findData(CUSTOM)
        if found is not None or not names:
            if custom >= 0:
                combo.removeItem(custom)
            combo.setCurrentIndex(self._preset_index(found))
        else:
            if custom < 0:
                combo.addItem(self.tr("Custom"), CUSTOM)
                custom = combo.count() - 1
                combo.setItemData(custom, self.tr("These settings match no saved preset"),
                                  Qt.ItemDataRole.ToolTipRole)
            combo.setCurrentIndex(custom)
        blocker.unblock()
        self._update_preset_buttons()
