"""First launch: the starter model answers with zero downloads, and its absence is explained."""

from __future__ import annotations

import pytest

from model_store.starter import starter_model_path


def test_missing_starter_model_is_explained_and_the_app_still_works(make_window, monkeypatch, qtbot):
    monkeypatch.setenv("HEARTH_STARTER_MODEL", "/nonexistent/starter.gguf")
    window = make_window(load=False)
    window.load_initial_model()
    qtbot.waitUntil(lambda: window.notice.isVisible())
    assert "starter model is not installed" in window.notice.message
    assert window.host.model_info is None
    window.composer.set_text("hello")
    window.composer.sendRequested.emit("hello")
    assert "No model is loaded" in window.notice.message
    window.load_model("fake:model")
    qtbot.waitUntil(lambda: window.host.model_info is not None)
    assert not window.notice.isVisible()


@pytest.mark.skipif(starter_model_path() is None, reason="the starter model is not installed")
def test_first_launch_picks_the_starter_model(make_window, qtbot):
    window = make_window(load=False)
    window.load_initial_model()
    qtbot.waitUntil(lambda: window.host.model_info is not None, timeout=15_000)
    assert window.host.model_info.path == str(starter_model_path())


def test_picking_another_model_while_one_loads_shows_only_the_newer(make_window, qtbot):
    from app.engine.fake import FakeEngine

    slow = FakeEngine(load_delay=0.5)
    window = make_window(slow, load=False)
    window.load_model("fake:first")
    qtbot.waitUntil(lambda: window.host.loading)
    window.load_model("fake:second")
    qtbot.waitUntil(lambda: window.host.model_info is not None, timeout=10_000)
    assert window.host.model_info.path == "fake:second"
    assert not window.notice.isVisible()


def test_a_new_user_starts_with_the_settings_panel_collapsed_and_opening_it_is_remembered(make_window, qtbot):
    from app.settings import AppSettings

    window = make_window(settings=AppSettings())  # what a first launch reads
    assert not window.side_panel.isVisible()
    window.model_bar.settingsToggled.emit(True)  # the Settings button
    assert window.side_panel.isVisible()
    make_window.close(window)

    again = make_window()
    assert again.side_panel.isVisible()
    assert AppSettings.read().show_side_panel
