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
import time
from pathlib import Path
from typing import Sequence

import llama_cpp

from app.engine import llama_log
from app.engine.errors import (
    ContextOverflowError,
    GenerationError,
    ModelLoadError,
    NoModelLoadedError,
)
from app.engine.backend import (
    default_threads,
    extra_buffers_safe,
    gpu_backend_name,
    gpu_offload_supported,
    init_backend,
)
from app.engine.memory import OVERHEAD_BYTES, FitEstimate, available_memory, kv_cache_bytes
from app.engine.model_file import check_file, load_failure_sentence, meta
from app.engine.params import LoadParams, SamplingParams
from app.engine.sampling import build_sampler, model_sampling_defaults
from app.engine.stops import StopFilter
from app.engine.templates import ChatFormatter
from app.engine.types import (
    CancelToken,
    ChatMessage,
    GenerationStats,
    ModelInfo,
    ProgressCallback,
    TokenCallback,
)

DEFAULT_CTX_CAP = 8192

class LlamaEngine:
    """A loaded GGUF model and its context. Not thread-safe: one owner thread."""

    def __init__(self) -> None:
        init_backend()
        self.info: ModelInfo | None = None
        self._model = None
        self._ctx = None
        self._vocab = None
        self._formatter: ChatFormatter | None = None
        self._tokens: list[int] = []  # exactly what the KV cache holds, in order
        self._abort_cancel: CancelToken | None = None
        self._abort_cb = llama_cpp.ggml_abort_callback(self._should_abort)
        self._no_abort = ctypes.cast(None, llama_cpp.ggml_abort_callback)
        self._piece = ctypes.create_string_buffer(256)

    # -- loading ---------------------------------------------------------------------------

    def load(self, params: LoadParams, progress: ProgressCallback | None = None) -> ModelInfo:
        """Load ``params.model_path``; see :class:`app.engine.types.Engine`."""
        self.unload()
        path = Path(params.model_path).expanduser()
        check_file(path)
        started = time.perf_counter()
        llama_log.clear()

        def on_progress(fraction: float, _data: ctypes.c_void_p) -> bool:
            try:
                return progress is None or progress(float(fraction)) is not False
            except Exception:  # noqa: BLE001 - never raise into C
                return True

        progress_cb = llama_cpp.llama_progress_callback(on_progress)
        mparams = llama_cpp.llama_model_default_params()
        gpu = gpu_offload_supported()
        mparams.n_gpu_layers = (999 if params.n_gpu_layers < 0 else params.n_gpu_layers) if gpu else 0
        mparams.progress_callback = progress_cb
        mparams.load_mode = llama_cpp.LLAMA_LOAD_MODE_MMAP
        mparams.use_extra_bufts = extra_buffers_safe()
        model = llama_cpp.llama_model_load_from_file(str(path).encode("utf-8"), mparams)
        if not model:
            raise ModelLoadError(load_failure_sentence(path), detail="\n".join(llama_log.recent()))
        try:
            vocab = llama_cpp.llama_model_get_vocab(model)
            n_layer = llama_cpp.llama_model_n_layer(model)
            n_ctx_train = llama_cpp.llama_model_n_ctx_train(model)
            n_ctx = params.n_ctx or min(n_ctx_train, DEFAULT_CTX_CAP)
            n_ctx = min(n_ctx, n_ctx_train) if n_ctx_train > 0 else n_ctx
            fit = _fit_estimate(model, path, n_ctx, n_layer)
            if fit.verdict == "won't fit" and not params.ignore_fit:
                raise ModelLoadError(
                    f"{path.name} at a context of {n_ctx:,} tokens {fit.describe()}. "
                    "Choose a smaller context length or a smaller model.")
            threads = params.n_threads or default_threads()
            cparams = llama_cpp.llama_context_default_params()
            cparams.n_ctx = n_ctx
            cparams.n_batch = min(params.n_batch, n_ctx)
            cparams.n_ubatch = min(params.n_batch, n_ctx)
            cparams.n_threads = threads
            cparams.n_threads_batch = threads
            cparams.no_perf = False
            # On the CPU, flash attention's F16 path grows with the context and made a 20-token turn
            # 3x slower at 600 tokens of history (measured); GPUs gain from it, so llama.cpp decides there.
            cparams.flash_attn_type = (llama_cpp.LLAMA_FLASH_ATTN_TYPE_AUTO if gpu and mparams.n_gpu_layers
                                       else llama_cpp.LLAMA_FLASH_ATTN_TYPE_DISABLED)
            ctx = llama_cpp.llama_init_from_model(model, cparams)
            if not ctx:
                reason = "; ".join(llama_log.errors(2)) or "not enough memory"
                raise ModelLoadError(
                    f"{path.name} loaded, but a context of {n_ctx:,} tokens could not be created "
                    f"({reason}). Try a smaller context length.", detail="\n".join(llama_log.recent()))
        except BaseException:
            llama_cpp.llama_model_free(model)
            raise
        self._model, self._ctx, self._vocab = model, ctx, vocab
        self._tokens = []
        template = meta(model, "tokenizer.chat_template")
        self._formatter = ChatFormatter(template, self._special_text(llama_cpp.llama_vocab_bos(vocab)),
                                        self._special_text(llama_cpp.llama_vocab_eos(vocab)))
        offloaded = min(mparams.n_gpu_layers, n_layer + 1) if gpu else 0
        self.info = ModelInfo(
            path=str(path),
            name=path.name.removesuffix(".gguf"),
            architecture=meta(model, "general.architecture"),
            n_params=int(llama_cpp.llama_model_n_params(model)),
            size_bytes=path.stat().st_size,
            n_layers=n_layer,
            n_ctx_train=n_ctx_train,
            n_ctx=llama_cpp.llama_n_ctx(ctx),
            backend=gpu_backend_name() if offloaded else "CPU",
            n_gpu_layers=offloaded,
            n_threads=threads,
            gpu_supported=gpu,
            chat_template="" if self._formatter.is_fallback else self._formatter.source,
            default_sampling=model_sampling_defaults(lambda key: meta(model, key)),
            load_ms=(time.perf_counter() - started) * 1000,
        )
        return self.info

    def unload(self) -> None:
        """Free the context and the model (safe when nothing is loaded)."""
        if self._ctx:
            llama_cpp.llama_free(self._ctx)
        if self._model:
            llama_cpp.llama_model_free(self._model)
        self._ctx = self._model = self._vocab = None
        self._tokens = []
        self.info = None

    def __del__(self) -> None:
        try:
            self.unload()
        except Exception:  # noqa: BLE001 - interpreter shutdown
            pass

    @property
    def template_warning(self) -> str:
        return self._formatter.warning if self._formatter else ""

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

    def prompt_tokens(self, messages: Sequence[ChatMessage]) -> list[int]:
        """The tokens of the formatted conversation, ending with the assistant's turn header."""
        self._require_model()
        assert self._formatter is not None
        text = self._formatter.format(messages, add_generation_prompt=True)
        bos = self._formatter.bos_token
        add_bos = bool(llama_cpp.llama_vocab_get_add_bos(self._vocab)) and not (bos and text.startswith(bos))
        return self.tokenize(text, add_special=add_bos)

    def count_tokens(self, messages: Sequence[ChatMessage]) -> int:
        return len(self.prompt_tokens(messages))

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
    ) -> GenerationStats:
        """Stream the answer; see :class:`app.engine.types.Engine`."""
        started = time.perf_counter()
        self._require_model()
        ctx, vocab = self._ctx, self._vocab
        n_ctx = llama_cpp.llama_n_ctx(ctx)
        prompt = self.prompt_tokens(messages)
        if len(prompt) >= n_ctx:
            raise ContextOverflowError(
                f"This conversation is {len(prompt):,} tokens long but the model's context holds "
                f"{n_ctx:,}. Start a new chat, shorten your message, or raise the context length.")
        stats = GenerationStats(prompt_tokens=len(prompt), context_size=n_ctx)
        cancel = cancel or CancelToken()

        evaluated = self._prefill(prompt, cancel)
        stats.prompt_tokens_evaluated = evaluated
        stats.prompt_ms = (time.perf_counter() - started) * 1000
        if evaluated < 0:
            stats.prompt_tokens_evaluated = 0
            stats.finish_reason = "cancelled"
            stats.context_used = len(self._tokens)
            return stats

        sampler = build_sampler(params, vocab, prompt)
        stop = StopFilter(params.stop)
        decoder = codecs.getincrementaldecoder("utf-8")("replace")
        budget = params.max_tokens or n_ctx
        token = (llama_cpp.llama_token * 1)()
        batch = llama_cpp.llama_batch_get_one(token, 1)
        sample, decode, is_eog = llama_cpp.llama_sampler_sample, llama_cpp.llama_decode, llama_cpp.llama_vocab_is_eog
        to_piece, piece = llama_cpp.llama_token_to_piece, self._piece
        kv = self._tokens
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
                size = to_piece(vocab, tok, piece, 256, 0, False)
                text = decoder.decode(piece.raw[:size]) if size > 0 else ""
                if text:
                    if stats.ttft_ms == 0.0:
                        stats.ttft_ms = (time.perf_counter() - started) * 1000
                    out, hit = stop.feed(text)
                    if out:
                        on_text(out)
                    if hit:
                        reason = "stop_string"
                        break
                if n >= budget:
                    reason = "length"
                    break
                if cancel.cancelled:
                    reason = "cancelled"
                    break
                if len(kv) + 1 >= n_ctx:
                    reason = "context_full"
                    break
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
        if reason != "stop_string":
            tail = stop.flush(decoder.decode(b"", final=True))
            if tail:
                on_text(tail)
        stats.completion_tokens = n
        stats.finish_reason = reason
        if n > 1 and last > first:
            stats.decode_ms = (last - first) * 1000
            stats.decode_tok_s = (n - 1) / (last - first)
        stats.context_used = len(kv)
        return stats

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


def _fit_estimate(model, path: Path, n_ctx: int, n_layer: int) -> FitEstimate:
    n_embd = llama_cpp.llama_model_n_embd(model)
    n_head = max(1, llama_cpp.llama_model_n_head(model))
    n_head_kv = max(1, llama_cpp.llama_model_n_head_kv(model))
    arch = meta(model, "general.architecture")
    head_k = int(meta(model, f"{arch}.attention.key_length") or n_embd // n_head)
    head_v = int(meta(model, f"{arch}.attention.value_length") or n_embd // n_head)
    kv = kv_cache_bytes(n_ctx, n_layer, head_k * n_head_kv, head_v * n_head_kv)
    weights = path.stat().st_size
    return FitEstimate(weights, kv, OVERHEAD_BYTES, available_memory())


