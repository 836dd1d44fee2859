"""How close is the fit estimate to the memory llama.cpp really uses?

    python -m tests.bench.bench_fit [--ctx 4096] [--no-q8] [--full] [--json]

For the starter model (Q4_1) and, unless ``--no-q8``, a Q8_0 copy quantized from it into a
temporary folder, a fresh subprocess loads the model with ``LlamaEngine`` (CPU, mmap),
reads ``VmRSS`` from ``/proc/self/status`` before the load and after a ~500-token prompt
plus a few generated tokens (so every mmap'd weight page and the compute buffers have been
touched), and reports the growth next to ``model_store.fit.estimate_fit``'s figure.
Linux only (``/proc``). The ratio ``estimate / measured`` should lie within 0.85-1.15.
``--full`` also fills about 80% of the context with the prompt (slow on few cores) and
compares with the estimate's ``peak_bytes`` scaled to that fill.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MIB = 1024**2
REPO = Path(__file__).resolve().parents[2]


def _status_kib(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def measure(path: str, n_ctx: int, fill: float = 0.0) -> dict:
    """Child process: RSS growth from loading ``path`` and generating a few tokens."""
    from app.engine.llama import LlamaEngine
    from app.engine.params import LoadParams, SamplingParams
    from app.engine.types import ChatMessage

    engine = LlamaEngine()
    before = _status_kib("VmRSS")
    engine.load(LoadParams(model_path=path, n_ctx=n_ctx, n_gpu_layers=0))
    loaded = _status_kib("VmRSS")
    sentence = "Tell me about the history of bread. "        # 8 tokens
    prompt = sentence * max(60, int(n_ctx * fill / 8))     # at least 500 tokens: a full prompt batch
    stats = engine.generate([ChatMessage("user", prompt)], SamplingParams(max_tokens=8, temperature=0.0),
                            lambda _t: None)
    after = _status_kib("VmRSS")
    return {"rss_before_mib": before / 1024, "rss_loaded_mib": loaded / 1024, "rss_after_mib": after / 1024,
            "grown_bytes": (after - before) * 1024, "prompt_tokens": stats.prompt_tokens}


def quantize(src: Path, dst: Path, ftype: int) -> float:
    """Requantize ``src`` into ``dst``; return the seconds it took."""
    import llama_cpp

    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = ftype
    params.allow_requantize = True
    params.nthread = os.cpu_count() or 1
    started = time.perf_counter()
    rc = llama_cpp.llama_model_quantize(str(src).encode(), str(dst).encode(), ctypes.byref(params))
    if rc != 0:
        raise RuntimeError(f"llama_model_quantize failed ({rc})")
    return time.perf_counter() - started


def compare(path: Path, n_ctx: int, fill: float = 0.0) -> dict:
    from model_store.fit import estimate_fit
    from model_store.gguf_info import read_gguf_info

    info = read_gguf_info(path)
    estimate = estimate_fit(info, n_ctx=n_ctx)
    out = subprocess.run([sys.executable, "-m", "tests.bench.bench_fit", "--measure", str(path),
                          "--ctx", str(n_ctx), "--fill", str(fill)], capture_output=True, text=True, check=True,
                         cwd=REPO)
    measured = json.loads(out.stdout.strip().splitlines()[-1])
    grown = measured["grown_bytes"]
    expected = estimate.needed_bytes
    if fill:
        batch = min(512, n_ctx)
        share = max(0, measured["prompt_tokens"] - batch) / max(1, n_ctx - batch)
        expected += int(estimate.peak_extra_bytes * share)
    label = path.name + (f" ({measured['prompt_tokens']} tokens)" if fill else "")
    return {"model": label, "quant": info.quant_type, "n_ctx": n_ctx,
            "estimate_mib": round(expected / MIB, 1),
            "weights_mib": round(estimate.weights_bytes / MIB, 1), "kv_mib": round(estimate.kv_bytes / MIB, 1),
            "overhead_mib": round(estimate.overhead_bytes / MIB, 1),
            "measured_mib": round(grown / MIB, 1), "ratio": round(expected / grown, 3)}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ctx", type=int, default=4096)
    parser.add_argument("--no-q8", action="store_true")
    parser.add_argument("--full", action="store_true")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--fill", type=float, default=0.0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.ctx, args.fill)))
        return 0
    from model_store.starter import starter_model_path

    starter = starter_model_path()
    if starter is None:
        print("the starter model is not installed", file=sys.stderr)
        return 1
    rows = [compare(starter, args.ctx)]
    if args.full:
        rows.append(compare(starter, args.ctx, fill=0.8))
    with tempfile.TemporaryDirectory(prefix="hearth-fit-") as tmp:
        if not args.no_q8:
            q8 = Path(tmp) / "SmolLM2-135M-Instruct.Q8_0.gguf"
            seconds = quantize(starter, q8, 7)   # LLAMA_FTYPE_MOSTLY_Q8_0
            print(f"quantized Q8_0 in {seconds:.1f} s", file=sys.stderr)
            rows.append(compare(q8, args.ctx))
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        for r in rows:
            print(f"{r['model']:<55} ctx {r['n_ctx']:>6}  estimate {r['estimate_mib']:7.1f} MiB "
                  f"(weights {r['weights_mib']:.1f}, kv {r['kv_mib']:.1f}, overhead {r['overhead_mib']:.1f})  "
                  f"measured {r['measured_mib']:7.1f} MiB  ratio {r['ratio']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
