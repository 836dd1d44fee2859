"""The download queue's records: ``DownloadJob`` and ``JobsFile`` (``jobs.json``), no threads.

``JobsFile.save`` replaces the file atomically and never raises: a failed write (disk full, a
read-only folder) is logged, the caller's in-memory jobs stay the truth, and the next save
writes them all again. ``JobsFile.write`` is the same write for callers that must know
(``DownloadQueue.add`` refuses a download it could not record); ``storage_error`` turns its
``OSError`` into a sentence. Old files, including ones whose jobs carry a ``url``, are read.
"""

from __future__ import annotations

import dataclasses
import errno
import json
import logging
from pathlib import Path

from model_store.atomic import write_atomic
from model_store.errors import DiskFullError, DownloadError
from model_store.texts import QT_TRANSLATE_NOOP, Sentence

log = logging.getLogger(__name__)

STATES = ("queued", "running", "paused", "verifying", "done", "failed", "cancelled")
_NO_SPACE = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))


@dataclasses.dataclass
class DownloadJob:
    """One file to download. ``dest`` is set once the file is in place; ``error`` is a sentence.

    ``url`` is where the bytes were last asked for; it is rebuilt from ``repo_id``,
    ``revision`` and ``filename`` (and the current endpoint) every time the job starts.
    """

    id: str
    repo_id: str
    filename: str
    url: str
    size: int
    sha256: str | None
    state: str = "queued"
    bytes_done: int = 0
    speed_bps: float = 0.0
    eta_s: float | None = None
    error: str = ""
    dest: Path | None = None
    revision: str = "main"
    detail: str = ""
    quant: str = "other"
    shard_index: int = 1
    shard_count: int = 1

    @property
    def fraction(self) -> float:
        return self.bytes_done / self.size if self.size else 0.0

    def to_dict(self) -> dict:
        data = dataclasses.asdict(self)
        data["dest"] = str(self.dest) if self.dest else None
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "DownloadJob":
        names = {f.name for f in dataclasses.fields(cls)}
        job = cls(**{"url": "", **{k: v for k, v in data.items() if k in names}})
        job.dest = Path(job.dest) if job.dest else None
        return job


def is_disk_full(exc: OSError) -> bool:
    return exc.errno in _NO_SPACE


def storage_error(exc: OSError, folder: Path) -> DownloadError:
    """The sentence for a download that could not be recorded or written in ``folder``."""
    if is_disk_full(exc):
        return DiskFullError(Sentence(QT_TRANSLATE_NOOP(
            "model_store", "There is no free disk space left in {folder}, so Hearth can't download there. "
            "Free some disk space, then try again."), folder=str(folder)), detail=str(exc))
    return DownloadError(Sentence(QT_TRANSLATE_NOOP(
        "model_store", "Hearth couldn't write to {folder}, so it can't download there. Check that the "
        "folder exists and that you may write to it, then try again."), folder=str(folder)), detail=str(exc))


class JobsFile:
    """``jobs.json`` at ``path``: every job of a queue, as version-1 JSON."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.failing = False

    def write(self, jobs: list[DownloadJob]) -> None:
        """Replace the file with ``jobs``. Raises OSError (the old file is then untouched)."""
        data = {"version": 1, "jobs": [j.to_dict() for j in jobs]}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path, json.dumps(data, indent=1).encode("utf-8"))
        if self.failing:
            log.info("saved %s again", self.path)
            self.failing = False

    def save(self, jobs: list[DownloadJob]) -> bool:
        """``write``, logging a failure instead of raising it; False when the file is stale."""
        try:
            self.write(jobs)
        except OSError as exc:
            # Each state change rewrites every job, so the next one that succeeds catches up.
            (log.debug if self.failing else log.warning)("could not save %s: %s", self.path, exc)
            self.failing = True
            return False
        return True

    def read(self) -> list[DownloadJob]:
        """The saved jobs (none when the file is missing or unreadable, which is logged)."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return [DownloadJob.from_dict(d) for d in data.get("jobs", [])]
        except FileNotFoundError:
            return []
        except (OSError, ValueError, TypeError, AttributeError) as exc:
            log.warning("ignoring unreadable %s: %s", self.path, exc)
            return []
