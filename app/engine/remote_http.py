"""Talking to an OpenAI-compatible server: requests with retries on connect, errors as
sentences, and its server-sent event stream read so that a stop is immediate and a cut-off
stream is known as cut.

Used by :mod:`app.engine.remote`; ``requests`` is imported on first use, so the window opens
without it.
"""

from __future__ import annotations

import json
import threading
import time
from typing import TYPE_CHECKING, Any, Iterator
from urllib.parse import urlparse

from app.engine.errors import GenerationError, InvalidParameterError, ModelLoadError
from model_store.texts import QT_TRANSLATE_NOOP, Sentence
from app.engine.types import CancelToken

if TYPE_CHECKING:
    import requests

CONNECT_TRIES = 3


def _base(url: str) -> str:
    url = url.strip().rstrip("/")
    if not url.endswith("/v1"):
        url += "/v1"
    return url


def check_url(url: str) -> str:
    """The API base (``…/v1``) for a server address a person typed.

    Raises:
        InvalidParameterError: not an http(s) address.
    """
    parsed = urlparse(url.strip())
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise InvalidParameterError(Sentence(QT_TRANSLATE_NOOP(
            "model_store", "“{url}” is not a server address; it looks like http://host:8080."), url=url))
    return _base(url)


class RemoteClient:
    """HTTP to one OpenAI-compatible server."""

    def __init__(self, url: str, api_key: str | None = None, timeout: float = 10.0,
                 read_timeout: float = 300.0) -> None:
        self.base = check_url(url)
        self.host = urlparse(self.base).netloc
        self._headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._timeout = (timeout, read_timeout)
        import requests  # here, not at start-up: the window opens without it

        self._session = requests.Session()

    def models(self) -> list[dict[str, Any]]:
        """The server's models (``GET /v1/models``).

        Raises:
            ModelLoadError: unreachable, unauthorised, or not an OpenAI-compatible server.
        """
        response = self._request("GET", "/models")
        try:
            data = response.json()["data"]
            return [m for m in data if isinstance(m, dict) and isinstance(m.get("id"), str)]
        except (ValueError, KeyError, TypeError):
            raise ModelLoadError(Sentence(QT_TRANSLATE_NOOP(
                "model_store", "{host} answered, but not like an OpenAI-compatible server (GET /v1/models gave no "
                "model list)."), host=self.host)) from None

    def stream_chat(self, body: dict[str, Any]) -> requests.Response:
        return self._request("POST", "/chat/completions", json=body, stream=True)

    def _request(self, method: str, path: str, **kwargs) -> requests.Response:
        import requests

        last: Exception | None = None
        for attempt in range(CONNECT_TRIES):
            try:
                response = self._session.request(method, self.base + path, headers=self._headers,
                                                 timeout=self._timeout, **kwargs)
            except requests.ConnectionError as exc:  # refused, unreachable: try again, briefly
                last = exc
                time.sleep(0.3 * (attempt + 1))
                continue
            except requests.Timeout:
                raise ModelLoadError(Sentence(QT_TRANSLATE_NOOP(
                    "model_store", "{host} did not answer in time. Is it busy, or behind a firewall?"),
                    host=self.host)) \
                    from None
            _raise_for_status(response, self.host)
            return response
        raise ModelLoadError(Sentence(QT_TRANSLATE_NOOP(
            "model_store", "Hearth could not reach {host} ({reason}). Is the server running, and is the address "
            "right?"), host=self.host, reason=_reason(last)))

    def close(self) -> None:
        self._session.close()


def _reason(exc: Exception | None) -> str:
    text = str(exc) if exc else ""
    return "connection refused" if "refused" in text.lower() else "no connection"


def _raise_for_status(response: requests.Response, host: str) -> None:
    if response.status_code < 400:
        return
    try:
        detail = response.json().get("error", {})
        message = detail.get("message") if isinstance(detail, dict) else str(detail)
    except ValueError:
        message = response.text[:200]
    message = " ".join(str(message or "").split())[:300]
    if response.status_code in (401, 403):
        raise ModelLoadError(Sentence(QT_TRANSLATE_NOOP(
            "model_store", "{host} refused the API key (HTTP {status}). Set the right one with Models → Remote "
            "engines → Change API key…"), host=host, status=response.status_code))
    if response.status_code == 404:
        if message:
            raise ModelLoadError(Sentence(QT_TRANSLATE_NOOP(
                "model_store", "{host} does not have that model or endpoint (HTTP 404): {message}."),
                host=host, message=message))
        raise ModelLoadError(Sentence(QT_TRANSLATE_NOOP(
            "model_store", "{host} does not have that model or endpoint (HTTP 404)."), host=host))
    if response.status_code in (429, 503):
        raise GenerationError(Sentence(QT_TRANSLATE_NOOP(
            "model_store", "{host} is busy (HTTP {status}); try again in a moment."),
            host=host, status=response.status_code))
    if response.status_code == 400:
        if message:
            raise GenerationError(Sentence(QT_TRANSLATE_NOOP(
                "model_store", "{host} refused the request: {message}."), host=host, message=message))
        raise GenerationError(Sentence(QT_TRANSLATE_NOOP(
            "model_store", "{host} refused the request: bad request."), host=host))
    if message:
        raise GenerationError(Sentence(QT_TRANSLATE_NOOP(
            "model_store", "{host} failed (HTTP {status}): {message}."),
            host=host, status=response.status_code, message=message))
    raise GenerationError(Sentence(QT_TRANSLATE_NOOP(
        "model_store", "{host} failed (HTTP {status})."), host=host, status=response.status_code))


def close_on_cancel(cancel: CancelToken, response: requests.Response) -> threading.Event:
    """Close ``response`` as soon as ``cancel`` is set (a stalled server cannot hold up Stop);
    set the returned event when the answer is over."""
    over = threading.Event()

    def watch() -> None:
        while not over.is_set():
            if cancel.wait(0.05):
                _abort(response)
                return

    threading.Thread(target=watch, name="hearth-remote-cancel", daemon=True).start()
    return over


def _abort(response: requests.Response) -> None:
    """Close a streaming response from another thread: shutting the socket down wakes the
    reader blocked in ``recv`` (closing alone would leave it waiting for the next byte)."""
    import socket

    try:
        sock = getattr(getattr(response.raw, "connection", None), "sock", None)
        if sock is None:  # once headers are read, the socket lives on in the body's reader
            reader = getattr(getattr(getattr(response.raw, "_fp", None), "fp", None), "raw", None)
            sock = getattr(reader, "_sock", None)
        if sock is not None:
            sock.shutdown(socket.SHUT_RDWR)
    except (OSError, AttributeError):
        pass
    response.close()


class Events:
    """The JSON objects of a server-sent event stream; ``finished`` once ``[DONE]`` (or a
    finish reason, which the reader sets) came, so a stream that merely stops is known as cut.

    Raises (while iterating):
        GenerationError: the stream broke off, or is not an OpenAI stream.
    """

    def __init__(self, response: requests.Response, host: str) -> None:
        self._response, self._host = response, host
        self.finished = False

    def __iter__(self) -> Iterator[dict[str, Any]]:
        import requests

        host = self._host
        try:
            for raw in self._response.iter_lines(decode_unicode=False):
                line = raw.decode("utf-8", "replace").strip()
                if not line.startswith("data:"):
                    continue  # blank lines, ": comments", event:, id: and retry: carry nothing Hearth needs
                data = line[5:].strip()
                if data == "[DONE]":
                    self.finished = True
                    return
                try:
                    event = json.loads(data)
                except ValueError:
                    raise GenerationError(Sentence(QT_TRANSLATE_NOOP(
                        "model_store", "{host} sent something that is not an OpenAI stream; the answer so far is "
                        "kept."), host=host)) from None
                if isinstance(event, dict) and "error" in event:
                    error = event["error"]
                    message = error.get("message") if isinstance(error, dict) else str(error)
                    raise GenerationError(Sentence(QT_TRANSLATE_NOOP(
                        "model_store", "{host} stopped with an error: {message}"), host=host, message=message))
                if isinstance(event, dict):
                    yield event
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as exc:
            raise GenerationError(Sentence(QT_TRANSLATE_NOOP(
                "model_store", "The connection to {host} dropped in the middle of the answer; what arrived is "
                "kept."), host=host), detail=str(exc)) from None
        except requests.Timeout:
            raise GenerationError(Sentence(QT_TRANSLATE_NOOP(
                "model_store", "{host} stopped sending the answer; what arrived is kept."), host=host)) from None
        except (AttributeError, OSError, ValueError) as exc:  # the connection was closed under the reader
            raise GenerationError(Sentence(QT_TRANSLATE_NOOP(
                "model_store", "The connection to {host} closed in the middle of the answer; what arrived is "
                "kept."), host=host), detail=repr(exc)) from None
