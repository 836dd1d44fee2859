"""The main window when its history's disk is full, its file read-only, or another program holds it.

A real window on the scripted engine (:mod:`tests.gui.conftest`), with the faults of
:mod:`tests.chaos.history_faults`. Whatever happens: no exception reaches Qt (pytest-qt fails the
test if one does), the window says what is wrong in the notice bar, the message box gives back
a message that could not be saved, an answer that could not be saved stays on screen whole, and
once the fault is lifted everything reaches the file, which stays sound.
"""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt

from app.chat import answer_writer, history_file
from app.chat.store import HistoryStore
from app.engine.fake import FakeEngine
from tests.chaos.history_faults import BIG, OtherProgram, ReadOnlyFile, fill_disk, free_disk, integrity, on_disk
from tests.gui.conftest import TOKEN_DELAY_S, WindowFactory

WAIT_MS = 10_000


@pytest.fixture
def engine() -> FakeEngine:
    return FakeEngine(token_delay=TOKEN_DELAY_S)


@pytest.fixture
def make_window(qtbot, engine, monkeypatch):
    """Windows on one history; answers flushed every 50 ms and kept changes retried at once."""
    monkeypatch.setattr(answer_writer, "FLUSH_INTERVAL_MS", 50)
    monkeypatch.setattr(history_file, "RETRY_AFTER_S", 0.0)
    factory = WindowFactory(qtbot, engine)
    yield factory
    factory.close_all()


def send(qtbot, window, text: str) -> None:
    window.composer.set_text(text)
    window.composer.editor.setFocus()
    qtbot.keyClick(window.composer.editor, Qt.Key.Key_Return)


def wait_idle(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not window.session.busy and not window.composer.busy, timeout=WAIT_MS)


def shown(window) -> str:
    return window.chat.browser.toPlainText()


def file_rows(window) -> list[tuple[str, str, str]]:
    conn = on_disk(window.session.store.path)
    try:
        return conn.execute("SELECT role, content, status FROM messages ORDER BY id").fetchall()
    finally:
        conn.close()


# -- a full disk -----------------------------------------------------------------------------


def test_a_message_that_finds_the_disk_full_goes_back_into_the_box(qtbot, make_window):
    window = make_window()
    window.engine.enqueue(["Fine", "."])
    send(qtbot, window, "First question")
    wait_idle(qtbot, window)
    fill_disk(window.session.store)
    long_text = "Please summarise: " + " ".join(["a-very-long-word-" * 12] * 320) + "."  # few tokens, 64 kB
    send(qtbot, window, long_text)
    assert not window.session.busy
    assert "disk" in window.notice.message and "full" in window.notice.message
    assert window.composer.text() == long_text                 # nothing typed is lost
    assert "First question" in shown(window) and "Fine." in shown(window)
    assert [r[1] for r in file_rows(window)] == ["First question", "Fine."]

    free_disk(window.session.store)
    window.engine.enqueue(["Done", "."])
    send(qtbot, window, window.composer.text())
    wait_idle(qtbot, window)
    assert [r[1] for r in file_rows(window)] == ["First question", "Fine.", long_text, "Done."]
    assert integrity(window.session.store.path) == "ok"


def test_a_new_chat_on_a_full_disk_says_so_and_keeps_the_open_one(qtbot, make_window):
    window = make_window()
    window.session.set_system_prompt("Be thorough. " * (BIG // 10))  # a new chat takes it along
    first = window.session.conversation
    window.engine.enqueue(["Hi", "."])
    send(qtbot, window, "Hello")
    wait_idle(qtbot, window)
    fill_disk(window.session.store)
    window.session.new_conversation()
    assert "full" in window.notice.message
    assert window.session.conversation.id == first.id and "Hello" in shown(window)
    free_disk(window.session.store)
    window.session.new_conversation()
    assert window.session.conversation.id != first.id
    assert integrity(window.session.store.path) == "ok"


def test_an_answer_that_fills_the_disk_stays_on_screen_and_is_saved_once_there_is_room(qtbot, make_window):
    window = make_window()
    store = window.session.store
    window.session.liveStarted.connect(lambda _id: fill_disk(store))  # the question was saved; the answer will not fit
    tokens = [f"word{n:04d} " * 40 for n in range(60)]                # about 60 kB
    window.engine.enqueue(tokens)
    send(qtbot, window, "Tell me everything")
    wait_idle(qtbot, window)
    answer = "".join(tokens)
    assert "full" in window.notice.message and "nothing you wrote is lost" in window.notice.message
    assert window.session.messages[-1].content == answer and window.session.messages[-1].status == "complete"
    assert "word0059" in shown(window)                                # the whole answer, on screen
    assert file_rows(window)[-1][1] != answer                         # not in the file yet

    notices = []
    window.session.notice.connect(notices.append)
    qtbot.wait(300)
    assert notices == []                                              # said once, not once per retry
    free_disk(store)
    qtbot.waitUntil(lambda: file_rows(window)[-1] == ("assistant", answer, "complete"), timeout=WAIT_MS)
    assert not store.unsaved and integrity(store.path) == "ok"
    assert window.notice.message == ""                                # the trouble is over: it says so
    assert window.statusBar().currentMessage() == "Everything is saved again."


# -- a read-only history ---------------------------------------------------------------------


@pytest.fixture
def read_only_history(make_window, monkeypatch):
    """A history with one chat, read-only from now on (``.on = False`` lifts it)."""
    with HistoryStore(make_window.db_path) as store:
        conv = store.create_conversation("Haiku")
        store.add_message(conv.id, "user", "What is a haiku?")
        store.add_message(conv.id, "assistant", "Three short lines.")
    fault = ReadOnlyFile(make_window.db_path)
    monkeypatch.setattr(sqlite3, "connect", fault.connect)
    return fault


def test_a_read_only_history_shows_its_chats_says_why_once_and_keeps_a_message(
        qtbot, make_window, read_only_history):
    window = make_window()
    notices = []
    window.session.notice.connect(notices.append)
    qtbot.waitUntil(lambda: "read-only" in window.notice.message, timeout=WAIT_MS)
    assert str(make_window.db_path) in window.notice.message
    assert "What is a haiku?" in shown(window) and "Three short lines." in shown(window)
    assert window.session.conversation.title == "Haiku"

    window.engine.enqueue(["Five", "."])
    send(qtbot, window, "And a limerick?")
    assert not window.session.busy
    assert window.composer.text() == "And a limerick?"
    assert "read-only" in window.notice.message
    qtbot.wait(200)
    assert notices == [window.notice.message]  # for the message; the opening one was said before

    read_only_history.on = False  # the user allowed writing: no restart needed
    send(qtbot, window, "And a limerick?")
    wait_idle(qtbot, window)
    assert [r[1] for r in file_rows(window)][-2:] == ["And a limerick?", "Five."]
    assert integrity(make_window.db_path) == "ok"


def test_every_other_change_to_a_read_only_history_is_kept_or_refused_in_a_sentence(
        qtbot, make_window, read_only_history):
    window = make_window()
    conv_id = window.session.conversation.id
    window.chat_actions.rename(conv_id, "Poems")                  # kept, and shown
    window.session.set_system_prompt("Answer in verse.")          # kept, and used
    assert window.session.store.get_conversation(conv_id).title == "Poems"
    assert window.session.conversation.system_prompt == "Answer in verse."
    window.session.new_conversation()                             # refused: it could not be saved
    assert "read-only" in window.notice.message and window.session.conversation.id == conv_id
    window.notice.clear()
    window.chat_actions.delete(conv_id)                           # refused: the chat stays
    assert "read-only" in window.notice.message
    assert not window.chat_actions.undo_button.isVisible()        # no "Deleted … Undo" for it
    assert "Deleted" not in window.statusBar().currentMessage()
    assert [c.id for c in window.session.store.list_conversations()] == [conv_id]
    assert window.session.conversation.id == conv_id and "Three short lines." in shown(window)

    read_only_history.on = False
    window.chat_actions.rename(conv_id, "Poetry")                 # the kept changes go with it
    with HistoryStore(make_window.db_path) as again:
        conv = again.get_conversation(conv_id)
        assert (conv.title, conv.system_prompt) == ("Poetry", "Answer in verse.")


def test_an_empty_read_only_history_opens_and_keeps_the_first_message(qtbot, make_window, monkeypatch):
    HistoryStore(make_window.db_path).close()
    monkeypatch.setattr(sqlite3, "connect", ReadOnlyFile(make_window.db_path).connect)
    window = make_window()
    assert window.session.conversation is None                    # a new chat could not be saved
    send(qtbot, window, "Hello?")
    assert "read-only" in window.notice.message and window.composer.text() == "Hello?"
    assert not window.session.busy


# -- locked by another program ---------------------------------------------------------------


def test_a_message_sent_while_another_program_holds_the_history_waits_or_goes_back(
        qtbot, make_window, monkeypatch):
    monkeypatch.setattr(history_file, "BUSY_TIMEOUT_S", 1.5)
    window = make_window()
    path = make_window.db_path
    window.engine.enqueue(["One", "."])
    with OtherProgram(path) as other:
        other.release_after(0.2)            # a short lock: the message just waits for it
        send(qtbot, window, "Short wait")
        wait_idle(qtbot, window)
    assert window.notice.message == ""
    assert [r[1] for r in file_rows(window)] == ["Short wait", "One."]

    with OtherProgram(path):                # a long one: the box keeps the text, and says why
        send(qtbot, window, "Long wait")
        assert "being used by another program" in window.notice.message
        assert window.composer.text() == "Long wait"
        assert "Short wait" in shown(window)  # the chat still reads
    window.engine.enqueue(["Two", "."])
    send(qtbot, window, window.composer.text())
    wait_idle(qtbot, window)
    assert [r[1] for r in file_rows(window)] == ["Short wait", "One.", "Long wait", "Two."]
    assert integrity(path) == "ok"


def test_an_answer_streaming_while_another_program_takes_the_lock_is_kept_and_saved_after(
        qtbot, make_window, monkeypatch):
    monkeypatch.setattr(history_file, "BUSY_TIMEOUT_S", 0.3)
    window = make_window()
    store = window.session.store
    holders = []
    window.session.liveStarted.connect(lambda _id: holders.append(OtherProgram(store.path)))
    tokens = [f"t{n} " for n in range(150)]
    window.engine.enqueue(tokens)
    send(qtbot, window, "Go on")
    try:
        wait_idle(qtbot, window)
        assert "another program" in window.notice.message
        assert window.session.messages[-1].content == "".join(tokens)
        assert "t149" in shown(window)
    finally:
        for holder in holders:
            holder.release()
    qtbot.waitUntil(lambda: file_rows(window)[-1] == ("assistant", "".join(tokens), "complete"), timeout=WAIT_MS)
    assert integrity(store.path) == "ok"
