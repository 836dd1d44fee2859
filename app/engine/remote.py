"""An engine on another computer: any OpenAI-compatible server, through the same Engine protocol.

vLLM, llama.cpp's ``llama-server`` (alone or spread over machines with its RPC backend),
Ollama, LM Studio, llama-cpp-python's server or another Hearth: :class:`RemoteEngine` streams
``/v1/chat/completions`` and hands text and thinking on exactly as the local engine does, so the
window, the history and the CLI work unchanged. Messages leave this computer — the window says
so and asks once per engine.

Their differences are handled: thinking arrives as ``reasoning_content`` (llama.cpp, vLLM),
``reasoning`` (Ollama) or inside ``<think>`` tags in the text; ``usage`` may be missing (tokens
are then counted from the stream). Sampling settings the API does not take are reported in
``ModelInfo.sampling_supported`` so the window can disable them instead of dropping them.
Connecting is retried; refused, unauthorised, unknown-model, timeouts, garbage and dropped
streams each get a sentence, and a dropped stream keeps what arrived.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Sequence

from app.engine.answer_stream import AnswerStream
from app.engine.errors import GenerationError, InvalidParameterError, ModelLoadError
from model_store.texts import QT_TRANSLATE_NOOP, Sentence
from app.engine.params import LoadParams, SamplingParams
from app.engine.reasoning import THINK_TAGS
from app.engine.remote_http import Events, RemoteClient, close_on_cancel
from app.engine.types import (
    CancelToken, ChatMessage, ChatOptions, ChoiceCallback, GenerationStats, ModelInfo, ProgressCallback,
    TokenCallback,
)

REMOTE_PREFIX = "remote:"
OPENAI_PARAMS = ("temperature", "top_p", "max_tokens", "stop", "seed", "presence_penalty", "frequency_penalty")
LLAMA_PARAMS = OPENAI_PARAMS + ("top_k", "min_p", "repeat_penalty")


@dataclass(frozen=True)
class Dialect:
    """What one kind of server takes beyond OpenAI's own fields, told by ``owned_by`` in its model list."""

    name: str
    params: tuple[str, ...] = OPENAI_PARAMS
    rename: tuple[tuple[str, str], ...] = ()   # Hearth's name → the server's
    template_kwargs: bool = False               # takes ``chat_template_kwargs`` (enable_thinking)


DIALECTS = {
    "llamacpp": Dialect("llama.cpp", LLAMA_PARAMS, template_kwargs=True),      # llama-server
    "me": Dialect("llama-cpp-python", LLAMA_PARAMS, template_kwargs=True),      # python -m llama_cpp.server
    "hearth": Dialect("Hearth", LLAMA_PARAMS, template_kwargs=True),
    "vllm": Dialect("vLLM", LLAMA_PARAMS, (("repeat_penalty", "repetition_penalty"),), template_kwargs=True),
    "organization_owner": Dialect("LM Studio", OPENAI_PARAMS + ("top_k", "repeat_penalty")),
}
OPENAI = Dialect("OpenAI-compatible")
_FINISH = {"stop": "stop", "length": "length", "content_filter": "stop", "tool_calls": "stop"}


def remote_path(engine: str, model: str) -> str:
    """The model path that names a remote engine's model (``remote:<engine>/<model>``)."""
    return f"{REMOTE_PREFIX}{engine}/{model}"


def parse_remote_path(path: str) -> tuple[str, str] | None:
    """``(engine, model)`` for a remote model path, else None."""
    if not path.startswith(REMOTE_PREFIX) or "/" not in path:
        return None
    engine, model = path[len(REMOTE_PREFIX):].split("/", 1)
    return engine, model


class RemoteEngine:
    """An Engine whose model runs on an OpenAI-compatible server."""

    def __init__(self, name: str, url: str, api_key: str | None = None) -> None:
        self.name = name
        self.client = RemoteClient(url, api_key)
        self.info: ModelInfo | None = None
        self.last_answer: list = []
        self._model = ""
        self.dialect = OPENAI

    def load(self, params: LoadParams, progress: ProgressCallback | None = None) -> ModelInfo:
        started = time.perf_counter()
        parsed = parse_remote_path(params.model_path)
        model = parsed[1] if parsed else params.model_path
        models = self.client.models()
        known = {m["id"]: m for m in models}
        if not model and models:
            model = models[0]["id"]
        if model not in known:
            raise ModelLoadError(Sentence(QT_TRANSLATE_NOOP(
                "model_store", "{host} has no model named “{model}” (it serves: {models})."),
                host=self.client.host, model=model,
                models=", ".join(sorted(known)) or Sentence(QT_TRANSLATE_NOOP("model_store", "none"))))
        entry = known[model]
        self.dialect = DIALECTS.get(str(entry.get("owned_by", "")).lower(), OPENAI)
        self._model = model
        if progress is not None:
            progress(1.0)
        self.info = ModelInfo(path=remote_path(self.name, model), name=model, architecture="remote",
                              backend=self.dialect.name, n_ctx=_context_length(entry),
                              load_ms=(time.perf_counter() - started) * 1000, remote=self.client.host,
                              sampling_supported=self.dialect.params)
        return self.info

    def unload(self) -> None:
        self.info = None
        self.client.close()

    def count_tokens(self, messages: Sequence[ChatMessage]) -> int:
        return sum(len(m.content) // 4 + 4 for m in messages)

    def render_prompt(self, messages, options=None, params=None) -> str:
        raise InvalidParameterError(Sentence(QT_TRANSLATE_NOOP(
        "model_store", "The remote engine makes the prompt from these messages with its own template; Hearth "
        "cannot show its exact text.")))

    def set_chat_template(self, template: str | None) -> ModelInfo:
        raise InvalidParameterError(Sentence(QT_TRANSLATE_NOOP(
        "model_store", "A remote engine uses its own chat template; change it on that server.")))

    def save_state(self) -> bool:
        return False

    def forget_state(self, chat: str) -> None:
        return None

    def body(self, messages: Sequence[ChatMessage], params: SamplingParams, options: ChatOptions | None) -> dict:
        """The request for ``messages``: only the settings the server takes."""
        body: dict[str, Any] = {"model": self._model, "stream": True, "stream_options": {"include_usage": True},
                                "messages": [_message(m) for m in messages]}
        values = {"temperature": params.temperature, "top_p": params.top_p, "seed": params.seed,
                  "presence_penalty": params.presence_penalty, "frequency_penalty": params.frequency_penalty,
                  "top_k": params.top_k, "min_p": params.min_p, "repeat_penalty": params.repeat_penalty}
        rename = dict(self.dialect.rename)
        for name in self.dialect.params:
            if name in values and not (name == "seed" and params.seed < 0):
                body[rename.get(name, name)] = values[name]
        if params.max_tokens:
            body["max_tokens"] = params.max_tokens
        if params.stop:
            body["stop"] = list(params.stop)[:4]
        if options is not None and options.thinking in ("on", "off") and self.dialect.template_kwargs:
            body["chat_template_kwargs"] = {"enable_thinking": options.thinking == "on"}
        elif options is not None and options.thinking in ("low", "medium", "high"):
            body["reasoning_effort"] = options.thinking
        return body

    def generate(self, messages: Sequence[ChatMessage], params: SamplingParams, on_text: TokenCallback,
                 cancel: CancelToken | None = None, *, options: ChatOptions | None = None,
                 on_reasoning: TokenCallback | None = None, on_choice: ChoiceCallback | None = None,
                 prefix=None, chat: str | None = None, saved_state: bool = True,
                 prompt_text: str | None = None) -> GenerationStats:
        """Stream the answer from the server; see :class:`app.engine.types.Engine`."""
        if self.info is None:
            raise ModelLoadError(Sentence(QT_TRANSLATE_NOOP(
                "model_store", "Choose a model of the remote engine first.")))
        if prefix:
            raise InvalidParameterError(Sentence(QT_TRANSLATE_NOOP(
                "model_store", "Continuing an answer, or branching it from a token, needs a model on this "
                "computer: a remote engine always starts its answer afresh.")))
        cancel = cancel or CancelToken()
        started = time.perf_counter()
        stats = GenerationStats()
        stream = AnswerStream(THINK_TAGS, False, params.stop, on_text, on_reasoning)  # <think> in text
        think = on_reasoning or (lambda _t: None)
        self.last_answer = []
        try:
            response = self.client.stream_chat(self.body(messages, params, options))
        except ModelLoadError as exc:
            raise GenerationError(exc.message) from None
        first = last = 0.0
        pieces = 0
        events = Events(response, self.client.host)
        watcher = close_on_cancel(cancel, response)
        try:
            for chunk in events:
                if cancel.cancelled:
                    break
                if isinstance(chunk.get("usage"), dict):
                    stats.prompt_tokens = _count(chunk["usage"].get("prompt_tokens"))
                    stats.completion_tokens = _count(chunk["usage"].get("completion_tokens"))
                for choice in chunk.get("choices") or []:
                    delta = (choice.get("delta") or {}) if isinstance(choice, dict) else {}
                    thought = delta.get("reasoning_content") or delta.get("reasoning")
                    text = delta.get("content")
                    if thought or text:
                        last = time.perf_counter()
                        first = first or last
                        pieces += 1
                        if not stats.ttft_ms:
                            stats.ttft_ms = (last - started) * 1000
                    if isinstance(thought, str) and thought:
                        think(thought)
                        stats.reasoning_tokens += 1
                    if isinstance(text, str) and text and stream.feed(text):
                        stats.finish_reason = "stop_string"
                    if choice.get("finish_reason"):
                        events.finished = True
                        stats.finish_reason = _FINISH.get(choice["finish_reason"], "stop")
                if stats.finish_reason == "stop_string":
                    break
        except GenerationError:
            if not cancel.cancelled:
                raise
        finally:
            watcher.set()
            response.close()  # a stop or a cancel closes the connection: the server stops generating
        if cancel.cancelled:
            stats.finish_reason = "cancelled"
        elif not events.finished and stats.finish_reason != "stop_string":
            raise GenerationError(Sentence(QT_TRANSLATE_NOOP(
                "model_store", "The connection to {host} ended before the answer did; what arrived is kept."),
                host=self.client.host))
        stream.finish()
        stats.completion_tokens = stats.completion_tokens or pieces
        if stats.prompt_tokens:
            stats.context_used = stats.prompt_tokens + stats.completion_tokens
        stats.context_size = self.info.n_ctx if self.info is not None else 0
        if pieces > 1 and last > first:
            stats.decode_ms = (last - first) * 1000
            stats.decode_tok_s = (pieces - 1) / (last - first)
        stats.reasoning_unclosed = stream.unclosed
        return stats


def _context_length(entry: dict[str, Any]) -> int:
    """The context length a model list tells, where it tells one (vLLM, llama-server)."""
    meta = entry.get("meta") if isinstance(entry.get("meta"), dict) else {}
    for value in (entry.get("max_model_len"), meta.get("n_ctx"), meta.get("n_ctx_train")):
        if isinstance(value, int) and value > 0:
            return value
    return 0


def _message(m: ChatMessage) -> dict[str, str]:
    out = {"role": m.role, "content": m.content}
    if m.reasoning:
        out["reasoning_content"] = m.reasoning
    return out


def _count(value: object) -> int:
    return value if isinstance(value, int) and value >= 0 else 0
