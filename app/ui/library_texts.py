"""The Library's sentences about files: what a delete frees and what it keeps, and a short
list of the files found to adopt."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

from app.ui.model_common import format_size

MAX_LISTED = 8


def delete_text(plan: Any) -> str:
    """"This frees 4.1 GB. Files Hearth does not own are kept: a.gguf." (or why nothing is freed)."""
    kept = ", ".join(Path(p).name for p in plan.keep)
    if plan.delete and kept:
        return QCoreApplication.translate("library_texts", "This frees {size}. Files Hearth does not own are kept: "
                                                           "{files}.").format(size=format_size(plan.bytes_freed),
                                                                              files=kept)
    if plan.delete:
        return QCoreApplication.translate("library_texts", "This frees {size}.").format(
            size=format_size(plan.bytes_freed))
    if kept:
        return QCoreApplication.translate("library_texts", "Hearth does not own these files, so they stay where "
                                                           "they are: {files}. Only the Library entry is removed."
                                          ).format(files=kept)
    return QCoreApplication.translate("library_texts", "Only the Library entry is removed.")


def file_list(paths: list[Path]) -> str:
    """"• a.gguf" lines, the first ``MAX_LISTED`` of them, then "…and 3 more"."""
    names = [Path(p).name for p in paths[:MAX_LISTED]]
    more = len(paths) - len(names)
    text = "\n".join(f"• {n}" for n in names)
    if more > 0:
        text += "\n" + QCoreApplication.translate("library_texts", "…and {count} more").format(count=more)
    return text
