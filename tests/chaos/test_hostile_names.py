"""Hub file names and repository ids chosen by someone hostile never leave the models folder.

Any text at all (``..``, absolute paths, Windows drive letters and reserved names, control
characters, very long names) either becomes one safe file name inside the models folder, or is
refused with a sentence.
"""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from model_store import locations
from model_store.errors import DownloadError
from model_store.download_names import part_path, target_path

RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}
pieces = st.sampled_from(["..", ".", "/", "\\", "C:", "c:\\", "//server/share", "CON", "nul.gguf", "COM1.txt",
                          "model.gguf", " ", "\x00", "~", "$HOME", "a" * 120, "ü", ":", "*", "?"])
hostile = st.lists(st.one_of(pieces, st.text(max_size=40)), max_size=8).map("".join)


def _inside(folder: Path, path: Path) -> bool:
    return os.path.commonpath([os.path.realpath(folder), os.path.realpath(path)]) == os.path.realpath(folder)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(repo=hostile, filename=hostile)
@example(repo="../../etc", filename="../../../passwd")
@example(repo="owner/name", filename="/etc/passwd")
@example(repo="owner/name", filename="C:\\Windows\\System32\\drivers\\etc\\hosts")
@example(repo="owner/name", filename="CON.gguf")
@example(repo="owner/name", filename="a" * 200 + "/" + "b" * 200 + ".gguf")
def test_any_name_lands_inside_the_models_folder_or_is_refused(hearth_home, repo, filename):
    models = locations.models_dir()
    try:
        paths = [target_path(repo, filename), part_path(repo, filename)]
    except DownloadError as exc:
        assert exc.message.endswith(".") and "\n" not in exc.message
        return
    for path in paths:
        assert _inside(models, path), path
        assert path.parent.parent == models or path.parent == models / "downloads"
        name = path.name
        assert len(name.encode("utf-8")) <= 255, len(name)
        assert not any(c in name for c in '<>:"/\\|?*\x00')
        assert name.split(".")[0].upper() not in RESERVED
        assert not name.endswith((" ", ".")) and not name.startswith(".")
