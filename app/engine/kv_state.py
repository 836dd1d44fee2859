"""Saved KV caches of chats: a few in memory, all on disk, each trusted only where it is valid.

A model keeps what it computed for every token it has read (the KV cache), so it never reads
them twice. :class:`KvStateStore` keeps one saved state per chat — llama.cpp's sequence state
(``llama_state_seq_get_data``) plus the exact tokens it holds — so that reopening a chat after
switching, reloading the model or restarting only reads what is new.

A state is valid only for the same model file, the same cache shape (context length, GPU
layers, KV type, flash attention) and the same llama.cpp: a :class:`StateKey`. Anything that
does not match, is cut short or is damaged is deleted, never used. The last few states live in
RAM (least recently used first out, within a memory budget); on disk each is one file, written
atomically by a background writer, within a disk budget (least recently used first out).

File format: ``b"HKV1"``, u32 header length, the header (JSON: key, chat, token count, data
length, CRC-32 of tokens and data), the tokens (u32 each), the state data.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import queue
import struct
import threading
import zlib
from collections import OrderedDict
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Sequence

from model_store.atomic import write_atomic

log = logging.getLogger(__name__)

MAGIC = b"HKV1"
_SUFFIX = ".kvstate"
_HEADER_LIMIT = 64 * 1024


@dataclass(frozen=True)
class StateKey:
    """What a saved state must match to be loaded."""

    model: str          # the model file: name, size, modification time, hash of its first MiB
    n_ctx: int
    n_gpu_layers: int
    kv_type: str
    flash_attn: int
    llama_cpp: str      # the library that wrote the state


def model_identity(path: Path) -> str:
    """A model file's identity: it changes when the file is replaced or rewritten."""
    stat = path.stat()
    with open(path, "rb") as handle:
        head = hashlib.sha256(handle.read(1 << 20)).hexdigest()[:32]
    return f"{path.name}|{stat.st_size}|{stat.st_mtime_ns}|{head}"


@dataclass(frozen=True)
class SavedState:
    """One chat's KV cache: the tokens it holds and llama.cpp's data for them."""

    key: StateKey
    tokens: tuple[int, ...]
    data: bytes | bytearray

    @property
    def size(self) -> int:
        return len(self.data) + 4 * len(self.tokens)


class KvStateStore:
    """Saved states by chat; see the module docstring.

    Args:
        folder: Where state files live (created if missing).
        memory_budget: Bytes of states kept in RAM.
        disk_budget: Bytes of state files kept on disk.
    """

    def __init__(self, folder: Path, memory_budget: int = 1 << 30, disk_budget: int = 4 << 30) -> None:
        self.folder = Path(folder)
        self.memory_budget = memory_budget
        self.disk_budget = disk_budget
        self._memory: OrderedDict[str, SavedState] = OrderedDict()
        self._lock = threading.Lock()
        self._jobs: queue.Queue[tuple[str, SavedState | None] | threading.Event] = queue.Queue()
        self._writer = threading.Thread(target=self._write_loop, name="hearth-kv-writer", daemon=True)
        self._writer.start()

    # -- the engine's side -----------------------------------------------------------------

    def put(self, chat: str, state: SavedState, to_disk: bool = True) -> None:
        """Keep ``state`` as the chat's (in RAM now; on disk soon, in the background)."""
        with self._lock:
            self._memory[chat] = state
            self._memory.move_to_end(chat)
            self._trim_memory()
        if to_disk:
            self._jobs.put((chat, state))

    def get(self, chat: str, key: StateKey) -> SavedState | None:
        """The chat's saved state if it is valid for ``key`` (from RAM, else from disk)."""
        with self._lock:
            state = self._memory.get(chat)
            if state is not None:
                if state.key == key:
                    self._memory.move_to_end(chat)
                    return state
                del self._memory[chat]  # made for another model or other settings
        state = self._read(chat, key)
        if state is not None:
            with self._lock:
                self._memory[chat] = state
                self._trim_memory()
        return state

    def forget(self, chat: str) -> None:
        """Drop a chat's state everywhere (the chat was deleted, or the state proved unusable)."""
        with self._lock:
            self._memory.pop(chat, None)
        self._jobs.put((chat, None))

    def clear(self) -> int:
        """Drop every saved state; returns the bytes freed on disk."""
        self.flush()
        with self._lock:
            self._memory.clear()
        freed = 0
        for path in self._files():
            try:
                freed += path.stat().st_size
                path.unlink()
            except OSError:
                pass
        return freed

    def keep_only(self, chats: Sequence[str]) -> None:
        """Delete the states of chats that no longer exist."""
        keep = set(chats)
        for path in self._files():
            if path.stem not in keep:
                self.forget(path.stem)

    def disk_usage(self) -> int:
        return sum(p.stat().st_size for p in self._files() if p.exists())

    def memory_usage(self) -> int:
        with self._lock:
            return sum(s.size for s in self._memory.values())

    def flush(self, timeout: float = 60.0) -> None:
        """Wait until every queued write has reached the disk."""
        done = threading.Event()
        self._jobs.put(done)
        done.wait(timeout)

    # -- files -----------------------------------------------------------------------------

    def path(self, chat: str) -> Path:
        return self.folder / f"{chat}{_SUFFIX}"

    def _files(self) -> list[Path]:
        try:
            return [p for p in self.folder.iterdir() if p.suffix == _SUFFIX]
        except OSError:
            return []

    def _write_loop(self) -> None:
        while True:
            job = self._jobs.get()
            if isinstance(job, threading.Event):
                job.set()
                continue
            chat, state = job
            try:
                if state is None:
                    self.path(chat).unlink(missing_ok=True)
                else:
                    self._write(chat, state)
            except OSError as exc:  # a full disk keeps the previous file (or none), never half of one
                log.warning("could not save the model memory of chat %s: %s", chat, exc)

    def _write(self, chat: str, state: SavedState) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        tokens = struct.pack(f"<{len(state.tokens)}I", *state.tokens)
        crc = zlib.crc32(state.data, zlib.crc32(tokens))
        header = json.dumps({"key": asdict(state.key), "chat": chat, "tokens": len(state.tokens),
                             "data": len(state.data), "crc32": crc}).encode()
        write_atomic(self.path(chat), [MAGIC, struct.pack("<I", len(header)), header, tokens,
                                       memoryview(state.data)])
        self._trim_disk(keep=chat)

    def _read(self, chat: str, key: StateKey) -> SavedState | None:
        path = self.path(chat)
        try:
            with open(path, "rb") as handle:
                if handle.read(4) != MAGIC:
                    raise ValueError("not a Hearth state file")
                (size,) = struct.unpack("<I", handle.read(4))
                if size > _HEADER_LIMIT:
                    raise ValueError("header too large")
                header = json.loads(handle.read(size))
                if StateKey(**header["key"]) != key or header.get("chat") != chat:
                    raise ValueError("made for another model, other settings or another chat")
                n, data_len = int(header["tokens"]), int(header["data"])
                tokens = handle.read(4 * n)
                data = bytearray(data_len)  # read straight into the buffer llama.cpp will load from
                got = handle.readinto(data)
                if len(tokens) != 4 * n or got != data_len or handle.read(1):
                    raise ValueError("cut short or too long")
                if zlib.crc32(data, zlib.crc32(tokens)) != header["crc32"]:
                    raise ValueError("damaged")
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError, struct.error) as exc:
            log.info("saved model memory of chat %s not used (%s); deleting it", chat, exc)
            self.forget(chat)
            return None
        os.utime(path)  # recently used: the last to be evicted
        return SavedState(key, struct.unpack(f"<{n}I", tokens), data)

    def _trim_memory(self) -> None:
        total = sum(s.size for s in self._memory.values())
        while total > self.memory_budget and len(self._memory) > 1:
            _chat, state = self._memory.popitem(last=False)
            total -= state.size

    def _trim_disk(self, keep: str) -> None:
        files = []
        for path in self._files():
            try:
                stat = path.stat()
            except OSError:
                continue
            files.append((stat.st_mtime, stat.st_size, path))
        total = sum(size for _, size, _ in files)
        for _mtime, size, path in sorted(files):
            if total <= self.disk_budget:
                break
            if path.stem == keep:
                continue
            try:
                path.unlink()
                total -= size
            except OSError:
                pass
