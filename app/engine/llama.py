"""The llama.cpp engine: load a GGUF, format the chat, stream an answer.

It talks to llama.cpp through llama-cpp-python's low-level bindings rather than the
``Llama`` convenience class: the decode loop is a few lines of Python around
``llama_decode`` and the C sampler chain, which keeps Python's share of each token small
(see ``hearth bench``'s ``decode_ratio``), and it gives Hearth what the high-level API
hides: the abort callback during prompt evaluation, KV-cache prefix reuse across turns,
and llama.cpp's own reason when a file does not load.

One engine serves one thread: the worker that owns it (or the CLI).
"""

from __future__ import annotations

import codecs
import ctypes
import dataclasses
import time
from typing import Sequence

import llama_cpp

from app.engine import llama_log
from app.engine.answer_stream import AnswerStream
from app.engine.backend import gpu_backend_name, init_backend
from app.engine.chat_prompt import ChatPrompt, Prompt, chat_prompt_or_own
from app.engine.errors import GenerationError, NoModelLoadedError
from app.engine.llama_load import open_model
from app.engine.model_file import meta
from app.engine.params import LoadParams, SamplingParams
from app.engine.sampling import build_sampler, model_sampling_defaults
from app.engine.types import (
    CancelToken,
    ChatMessage,
    ChatOptions,
    GenerationStats,
    ModelInfo,
    ProgressCallback,
    TokenCallback,
)

def answer_room(params: SamplingParams, n_ctx: int) -> int:
    """Tokens kept free for the answer when a long chat is windowed: its limit, at most a quarter."""
    return min(params.max_tokens or n_ctx, n_ctx // 4)


class LlamaEngine:
    """A loaded GGUF model and its context. Not thread-safe: one owner thread."""

    def __init__(self) -> None:
        init_backend()
        self.info: ModelInfo | None = None
        self._model = None
        self._ctx = None
        self._vocab = None
        self._prompt: ChatPrompt | None = None
        self._tokens: list[int] = []  # exactly what the KV cache holds, in order
        self._abort_cancel: CancelToken | None = None
        self._abort_cb = llama_cpp.ggml_abort_callback(self._should_abort)
        self._no_abort = ctypes.cast(None, llama_cpp.ggml_abort_callback)
        self._piece = ctypes.create_string_buffer(256)

    # -- loading ---------------------------------------------------------------------------

    def load(self, params: LoadParams, progress: ProgressCallback | None = None) -> ModelInfo:
        """Load ``params.model_path``; see :class:`app.engine.types.Engine`."""
        self.unload()
        opened = open_model(params, progress)
        model, ctx, path = opened.model, opened.ctx, opened.path
        self._model, self._ctx, self._vocab = model, ctx, llama_cpp.llama_model_get_vocab(model)
        self._tokens = []
        try:
            self._prompt, note = chat_prompt_or_own(self._chat_prompt, params.chat_template)
        except BaseException:
            self.unload()
            raise
        self.info = ModelInfo(
            path=str(path),
            name=path.name.removesuffix(".gguf"),
            architecture=meta(model, "general.architecture"),
            n_params=int(llama_cpp.llama_model_n_params(model)),
            size_bytes=path.stat().st_size,
            n_layers=opened.n_layer,
            n_ctx_train=opened.n_ctx_train,
            n_ctx=llama_cpp.llama_n_ctx(ctx),
            backend=gpu_backend_name() if opened.offloaded else "CPU",
            n_gpu_layers=opened.offloaded,
            n_threads=opened.threads,
            gpu_supported=opened.gpu,
            default_sampling=model_sampling_defaults(lambda key: meta(model, key)),
            load_ms=(time.perf_counter() - opened.started) * 1000,
            **{**self._template_info(), **({"template_warning": note} if note else {})},
        )
        return self.info

    def set_chat_template(self, template: str | None) -> ModelInfo:
        """Use ``template`` instead of the model's own (None or "": the model's own again).

        Raises:
            NoModelLoadedError; InvalidParameterError: the template does not work (a sentence says why).
        """
        self._require_model()
        assert self.info is not None
        self._prompt = self._chat_prompt(template or None)
        self.info = dataclasses.replace(self.info, **self._template_info())
        return self.info

    def _chat_prompt(self, override: str | None) -> ChatPrompt:
        vocab = self._vocab
        bos = self._special_text(llama_cpp.llama_vocab_bos(vocab))
        eos = self._special_text(llama_cpp.llama_vocab_eos(vocab))
        add_bos = bool(llama_cpp.llama_vocab_get_add_bos(vocab))

        def tokenize(text: str) -> list[int]:
            return self.tokenize(text, add_special=add_bos and not (bos and text.startswith(bos)))

        template = override if override is not None else meta(self._model, "tokenizer.chat_template")
        return ChatPrompt(template, bos, eos, tokenize, self.token_of, override=override is not None)

    def _template_info(self) -> dict:
        prompt = self._prompt
        assert prompt is not None
        return {
            "chat_template": "" if prompt.origin == "fallback" else prompt.formatter.source,
            "template_origin": prompt.origin,
            "template_warning": prompt.warning,
            "reasoning_format": prompt.reasoning.name if prompt.reasoning else "",
            "thinking_choices": prompt.thinking_choices,
        }

    def unload(self) -> None:
        """Free the context and the model (safe when nothing is loaded)."""
        if self._ctx:
            llama_cpp.llama_free(self._ctx)
        if self._model:
            llama_cpp.llama_model_free(self._model)
        self._ctx = self._model = self._vocab = None
        self._prompt = None
        self._tokens = []
        self.info = None

    def __del__(self) -> None:
        try:
            self.unload()
        except Exception:  # noqa: BLE001 - interpreter shutdown
            pass

    @property
    def template_warning(self) -> str:
        return self._prompt.formatter.warning if self._prompt and self._prompt.origin == "fallback" else ""

    # -- tokens ----------------------------------------------------------------------------

    def tokenize(self, text: str, add_special: bool = True) -> list[int]:
        """Tokens for ``text``; special tokens written in the text (``<|im_start|>``) are parsed."""
        self._require_model()
        data = text.encode("utf-8")
        capacity = len(data) + 16
        buf = (llama_cpp.llama_token * capacity)()
        n = llama_cpp.llama_tokenize(self._vocab, data, len(data), buf, capacity, add_special, True)
        if n < 0:
            capacity = -n
            buf = (llama_cpp.llama_token * capacity)()
            n = llama_cpp.llama_tokenize(self._vocab, data, len(data), buf, capacity, add_special, True)
        return list(buf[:n])

    def token_of(self, text: str) -> int | None:
        """The token id when ``text`` is exactly one token of this vocabulary, else None."""
        tokens = self.tokenize(text, add_special=False)
        return tokens[0] if len(tokens) == 1 else None

    def prompt_tokens(self, messages: Sequence[ChatMessage], options: ChatOptions | None = None) -> list[int]:
        """The tokens of the whole formatted conversation, ending with the assistant's turn header."""
        self._require_model()
        assert self._prompt is not None
        return self._prompt._tokenize(self._prompt.text(messages, options))

    def count_tokens(self, messages: Sequence[ChatMessage]) -> int:
        return len(self.prompt_tokens(messages))

    def render_prompt(self, messages: Sequence[ChatMessage], options: ChatOptions | None = None,
                      params: SamplingParams | None = None) -> str:
        """The exact prompt text the next answer to ``messages`` would start from (window applied)."""
        return self._build_prompt(messages, options, params or SamplingParams()).text

    def _build_prompt(self, messages: Sequence[ChatMessage], options: ChatOptions | None,
                      params: SamplingParams) -> Prompt:
        self._require_model()
        assert self._prompt is not None
        n_ctx = llama_cpp.llama_n_ctx(self._ctx)
        return self._prompt.build(messages, options, n_ctx - answer_room(params, n_ctx), n_ctx - 1)

    def _special_text(self, token: int) -> str:
        if token < 0:
            return ""
        n = llama_cpp.llama_token_to_piece(self._vocab, token, self._piece, len(self._piece), 0, True)
        return self._piece.raw[: max(n, 0)].decode("utf-8", "replace")

    # -- generation ------------------------------------------------------------------------

    def generate(
        self,
        messages: Sequence[ChatMessage],
        params: SamplingParams,
        on_text: TokenCallback,
        cancel: CancelToken | None = None,
        *,
        options: ChatOptions | None = None,
        on_reasoning: TokenCallback | None = None,
    ) -> GenerationStats:
        """Stream the answer; see :class:`app.engine.types.Engine`."""
        started = time.perf_counter()
        prompt = self._build_prompt(messages, options, params)
        assert self._prompt is not None
        ctx, vocab = self._ctx, self._vocab
        n_ctx = llama_cpp.llama_n_ctx(ctx)
        stats = GenerationStats(prompt_tokens=len(prompt.tokens), context_size=n_ctx,
                                dropped_messages=prompt.dropped, template_warning=prompt.warning)
        cancel = cancel or CancelToken()

        evaluated = self._prefill(prompt.tokens, cancel)
        stats.prompt_tokens_evaluated = evaluated
        stats.prompt_ms = (time.perf_counter() - started) * 1000
        if evaluated < 0:
            stats.prompt_tokens_evaluated = 0
            stats.finish_reason = "cancelled"
            stats.context_used = len(self._tokens)
            return stats

        sampler = build_sampler(params, vocab, prompt.tokens)
        stream = AnswerStream(self._prompt.reasoning, prompt.starts_in_reasoning, params.stop,
                              on_text, on_reasoning)
        feed = stream.feed
        specials = self._prompt.marker_tokens(self.token_of)
        decoder = codecs.getincrementaldecoder("utf-8")("replace")
        budget = params.max_tokens or n_ctx
        token = (llama_cpp.llama_token * 1)()
        batch = llama_cpp.llama_batch_get_one(token, 1)
        sample, decode, is_eog = llama_cpp.llama_sampler_sample, llama_cpp.llama_decode, llama_cpp.llama_vocab_is_eog
        to_piece, piece = llama_cpp.llama_token_to_piece, self._piece
        kv = self._tokens
        answer_start = len(kv)
        can_shift = (options or ChatOptions()).overflow == "truncate"
        first = last = 0.0
        n = 0
        reason = "stop"
        try:
            while True:
                tok = sample(sampler, ctx, -1)
                last = time.perf_counter()
                if n == 0:
                    first = last
                if is_eog(vocab, tok):
                    break
                n += 1
                size = to_piece(vocab, tok, piece, 256, 0, tok in specials)
                text = decoder.decode(piece.raw[:size]) if size > 0 else ""
                if text:
                    if stats.ttft_ms == 0.0:
                        stats.ttft_ms = (time.perf_counter() - started) * 1000
                    if feed(text):
                        reason = "stop_string"
                        break
                if n >= budget:
                    reason = "length"
                    break
                if cancel.cancelled:
                    reason = "cancelled"
                    break
                if len(kv) + 1 >= n_ctx:
                    moved = self._shift_window(messages, options, kv[answer_start:] + [tok], cancel) \
                        if can_shift else None
                    if moved is None:
                        reason = "cancelled" if cancel.cancelled else "context_full"
                        break
                    answer_start, stats.dropped_messages = moved
                    continue
                token[0] = tok
                rc = decode(ctx, batch)
                if rc != 0:
                    raise GenerationError(
                        "The model stopped unexpectedly while writing the answer "
                        f"(llama.cpp error {rc}). Try again, or start a new chat.",
                        detail="\n".join(llama_log.recent(10)))
                kv.append(tok)
        finally:
            llama_cpp.llama_sampler_free(sampler)
        stream.finish(decoder.decode(b"", final=True) if reason != "stop_string" else "")
        stats.completion_tokens = n
        stats.finish_reason = reason
        stats.reasoning_tokens = stream.reasoning_tokens
        stats.reasoning_ms = stream.reasoning_ms
        stats.reasoning_unclosed = stream.unclosed
        if n > 1 and last > first:
            stats.decode_ms = (last - first) * 1000
            stats.decode_tok_s = (n - 1) / (last - first)
        stats.context_used = len(kv)
        return stats

    def _shift_window(self, messages: Sequence[ChatMessage], options: ChatOptions | None,
                      answer: list[int], cancel: CancelToken) -> tuple[int, int] | None:
        """The answer filled the context: leave out more of the oldest turns, read the shorter chat
        and the answer so far again, and go on. Returns ``(answer start, messages dropped)``, or
        None when nothing more can be dropped (or it was cancelled)."""
        assert self._prompt is not None
        n_ctx = llama_cpp.llama_n_ctx(self._ctx)
        moved = self._prompt.shift(messages, options, n_ctx - len(answer) - n_ctx // 4)
        if moved is None or len(moved.tokens) + len(answer) >= n_ctx:
            return None
        if self._prefill(moved.tokens + answer, cancel) < 0:
            return None
        return len(moved.tokens), moved.dropped

    def _prefill(self, prompt: list[int], cancel: CancelToken) -> int:
        """Bring the KV cache to ``prompt[:-0]`` reusing the common prefix; return tokens evaluated.

        Returns -1 when cancelled (the cache then holds only fully evaluated batches).
        """
        keep = 0
        limit = min(len(self._tokens), len(prompt) - 1)  # the last prompt token is always evaluated
        while keep < limit and self._tokens[keep] == prompt[keep]:
            keep += 1
        memory = llama_cpp.llama_get_memory(self._ctx)
        if keep < len(self._tokens):
            if not llama_cpp.llama_memory_seq_rm(memory, 0, keep, -1):
                llama_cpp.llama_memory_clear(memory, True)
                keep = 0
            del self._tokens[keep:]
        todo = prompt[keep:]
        n_batch = llama_cpp.llama_n_batch(self._ctx)
        self._abort_cancel = cancel
        llama_cpp.llama_set_abort_callback(self._ctx, self._abort_cb, None)
        try:
            for start in range(0, len(todo), n_batch):
                if cancel.cancelled:
                    return -1
                chunk = todo[start:start + n_batch]
                arr = (llama_cpp.llama_token * len(chunk))(*chunk)
                rc = llama_cpp.llama_decode(self._ctx, llama_cpp.llama_batch_get_one(arr, len(chunk)))
                if rc == 2 or (rc != 0 and cancel.cancelled):
                    llama_cpp.llama_memory_seq_rm(memory, 0, len(self._tokens), -1)
                    return -1
                if rc != 0:
                    llama_cpp.llama_memory_seq_rm(memory, 0, len(self._tokens), -1)
                    raise GenerationError(
                        f"llama.cpp could not read the prompt (error {rc}). "
                        "Try a shorter conversation or a larger context length.",
                        detail="\n".join(llama_log.recent(10)))
                self._tokens.extend(chunk)
        finally:
            # The callback runs per graph node; keep it off the decode loop, where it would cost speed.
            llama_cpp.llama_set_abort_callback(self._ctx, self._no_abort, None)
            self._abort_cancel = None
        return len(todo)

    def _should_abort(self, _data: ctypes.c_void_p) -> bool:
        cancel = self._abort_cancel
        return cancel is not None and cancel.cancelled

    # -- measurement -----------------------------------------------------------------------

    def perf_counters(self) -> dict[str, float]:
        """llama.cpp's own timers since the last reset: prompt and decode time and counts."""
        self._require_model()
        data = llama_cpp.llama_perf_context(self._ctx)
        return {"t_p_eval_ms": data.t_p_eval_ms, "n_p_eval": data.n_p_eval,
                "t_eval_ms": data.t_eval_ms, "n_eval": data.n_eval}

    def reset_perf(self) -> None:
        self._require_model()
        llama_cpp.llama_perf_context_reset(self._ctx)

    def reset_cache(self) -> None:
        """Forget the KV cache (the next prompt is evaluated from scratch)."""
        self._require_model()
        llama_cpp.llama_memory_clear(llama_cpp.llama_get_memory(self._ctx), True)
        self._tokens = []

    def _require_model(self) -> None:
        if self._ctx is None:
            raise NoModelLoadedError("No model is loaded yet. Pick one from the model menu.")
