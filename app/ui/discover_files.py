"""A Hub repository's files as Discover shows them: grouped by quantization (split files as one
model), and the one to recommend for this computer."""

from __future__ import annotations

import re
from typing import Any

SHARD_RE = re.compile(r"-\d{5}-of-\d{5}(?=\.gguf$)", re.IGNORECASE)


def best_file(rated: list[tuple[Any, Any, Any]]) -> Any:
    """The file to recommend among ``(parts, fit, speed)`` rows: the largest (best quality) that
    fits and answers comfortably; None when none does (a crawling model is never recommended)."""
    good = [(sum(r.size or 0 for r in parts), i) for i, (parts, fit, speed) in enumerate(rated)
            if fit is not None and fit.verdict == "fits" and speed is not None and speed.comfortable]
    return rated[max(good)[1]][0] if good else None


def group_files(files: list[Any]) -> dict[str, list[list[Any]]]:
    """Quant → models, each model a list of RemoteFiles (the shards of a split file, in order).

    Groups are ordered by their smallest model, smallest first.
    """
    models: dict[tuple[str, str], list[Any]] = {}
    for remote in files:
        key = (remote.quant or "other", SHARD_RE.sub("", remote.filename))
        models.setdefault(key, []).append(remote)
    groups: dict[str, list[list[Any]]] = {}
    for (quant, _name), parts in models.items():
        parts.sort(key=lambda r: getattr(r, "shard_index", 0) or 0)
        groups.setdefault(quant, []).append(parts)
    size = lambda parts: sum(r.size or 0 for r in parts)  # noqa: E731
    return dict(sorted(groups.items(), key=lambda kv: min(size(p) for p in kv[1])))
