"""Errors the engine raises. Every one carries a sentence a person can act on.

``str(error)`` is shown to users as-is (dialog, inline banner, CLI stderr), so it
must be one or two plain sentences with a way forward; ``detail`` holds the
technical reason (for example llama.cpp's own log line) for a "details" toggle.
"""

from __future__ import annotations


class HearthError(Exception):
    """A known, expected failure: the user is told plainly; not a bug."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


class InvalidParameterError(HearthError, ValueError):
    """A setting is outside its allowed range or of the wrong type."""


class ModelLoadError(HearthError):
    """A parameter file could not be loaded (missing, corrupt, unsupported, too big)."""


class ModelNotFoundError(ModelLoadError):
    """No model with that name or path exists."""


class ContextOverflowError(HearthError):
    """The conversation no longer fits in the model's context window."""


class GenerationError(HearthError):
    """llama.cpp failed while evaluating the prompt or generating."""


class NoModelLoadedError(HearthError):
    """A generation was requested before a model was loaded."""
