"""Remote engines in the window: *Add a remote engine…*, their models in the picker, and the
one-time question before a chat's messages first go to one.

A remote engine is any OpenAI-compatible server. Adding one asks for a name, its address and an
optional API key, and checks it at once (``GET /v1/models``, off the GUI thread) so a typo or a
wrong key is said in the dialog, not later. The key goes to the keychain. Each engine's models
are listed again when the app starts and on request; an engine that cannot be reached keeps its
place in the Models menu with the reason, and its models leave the picker until it answers.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QInputDialog, QLabel, QLineEdit, QMenu, QVBoxLayout,
                               QWidget)

from app.engine.errors import HearthError
from app.engine.remote import parse_remote_path, remote_path
from app.engine.remote_http import RemoteClient
from app.remotes import Remote, Remotes
from app.ui.model_common import Prompts, format_number
from app.ui.texts import localize

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow



def privacy_text() -> str:
    """What using a remote engine means for the person's messages."""
    return QCoreApplication.translate("RemoteActions", "Models of a remote engine run on another computer: what "
                                      "you write in a chat with them is sent there, and its answers come back. "
                                      "Chats stay in Hearth's history on this computer.")


def _in_background(work: Callable[[], object], done: Callable[[object, str], None]) -> None:
    """Run ``work`` on a short-lived thread; ``done(result, "")`` or ``done(None, sentence)``
    is then called on the GUI thread (through a queued signal)."""
    relay = _Relay()

    def deliver(result: object, problem: str) -> None:
        _KEEP.discard(relay)
        done(result, problem)

    relay.result.connect(deliver, Qt.ConnectionType.QueuedConnection)

    def run() -> None:
        try:
            relay.result.emit(work(), "")
        except HearthError as exc:
            relay.result.emit(None, localize(exc.message))
        except Exception as exc:  # noqa: BLE001 - a sentence, never a traceback
            relay.result.emit(None, QCoreApplication.translate(
                "RemoteActions", "Hearth could not talk to that server ({error}).").format(error=type(exc).__name__))

    _KEEP.add(relay)
    threading.Thread(target=run, name="hearth-remote", daemon=True).start()


class _Relay(QObject):
    result = Signal(object, str)


_KEEP: set[_Relay] = set()  # relays live until their answer is delivered


def model_ids(client: RemoteClient) -> list[str]:
    try:
        return [m["id"] for m in client.models()]
    finally:
        client.close()


class AddRemoteDialog(QDialog):
    """Name, address and key of a new remote engine; *Connect and add* checks them first."""

    def __init__(self, remotes: Remotes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add a remote engine"))
        self._remotes = remotes
        self.remote: Remote | None = None
        self.models: list[str] = []
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(self.tr("e.g. GPU server"))
        self.url = QLineEdit(self)
        self.url.setPlaceholderText("http://gpu-box:8000")
        self.key = QLineEdit(self)
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.key.setPlaceholderText(self.tr("optional"))
        self.name.setAccessibleName(self.tr("Name"))
        self.name.setAccessibleDescription(self.tr("What Hearth calls this engine in its menus"))
        self.url.setAccessibleName(self.tr("Server address"))
        self.url.setAccessibleDescription(self.tr("The server's web address, such as http://gpu-box:8000"))
        self.key.setAccessibleName(self.tr("API key"))
        self.key.setAccessibleDescription(self.tr("Only if the server asks for one; Hearth keeps it in your keychain"))
        intro = QLabel(self.tr("Chat with models served by another computer: vLLM, llama.cpp's llama-server, Ollama, "
                               "LM Studio or another Hearth — any OpenAI-compatible server.") + "\n\n" + privacy_text(),
                       self)
        intro.setWordWrap(True)
        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Connection status"))
        form = QFormLayout()
        form.addRow(self.tr("&Name"), self.name)
        form.addRow(self.tr("Server &address"), self.url)
        form.addRow(self.tr("API &key"), self.key)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(self.tr("Cancel"))
        self.connect_button = self.buttons.addButton(self.tr("Connect and add"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.connect_button.setAccessibleName(self.tr("Connect and add"))
        self.connect_button.setAccessibleDescription(self.tr("Asks the server for its models, then adds it"))
        self.connect_button.setDefault(True)
        self.buttons.accepted.connect(self.try_connect)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)

    def try_connect(self) -> None:
        """Check the fields, then ask the server for its models; accept when it lists them."""
        try:
            remote = self._remotes.check(self.name.text(), self.url.text())
        except HearthError as exc:
            self.status.setText(localize(exc.message))
            return
        key = self.key.text().strip() or None
        self._set_busy(True)
        self.status.setText(self.tr("Connecting to {url}…").format(url=remote.url))
        client = RemoteClient(remote.url, key, timeout=5.0)
        _in_background(lambda: model_ids(client), lambda ids, problem: self._connected(remote, ids, problem))

    def _connected(self, remote: Remote, ids: object, problem: str) -> None:
        self._set_busy(False)
        if problem:
            self.status.setText(problem)
            return
        assert isinstance(ids, list)
        if not ids:
            self.status.setText(self.tr("{url} answered, but serves no models yet. Load one there and try again.")
                                .format(url=remote.url))
            return
        self.remote, self.models = remote, ids
        self.accept()

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.name, self.url, self.key, self.connect_button):
            widget.setEnabled(not busy)


class RemoteActions(QObject):
    """The window's remote engines: adding, listing their models, removing, asking once.

    Signals:
        modelsChanged(): the models of the remote engines changed (refill the picker).
    """

    modelsChanged = Signal()

    def __init__(self, window: "MainWindow", remotes: Remotes, prompts: Prompts) -> None:
        super().__init__(window)
        self._window = window
        self.remotes = remotes
        self._prompts = prompts
        self._models: dict[str, list[str]] = {}
        self.problems: dict[str, str] = {}
        self.dialog: AddRemoteDialog | None = None

    def entries(self) -> list[tuple[str, str, str]]:
        """``(model, path, engine)`` for the picker, engine by engine."""
        out = []
        for remote in self.remotes.all():
            for model in self._models.get(remote.name, []):
                out.append((model.rstrip("/").rsplit("/", 1)[-1], remote_path(remote.name, model), remote.name))
        return out

    def refresh(self, name: str | None = None) -> None:
        """List the models of one engine (or all) again, in the background."""
        for remote in self.remotes.all():
            if name is None or remote.name == name:
                client = self.remotes.client(remote, timeout=5.0)
                _in_background(lambda c=client: model_ids(c),
                               lambda ids, problem, n=remote.name: self._listed(n, ids, problem))

    def _listed(self, name: str, ids: object, problem: str) -> None:
        if self.remotes.get(name) is None:
            return  # removed meanwhile
        self._models[name] = list(ids) if isinstance(ids, list) else []
        if problem:
            self.problems[name] = problem
        else:
            self.problems.pop(name, None)
        self.modelsChanged.emit()

    def add(self) -> None:
        """*Add a remote engine…*: the dialog; on success the engine's models join the picker."""
        self.dialog = AddRemoteDialog(self.remotes, self._window)
        self.dialog.accepted.connect(self._added)
        self.dialog.open()

    def _added(self) -> None:
        dialog = self.dialog
        if dialog is None or dialog.remote is None:
            return
        where = self.remotes.add(dialog.remote, dialog.key.text().strip() or None)
        self._models[dialog.remote.name] = dialog.models
        self.problems.pop(dialog.remote.name, None)
        self.modelsChanged.emit()
        count = len(dialog.models)
        added = (self.tr("Added “{engine}” with 1 model: pick it in the model menu, marked remote.") if count == 1 else
                 self.tr("Added “{engine}” with {n} models: pick one in the model menu, marked remote."))
        added = added.format(engine=dialog.remote.name, n=format_number(count))
        if where == "keychain":
            added = self.tr("{added} Its API key is in your keychain.").format(added=added)
        elif where == "file":
            added = self.tr("{added} Its API key is in a file only you can read (no keychain was available).").format(
                added=added)
        self._window.notice.show_message(added, level="info")

    def remove(self, name: str) -> None:
        if not self._prompts.confirm(self._window, self.tr("Remove remote engine"),
                                     self.tr("Remove “{engine}” and forget its API key? Your chats with its models "
                                             "stay in your history.").format(engine=name), self.tr("Remove")):
            return
        self.remotes.remove(name)
        self._models.pop(name, None)
        self.problems.pop(name, None)
        self.modelsChanged.emit()

    def change_key(self, name: str) -> None:
        """A new API key for ``name`` (empty: none), then its models are listed again with it."""
        key = self.ask_key(name)
        if key is None:
            return
        self.remotes.set_key(name, key)
        self.refresh(name)

    def ask_key(self, name: str) -> str | None:
        """The key typed in password mode; None when cancelled (tests replace this)."""
        key, ok = QInputDialog.getText(self._window, self.tr("Change API key"),
                                       self.tr("The API key for “{engine}” (empty for none). Hearth keeps it in your "
                                               "keychain.").format(engine=name), QLineEdit.EchoMode.Password)
        return key.strip() if ok else None

    def confirm_load(self, path: str) -> bool:
        """Before a remote engine first gets messages: ask once per engine. True to go ahead."""
        parsed = parse_remote_path(path)
        if parsed is None or self.remotes.confirmed(parsed[0]):
            return True
        remote = self.remotes.get(parsed[0])
        where = remote.url if remote else parsed[0]
        if not self._prompts.confirm(self._window, self.tr("Messages will leave this computer"),
                                     self.tr("{model} runs on the remote engine “{engine}” ({url}).\n\n{privacy}\n\n"
                                             "Hearth asks this once for each remote engine.").format(
                                                 model=parsed[1], engine=parsed[0], url=where, privacy=privacy_text()),
                                     self.tr("Use the remote engine")):
            return False
        self.remotes.confirm(parsed[0])
        return True

    def fill_menu(self, menu: QMenu) -> None:
        """The Models menu's *Remote engines* submenu: each engine, its state, refresh and remove."""
        menu.clear()
        remotes = self.remotes.all()
        if not remotes:
            menu.addAction(self.tr("No remote engines yet")).setEnabled(False)
        for remote in remotes:
            count = len(self._models.get(remote.name, []))
            state = self.problems.get(remote.name) or (
                self.tr("1 model") if count == 1 else self.tr("{n} models").format(n=format_number(count)))
            sub = menu.addMenu(self.tr("{engine} ({url})").format(engine=remote.name, url=remote.url))
            sub.setToolTipsVisible(True)
            note = sub.addAction(state if len(state) < 80 else state[:77] + "…")
            note.setToolTip(state)
            note.setEnabled(False)
            sub.addAction(self.tr("Refresh its models"), lambda n=remote.name: self.refresh(n))
            sub.addAction(self.tr("Change API key…"), lambda n=remote.name: self.change_key(n))
            sub.addAction(self.tr("Remove…"), lambda n=remote.name: self.remove(n))
        menu.addSeparator()
        menu.addAction(self.tr("Add a remote engine…"), self.add)
