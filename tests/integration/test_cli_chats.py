"""``hearth chats``: the app's history from the command line (no model needed)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from app.chat.store import HistoryStore
from app.engine.kv_state import KvStateStore, SavedState, StateKey


def hearth(*args: str, home, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "HEARTH_HOME": str(home), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "app", "chats", *args], input=stdin, capture_output=True,
                          text=True, encoding="utf-8", env=env, timeout=60,
                          stdin=None if stdin is not None else subprocess.DEVNULL)


def make_chats(home):
    with HistoryStore(home / "history.sqlite3") as store:
        a = store.create_conversation("Tea", "Be brief.")
        q = store.add_message(a.id, "user", "Green or black?")
        store.add_message(a.id, "assistant", "Green.", parent_id=q.id)
        store.add_message(a.id, "assistant", "Black.", parent_id=q.id)
        b = store.create_conversation("Coffee")
        store.add_message(b.id, "user", "Espresso?")
    return a.id, b.id


def test_list_show_and_export(hearth_home, tmp_path):
    tea, coffee = make_chats(hearth_home)
    listed = json.loads(hearth("list", "--json", home=hearth_home).stdout)
    assert [c["id"] for c in listed] == [coffee, tea]
    assert listed[1]["title"] == "Tea" and listed[1]["messages"] == 2
    plain = hearth("list", home=hearth_home).stdout
    assert "Tea" in plain and "Coffee" in plain
    md = hearth("show", str(tea), home=hearth_home).stdout
    assert md.startswith("# Tea") and "Black." in md and "Green." not in md  # the branch shown
    tree = json.loads(hearth("show", str(tea), "--json", home=hearth_home).stdout)
    assert len(tree["messages"]) == 3 and len(tree["current_path"]) == 2
    out = tmp_path / "tea.json"
    proc = hearth("export", str(tea), "--format", "json", "-o", str(out), home=hearth_home)
    assert proc.returncode == 0 and json.loads(out.read_text(encoding="utf-8"))["title"] == "Tea"
    assert hearth("export", str(tea), "--format", "md", home=hearth_home).stdout == md


def test_rm_asks_first_and_deletes_text_and_saved_memory(hearth_home):
    tea, coffee = make_chats(hearth_home)
    states = KvStateStore(hearth_home / "kv-state")
    states.put(str(tea), SavedState(StateKey("m", 1, 0, "f16", 0, "x"), (1,), b"Green or black?"))
    states.flush()
    refused = hearth("rm", str(tea), home=hearth_home)
    assert refused.returncode == 2 and "--yes" in refused.stderr
    done = hearth("rm", str(tea), "--yes", home=hearth_home)
    assert done.returncode == 0, done.stderr
    assert [c["id"] for c in json.loads(hearth("list", "--json", home=hearth_home).stdout)] == [coffee]
    assert not (hearth_home / "kv-state" / f"{tea}.kvstate").exists()
    for name in ("history.sqlite3", "history.sqlite3-wal"):
        path = hearth_home / name
        if path.exists():
            assert b"Green or black" not in path.read_bytes()


def test_unknown_chat_is_one_sentence(hearth_home):
    make_chats(hearth_home)
    for args in (("show", "999"), ("rm", "999", "--yes"), ("export", "999", "--format", "md")):
        proc = hearth(*args, home=hearth_home)
        assert proc.returncode == 2 and "Traceback" not in proc.stderr
        assert proc.stderr.strip() == "hearth: There is no chat 999. See “hearth chats list”."
