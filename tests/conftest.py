"""Suite-wide fixtures: Qt offscreen, and a private HEARTH_HOME for every test."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["HEARTH_KEYCHAIN"] = "file"  # secrets go to a file in HEARTH_HOME, never a real keychain

import pytest

from model_store.speed import MachineProfile
from model_store.speed_probe import write_profile


TEST_MACHINE = MachineProfile(bandwidth=40e9, compute=200e9, threads=2, measured_at=1.8e9)


@pytest.fixture(autouse=True)
def hearth_home(tmp_path, monkeypatch):
    """Redirect every Hearth path into a temporary directory: tests never touch the real home."""
    home = tmp_path / "hearth-home"
    home.mkdir()
    monkeypatch.setenv("HEARTH_HOME", str(home))
    # A fixed, already measured machine: speed estimates are deterministic and nothing probes
    # (tests of the probe use their own folders).
    write_profile(home, TEST_MACHINE)
    return home
