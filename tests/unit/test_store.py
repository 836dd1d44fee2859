"""HistoryStore: migrations, corruption recovery, CRUD, search, soft delete, streaming states."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app import paths
from app.chat import migrations
from app.chat.records import title_from_text
from app.chat.store import (
    Conversation,
    CorruptHistoryError,
    HistoryError,
    HistoryStore,
    Message,
    Preset,
)
from app.engine.errors import HearthError
from app.engine.params import SamplingParams
from app.engine.types import GenerationStats


class FakeClock:
    """A clock that advances one second per reading, so ordering never depends on timer resolution."""

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        self.now += 1.0
        return self.now


@pytest.fixture
def db_path() -> Path:
    return paths.history_db()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(db_path, clock):
    with HistoryStore(db_path, clock=clock) as s:
        yield s


def raw(path: Path) -> sqlite3.Connection:
    """A separate, plain connection to look at what is really on disk."""
    return sqlite3.connect(path)


# -- opening, migrations, corruption ------------------------------------------------------


def test_db_lives_under_hearth_home(db_path, hearth_home):
    assert db_path.is_relative_to(hearth_home)


def test_migrations_apply_once_and_are_recorded(db_path, store):
    store.close()
    rows = raw(db_path).execute("SELECT version, name, applied_at FROM schema_migrations").fetchall()
    assert [r[0] for r in rows] == [n for n, _, _ in migrations.MIGRATIONS]
    assert all(r[1] and r[2] > 0 for r in rows)
    tables = {r[0] for r in raw(db_path).execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"conversations", "messages", "presets", "schema_migrations"} <= tables


def test_reopening_is_idempotent(db_path, store):
    conv = store.create_conversation("Keep me")
    store.close()
    for _ in range(2):
        with HistoryStore(db_path) as again:
            assert [c.id for c in again.list_conversations()] == [conv.id]
    count = raw(db_path).execute("SELECT COUNT(*) FROM schema_migrations").fetchone()[0]
    assert count == len(migrations.MIGRATIONS)


def test_new_migration_applies_on_reopen_and_only_once(db_path, store, monkeypatch):
    store.close()
    extra = (migrations.latest_version() + 1, "add notes", "CREATE TABLE notes (x TEXT);")
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, extra])
    HistoryStore(db_path).close()
    HistoryStore(db_path).close()  # a second apply would fail: the table exists
    versions = [r[0] for r in raw(db_path).execute("SELECT version FROM schema_migrations")]
    assert versions[-1] == extra[0] and versions.count(extra[0]) == 1


def test_failed_migration_rolls_back_entirely(db_path, store, monkeypatch):
    store.close()
    bad = (migrations.latest_version() + 1, "broken",
           "CREATE TABLE half (x TEXT); INSERT INTO no_such_table VALUES (1);")
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, bad])
    with pytest.raises(HistoryError):
        HistoryStore(db_path)
    conn = raw(db_path)
    assert conn.execute("SELECT name FROM sqlite_master WHERE name='half'").fetchone() is None
    assert bad[0] not in {r[0] for r in conn.execute("SELECT version FROM schema_migrations")}


def test_migration_numbers_are_increasing_and_unique():
    numbers = [n for n, _, _ in migrations.MIGRATIONS]
    assert numbers == sorted(set(numbers)) and numbers[0] == 1
    assert numbers == list(range(1, len(numbers) + 1))


def test_split_statements_respects_literals_and_comments():
    sql = "CREATE TABLE t (a TEXT DEFAULT 'x;y'); -- note; here\nINSERT INTO t VALUES ('1;2');\n"
    assert len(list(migrations.split_statements(sql))) == 2
    with pytest.raises(ValueError):
        list(migrations.split_statements("CREATE TABLE t (a TEXT DEFAULT 'x"))


def test_db_from_newer_hearth_is_refused(db_path, store):
    store.close()
    with raw(db_path) as conn:
        conn.execute("INSERT INTO schema_migrations VALUES (999, 'future', 0)")
    with pytest.raises(HistoryError, match="newer Hearth") as info:
        HistoryStore(db_path)
    assert not isinstance(info.value, CorruptHistoryError)
    assert isinstance(info.value, HearthError)
    # open_or_recover must NOT move a newer database aside: it is not damaged
    with pytest.raises(HistoryError, match="newer Hearth"):
        HistoryStore.open_or_recover(db_path)
    assert db_path.exists() and not list(db_path.parent.glob("*.corrupt-*"))


def test_random_bytes_raise_history_error_with_path(db_path):
    db_path.write_bytes(bytes(range(256)) * 64)
    with pytest.raises(CorruptHistoryError) as info:
        HistoryStore(db_path)
    assert str(db_path) in str(info.value)
    assert str(info.value).endswith(".")


def test_open_or_recover_moves_corrupt_file_aside(db_path, clock):
    garbage = b"this is not sqlite " * 500
    db_path.write_bytes(garbage)
    store = HistoryStore.open_or_recover(db_path, clock=clock)
    try:
        aside = list(db_path.parent.glob(f"{db_path.name}.corrupt-*"))
        assert len(aside) == 1 and aside[0].read_bytes() == garbage  # kept, never deleted
        assert store.recovered_from == aside[0]
        conv = store.create_conversation("Fresh start")
        assert store.get_conversation(conv.id) == conv
    finally:
        store.close()
    with HistoryStore.open_or_recover(db_path) as again:  # healthy now: nothing moved
        assert again.recovered_from is None
        assert [c.title for c in again.list_conversations()] == ["Fresh start"]


def test_unopenable_path_is_a_history_error_not_moved(tmp_path):
    folder = tmp_path / "a-folder.sqlite3"
    folder.mkdir()
    with pytest.raises(HistoryError) as info:
        HistoryStore.open_or_recover(folder)
    assert not isinstance(info.value, CorruptHistoryError)
    assert folder.is_dir()


def test_pragmas(store):
    conn = store._conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL


def test_closed_store_raises_history_error(store):
    store.close()
    store.close()  # twice is fine
    with pytest.raises(HistoryError, match="closed"):
        store.list_conversations()


# -- conversations ------------------------------------------------------------------------


def test_conversation_crud(store):
    sampling = SamplingParams(temperature=0.2).to_dict()
    conv = store.create_conversation(system_prompt="Be brief.", sampling=sampling, model="m1")
    assert isinstance(conv, Conversation)
    assert (conv.title, conv.system_prompt, conv.model) == ("New chat", "Be brief.", "m1")
    assert conv.sampling == sampling and SamplingParams.from_dict(conv.sampling).temperature == 0.2
    assert store.get_conversation(conv.id) == conv
    assert store.get_conversation(12345) is None

    renamed = store.rename_conversation(conv.id, "  Trip \n plans  ")
    assert renamed.title == "Trip plans"
    with pytest.raises(HistoryError, match="A chat needs a name."):
        store.rename_conversation(conv.id, "   ")
    with pytest.raises(HistoryError):
        store.rename_conversation(999, "Nope")

    updated = store.update_conversation(conv.id, model="m2")
    assert (updated.model, updated.system_prompt, updated.sampling) == ("m2", "Be brief.", sampling)
    updated = store.update_conversation(conv.id, system_prompt="", sampling={"top_k": 5})
    assert (updated.system_prompt, updated.sampling, updated.title) == ("", {"top_k": 5}, "Trip plans")


def test_sampling_params_object_is_accepted(store):
    conv = store.create_conversation(sampling=SamplingParams(seed=7))
    assert conv.sampling["seed"] == 7


def test_list_is_ordered_by_activity(store):
    a = store.create_conversation("A")
    b = store.create_conversation("B")
    assert [c.id for c in store.list_conversations()] == [b.id, a.id]
    store.add_message(a.id, "user", "hi")
    listed = store.list_conversations()
    assert [c.id for c in listed] == [a.id, b.id]
    assert listed[0].updated_at > a.updated_at


def test_search_by_title_and_content_case_insensitive(store):
    recipes = store.create_conversation("Pasta recipes")
    physics = store.create_conversation("Physics")
    store.add_message(physics.id, "user", "Explain QUANTUM tunnelling")
    store.create_conversation("Other")
    assert [c.id for c in store.list_conversations("pasta")] == [recipes.id]
    assert [c.id for c in store.list_conversations("quantum")] == [physics.id]
    assert [c.id for c in store.list_conversations("  Tunnel ")] == [physics.id]
    assert len(store.list_conversations("")) == 3
    assert store.list_conversations("nothing like this") == []


def test_search_treats_percent_and_underscore_literally(store):
    pct = store.create_conversation("Discount 100% off")
    under = store.create_conversation("snake_case names")
    store.create_conversation("100 percent")
    store.create_conversation("snakeXcase")
    back = store.create_conversation("path a\\b")
    assert [c.id for c in store.list_conversations("100%")] == [pct.id]
    assert [c.id for c in store.list_conversations("%")] == [pct.id]
    assert [c.id for c in store.list_conversations("e_c")] == [under.id]
    assert [c.id for c in store.list_conversations("_")] == [under.id]
    assert [c.id for c in store.list_conversations("a\\b")] == [back.id]


def test_search_non_ascii_ignores_case(store):
    conv = store.create_conversation("Café in Zürich")
    store.add_message(conv.id, "user", "ΑΘΗΝΑ weather?")
    assert [c.id for c in store.list_conversations("zÜRICH")] == [conv.id]
    assert [c.id for c in store.list_conversations("αθηνα")] == [conv.id]


def test_soft_delete_restore_and_purge(db_path, store, clock):
    keep = store.create_conversation("Keep")
    gone = store.create_conversation("Gone")
    store.add_message(gone.id, "user", "secret words")
    assert store.trash.delete(gone.id) is True
    assert store.trash.delete(gone.id) is False
    assert [c.id for c in store.list_conversations()] == [keep.id]
    assert store.list_conversations("secret") == []
    assert store.get_conversation(gone.id) is None
    assert store.get_conversation(gone.id, include_deleted=True) is not None

    assert store.trash.restore(gone.id) is True
    assert {c.id for c in store.list_conversations()} == {keep.id, gone.id}
    assert len(store.messages(gone.id)) == 1

    store.trash.delete(gone.id)
    assert store.trash.purge(older_than_s=3600) == []  # deleted only a moment ago
    assert store.get_conversation(gone.id, include_deleted=True) is not None
    clock.now += 7200
    assert store.trash.purge(older_than_s=3600) == [gone.id]
    assert store.get_conversation(gone.id, include_deleted=True) is None
    assert store.trash.restore(gone.id) is False
    count = raw(db_path).execute(
        "SELECT COUNT(*) FROM messages WHERE conversation_id = ?", (gone.id,)).fetchone()[0]
    assert count == 0  # messages went with it
    assert [c.id for c in store.list_conversations()] == [keep.id]


def test_auto_title():
    assert title_from_text("\n\n  Hello   there\tfriend \nsecond line") == "Hello there friend"
    long = "How do I make a sourdough starter from scratch at home without yeast"
    title = title_from_text(long)
    assert len(title) <= 48 and title.endswith("…")
    assert long.startswith(title[:-1]) and long[len(title) - 1] == " "  # cut at a word boundary
    assert title_from_text("x" * 100) == "x" * 47 + "…"
    assert title_from_text("   \n ") == ""


def test_auto_title_only_renames_new_chats(store):
    conv = store.create_conversation()
    assert store.auto_title(conv.id, "What is   the capital of France?\nThanks") == (
        "What is the capital of France?")
    assert store.get_conversation(conv.id).title == "What is the capital of France?"
    assert store.auto_title(conv.id, "Something else") is None
    named = store.create_conversation("My own name")
    assert store.auto_title(named.id, "Question") is None
    assert store.get_conversation(named.id).title == "My own name"
    fresh = store.create_conversation()
    assert store.auto_title(fresh.id, "  \n") is None
    assert store.get_conversation(fresh.id).title == "New chat"


# -- messages -----------------------------------------------------------------------------


def test_message_crud_and_order(store):
    conv = store.create_conversation()
    user = store.add_message(conv.id, "user", "Hi ✓ 🙂")
    answer = store.add_message(conv.id, "assistant", "Hello!", model="smol",
                               sampling={"temperature": 0.5}, stats={"completion_tokens": 3})
    assert isinstance(user, Message)
    assert [m.id for m in store.messages(conv.id)] == [user.id, answer.id]
    got = store.get_message(answer.id)
    assert got == answer
    assert (got.model, got.sampling, got.stats, got.status) == (
        "smol", {"temperature": 0.5}, {"completion_tokens": 3}, "complete")
    assert store.get_message(user.id).content == "Hi ✓ 🙂"
    assert store.get_message(99999) is None
    with pytest.raises(ValueError):
        store.add_message(conv.id, "robot", "beep")
    with pytest.raises(ValueError):
        store.add_message(conv.id, "user", "x", status="done")
    with pytest.raises(HistoryError, match="no longer exists"):
        store.add_message(4242, "user", "orphan")


def test_update_message_round_trips_stats(store):
    conv = store.create_conversation()
    msg = store.add_message(conv.id, "assistant", "", status="streaming")
    store.update_message(msg.id, content="Partial")
    assert store.get_message(msg.id).content == "Partial"
    assert store.get_message(msg.id).status == "streaming"
    stats = GenerationStats(prompt_tokens=12, completion_tokens=40, decode_tok_s=31.25,
                            ttft_ms=120.5, finish_reason="stop")
    store.update_message(msg.id, content="Partial and done.", status="complete", stats=stats)
    done = store.get_message(msg.id)
    assert (done.content, done.status) == ("Partial and done.", "complete")
    assert GenerationStats.from_dict(done.stats) == stats
    store.update_message(msg.id)  # nothing given: no change, no error
    assert store.get_message(msg.id) == done
    with pytest.raises(ValueError):
        store.update_message(msg.id, status="bogus")


def test_update_message_does_not_bump_conversation(store):
    conv = store.create_conversation()
    msg = store.add_message(conv.id, "assistant", "", status="streaming")
    before = store.get_conversation(conv.id).updated_at
    store.update_message(msg.id, content="more")
    assert store.get_conversation(conv.id).updated_at == before


def test_recover_interrupted(store):
    conv = store.create_conversation()
    done = store.add_message(conv.id, "assistant", "full answer")
    stuck = store.add_message(conv.id, "assistant", "half an ans", status="streaming")
    stopped = store.add_message(conv.id, "assistant", "stopp", status="cancelled")
    assert store.recover_interrupted() == 1
    assert store.get_message(stuck.id).status == "interrupted"
    assert store.get_message(stuck.id).content == "half an ans"
    assert store.get_message(done.id).status == "complete"
    assert store.get_message(stopped.id).status == "cancelled"
    assert store.recover_interrupted() == 0


def test_data_survives_restart(db_path):
    with HistoryStore(db_path) as first:
        conv = first.create_conversation("Persistent", system_prompt="sys", model="m",
                                         sampling={"seed": 3})
        first.add_message(conv.id, "user", "remember me")
        streaming = first.add_message(conv.id, "assistant", "partial", status="streaming")
        conv = first.get_conversation(conv.id)
        first.presets.save("Precise", {"temperature": 0.1})
    # the app died mid-answer; on the next start it reopens the file and recovers
    with HistoryStore(db_path) as second:
        assert second.get_conversation(conv.id) == conv
        assert second.recover_interrupted() == 1
        assert [m.content for m in second.messages(conv.id)] == ["remember me", "partial"]
        assert second.get_message(streaming.id).status == "interrupted"
        assert second.presets.all() == [Preset("Precise", {"temperature": 0.1}, None)]


# -- presets ------------------------------------------------------------------------------


def test_presets_crud(store):
    precise = store.presets.save("  Precise ", {"temperature": 0.1})
    assert precise == Preset("Precise", {"temperature": 0.1}, None)
    store.presets.save("creative", SamplingParams(temperature=1.2).to_dict(), "Be playful.")
    store.presets.save("Balanced", {"temperature": 0.7})
    assert [p.name for p in store.presets.all()] == ["Balanced", "creative", "Precise"]

    store.presets.save("Creative", {"temperature": 1.5})  # same name, other case: replaces
    presets = {p.name: p for p in store.presets.all()}
    assert set(presets) == {"Balanced", "Creative", "Precise"}
    assert presets["Creative"].sampling == {"temperature": 1.5}
    assert presets["Creative"].system_prompt is None

    with pytest.raises(HistoryError, match="A preset needs a name."):
        store.presets.save("  ", {})
    assert store.presets.delete("balanced") is True
    assert store.presets.delete("balanced") is False
    assert [p.name for p in store.presets.all()] == ["Creative", "Precise"]


# -- reasoning and chat options (migration 2) --------------------------------------------------


def test_a_version_1_history_keeps_every_chat_when_it_gains_reasoning(db_path, monkeypatch):
    """A history written before reasoning existed opens with all its chats, answers '' thinking."""
    first = [m for m in migrations.MIGRATIONS if m[0] == 1]
    monkeypatch.setattr(migrations, "MIGRATIONS", first)
    old = migrations.connect(db_path, 1.0)  # exactly what the first Hearth wrote
    with old:
        old.execute("INSERT INTO conversations (id, title, system_prompt, sampling, created_at, updated_at)"
                    " VALUES (1, 'Old chat', 'Be brief.', '{\"temperature\": 0.3}', 1, 2)")
        old.execute("INSERT INTO messages (conversation_id, role, content, created_at) VALUES (1, 'user', 'Hello', 1)")
        old.execute("INSERT INTO messages (conversation_id, role, content, created_at, stats)"
                    " VALUES (1, 'assistant', 'Hi!', 2, '{\"completion_tokens\": 2}')")
    old.close()
    monkeypatch.undo()
    with HistoryStore(db_path) as new:
        [kept] = new.list_conversations()
        assert (kept.title, kept.system_prompt, kept.sampling, kept.options) == (
            "Old chat", "Be brief.", {"temperature": 0.3}, None)
        user, answer = new.messages(kept.id)
        assert (user.content, answer.content, answer.reasoning) == ("Hello", "Hi!", "")
        assert answer.stats == {"completion_tokens": 2}
    versions = [r[0] for r in raw(db_path).execute("SELECT version FROM schema_migrations")]
    assert versions == list(range(1, migrations.latest_version() + 1))


def test_reasoning_is_stored_apart_updated_while_streaming_and_searchable(store):
    conv = store.create_conversation()
    store.add_message(conv.id, "user", "What is 2+2?")
    live = store.add_message(conv.id, "assistant", "", status="streaming")
    store.update_message(live.id, content="", reasoning="Adding two and two")
    store.update_message(live.id, content="It is 4.", reasoning="Adding two and two gives four.",
                         status="complete")
    answer = store.get_message(live.id)
    assert (answer.content, answer.reasoning) == ("It is 4.", "Adding two and two gives four.")
    assert [c.id for c in store.list_conversations("gives four")] == [conv.id]
    assert [c.id for c in store.list_conversations("GIVES FOUR")] == [conv.id]
    assert store.list_conversations("nowhere to be found") == []


def test_chat_options_are_stored_and_carried_over(store):
    conv = store.create_conversation(options={"thinking": "off", "overflow": "stop"})
    assert conv.options == {"thinking": "off", "overflow": "stop"}
    changed = store.update_conversation(conv.id, options={"thinking": "high", "overflow": "truncate"})
    assert changed.options == {"thinking": "high", "overflow": "truncate"}
    assert store.get_conversation(conv.id).options["thinking"] == "high"
