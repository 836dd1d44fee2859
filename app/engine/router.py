"""One engine for every model a person can pick: files run here, remote models run there.

:class:`EngineRouter` is the Engine the engine thread holds. Loading a model file uses the local
engine (llama.cpp); loading a ``remote:<engine>/<model>`` path uses a remote engine (an
OpenAI-compatible server) made by ``remote_factory``. Everything else goes to whichever engine
holds the loaded model, so the window, the CLI and the local API server never need to know
where a model runs. Switching frees the other side: a local model leaves memory when a remote
one is chosen, and a remote engine's connections close when a file is loaded again.
"""

from __future__ import annotations

from typing import Callable, Sequence

from app.engine.errors import ModelLoadError
from model_store.texts import QT_TRANSLATE_NOOP, Sentence
from app.engine.params import LoadParams, SamplingParams
from app.engine.remote import REMOTE_PREFIX
from app.engine.types import ChatMessage, ChatOptions, Engine, GenerationStats, ModelInfo, ProgressCallback


class EngineRouter:
    """Routes to the local engine or a remote one, by the model path last loaded.

    Args:
        local_factory: Makes the local engine (once, when a model file is first loaded).
        remote_factory: Makes the engine for a ``remote:`` path; None when remotes are not offered.
    """

    def __init__(self, local_factory: Callable[[], Engine],
                 remote_factory: Callable[[str], Engine] | None = None) -> None:
        self._local_factory = local_factory
        self._remote_factory = remote_factory
        self._local: Engine | None = None
        self._remote: Engine | None = None

    @property
    def active(self) -> Engine | None:
        """The engine holding the loaded model (or the last one used)."""
        return self._remote if self._remote is not None else self._local

    @property
    def local(self) -> Engine:
        if self._local is None:
            self._local = self._local_factory()
        return self._local

    @property
    def info(self) -> ModelInfo | None:
        engine = self.active
        return engine.info if engine is not None else None

    @property
    def last_answer(self) -> list:
        engine = self.active
        return engine.last_answer if engine is not None else []

    def load(self, params: LoadParams, progress: ProgressCallback | None = None) -> ModelInfo:
        if params.model_path.startswith(REMOTE_PREFIX):
            if self._remote_factory is None:
                raise ModelLoadError(Sentence(QT_TRANSLATE_NOOP(
                    "model_store", "Remote engines are not available here; choose a model file.")))
            engine = self._remote_factory(params.model_path)  # raises a sentence for an unknown engine
            self.unload()
            self._remote = engine
            return engine.load(params, progress)
        if self._remote is not None:
            self._remote.unload()
            self._remote = None
        return self.local.load(params, progress)

    def unload(self) -> None:
        if self._remote is not None:
            self._remote.unload()
            self._remote = None
        if self._local is not None:
            self._local.unload()

    def _engine(self) -> Engine:
        return self.active or self.local

    def count_tokens(self, messages: Sequence[ChatMessage]) -> int:
        return self._engine().count_tokens(messages)

    def generate(self, messages, params: SamplingParams, on_text, cancel=None, **kwargs) -> GenerationStats:
        return self._engine().generate(messages, params, on_text, cancel, **kwargs)

    def render_prompt(self, messages: Sequence[ChatMessage], options: ChatOptions | None = None,
                      params: SamplingParams | None = None) -> str:
        return self._engine().render_prompt(messages, options, params)

    def save_state(self) -> bool:
        return self._engine().save_state()

    def forget_state(self, chat: str) -> None:
        self.local.forget_state(chat)  # saved KV caches are the local engine's

    def set_chat_template(self, template: str | None) -> ModelInfo:
        return self._engine().set_chat_template(template)
