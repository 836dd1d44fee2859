"""Speed before download in the model manager: badges, the best file first, the Library's Speed
column, "Measure again", and the KV cache type per model in the settings panel."""

from __future__ import annotations

import pytest

from model_store.speed import MachineProfile
from model_store.speed_probe import write_profile
from app.engine.params import LoadParams
from app.engine.types import ModelInfo
from app.ui.load_panel import LoadPanel
from app.ui.speed_strip import SpeedStrip
from tests.gui.test_models_window import (  # noqa: F401 - fixtures
    FILES,
    REPO,
    _open_repo,
    _search,
    bridge,
    store,
    window,
)

FAST = MachineProfile(bandwidth=400e9, compute=4e12, threads=2, measured_at=1.9e9)
SLOW = MachineProfile(bandwidth=20e9, compute=60e9, threads=2, measured_at=1.8e9)


def test_every_file_has_a_speed_and_a_slow_computer_gets_no_recommendation(qtbot, window, hearth_home):
    write_profile(hearth_home, SLOW)
    tab = _search(qtbot, window)
    _open_repo(qtbot, tab)
    speeds = tab.speed_badges()
    assert set(speeds) == set(tab.fit_badges())
    assert all(b.speed().endswith(("words/s", "word/s")) for b in speeds.values())
    assert speeds["llama-3-8b.F16.gguf (2 parts)"].speed() == "<1 word/s"
    assert "Writing:" in speeds["llama-3-8b.Q4_K_M.gguf"].toolTip()
    assert "Too slow to chat" in speeds["llama-3-8b.F16.gguf (2 parts)"].toolTip()
    assert tab.best_filename == ""
    assert "comfortable speed" in tab.files_title.text()
    groups = [tab.files.topLevelItem(i).text(0) for i in range(tab.files.topLevelItemCount())]
    assert groups == ["Q4_0", "Q4_K_M", "Q8_0", "F16"]  # nothing to put first: smallest first


def test_on_a_fast_computer_the_largest_comfortable_file_that_fits_comes_first(qtbot, window, hearth_home):
    write_profile(hearth_home, FAST)
    tab = _search(qtbot, window)
    _open_repo(qtbot, tab)
    # 16 GiB free (the fixture): Q8_0 (14 GB) is only "tight", so Q4_K_M is the best that fits.
    assert tab.best_filename == "llama-3-8b.Q4_K_M.gguf"
    assert tab.files.topLevelItem(0).text(0) == "Q4_K_M"
    assert tab.files.topLevelItem(0).child(0).font(0).bold()
    assert "Best for this computer: llama-3-8b.Q4_K_M.gguf" in tab.files_title.text()


def test_measure_again_refreshes_the_badges(qtbot, window, hearth_home):
    write_profile(hearth_home, SLOW)
    tab = _search(qtbot, window)
    _open_repo(qtbot, tab)
    before = tab.speed_badges()["llama-3-8b.Q4_0.gguf"].speed()
    strip = window.speed_strip
    strip.refresh()
    assert "memory 20.0 GB/s" in strip.label.text()
    strip._measure = lambda: (write_profile(hearth_home, FAST), FAST)[1]
    with qtbot.waitSignal(strip.remeasured, timeout=5000):
        strip.button.click()
    assert strip.button.isEnabled() and "memory 400.0 GB/s" in strip.label.text()
    after = tab.speed_badges()["llama-3-8b.Q4_0.gguf"].speed()
    assert after != before and tab.best_filename


def test_a_discarded_measurement_says_so(qtbot, hearth_home):
    strip = SpeedStrip(measure=lambda: MachineProfile(bandwidth=40e9, compute=200e9, threads=2, measured_at=1.8e9),
                       current=lambda: MachineProfile(bandwidth=40e9, compute=200e9, threads=2, measured_at=1.8e9))
    qtbot.addWidget(strip)
    with qtbot.assertNotEmitted(strip.remeasured):
        strip.button.click()
        qtbot.waitUntil(strip.button.isEnabled, timeout=5000)
    assert "discarded" in strip.label.text()


def test_library_shows_a_speed_for_each_model(qtbot, window):
    lib = window.library
    window.show_tab("library")
    texts = [lib.table.item(r, 6).text() for r in range(lib.table.rowCount())]
    assert any(t.startswith("~") and t.endswith("words/s") for t in texts)
    row = next(r for r, t in enumerate(texts) if t.endswith("words/s"))
    assert "tokens/s" in lib.table.item(row, 6).toolTip()


def test_the_kv_cache_type_is_a_load_setting(qtbot):
    panel = LoadPanel()
    qtbot.addWidget(panel)
    panel.set_params(LoadParams(model_path="/m.gguf", kv_type="q8_0"))
    assert panel.kv_combo.currentData() == "q8_0"
    with qtbot.waitSignal(panel.reloadRequested) as blocker:
        panel._reload_button.click()
    assert blocker.args[0].kv_type == "q8_0"
    panel.set_model_info(ModelInfo(path="remote:x", name="x", remote="gpu.lan"))
    assert not panel.kv_combo.isEnabled()


def test_a_model_keeps_its_own_kv_cache_type(make_window, qtbot, tmp_path):
    window = make_window(load=False)
    first, second = tmp_path / "a.gguf", tmp_path / "b.gguf"
    for path in (first, second):
        path.write_bytes(b"GGUF")
    window.settings.set_kv_type(str(first), "q4_0")
    with qtbot.waitSignal(window.host.loaded, timeout=5000):
        window.load_model(str(first))
    assert window.load_panel.kv_combo.currentData() == "q4_0"
    assert "q4_0 KV cache" in window.load_panel._backend_label.text()
    with qtbot.waitSignal(window.host.loaded, timeout=5000):
        window.load_model(str(second))
    assert window.load_panel.kv_combo.currentData() == "f16"
    window.load_panel.kv_combo.setCurrentIndex(window.load_panel.kv_combo.findData("q8_0"))
    with qtbot.waitSignal(window.host.loaded, timeout=5000):
        window.load_panel._reload_button.click()
    assert window.settings.kv_type_for(str(second)) == "q8_0"
    assert window.settings.kv_type_for(str(first)) == "q4_0"


def test_the_window_never_measures_on_its_own_thread(qtbot, window, hearth_home, monkeypatch):
    """Before the start-up probe has run, badges are rough estimates; nothing probes meanwhile."""
    from model_store import speed_probe

    (hearth_home / "hardware.json").unlink()
    monkeypatch.setattr(speed_probe, "probe_machine", lambda *a, **k: pytest.fail("probed on the GUI thread"))
    tab = _search(qtbot, window)
    _open_repo(qtbot, tab)
    badge = tab.speed_badges()["llama-3-8b.Q4_K_M.gguf"]
    assert badge.speed().endswith(("words/s", "word/s")) and "has not been measured yet" in badge.toolTip()
    window.speed_strip.refresh()
    assert "rough estimates" in window.speed_strip.label.text()
