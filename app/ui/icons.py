"""Hearth's app icon as a QIcon, built from the PNGs in the ``resources`` package."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtGui import QIcon, QPixmap

from resources import ICON_SIZES, icon_path


@lru_cache(maxsize=1)
def app_icon() -> QIcon:
    """The app icon at every rendered size (read as bytes: works from a wheel or a frozen build).

    Empty (``isNull()``) only if the icon files are missing, which never stops the app.
    """
    icon = QIcon()
    for size in ICON_SIZES:
        try:
            data = icon_path(f"hearth-{size}.png").read_bytes()
        except OSError:
            continue
        pixmap = QPixmap()
        if pixmap.loadFromData(data, "PNG"):
            icon.addPixmap(pixmap)
    return icon
