"""Before the window opens on Linux: are the system libraries Qt's X11 plugin needs installed?

Without them Qt aborts with "could not load the Qt platform plugin "xcb"" and a wall of text. On
a fresh desktop the usual culprit is ``libxcb-cursor0`` (Qt 6.5 and later need it); a few other
xcb helpers are missing on minimal installs. Hearth names them in one install line instead.
"""

from __future__ import annotations

import ctypes.util
import os
import sys
from typing import Callable

# library name (for find_library) → (Debian/Ubuntu package, Fedora package)
XCB_LIBRARIES: dict[str, tuple[str, str]] = {
    "xcb-cursor": ("libxcb-cursor0", "xcb-util-cursor"),
    "xkbcommon-x11": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "xcb-icccm": ("libxcb-icccm4", "xcb-util-wm"),
    "xcb-image": ("libxcb-image0", "xcb-util-image"),
    "xcb-keysyms": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "xcb-render-util": ("libxcb-render-util0", "xcb-util-renderutil"),
}


def missing_desktop_libraries(find: Callable[[str], str | None] = ctypes.util.find_library,
                              platform: str = sys.platform, env: dict[str, str] | None = None) -> list[str]:
    """The libraries Qt's X11 plugin would fail on (empty when fine, not Linux, or not X11)."""
    env = dict(os.environ) if env is None else env
    if not platform.startswith("linux"):
        return []
    qpa = env.get("QT_QPA_PLATFORM", "")
    if qpa and not qpa.startswith("xcb"):
        return []  # offscreen, wayland, …: the X11 plugin is not used
    if not qpa and env.get("WAYLAND_DISPLAY") and not env.get("DISPLAY"):
        return []
    return [name for name in XCB_LIBRARIES if not find(name)]


def install_sentence(missing: list[str]) -> str:
    """One sentence and the one line that installs ``missing``."""
    debian = " ".join(XCB_LIBRARIES[name][0] for name in missing)
    fedora = " ".join(XCB_LIBRARIES[name][1] for name in missing)
    return (f"Hearth cannot open its window: the system is missing {', '.join('lib' + n for n in missing)}, "
            f"which Qt needs on X11. Install with:\n  sudo apt install {debian}      (Debian, Ubuntu)\n"
            f"  sudo dnf install {fedora}      (Fedora)\nthen start Hearth again.")
