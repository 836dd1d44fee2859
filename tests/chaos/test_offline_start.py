"""Nothing leaves the computer from start-up to quit unless the person searches or downloads:
the real app (starter model, first-run welcome, models window) opens no network connection."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from model_store.starter import starter_model_path

REPO = Path(__file__).resolve().parents[2]

SCRIPT = r"""
import json, socket, sys
calls = []
def record(original):
    def wrapper(self, address, *args, **kwargs):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            calls.append(repr(address))
        return original(self, address, *args, **kwargs)
    return wrapper
socket.socket.connect = record(socket.socket.connect)
socket.socket.connect_ex = record(socket.socket.connect_ex)
original_getaddrinfo = socket.getaddrinfo
def getaddrinfo(host, *args, **kwargs):
    calls.append("lookup " + repr(host))
    return original_getaddrinfo(host, *args, **kwargs)
socket.getaddrinfo = getaddrinfo

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from app.gui import run_gui

def look_around():
    for widget in app.topLevelWidgets():
        if hasattr(widget, "open_models") and widget.isVisible():
            widget.open_models("library")   # the model manager, without searching
            widget.open_models("discover")
QTimer.singleShot(6000, look_around)
QTimer.singleShot(9000, app.quit)
status = run_gui([])
print("CALLS=" + json.dumps(calls))
sys.exit(status)
"""


@pytest.mark.skipif(starter_model_path() is None, reason="the starter model is not installed")
def test_the_app_opens_no_network_connection_on_its_own(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HEARTH_HOME=str(tmp_path / "home"))
    env.pop("HEARTH_ENGINE", None)
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=120)
    line = next((l for l in done.stdout.splitlines() if l.startswith("CALLS=")), None)
    assert line is not None, done.stderr[-2000:]
    assert json.loads(line[len("CALLS="):]) == []
