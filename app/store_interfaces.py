"""What the Qt bridges need from the model store, as Protocols.

:class:`app.model_bridge.ModelStoreBridge` and :class:`app.quantize_bridge.QuantizeBridge`
are handed their collaborators (the Library, a Hub client factory, the download and
quantize queues, the token store, the fit estimator, the quantize module), so tests can
pass small fakes. Each Protocol lists only what a bridge calls, with the real signature of
the ``model_store`` object it stands for. Parameters a bridge passes by position are
positional-only here, so a fake may name them as it likes.

The ``model_store`` types are imported for type checking only: importing this module loads
nothing of the model store (``model_store.quantize`` in particular may be absent).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Mapping, Protocol

if TYPE_CHECKING:
    from model_store.download_jobs import DownloadJob
    from model_store.errors import QuantizeError
    from model_store.fit import FitEstimate
    from model_store.gguf_info import GGUFInfo
    from model_store.hub import HubClient, RemoteFile, SearchPage
    from model_store.quant_types import QuantType, Tensor
    from model_store.quantize import QuantizePlan
    from model_store.quantize_queue import QuantizeJob
    from model_store.library_delete import DeletePlan
    from model_store.registry import LocalModel, Registry


# -- the model store bridge ------------------------------------------------------------------


class Library(Protocol):
    """The part of ``model_store.registry.Registry`` the model store bridge uses."""

    def models(self) -> list[LocalModel]: ...

    def import_file(self, path: Path, /, *, link: bool = ...,
                    progress: Callable[[float], object] | None = ...) -> LocalModel: ...

    def find_adoptable(self) -> list[Path]: ...

    def adopt(self, paths: Iterable[Path], /) -> list[LocalModel]: ...

    def plan_delete(self, name_or_id: str, /) -> DeletePlan: ...

    def delete(self, plan: DeletePlan, /) -> int: ...


class HubSearch(Protocol):
    """The part of ``model_store.hub.HubClient`` the bridge uses (``check_access`` is optional)."""

    def search(self, query: str, /, *, sort: str = ..., page: int = ...) -> SearchPage: ...

    def list_gguf_files(self, repo_id: str, /) -> list[RemoteFile]: ...


# Makes a Hub client for a token (None: anonymous); called again when the token changes.
HubClientFactory = Callable[[str | None], HubSearch]


class HubClientMaker(Protocol):
    """``HubClient`` itself, or a ``functools.partial`` of it (another endpoint, in tests)."""

    def __call__(self, *, token: str | None) -> HubClient: ...


class DownloadJobs(Protocol):
    """The part of ``model_store.download.DownloadQueue`` the bridge uses.

    ``on_progress`` / ``on_state`` are called on the queue's threads with copies of jobs.
    """

    on_progress: Callable[[DownloadJob], None] | None
    on_state: Callable[[DownloadJob], None] | None

    def add(self, remote: RemoteFile, /) -> DownloadJob: ...

    def jobs(self) -> list[DownloadJob]: ...

    def pause(self, job_id: str, /) -> None: ...

    def resume(self, job_id: str, /) -> None: ...

    def cancel(self, job_id: str, /) -> None: ...

    def retry(self, job_id: str, /) -> None: ...

    def remove(self, job_id: str, /) -> None: ...

    def close(self) -> None: ...


class TokenStore(Protocol):
    """Where the Hugging Face token is kept: the ``model_store.credentials`` module, or a fake."""

    def save_token(self, token: str, /) -> object: ...

    def load_token(self) -> str | None: ...

    def clear_token(self) -> None: ...


class FitEstimator(Protocol):
    """``model_store.fit.estimate_fit``, or a stand-in (tests fix the available memory)."""

    def __call__(self, info: GGUFInfo | None = ..., *, file_size: int | None = ..., n_params: int | None = ...,
                 n_ctx: int = ..., kv_type: str = ...) -> FitEstimate: ...


# -- the quantize bridge ---------------------------------------------------------------------


class QuantizeJobs(Protocol):
    """The part of ``model_store.quantize_queue.QuantizeQueue`` the quantize bridge uses.

    ``on_progress`` / ``on_state`` are called on the queue's thread with copies of jobs.
    """

    on_progress: Callable[[QuantizeJob], object] | None
    on_state: Callable[[QuantizeJob], object] | None

    def add(self, plan: QuantizePlan, /) -> QuantizeJob: ...

    def jobs(self) -> list[QuantizeJob]: ...

    def cancel(self, job_id: str, /) -> None: ...

    def close(self) -> None: ...


class QuantizeAPI(Protocol):
    """The ``model_store.quantize`` module's contract names (tests pass a fake module object).

    ``read_tensors`` (path -> (every tensor, the first file's header bytes)) is optional: the
    bridge looks it up with ``getattr``.
    """

    @property
    def QUANT_TYPES(self) -> Mapping[str, QuantType]: ...

    @property
    def QuantizeError(self) -> type[QuantizeError]: ...

    def estimate_quantized_size(self, info: GGUFInfo, qtype: str, tensors: list[Tensor] | Path | None = ...,
                                header_bytes: int = ..., /) -> int: ...

    def plan_quantize(self, registry: Registry, model: LocalModel, qtype: str, /, *, allow_requantize: bool = ...,
                      output_name: str | None = ...) -> QuantizePlan: ...
