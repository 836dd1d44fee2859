"""The model store seen from Qt: Hub calls and imports off the GUI thread, downloads as signals.

``ModelStoreBridge`` lives on the GUI thread and owns a Registry, a HubClient (built on
demand by a factory, so a new token takes effect) and a DownloadQueue. Slow work (Hub
searches, file listings, imports, adopting) runs as ``QRunnable`` s on the bridge's own
``QThreadPool`` and comes back as queued signals. Each search and file listing gets a
request id; only the newest request of each kind is reported, so a slow answer to an
old query never replaces a newer one.

The DownloadQueue calls ``on_progress`` / ``on_state`` on its own threads; the bridge
copies the job there and re-emits it through a private signal, which Qt queues to the
GUI thread. Progress reaches the GUI at most ~4 times a second per job; the last value
is never lost (a state change supersedes pending progress). The task and throttling
plumbing lives in :mod:`app.model_tasks`.
"""

from __future__ import annotations

import copy
import itertools
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, cast

from PySide6.QtCore import QObject, QThreadPool, Signal, Slot

from app.engine.errors import HearthError
# Re-exported: ``from app.model_bridge import error_kind`` keeps working.
from app.model_tasks import (PROGRESS_INTERVAL_S, JobProgressThrottle, ModelTask,  # noqa: F401
                             emit_safely, error_kind)
from app.store_interfaces import (DownloadJobs, FitEstimator, HubClientFactory, HubClientMaker, HubSearch,
                                  Library, TokenStore)

if TYPE_CHECKING:
    from model_store.download_jobs import DownloadJob
    from model_store.fit import FitEstimate
    from model_store.gguf_info import GGUFInfo
    from model_store.hub import HubClient, RemoteFile
    from model_store.library_delete import DeletePlan
    from model_store.registry import LocalModel
    from model_store.speed import SpeedEstimate

log = logging.getLogger(__name__)


class SharedHub:
    """Makes HubClients and remembers the newest, so the download queue uses the current token.

    The bridge gets ``make`` as its client factory; the DownloadQueue gets this object as its
    ``hub`` (it only asks for ``file_url`` and ``auth_headers``).
    """

    def __init__(self, client_class: HubClientMaker) -> None:
        self._class = client_class
        self._current: HubClient | None = None

    def make(self, token: str | None) -> HubClient:
        self._current = self._class(token=token)
        return self._current

    def _client(self) -> HubClient:
        return self._current if self._current is not None else self.make(None)

    def file_url(self, remote: RemoteFile) -> str:
        return self._client().file_url(remote)

    def auth_headers(self) -> dict[str, str]:
        return self._client().auth_headers()


class ModelStoreBridge(QObject):
    """The GUI's handle on the Library, the Hub and the download queue.

    Signals:
        libraryChanged(): the Library's models changed (import, adopt, delete, download done).
        downloadProgress(object): a copy of a running DownloadJob (≤ ~4/s per job).
        downloadState(object): a copy of a DownloadJob whose state changed (or was added).
        searchDone(int, object): request id, SearchPage.
        searchFailed(int, str, str): request id, a sentence, and the kind of failure
            ("unreachable", "gated", "not-found", "error"); slots may take just (int, str).
        filesDone(int, object): request id, list[RemoteFile].
        filesFailed(int, str, str): request id, a sentence, the kind (as for searchFailed).
        importProgress(float): 0..1 while an import copies (at most every 1%).
        importDone(object): the LocalModel imported.
        importFailed(str): a sentence (imports and adopting).
        adoptableFound(object): list[Path] found by :meth:`find_adoptable`.
        adoptDone(object): list[LocalModel] adopted.
    """

    # What each ``object`` carries is listed in the class docstring.
    libraryChanged = Signal()
    downloadProgress = Signal(object)
    downloadState = Signal(object)
    searchDone = Signal(int, object)
    searchFailed = Signal(int, object, str)  # request id, a sentence (see model_store.texts), kind
    filesDone = Signal(int, object)
    filesFailed = Signal(int, object, str)
    importProgress = Signal(float)
    importDone = Signal(object)
    importFailed = Signal(object)
    adoptableFound = Signal(object)
    adoptDone = Signal(object)

    _done = Signal(str, int, object)  # kind, request id, the task's result (what it is depends on the kind)
    _failed = Signal(str, int, object, str)  # kind, request id, a sentence, the kind of failure
    _progressIn = Signal(object)  # a DownloadJob copied on a queue thread
    _stateIn = Signal(object)  # a DownloadJob copied on a queue thread
    _importProgressIn = Signal(float)

    def __init__(self, registry: Library, hub_client_factory: HubClientFactory, download_queue: DownloadJobs,
                 *, estimate_fit: FitEstimator | None = None, credentials: TokenStore | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.registry = registry
        self.queue = download_queue
        self._hub_factory = hub_client_factory
        self._hub: HubSearch | None = None
        self._estimate_fit = estimate_fit
        self._credentials = credentials
        self._token: str | None = None
        self._token_loaded = False
        self._ids = itertools.count(1)
        self._latest: dict[str, int] = {}
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(4)
        self._progress = JobProgressThrottle(self.downloadProgress.emit, self)
        self._done.connect(self._on_done)
        self._failed.connect(self._on_failed)
        self._progressIn.connect(self._on_progress_in)
        self._stateIn.connect(self._on_state_in)
        self._importProgressIn.connect(self._on_import_progress_in)
        download_queue.on_progress = self._queue_progress
        download_queue.on_state = self._queue_state

    @classmethod
    def create(cls, parent: QObject | None = None) -> "ModelStoreBridge":
        """The bridge on the real Library, Hub client and download queue (for the app)."""
        from model_store import credentials
        from model_store.download import DownloadQueue
        from model_store.hub import HubClient
        from model_store.registry import Registry

        registry = Registry.shared()
        hub = SharedHub(HubClient)
        return cls(registry, hub.make, DownloadQueue(registry, hub=hub), credentials=credentials, parent=parent)

    # -- Library ---------------------------------------------------------------------------

    def models(self) -> list[LocalModel]:
        """The Library's models (the registry is fast enough to ask on the GUI thread)."""
        return list(self.registry.models())

    def import_file(self, path: str | Path, link: bool = False) -> None:
        """Copy (or link) a GGUF file into the Library; reports importProgress, importDone / importFailed."""
        last = [-1.0]

        def progress(fraction: float) -> None:  # on the pool thread: the private signal is queued
            if fraction >= 1.0 or fraction - last[0] >= 0.01:
                last[0] = fraction
                self._importProgressIn.emit(float(fraction))

        self._start("import", 0, lambda: self.registry.import_file(Path(path), link=link, progress=progress))

    def find_adoptable(self) -> None:
        """Look for GGUF files in the Hugging Face cache and LM Studio; reports adoptableFound."""
        self._start("find-adoptable", 0, self.registry.find_adoptable)

    def adopt(self, paths: list[Path]) -> None:
        """Link these files in place (not owned); reports adoptDone / importFailed."""
        chosen = [Path(p) for p in paths]
        self._start("adopt", 0, lambda: self.registry.adopt(chosen))

    def adopt_existing(self) -> None:
        """Find adoptable files and adopt them all at once; reports adoptDone / importFailed."""
        self._start("adopt", 0, lambda: self.registry.adopt(self.registry.find_adoptable()))

    def plan_delete(self, model_id: str) -> DeletePlan:
        """What deleting a model would remove and keep (a DeletePlan); may raise ModelStoreError."""
        return self.registry.plan_delete(model_id)

    def delete(self, plan: DeletePlan) -> int:
        """Carry out a DeletePlan (only owned files go); returns bytes freed."""
        try:
            return int(self.registry.delete(plan) or 0)
        finally:
            self.libraryChanged.emit()

    # -- fit -------------------------------------------------------------------------------

    def estimate_fit(self, info: GGUFInfo | None = None, *, file_size: int | None = None,
                     n_params: int | None = None, n_ctx: int = 4096, kv_type: str = "f16") -> FitEstimate | None:
        """A FitEstimate (``model_store.fit.estimate_fit``), or None when it cannot be worked out."""
        fit = self._estimate_fit
        if fit is None:
            from model_store.fit import estimate_fit
            fit = estimate_fit
        try:
            if info is not None:
                return fit(info, n_ctx=n_ctx, kv_type=kv_type)
            return fit(file_size=file_size, n_params=n_params, n_ctx=n_ctx, kv_type=kv_type)
        except (HearthError, ValueError, TypeError, ZeroDivisionError) as exc:
            log.debug("no fit estimate: %r", exc)
            return None

    def estimate_speed(self, info: GGUFInfo | None = None, *, name: str = "", file_size: int | None = None,
                       n_params: int | None = None, quant: str = "", n_ctx: int = 4096) -> SpeedEstimate | None:
        """A SpeedEstimate for a local file's header or a remote file's size and name, or None."""
        from app import machine_speed

        try:
            # Never measure on the GUI thread: the app measures once at start-up (and on "Measure
            # again"); until then the estimate says it is rough.
            if info is not None:
                return machine_speed.for_info(info, name, n_ctx=n_ctx, measure=False)
            if not file_size:
                return None
            return machine_speed.for_file(file_size, name, n_params, n_ctx=n_ctx, quant=quant, measure=False)
        except (HearthError, ValueError, TypeError, ZeroDivisionError, OSError) as exc:
            log.debug("no speed estimate: %r", exc)
            return None

    # -- Hub -------------------------------------------------------------------------------

    def search(self, query: str, sort: str = "downloads", page: int = 0) -> int:
        """Search the Hub for GGUF repositories; returns the request id for searchDone/searchFailed."""
        request_id = next(self._ids)
        self._latest["search"] = request_id
        client = self._client()
        self._start("search", request_id, lambda: client.search(query, sort=sort, page=page))
        return request_id

    def list_files(self, repo_id: str, check_access: bool = False) -> int:
        """List a repository's GGUF files; returns the request id for filesDone/filesFailed.

        ``check_access`` (for gated or private repositories) also asks whether the first file
        may be downloaded, so a missing token or licence shows up now rather than mid-download.
        """
        request_id = next(self._ids)
        self._latest["files"] = request_id
        client = self._client()

        def run() -> list[RemoteFile]:
            files = client.list_gguf_files(repo_id)
            if check_access and files and hasattr(client, "check_access"):
                client.check_access(files[0])
            return files

        self._start("files", request_id, run)
        return request_id

    def set_token(self, token: str | None) -> None:
        """Remember a Hugging Face access token (empty: forget it); later Hub calls use it."""
        token = (token or "").strip() or None
        creds = self._creds()
        if token is None:
            creds.clear_token()
        else:
            creds.save_token(token)
        self._token, self._token_loaded = token, True
        self._hub = self._hub_factory(token)  # now, so downloads retried after this use it too

    # -- downloads -------------------------------------------------------------------------

    def download(self, remote: RemoteFile) -> DownloadJob:
        """Queue a RemoteFile; returns its DownloadJob. May raise ModelStoreError (disk full…)."""
        job = self.queue.add(remote)
        self.downloadState.emit(copy.copy(job))
        return job

    def jobs(self) -> list[DownloadJob]:
        """Copies of every job the queue knows (also those restored from an earlier run)."""
        return [copy.copy(job) for job in self.queue.jobs()]

    def pause(self, job_id: str) -> None:
        self.queue.pause(job_id)

    def resume(self, job_id: str) -> None:
        self.queue.resume(job_id)

    def cancel(self, job_id: str) -> None:
        self.queue.cancel(job_id)

    def retry(self, job_id: str) -> None:
        self.queue.retry(job_id)

    def remove(self, job_id: str) -> None:
        """Forget a finished, failed or cancelled job (its row goes away)."""
        self.queue.remove(job_id)

    def download_statuses(self, repo_id: str) -> dict[str, str]:
        """Filename → "downloaded" (in the Library) or "queued" (a job not yet done) for a repository."""
        found: dict[str, str] = {}
        for job in self.queue.jobs():
            if job.repo_id == repo_id and job.state in ("queued", "running", "paused", "verifying"):
                found[job.filename] = "queued"
        for model in self.models():
            if getattr(model, "source_repo", None) == repo_id and getattr(model, "source_file", None):
                found[model.source_file] = "downloaded"
        return found

    # -- shutdown --------------------------------------------------------------------------

    def shutdown(self, timeout_ms: int = 5000, close_queue: bool = True) -> None:
        """Stop reporting, wait for pool work, and close the download queue (it keeps its jobs)."""
        self.queue.on_progress = None
        self.queue.on_state = None
        self._progress.stop()
        self._pool.clear()
        self._pool.waitForDone(timeout_ms)
        if close_queue:
            self.queue.close()

    # -- internals -------------------------------------------------------------------------

    def _creds(self) -> TokenStore:
        if self._credentials is None:
            from model_store import credentials
            self._credentials = credentials
        return self._credentials

    def _load_token(self) -> str | None:
        if not self._token_loaded:
            self._token = self._creds().load_token() or None
            self._token_loaded = True
        return self._token

    def _client(self) -> HubSearch:
        hub = self._hub
        if hub is None:
            hub = self._hub = self._hub_factory(self._load_token())
        return hub

    def _start(self, kind: str, request_id: int, fn: Callable[[], object]) -> None:
        self._pool.start(ModelTask(self._done, self._failed, kind, request_id, fn))

    @Slot(str, int, object)
    def _on_done(self, kind: str, request_id: int, result: object) -> None:
        # ``result`` is what the kind's task returned: a SearchPage ("search"), list[RemoteFile]
        # ("files"), a LocalModel ("import"), list[Path] ("find-adoptable"), list[LocalModel] ("adopt").
        if kind == "search" and request_id == self._latest.get("search"):
            self.searchDone.emit(request_id, result)
        elif kind == "files" and request_id == self._latest.get("files"):
            self.filesDone.emit(request_id, result)
        elif kind == "import":
            self.libraryChanged.emit()
            self.importDone.emit(result)
        elif kind == "find-adoptable":
            self.adoptableFound.emit(list(cast("Iterable[Path]", result)))
        elif kind == "adopt":
            self.libraryChanged.emit()
            self.adoptDone.emit(list(cast("Iterable[LocalModel]", result)))

    @Slot(str, int, object, str)
    def _on_failed(self, kind: str, request_id: int, message: str, what: str) -> None:
        if kind == "search" and request_id == self._latest.get("search"):
            self.searchFailed.emit(request_id, message, what)
        elif kind == "files" and request_id == self._latest.get("files"):
            self.filesFailed.emit(request_id, message, what)
        elif kind in ("import", "adopt", "find-adoptable"):
            self.importFailed.emit(message)

    @Slot(float)
    def _on_import_progress_in(self, fraction: float) -> None:
        self.importProgress.emit(fraction)

    # Called on the download queue's threads: copy the job there, let Qt queue the signal.
    def _queue_progress(self, job: DownloadJob) -> None:
        emit_safely(self._progressIn, copy.copy(job))

    def _queue_state(self, job: DownloadJob) -> None:
        emit_safely(self._stateIn, copy.copy(job))

    @Slot(object)
    def _on_progress_in(self, job: DownloadJob) -> None:
        self._progress.offer(job)

    @Slot(object)
    def _on_state_in(self, job: DownloadJob) -> None:
        self._progress.forget(job.id)  # the state change carries the newest numbers
        self.downloadState.emit(job)
        if job.state == "done":
            self.libraryChanged.emit()
