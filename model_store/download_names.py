"""Where a file from the Hub is kept on this computer: safe, flat names under the models folder.

Hub file names are the repository owner's to choose: ``..``, absolute paths, drive letters,
Windows' reserved names and very long names all become one safe file name inside the models
folder (``<models>/<owner>__<name>/<file>``, its bytes gathering in
``<models>/downloads/<owner>__<name>__<file>.part``).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path, PurePosixPath

from model_store import locations as paths
from model_store.errors import DownloadError
from model_store.texts import QT_TRANSLATE_NOOP, Sentence

MAX_NAME = 200   # file systems allow 255 bytes per name; room is left for ".part" and a repository prefix


def safe_name(name: str) -> str:
    """One safe path component: separators, ``..`` and odd characters become ``_``; no leading dot."""
    name = re.sub(r"[^A-Za-z0-9._+\-() ]", "_", name).strip(" .")
    if name.split(".")[0].upper() in {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)),
                                      *(f"LPT{i}" for i in range(10))}:
        name = "_" + name
    if len(name) > 200:  # keep the extension
        stem, dot, ext = name.rpartition(".")
        name = stem[:190] + dot + ext[:9] if dot and len(ext) < 10 else name[:200]
    return name


def safe_filename(filename: str) -> str:
    """A Hub file name flattened to one safe file name (``sub/dir/x.gguf`` → ``sub__dir__x.gguf``);
    ``..``, absolute paths and drive letters are dropped. Raises DownloadError when nothing is left."""
    parts = [p for p in PurePosixPath(filename.replace("\\", "/")).parts if p not in ("/", ".", "..", "")]
    parts = [safe_name(p.replace(":", "_")) for p in parts]
    flat = "__".join(p for p in parts if p)
    if not flat or set(flat) <= {"_", "."}:
        raise DownloadError(Sentence(QT_TRANSLATE_NOOP(
            "model_store", "This file has no usable name, so Hearth won't save it.")),
            detail=repr(filename))
    return shorten(flat, MAX_NAME)


def shorten(name: str, limit: int) -> str:
    """``name`` when it fits in ``limit`` characters, else its start, a short hash of the whole
    (so two long names stay apart) and its extension."""
    if len(name) <= limit:
        return name
    stem, dot, ext = name.rpartition(".")
    ext = dot + ext if dot and len(ext) < 10 else ""
    stem = name[: len(name) - len(ext)]
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:10]
    return f"{stem[: limit - len(ext) - 11]}-{digest}{ext}"


def repo_folder(repo_id: str) -> str:
    """``owner/name`` → ``owner__name`` (each part made safe)."""
    owner, _, name = repo_id.partition("/")
    return shorten("__".join(p for p in (safe_name(owner), safe_name(name)) if p) or "unknown", MAX_NAME)


def target_path(repo_id: str, filename: str) -> Path:
    """Where a downloaded file lands: ``<models>/<owner>__<name>/<safe file name>``."""
    return paths.models_dir() / repo_folder(repo_id) / safe_filename(filename)


def part_path(repo_id: str, filename: str) -> Path:
    """Where its bytes gather meanwhile: ``<models>/downloads/<owner>__<name>__<file>.part``."""
    return paths.models_dir() / "downloads" / (shorten(f"{repo_folder(repo_id)}__{safe_filename(filename)}", 240)
                                               + ".part")
