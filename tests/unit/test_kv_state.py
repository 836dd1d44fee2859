"""Saved KV caches on disk and in memory: kept, found, evicted, and never trusted when wrong."""

from __future__ import annotations

import errno
import os

import pytest

from app.engine import kv_state
from app.engine.kv_state import KvStateStore, SavedState, StateKey

KEY = StateKey("model.gguf|100|1|abc", 4096, 0, "f16", 0, "0.3.36")


def state(n: int = 100, fill: int = 7, key: StateKey = KEY) -> SavedState:
    return SavedState(key, tuple(range(n)), bytes([fill]) * (n * 10))


@pytest.fixture
def folder(tmp_path):
    return tmp_path / "kv"


def test_a_saved_state_is_found_in_memory_and_after_a_restart_on_disk(folder):
    store = KvStateStore(folder)
    store.put("1", state())
    assert store.get("1", KEY) == state()
    store.flush()
    again = KvStateStore(folder)
    found = again.get("1", KEY)
    assert found is not None and found.tokens == tuple(range(100)) and bytes(found.data) == bytes([7]) * 1000
    assert again.get("2", KEY) is None


@pytest.mark.parametrize("other", [
    StateKey("other.gguf|100|1|abc", 4096, 0, "f16", 0, "0.3.36"),   # another model file
    StateKey("model.gguf|100|1|abc", 2048, 0, "f16", 0, "0.3.36"),   # another context size
    StateKey("model.gguf|100|1|abc", 4096, 20, "f16", 0, "0.3.36"),  # layers on a GPU
    StateKey("model.gguf|100|1|abc", 4096, 0, "q8_0", 0, "0.3.36"),  # another KV type
    StateKey("model.gguf|100|1|abc", 4096, 0, "f16", 0, "0.4.0"),    # a newer llama.cpp
])
def test_a_state_made_for_anything_else_is_ignored_and_deleted(folder, other):
    store = KvStateStore(folder)
    store.put("1", state())
    store.flush()
    fresh = KvStateStore(folder)
    assert fresh.get("1", other) is None
    fresh.flush()
    assert not fresh.path("1").exists()
    assert store.get("1", other) is None  # from memory too


def _damage(path, how: str) -> None:
    data = bytearray(path.read_bytes())
    if how == "truncated":
        data = data[: len(data) - 37]
    elif how == "flipped":
        data[-5] ^= 0xFF
    elif how == "foreign":
        data[:4] = b"GGUF"
    elif how == "longer":
        data += b"x"
    elif how == "header":
        data[8:12] = b"{{{{"
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("how", ["truncated", "flipped", "foreign", "longer", "header"])
def test_a_damaged_state_file_is_never_used(folder, how):
    store = KvStateStore(folder)
    store.put("1", state())
    store.flush()
    _damage(store.path("1"), how)
    fresh = KvStateStore(folder)
    assert fresh.get("1", KEY) is None
    fresh.flush()
    assert not fresh.path("1").exists()


def test_a_file_of_another_chat_is_not_taken(folder):
    store = KvStateStore(folder)
    store.put("1", state())
    store.flush()
    os.replace(store.path("1"), store.path("2"))
    assert KvStateStore(folder).get("2", KEY) is None


def test_memory_keeps_the_most_recent_within_its_budget(folder):
    store = KvStateStore(folder, memory_budget=2500)
    for chat in "abc":
        store.put(chat, state(100), to_disk=False)  # 1,400 bytes each
    assert store.memory_usage() <= 2500
    assert store.get("c", KEY) is not None and store.get("a", KEY) is None


def test_disk_keeps_the_most_recently_used_within_its_budget(folder):
    store = KvStateStore(folder, disk_budget=3_500)
    for chat in ("a", "b", "c", "d"):
        store.put(chat, state(100))
        store.flush()
    assert store.disk_usage() <= 3_500
    assert not store.path("a").exists() and store.path("d").exists()


def test_a_full_disk_keeps_the_previous_state_and_no_half_file(folder, monkeypatch):
    store = KvStateStore(folder)
    store.put("1", state(fill=1))
    store.flush()
    before = store.path("1").read_bytes()

    def full(path, data, **_kw):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(kv_state, "write_atomic", full)
    store.put("1", state(fill=2))
    store.flush()
    assert store.path("1").read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["1.kvstate"]
    monkeypatch.undo()
    store.put("1", state(fill=3))  # a real partial write: the temp file goes, the old one stays
    store.flush()
    assert sorted(p.name for p in folder.iterdir()) == ["1.kvstate"]


def test_forget_clear_and_keep_only(folder):
    store = KvStateStore(folder)
    for chat in ("1", "2", "3"):
        store.put(chat, state())
    store.flush()
    store.forget("2")
    store.flush()
    assert sorted(p.stem for p in folder.iterdir()) == ["1", "3"]
    store.keep_only(["3"])
    store.flush()
    assert sorted(p.stem for p in folder.iterdir()) == ["3"]
    assert store.clear() > 0 and list(folder.iterdir()) == [] and store.get("3", KEY) is None
