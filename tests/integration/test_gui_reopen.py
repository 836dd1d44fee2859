"""The app, quit in a long chat and started again: the next answer starts from the saved memory.

The real window, engine thread and starter model, as ``make run`` starts them (no scripted engine).
"""

from __future__ import annotations

import pytest

from app import paths
from app.chat.store import HistoryStore
from app.engine.params import SamplingParams
from app.gui import build_window
from app.settings import AppSettings
from model_store.starter import starter_model_path

pytestmark = [pytest.mark.model,
              pytest.mark.skipif(starter_model_path() is None, reason="the starter model is not installed")]
NOTES = " ".join(f"Note {i}: the harbour light was lit at dusk." for i in range(40))


def open_app(qtbot):
    store = HistoryStore(paths.history_db())
    window = build_window(store, AppSettings.read())
    window.show()
    window.load_initial_model()
    qtbot.waitUntil(lambda: window.host.model_info is not None, timeout=60_000)
    return window, store


def close_app(window, store):
    window.close()
    window.host.shutdown()
    window.states.flush()
    store.close()


def ask(qtbot, window, text: str):
    window.session.send(text)
    qtbot.waitUntil(lambda: not window.session.busy, timeout=120_000)
    return window.session.messages[-1]


def test_quit_in_a_long_chat_and_the_next_answer_starts_warm(qtbot):
    window, store = open_app(qtbot)
    window.session.set_sampling(SamplingParams(temperature=0, max_tokens=8))
    first = ask(qtbot, window, "My notes: " + NOTES + " How many notes?")
    assert first.stats["kv_restored"] == 0 and first.stats["prompt_tokens_evaluated"] > 300
    close_app(window, store)
    window, store = open_app(qtbot)  # the same chat opens again
    try:
        again = ask(qtbot, window, "Which one is first?")
        assert again.stats["kv_restored"] > 300
        assert again.stats["prompt_tokens_evaluated"] < 40
        assert again.stats["ttft_ms"] < first.stats["ttft_ms"] / 3
        assert "resumed instantly" in window.chat.browser.toPlainText()
    finally:
        close_app(window, store)
