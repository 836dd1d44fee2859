"""Regression: many cross-thread Signal.emit() calls must not crash the interpreter.

PySide6 6.12.0 on Python 3.11 aborted the process after roughly 570 ``Signal.emit()`` calls
from a worker thread: exactly the token stream Hearth's engine worker sends to the window.
The test runs the pattern in a child process (an abort would take pytest down with it) and
checks that every one of 5,000 queued emissions arrives.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

N_EMITS = 5000

CHILD = textwrap.dedent(f"""
    import sys
    from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Signal, Slot, Qt

    N = {N_EMITS}

    class Worker(QObject):
        piece = Signal(int, str)
        done = Signal()

        @Slot()
        def run(self):
            for i in range(N):
                self.piece.emit(i, f"token {{i}} \\u00e9\\U0001F600")
            self.done.emit()

    class Receiver(QObject):
        def __init__(self, app):
            super().__init__()
            self.app = app
            self.count = 0
            self.in_order = True
            self.main_thread = QThread.currentThread()
            self.wrong_thread = 0

        @Slot(int, str)
        def on_piece(self, i, text):
            if i != self.count or text != f"token {{i}} \\u00e9\\U0001F600":
                self.in_order = False
            if QThread.currentThread() is not self.main_thread:
                self.wrong_thread += 1
            self.count += 1
            if self.count == N:
                self.app.quit()

    app = QCoreApplication(sys.argv)
    thread = QThread()
    worker = Worker()
    worker.moveToThread(thread)
    receiver = Receiver(app)
    worker.piece.connect(receiver.on_piece, Qt.ConnectionType.QueuedConnection)
    thread.started.connect(worker.run)
    QTimer.singleShot(60_000, lambda: app.exit(3))  # never hang the suite
    thread.start()
    rc = app.exec()
    thread.quit()
    thread.wait()
    print(f"received={{receiver.count}} in_order={{receiver.in_order}} wrong_thread={{receiver.wrong_thread}}")
    sys.exit(rc)
""")


def test_python_is_3_12_or_newer():
    assert sys.version_info >= (3, 12), (
        "Hearth needs Python 3.12+: with PySide6 6.12.0, Python 3.11 aborts the process after about "
        "570 Signal.emit() calls from a worker thread, which kills the app mid-answer."
    )


def test_five_thousand_cross_thread_emits_arrive():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, f"exit {proc.returncode}\nstdout: {proc.stdout}\nstderr: {proc.stderr[-2000:]}"
    assert f"received={N_EMITS} in_order=True wrong_thread=0" in proc.stdout, proc.stdout
