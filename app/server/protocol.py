"""The OpenAI API's shapes: requests read into Hearth's types, answers written back.

:func:`chat_request` and :func:`completion_request` turn a request body into messages,
:class:`~app.engine.params.SamplingParams` and :class:`~app.engine.types.ChatOptions`, checking
every field a client may send (unknown fields are ignored, as OpenAI does); a bad one raises
:class:`ApiError` with OpenAI's error shape and a sentence naming the parameter. The rest builds
the response objects and stream chunks. Plain Python.
"""

from __future__ import annotations

import math
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from app.engine.errors import InvalidParameterError
from app.engine.inspector import MAX_TOP_K, TokenChoice, piece_text
from app.engine.params import SamplingParams
from app.engine.types import ChatMessage, ChatOptions, GenerationStats

MAX_STOP = 4
_ROLES = {"system": "system", "developer": "system", "user": "user", "assistant": "assistant"}
_FINISH = {"stop": "stop", "stop_string": "stop", "length": "length", "context_full": "length",
           "cancelled": "stop"}


class ApiError(Exception):
    """An error the client is told about: HTTP status, OpenAI error type/code and a sentence."""

    def __init__(self, status: int, message: str, kind: str = "invalid_request_error",
                 param: str | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.kind, self.param, self.code = status, message, kind, param, code

    def body(self) -> dict[str, Any]:
        return {"error": {"message": self.message, "type": self.kind, "param": self.param, "code": self.code}}


def bad(param: str, message: str) -> ApiError:
    return ApiError(400, message, param=param, code="invalid_value")


@dataclass
class Request:
    """One chat or completion request, read and checked."""

    model: str | None
    messages: list[ChatMessage]
    params: SamplingParams
    options: ChatOptions
    stream: bool = False
    include_usage: bool = False
    logprobs: bool = False
    top_logprobs: int = 0
    prompt: str | None = None       # /v1/completions: the text, read as it is
    echo: bool = False
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:24])
    created: int = field(default_factory=lambda: int(time.time()))


def _number(body: dict, name: str, kind: type, low: float, high: float) -> Any:
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise bad(name, f"'{name}' must be a number, not {type(value).__name__}.")
    if isinstance(value, float) and not math.isfinite(value):
        raise bad(name, f"'{name}' must be a finite number.")
    if kind is int and isinstance(value, float):
        if not value.is_integer():
            raise bad(name, f"'{name}' must be a whole number, not {value}.")
        value = int(value)
    if not low <= value <= high:
        raise bad(name, f"'{name}' must be between {low:g} and {high:g}; {value} is out of range.")
    return kind(value)


def _sampling(body: dict, defaults: SamplingParams) -> SamplingParams:
    changes: dict[str, Any] = {}
    for name, field_name, kind, low, high in (
            ("temperature", "temperature", float, 0, 2), ("top_p", "top_p", float, 0, 1),
            ("top_k", "top_k", int, 0, 1000), ("min_p", "min_p", float, 0, 1),
            ("repeat_penalty", "repeat_penalty", float, 1, 2),
            ("presence_penalty", "presence_penalty", float, -2, 2),
            ("frequency_penalty", "frequency_penalty", float, -2, 2),
            ("seed", "seed", int, -(2**63), 2**64)):
        value = _number(body, name, kind, low, high)
        if value is not None:
            changes[field_name] = value
    if "seed" in changes and changes["seed"] != -1:  # -1: a new random seed each time, as in Hearth
        changes["seed"] = changes["seed"] % (2**31 - 1)  # any 64-bit seed, folded into llama.cpp's range
    limit = _number(body, "max_completion_tokens", int, 1, 131072)
    if limit is None:
        limit = _number(body, "max_tokens", int, 1, 131072)
    if limit is not None:
        changes["max_tokens"] = limit
    elif "max_tokens" not in changes:
        changes["max_tokens"] = 0  # OpenAI: until the model stops or the context is full
    stop = body.get("stop")
    if stop is not None:
        stops = [stop] if isinstance(stop, str) else stop
        if not isinstance(stops, list) or not all(isinstance(x, str) and x for x in stops) or len(stops) > MAX_STOP:
            raise bad("stop", f"'stop' must be a string or a list of up to {MAX_STOP} non-empty strings.")
        changes["stop"] = tuple(stops)
    try:
        return defaults.replace(**changes)
    except InvalidParameterError as exc:
        raise bad("", exc.message) from exc


def _content(value: Any, where: str) -> str:
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, list):  # content parts: only text is understood
        texts = []
        for part in value:
            if not isinstance(part, dict) or part.get("type") != "text" or not isinstance(part.get("text"), str):
                raise bad(where, f"'{where}' may hold only text parts ({{\"type\": \"text\", \"text\": …}}).")
            texts.append(part["text"])
        return "".join(texts)
    raise bad(where, f"'{where}' must be a string or a list of text parts.")


def _common(body: Any, defaults: SamplingParams) -> tuple[dict, str | None, SamplingParams, bool, bool]:
    if not isinstance(body, dict):
        raise ApiError(400, "The request body must be a JSON object.")
    model = body.get("model")
    if model is not None and not isinstance(model, str):
        raise bad("model", "'model' must be a string.")
    model = model or None  # "": whichever model is loaded, as leaving it out
    n = body.get("n")
    if n is not None and (isinstance(n, bool) or n != 1):
        raise bad("n", "Only n=1 is supported: one answer per request.")
    stream = body.get("stream")
    if stream is None:  # null is the same as leaving it out, as for every optional field
        stream = False
    if not isinstance(stream, bool):
        raise bad("stream", "'stream' must be true or false.")
    options = body.get("stream_options") or {}
    include_usage = bool(isinstance(options, dict) and options.get("include_usage"))
    return body, model, _sampling(body, defaults), stream, include_usage


def chat_request(body: Any, defaults: SamplingParams) -> Request:
    """Read a ``POST /v1/chat/completions`` body."""
    body, model, params, stream, include_usage = _common(body, defaults)
    raw = body.get("messages")
    if not isinstance(raw, list) or not raw:
        raise bad("messages", "'messages' must be a non-empty list of {role, content} objects.")
    messages = []
    for i, item in enumerate(raw):
        where = f"messages[{i}]"
        if not isinstance(item, dict):
            raise bad(where, f"'{where}' must be an object with 'role' and 'content'.")
        role = _ROLES.get(item.get("role"))
        if role is None:
            raise bad(f"{where}.role", f"'{where}.role' must be system, developer, user or assistant.")
        reasoning = item.get("reasoning_content") or item.get("reasoning") or ""
        if not isinstance(reasoning, str):
            raise bad(f"{where}.reasoning_content", f"'{where}.reasoning_content' must be a string.")
        messages.append(ChatMessage(role, _content(item.get("content"), f"{where}.content"),
                                    reasoning if role == "assistant" else ""))
    logprobs, top = _logprobs(body)
    thinking = _thinking(body)
    inspect = max(1, top) if logprobs else 0  # the chosen token's own probability needs the inspector
    return Request(model, messages, params, ChatOptions(thinking=thinking, top_probs=inspect),
                   stream, include_usage, logprobs, top)


def completion_request(body: Any, defaults: SamplingParams) -> Request:
    """Read a ``POST /v1/completions`` body (one prompt, read without the chat template)."""
    body, model, params, stream, include_usage = _common(body, defaults)
    prompt = body.get("prompt")
    if isinstance(prompt, list) and len(prompt) == 1 and isinstance(prompt[0], str):
        prompt = prompt[0]
    if not isinstance(prompt, str) or not prompt:
        raise bad("prompt", "'prompt' must be one non-empty string.")
    if body.get("max_tokens") is None and body.get("max_completion_tokens") is None:
        params = params.replace(max_tokens=16)  # OpenAI's default for completions
    top = body.get("logprobs")
    if top is not None and (isinstance(top, bool) or not isinstance(top, int) or not 0 <= top <= 5):
        raise bad("logprobs", "'logprobs' must be a whole number from 0 to 5.")
    echo = body.get("echo")
    if echo is None:
        echo = False
    if not isinstance(echo, bool):
        raise bad("echo", "'echo' must be true or false.")
    inspect = max(1, top) if top is not None else 0  # logprobs=0: the chosen tokens', no alternatives
    return Request(model, [], params, ChatOptions(top_probs=inspect), stream, include_usage,
                   top is not None, top or 0, prompt, echo)


def _logprobs(body: dict) -> tuple[bool, int]:
    """Whether the answer's log probabilities are wanted, and how many alternatives per token."""
    logprobs = body.get("logprobs")
    if logprobs is None:
        logprobs = False
    if not isinstance(logprobs, bool):
        raise bad("logprobs", "'logprobs' must be true or false.")
    top = body.get("top_logprobs")
    if top is not None:
        if isinstance(top, bool) or not isinstance(top, int) or not 0 <= top <= MAX_TOP_K:
            raise bad("top_logprobs", f"'top_logprobs' must be a whole number from 0 to {MAX_TOP_K}.")
        if not logprobs:
            raise bad("top_logprobs", "'top_logprobs' needs 'logprobs': true.")
    return logprobs, (top or 0) if logprobs else 0


def _thinking(body: dict) -> str | None:
    kwargs = body.get("chat_template_kwargs")
    if isinstance(kwargs, dict) and isinstance(kwargs.get("enable_thinking"), bool):
        return "on" if kwargs["enable_thinking"] else "off"
    effort = body.get("reasoning_effort")
    if effort is not None:
        if effort not in ("low", "medium", "high"):
            raise bad("reasoning_effort", "'reasoning_effort' must be low, medium or high.")
        return effort
    return None


# -- answers -----------------------------------------------------------------------------------


def usage(stats: GenerationStats) -> dict[str, Any]:
    return {"prompt_tokens": stats.prompt_tokens, "completion_tokens": stats.completion_tokens,
            "total_tokens": stats.prompt_tokens + stats.completion_tokens,
            "completion_tokens_details": {"reasoning_tokens": stats.reasoning_tokens},
            "prompt_tokens_details": {"cached_tokens": stats.prompt_tokens - stats.prompt_tokens_evaluated}}


def finish_reason(stats: GenerationStats) -> str:
    return _FINISH.get(stats.finish_reason, "stop")


def logprob_entries(choices: list[TokenChoice], top: int) -> list[dict[str, Any]]:
    """Chat logprobs for the answer's tokens (not its thinking): OpenAI's ``logprobs.content``."""
    def entry(text_bytes: bytes, prob: float) -> dict[str, Any]:
        return {"token": piece_text(text_bytes), "logprob": math.log(prob) if prob > 0 else -9999.0,
                "bytes": list(text_bytes)}

    return [{**entry(c.piece, c.prob), "top_logprobs": [entry(a.piece, a.prob) for a in c.top[:top]]}
            for c in choices if not c.reasoning and c.inspected]


def chat_response(req: Request, model: str, content: str, reasoning: str, stats: GenerationStats,
                  choices: list[TokenChoice]) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if reasoning:
        message["reasoning_content"] = reasoning
    choice: dict[str, Any] = {"index": 0, "message": message, "finish_reason": finish_reason(stats),
                              "logprobs": None}
    if req.logprobs:
        choice["logprobs"] = {"content": logprob_entries(choices, req.top_logprobs)}
    return {"id": f"chatcmpl-{req.id}", "object": "chat.completion", "created": req.created, "model": model,
            "choices": [choice], "usage": usage(stats), "system_fingerprint": "hearth"}


def chat_chunk(req: Request, model: str, delta: dict[str, Any], finish: str | None = None,
               logprobs: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    choice: dict[str, Any] = {"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}
    if logprobs is not None:
        choice["logprobs"] = {"content": logprobs}
    return {"id": f"chatcmpl-{req.id}", "object": "chat.completion.chunk", "created": req.created,
            "model": model, "choices": [choice], "system_fingerprint": "hearth"}


def completion_response(req: Request, model: str, text: str, stats: GenerationStats | None,
                        finish: str | None, choices: list[TokenChoice] | None = None) -> dict[str, Any]:
    choice: dict[str, Any] = {"index": 0, "text": text, "finish_reason": finish, "logprobs": None}
    if req.logprobs and choices is not None:
        choice["logprobs"] = {
            "tokens": [piece_text(c.piece) for c in choices],
            "token_logprobs": [math.log(c.prob) if c.prob > 0 else -9999.0 for c in choices],
            "top_logprobs": [{piece_text(a.piece): math.log(a.prob) if a.prob > 0 else -9999.0
                              for a in c.top[:req.top_logprobs]} for c in choices]}
    body: dict[str, Any] = {"id": f"cmpl-{req.id}", "object": "text_completion", "created": req.created,
                            "model": model, "choices": [choice]}
    if stats is not None:
        body["usage"] = usage(stats)
    return body
