"""Errors the engine raises. Every one carries a sentence a person can act on.

``str(error)`` is shown to users as-is (dialog, inline banner, CLI stderr), so it
must be one or two plain sentences with a way forward; ``detail`` holds the
technical reason (for example llama.cpp's own log line) for a "details" toggle.
"""

from __future__ import annotations

# The base class and the load errors live with the model store (the layer below, which raises
# them too); they are the same classes here.
from model_store.errors import HearthError, ModelLoadError, ModelNotFoundError  # noqa: F401


class InvalidParameterError(HearthError, ValueError):
    """A setting is outside its allowed range or of the wrong type."""


class ContextOverflowError(HearthError):
    """The conversation no longer fits in the model's context window."""


class GenerationError(HearthError):
    """llama.cpp failed while evaluating the prompt or generating."""


class NoModelLoadedError(HearthError):
    """A generation was requested before a model was loaded."""
