"""The Models window for everyone: one size convention, honest quantize sizes, a quantized copy
that names its original, a context field that stops at the trained context, a Discover search
that says when nothing matched, and the whole window in Simplified Chinese."""

from __future__ import annotations

import functools
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, Qt, QTranslator
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QTabBar, QWidget

from app import i18n
from app.model_bridge import ModelStoreBridge
from app.quantize_bridge import QuantizeBridge
from app.ui.model_common import format_size
from app.ui.model_detail import short_source_text, source_text
from app.ui.models_window import ModelsWindow
from model_store.fit import estimate_fit
from tests.gui.model_fakes import (
    GIB,
    FakeCredentials,
    FakeDownloadQueue,
    FakeHubFactory,
    FakeRegistry,
    RepoSummary,
    SearchPage,
    make_info,
    make_model,
)
from tests.gui.quantize_fakes import FakeQuantizeAPI, FakeQuantizeQueue
from tests.gui.test_models_window import ScriptedPrompts

TIMEOUT = 5000
TS = i18n.ts_path("zh_CN")  # the one translation of the whole app
STARTER_BYTES = 98_362_432  # SmolLM2-135M-Instruct.Q4_1.gguf
ORIGIN = {"id": "smol", "name": "Smol", "sha256": "", "quant_type": "Q4_1"}


@pytest.fixture
def store(tmp_path):
    folder = tmp_path / "models"
    folder.mkdir()
    smol = make_info("Smol", n_params=134_515_008, bits=5.85, quant_type="Q4_1", file_size=STARTER_BYTES)
    copy = replace(make_model("Smol-Q8_0", folder, info=make_info("Smol-Q8_0", n_params=134_515_008, bits=8.5,
                                                                  quant_type="Q8_0")),
                   provenance={"quantized_from": ORIGIN, "quant_type": "Q8_0"})
    registry = FakeRegistry(folder, [
        make_model("Smol", folder, info=smol, source="starter", owned=False),
        copy,
        make_model("Zeta", folder, info=make_info("Zeta", n_params=7_000_000_000, bits=4.85)),
        make_model("Long", folder, info=make_info("Long", n_params=7_000_000_000, bits=4.85,
                                                  context_length=1_048_576)),
        make_model("Headless", folder, info=make_info("Headless", context_length=0)),
    ])
    hub = FakeHubFactory()
    hub.client.pages[("llama", "downloads", 0)] = SearchPage(repos=[
        RepoSummary("org/Llama-3-8B-GGUF", 120_000, 300, "2024-05-01T10:00:00", False, False)], has_more=False)
    return SimpleNamespace(folder=folder, registry=registry, hub=hub)


@pytest.fixture
def window(qtbot, store):
    fit = functools.partial(estimate_fit, available=16 * GIB)
    qbridge = QuantizeBridge(store.registry, FakeQuantizeQueue(store.registry), api=FakeQuantizeAPI(),
                             estimate_fit=fit)
    bridge = ModelStoreBridge(store.registry, store.hub, FakeDownloadQueue(store.registry), estimate_fit=fit,
                              credentials=FakeCredentials())
    w = ModelsWindow(bridge, prompts=ScriptedPrompts(), quantize_bridge=qbridge)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    if w.quantize_dialog is not None:
        w.quantize_dialog.close()
    bridge.shutdown()
    qbridge.shutdown()


# -- one size convention --------------------------------------------------------------------

def test_sizes_are_decimal_with_three_significant_digits_in_the_locales_own_digits():
    before = QLocale()
    try:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        assert format_size(STARTER_BYTES) == "98.4 MB" and format_size(4_120_000_000) == "4.12 GB"
        assert format_size(950_000) == "950 KB" and format_size(512) == "512 bytes" and format_size(None) == "?"
        QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
        assert format_size(STARTER_BYTES) == "98,4 MB" and format_size(12_345_678_901) == "12,3 GB"
    finally:
        QLocale.setDefault(before)


def test_the_library_and_discover_use_it(qtbot, window):
    lib = window.library
    lib.select("smol")
    row = next(r for r in range(lib.table.rowCount()) if lib.table.item(r, 0).text() == "Smol")
    assert lib.table.item(row, 3).text() == "98.4 MB"  # not "94 MB" (MiB) beside "0.1 GB"
    assert "(98.4 MB)" in lib.detail.arithmetic.text()


# -- quantizing says whether the copy is smaller ---------------------------------------------

def test_quantizing_an_already_small_model_says_which_copies_are_larger(qtbot, window):
    dialog = window.open_quantize(next(m for m in window.bridge.models() if m.id == "smol"))
    assert "smaller copy" not in dialog.intro.text() and "98.4 MB" in dialog.intro.text()
    # 134,515,008 parameters × 8.5 bits ÷ 8 = 143 MB, from a 98.4 MB Q4_1 file
    q8 = dialog.row_texts("Q8_0")
    assert q8["Size"] == "143 MB" and q8["Compared with the original"] == "45% larger"
    assert dialog.row_texts("Q4_K_M")["Compared with the original"] == "17% smaller"
    assert dialog.row_texts("Q2_K")["Compared with the original"].endswith("smaller")
    assert dialog.select("Q8_0")
    assert dialog.size_note.isVisible() and dialog.size_note.text() == (
        "About 143 MB, larger than the original (98.4 MB): quantizing an already-small model does not make it "
        "smaller.")
    assert dialog.select("Q2_K")
    assert dialog.size_note.text() == "About 49.8 MB, smaller than the original (98.4 MB)."


def test_a_quantized_copy_is_listed_as_quantized_from_its_original(qtbot, window):
    lib = window.library
    row = next(r for r in range(lib.table.rowCount()) if lib.table.item(r, 0).text() == "Smol-Q8_0")
    assert lib.table.item(row, 7).text() == "Quantized from Smol"
    lib.select("smol-q8_0")
    assert lib.detail._values["source"].text() == "Quantized on this computer from Smol (Q4_1)"
    others = {lib.table.item(r, 0).text(): lib.table.item(r, 7).text() for r in range(lib.table.rowCount())}
    assert others["Zeta"] == "Imported" and others["Smol"] == "Built in"


def test_the_real_registry_keeps_what_the_quantizer_registers(tmp_path):
    """run_quantize registers its output with ``import_file(dest, provenance=...)``: the Library
    entry read back from disk names the original."""
    from model_store.registry import Registry
    from tests.gguf_factory import write_gguf

    registry = Registry(tmp_path / "models")
    dest = write_gguf(registry.root / "Tiny-Q8_0.gguf")
    registry.import_file(dest, provenance={"quantized_from": ORIGIN, "quant_type": "Q8_0"})
    [model] = [m for m in Registry(tmp_path / "models").models() if m.path.name == "Tiny-Q8_0.gguf"]
    assert short_source_text(model) == "Quantized from Smol"
    assert source_text(model) == "Quantized on this computer from Smol (Q4_1)"


# -- the context field stops at the trained context ------------------------------------------

def test_the_context_field_goes_no_further_than_the_model_was_trained(qtbot, window):
    lib = window.library
    detail, spin = lib.detail, lib.detail.ctx_spin
    lib.select("zeta")  # trained on 8,192 tokens
    assert spin.maximum() == 8192 and "At most 8,192 tokens" in spin.toolTip()
    assert detail.ctx_note.isHidden()
    spin.setValue(999_999)
    assert spin.value() == 8192 and detail.kv.text().startswith("KV cache at 8,192 tokens")
    assert not detail.ctx_note.isHidden() and detail.ctx_note.text() == (
        "8,192 tokens is the context this model was trained on: beyond it, its answers degrade, so Hearth goes no "
        "further.")
    lib.select("long")  # trained on 1,048,576 tokens: a context that size needs more memory than there is
    spin.setValue(1_048_576)
    assert spin.value() == 1_048_576 and detail.badge.verdict() == "won't fit"
    lib.select("zeta")
    assert spin.value() == 8192
    lib.select("long")  # what the user asked for comes back where the model allows it
    assert spin.value() == 1_048_576
    lib.select("headless")  # the header does not say: no limit, no sentence
    assert spin.maximum() == 1_048_576 and detail.ctx_note.isHidden() and "At most" not in spin.toolTip()


# -- Discover ---------------------------------------------------------------------------------

def test_a_search_without_matches_says_so_instead_of_an_empty_list(qtbot, window):
    tab = window.discover
    window.show_tab("discover")
    qtbot.keyClicks(tab.search_box, "zebra")
    qtbot.keyClick(tab.search_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.no_results.isVisible() and tab.busy.isHidden(), timeout=TIMEOUT)
    assert tab.no_results.text().startswith("No models match “zebra” on the Hugging Face Hub.")
    assert tab.results.isHidden()
    tab.search_box.clear()
    qtbot.keyClicks(tab.search_box, "llama")
    qtbot.keyClick(tab.search_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.results.topLevelItemCount() == 1, timeout=TIMEOUT)
    assert tab.results.isVisible() and tab.no_results.isHidden()


def test_escape_clears_the_search_field_before_it_closes_the_window(qtbot, window, store):
    tab = window.discover
    window.show_tab("discover")
    window.activateWindow()
    tab.search_box.setFocus()
    qtbot.keyClicks(tab.search_box, "lla")
    qtbot.keyClick(tab.search_box, Qt.Key.Key_Escape)
    assert tab.search_box.text() == "" and window.isVisible()
    qtbot.wait(600)  # longer than the typing pause: the cleared text's search was dropped with it
    assert not [c for c in store.hub.client.calls if c[0] == "search"]
    qtbot.keyClick(tab.search_box, Qt.Key.Key_Escape)
    assert not window.isVisible()


# -- Simplified Chinese -------------------------------------------------------------------------

def _placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"\{[a-zA-Z_]+\}", text))


def test_every_string_has_a_chinese_translation_with_the_same_placeholders():
    import xml.etree.ElementTree as ET

    root = ET.parse(TS).getroot()
    assert root.get("language") == "zh_CN"
    messages = [(c.findtext("name"), m.findtext("source"), m.find("translation")) for c in root.iter("context")
                for m in c.iter("message")]
    assert len(messages) > 250
    for context, source, translation in messages:
        assert translation.get("type") is None and translation.text, (context, source)
        assert _placeholders(translation.text) == _placeholders(source), (context, source, translation.text)
        assert ("&" in translation.text) == ("&" in source), (context, source)


@pytest.fixture
def chinese(qapp, tmp_path):
    qm = tmp_path / "models.qm"
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    subprocess.run([str(lrelease), "-silent", str(TS), "-qm", str(qm)], check=True)
    translator = QTranslator()
    assert translator.load(str(qm))
    before = QLocale()
    QCoreApplication.installTranslator(translator)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    yield
    QCoreApplication.removeTranslator(translator)
    QLocale.setDefault(before)


# Words Chinese LLM documentation writes in Latin letters too.
KEPT = {"hearth", "gguf", "hugging", "face", "hub", "token", "tokens", "kv", "gpu", "f16", "q8_0", "q4_0", "q4_1",
        "q4_k_m", "q2_k", "sha", "esc", "enter", "llama"}


def _english_words(text: str, data: set[str]) -> list[str]:
    for name in data:
        text = text.replace(name, " ")
    text = re.sub(r"https?://\S+|\S+\.gguf\b|/\S+", " ", text)
    return [w for w in re.findall(r"[A-Za-z][A-Za-z_0-9]{2,}", text) if w.lower() not in KEPT]


def _own_words(top: QWidget) -> list[tuple[str, str]]:
    """(where, text) for what a window writes itself: titles, labels, buttons, placeholders, tabs,
    tool tips and accessible names."""
    found = [("window title", top.windowTitle())]
    for widget in [top, *top.findChildren(QWidget)]:
        if isinstance(widget.parentWidget(), QTabBar):  # Qt's own scroll arrows (Qt's translations)
            continue
        kind = type(widget).__name__
        if isinstance(widget, (QLabel, QAbstractButton)) and not widget.text().startswith("<"):
            found.append((kind, widget.text()))
        if isinstance(widget, QLineEdit):
            found.append((kind + " placeholder", widget.placeholderText()))
        if isinstance(widget, QTabBar):
            found += [(kind, widget.tabText(i)) for i in range(widget.count())]
        found += [(kind + " tool tip", re.sub(r"<[^>]+>", " ", widget.toolTip())),
                  (kind + " accessible name", widget.accessibleName()),
                  (kind + " accessible description", widget.accessibleDescription())]
    return [(where, text) for where, text in found if text]


def test_the_models_window_speaks_chinese(qtbot, store, chinese):
    fit = functools.partial(estimate_fit, available=16 * GIB)
    qbridge = QuantizeBridge(store.registry, FakeQuantizeQueue(store.registry), api=FakeQuantizeAPI(),
                             estimate_fit=fit)
    bridge = ModelStoreBridge(store.registry, store.hub, FakeDownloadQueue(store.registry), estimate_fit=fit,
                              credentials=FakeCredentials())
    window = ModelsWindow(bridge, prompts=ScriptedPrompts(), quantize_bridge=qbridge)
    qtbot.addWidget(window)
    try:
        window.show()
        assert window.windowTitle() == "模型 — Hearth"
        assert [window.tabs.tabText(i) for i in range(4)] == ["发现(&D)", "下载(&W)", "模型库(&L)", "量化(&Q)"]
        lib = window.library
        lib.select("smol-q8_0")
        assert lib.table.horizontalHeaderItem(7).text() == "来源"
        row = lib.table.currentRow()
        assert lib.table.item(row, 7).text() == "由 Smol 量化而来"
        lib.select("zeta")
        lib.detail.ctx_spin.setValue(999_999)
        assert lib.detail.ctx_note.text().startswith("8,192 个 token 是这个模型训练时的上下文长度")
        dialog = window.open_quantize(next(m for m in bridge.models() if m.id == "smol"))
        dialog.select("Q8_0")
        assert dialog.row_texts("Q8_0")["Compared with the original"] == "大 45%"
        assert dialog.size_note.text().startswith("约 143 MB，比原模型（98.4 MB）更大")
        window.show_tab("discover")
        qtbot.keyClicks(window.discover.search_box, "zebra")
        qtbot.keyClick(window.discover.search_box, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: window.discover.no_results.isVisible(), timeout=TIMEOUT)
        assert window.discover.no_results.text().startswith("Hugging Face Hub 上没有与“zebra”匹配的模型。")
        # Not this window's words: what model_store writes (fit and speed sentences, the plan's
        # warning), the speed strip (app/ui/speed_strip.py), and names and data.
        strip = window.speed_strip
        foreign = {dialog.requantize_warning.text()} | {
            text for w in [strip, *strip.findChildren(QWidget)]
            for text in (getattr(w, "text", lambda: "")(), w.toolTip(), w.accessibleName())}
        data = {m.name for m in store.registry.models()} | {"zebra", "LM Studio", "SHA-256", "apache-2.0", "qwen",
                                                             "gemma"}
        left = [(type(top).__name__, where, text, words) for top in (window, dialog)
                for where, text in _own_words(top)
                if not where.startswith(("FitBadge", "SpeedBadge")) and "needs about" not in text
                and text not in foreign
                for words in [_english_words(text, data)] if words]
        assert not left, "\n".join(map(str, left))
    finally:
        if window.quantize_dialog is not None:
            window.quantize_dialog.close()
        window.close()
        bridge.shutdown()
        qbridge.shutdown()
