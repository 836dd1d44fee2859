"""Export of a conversation as Markdown and JSON, written atomically."""

from __future__ import annotations

import json
import os

import pytest

from app import paths
from app.chat import export
from model_store import atomic
from app.chat.export import export_conversation, to_json, to_markdown
from app.chat.store import HistoryError, HistoryStore
from app.engine.types import GenerationStats


@pytest.fixture
def store():
    with HistoryStore(paths.history_db()) as s:
        yield s


@pytest.fixture
def chat(store):
    """A small conversation: system prompt, a question, a finished and a stopped answer."""
    conv = store.create_conversation("Tea *time*", system_prompt="You are terse.",
                                     sampling={"temperature": 0.3}, model="smol_lm")
    store.add_message(conv.id, "user", "How do I brew **green** tea?\n\n- cups: 1")
    stats = GenerationStats(completion_tokens=42, decode_tok_s=18.456, prompt_tokens=20)
    store.add_message(conv.id, "assistant", "Use 80 °C water.\n\n```\nsteep 2m\n```",
                      model="smol_lm", sampling={"temperature": 0.3}, stats=stats)
    store.add_message(conv.id, "user", "And black?")
    store.add_message(conv.id, "assistant", "Boiling wa", model="smol_lm", status="cancelled")
    return store.get_conversation(conv.id), store.messages(conv.id)


def test_markdown_layout(chat):
    conv, messages = chat
    text = to_markdown(conv, messages)
    assert text.startswith("# Tea *time*\n\n### System\n\nYou are terse.\n\n### You\n\n")
    assert "How do I brew **green** tea?\n\n- cups: 1\n\n### Assistant\n\n" in text  # verbatim
    assert "Use 80 °C water.\n\n```\nsteep 2m\n```\n\n*smol\\_lm · 18.5 tokens/s · 42 tokens*" in text
    assert "### You\n\nAnd black?" in text
    assert text.rstrip().endswith("Boiling wa\n\n*smol\\_lm · stopped early*")
    assert text.count("### Assistant") == 2 and text.count("### You") == 2
    assert text.endswith("\n") and not text.endswith("\n\n")
    # user messages never get a stats line
    assert text.split("### You\n\n")[1].split("### Assistant")[0].count("*smol") == 0


def test_markdown_without_system_prompt_or_stats(store):
    conv = store.create_conversation("Plain")
    store.add_message(conv.id, "user", "hi")
    store.add_message(conv.id, "assistant", "hello")
    text = to_markdown(store.get_conversation(conv.id), store.messages(conv.id))
    assert text == "# Plain\n\n### You\n\nhi\n\n### Assistant\n\nhello\n"


def test_json_round_trips(chat):
    conv, messages = chat
    data = json.loads(to_json(conv, messages))
    assert data["format"] == "hearth-conversation" and data["version"] == 2
    assert (data["title"], data["system_prompt"], data["model"]) == (
        "Tea *time*", "You are terse.", "smol_lm")
    assert data["sampling"] == {"temperature": 0.3}
    assert data["created_at"] == conv.created_at and data["updated_at"] == conv.updated_at
    assert [m["role"] for m in data["messages"]] == ["user", "assistant", "user", "assistant"]
    assert [m["content"] for m in data["messages"]] == [m.content for m in messages]
    answer = data["messages"][1]
    assert answer["sampling"] == {"temperature": 0.3}
    assert GenerationStats.from_dict(answer["stats"]).completion_tokens == 42
    assert data["messages"][3]["status"] == "cancelled"
    assert data["messages"][0]["stats"] is None


def test_json_is_pretty_and_keeps_unicode(chat):
    text = to_json(*chat)
    assert "\n  \"format\"" in text and "80 °C" in text


@pytest.mark.parametrize("name, kind", [("chat.md", "md"), ("chat.MARKDOWN", "md"),
                                        ("chat.json", "json")])
def test_export_picks_format_from_suffix(store, chat, tmp_path, name, kind):
    conv, messages = chat
    target = tmp_path / name
    assert export_conversation(store, conv.id, target) == target
    written = target.read_text(encoding="utf-8")
    assert written == (to_markdown(conv, messages) if kind == "md" else to_json(conv, messages))
    if kind == "json":
        assert json.loads(written)["format"] == "hearth-conversation"


def test_bad_suffix_is_refused(store, chat, tmp_path):
    target = tmp_path / "chat.txt"
    with pytest.raises(HistoryError, match=r"Choose a \.md or \.json file name\."):
        export_conversation(store, chat[0].id, target)
    assert not target.exists()


def test_missing_chat_is_a_history_error(store, tmp_path):
    with pytest.raises(HistoryError, match="no longer exists"):
        export_conversation(store, 777, tmp_path / "x.md")


def test_atomic_write_replaces_and_leaves_no_temp_file(store, chat, tmp_path):
    target = tmp_path / "chat.json"
    target.write_text("old contents")
    export_conversation(store, chat[0].id, target)
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == 2
    assert sorted(os.listdir(tmp_path)) == ["chat.json", "hearth-home"]


def test_failed_write_keeps_old_file_and_cleans_up(store, chat, tmp_path, monkeypatch):
    target = tmp_path / "chat.md"
    target.write_text("old contents")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", broken_replace)
    with pytest.raises(HistoryError) as info:
        export_conversation(store, chat[0].id, target)
    assert str(info.value) == f"Could not save the export to {target}: No space left on device."
    assert target.read_text() == "old contents"
    assert sorted(os.listdir(tmp_path)) == ["chat.md", "hearth-home"]


def test_missing_folder_is_a_history_error(store, chat, tmp_path):
    target = tmp_path / "no" / "such" / "folder" / "chat.md"
    with pytest.raises(HistoryError, match="Could not save the export to"):
        export_conversation(store, chat[0].id, target)


def test_reasoning_is_exported_folded_in_markdown_and_as_its_own_field_in_json(tmp_path):
    from app.chat.store import HistoryStore

    with HistoryStore(tmp_path / "h.sqlite3") as store:
        conv = store.create_conversation("Sums", options={"thinking": "on", "overflow": "truncate"})
        store.add_message(conv.id, "user", "What is 2+2?")
        store.add_message(conv.id, "assistant", "It is 4.", reasoning="Two and two.\n\nThat makes four.",
                          stats={"reasoning_ms": 3200, "completion_tokens": 12})
        store.add_message(conv.id, "user", "And 3+3?")
        store.add_message(conv.id, "assistant", "", reasoning="Three and three",
                          stats={"reasoning_unclosed": True})
        conv = store.get_conversation(conv.id)
        messages = store.messages(conv.id)
    md = to_markdown(conv, messages)
    assert ("### Assistant\n\n<details>\n<summary>Thought for 3 s</summary>\n\n> Two and two.\n>\n"
            "> That makes four.\n\n</details>\n\nIt is 4.") in md
    assert "still thinking when it ended; no answer" in md
    data = json.loads(to_json(conv, messages))
    assert data["options"] == {"thinking": "on", "overflow": "truncate"}
    assert [m["reasoning"] for m in data["messages"]] == ["", "Two and two.\n\nThat makes four.", "",
                                                          "Three and three"]
    assert data["messages"][1]["content"] == "It is 4."


def test_json_has_the_whole_tree_and_token_probabilities_markdown_the_branch_shown(store, tmp_path):
    from app.engine.inspector import Alternative, TokenChoice

    conv = store.create_conversation("Branches")
    q = store.add_message(conv.id, "user", "Capital of France?")
    old = store.add_message(conv.id, "assistant", "Paris.", parent_id=q.id)
    new = store.add_message(conv.id, "assistant", "Lyon?", parent_id=q.id)
    store.tokens.save(new.id, [TokenChoice(3, b"Lyon", 0.2, 2, (Alternative(1, b"Paris", 0.7),
                                                                 Alternative(3, b"Lyon", 0.2))),
                               TokenChoice(4, b"?")])
    store.tree.select(old.id)
    data = json.loads(export_conversation(store, conv.id, tmp_path / "t.json").read_text(encoding="utf-8"))
    assert data["current_path"] == [q.id, old.id]
    by_id = {m["id"]: m for m in data["messages"]}
    assert set(by_id) == {q.id, old.id, new.id}
    assert by_id[old.id]["parent_id"] == by_id[new.id]["parent_id"] == q.id
    assert "tokens" not in by_id[old.id]
    first = by_id[new.id]["tokens"][0]
    assert first["text"] == "Lyon" and first["rank"] == 2 and first["prob"] == pytest.approx(0.2)
    assert [a["text"] for a in first["top"]] == ["Paris", "Lyon"]
    md = export_conversation(store, conv.id, tmp_path / "t.md").read_text(encoding="utf-8")
    assert "Paris." in md and "Lyon?" not in md
