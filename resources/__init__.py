"""Files that ship with Hearth (the app icon in several sizes and formats); no Qt here.

Reached through :mod:`importlib.resources`, so they are found in an installed wheel, an
editable checkout and a frozen build alike. ``resources/icons/render.py`` regenerates the
icons from ``hearth.svg``.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable

ICON_SIZES = (16, 32, 64, 128, 256, 512)


def icon_path(name: str) -> Traversable:
    """The icon file ``name`` (e.g. "hearth-32.png", "hearth.ico", "hearth.svg").

    Raises:
        FileNotFoundError: there is no such icon.
    """
    path = files(__name__) / "icons" / name
    if not path.is_file():
        raise FileNotFoundError(f"no icon called {name!r} in Hearth's resources")
    return path
