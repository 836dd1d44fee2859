"""GGUF files other tools already downloaded: the Hugging Face cache and LM Studio's folders.

Nothing here reads a header or changes a file; it only finds candidates and says where
they came from, so the registry can link them in place (Hearth never deletes them).

Hugging Face cache layout (``huggingface_hub``)::

    <hub>/models--<owner>--<name>/snapshots/<revision>/<path in repo>   (symlinks ...)
    <hub>/models--<owner>--<name>/blobs/<sha256>                        (... to these)

LM Studio layout: ``<models>/<publisher>/<repo>/<file>.gguf``.
"""

from __future__ import annotations

import os
from pathlib import Path

from model_store.gguf_info import SHARD_RE


def hf_hub_cache() -> Path:
    """The Hugging Face hub cache: ``HF_HUB_CACHE``, else ``HF_HOME/hub``, else the default."""
    if os.environ.get("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"]).expanduser()
    if os.environ.get("HF_HOME"):
        return Path(os.environ["HF_HOME"]).expanduser() / "hub"
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "huggingface" / "hub"


def lm_studio_dirs() -> list[Path]:
    """LM Studio's model folders (current and older layout)."""
    home = Path.home()
    return [home / ".lmstudio" / "models", home / ".cache" / "lm-studio" / "models"]


def is_model_candidate(name: str) -> bool:
    """A ``.gguf`` that is a chat model's first (or only) file, not a vision projector."""
    lowered = name.lower()
    if not lowered.endswith(".gguf") or lowered.startswith(("mmproj", ".")):
        return False
    match = SHARD_RE.match(name)
    return match is None or int(match["index"]) == 1


def find_hf_cache_files(hub: Path | None = None) -> list[Path]:
    """Model files in the Hugging Face cache, as snapshot paths, one per blob (newest snapshot).

    Broken links (blob missing: an unfinished download) are skipped.
    """
    hub = hub or hf_hub_cache()
    found: list[Path] = []
    seen: set[str] = set()
    try:
        repos = sorted(p for p in hub.iterdir() if p.name.startswith("models--") and p.is_dir())
    except OSError:
        return []
    for repo in repos:
        snapshots = repo / "snapshots"
        try:
            revisions = sorted((p for p in snapshots.iterdir() if p.is_dir()),
                               key=lambda p: p.stat().st_mtime, reverse=True)
        except OSError:
            continue
        for revision in revisions:
            for file in _walk_gguf(revision):
                real = os.path.realpath(file)
                if real in seen or not os.path.isfile(real):
                    continue
                seen.add(real)
                found.append(file)
    return found


def find_lm_studio_files(folders: list[Path] | None = None) -> list[Path]:
    """Model files in LM Studio's folders."""
    found: list[Path] = []
    seen: set[str] = set()
    for folder in folders if folders is not None else lm_studio_dirs():
        for file in _walk_gguf(folder):
            real = os.path.realpath(file)
            if real not in seen and os.path.isfile(real):
                seen.add(real)
                found.append(file)
    return found


def describe_origin(path: Path) -> tuple[str, str, str]:
    """``(source, source_repo, source_file)`` for a file found by this module (else "link")."""
    absolute = Path(os.path.abspath(path))
    hub = Path(os.path.abspath(hf_hub_cache()))
    try:
        rel = absolute.relative_to(hub)
    except ValueError:
        rel = None
    if rel is not None and len(rel.parts) >= 4 and rel.parts[0].startswith("models--") and rel.parts[1] == "snapshots":
        repo = rel.parts[0].removeprefix("models--").replace("--", "/", 1)
        return "huggingface-cache", repo, "/".join(rel.parts[3:])
    for folder in lm_studio_dirs():
        try:
            rel = absolute.relative_to(os.path.abspath(folder))
        except ValueError:
            continue
        repo = "/".join(rel.parts[:2]) if len(rel.parts) >= 3 else ""
        return "lm-studio", repo, rel.parts[-1]
    return "link", "", ""


def _walk_gguf(folder: Path, max_depth: int = 6) -> list[Path]:
    """Candidate files under ``folder`` (symlinks to files included), sorted, bounded depth."""
    out: list[Path] = []
    root_depth = len(folder.parts)
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        if len(Path(dirpath).parts) - root_depth >= max_depth:
            dirnames.clear()
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        out.extend(Path(dirpath) / name for name in sorted(filenames) if is_model_candidate(name))
    return out
