"""Plain data passed between the engine, the worker, the history and the UI."""

from __future__ import annotations

import dataclasses
import threading
from dataclasses import dataclass, field
from typing import Any, Callable, Protocol, Sequence

from app.engine.params import LoadParams, SamplingParams


@dataclass(frozen=True)
class ChatMessage:
    """One turn: ``role`` is "system", "user" or "assistant"."""

    role: str
    content: str


@dataclass
class GenerationStats:
    """What one answer cost. Saved with the message and shown under it.

    ``finish_reason`` is one of: "stop" (end-of-turn token), "stop_string",
    "length" (max_tokens), "context_full", "cancelled", "error".
    """

    prompt_tokens: int = 0            # tokens in the whole formatted prompt
    prompt_tokens_evaluated: int = 0  # of those, how many were not already in the KV cache
    completion_tokens: int = 0
    ttft_ms: float = 0.0              # from the request to the first token of text
    prompt_ms: float = 0.0            # prompt evaluation time
    decode_ms: float = 0.0            # from the first token to the last
    decode_tok_s: float = 0.0         # (completion_tokens - 1) / decode time, as the user sees it
    context_used: int = 0             # tokens in the context after the answer
    context_size: int = 0
    finish_reason: str = "stop"

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> "GenerationStats":
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in (data or {}).items() if k in names})


@dataclass(frozen=True)
class ModelInfo:
    """What the loaded model is and how it runs."""

    path: str
    name: str
    architecture: str = ""
    n_params: int = 0
    size_bytes: int = 0
    n_layers: int = 0
    n_ctx_train: int = 0
    n_ctx: int = 0
    backend: str = "CPU"              # "CPU", "Metal", "CUDA", "Vulkan", ...
    n_gpu_layers: int = 0             # layers actually offloaded
    n_threads: int = 1
    gpu_supported: bool = False       # this llama.cpp build can offload to a GPU
    chat_template: str = ""           # empty: the ChatML fallback is used
    default_sampling: SamplingParams = field(default_factory=SamplingParams)
    load_ms: float = 0.0

    @property
    def backend_label(self) -> str:
        if self.backend == "CPU" or self.n_gpu_layers == 0:
            return f"CPU · {self.n_threads} thread{'s' if self.n_threads != 1 else ''}"
        return f"{self.backend} · {self.n_gpu_layers}/{self.n_layers + 1} layers on GPU"


class CancelToken:
    """A flag checked between tokens and by llama.cpp's abort callback during prefill."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


TokenCallback = Callable[[str], None]
ProgressCallback = Callable[[float], bool]  # fraction 0..1; return False to abort


class Engine(Protocol):
    """What the worker needs from an engine; the llama.cpp engine and the fake both provide it."""

    info: ModelInfo | None

    def load(self, params: LoadParams, progress: ProgressCallback | None = None) -> ModelInfo:
        """Load a parameter file, replacing any loaded one.

        Raises:
            ModelLoadError: missing, corrupt, unsupported or too large for memory.
            InvalidParameterError: a load parameter is out of range.
        """

    def unload(self) -> None:
        """Free the model and its context. Safe to call when nothing is loaded."""

    def count_tokens(self, messages: Sequence[ChatMessage]) -> int:
        """How many tokens the formatted conversation takes (with the assistant prompt)."""

    def generate(
        self,
        messages: Sequence[ChatMessage],
        params: SamplingParams,
        on_text: TokenCallback,
        cancel: CancelToken | None = None,
    ) -> GenerationStats:
        """Stream the assistant's answer to ``messages`` through ``on_text``.

        Text arrives as complete UTF-8 characters; stop strings are never emitted.
        Cancellation returns normally with ``finish_reason == "cancelled"``.

        Raises:
            NoModelLoadedError, ContextOverflowError, GenerationError.
        """
