"""Removing a model from the Library: what would go, what stays, and deleting only Hearth's files.

A :class:`DeletePlan` lists the files deleting a model would remove (owned files inside the
models folder) and the ones it keeps (linked, adopted or otherwise not Hearth's). Carrying a
plan out re-checks every file against the model's manifest entry, so a stale or hand-made
plan never deletes a file Hearth does not own, a file outside the models folder, or a
symlink's target. :class:`~model_store.registry.Registry` calls these under its lock and
saves the manifest afterwards.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from model_store.errors import RegistryError
from model_store.library_files import file_size, from_stored, inside, remove_empty_parents
from model_store.texts import QT_TRANSLATE_NOOP, Sentence

if TYPE_CHECKING:
    from model_store.registry import LocalModel

log = logging.getLogger(__name__)

DELETING = "deleting"
"""A manifest entry's mark while its files are deleted. Saved before the first file goes, so a
process killed half way leaves the mark, and the next look at the Library finishes the job
instead of listing a half-deleted model (or, had the entry gone first, finding its leftover
files again as a new import)."""


@dataclass
class DeletePlan:
    """What deleting a model would do: ``delete`` (owned files), ``keep`` (not Hearth's)."""

    model: LocalModel
    delete: list[Path]
    keep: list[Path]
    bytes_freed: int


def plan_deletion(root: Path, model: LocalModel) -> DeletePlan:
    """What removing ``model`` from the Library in ``root`` would delete and keep; nothing changes.

    Raises:
        RegistryError: it is the built-in starter model.
    """
    if model.source == "starter":
        raise RegistryError(Sentence(QT_TRANSLATE_NOOP(
            "model_store", "{name} is Hearth's built-in starter model and cannot be removed; "
            "it takes no space in your models folder."), name=model.name))
    delete, keep = [], []
    for file in model.files:
        if model.owned and inside(root, file) and not file.is_symlink():
            if file.exists():
                delete.append(file)
        elif file.exists():
            keep.append(file)
    return DeletePlan(model, delete, keep, sum(file_size(f) for f in delete))


def delete_owned_files(root: Path, entry: dict[str, Any], plan: DeletePlan) -> int:
    """Delete the plan's files that ``entry`` (the model's manifest entry) says Hearth owns.

    Files not owned, outside ``root`` or symlinks are skipped; emptied folders inside ``root``
    are removed. The entry itself is left for the caller to forget.

    Returns:
        Bytes freed.

    Raises:
        RegistryError: a file could not be deleted (files before it are already gone).
    """
    owned = {os.path.abspath(from_stored(root, f)) for f in entry["files"] if entry.get("owned")}
    freed = 0
    for file in plan.delete:
        if os.path.abspath(file) not in owned or not inside(root, file) or file.is_symlink():
            continue
        size = file_size(file)
        try:
            file.unlink(missing_ok=True)
        except OSError as exc:
            raise RegistryError(Sentence(QT_TRANSLATE_NOOP(
                "model_store", "Hearth could not delete {name}: {reason}. Close any program using it and try again."),
                name=file.name, reason=str(exc.strerror or exc)), repr(exc)) from exc
        freed += size
        remove_empty_parents(file.parent, root)
    return freed


def carry_out(root: Path, data: dict[str, Any], entry: dict[str, Any], plan: DeletePlan,
              save: Callable[[dict[str, Any]], None]) -> int:
    """Delete the model of ``entry`` (in the manifest ``data``, saved with ``save``) as ``plan``
    says: mark it, delete its owned files, forget it. Returns bytes freed.

    Raises:
        RegistryError: a file could not be deleted (the entry is kept, unmarked), or the manifest
            could not be saved.
    """
    entry[DELETING] = True
    save(data)  # the intent first: a run killed half way is finished by the next one
    try:
        freed = delete_owned_files(root, entry, plan)
    except RegistryError:
        entry.pop(DELETING)
        try:
            save(data)
        except RegistryError as exc:  # the mark stays: the next look finishes (or retries) the job
            log.warning("%s (%s)", exc, exc.detail)
        raise
    data["models"].remove(entry)
    save(data)
    return freed


def finish_interrupted(root: Path, data: dict[str, Any], to_model: Callable[[dict], LocalModel]) -> bool:
    """Finish the deletions a killed process began in the manifest ``data`` (entries marked
    :data:`DELETING`): their owned files go and the entries with them. An entry whose file cannot
    be deleted now stays, unmarked (listed as missing if some of its files are gone).

    Returns:
        Whether ``data`` changed (the caller saves it).
    """
    changed = False
    for entry in [e for e in data["models"] if e.get(DELETING)]:
        model = to_model(entry)
        try:
            delete_owned_files(root, entry, DeletePlan(model, [f for f in model.files if f.exists()], [], 0))
        except RegistryError as exc:
            log.warning("could not finish deleting %s: %s", model.name, exc.detail or exc)
            entry.pop(DELETING)
        else:
            log.info("finished deleting %s (a run was stopped half way)", model.name)
            data["models"].remove(entry)
        changed = True
    return changed
