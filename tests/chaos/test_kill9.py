"""``kill -9`` of Hearth at random moments while it streams an answer, saves, migrates its history,
downloads, quantizes and deletes a model, then a restart: the history opens and is sound, at most the last second
of an answer is lost, no partial model is listed, and every job resumes or fails cleanly.

Each case kills a real process (the app with the scripted engine, ``hearth models pull``,
``hearth models quantize``, or a program of :mod:`tests.chaos.kill9_targets` driving the history
store) with SIGKILL at points drawn from a seeded ``random.Random``, a few per case. The seed
comes from ``HEARTH_CHAOS_SEED`` as in :mod:`tests.chaos.test_gui_random` and is named in every
failure::

    HEARTH_CHAOS_SEED=1234 pytest tests/chaos/test_kill9.py -s
"""

from __future__ import annotations

import itertools
import json
import random
import shutil
import sys
from pathlib import Path

import pytest

from app import paths
from app.chat import migrations
from app.chat.store import HistoryStore
from model_store.download import DownloadQueue, part_path, target_path
from model_store.quantize import plan_quantize, temp_path
from model_store.registry import Registry
from tests.chaos.history_faults import integrity, on_disk
from tests.chaos.kill9_targets import HistoryModel, Killable, echoed, question
from tests.chaos.test_gui_random import _seed
from tests.gguf_factory import write_gguf, write_split
from tests.hub_standin import HubStandIn
from tests.integration.test_cli_models import added, hearth, needs_model, ok, sha256
from tests.integration.test_download import wait_for

KILLS = 3            # kill points per case
LOSS_S = 1.2         # an answer may lose what it showed in its last second (saved once a second), + slack
WORDS = 100          # the question the scripted engine echoes: ~100 tokens, 20 ms each
TARGET = [sys.executable, "-m", "tests.chaos.kill9_targets"]
MODELS = [sys.executable, "-m", "app", "models"]


@pytest.fixture
def seed() -> int:
    return _seed()


def points(rng: random.Random, low: float, high: float) -> list[float]:
    """One point in each of :data:`KILLS` equal parts of ``[low, high)``: early, middle and late."""
    step = (high - low) / KILLS
    return [rng.uniform(low + k * step, low + (k + 1) * step) for k in range(KILLS)]


# -- streaming ------------------------------------------------------------------------------------

def test_an_answer_killed_while_streaming_keeps_all_but_its_last_second(hearth_home, tmp_path, seed):
    rng = random.Random(seed)
    tokens = len(echoed(WORDS).split())
    killed: list[tuple[int, int, str]] = []  # (chat, message, text saved) of each answer cut off, oldest first
    lost: list[float] = []  # how long before its kill each answer's first unsaved piece was shown
    for k, at in enumerate(points(rng, 2, tokens - 1)):
        where = f"(HEARTH_CHAOS_SEED={seed}, kill {k + 1} of {KILLS}, after token {int(at)} of {tokens})"
        with Killable([*TARGET, "stream", str(WORDS)], tmp_path / f"stream-{k}.log") as app:
            app.until(lambda: app.count("T") >= int(at), 60, f"token {int(at)} {where}")
            assert app.count("END") == 0, f"the answer ended before the kill {where}"
            killed_at = app.kill()
        started_without_error(app, killed, where)
        started = app.first("S")
        pieces = [(t, text) for _, t, text in app.records("T")]
        streamed = "".join(text for _, text in pieces)
        assert echoed(WORDS).startswith(streamed), f"the view showed text the engine never wrote {where}"
        with HistoryStore(paths.history_db()) as store:  # opened as the app opens it
            answer = store.get_message(started["message"])
            assert answer is not None and answer.status == "streaming", (answer, where)
            asked = store.get_message(answer.parent_id)
            assert asked is not None and (asked.role, asked.content) == ("user", question(WORDS)), where
        assert integrity(paths.history_db()) == "ok", where
        assert streamed.startswith(answer.content), f"saved {answer.content!r} was never shown {where}"
        ends = itertools.accumulate(len(text) for _, text in pieces)
        first_unsaved = next((t for (t, _), end in zip(pieces, ends) if end > len(answer.content)), killed_at)
        lost.append(killed_at - first_unsaved)
        assert lost[-1] <= LOSS_S, (f"lost the last {lost[-1]:.2f} s of the answer: {len(answer.content)} "
                                    f"characters saved of {len(streamed)} shown {where}")
        killed.append((started["conversation"], answer.id, answer.content))
    with Killable([*TARGET, "stream", "0"], tmp_path / "reopen.log") as app:  # start once more, only look
        assert app.wait(60) == 0, app.stderr()
    started_without_error(app, killed, f"(HEARTH_CHAOS_SEED={seed}, the last restart)")
    print(f"\nkill -9 while streaming: seed {seed}, {KILLS} kills; the most shown and not saved: "
          f"{max(lost, default=0):.2f} s before the kill")


def started_without_error(app: Killable, killed: list[tuple[int, int, str]], where: str) -> None:
    """The app, started after the kills, opened the chat of the last one without an error, every
    answer cut off shown with its text, as "interrupted"."""
    assert "Traceback" not in app.stderr() and not list(paths.logs_dir().glob("crash-*")), (app.stderr(), where)
    opened = app.first("OPEN")
    if not killed:
        return
    assert opened["conversation"] == killed[-1][0], (opened["conversation"], where)
    messages = {mid: (status, content) for mid, _, status, content in opened["messages"]}
    for _, mid, content in killed:
        assert messages.get(mid) == ("interrupted", content), (mid, messages.get(mid), where)
        assert content.strip() in opened["view"], f"answer {mid} is not shown {where}"
    assert opened["view"].count("interrupted") == len(killed), (opened["view"][-300:], where)


# -- saving ---------------------------------------------------------------------------------------

def test_every_change_to_the_history_that_was_committed_survives_a_kill(hearth_home, monkeypatch, tmp_path, seed):
    rng = random.Random(seed)
    changes = in_flight = 0
    for k, at in enumerate(points(rng, 5, 600)):
        where = f"(HEARTH_CHAOS_SEED={seed}, kill {k + 1} of {KILLS}, after {int(at)} changes)"
        monkeypatch.setenv("HEARTH_HOME", str(hearth_home / f"kill-{k}"))  # a new history each time
        with Killable([*TARGET, "save", str(rng.randrange(2 ** 32))], tmp_path / f"save-{k}.log") as driver:
            driver.until(lambda: driver.count("C") >= int(at), 60, f"change {int(at)} {where}")
            driver.kill()
        model, pending = HistoryModel(), None
        for kind, _, payload in driver.records():
            if kind == "B":
                pending = payload
            else:
                model.apply(pending, payload)
                pending = None
        with HistoryStore(paths.history_db()):
            pass
        assert integrity(paths.history_db()) == "ok", where
        found = snapshot(paths.history_db())
        done = (model.chats, model.messages)
        if found != done and pending is not None:  # the change in flight may have been committed
            model.apply(pending, model.next_id(pending[0]))
            done = (model.chats, model.messages)
            in_flight += 1
        assert found == done, f"the history is not what was committed (in flight: {pending}) {where}"
        changes += driver.count("C")
    print(f"\nkill -9 while saving: seed {seed}, {KILLS} kills after {changes} committed changes, all kept; "
          f"{in_flight} of the changes in flight were committed too")


def snapshot(db) -> tuple[dict, dict]:
    conn = on_disk(db)
    try:
        chats = {i: (title, deleted is not None) for i, title, deleted in
                 conn.execute("SELECT id, title, deleted_at FROM conversations")}
        messages = {i: (chat, role, content) for i, chat, role, content in
                    conn.execute("SELECT id, conversation_id, role, content FROM messages")}
        return chats, messages
    finally:
        conn.close()


# -- migrating ------------------------------------------------------------------------------------

def old_history(db, monkeypatch) -> list[tuple]:
    """A history as the Hearth before the message tree wrote it (migrations 1-2): 30,000 messages
    in 1,500 chats, about 20 MB; returns its messages as ``(id, chat, role, content)``."""
    rows = [(i + 1, i // 20 + 1, ("user", "assistant")[i % 2], f"message {i} " + "x" * 500) for i in range(30_000)]
    with monkeypatch.context() as old:  # (undoes only this, not the test's HEARTH_HOME)
        old.setattr(migrations, "MIGRATIONS", [m for m in migrations.MIGRATIONS if m[0] <= 2])
        conn = migrations.connect(db, 1.0)
    with conn:
        conn.executemany("INSERT INTO conversations (id, title, created_at, updated_at) VALUES (?, ?, 1, 1)",
                         [(c, f"chat {c}") for c in range(1, 1_501)])
        conn.executemany("INSERT INTO messages (id, conversation_id, role, content, created_at) VALUES (?, ?, ?, ?, 1)",
                         rows)
    conn.close()
    return rows


def test_a_migration_killed_half_way_is_done_again_and_loses_nothing(hearth_home, monkeypatch, tmp_path, seed):
    rng = random.Random(seed)
    pristine = tmp_path / "old.sqlite3"
    rows = old_history(pristine, monkeypatch)
    db = paths.history_db()
    assert hearth_home in db.parents
    fractions = points(rng, 0.05, 0.9)
    for k, fraction in enumerate(fractions):  # the log outgrows the file before it commits
        where = f"(HEARTH_CHAOS_SEED={seed}, kill {k + 1} of {KILLS}, log at {fraction:.0%} of the file)"
        for side in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
            side.unlink(missing_ok=True)
        shutil.copyfile(pristine, db)
        wal, size = db.with_name(db.name + "-wal"), db.stat().st_size
        with Killable([*TARGET, "migrate"], tmp_path / f"migrate-{k}.log") as driver:
            driver.until(lambda: wal.exists() and wal.stat().st_size >= fraction * size, 60, f"the log {where}")
            driver.kill()
        assert versions(db) == [1, 2], f"the kill came after the migration {where}"
        with HistoryStore(db):
            pass
        assert integrity(db) == "ok", where
        assert versions(db) == list(range(1, migrations.latest_version() + 1)), where
        conn = on_disk(db)
        try:
            found = [tuple(r) for r in conn.execute(
                "SELECT id, conversation_id, role, content, parent_id FROM messages ORDER BY id")]
        finally:
            conn.close()
        assert [r[:4] for r in found] == rows, f"messages lost or changed {where}"
        assert all(r[4] == (None if r[0] % 20 == 1 else r[0] - 1) for r in found), f"a chat is not one line {where}"
    print(f"\nkill -9 while migrating: seed {seed}, {len(rows):,} messages, killed with the log at "
          f"{', '.join(f'{f:.0%}' for f in fractions)} of the file; migrated again, nothing lost")


def versions(db) -> list[int]:
    conn = on_disk(db)
    try:
        return [v for (v,) in conn.execute("SELECT version FROM schema_migrations ORDER BY version")]
    finally:
        conn.close()


# -- downloading ----------------------------------------------------------------------------------

REPO = "acme/Kill-GGUF"
QUANTS = ("Q8_0", "Q6_K", "Q5_K_M")  # one file per kill point, the same bytes


@pytest.fixture
def hub(tmp_path, monkeypatch):
    blob = write_gguf(tmp_path / "model.gguf", layers=2, embd=512).read_bytes()  # ~3 MB
    with HubStandIn({REPO: {f"Kill-{q}.gguf": blob for q in QUANTS}}) as standin:
        monkeypatch.setenv("HF_ENDPOINT", standin.endpoint)
        monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))
        monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
        monkeypatch.delenv("HF_TOKEN", raising=False)
        yield standin


def test_a_pull_killed_at_any_point_lists_nothing_partial_and_resumes(hub, tmp_path, seed):
    rng = random.Random(seed)
    resumed = []
    sha = hub.sha256(REPO, f"Kill-{QUANTS[0]}.gguf")
    size = hub.size(REPO, f"Kill-{QUANTS[0]}.gguf")
    for k, (quant, fraction) in enumerate(zip(QUANTS, [*points(rng, 0.05, 1.0)[:KILLS - 1], 1.0])):
        name = f"Kill-{quant}.gguf"
        where = f"(HEARTH_CHAOS_SEED={seed}, kill {k + 1} of {KILLS}, at {fraction:.0%} of {name})"
        part, dest = part_path(REPO, name), target_path(REPO, name)
        hub.throttle_bps = 2_000_000  # about 1.5 s for the file

        def reached() -> bool:  # a fraction of the bytes, or (1.0) the moment the checked file is in place
            return dest.exists() or (fraction < 1 and part.exists() and part.stat().st_size >= fraction * size)

        with Killable([*MODELS, "pull", f"{REPO}:{quant}"], tmp_path / f"pull-{k}.log") as pull:
            pull.until(reached, 60, f"{fraction:.0%} of the file {where}")
            pull.kill()
        kept = part.stat().st_size if part.exists() else 0
        for model in added():  # whatever is listed is whole and checked
            assert sha256(Path(model["path"])) == sha, (model, where)
        served = len(hub.resolve_gets(name))
        hub.throttle_bps = None
        if k % 2 == 0:  # the same command again
            assert ok(hearth("pull", f"{REPO}:{quant}", timeout=60)).startswith(f"Ready: Kill-{quant}"), where
        else:  # or the app's download queue, started anew
            queue = DownloadQueue(Registry())
            try:
                [job] = [j for j in queue.jobs() if j.filename == name]
                wait_for(lambda: job.state in ("done", "failed"), 30, f"the job to finish {where}")
                assert job.state == "done", (job, where)
            finally:
                queue.close()
        gets = hub.resolve_gets(name)[served:]
        if kept:
            assert gets and gets[0].range == f"bytes={kept}-" and gets[0].status == 206, (gets, kept, where)
        assert sha256(dest) == sha and not part.exists(), where
        assert [m.sha256 for m in Registry().models() if m.path == dest] == [sha], where
        jobs = json.loads((paths.models_dir() / "downloads" / "jobs.json").read_text())["jobs"]
        assert {j["state"] for j in jobs if j["filename"] == name} == {"done"}, (jobs, where)
        resumed.append(f"{kept / size:.0%}")
    print(f"\nkill -9 while pulling: seed {seed}, {KILLS} kills; resumed from {', '.join(resumed)} of the file "
          "(0%: it was in place), every file checked and listed once")


# -- quantizing -----------------------------------------------------------------------------------

@needs_model
@pytest.mark.model
def test_a_quantization_killed_at_any_point_leaves_no_model_and_runs_again(hearth_home, tmp_path, seed):
    rng = random.Random(seed)
    dest = paths.models_dir() / "SmolLM2-135M-Instruct-Q8_0.gguf"
    temp, size = temp_path(dest), 144_811_072  # what the finished file weighs
    command = [*MODELS, "quantize", "SmolLM2-135M-Instruct", "Q8_0", "--allow-requantize"]
    fractions = [*points(rng, 0.02, 0.98)[:KILLS - 1], 1.0]
    for k, fraction in enumerate(fractions):
        where = f"(HEARTH_CHAOS_SEED={seed}, kill {k + 1} of {KILLS}, at {fraction:.0%} of the file)"
        with Killable(command, tmp_path / f"quantize-{k}.log") as run:
            # at a fraction of the output, or (1.0) once it is whole: being synced or moved into place
            run.until(lambda: dest.exists() or (temp.exists() and temp.stat().st_size >= fraction * size),
                      60, f"{fraction:.0%} of the output {where}")
            run.kill()
            # The quantizer, a child of the killed process, lives on until it notices. Once it is
            # gone, nothing may stand in the way of running again under the same name (unless the
            # finished file had been moved into place: then that is the model).
            wait_for(lambda: dest.exists() or next_output() == dest, 10, f"{dest.name} to be free {where}")
        listed = added()
        assert all(m["path"] == str(dest) for m in listed), (listed, where)
        for model in listed:  # only a finished file, moved into place, may be found and listed
            assert model["info"]["quant_type"] == "Q8_0" and dest.stat().st_size == size, (model, where)
            ok(hearth("rm", model["name"], "--yes"))
    out = ok(hearth("quantize", "SmolLM2-135M-Instruct", "Q8_0", "--allow-requantize", timeout=120))
    assert out.startswith("Ready: SmolLM2-135M-Instruct-Q8_0 "), (out, seed)
    assert [m["path"] for m in added()] == [str(dest)], seed
    assert not list(paths.models_dir().glob(".*.quantizing")), seed
    print(f"\nkill -9 while quantizing: seed {seed}, killed at {', '.join(f'{f:.0%}' for f in fractions)} of the "
          "output; nothing listed, nothing left, the same command then made it")


def next_output():
    """Where ``hearth models quantize`` would write the starter model as Q8_0 now (planning it
    sweeps what runs that are gone left behind)."""
    return plan_quantize(Registry(), "SmolLM2-135M-Instruct", "Q8_0", allow_requantize=True).dest


# -- deleting ---------------------------------------------------------------------------------------

def test_a_delete_killed_half_way_is_finished_at_the_next_look(hearth_home, tmp_path):
    shards = write_split(tmp_path / "source", "Halfway", count=3)
    for after in range(len(shards)):  # killed before the first shard goes, after one, after two
        where = f"(killed after deleting {after} of {len(shards)} shards)"
        model = Registry().import_file(shards[0])  # copied in: Hearth owns the copies
        copies = list(model.files)
        assert len(copies) == 3 and all(c.exists() for c in copies), where
        with Killable([*TARGET, "delete", model.name, str(after)], tmp_path / f"delete-{after}.log") as run:
            run.until(lambda: run.count("KILL") == 1, 30, f"the kill {where}")
            assert run.wait(10) != 0, where
        assert sum(c.exists() for c in copies) == len(copies) - after, where  # the kill came half way
        listed = Registry().models()  # the next look, from a fresh process's point of view
        assert [m for m in listed if m.id == model.id] == [], where
        assert not any(c.exists() for c in copies), where
        assert not [m for m in listed if m.source != "starter"], (listed, where)  # nothing found again
        assert all(s.exists() for s in shards), where  # the originals were never Hearth's
