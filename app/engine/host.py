"""The engine's own thread: the only code that touches a loaded model, shared by every door.

A loaded model serves one request at a time. :class:`EngineThread` runs jobs — load, generate,
save a chat's memory, render a prompt — one after another on a single thread it owns, so the
app window, the command line and the local API server can all use one model safely. Jobs come
in per *client* ("gui", or one per API connection) and are taken round-robin between clients,
so one busy client cannot starve another (the window stays answerable while scripts call the
API); each client's queue can be bounded, and a full queue refuses the job at once.

Plain Python, no Qt: the Qt adapter (:mod:`app.worker`) and the server wrap it.
"""

from __future__ import annotations

import collections
import logging
import threading
from typing import Callable

from app.engine.types import Engine

log = logging.getLogger(__name__)

Job = Callable[["EngineThread"], None]


class QueueFull(Exception):
    """A client already has as many jobs waiting as it may."""


class EngineThread:
    """Runs jobs on one thread, fairly between clients.

    Args:
        factory: Makes the engine, on the engine thread, the first time a job asks for it.
    """

    def __init__(self, factory: Callable[[], Engine], name: str = "hearth-engine") -> None:
        self._factory = factory
        self._engine: Engine | None = None
        self._queues: dict[str, collections.deque[Job]] = {}
        self._order: collections.deque[str] = collections.deque()  # clients with work, in turn
        self._cond = threading.Condition()
        self._stopping = False
        self._last: Job | None = None  # run_and_stop's job: runs once every queue is empty
        self._closing = False          # run_and_stop was called: no new jobs
        self.busy_client: str | None = None
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    @property
    def engine(self) -> Engine:
        """The engine (made on first use). Only jobs may call this: it is the engine thread's."""
        if self._engine is None:
            self._engine = self._factory()
        return self._engine

    def swap_engine(self, engine: Engine | None) -> None:
        """Replace the engine (a job: e.g. a remote engine instead of llama.cpp)."""
        self._engine = engine

    @property
    def alive(self) -> bool:
        """The thread has not ended (it may still be finishing its last job)."""
        return self._thread.is_alive()

    @property
    def current(self) -> Engine | None:
        """The engine if one was made (any thread may read what it describes, e.g. ``info``)."""
        return self._engine

    def submit(self, job: Job, client: str = "gui", limit: int | None = None) -> None:
        """Queue ``job`` for ``client``.

        Raises:
            QueueFull: the client already has ``limit`` jobs waiting.
            RuntimeError: the thread has stopped, or is finishing (:meth:`run_and_stop`).
        """
        with self._cond:
            if self._stopping or self._closing:
                raise RuntimeError("the engine thread has stopped")
            queue = self._queues.setdefault(client, collections.deque())
            if limit is not None and len(queue) >= limit:
                raise QueueFull(client)
            queue.append(job)
            if client not in self._order:
                self._order.append(client)
            self._cond.notify()

    def pending(self, client: str | None = None) -> int:
        """Jobs waiting (for one client, or all)."""
        with self._cond:
            if client is not None:
                return len(self._queues.get(client, ()))
            return sum(len(q) for q in self._queues.values())

    def drop(self, client: str) -> int:
        """Forget a client's waiting jobs (it went away); returns how many."""
        with self._cond:
            dropped = len(self._queues.pop(client, ()))
            if client in self._order:
                self._order.remove(client)
            return dropped

    def stop(self, timeout: float = 10.0) -> bool:
        """Finish the job in progress, drop the rest, and end the thread; True when it ended."""
        with self._cond:
            self._stopping = True
            self._queues.clear()
            self._order.clear()
            self._last = None
            self._cond.notify()
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def run_and_stop(self, job: Job, timeout: float = 10.0) -> bool:
        """Run one last job (e.g. unload the model) after every job waiting, then end the thread.

        New jobs are refused from now on (``submit`` raises RuntimeError), so the last job cannot
        be put off by clients that keep submitting.
        """
        done = threading.Event()

        def last(thread: "EngineThread") -> None:
            try:
                job(thread)
            finally:
                done.set()

        with self._cond:
            ending = self._stopping or self._closing
            if not ending:
                self._closing = True
                self._last = last
                self._cond.notify()
        if ending:  # stopped already, or another run_and_stop is finishing: wait for the end
            self._thread.join(timeout)
            return not self._thread.is_alive()
        done.wait(timeout)
        return self.stop(timeout)

    def _next(self) -> tuple[str, Job] | None:
        with self._cond:
            while not self._stopping and not self._order and self._last is None:
                self._cond.wait()
            if self._stopping:
                return None
            if not self._order:
                job, self._last = self._last, None
                assert job is not None
                self.busy_client = "__last__"
                return "__last__", job
            client = self._order.popleft()
            queue = self._queues[client]
            job = queue.popleft()
            if queue:
                self._order.append(client)  # its next job waits for everyone else's turn
            else:
                del self._queues[client]
            self.busy_client = client
            return client, job

    def _run(self) -> None:
        while True:
            item = self._next()
            if item is None:
                return
            client, job = item
            try:
                job(self)
            except Exception:  # noqa: BLE001 - a job's bug must not end the thread; doors report their own
                log.exception("engine job for %s failed", client)
            finally:
                self.busy_client = None
