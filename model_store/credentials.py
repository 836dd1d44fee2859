"""The Hugging Face access token: one private file in the data folder, never logged or shown.

``save_token`` writes ``<data>/hf_token`` with mode 0600 (created with that mode, then
``chmod`` in case it already existed with wider permissions); ``load_token`` prefers the
``HF_TOKEN`` environment variable, then the file; ``clear_token`` removes the file.
Nothing here prints, logs or puts the token into an exception message.
"""

from __future__ import annotations

import os
from pathlib import Path

from model_store import locations as paths
from model_store.atomic import write_atomic

TOKEN_FILE_NAME = "hf_token"


def token_path() -> Path:
    """Where the token is kept (``<data folder>/hf_token``)."""
    return paths.data_dir() / TOKEN_FILE_NAME


def save_token(token: str) -> Path:
    """Store ``token`` (surrounding whitespace removed) in a 0600 file; return its path.

    An empty token clears the stored one instead.
    """
    token = (token or "").strip()
    path = token_path()
    if not token:
        clear_token()
        return path
    write_atomic(path, token.encode("utf-8"), mode=0o600)
    os.chmod(path, 0o600)
    return path


def load_token() -> str | None:
    """The token to use: ``HF_TOKEN`` if set, else the saved file, else ``None``."""
    env = os.environ.get("HF_TOKEN", "").strip()
    if env:
        return env
    try:
        token = token_path().read_text(encoding="utf-8").strip()
    except OSError:  # missing or unreadable: no token
        return None
    return token or None


def has_saved_token() -> bool:
    """Whether a token file exists (for Settings: "a token is saved"), without reading it."""
    return token_path().is_file()


def clear_token() -> None:
    """Forget the saved token (the ``HF_TOKEN`` variable, if any, is left alone)."""
    try:
        token_path().unlink()
    except FileNotFoundError:
        pass


def mask(token: str | None) -> str:
    """A display form that reveals nothing but whether a token exists (``"hf_…"`` or ``""``)."""
    return "hf_…" if token else ""
