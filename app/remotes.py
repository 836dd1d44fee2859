"""The remote engines a person added: names and addresses in the settings, keys in the keychain.

Used by the window (the model picker, *Add a remote engine…*) and by the engine thread, which
asks :meth:`Remotes.engine_for` for the engine of a ``remote:<engine>/<model>`` path. No Qt.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.engine.errors import InvalidParameterError, ModelLoadError
from app.engine.remote import RemoteEngine, parse_remote_path
from app.engine.remote_http import RemoteClient, check_url
from app.keychain import delete_secret, load_secret, save_secret
from app.settings import AppSettings
from model_store.texts import QT_TRANSLATE_NOOP, Sentence

MAX_NAME = 40


@dataclass(frozen=True)
class Remote:
    """One OpenAI-compatible server: a name the person chose, and its address."""

    name: str
    url: str

    @property
    def secret_name(self) -> str:
        return f"remote:{self.name}"


class Remotes:
    """The remote engines in ``settings`` (which it saves when they change)."""

    def __init__(self, settings: AppSettings) -> None:
        self._settings = settings

    def all(self) -> list[Remote]:
        return [Remote(r["name"], r["url"]) for r in self._settings.remotes]

    def get(self, name: str) -> Remote | None:
        return next((r for r in self.all() if r.name == name), None)

    def check(self, name: str, url: str) -> Remote:
        """A new remote's name and address, tidied.

        Raises:
            InvalidParameterError: an empty, too long or taken name; not an http(s) address.
        """
        name = " ".join(name.split())
        if not name:
            raise InvalidParameterError(Sentence(QT_TRANSLATE_NOOP(
                "model_store", "Give the remote engine a name, e.g. “GPU server”.")))
        if "/" in name or len(name) > MAX_NAME:
            raise InvalidParameterError(Sentence(QT_TRANSLATE_NOOP(
                "model_store", "A name has at most {n} characters and no “/”."), n=MAX_NAME))
        if self.get(name) is not None:
            raise InvalidParameterError(Sentence(QT_TRANSLATE_NOOP(
                "model_store", "There is already a remote engine called “{name}”."), name=name))
        check_url(url)
        return Remote(name, url.strip().rstrip("/"))

    def add(self, remote: Remote, api_key: str | None) -> str:
        """Keep ``remote`` (its key in the keychain); returns where the key went ("" when none)."""
        where = ""
        if api_key:
            where = save_secret(remote.secret_name, api_key)
        self._settings.remotes = [r for r in self._settings.remotes if r.get("name") != remote.name]
        self._settings.remotes.append({"name": remote.name, "url": remote.url})
        self._settings.write()
        return where

    def remove(self, name: str) -> None:
        remote = self.get(name)
        if remote is None:
            return
        delete_secret(remote.secret_name)
        self._settings.remotes = [r for r in self._settings.remotes if r.get("name") != name]
        self._settings.remotes_confirmed = [n for n in self._settings.remotes_confirmed if n != name]
        self._settings.write()

    def set_key(self, name: str, api_key: str) -> None:
        """Replace ``name``'s API key (an empty one removes it)."""
        remote = self.get(name)
        if remote is None:
            return
        if api_key:
            save_secret(remote.secret_name, api_key)
        else:
            delete_secret(remote.secret_name)

    def key(self, name: str) -> str | None:
        remote = self.get(name)
        return load_secret(remote.secret_name) if remote is not None else None

    def confirmed(self, name: str) -> bool:
        """The person already agreed that this engine may receive their messages."""
        return name in self._settings.remotes_confirmed

    def confirm(self, name: str) -> None:
        if name not in self._settings.remotes_confirmed:
            self._settings.remotes_confirmed.append(name)
            self._settings.write()

    def client(self, remote: Remote, timeout: float = 10.0) -> RemoteClient:
        return RemoteClient(remote.url, self.key(remote.name), timeout=timeout)

    def engine_for(self, path: str) -> RemoteEngine:
        """The engine for a ``remote:<engine>/<model>`` path (called on the engine thread).

        Raises:
            ModelLoadError: no remote engine of that name (it was removed).
        """
        parsed = parse_remote_path(path)
        remote = self.get(parsed[0]) if parsed else None
        if remote is None:
            raise ModelLoadError(Sentence(QT_TRANSLATE_NOOP(
                "model_store", "There is no remote engine called “{name}” any more. Add it again with Models → "
                "Add a remote engine…"), name=parsed[0] if parsed else path))
        return RemoteEngine(remote.name, remote.url, self.key(remote.name))
