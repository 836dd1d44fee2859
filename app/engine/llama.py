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

from app.engine.answer_stream import AnswerStream
from app.engine.backend import gpu_backend_name, init_backend
from app.engine.chat_cache import ChatCache
from app.engine.decode_loop import Decoded, run_decode
from app.engine.chat_prompt import ChatPrompt, Prompt, chat_prompt_or_own
from app.machine_speed import record_answer
from app.engine.kv_state import KvStateStore, StateKey, model_identity
from app.engine.errors import ContextOverflowError, InvalidParameterError, NoModelLoadedError
from model_store.texts import QT_TRANSLATE_NOOP, Sentence
from app.engine.inspector import TokenChoice, TokenInspector, plain_choice
from app.engine.llama_load import open_model
from app.engine.prompt_lookup import PromptLookup
from app.engine.prompt_reader import PromptReader
from app.engine.model_file import meta
from app.engine.params import LoadParams, SamplingParams
from app.engine.sampling import build_sampler, model_sampling_defaults
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

def answer_room(params: SamplingParams, n_ctx: int) -> int:
    """Tokens kept free for the answer when a long chat is windowed: its limit, at most a quarter."""
    return min(params.max_tokens or n_ctx, n_ctx // 4)


class LlamaEngine:
    """A loaded GGUF model and its context. Not thread-safe: one owner thread."""

    # Prompt-lookup drafting (see app.engine.prompt_lookup): fewer decode calls when an answer
    # repeats the conversation. Off by default: llama.cpp's batched kernels round differently from
    # single-token decoding, so a greedy answer can take another word at a near tie, and on a CPU
    # it measured only ~1.1x on a code edit (docs/benchmarks.md).
    prompt_lookup = False

    def __init__(self, states: KvStateStore | None = None) -> None:
        """``states``: where chats' KV caches are saved and found again (None: never saved)."""
        init_backend()
        self.info: ModelInfo | None = None
        self._model = None
        self._ctx = None
        self._vocab = None
        self._prompt: ChatPrompt | None = None
        self.last_answer: list[TokenChoice] = []  # every token of the last answer (see Engine.generate)
        self._tokens: list[int] = []  # exactly what the KV cache holds, in order
        self._reader = PromptReader()
        self._chats = ChatCache(states)
        self._piece = ctypes.create_string_buffer(256)

    # -- loading ---------------------------------------------------------------------------

    def load(self, params: LoadParams, progress: ProgressCallback | None = None) -> ModelInfo:
        """Load ``params.model_path``; see :class:`app.engine.types.Engine`."""
        self.unload()
        opened = open_model(params, progress)
        model, ctx, path = opened.model, opened.ctx, opened.path
        self._model, self._ctx, self._vocab = model, ctx, llama_cpp.llama_model_get_vocab(model)
        self._tokens = []
        self._chats.attach(StateKey(model_identity(path), llama_cpp.llama_n_ctx(ctx), opened.offloaded, opened.kv_type,
                                    int(opened.flash_attn), llama_cpp.__version__))
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
            n_threads_batch=opened.threads_batch,
            kv_type=opened.kv_type,
            gpu_supported=opened.gpu,
            offload_note=opened.offload_note,
            default_sampling=model_sampling_defaults(lambda key: meta(model, key)),
            load_ms=(time.perf_counter() - opened.started) * 1000,
            **{**self._prompt.info_fields(), **({"template_warning": note} if note else {})},
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
        self.info = dataclasses.replace(self.info, **self._prompt.info_fields())
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

    def unload(self) -> None:
        """Keep the chat's KV cache, then free the context and the model (safe when nothing is loaded)."""
        if self._ctx:
            self._chats.save(self._ctx, self._tokens)
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
        on_choice: ChoiceCallback | None = None,
        prefix: Sequence[int] | str | None = None,
        chat: str | None = None,
        saved_state: bool = True,
        prompt_text: str | None = None,
    ) -> GenerationStats:
        """Stream the answer; see :class:`app.engine.types.Engine`."""
        started = time.perf_counter()
        options = options or ChatOptions()
        prompt = self._build_prompt(messages, options, params) if prompt_text is None else self._raw(prompt_text)
        assert self._prompt is not None
        ctx, vocab = self._ctx, self._vocab
        n_ctx = llama_cpp.llama_n_ctx(ctx)
        given = self._prefix_tokens(prefix)
        if given and len(prompt.tokens) + len(given) >= n_ctx:
            raise ContextOverflowError(Sentence(QT_TRANSLATE_NOOP(
                "model_store", "This branch starts {tokens} tokens into an answer to a {prompt}-token "
                "conversation: more than the model's context holds ({size}). Raise the context length, "
                "or branch earlier in the answer."), tokens=f"{len(given):,}", prompt=f"{len(prompt.tokens):,}",
                size=f"{n_ctx:,}"))
        stats = GenerationStats(prompt_tokens=len(prompt.tokens), context_size=n_ctx,
                                dropped_messages=prompt.dropped, template_warning=prompt.warning)
        cancel = cancel or CancelToken()
        self.last_answer = []
        stats.kv_restored = self._chats.switch(ctx, self._tokens, chat, prompt.tokens + given, saved_state)
        self._chats.changed()

        evaluated = self._prefill(prompt.tokens + given, cancel)
        stats.prompt_tokens_evaluated = evaluated
        stats.prompt_ms = (time.perf_counter() - started) * 1000
        if evaluated < 0:
            stats.prompt_tokens_evaluated = 0
            stats.finish_reason = "cancelled"
            stats.context_used = len(self._tokens)
            return stats

        sampler = build_sampler(params, vocab, prompt.tokens + given)
        stream = AnswerStream(self._prompt.reasoning if prompt_text is None else None, prompt.starts_in_reasoning,
                              params.stop, on_text, on_reasoning)
        specials = self._prompt.marker_tokens(self.token_of) if prompt_text is None else frozenset()
        decoder = codecs.getincrementaldecoder("utf-8")("replace")
        replayed = self._replay(given, specials, decoder, stream)
        inspector = (TokenInspector(llama_cpp.llama_vocab_n_tokens(vocab), options.top_probs, self._token_bytes)
                     if options.top_probs else None)
        can_shift = options.overflow == "truncate"
        shift = (lambda answer: self._shift_window(messages, options, answer, cancel)) if can_shift else None
        lookup = PromptLookup(self._tokens) if self.prompt_lookup and inspector is None else None
        try:
            out = (run_decode(ctx, vocab, sampler, self._tokens, len(prompt.tokens), stream, specials, decoder,
                              self._piece, params.max_tokens or n_ctx, cancel, inspector, on_choice, shift, lookup)
                   if replayed is not None else Decoded(reason="stop_string"))
        finally:
            llama_cpp.llama_sampler_free(sampler)
        reason, n, sampled, chosen, first, last = (out.reason, len(out.sampled), out.sampled, out.chosen,
                                                   out.first, out.last)
        if out.first_text:
            stats.ttft_ms = (out.first_text - started) * 1000
        if out.dropped >= 0:
            stats.dropped_messages = out.dropped
        stream.finish(decoder.decode(b"", final=True) if reason != "stop_string" else "")
        self.last_answer = [plain_choice(t, self._token_bytes(t)) for t in given] + (
            chosen or [plain_choice(t, self._token_bytes(t)) for t in sampled])
        stats.completion_tokens = n
        stats.draft_tokens, stats.draft_accepted = out.drafted, out.accepted
        stats.finish_reason = reason
        stats.reasoning_tokens = stream.reasoning_tokens
        stats.reasoning_ms = stream.reasoning_ms
        stats.reasoning_unclosed = stream.unclosed
        if n > 1 and last > first:
            stats.decode_ms = (last - first) * 1000
            stats.decode_tok_s = (n - 1) / (last - first)
        stats.context_used = len(self._tokens)
        # Answers sped up by prompt lookup say nothing about the model's own decode speed.
        if inspector is None and reason in ("stop", "stop_string", "length") and self.info is not None \
                and out.accepted * 10 <= n:
            record_answer(self.info.path, decode_tok_s=stats.decode_tok_s, completion_tokens=n,
                          prompt_tok_s=stats.prompt_tokens_evaluated / (stats.prompt_ms / 1000) if stats.prompt_ms
                          else 0.0, prompt_tokens=stats.prompt_tokens_evaluated, kv_type=self.info.kv_type,
                          n_ctx=self.info.n_ctx)
        return stats

    def _raw(self, text: str) -> Prompt:
        """A prompt given as text, read as it is (no chat template): plain completion."""
        self._require_model()
        tokens = self.tokenize(text, add_special=True)
        n_ctx = llama_cpp.llama_n_ctx(self._ctx)
        if not tokens or len(tokens) >= n_ctx:
            raise ContextOverflowError(Sentence(QT_TRANSLATE_NOOP(
                "model_store", "The prompt is {tokens} tokens long but the model's context holds {size}. "
                "Shorten it, or raise the context length."), tokens=f"{len(tokens):,}", size=f"{n_ctx:,}"))
        return Prompt(text, tokens)

    def _prefix_tokens(self, prefix: Sequence[int] | str | None) -> list[int]:
        """The token ids of an answer's given start (text is tokenized as the model reads it)."""
        if not prefix:
            return []
        if isinstance(prefix, str):
            return self.tokenize(prefix, add_special=False)
        n_vocab = llama_cpp.llama_vocab_n_tokens(self._vocab)
        if any(not isinstance(t, int) or not 0 <= t < n_vocab for t in prefix):
            raise InvalidParameterError(Sentence(QT_TRANSLATE_NOOP(
                "model_store", "Those tokens belong to another model; load the model that wrote "
                "the answer, or branch from its text.")))
        return list(prefix)

    def _replay(self, given: list[int], specials: frozenset[int], decoder, stream: AnswerStream) -> int | None:
        """Stream the text of an answer's given start; None if a stop string ends it there."""
        for tok in given:
            text = decoder.decode(self._token_bytes(tok, tok in specials))
            if text and stream.feed(text):
                return None
        return len(given)

    def _token_bytes(self, token: int, special: bool = True) -> bytes:
        size = llama_cpp.llama_token_to_piece(self._vocab, token, self._piece, len(self._piece), 0, special)
        return self._piece.raw[:max(size, 0)]

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
        """Bring the KV cache to ``prompt``, reusing what it holds; tokens evaluated, or -1 if cancelled."""
        return self._reader.read(self._ctx, self._tokens, prompt, cancel)

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
        self._chats.attach(self._chats.key)

    def save_state(self) -> bool:
        """Keep the KV cache of the chat it holds, to be found again (see ``generate``'s ``chat``)."""
        return bool(self._ctx) and self._chats.save(self._ctx, self._tokens)

    def forget_state(self, chat: str) -> None:
        """Delete a chat's saved KV cache (the chat was deleted)."""
        self._chats.forget(chat)

    def _require_model(self) -> None:
        if self._ctx is None:
            raise NoModelLoadedError(Sentence(QT_TRANSLATE_NOOP(
                "model_store", "No model is loaded yet. Pick one from the model menu.")))
