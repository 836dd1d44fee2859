"""One Hearth window per data folder: a second launch brings the running window to the front and exits.

Two windows on one history would each take the other's streaming answer for an interrupted one.
The first instance listens on a local socket named after its data folder (``QLocalServer``: a Unix
socket, or a named pipe on Windows); a second one connects, asks it to show itself, and quits. The
command line is not affected: ``hearth chat`` and ``hearth serve`` work beside the app. A socket
left behind by a crashed instance answers nobody and is replaced.
"""

from __future__ import annotations

import hashlib
import os

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

CONNECT_MS = 500
SHOW = b"show\n"


def instance_name(data_dir: str) -> str:
    """The socket name for a data folder (short: Unix socket paths are limited)."""
    digest = hashlib.sha256(os.path.realpath(data_dir).encode("utf-8")).hexdigest()[:16]
    return f"hearth-{digest}"


class SingleInstance(QObject):
    """Claims the data folder for this process, or hands over to the instance that has it.

    Signals:
        activated(): another launch asked this instance to show its window.
    """

    activated = Signal()

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._server: QLocalServer | None = None

    def claim(self) -> bool:
        """True when this process is now the instance; False when another one was told to show itself."""
        if _ask_running(self.name):
            return False
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            QLocalServer.removeServer(self.name)  # left by a crashed instance
            if not server.listen(self.name):
                return True  # cannot listen (odd filesystems): run anyway, unguarded
        server.newConnection.connect(self._on_connection)
        self._server = server
        return True

    def close(self) -> None:
        if self._server is not None:
            self._server.newConnection.disconnect(self._on_connection)
            self._server.close()
            self._server = None

    def _on_connection(self) -> None:
        server = self._server
        while server is not None and server.hasPendingConnections():
            socket = server.nextPendingConnection()
            # The message is a few bytes written before the other side disconnects: wait briefly.
            if socket.bytesAvailable() or socket.waitForReadyRead(CONNECT_MS):
                if SHOW.strip() in bytes(socket.readAll().data()):
                    self.activated.emit()
            socket.abort()


def _ask_running(name: str) -> bool:
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_MS):
        socket.abort()
        return False
    socket.write(SHOW)
    socket.waitForBytesWritten(CONNECT_MS)
    socket.disconnectFromServer()
    if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
        socket.waitForDisconnected(CONNECT_MS)
    return True


def bring_to_front(window) -> None:
    """Show ``window`` over the others (un-minimised, raised, focused)."""
    window.showNormal() if window.isMinimized() else window.show()
    window.raise_()
    window.activateWindow()
