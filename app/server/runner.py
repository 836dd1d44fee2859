"""Serving the API with uvicorn: in the foreground (``hearth serve``) or beside the app window.

The server listens on 127.0.0.1 unless told otherwise; listening on the network needs an API
key (:func:`check_listen`). Its port is checked before uvicorn starts, so a port in use is a
sentence, not a log line. Connections beyond ``MAX_CONNECTIONS`` are turned away by uvicorn;
requests beyond the engine door's queue get an OpenAI-shaped 503.
"""

from __future__ import annotations

import ipaddress
import logging
import secrets
import socket
import threading
import time
from dataclasses import dataclass, field

import uvicorn

from app.engine.errors import HearthError, InvalidParameterError
from app.server.api import create_app
from app.server.engine_door import EngineDoor

log = logging.getLogger(__name__)

DEFAULT_PORT = 8080
MAX_CONNECTIONS = 2048  # uvicorn's last line; the app itself answers 503s from 512 on (api.MAX_IN_FLIGHT)
STOP_GRACE_S = 3  # on stop, answers still streaming after this long are cancelled


@dataclass
class ServerConfig:
    """Where and how the API listens."""

    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    api_key: str | None = None
    cors_origins: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/v1"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def new_api_key() -> str:
    return "hearth-" + secrets.token_urlsafe(24)


def check_listen(config: ServerConfig) -> None:
    """Refuse to listen beyond this computer without an API key, and on a port in use.

    Raises:
        InvalidParameterError: a network address without a key, or a port out of range.
        HearthError: the port is in use or the address is not this computer's.
    """
    if not 1 <= config.port <= 65535:
        raise InvalidParameterError(f"The port must be from 1 to 65535, not {config.port}.")
    if not is_loopback(config.host) and not config.api_key:
        raise InvalidParameterError(
            f"Listening on {config.host} lets other computers use your models: it needs an API key "
            "(--api-key followed by a long random text).")
    family = socket.AF_INET6 if ":" in config.host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((config.host, config.port))
        except OSError as exc:
            raise HearthError(f"Hearth cannot listen on {config.host}:{config.port}: "
                              f"{exc.strerror or exc}. Choose another port.") from exc


class ApiServer:
    """uvicorn running the API app for one engine door."""

    def __init__(self, door: EngineDoor, config: ServerConfig) -> None:
        self.door, self.config = door, config
        app = create_app(door, config.api_key, config.cors_origins)
        self._server = uvicorn.Server(uvicorn.Config(
            app, host=config.host, port=config.port, log_level="warning", access_log=False,
            limit_concurrency=MAX_CONNECTIONS, timeout_keep_alive=5, lifespan="off",
            timeout_graceful_shutdown=STOP_GRACE_S))
        self._thread: threading.Thread | None = None

    def run(self) -> None:
        """Serve in this thread until stopped (Ctrl+C or :meth:`stop`)."""
        check_listen(self.config)
        self._server.run()

    def start(self, timeout: float = 10.0) -> None:
        """Serve in a background thread; returns once it listens.

        Raises:
            InvalidParameterError, HearthError: see :func:`check_listen`, or it did not start.
        """
        check_listen(self.config)
        self._thread = threading.Thread(target=self._server.run, name="hearth-api", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise HearthError(f"The local server could not start on {self.config.host}:{self.config.port}.")
            time.sleep(0.02)

    def stop(self, timeout: float = 10.0) -> None:
        """Stop listening; answers still running after ``STOP_GRACE_S`` are cancelled."""
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive() and self._server.started
