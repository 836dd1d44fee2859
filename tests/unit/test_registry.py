"""The Library: import (copy/link), adoption, deletion, the manifest and its recovery."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from pathlib import Path

import pytest

from app import paths
from model_store import library_files, manifest
from model_store.errors import GGUFFormatError, RegistryError
from model_store.manifest_lock import LOCK_NAME
from model_store.registry import DeletePlan, Registry
from model_store.resolve import known_models, resolve_model
from model_store.starter import STARTER_NAME, starter_model_path
from tests.gguf_factory import write_gguf, write_split

STARTER = starter_model_path()


@pytest.fixture(autouse=True)
def private_home(tmp_path, monkeypatch):
    """A fake HOME with no Hugging Face or LM Studio settings leaking in."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for var in ("HF_HOME", "HF_HUB_CACHE", "XDG_CACHE_HOME"):
        monkeypatch.delenv(var, raising=False)
    return home


@pytest.fixture
def outside(tmp_path):
    """A folder outside the models folder with a small model in it."""
    folder = tmp_path / "elsewhere"
    write_gguf(folder / "Tiny.gguf")
    return folder


def _leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.rglob("*") if p.name not in (manifest.MANIFEST_NAME, LOCK_NAME))


# -- listing -------------------------------------------------------------------------------------

@pytest.mark.skipif(STARTER is None, reason="the starter model is not installed")
def test_starter_is_always_listed_first_and_not_removable(outside):
    reg = Registry()
    reg.import_file(outside / "Tiny.gguf", link=True)
    first = reg.models()[0]
    assert (first.name, first.source, first.owned, first.path) == (STARTER_NAME, "starter", False, STARTER)
    assert first.info.quant_type == "Q4_1"
    with pytest.raises(RegistryError, match="starter model and cannot be removed"):
        reg.plan_delete(STARTER_NAME)
    with pytest.raises(RegistryError):
        reg.delete(DeletePlan(first, [STARTER], [], 1))
    assert STARTER.exists()
    assert reg.import_file(STARTER, link=True).source == "starter"   # no second entry
    assert [m.source for m in reg.models()].count("starter") == 1


def test_get_by_id_name_and_case(outside):
    reg = Registry()
    model = reg.import_file(outside / "Tiny.gguf", link=True)
    assert reg.get(model.id) == model
    assert reg.get("Tiny") == model and reg.get("tiny") == model and reg.get("Tiny.gguf") == model
    assert reg.get("nothing") is None


# -- import --------------------------------------------------------------------------------------

def test_import_copy_hashes_and_reports_progress(outside):
    source = outside / "Tiny.gguf"
    fractions: list[float] = []
    model = Registry().import_file(source, progress=fractions.append)
    assert model.owned and model.source == "import" and model.name == "Tiny"
    assert model.path.parent == paths.models_dir() and model.path.read_bytes() == source.read_bytes()
    assert model.sha256 == hashlib.sha256(source.read_bytes()).hexdigest()
    assert fractions[-1] == 1.0 and fractions == sorted(fractions)
    assert model.info.n_layers == 2 and model.added_at.endswith("Z")
    assert model.provenance["imported_from"] == str(source)
    assert source.exists()
    assert _leftovers(paths.models_dir()) == ["Tiny.gguf"]


def test_import_link_keeps_the_file_in_place(outside):
    reg = Registry()
    model = reg.import_file(outside / "Tiny.gguf", link=True)
    assert (model.owned, model.source, model.path) == (False, "link", outside / "Tiny.gguf")
    assert _leftovers(paths.models_dir()) == []
    assert reg.import_file(outside / "Tiny.gguf", link=True) == model     # same file: same entry
    assert len(reg.models()) == (2 if STARTER else 1)


def test_duplicate_names_get_a_number(tmp_path):
    a = write_gguf(tmp_path / "a" / "Model.gguf")
    b = write_gguf(tmp_path / "b" / "Model.gguf", layers=3)
    reg = Registry()
    first, second, third = reg.import_file(a), reg.import_file(b), reg.import_file(a, link=True)
    assert [first.name, second.name, third.name] == ["Model", "Model (2)", "Model (3)"]
    assert len({first.id, second.id, third.id}) == 3
    assert second.path == paths.models_dir() / "Model (2)" / "Model.gguf"   # a copy never overwrites
    assert first.path.read_bytes() == a.read_bytes() and second.path.read_bytes() == b.read_bytes()


def test_import_rejects_bad_files_before_copying(tmp_path):
    bad = tmp_path / "bad.gguf"
    bad.write_bytes(b"GGUF" + b"\xff" * 100)
    with pytest.raises(GGUFFormatError):
        Registry().import_file(bad)
    with pytest.raises(RegistryError, match="folder"):
        Registry().import_file(tmp_path)
    assert _leftovers(paths.models_dir()) == []


def test_cancelled_import_leaves_nothing(outside):
    with pytest.raises(RegistryError, match="cancelled"):
        Registry().import_file(outside / "Tiny.gguf", progress=lambda f: False)
    assert _leftovers(paths.models_dir()) == [] and Registry().get("Tiny") is None


def test_failed_split_copy_leaves_nothing(tmp_path, monkeypatch):
    shards = write_split(tmp_path / "src", "Big", 3)
    real_replace, calls = os.replace, []

    def flaky_replace(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(library_files.os, "replace", flaky_replace)
    with pytest.raises(RegistryError, match="No space left"):
        Registry().import_file(shards[0])
    assert _leftovers(paths.models_dir()) == []


def test_split_model_copy_and_delete(tmp_path):
    shards = write_split(tmp_path / "src", "Big", 3)
    reg = Registry()
    model = reg.import_file(shards[0])
    assert model.name == "Big" and [f.name for f in model.files] == [s.name for s in shards]
    assert set(model.provenance["file_sha256"]) == {s.name for s in shards}
    plan = reg.plan_delete("Big")
    assert plan.delete == list(model.files) and plan.bytes_freed == sum(s.stat().st_size for s in shards)
    assert reg.delete(plan) == plan.bytes_freed
    assert _leftovers(paths.models_dir()) == [] and all(s.exists() for s in shards)


def test_register_download(tmp_path):
    reg = Registry()
    dest = write_gguf(paths.models_dir() / "org" / "repo" / "Down-Q4.gguf")
    model = reg.register_download(dest, repo="org/repo", filename="Down-Q4.gguf", sha256="ab" * 32)
    assert (model.owned, model.source, model.source_repo, model.source_file) == (True, "download", "org/repo",
                                                                                 "Down-Q4.gguf")
    again = reg.register_download(dest, repo="org/repo", filename="Down-Q4.gguf", sha256="cd" * 32)
    assert again.id == model.id and again.sha256 == "cd" * 32 and len(reg.models()) == (2 if STARTER else 1)


def test_files_dropped_in_the_models_folder_are_found(tmp_path):
    write_gguf(paths.models_dir() / "Dropped.gguf")
    (paths.models_dir() / "notes.gguf").write_text("not a model")
    write_gguf(paths.models_dir() / "downloads" / "partial.gguf")        # the download area is not scanned
    reg = Registry()
    dropped = reg.get("Dropped")
    assert dropped is not None and dropped.owned and dropped.provenance["found_in_models_folder"]
    assert reg.get("notes") is None and reg.get("partial") is None
    assert "notes.gguf" in json.loads(reg.manifest_path.read_text())["rejected"]


# -- manifest ------------------------------------------------------------------------------------

def test_manifest_is_versioned_json_and_written_atomically(outside, monkeypatch):
    reg = Registry()
    reg.import_file(outside / "Tiny.gguf", link=True)
    data = json.loads(reg.manifest_path.read_text())
    assert data["version"] == manifest.MANIFEST_VERSION and data["models"][0]["name"] == "Tiny"
    before = reg.manifest_path.read_bytes()

    def no_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(manifest.os, "replace", no_replace)
    write_gguf(outside / "Other.gguf")
    with pytest.raises(RegistryError, match="could not save"):
        reg.import_file(outside / "Other.gguf", link=True)
    assert reg.manifest_path.read_bytes() == before                      # old manifest intact
    assert [p.name for p in reg.root.iterdir() if p.name.endswith(".tmp")] == []


def test_corrupt_manifest_is_moved_aside_and_rebuilt(outside):
    reg = Registry()
    owned = reg.import_file(outside / "Tiny.gguf")
    reg.manifest_path.write_text("{ this is not json")
    models = Registry().models()
    assert [m.path for m in models if m.source != "starter"] == [owned.path]
    assert models[-1].owned
    aside = list(reg.root.glob("manifest.corrupt-*.json"))
    assert len(aside) == 1 and aside[0].read_text() == "{ this is not json"   # kept, never deleted
    assert json.loads(reg.manifest_path.read_text())["version"] == manifest.MANIFEST_VERSION


@pytest.mark.parametrize("content", [
    '{"version": 99, "models": []}', '[]', '{"version": 1, "models": [{"id": 3}]}',
    '{"version": 1, "models": [{"id": "a", "name": "a", "files": ["x"], "info": {}}]}',
])
def test_wrong_shaped_manifests_are_recovered(content):
    reg = Registry()
    reg.manifest_path.write_text(content)
    assert all(m.source == "starter" for m in reg.models())
    assert len(list(reg.root.glob("manifest.corrupt-*.json"))) == 1


def test_missing_files_are_flagged(outside):
    reg = Registry()
    model = reg.import_file(outside / "Tiny.gguf", link=True)
    (outside / "Tiny.gguf").unlink()
    listed = reg.get(model.id)
    assert listed.missing and listed.info == model.info
    assert "Tiny" not in known_models()
    plan = reg.plan_delete(model.id)
    assert (plan.delete, plan.keep, plan.bytes_freed) == ([], [], 0)
    assert reg.delete(plan) == 0 and reg.get(model.id) is None


def test_changed_file_is_read_again(outside):
    reg = Registry()
    model = reg.import_file(outside / "Tiny.gguf", link=True)
    time.sleep(0.01)
    write_gguf(outside / "Tiny.gguf", layers=4)
    assert model.info.n_layers == 2 and reg.get(model.id).info.n_layers == 4


# -- adoption ------------------------------------------------------------------------------------

def _fake_hf_cache(hub: Path, tmp_path: Path) -> Path:
    repo = hub / "models--org--Tiny-GGUF"
    blob = write_gguf(tmp_path / "blob.gguf")
    (repo / "blobs").mkdir(parents=True)
    target = repo / "blobs" / hashlib.sha256(blob.read_bytes()).hexdigest()
    shutil.move(blob, target)
    for rev in ("aaaa", "bbbb"):                       # two revisions sharing one blob
        (repo / "snapshots" / rev).mkdir(parents=True)
        (repo / "snapshots" / rev / "Tiny-Q8_0.gguf").symlink_to(target)
    (repo / "snapshots" / "aaaa" / "Broken-Q4.gguf").symlink_to(repo / "blobs" / "missing")
    (repo / "snapshots" / "aaaa" / "mmproj-f16.gguf").symlink_to(target)
    return repo


def test_adopt_from_the_hugging_face_cache(tmp_path, monkeypatch, private_home):
    _fake_hf_cache(private_home / ".cache" / "huggingface" / "hub", tmp_path)
    reg = Registry()
    found = reg.find_adoptable()
    assert [p.name for p in found] == ["Tiny-Q8_0.gguf"] and "snapshots" in found[0].parts
    [model] = reg.adopt(found)
    assert (model.source, model.source_repo, model.source_file, model.owned) == (
        "huggingface-cache", "org/Tiny-GGUF", "Tiny-Q8_0.gguf", False)
    assert reg.find_adoptable() == []
    plan = reg.plan_delete(model.id)
    assert plan.delete == [] and plan.keep == [model.path]
    reg.delete(plan)
    assert Path(os.path.realpath(model.path)).exists()


@pytest.mark.parametrize("var", ["HF_HUB_CACHE", "HF_HOME"])
def test_hugging_face_cache_location_is_honoured(tmp_path, monkeypatch, var):
    base = tmp_path / "custom"
    _fake_hf_cache(base if var == "HF_HUB_CACHE" else base / "hub", tmp_path)
    monkeypatch.setenv(var, str(base))
    assert [p.name for p in Registry().find_adoptable()] == ["Tiny-Q8_0.gguf"]


def test_adopt_from_lm_studio(tmp_path, private_home):
    lms = write_gguf(private_home / ".lmstudio" / "models" / "pub" / "Tiny-GGUF" / "Tiny-Q4_K_M.gguf")
    old = write_gguf(private_home / ".cache" / "lm-studio" / "models" / "pub2" / "Old" / "Old.gguf")
    (lms.parent / "broken.gguf").write_bytes(b"nope")
    reg = Registry()
    found = reg.find_adoptable()
    assert {p.name for p in found} == {"Tiny-Q4_K_M.gguf", "Old.gguf", "broken.gguf"}
    adopted = reg.adopt(found)                         # the broken file is skipped
    assert {(m.source, m.source_repo, m.owned) for m in adopted} == {("lm-studio", "pub/Tiny-GGUF", False),
                                                                      ("lm-studio", "pub2/Old", False)}
    for model in adopted:
        reg.delete(reg.plan_delete(model.id))
    assert lms.exists() and old.exists()


def test_delete_never_touches_files_hearth_does_not_own(outside):
    reg = Registry()
    linked = reg.import_file(outside / "Tiny.gguf", link=True)
    forged = DeletePlan(linked, [linked.path], [], 123)
    assert reg.delete(forged) == 0
    assert (outside / "Tiny.gguf").exists() and reg.get(linked.id) is None


def test_owned_delete_frees_space(outside):
    reg = Registry()
    model = reg.import_file(outside / "Tiny.gguf")
    plan = reg.plan_delete("Tiny")
    assert plan.delete == [model.path] and plan.keep == [] and plan.bytes_freed == model.path.stat().st_size
    assert reg.delete(plan) == plan.bytes_freed and not model.path.exists()
    with pytest.raises(RegistryError, match="No model called"):
        reg.plan_delete("Tiny")


def test_a_file_that_cannot_be_deleted_keeps_the_model_unmarked(outside, monkeypatch):
    reg = Registry()
    model = reg.import_file(outside / "Tiny.gguf")
    plan = reg.plan_delete("Tiny")

    def refuse(self, missing_ok=False):
        raise PermissionError(13, "Permission denied")

    with monkeypatch.context() as patched, pytest.raises(RegistryError, match="could not delete Tiny.gguf"):
        patched.setattr(Path, "unlink", refuse)
        reg.delete(plan)
    [entry] = json.loads(reg.manifest_path.read_text())["models"]
    assert "deleting" not in entry  # the next look does not try again behind the person's back
    assert reg.get(model.id) is not None and model.path.exists()


# -- resolve and speed ---------------------------------------------------------------------------

def test_resolve_uses_the_library(outside):
    model = Registry().import_file(outside / "Tiny.gguf", link=True)
    assert known_models()["Tiny"] == model.path
    assert resolve_model("Tiny") == model.path and resolve_model(model.id) == model.path
    if STARTER is not None:
        assert next(iter(known_models())) == STARTER_NAME and resolve_model(None) == STARTER


def test_listing_100_models_is_fast(tmp_path):
    seed = write_gguf(tmp_path / "seed.gguf").read_bytes()
    reg = Registry()
    for i in range(100):
        path = tmp_path / "lib" / f"Model-{i:03d}.gguf"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(seed)
    reg.adopt(sorted((tmp_path / "lib").iterdir()))
    Registry().models()                                # warm the starter cache
    started = time.perf_counter()
    models = Registry().models()
    elapsed = time.perf_counter() - started
    assert len([m for m in models if m.source == "link"]) == 100
    assert elapsed < 0.5, f"listing took {elapsed * 1000:.0f} ms"   # goal 0.2 s; slack for slow CI


def test_an_import_killed_mid_copy_leaves_a_copy_the_next_import_removes(outside):
    import fcntl

    reg = Registry()
    folder = reg.root / "tiny"
    folder.mkdir(parents=True)
    dead = folder / f".Tiny.gguf.0badc0de{library_files.TEMP_SUFFIX}"       # its process is gone
    dead.write_bytes(b"half a model")
    alive = folder / f".Other.gguf.0c0ffee0{library_files.TEMP_SUFFIX}"     # another import, still copying
    alive.write_bytes(b"being written")
    holder = os.open(alive, os.O_RDONLY)
    try:
        fcntl.flock(holder, fcntl.LOCK_EX)
        reg.import_file(outside / "Tiny.gguf")
        assert not dead.exists() and alive.exists()
    finally:
        os.close(holder)
    assert [m.name for m in reg.models() if m.source == "import"] == ["Tiny"]
