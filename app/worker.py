"""The app's door to the engine thread: the only code that touches a loaded model.

``EngineWorker``'s methods run as jobs on the engine's own thread
(:class:`app.engine.host.EngineThread`, which the local API server shares) and talk to the GUI
only through signals, delivered queued to the GUI thread. ``EngineHost`` is its GUI-side
handle: it owns the engine thread, numbers requests and holds the cancel flags, which are plain
thread-safe events (a queued "cancel" could not run while the engine is busy generating).

A generation is identified by a request id; the GUI drops any signal whose id is not the
one it is waiting for, so a token of an old answer never reaches a new message.
"""

from __future__ import annotations

import itertools
import logging
import time
from typing import Callable, Sequence

from PySide6.QtCore import QObject, Signal, Slot

from app.engine.errors import HearthError, NoModelLoadedError
from app.engine.host import EngineThread
from app.engine.params import LoadParams, SamplingParams
from app.engine.types import CancelToken, ChatMessage, ChatOptions, Engine, GenerationStats, ModelInfo
from model_store.texts import QT_TRANSLATE_NOOP, Sentence

log = logging.getLogger(__name__)


class EngineWorker(QObject):
    """Runs loads and generations for one engine, one at a time, on the worker thread.

    Signals:
        loadStarted(str): a model file started loading.
        loadProgress(float): 0..1 while loading.
        loaded(object): a ModelInfo once the model is ready.
        loadFailed(str, str): a sentence for people, and technical detail.
        generationStarted(int): request id; the prompt is being read.
        token(int, str): request id and a piece of the answer.
        reasoning(int, str): request id and a piece of the model's thinking.
        choices(int, object): request id and a list of TokenChoice (the next-token inspector),
            sent in batches of up to ~50 ms so the GUI is not called per token.
        answerTokens(int, object): request id and every TokenChoice of the answer, just before
            ``finished``.
        finished(int, object): request id and its GenerationStats.
        failed(int, str, str): request id, a sentence, technical detail.
        templateChanged(object): the ModelInfo after the chat template was replaced.
        templateFailed(str): a sentence: the template was not accepted (the old one stays).
        promptRendered(int, str, str): request id, the exact prompt text (or ""), and a
            sentence when it could not be rendered.
    """

    loadStarted = Signal(str)
    loadProgress = Signal(float)
    loaded = Signal(object)
    loadFailed = Signal(object, str)  # a sentence (a str; a model_store Sentence when translatable)
    generationStarted = Signal(int)
    token = Signal(int, str)
    reasoning = Signal(int, str)
    choices = Signal(int, object)
    answerTokens = Signal(int, object)
    finished = Signal(int, object)
    failed = Signal(int, object, str)  # the sentence keeps its template for translation
    templateChanged = Signal(object)
    templateFailed = Signal(object)
    promptRendered = Signal(int, str, str)

    def __init__(self, thread: EngineThread) -> None:
        super().__init__()
        self._thread = thread

    @property
    def _engine(self) -> Engine:
        return self._thread.engine

    def load(self, params: LoadParams, cancel: CancelToken) -> None:
        if cancel.cancelled:  # superseded before it started: the newer load is queued behind it
            return
        self.loadStarted.emit(params.model_path)
        try:
            info = self._engine.load(params, progress=lambda f: self._on_progress(f, cancel))
        except HearthError as exc:
            if not cancel.cancelled:  # a superseded load: the next one is already queued
                self.loadFailed.emit(exc.message, exc.detail)
        except Exception as exc:  # noqa: BLE001 - a bug must not kill the thread; report it
            log.exception("model load crashed")
            self.loadFailed.emit(Sentence(QT_TRANSLATE_NOOP(
                "model_store", "Hearth hit an unexpected problem while loading the model. Details are in the log.")),
                repr(exc))
        else:
            self.loaded.emit(info)

    def _on_progress(self, fraction: float, cancel: CancelToken) -> bool:
        self.loadProgress.emit(fraction)
        return not cancel.cancelled

    def generate(self, request_id: int, messages: Sequence[ChatMessage], params: SamplingParams,
                 options: ChatOptions | None, prefix: object, chat: object, cancel: CancelToken) -> None:
        if cancel.cancelled:
            self.finished.emit(request_id, GenerationStats(finish_reason="cancelled"))
            return
        self.generationStarted.emit(request_id)
        emit, think = self.token.emit, self.reasoning.emit
        batch = _ChoiceBatch(lambda items: self.choices.emit(request_id, items))
        try:
            stats = self._engine.generate(messages, params, lambda text: emit(request_id, text), cancel,
                                          options=options, on_reasoning=lambda text: think(request_id, text),
                                          on_choice=batch.add if options and options.top_probs else None,
                                          prefix=prefix, chat=chat)  # type: ignore[arg-type]
            batch.flush()
            self.answerTokens.emit(request_id, list(self._engine.last_answer))
        except HearthError as exc:
            self.failed.emit(request_id, exc.message, exc.detail)
        except Exception as exc:  # noqa: BLE001 - a bug must not kill the thread; report it
            log.exception("generation crashed")
            self.failed.emit(request_id, Sentence(QT_TRANSLATE_NOOP(
                "model_store", "Hearth hit an unexpected problem while answering. Details are in the log.")), repr(exc))
        else:
            self.finished.emit(request_id, stats)
        self._save_state()

    def _save_state(self) -> None:
        """Keep the chat's KV cache now that the answer is out (the person is reading it)."""
        try:
            if self._engine.info is not None:
                self._engine.save_state()
        except Exception:  # noqa: BLE001 - saving is an optimisation: never let it break answering
            log.exception("saving the KV cache failed")

    def forget_state(self, chat: str) -> None:
        self._engine.forget_state(chat)

    def set_template(self, template: str | None) -> None:
        try:
            if self._engine.info is None:
                raise NoModelLoadedError(Sentence(QT_TRANSLATE_NOOP(
                    "model_store", "Load a model before changing its chat template.")))
            info = self._engine.set_chat_template(template)
        except HearthError as exc:
            self.templateFailed.emit(exc.message)
        except Exception as exc:  # noqa: BLE001 - a bug must not kill the thread; report it
            log.exception("setting the chat template crashed")
            self.templateFailed.emit(Sentence(QT_TRANSLATE_NOOP(
                "model_store", "Hearth could not use that template ({error})."), error=type(exc).__name__))
        else:
            self.templateChanged.emit(info)

    def render_prompt(self, request_id: int, messages: Sequence[ChatMessage], options: ChatOptions | None,
                      params: SamplingParams | None) -> None:
        try:
            if self._engine.info is None:
                raise NoModelLoadedError("No model is loaded yet. Pick one from the model menu.")
            text = self._engine.render_prompt(messages, options, params)
        except HearthError as exc:
            self.promptRendered.emit(request_id, "", exc.message)
        except Exception as exc:  # noqa: BLE001 - a bug must not kill the thread; report it
            log.exception("rendering the prompt crashed")
            self.promptRendered.emit(request_id, "", f"Hearth could not show the prompt ({type(exc).__name__}).")
        else:
            self.promptRendered.emit(request_id, text, "")

    def unload(self) -> None:
        if self._thread.current is not None:
            self._thread.current.unload()


class _ChoiceBatch:
    """Collects the inspector's per-token records and sends them on at most every ~50 ms."""

    def __init__(self, send: Callable[[list], None], interval_s: float = 0.05) -> None:
        self._send, self._interval = send, interval_s
        self._items: list = []
        self._due = time.monotonic() + interval_s

    def add(self, item: object) -> None:
        self._items.append(item)
        now = time.monotonic()
        if now >= self._due:
            self.flush()
            self._due = now + self._interval

    def flush(self) -> None:
        if self._items:
            items, self._items = self._items, []
            self._send(items)


class EngineHost(QObject):
    """The GUI thread's handle on the worker: start/stop work, never touch the model.

    Signals (re-emitted from the worker, already filtered to the active request):
        loadStarted(str), loadProgress(float), loaded(object), loadFailed(object, str): a sentence, detail
        token(int, str), reasoning(int, str), choices(int, object), answerTokens(int, object),
        finished(int, object), failed(int, object, str): a sentence (see model_store.texts), detail
        templateChanged(object): a ModelInfo; templateFailed(object): a sentence.
        promptRendered(int, str, str): see :class:`EngineWorker`.
        busyChanged(bool): a generation started or ended.
    """

    loadStarted = Signal(str)
    loadProgress = Signal(float)
    loaded = Signal(object)
    loadFailed = Signal(object, str)  # a sentence (a str; a model_store Sentence when translatable)
    token = Signal(int, str)
    reasoning = Signal(int, str)
    choices = Signal(int, object)
    answerTokens = Signal(int, object)
    finished = Signal(int, object)
    failed = Signal(int, object, str)  # the sentence keeps its template for translation
    templateChanged = Signal(object)
    templateFailed = Signal(object)
    promptRendered = Signal(int, str, str)
    busyChanged = Signal(bool)


    def __init__(self, engine_factory: Callable[[], Engine], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.engine_thread = EngineThread(engine_factory)
        self._worker = EngineWorker(self.engine_thread)
        self._ids = itertools.count(1)
        self._active: int | None = None
        self._cancel: CancelToken | None = None
        self._load_cancel: CancelToken | None = None
        self.model_info: ModelInfo | None = None
        self.loading = False

        self._worker.loadStarted.connect(self.loadStarted)
        self._worker.loadProgress.connect(self.loadProgress)
        self._worker.loaded.connect(self._on_loaded)
        self._worker.loadFailed.connect(self._on_load_failed)
        self._worker.token.connect(self._on_token)
        self._worker.reasoning.connect(self._on_reasoning)
        self._worker.choices.connect(self._on_choices)
        self._worker.answerTokens.connect(self._on_answer_tokens)
        self._worker.templateChanged.connect(self._on_template_changed)
        self._worker.templateFailed.connect(self.templateFailed)
        self._worker.promptRendered.connect(self.promptRendered)
        self._worker.finished.connect(self._on_finished)
        self._worker.failed.connect(self._on_failed)

    # -- commands --------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._active is not None

    @property
    def active_request(self) -> int | None:
        return self._active

    def load(self, params: LoadParams) -> None:
        """Load a model (abandoning any answer in progress and any load still queued)."""
        self.abandon()
        if self._load_cancel is not None:
            self._load_cancel.cancel()
        self._load_cancel = CancelToken()
        self.loading = True
        self.model_info = None
        cancel = self._load_cancel
        self._submit(lambda _t: self._worker.load(params, cancel))

    def generate(self, messages: Sequence[ChatMessage], params: SamplingParams,
                 options: ChatOptions | None = None, prefix: Sequence[int] | str | None = None,
                 chat: str | None = None) -> int:
        """Start an answer (from ``prefix``, for ``chat``: see ``Engine.generate``); returns its
        request id. Any answer in progress is abandoned first."""
        self.abandon()
        request_id = next(self._ids)
        self._active = request_id
        self._cancel = CancelToken()
        given = list(prefix) if prefix is not None and not isinstance(prefix, str) else prefix
        history, cancel = list(messages), self._cancel
        self._submit(lambda _t: self._worker.generate(request_id, history, params, options, given, chat, cancel))
        self.busyChanged.emit(True)
        return request_id

    def forget_state(self, chat: str) -> None:
        """Delete a chat's saved KV cache (on the engine thread, after what is queued)."""
        self._submit(lambda _t: self._worker.forget_state(chat))

    def set_template(self, template: str | None) -> None:
        """Use ``template`` for the loaded model (None: its own); ``templateChanged`` or
        ``templateFailed`` follows."""
        self._submit(lambda _t: self._worker.set_template(template))

    def render_prompt(self, messages: Sequence[ChatMessage], options: ChatOptions | None = None,
                      params: SamplingParams | None = None) -> int:
        """Ask for the exact prompt text the next answer to ``messages`` would start from (the
        window of a long chat depends on ``params.max_tokens``); ``promptRendered`` answers with
        this id."""
        request_id = next(self._ids)
        history = list(messages)
        self._submit(lambda _t: self._worker.render_prompt(request_id, history, options, params))
        return request_id

    def stop(self) -> None:
        """Ask the answer in progress to stop; its ``finished`` (reason "cancelled") still arrives."""
        if self._cancel is not None:
            self._cancel.cancel()

    def abandon(self) -> None:
        """Stop the answer in progress and ignore everything it still sends."""
        if self._cancel is not None:
            self._cancel.cancel()
        if self._active is not None:
            self._active = None
            self._cancel = None
            self.busyChanged.emit(False)

    def shutdown(self, timeout_ms: int = 5000) -> None:
        """Cancel everything, free the model on its own thread, and stop the thread."""
        self.abandon()
        if self._load_cancel is not None:
            self._load_cancel.cancel()
        self.engine_thread.run_and_stop(lambda _t: self._worker.unload(), timeout_ms / 1000)

    def _submit(self, job) -> None:
        try:
            self.engine_thread.submit(job, client="gui")
        except RuntimeError:
            log.warning("the engine thread has stopped; request dropped")

    # -- worker signals (GUI thread) -------------------------------------------------------

    @Slot(object)
    def _on_loaded(self, info: ModelInfo) -> None:
        self.loading = False
        self.model_info = info
        self.loaded.emit(info)

    @Slot(object, str)
    def _on_load_failed(self, message: str, detail: str) -> None:
        self.loading = False
        self.loadFailed.emit(message, detail)

    @Slot(int, str)
    def _on_token(self, request_id: int, text: str) -> None:
        if request_id == self._active:
            self.token.emit(request_id, text)

    @Slot(int, str)
    def _on_reasoning(self, request_id: int, text: str) -> None:
        if request_id == self._active:
            self.reasoning.emit(request_id, text)

    @Slot(int, object)
    def _on_choices(self, request_id: int, items: object) -> None:
        if request_id == self._active:
            self.choices.emit(request_id, items)

    @Slot(int, object)
    def _on_answer_tokens(self, request_id: int, items: object) -> None:
        if request_id == self._active:
            self.answerTokens.emit(request_id, items)

    @Slot(object)
    def adopt(self, info: ModelInfo) -> None:
        """Another door (the local server) loaded a model on the engine thread: it is the app's too."""
        self.abandon()
        self._on_loaded(info)

    @Slot(object)
    def _on_template_changed(self, info: ModelInfo) -> None:
        self.model_info = info
        self.templateChanged.emit(info)

    @Slot(int, object)
    def _on_finished(self, request_id: int, stats: GenerationStats) -> None:
        if request_id == self._active:
            self._active = None
            self._cancel = None
            self.finished.emit(request_id, stats)
            self.busyChanged.emit(False)

    @Slot(int, object, str)
    def _on_failed(self, request_id: int, message: str, detail: str) -> None:
        if request_id == self._active:
            self._active = None
            self._cancel = None
            self.failed.emit(request_id, message, detail)
            self.busyChanged.emit(False)
