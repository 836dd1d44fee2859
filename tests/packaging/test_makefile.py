"""The Makefile's set-up: CMAKE_ARGS (e.g. CUDA) rebuild llama.cpp when they change, and only then."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


@pytest.fixture
def venv(tmp_path):
    """A stand-in virtual environment whose python records what it is asked to do."""
    folder = tmp_path / "venv"
    (folder / "bin").mkdir(parents=True)
    log = tmp_path / "calls.log"
    python = folder / "bin" / "python"
    python.write_text(f'#!/bin/sh\necho "$*" >> "{log}"\n[ "$1" = "-c" ] && echo 0.3.36\nexit 0\n')
    python.chmod(0o755)
    return folder, log


def _make(venv, cmake_args: str | None) -> str:
    folder, log = venv
    log.write_text("")
    env = {k: v for k, v in os.environ.items() if k not in ("CMAKE_ARGS", "MAKEFLAGS", "MFLAGS")}
    if cmake_args is not None:
        env["CMAKE_ARGS"] = cmake_args
    subprocess.run(["make", "-s", "install", f"VENV={folder}"], cwd=REPO, env=env, check=True,
                   capture_output=True, text=True, timeout=60)
    return log.read_text()


def test_changing_cmake_args_rebuilds_llama_cpp_once(venv):
    first = _make(venv, None)
    assert "pip install --quiet -e ." in first and "--force-reinstall" not in first  # a fresh venv
    assert _make(venv, None) == ""                       # nothing changed: nothing to do
    cuda = _make(venv, "-DGGML_CUDA=on")
    assert "--force-reinstall --no-cache-dir --no-deps llama-cpp-python==0.3.36" in cuda
    assert _make(venv, "-DGGML_CUDA=on") == ""           # the same options again: nothing
    back = _make(venv, "")
    assert "--force-reinstall" in back                   # back to the CPU build


def test_a_venv_made_before_the_options_were_remembered_is_not_rebuilt(venv):
    folder, _log = venv
    _make(venv, None)
    (folder / ".hearth-cmake-args").unlink()
    assert "--force-reinstall" not in _make(venv, None)
    assert "--force-reinstall" in _make(venv, "-DGGML_METAL=on")


def test_a_new_pyproject_reinstalls_without_rebuilding_llama_cpp(venv):
    folder, _log = venv
    _make(venv, None)
    stamp = folder / ".hearth-installed"
    os.utime(stamp, (1, 1))  # pyproject.toml is now newer than the installation
    again = _make(venv, None)
    assert "pip install --quiet -e ." in again and "--force-reinstall" not in again


def test_options_remembered_by_an_older_makefile_are_read_the_same(venv):
    folder, _log = venv
    _make(venv, None)
    (folder / ".hearth-cmake-args").write_text("")  # an empty file, as the first version wrote it
    os.utime(folder / ".hearth-installed", (1, 1))
    assert "--force-reinstall" not in _make(venv, None)
