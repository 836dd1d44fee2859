"""The Models window and the chat window together: the Library loads into the chat, the picker follows."""

from __future__ import annotations

from app.ui import main_window as main_window_module
from model_store.fit import FitEstimate
from model_store.starter import starter_model_path
from tests.gguf_factory import write_gguf

GB = 1024**3


def test_library_load_goes_to_the_chat_engine(make_window, qtbot):
    window = make_window(load=False)
    window.open_models("library")
    assert window.models_window is not None and window.models_window.isVisible()
    path = str(starter_model_path())
    window.models_window.loadRequested.emit(path)
    qtbot.waitUntil(lambda: window.host.model_info is not None, timeout=10_000)
    assert window.host.model_info.path == path
    window.models_window.close()


def test_imported_model_appears_in_the_chat_model_picker(make_window, qtbot, tmp_path):
    window = make_window()
    source = tmp_path / "Tiny-Q8_0.gguf"
    write_gguf(source, name="Tiny")
    with qtbot.waitSignal(window.model_store.libraryChanged, timeout=10_000):
        window.model_store.import_file(source, False)
    combo = window.model_bar._combo
    qtbot.waitUntil(lambda: any("Tiny" in combo.itemText(i) for i in range(combo.count())), timeout=5_000)


def _wont_fit(path: str, n_ctx: int, kv_type: str = "f16") -> FitEstimate:
    return FitEstimate(weights_bytes=40 * GB, kv_bytes=2 * GB, overhead_bytes=GB // 4,
                       available_bytes=8 * GB, n_ctx=n_ctx)


def test_loading_a_model_that_wont_fit_asks_first(make_window, qtbot, monkeypatch):
    window = make_window(load=False)
    monkeypatch.setattr(main_window_module, "fit_for_file", _wont_fit)
    asked: list[str] = []

    def decline(_parent, _title, text, _action="OK"):
        asked.append(text)
        return False

    monkeypatch.setattr(window.prompts, "confirm", decline)
    window.load_model("fake:huge")
    assert asked and "Load it anyway" in asked[0] and "GB" in asked[0]
    assert not window.host.loading and window.host.model_info is None

    monkeypatch.setattr(window.prompts, "confirm", lambda *_a, **_k: True)
    window.load_model("fake:huge")
    qtbot.waitUntil(lambda: window.host.model_info is not None, timeout=10_000)
    assert window.settings.load.get("ignore_fit") is False
