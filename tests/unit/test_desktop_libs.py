"""On a Linux desktop without the xcb libraries Qt needs, Hearth says which, in one install line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from app.desktop_libs import install_sentence, missing_desktop_libraries

REPO = Path(__file__).resolve().parents[2]


def _without(*names):
    return lambda name: None if name in names else f"lib{name}.so"


def test_a_missing_xcb_cursor_is_found_on_x11():
    assert missing_desktop_libraries(_without("xcb-cursor"), "linux", {"DISPLAY": ":0"}) == ["xcb-cursor"]
    assert missing_desktop_libraries(_without("xcb-cursor"), "linux", {"QT_QPA_PLATFORM": "xcb"}) == ["xcb-cursor"]
    assert missing_desktop_libraries(_without(), "linux", {"DISPLAY": ":0"}) == []


def test_other_platforms_and_plugins_are_left_alone():
    find = _without("xcb-cursor", "xcb-image")
    assert missing_desktop_libraries(find, "darwin", {}) == []
    assert missing_desktop_libraries(find, "win32", {}) == []
    assert missing_desktop_libraries(find, "linux", {"QT_QPA_PLATFORM": "offscreen"}) == []
    assert missing_desktop_libraries(find, "linux", {"WAYLAND_DISPLAY": "wayland-0"}) == []


def test_the_sentence_names_the_packages_to_install():
    text = install_sentence(["xcb-cursor", "xkbcommon-x11"])
    assert "sudo apt install libxcb-cursor0 libxkbcommon-x11-0" in text
    assert "sudo dnf install xcb-util-cursor libxkbcommon-x11" in text


def test_the_app_prints_it_and_exits_instead_of_aborting(tmp_path):
    script = ("import app.desktop_libs as d, app.gui as g\n"
              "g.missing_desktop_libraries = lambda: ['xcb-cursor']\n"
              "raise SystemExit(g.run_gui([]))\n")
    env = dict(os.environ, QT_QPA_PLATFORM="xcb", DISPLAY=":99", HEARTH_HOME=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 1
    assert "sudo apt install libxcb-cursor0" in done.stderr and "Traceback" not in done.stderr
