"""The resumable, verified download of one file: ``download_file`` (its only helper thread hashes).

Bytes go to ``<models>/downloads/<owner>__<name>__<file>.part``; a new attempt (after a
dropped connection, a pause, a crash or SIGKILL) asks for ``Range: bytes=<part size>-`` and
checks the ``Content-Range`` it gets back; a ``200`` to a Range request truncates the part and
starts over. Each chunk is written straight to the OS as it arrives, so a killed process loses
at most the chunk in hand (≤ 1 MiB). The SHA-256 is computed on a helper thread alongside
(at most 16 chunks wait for it; the existing part is hashed first on resume) and compared with the Hub's LFS hash before the file
is moved into ``<models>/<owner>__<name>/<file>`` by ``os.replace`` and only then registered.
5xx answers and dropped connections are retried with exponential backoff; free space is checked
before every start; ENOSPC while writing keeps the part for later. Plain HTTP with ``requests``:
huggingface_hub's own downloader can't resume across restarts.
The queue around it is :mod:`model_store.download`.
"""

from __future__ import annotations

import collections
import errno
import hashlib
import logging
import os
import queue
import re
import shutil
import threading
import time
from pathlib import Path
from typing import Callable

from model_store.locations import hearth_version
from model_store.errors import (ChecksumMismatchError, DiskFullError, DownloadError, GatedRepoError,
                                ModelStoreError, RepoNotFoundError)
from model_store.hub import gated_message
from model_store.texts import QT_TRANSLATE_NOOP, Sentence

log = logging.getLogger(__name__)

CHUNK = 1 << 20                # bytes read (and then written) at a time: the most a kill can lose
FREE_MARGIN = 64 << 20         # free space kept beyond the file itself
PROGRESS_INTERVAL = 0.25       # seconds between progress callbacks (≤ 4 per second)
ProgressFn = Callable[[int, int, float, "float | None"], None]


class DownloadStopped(Exception):
    """``download_file`` was asked to stop (pause, cancel, shutdown); the part is kept."""


def _retryable(status: int) -> bool:
    return status in (408, 429) or status >= 500


def _disk_full(name: str, needed: int, free: int, detail: str = "") -> DiskFullError:
    gb = 1e9
    return DiskFullError(Sentence(QT_TRANSLATE_NOOP(
        "model_store", "Not enough free disk space for {name}: it needs {needed} more and {free} are free. "
        "Free some space, then resume the download."), name=name, needed=f"{needed / gb:.1f} GB",
        free=f"{free / gb:.1f} GB"),
                         detail=detail or f"needed={needed} free={free}")


class _Progress:
    """Rate-limited progress with a moving-average speed (last ~5 s) and ETA."""

    def __init__(self, callback: ProgressFn | None, total: int | None) -> None:
        self.callback, self.total = callback, total
        self.samples: collections.deque = collections.deque()
        self.last = 0.0

    def update(self, done: int, force: bool = False) -> None:
        now = time.monotonic()
        if self.callback is None or (not force and now - self.last < PROGRESS_INTERVAL):
            return
        self.last = now
        self.samples.append((now, done))
        while len(self.samples) > 2 and now - self.samples[0][0] > 5.0:
            self.samples.popleft()
        (t0, b0), (t1, b1) = self.samples[0], self.samples[-1]
        speed = (b1 - b0) / (t1 - t0) if t1 > t0 else 0.0
        eta = (self.total - done) / speed if self.total and speed > 0 else None
        self.callback(done, self.total or 0, speed, eta)


def _hash_part(part: Path, digest, stop: threading.Event | None, limit: int | None = None) -> int:
    """Feed the first ``limit`` bytes of ``part`` (all if None) to ``digest``; return the count."""
    done = 0
    with open(part, "rb") as fh:
        while block := fh.read(4 * CHUNK if limit is None else min(4 * CHUNK, limit - done)):
            if stop is not None and stop.is_set():
                raise DownloadStopped()
            digest.update(block)
            done += len(block)
    return done


class ParallelSha256:
    """SHA-256 computed on a helper thread while the download thread keeps receiving.

    hashlib releases the GIL for large buffers, so hashing overlaps with socket reads and
    disk writes instead of adding to them (it was a third of the time on a fast link).
    Same ``update``/``hexdigest`` surface as ``hashlib.sha256()``.
    """

    def __init__(self) -> None:
        self._digest = hashlib.sha256()
        self._queue: "queue.Queue[bytes | None]" = queue.Queue(maxsize=16)  # ≤ 16 chunks waiting
        self._thread: threading.Thread | None = None
        self._result: str | None = None

    def update(self, data: bytes) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="sha256", daemon=True)
            self._thread.start()
        self._queue.put(bytes(data))

    def _run(self) -> None:
        while (chunk := self._queue.get()) is not None:
            self._digest.update(chunk)

    def hexdigest(self) -> str:
        if self._result is None:
            if self._thread is not None:
                self._queue.put(None)
                self._thread.join()
            self._result = self._digest.hexdigest()
        return self._result


def _write_all(fd: int, data) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def download_file(url: str, dest: Path, *, size: int | None = None, sha256: str | None = None,
                  part: Path | None = None, headers: dict | None = None, repo_id: str = "",
                  progress: ProgressFn | None = None, stop: threading.Event | None = None,
                  max_retries: int = 8, retry_base_delay: float = 1.0, retry_max_delay: float = 30.0,
                  timeout: tuple[float, float] = (10.0, 30.0), session=None) -> Path:
    """Download ``url`` to ``dest`` through a resumable ``.part`` file; return ``dest``.

    ``size``/``sha256`` are what the Hub published (checked when given). If ``dest`` already
    holds exactly that file and no part exists, nothing is fetched. Raises DownloadStopped
    (``stop`` was set; part kept), DiskFullError (part kept), ChecksumMismatchError (part
    deleted), GatedRepoError / RepoNotFoundError (401/403/404), DownloadError (retries used up,
    part kept). ``progress(bytes_done, total, speed_bps, eta_s)`` comes at most 4 times a second.
    """
    import requests

    dest = Path(dest)
    part = Path(part) if part is not None else dest.with_name(dest.name + ".part")
    if sha256 and size is not None and not part.exists() and _already_there(dest, size, sha256, stop):
        return dest
    part.parent.mkdir(parents=True, exist_ok=True)
    own_session = session is None
    session = session or requests.Session()
    job = _Transfer(url, dest, part, size, repo_id, progress, stop, session, timeout,
                    {"User-Agent": f"Hearth/{hearth_version()}", "Accept-Encoding": "identity", **(headers or {})})
    try:
        job.run(max_retries, retry_base_delay, retry_max_delay)
    except DiskFullError:
        if job.pos == 0:  # refused before the first byte: leave no empty part behind
            part.unlink(missing_ok=True)
        raise
    finally:
        if own_session:
            session.close()
    if job.size is not None and job.pos != job.size:
        part.unlink(missing_ok=True)
        raise ChecksumMismatchError(Sentence(QT_TRANSLATE_NOOP(
            "model_store", "{name} arrived with the wrong size, so Hearth deleted it. Try the download again."),
            name=job.label), detail=f"expected {job.size} bytes, got {job.pos}")
    if sha256 and job.digest.hexdigest() != sha256.lower():
        part.unlink(missing_ok=True)
        raise ChecksumMismatchError(
            Sentence(QT_TRANSLATE_NOOP(
                "model_store", "{name} didn't match the checksum published on the Hugging Face Hub, so Hearth "
                "deleted it. Try the download again; if it happens again, the file on the Hub may have changed."),
                name=job.label),
            detail=f"expected sha256 {sha256}, got {job.digest.hexdigest()}")
    dest.parent.mkdir(parents=True, exist_ok=True)
    os.replace(part, dest)
    return dest


def _already_there(dest: Path, size: int, sha256: str, stop: threading.Event | None) -> bool:
    """Whether ``dest`` is already the wanted file (e.g. the app stopped between move and register)."""
    try:
        if dest.stat().st_size != size:
            return False
    except OSError:
        return False
    digest = hashlib.sha256()
    _hash_part(dest, digest, stop)
    return digest.hexdigest() == sha256.lower()


def _lock_part(fd: int, label: str) -> None:
    """Refuse to write a part another process (a second Hearth, the CLI) is writing (POSIX only)."""
    try:
        import fcntl
    except ImportError:
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise DownloadError(Sentence(QT_TRANSLATE_NOOP(
            "model_store", "{name} is already being downloaded by another Hearth window or command. "
            "Let that one finish."), name=label), detail="the .part file is locked") from None


class _Transfer:
    """The state of one ``download_file`` call: the part's descriptor, position and running hash."""

    def __init__(self, url, dest, part, size, repo_id, progress, stop, session, timeout, headers) -> None:
        self.url, self.part, self.size, self.repo_id = url, part, size, repo_id
        self.label = dest.name
        self.stop, self.session, self.timeout, self.headers = stop, session, timeout, headers
        self.digest = ParallelSha256()
        self.pos = 0
        self.meter = _Progress(progress, size)
        self.fd = -1

    def stopped(self) -> bool:
        return self.stop is not None and self.stop.is_set()

    def restart(self) -> None:
        self.pos, self.digest = 0, ParallelSha256()
        os.ftruncate(self.fd, 0)
        os.lseek(self.fd, 0, os.SEEK_SET)

    def run(self, max_retries: int, base_delay: float, max_delay: float) -> None:
        import requests
        import urllib3

        failures, last_error = 0, ""
        self.fd = os.open(self.part, os.O_WRONLY | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o644)
        try:
            _lock_part(self.fd, self.label)
            self.pos = os.fstat(self.fd).st_size
            if self.size is not None and self.pos > self.size:
                self.restart()
            if self.pos:
                self.pos = _hash_part(self.part, self.digest, self.stop, self.pos)
            if self.size is not None:
                free = shutil.disk_usage(self.part.parent).free
                if free < self.size - self.pos + FREE_MARGIN:
                    raise _disk_full(self.label, self.size - self.pos + FREE_MARGIN, free)
            os.lseek(self.fd, self.pos, os.SEEK_SET)
            while self.size is None or self.pos < self.size:
                if self.stopped():
                    raise DownloadStopped()
                if failures > max_retries:
                    raise DownloadError(Sentence(QT_TRANSLATE_NOOP(
                        "model_store", "The download of {name} keeps failing. Check your internet "
                        "connection and resume it later; what arrived so far is kept."), name=self.label),
                                        detail=last_error)
                if failures:
                    delay = min(max_delay, base_delay * 2 ** (failures - 1))
                    if self.stop is not None and self.stop.wait(delay):
                        raise DownloadStopped()
                    if self.stop is None:
                        time.sleep(delay)
                start = self.pos
                try:
                    problem = self.attempt()
                except (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError,
                        urllib3.exceptions.HTTPError) as exc:  # refused, reset, timed out, body cut short
                    problem = f"{type(exc).__name__}: {exc}"
                    log.info("download of %s interrupted at %d bytes (%s)", self.label, self.pos, problem)
                if problem is None:
                    break
                failures, last_error = (1 if self.pos > start else failures + 1), problem
            os.fsync(self.fd)
        finally:
            os.close(self.fd)
        self.meter.update(self.pos, force=True)

    def attempt(self) -> str | None:
        """One request from ``self.pos``; None when the body is complete, else why to retry."""
        headers = dict(self.headers, **({"Range": f"bytes={self.pos}-"} if self.pos else {}))
        with self.session.get(self.url, headers=headers, stream=True, timeout=self.timeout) as resp:
            status = resp.status_code
            if status == 416 and self.pos:  # the server's file is shorter than our part
                self.restart()
                return "HTTP 416 for the part's size"
            if status in (401, 403, 404) or (400 <= status < 500 and not _retryable(status)):
                raise _http_error(resp, self.repo_id, self.label, "Authorization" in self.headers)
            if status not in (200, 206):
                return f"HTTP {status}"
            length = resp.headers.get("Content-Length", "")
            if status == 206:
                m = re.fullmatch(r"bytes (\d+)-(\d+)/(\d+|\*)", resp.headers.get("Content-Range", ""))
                total = int(m.group(3)) if m and m.group(3) != "*" else None
                if not m or int(m.group(1)) != self.pos or (self.size is not None and total not in (None, self.size)):
                    log.warning("unexpected Content-Range %r for %s at %d; starting over",
                                resp.headers.get("Content-Range"), self.label, self.pos)
                    self.restart()
                    return "Content-Range mismatch"
            else:
                if self.pos:  # a 200 to a Range request: the whole file is coming, start over
                    log.info("server ignored Range for %s; starting over", self.label)
                    self.restart()
                if self.size is not None and length.isdigit() and int(length) != self.size:
                    raise DownloadError(Sentence(QT_TRANSLATE_NOOP(
                        "model_store", "{name} on the Hub is not the size its file list said. Reload "
                        "the list and try again."), name=self.label), detail=f"Content-Length {length} != {self.size}")
            if self.size is None and length.isdigit():
                self.size = self.meter.total = self.pos + int(length)
            self.receive(resp.raw)
        if self.size is not None and self.pos < self.size:
            return f"body ended at {self.pos} of {self.size}"
        return None

    def receive(self, raw) -> None:
        """Copy the body to the part: each chunk (≤ CHUNK) is written to the OS as it arrives."""
        while True:
            if self.stopped():
                raise DownloadStopped()
            data = raw.read1(CHUNK)
            if not data:
                return
            try:
                _write_all(self.fd, data)
            except OSError as exc:
                if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
                    free = shutil.disk_usage(self.part.parent).free
                    raise _disk_full(self.label, (self.size or self.pos) - self.pos + FREE_MARGIN, free,
                                     str(exc)) from None
                raise DownloadError(Sentence(QT_TRANSLATE_NOOP(
                    "model_store", "Hearth couldn't write {name} to disk. Check the models folder and "
                    "resume the download."), name=self.label), detail=str(exc)) from None
            self.digest.update(data)
            self.pos += len(data)
            self.meter.update(self.pos)


def _http_error(resp, repo_id: str, label: str, has_token: bool) -> ModelStoreError:
    code, status = resp.headers.get("X-Error-Code", ""), resp.status_code
    detail = f"HTTP {status} {code} {resp.headers.get('X-Error-Message', '')}".strip()
    if code == "GatedRepo" or (status == 403 and code != "RepoNotFound"):
        return GatedRepoError(gated_message(repo_id or label, has_token), detail=detail)
    if status in (401, 404):
        if has_token:
            return RepoNotFoundError(Sentence(QT_TRANSLATE_NOOP(
                "model_store", "{name} is no longer available on the Hugging Face Hub."), name=label), detail=detail)
        return RepoNotFoundError(Sentence(QT_TRANSLATE_NOOP(
            "model_store", "{name} is no longer available on the Hugging Face Hub. If it is a private model, "
            "paste an access token in Settings."), name=label), detail=detail)
    return DownloadError(Sentence(QT_TRANSLATE_NOOP(
        "model_store", "The Hugging Face Hub refused the download of {name}. Try again later."), name=label),
        detail=detail)
