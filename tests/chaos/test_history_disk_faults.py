"""The chat history on a full disk, a read-only file and a file locked by another program.

Each fault is injected for real at the SQLite level (:mod:`tests.chaos.history_faults`), then
lifted. Whatever happens, the store says what is wrong in a sentence with a way forward, keeps
everything it was asked to save (shown by reads meanwhile), writes it once the fault is gone,
and leaves a sound file (``PRAGMA integrity_check`` is "ok"). Every test takes a second or two.
"""

from __future__ import annotations

import os
import sqlite3
import time

import pytest

from app import paths
from app.chat import history_file
from app.chat.store import HistoryStore, HistoryUnwritableError
from app.chat.write_faults import DISK_ERROR, FULL, LOCKED, READ_ONLY, kind_of
from tests.chaos.history_faults import (BIG, OtherProgram, ReadOnlyFile, ReadOnlyFolder, fill_disk, free_disk,
                                        integrity, on_disk)


@pytest.fixture
def db_path():
    return paths.history_db()


@pytest.fixture
def told(monkeypatch):
    """The sentences the store says through ``on_unsaved``; kept changes are tried again at once."""
    monkeypatch.setattr(history_file, "RETRY_AFTER_S", 0.0)
    return []


def open_store(db_path, told, **kwargs) -> HistoryStore:
    store = HistoryStore(db_path, **kwargs)
    store.on_unsaved = told.append
    return store


def stored_content(db_path, message_id: int) -> tuple[str, str]:
    conn = on_disk(db_path)
    try:
        return conn.execute("SELECT content, status FROM messages WHERE id = ?", (message_id,)).fetchone()
    finally:
        conn.close()


def count(db_path, table: str) -> int:
    conn = on_disk(db_path)
    try:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


# -- what an error means ---------------------------------------------------------------------


def test_each_error_is_named_by_its_code_or_sqlites_own_words():
    assert kind_of(sqlite3.OperationalError("database or disk is full")) == FULL
    assert kind_of(sqlite3.OperationalError("attempt to write a readonly database")) == READ_ONLY
    assert kind_of(sqlite3.OperationalError("database is locked")) == LOCKED
    assert kind_of(sqlite3.OperationalError("disk I/O error")) == DISK_ERROR
    assert kind_of(sqlite3.OperationalError("no such table: x")) is None
    assert kind_of(OSError(28, "No space left on device")) == FULL
    assert kind_of(ValueError("database or disk is full")) is None


# -- a full disk -----------------------------------------------------------------------------


def test_a_message_that_does_not_fit_raises_a_sentence_and_changes_nothing(db_path, told):
    with open_store(db_path, told) as store:
        conv = store.create_conversation("Chat")
        store.add_message(conv.id, "user", "short")
        fill_disk(store)
        with pytest.raises(HistoryUnwritableError) as info:
            store.add_message(conv.id, "user", "x" * BIG)
        assert info.value.kind == FULL
        assert "disk" in info.value.message and "full" in info.value.message
        assert "Free some space" in info.value.message and "nothing you wrote is lost" in info.value.message
        assert [m.content for m in store.messages(conv.id)] == ["short"]
        free_disk(store)
        store.add_message(conv.id, "user", "x" * BIG)  # the same write, once there is room
    assert count(db_path, "messages") == 2
    assert integrity(db_path) == "ok"


def test_a_new_chat_that_does_not_fit_raises_and_goes_through_once_there_is_room(db_path, told):
    prompt = "Be thorough. " * (BIG // 10)
    with open_store(db_path, told) as store:
        fill_disk(store)
        with pytest.raises(HistoryUnwritableError, match="full"):
            store.create_conversation("Chat", system_prompt=prompt)
        assert store.list_conversations() == []
        free_disk(store)
        conv = store.create_conversation("Chat", system_prompt=prompt)
        assert store.get_conversation(conv.id).system_prompt == prompt
    assert integrity(db_path) == "ok"


def test_a_streaming_answer_is_kept_shown_and_written_once_there_is_room(db_path, told, monkeypatch):
    with open_store(db_path, told) as store:
        conv = store.create_conversation("Chat")
        question = store.add_message(conv.id, "user", "Tell me a long story")
        live = store.add_message(conv.id, "assistant", "", status="streaming")
        store.update_message(live.id, content="Once upon")  # fits
        fill_disk(store)
        text = "Once upon a time " + "and then " * (BIG // 9)
        for end in (len(text) // 2, len(text)):  # flushes while the answer streams on
            store.update_message(live.id, content=text[:end])
        store.update_message(live.id, status="complete", stats={"completion_tokens": 9})
        assert len(told) == 1 and "full" in told[0]           # said once, not once per flush
        assert store.trouble == told[0]
        shown = store.get_message(live.id)
        assert (shown.content, shown.status, shown.stats) == (text, "complete", {"completion_tokens": 9})
        assert store.tree.path(conv.id) == [question, shown]  # the chat shows it as it is
        assert stored_content(db_path, live.id) == ("Once upon", "streaming")  # not in the file yet

        assert not store.retry_unsaved()                      # still full: kept
        free_disk(store)
        assert store.retry_unsaved()
        assert store.trouble is None and not store.unsaved
        assert stored_content(db_path, live.id) == (text, "complete")
    assert integrity(db_path) == "ok"


def test_changes_kept_on_a_full_disk_go_with_the_next_write(db_path, told):
    with open_store(db_path, told) as store:
        conv = store.create_conversation("Chat")
        live = store.add_message(conv.id, "assistant", "", status="streaming")
        fill_disk(store)
        store.update_message(live.id, content="y" * BIG, status="complete")
        store.update_conversation(conv.id, system_prompt="Answer in French.")
        assert store.get_conversation(conv.id).system_prompt == "Answer in French."
        free_disk(store)
        store.add_message(conv.id, "user", "next question")  # writes the kept changes first
        assert not store.unsaved
    with HistoryStore(db_path) as again:
        assert again.get_message(live.id).content == "y" * BIG
        assert again.get_conversation(conv.id).system_prompt == "Answer in French."
    assert integrity(db_path) == "ok"


def test_closing_tries_once_more_and_says_what_is_lost_if_it_cannot(db_path, told, caplog):
    store = open_store(db_path, told)
    conv = store.create_conversation("Chat")
    live = store.add_message(conv.id, "assistant", "", status="streaming")
    fill_disk(store)
    store.update_message(live.id, content="z" * BIG)
    free_disk(store)
    store.close()  # space came back before the quit: saved then
    assert stored_content(db_path, live.id)[0] == "z" * BIG

    store = open_store(db_path, told)
    fill_disk(store)
    store.update_message(live.id, content="w" * 2 * BIG)  # more than the old text's pages
    store.close()
    assert "unsaved changes to the chat history are lost" in caplog.text
    assert stored_content(db_path, live.id)[0] == "z" * BIG  # the last saved text stays whole
    assert integrity(db_path) == "ok"


# -- a read-only file ------------------------------------------------------------------------


def make_history(db_path) -> tuple[int, int]:
    """A history with one chat: a question and its answer. Returns their chat's and answer's ids."""
    with HistoryStore(db_path) as store:
        conv = store.create_conversation("Kept chat")
        store.add_message(conv.id, "user", "What is a haiku?")
        answer = store.add_message(conv.id, "assistant", "Three lines.")
        return conv.id, answer.id


def the_history(db_path) -> tuple[int, int]:
    """The ids :func:`make_history` made."""
    with HistoryStore(db_path) as store:
        conv = store.list_conversations()[0]
        return conv.id, store.messages(conv.id)[-1].id


@pytest.fixture
def read_only(db_path, monkeypatch):
    """The history made by :func:`make_history`, read-only from now on (``.on = False`` lifts it)."""
    make_history(db_path)
    fault = ReadOnlyFile(db_path)
    monkeypatch.setattr(sqlite3, "connect", fault.connect)
    return fault


def test_a_read_only_history_opens_reads_and_says_why_it_cannot_save(db_path, told, read_only):
    conv_id, _ = the_history(db_path)
    with open_store(db_path, told) as store:
        assert store.trouble is not None and "read-only" in store.trouble and str(db_path) in store.trouble
        assert [c.title for c in store.list_conversations()] == ["Kept chat"]
        assert [m.content for m in store.tree.path(conv_id)] == ["What is a haiku?", "Three lines."]
        assert store.recover_interrupted() == 0
        with pytest.raises(HistoryUnwritableError, match="read-only") as info:
            store.add_message(conv_id, "user", "And a limerick?")
        assert info.value.kind == READ_ONLY
        with pytest.raises(HistoryUnwritableError, match="read-only"):
            store.create_conversation("New")
        store.rename_conversation(conv_id, "Poems")  # kept, and shown
        assert store.get_conversation(conv_id).title == "Poems"
        assert told == []  # it was said on opening; the window says that once
    assert count(db_path, "messages") == 2
    assert integrity(db_path) == "ok"


def test_a_history_made_writable_again_saves_without_a_restart(db_path, told, read_only):
    conv_id, _ = the_history(db_path)
    with open_store(db_path, told) as store:
        store.update_conversation(conv_id, system_prompt="Rhyme.")
        read_only.on = False  # the user allowed writing
        store.add_message(conv_id, "user", "And a limerick?")
        assert store.trouble is None and not store.unsaved
    with HistoryStore(db_path) as again:
        assert again.get_conversation(conv_id).system_prompt == "Rhyme."
        assert again.tree.path(conv_id)[-1].content == "And a limerick?"
    assert integrity(db_path) == "ok"


def test_answers_left_streaming_in_a_read_only_history_show_as_interrupted(db_path, told, read_only):
    read_only.on = False
    with HistoryStore(db_path) as store:
        conv = store.create_conversation("Chat")
        live = store.add_message(conv.id, "assistant", "half an ans", status="streaming")
    read_only.on = True
    with open_store(db_path, told) as store:
        assert store.recover_interrupted() == 1
        assert store.get_message(live.id).status == "interrupted"
    assert stored_content(db_path, live.id) == ("half an ans", "streaming")  # marked next time


def test_a_history_in_a_read_only_folder_opens_for_reading(db_path, told, monkeypatch):
    conv_id, _ = make_history(db_path)
    fault = ReadOnlyFolder(db_path)
    monkeypatch.setattr(sqlite3, "connect", fault.connect)
    with open_store(db_path, told) as store:
        assert "read-only" in (store.trouble or "")
        assert [m.content for m in store.tree.path(conv_id)] == ["What is a haiku?", "Three lines."]
        with pytest.raises(HistoryUnwritableError, match="read-only"):
            store.add_message(conv_id, "user", "And a limerick?")
        store.rename_conversation(conv_id, "Poems")
        fault.on = False  # writing allowed again
        store.add_message(conv_id, "user", "And a limerick?")
        assert store.trouble is None and not store.unsaved
    with HistoryStore(db_path) as again:
        assert again.get_conversation(conv_id).title == "Poems"
        assert again.tree.path(conv_id)[-1].content == "And a limerick?"
    assert integrity(db_path) == "ok"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root writes through file permissions; the read_only fixture covers this case")
def test_a_history_file_without_write_permission(db_path, told):
    conv_id, _ = make_history(db_path)
    db_path.chmod(0o444)
    try:
        with open_store(db_path, told) as store:
            assert "read-only" in (store.trouble or "")
            assert [c.id for c in store.list_conversations()] == [conv_id]
            with pytest.raises(HistoryUnwritableError, match="read-only"):
                store.add_message(conv_id, "user", "more")
            db_path.chmod(0o644)
            store.add_message(conv_id, "user", "more")
    finally:
        db_path.chmod(0o644)
    assert integrity(db_path) == "ok"


# -- locked by another program ---------------------------------------------------------------


def test_a_short_lock_is_waited_out(db_path, told):
    conv_id, _ = make_history(db_path)
    with open_store(db_path, told, busy_timeout_s=3.0) as store, OtherProgram(db_path) as other:
        other.release_after(0.3)
        started = time.monotonic()
        store.add_message(conv_id, "user", "Still there?")
        assert 0.2 < time.monotonic() - started < 3.0
        assert told == [] and store.trouble is None
    assert count(db_path, "messages") == 3 and count(db_path, "presets") == 1
    assert integrity(db_path) == "ok"


def test_a_long_lock_says_who_holds_it_and_the_next_try_after_it_goes_through(db_path, told):
    conv_id, answer_id = make_history(db_path)
    with open_store(db_path, told, busy_timeout_s=0.3) as store:
        with OtherProgram(db_path) as other:
            started = time.monotonic()
            with pytest.raises(HistoryUnwritableError) as info:
                store.add_message(conv_id, "user", "Still there?")
            assert time.monotonic() - started < 2.0
            assert info.value.kind == LOCKED
            assert "being used by another program" in info.value.message
            assert "nothing you wrote is lost" in info.value.message
            assert [m.content for m in store.tree.path(conv_id)][-1] == "Three lines."  # reads go on
            store.update_message(answer_id, content="Three lines: 5, 7, 5.")
            assert store.get_message(answer_id).content == "Three lines: 5, 7, 5."
            assert len(told) == 1 and "another program" in told[0]
        store.add_message(conv_id, "user", "Still there?")  # the lock is gone: the same write works
        assert not store.unsaved
    assert stored_content(db_path, answer_id)[0] == "Three lines: 5, 7, 5."
    with HistoryStore(db_path) as again:
        assert [p.name for p in again.presets.all()] == [other.preset]  # the other program's write stays
    assert integrity(db_path) == "ok"


def test_retries_under_a_lock_wait_only_briefly(db_path, told):
    conv_id, answer_id = make_history(db_path)
    with open_store(db_path, told, busy_timeout_s=1.0) as store, OtherProgram(db_path):
        store.update_message(answer_id, content="first")       # waits the whole second, then kept
        started = time.monotonic()
        for n in range(3):
            store.update_message(answer_id, content=f"again {n}")
            assert not store.retry_unsaved()
        assert time.monotonic() - started < 6 * history_file.RETRY_WAIT_S + 1.5  # not 6 × 1 s
        assert store.get_message(answer_id).content == "again 2"
