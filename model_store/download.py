"""Downloads from the Hub as jobs: ``DownloadJob`` and ``DownloadQueue`` (threads, no Qt).

The transfer itself (resume with ``Range``, retries, free-space check, SHA-256, ``os.replace``)
is ``download_file`` in :mod:`model_store.transfer`, re-exported here. ``DownloadQueue`` runs
jobs ``concurrency`` at a time and persists them in ``<models>/downloads/jobs.json`` (atomic
writes, see :mod:`model_store.download_jobs`). On construction, jobs that were queued or
running when the app stopped are queued again and resume by themselves (``auto_resume=False``
brings them back paused instead); paused jobs stay paused; failed jobs stay failed with their
error. Each start asks for the file at the hub's current endpoint (a mirror set since applies).
Only when a file (every shard of a split model) is in place is it registered with
``registry.register_download``; a cancel that lands before then wins (nothing is registered).

A jobs.json that cannot be written never stops a download: the jobs in memory stay the truth
and the next change saves them all again.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import re
import threading
import uuid
from pathlib import Path
from typing import Callable

from model_store import locations as paths
from model_store.download_jobs import STATES, DownloadJob, JobsFile, is_disk_full, storage_error
from model_store.download_names import part_path, repo_folder, safe_filename, target_path
from model_store.errors import ModelStoreError
from model_store.hub import DEFAULT_ENDPOINT, RemoteFile
from model_store.texts import QT_TRANSLATE_NOOP, Sentence
from model_store.transfer import CHUNK, FREE_MARGIN, DownloadStopped, download_file

__all__ = ["DownloadJob", "DownloadQueue", "DownloadStopped", "download_file", "part_path", "target_path",
           "safe_filename", "repo_folder", "CHUNK", "FREE_MARGIN", "STATES"]

log = logging.getLogger(__name__)

class DownloadQueue:
    """Downloads on worker threads, ``concurrency`` at a time, persisted across restarts.

    ``add``/``get``/``jobs`` return the live job objects, which the workers update in place
    (poll them; don't modify them). ``on_progress(job)`` (≤ 4/s per job) and ``on_state(job)``
    receive copies, from worker threads. ``hub`` (a HubClient, or anything with ``file_url``
    and ``auth_headers``) supplies URLs and the token header; if none is given, a HubClient
    for the current ``HF_ENDPOINT`` is made (and made again when that changes).
    """

    def __init__(self, registry, *, concurrency: int = 1, state_file: Path | None = None, hub=None,
                 auto_resume: bool = True, retry_base_delay: float = 1.0, max_retries: int = 8,
                 on_progress: Callable[[DownloadJob], None] | None = None,
                 on_state: Callable[[DownloadJob], None] | None = None) -> None:
        self.registry = registry
        self.concurrency = max(1, concurrency)
        self.state_file = Path(state_file) if state_file else paths.models_dir() / "downloads" / "jobs.json"
        self._jobs_file = JobsFile(self.state_file)
        self._hub, self._own_hub = hub, hub is None
        self.retry_base_delay, self.max_retries = retry_base_delay, max_retries
        self.on_progress, self.on_state = on_progress, on_state
        self._lock = threading.RLock()
        self._jobs: dict[str, DownloadJob] = {}
        self._workers: dict[str, threading.Thread] = {}
        self._stops: dict[str, threading.Event] = {}
        self._reasons: dict[str, str] = {}
        self._closed = False
        self._load(auto_resume)
        self._pump()

    # -- public ------------------------------------------------------------------------------

    @property
    def hub(self):
        with self._lock:
            endpoint = (os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/")
            if self._hub is None or (self._own_hub and getattr(self._hub, "endpoint", endpoint) != endpoint):
                from model_store.hub import HubClient
                self._hub = HubClient()
            return self._hub

    def add(self, remote: RemoteFile) -> DownloadJob:
        """Queue a file (an unfinished job for the same file is returned instead of a new one).

        Raises:
            DownloadError: the name is unusable, or the job could not be recorded in jobs.json
                (DiskFullError when the disk is full); nothing was queued then.
        """
        safe_filename(remote.filename)  # raises DownloadError for an unusable name
        try:
            with self._lock:
                for job in self._jobs.values():
                    if (job.repo_id, job.filename) == (remote.repo_id, remote.filename) and \
                            job.state in ("queued", "running", "paused", "verifying"):
                        return job
                job = DownloadJob(id=uuid.uuid4().hex[:12], repo_id=remote.repo_id, filename=remote.filename,
                                  url=self.hub.file_url(remote), size=remote.size, sha256=remote.sha256,
                                  revision=remote.revision, quant=remote.quant,
                                  shard_index=remote.shard_index, shard_count=remote.shard_count)
                part = part_path(job.repo_id, job.filename)
                job.bytes_done = part.stat().st_size if part.exists() else 0
                self._jobs[job.id] = job
                try:
                    self._jobs_file.write(list(self._jobs.values()))
                except OSError:
                    del self._jobs[job.id]  # a download that can't be recorded isn't started
                    raise
        except OSError as exc:
            raise storage_error(exc, self.state_file.parent) from None
        self._emit(self.on_state, dataclasses.replace(job))
        self._pump()
        return job

    def jobs(self) -> list[DownloadJob]:
        """The jobs, oldest first (live objects: see the class docstring)."""
        with self._lock:
            return list(self._jobs.values())

    def get(self, job_id: str) -> DownloadJob | None:
        with self._lock:
            return self._jobs.get(job_id)

    def pause(self, job_id: str) -> None:
        """Stop the transfer, keeping the part for ``resume``."""
        self._interrupt(job_id, "pause", ("queued", "running"), "paused")

    def cancel(self, job_id: str) -> None:
        """Stop the transfer and delete the part."""
        self._interrupt(job_id, "cancel", ("queued", "running", "paused", "failed"), "cancelled")

    def resume(self, job_id: str) -> None:
        """Queue a paused (or failed) job again; it continues from its part."""
        with self._lock:
            job = self._jobs[job_id]
            if job.state not in ("paused", "failed"):
                return
            job.state, job.error, job.detail = "queued", "", ""
        self._changed(job)
        self._pump()

    def retry(self, job_id: str) -> None:
        """Queue a failed or cancelled job again."""
        with self._lock:
            job = self._jobs[job_id]
            if job.state not in ("failed", "cancelled", "paused"):
                return
            job.state, job.error, job.detail = "queued", "", ""
        self._changed(job)
        self._pump()

    def remove(self, job_id: str) -> None:
        """Forget a finished (done, failed or cancelled) job."""
        with self._lock:
            if self._jobs.get(job_id) and self._jobs[job_id].state in ("done", "failed", "cancelled"):
                del self._jobs[job_id]
                self._save()

    def close(self, timeout: float = 10.0) -> None:
        """Stop all transfers (parts kept; running jobs resume next time) and wait for the workers."""
        with self._lock:
            self._closed = True
            for job_id, stop in self._stops.items():
                self._reasons[job_id] = "close"
                stop.set()
            workers = list(self._workers.values())
        for worker in workers:
            worker.join(timeout)
        with self._lock:
            self._save()

    # -- internals ---------------------------------------------------------------------------

    def _interrupt(self, job_id: str, reason: str, allowed: tuple, new_state: str) -> None:
        with self._lock:
            job = self._jobs[job_id]
            if job.state not in allowed:
                return
            job.state, job.speed_bps, job.eta_s = new_state, 0.0, None
            if job_id in self._stops:
                self._reasons[job_id] = reason
                self._stops[job_id].set()
            elif reason == "cancel":
                _remove_part(part_path(job.repo_id, job.filename))
                job.bytes_done = 0
        self._changed(job)

    def _pump(self) -> None:
        with self._lock:
            if self._closed:
                return
            for job in self._jobs.values():
                if len(self._workers) >= self.concurrency:
                    break
                if job.state == "queued" and job.id not in self._workers:
                    stop = threading.Event()
                    self._stops[job.id] = stop
                    worker = threading.Thread(target=self._run, args=(job, stop), daemon=True,
                                              name=f"download-{job.id}")
                    self._workers[job.id] = worker
                    job.state = "running"
                    worker.start()

    def _run(self, job: DownloadJob, stop: threading.Event) -> None:
        self._changed(job)
        part, reason = part_path(job.repo_id, job.filename), None
        try:
            url = self._url(job)
            with self._lock:
                job.url = url
            target = target_path(job.repo_id, job.filename)
            before = _identity(target)
            dest = download_file(url, target, size=job.size,
                                 sha256=job.sha256, part=part, headers=self.hub.auth_headers(),
                                 repo_id=job.repo_id, progress=lambda *a: self._progress(job, stop, *a),
                                 stop=stop, retry_base_delay=self.retry_base_delay, max_retries=self.max_retries)
            with self._lock:  # the point of no return: from "verifying" on, cancel is refused
                cancelled = self._reasons.get(job.id) == "cancel"
                if not cancelled:
                    job.state = "verifying"
            if cancelled:  # it came after the last byte: what this run put in place goes again
                if _identity(dest) != before:
                    dest.unlink(missing_ok=True)
                raise DownloadStopped()
            self._changed(job)
            try:
                self._register(job, dest)
            except ModelStoreError:
                dest.unlink(missing_ok=True)  # verified bytes, but not a usable model: never leave it listed
                raise
            with self._lock:
                job.state, job.dest, job.bytes_done, job.speed_bps, job.eta_s = "done", dest, job.size, 0.0, 0.0
        except DownloadStopped:
            with self._lock:
                reason = self._reasons.pop(job.id, "pause")
                if reason == "cancel":
                    _remove_part(part)
                    job.bytes_done = 0
                else:
                    job.bytes_done = part.stat().st_size if part.exists() else 0
                if reason == "pause" and job.state == "running":
                    job.state = "paused"
        except ModelStoreError as exc:
            self._fail(job, exc.message, exc.detail)
        except OSError as exc:
            log.warning("download %s could not write its file: %s", job.id, exc)
            name = job.filename.rsplit("/", 1)[-1]
            if is_disk_full(exc):
                self._fail(job, Sentence(QT_TRANSLATE_NOOP(
                    "model_store", "There is no free disk space left for {name}. Free some space, then resume "
                    "the download."), name=name), str(exc))
            else:
                self._fail(job, Sentence(QT_TRANSLATE_NOOP(
                    "model_store", "Hearth couldn't write {name} to disk. Check the models folder, then resume "
                    "the download."), name=name), str(exc))
        except Exception as exc:  # noqa: BLE001 - a worker must report, never die silently
            log.exception("download %s failed", job.id)
            self._fail(job, Sentence(QT_TRANSLATE_NOOP(
                "model_store", "The download failed unexpectedly. Try again; if it keeps failing, see the "
                "log for details.")), f"{type(exc).__name__}: {exc}")
        finally:
            with self._lock:
                self._workers.pop(job.id, None)
                self._stops.pop(job.id, None)
                self._reasons.pop(job.id, None)
        if reason != "close":
            self._changed(job)
            self._pump()

    def _fail(self, job: DownloadJob, message: str, detail: str) -> None:
        part = part_path(job.repo_id, job.filename)
        with self._lock:
            job.state, job.error, job.detail, job.speed_bps, job.eta_s = "failed", message, detail, 0.0, None
            job.bytes_done = part.stat().st_size if part.exists() else 0

    def _url(self, job: DownloadJob) -> str:
        """Where to ask for the job's file now: never the URL saved when it first started."""
        return self.hub.file_url(RemoteFile(
            repo_id=job.repo_id, filename=job.filename, size=job.size, sha256=job.sha256, quant=job.quant,
            revision=job.revision, shard_index=job.shard_index, shard_count=job.shard_count))

    def _register(self, job: DownloadJob, dest: Path) -> None:
        """Register the model once every shard of it is in place (a single file: at once)."""
        if self.registry is None:
            return
        filename, sha256 = job.filename, job.sha256
        if job.shard_count > 1:
            names = [_shard_name(job.filename, i) for i in range(1, job.shard_count + 1)]
            if not all(target_path(job.repo_id, n).exists() for n in names):
                return
            filename, dest = names[0], target_path(job.repo_id, names[0])
            with self._lock:
                first = [j for j in self._jobs.values() if (j.repo_id, j.filename) == (job.repo_id, filename)]
            sha256 = first[0].sha256 if first else None
        self.registry.register_download(dest, repo=job.repo_id, filename=filename, sha256=sha256)

    def _progress(self, job: DownloadJob, stop: threading.Event, done: int, total: int, speed: float,
                  eta: float | None) -> None:
        if stop.is_set():
            return
        with self._lock:
            job.bytes_done, job.speed_bps, job.eta_s = done, speed, eta
            snapshot = dataclasses.replace(job)
        self._emit(self.on_progress, snapshot)

    def _changed(self, job: DownloadJob) -> None:
        """Save every job (a failure is logged, never raised) and report this one's state."""
        with self._lock:
            self._save()
            snapshot = dataclasses.replace(job)
        self._emit(self.on_state, snapshot)

    def _emit(self, callback, snapshot: DownloadJob) -> None:
        if callback is None:
            return
        try:
            callback(snapshot)
        except Exception:  # noqa: BLE001 - a broken listener must not break the download
            log.exception("download callback failed")

    def _save(self) -> None:
        self._jobs_file.save(list(self._jobs.values()))

    def _load(self, auto_resume: bool) -> None:
        for job in self._jobs_file.read():
            if job.state in ("queued", "running", "verifying"):
                job.state = "queued" if auto_resume else "paused"
            if job.state not in STATES:
                job.state = "paused"
            part = part_path(job.repo_id, job.filename)
            if job.state != "done":
                job.bytes_done = part.stat().st_size if part.exists() else 0
            job.speed_bps, job.eta_s = 0.0, None
            self._jobs[job.id] = job


def _remove_part(part: Path) -> None:
    """Delete a cancelled download's part; one that cannot be deleted (a read-only folder, a
    file another program holds on Windows) is left: a later download of the same file continues
    from it and verifies it as usual."""
    try:
        part.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("could not delete %s: %s", part, exc)


def _identity(path: Path) -> tuple | None:
    """Which file is at ``path`` (None: none), to tell a file just moved there from one already there."""
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns


def _shard_name(filename: str, index: int) -> str:
    return re.sub(r"-\d{5}-of-(\d{5})\.gguf$", rf"-{index:05d}-of-\1.gguf", filename, flags=re.IGNORECASE)
