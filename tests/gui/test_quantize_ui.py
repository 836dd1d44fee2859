"""Local quantization in the Models window: the Quantize… dialog, the jobs panel and the bridge,
on the fake quantize module of ``tests/gui/quantize_fakes.py`` (and once on the real one)."""

from __future__ import annotations

import functools
import threading
import time
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QThread, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QProgressBar,
    QWidget,
)

from app.model_bridge import ModelStoreBridge
from app.quantize_bridge import QuantizeBridge
from app.ui.models_window import ModelsWindow
from app.ui.quantize_dialog import NEEDS_IMATRIX, SAME_TYPE
from model_store.fit import estimate_fit
from tests.gui.model_fakes import (
    GIB,
    FakeCredentials,
    FakeDownloadQueue,
    FakeHubFactory,
    FakeRegistry,
    make_info,
    make_model,
)
from tests.gui.quantize_fakes import QUANT_TYPES, FakeQuantizeAPI, FakeQuantizeQueue
from tests.gui.test_models_window import ScriptedPrompts

TIMEOUT = 5000


@pytest.fixture
def store(tmp_path):
    folder = tmp_path / "models"
    folder.mkdir()
    registry = FakeRegistry(folder, [
        make_model("Tiny", folder, info=make_info("Tiny", n_params=1_000_000_000, bits=16, quant_type="F16")),
        make_model("Big", folder, info=make_info("Big", n_params=20_000_000_000, bits=16, quant_type="F16")),
        make_model("Zeta", folder, info=make_info("Zeta", n_params=7_000_000_000, bits=4.85)),
        make_model("Gone", folder, missing=True),
    ])
    return SimpleNamespace(folder=folder, registry=registry, api=FakeQuantizeAPI(),
                           queue=FakeQuantizeQueue(registry))


@pytest.fixture
def qbridge(qtbot, store):
    fit = functools.partial(estimate_fit, available=16 * GIB)
    b = QuantizeBridge(store.registry, store.queue, api=store.api, estimate_fit=fit)
    yield b
    b.shutdown()


@pytest.fixture
def window(qtbot, store, qbridge):
    fit = functools.partial(estimate_fit, available=16 * GIB)
    bridge = ModelStoreBridge(store.registry, FakeHubFactory(), FakeDownloadQueue(store.registry),
                              estimate_fit=fit, credentials=FakeCredentials())
    w = ModelsWindow(bridge, prompts=ScriptedPrompts(), quantize_bridge=qbridge)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    if w.quantize_dialog is not None:
        w.quantize_dialog.close()
    bridge.shutdown()


def _open(qtbot, window, model_id):
    window.show_tab("library")
    window.library.select(model_id)
    assert window.library.quantize_button.isEnabled()
    qtbot.mouseClick(window.library.quantize_button, Qt.MouseButton.LeftButton)
    dialog = window.quantize_dialog
    assert dialog is not None and dialog.isVisible() and dialog.model().id == model_id
    return dialog


def _quantize(qtbot, dialog, qtype):
    assert dialog.select(qtype)
    assert dialog.quantize_button.isEnabled(), dialog.message.text()
    qtbot.mouseClick(dialog.quantize_button, Qt.MouseButton.LeftButton)


# -- the dialog -----------------------------------------------------------------------------

def test_dialog_lists_types_with_sizes_fit_badges_and_quality_notes(qtbot, window):
    dialog = _open(qtbot, window, "tiny")
    assert dialog.type_names() == list(QUANT_TYPES)
    row = dialog.row_texts("Q8_0")  # 1e9 parameters × 8.5 bits ÷ 8 = 1.06e9 bytes
    assert row == {"Type": "Q8_0", "Size": "1.06 GB", "Compared with the original": "47% smaller", "Fit": "fits",
                   "Quality": QUANT_TYPES["Q8_0"].quality}
    assert dialog.row_texts("Q2_K")["Size"] == "370 MB"
    assert dialog.row_texts("Q4_K_M")["Size"] == "606 MB"
    assert "needs about" in dialog.badge("Q4_K_M").toolTip() and "4,096 tokens" in dialog.badge("Q4_K_M").toolTip()
    assert dialog.current_type() == "Q4_K_M" and dialog.name_box.text() == "Tiny-Q4_K_M.gguf"
    assert dialog.requantize.isHidden() and dialog.requantize_warning.isHidden()  # F16 source
    assert dialog.quantize_button.isEnabled() and dialog.message.text() == ""
    assert not dialog.row_enabled("IQ2_XS") and dialog.row_texts("IQ2_XS")["Quality"] == NEEDS_IMATRIX
    assert not dialog.select("IQ2_XS") and dialog.current_type() is None
    assert not dialog.quantize_button.isEnabled()
    # fit follows the memory needed by each result and the user's context length
    big = _open(qtbot, window, "big")
    assert big.row_texts("Q4_K_M")["Size"] == "12.1 GB"
    verdicts = {t: big.row_texts(t)["Fit"] for t in ("Q8_0", "Q5_K_M", "Q4_K_M")}
    assert verdicts == {"Q8_0": "won't fit", "Q5_K_M": "tight", "Q4_K_M": "fits"}
    window.set_context_length(1_048_576)
    assert big.row_texts("Q4_K_M")["Fit"] == "won't fit" and big.current_type() == "Q4_K_M"
    window.library.select("gone")
    assert not window.library.quantize_button.isEnabled()
    assert window.open_quantize(big.model()) is big  # one dialog per model, reused
    window.close()
    assert not big.isVisible()


def test_same_type_is_disabled_and_a_quantized_source_needs_requantizing_allowed(qtbot, window, store):
    dialog = _open(qtbot, window, "zeta")  # Q4_K_M already
    assert not dialog.row_enabled("Q4_K_M") and dialog.row_texts("Q4_K_M")["Quality"] == SAME_TYPE
    assert dialog.row_enabled("Q8_0")
    assert dialog.current_type() == "Q8_0"  # Q4_K_M cannot be chosen: the first that can
    assert dialog.requantize.isVisible() and dialog.requantize_warning.isVisible()
    assert "already quantized (Q4_K_M)" in dialog.requantize_warning.text()
    assert not dialog.requantize.isChecked() and not dialog.quantize_button.isEnabled()
    dialog.select("Q3_K_M")
    assert dialog.name_box.text() == "Zeta-Q3_K_M.gguf" and not dialog.quantize_button.isEnabled()
    dialog.requantize.setChecked(True)
    assert dialog.quantize_button.isEnabled()
    qtbot.mouseClick(dialog.quantize_button, Qt.MouseButton.LeftButton)
    assert store.queue.calls == [("add", "zeta", "Q3_K_M", "Zeta-Q3_K_M.gguf")]
    assert store.api.calls[-1] == ("plan_quantize", "zeta", "Q3_K_M", True, None)


def test_queue_two_jobs_one_after_another_with_a_chosen_name(qtbot, window, store):
    dialog = _open(qtbot, window, "tiny")
    _quantize(qtbot, dialog, "Q4_K_M")
    assert "Queued Tiny-Q4_K_M.gguf" in dialog.message.text() and dialog.isVisible()
    assert not dialog.quantize_button.isEnabled()  # that one is queued: choose another
    dialog.select("Q8_0")
    assert dialog.name_box.text() == "Tiny-Q8_0.gguf" and dialog.message.text() == ""
    dialog.name_box.clear()
    qtbot.keyClicks(dialog.name_box, "tiny-best")
    assert dialog.quantize_button.isEnabled()
    qtbot.mouseClick(dialog.quantize_button, Qt.MouseButton.LeftButton)
    assert store.queue.calls == [("add", "tiny", "Q4_K_M", "Tiny-Q4_K_M.gguf"),
                                 ("add", "tiny", "Q8_0", "tiny-best.gguf")]
    panel = window.quantize_jobs
    assert [r.job_id for r in panel.rows()] == ["q1", "q2"]
    assert panel.row("q1").name.text() == "<b>Tiny → Q4_K_M</b>"
    assert panel.row("q1").state.text() == "Waiting to start"
    assert panel.row("q1").visible_actions() == ["cancel"]
    assert window.tabs.tabText(3) == "&Quantize (2)"
    dialog.select("Q4_K_M")  # a job is already writing that file
    assert "already being made" in dialog.message.text() and not dialog.quantize_button.isEnabled()
    dialog.name_box.clear()
    assert not dialog.quantize_button.isEnabled()


def test_progress_rows_update_on_the_gui_thread_and_are_throttled(qtbot, window, qbridge, store):
    dialog = _open(qtbot, window, "tiny")
    _quantize(qtbot, dialog, "Q4_K_M")
    row = window.quantize_jobs.row("q1")
    seen: list[tuple[int, bool]] = []
    gui = QThread.currentThread()
    qbridge.progress.connect(lambda job: seen.append((job.tensor, QThread.currentThread() is gui)))
    store.queue.emit_progress("q1", 290, list(range(1, 121)))  # 120 callbacks at once from another thread
    qtbot.waitUntil(lambda: bool(seen) and seen[-1][0] == 120, timeout=TIMEOUT)
    assert len(seen) <= 3 and all(on_gui for _t, on_gui in seen)
    assert row.bar.format() == "tensor 120/290" and row.bar.value() == 413
    assert row.state.text() == "Quantizing" and row.visible_actions() == ["cancel"]
    # over time: about four a second, the last one kept
    seen.clear()
    thread = threading.Thread(target=store.queue.emit_progress, args=("q1", 290, list(range(121, 181)), 0.01))
    started = time.monotonic()
    thread.start()
    qtbot.waitUntil(lambda: not thread.is_alive() and bool(seen) and seen[-1][0] == 180, timeout=TIMEOUT)
    thread.join()
    assert 2 <= len(seen) <= (time.monotonic() - started) / 0.25 + 2
    assert row.bar.format() == "tensor 180/290"


def test_cancel_calls_the_queue_and_a_cancelled_row_can_be_cleared(qtbot, window, store):
    dialog = _open(qtbot, window, "tiny")
    _quantize(qtbot, dialog, "Q4_K_M")
    _quantize(qtbot, dialog, "Q8_0")
    panel = window.quantize_jobs
    store.queue.emit_progress("q1", 290, [10])
    qtbot.waitUntil(lambda: panel.row("q1").state.text() == "Quantizing", timeout=TIMEOUT)
    qtbot.mouseClick(panel.row("q1").buttons["cancel"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.row("q2").buttons["cancel"], Qt.MouseButton.LeftButton)  # queued ones too
    assert [c for c in store.queue.calls if c[0] == "cancel"] == [("cancel", "q1"), ("cancel", "q2")]
    store.queue.set_state("q1", "cancelled")
    qtbot.waitUntil(lambda: panel.row("q1").state.text() == "Cancelled", timeout=TIMEOUT)
    assert panel.row("q1").visible_actions() == ["remove"] and panel.row("q1").bar.isHidden()
    assert window.tabs.tabText(3) == "&Quantize (1)"
    qtbot.mouseClick(panel.row("q1").buttons["remove"], Qt.MouseButton.LeftButton)
    assert panel.row("q1") is None and len(panel.rows()) == 1


def test_done_job_refreshes_the_library_and_load_emits_the_path(qtbot, window, qbridge, store):
    dialog = _open(qtbot, window, "tiny")
    _quantize(qtbot, dialog, "Q4_K_M")
    panel = window.quantize_jobs
    store.queue.emit_progress("q1", 290, [290])
    with qtbot.waitSignals([qbridge.libraryChanged, window.bridge.libraryChanged], timeout=TIMEOUT):
        store.queue.set_state("q1", "done")
    row = panel.row("q1")
    assert row.state.text() == "Ready in Library" and row.visible_actions() == ["load", "remove"]
    assert "Tiny-Q4_K_M" in row.details.text() and row.bar.isHidden()
    assert "Tiny-Q4_K_M" in window.library.visible_names()
    assert window.tabs.tabText(3) == "&Quantize"
    with qtbot.waitSignal(window.loadRequested, timeout=TIMEOUT) as blocker:
        qtbot.mouseClick(row.buttons["load"], Qt.MouseButton.LeftButton)
    assert blocker.args == [str(store.folder / "Tiny-Q4_K_M.gguf")]


def test_errors_show_inline_as_sentences(qtbot, window, store):
    store.api.free_bytes = GIB // 4
    dialog = _open(qtbot, window, "tiny")  # Q4_K_M needs about 0.6 GB
    assert "not enough disk space" in dialog.message.text() and not dialog.quantize_button.isEnabled()
    dialog.select("Q2_K")  # 0.35 GB: still too big
    assert "not enough disk space" in dialog.message.text()
    store.api.free_bytes = 100 * GIB
    dialog.select("Q4_K_M")
    assert dialog.message.text() == "" and dialog.quantize_button.isEnabled()
    store.api.free_bytes = GIB // 4  # the disk filled up meanwhile: the click says so
    qtbot.mouseClick(dialog.quantize_button, Qt.MouseButton.LeftButton)
    assert "not enough disk space" in dialog.message.text() and store.queue.calls == []
    store.api.free_bytes = 100 * GIB
    _quantize(qtbot, dialog, "Q4_K_M")
    sentence = "Quantizing Tiny stopped: the disk is full. Free some space, then try again."
    store.queue.set_state("q1", "failed", sentence)
    row = window.quantize_jobs.row("q1")
    qtbot.waitUntil(lambda: row.state.text() == "Failed", timeout=TIMEOUT)
    assert row.details.text() == sentence and row.visible_actions() == ["remove"]


def test_a_result_that_wont_fit_asks_first(qtbot, window, store):
    dialog = _open(qtbot, window, "big")
    window.prompts.confirm_answer = False
    _quantize(qtbot, dialog, "Q8_0")
    assert window.prompts.asked[-1][0] == "The result may not fit" and store.queue.calls == []
    window.prompts.confirm_answer = True
    _quantize(qtbot, dialog, "Q8_0")
    assert store.queue.calls == [("add", "big", "Q8_0", "Big-Q8_0.gguf")]


def test_without_quantization_there_is_no_button_and_no_tab(qtbot, store):
    bridge = ModelStoreBridge(store.registry, FakeHubFactory(), FakeDownloadQueue(store.registry),
                              credentials=FakeCredentials())
    w = ModelsWindow(bridge, prompts=ScriptedPrompts(), quantize_bridge=False)
    qtbot.addWidget(w)
    assert w.quantize_bridge is None and w.tabs.count() == 3
    assert w.library.quantize_button.isHidden() and w.open_quantize(store.registry.get("tiny")) is None
    bridge.shutdown()


def test_every_interactive_widget_has_an_accessible_name(qtbot, window, store):
    dialog = _open(qtbot, window, "zeta")
    dialog.requantize.setChecked(True)
    _quantize(qtbot, dialog, "Q8_0")
    _quantize(qtbot, dialog, "Q6_K")
    store.queue.set_state("q1", "done")
    qtbot.waitUntil(lambda: window.quantize_jobs.row("q1").job_state == "done", timeout=TIMEOUT)
    window.show_tab("quantize")
    kinds = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView, QAbstractSpinBox, QProgressBar)
    unnamed = []
    for top in (window, dialog):
        for widget in top.findChildren(QWidget):
            if not isinstance(widget, kinds):
                continue
            parent, inner = widget.parentWidget(), False
            while parent is not None and parent is not top:  # parts of a composite widget
                inner = inner or isinstance(parent, (QAbstractSpinBox, QComboBox, QAbstractItemView))
                parent = parent.parentWidget()
            if not inner and not widget.accessibleName():
                unnamed.append(f"{type(widget).__name__}:{getattr(widget, 'text', lambda: '')()}")
    assert unnamed == []
    assert window.quantize_jobs.row("q1").buttons["load"].accessibleName() == "Load Zeta-Q8_0.gguf"
    assert dialog.badge("Q8_0").accessibleName().startswith("Fit: ")


# -- the real model_store.quantize ----------------------------------------------------------

def _tiny_f16(path):
    """A few-kilobyte F16 llama GGUF that llama.cpp's quantizer accepts (it needs the RMS epsilon)."""
    import gguf

    from tests.gguf_factory import TOKENS, tensors

    w = gguf.GGUFWriter(str(path), "llama")
    w.add_name("Tiny")
    w.add_block_count(2)
    w.add_context_length(2048)
    w.add_embedding_length(32)
    w.add_feed_forward_length(64)
    w.add_head_count(4)
    w.add_head_count_kv(2)
    w.add_file_type(1)
    w.add_layer_norm_rms_eps(1e-5)
    w.add_tokenizer_model("gpt2")
    w.add_token_list(TOKENS)
    w.add_token_types([1] * len(TOKENS))
    for name, data in tensors(2, 32).items():
        w.add_tensor(name, data)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    return path


def test_the_real_quantizer_makes_a_q8_0_copy_from_the_dialog(qtbot, tmp_path):
    pytest.importorskip("model_store.quantize")
    pytest.importorskip("llama_cpp")
    from model_store.registry import Registry

    registry = Registry(tmp_path / "models")
    source = registry.import_file(_tiny_f16(tmp_path / "Tiny-F16.gguf"))
    bridge = ModelStoreBridge(registry, FakeHubFactory(), FakeDownloadQueue(registry), credentials=FakeCredentials())
    w = ModelsWindow(bridge, prompts=ScriptedPrompts())  # builds the real QuantizeBridge
    qtbot.addWidget(w)
    try:
        assert w.quantize_bridge is not None and w.tabs.count() == 4
        dialog = _open(qtbot, w, source.id)
        assert dialog.row_texts("Q8_0")["Size"].endswith(("KB", "MB", "GB"))
        assert not dialog.row_enabled("IQ2_XS") and dialog.requantize.isHidden()
        dialog.select("Q8_0")
        name = dialog.name_box.text()
        assert name.endswith("Q8_0.gguf")
        qtbot.mouseClick(dialog.quantize_button, Qt.MouseButton.LeftButton)
        assert "Queued" in dialog.message.text(), dialog.message.text()
        job_id = w.quantize_bridge.jobs()[0].id
        row = w.quantize_jobs.row(job_id)
        qtbot.waitUntil(lambda: row.job_state in ("done", "failed", "cancelled"), timeout=60_000)
        assert row.job_state == "done", row.details.text()
        assert name[:-5] in " ".join(w.library.visible_names())
        with qtbot.waitSignal(w.loadRequested, timeout=TIMEOUT) as blocker:
            qtbot.mouseClick(row.buttons["load"], Qt.MouseButton.LeftButton)
        made = registry.get(row.job.result.id)
        assert blocker.args == [str(made.path)] and made.path.name == name and made.info.quant_type == "Q8_0"
    finally:
        dialog = w.quantize_dialog
        if dialog is not None:
            dialog.close()
        w.quantize_bridge.shutdown()
        bridge.shutdown()
