"""Small stand-ins for the model store, named as in docs/model-manager.md, for the GUI tests.

``FakeRegistry``, ``FakeHubClient`` and ``FakeDownloadQueue`` have the contract's methods and
callbacks and return the real dataclasses (LocalModel, DeletePlan, RepoSummary, RemoteFile,
SearchPage, DownloadJob, GGUFInfo). Every call is recorded in ``calls``.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any, Callable

from model_store.download import DownloadJob
from model_store.errors import GatedRepoError, HubUnreachableError, RegistryError
from model_store.gguf_info import GGUFInfo
from model_store.hub import RemoteFile, RepoSummary, SearchPage
from model_store.registry import DeletePlan, LocalModel

__all__ = ["DownloadJob", "RemoteFile", "RepoSummary", "SearchPage", "DeletePlan", "LocalModel", "GIB",
           "make_info", "make_model", "FakeRegistry", "FakeHubClient", "FakeHubFactory", "FakeCredentials",
           "FakeDownloadQueue", "gated", "unreachable"]

GIB = 1024**3


def make_info(name: str = "Tiny", n_params: int = 1_000_000_000, bits: float = 4.5, **kw: Any) -> GGUFInfo:
    """A GGUFInfo with a plausible 8-layer, 2048-wide shape (file size = params × bits / 8)."""
    values = dict(architecture="llama", name=name, n_params=n_params, quant_type="Q4_K_M",
                  bits_per_weight=bits, file_size=int(n_params * bits / 8), context_length=8192,
                  n_layers=8, n_embd=2048, n_head=16, n_head_kv=4, head_dim_k=128, head_dim_v=128,
                  has_chat_template=True, license="apache-2.0", n_tensors=100, shards=(f"{name}.gguf",))
    values.update(kw)
    return GGUFInfo(**values)


def make_model(name: str, folder: Path, *, owned: bool = True, source: str = "import", missing: bool = False,
               info: GGUFInfo | None = None, repo: str = "", filename: str = "",
               path: Path | None = None) -> LocalModel:
    path = path or folder / f"{name}.gguf"
    if not missing and not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"GGUF")
    kwargs: dict[str, Any] = dict(id=name.lower(), name=name, path=path, files=(path,), owned=owned,
                                  source=source, source_repo=repo, source_file=filename, sha256="ab" * 32,
                                  added_at="2023-11-14T22:13:20Z", info=info or make_info(name), provenance={},
                                  missing=missing)
    return LocalModel(**kwargs)


class FakeRegistry:
    """The Library in memory."""

    def __init__(self, folder: Path, models: list[LocalModel] | None = None) -> None:
        self.folder = folder
        self._models = list(models or [])
        self.adoptable: list[Path] = []
        self.calls: list[tuple] = []
        self.fail_import: str = ""

    def models(self) -> list[LocalModel]:
        return list(self._models)

    def get(self, name_or_id: str) -> LocalModel | None:
        return next((m for m in self._models if name_or_id in (m.id, m.name)), None)

    def import_file(self, path: Path, *, link: bool = False, progress: Callable | None = None) -> LocalModel:
        self.calls.append(("import_file", Path(path), link))
        if self.fail_import:
            raise RegistryError(self.fail_import)
        if progress is not None:
            for i in range(1, 201):
                progress(i / 200)
        model = make_model(Path(path).stem, self.folder, owned=not link, source="link" if link else "import")
        self._models.append(model)
        return model

    def register_download(self, path: Path, *, repo: str, filename: str, sha256: str) -> LocalModel:
        model = make_model(Path(filename).stem, self.folder, owned=True, source="download", repo=repo,
                           filename=filename)
        self._models.append(model)
        return model

    def find_adoptable(self) -> list[Path]:
        self.calls.append(("find_adoptable",))
        return list(self.adoptable)

    def adopt(self, paths: list[Path]) -> list[LocalModel]:
        self.calls.append(("adopt", list(paths)))
        adopted = [make_model(Path(p).stem, self.folder, owned=False, source="huggingface-cache", path=Path(p))
                   for p in paths]
        self._models.extend(adopted)
        return adopted

    def plan_delete(self, name_or_id: str) -> DeletePlan:
        self.calls.append(("plan_delete", name_or_id))
        model = self.get(name_or_id)
        if model is None:
            raise RegistryError(f"No model called {name_or_id} in the Library.")
        files = list(model.files)
        delete, keep = (files, []) if model.owned else ([], files)
        size = model.info.file_size if model.info else 0
        return DeletePlan(model=model, delete=delete, keep=keep, bytes_freed=size if model.owned else 0)

    def delete(self, plan: DeletePlan) -> int:
        self.calls.append(("delete", plan.model.id))
        self._models = [m for m in self._models if m.id != plan.model.id]
        return plan.bytes_freed


class FakeHubClient:
    """A scripted Hub: ``pages[(query, sort, page)]``, ``files[repo_id]``, ``errors[key]``.

    ``gates[key]`` (a threading.Event) holds a call until set, to script answer order.
    """

    def __init__(self, token: str | None = None) -> None:
        self.token = token
        self.pages: dict[tuple[str, str, int], SearchPage] = {}
        self.files: dict[str, list[RemoteFile]] = {}
        self.errors: dict[Any, Exception] = {}
        self.gates: dict[Any, threading.Event] = {}
        self.calls: list[tuple] = []

    def _wait(self, key: Any) -> None:
        gate = self.gates.get(key)
        if gate is not None:
            gate.wait(10)
        if key in self.errors:
            raise self.errors[key]

    def search(self, query: str, sort: str = "downloads", limit: int = 20, page: int = 0) -> SearchPage:
        self.calls.append(("search", query, sort, page))
        self._wait((query, sort, page))
        return self.pages.get((query, sort, page), SearchPage(repos=[], has_more=False))

    def list_gguf_files(self, repo_id: str, revision: str = "main") -> list[RemoteFile]:
        self.calls.append(("list_gguf_files", repo_id))
        self._wait(repo_id)
        if repo_id in self.errors:
            raise self.errors[repo_id]
        return list(self.files.get(repo_id, []))


class FakeHubFactory:
    """``factory(token)`` returning one shared FakeHubClient (the token is recorded on it)."""

    def __init__(self) -> None:
        self.client = FakeHubClient()
        self.tokens: list[str | None] = []

    def __call__(self, token: str | None) -> FakeHubClient:
        self.tokens.append(token)
        self.client.token = token
        return self.client


class FakeCredentials:
    def __init__(self) -> None:
        self.token: str | None = None

    def save_token(self, token: str) -> None:
        self.token = token

    def load_token(self) -> str | None:
        return self.token

    def clear_token(self) -> None:
        self.token = None


class FakeDownloadQueue:
    """Jobs in memory; ``emit_progress``/``set_state`` call the callbacks from another thread."""

    def __init__(self, registry: FakeRegistry | None = None) -> None:
        self.registry = registry
        self._jobs: dict[str, DownloadJob] = {}
        self.on_progress: Callable[[DownloadJob], None] | None = None
        self.on_state: Callable[[DownloadJob], None] | None = None
        self.calls: list[tuple] = []
        self.closed = False

    def add(self, remote: RemoteFile) -> DownloadJob:
        self.calls.append(("add", remote.repo_id, remote.filename))
        job_id = f"job{len(self._jobs) + 1}"
        kwargs = dict(id=job_id, repo_id=remote.repo_id, filename=remote.filename,
                      url=f"https://hub.invalid/{remote.repo_id}/{remote.filename}", size=remote.size,
                      sha256=remote.sha256, state="queued", bytes_done=0, speed_bps=0.0, eta_s=None,
                      error="", dest=None)
        job = DownloadJob(**kwargs)
        self._jobs[job_id] = job
        return job

    def jobs(self) -> list[DownloadJob]:
        return list(self._jobs.values())

    def pause(self, job_id: str) -> None:
        self.calls.append(("pause", job_id))

    def resume(self, job_id: str) -> None:
        self.calls.append(("resume", job_id))

    def cancel(self, job_id: str) -> None:
        self.calls.append(("cancel", job_id))

    def retry(self, job_id: str) -> None:
        self.calls.append(("retry", job_id))

    def remove(self, job_id: str) -> None:
        self.calls.append(("remove", job_id))
        self._jobs.pop(job_id, None)

    def close(self) -> None:
        self.closed = True

    def _in_thread(self, fn: Callable[[], None]) -> None:
        thread = threading.Thread(target=fn)
        thread.start()
        thread.join()

    def emit_progress(self, job_id: str, steps: list[int], pause_s: float = 0.0) -> None:
        """Report these byte counts for a running job, from a worker thread."""
        def run() -> None:
            job = self._jobs[job_id]
            job.state = "running"
            for done in steps:
                job.bytes_done = done
                job.speed_bps = 2 * 1024**2
                job.eta_s = (job.size - done) / job.speed_bps
                if self.on_progress is not None:
                    self.on_progress(job)
                if pause_s:
                    time.sleep(pause_s)
        self._in_thread(run)

    def set_state(self, job_id: str, state: str, error: str = "") -> None:
        """Change a job's state from a worker thread (done: registers the file)."""
        def run() -> None:
            job = self._jobs[job_id]
            job.state = state
            job.error = error
            if state == "done":
                job.bytes_done = job.size
                if self.registry is not None:
                    self.registry.register_download(Path(job.filename), repo=job.repo_id,
                                                    filename=job.filename, sha256=job.sha256)
            if self.on_state is not None:
                self.on_state(job)
        self._in_thread(run)


def gated(repo: str) -> GatedRepoError:
    return GatedRepoError(f"{repo} is gated: request access on its Hugging Face page, then enter an "
                          "access token here.")


def unreachable() -> HubUnreachableError:
    return HubUnreachableError("Hearth could not reach Hugging Face. Check your internet connection, "
                               "then try again.")
