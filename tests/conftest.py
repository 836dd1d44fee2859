"""Suite-wide fixtures: Qt offscreen, and a private HEARTH_HOME for every test."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["HEARTH_KEYCHAIN"] = "file"  # secrets go to a file in HEARTH_HOME, never a real keychain

import pytest


@pytest.fixture(autouse=True)
def hearth_home(tmp_path, monkeypatch):
    """Redirect every Hearth path into a temporary directory: tests never touch the real home."""
    home = tmp_path / "hearth-home"
    home.mkdir()
    monkeypatch.setenv("HEARTH_HOME", str(home))
    return home
