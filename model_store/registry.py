"""The Library: every model Hearth knows, where its files are, and whether Hearth may delete them.

Entries live in ``models/manifest.json`` (see :mod:`model_store.manifest`) with each file's
header facts cached, so listing 100 models takes milliseconds. Hearth *owns* what it copied
or downloaded into its models folder and may delete it; linked files (imported in place,
adopted from the Hugging Face cache or LM Studio) and the built-in starter model are never
deleted, only forgotten. GGUF files found in the models folder without an entry (placed
there by hand, or a manifest rebuilt after corruption) are registered as owned imports.

Thread-safe within a process (one lock); the manifest is re-read before every change, so a
CLI and the app working on the same Library do not drop each other's entries.
"""

from __future__ import annotations

import functools
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from model_store import locations as paths
from model_store import adoptable
from model_store.errors import GGUFFormatError, RegistryError
from model_store.gguf_info import GGUFInfo, read_gguf_info, shard_paths
# DeletePlan is re-exported: ``from model_store.registry import DeletePlan`` is the usual import.
from model_store.library_delete import DeletePlan, carry_out, finish_interrupted, plan_deletion  # noqa: F401
from model_store.library_files import (copy_in, find_new_models, from_stored, inside, model_name_for,
                                       remove_empty_parents, slugify, stat_key, sweep_stale_imports, to_stored)
from model_store.manifest import (MANIFEST_NAME, ManifestCorrupt, check_entry, empty_manifest, move_aside,
                                  read_manifest, write_manifest)
from model_store.manifest_lock import manifest_lock
from model_store.starter import STARTER_LICENSE, STARTER_NAME, starter_model_path
from model_store.texts import QT_TRANSLATE_NOOP, Sentence

log = logging.getLogger(__name__)

SOURCES = ("starter", "import", "link", "download", "huggingface-cache", "lm-studio")
Progress = Callable[[float], Any]


@dataclass(frozen=True)
class LocalModel:
    """One model in the Library. ``path`` is its first file; ``files`` all of them (shards)."""

    id: str
    name: str
    path: Path
    files: tuple[Path, ...]
    owned: bool
    source: str
    source_repo: str = ""
    source_file: str = ""
    sha256: str = ""
    added_at: str = ""
    info: GGUFInfo | None = None
    provenance: dict = field(default_factory=dict, compare=False, hash=False)
    missing: bool = False

    @property
    def size(self) -> int:
        """Bytes of all its files (from the header cache)."""
        return self.info.file_size if self.info else 0


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


class Registry:
    """The Library in ``root`` (default: ``paths.models_dir()``).

    Args:
        root: the models folder holding ``manifest.json`` and owned files.
    """

    def __init__(self, root: Path | None = None) -> None:
        self.root = Path(root) if root is not None else paths.models_dir()
        self.root.mkdir(parents=True, exist_ok=True)
        self.manifest_path = self.root / MANIFEST_NAME
        self._lock = manifest_lock(self.root)  # shared by every Registry on this folder, and other processes

    @classmethod
    def shared(cls, root: Path | None = None) -> "Registry":
        """The one Registry of this process for ``root`` (default: Hearth's models folder)."""
        return _shared(os.path.realpath(Path(root) if root is not None else paths.models_dir()))

    # -- reading ---------------------------------------------------------------------------

    def models(self) -> list[LocalModel]:
        """Every model: the starter first (when installed), then the rest by name.

        Entries whose files vanished are listed with ``missing=True``; GGUF files found in the
        models folder without an entry are registered on the way.
        """
        with self._lock.held():
            data = self._load()
            changed = finish_interrupted(self.root, data, lambda e: self._to_model(e)[0])
            changed |= self._scan_models_folder(data)
            out = []
            starter, starter_changed = self._starter(data)
            changed |= starter_changed
            if starter is not None:
                out.append(starter)
            rest = []
            for entry in data["models"]:
                model, entry_changed = self._to_model(entry)
                rest.append(model)
                changed |= entry_changed
            if changed:
                try:
                    self._save(data)
                except RegistryError as exc:   # a cache update failing must not hide the Library
                    log.warning("%s (%s)", exc, exc.detail)
        rest.sort(key=lambda m: (m.name.casefold(), m.id))
        return out + rest

    def get(self, name_or_id: str) -> LocalModel | None:
        """The model with this id or name (exact, then case-insensitive, then file name), or None."""
        models = self.models()
        for match in (lambda m: m.id == name_or_id, lambda m: m.name == name_or_id,
                      lambda m: m.name.casefold() == name_or_id.casefold(),
                      lambda m: m.path.name == name_or_id or m.path.stem == name_or_id):
            for model in models:
                if match(model):
                    return model
        return None

    # -- adding ----------------------------------------------------------------------------

    def import_file(self, path: Path | str, *, link: bool = False, progress: Progress | None = None,
                    provenance: dict | None = None) -> LocalModel:
        """Add a GGUF file (every shard of a split model) to the Library.

        Args:
            path: the file (for a split model, its first shard).
            link: True: use the file where it is (not owned, never deleted); False: copy it
                into the models folder (owned), hashing it on the way.
            progress: called with the copied fraction (0.0-1.0); returning False cancels.
            provenance: free-form facts to keep with the entry.

        Returns:
            The new entry (or the existing one when the same file is already in the Library).

        Raises:
            GGUFFormatError: the file is not a readable GGUF (checked before anything is copied).
            RegistryError: the copy failed or was cancelled (nothing is left behind), or the
                disk is too full.
        """
        path = Path(os.path.abspath(Path(path).expanduser()))
        if path.is_dir():
            raise RegistryError(Sentence(QT_TRANSLATE_NOOP(
                "model_store", "{path} is a folder; choose the .gguf file inside it."), path=str(path)))
        starter = starter_model_path()
        if starter is not None and os.path.abspath(starter) == str(path):
            found = next((m for m in self.models() if m.source == "starter"), None)
            if found is not None:
                return found
        info = read_gguf_info(path)
        files = shard_paths(path)
        in_root = inside(self.root, files[0])
        with self._lock.held():
            entry = self._find_entry(self._load(), files)
        if entry is not None and (link or in_root):
            return self._to_model(entry)[0]
        if link or in_root:
            source, repo, source_file = ("import", "", "") if in_root else adoptable.describe_origin(files[0])
            return self._add(files, info, owned=in_root, source=source, source_repo=repo,
                             source_file=source_file, provenance=provenance)
        sweep_stale_imports(self.root)  # what an import killed mid-copy left behind
        dests, hashes = copy_in(self.root, files, info.file_size, progress)
        prov = dict(provenance or {}, imported_from=str(files[0]))
        if len(files) > 1:
            prov["file_sha256"] = dict(zip((d.name for d in dests), hashes))
        try:
            return self._add(dests, info, owned=True, source="import", sha256=hashes[0], provenance=prov)
        except BaseException:
            for dest in dests:
                dest.unlink(missing_ok=True)
            remove_empty_parents(dests[0].parent, self.root)
            raise

    def register_download(self, path: Path | str, *, repo: str, filename: str, sha256: str | None,
                          provenance: dict | None = None) -> LocalModel:
        """Register a downloaded model already placed in the models folder (owned).

        Args:
            path: its first file; repo, filename: where on the Hub it came from; sha256: as verified.

        Raises:
            GGUFFormatError: the file is not a readable GGUF.
        """
        path = Path(os.path.abspath(path))
        info = read_gguf_info(path)
        files = shard_paths(path)
        with self._lock.held():
            data = self._load()
            entry = self._find_entry(data, files)
            if entry is not None:   # found by a folder scan first, or downloaded again
                entry.update(owned=True, source="download", source_repo=repo, source_file=filename,
                             sha256=sha256 or "", info=info.to_dict(), stat=stat_key(files[0]))
                if provenance:
                    entry.setdefault("provenance", {}).update(provenance)
                self._save(data)
                return self._to_model(entry)[0]
        return self._add(files, info, owned=True, source="download", source_repo=repo, source_file=filename,
                         sha256=sha256 or "", provenance=provenance)

    def find_adoptable(self) -> list[Path]:
        """GGUF models in the Hugging Face cache and LM Studio's folders not yet in the Library.

        One path per model (the first shard), one per blob, snapshot paths for the HF cache.
        """
        found = adoptable.find_hf_cache_files() + adoptable.find_lm_studio_files()
        with self._lock.held():
            data = self._load()
        known = {os.path.realpath(from_stored(self.root, f)) for e in data["models"] for f in e["files"]}
        out, seen = [], set()
        for path in found:
            real = os.path.realpath(path)
            if real not in known and real not in seen:
                seen.add(real)
                out.append(path)
        return out

    def adopt(self, paths_: Iterable[Path]) -> list[LocalModel]:
        """Link these files in place (not owned). Unreadable files are skipped and logged.

        Returns:
            The models added (or already present), in order.
        """
        added = []
        for path in paths_:
            try:
                added.append(self.import_file(path, link=True))
            except (GGUFFormatError, RegistryError) as exc:
                log.warning("not adopting %s: %s (%s)", path, exc, exc.detail)
        return added

    # -- removing --------------------------------------------------------------------------

    def plan_delete(self, name_or_id: str) -> DeletePlan:
        """What removing this model would delete and keep; nothing is changed.

        Raises:
            RegistryError: no such model, or it is the built-in starter model.
        """
        model = self.get(name_or_id)
        if model is None:
            raise RegistryError(Sentence(QT_TRANSLATE_NOOP(
                "model_store", "No model called “{name}” in your Library. See the Library list for names."),
                name=name_or_id))
        return plan_deletion(self.root, model)

    def delete(self, plan: DeletePlan) -> int:
        """Carry out a plan: delete its owned files, forget the entry. Returns bytes freed.

        Only files that are (still) owned and inside the models folder are ever deleted.

        Raises:
            RegistryError: the starter model, or a file could not be deleted (entry kept).
        """
        if plan.model.source == "starter":
            raise RegistryError(Sentence(QT_TRANSLATE_NOOP(
                "model_store", "{name} is Hearth's built-in starter model and cannot be removed."),
                name=plan.model.name))
        with self._lock.held():
            data = self._load()
            entry = next((e for e in data["models"] if e["id"] == plan.model.id), None)
            if entry is None:
                return 0
            return carry_out(self.root, data, entry, plan, self._save)

    # -- internals -------------------------------------------------------------------------

    def _load(self) -> dict[str, Any]:
        try:
            data = read_manifest(self.manifest_path)
            if data is not None:
                for entry in data["models"]:
                    check_entry(entry)
                return data
        except ManifestCorrupt as exc:
            log.warning("Library manifest unreadable: %s", exc)
            move_aside(self.manifest_path)
        return empty_manifest()   # new or rebuilt: the folder scan fills it

    def _save(self, data: dict[str, Any]) -> None:
        try:
            write_manifest(self.manifest_path, data)
        except OSError as exc:
            raise RegistryError(Sentence(QT_TRANSLATE_NOOP(
                "model_store", "Hearth could not save the Library list in {folder}: {reason}. Check free disk "
                "space and permissions."), folder=str(self.root), reason=str(exc.strerror or exc)),
                                repr(exc)) from exc

    def _add(self, files: list[Path], info: GGUFInfo, *, owned: bool, source: str, source_repo: str = "",
             source_file: str = "", sha256: str = "", provenance: dict | None = None) -> LocalModel:
        with self._lock.held():
            data = self._load()
            existing = self._find_entry(data, files)
            if existing is not None:
                if (existing.get("provenance") or {}).get("found_in_models_folder"):
                    # a folder scan saw the file between its copy and this call: complete the entry
                    existing.update(owned=owned, source=source, source_repo=source_repo, source_file=source_file,
                                    sha256=sha256, provenance=dict(provenance or {}))
                    self._save(data)
                return self._to_model(existing)[0]
            entry = self._new_entry(data, files, info, owned=owned, source=source, source_repo=source_repo,
                                    source_file=source_file, sha256=sha256, provenance=provenance)
            self._save(data)
        return self._to_model(entry)[0]

    def _new_entry(self, data: dict[str, Any], files: list[Path], info: GGUFInfo, **facts: Any) -> dict:
        names = {e["name"].casefold() for e in data["models"]} | {STARTER_NAME.casefold()}
        ids = {e["id"] for e in data["models"]} | {slugify(STARTER_NAME)}
        base = model_name_for(files[0])
        name, n = base, 2
        while name.casefold() in names:
            name, n = f"{base} ({n})", n + 1
        ident, n = slugify(name), 2
        while ident in ids:
            ident, n = f"{slugify(name)}-{n}", n + 1
        entry = {"id": ident, "name": name, "files": [to_stored(self.root, f) for f in files], "added_at": _now(),
                 "info": info.to_dict(), "stat": stat_key(files[0]), **facts}
        entry["provenance"] = dict(entry.get("provenance") or {})
        data["models"].append(entry)
        return entry

    def _to_model(self, entry: dict) -> tuple[LocalModel, bool]:
        """The entry as a LocalModel; re-reads the header if the first file changed."""
        files = tuple(from_stored(self.root, f) for f in entry["files"])
        missing = not all(os.path.exists(f) for f in files)
        changed = False
        if not missing:
            key = stat_key(files[0])
            if key != entry.get("stat"):
                entry["stat"], changed = key, True
                try:
                    entry["info"] = read_gguf_info(files[0]).to_dict()
                except GGUFFormatError as exc:
                    log.warning("%s changed and is no longer readable: %s", files[0], exc.detail)
                if entry.get("sha256"):
                    entry["sha256"] = ""   # content changed: the recorded hash no longer applies
        model = LocalModel(id=entry["id"], name=entry["name"], path=files[0], files=files,
                           owned=bool(entry.get("owned")), source=entry.get("source", "import"),
                           source_repo=entry.get("source_repo") or "", source_file=entry.get("source_file") or "",
                           sha256=entry.get("sha256") or "", added_at=entry.get("added_at") or "",
                           info=GGUFInfo.from_dict(entry["info"]), provenance=dict(entry.get("provenance") or {}),
                           missing=missing)
        return model, changed

    def _starter(self, data: dict[str, Any]) -> tuple[LocalModel | None, bool]:
        """The starter model (header cached in the manifest) and whether the cache changed."""
        path = starter_model_path()
        if path is None:
            return None, False
        cached = data.get("starter") or {}
        key = [str(path), *stat_key(path)]
        info, changed = None, False
        if cached.get("key") == key:
            try:
                info = GGUFInfo.from_dict(cached["info"])
            except (KeyError, TypeError, ValueError):
                info = None
        if info is None:
            try:
                info = read_gguf_info(path)
            except GGUFFormatError as exc:
                log.warning("the starter model %s is unreadable: %s", path, exc.detail)
                return None, False
            data["starter"], changed = {"key": key, "info": info.to_dict()}, True
        return LocalModel(id=slugify(STARTER_NAME), name=STARTER_NAME, path=path, files=(path,), owned=False,
                          source="starter", info=info, provenance={"license": STARTER_LICENSE}), changed

    def _scan_models_folder(self, data: dict[str, Any]) -> bool:
        """Register GGUF files in the models folder that have no entry; True if anything changed."""
        known = {os.path.abspath(from_stored(self.root, f)) for e in data["models"] for f in e["files"]}
        found, changed = find_new_models(self.root, known, data["rejected"])
        for files, info in found:
            self._new_entry(data, files, info, owned=True, source="import", source_repo="",
                            source_file="", sha256="", provenance={"found_in_models_folder": True})
        return changed or bool(found)

    def _find_entry(self, data: dict[str, Any], files: list[Path]) -> dict | None:
        wanted = os.path.abspath(files[0])
        for entry in data["models"]:
            if os.path.abspath(from_stored(self.root, entry["files"][0])) == wanted:
                return entry
        return None


@functools.lru_cache(maxsize=None)
def _shared(folder: str) -> Registry:
    # A rare race may build two; they share one lock (manifest_lock), so either is right.
    return Registry(Path(folder))
