"""One window per data folder: a second launch shows the first window and exits; the CLI is unaffected."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtCore import QDir

from app.single_instance import SingleInstance, instance_name

REPO = Path(__file__).resolve().parents[2]


def test_the_second_claim_asks_the_first_to_show_itself(qtbot, tmp_path):
    name = instance_name(str(tmp_path / "data-a"))
    first = SingleInstance(name)
    assert first.claim()
    try:
        with qtbot.waitSignal(first.activated, timeout=3000):
            assert not SingleInstance(name).claim()
    finally:
        first.close()
    again = SingleInstance(name)
    assert again.claim()  # free again once the first has gone
    again.close()


def test_other_data_folders_are_other_instances(tmp_path):
    a, b = SingleInstance(instance_name(str(tmp_path / "a"))), SingleInstance(instance_name(str(tmp_path / "b")))
    try:
        assert a.claim() and b.claim()
    finally:
        a.close()
        b.close()


def test_a_socket_left_by_a_crashed_instance_is_replaced(tmp_path):
    name = instance_name(str(tmp_path / "crashed"))
    if sys.platform != "win32":
        socket_dir = Path(QDir.tempPath())
        (socket_dir / name).write_bytes(b"")  # a leftover file where the socket would be
    guard = SingleInstance(name)
    try:
        assert guard.claim()
    finally:
        guard.close()
        if sys.platform != "win32":
            (Path(QDir.tempPath()) / name).unlink(missing_ok=True)


def test_a_second_app_exits_at_once_and_the_cli_still_works(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HEARTH_HOME=str(tmp_path / "home"), HEARTH_ENGINE="fake")
    first = subprocess.Popen([sys.executable, "-m", "app"], cwd=REPO, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        name = instance_name(str(tmp_path / "home"))
        deadline = time.monotonic() + 30
        from PySide6.QtNetwork import QLocalSocket

        while time.monotonic() < deadline:  # until the first one listens
            probe = QLocalSocket()
            probe.connectToServer(name)
            if probe.waitForConnected(200):
                probe.disconnectFromServer()
                break
            time.sleep(0.2)
        else:
            raise AssertionError("the first app never started listening")
        second = subprocess.run([sys.executable, "-m", "app"], cwd=REPO, env=env, capture_output=True, text=True,
                                timeout=60)
        assert second.returncode == 0 and "already open" in second.stderr
        cli = subprocess.run([sys.executable, "-m", "app", "models", "list", "--json"], cwd=REPO, env=env,
                             capture_output=True, text=True, timeout=60)
        assert cli.returncode == 0 and cli.stdout.lstrip().startswith("[")
        assert first.poll() is None  # the first window is still there
    finally:
        first.terminate()
        first.wait(30)
