"""Running the local API server in tests: the starter model on an engine thread, a free port.

Shared by the server's integration tests; each module loads the model once (about a second).
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Iterator

import openai

from app.engine.host import EngineThread
from app.engine.llama import LlamaEngine
from app.engine.params import LoadParams
from app.server.engine_door import EngineDoor
from app.server.runner import ApiServer, ServerConfig

N_CTX = 1024


def free_port() -> int:
    """A port nothing listens on right now (the server refuses port 0: it says where it listens)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def loaded_thread(model_path, n_ctx: int = N_CTX) -> EngineThread:
    """An engine thread with the model loaded, as ``hearth serve`` starts one."""
    thread = EngineThread(LlamaEngine, name="test-api-engine")
    done = threading.Event()
    failure: list[BaseException] = []

    def load(t: EngineThread) -> None:
        try:
            t.engine.load(LoadParams(model_path=str(model_path), n_ctx=n_ctx))
        except BaseException as exc:  # noqa: BLE001 - handed to the test below
            failure.append(exc)
        finally:
            done.set()

    thread.submit(load)
    assert done.wait(60), "the model did not load"
    if failure:
        thread.stop()
        raise failure[0]
    return thread


@dataclass
class Activity:
    """What the door reported, as ``(kind, text)`` pairs, in order."""

    events: list[tuple[str, str]] = field(default_factory=list)

    def __call__(self, kind: str, text: str) -> None:
        self.events.append((kind, text))

    def ends(self) -> list[str]:
        return [text for kind, text in list(self.events) if kind == "end"]


@contextlib.contextmanager
def serving(door: EngineDoor, **config) -> Iterator[ServerConfig]:
    """An ApiServer for ``door`` on 127.0.0.1 and a free port, stopped afterwards."""
    settings = ServerConfig(port=free_port(), **config)
    server = ApiServer(door, settings)
    server.start()
    try:
        yield settings
    finally:
        server.stop()


def client(config: ServerConfig, api_key: str = "unused", **options) -> openai.OpenAI:
    """The official SDK, pointed at the server; no retries, so a refusal is seen as it is."""
    options.setdefault("timeout", 60)
    return openai.OpenAI(base_url=config.url, api_key=api_key, max_retries=0, **options)


def wait_until(condition, timeout: float = 5.0, step: float = 0.01) -> float:
    """Seconds until ``condition()`` held; fails when it never did within ``timeout``."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > timeout:
            raise AssertionError(f"still not true after {timeout} s")
        time.sleep(step)
    return time.monotonic() - start
