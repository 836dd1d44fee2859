"""Every path Hearth reads or writes, in one place.

The per-user data directory comes from platformdirs. ``HEARTH_HOME`` overrides it,
so tests and portable installs never touch the real home directory.
"""

from __future__ import annotations

from pathlib import Path

# The data and models folders are the model store's (it stands below the app); the rest are the app's.
from model_store.locations import APP_NAME, data_dir, models_dir  # noqa: F401 - re-exported


def history_db() -> Path:
    """The SQLite database with conversations, messages and presets."""
    return data_dir() / "history.sqlite3"


def settings_file() -> Path:
    """The JSON file with app-level settings (last model, load parameters, window)."""
    return data_dir() / "settings.json"


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
