"""The Library's manifest file: versioned JSON, written atomically, never silently lost.

``models/manifest.json`` holds one entry per model plus cached header facts, so listing the
Library never re-reads GGUF headers. Writes go to a temporary file in the same folder, are
fsynced and then ``os.replace``d over the old manifest, so a crash leaves either the old or
the new manifest, never half of one. A manifest that cannot be read is moved aside (kept
for a person to inspect, never deleted) and the registry rebuilds from the models folder.
"""

from __future__ import annotations

import json
import logging
import os
import time
from pathlib import Path
from typing import Any

from model_store.atomic import write_atomic

log = logging.getLogger(__name__)

MANIFEST_NAME = "manifest.json"
MANIFEST_VERSION = 1


class ManifestCorrupt(Exception):
    """The manifest exists but is not a manifest this Hearth can read."""


def empty_manifest() -> dict[str, Any]:
    """A fresh manifest: no models, nothing cached."""
    return {"version": MANIFEST_VERSION, "models": [], "starter": None, "rejected": {}}


def read_manifest(path: Path) -> dict[str, Any] | None:
    """Read and shape-check the manifest.

    Args:
        path: the manifest file.

    Returns:
        The manifest dict, or None when the file does not exist.

    Raises:
        ManifestCorrupt: unreadable JSON, wrong shape, or an unknown version.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ManifestCorrupt(f"cannot read: {exc}") from exc
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ManifestCorrupt(f"not JSON: {exc}") from exc
    if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION:
        raise ManifestCorrupt(f"unknown version {data.get('version') if isinstance(data, dict) else None!r}")
    models = data.get("models")
    if not isinstance(models, list) or not all(isinstance(m, dict) for m in models):
        raise ManifestCorrupt("'models' is not a list of objects")
    if not isinstance(data.get("rejected", {}), dict):
        raise ManifestCorrupt("'rejected' is not an object")
    starter = data.get("starter")
    if starter is not None and not isinstance(starter, dict):
        raise ManifestCorrupt("'starter' is not an object")
    data.setdefault("rejected", {})
    data.setdefault("starter", None)
    return data


def write_manifest(path: Path, data: dict[str, Any]) -> None:
    """Write ``data`` atomically (see :mod:`model_store.atomic`).

    Raises:
        OSError: the folder is not writable or the disk is full (the old manifest is intact).
    """
    write_atomic(path, json.dumps(data, indent=1, ensure_ascii=False).encode("utf-8"))


def move_aside(path: Path) -> Path | None:
    """Rename a bad manifest to ``manifest.corrupt-<time>.json`` beside it; return the new path."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"manifest.corrupt-{stamp}.json")
    n = 2
    while target.exists():
        target = path.with_name(f"manifest.corrupt-{stamp}-{n}.json")
        n += 1
    try:
        os.replace(path, target)
    except OSError as exc:
        log.warning("could not move the unreadable manifest %s aside: %s", path, exc)
        return None
    log.warning("the Library manifest was unreadable; kept it as %s and rebuilt the Library", target)
    return target


def check_entry(entry: dict) -> None:
    """Shape-check one model entry.

    Raises:
        ManifestCorrupt: a required field is absent or of the wrong type.
    """
    from model_store.gguf_info import GGUFInfo

    files = entry.get("files")
    if not (isinstance(entry.get("id"), str) and isinstance(entry.get("name"), str) and isinstance(files, list)
            and files and all(isinstance(f, str) for f in files) and isinstance(entry.get("info"), dict)):
        raise ManifestCorrupt(f"malformed entry {str(entry)[:200]}")
    try:
        GGUFInfo.from_dict(entry["info"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ManifestCorrupt(f"malformed info in entry {entry['id']!r}: {exc}") from exc
