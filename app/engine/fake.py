"""A scripted engine for UI tests and demos: no weights, same contract as the real one.

    engine = FakeEngine(token_delay=0.001)
    engine.enqueue(["Hello", ", ", "world"])     # the next answer
    engine.enqueue_error(GenerationError("…"))   # or make the next call fail

With nothing queued it echoes the last user message, word by word. Scripted text is the
model's raw output: with a reasoning template (``FakeEngine(template=…)``, e.g. one that uses
``<think>`` tags) it goes through the same reasoning parser, stop strings and context window
as the llama.cpp engine's; a "token" of the fake's prompt is a whitespace-separated word.

Each scripted piece is one token of a made-up vocabulary (ids given in order of first use).
With the inspector on, a token's probability is 0.6 and its alternatives are itself and the
pieces ``alt1`` … (``enqueue`` also takes ``(piece, [(alternative, probability), …])`` pairs).
A ``prefix`` (ids or text) is streamed first, then the next scripted answer follows it.
Saved KV caches are imitated: after ``save_state`` a chat that comes back after another one
reports its tokens as restored (``stats.kv_restored``) instead of evaluated.
"""

from __future__ import annotations

import collections
import dataclasses
import os
import time
from typing import Sequence

from app.engine.answer_stream import AnswerStream
from app.engine.chat_prompt import ChatPrompt, chat_prompt_or_own
from app.engine.errors import ContextOverflowError, ModelLoadError, NoModelLoadedError
from app.engine.inspector import Alternative, TokenChoice, plain_choice
from app.engine.params import LoadParams, SamplingParams
from app.engine.templates import CHATML_TEMPLATE
from app.engine.types import (
    CancelToken,
    ChatMessage,
    ChatOptions,
    ChoiceCallback,
    GenerationStats,
    ModelInfo,
    ProgressCallback,
    TokenCallback,
)


def _words(text: str) -> list[int]:
    return [0] * len(text.split())


Script = Sequence["str | tuple[str, Sequence[tuple[str, float]]]"]


class FakeEngine:
    """Streams scripted answers with a fixed delay per token."""

    def __init__(self, token_delay: float = 0.0, n_ctx: int = 4096, load_delay: float = 0.0,
                 template: str | None = CHATML_TEMPLATE) -> None:
        self.token_delay = token_delay
        self.load_delay = load_delay
        self.n_ctx = n_ctx
        self.template = template
        self.info: ModelInfo | None = None
        self._prompt: ChatPrompt | None = None
        self._script: collections.deque[list | Exception] = collections.deque()
        self._vocab: dict[str, int] = {}
        self._pieces: list[str] = []
        self.last_answer: list[TokenChoice] = []
        self.prefixes: list[list[int]] = []
        self.saved: dict[str, int] = {}   # chat → tokens its saved cache holds
        self.forgotten: list[str] = []
        self._owner: str | None = None
        self._held = 0
        self.states = None  # a KvStateStore whose files forget_state deletes, as the real engine's
        self.load_errors: collections.deque[Exception] = collections.deque()
        self.calls: list[tuple[list[ChatMessage], SamplingParams]] = []
        self.options: list[ChatOptions | None] = []
        self.prompts: list[str] = []

    def enqueue(self, tokens: Script) -> None:
        self._script.append(list(tokens))

    def token_id(self, piece: str) -> int:
        """The made-up vocabulary's id of a piece (added on first use)."""
        if piece not in self._vocab:
            self._vocab[piece] = len(self._pieces)
            self._pieces.append(piece)
        return self._vocab[piece]

    def _choice(self, item, reasoning: bool) -> tuple[str, TokenChoice]:
        piece, alternatives = (item, None) if isinstance(item, str) else item
        if alternatives is None:
            alternatives = [(piece, 0.6)] + [(f"alt{i}", 0.3 / 2 ** i) for i in range(1, 5)]
        top = tuple(Alternative(self.token_id(text), text.encode(), prob) for text, prob in alternatives)
        prob = next((a.prob for a in top if a.piece == piece.encode()), 0.01)
        rank = next((i + 1 for i, a in enumerate(top) if a.piece == piece.encode()), len(top) + 1)
        return piece, TokenChoice(self.token_id(piece), piece.encode(), prob, rank, top, reasoning)

    def enqueue_error(self, error: Exception) -> None:
        self._script.append(error)

    def load(self, params: LoadParams, progress: ProgressCallback | None = None) -> ModelInfo:
        steps = 5
        for i in range(steps):
            if self.load_delay:
                time.sleep(self.load_delay / steps)
            if progress is not None and progress((i + 1) / steps) is False:
                raise ModelLoadError("Loading was cancelled.")
        if self.load_errors:
            raise self.load_errors.popleft()
        if params.model_path and not params.model_path.startswith("fake:") and not os.path.exists(params.model_path):
            raise ModelLoadError(f"The model file {params.model_path} does not exist.")
        n_ctx = params.n_ctx or self.n_ctx
        self._prompt, note = chat_prompt_or_own(self._chat_prompt, params.chat_template)
        self.info = ModelInfo(
            path=params.model_path or "fake:model",
            name=os.path.basename(params.model_path or "fake-model"),
            architecture="fake",
            n_layers=4,
            n_ctx_train=self.n_ctx,
            n_ctx=n_ctx,
            n_threads=params.n_threads or 1,
            kv_type=params.kv_type,
            **{**self._prompt.info_fields(), **({"template_warning": note} if note else {})},
        )
        return self.info

    def _chat_prompt(self, override: str | None) -> ChatPrompt:
        template = override if override is not None else self.template
        return ChatPrompt(template, "", "", _words, override=override is not None)

    def set_chat_template(self, template: str | None) -> ModelInfo:
        if self.info is None:
            raise NoModelLoadedError("No model is loaded yet. Pick one from the model menu.")
        self._prompt = self._chat_prompt(template or None)
        self.info = dataclasses.replace(self.info, **self._prompt.info_fields())
        return self.info

    def unload(self) -> None:
        self.save_state()
        self.info = None
        self._prompt = None
        self._owner, self._held = None, 0

    def save_state(self) -> bool:
        if self._owner is None:
            return False
        self.saved[self._owner] = self._held
        return True

    def forget_state(self, chat: str) -> None:
        self.saved.pop(chat, None)
        self.forgotten.append(chat)
        if self.states is not None:
            self.states.forget(chat)
        if self._owner == chat:
            self._owner = None

    def count_tokens(self, messages: Sequence[ChatMessage]) -> int:
        return sum(len(m.content.split()) + 4 for m in messages) + 3

    def render_prompt(self, messages: Sequence[ChatMessage], options: ChatOptions | None = None,
                      params: SamplingParams | None = None) -> str:
        if self.info is None or self._prompt is None:
            raise NoModelLoadedError("No model is loaded yet. Pick one from the model menu.")
        n_ctx = self.info.n_ctx
        room = min((params or SamplingParams()).max_tokens or n_ctx, n_ctx // 4)
        return self._prompt.build(messages, options, n_ctx - room, n_ctx - 1).text

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
        if self.info is None or self._prompt is None:
            raise NoModelLoadedError("No model is loaded yet. Pick one from the model menu.")
        if prompt_text is not None:
            messages = [ChatMessage("user", prompt_text)]
        restored = 0
        if chat != self._owner:
            self.save_state()
            restored = self.saved.get(chat, 0) if chat is not None and saved_state else 0
            self._owner = chat
        self.calls.append((list(messages), params))
        self.options.append(options)
        given = ([self.token_id(w) for w in prefix.split(" ")] if isinstance(prefix, str) else list(prefix or []))
        self.prefixes.append(given)
        top_k = options.top_probs if options else 0
        n_ctx = self.info.n_ctx
        room = min(params.max_tokens or n_ctx, n_ctx // 4)
        prompt = self._prompt.build(messages, options, n_ctx - room, n_ctx - 1)
        self.prompts.append(prompt.text)
        if given and len(prompt.tokens) + len(given) >= n_ctx:
            raise ContextOverflowError("This branch does not fit the model's context.")
        item = self._script.popleft() if self._script else None
        if isinstance(item, Exception):
            raise item
        if item is None:
            last = next((m.content for m in reversed(messages) if m.role == "user"), "")
            item = [w + " " for w in ("You said: " + last).split()]
        restored = min(restored, len(prompt.tokens) - 1) if restored else 0
        stats = GenerationStats(prompt_tokens=len(prompt.tokens),
                                prompt_tokens_evaluated=len(prompt.tokens) - restored, kv_restored=restored,
                                context_size=n_ctx, dropped_messages=prompt.dropped,
                                template_warning=prompt.warning)
        stream = AnswerStream(self._prompt.reasoning, prompt.starts_in_reasoning, params.stop,
                              on_text, on_reasoning)
        answer = [plain_choice(t, self._pieces[t].encode()) for t in given]
        for choice in answer:
            stream.feed(choice.piece.decode())
        start = time.perf_counter()
        first = 0.0
        for i, item_token in enumerate(item):
            if cancel is not None and cancel.cancelled:
                stats.finish_reason = "cancelled"
                break
            if params.max_tokens and i >= params.max_tokens:
                stats.finish_reason = "length"
                break
            if self.token_delay:
                time.sleep(self.token_delay)
            stats.completion_tokens += 1
            if i == 0:
                first = time.perf_counter()
                stats.ttft_ms = (first - start) * 1000
            token, choice = self._choice(item_token, stream.in_reasoning)
            if top_k:
                choice = TokenChoice(choice.token, choice.piece, choice.prob, choice.rank, choice.top[:top_k],
                                     choice.reasoning)
                if on_choice is not None:
                    on_choice(choice)
            else:
                choice = plain_choice(choice.token, choice.piece)
            answer.append(choice)
            if stream.feed(token):
                stats.finish_reason = "stop_string"
                break
        if stats.finish_reason != "stop_string":
            stream.finish()
        end = time.perf_counter()
        if stats.completion_tokens > 1:
            stats.decode_ms = (end - first) * 1000
            stats.decode_tok_s = (stats.completion_tokens - 1) / max(end - first, 1e-9)
        stats.reasoning_tokens = stream.reasoning_tokens
        stats.reasoning_ms = stream.reasoning_ms
        stats.reasoning_unclosed = stream.unclosed
        stats.context_used = len(prompt.tokens) + stats.completion_tokens
        self._held = stats.context_used
        self.last_answer = answer
        return stats
