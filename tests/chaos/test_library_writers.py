"""Many writers on one Library at once — threads with their own Registry, and separate processes
(the app, its download queue, several ``hearth`` commands) — lose no entry of the manifest."""

from __future__ import annotations

import json
import multiprocessing
import os
import threading
from pathlib import Path

from model_store.manifest_lock import LOCK_NAME, manifest_lock
from model_store.registry import Registry
from tests.gguf_factory import write_gguf

WRITERS = 4
EACH = 6


def _link_all(root: str, files: list[str]) -> None:
    """A writer with a Registry of its own (as each process and each old caller had)."""
    registry = Registry(Path(root))
    for file in files:
        registry.import_file(file, link=True)


def _files(tmp_path: Path, writers: int) -> list[list[str]]:
    groups = []
    for w in range(writers):
        group = []
        for i in range(EACH):
            path = tmp_path / "outside" / f"w{w}" / f"Model-{w}-{i}.gguf"
            write_gguf(path, name=f"Model {w}-{i}")
            group.append(str(path))
        groups.append(group)
    return groups


def _listed(root: Path) -> set[str]:
    data = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    return {Path(entry["files"][0]).name for entry in data["models"]}


def test_threads_with_separate_registries_lose_no_entry(tmp_path):
    root = tmp_path / "models"
    groups = _files(tmp_path, WRITERS)
    threads = [threading.Thread(target=_link_all, args=(str(root), group)) for group in groups]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert _listed(root) == {Path(f).name for group in groups for f in group}


def test_processes_lose_no_entry(tmp_path):
    root = tmp_path / "models"
    groups = _files(tmp_path, WRITERS)
    spawn = multiprocessing.get_context("spawn")
    procs = [spawn.Process(target=_link_all, args=(str(root), group)) for group in groups]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    assert _listed(root) == {Path(f).name for group in groups for f in group}


def test_one_lock_per_folder_in_a_process_and_one_registry_when_shared(tmp_path):
    root = tmp_path / "models"
    root.mkdir()
    assert manifest_lock(root) is manifest_lock(root / ".." / "models")
    assert Registry(root)._lock is Registry(root)._lock
    assert Registry.shared(root) is Registry.shared(root)


def test_the_file_lock_is_held_once_and_released(tmp_path):
    import fcntl

    root = tmp_path / "models"
    root.mkdir()
    lock = manifest_lock(root)
    with lock.held():
        with lock.held():  # re-entrant in one thread
            fd = os.open(root / LOCK_NAME, os.O_RDWR)
            try:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    locked_elsewhere = False
                except BlockingIOError:
                    locked_elsewhere = True
            finally:
                os.close(fd)
            assert locked_elsewhere
    fd = os.open(root / LOCK_NAME, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # free again
    finally:
        os.close(fd)
