"""Estimated vs measured speed, and Hearth's prompt reading vs llama.cpp's own ``llama-bench``.

    python -m tests.bench.bench_speed [--llama-bench PATH] [--rounds 3] [--json]

For the starter model (Q4_1) and its Q8_0 and F16 copies (made in a temporary folder), the
engine runs with default settings (as the app does): a 512-token prompt (prompt tok/s) and
128 greedy tokens (decode tok/s), each the median of ``--rounds``. Next to them,
:func:`model_store.speed.estimate_speed` from this machine's probe (measured fresh) without
any measured-run correction: ``estimated ÷ measured`` should lie within 0.67-1.5.

With ``--llama-bench``, ``llama-bench -p 512 -n 0`` at every performance core runs
alternately with the engine's prompt measurement: ``prompt ÷ llama-bench`` should be ≥ 0.9.
With ``--lookup``, prompt-lookup drafting on vs off (alternating) on a code-editing prompt and
on a story: decode tok/s, the speed-up, how many drafted tokens were taken, and whether the two
answers are identical.
With ``--llama-server``, llama.cpp's own server runs the starter model with the same threads
(generation and prompt) and flash attention off, and a greedy 128-token chat answer's decode
speed by its own timings (``timings.predicted_per_second``) alternates with the engine's:
``decode ÷ llama-server`` should be ≥ 1.0.
Also prints the KV cache bytes of the three cache types at 32,768 tokens (q8_0 ÷ f16 ≈ 0.53).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import tempfile
from pathlib import Path

from app.engine.backend import extra_buffers_safe
from app.engine.llama import LlamaEngine
from app.engine.params import LoadParams, SamplingParams
from app.engine.types import ChatMessage
from model_store.cpu import performance_cores
from model_store.fit import estimate_fit
from model_store.gguf_info import read_gguf_info
from model_store.speed import ModelShape, estimate_speed
from model_store.speed_probe import probe_machine
from model_store.starter import starter_model_path

STORY = "Write a long, detailed story about a lighthouse keeper and a storm. Do not stop early."
WORDS = ("harbour lantern keeper ledger northern ship dusk tide rope gull storm cliff beacon oil wick "
         "glass brass stair salt fog bell").split()


def variants(folder: Path) -> list[Path]:
    """The starter model and its Q8_0 and F16 copies (written into ``folder``)."""
    import llama_cpp

    from tests.f16_model import write_f16_copy

    starter = starter_model_path()
    f16 = write_f16_copy(starter, folder / "starter-F16.gguf")
    q8 = folder / "starter-Q8_0.gguf"
    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = llama_cpp.LLAMA_FTYPE_MOSTLY_Q8_0
    if llama_cpp.llama_model_quantize(str(f16).encode(), str(q8).encode(), params) != 0:
        raise SystemExit("could not make the Q8_0 copy")
    return [starter, q8, f16]


def prompt_of(engine: LlamaEngine, n_tokens: int) -> str:
    """A user message whose whole chat prompt is about ``n_tokens`` tokens."""
    words: list[str] = []
    i = 0
    while len(engine.tokenize(" ".join(words))) < n_tokens - 20:
        words.append(WORDS[i % len(WORDS)])
        i += 1
    return " ".join(words)


def engine_prompt(engine: LlamaEngine, text: str) -> tuple[float, int]:
    engine.reset_cache()
    s = engine.generate([ChatMessage("user", text)], SamplingParams(temperature=0, max_tokens=1), lambda _t: None)
    return s.prompt_tokens_evaluated / (s.prompt_ms / 1000), s.prompt_tokens_evaluated


def engine_decode(engine: LlamaEngine, tokens: int = 128) -> float:
    done, wall = 0, 0.0
    while done < tokens:
        engine.reset_cache()
        s = engine.generate([ChatMessage("user", STORY)],
                            SamplingParams(temperature=0, repeat_penalty=1.0, max_tokens=tokens - done + 1),
                            lambda _t: None)
        done += max(s.completion_tokens - 1, 0)
        wall += s.decode_ms / 1000
    return done / wall


def llama_bench_prompt(binary: str, model: Path, threads: int) -> float:
    cmd = [binary, "-m", str(model), "-t", str(threads), "-p", "512", "-n", "0", "-r", "1", "-fa", "off",
           "--repack", "1" if extra_buffers_safe() else "0", "-o", "json"]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return float(json.loads(out)[0]["avg_ts"])


def server_decode(url: str, tokens: int = 128) -> float:
    import urllib.request

    body = {"model": "smollm2", "messages": [{"role": "user", "content": STORY}], "temperature": 0,
            "max_tokens": tokens, "repeat_penalty": 1.0, "ignore_eos": True}
    request = urllib.request.Request(f"{url}/v1/chat/completions", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as response:
        reply = json.loads(response.read())
    return float(reply["timings"]["predicted_per_second"])


def versus_server(binary: str, rounds: int) -> dict:
    """The starter model's decode in the engine and in ``llama-server``, alternating."""
    import contextlib

    from tests.bench import bench_server

    engine = LlamaEngine()
    info = engine.load(LoadParams(model_path=str(starter_model_path())))
    original = bench_server.subprocess.Popen

    def popen(cmd, **kwargs):  # the same threads and flash attention as the engine
        return original([*cmd, "-tb", str(info.n_threads_batch), "-fa", "off"], **kwargs)

    hearth, server = [], []
    with contextlib.ExitStack() as stack:
        bench_server.subprocess.Popen = popen
        try:
            url = stack.enter_context(bench_server.llama_server(binary, info.n_threads))
        finally:
            bench_server.subprocess.Popen = original
        server_decode(url, 16)
        for _ in range(rounds):
            hearth.append(engine_decode(engine))
            server.append(server_decode(url))
    engine.unload()
    h, c = statistics.median(hearth), statistics.median(server)
    return {"threads": info.n_threads, "engine_decode_tok_s": h, "llama_server_decode_tok_s": c,
            "decode_vs_llama_server": h / c, "engine_runs": hearth, "llama_server_runs": server}


EDIT_CODE = """def load_settings(path):
    with open(path) as fh:
        data = json.load(fh)
    settings = Settings()
    for key, value in data.items():
        if hasattr(settings, key):
            setattr(settings, key, value)
    return settings


def save_settings(settings, path):
    data = {key: getattr(settings, key) for key in settings.__dataclass_fields__}
    with open(path, "w") as fh:
        json.dump(data, fh, indent=2)
"""


def lookup_figures(rounds: int, tokens: int = 200) -> dict:
    """Prompt lookup on vs off, alternating, greedy, on a code edit and on a story."""
    engine = LlamaEngine()
    engine.load(LoadParams(model_path=str(starter_model_path())))
    prompts = {"code_edit": "Rename load_settings to read_settings and show the whole code again:\n\n" + EDIT_CODE,
               "story": STORY}
    report = {}
    for name, text in prompts.items():
        rates: dict[bool, list[float]] = {False: [], True: []}
        answers: dict[bool, str] = {}
        drafted = accepted = 0
        for _ in range(rounds):
            for on in (False, True):
                engine.prompt_lookup = on
                engine.reset_cache()
                parts: list[str] = []
                s = engine.generate([ChatMessage("user", text)], SamplingParams(temperature=0, max_tokens=tokens),
                                    parts.append)
                rates[on].append(s.decode_tok_s)
                answers[on] = "".join(parts)
                if on:
                    drafted, accepted = s.draft_tokens, s.draft_accepted
        off, on = statistics.median(rates[False]), statistics.median(rates[True])
        report[name] = {"off_tok_s": off, "on_tok_s": on, "speedup": on / off, "drafted": drafted,
                        "accepted": accepted, "identical": answers[False] == answers[True]}
    engine.unload()
    return report


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--llama-bench", default="")
    parser.add_argument("--llama-server", default="")
    parser.add_argument("--lookup", action="store_true")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    profile = probe_machine()
    report: dict = {"machine": profile.describe(), "performance_cores": performance_cores(), "models": []}
    with tempfile.TemporaryDirectory() as tmp:
        for path in variants(Path(tmp)):
            info = read_gguf_info(path)
            estimate = estimate_speed(ModelShape.from_info(info, path.name), profile)
            engine = LlamaEngine()
            loaded = engine.load(LoadParams(model_path=str(path)))
            text = prompt_of(engine, 512)
            prompts, benches, decodes = [], [], []
            for _ in range(args.rounds):
                rate, n = engine_prompt(engine, text)
                prompts.append(rate)
                if args.llama_bench:
                    benches.append(llama_bench_prompt(args.llama_bench, path, performance_cores()))
                decodes.append(engine_decode(engine))
            engine.unload()
            row = {"model": info.quant_type, "file": path.name, "threads": loaded.n_threads,
                   "threads_batch": loaded.n_threads_batch, "prompt_tokens": n,
                   "prompt_tok_s": statistics.median(prompts), "decode_tok_s": statistics.median(decodes),
                   "estimated_prompt_tok_s": estimate.prompt_tok_s,
                   "estimated_decode_tok_s": estimate.decode_tok_s}
            row["decode_estimate_ratio"] = row["estimated_decode_tok_s"] / row["decode_tok_s"]
            row["prompt_estimate_ratio"] = row["estimated_prompt_tok_s"] / row["prompt_tok_s"]
            if benches:
                row["llama_bench_pp512_tok_s"] = statistics.median(benches)
                row["prompt_vs_llama_bench"] = row["prompt_tok_s"] / row["llama_bench_pp512_tok_s"]
            report["models"].append(row)
    if args.lookup:
        report["prompt_lookup"] = lookup_figures(args.rounds)
    if args.llama_server:
        report["versus_llama_server"] = versus_server(args.llama_server, args.rounds)
    info = read_gguf_info(starter_model_path())
    kv = {kind: estimate_fit(info, n_ctx=32768, kv_type=kind).kv_bytes for kind in ("f16", "q8_0", "q4_0")}
    report["kv_bytes_32k"] = kv
    report["kv_q8_0_vs_f16"] = kv["q8_0"] / kv["f16"]
    report["kv_q4_0_vs_f16"] = kv["q4_0"] / kv["f16"]
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(report["machine"])
    for row in report["models"]:
        print(f"{row['model']:<6} prompt {row['prompt_tok_s']:7.1f} tok/s (est ×{row['prompt_estimate_ratio']:.2f})"
              f"  decode {row['decode_tok_s']:6.1f} tok/s (est ×{row['decode_estimate_ratio']:.2f})"
              + (f"  prompt ÷ llama-bench pp512 {row['prompt_vs_llama_bench']:.2f}" if "prompt_vs_llama_bench" in row
                 else ""))
    if "versus_llama_server" in report:
        v = report["versus_llama_server"]
        print(f"decode: engine {v['engine_decode_tok_s']:.1f} tok/s, llama-server {v['llama_server_decode_tok_s']:.1f}"
              f" tok/s: engine ÷ llama-server {v['decode_vs_llama_server']:.2f}")
    for name, row in report.get("prompt_lookup", {}).items():
        print(f"prompt lookup, {name}: {row['off_tok_s']:.1f} → {row['on_tok_s']:.1f} tok/s (×{row['speedup']:.2f}), "
              f"{row['accepted']}/{row['drafted']} drafted tokens taken, identical answer: {row['identical']}")
    print(f"KV cache at 32k: q8_0 ÷ f16 = {report['kv_q8_0_vs_f16']:.3f}, q4_0 ÷ f16 = {report['kv_q4_0_vs_f16']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
