"""Saved model memory in the window: the "resumed" hint, the context meter, and deleting for good."""

from __future__ import annotations

from app import paths
from app.engine.kv_state import SavedState, StateKey
from tests.gui.test_main_window import doc, send_and_wait


def test_coming_back_to_a_chat_says_it_resumed_from_saved_memory(qtbot, make_window, engine):
    window = make_window()
    send_and_wait(qtbot, window, "First chat " + "word " * 50)
    first = window.session.conversation.id
    window.session.new_conversation()
    send_and_wait(qtbot, window, "Second chat")
    window.session.open(first)
    send_and_wait(qtbot, window, "Back again")
    last = window.session.messages[-1]
    assert last.stats["kv_restored"] > 50
    assert "resumed instantly from saved memory" in doc(window)


def test_the_context_meter_follows_the_chat_shown(qtbot, make_window, engine):
    window = make_window()
    send_and_wait(qtbot, window, "Long " + "word " * 200)
    long_chat, long_used = window.session.conversation.id, window.context_meter.value()
    window.session.new_conversation()
    assert window.context_meter.value() == 0
    send_and_wait(qtbot, window, "Short")
    short_used = window.context_meter.value()
    assert 0 < short_used < long_used
    window.session.open(long_chat)
    assert window.context_meter.value() == long_used


def test_a_deleted_chat_leaves_no_text_and_no_saved_memory(qtbot, make_window, engine):
    window = make_window()
    engine.states = window.states
    secret = "zebra-quokka-4242"
    engine.enqueue([f"The {secret} is safe."])
    send_and_wait(qtbot, window, f"Remember {secret} please")
    conv = window.session.conversation.id
    window.states.put(str(conv), SavedState(StateKey("m", 1, 0, "f16", 0, "x"), (1, 2, 3), secret.encode() * 10))
    window.states.flush()
    window.chat_actions.delete(conv)
    assert window.session.store.get_conversation(conv) is None  # gone from the list, still undoable
    purged = window.session.purge_deleted(older_than_s=0)  # as when the Undo window has passed
    assert purged == [conv]
    qtbot.waitUntil(lambda: str(conv) in engine.forgotten, timeout=5000)
    window.states.flush()
    assert not window.states.path(str(conv)).exists()
    db = paths.history_db()
    for path in (db, db.with_name(db.name + "-wal")):
        if path.exists():
            assert secret.encode() not in path.read_bytes(), path
    for path in paths.kv_state_dir().iterdir():
        assert secret.encode() not in path.read_bytes()
