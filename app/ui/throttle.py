"""Rate-limit a function to one call per interval, without ever losing the last call.

    render = Throttle(view.render_tail, 90, parent=view)
    render()            # runs now (nothing ran in the last 90 ms)
    render()            # deferred: runs once, 90 ms after the first
    render()            # merged into the deferred call

Calls made while a deferred call is pending replace its arguments; the function
then runs once with the newest ones. Must be used from the thread that owns it.
"""

from __future__ import annotations

import math
import time
from typing import Any, Callable

from PySide6.QtCore import QObject, Qt, QTimer


class Throttle(QObject):
    """Calls ``func`` at most once per ``delay_ms``; the trailing call is guaranteed.

    The first call after a quiet interval runs immediately; later ones are
    collapsed into a single call at the end of the interval.

    Signals: none.
    """

    def __init__(self, func: Callable[..., Any], delay_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        if delay_ms < 0:
            raise ValueError("delay_ms must not be negative")
        self._func = func
        self._delay_ms = delay_ms
        self._pending: tuple[tuple[Any, ...], dict[str, Any]] | None = None
        self._last_run: float | None = None  # monotonic seconds when func last started
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._run_pending)

    @property
    def delay_ms(self) -> int:
        """The minimum time between two calls of the function."""
        return self._delay_ms

    def set_delay(self, delay_ms: int) -> None:
        """Change the interval; a call already scheduled keeps its time."""
        if delay_ms < 0:
            raise ValueError("delay_ms must not be negative")
        self._delay_ms = delay_ms

    @property
    def pending(self) -> bool:
        """True when a call is waiting for its turn."""
        return self._pending is not None

    def __call__(self, *args: Any, **kwargs: Any) -> None:
        """Request a call with these arguments: now if allowed, else at the end of the interval."""
        self._pending = (args, kwargs)
        if self._timer.isActive():
            return
        now = time.monotonic()
        elapsed_ms = math.inf if self._last_run is None else (now - self._last_run) * 1000.0
        if elapsed_ms >= self._delay_ms:
            self._run_pending()
        else:
            self._timer.start(max(1, math.ceil(self._delay_ms - elapsed_ms)))

    def flush(self) -> None:
        """Run the pending call now, if there is one."""
        self._run_pending()

    def cancel(self) -> None:
        """Drop the pending call, if any; the function is not called."""
        self._timer.stop()
        self._pending = None

    def _run_pending(self) -> None:
        self._timer.stop()
        if self._pending is None:
            return
        args, kwargs = self._pending
        self._pending = None
        self._last_run = time.monotonic()
        self._func(*args, **kwargs)
