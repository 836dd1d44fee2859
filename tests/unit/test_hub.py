"""HubClient against the loopback Hub stand-in: search, file lists, errors; the token file."""

from __future__ import annotations

import logging
import os
import socket
import stat
import time

import pytest

from model_store import credentials
from model_store.errors import GatedRepoError, HubUnreachableError, RepoNotFoundError
from model_store.hub import HubClient, RemoteFile, group_by_quant, parse_quant, parse_shard
from tests.hub_standin import COMMIT, HubStandIn

TOKEN = "hf_SecretTokenValue1234567890"


@pytest.fixture(autouse=True)
def hf_env(tmp_path, monkeypatch):
    """huggingface_hub's home in a temp folder, no telemetry, no inherited token."""
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))
    monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
    monkeypatch.delenv("HF_TOKEN", raising=False)


def _search_repos() -> tuple[dict, dict]:
    repos, meta = {}, {}
    for i in range(25):
        repo = f"org{i % 3}/Llama-{i}-GGUF"
        repos[repo] = {f"llama-{i}-Q4_K_M.gguf": b"g" * 16}
        meta[repo] = {"downloads": 1000 - i * 10, "likes": i, "lastModified": f"2024-01-{i + 1:02d}T00:00:00.000Z"}
    repos["org0/llama-safetensors"] = {"model.safetensors": b"s" * 16}  # not GGUF: filtered out
    repos["other/Qwen-GGUF"] = {"qwen-Q8_0.gguf": b"q" * 16}
    return repos, meta


def test_search_sorts_and_pages():
    repos, meta = _search_repos()
    with HubStandIn(repos, meta=meta) as hub:
        client = HubClient(endpoint=hub.endpoint)
        pages = [client.search("llama", sort="downloads", limit=10, page=p) for p in range(3)]
        ids = [r.repo_id for page in pages for r in page.repos]
        assert ids == [f"org{i % 3}/Llama-{i}-GGUF" for i in range(25)]
        assert [p.has_more for p in pages] == [True, True, False]
        assert client.search("llama", limit=10, page=3).repos == []
        first = pages[0].repos[0]
        assert (first.downloads, first.likes, first.gated, first.private) == (1000, 0, False, False)
        assert first.last_modified is not None and first.last_modified.day == 1

        likes = client.search("llama", sort="likes", limit=5)
        assert [r.likes for r in likes.repos] == [24, 23, 22, 21, 20]
        updated = client.search("LLAMA", sort="updated", limit=3)
        assert [r.repo_id for r in updated.repos] == ["org0/Llama-24-GGUF", "org2/Llama-23-GGUF",
                                                      "org1/Llama-22-GGUF"]
        everything = client.search("", limit=50)
        assert "org0/llama-safetensors" not in {r.repo_id for r in everything.repos}
        assert "other/Qwen-GGUF" in {r.repo_id for r in everything.repos}

        searches = [r for r in hub.log if r.path == "/api/models"]
        assert all(r.query["filter"] == ["gguf"] for r in searches)
        assert {r.query["sort"][0] for r in searches} == {"downloads", "likes", "lastModified"}
        assert "gated" in searches[0].query["expand"] and searches[0].query["limit"] == ["10"]
        # pages 0-2 took one request each (cursors cached); page 3 needed none beyond them
        downloads_pages = [r for r in searches if r.query["sort"] == ["downloads"] and r.query["limit"] == ["10"]]
        assert len(downloads_pages) == 3 and "cursor" in downloads_pages[2].query


def test_search_rejects_unknown_sort():
    with pytest.raises(ValueError):
        HubClient(endpoint="http://127.0.0.1:9").search("x", sort="stars")


def _file_repo() -> dict:
    return {
        "bartowski/Model-GGUF": {
            "Model-Q8_0.gguf": b"8" * 8000,
            "Model-Q4_K_M.gguf": b"4" * 4000,
            "Model-IQ4_XS.gguf": b"i" * 3500,
            "Model-BF16/Model-BF16-00002-of-00003.gguf": b"b" * 3000,
            "Model-BF16/Model-BF16-00001-of-00003.gguf": b"a" * 3000,
            "Model-BF16/Model-BF16-00003-of-00003.gguf": b"c" * 3000,
            "mmproj-Model-f16.gguf": b"m" * 2000,
            "model.gguf": b"o" * 1500,
            "README.md": b"# Model\n",
            "config.json": b"{}",
        }
    }


def test_list_files_grouped_by_quant_with_sizes_and_sha256():
    with HubStandIn(_file_repo(), tree_page_size=3) as hub:
        client = HubClient(endpoint=hub.endpoint)
        files = client.list_gguf_files("bartowski/Model-GGUF")
        by_name = {f.filename: f for f in files}
        assert set(by_name) == {n for n in _file_repo()["bartowski/Model-GGUF"] if n.endswith(".gguf")}
        for f in files:
            assert f.size == hub.size("bartowski/Model-GGUF", f.filename)
            assert f.sha256 == hub.sha256("bartowski/Model-GGUF", f.filename)
            assert f.revision == COMMIT and f.repo_id == "bartowski/Model-GGUF"
        groups = group_by_quant(files)
        assert list(groups) == ["IQ4_XS", "Q4_K_M", "Q8_0", "BF16", "other", "mmproj"]
        assert [(f.shard_index, f.shard_count) for f in groups["BF16"]] == [(1, 3), (2, 3), (3, 3)]
        assert groups["BF16"][0].filename == "Model-BF16/Model-BF16-00001-of-00003.gguf"
        assert [f.filename for f in groups["other"]] == ["model.gguf"]
        trees = [r for r in hub.log if "/tree/" in r.path]
        assert len(trees) >= 4 and "cursor" in trees[1].query  # paged by Link header
        assert all(COMMIT in r.path for r in trees)
        assert client.file_url(by_name["Model-Q8_0.gguf"]) == \
            f"{hub.endpoint}/bartowski/Model-GGUF/resolve/{COMMIT}/Model-Q8_0.gguf"


def test_repo_without_gguf_lists_nothing():
    with HubStandIn({"o/safetensors-only": {"model.safetensors": b"x" * 2000}}) as hub:
        assert HubClient(endpoint=hub.endpoint).list_gguf_files("o/safetensors-only") == []
        assert not [r for r in hub.log if "/tree/" in r.path]


@pytest.mark.parametrize("name, quant", [
    ("Qwen2.5-7B-Instruct-Q4_K_M.gguf", "Q4_K_M"), ("model.q8_0.gguf", "Q8_0"),
    ("Llama-3-IQ4_XS.gguf", "IQ4_XS"), ("x-f16.gguf", "F16"), ("x-BF16-00001-of-00003.gguf", "BF16"),
    ("m-UD-Q4_K_XL.gguf", "Q4_K_XL"), ("m-IQ2_XXS.gguf", "IQ2_XXS"), ("Q6_K/m-Q6_K.gguf", "Q6_K"),
    ("SmolLM2-135M-Instruct.Q4_1.gguf", "Q4_1"), ("model.gguf", "other"), ("Qwen3-0.6B.gguf", "other"),
    ("mmproj-x-f16.gguf", "mmproj"), ("a-fp16.gguf", "F16"), ("m-Q4_0_4_4.gguf", "Q4_0_4_4"),
])
def test_parse_quant(name, quant):
    assert parse_quant(name) == quant


def test_parse_shard():
    assert parse_shard("a-00002-of-00005.gguf") == (2, 5)
    assert parse_shard("a.gguf") == (1, 1)


def test_gated_repo_lists_files_but_refuses_the_download_with_a_sentence():
    repos = {"meta/Gated-GGUF": {"gated-Q4_K_M.gguf": b"x" * 3000}}
    with HubStandIn(repos, gated={"meta/Gated-GGUF"}, granted_tokens={TOKEN}) as hub:
        files = HubClient(endpoint=hub.endpoint, token="").list_gguf_files("meta/Gated-GGUF")
        assert len(files) == 1
        with pytest.raises(GatedRepoError) as err:
            HubClient(endpoint=hub.endpoint, token="").check_access(files[0])
        message = str(err.value)
        assert "gated" in message and "huggingface.co/meta/Gated-GGUF" in message and "token" in message
        assert "Settings" in message and "401" in err.value.detail
        with pytest.raises(GatedRepoError) as err:
            HubClient(endpoint=hub.endpoint, token="hf_not_granted").check_access(files[0])
        assert "403" in err.value.detail
        HubClient(endpoint=hub.endpoint, token=TOKEN).check_access(files[0])  # granted: no error
        assert HubClient(endpoint=hub.endpoint).search("gated").repos[0].gated is True


def test_private_and_unknown_repos():
    with HubStandIn({"me/Private-GGUF": {"p.gguf": b"p" * 100}}, private={"me/Private-GGUF"},
                    granted_tokens={TOKEN}) as hub:
        with pytest.raises(RepoNotFoundError) as err:
            HubClient(endpoint=hub.endpoint, token="").list_gguf_files("me/Private-GGUF")
        assert "me/Private-GGUF" in str(err.value) and "token" in str(err.value)
        assert len(HubClient(endpoint=hub.endpoint, token=TOKEN).list_gguf_files("me/Private-GGUF")) == 1
        with pytest.raises(RepoNotFoundError) as err:
            HubClient(endpoint=hub.endpoint, token=TOKEN).list_gguf_files("nobody/Nothing-GGUF")
        assert "can't find the model nobody/Nothing-GGUF" in str(err.value)
        with pytest.raises(RepoNotFoundError):
            HubClient(endpoint=hub.endpoint).list_gguf_files("../etc")


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_unreachable_endpoint_fails_quickly():
    client = HubClient(endpoint=f"http://127.0.0.1:{_closed_port()}", token="")
    start = time.monotonic()
    for call in (lambda: client.search("llama"), lambda: client.list_gguf_files("a/b"),
                 lambda: client.check_access(RemoteFile("a/b", "x.gguf", 1, None, "other", "main"))):
        with pytest.raises(HubUnreachableError) as err:
            call()
        assert str(err.value).startswith("Hearth can't reach the Hugging Face Hub. Check your internet")
    assert time.monotonic() - start < 3.0


def test_hf_endpoint_environment_is_honoured(monkeypatch):
    with HubStandIn({"o/m-GGUF": {"m.gguf": b"1" * 10}}) as hub:
        monkeypatch.setenv("HF_ENDPOINT", hub.endpoint)
        assert HubClient().search("m-gguf").repos[0].repo_id == "o/m-GGUF"


def test_token_file_is_private_and_round_trips(hearth_home):
    old_umask = os.umask(0)
    try:
        path = credentials.save_token(f"  {TOKEN}\n")
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.parent == hearth_home
    assert credentials.load_token() == TOKEN
    os.chmod(path, 0o644)  # widened by someone: saving again narrows it
    credentials.save_token(TOKEN + "2")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and credentials.load_token() == TOKEN + "2"
    assert credentials.mask(credentials.load_token()) == "hf_…"
    credentials.clear_token()
    assert credentials.load_token() is None and not path.exists()
    credentials.clear_token()  # twice is fine


def test_hf_token_environment_wins(monkeypatch):
    credentials.save_token("hf_from_file")
    monkeypatch.setenv("HF_TOKEN", "hf_from_env")
    assert credentials.load_token() == "hf_from_env"
    assert HubClient(endpoint="http://127.0.0.1:9").auth_headers() == {"Authorization": "Bearer hf_from_env"}


def test_token_never_in_repr_logs_or_errors(caplog, capsys):
    credentials.save_token(TOKEN)
    repos = {"meta/Gated-GGUF": {"gated-Q4_K_M.gguf": b"x" * 3000}}
    caplog.set_level(logging.DEBUG)
    with HubStandIn(repos, gated={"meta/Gated-GGUF"}) as hub:
        client = HubClient(endpoint=hub.endpoint)
        assert TOKEN not in repr(client) and "token=set" in repr(client)
        client.search("gated")
        files = client.list_gguf_files("meta/Gated-GGUF")
        with pytest.raises(GatedRepoError) as err:
            client.check_access(files[0])
        assert all(r.authorized for r in hub.log)  # the header was sent…
    captured = capsys.readouterr()
    for text in (caplog.text, str(err.value), err.value.detail, repr(files), captured.out, captured.err):
        assert TOKEN not in text  # …but never shown
