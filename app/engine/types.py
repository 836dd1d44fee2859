"""Plain data passed between the engine, the worker, the history and the UI."""

from __future__ import annotations

import dataclasses
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Protocol, Sequence

from app.engine.errors import InvalidParameterError
from app.engine.params import LoadParams, SamplingParams
from model_store.texts import QT_TRANSLATE_NOOP, Sentence

if TYPE_CHECKING:
    from app.engine.inspector import TokenChoice


@dataclass(frozen=True)
class ChatMessage:
    """One turn: ``role`` is "system", "user" or "assistant".

    ``reasoning`` is an assistant turn's private thinking, kept apart from its answer; the
    chat template decides whether the model sees it again (as ``reasoning_content``).
    """

    role: str
    content: str
    reasoning: str = ""


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
    reasoning_tokens: int = 0         # of completion_tokens, how many were the model's thinking
    reasoning_ms: float = 0.0         # how long it thought (first token to the end of its thinking)
    reasoning_unclosed: bool = False  # the answer ended while the model was still thinking
    dropped_messages: int = 0         # oldest messages left out so the chat fits the context
    kv_restored: int = 0              # prompt tokens not read again: the chat's saved KV cache was loaded
    template_warning: str = ""        # why this prompt was not formatted with the model's template
    draft_tokens: int = 0             # prompt lookup: draft tokens checked in batches
    draft_accepted: int = 0           # … and how many of them the sampler picked

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
    n_threads_batch: int = 0          # threads that read prompts (0: as n_threads)
    kv_type: str = "f16"              # the KV cache's number format
    gpu_supported: bool = False       # this llama.cpp build can offload to a GPU
    offload_note: str = ""            # why not every layer runs on the GPU, as a sentence ("": nothing to say)
    chat_template: str = ""           # the template in use; empty: the ChatML fallback is used
    template_origin: str = "model"    # "model" (the file's own), "override" (the user's) or "fallback"
    template_warning: str = ""        # a sentence when the model's template cannot be used
    reasoning_format: str = ""        # e.g. "<think> tags", "" when the model does not think aloud
    thinking_choices: tuple[str, ...] = ()  # ("on", "off"), ("low", "medium", "high") or () when not switchable
    default_sampling: SamplingParams = field(default_factory=SamplingParams)
    load_ms: float = 0.0
    remote: str = ""                  # the server's host when the model runs on another computer
    sampling_supported: tuple[str, ...] = ()  # a remote API's sampling settings; () = all of them

    @property
    def backend_label(self) -> str:
        """Where the model runs, e.g. "CPU · 2 threads (4 for prompts)" (a Sentence: the window
        shows it translated)."""
        if self.remote:
            return Sentence(QT_TRANSLATE_NOOP("model_store", "Remote · {host}"), host=self.remote)
        if self.backend == "CPU" or self.n_gpu_layers == 0:
            batch = self.n_threads_batch if self.n_threads_batch and self.n_threads_batch != self.n_threads else 0
            if self.n_threads == 1:
                threads = (Sentence(QT_TRANSLATE_NOOP("model_store", "1 thread ({batch} for prompts)"), batch=batch)
                           if batch else Sentence(QT_TRANSLATE_NOOP("model_store", "1 thread")))
            else:
                threads = (Sentence(QT_TRANSLATE_NOOP("model_store", "{n} threads ({batch} for prompts)"),
                                    n=self.n_threads, batch=batch) if batch
                           else Sentence(QT_TRANSLATE_NOOP("model_store", "{n} threads"), n=self.n_threads))
            label = Sentence(QT_TRANSLATE_NOOP("model_store", "CPU · {threads}"), threads=threads)
        else:
            label = Sentence(QT_TRANSLATE_NOOP("model_store", "{backend} · {on}/{total} layers on GPU"),
                             backend=self.backend, on=self.n_gpu_layers, total=self.n_layers + 1)
        if self.kv_type == "f16":
            return label
        return Sentence(QT_TRANSLATE_NOOP("model_store", "{label} · {kv} KV cache"), label=label, kv=self.kv_type)


class CancelToken:
    """A flag checked between tokens and by llama.cpp's abort callback during prefill."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def wait(self, timeout: float) -> bool:
        """Block until cancelled or ``timeout`` seconds passed; True when cancelled."""
        return self._event.wait(timeout)


@dataclass(frozen=True)
class ChatOptions:
    """Per-chat choices that shape the prompt rather than the sampling.

    ``thinking``: None for the model's default, else one of ``ModelInfo.thinking_choices``
    ("on"/"off", or "low"/"medium"/"high" reasoning effort); ignored by models without a switch.
    ``overflow``: what happens when the chat no longer fits the context: "truncate" keeps the
    system prompt and leaves out the oldest turns; "stop" refuses and says so.
    ``top_probs``: the next-token inspector: 0 off, else how many likeliest alternatives to
    record for each generated token (1..20).
    """

    thinking: str | None = None
    overflow: str = "truncate"
    top_probs: int = 0

    def __post_init__(self) -> None:
        if isinstance(self.top_probs, bool) or not isinstance(self.top_probs, int) or not 0 <= self.top_probs <= 20:
            raise InvalidParameterError(Sentence(QT_TRANSLATE_NOOP(
                "params", "Top alternatives must be a whole number from 0 to 20, not {value}."), "params",
                value=repr(self.top_probs)))
        if self.overflow not in OVERFLOW_CHOICES:
            raise InvalidParameterError(Sentence(QT_TRANSLATE_NOOP(
                "params", "Overflow must be one of {choices}, not {value}."), "params",
                choices=", ".join(OVERFLOW_CHOICES), value=repr(self.overflow)))
        if self.thinking is not None and self.thinking not in THINKING_CHOICES:
            raise InvalidParameterError(Sentence(QT_TRANSLATE_NOOP(
                "params", "Thinking must be one of {choices}, not {value}."), "params",
                choices=", ".join(THINKING_CHOICES), value=repr(self.thinking)))

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> "ChatOptions":
        """From a stored dict; unknown keys and invalid values fall back to the defaults."""
        names = {f.name for f in dataclasses.fields(cls)}
        clean = {k: v for k, v in (data or {}).items() if k in names}
        try:
            return cls(**clean)
        except (InvalidParameterError, TypeError):
            return cls()


OVERFLOW_CHOICES = ("truncate", "stop")
THINKING_CHOICES = ("on", "off", "low", "medium", "high")

TokenCallback = Callable[[str], None]
ChoiceCallback = Callable[["TokenChoice"], None]
ProgressCallback = Callable[[float], bool]  # fraction 0..1; return False to abort


class Engine(Protocol):
    """What the worker needs from an engine; the llama.cpp engine and the fake both provide it."""

    info: ModelInfo | None
    last_answer: "list[TokenChoice]"

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
        *,
        options: ChatOptions | None = None,
        on_reasoning: TokenCallback | None = None,
        on_choice: ChoiceCallback | None = None,
        prefix: Sequence[int] | str | None = None,
        chat: str | None = None,
        saved_state: bool = True,
        prompt_text: str | None = None,
    ) -> GenerationStats:
        """Stream the assistant's answer to ``messages`` through ``on_text``.

        Text arrives as complete UTF-8 characters; stop strings are never emitted. A
        reasoning model's thinking goes to ``on_reasoning`` (dropped when it is None), never
        to ``on_text``. Cancellation returns normally with ``finish_reason == "cancelled"``.
        With ``options.top_probs``, each generated token's :class:`TokenChoice` goes to
        ``on_choice``. ``prefix`` (token ids of this model, or text) is the start of the answer,
        given rather than generated: its text is streamed first, then the model goes on from it.
        Afterwards ``last_answer`` holds every token of the answer, the prefix included.
        ``chat`` names the conversation: when the KV cache holds another one, the chat's saved
        cache is loaded if valid and ``saved_state`` allows (``stats.kv_restored`` says how many
        prompt tokens it spared). With ``prompt_text``, ``messages`` are ignored: the text is
        read as it is, without the chat template (plain completion).

        Raises:
            NoModelLoadedError, ContextOverflowError, GenerationError.
        """

    def render_prompt(self, messages: Sequence[ChatMessage], options: ChatOptions | None = None,
                      params: SamplingParams | None = None) -> str:
        """The exact prompt text the model would receive for ``messages`` (after any window)."""

    def save_state(self) -> bool:
        """Keep the KV cache of the chat it holds, to be found again (True if one was kept)."""

    def forget_state(self, chat: str) -> None:
        """Delete a chat's saved KV cache."""

    def set_chat_template(self, template: str | None) -> ModelInfo:
        """Use ``template`` instead of the model's own (None: the model's own again).

        Raises:
            NoModelLoadedError; InvalidParameterError: the template does not work (a sentence says why).
        """
