"""The *Local server* window: serve the loaded model to other programs over the OpenAI API.

Off by default. The switch starts the API on this computer only (127.0.0.1); *Allow other
computers* listens on the network and requires the API key shown here (generated once, kept in
the keychain). It shows the address to give programs, the requests in flight and a short log.
"""

from __future__ import annotations

import socket

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.keychain import load_secret, save_secret
from app.server.runner import ServerConfig, new_api_key
from app.server_bridge import LocalServer, start_or_explain
from app.settings import AppSettings
from app.ui.model_common import format_number
from app.worker import EngineHost
from app.ui.texts import localize

KEY_NAME = "local-server-api-key"
MAX_LOG_LINES = 200


def lan_address() -> str:
    """This computer's address on its network, for other computers to use (no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.254.254.254", 1))  # picks the interface a LAN packet would leave by
            return probe.getsockname()[0]
        except OSError:
            return "127.0.0.1"


def address(config: ServerConfig) -> str:
    """The URL to give programs: on the network, this computer's LAN address rather than 0.0.0.0."""
    if config.host in ("0.0.0.0", "::"):
        return f"http://{lan_address()}:{config.port}/v1"
    return config.url


def server_config(settings: AppSettings) -> ServerConfig:
    """Where the server listens, from the settings (a network server always has a key)."""
    if not settings.server_network:
        return ServerConfig("127.0.0.1", settings.server_port)
    key = load_secret(KEY_NAME)
    if not key:
        key = new_api_key()
        save_secret(KEY_NAME, key)
    return ServerConfig("0.0.0.0", settings.server_port, key)


class ServerWindow(QDialog):
    """The local server's switch, address, key, requests in flight and log."""

    def __init__(self, server: LocalServer, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Local server"))
        self.resize(560, 460)
        self._server, self._settings = server, settings
        about = QLabel(self.tr("Serve the loaded model to other programs on this computer — editors, scripts, "
                               "agents — through the OpenAI API. Nothing leaves this computer unless you allow "
                               "other computers."), self)
        about.setWordWrap(True)
        self.switch = QCheckBox(self.tr("Serve the model (OpenAI-compatible API)"), self)
        self.switch.setAccessibleName(self.tr("Local server"))
        self.switch.setAccessibleDescription(self.tr("Starts or stops serving the loaded model to other programs"))
        self.switch.toggled.connect(self._on_switch)
        self.port = QSpinBox(self)
        self.port.setRange(1024, 65535)
        self.port.setGroupSeparatorShown(False)  # a port is a name, not an amount: 8080, never 8,080
        self.port.setValue(settings.server_port)
        self.port.setAccessibleName(self.tr("Port"))
        self.port.setAccessibleDescription(self.tr("The TCP port programs connect to"))
        self.network = QCheckBox(self.tr("Allow other computers on the network (needs the API key)"), self)
        self.network.setAccessibleName(self.tr("Allow other computers"))
        self.network.setAccessibleDescription(self.tr("Listen on the network as well; programs then need the "
                                                      "API key"))
        self.network.setChecked(settings.server_network)
        self.switching = QCheckBox(self.tr("Let a request load another model of the library"), self)
        self.switching.setAccessibleName(self.tr("Let requests load other models"))
        self.switching.setAccessibleDescription(self.tr("A request that names another model of the library loads "
                                                        "it in place of the one loaded now"))
        self.switching.setChecked(settings.server_allow_switch)
        for widget in (self.port, self.network, self.switching):
            signal = widget.valueChanged if isinstance(widget, QSpinBox) else widget.toggled
            signal.connect(self._on_settings)
        self.address = QLineEdit(self)
        self.address.setReadOnly(True)
        self.address.setAccessibleName(self.tr("Server address"))
        self.address.setAccessibleDescription(self.tr("The address to give programs"))
        copy_address = QPushButton(self.tr("Copy"), self)
        copy_address.setAccessibleName(self.tr("Copy the server address"))
        copy_address.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.address.text()))
        self.key = QLineEdit(self)
        self.key.setReadOnly(True)
        self.key.setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)
        self.key.setAccessibleName(self.tr("API key"))
        self.key.setAccessibleDescription(self.tr("The key programs on other computers must send"))
        copy_key = QPushButton(self.tr("Copy"), self)
        copy_key.setAccessibleName(self.tr("Copy the API key"))
        copy_key.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.key.text()))
        self.in_flight = QLabel("", self)
        self.in_flight.setAccessibleName(self.tr("Requests in flight"))
        self.problem = QLabel("", self)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #cf222e;")
        self.problem.setAccessibleName(self.tr("Server problem"))
        self.problem.hide()
        self.log = QPlainTextEdit(self)
        self.log.setReadOnly(True)
        self.log.setMaximumBlockCount(MAX_LOG_LINES)
        self.log.setAccessibleName(self.tr("Server log"))
        self.log.setAccessibleDescription(self.tr("The latest requests and what the server did"))

        form = QFormLayout()
        form.addRow(self.tr("Port"), self.port)
        form.addRow(self.network)
        form.addRow(self.switching)
        address_row = QHBoxLayout()
        address_row.addWidget(self.address, 1)
        address_row.addWidget(copy_address)
        form.addRow(self.tr("Address"), address_row)
        key_row = QHBoxLayout()
        key_row.addWidget(self.key, 1)
        key_row.addWidget(copy_key)
        form.addRow(self.tr("API key"), key_row)
        form.addRow(self.tr("Requests"), self.in_flight)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addWidget(self.switch)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        log_label = QLabel(self.tr("Log"), self)
        log_label.setBuddy(self.log)
        layout.addWidget(log_label)
        layout.addWidget(self.log, 1)
        server.stateChanged.connect(self._show_state)
        server.activity.connect(self._on_activity)
        server.inFlightChanged.connect(self._show_in_flight)
        self._show_state(server.running)
        self._show_in_flight(server.in_flight())

    @Slot(bool)
    def _on_switch(self, on: bool) -> None:
        self._settings.server_enabled = on
        self._settings.write()
        if on and not self._server.running:
            problem = start_or_explain(self._server, server_config(self._settings), self._settings.server_allow_switch)
            self._say(problem)
            if problem:
                self.switch.setChecked(False)
        elif not on:
            self._server.stop()

    @Slot()
    def _on_settings(self) -> None:
        self._settings.server_port = self.port.value()
        self._settings.server_network = self.network.isChecked()
        self._settings.server_allow_switch = self.switching.isChecked()
        self._settings.write()
        if self._server.running:  # apply by restarting
            self._server.stop()
            self._say(start_or_explain(self._server, server_config(self._settings),
                                       self._settings.server_allow_switch))

    def _say(self, problem: str) -> None:
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))

    @Slot(bool)
    def _show_state(self, running: bool) -> None:
        self.switch.blockSignals(True)
        self.switch.setChecked(running)
        self.switch.blockSignals(False)
        config = self._server.config if running else None
        self.address.setText(address(config) if config else "")
        self.address.setPlaceholderText(self.tr("not serving"))
        self.key.setText(config.api_key or "" if config else "")
        self.key.setPlaceholderText(self.tr("none: only this computer can connect") if not self.network.isChecked()
                                    else self.tr("made when the server starts"))

    @Slot(object)
    def _on_activity(self, text: str) -> None:
        self.log.appendPlainText(localize(text))

    @Slot(int)
    def _show_in_flight(self, count: int) -> None:
        if not count:
            self.in_flight.setText(self.tr("none"))
        elif count == 1:
            self.in_flight.setText(self.tr("1 being answered or waiting"))
        else:
            self.in_flight.setText(self.tr("{n} being answered or waiting").format(n=format_number(count)))


class ServerActions(QObject):
    """The main window's side of the local server: its window, the status bar's "Serving at …"
    and starting it again at launch when the person left it on."""

    def __init__(self, window, host: EngineHost, settings: AppSettings) -> None:
        super().__init__(window)
        self._window, self._settings = window, settings
        self.server = LocalServer(host, self)
        self.dialog: ServerWindow | None = None
        self._label = QLabel("", window)
        self._label.setAccessibleName(self.tr("Local server status"))
        window.statusBar().addPermanentWidget(self._label)
        self.server.modelLoaded.connect(host.adopt)  # a request loaded another model: the window follows
        self.server.stateChanged.connect(self._show)

    def open(self) -> None:
        """Show the Local server window (its switch is off until the person turns it on)."""
        if self.dialog is None:
            self.dialog = ServerWindow(self.server, self._settings, self._window)
        self.dialog.show()
        self.dialog.raise_()

    def start_if_enabled(self) -> None:
        if self._settings.server_enabled:
            problem = start_or_explain(self.server, server_config(self._settings), self._settings.server_allow_switch)
            if problem:
                self._window.notice.show_message(self.tr("The local server did not start: {problem}").format(
                    problem=problem), level="info")

    def stop(self) -> None:
        self.server.stop()

    @Slot(bool)
    def _show(self, running: bool) -> None:
        config = self.server.config
        self._label.setText(self.tr("Serving at {address}").format(address=address(config)) if running and config
                            else "")
