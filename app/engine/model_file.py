"""What Hearth checks and reads about a parameter file around llama.cpp's own loader.

llama.cpp reports most load failures only in its log; these helpers fail early on files
that are plainly wrong (missing, empty, not GGUF) and turn llama.cpp's log line into a
sentence with a way forward when its loader refuses a file.
"""

from __future__ import annotations

import ctypes
from pathlib import Path

import llama_cpp

from app.engine import llama_log
from app.engine.errors import ModelLoadError
from model_store.texts import QT_TRANSLATE_NOOP, Sentence

GGUF_MAGIC = b"GGUF"


def meta(model, key: str) -> str:
    """A GGUF metadata value as text ("" when absent)."""
    size = 1024
    while True:
        buf = ctypes.create_string_buffer(size)
        n = llama_cpp.llama_model_meta_val_str(model, key.encode("utf-8"), buf, size)
        if n < 0:
            return ""
        if n < size:
            return buf.value.decode("utf-8", "replace")
        size = n + 1


def check_file(path: Path) -> None:
    """Fail early, in plain words, on files llama.cpp would reject with only a log line."""
    if not path.exists():
        raise ModelLoadError(Sentence(QT_TRANSLATE_NOOP(
            "model_store", "The model file {path} does not exist. It may have been moved or deleted; "
            "pick another model or import it again."), path=str(path)))
    if path.is_dir():
        raise ModelLoadError(Sentence(QT_TRANSLATE_NOOP(
            "model_store", "{path} is a folder, not a model file. Choose the .gguf file inside it."), path=str(path)))
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            magic = fh.read(4)
    except OSError as exc:
        raise ModelLoadError(Sentence(QT_TRANSLATE_NOOP(
            "model_store", "Hearth cannot read {name}: {reason}."), name=path.name, reason=str(exc.strerror))) from exc
    if size == 0:
        raise ModelLoadError(Sentence(QT_TRANSLATE_NOOP(
            "model_store", "{name} is empty (0 bytes): the download or copy probably failed. "
            "Delete it and get it again."), name=path.name))
    if magic != GGUF_MAGIC:
        raise ModelLoadError(Sentence(QT_TRANSLATE_NOOP(
            "model_store", "{name} is not a GGUF model file. Hearth runs .gguf files; "
            "convert or download the model in GGUF format."), name=path.name))


def load_failure_sentence(path: Path) -> str:
    reasons = [r.replace("error loading model:", "").strip().rstrip(".") for r in llama_log.errors(5)]
    # When the GGUF header or metadata cannot be read, llama.cpp's "error loading model" line only
    # says "failed to load model from <path>"; the cause is in the gguf lines logged before it.
    vague = ("llama_model_loader: failed to load model", "failed to load model", "failed to read header")
    specific = [r for r in reasons if r and not r.startswith(vague)]
    reason = specific[-1] if specific else (reasons[-1] if reasons else "")
    lowered = reason.lower()
    if "architecture" in lowered:
        hint = "This model's architecture is not supported by this version of llama.cpp."
    elif "version" in lowered and "support" in lowered:
        hint = "It was made for a newer version of llama.cpp than this Hearth includes."
    elif "bounds" in lowered or "truncat" in lowered or "failed to read" in lowered or "eof" in lowered:
        hint = "The file looks truncated: the download was probably interrupted. Download it again."
    else:
        hint = "The file may be corrupt, incomplete, or made for a newer llama.cpp."
    detail = f" (llama.cpp: {reason})" if reason else ""
    return f"Hearth could not load {path.name}{detail}. {hint}"
