"""The Hugging Face Hub, through huggingface_hub: search GGUF repos and list their files.

``HubClient`` talks to the endpoint given, else ``HF_ENDPOINT``, else huggingface.co, using
huggingface_hub's HTTP session, its error classification (``hf_raise_for_status``) and its
data classes (``ModelInfo``, ``RepoFile``). It sends the requests itself rather than through
``HfApi.list_models``/``list_repo_tree`` because those retry a refused connection for ~25 s
and add telemetry to the User-Agent: an offline desktop app must say "can't reach the Hub"
at once. Paging follows the Hub's ``Link`` cursors, cached per query so "next page" is one
request. Every failure becomes a :class:`~model_store.errors.HubError` with a sentence.

The token (``credentials.load_token()`` unless given) is sent only as an ``Authorization``
header; it never appears in ``repr``, logs or error messages.
"""

from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from model_store.locations import hearth_version
from model_store import credentials
from model_store.errors import GatedRepoError, HubError, HubUnreachableError, RepoNotFoundError
from model_store.texts import QT_TRANSLATE_NOOP, Sentence

DEFAULT_ENDPOINT = "https://huggingface.co"
SORTS = {"downloads": "downloads", "likes": "likes", "updated": "lastModified"}
_EXPAND = ["downloads", "likes", "lastModified", "gated", "private"]

_QUANT = re.compile(
    r"(?<![A-Za-z0-9])("
    r"IQ\d_(?:XXS|XS|NL|S|M)|TQ\d_\d|Q\d_K(?:_(?:XL|L|M|S))?|Q\d_\d(?:_\d_\d)?"
    r"|BF16|FP16|FP32|F16|F32|MXFP4"
    r")(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_SHARD = re.compile(r"-(\d{5})-of-(\d{5})\.gguf$", re.IGNORECASE)


@dataclass(frozen=True)
class RepoSummary:
    """One search result."""

    repo_id: str
    downloads: int
    likes: int
    last_modified: datetime | None
    gated: bool
    private: bool


@dataclass(frozen=True)
class SearchPage:
    repos: list[RepoSummary]
    has_more: bool


@dataclass(frozen=True)
class RemoteFile:
    """One ``.gguf`` file in a Hub repo. ``revision`` is the commit it was listed at (pinned).

    ``shard_index``/``shard_count`` are 1/1 for a single file, else from ``-0000i-of-0000n``.
    ``sha256`` is the LFS object id (``None`` for a file not stored with LFS).
    """

    repo_id: str
    filename: str
    size: int
    sha256: str | None
    quant: str
    revision: str
    shard_index: int = 1
    shard_count: int = 1

    @property
    def is_first_shard(self) -> bool:
        return self.shard_index == 1


def parse_quant(filename: str) -> str:
    """The quantization named in a file name ("Q4_K_M", "IQ4_XS", "BF16"…), else "other".

    Projector files (``mmproj-…``) are "mmproj": they are not a model on their own.
    """
    if "mmproj" in filename.lower():
        return "mmproj"
    matches = _QUANT.findall(filename.replace(".gguf", "-"))
    if not matches:
        return "other"
    quant = matches[-1].upper()
    return {"FP16": "F16", "FP32": "F32"}.get(quant, quant)


def parse_shard(filename: str) -> tuple[int, int]:
    """(index, count) from ``name-00002-of-00003.gguf``; (1, 1) for a single file."""
    m = _SHARD.search(filename)
    if not m or int(m.group(2)) < 1:
        return 1, 1
    return int(m.group(1)), int(m.group(2))


def group_by_quant(files: list[RemoteFile]) -> dict[str, list[RemoteFile]]:
    """Files grouped by quantization, groups ordered by total size (small first), each group
    ordered by name then shard index, so a split model's shards stay together in order."""
    groups: dict[str, list[RemoteFile]] = {}
    for f in files:
        groups.setdefault(f.quant, []).append(f)
    for members in groups.values():
        members.sort(key=lambda f: (_SHARD.sub("", f.filename), f.shard_index, f.filename))
    order = sorted(groups, key=lambda q: (q in ("other", "mmproj"), sum(f.size for f in groups[q]), q))
    return {q: groups[q] for q in order}


def _hf():
    """Import huggingface_hub lazily (it reads ``HF_ENDPOINT``/``HF_HOME`` when imported)."""
    import huggingface_hub.errors as hf_errors
    from huggingface_hub.hf_api import ModelInfo, RepoFile
    from huggingface_hub.utils import get_session, hf_raise_for_status

    return hf_errors, ModelInfo, RepoFile, get_session, hf_raise_for_status


def _httpx():
    """The httpx flavour huggingface_hub's session is built on (``httpx2`` in 2.x, ``httpx`` in 1.x)."""
    try:
        import httpx2
    except ImportError:
        import httpx as httpx2
    return httpx2


class HubClient:
    """Search the Hub for GGUF models and list a repo's GGUF files (see module docstring).

    ``token=None`` uses the saved token (or ``HF_TOKEN``); ``token=""`` asks anonymously.
    """

    def __init__(self, token: str | None = None, *, endpoint: str | None = None,
                 timeout: float = 20.0, connect_timeout: float = 5.0) -> None:
        self.__token = token if token is not None else credentials.load_token()
        self.endpoint = (endpoint or os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/")
        self.timeout = timeout
        self.connect_timeout = connect_timeout
        self._cursors: dict[tuple, list[str]] = {}
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"HubClient(endpoint={self.endpoint!r}, token={'set' if self.__token else 'none'})"

    @property
    def has_token(self) -> bool:
        return bool(self.__token)

    # -- HTTP --------------------------------------------------------------------------------

    def auth_headers(self) -> dict:
        """The ``Authorization`` header for the saved token (empty without one)."""
        return {"Authorization": f"Bearer {self.__token}"} if self.__token else {}

    def _headers(self) -> dict:
        import huggingface_hub

        headers = {"User-Agent": f"Hearth/{hearth_version()}; hf_hub/{huggingface_hub.__version__}"}
        headers.update(self.auth_headers())
        return headers

    def _request(self, method: str, url: str, *, repo_id: str | None = None, params=None,
                 follow_redirects: bool = True):
        """One request, no retries; returns the response or raises a HubError."""
        hf_errors, _, _, get_session, hf_raise_for_status = _hf()
        httpx = _httpx()
        timeout = httpx.Timeout(self.timeout, connect=self.connect_timeout)
        try:
            response = get_session().request(method, url, params=params, headers=self._headers(),
                                             timeout=timeout, follow_redirects=follow_redirects)
            hf_raise_for_status(response)
        except hf_errors.HfHubHTTPError as exc:
            raise _http_error(exc, repo_id, self.has_token) from None
        except (httpx.TransportError, OSError) as exc:
            raise HubUnreachableError(Sentence(QT_TRANSLATE_NOOP(
                "model_store", "Hearth can't reach the Hugging Face Hub. Check your internet connection (and proxy "
                "settings), then try again; models already downloaded keep working offline.")),
                detail=f"{type(exc).__name__}: {exc}") from None
        return response

    def _json(self, response):
        try:
            return response.json()
        except ValueError as exc:
            raise HubError(Sentence(QT_TRANSLATE_NOOP(
                "model_store", "The Hugging Face Hub sent an answer Hearth doesn't understand. Try again later.")),
                detail=f"{response.url}: {exc}") from None

    # -- API ---------------------------------------------------------------------------------

    def search(self, query: str, sort: str = "downloads", limit: int = 20, page: int = 0) -> SearchPage:
        """One page of GGUF repos matching ``query`` (most downloaded/liked/recently updated first)."""
        if sort not in SORTS:
            raise ValueError(f"sort must be one of {sorted(SORTS)}")
        limit = max(1, min(int(limit), 100))
        key = (query.strip(), sort, limit)
        first = f"{self.endpoint}/api/models"
        params = {"search": query.strip(), "filter": "gguf", "sort": SORTS[sort], "limit": limit,
                  "expand": _EXPAND}
        if not key[0]:
            del params["search"]
        with self._lock:  # urls[i]: the address of page i ("" = the first); None: no page i
            urls = list(self._cursors.get(key, [""]))
        while len(urls) <= page and urls[-1] is not None:
            _, next_url = self._page(urls[-1] or first, None if urls[-1] else params)
            urls.append(next_url)
        if len(urls) <= page or urls[page] is None:
            with self._lock:
                self._cursors[key] = urls
            return SearchPage([], False)
        items, next_url = self._page(urls[page] or first, None if urls[page] else params)
        urls = urls[:page + 1] + [next_url]  # fresh from here on
        with self._lock:
            self._cursors[key] = urls
        _hf_errors, ModelInfo, *_ = _hf()
        repos = []
        for item in items:
            item.setdefault("siblings", None)
            info = ModelInfo(**item)
            repos.append(RepoSummary(repo_id=info.id, downloads=int(info.downloads or 0),
                                     likes=int(info.likes or 0), last_modified=info.last_modified,
                                     gated=bool(info.gated), private=bool(info.private)))
        return SearchPage(repos, next_url is not None)

    def _page(self, url: str, params) -> tuple[list, str | None]:
        response = self._request("GET", url, params=params)
        data = self._json(response)
        if not isinstance(data, list):
            raise HubError(Sentence(QT_TRANSLATE_NOOP(
                "model_store", "The Hugging Face Hub sent an answer Hearth doesn't understand. Try again later.")),
                detail=f"{url}: expected a list")
        return data, response.links.get("next", {}).get("url")

    def repo_info(self, repo_id: str, revision: str = "main"):
        """huggingface_hub's ``ModelInfo`` for a repo at a revision (``sha`` = its commit)."""
        _check_repo_id(repo_id)
        _, ModelInfo, *_ = _hf()
        url = f"{self.endpoint}/api/models/{repo_id}/revision/{quote(revision, safe='')}"
        data = self._json(self._request("GET", url, repo_id=repo_id))
        data.setdefault("siblings", None)
        return ModelInfo(**data)

    def list_gguf_files(self, repo_id: str, revision: str = "main") -> list[RemoteFile]:
        """Every ``.gguf`` file of a repo with size, SHA-256 and quant, pinned to the commit."""
        info = self.repo_info(repo_id, revision)
        commit = info.sha or revision
        names = [s.rfilename for s in (info.siblings or [])]
        if info.siblings is not None and not any(n.lower().endswith(".gguf") for n in names):
            return []
        _, _, RepoFile, *_ = _hf()
        url = f"{self.endpoint}/api/models/{repo_id}/tree/{quote(commit, safe='')}"
        params: dict | None = {"recursive": "true", "expand": "false"}
        files: list[RemoteFile] = []
        while url:
            entries, next_url = self._page(url, params)
            for entry in entries:
                if entry.get("type") != "file" or not str(entry.get("path", "")).lower().endswith(".gguf"):
                    continue
                rf = RepoFile(**entry)
                index, count = parse_shard(rf.path)
                files.append(RemoteFile(repo_id=repo_id, filename=rf.path, size=int(rf.size),
                                        sha256=rf.lfs.sha256 if rf.lfs else None,
                                        quant=parse_quant(rf.path), revision=commit,
                                        shard_index=index, shard_count=count))
            url, params = next_url, None
        files.sort(key=lambda f: f.filename)
        return files

    def file_url(self, remote: RemoteFile) -> str:
        """The ``resolve`` address of a file at its pinned revision."""
        return (f"{self.endpoint}/{remote.repo_id}/resolve/{quote(remote.revision, safe='')}/"
                f"{quote(remote.filename)}")

    def check_access(self, remote: RemoteFile) -> None:
        """Raise GatedRepoError/RepoNotFoundError/HubUnreachableError if the file can't be fetched
        (a ``HEAD`` request, redirects not followed)."""
        self._request("HEAD", self.file_url(remote), repo_id=remote.repo_id, follow_redirects=False)


def _check_repo_id(repo_id: str) -> None:
    if not re.fullmatch(r"[A-Za-z0-9][\w.\-]*/[\w.\-]+", repo_id or "") or ".." in repo_id:
        raise RepoNotFoundError(Sentence(QT_TRANSLATE_NOOP(
            "model_store", "“{repo}” is not a Hugging Face model name; names look like “owner/model-GGUF”."),
            repo=repo_id), detail="invalid repo id")


def gated_message(repo_id: str, has_token: bool) -> str:
    """The sentence for a gated repo: where to accept the license, and the token step."""
    if has_token:
        return Sentence(QT_TRANSLATE_NOOP(
            "model_store", "This model is gated: accept its license on huggingface.co/{repo} with the account "
            "whose access token is in Settings, then try again."), repo=repo_id)
    return Sentence(QT_TRANSLATE_NOOP(
        "model_store", "This model is gated: accept its license on huggingface.co/{repo}, then paste an access "
        "token in Settings (a free Hugging Face account is enough) and try again."), repo=repo_id)


def _http_error(exc, repo_id: str | None, has_token: bool) -> HubError:
    """Turn a huggingface_hub HTTP error into a HubError with a sentence."""
    import huggingface_hub.errors as hf_errors

    response = getattr(exc, "response", None)
    status = getattr(response, "status_code", 0) or 0
    detail = f"HTTP {status}: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}"
    repo = repo_id or Sentence(QT_TRANSLATE_NOOP("model_store", "this model"))
    if isinstance(exc, hf_errors.GatedRepoError):
        return GatedRepoError(gated_message(repo, has_token), detail=detail)
    if isinstance(exc, hf_errors.RevisionNotFoundError):
        return RepoNotFoundError(Sentence(QT_TRANSLATE_NOOP(
            "model_store", "{repo} has no such version on the Hugging Face Hub; reload its file list."),
            repo=repo), detail=detail)
    if isinstance(exc, hf_errors.RemoteEntryNotFoundError):
        return RepoNotFoundError(Sentence(QT_TRANSLATE_NOOP(
            "model_store", "That file is no longer in {repo}; reload its file list."), repo=repo), detail=detail)
    if isinstance(exc, hf_errors.RepositoryNotFoundError):
        if has_token:
            return RepoNotFoundError(Sentence(QT_TRANSLATE_NOOP(
                "model_store", "Hearth can't find the model {repo} on the Hugging Face Hub. Check the name."),
                repo=repo), detail=detail)
        return RepoNotFoundError(Sentence(QT_TRANSLATE_NOOP(
            "model_store", "Hearth can't find the model {repo} on the Hugging Face Hub. Check the name. "
            "If it is a private model, paste an access token in Settings."), repo=repo), detail=detail)
    if status == 401:
        return GatedRepoError(Sentence(QT_TRANSLATE_NOOP(
            "model_store", "The Hugging Face access token in Settings was refused. Paste a new "
            "token or remove it, then try again.")), detail=detail)
    if status == 403:
        return GatedRepoError(Sentence(QT_TRANSLATE_NOOP(
            "model_store", "Your access token isn't allowed to read {repo}. Request access on "
            "huggingface.co/{repo} or use a token with read access."), repo=repo), detail=detail)
    if status == 429:
        return HubError(Sentence(QT_TRANSLATE_NOOP(
            "model_store", "The Hugging Face Hub is limiting requests right now. Wait a minute and try again.")),
            detail=detail)
    if status >= 500:
        return HubError(Sentence(QT_TRANSLATE_NOOP(
            "model_store", "The Hugging Face Hub is having trouble right now. Try again in a few minutes.")),
            detail=detail)
    return HubError(Sentence(QT_TRANSLATE_NOOP(
        "model_store", "The Hugging Face Hub refused the request. Try again later.")),
                    detail=detail)
