"""Where the model store keeps its files: Hearth's data folder and the models folder inside it.

The per-user data folder comes from platformdirs; ``HEARTH_HOME`` overrides it, so tests and
portable installs never touch the real home directory. ``app.paths`` builds the app's own paths
on these, so the two always agree.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "Hearth"


def data_dir() -> Path:
    """Return (and create) the folder that holds Hearth's user data."""
    override = os.environ.get("HEARTH_HOME")
    if override:
        path = Path(override).expanduser()
    else:
        path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def models_dir() -> Path:
    """Where downloaded and imported parameter files live."""
    path = data_dir() / "models"
    path.mkdir(parents=True, exist_ok=True)
    return path


def hearth_version() -> str:
    """Hearth's version, for the User-Agent of Hub requests ("0" when not installed as a package)."""
    from importlib import metadata

    try:
        return metadata.version("hearth-chat")
    except metadata.PackageNotFoundError:
        return "0"
