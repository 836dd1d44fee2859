"""Secrets Hearth keeps (API keys of remote engines, the local server's key): the OS keychain.

Through ``keyring`` (macOS Keychain, Windows Credential Manager, the Secret Service on Linux);
where no keychain works, a file readable only by you (mode 0600) in Hearth's data folder.
``HEARTH_KEYCHAIN=file`` forces the file (tests use it so they never touch a real keychain).
Nothing here logs a secret or puts one in an exception message.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from app import paths
from model_store.atomic import write_atomic

log = logging.getLogger(__name__)

SERVICE = "Hearth"
FILE_NAME = "secrets.json"


def _keyring():
    """The keyring module when a real keychain backs it, else None."""
    if os.environ.get("HEARTH_KEYCHAIN") == "file":
        return None
    try:
        import keyring
        from keyring.backends import fail, null

        backend = keyring.get_keyring()
        if isinstance(backend, (fail.Keyring, null.Keyring)) or getattr(backend, "priority", 0) < 1:
            return None
        return keyring
    except Exception:  # noqa: BLE001 - no usable keychain: the private file is used instead
        return None


def _file() -> Path:
    return paths.data_dir() / FILE_NAME


def _read_file() -> dict[str, str]:
    try:
        data = json.loads(_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)} if isinstance(data, dict) else {}


def _write_file(data: dict[str, str]) -> None:
    path = _file()
    write_atomic(path, json.dumps(data).encode("utf-8"), mode=0o600)
    os.chmod(path, 0o600)


def save_secret(name: str, value: str) -> str:
    """Keep ``value`` under ``name``; returns where: "keychain" or "file"."""
    ring = _keyring()
    if ring is not None:
        try:
            ring.set_password(SERVICE, name, value)
            data = _read_file()
            if data.pop(name, None) is not None:
                _write_file(data)
            return "keychain"
        except Exception:  # noqa: BLE001 - a locked or refusing keychain: fall back to the file
            log.info("the keychain refused to keep a secret; using the private file")
    data = _read_file()
    data[name] = value
    _write_file(data)
    return "file"


def load_secret(name: str) -> str | None:
    ring = _keyring()
    if ring is not None:
        try:
            value = ring.get_password(SERVICE, name)
            if value:
                return value
        except Exception:  # noqa: BLE001 - fall back to the file
            pass
    return _read_file().get(name)


def delete_secret(name: str) -> None:
    ring = _keyring()
    if ring is not None:
        try:
            ring.delete_password(SERVICE, name)
        except Exception:  # noqa: BLE001 - it was not there
            pass
    data = _read_file()
    if data.pop(name, None) is not None:
        _write_file(data)
