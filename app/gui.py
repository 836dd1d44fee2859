"""Start the desktop app: Qt application, theme, history, engine thread and main window.

The window is shown before anything slow happens; llama.cpp is imported and the model is
loaded on the engine thread afterwards, with progress in the model bar.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
import traceback
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app import __version__, i18n, paths
from app.desktop_libs import install_sentence, missing_desktop_libraries
from app.single_instance import SingleInstance, bring_to_front, instance_name
from app.chat.session import ChatSession
from app.chat.store import HistoryError, HistoryStore
from app.engine.kv_state import KvStateStore
from app.engine.router import EngineRouter
from app.engine.types import Engine
from app.remotes import Remotes
from app.settings import AppSettings
from app.ui.icons import app_icon
from app.ui.main_window import MainWindow
from app.ui.theme import apply_palette, resolve_dark
from app.ui.welcome import maybe_show_welcome
from app.worker import EngineHost

log = logging.getLogger("hearth")


def real_engine(states: KvStateStore | None = None) -> Engine:
    """Build the llama.cpp engine (imported here, on the engine thread, to keep start-up quick)."""
    from app.engine.llama import LlamaEngine

    return LlamaEngine(states)


def state_store(settings: AppSettings) -> KvStateStore:
    """Where chats' KV caches are kept, within the budgets of the settings."""
    return KvStateStore(paths.kv_state_dir(), memory_budget=settings.kv_memory_budget_mb << 20,
                        disk_budget=int(settings.kv_disk_budget_gb * (1 << 30)))


def fake_engine() -> Engine:
    """A scripted engine (``HEARTH_ENGINE=fake``) for demos and UI checks without weights."""
    from app.engine.fake import FakeEngine

    return FakeEngine(token_delay=0.02)


def build_window(store: HistoryStore, settings: AppSettings, engine_factory=None,
                 dark: bool = False, gpu: bool = True) -> MainWindow:
    """Wire the session, engine host and main window together (used by the app and by tests);
    without an ``engine_factory``, the llama.cpp engine with saved KV caches."""
    states = state_store(settings)
    states.keep_only([str(i) for i in store.conversation_ids()])  # chats deleted elsewhere take theirs along
    remotes = Remotes(settings)
    local = engine_factory or (lambda: real_engine(states))
    host = EngineHost(lambda: EngineRouter(local, remotes.engine_for))
    session = ChatSession(store, host)
    window = MainWindow(session, host, settings, gpu_available=gpu, dark=dark, states=states, remotes=remotes)
    session.setParent(window)
    host.setParent(window)
    return window


def _install_crash_handler() -> None:
    """Bugs get a dialog and a report file instead of a silent exit."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        text = "".join(traceback.format_exception(kind, value, tb))
        log.error("unhandled exception\n%s", text)
        report = paths.logs_dir() / f"crash-{time.strftime('%Y%m%d-%H%M%S')}.txt"
        try:
            report.write_text(f"Hearth {__version__}\n{text}", encoding="utf-8")
        except OSError:
            pass
        if QApplication.instance() is not None:
            title = QCoreApplication.translate("gui", "Hearth hit a bug")
            text = QCoreApplication.translate("gui", "Something went wrong inside Hearth. Your chats are saved.\n\n"
                                              "A report was written to {path}.").format(path=report)
            QMessageBox.critical(None, title, text)

    sys.excepthook = hook


def _set_windows_app_id() -> None:
    """On Windows, group the taskbar button under Hearth's own icon rather than Python's."""
    if sys.platform != "win32":
        return
    import ctypes

    try:
        ctypes.windll.shell32.SetCurrentProcessExplicitAppUserModelID("Hearth.Hearth")  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        pass


def _measure_machine() -> None:
    """The speed probe, once per machine (cached in the data folder); never raises."""
    from app import machine_speed

    try:
        machine_speed.profile()
    except Exception:  # noqa: BLE001 - estimates then say they are rough; the app goes on
        logging.getLogger(__name__).exception("speed probe failed")


def run_gui(argv: list[str] | None = None) -> int:
    """Run the desktop app until its window closes; returns the exit status."""
    started = time.perf_counter()
    logging.basicConfig(level=os.environ.get("HEARTH_LOG_LEVEL", "WARNING"),
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")
    if QApplication.instance() is None:
        missing = missing_desktop_libraries()
        if missing:
            print(install_sentence(missing), file=sys.stderr)
            return 1
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    app.setApplicationName("Hearth")
    app.setApplicationDisplayName("Hearth")
    app.setApplicationVersion(__version__)
    _set_windows_app_id()
    app.setWindowIcon(app_icon())
    _install_crash_handler()
    guard = SingleInstance(instance_name(str(paths.data_dir())), app)
    if not guard.claim():
        print("Hearth is already open; its window was brought to the front.", file=sys.stderr)
        return 0
    settings = AppSettings.read()
    i18n.install(app, settings.language)
    theme = os.environ.get("HEARTH_THEME", settings.theme)
    dark = resolve_dark(theme)
    apply_palette(app, dark)
    try:
        store = HistoryStore.open_or_recover(paths.history_db())
    except HistoryError as exc:
        QMessageBox.critical(None, QCoreApplication.translate("gui", "Hearth cannot open its history"),
                             exc.message)
        return 1
    use_fake = os.environ.get("HEARTH_ENGINE") == "fake"
    window = build_window(store, settings, fake_engine if use_fake else None, dark=dark)
    if store.recovered_from is not None:
        window.notice.show_message(
            QCoreApplication.translate("gui", "Hearth's history file was damaged and was set aside as {name}; "
                                       "a new, empty history was started.").format(name=store.recovered_from.name),
            level="info")
    window.setWindowIcon(app_icon())
    window.show()
    guard.activated.connect(lambda: bring_to_front(window))
    if os.environ.get("HEARTH_REPORT_STARTUP"):
        print(f"window shown after {(time.perf_counter() - started) * 1000:.0f} ms", file=sys.stderr, flush=True)
    # Measure the machine once (about a second, on a thread, cached in the data folder) before the
    # model loads, so the two do not disturb each other and the welcome's pick knows this computer.
    probe = threading.Thread(target=_measure_machine, name="speed-probe", daemon=True)
    probe.start()
    QTimer.singleShot(0, lambda: (probe.join(5.0), window.load_initial_model()))
    QTimer.singleShot(0, window.server.start_if_enabled)
    QTimer.singleShot(0, window.remotes.refresh)  # the remote engines' models join the picker as they answer
    QTimer.singleShot(0, lambda: maybe_show_welcome(window, settings))  # first launch only

    def follow_system_scheme() -> None:
        if os.environ.get("HEARTH_THEME", settings.theme) == "system":
            now_dark = resolve_dark("system")
            apply_palette(app, now_dark)
            window.chat.set_dark(now_dark)

    hints = app.styleHints()
    if hasattr(hints, "colorSchemeChanged"):
        hints.colorSchemeChanged.connect(lambda _scheme: follow_system_scheme())
    try:
        return app.exec()
    finally:
        window.host.shutdown()
        window.states.flush()  # the last answer's saved memory reaches the disk before the process ends
        store.close()
