"""Programs for the ``kill -9`` chaos tests (:mod:`tests.chaos.test_kill9`): each does one piece of
real work through Hearth's own code and says on stdout how far it got, so that the test can pick
a moment, kill it with SIGKILL, and know what had been done before::

    python -m tests.chaos.kill9_targets stream WORDS   # the app (scripted engine) answers a question
    python -m tests.chaos.kill9_targets save SEED      # quick changes to the history, one after another
    python -m tests.chaos.kill9_targets migrate        # open (and so migrate) a history of an old Hearth
    python -m tests.chaos.kill9_targets delete NAME K  # delete a Library model, killed after K of its files

Every line is ``<KIND> <time.monotonic()> <JSON>``, flushed at once (the clock is the system's
monotonic one, which the test reads too). ``HEARTH_HOME`` says where the data folder is, as for
the app. Downloads and quantization need no program here: the test kills ``hearth models pull``
and ``hearth models quantize`` themselves.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[2]


def say(kind: str, payload: Any = None) -> None:
    print(f"{kind} {time.monotonic():.6f} {json.dumps(payload)}", flush=True)


class Killable:
    """A child process in a session of its own (``QT_QPA_PLATFORM=offscreen``, this environment and
    so its ``HEARTH_HOME``), its stdout lines kept as they arrive, its stderr in ``log``. As a
    context manager it kills whatever is left of its session on the way out."""

    def __init__(self, args: list[str], log: Path) -> None:
        self._log = open(log, "wb")
        self.proc = subprocess.Popen(args, cwd=ROOT, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
                                     stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=self._log,
                                     text=True, encoding="utf-8", start_new_session=True)
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, name="killable-stdout", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line)

    def records(self, kind: str | None = None) -> list[tuple[str, float, Any]]:
        """The :func:`say` lines so far, as ``(kind, time, payload)``; only ``kind`` if given."""
        out = []
        for line in list(self.lines):
            name, stamp, payload = line.rstrip("\n").split(" ", 2)
            if kind is None or name == kind:
                out.append((name, float(stamp), json.loads(payload)))
        return out

    def count(self, kind: str) -> int:
        return sum(1 for line in list(self.lines) if line.startswith(kind + " "))

    def first(self, kind: str) -> Any:
        found = self.records(kind)
        assert found, f"no {kind} line; stderr:\n{self.stderr()[-2000:]}"
        return found[0][2]

    def until(self, predicate: Callable[[], bool], timeout: float, what: str) -> None:
        """Wait (polling every 2 ms) until ``predicate()``; fails if the process ends first."""
        deadline = time.monotonic() + timeout
        while not predicate():
            if self.proc.poll() is not None:
                raise AssertionError(f"the process ended (status {self.proc.returncode}) before {what}; "
                                     f"stderr:\n{self.stderr()[-2000:]}")
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}")
            time.sleep(0.002)

    def kill(self) -> float:
        """SIGKILL the process (not its children); returns when it was sent (``time.monotonic()``)."""
        sent = time.monotonic()
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)
        self._reader.join(10)  # what it wrote before it died is still in the pipe: read it all
        return sent

    def wait(self, timeout: float) -> int:
        status = self.proc.wait(timeout)
        self._reader.join(10)
        return status

    def stderr(self) -> str:
        if not self._log.closed:
            self._log.flush()
        return Path(self._log.name).read_text(encoding="utf-8", errors="replace")

    def __enter__(self) -> "Killable":
        return self

    def __exit__(self, *exc_info: object) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass  # nothing of it is left
        self.proc.wait(10)
        self._reader.join(10)
        self._log.close()


# -- stream: the app answers -----------------------------------------------------------------------

def question(words: int) -> str:
    return " ".join(f"w{i}" for i in range(words))


def echoed(words: int) -> str:
    """The whole answer of the scripted engine to :func:`question` (it echoes, word by word)."""
    return "".join(w + " " for w in ("You said: " + question(words)).split())


def stream(words: int) -> int:
    """Start the app as ``hearth`` does (``HEARTH_ENGINE=fake``), report what it opened (``OPEN``),
    then, if ``words``, ask :func:`question` in that chat and report the answer's message
    (``S``) and every piece of text as the view gets it (``T``); quit when it ends (``END``)."""
    import os

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.gui import run_gui
    from app.settings import AppSettings
    from app.ui.main_window import MainWindow
    from model_store.resolve import known_models

    os.environ["HEARTH_ENGINE"] = "fake"
    settings = AppSettings.read()
    settings.welcome_shown = True  # a person who has used Hearth before
    settings.write()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    need_fake_model = [] if known_models() else [True]  # no starter model to stand for: load one by name
    poll = QTimer()
    poll.setInterval(20)

    def tick() -> None:
        window = next((w for w in app.topLevelWidgets() if isinstance(w, MainWindow)), None)
        if window is None:
            return
        session = window.session
        if window.host.model_info is None:
            if need_fake_model:
                need_fake_model.clear()
                window.load_model("fake:model")
            return
        if session.conversation is None:
            return
        poll.stop()
        say("OPEN", {"conversation": session.conversation.id,
                     "messages": [[m.id, m.role, m.status, m.content] for m in session.messages],
                     "view": window.chat.browser.toPlainText()})
        if not words:
            window.close()
            return
        session.liveStarted.connect(lambda mid: say("S", {"message": mid, "conversation": session.conversation.id}))
        session.liveText.connect(lambda text: say("T", text))  # after the view's own slot: it is shown
        session.liveFinished.connect(lambda message: (say("END", message.status), window.close()))
        window.composer.set_text(question(words))
        window.composer.send_button.click()

    poll.timeout.connect(tick)
    poll.start()
    return run_gui(sys.argv[:1])


# -- save: quick changes to the history ------------------------------------------------------------

@dataclass
class HistoryModel:
    """What the history holds after a list of changes (ids as SQLite gives them: max + 1).

    ``chats``: id → ``(title, deleted)``; ``messages``: id → ``(chat, role, content)``. Every chat
    is one line of messages (each is added after the last), so cutting a message cuts the rest
    of its chat.
    """

    chats: dict[int, tuple[str, bool]] = field(default_factory=dict)
    messages: dict[int, tuple[int, str, str]] = field(default_factory=dict)

    def next_id(self, kind: str) -> int:
        table = self.chats if kind == "new" else self.messages
        return max(table, default=0) + 1

    def apply(self, op: list, result: Any) -> None:
        name, *args = op
        if name == "new":
            self.chats[result] = (args[0], False)
        elif name == "add":
            self.messages[result] = (args[0], args[1], args[2])
        elif name == "edit":
            chat, role, _ = self.messages[args[0]]
            self.messages[args[0]] = (chat, role, args[1])
        elif name == "rename":
            self.chats[args[0]] = (args[1], self.chats[args[0]][1])
        elif name == "cut":
            chat = self.messages[args[0]][0]
            for mid in [m for m, row in self.messages.items() if row[0] == chat and m >= args[0]]:
                del self.messages[mid]
        elif name == "trash":
            self.chats[args[0]] = (self.chats[args[0]][0], True)
        elif name == "purge":
            del self.chats[args[0]]
            for mid in [m for m, row in self.messages.items() if row[0] == args[0]]:
                del self.messages[mid]

    def pick(self, rng: random.Random) -> list:
        """A random change that makes sense now."""
        live = sorted(c for c, (_, deleted) in self.chats.items() if not deleted)
        trashed = sorted(c for c, (_, deleted) in self.chats.items() if deleted)
        in_live = sorted(m for m, row in self.messages.items() if not self.chats[row[0]][1])
        text = "".join(rng.choice("abcdé ☃\n") for _ in range(rng.choice((8, 200, 3000))))
        options = [(["new", f"chat {rng.randrange(10 ** 6)}"], 1 if len(live) < 8 else 0.1)]
        if live:
            chat = rng.choice(live)
            options += [(["add", chat, rng.choice(("user", "assistant")), text], 5),
                        (["rename", chat, f"renamed {rng.randrange(10 ** 6)}"], 1), (["trash", chat], 0.7)]
        if in_live:
            options += [(["edit", rng.choice(in_live), text], 2), (["cut", rng.choice(in_live)], 0.6)]
        if trashed:
            options.append((["purge", rng.choice(trashed)], 0.5))
        ops, weights = zip(*options)
        return list(rng.choices(ops, weights)[0])


def save(seed: int) -> int:
    """Change the history (:meth:`HistoryModel.pick`) through the store until killed: ``B`` with the
    change before it is made, ``C`` with its result (a new id, else null) once it is committed."""
    from app import paths
    from app.chat.store import HistoryStore

    rng, model = random.Random(seed), HistoryModel()
    store = HistoryStore(paths.history_db())
    do: dict[str, Callable[..., Any]] = {
        "new": lambda title: store.create_conversation(title).id,
        "add": lambda chat, role, text: store.add_message(chat, role, text).id,
        "edit": lambda mid, text: store.update_message(mid, content=text),
        "rename": store.rename_conversation,
        "cut": store.tree.delete_branch,
        "trash": store.trash.delete,
        "purge": lambda chat: store.trash.purge(only=chat)}
    while True:
        op = model.pick(rng)
        say("B", op)
        result = do[op[0]](*op[1:])
        result = result if op[0] in ("new", "add") else None
        say("C", result)
        model.apply(op, result)


# -- migrate: an old history opened by today's Hearth ----------------------------------------------

def migrate() -> int:
    """Open the history (its migrations run), saying ``M`` before and ``DONE`` once it is open."""
    from app import paths
    from app.chat.store import HistoryStore

    say("M")
    with HistoryStore(paths.history_db()):
        say("DONE")
    return 0


def delete(name: str, after: int) -> int:
    """Delete the Library model ``name`` as the Library's Delete does; the process kills itself
    (SIGKILL) once ``after`` of the model's files are gone (0: before the first one goes)."""
    from model_store.registry import Registry

    registry = Registry()
    plan = registry.plan_delete(name)
    doomed = {str(f) for f in plan.delete}
    real_unlink = Path.unlink
    gone: list[str] = []

    def unlink(self: Path, missing_ok: bool = False) -> None:
        if str(self) in doomed:
            if len(gone) == after:
                say("KILL", gone)
                os.kill(os.getpid(), signal.SIGKILL)
            gone.append(str(self))
        real_unlink(self, missing_ok=missing_ok)

    Path.unlink = unlink  # type: ignore[method-assign]
    registry.delete(plan)
    say("DONE", gone)
    return 0


def main(argv: list[str]) -> int:
    scenario, *args = argv
    if scenario == "stream":
        return stream(int(args[0]))
    if scenario == "save":
        return save(int(args[0]))
    if scenario == "migrate":
        return migrate()
    if scenario == "delete":
        return delete(args[0], int(args[1]))
    raise SystemExit(f"unknown scenario {scenario!r}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
