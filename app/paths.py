"""Every path Hearth reads or writes, in one place.

The per-user data directory comes from platformdirs. ``HEARTH_HOME`` overrides it,
so tests and portable installs never touch the real home directory.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "Hearth"


def data_dir() -> Path:
    """Return (and create) the directory that holds Hearth's user data."""
    override = os.environ.get("HEARTH_HOME")
    if override:
        path = Path(override).expanduser()
    else:
        path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def history_db() -> Path:
    """The SQLite database with conversations, messages and presets."""
    return data_dir() / "history.sqlite3"


def settings_file() -> Path:
    """The JSON file with app-level settings (last model, load parameters, window)."""
    return data_dir() / "settings.json"


def models_dir() -> Path:
    """Where downloaded and imported parameter files live."""
    path = data_dir() / "models"
    path.mkdir(parents=True, exist_ok=True)
    return path


def logs_dir() -> Path:
    """Crash reports and logs."""
    path = data_dir() / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def kv_state_dir() -> Path:
    """Saved KV caches of chats (the model's memory of what it already read)."""
    path = data_dir() / "kv-state"
    path.mkdir(parents=True, exist_ok=True)
    return path
