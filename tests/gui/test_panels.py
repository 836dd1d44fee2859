"""The side panels: conversation list, sampling panel and load panel."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDoubleSpinBox,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from app.engine.params import LoadParams, SamplingParams, bounded_fields
from app.engine.types import ModelInfo
from app.ui.conversation_list import TIME_TEXT_ROLE, ConversationList, relative_time
from app.ui.load_panel import NO_GPU_TOOLTIP, LoadPanel
from app.ui.sampling_panel import SamplingPanel, format_stop_strings, parse_stop_strings

NOW = time.time()
CHATS = [(1, "Trip to Lisbon", NOW - 120), (2, "Sourdough", NOW - 86400 * 1.2), (3, "Taxes", NOW)]


def _spin(panel: QWidget, name: str) -> QAbstractSpinBox:
    spin = panel.findChild(QAbstractSpinBox, name)
    assert spin is not None, name
    return spin


@pytest.fixture
def sampling(qtbot) -> SamplingPanel:
    panel = SamplingPanel()
    qtbot.addWidget(panel)
    return panel


@pytest.fixture
def load(qtbot) -> LoadPanel:
    panel = LoadPanel()
    qtbot.addWidget(panel)
    return panel


@pytest.fixture
def chats(qtbot) -> ConversationList:
    widget = ConversationList()
    qtbot.addWidget(widget)
    now = time.time()  # not the import-time NOW: the suite may reach this test minutes later
    widget.set_conversations([(cid, title, now - (NOW - ts)) for cid, title, ts in CHATS])
    return widget


# -- sampling panel -------------------------------------------------------------------------


@pytest.mark.parametrize("cls, panel_fixture", [(SamplingParams, "sampling"), (LoadParams, "load")])
def test_spin_boxes_take_everything_from_the_bounds(cls, panel_fixture, request):
    panel = request.getfixturevalue(panel_fixture)
    for f, bound in bounded_fields(cls):
        spin = _spin(panel, f.name)
        integer = isinstance(f.default, int)
        assert isinstance(spin, QSpinBox if integer else QDoubleSpinBox)
        assert spin.minimum() == bound.minimum
        assert spin.maximum() == bound.maximum
        assert spin.singleStep() == bound.step
        if not integer:
            assert spin.decimals() == bound.decimals
        assert spin.accessibleName() == bound.label
        assert spin.toolTip() == bound.help
        if bound.special is not None:
            assert spin.specialValueText() == bound.special[1]
            spin.setValue(bound.special[0])
            assert spin.text() == bound.special[1]


def test_temperature_range_matches_bound(sampling):
    temp = next(b for f, b in bounded_fields(SamplingParams) if f.name == "temperature")
    spin = _spin(sampling, "temperature")
    assert (spin.minimum(), spin.maximum()) == (temp.minimum, temp.maximum)


def test_sampling_params_round_trip(sampling):
    p = SamplingParams(temperature=1.25, top_p=0.5, top_k=0, min_p=0.1, repeat_penalty=1.3,
                       repeat_last_n=128, presence_penalty=-0.5, frequency_penalty=0.25,
                       max_tokens=0, seed=42, stop=("User:", "\n\n", "a,b"))
    sampling.set_params(p)
    assert sampling.params() == p


def test_programmatic_set_emits_nothing(qtbot, sampling):
    with qtbot.assertNotEmitted(sampling.paramsChanged, wait=250), \
         qtbot.assertNotEmitted(sampling.systemPromptChanged, wait=0):
        sampling.set_params(SamplingParams(temperature=0.2, stop=("x",)))
        sampling.set_system_prompt("Be brief.")
    assert sampling.system_prompt() == "Be brief."


def test_user_edit_emits_params_changed(qtbot, sampling):
    with qtbot.waitSignal(sampling.paramsChanged, timeout=2000) as blocker:
        _spin(sampling, "temperature").setValue(1.5)
    assert isinstance(blocker.args[0], SamplingParams)
    assert blocker.args[0].temperature == 1.5


def test_user_edits_are_debounced_into_one_signal(qtbot, sampling):
    seen: list[SamplingParams] = []
    sampling.paramsChanged.connect(seen.append)
    top_k = _spin(sampling, "top_k")
    for value in (10, 20, 30):
        top_k.setValue(value)
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=2000)
    qtbot.wait(250)
    assert [p.top_k for p in seen] == [30]


def test_stop_strings_typed_by_user(qtbot, sampling):
    edit = sampling.findChild(QLineEdit)
    assert edit.accessibleName() == "Stop strings"
    with qtbot.waitSignal(sampling.paramsChanged, timeout=2000) as blocker:
        qtbot.keyClicks(edit, r"User:, \n\n ,")
    assert blocker.args[0].stop == ("User:", "\n\n")


@pytest.mark.parametrize("text, expected", [
    ("", ()),
    ("User:", ("User:",)),
    (" a , b ,, c ", ("a", "b", "c")),
    (r"\n", ("\n",)),
    (r"###\nUser", ("###\nUser",)),
    (r"a\,b, \t", ("a,b", "\t")),
    (r"C:\\path, \x", ("C:\\path", "\\x")),
])
def test_parse_stop_strings(text, expected):
    assert parse_stop_strings(text) == expected


def test_format_stop_strings_round_trips():
    stop = ("User:", "\n\n", "a,b", "back\\slash", "\t")
    assert parse_stop_strings(format_stop_strings(stop)) == stop


def test_system_prompt_user_edit_is_debounced(qtbot, sampling):
    edit = sampling.findChild(QPlainTextEdit)
    assert edit.accessibleName() == "System prompt"
    seen: list[str] = []
    sampling.systemPromptChanged.connect(seen.append)
    qtbot.keyClicks(edit, "Be kind")
    assert seen == []  # nothing until the user pauses
    qtbot.waitUntil(lambda: seen == ["Be kind"], timeout=2000)


def test_setter_flushes_a_pending_user_edit(qtbot, sampling):
    seen: list[str] = []
    sampling.systemPromptChanged.connect(seen.append)
    qtbot.keyClicks(sampling.findChild(QPlainTextEdit), "Old chat prompt")
    sampling.set_system_prompt("New chat prompt")
    assert seen == ["Old chat prompt"]
    qtbot.wait(500)
    assert seen == ["Old chat prompt"]


def test_reset_restores_model_defaults(qtbot, sampling):
    defaults = SamplingParams(temperature=0.3, top_k=20, stop=("<end>",))
    sampling.set_model_defaults(defaults)
    sampling.set_params(SamplingParams(temperature=1.9))
    reset = next(b for b in sampling.findChildren(QAbstractButton)
                 if b.text() == "Reset to model defaults")
    with qtbot.waitSignal(sampling.paramsChanged, timeout=1000) as blocker:
        reset.click()
    assert blocker.args[0] == defaults
    assert sampling.params() == defaults


def _button(widget: QWidget, text: str) -> QAbstractButton:
    return next(b for b in widget.findChildren(QAbstractButton) if b.text() == text)


def test_preset_save_asks_for_a_name(qtbot, sampling, monkeypatch):
    monkeypatch.setattr(sampling, "_ask_preset_name", lambda: "  Creative  ")
    with qtbot.waitSignal(sampling.presetSaveRequested, timeout=1000) as blocker:
        _button(sampling, "Save as…").click()
    assert blocker.args == ["Creative"]


def test_preset_save_cancelled_emits_nothing(qtbot, sampling, monkeypatch):
    monkeypatch.setattr(sampling, "_ask_preset_name", lambda: None)
    with qtbot.assertNotEmitted(sampling.presetSaveRequested):
        _button(sampling, "Save as…").click()


def test_preset_load_and_delete(qtbot, sampling):
    combo = sampling.findChild(QComboBox)
    assert combo.accessibleName() == "Preset"
    delete = _button(sampling, "Delete")
    with qtbot.assertNotEmitted(sampling.presetLoadRequested):
        sampling.set_presets(["Balanced", "Precise"])
    assert sampling.current_preset() is None
    assert not delete.isEnabled()
    with qtbot.waitSignal(sampling.presetLoadRequested, timeout=1000) as blocker:
        combo.setCurrentIndex(1)
        combo.activated.emit(1)  # what a user's pick sends
    assert blocker.args == ["Precise"]
    assert delete.isEnabled()
    with qtbot.waitSignal(sampling.presetDeleteRequested, timeout=1000) as blocker:
        delete.click()
    assert blocker.args == ["Precise"]
    sampling.set_presets(["Balanced", "Precise", "Wild"])
    assert sampling.current_preset() == "Precise"  # kept while still listed
    sampling.set_presets(["Balanced"])
    assert sampling.current_preset() is None
    sampling.set_presets(["Balanced", "Wild"], current="Wild")
    assert sampling.current_preset() == "Wild"


# -- load panel -----------------------------------------------------------------------------


def test_load_params_round_trip(load):
    p = LoadParams(model_path="/models/a.gguf", n_ctx=8192, n_gpu_layers=0, n_threads=6,
                   n_batch=256)
    load.set_params(p)
    assert load.params() == p


def test_reload_emits_load_params_and_busy_disables(qtbot, load):
    button = _button(load, "Apply and reload")
    assert button.accessibleName() == "Reload model"
    assert not button.isEnabled()  # no model path yet
    load.set_params(LoadParams(model_path="/models/a.gguf"))
    _spin(load, "n_ctx").setValue(2048)
    with qtbot.waitSignal(load.reloadRequested, timeout=1000) as blocker:
        button.click()
    assert blocker.args[0] == LoadParams(model_path="/models/a.gguf", n_ctx=2048)
    load.set_busy(True)
    assert not button.isEnabled()
    load.set_busy(False)
    assert button.isEnabled()


def test_backend_label(load):
    label = next(w for w in load.findChildren(QWidget) if w.accessibleName() == "Backend")
    assert label.text() == "No model loaded"
    info = ModelInfo(path="/m.gguf", name="m", backend="CUDA", n_gpu_layers=33, n_layers=32,
                     n_ctx=4096)
    load.set_model_info(info)
    assert info.backend_label in label.text()
    assert "4,096 tokens context" in label.text()
    load.set_model_info(None)
    assert label.text() == "No model loaded"


def test_gpu_unavailable_disables_gpu_layers(load):
    spin = _spin(load, "n_gpu_layers")
    help_text = next(b.help for f, b in bounded_fields(LoadParams) if f.name == "n_gpu_layers")
    load.set_gpu_available(False)
    assert not spin.isEnabled()
    assert spin.toolTip() == NO_GPU_TOOLTIP
    load.set_gpu_available(True)
    assert spin.isEnabled()
    assert spin.toolTip() == help_text


# -- conversation list ----------------------------------------------------------------------


def _view(chats: ConversationList) -> QAbstractItemView:
    return chats.findChild(QAbstractItemView)


def test_set_conversations_keeps_selection(qtbot, chats):
    view = _view(chats)
    assert view.accessibleName() == "Chats"
    assert view.model().rowCount() == 3
    assert chats.current_id() is None
    with qtbot.assertNotEmitted(chats.conversationSelected):
        chats.select(2)
    assert chats.current_id() == 2
    with qtbot.assertNotEmitted(chats.conversationSelected):
        chats.set_conversations([(2, "Sourdough v2", NOW), (1, "Trip", NOW - 5)])
    assert chats.current_id() == 2
    assert view.model().index(0, 0).data() == "Sourdough v2"
    chats.set_conversations([(1, "Trip", NOW)])
    assert chats.current_id() is None


def test_user_selection_and_new_chat(qtbot, chats):
    view = _view(chats)
    with qtbot.waitSignal(chats.conversationSelected, timeout=1000) as blocker:
        view.setCurrentIndex(view.model().index(2, 0))
    assert blocker.args == [3]
    with qtbot.waitSignal(chats.newRequested, timeout=1000):
        _button(chats, "New chat").click()


def test_search_is_debounced(qtbot, chats):
    search = chats.findChild(QLineEdit)
    assert search.accessibleName() == "Search chats"
    assert search.placeholderText() == "Search chats"
    seen: list[str] = []
    chats.searchChanged.connect(seen.append)
    qtbot.keyClicks(search, "bread")
    assert seen == []
    qtbot.waitUntil(lambda: seen == ["bread"], timeout=2000)


def test_rename_inline_with_f2(qtbot, chats):
    chats.show()
    qtbot.waitExposed(chats)
    view = _view(chats)
    chats.select(1)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = view.findChild(QLineEdit)
    assert editor is not None and editor.text() == "Trip to Lisbon"
    editor.setText("  Lisbon in May ")
    with qtbot.waitSignal(chats.renameRequested, timeout=1000) as blocker:
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert blocker.args == [1, "Lisbon in May"]


def test_rename_unchanged_or_empty_emits_nothing(qtbot, chats):
    chats.show()
    view = _view(chats)
    for text in ("Trip to Lisbon", "   "):
        chats.start_rename(1)
        editor = view.findChild(QLineEdit)
        editor.setText(text)
        with qtbot.assertNotEmitted(chats.renameRequested):
            qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert view.model().index(0, 0).data() == "Trip to Lisbon"


def test_delete_key_and_context_menu(qtbot, chats):
    view = _view(chats)
    chats.select(3)
    with qtbot.waitSignal(chats.deleteRequested, timeout=1000) as blocker:
        qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert blocker.args == [3]
    menu = chats._context_menu(2)
    actions = {a.text(): a for a in menu.actions() if a.text()}
    assert list(actions) == ["Rename", "Export…", "Delete"]
    with qtbot.waitSignal(chats.deleteRequested, timeout=1000) as blocker:
        actions["Delete"].trigger()
    assert blocker.args == [2]
    with qtbot.waitSignal(chats.exportRequested, timeout=1000) as blocker:
        actions["Export…"].trigger()
    assert blocker.args == [2]


def test_relative_time_shown(chats):
    model = _view(chats).model()
    assert model.index(0, 0).data(TIME_TEXT_ROLE) == "2 min ago"
    assert model.index(2, 0).data(TIME_TEXT_ROLE) == "just now"


@pytest.mark.parametrize("ago, text", [
    (5, "just now"), (60, "1 min ago"), (59 * 60, "59 min ago"),
])
def test_relative_time_minutes(ago, text):
    assert relative_time(NOW - ago, NOW) == text


def test_relative_time_days():
    from datetime import datetime
    noon = datetime(2025, 3, 14, 12, 0).timestamp()
    assert relative_time(noon - 3 * 3600, noon) == "3 h ago"
    assert relative_time(datetime(2025, 3, 13, 23, 0).timestamp(), noon) == "yesterday"
    assert relative_time(datetime(2025, 3, 10, 9, 0).timestamp(), noon) == "4 days ago"
    assert relative_time(datetime(2025, 1, 2, 9, 0).timestamp(), noon) == "Jan 2"
    assert relative_time(datetime(2024, 1, 2, 9, 0).timestamp(), noon) == "Jan 2, 2024"
    assert relative_time(noon + 30, noon) == "just now"  # clock skew


# -- accessibility --------------------------------------------------------------------------


@pytest.mark.parametrize("factory", [SamplingPanel, LoadPanel, ConversationList])
def test_every_interactive_widget_has_an_accessible_name(qtbot, factory):
    widget = factory()
    qtbot.addWidget(widget)
    kinds = (QAbstractButton, QAbstractSpinBox, QLineEdit, QPlainTextEdit, QComboBox,
             QAbstractItemView)
    interactive = [w for kind in kinds for w in widget.findChildren(kind)]
    assert interactive
    for child in interactive:
        if isinstance(child, QLineEdit) and isinstance(child.parent(), (QAbstractSpinBox, QComboBox)):
            continue  # the line edit inside a spin box or combo box is named by its owner
        assert child.accessibleName(), f"{type(child).__name__} {child.objectName()!r} has no name"
