"""The app's *Local server*: the OpenAI-compatible API on the app's own engine thread.

:class:`LocalServer` starts and stops :class:`app.server.runner.ApiServer` beside the window.
Requests share the engine thread with the window's chats (taking turns), and what happens —
requests starting and ending, a model loaded by a request — comes back as Qt signals, delivered
on the GUI thread.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from app.engine.errors import HearthError

from app.server.engine_door import EngineDoor
from app.server.runner import ApiServer, ServerConfig
from app.worker import EngineHost
from model_store.resolve import known_models
from model_store.texts import QT_TRANSLATE_NOOP, Sentence

log = logging.getLogger(__name__)


class LocalServer(QObject):
    """The API server of the app, off until started.

    Signals:
        stateChanged(bool): it started (True) or stopped.
        activity(str): a line for the log ("#3 chat started", "#3 41 tokens, stop, 0.6 s").
        inFlightChanged(int): requests being answered or waiting.
        modelLoaded(object): a request loaded another model (its ModelInfo).
    """

    stateChanged = Signal(bool)
    activity = Signal(object)  # a line for the server log (a Sentence when Hearth wrote it)
    inFlightChanged = Signal(int)
    modelLoaded = Signal(object)

    def __init__(self, host: EngineHost, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._host = host
        self._server: ApiServer | None = None
        self.config: ServerConfig | None = None
        self.allow_switch = False
        self._door: EngineDoor | None = None

    @property
    def running(self) -> bool:
        return self._server is not None and self._server.running

    def start(self, config: ServerConfig, allow_switch: bool = False) -> None:
        """Start serving (stopping a server already running first).

        Raises:
            HearthError: the port is in use, or a network address has no key.
        """
        self.stop()
        self._door = EngineDoor(self._host.engine_thread, library=known_models, allow_switch=allow_switch,
                                on_activity=self._on_activity, on_model=self.modelLoaded.emit)
        server = ApiServer(self._door, config)
        server.start()
        self._server, self.config, self.allow_switch = server, config, allow_switch
        self.activity.emit(Sentence(QT_TRANSLATE_NOOP("model_store", "Serving at {url}"), url=config.url))
        self.stateChanged.emit(True)

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.stop()
        self._server = None
        self.activity.emit(Sentence(QT_TRANSLATE_NOOP("model_store", "Stopped")))
        self.inFlightChanged.emit(0)
        self.stateChanged.emit(False)

    def in_flight(self) -> int:
        return self._door.in_flight if self._door is not None else 0

    def _on_activity(self, kind: str, text: str) -> None:  # the server's thread: signals cross over queued
        self.activity.emit(text)
        self.inFlightChanged.emit(self.in_flight())


def start_or_explain(server: LocalServer, config: ServerConfig, allow_switch: bool) -> str:
    """Start the server; "" when it runs, else a sentence saying why not."""
    try:
        server.start(config, allow_switch)
    except HearthError as exc:
        return exc.message
    return ""



