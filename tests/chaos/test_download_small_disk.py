"""Downloads onto a genuinely small filesystem: a tmpfs of tens of MiB mounted over the models folder.

The other download fault tests inject ``ENOSPC`` into one write; here the kernel says it, for the
part file, ``jobs.json`` and the Library's manifest alike (they all live in the models folder).
Mounting needs root (and a container allowed to mount); elsewhere the tests skip with the reason.
"""

from __future__ import annotations

import errno
import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from model_store import locations
from model_store.download import FREE_MARGIN, DownloadQueue, part_path, target_path
from model_store.hub import HubClient
from model_store.registry import Registry
from tests.gguf_factory import write_gguf
from tests.hub_standin import HubStandIn
from tests.integration.test_download import hf_env, wait_for  # noqa: F401 - hf_env: an autouse fixture

REPO = "acme/Small-Disk-GGUF"
NAME = "small-disk-F16.gguf"
MiB = 1024 * 1024


@pytest.fixture(scope="module")
def blob(tmp_path_factory) -> bytes:
    path = write_gguf(tmp_path_factory.mktemp("gguf") / NAME, name="Small disk", layers=6, embd=256)
    return path.read_bytes()  # a valid model of ~2.4 MB


@pytest.fixture
def hub(blob):
    with HubStandIn({REPO: {NAME: blob}}) as standin:
        yield standin


@pytest.fixture
def client(hub):
    return HubClient(endpoint=hub.endpoint, token="")


def mount_small_models_folder(size: int) -> Path:
    """Mount a tmpfs of ``size`` bytes over the models folder (skips where that is not allowed)."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("mounting a small filesystem needs root; the injected ENOSPC tests cover the rest")
    folder = locations.models_dir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(folder)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"this machine does not allow mounting a tmpfs: {done.stderr.strip()}")
    return folder


@pytest.fixture
def small_disk(request):
    mounted: list[Path] = []

    def mount(size: int) -> Path:
        folder = mount_small_models_folder(size)
        mounted.append(folder)
        return folder

    yield mount
    for folder in mounted:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def free_bytes(folder: Path) -> int:
    st = os.statvfs(folder)
    return st.f_bavail * st.f_frsize


def fill_up(folder: Path) -> Path:
    """Write a file until the filesystem says it is full; returns it."""
    filler = folder / "another-program.bin"
    with open(filler, "wb", buffering=0) as fh:
        try:
            while True:
                fh.write(b"\0" * (256 * 1024))
        except OSError as exc:
            assert exc.errno == errno.ENOSPC, exc
    return filler


def downloads_listed() -> list:
    return [m for m in Registry.shared().models() if m.source == "download"]


def remote(client):
    return next(f for f in client.list_gguf_files(REPO) if f.filename == NAME)


def test_a_model_bigger_than_the_disk_is_refused_before_a_byte_is_fetched(hub, client, blob, small_disk):
    folder = small_disk(FREE_MARGIN // 2)  # less than the model plus the margin Hearth keeps free
    queue = DownloadQueue(Registry.shared(), hub=client, retry_base_delay=0.01)
    try:
        job = queue.add(remote(client))
        wait_for(lambda: queue.get(job.id).state == "failed", what="the job to fail")
        error = queue.get(job.id).error
        assert error.startswith(f"Not enough free disk space for {NAME}") and "Free some space" in error, error
        assert hub.resolve_gets(NAME) == []  # refused before the transfer, not half-way through
        assert not part_path(REPO, NAME).exists() and not target_path(REPO, NAME).exists()
        assert downloads_listed() == []
        assert free_bytes(folder) > FREE_MARGIN // 2 - 64 * 1024  # nothing left behind taking the space
    finally:
        queue.close()


def test_the_disk_filling_up_mid_download_fails_with_a_sentence_and_resumes_once_freed(hub, client, blob,
                                                                                         small_disk):
    folder = small_disk(FREE_MARGIN + 8 * MiB)  # room for the model and the margin
    hub.throttle_bps = 1_500_000
    queue = DownloadQueue(Registry.shared(), hub=client, retry_base_delay=0.01)
    try:
        job = queue.add(remote(client))
        wait_for(lambda: part_path(REPO, NAME).exists() and part_path(REPO, NAME).stat().st_size > 300_000,
                 what="the first bytes")
        filler = fill_up(folder)  # another program takes all the space that is left
        hub.throttle_bps = None
        wait_for(lambda: queue.get(job.id).state == "failed", what="the job to fail")
        failed = queue.get(job.id)
        assert failed.error.startswith(f"Not enough free disk space for {NAME}"), failed.error
        assert "Free some space" in failed.error
        kept = part_path(REPO, NAME).stat().st_size
        assert 300_000 < kept < len(blob)  # what arrived is kept for resuming
        assert not target_path(REPO, NAME).exists() and downloads_listed() == []

        filler.unlink()  # the user frees some space and clicks Resume
        queue.resume(job.id)
        wait_for(lambda: queue.get(job.id).state == "done", what="the resumed download")
        assert hashlib.sha256(target_path(REPO, NAME).read_bytes()).hexdigest() == hashlib.sha256(blob).hexdigest()
        assert hub.resolve_gets(NAME)[-1].range == f"bytes={kept}-"  # continued, not started again
        assert [m.path for m in downloads_listed()] == [target_path(REPO, NAME)]
        assert not part_path(REPO, NAME).exists()
    finally:
        queue.close()


def test_the_command_line_says_so_in_one_line(hub, small_disk, hearth_home):
    small_disk(FREE_MARGIN // 2)
    env = {**os.environ, "HEARTH_HOME": str(hearth_home), "HF_ENDPOINT": hub.endpoint, "PYTHONIOENCODING": "utf-8"}
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "app", "models", "pull", f"{REPO}:{NAME}"], capture_output=True,
                          text=True, env=env, timeout=60, stdin=subprocess.DEVNULL)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr, proc.stderr
    last = proc.stderr.strip().splitlines()[-1]
    assert "Not enough free disk space" in last and "Free some space" in last, proc.stderr
    assert time.monotonic() - started < 30
    assert downloads_listed() == []
