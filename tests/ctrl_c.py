"""Start a child process that Ctrl+C (SIGINT) reaches, however the suite itself was started.

A process started in the background by a shell without job control ignores SIGINT, and its
children inherit that: a test that presses Ctrl+C on such a child would see nothing happen.
"""

from __future__ import annotations

import signal
import subprocess
import threading
from typing import Any

_LOCK = threading.Lock()


def popen_with_ctrl_c(cmd: list[str], **kwargs: Any) -> subprocess.Popen:
    """``subprocess.Popen(cmd, **kwargs)`` whose child gets Python's usual Ctrl+C handling."""
    with _LOCK:
        previous = signal.getsignal(signal.SIGINT)
        if previous == signal.SIG_IGN:
            signal.signal(signal.SIGINT, signal.default_int_handler)
        try:
            return subprocess.Popen(cmd, **kwargs)
        finally:
            signal.signal(signal.SIGINT, previous)
