"""The API's door to the engine thread: one job per request, its events back to asyncio.

Each request becomes a job on the :class:`~app.engine.host.EngineThread` the app (or
``hearth serve``) runs, queued per client so requests take turns with each other and with the
app window. What the engine produces — text, thinking, token choices, the end — is handed to the
request's asyncio queue with ``call_soon_threadsafe``, so one request's tokens can only ever
reach its own stream. A request that finds the queue full is refused at once (503); one whose
client goes away is cancelled between two tokens (the door looks every ``CHECK_EVERY`` seconds,
tokens flowing or not); one still queued when the engine thread stops is refused (503) too.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import AsyncIterator, Callable

from app.engine.errors import ContextOverflowError, HearthError, InvalidParameterError, NoModelLoadedError
from app.engine.host import EngineThread, QueueFull
from app.engine.params import LoadParams, SamplingParams
from app.engine.types import CancelToken, GenerationStats, ModelInfo
from app.server.protocol import ApiError, Request
from model_store.texts import QT_TRANSLATE_NOOP, Sentence

log = logging.getLogger(__name__)

MAX_WAITING = 16  # API requests queued behind the one running; more are refused with 503
MAX_PER_CLIENT = 8  # of those, from one address; more are refused with 429 so others get their turn
CHECK_EVERY = 0.25  # seconds between two looks at whether a request's client is still there


@dataclass(frozen=True)
class Event:
    """One thing the engine produced for a request: "text", "reasoning", "choice", "done" or "error"."""

    kind: str
    value: object = None


class EngineDoor:
    """Runs API requests on the shared engine thread.

    Args:
        thread: The engine thread (the app's, or ``hearth serve``'s).
        library: The models a request may name (name → file), when switching is allowed.
        allow_switch: A request naming another library model may load it.
        on_activity: Told ``(kind, text)`` as requests start and end ("start", "end", "error").
        on_model: Told the new ModelInfo when a request loaded another model.
    """

    def __init__(self, thread: EngineThread, library: Callable[[], dict[str, Path]] | None = None,
                 allow_switch: bool = False, on_activity: Callable[[str, str], None] | None = None,
                 on_model: Callable[[ModelInfo], None] | None = None, max_waiting: int = MAX_WAITING, max_per_client: int = MAX_PER_CLIENT) -> None:
        self._thread = thread
        self._library = library or (lambda: {})
        self.allow_switch = allow_switch
        self._on_activity = on_activity or (lambda _kind, _text: None)
        self._on_model = on_model or (lambda _info: None)
        self._max_waiting = max_waiting
        self._max_per_client = min(max_per_client, max_waiting)
        self._ids = itertools.count(1)
        self.in_flight = 0

    # -- what is served --------------------------------------------------------------------

    def loaded(self) -> ModelInfo | None:
        engine = self._thread.current
        return engine.info if engine is not None else None

    def defaults(self) -> SamplingParams:
        info = self.loaded()
        return info.default_sampling if info is not None else SamplingParams()

    def model_ids(self) -> list[str]:
        info = self.loaded()
        names = [info.name] if info is not None and not info.remote else []
        if self.allow_switch:
            names += [name for name in self._library() if name not in names]
        return names

    def _target(self, requested: str | None) -> Path | None:
        """The model file a request asks to switch to (None: the loaded one will do).

        Raises:
            ApiError: 503 with nothing loaded, 404 for a model that is not served.
        """
        info = self.loaded()
        if requested is None or (info is not None and requested in (info.name, Path(info.path).name, info.path)):
            if info is None:
                raise ApiError(503, "No model is loaded yet: load one in Hearth, or start hearth serve "
                                    "with --model.", "server_error", code="no_model")
            if info.remote:  # never forward other programs' messages to another computer
                raise ApiError(503, f"The model in use in Hearth runs on another computer ({info.remote}); "
                                    "this server only serves models on this computer. Choose a local model "
                                    "in Hearth.", "server_error", code="model_remote")
            return None
        library = self._library() if self.allow_switch else {}
        if requested in library:
            return library[requested]
        served = ", ".join(self.model_ids()) or "none"
        raise ApiError(404, f"The model '{requested}' is not served here (served: {served}).",
                       param="model", code="model_not_found")

    # -- running a request -----------------------------------------------------------------

    async def run(self, req: Request, client: str, disconnected: Callable[[], bool] | None = None
                  ) -> AsyncIterator[Event]:
        """The request's events, ending with "done" (GenerationStats) or "error" (ApiError).

        Raises:
            ApiError: refused before it started (busy, unknown model, nothing loaded).
        """
        switch_to = self._target(req.model)
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[Event] = asyncio.Queue()
        cancel = CancelToken()
        number = next(self._ids)

        def put(kind: str, value: object = None) -> None:
            loop.call_soon_threadsafe(queue.put_nowait, Event(kind, value))

        ran = threading.Event()

        def job(thread: EngineThread) -> None:
            ran.set()
            if cancel.cancelled:
                put("done", GenerationStats(finish_reason="cancelled"))
                return
            try:
                engine = thread.engine
                if switch_to is not None and (engine.info is None or Path(engine.info.path) != switch_to):
                    self._on_model(engine.load(LoadParams(model_path=str(switch_to))))
                stats = engine.generate(
                    req.messages, req.params, lambda text: put("text", text), cancel, options=req.options,
                    on_reasoning=lambda text: put("reasoning", text),
                    on_choice=(lambda choice: put("choice", choice)) if req.options.top_probs else None,
                    prompt_text=req.prompt)
                put("done", stats)
            except (ContextOverflowError, InvalidParameterError) as exc:
                put("error", ApiError(400, exc.message, code="context_length_exceeded"
                                      if isinstance(exc, ContextOverflowError) else "invalid_value"))
            except NoModelLoadedError as exc:
                put("error", ApiError(503, exc.message, "server_error", code="no_model"))
            except HearthError as exc:
                put("error", ApiError(500, exc.message, "server_error"))
            except Exception:  # noqa: BLE001 - a bug is told as a sentence, never a traceback
                log.exception("API request crashed")
                put("error", ApiError(500, "Hearth hit an unexpected problem while answering.", "server_error"))

        if self._thread.pending() >= self._max_waiting:
            raise ApiError(503, "Hearth is busy with other requests; try again in a moment.", "server_error",
                           code="busy")
        try:
            self._thread.submit(job, client=client, limit=self._max_per_client)
        except QueueFull:
            raise ApiError(429, "Too many requests from this client are waiting; try again in a moment.",
                           "rate_limit_error", code="rate_limited") from None
        except RuntimeError:
            raise ApiError(503, "Hearth is shutting down.", "server_error", code="shutting_down") from None
        self.in_flight += 1
        started = time.perf_counter()
        self._on_activity("start", Sentence(
            QT_TRANSLATE_NOOP("server", "#{number} completion started") if req.prompt is not None
            else QT_TRANSLATE_NOOP("server", "#{number} chat started"), "server", number=number))
        outcome = Sentence(QT_TRANSLATE_NOOP("server", "#{number} cancelled (the client went away)"), "server",
                           number=number)
        checked = time.monotonic()
        try:
            while True:
                try:
                    event: Event | None = await asyncio.wait_for(queue.get(), timeout=CHECK_EVERY)
                except asyncio.TimeoutError:
                    event = None
                now = time.monotonic()
                if event is None or now - checked >= CHECK_EVERY:  # while tokens flow, too
                    checked = now
                    if disconnected is not None and not cancel.cancelled and await _gone(disconnected):
                        cancel.cancel()
                if event is None:
                    if not ran.is_set() and not self._thread.alive and queue.empty():
                        event = Event("error", ApiError(503, "Hearth is shutting down.", "server_error",
                                                        code="shutting_down"))  # the job was dropped
                    else:
                        continue
                if event.kind == "done":
                    stats = event.value
                    assert isinstance(stats, GenerationStats)
                    outcome = _ended(number, stats, time.perf_counter() - started)
                elif event.kind == "error":
                    outcome = Sentence(QT_TRANSLATE_NOOP("server", "#{number} error: {message}"), "server",
                                       number=number, message=str(event.value))
                yield event  # the consumer may stop at the last event: its outcome is set before
                if event.kind in ("done", "error"):
                    break
        finally:
            cancel.cancel()  # the client went away, or the request ended: nothing more is sent
            self.in_flight -= 1
            self._on_activity("end", outcome)


_REASONS = {
    "stop": QT_TRANSLATE_NOOP("server", "stop"),
    "length": QT_TRANSLATE_NOOP("server", "length"),
    "cancelled": QT_TRANSLATE_NOOP("server", "cancelled"),
}


def _ended(number: int, stats: GenerationStats, seconds: float) -> Sentence:
    """The log line of a request that ran to its end: "#3 41 tokens, stop, 0.6 s"."""
    reason = stats.finish_reason
    return Sentence(QT_TRANSLATE_NOOP("server", "#{number} {tokens} tokens, {reason}, {seconds} s"), "server",
                    number=number, tokens=stats.completion_tokens,
                    reason=Sentence(_REASONS[reason], "server") if reason in _REASONS else reason,
                    seconds=f"{seconds:.1f}")


async def _gone(disconnected: Callable) -> bool:
    result = disconnected()
    if asyncio.iscoroutine(result):
        result = await result
    return bool(result)
