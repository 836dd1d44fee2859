"""A scripted engine for UI tests and demos: no weights, same contract as the real one.

    engine = FakeEngine(token_delay=0.001)
    engine.enqueue(["Hello", ", ", "world"])     # the next answer
    engine.enqueue_error(GenerationError("…"))   # or make the next call fail

With nothing queued it echoes the last user message, word by word.
"""

from __future__ import annotations

import collections
import os
import time
from typing import Sequence

from app.engine.errors import ContextOverflowError, ModelLoadError, NoModelLoadedError
from app.engine.params import LoadParams, SamplingParams
from app.engine.types import (
    CancelToken,
    ChatMessage,
    GenerationStats,
    ModelInfo,
    ProgressCallback,
    TokenCallback,
)


class FakeEngine:
    """Streams scripted answers with a fixed delay per token."""

    def __init__(self, token_delay: float = 0.0, n_ctx: int = 4096, load_delay: float = 0.0) -> None:
        self.token_delay = token_delay
        self.load_delay = load_delay
        self.n_ctx = n_ctx
        self.info: ModelInfo | None = None
        self._script: collections.deque[list[str] | Exception] = collections.deque()
        self.load_errors: collections.deque[Exception] = collections.deque()
        self.calls: list[tuple[list[ChatMessage], SamplingParams]] = []

    def enqueue(self, tokens: Sequence[str]) -> None:
        self._script.append(list(tokens))

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
        self.info = ModelInfo(
            path=params.model_path or "fake:model",
            name=os.path.basename(params.model_path or "fake-model"),
            architecture="fake",
            n_layers=4,
            n_ctx_train=self.n_ctx,
            n_ctx=n_ctx,
            n_threads=params.n_threads or 1,
        )
        return self.info

    def unload(self) -> None:
        self.info = None

    def count_tokens(self, messages: Sequence[ChatMessage]) -> int:
        return sum(len(m.content.split()) + 4 for m in messages) + 3

    def generate(
        self,
        messages: Sequence[ChatMessage],
        params: SamplingParams,
        on_text: TokenCallback,
        cancel: CancelToken | None = None,
    ) -> GenerationStats:
        if self.info is None:
            raise NoModelLoadedError("No model is loaded yet. Pick one from the model menu.")
        self.calls.append((list(messages), params))
        prompt_tokens = self.count_tokens(messages)
        if prompt_tokens >= self.info.n_ctx:
            raise ContextOverflowError(
                f"This conversation is {prompt_tokens} tokens long but the model's context holds "
                f"{self.info.n_ctx}. Start a new chat or raise the context length."
            )
        item = self._script.popleft() if self._script else None
        if isinstance(item, Exception):
            raise item
        if item is None:
            last = next((m.content for m in reversed(messages) if m.role == "user"), "")
            item = [w + " " for w in ("You said: " + last).split()]
        stats = GenerationStats(prompt_tokens=prompt_tokens, prompt_tokens_evaluated=prompt_tokens,
                                context_size=self.info.n_ctx)
        start = time.perf_counter()
        first = 0.0
        for i, token in enumerate(item):
            if cancel is not None and cancel.cancelled:
                stats.finish_reason = "cancelled"
                break
            if params.max_tokens and i >= params.max_tokens:
                stats.finish_reason = "length"
                break
            if self.token_delay:
                time.sleep(self.token_delay)
            on_text(token)
            stats.completion_tokens += 1
            if i == 0:
                first = time.perf_counter()
                stats.ttft_ms = (first - start) * 1000
        end = time.perf_counter()
        if stats.completion_tokens > 1:
            stats.decode_ms = (end - first) * 1000
            stats.decode_tok_s = (stats.completion_tokens - 1) / max(end - first, 1e-9)
        stats.context_used = prompt_tokens + stats.completion_tokens
        return stats
