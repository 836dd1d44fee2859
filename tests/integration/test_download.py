"""Downloads against the loopback Hub stand-in: resume, retries, checksums, disk, queue, SIGKILL."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections import namedtuple
from pathlib import Path

import pytest

from app import paths
from model_store import transfer
from model_store.download import DownloadQueue, download_file, part_path, safe_filename, target_path
from model_store.errors import ChecksumMismatchError, DiskFullError, DownloadError, GatedRepoError
from model_store.hub import HubClient
from model_store.starter import starter_model_path
from tests.hub_standin import HubStandIn

REPO = "acme/Tiny-GGUF"
NAME = "tiny-Q4_K_M.gguf"
SIZE = 2 * 1024 * 1024 + 12345
BLOB = random.Random(7).randbytes(SIZE)
SHA = hashlib.sha256(BLOB).hexdigest()
ROOT = Path(__file__).resolve().parents[2]


class FakeRegistry:
    """Records register_download calls (the real Registry is tested on its own)."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []

    def register_download(self, path, *, repo, filename, sha256):
        self.calls.append((Path(path), repo, filename, sha256))
        return namedtuple("LocalModel", "path")(Path(path))


def wait_for(predicate, timeout: float = 15.0, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.01)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture(autouse=True)
def hf_env(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))
    monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
    monkeypatch.delenv("HF_TOKEN", raising=False)


@pytest.fixture
def hub():
    repos = {REPO: {NAME: BLOB, "other-Q8_0.gguf": BLOB[:300_000],
                    "nested/deep/model-Q5_K_M.gguf": BLOB[:100_000],
                    "split-00001-of-00002.gguf": BLOB[:200_000], "split-00002-of-00002.gguf": BLOB[200_000:350_000]},
             "locked/Gated-GGUF": {"g.gguf": BLOB[:5000]}}
    with HubStandIn(repos, gated={"locked/Gated-GGUF"}) as standin:
        yield standin


@pytest.fixture
def client(hub):
    return HubClient(endpoint=hub.endpoint, token="")


def remote(client, name=NAME, repo=REPO):
    return next(f for f in client.list_gguf_files(repo) if f.filename == name)


def fetch(client, name=NAME, **kwargs):
    r = remote(client, name)
    kwargs.setdefault("retry_base_delay", 0.01)
    return download_file(client.file_url(r), target_path(r.repo_id, r.filename), size=r.size, sha256=r.sha256,
                         part=part_path(r.repo_id, r.filename), repo_id=r.repo_id, **kwargs)


def test_queue_happy_path_verifies_and_registers(hub, client):
    registry, states = FakeRegistry(), []
    queue = DownloadQueue(registry, hub=client, on_state=lambda j: states.append(j.state))
    job = queue.add(remote(client))
    wait_for(lambda: queue.get(job.id).state == "done", what="done")
    done = queue.get(job.id)
    dest = paths.models_dir() / "acme__Tiny-GGUF" / NAME
    assert done.dest == dest and hashlib.sha256(dest.read_bytes()).hexdigest() == SHA
    assert registry.calls == [(dest, REPO, NAME, SHA)]
    assert not part_path(REPO, NAME).exists()
    assert states[0] == "queued" and "running" in states and states[-2:] == ["verifying", "done"]
    saved = json.loads((paths.models_dir() / "downloads" / "jobs.json").read_text())
    assert saved["jobs"][0]["state"] == "done" and saved["jobs"][0]["dest"] == str(dest)
    assert queue.add(remote(client)).id != job.id  # a finished job isn't reused
    queue.close()


def test_dropped_connections_resume_with_range(hub, client):
    hub.drop_after_bytes, hub.drop_times = 700_000, None  # every response is cut after 700 kB
    dest = fetch(client)
    assert hashlib.sha256(dest.read_bytes()).hexdigest() == SHA
    gets = hub.resolve_gets(NAME)
    assert [g.range for g in gets] == [None, "bytes=700000-", "bytes=1400000-", "bytes=2100000-"]
    assert [g.status for g in gets] == [200, 206, 206, 206]
    assert hub.bytes_served(NAME) == SIZE  # nothing fetched twice


def test_server_errors_are_retried(hub, client):
    hub.fail_5xx_times = 3
    dest = fetch(client)
    assert hashlib.sha256(dest.read_bytes()).hexdigest() == SHA
    assert [g.status for g in hub.resolve_gets(NAME)] == [503, 503, 503, 200]


def test_endless_server_errors_give_up_and_keep_the_part(hub, client):
    part = part_path(REPO, NAME)
    part.parent.mkdir(parents=True, exist_ok=True)
    part.write_bytes(BLOB[:500_000])
    hub.fail_5xx_times = 10**6
    with pytest.raises(DownloadError) as err:
        fetch(client, max_retries=3)
    assert "keeps failing" in str(err.value) and "HTTP 503" in err.value.detail
    assert [g.range for g in hub.resolve_gets(NAME)] == ["bytes=500000-"] * 4
    assert part.read_bytes() == BLOB[:500_000]


def test_server_ignoring_range_restarts_cleanly(hub, client):
    hub.drop_after_bytes, hub.drop_times = 1_000_000, 1
    hub.ignore_range = True
    dest = fetch(client)
    assert hashlib.sha256(dest.read_bytes()).hexdigest() == SHA
    gets = hub.resolve_gets(NAME)
    assert [(g.range, g.status) for g in gets] == [(None, 200), ("bytes=1000000-", 200)]
    assert gets[1].bytes_sent == SIZE


def test_wrong_checksum_deletes_the_file_and_never_registers(hub, client):
    hub.wrong_sha256_for = {NAME}
    registry = FakeRegistry()
    queue = DownloadQueue(registry, hub=client)
    job = queue.add(remote(client))
    wait_for(lambda: queue.get(job.id).state == "failed", what="failed")
    failed = queue.get(job.id)
    assert "didn't match the checksum" in failed.error and "deleted it" in failed.error
    assert "expected sha256" in failed.detail
    assert registry.calls == [] and not part_path(REPO, NAME).exists()
    assert not target_path(REPO, NAME).exists() and failed.dest is None
    queue.close()


def test_a_file_already_in_place_is_not_fetched_again(hub, client):
    fetch(client)
    served = hub.bytes_served()
    assert fetch(client) == target_path(REPO, NAME) and hub.bytes_served() == served


def test_a_part_being_written_elsewhere_is_left_alone(hub, client):
    hub.throttle_bps = 1_000_000
    first = threading.Thread(target=lambda: fetch(client), daemon=True)
    first.start()
    wait_for(lambda: part_path(REPO, NAME).exists() and part_path(REPO, NAME).stat().st_size > 50_000)
    with pytest.raises(DownloadError) as err:
        fetch(client)
    assert "already being downloaded" in str(err.value)
    hub.throttle_bps = None
    first.join(10)
    assert hashlib.sha256(target_path(REPO, NAME).read_bytes()).hexdigest() == SHA


def test_wrong_checksum_from_download_file(hub, client):
    hub.wrong_sha256_for = {NAME}
    with pytest.raises(ChecksumMismatchError):
        fetch(client)
    assert not part_path(REPO, NAME).exists() and not target_path(REPO, NAME).exists()


def test_slow_server_pause_and_resume(hub, client):
    hub.throttle_bps = 1_500_000
    registry, progress = FakeRegistry(), []
    queue = DownloadQueue(registry, hub=client, on_progress=lambda j: progress.append((time.monotonic(), j)))
    started = time.monotonic()
    job = queue.add(remote(client))
    wait_for(lambda: queue.get(job.id).bytes_done > 400_000, what="some bytes")
    queue.pause(job.id)
    assert queue.get(job.id).state == "paused"
    wait_for(lambda: not queue._workers, what="worker to stop")
    kept = part_path(REPO, NAME).stat().st_size
    assert 400_000 < kept < SIZE and queue.get(job.id).bytes_done == kept
    assert queue.add(remote(client)) is queue.get(job.id)  # the paused job, not a second one
    time.sleep(0.3)
    assert part_path(REPO, NAME).stat().st_size == kept  # really stopped
    hub.throttle_bps = None
    queue.resume(job.id)
    wait_for(lambda: queue.get(job.id).state == "done", what="done")
    assert hashlib.sha256(target_path(REPO, NAME).read_bytes()).hexdigest() == SHA
    assert hub.resolve_gets(NAME)[-1].range == f"bytes={kept}-"
    assert len(registry.calls) == 1
    # at most ~4 per second (plus one final update per run)
    assert len(progress) <= 4 * (progress[-1][0] - started) + 2 * 2
    assert any(j.speed_bps > 0 and j.eta_s is not None for _, j in progress)
    queue.close()


def test_cancel_deletes_the_part(hub, client):
    hub.throttle_bps = 1_000_000
    registry = FakeRegistry()
    queue = DownloadQueue(registry, hub=client)
    job = queue.add(remote(client))
    wait_for(lambda: part_path(REPO, NAME).exists() and part_path(REPO, NAME).stat().st_size > 100_000)
    queue.cancel(job.id)
    wait_for(lambda: not queue._workers, what="worker to stop")
    assert queue.get(job.id).state == "cancelled" and not part_path(REPO, NAME).exists()
    assert registry.calls == [] and not target_path(REPO, NAME).exists()
    queue.close()


def test_not_enough_space_is_refused_before_starting(hub, client, monkeypatch):
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage(10**12, 10**12 - 10_000_000, 10_000_000))
    with pytest.raises(DiskFullError) as err:
        fetch(client)
    assert str(err.value).startswith(f"Not enough free disk space for {NAME}") and "Free some space" in str(err.value)
    assert hub.resolve_gets() == []


def test_disk_full_mid_write_keeps_the_part_for_resuming(hub, client, monkeypatch):
    real_write, written = transfer._write_all, [0]

    def write_until_full(fd, data):
        if written[0] > 1_000_000:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write(fd, data)
        written[0] += len(data)

    monkeypatch.setattr(transfer, "_write_all", write_until_full)
    with pytest.raises(DiskFullError) as err:
        fetch(client)
    assert "No space left" in err.value.detail
    kept = part_path(REPO, NAME).stat().st_size
    assert kept == written[0] > 1_000_000
    monkeypatch.setattr(transfer, "_write_all", real_write)
    dest = fetch(client)
    assert hashlib.sha256(dest.read_bytes()).hexdigest() == SHA
    assert hub.resolve_gets(NAME)[-1].range == f"bytes={kept}-"


@pytest.mark.parametrize("name, safe", [
    ("../../etc/passwd.gguf", "etc__passwd.gguf"), ("/abs/x.gguf", "abs__x.gguf"),
    ("sub/dir/m.gguf", "sub__dir__m.gguf"), ("..\\..\\win.gguf", "win.gguf"),
    ("a/./b/../c.gguf", "a__b__c.gguf"), (".hidden.gguf", "hidden.gguf"), ("we:ird?*|<>.gguf", "we_ird_____.gguf"),
    ("CON.gguf", "_CON.gguf"), ("x" * 300 + ".gguf", "x" * 190 + ".gguf"),
])
def test_names_are_sanitised(name, safe):
    assert safe_filename(name) == safe
    assert target_path("../evil/..", name).resolve().is_relative_to(paths.models_dir().resolve())


@pytest.mark.parametrize("name", ["", "..", "/", "../..", "./."])
def test_empty_names_are_rejected(name):
    with pytest.raises(DownloadError):
        safe_filename(name)


def test_subfolder_file_lands_flattened(hub, client):
    dest = fetch(client, "nested/deep/model-Q5_K_M.gguf")
    assert dest == paths.models_dir() / "acme__Tiny-GGUF" / "nested__deep__model-Q5_K_M.gguf"
    assert dest.read_bytes() == BLOB[:100_000]


def test_split_model_is_registered_once_all_shards_are_in(hub, client):
    registry = FakeRegistry()
    queue = DownloadQueue(registry, hub=client, concurrency=2)
    jobs = [queue.add(remote(client, n)) for n in ("split-00001-of-00002.gguf", "split-00002-of-00002.gguf")]
    wait_for(lambda: all(queue.get(j.id).state == "done" for j in jobs), what="both shards")
    first = target_path(REPO, "split-00001-of-00002.gguf")
    assert registry.calls == [(first, REPO, "split-00001-of-00002.gguf", hub.sha256(REPO, "split-00001-of-00002.gguf"))]
    queue.close()


def test_gated_download_fails_with_the_gated_sentence(hub, client):
    queue = DownloadQueue(FakeRegistry(), hub=client)
    job = queue.add(remote(client, "g.gguf", repo="locked/Gated-GGUF"))
    wait_for(lambda: queue.get(job.id).state == "failed")
    assert "huggingface.co/locked/Gated-GGUF" in queue.get(job.id).error
    with pytest.raises(GatedRepoError):
        download_file(client.file_url(remote(client, "g.gguf", "locked/Gated-GGUF")), target_path("x/y", "g.gguf"),
                      repo_id="locked/Gated-GGUF")
    queue.close()


def test_jobs_persist_across_restarts(hub, client):
    hub.throttle_bps = 1_000_000
    registry = FakeRegistry()
    first = DownloadQueue(registry, hub=client)
    running = first.add(remote(client))
    wait_for(lambda: first.get(running.id).bytes_done > 200_000)
    first.close()
    jobs_file = paths.models_dir() / "downloads" / "jobs.json"
    assert json.loads(jobs_file.read_text())["jobs"][0]["state"] == "running"
    kept = part_path(REPO, NAME).stat().st_size

    as_paused = DownloadQueue(registry, hub=client, auto_resume=False)  # comes back paused…
    assert as_paused.get(running.id).state == "paused" and as_paused.get(running.id).bytes_done == kept
    assert not as_paused._workers  # (dropped without close: the file still says "running")

    hub.throttle_bps = None
    hub.wrong_sha256_for = {"other-Q8_0.gguf"}
    resumed = DownloadQueue(registry, hub=client)  # …or, by default, resumes by itself
    bad = resumed.add(remote(client, "other-Q8_0.gguf"))
    wait_for(lambda: resumed.get(running.id).state == "done", what="resumed download")
    wait_for(lambda: resumed.get(bad.id).state == "failed", what="checksum failure")
    resumed.close()
    assert hashlib.sha256(target_path(REPO, NAME).read_bytes()).hexdigest() == SHA
    assert hub.resolve_gets(NAME)[-1].range == f"bytes={kept}-"

    later = DownloadQueue(registry, hub=client)
    assert later.get(bad.id).state == "failed" and "checksum" in later.get(bad.id).error
    assert later.get(running.id).state == "done" and later.get(running.id).dest == target_path(REPO, NAME)
    later.close()


KILLED_CHILD = textwrap.dedent("""
    import sys
    from pathlib import Path
    from model_store.download import download_file
    url, dest, part, size, sha = sys.argv[1:6]
    download_file(url, Path(dest), part=Path(part), size=int(size), sha256=sha, retry_base_delay=0.05)
    print("done", flush=True)
""")


def test_sigkill_mid_download_then_restart_completes(tmp_path, hearth_home):
    """Kill -9 a downloading process at a random point; a new one finishes from the part."""
    source = starter_model_path()
    if source is None:
        source = tmp_path / "generated.gguf"
        source.write_bytes(random.Random(3).randbytes(24 << 20))
    size = source.stat().st_size
    with HubStandIn({"big/Model-GGUF": {"model.gguf": source}}) as hub:
        hub.throttle_bps = 60_000_000
        sha = hub.sha256("big/Model-GGUF", "model.gguf")
        url = f"{hub.endpoint}/big/Model-GGUF/resolve/main/model.gguf"
        dest, part = target_path("big/Model-GGUF", "model.gguf"), part_path("big/Model-GGUF", "model.gguf")
        args = [sys.executable, "-c", KILLED_CHILD, url, str(dest), str(part), str(size), sha]
        env = dict(os.environ, HEARTH_HOME=str(hearth_home))
        child = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE)
        kill_at = random.randint(size // 8, size * 3 // 4)
        wait_for(lambda: part.exists() and part.stat().st_size >= kill_at, timeout=30, what="bytes to arrive")
        child.send_signal(signal.SIGKILL)
        child.wait(10)
        kept = part.stat().st_size
        assert 0 < kept < size and not dest.exists()
        listed = [p for p in paths.models_dir().rglob("*") if p.is_file() and p.suffix == ".gguf"]
        assert listed == []  # the partial file is a .part in downloads/, never a model file
        from model_store.registry import Registry
        assert not [m for m in Registry().models() if "downloads" in m.path.parts or m.path == part]
        time.sleep(0.2)  # let the server notice the dead connection
        first_served = hub.bytes_served()

        hub.throttle_bps = None
        out = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert out.returncode == 0 and "done" in out.stdout, out.stderr
        gets = hub.resolve_gets()
        assert gets[-1].range == f"bytes={kept}-" and gets[-1].status == 206
        refetched = hub.bytes_served() - size
        lost_in_flight = first_served - kept  # sent to the killed process but never written
        assert refetched == lost_in_flight  # the restart asked for exactly the bytes not on disk
        # lost: at most the chunk in hand (≤ 1 MiB) plus what sat in socket buffers (~130 kB measured)
        assert lost_in_flight <= transfer.CHUNK + hub_chunk(60_000_000), (kept, lost_in_flight)
        with open(dest, "rb") as fh:
            assert hashlib.file_digest(fh, "sha256").hexdigest() == sha
        assert not part.exists()


def hub_chunk(throttle_bps: int) -> int:
    """The stand-in's send unit when throttled (data that may sit in socket buffers)."""
    return max(4096, throttle_bps // 50)


def test_a_verified_file_that_is_not_a_model_is_removed_and_never_listed(hub, client):
    from model_store.registry import Registry

    registry = Registry()
    queue = DownloadQueue(registry, hub=client)
    job = queue.add(remote(client))  # the checksum matches, but the bytes are not a GGUF model
    wait_for(lambda: queue.get(job.id).state == "failed", what="failed")
    assert queue.get(job.id).error
    assert not target_path(REPO, NAME).exists()
    assert all(NAME.removesuffix(".gguf") not in m.name for m in registry.models())
    queue.close()
