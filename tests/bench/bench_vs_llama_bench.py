"""Hearth's engine decode vs llama.cpp's own ``llama-bench`` tg128, same model and threads.

    python -m tests.bench.bench_vs_llama_bench /path/to/llama-bench [--threads 1] [--rounds 3]

``llama-bench`` is built from the llama.cpp sources vendored in llama-cpp-python's sdist
(see docs/benchmarks.md). Both run alternately in one invocation so machine noise hits
both; flash attention and weight repacking are set the way Hearth runs on this CPU.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess

from app.engine.llama import LlamaEngine
from app.engine.backend import extra_buffers_safe
from app.engine.params import LoadParams, SamplingParams
from app.engine.types import ChatMessage
from model_store.starter import starter_model_path

PROMPT = "Write a long, detailed story about a lighthouse keeper and a storm. Do not stop early."


def llama_bench(binary: str, model: str, threads: int) -> float:
    cmd = [binary, "-m", model, "-t", str(threads), "-p", "0", "-n", "128", "-r", "1", "-fa", "off",
           "--repack", "1" if extra_buffers_safe() else "0", "-o", "json"]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return float(json.loads(out)[0]["avg_ts"])


def engine_decode(engine: LlamaEngine, tokens: int = 128) -> float:
    engine.reset_cache()
    done, wall = 0, 0.0
    while done < tokens:
        engine.reset_cache()
        s = engine.generate([ChatMessage("user", PROMPT)],
                            SamplingParams(temperature=0, max_tokens=tokens - done + 1), lambda _t: None)
        done += max(s.completion_tokens - 1, 0)
        wall += s.decode_ms / 1000
    return done / wall


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("llama_bench")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    model = str(starter_model_path())
    engine = LlamaEngine()
    engine.load(LoadParams(model_path=model, n_threads=args.threads))
    c, e = [], []
    for _ in range(args.rounds):
        c.append(llama_bench(args.llama_bench, model, args.threads))
        e.append(engine_decode(engine))
    cm, em = statistics.median(c), statistics.median(e)
    print(json.dumps({"threads": args.threads, "llama_bench_tg128_tok_s": cm, "engine_decode_tok_s": em,
                      "engine_vs_llama_bench": em / cm, "llama_bench_runs": c, "engine_runs": e}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
