"""An access token never appears in what Hearth says or logs: errors, their details, the log."""

from __future__ import annotations

import logging

import pytest

from model_store.download import DownloadQueue
from model_store.errors import HearthError
from model_store.hub import HubClient
from model_store.registry import Registry
from tests.hub_standin import HubStandIn

TOKEN = "hf_TopSecretTokenValue1234567890"


@pytest.fixture
def hub(monkeypatch):
    with HubStandIn({"org/Gated-GGUF": {"m.gguf": b"GGUF" + b"\0" * 2000},
                     "org/Private-GGUF": {"p.gguf": b"GGUF" + b"\0" * 2000}},
                    gated={"org/Gated-GGUF"}, private={"org/Private-GGUF"}) as server:
        monkeypatch.setenv("HF_ENDPOINT", server.endpoint)
        yield server


def _said(exc: BaseException) -> str:
    return f"{exc} {getattr(exc, 'detail', '')} {exc!r} {exc.__cause__!r} {exc.__context__!r}"


@pytest.mark.parametrize("repo", ["org/Private-GGUF", "org/Missing-GGUF"])
def test_hub_errors_with_a_refused_token_do_not_repeat_it(hub, caplog, repo):
    caplog.set_level(logging.DEBUG)
    client = HubClient(token=TOKEN)
    with pytest.raises(HearthError) as caught:
        client.list_gguf_files(repo)
    assert TOKEN not in _said(caught.value)
    assert TOKEN not in caplog.text


def test_a_download_refused_for_its_token_does_not_log_it(hub, caplog, tmp_path):
    caplog.set_level(logging.DEBUG)
    client = HubClient(token=TOKEN)
    remote = client.list_gguf_files("org/Gated-GGUF")[0]  # gated: listed, but the file needs access
    queue = DownloadQueue(Registry(tmp_path / "models"), concurrency=1, auto_resume=False, hub=client,
                          state_file=tmp_path / "models" / "downloads" / "jobs.json")
    try:
        job = queue.add(remote)
        import time

        deadline = time.monotonic() + 20
        while job.state not in ("done", "failed", "cancelled") and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        queue.close()
    assert job.state == "failed"
    assert TOKEN not in (job.error or "") and TOKEN not in caplog.text
    assert TOKEN not in (tmp_path / "models" / "downloads" / "jobs.json").read_text(encoding="utf-8")
