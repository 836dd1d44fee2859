"""Errors the model store raises. Every one carries a sentence a person can act on.

All derive from :class:`ModelStoreError`, itself a :class:`HearthError` — the base of every
error Hearth explains to people, defined here, at the bottom of the house, and re-exported by
``app.engine.errors``:
``str(error)`` is one plain sentence with a way forward (shown as-is in dialogs and on the
CLI), ``detail`` holds the technical reason for a "details" toggle. Nothing here imports Qt.
"""

from __future__ import annotations


class HearthError(Exception):
    """A known, expected failure: the user is told plainly; not a bug."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail

    @property
    def message(self) -> str:
        """The sentence as raised: a :class:`~model_store.texts.Sentence` keeps its template, so
        the GUI can show it translated (``str(error)`` is always the English text)."""
        if not self.args:
            return ""
        first = self.args[0]
        return first if isinstance(first, str) else str(first)


class ModelLoadError(HearthError):
    """A parameter file could not be loaded (missing, corrupt, unsupported, too big)."""


class ModelNotFoundError(ModelLoadError):
    """No model with that name or path exists."""


class ModelStoreError(HearthError):
    """A known failure while finding, reading, importing or downloading a model."""


class GGUFFormatError(ModelStoreError):
    """A file is not a readable GGUF (wrong magic, truncated, absurd counts, missing shard)."""


class RegistryError(ModelStoreError):
    """The library could not do what was asked (unknown model, starter removal, copy failed)."""


class HubError(ModelStoreError):
    """The Hugging Face Hub answered with an error."""


class HubUnreachableError(HubError):
    """The Hub could not be reached (offline, DNS, proxy, timeout)."""


class RepoNotFoundError(HubError):
    """No repository by that name (or it is private and no token was given)."""


class GatedRepoError(HubError):
    """The repository is gated or private: access must be requested and a token entered."""


class DownloadError(ModelStoreError):
    """A download failed (network, disk, server)."""


class ChecksumMismatchError(DownloadError):
    """The downloaded bytes do not match the SHA-256 the Hub published; the file was deleted."""


class DiskFullError(DownloadError):
    """Not enough free disk space for the file."""


class QuantizeError(ModelStoreError):
    """A local quantization cannot start or failed (unknown type, already quantized, disk, llama.cpp)."""


class QuantizeCancelled(QuantizeError):
    """A quantization was cancelled; nothing was written and nothing registered."""


__all__ = [
    "ModelStoreError", "GGUFFormatError", "RegistryError", "HubError", "HubUnreachableError",
    "RepoNotFoundError", "GatedRepoError", "DownloadError", "ChecksumMismatchError", "DiskFullError",
    "QuantizeError", "QuantizeCancelled",
]
