"""A seeded random walk through the main window: whatever a person does, in whatever order, the
history stays sound, no answer's token reaches another chat, the view shows what is saved, and
an answer cut short keeps what it had written (see :mod:`tests.chaos.gui_invariants`).

The walk is reproducible from its seed (up to thread timing: how far an answer got before a
Stop is the engine thread's business)::

    HEARTH_CHAOS_SEED=1234 HEARTH_CHAOS_OPS=5000 pytest tests/chaos/test_gui_random.py -s

``HEARTH_CHAOS_SEED=random`` draws a fresh seed (printed); ``HEARTH_CHAOS_REPORT=<file>``
writes the counts of operations and checks there as JSON.
"""

from __future__ import annotations

import json
import logging
import os
import random
import time
from pathlib import Path

from tests.chaos.gui_invariants import ErrorLog, HistoryReader, Invariants
from tests.chaos.gui_ops import GuiWalk, MarkedEngine
from tests.gui.conftest import WindowFactory

DEFAULT_SEED = 20_240_611
DEFAULT_OPS = 1_000
LOG_TAIL = 30


def _seed() -> int:
    given = os.environ.get("HEARTH_CHAOS_SEED", "").strip()
    if given == "random":
        return random.SystemRandom().randrange(2 ** 32)
    return int(given) if given else DEFAULT_SEED


def test_random_walk_through_the_main_window_keeps_every_invariant(qtbot):
    seed = _seed()
    ops = int(os.environ.get("HEARTH_CHAOS_OPS", "") or DEFAULT_OPS)
    rng = random.Random(seed)
    engine = MarkedEngine(seed=rng.randrange(2 ** 32))
    factory = WindowFactory(qtbot, engine)
    errors = ErrorLog()
    logging.getLogger().addHandler(errors)
    log: list[str] = []
    started = time.perf_counter()
    reader = walk = checks = None
    try:
        with qtbot.capture_exceptions() as exceptions:
            walk = GuiWalk(qtbot, factory, factory.close, engine, rng, kept=lambda *live: checks.kept(*live))
            reader = HistoryReader(factory.db_path)  # the first window made the database
            checks = Invariants(reader, engine, exceptions, errors)
            checks.check(walk.window)
            for number in range(1, ops + 1):
                try:
                    log.append(f"{number}: {walk.step()}")
                    checks.check(walk.window)
                except Exception as exc:  # noqa: BLE001 - an op's own failure is reported like an invariant's
                    raise AssertionError(_failure(seed, number, log, exc)) from exc
            walk.wait_idle()
            checks.check(walk.window)
    finally:
        logging.getLogger().removeHandler(errors)
        if reader is not None:
            reader.close()
        factory.close_all()
    elapsed = time.perf_counter() - started
    report = {"seed": seed, "operations": ops, "seconds": round(elapsed, 1), "requests": len(engine.answers),
              "picked": dict(sorted(walk.counts.items())), "acted": dict(sorted(walk.acted.items())),
              "checks": dict(sorted(checks.counts.items()))}
    print(f"\nGUI chaos walk: seed {seed}, {ops} operations in {elapsed:.1f} s, {len(engine.answers)} answers; "
          f"picked {report['picked']}; acted {report['acted']}; checks {report['checks']}")
    if os.environ.get("HEARTH_CHAOS_REPORT"):
        Path(os.environ["HEARTH_CHAOS_REPORT"]).write_text(json.dumps(report, indent=2), encoding="utf-8")


def _failure(seed: int, number: int, log: list[str], exc: BaseException) -> str:
    tail = "\n".join(log[-LOG_TAIL:])
    return (f"operation {number} of the walk with seed {seed} broke an invariant: {exc}\n"
            f"reproduce: HEARTH_CHAOS_SEED={seed} HEARTH_CHAOS_OPS={number} "
            f"pytest tests/chaos/test_gui_random.py\n"
            f"the last {LOG_TAIL} operations:\n{tail}")
