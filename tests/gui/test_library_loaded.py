"""The Library marks the model the chat window has loaded and will not delete it."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.test_models_window import bridge, store, window  # noqa: F401 - fixtures


def test_the_loaded_model_is_marked_and_cannot_be_deleted(qtbot, window, store):
    lib, prompts = window.library, window.prompts
    zeta = next(m for m in store.registry.models() if m.id == "zeta")
    window.set_loaded_model(str(zeta.path))
    assert "Zeta (loaded)" in lib.visible_names()
    lib.select("zeta")
    asked = len(prompts.asked)
    qtbot.mouseClick(lib.delete_button, Qt.MouseButton.LeftButton)
    assert len(prompts.asked) == asked  # not even asked
    assert ("delete", "zeta") not in store.registry.calls
    assert "loaded in the chat window" in lib.message.text()
    window.set_loaded_model(None)  # another model loaded: now it can go
    assert "Zeta" in lib.visible_names()
    lib.select("zeta")
    qtbot.mouseClick(lib.delete_button, Qt.MouseButton.LeftButton)
    assert ("delete", "zeta") in store.registry.calls


def test_the_main_window_tells_the_library_what_it_loaded(make_window, qtbot, tmp_path):
    window = make_window(load=False)
    model = tmp_path / "m.gguf"
    model.write_bytes(b"GGUF")
    with qtbot.waitSignal(window.host.loaded, timeout=5000):
        window.load_model(str(model))
    window.open_models("library")
    assert window.models_window.library._loaded.endswith("m.gguf")
    window.models_window.close()
