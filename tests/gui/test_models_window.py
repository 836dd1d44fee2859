"""The model manager window (Discover, Downloads, Library, detail page) on fake model stores."""

from __future__ import annotations

import functools
import threading
import time
from pathlib import Path
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
from app.ui.model_common import Prompts, guess_n_params
from app.ui.models_window import ModelsWindow
from model_store.fit import estimate_fit
from tests.gui.model_fakes import (
    GIB,
    FakeCredentials,
    FakeDownloadQueue,
    FakeHubFactory,
    FakeRegistry,
    RemoteFile,
    RepoSummary,
    SearchPage,
    gated,
    make_info,
    make_model,
    unreachable,
)

TIMEOUT = 5000
REPO = "org/Llama-3-8B-GGUF"
FILES = [
    RemoteFile(REPO, "llama-3-8b.Q8_0.gguf", 14_000_000_000, "a" * 64, "Q8_0", "main", 1, 1),
    RemoteFile(REPO, "llama-3-8b.Q4_K_M.gguf", 4_900_000_000, "b" * 64, "Q4_K_M", "main", 1, 1),
    RemoteFile(REPO, "llama-3-8b.Q4_0.gguf", 4_600_000_000, "c" * 64, "Q4_0", "main", 1, 1),
    RemoteFile(REPO, "llama-3-8b.F16-00002-of-00002.gguf", 9_000_000_000, "d" * 64, "F16", "main", 2, 2),
    RemoteFile(REPO, "llama-3-8b.F16-00001-of-00002.gguf", 9_000_000_000, "e" * 64, "F16", "main", 1, 2),
]


class ScriptedPrompts(Prompts):
    """Answers every question from attributes; records what was asked."""

    def __init__(self) -> None:
        self.confirm_answer = True
        self.token: str | None = "hf_secret"
        self.file: Path | None = None
        self.choice: str | None = "copy"
        self.asked: list[tuple[str, str]] = []
        self.opened: list[Path] = []

    def confirm(self, parent, title, text, action="OK"):
        self.asked.append((title, text))
        return self.confirm_answer

    def inform(self, parent, title, text):
        self.asked.append((title, text))

    def error(self, parent, title, text):
        self.asked.append((title, text))

    def ask_token(self, parent):
        self.asked.append(("token", ""))
        return self.token

    def choose_model_file(self, parent):
        return self.file

    def copy_or_link(self, parent, path):
        self.asked.append(("copy_or_link", str(path)))
        return self.choice

    def open_folder(self, folder):
        self.opened.append(folder)
        return True


@pytest.fixture
def store(tmp_path):
    folder = tmp_path / "models"
    folder.mkdir()
    registry = FakeRegistry(folder, [
        make_model("Zeta", folder, info=make_info("Zeta", n_params=7_000_000_000, bits=4.85)),
        make_model("alpha", folder, owned=False, source="link"),
        make_model("Gone", folder, missing=True),
    ])
    hub = FakeHubFactory()
    hub.client.pages[("llama", "downloads", 0)] = SearchPage(repos=[
        RepoSummary(REPO, 120_000, 300, "2024-05-01T10:00:00", False, False),
        RepoSummary("org/gated-GGUF", 5_000, 40, "2024-04-01T10:00:00", True, False),
    ], has_more=True)
    hub.client.pages[("llama", "downloads", 1)] = SearchPage(repos=[
        RepoSummary("org/Tiny-135M-GGUF", 900, 2, "2024-03-01T10:00:00", False, False)], has_more=False)
    hub.client.files[REPO] = list(FILES)
    return SimpleNamespace(folder=folder, registry=registry, hub=hub, queue=FakeDownloadQueue(registry),
                           creds=FakeCredentials())


@pytest.fixture
def bridge(qtbot, store):
    fit = functools.partial(estimate_fit, available=16 * GIB)
    b = ModelStoreBridge(store.registry, store.hub, store.queue, estimate_fit=fit, credentials=store.creds)
    yield b
    b.shutdown()


@pytest.fixture
def window(qtbot, bridge):
    w = ModelsWindow(bridge, prompts=ScriptedPrompts())
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def _search(qtbot, window, text="llama"):
    tab = window.discover
    window.show_tab("discover")
    qtbot.keyClicks(tab.search_box, text)
    qtbot.keyClick(tab.search_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.results.topLevelItemCount() > 0 and tab.busy.isHidden(), timeout=TIMEOUT)
    return tab


def _open_repo(qtbot, tab, repo=REPO):
    tab.select_repo(repo)
    qtbot.waitUntil(lambda: tab.busy.isHidden() and bool(tab.files.topLevelItemCount() or tab.files_message.text()),
                    timeout=TIMEOUT)


# -- Discover -------------------------------------------------------------------------------

def test_search_lists_repos_and_files_grouped_by_quant_with_fit_badges(qtbot, window, store):
    tab = _search(qtbot, window)
    assert tab.repo_ids() == [REPO, "org/gated-GGUF"]
    first = tab.results.topLevelItem(0)
    assert (first.text(1), first.text(2), first.text(3)) == ("120.0k", "300", "2024-05-01")
    assert "gated" in tab.results.topLevelItem(1).toolTip(0)
    _open_repo(qtbot, tab)
    groups = [tab.files.topLevelItem(i).text(0) for i in range(tab.files.topLevelItemCount())]
    assert groups == ["Q4_0", "Q4_K_M", "Q8_0", "F16"]  # smallest first
    f16 = tab.files.topLevelItem(3)
    assert f16.childCount() == 1 and f16.child(0).text(0) == "llama-3-8b.F16.gguf (2 parts)"
    assert f16.child(0).text(1) == "18 GB"  # 2 × 9,000,000,000 bytes
    badges = tab.fit_badges()
    assert badges["llama-3-8b.Q4_K_M.gguf"].verdict() == "fits"
    assert badges["llama-3-8b.Q8_0.gguf"].verdict() == "tight"
    assert badges["llama-3-8b.F16.gguf (2 parts)"].verdict() == "won't fit"
    assert "needs about" in badges["llama-3-8b.Q4_K_M.gguf"].toolTip()
    assert all(b.isEnabled() and b.text() == "Download" for b in tab.download_buttons().values())


def test_typing_searches_after_a_pause(qtbot, window, store):
    qtbot.keyClicks(window.discover.search_box, "llama")
    qtbot.waitUntil(lambda: window.discover.results.topLevelItemCount() == 2, timeout=TIMEOUT)
    assert [c for c in store.hub.client.calls if c[0] == "search"] == [("search", "llama", "downloads", 0)]


def test_sort_choice_is_passed_to_the_hub(qtbot, window, store):
    _search(qtbot, window)
    window.discover.sort_combo.setCurrentIndex(1)
    qtbot.waitUntil(lambda: ("search", "llama", "likes", 0) in store.hub.client.calls, timeout=TIMEOUT)


def test_load_more_appends_the_next_page(qtbot, window, store):
    tab = _search(qtbot, window)
    assert tab.load_more.isVisible()
    store.hub.client.errors[("llama", "downloads", 1)] = unreachable()
    qtbot.mouseClick(tab.load_more, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(tab.search_message.text()), timeout=TIMEOUT)
    assert tab.results.topLevelItemCount() == 2 and tab.load_more.isEnabled()
    del store.hub.client.errors[("llama", "downloads", 1)]
    qtbot.mouseClick(tab.load_more, Qt.MouseButton.LeftButton)  # page 1 again, not page 2
    qtbot.waitUntil(lambda: tab.results.topLevelItemCount() == 3, timeout=TIMEOUT)
    assert tab.repo_ids()[-1] == "org/Tiny-135M-GGUF"
    assert not tab.load_more.isVisible()


def test_gated_repo_shows_its_sentence_and_a_token_button(qtbot, window, store):
    store.hub.client.errors["org/gated-GGUF"] = gated("org/gated-GGUF")
    tab = _search(qtbot, window)
    _open_repo(qtbot, tab, "org/gated-GGUF")
    assert "is gated" in tab.files_message.text()
    assert tab.files_message.token_button.isVisible() and not tab.files_message.retry_button.isVisible()
    del store.hub.client.errors["org/gated-GGUF"]
    store.hub.client.files["org/gated-GGUF"] = [RemoteFile("org/gated-GGUF", "g.Q4_K_M.gguf", 10**9, "", "Q4_K_M",
                                                           "main", 1, 1)]
    qtbot.mouseClick(tab.files_message.token_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.files.topLevelItemCount() == 1, timeout=TIMEOUT)
    assert store.creds.token == "hf_secret" and store.hub.tokens[-1] == "hf_secret"
    assert tab.files_message.isHidden()


def test_unreachable_hub_shows_the_sentence_and_retry(qtbot, window, store):
    store.hub.client.errors[("llama", "downloads", 0)] = unreachable()
    tab = window.discover
    qtbot.keyClicks(tab.search_box, "llama")
    qtbot.keyClick(tab.search_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(tab.search_message.text()), timeout=TIMEOUT)
    assert "could not reach Hugging Face" in tab.search_message.text()
    assert tab.search_message.retry_button.isVisible() and tab.busy.isHidden()
    del store.hub.client.errors[("llama", "downloads", 0)]
    qtbot.mouseClick(tab.search_message.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.results.topLevelItemCount() == 2, timeout=TIMEOUT)
    assert tab.search_message.isHidden()


def test_stale_search_results_are_dropped(qtbot, window, bridge, store):
    hub = store.hub.client
    hub.pages[("old", "downloads", 0)] = SearchPage([RepoSummary("org/old", 1, 1, None, False, False)], False)
    gate = hub.gates[("old", "downloads", 0)] = threading.Event()
    done: list[int] = []
    bridge.searchDone.connect(lambda rid, _page: done.append(rid))
    first = bridge.search("old", "downloads", 0)
    second = bridge.search("llama", "downloads", 0)
    qtbot.waitUntil(lambda: second in done, timeout=TIMEOUT)
    gate.set()
    qtbot.waitUntil(lambda: ("search", "old", "downloads", 0) in hub.calls, timeout=TIMEOUT)
    bridge._pool.waitForDone(TIMEOUT)
    qtbot.wait(50)
    assert done == [second] and first not in done


def test_stale_search_in_the_tab_keeps_the_newest_results(qtbot, window, store):
    hub = store.hub.client
    hub.pages[("old", "downloads", 0)] = SearchPage([RepoSummary("org/old", 1, 1, None, False, False)], False)
    gate = hub.gates[("old", "downloads", 0)] = threading.Event()
    tab = window.discover
    tab.search_box.setText("old")
    tab.search_now()
    tab.search_box.setText("llama")
    tab.search_now()
    qtbot.waitUntil(lambda: tab.results.topLevelItemCount() == 2, timeout=TIMEOUT)
    gate.set()
    window.bridge._pool.waitForDone(TIMEOUT)
    qtbot.wait(50)
    assert tab.repo_ids() == [REPO, "org/gated-GGUF"]


# -- Downloads ------------------------------------------------------------------------------

def test_download_progress_is_throttled_then_done_refreshes_the_library(qtbot, window, bridge, store):
    tab = _search(qtbot, window)
    _open_repo(qtbot, tab)
    button = tab.download_buttons()["llama-3-8b.Q4_K_M.gguf"]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert store.queue.calls == [("add", REPO, "llama-3-8b.Q4_K_M.gguf")]
    assert not button.isEnabled() and button.text() == "Queued"
    row = window.downloads.row("job1")
    assert row is not None and row.state.text() == "Waiting to start"
    assert "Do&wnloads (1)" == window.tabs.tabText(1)

    progress: list[int] = []
    bridge.downloadProgress.connect(lambda job: progress.append(job.bytes_done))
    size = FILES[1].size
    steps = [size * i // 40 for i in range(1, 40)]
    store.queue.emit_progress("job1", steps)  # 39 callbacks at once from another thread
    qtbot.waitUntil(lambda: bool(progress) and progress[-1] == steps[-1], timeout=TIMEOUT)
    assert len(progress) <= 3  # first at once, the rest collapsed into the trailing one
    assert row.bar.value() == 975 and "4.78 GB of 4.9 GB" in row.details.text()
    assert "MB/s" in row.details.text() and "left" in row.details.text()
    assert row.visible_actions() == ["pause", "cancel"]

    with qtbot.waitSignal(bridge.libraryChanged, timeout=TIMEOUT):
        store.queue.set_state("job1", "done")
    assert row.state.text() == "Ready in Library" and row.visible_actions() == ["library", "remove"]
    assert "llama-3-8b.Q4_K_M" in window.library.visible_names()
    assert tab.download_buttons()["llama-3-8b.Q4_K_M.gguf"].text() == "Downloaded"
    qtbot.mouseClick(row.buttons["library"], Qt.MouseButton.LeftButton)
    assert window.current_tab() == "library"


def test_progress_over_time_reaches_the_gui_about_four_times_a_second(qtbot, bridge, store):
    store.queue.add(FILES[1])
    progress: list[int] = []
    bridge.downloadProgress.connect(lambda job: progress.append(job.bytes_done))
    thread = threading.Thread(target=store.queue.emit_progress, args=("job1", list(range(1, 61)), 0.01))
    started = time.monotonic()
    thread.start()
    qtbot.waitUntil(lambda: not thread.is_alive() and bool(progress) and progress[-1] == 60, timeout=TIMEOUT)
    elapsed = time.monotonic() - started
    thread.join()
    assert 2 <= len(progress) <= elapsed / 0.25 + 2  # one at once, then one per 250 ms, the last kept


def test_state_buttons_call_the_queue(qtbot, window, store, bridge):
    for remote in FILES[:3]:
        bridge.download(remote)
    rows = {row.job_id: row for row in window.downloads.rows()}
    assert set(rows) == {"job1", "job2", "job3"}
    store.queue.emit_progress("job1", [100])
    qtbot.waitUntil(lambda: rows["job1"].state.text() == "Downloading", timeout=TIMEOUT)
    qtbot.mouseClick(rows["job1"].buttons["pause"], Qt.MouseButton.LeftButton)
    store.queue.set_state("job2", "paused")
    qtbot.waitUntil(lambda: rows["job2"].visible_actions() == ["resume", "cancel"], timeout=TIMEOUT)
    qtbot.mouseClick(rows["job2"].buttons["resume"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(rows["job2"].buttons["cancel"], Qt.MouseButton.LeftButton)
    store.queue.set_state("job3", "failed", "The download stopped: the disk is full. Free some space, then Retry.")
    qtbot.waitUntil(lambda: rows["job3"].state.text() == "Failed", timeout=TIMEOUT)
    assert "disk is full" in rows["job3"].details.text()
    assert rows["job3"].visible_actions() == ["cancel", "retry", "remove"]
    qtbot.mouseClick(rows["job3"].buttons["retry"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(rows["job3"].buttons["remove"], Qt.MouseButton.LeftButton)
    assert [c for c in store.queue.calls if c[0] != "add"] == [
        ("pause", "job1"), ("resume", "job2"), ("cancel", "job2"), ("retry", "job3"), ("remove", "job3")]
    assert window.downloads.row("job3") is None and len(window.downloads.rows()) == 2


# -- Library --------------------------------------------------------------------------------

def test_library_lists_models_by_name_filters_and_loads(qtbot, window):
    lib = window.library
    window.show_tab("library")
    assert lib.visible_names() == ["alpha", "Gone (file missing)", "Zeta"]
    assert lib.table.item(2, 1).text() == "Q4_K_M" and lib.table.item(2, 2).text() == "7.0B"
    assert lib.table.item(2, 7).text() == "Imported" and lib.table.item(0, 7).text() == "Linked"
    assert lib.table.item(2, 6).text().endswith("words/s")  # a speed for every model with a header
    lib.filter_box.setText("ze")
    assert lib.visible_names() == ["Zeta"]
    lib.filter_box.clear()
    lib.select("gone")
    assert not lib.load_button.isEnabled()
    assert lib.table.item(1, 0).foreground().color() != lib.table.item(2, 0).foreground().color()
    assert "missing" in lib.detail.note.text()
    lib.select("zeta")
    with qtbot.waitSignal(window.loadRequested, timeout=TIMEOUT) as blocker:
        qtbot.mouseClick(lib.load_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [str(lib.current_model().path)]
    qtbot.mouseClick(lib.reveal_button, Qt.MouseButton.LeftButton)
    assert window.prompts.opened == [lib.current_model().path.parent]


def test_delete_shows_the_plan_and_deletes_only_after_confirmation(qtbot, window, store):
    lib, prompts = window.library, window.prompts
    lib.select("zeta")
    prompts.confirm_answer = False
    qtbot.mouseClick(lib.delete_button, Qt.MouseButton.LeftButton)
    assert "This frees 4.24 GB." in prompts.asked[-1][1]
    assert ("delete", "zeta") not in store.registry.calls and "Zeta" in lib.visible_names()
    prompts.confirm_answer = True
    qtbot.mouseClick(lib.delete_button, Qt.MouseButton.LeftButton)
    assert ("delete", "zeta") in store.registry.calls
    assert "Zeta" not in lib.visible_names() and "freed 4.24 GB" in lib.message.text()
    lib.select("alpha")  # linked: Hearth does not own it
    qtbot.mouseClick(lib.delete_button, Qt.MouseButton.LeftButton)
    assert "Hearth does not own these files" in prompts.asked[-1][1] and "alpha.gguf" in prompts.asked[-1][1]


@pytest.mark.parametrize("choice, link", [("copy", False), ("link", True)])
def test_import_copies_or_links(qtbot, window, store, tmp_path, choice, link):
    source = tmp_path / "Mine.gguf"
    source.write_bytes(b"GGUF")
    window.prompts.file, window.prompts.choice = source, choice
    seen: list[tuple[float, bool]] = []
    gui_thread = QThread.currentThread()
    window.bridge.importProgress.connect(lambda f: seen.append((f, QThread.currentThread() is gui_thread)))
    with qtbot.waitSignal(window.bridge.importDone, timeout=TIMEOUT):
        qtbot.mouseClick(window.library.import_button, Qt.MouseButton.LeftButton)
    assert ("import_file", source, link) in store.registry.calls
    assert 50 <= len(seen) <= 101 and seen[-1] == (1.0, True) and all(on_gui for _f, on_gui in seen)
    assert window.library.current_id() == "mine" and "Added Mine" in window.library.message.text()
    assert window.library.import_button.isEnabled()


def test_import_cancelled_or_failing(qtbot, window, store, tmp_path):
    window.prompts.file, window.prompts.choice = tmp_path / "x.gguf", None
    qtbot.mouseClick(window.library.import_button, Qt.MouseButton.LeftButton)
    assert not [c for c in store.registry.calls if c[0] == "import_file"]
    window.prompts.choice = "copy"
    store.registry.fail_import = "x.gguf is not a GGUF model file. Choose a .gguf file."
    with qtbot.waitSignal(window.bridge.importFailed, timeout=TIMEOUT):
        qtbot.mouseClick(window.library.import_button, Qt.MouseButton.LeftButton)
    assert "not a GGUF" in window.library.message.text()


def test_adopt_existing_models(qtbot, window, store, tmp_path):
    store.registry.adoptable = [tmp_path / "hf" / "Qwen-0.5B.Q4_K_M.gguf"]
    with qtbot.waitSignal(window.bridge.adoptDone, timeout=TIMEOUT):
        qtbot.mouseClick(window.library.adopt_button, Qt.MouseButton.LeftButton)
    assert "Qwen-0.5B.Q4_K_M.gguf" in window.prompts.asked[-1][1]
    assert ("adopt", store.registry.adoptable) in store.registry.calls
    assert "Qwen-0.5B.Q4_K_M" in window.library.visible_names()
    with qtbot.waitSignal(window.bridge.adoptableFound, timeout=TIMEOUT):  # already adopted: nothing new
        qtbot.mouseClick(window.library.adopt_button, Qt.MouseButton.LeftButton)
    assert "No new models" in window.library.message.text()


# -- detail page ----------------------------------------------------------------------------

def test_detail_page_shows_the_arithmetic_and_kv_memory_follows_the_context(qtbot, window):
    lib = window.library
    lib.select("zeta")
    detail = lib.detail
    assert "two files" in detail.explanation.text()
    assert detail.arithmetic.text() == ("7,000,000,000 parameters × 0.6062 bytes per parameter "
                                        "(4.85 bits ÷ 8) = 4,243,750,000 bytes (4.24 GB)")
    assert detail.ctx_spin.value() == 4096
    # 4096 tokens × 8 layers × 4 KV heads × (128 + 128) × 2 bytes = 64 MiB = 67.1 MB
    assert detail.kv.text().startswith("KV cache at 4,096 tokens: 67.1 MB = 4,096 tokens × 8 layers × 4 KV heads")
    detail.ctx_spin.setValue(8192)
    assert detail.kv.text().startswith("KV cache at 8,192 tokens: 134 MB")
    assert "needs about" in detail.fit_text.text() and detail.badge.verdict() == "fits"
    # Zeta was trained on 8,192 tokens: the field stops there (a 1M-token model that won't fit:
    # tests/gui/test_models_i18n.py)
    detail.ctx_spin.setValue(1_048_576)
    assert detail.ctx_spin.value() == 8192 and "trained on" in detail.ctx_note.text()
    assert detail.sha.isReadOnly() and detail.sha.text() == "ab" * 32
    assert detail._values["template"].text() == "included"


# -- window ---------------------------------------------------------------------------------

def test_every_interactive_widget_has_an_accessible_name(qtbot, window, bridge):
    tab = _search(qtbot, window)
    _open_repo(qtbot, tab)
    bridge.download(FILES[1])
    window.library.select("zeta")
    kinds = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView, QAbstractSpinBox, QProgressBar)
    unnamed = []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, kinds):
            continue
        parent, inner = widget.parentWidget(), False
        while parent is not None and parent is not window:  # parts of a composite widget
            inner = inner or isinstance(parent, (QAbstractSpinBox, QComboBox, QAbstractItemView))
            parent = parent.parentWidget()
        inner = inner or type(widget.parentWidget()).__name__ == "QComboBoxPrivateContainer"
        if not inner and not widget.accessibleName():
            unnamed.append(f"{type(widget).__name__}:{getattr(widget, 'text', lambda: '')()}")
    assert unnamed == []


def test_escape_closes_and_tabs_switch(qtbot, window):
    window.show_tab("Library")
    assert window.current_tab() == "library"
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=TIMEOUT)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.isVisible()


def test_parameter_count_guessed_from_names():
    assert guess_n_params("Meta-Llama-3.1-8B-Instruct-GGUF") == 8_000_000_000
    assert guess_n_params("Mixtral-8x7B-v0.1.Q4_K_M.gguf") == 56_000_000_000
    assert guess_n_params("SmolLM2-135M-Instruct") == 135_000_000
    assert guess_n_params("Qwen2.5-0.5B") == 500_000_000
    assert guess_n_params("phi-model.Q4_K_M.gguf") is None
