"""Reading a prompt into llama.cpp's KV cache: only what it does not hold yet, and abortably.

The engine keeps, in order, the tokens its KV cache holds. :meth:`PromptReader.read` keeps the
longest common prefix of those and the new prompt, removes the rest from the cache, and
evaluates the remainder in batches. Cancelling stops it between batches and, through llama.cpp's
abort callback, inside one; the callback is installed only while a prompt is read (llama.cpp
calls it per graph node, so leaving it on would tax every generated token).
"""

from __future__ import annotations

import ctypes

import llama_cpp

from app.engine import llama_log
from app.engine.errors import GenerationError
from app.engine.types import CancelToken


class PromptReader:
    """Evaluates prompts into a context's KV cache (one reader per engine, one thread)."""

    def __init__(self) -> None:
        self._cancel: CancelToken | None = None
        self._abort_cb = llama_cpp.ggml_abort_callback(self._should_abort)
        self._no_abort = ctypes.cast(None, llama_cpp.ggml_abort_callback)

    def read(self, ctx, cached: list[int], prompt: list[int], cancel: CancelToken) -> int:
        """Bring the cache to ``prompt``; ``cached`` (what it holds) is updated in place.

        The last prompt token is always evaluated, so its logits are ready for sampling.

        Returns:
            Tokens evaluated, or -1 when cancelled (the cache then holds only whole batches).

        Raises:
            GenerationError: llama.cpp could not evaluate the prompt.
        """
        keep = 0
        limit = min(len(cached), len(prompt) - 1)
        while keep < limit and cached[keep] == prompt[keep]:
            keep += 1
        memory = llama_cpp.llama_get_memory(ctx)
        if keep < len(cached):
            if not llama_cpp.llama_memory_seq_rm(memory, 0, keep, -1):
                llama_cpp.llama_memory_clear(memory, True)
                keep = 0
            del cached[keep:]
        todo = prompt[keep:]
        n_batch = llama_cpp.llama_n_batch(ctx)
        self._cancel = cancel
        llama_cpp.llama_set_abort_callback(ctx, self._abort_cb, None)
        try:
            for start in range(0, len(todo), n_batch):
                if cancel.cancelled:
                    return -1
                chunk = todo[start:start + n_batch]
                arr = (llama_cpp.llama_token * len(chunk))(*chunk)
                with llama_log.stopping_with(cancel):  # an abort's error lines are expected
                    rc = llama_cpp.llama_decode(ctx, llama_cpp.llama_batch_get_one(arr, len(chunk)))
                if rc == 2 or (rc != 0 and cancel.cancelled):
                    llama_cpp.llama_memory_seq_rm(memory, 0, len(cached), -1)
                    return -1
                if rc != 0:
                    llama_cpp.llama_memory_seq_rm(memory, 0, len(cached), -1)
                    raise GenerationError(
                        f"llama.cpp could not read the prompt (error {rc}). "
                        "Try a shorter conversation or a larger context length.",
                        detail="\n".join(llama_log.recent(10)))
                cached.extend(chunk)
        finally:
            llama_cpp.llama_set_abort_callback(ctx, self._no_abort, None)
            self._cancel = None
        return len(todo)

    def _should_abort(self, _data: ctypes.c_void_p) -> bool:
        cancel = self._cancel
        return cancel is not None and cancel.cancelled
