"""Real test data that nobody here wrote: the chat templates and vocab-only GGUFs that llama.cpp
keeps for its own tests, taken from the llama-cpp-python sdist of the installed version.

The sdist is fetched once with ``pip download`` (PyPI is the only network a test may use) and
only the files the tests need are extracted into a cache outside the repository:
``$HEARTH_TEST_DATA`` or ``~/.cache/hearth-test-data/llama-cpp-python-<version>/``, holding
``templates/*.jinja`` and ``vocab/ggml-vocab-*.gguf``. Later runs reuse the cache.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import Iterator

_TEMPLATES = "vendor/llama.cpp/models/templates/"
_MODELS = "vendor/llama.cpp/models/"


def llama_cpp_version() -> str:
    return metadata.version("llama-cpp-python")


def cache_root() -> Path:
    override = os.environ.get("HEARTH_TEST_DATA")
    base = Path(override).expanduser() if override else Path.home() / ".cache" / "hearth-test-data"
    return base / f"llama-cpp-python-{llama_cpp_version()}"


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def real_data_dir() -> Path:
    """The extracted data (fetching and extracting it the first time).

    Raises:
        RuntimeError: the sdist could not be downloaded or holds none of the expected files.
    """
    root = cache_root()
    done = root / ".complete"
    if done.exists():
        return root
    with _locked(root.with_name(root.name + ".lock")):
        if done.exists():
            return root
        version = llama_cpp_version()
        with tempfile.TemporaryDirectory(prefix="hearth-sdist-") as tmp:
            result = subprocess.run(
                [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
                 f"llama-cpp-python=={version}", "-d", tmp],
                capture_output=True, text=True, timeout=900)
            archives = list(Path(tmp).glob("llama_cpp_python-*.tar.gz"))
            if result.returncode != 0 or not archives:
                raise RuntimeError(f"could not download the llama-cpp-python {version} sdist from PyPI:\n"
                                   f"{result.stderr.strip()[-2000:]}")
            staging = root.with_name(root.name + ".partial")
            shutil.rmtree(staging, ignore_errors=True)
            (staging / "templates").mkdir(parents=True)
            (staging / "vocab").mkdir(parents=True)
            with tarfile.open(archives[0]) as tar:
                for member in tar:
                    if not member.isfile():
                        continue
                    inner = member.name.split("/", 1)[-1]
                    name = inner.rsplit("/", 1)[-1]
                    if inner.startswith(_TEMPLATES) and name.endswith(".jinja"):
                        target = staging / "templates" / name
                    elif (inner.startswith(_MODELS) and inner.count("/") == _MODELS.count("/")
                          and name.startswith("ggml-vocab-") and name.endswith(".gguf")):
                        target = staging / "vocab" / name
                    else:
                        continue
                    source = tar.extractfile(member)
                    assert source is not None
                    with source, open(target, "wb") as out:
                        shutil.copyfileobj(source, out)
        if not any((staging / "templates").iterdir()) or not any((staging / "vocab").iterdir()):
            raise RuntimeError("the llama-cpp-python sdist holds no chat templates or vocab files")
        (staging / ".complete").write_text(version)
        shutil.rmtree(root, ignore_errors=True)
        os.replace(staging, root)
    return root


def chat_templates() -> dict[str, str]:
    """Every real chat template, by file name without ``.jinja``, sorted by name."""
    folder = real_data_dir() / "templates"
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.jinja"))}


def vocab_file(name: str) -> Path:
    """``ggml-vocab-<name>.gguf`` (e.g. ``qwen35``, ``gemma-4``, ``llama-bpe``)."""
    path = real_data_dir() / "vocab" / f"ggml-vocab-{name}.gguf"
    if not path.is_file():
        raise FileNotFoundError(path)
    return path
