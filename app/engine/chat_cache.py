"""Which chat the KV cache belongs to, and bringing back a chat's saved cache instead of re-reading.

The engine's KV cache holds one conversation at a time. :class:`ChatCache` remembers whose it
is; when a generation is for another chat, it first keeps the current chat's state (in the
:class:`~app.engine.kv_state.KvStateStore`), then loads the new chat's saved state when that
saves work — when its tokens share a longer beginning with the new prompt than what the cache
holds now. llama.cpp checks the state as it loads it; one it refuses is deleted and the prompt
is simply read again. After each answer the engine calls :meth:`save` (between requests, never
during one).
"""

from __future__ import annotations

import ctypes

import llama_cpp

from app.engine.kv_state import KvStateStore, SavedState, StateKey

MIN_RESTORE_TOKENS = 16  # below this, reading the prompt again is as quick as loading a state


def common_prefix(a, b) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


class ChatCache:
    """The KV cache's owner chat, its saving and its restoring (one engine, one thread)."""

    def __init__(self, store: KvStateStore | None) -> None:
        self.store = store
        self.key: StateKey | None = None
        self.owner: str | None = None
        self._dirty = False

    def attach(self, key: StateKey | None) -> None:
        """A model was loaded: its cache is empty and belongs to nobody."""
        self.key, self.owner, self._dirty = key, None, False

    def switch(self, ctx, cached: list[int], chat: str | None, prompt: list[int], use_saved: bool = True) -> int:
        """Prepare the cache for ``chat``'s ``prompt``; returns how many of its tokens came from a
        saved state (0 when the cache already held the chat, or reading is as good)."""
        if chat == self.owner:
            return 0
        self.save(ctx, cached)
        self.owner = chat
        if chat is None or self.store is None or self.key is None or not use_saved:
            return 0
        state = self.store.get(chat, self.key)
        if state is None:
            return 0
        reuse = common_prefix(state.tokens, prompt)
        if reuse < MIN_RESTORE_TOKENS or reuse <= common_prefix(cached, prompt):
            return 0
        memory = llama_cpp.llama_get_memory(ctx)
        llama_cpp.llama_memory_clear(memory, True)
        cached.clear()
        data = state.data
        buffer = (ctypes.c_ubyte * len(data)).from_buffer(data) if isinstance(data, bytearray) else \
            (ctypes.c_ubyte * len(data)).from_buffer_copy(data)
        if llama_cpp.llama_state_seq_set_data(ctx, buffer, len(data), 0) == 0:
            llama_cpp.llama_memory_clear(memory, True)  # llama.cpp refused it: read the prompt instead
            self.store.forget(chat)
            return 0
        cached.extend(state.tokens)
        return reuse

    def changed(self) -> None:
        """The cache now holds more (or other) tokens of the owner chat than its saved state."""
        self._dirty = self.owner is not None

    def save(self, ctx, cached: list[int]) -> bool:
        """Keep the owner chat's state (RAM now, disk in the background); True if there was one."""
        if not self._dirty or self.owner is None or self.store is None or self.key is None or not cached:
            return False
        size = llama_cpp.llama_state_seq_get_size(ctx, 0)
        data = bytearray(size)
        written = llama_cpp.llama_state_seq_get_data(ctx, (ctypes.c_ubyte * size).from_buffer(data), size, 0)
        self._dirty = False
        if written != size:
            return False
        self.store.put(self.owner, SavedState(self.key, tuple(cached), data))
        return True

    def forget(self, chat: str) -> None:
        """A chat was deleted: drop its saved state (and the claim on the cache)."""
        if chat == self.owner:
            self.owner, self._dirty = None, False
        if self.store is not None:
            self.store.forget(chat)
