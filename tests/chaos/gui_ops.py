"""A seeded random walk of what a person does in the main window, with a scripted engine.

Every operation goes through the window as a person would: text in the message box and Enter,
the Stop, New chat and Undo buttons, a click in the chat list and the Delete key, the links of
the chat view (Regenerate, Edit, ‹ ›, Continue, a token of an inspected answer, Delete this
version), the model picker, and quitting and starting the app again on the same history.
An operation that makes no sense in the state it lands in (Stop with nothing answering) does
what the app does then: usually nothing. ``GuiWalk.step`` picks one with a ``random.Random``
and returns a line for the operation log; the invariants are checked by the caller.

:class:`MarkedEngine` answers every request with tokens that name it: ``«r12c3t4»`` is token 4
of request 12, asked for chat 3, so a token that lands in the wrong chat or message is seen.
"""

from __future__ import annotations

import collections
import random
import re
import threading
from typing import Callable

from PySide6.QtCore import QUrl, Qt
from PySide6.QtWidgets import QCheckBox, QListWidget, QPushButton, QWidget

from app.engine.fake import FakeEngine

MARK = re.compile(r"«r(\d+)c(\d+)t(\d+)»")
WAIT_MS = 10_000
MODELS = ("fake:model", "fake:other")

# Common operations dominate; the expensive ones (a restart builds a whole window) are rare.
WEIGHTS = {
    "send": 22, "wait": 18, "stop": 8, "regenerate": 8, "switch_chat": 8, "edit": 6, "new_chat": 5,
    "branch": 5, "switch_branch": 4, "continue": 3, "delete_undo": 3, "delete": 2, "delete_version": 1.5,
    "switch_model": 2, "restart": 1.5,
}


class MarkedEngine(FakeEngine):
    """A :class:`FakeEngine` whose every answer names its request, its chat and each token's place.

    ``answers`` maps a request number to (the chat it was asked for, how many tokens it answers).
    Lengths are drawn from ``seed``: mostly short, some long enough to be stopped or left.
    """

    def __init__(self, seed: int, token_delay: float = 0.001) -> None:
        super().__init__(token_delay=token_delay)
        self._lengths = random.Random(seed)
        self._lock = threading.Lock()
        self.answers: dict[int, tuple[str, int]] = {}
        self.long_next = False  # the next answer is a long one (to be stopped mid-stream)

    def generate(self, messages, params, on_text, cancel=None, **kwargs):
        chat = kwargs.get("chat") or "?"
        with self._lock:
            request = len(self.answers) + 1
            draw = self._lengths.random()
            if self.long_next or draw < 0.05:
                n = self._lengths.randint(150, 400)
            elif draw < 0.3:
                n = self._lengths.randint(13, 60)
            else:
                n = self._lengths.randint(1, 12)
            self.long_next = False
            self.answers[request] = (chat, n)
        self._script.clear()  # a request that failed before reading its script leaves it behind
        self.enqueue([f"«r{request}c{chat}t{i}» " for i in range(n)])
        return super().generate(messages, params, on_text, cancel, **kwargs)


def named(window: QWidget, cls: type, name: str):
    """The one widget of type ``cls`` whose accessible name is ``name``."""
    found = [w for w in window.findChildren(cls) if w.accessibleName() == name]
    assert len(found) == 1, f"expected one {cls.__name__} named {name!r}, found {len(found)}"
    return found[0]


class GuiWalk:
    """The window under test and the operations on it.

    Args:
        qtbot: pytest-qt's bot.
        open_window: Opens the app on the walk's history database (loads "fake:model").
        close_window: Quits a window as the app does.
        engine: The engine behind every window.
        rng: Picks operations and their targets.
        kept: Called with (message id, chat id, text shown) for an answer that stopped streaming
            during an operation other than Stop (which checks its own).
        models: The model paths "switch model" picks between.
    """

    def __init__(self, qtbot, open_window: Callable[[], QWidget], close_window: Callable[[QWidget], None],
                 engine: MarkedEngine, rng: random.Random, kept: Callable[[int, int, str], None],
                 models: tuple[str, ...] = MODELS) -> None:
        self.qtbot, self._open, self._close = qtbot, open_window, close_window
        self.engine, self.rng, self._kept, self.models = engine, rng, kept, models
        self.window = self._start()
        self.counts: collections.Counter[str] = collections.Counter()  # operations picked
        self.acted: collections.Counter[str] = collections.Counter()   # … that did something
        self._typed = 0

    def step(self) -> str:
        """Do one operation; returns what it did, for the log."""
        kind = self.rng.choices(list(WEIGHTS), list(WEIGHTS.values()))[0]
        before = self._live()
        detail, acted = getattr(self, f"_op_{kind}")()
        self.counts[kind] += 1
        self.acted[kind] += bool(acted)
        after = self._live()
        if before is not None and (after is None or after[0] != before[0]):
            self._kept(*before)
        chat = self.window.session.conversation
        return f"{kind}: {detail} [chat {chat.id if chat else None}, busy {self.window.session.busy}]"

    # -- plumbing --------------------------------------------------------------------------

    def _start(self) -> QWidget:
        window = self._open()
        window.prompts.confirm = lambda *args, **kwargs: True  # "Delete this version?" — yes
        window.prompts.inform = lambda *args, **kwargs: None
        return window

    def _live(self) -> tuple[int, int, str] | None:
        session = self.window.session
        if not session.busy or self.window.chat.live_message_id is None:
            return None
        return self.window.chat.live_message_id, session.conversation.id, session.live_text

    def wait_idle(self, timeout: int = WAIT_MS) -> None:
        """Let the answer in progress end (and a model load finish)."""
        window = self.window
        self.qtbot.waitUntil(lambda: not window.session.busy and not window.host.loading, timeout=timeout)

    def _click_link(self, url: str) -> None:
        self.window.chat.browser.anchorClicked.emit(QUrl(url))

    def _shown(self, keep: Callable) -> list:
        return [m for m in self.window.chat.messages() if keep(m)]

    def _chats(self) -> QListWidget:
        return named(self.window, QListWidget, "Chats")

    def _chat_ids(self) -> list[int]:
        chats = self._chats()
        return [int(chats.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(chats.count())]

    def _click_chat(self, conversation_id: int) -> None:
        chats = self._chats()
        item = next(chats.item(i) for i in range(chats.count())
                    if chats.item(i).data(Qt.ItemDataRole.UserRole) == conversation_id)
        chats.scrollToItem(item)
        self.qtbot.mouseClick(chats.viewport(), Qt.MouseButton.LeftButton, pos=chats.visualItemRect(item).center())

    def _type_and_enter(self, text: str) -> None:
        composer = self.window.composer
        composer.set_text(text)
        self.qtbot.keyClick(composer.editor, Qt.Key.Key_Return)

    def _text(self) -> str:
        self._typed += 1
        return f"u{self._typed} " + " ".join(self.rng.choice(("tell", "me", "about", "the", "sea", "why", "how"))
                                             for _ in range(self.rng.randint(1, 6)))

    # -- operations: each returns (what it did, whether it did anything) ---------------------

    def _op_send(self) -> tuple[str, bool]:
        window = self.window
        if window.session.busy and self.rng.random() < 0.7:
            self.wait_idle()  # most people wait for the answer before asking again
        can = not window.session.busy and window.host.model_info is not None
        editing = window.edits.editing
        text = self._text()
        self._type_and_enter(text)
        if can:
            last_question = [m for m in window.session.messages if m.role == "user"][-1]
            assert last_question.content == text, f"sent {text!r}, the chat's last question is {last_question}"
        return f"{text!r}{' (as an edit of %d)' % editing if editing else ''}{'' if can else ' (refused)'}", can

    def _op_wait(self) -> tuple[str, bool]:
        ms = self.rng.randint(1, 40)
        self.qtbot.wait(ms)
        return f"{ms} ms", True

    def _op_stop(self) -> tuple[str, bool]:
        window = self.window
        if not window.session.busy:  # start an answer long enough to be stopped mid-stream
            if window.host.model_info is None or window.edits.editing is not None:
                return "nothing to stop", False
            self.engine.long_next = True
            self._type_and_enter(self._text())
            self.qtbot.wait(self.rng.randint(0, 30))
        live = self._live()
        if live is None:
            return "it had already ended", False
        self.qtbot.mouseClick(window.composer.stop_button, Qt.MouseButton.LeftButton)
        self.wait_idle()
        self._kept(*live)
        return f"answer {live[0]} after {len(live[2])} chars", True

    def _op_regenerate(self) -> tuple[str, bool]:
        answers = self._shown(lambda m: m.role == "assistant")
        if not answers:
            return "no answer shown", False
        target = self.rng.choice(answers)
        self._click_link(f"hearth:regenerate/{target.id}")
        return f"answer {target.id}", True

    def _op_edit(self) -> tuple[str, bool]:
        questions = self._shown(lambda m: m.role == "user")
        if not questions:
            return "no question shown", False
        target = self.rng.choice(questions)
        self._click_link(f"hearth:edit/{target.id}")
        if self.rng.random() < 0.15:
            action = named(self.window, QPushButton, "Notice action")
            if action.text() == "Cancel edit":
                self.qtbot.mouseClick(action, Qt.MouseButton.LeftButton)
            return f"message {target.id}, then Cancel edit", True
        text = self._text()
        self._type_and_enter(text)
        return f"message {target.id} as {text!r}", True

    def _op_branch(self) -> tuple[str, bool]:
        window = self.window
        inspector = named(window, QCheckBox, "Next-token inspector")
        if not inspector.isChecked() or self.rng.random() < 0.1:
            inspector.setChecked(not inspector.isChecked())
            return f"inspector {'on' if inspector.isChecked() else 'off'}", True
        candidates = [m for m in self._shown(lambda m: m.role == "assistant" and m.inspectable)
                      if window.chat.records(m.id)]
        if not candidates:
            return "no inspected answer shown", False
        target = self.rng.choice(candidates)
        index = self.rng.randrange(len(window.chat.records(target.id)))
        old_menu = window.branches.menu
        self._click_link(f"hearth:tok/{target.id}/{index}")
        menu = window.branches.menu
        if menu is None or menu is old_menu:
            return f"answer {target.id} token {index}: no menu", False
        choices = [a for a in menu.actions() if a.isEnabled()]
        menu.close()
        if not choices:
            return f"answer {target.id} token {index}: no alternative", False
        choice = self.rng.choice(choices)
        choice.trigger()
        return f"answer {target.id} token {index} → {choice.text()!r}", True

    def _op_switch_branch(self) -> tuple[str, bool]:
        forks = self._shown(lambda m: m.branch[1] > 1)
        if not forks:
            return "no message with versions", False
        target = self.rng.choice(forks)
        index, count = target.branch
        way = "prev" if index == count - 1 or (index > 0 and self.rng.random() < 0.5) else "next"
        self._click_link(f"hearth:{way}/{target.id}")
        return f"{way} of message {target.id} ({index + 1}/{count})", True

    def _op_continue(self) -> tuple[str, bool]:
        stopped = self._shown(lambda m: m.continuable)
        if not stopped:
            return "nothing to continue", False
        self._click_link(f"hearth:continue/{stopped[-1].id}")
        return f"answer {stopped[-1].id}", True

    def _op_delete_version(self) -> tuple[str, bool]:
        forks = self._shown(lambda m: m.branch[1] > 1)
        if not forks:
            return "no message with versions", False
        target = self.rng.choice(forks)
        self._click_link(f"hearth:delete-branch/{target.id}")
        return f"message {target.id}", True

    def _op_switch_chat(self) -> tuple[str, bool]:
        current = self.window.session.conversation.id
        others = [c for c in self._chat_ids() if c != current]
        if not others:
            return "no other chat", False
        target = self.rng.choice(others)
        self._click_chat(target)
        assert self.window.session.conversation.id == target, f"clicked chat {target}, chat {current} stays open"
        return f"to chat {target}", True

    def _op_new_chat(self) -> tuple[str, bool]:
        self.qtbot.mouseClick(named(self.window, QPushButton, "New chat"), Qt.MouseButton.LeftButton)
        return f"chat {self.window.session.conversation.id}", True

    def _delete(self) -> int:
        current = self.window.session.conversation.id
        target = current if self.rng.random() < 0.5 else self.rng.choice(self._chat_ids())
        if target != current:
            self._click_chat(target)
        chats = self._chats()
        chats.setFocus()
        self.qtbot.keyClick(chats, Qt.Key.Key_Delete)
        assert target not in self._chat_ids(), f"chat {target} is still listed after Delete"
        return target

    def _op_delete(self) -> tuple[str, bool]:
        target = self._delete()
        return f"chat {target}", True

    def _op_delete_undo(self) -> tuple[str, bool]:
        target = self._delete()
        if self.rng.random() < 0.5:
            self.qtbot.wait(self.rng.randint(1, 30))
        undo = named(self.window, QPushButton, "Undo delete")
        assert undo.isVisible(), "no Undo after deleting a chat"
        self.qtbot.mouseClick(undo, Qt.MouseButton.LeftButton)
        assert target in self._chat_ids() and self.window.session.conversation.id == target, (
            f"Undo did not bring chat {target} back and open it")
        return f"chat {target}, undone", True

    def _op_switch_model(self) -> tuple[str, bool]:
        window = self.window
        info = window.host.model_info
        path = next(p for p in self.models if info is None or p != info.path)
        window.model_bar.modelChosen.emit(path)
        if self.rng.random() < 0.5:
            self.qtbot.waitUntil(lambda: window.host.model_info is not None, timeout=WAIT_MS)
        return path, True

    def _op_restart(self) -> tuple[str, bool]:
        self._close(self.window)
        self.window = self._start()
        return "quit and started again", True
