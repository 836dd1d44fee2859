"""Turn what a person typed (a model name, a Library id or a path) into a parameter file path.

Names come from the Library (:class:`model_store.registry.Registry`): the starter model first,
then every model whose files are present.
"""

from __future__ import annotations

from pathlib import Path

from model_store.errors import ModelNotFoundError
from model_store.starter import STARTER_NAME
from model_store.texts import QT_TRANSLATE_NOOP, Sentence


def known_models() -> dict[str, Path]:
    """Models Hearth knows by name (starter first), from the Library; missing files left out."""
    return {m.name: m.path for m in _library() if not m.missing}


def _library():
    from model_store.registry import Registry

    return Registry.shared().models()


def resolve_model(name_or_path: str | None) -> Path:
    """Return the file for a model name or path; ``None`` means the default (starter) model.

    Raises:
        ModelNotFoundError: nothing by that name, or the path does not exist.
    """
    library = [m for m in _library() if not m.missing]
    models = {m.name: m.path for m in library}
    if not name_or_path:
        if STARTER_NAME in models:
            return models[STARTER_NAME]
        raise ModelNotFoundError(Sentence(QT_TRANSLATE_NOOP(
            "model_store", "The built-in starter model is not installed. Reinstall Hearth, or pass --model with a "
            ".gguf file.")))
    if name_or_path in models:
        return models[name_or_path]
    by_id = {m.id: m.path for m in library}
    if name_or_path in by_id:
        return by_id[name_or_path]
    lowered = {k.lower(): v for k, v in models.items()}
    if name_or_path.lower() in lowered:
        return lowered[name_or_path.lower()]
    path = Path(name_or_path).expanduser()
    if path.exists():
        if path.is_dir():
            raise ModelNotFoundError(Sentence(QT_TRANSLATE_NOOP(
                "model_store", "{path} is a folder; choose a .gguf file inside it."), path=str(path)))
        return path
    names = ", ".join(models) or Sentence(QT_TRANSLATE_NOOP("model_store", "none installed"))
    if _looks_like_path(name_or_path):
        raise ModelNotFoundError(Sentence(QT_TRANSLATE_NOOP(
            "model_store", "The model file {path} does not exist. Check the path, or use one of the known "
            "models: {names}."), path=str(path), names=names))
    raise ModelNotFoundError(Sentence(QT_TRANSLATE_NOOP(
        "model_store", "No model called “{name}” and no such file. Known models: {names}."),
        name=name_or_path, names=names))


def _looks_like_path(text: str) -> bool:
    return text.lower().endswith(".gguf") or "/" in text or "\\" in text or text.startswith("~")
