"""The side panels, the model bar, the welcome and the server and remote windows in both languages:
the preset box follows the chat's settings, deleting a preset asks first, the welcome is a page
a window can hold (with keyboard access), numbers follow the locale, and the Chinese of
the Simplified Chinese translation (``resources/translations/hearth_zh_CN.ts``) is complete and shows.
"""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, Qt, QTranslator
from PySide6.QtWidgets import (QAbstractButton, QAbstractSpinBox, QComboBox, QGroupBox, QLabel, QLineEdit, QMenu,
                               QPlainTextEdit, QPushButton, QWidget)

from app import i18n
from app.engine.params import LoadParams, SamplingParams, bounded_fields
from app.engine.types import ModelInfo
from app.ui.load_panel import LoadPanel, backend_text
from app.ui.param_texts import bound_texts, known_fields
from app.ui.prompt_dialog import PromptDialog
from app.ui.sampling_panel import PresetSettings, SamplingPanel
from app.ui.speed_strip import basis_text
from app.ui.welcome_page import WelcomePage
from model_store.speed import MachineProfile
from tests.gui.test_main_window import send_and_wait
from tests.gui.test_welcome import FakeBridge, set_memory

TS = i18n.ts_path("zh_CN")  # the one translation of the whole app
PLACEHOLDER = re.compile(r"\{[a-z_][a-z0-9_]*\}")
INTERACTIVE = (QAbstractButton, QLineEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox)
CREATIVE = SamplingParams(temperature=1.25)
PRECISE = SamplingParams(temperature=0.2, top_k=10)


@pytest.fixture
def sampling(qtbot) -> SamplingPanel:
    panel = SamplingPanel()
    qtbot.addWidget(panel)
    return panel


def preset_box(panel: QWidget) -> QComboBox:
    return next(c for c in panel.findChildren(QComboBox) if c.accessibleName() == "Preset")


def preset_button(panel: QWidget, name: str) -> QPushButton:
    return next(b for b in panel.findChildren(QPushButton) if b.accessibleName() == name)


# -- the preset box follows the chat's settings ----------------------------------------------


def test_the_preset_box_names_the_preset_the_settings_are_or_custom(sampling):
    sampling.set_params(CREATIVE)
    sampling.set_presets(["Creative", "Precise"], settings={"Creative": PresetSettings(CREATIVE),
                                                            "Precise": PresetSettings(PRECISE, "Be exact.")})
    box = preset_box(sampling)
    assert sampling.current_preset() == "Creative" and box.currentText() == "Creative"

    sampling.set_params(SamplingParams())  # another chat, on the model's defaults
    assert sampling.current_preset() is None and box.currentText() == "Custom"
    assert not preset_button(sampling, "Delete preset").isEnabled()

    sampling.set_params(PRECISE)  # a chat with Precise's sampling but not its system prompt
    assert box.currentText() == "Custom"
    sampling.set_system_prompt("Be exact.")
    assert sampling.current_preset() == "Precise"
    assert [box.itemText(i) for i in range(box.count())] == ["Creative", "Precise"]  # "Custom" only while shown
    assert preset_button(sampling, "Delete preset").isEnabled()


def test_editing_a_setting_leaves_the_preset_and_custom_is_never_loaded(qtbot, sampling):
    sampling.set_params(CREATIVE)
    sampling.set_presets(["Creative"], settings={"Creative": PresetSettings(CREATIVE)})
    sampling.findChild(QAbstractSpinBox, "temperature").setValue(0.9)  # what a person's edit does
    box = preset_box(sampling)
    assert box.currentText() == "Custom"
    with qtbot.assertNotEmitted(sampling.presetLoadRequested):
        box.activated.emit(box.currentIndex())
    with qtbot.waitSignal(sampling.presetLoadRequested) as picked:
        box.activated.emit(0)
    assert picked.args == ["Creative"]


def test_switching_chats_shows_each_chats_own_preset(qtbot, make_window, monkeypatch):
    window = make_window()
    panel = window.sampling_panel
    panel.set_params(CREATIVE)
    panel.paramsChanged.emit(panel.params())  # as after an edit: the chat keeps it
    monkeypatch.setattr(panel, "_ask_preset_name", lambda: "Creative")
    preset_button(window, "Save preset as").click()
    first = window.session.conversation.id
    box = preset_box(window)
    assert box.currentText() == "Creative"
    send_and_wait(qtbot, window, "Hello")  # a new chat replaces an empty one: this one has a message

    window.session.new_conversation()  # starts with the settings of the chat before
    second = window.session.conversation.id
    assert second != first and box.currentText() == "Creative"
    panel.set_params(SamplingParams(temperature=0.5))
    panel.paramsChanged.emit(panel.params())
    window.session.open(first)
    qtbot.waitUntil(lambda: panel.current_preset() == "Creative")
    window.session.open(second)  # this chat does not use Creative: the box must not keep naming it
    qtbot.waitUntil(lambda: window.session.conversation.id == second)
    assert panel.current_preset() is None and box.currentText() == "Custom"


def test_deleting_a_preset_asks_first_naming_it(qtbot, make_window, monkeypatch):
    window = make_window()
    monkeypatch.setattr(window.sampling_panel, "_ask_preset_name", lambda: "Creative")
    preset_button(window, "Save preset as").click()
    asked: list[tuple[str, str]] = []
    answer = [False]
    window.prompts.confirm = lambda parent, title, text, action="OK": asked.append((title, text)) or answer[0]

    preset_button(window, "Delete preset").click()
    assert len(asked) == 1 and "“Creative”" in asked[0][1]
    assert [p.name for p in window.session.store.presets.all()] == ["Creative"]  # declined: kept
    answer[0] = True
    preset_button(window, "Delete preset").click()
    assert window.session.store.presets.all() == []
    assert preset_box(window).count() == 0


# -- the welcome as a page ----------------------------------------------------------------------


@pytest.fixture
def page(qtbot, monkeypatch):
    set_memory(monkeypatch, 16)
    welcome = WelcomePage(FakeBridge(), starter=Path("/starter.gguf"))
    qtbot.addWidget(welcome)
    welcome.show()
    qtbot.waitExposed(welcome)
    return welcome


def test_the_welcome_page_has_the_dialogs_signals_and_keys(qtbot, page):
    page.start_button.setFocus()
    with qtbot.waitSignal(page.dismissed):
        qtbot.keyClick(page.start_button, Qt.Key.Key_Escape)
    with qtbot.waitSignal(page.startRequested):
        qtbot.keyClick(page.start_button, Qt.Key.Key_Return)
    page.models_button.setFocus()
    with qtbot.waitSignal(page.modelsRequested):  # Enter presses the focused button
        qtbot.keyClick(page.models_button, Qt.Key.Key_Return)
    with qtbot.waitSignal(page.statusChanged):
        page.download_button.click()


def test_the_welcome_page_tab_order_and_names(page):
    order, widget = [], page.download_button
    for _ in range(3):
        order.append(widget)
        widget = widget.nextInFocusChain()
        while not (widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisible()):
            widget = widget.nextInFocusChain()
    assert order == [page.download_button, page.models_button, page.start_button]
    assert page.accessibleName() == "Welcome to Hearth"
    for control in page.findChildren(QAbstractButton):
        assert control.accessibleName(), control.text()


def test_esc_on_the_welcome_page_is_not_now(qtbot, monkeypatch):
    set_memory(monkeypatch, 16)
    page = WelcomePage(FakeBridge(), starter=Path("/starter.gguf"))
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.dismissed):
        qtbot.keyClick(page.start_button, Qt.Key.Key_Escape)


# -- numbers follow the locale ----------------------------------------------------------------


@pytest.fixture
def german():
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    yield
    QLocale.setDefault(before)


def test_numbers_in_the_panels_follow_the_locale(qtbot, german):
    info = ModelInfo(path="/m.gguf", name="m", backend="CPU", n_ctx=32768, load_ms=1234.0)
    assert "32.768" in backend_text(info)
    dialog = PromptDialog()
    qtbot.addWidget(dialog)
    dialog.set_prompt("x" * 12345 + "\n" * 1999)
    note = next(label for label in dialog.findChildren(QLabel) if "Exactly" in label.text())
    assert "14.344 characters on 2.000 lines" in note.text()
    profile = MachineProfile(bandwidth=18.4e9, compute=1234e9, threads=2, measured_at=1.8e9)
    assert "memory 18,4 GB/s, arithmetic 1.234 GFLOPS on 2 cores" in basis_text(profile)


def test_the_settings_labels_are_the_engines_words(qapp):
    """Every bounded setting is written out for translation, in the engine's English."""
    fields = [(f, b) for cls in (SamplingParams, LoadParams) for f, b in bounded_fields(cls)]
    assert {f.name for f, _ in fields} == set(known_fields())
    for f, bound in fields:
        texts = bound_texts(f.name, bound)
        assert (texts.label, texts.help) == (bound.label, bound.help), f.name
        assert texts.special == (bound.special[1] if bound.special else None), f.name


# -- the Chinese translation ---------------------------------------------------------------------


def test_the_chinese_is_complete_and_keeps_placeholders():
    root = ET.parse(TS).getroot()
    assert root.get("language") == "zh_CN"
    messages = [(m.findtext("source"), m.find("translation")) for m in root.iter("message")]
    assert len(messages) > 250
    for source, translation in messages:
        assert translation.get("type") is None and (translation.text or "").strip(), source
        assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(translation.text)), source


@pytest.fixture
def chinese(qapp, tmp_path):
    qm = tmp_path / "panels.qm"
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    subprocess.run([str(lrelease), "-silent", str(TS), "-qm", str(qm)], check=True)
    translator = QTranslator()
    assert translator.load(str(qm))
    qapp.installTranslator(translator)
    yield
    qapp.removeTranslator(translator)


def test_the_panels_speak_chinese(qtbot, chinese):
    panel = SamplingPanel()
    qtbot.addWidget(panel)
    titles = {box.title() for box in panel.findChildren(QGroupBox)}
    assert {"采样", "系统提示词", "预设"} <= titles
    assert panel.findChild(QAbstractSpinBox, "temperature").accessibleName() == "温度"
    panel.set_params(CREATIVE)
    panel.set_presets(["Mine"], settings={"Mine": PresetSettings(PRECISE)})
    box = panel.findChild(QComboBox)
    assert box.accessibleName() == "预设" and box.currentText() == "自定义"
    load = LoadPanel()
    qtbot.addWidget(load)
    assert load.findChild(QAbstractSpinBox, "n_gpu_layers").specialValueText() == "全部"
    assert QCoreApplication.translate("WelcomePage", "Start chatting") == "开始对话"


def test_every_control_has_an_accessible_name(qtbot, make_window):
    """The panels, the model bar, the server and remote windows, and the prompt dialog."""
    window = make_window()
    window.server.open()
    window.remotes.add()
    window.prompt_actions.show_prompt()
    tops = [window.side_panel, window.model_bar, window.server.dialog, window.remotes.dialog]
    tops += [w for w in window.findChildren(PromptDialog)]
    unnamed = [f"{type(c).__name__} {getattr(c, 'text', lambda: '')()!r} in {type(top).__name__}"
               for top in tops for c in top.findChildren(QWidget)
               if isinstance(c, INTERACTIVE) and not isinstance(c.parentWidget(), (QComboBox, QAbstractSpinBox))
               and not c.objectName().startswith("qt_") and not c.accessibleName().strip()]
    assert not unnamed
    menu = QMenu()
    window.remotes.fill_menu(menu)
    assert [a.text() for a in menu.actions() if not a.isSeparator()] == ["No remote engines yet",
                                                                        "Add a remote engine…"]
    window.remotes.dialog.reject()
