"""Check the built bundle end to end, the way a person would first meet it, and time it.

    python packaging/bundle_test.py [--bundle dist/hearth] [--runs 3] [--no-dev] [--json FILE]
    (make bundle-test)

Every run gets a fresh, empty HOME and HEARTH_HOME, no proxies, HF_HUB_OFFLINE=1 and, where
``unshare -n`` works (root, or unprivileged user namespaces), no network at all. Qt draws offscreen.

Checks: ``hearth --version``; the window opens (HEARTH_REPORT_STARTUP=1 makes the app print
"window shown after N ms") and the app is still running a few seconds later, while it loads the
starter model; ``hearth chat --temperature 0 "What is the capital of France?"`` answers with
"Paris" from the bundled model; the bundled llama.cpp was compiled without AVX-512/AMX (portable).
The same launch timings are taken for the development set-up (``.venv/bin/python -m app``).

Standard library only, so any Python >= 3.9 can run it. tests/packaging/test_bundle.py reuses it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BUNDLE = ROOT / "dist" / "hearth"
STARTER_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
# The pass/fail question, exactly as a user would type it. With the old default system prompt
# ("You are a helpful assistant.") it was a coin toss for this 135M model ("The" 23.95 / "La" 23.86
# with an AVX-512 build, "La" 24.07 / "The" 23.93 with the portable AVX2 build); Hearth's default
# now adds "Answer in the user's language.", which gives "The capital of France is Paris." on both.
QUESTION = "What is the capital of France?"
WINDOW_LINE = re.compile(r"window shown after (\d+) ms")
STATS_LINE = re.compile(r"([\d.]+) tok/s · (\d+) ms to first token · (\d+) tokens")
PROXY_VARS = ("http_proxy", "https_proxy", "all_proxy", "no_proxy", "ftp_proxy")


def executable(bundle: Path) -> Path:
    """The program to start. On Windows the console twin: hearth.exe is windowed and has no stderr."""
    return bundle / ("hearth-cli.exe" if sys.platform == "win32" else "hearth")


def _contents(bundle: Path) -> Path:
    """Where the bundle's files live: the folder itself, or Contents/ for Hearth.app/Contents/MacOS."""
    return bundle.parent if bundle.name == "MacOS" else bundle


def version_of_sources() -> str:
    text = (ROOT / "app" / "__init__.py").read_text(encoding="utf-8")
    return re.search(r'^__version__ = "([^"]+)"', text, re.M).group(1)


# --- Isolation --------------------------------------------------------------------------------------

_netns: list[str] | None = None


def no_network_prefix() -> list[str]:
    """``["unshare", "-n"]`` where a process may be given its own, empty network namespace."""
    global _netns
    if _netns is None:
        _netns = []
        if sys.platform.startswith("linux") and shutil.which("unshare"):
            for prefix in (["unshare", "-n"], ["unshare", "-rn"]):
                try:
                    ok = subprocess.run(prefix + ["true"], capture_output=True, timeout=10).returncode == 0
                except (OSError, subprocess.TimeoutExpired):
                    ok = False
                if ok:
                    _netns = prefix
                    break
    return _netns


def fresh_env(home: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a first launch: empty home, nothing that points at the network or at
    another Python, offscreen Qt."""
    env = {k: v for k, v in os.environ.items()
           if k.lower() not in PROXY_VARS and not k.startswith(("HEARTH_", "HF_", "HUGGING", "PYTHON", "QT_"))
           and k not in ("VIRTUAL_ENV", "LD_LIBRARY_PATH", "LD_PRELOAD", "DYLD_LIBRARY_PATH")}
    for sub in ("config", "data", "cache", "runtime"):
        (home / f".{sub}").mkdir(parents=True, exist_ok=True)
    os.chmod(home / ".runtime", 0o700)
    env.update({
        "HOME": str(home), "USERPROFILE": str(home),
        "HEARTH_HOME": str(home / "hearth-home"),
        "XDG_CONFIG_HOME": str(home / ".config"), "XDG_DATA_HOME": str(home / ".data"),
        "XDG_CACHE_HOME": str(home / ".cache"), "XDG_RUNTIME_DIR": str(home / ".runtime"),
        "HF_HUB_OFFLINE": "1", "HF_HUB_DISABLE_TELEMETRY": "1",
        "QT_QPA_PLATFORM": "offscreen",
    })
    env.update(extra or {})
    return env


# --- Measurements -----------------------------------------------------------------------------------

def run_version(cmd: list[str], cwd: Path) -> dict:
    with tempfile.TemporaryDirectory(prefix="hearth-bt-") as tmp:
        started = time.perf_counter()
        proc = subprocess.run(no_network_prefix() + cmd + ["--version"], cwd=cwd, env=fresh_env(Path(tmp)),
                              capture_output=True, text=True, timeout=120)
        return {"rc": proc.returncode, "stdout": proc.stdout.strip(), "stderr": proc.stderr.strip(),
                "ms": (time.perf_counter() - started) * 1000}


def run_gui(cmd: list[str], cwd: Path, settle_s: float = 4.0, timeout_s: float = 120.0) -> dict:
    """Launch the GUI; time launch → "window shown"; check it is still up ``settle_s`` later
    (the starter model loads in that time); then terminate it."""
    with tempfile.TemporaryDirectory(prefix="hearth-bt-") as tmp:
        env = fresh_env(Path(tmp), {"HEARTH_REPORT_STARTUP": "1"})
        started = time.perf_counter()
        proc = subprocess.Popen(no_network_prefix() + cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        lines: list[str] = []
        shown = threading.Event()
        result: dict = {"window_ms": None, "reported_ms": None}

        def read() -> None:
            for raw in proc.stderr:
                line = raw.decode("utf-8", "replace").rstrip()
                lines.append(line)
                match = WINDOW_LINE.search(line)
                if match and not shown.is_set():
                    result["window_ms"] = (time.perf_counter() - started) * 1000
                    result["reported_ms"] = int(match.group(1))
                    shown.set()

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        deadline = started + timeout_s
        while not shown.is_set() and proc.poll() is None and time.perf_counter() < deadline:
            shown.wait(0.05)
        alive = False
        if shown.is_set():
            end = time.perf_counter() + settle_s
            while proc.poll() is None and time.perf_counter() < end:
                time.sleep(0.1)
            alive = proc.poll() is None
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        reader.join(5)
        result.update({"rc": proc.returncode, "alive_after_settle": alive, "stderr": "\n".join(lines[-40:]),
                       "crash_reports": sorted(p.name for p in Path(tmp).rglob("crash-*.txt"))})
        return result


def run_chat(cmd: list[str], cwd: Path, question: str = QUESTION, timeout_s: float = 300.0) -> dict:
    """``hearth chat --stats --temperature 0 QUESTION``: the answer, launch → first byte of it, and
    the app's own figures (tok/s, ms from request to first token)."""
    with tempfile.TemporaryDirectory(prefix="hearth-bt-") as tmp:
        started = time.perf_counter()
        proc = subprocess.Popen(no_network_prefix() + cmd + ["chat", "--stats", "--temperature", "0", question],
                                cwd=cwd, env=fresh_env(Path(tmp)), stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        first: list[float] = []
        out = bytearray()

        def read_stdout() -> None:
            while True:
                chunk = proc.stdout.read1(4096)
                if not chunk:
                    return
                if not first and chunk.strip():
                    first.append((time.perf_counter() - started) * 1000)
                out.extend(chunk)

        reader = threading.Thread(target=read_stdout, daemon=True)
        reader.start()
        try:
            err = proc.stderr.read()
            proc.wait(timeout_s)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            err = b""
        total = (time.perf_counter() - started) * 1000
        reader.join(5)
        stderr = err.decode("utf-8", "replace")
        stats = STATS_LINE.search(stderr)
        return {"rc": proc.returncode, "answer": out.decode("utf-8", "replace").strip(), "stderr": stderr.strip(),
                "first_byte_ms": first[0] if first else None, "total_ms": total,
                "tok_s": float(stats.group(1)) if stats else None,
                "ttft_ms": int(stats.group(2)) if stats else None,
                "tokens": int(stats.group(3)) if stats else None}


def tree_size(path: Path) -> int:
    """Bytes in files under ``path`` (like ``du -sb``; symlinks not followed)."""
    if not path.exists():
        return 0
    if path.is_file():
        return path.stat().st_size
    total = 0
    for base, _dirs, files in os.walk(path):
        for name in files:
            full = os.path.join(base, name)
            if not os.path.islink(full):
                total += os.path.getsize(full)
    return total


def models_dir(bundle: Path) -> Path:
    for candidate in (bundle / "_internal" / "models", bundle / "models",
                      _contents(bundle) / "Resources" / "models", _contents(bundle) / "Frameworks" / "models"):
        if candidate.is_dir():
            return candidate
    return bundle / "_internal" / "models"


def llama_libraries(bundle: Path) -> list[Path]:
    found = {p.resolve() for p in _contents(bundle).rglob("*")
             if p.parent.name == "lib" and p.parent.parent.name == "llama_cpp"
             and p.is_file() and (".so" in p.name or p.suffix in (".dylib", ".dll"))}
    return sorted(found)


def portability(bundle: Path) -> dict:
    """What the bundled llama.cpp was compiled for: its own system-info line, and whether any of
    its code touches AVX-512 (zmm) or AMX (tmm) registers, which a portable build must not."""
    libs = llama_libraries(bundle)
    result: dict = {"libraries": [p.name for p in libs], "system_info": None, "zmm_or_tmm_instructions": None}
    libllama = next((p for p in libs if p.name.startswith(("libllama.", "llama.dll"))), None)
    if libllama is not None:
        code = ("import ctypes, sys; lib = ctypes.CDLL(sys.argv[1]); f = lib.llama_print_system_info; "
                "f.restype = ctypes.c_char_p; print(f().decode())")
        proc = subprocess.run([sys.executable, "-c", code, str(libllama)], capture_output=True, text=True, timeout=60)
        result["system_info"] = proc.stdout.strip() or proc.stderr.strip()[-300:]
    if shutil.which("objdump") and sys.platform.startswith("linux"):
        count = 0
        for lib in libs:
            if lib.name.count(".so") and re.search(r"\.so(\.\d+)?$", lib.name):
                dump = subprocess.run(["objdump", "-d", "--no-show-raw-insn", str(lib)], capture_output=True,
                                      text=True, timeout=300).stdout
                count += len(re.findall(r"%[zt]mm\d", dump))
        result["zmm_or_tmm_instructions"] = count
    info = result["system_info"] or ""
    result["portable"] = ("AVX512 = 1" not in info and "AMX_INT8 = 1" not in info
                          and not result["zmm_or_tmm_instructions"])
    return result


# --- The whole check --------------------------------------------------------------------------------

def median(values: list[float | None]) -> float | None:
    got = [v for v in values if v is not None]
    return statistics.median(got) if got else None


def measure(cmd: list[str], cwd: Path, runs: int) -> dict:
    """Each figure as its median over ``runs`` launches, and the best launch as "<key>_best"."""
    gui = [run_gui(cmd, cwd) for _ in range(runs)]
    chat = [run_chat(cmd, cwd) for _ in range(runs)]
    series = {"window_ms": [g["window_ms"] for g in gui], "window_reported_ms": [g["reported_ms"] for g in gui],
              "first_byte_ms": [c["first_byte_ms"] for c in chat], "ttft_ms": [c["ttft_ms"] for c in chat],
              "tok_s": [c["tok_s"] for c in chat], "chat_total_ms": [c["total_ms"] for c in chat]}
    result: dict = {"gui": gui, "chat": chat}
    for key, values in series.items():
        got = [v for v in values if v is not None]
        result[key] = median(got)
        result[f"{key}_best"] = (max(got) if key == "tok_s" else min(got)) if got else None
    return result


def failures_of(bundle_results: dict, version: dict, port: dict, expected_version: str) -> list[str]:
    problems = []
    if version["rc"] != 0 or version["stdout"] != f"Hearth {expected_version}":
        problems.append(f"--version: rc {version['rc']}, {version['stdout']!r} {version['stderr'][-300:]!r}")
    for i, gui in enumerate(bundle_results["gui"], 1):
        if gui["window_ms"] is None:
            problems.append(f"GUI run {i}: no 'window shown' line (rc {gui['rc']}):\n{gui['stderr'][-1500:]}")
        elif not gui["alive_after_settle"]:
            problems.append(f"GUI run {i}: exited (rc {gui['rc']}) while loading the model:\n{gui['stderr'][-1500:]}")
        if "Traceback" in gui["stderr"] or gui["crash_reports"]:
            problems.append(f"GUI run {i}: a traceback or crash report:\n{gui['stderr'][-1500:]}")
    for i, chat in enumerate(bundle_results["chat"], 1):
        if chat["rc"] != 0 or "Paris" not in chat["answer"]:
            problems.append(f"chat run {i}: rc {chat['rc']}, answer {chat['answer'][:200]!r}, "
                            f"stderr {chat['stderr'][-800:]!r}")
    if not port["libraries"]:
        problems.append("no llama.cpp libraries in the bundle")
    elif not port["portable"]:
        problems.append(f"llama.cpp is not a portable build: {port['system_info']!r}, "
                        f"{port['zmm_or_tmm_instructions']} AVX-512/AMX instructions")
    return problems


def _fmt(ms: float | None, unit: str = "ms") -> str:
    return "—" if ms is None else (f"{ms:.0f} {unit}" if unit == "ms" else f"{ms:.1f} {unit}")


def _cell(results: dict | None, key: str, unit: str) -> str:
    if results is None:
        return "not measured"
    return f"{_fmt(results[key], unit)} (best {_fmt(results[key + '_best'], unit)})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bundle", type=Path, default=DEFAULT_BUNDLE)
    parser.add_argument("--runs", type=int, default=3, help="launches per measurement (median reported)")
    parser.add_argument("--no-dev", action="store_true", help="skip the .venv comparison")
    parser.add_argument("--json", type=Path, help="also write every figure here")
    args = parser.parse_args(argv)

    exe = executable(args.bundle)
    if not exe.is_file():
        print(f"bundle-test: {exe} does not exist; run `make bundle` first.", file=sys.stderr)
        return 2
    expected = version_of_sources()
    print(f"Bundle {args.bundle}  ({'no network: ' + ' '.join(no_network_prefix()) if no_network_prefix() else 'network namespace unavailable; proxies unset, HF_HUB_OFFLINE=1'})")
    work = Path(tempfile.mkdtemp(prefix="hearth-bt-cwd-"))
    try:
        version = run_version([str(exe)], work)
        print(f"--version: {version['stdout'] or version['stderr']}  ({version['ms']:.0f} ms)")
        bundle = measure([str(exe)], work, args.runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    port = portability(args.bundle)
    print(f"llama.cpp in the bundle: {port['system_info']}")
    if port["zmm_or_tmm_instructions"] is not None:
        print(f"AVX-512/AMX register uses in {len(port['libraries'])} llama.cpp libraries: "
              f"{port['zmm_or_tmm_instructions']}")
    print(f"chat {QUESTION!r}: {bundle['chat'][0]['answer'][:200]!r}")

    dev = None
    dev_python = ROOT / ".venv" / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    if not args.no_dev and dev_python.is_file():
        dev = measure([str(dev_python), "-m", "app"], ROOT, args.runs)
        print(f"dev: chat {QUESTION!r}: {dev['chat'][0]['answer'][:120]!r}")

    total = tree_size(_contents(args.bundle))
    model = tree_size(models_dir(args.bundle))
    archives = {p.name: tree_size(p) for p in sorted(args.bundle.parent.glob("hearth-*.tar.gz"))}
    mb = 1024 * 1024
    print(f"\nSizes: dist/hearth {total / mb:.0f} MiB; models {model / mb:.0f} MiB; "
          f"without the model {(total - model) / mb:.0f} MiB")
    for name, size in archives.items():
        print(f"       {name} {size / mb:.0f} MiB")

    print(f"\nMedian (and best) of {args.runs} launch(es), fresh HOME each time:")
    print("| | bundle (dist/hearth/hearth) | dev (.venv/bin/python -m app) |")
    print("|---|---|---|")
    rows = [("launch → window shown (wall clock)", "window_ms", "ms"),
            ("  of which in run_gui (app's own report)", "window_reported_ms", "ms"),
            ("`hearth chat`: launch → first answer byte", "first_byte_ms", "ms"),
            ("`hearth chat`: request → first token (--stats)", "ttft_ms", "ms"),
            ("`hearth chat`: decode speed (--stats)", "tok_s", "tok/s"),
            ("`hearth chat`: whole command", "chat_total_ms", "ms")]
    for label, key, unit in rows:
        print(f"| {label} | {_cell(bundle, key, unit)} | {_cell(dev, key, unit)} |")

    problems = failures_of(bundle, version, port, expected)
    if args.json:
        args.json.write_text(json.dumps({"bundle": bundle, "dev": dev, "version": version, "portability": port,
                                         "sizes": {"bundle": total, "models": model, **archives},
                                         "isolation": no_network_prefix(),
                                         "problems": problems},
                                        indent=2, default=str), encoding="utf-8")
    if problems:
        print("\nFAILED:\n- " + "\n- ".join(problems), file=sys.stderr)
        return 1
    print(f"\nOK: --version, window shown and still running {args.runs}×, 'Paris' {args.runs}×, portable llama.cpp")
    return 0


if __name__ == "__main__":
    sys.exit(main())
