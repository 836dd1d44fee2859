"""The conversation tree in the history, and the compact token records beside answers."""

from __future__ import annotations

import json
import math
import sqlite3

import pytest

from app import paths
from app.chat import migrations
from app.chat.store import HistoryStore
from app.chat.token_records import CorruptTokensError, decode, encode
from app.engine.inspector import Alternative, TokenChoice


@pytest.fixture
def store():
    with HistoryStore(paths.history_db()) as s:
        yield s


def contents(messages) -> list[str]:
    return [m.content for m in messages]


def test_a_chat_written_before_the_tree_stays_one_line_and_keeps_everything(monkeypatch):
    """Make a database with the schema before the tree (migrations 1-2), then open it today."""
    db = paths.history_db()
    monkeypatch.setattr(migrations, "MIGRATIONS", [m for m in migrations.MIGRATIONS if m[0] <= 2])
    old = migrations.connect(db, 1.0)  # exactly the schema of the Hearth before the tree
    with old:
        old.execute("INSERT INTO conversations (id, title, created_at, updated_at) VALUES (1, 'A', 1, 1)")
        old.execute("INSERT INTO conversations (id, title, created_at, updated_at) VALUES (2, 'B', 1, 1)")
        old.execute("INSERT INTO messages (conversation_id, role, content, created_at) VALUES (2, 'user', 'lonely', 1)")
        for i in range(3):
            old.execute("INSERT INTO messages (conversation_id, role, content, created_at) VALUES (1, 'user', ?, 1)",
                        (f"question {i}",))
            old.execute("INSERT INTO messages (conversation_id, role, content, created_at, reasoning)"
                        " VALUES (1, 'assistant', ?, 1, ?)", (f"answer {i}", f"thought {i}"))
    old.close()
    monkeypatch.undo()
    a, b = type("C", (), {"id": 1}), type("C", (), {"id": 2})
    with HistoryStore(db) as new:
        path = new.tree.path(a.id)
        assert contents(path) == ["question 0", "answer 0", "question 1", "answer 1", "question 2", "answer 2"]
        assert [m.parent_id for m in path] == [None] + [m.id for m in path[:-1]]
        assert path[1].reasoning == "thought 0"
        assert all(s.count == 1 for s in new.tree.siblings(a.id).values())
        assert contents(new.tree.path(b.id)) == ["lonely"]
        # New messages follow the shown branch.
        new.add_message(a.id, "user", "question 3")
        assert new.tree.path(a.id)[-1].parent_id == path[-1].id


def test_siblings_switching_and_the_remembered_branch(store):
    conv = store.create_conversation()
    q = store.add_message(conv.id, "user", "Q")
    a1 = store.add_message(conv.id, "assistant", "A1", parent_id=q.id)
    f1 = store.add_message(conv.id, "user", "follow-up under A1", parent_id=a1.id)
    a2 = store.add_message(conv.id, "assistant", "A2", parent_id=q.id)
    assert contents(store.tree.path(conv.id)) == ["Q", "A2"]  # the newest sibling is shown
    siblings = store.tree.siblings(conv.id)
    assert (siblings[a1.id].index, siblings[a1.id].count) == (0, 2)
    assert siblings[a2.id].ids == (a1.id, a2.id)
    store.tree.select(a1.id)
    assert contents(store.tree.path(conv.id)) == ["Q", "A1", "follow-up under A1"]  # its branch comes back
    assert [m.id for m in store.tree.path_to(f1.id)] == [q.id, a1.id, f1.id]


def test_deleting_a_version_deletes_what_follows_it_and_nothing_else(store):
    conv = store.create_conversation()
    q = store.add_message(conv.id, "user", "Q")
    a1 = store.add_message(conv.id, "assistant", "A1", parent_id=q.id)
    store.add_message(conv.id, "user", "under A1", parent_id=a1.id)
    store.add_message(conv.id, "assistant", "A2", parent_id=q.id)
    store.tokens.save(a1.id, [TokenChoice(1, b"A1")])
    assert store.tree.delete_branch(a1.id) == 2
    assert contents(store.messages(conv.id)) == ["Q", "A2"]
    assert store.tokens.load(a1.id) is None  # its tokens went with it
    assert store.tree.delete_branch(a1.id) == 0


def test_a_parent_from_another_chat_is_refused(store):
    from app.chat.store import HistoryError

    one, two = store.create_conversation(), store.create_conversation()
    m = store.add_message(one.id, "user", "hi")
    with pytest.raises(HistoryError):
        store.add_message(two.id, "assistant", "no", parent_id=m.id)


# -- token records ---------------------------------------------------------------------------

def choice(token: int, piece: bytes, prob: float, rank: int, *alts: tuple[int, bytes, float],
           reasoning: bool = False) -> TokenChoice:
    return TokenChoice(token, piece, prob, rank, tuple(Alternative(*a) for a in alts), reasoning)


def test_token_records_round_trip_compactly():
    records = [choice(5, b"The", 0.114, 1, (5, b"The", 0.114), (9, b"L", 0.108), (11, b"\xe2\x82", 0.01)),
               choice(9, b"L", 0.108, 2, (5, b"The", 0.114), (9, b"L", 0.108), (12, b"<|im_end|>", 0.001),
                      reasoning=True),
               TokenChoice(7, b" capital")]
    data = encode(records)
    back = decode(data)
    assert [(r.token, r.piece, r.rank, r.reasoning) for r in back] == [
        (r.token, r.piece, r.rank, r.reasoning) for r in records]
    assert back[0].prob == pytest.approx(0.114, rel=1e-6)
    assert [a.piece for a in back[1].top] == [b"The", b"L", b"<|im_end|>"]
    assert [a.prob for a in back[0].top] == pytest.approx([0.114, 0.108, 0.01], rel=1e-3)
    assert math.isnan(back[2].prob) and back[2].top == ()
    many = [choice(i, b"x", 0.5, 1, *((j, b"y", 0.1) for j in range(5))) for i in range(1000)]
    as_json = json.dumps([{"text": "x", "prob": 0.5, "top": [{"text": "y", "prob": 0.1}] * 5}] * 1000)
    assert len(encode(many)) < 1000 * (13 + 5 * 6 + 8)  # a row, 6 bytes per alternative, its piece once
    assert len(encode(many)) < len(as_json) / 3


@pytest.mark.parametrize("data", [b"", b"nope", b"HTK1\x05", encode([TokenChoice(1, b"a", 0.5, 1)])[:-3]])
def test_damaged_token_records_are_refused_not_crashed_on(data, store):
    with pytest.raises(CorruptTokensError):
        decode(data)
    conv = store.create_conversation()
    m = store.add_message(conv.id, "assistant", "x")
    store._exec("INSERT INTO message_tokens (message_id, top_k, data) VALUES (?, 1, ?)", (m.id, sqlite3.Binary(data)))
    assert store.tokens.load(m.id) is None
