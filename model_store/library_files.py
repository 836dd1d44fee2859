"""File work for the Library: all-or-nothing copies with a running SHA-256, and tidy deletes.

A copy writes each file to a hidden temporary name beside its destination, fsyncs it, and
only when every file (every shard) is complete renames them into place with ``os.replace``.
Any failure or a cancel removes every temporary and already-placed file: nothing is left. A
process killed mid-copy leaves its temporary file, locked while it lived
(:mod:`model_store.temp_lock`): the next import removes it (:func:`sweep_stale_imports`).
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import time
import uuid
from pathlib import Path
from typing import Any, Callable

from model_store.atomic import fsync_dir
from model_store.adoptable import is_model_candidate
from model_store.errors import GGUFFormatError, RegistryError
from model_store.gguf_info import SHARD_RE, GGUFInfo, read_gguf_info, shard_paths
from model_store import temp_lock
from model_store.texts import QT_TRANSLATE_NOOP, Sentence
from model_store.units import format_size

log = logging.getLogger(__name__)

COPY_CHUNK = 4 * 1024 * 1024
PROGRESS_INTERVAL_S = 0.05
TEMP_SUFFIX = ".importing"
SPACE_MARGIN = 64 * 1024 * 1024  # free space an import leaves on the disk beyond the copy


def slugify(text: str) -> str:
    """A stable id from a name: lower-case letters, digits and dashes ("model")."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "model"


def model_name_for(path: Path) -> str:
    """The display name of a file: its name without ``.gguf`` and a shard suffix."""
    match = SHARD_RE.match(path.name)
    if match:
        return match["stem"]
    return path.name[:-5] if path.name.lower().endswith(".gguf") else path.name


def inside(root: Path, path: Path) -> bool:
    """True when ``path`` is ``root`` or below it (lexically, links not followed)."""
    try:
        Path(os.path.abspath(path)).relative_to(os.path.abspath(root))
    except ValueError:
        return False
    return True


def to_stored(root: Path, path: Path) -> str:
    """How a path is kept in the manifest: relative inside ``root`` (the folder may move)."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        return str(absolute)


def from_stored(root: Path, stored: str) -> Path:
    """The inverse of :func:`to_stored`."""
    path = Path(stored)
    return path if path.is_absolute() else root / path


def unregistered_files(root: Path, known: set[str]) -> list[Path]:
    """Model files (first shards) under ``root`` whose absolute path is not in ``known``.

    Hidden folders and ``root/downloads`` (partial downloads) are skipped.
    """
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        if dirpath == str(root):
            dirnames[:] = [d for d in dirnames if d != "downloads"]
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if is_model_candidate(name):
                file = Path(dirpath) / name
                if os.path.abspath(file) not in known:
                    found.append(file)
    return found


def find_new_models(root: Path, known: set[str],
                    rejected: dict[str, list]) -> tuple[list[tuple[list[Path], GGUFInfo]], bool]:
    """Read the headers of model files under ``root`` that are not ``known``.

    Files that are not usable GGUF models are remembered in ``rejected`` (stored path ->
    the shards' ``stat_key``s) and not read again until they change; entries for files
    that are gone are dropped.

    Returns:
        ``([(files, info), ...], rejected_changed)``.
    """
    found: list[tuple[list[Path], GGUFInfo]] = []
    changed = False
    for file in unregistered_files(root, known):
        try:
            files = shard_paths(file)
        except GGUFFormatError:
            files = [file]
        signature = [stat_key(f) for f in files if f.exists()]
        rel = to_stored(root, file)
        if rejected.get(rel) == signature:
            continue
        try:
            info = read_gguf_info(file)
        except GGUFFormatError as exc:
            log.info("not a usable model in the models folder: %s (%s)", file, exc.detail)
            rejected[rel], changed = signature, True
            continue
        changed |= rejected.pop(rel, None) is not None
        found.append((files, info))
        known.update(os.path.abspath(f) for f in files)
    for rel in [r for r in rejected if not from_stored(root, r).exists()]:
        del rejected[rel]
        changed = True
    return found, changed


def destinations(root: Path, files: list[Path], name: str) -> list[Path]:
    """Free destinations in ``root``: the files' own names, or a fresh ``"<name> (n)"`` subfolder.

    Shards keep their names (llama.cpp finds the others by name), so a clash moves the whole
    set into a subfolder rather than renaming files.
    """
    dests = [root / f.name for f in files]
    n = 2
    while any(d.exists() for d in dests):
        folder = root / f"{name} ({n})"
        dests = [folder / f.name for f in files]
        n += 1
    return dests


def copy_into(files: list[Path], dests: list[Path], total: int,
              progress: Callable[[float], Any] | None = None) -> tuple[list[Path], list[str]]:
    """Copy ``files`` to ``dests``, hashing while copying; all or nothing.

    Args:
        files: sources, in order.
        dests: where each goes (folders are created).
        total: bytes of all sources (for the progress fraction).
        progress: called with the fraction done (at most ~20 times a second, and with 1.0 at
            the end); returning False cancels.

    Returns:
        ``(dests, sha256 hex digests)``.

    Raises:
        RegistryError: reading or writing failed, or the copy was cancelled.
    """
    temps: list[Path] = []
    placed: list[Path] = []
    hashes: list[str] = []
    done, last = 0, 0.0
    buf = bytearray(COPY_CHUNK)
    view = memoryview(buf)
    try:
        for src, dest in zip(files, dests):
            dest.parent.mkdir(parents=True, exist_ok=True)
            tmp = dest.parent / f".{dest.name}.{uuid.uuid4().hex[:8]}{TEMP_SUFFIX}"
            temps.append(tmp)
            digest = hashlib.sha256()
            with src.open("rb") as fin, tmp.open("xb") as fout:
                temp_lock.try_lock(fout.fileno())  # held while this process lives: a kill leaves a leftover
                while n := fin.readinto(buf):
                    digest.update(view[:n])
                    fout.write(view[:n])
                    done += n
                    now = time.monotonic()
                    if progress is not None and now - last >= PROGRESS_INTERVAL_S:
                        last = now
                        if progress(min(done / total, 1.0) if total else 1.0) is False:
                            raise RegistryError(Sentence(QT_TRANSLATE_NOOP(
                                "model_store", "The import of {name} was cancelled; nothing was kept."),
                                name=files[0].name))
                fout.flush()
                os.fsync(fout.fileno())
            hashes.append(digest.hexdigest())
        for tmp, dest in zip(temps, dests):
            os.replace(tmp, dest)
            placed.append(dest)
    except OSError as exc:
        cleanup(temps + placed)
        raise RegistryError(Sentence(QT_TRANSLATE_NOOP(
            "model_store", "Hearth could not copy {name} into its models folder: {reason}. Check free disk space, "
            "or link the file in place."), name=files[0].name, reason=str(exc.strerror or exc)),
                            repr(exc)) from exc
    except BaseException:
        cleanup(temps + placed)
        raise
    for dest in {d.parent for d in dests}:
        fsync_dir(dest)
    if progress is not None:
        progress(1.0)
    return dests, hashes


def copy_in(root: Path, files: list[Path], total: int,
            progress: Callable[[float], Any] | None) -> tuple[list[Path], list[str]]:
    """Copy a model's ``files`` (``total`` bytes) into the models folder ``root`` under its own
    name; returns the copies and their SHA-256 hashes.

    Raises:
        RegistryError: too little free space (checked first, with a margin), or the copy failed.
    """
    free = shutil.disk_usage(root).free
    if free < total + SPACE_MARGIN:
        raise RegistryError(Sentence(QT_TRANSLATE_NOOP(
            "model_store", "There is not enough free disk space to copy {name} ({needed} needed, {free} free). "
            "Free some space, or link the file in place."), name=files[0].name,
            needed=format_size(total), free=format_size(free)))
    return copy_into(files, destinations(root, files, model_name_for(files[0])), total, progress)


def sweep_stale_imports(root: Path) -> int:
    """Remove the hidden copies that imports killed mid-copy left under ``root``; returns how many."""
    temps = [Path(dirpath) / name for dirpath, _dirs, names in os.walk(root)
             for name in names if name.startswith(".") and name.endswith(TEMP_SUFFIX)]
    return temp_lock.sweep(temps, "partial import")


def cleanup(paths: list[Path]) -> None:
    """Remove these files if present (best effort, logged)."""
    for path in paths:
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("could not remove %s after a failed import: %s", path, exc)


def remove_empty_parents(folder: Path, root: Path) -> None:
    """Remove ``folder`` and its parents while they are empty and strictly inside ``root``."""
    root_abs = os.path.abspath(root)
    while True:
        here = os.path.abspath(folder)
        if here == root_abs or not here.startswith(root_abs + os.sep):
            return
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def stat_key(path: Path) -> list[int]:
    """``[size, mtime_ns]`` of a file (following links), or ``[]`` when it cannot be read."""
    try:
        st = os.stat(path)
    except OSError:
        return []
    return [st.st_size, st.st_mtime_ns]


def file_size(path: Path) -> int:
    """Bytes of a file, 0 when it cannot be read."""
    try:
        return path.stat().st_size
    except OSError:
        return 0
