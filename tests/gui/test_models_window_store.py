"""The model manager window on the real model store: HubClient and DownloadQueue against the
loopback Hub stand-in, and the real Registry (when it exists) behind the Library tab."""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt

from app.model_bridge import ModelStoreBridge, SharedHub
from app.ui.models_window import ModelsWindow
from model_store import credentials
from model_store.download import DownloadQueue
from model_store.hub import HubClient
from tests.gui.model_fakes import FakeRegistry
from tests.gui.test_models_window import ScriptedPrompts
from tests.hub_standin import HubStandIn

gguf = pytest.importorskip("gguf")
TIMEOUT = 10_000
REPO = "tester/Tiny-1M-GGUF"
GATED = "tester/Gated-1M-GGUF"


def write_gguf(path: Path, n_layers: int = 2, width: int = 64) -> Path:
    """A small, valid GGUF file with a llama-like header (not a model anyone could run)."""
    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_name(path.stem)
    writer.add_block_count(n_layers)
    writer.add_context_length(2048)
    writer.add_embedding_length(width)
    writer.add_head_count(4)
    writer.add_head_count_kv(2)
    writer.add_file_type(gguf.LlamaFileType.ALL_F32)
    writer.add_chat_template("{{ messages }}")
    writer.add_tensor("token_embd.weight", np.zeros((256, width), dtype=np.float32))
    for layer in range(n_layers):
        writer.add_tensor(f"blk.{layer}.attn_q.weight", np.zeros((width, width), dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


@pytest.fixture
def hub(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))
    monkeypatch.delenv("HF_TOKEN", raising=False)
    model = write_gguf(tmp_path / "tiny.Q8_0.gguf")
    repos = {REPO: {"tiny.Q8_0.gguf": model}, GATED: {"gated.Q8_0.gguf": model}}
    with HubStandIn(repos=repos, gated={GATED}, granted_tokens={"hf_granted"}) as standin:
        yield standin


def _real_registry():
    try:
        from model_store.registry import Registry
    except ImportError:
        return None
    return Registry()


@pytest.fixture
def window(qtbot, hub, tmp_path):
    registry = _real_registry() or FakeRegistry(tmp_path)
    shared = SharedHub(functools.partial(HubClient, endpoint=hub.endpoint))
    queue = DownloadQueue(registry, hub=shared, retry_base_delay=0.01, max_retries=1)
    bridge = ModelStoreBridge(registry, shared.make, queue, credentials=credentials)
    w = ModelsWindow(bridge, prompts=ScriptedPrompts())
    qtbot.addWidget(w)
    w.show()
    yield w
    bridge.shutdown()


def _search_and_open(qtbot, tab, repo):
    tab.search_box.setText("gguf")
    tab.search_now()
    qtbot.waitUntil(lambda: tab.busy.isHidden() and repo in tab.repo_ids(), timeout=TIMEOUT)
    tab.select_repo(repo)
    qtbot.waitUntil(lambda: tab.busy.isHidden() and bool(tab.files.topLevelItemCount() or tab.files_message.text()),
                    timeout=TIMEOUT)


def test_search_download_and_library_on_the_real_store(qtbot, window):
    tab = window.discover
    _search_and_open(qtbot, tab, REPO)
    assert tab.files.topLevelItem(0).text(0) == "Q8_0"
    button = tab.download_buttons()["tiny.Q8_0.gguf"]
    with qtbot.waitSignal(window.bridge.libraryChanged, timeout=TIMEOUT):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    row = window.downloads.rows()[0]
    qtbot.waitUntil(lambda: row.state.text() == "Ready in Library", timeout=TIMEOUT)
    assert any(m.source_file == "tiny.Q8_0.gguf" for m in window.bridge.models())
    qtbot.waitUntil(lambda: tab.download_buttons()["tiny.Q8_0.gguf"].text() == "Downloaded", timeout=TIMEOUT)


def test_gated_repo_on_the_real_hub_asks_for_a_token(qtbot, window, hub):
    tab = window.discover
    _search_and_open(qtbot, tab, GATED)
    assert "gated" in tab.files_message.text() and tab.files_message.token_button.isVisible()
    window.prompts.token = "hf_granted"
    qtbot.mouseClick(tab.files_message.token_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.files.topLevelItemCount() == 1, timeout=TIMEOUT)
    assert credentials.load_token() == "hf_granted"
    assert any(r.authorized for r in hub.log)


def test_unreachable_hub_offers_retry(qtbot, window, hub):
    hub.stop()
    tab = window.discover
    tab.search_box.setText("gguf")
    tab.search_now()
    qtbot.waitUntil(lambda: bool(tab.search_message.text()), timeout=TIMEOUT)
    assert "can't reach" in tab.search_message.text() and tab.search_message.retry_button.isVisible()


def test_library_on_the_real_registry(qtbot, window, tmp_path):
    if _real_registry() is None:
        pytest.skip("model_store.registry is not written yet")
    source = write_gguf(tmp_path / "Mine.gguf")
    window.prompts.file, window.prompts.choice = source, "link"
    with qtbot.waitSignal(window.bridge.importDone, timeout=TIMEOUT):
        qtbot.mouseClick(window.library.import_button, Qt.MouseButton.LeftButton)
    lib = window.library
    model = lib.current_model()
    assert model is not None and Path(model.path) == source and not model.owned
    assert lib.detail.arithmetic.text().startswith(f"{model.info.n_params:,} parameters × ")
    window.prompts.confirm_answer = True
    qtbot.mouseClick(lib.delete_button, Qt.MouseButton.LeftButton)
    assert "Hearth does not own these files" in window.prompts.asked[-1][1]
    assert source.exists()  # never deleted: Hearth does not own it


def test_a_checksum_mismatch_shows_the_sentence_and_retry(qtbot, window, hub):
    hub.wrong_sha256_for.add("tiny.Q8_0.gguf")
    tab = window.discover
    _search_and_open(qtbot, tab, REPO)
    qtbot.mouseClick(tab.download_buttons()["tiny.Q8_0.gguf"], Qt.MouseButton.LeftButton)
    row = window.downloads.rows()[0]
    qtbot.waitUntil(lambda: row.state.text() == "Failed", timeout=TIMEOUT)
    assert "checksum" in row.details.text() and "retry" in row.visible_actions()
    assert tab.download_buttons()["tiny.Q8_0.gguf"].isEnabled()  # failed: may be downloaded again
    hub.wrong_sha256_for.clear()  # the Hub's file changed: list it again and download afresh
    _search_and_open(qtbot, tab, REPO)
    qtbot.mouseClick(tab.download_buttons()["tiny.Q8_0.gguf"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(window.downloads.rows()) == 2, timeout=TIMEOUT)
    again = window.downloads.rows()[1]
    qtbot.waitUntil(lambda: again.state.text() == "Ready in Library", timeout=TIMEOUT)


def test_the_app_bridge_builds_on_the_real_store(qtbot, monkeypatch, hub):
    monkeypatch.setenv("HF_ENDPOINT", hub.endpoint)
    bridge = ModelStoreBridge.create()
    try:
        assert isinstance(bridge.models(), list) and bridge.jobs() == []
        with qtbot.waitSignal(bridge.searchDone, timeout=TIMEOUT) as blocker:
            bridge.search("tiny")
        assert [r.repo_id for r in blocker.args[1].repos] == [REPO]
    finally:
        bridge.shutdown()
