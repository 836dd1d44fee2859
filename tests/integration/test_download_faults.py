"""Download queue faults against the Hub stand-in: jobs.json that can't be written, a changed
endpoint between start and resume, and a cancel that lands after the last byte."""

from __future__ import annotations

import errno
import hashlib
import json
import random
from collections import namedtuple
from pathlib import Path

import pytest

from app import paths
from model_store import download, download_jobs, transfer
from model_store.download import DownloadQueue, download_file, part_path, target_path
from model_store.errors import DiskFullError, DownloadError
from model_store.hub import HubClient
from tests.hub_standin import HubStandIn
from tests.integration.test_download import wait_for

REPO = "acme/Tiny-GGUF"
NAME = "tiny-Q4_K_M.gguf"
SMALL = "other-Q8_0.gguf"
SIZE = 2 * 1024 * 1024 + 12345
BLOB = random.Random(11).randbytes(SIZE)
SHA = hashlib.sha256(BLOB).hexdigest()
REPOS = {REPO: {NAME: BLOB, SMALL: BLOB[:300_000]}}
WRITE_ATOMIC = download_jobs.write_atomic


class FakeRegistry:
    """Records register_download calls; ``before`` runs first (to land a cancel there)."""

    def __init__(self, before=None) -> None:
        self.calls: list[tuple] = []
        self.before = before

    def register_download(self, path, *, repo, filename, sha256):
        if self.before is not None:
            self.before()
        self.calls.append((Path(path), repo, filename, sha256))
        return namedtuple("LocalModel", "path")(Path(path))


def jobs_file() -> Path:
    return paths.models_dir() / "downloads" / "jobs.json"


def saved_states() -> dict[str, str]:
    return {j["id"]: j["state"] for j in json.loads(jobs_file().read_text())["jobs"]}


def disk_full(*_args, **_kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.fixture(autouse=True)
def hf_env(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))
    monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
    monkeypatch.delenv("HF_TOKEN", raising=False)
    monkeypatch.delenv("HF_ENDPOINT", raising=False)


@pytest.fixture
def hub():
    with HubStandIn(REPOS) as standin:
        yield standin


@pytest.fixture
def client(hub):
    return HubClient(endpoint=hub.endpoint, token="")


def remote(client, name=NAME):
    return next(f for f in client.list_gguf_files(REPO) if f.filename == name)


# -- jobs.json that cannot be written ------------------------------------------------------------


def test_an_unwritable_jobs_file_never_stalls_the_queue(hub, client, monkeypatch):
    hub.throttle_bps = 2_000_000
    registry = FakeRegistry()
    queue = DownloadQueue(registry, hub=client, retry_base_delay=0.01)
    big, small = queue.add(remote(client)), queue.add(remote(client, SMALL))
    wait_for(lambda: queue.get(big.id).bytes_done > 100_000, what="some bytes")
    monkeypatch.setattr(download_jobs, "write_atomic", disk_full)  # from here on, jobs.json can't be saved
    hub.throttle_bps = None

    wait_for(lambda: queue.get(small.id).state == "done", what="the second job to finish")
    wait_for(lambda: not queue._workers, what="the workers to end")
    assert queue.get(big.id).state == "done" and queue.get(big.id).dest == target_path(REPO, NAME)
    assert hashlib.sha256(target_path(REPO, NAME).read_bytes()).hexdigest() == SHA
    assert [c[2] for c in registry.calls] == [NAME, SMALL]
    assert saved_states() == {big.id: "running", small.id: "queued"}  # stale on disk, right in memory

    monkeypatch.setattr(download_jobs, "write_atomic", WRITE_ATOMIC)  # space again: the next change saves all
    queue.remove(big.id)
    assert saved_states() == {small.id: "done"}
    queue.close()


def test_disk_full_fails_the_job_with_a_sentence_and_the_next_one_runs(hub, client, monkeypatch):
    hub.throttle_bps = 2_000_000
    queue = DownloadQueue(FakeRegistry(), hub=client, retry_base_delay=0.01)
    big, small = queue.add(remote(client)), queue.add(remote(client, SMALL))
    wait_for(lambda: queue.get(big.id).bytes_done > 100_000, what="some bytes")
    real_write, full = transfer._write_all, [True]

    def write_until_full(fd, data):  # the disk fills up once, during the first file
        if full[0]:
            full[0] = False
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write(fd, data)

    monkeypatch.setattr(download_jobs, "write_atomic", disk_full)
    monkeypatch.setattr(transfer, "_write_all", write_until_full)
    hub.throttle_bps = None

    wait_for(lambda: queue.get(small.id).state == "done", what="the next job to run")
    wait_for(lambda: not queue._workers, what="the workers to end")
    failed = queue.get(big.id)
    assert failed.state == "failed" and failed.error.startswith(f"Not enough free disk space for {NAME}")
    assert "Free some space" in failed.error and part_path(REPO, NAME).exists()

    monkeypatch.setattr(download_jobs, "write_atomic", WRITE_ATOMIC)
    monkeypatch.setattr(transfer, "_write_all", real_write)
    queue.resume(big.id)
    wait_for(lambda: queue.get(big.id).state == "done", what="the resumed job")
    assert hashlib.sha256(target_path(REPO, NAME).read_bytes()).hexdigest() == SHA
    assert saved_states() == {big.id: "done", small.id: "done"}
    queue.close()


def test_add_turns_a_full_disk_into_a_sentence_and_queues_nothing(hub, client, monkeypatch):
    queue = DownloadQueue(FakeRegistry(), hub=client)
    monkeypatch.setattr(download_jobs, "write_atomic", disk_full)
    with pytest.raises(DiskFullError) as err:
        queue.add(remote(client))
    assert "no free disk space" in str(err.value) and "Free some disk space" in str(err.value)
    assert "No space left" in err.value.detail
    assert queue.jobs() == [] and not queue._workers and hub.resolve_gets() == []

    monkeypatch.setattr(download_jobs, "write_atomic", WRITE_ATOMIC)
    job = queue.add(remote(client))
    wait_for(lambda: queue.get(job.id).state == "done", what="done")
    queue.close()


def test_add_turns_an_unusable_downloads_folder_into_a_sentence(hub, client):
    queue = DownloadQueue(FakeRegistry(), hub=client)
    jobs_file().parent.write_bytes(b"")  # a file where the downloads folder should be
    with pytest.raises(DownloadError) as err:
        queue.add(remote(client))
    assert "couldn't write to" in str(err.value) and "then try again" in str(err.value)
    assert queue.jobs() == [] and not queue._workers
    queue.close()


# -- a changed endpoint --------------------------------------------------------------------------


def test_a_paused_download_resumes_from_a_new_endpoint(hub, monkeypatch):
    monkeypatch.setenv("HF_ENDPOINT", hub.endpoint)
    hub.throttle_bps = 1_000_000
    queue = DownloadQueue(FakeRegistry(), retry_base_delay=0.01, max_retries=2)  # its own HubClient
    job = queue.add(remote(HubClient(token="")))
    wait_for(lambda: queue.get(job.id).bytes_done > 200_000, what="some bytes")
    queue.pause(job.id)
    wait_for(lambda: not queue._workers, what="the worker to stop")
    kept = part_path(REPO, NAME).stat().st_size
    hub.stop()  # the old endpoint is gone

    with HubStandIn(REPOS) as mirror:
        monkeypatch.setenv("HF_ENDPOINT", mirror.endpoint)
        queue.resume(job.id)
        wait_for(lambda: queue.get(job.id).state in ("done", "failed"), what="the resumed job")
        assert queue.get(job.id).state == "done", queue.get(job.id).detail
        assert hashlib.sha256(target_path(REPO, NAME).read_bytes()).hexdigest() == SHA
        assert [g.range for g in mirror.resolve_gets(NAME)] == [f"bytes={kept}-"]
        assert queue.get(job.id).url.startswith(mirror.endpoint)
    queue.close()


def test_an_interrupted_queue_resumes_from_a_new_endpoint_after_restart(hub, monkeypatch):
    monkeypatch.setenv("HF_ENDPOINT", hub.endpoint)
    hub.throttle_bps = 1_000_000
    first = DownloadQueue(FakeRegistry())
    job = first.add(remote(HubClient(token="")))
    wait_for(lambda: first.get(job.id).bytes_done > 200_000, what="some bytes")
    first.close()
    kept = part_path(REPO, NAME).stat().st_size
    hub.stop()

    with HubStandIn(REPOS) as mirror:
        monkeypatch.setenv("HF_ENDPOINT", mirror.endpoint)
        registry = FakeRegistry()
        again = DownloadQueue(registry, retry_base_delay=0.01, max_retries=2)
        wait_for(lambda: again.get(job.id).state in ("done", "failed"), what="the resumed job")
        assert again.get(job.id).state == "done", again.get(job.id).detail
        assert hashlib.sha256(target_path(REPO, NAME).read_bytes()).hexdigest() == SHA
        assert [g.range for g in mirror.resolve_gets(NAME)] == [f"bytes={kept}-"]
        assert registry.calls == [(target_path(REPO, NAME), REPO, NAME, SHA)]
        again.close()


def test_an_old_jobs_file_with_a_stale_url_still_resumes(monkeypatch):
    part = part_path(REPO, NAME)
    part.parent.mkdir(parents=True, exist_ok=True)
    part.write_bytes(BLOB[:500_000])
    old = {"id": "abc123", "repo_id": REPO, "filename": NAME, "url": f"http://127.0.0.1:9/{REPO}/resolve/x/{NAME}",
           "size": SIZE, "sha256": SHA, "state": "running", "bytes_done": 500_000, "speed_bps": 0.0,
           "eta_s": None, "error": "", "dest": None, "revision": "main"}
    jobs_file().write_text(json.dumps({"version": 1, "jobs": [old]}))
    with HubStandIn(REPOS) as mirror:
        monkeypatch.setenv("HF_ENDPOINT", mirror.endpoint)
        queue = DownloadQueue(FakeRegistry(), retry_base_delay=0.01, max_retries=2)
        wait_for(lambda: queue.get("abc123").state in ("done", "failed"), what="the old job")
        assert queue.get("abc123").state == "done", queue.get("abc123").detail
        assert hashlib.sha256(target_path(REPO, NAME).read_bytes()).hexdigest() == SHA
        assert [g.range for g in mirror.resolve_gets(NAME)] == ["bytes=500000-"]
        queue.close()


# -- a cancel after the last byte ----------------------------------------------------------------


def cancel_after_transfer(monkeypatch, box: dict) -> None:
    """Make the queue's transfer cancel its job right after the file is in place."""
    def transfer_then_cancel(*args, **kwargs):
        dest = download_file(*args, **kwargs)
        queue = box["queue"]
        queue.cancel(queue.jobs()[0].id)
        return dest

    monkeypatch.setattr(download, "download_file", transfer_then_cancel)


def test_a_cancel_after_the_last_byte_wins(hub, client, monkeypatch):
    box, states = {}, []
    cancel_after_transfer(monkeypatch, box)
    registry = FakeRegistry()
    box["queue"] = queue = DownloadQueue(registry, hub=client, on_state=lambda j: states.append(j.state))
    job = queue.add(remote(client))
    wait_for(lambda: queue.get(job.id).state not in ("queued", "running") and not queue._workers, what="the end")
    assert queue.get(job.id).state == "cancelled" and queue.get(job.id).dest is None
    assert registry.calls == []
    assert not target_path(REPO, NAME).exists() and not part_path(REPO, NAME).exists()
    assert states[-1] == "cancelled" and "verifying" not in states and "done" not in states
    assert saved_states() == {job.id: "cancelled"}
    queue.close()


def test_a_late_cancel_keeps_a_file_that_was_already_there(hub, client, monkeypatch):
    r = remote(client)
    download_file(client.file_url(r), target_path(REPO, NAME), size=r.size, sha256=r.sha256,
                  part=part_path(REPO, NAME), repo_id=REPO)
    box = {}
    cancel_after_transfer(monkeypatch, box)
    registry = FakeRegistry()
    box["queue"] = queue = DownloadQueue(registry, hub=client)
    job = queue.add(r)
    wait_for(lambda: queue.get(job.id).state not in ("queued", "running") and not queue._workers, what="the end")
    assert queue.get(job.id).state == "cancelled" and registry.calls == []
    assert hashlib.sha256(target_path(REPO, NAME).read_bytes()).hexdigest() == SHA  # not this job's to delete
    queue.close()


def test_a_cancel_during_registration_is_too_late_and_the_job_is_done(hub, client):
    box = {}
    registry = FakeRegistry(before=lambda: box["queue"].cancel(box["queue"].jobs()[0].id))
    box["queue"] = queue = DownloadQueue(registry, hub=client)
    job = queue.add(remote(client))
    wait_for(lambda: queue.get(job.id).state in ("done", "failed", "cancelled") and not queue._workers,
             what="the end")
    assert queue.get(job.id).state == "done" and len(registry.calls) == 1
    assert hashlib.sha256(target_path(REPO, NAME).read_bytes()).hexdigest() == SHA
    assert saved_states() == {job.id: "done"}
    queue.close()


def test_cancelling_a_download_whose_part_cannot_be_deleted_still_cancels(hub, client, monkeypatch):
    queue = DownloadQueue(FakeRegistry(), hub=client, concurrency=1)
    hub.throttle_bps = 200_000
    first = queue.add(remote(client))
    waiting = queue.add(remote(client, SMALL))  # queued behind the first
    part_path(REPO, SMALL).parent.mkdir(parents=True, exist_ok=True)
    part_path(REPO, SMALL).write_bytes(b"left by an earlier run")

    def cannot_delete(self, missing_ok=False):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "unlink", cannot_delete)
    queue.cancel(waiting.id)   # no worker yet: the queue deletes the part itself
    queue.cancel(first.id)     # its worker deletes the part when it stops
    wait_for(lambda: not queue._workers, what="the worker to stop")
    monkeypatch.undo()
    assert queue.get(waiting.id).state == "cancelled" and queue.get(first.id).state == "cancelled"
    assert queue.get(waiting.id).bytes_done == 0
    queue.close()
