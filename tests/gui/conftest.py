"""Fixtures for the GUI tests: a real main window driven by a scripted engine.

    def test_something(make_window, engine):
        window = make_window()              # shown, "fake:model" loaded
        engine.enqueue(["Hi", " there"])    # the next answer
        ...
        make_window.close(window)           # quit as the app does (settings, engine thread)
        again = make_window()               # restart on the same history database
"""

from __future__ import annotations

import pytest

from app import paths
from app.chat.store import HistoryStore
from app.engine.fake import FakeEngine
from app.gui import build_window
from app.settings import AppSettings
from app.ui.main_window import MainWindow

TOKEN_DELAY_S = 0.004
LOAD_TIMEOUT_MS = 15_000


@pytest.fixture
def engine() -> FakeEngine:
    """The scripted engine the default window answers with."""
    return FakeEngine(token_delay=TOKEN_DELAY_S)


class WindowFactory:
    """Builds main windows on one history database and tears them down like the app does."""

    def __init__(self, qtbot, engine: FakeEngine) -> None:
        self._qtbot = qtbot
        self._engine = engine
        self.db_path = paths.history_db()
        self._open: list[tuple[MainWindow, HistoryStore]] = []

    def __call__(self, engine: FakeEngine | None = None, *, load: bool = True,
                 settings: AppSettings | None = None) -> MainWindow:
        """Open the app on the shared database; ``load`` loads "fake:model" and waits for it.

        Settings default to what the previous window saved (as after a restart), with the
        settings panel open the first time.
        """
        engine = engine if engine is not None else self._engine
        store = HistoryStore(self.db_path)
        if settings is None:
            # The tests drive the settings panel, so it starts open (for a new user it starts
            # collapsed: tests/gui/test_first_run.py).
            settings = AppSettings.read() if paths.settings_file().exists() else AppSettings(show_side_panel=True)
        window = build_window(store, settings, engine_factory=lambda: engine)
        window.engine = engine  # for tests: the FakeEngine behind this window
        self._open.append((window, store))
        window.show()
        self._qtbot.waitExposed(window)
        window.activateWindow()  # window shortcuts (Ctrl+N, Ctrl+R, Esc) need an active window
        self._qtbot.waitUntil(window.isActiveWindow, timeout=LOAD_TIMEOUT_MS)
        if load:
            window.load_model("fake:model")
            self._qtbot.waitUntil(lambda: window.host.model_info is not None, timeout=LOAD_TIMEOUT_MS)
        return window

    def close(self, window: MainWindow) -> None:
        """Quit: close the window (saves settings, stops any answer), stop the engine thread."""
        for i, (open_window, store) in enumerate(self._open):
            if open_window is window:
                del self._open[i]
                window.close()
                window.host.shutdown()
                store.close()
                window.deleteLater()
                return
        raise ValueError("not a window from this factory, or already closed")

    def close_all(self) -> None:
        while self._open:
            self.close(self._open[-1][0])


@pytest.fixture
def make_window(qtbot, engine):
    """A factory for main windows on one history database; all are closed after the test."""
    factory = WindowFactory(qtbot, engine)
    yield factory
    factory.close_all()
