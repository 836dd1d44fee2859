"""What does quantizing through Hearth cost over calling llama.cpp directly, and how good is the size estimate?

    python -m tests.bench.bench_quantize [--runs 3] [--types Q8_0,Q4_K_M] [--json]

An F16 copy of the starter model is made in a temporary folder (``tests/f16_model.py``, ~4 s).
For each type, ``run_quantize`` (plan already made; child process start, log parsing, rename and
registration included) and a direct ``llama_model_quantize`` call in this process (same
parameters; its log discarded by a no-op callback, as llama.cpp's default log to stderr would
cost time too) alternate ``--runs`` times each; the ratio of medians should be ≤ 1.05 (the ratio of the fastest
runs and of CPU seconds, child process included, are printed too: on a busy machine they are
the steadier figures). The size
estimate is compared with the real output size (goal: within 3 %).
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _cpu() -> float:
    """CPU seconds of this process and its finished children (steadier than wall time on a busy machine)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--types", default="Q8_0,Q4_K_M")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    with tempfile.TemporaryDirectory(prefix="hearth-bench-quantize-") as tmp:
        os.environ["HEARTH_HOME"] = str(Path(tmp) / "home")
        import llama_cpp

        from model_store.quantize import QUANT_TYPES, plan_quantize, run_quantize
        from model_store.registry import Registry
        from model_store.starter import starter_model_path
        from tests.f16_model import write_f16_copy

        started = time.perf_counter()
        src = write_f16_copy(starter_model_path(), Path(tmp) / "SmolLM2-135M-Instruct-F16.gguf")
        build_s = time.perf_counter() - started
        registry = Registry()
        source = registry.import_file(src, link=True)

        @llama_cpp.llama_log_callback
        def quiet(_level, _text, _user):
            pass

        llama_cpp.llama_log_set(quiet, ctypes.c_void_p(0))

        def direct(qtype: str, out: Path) -> float:
            params = llama_cpp.llama_model_quantize_default_params()
            params.ftype = QUANT_TYPES[qtype].ftype
            c, t = _cpu(), time.perf_counter()
            rc = llama_cpp.llama_model_quantize(str(src).encode(), str(out).encode(), ctypes.byref(params))
            elapsed, cpu = time.perf_counter() - t, _cpu() - c
            if rc != 0:
                raise SystemExit(f"direct quantization to {qtype} failed")
            return elapsed, cpu

        rows = []
        for qtype in args.types.split(","):
            hearth_s, direct_s, hearth_cpu, direct_cpu, real = [], [], [], [], 0
            estimate = 0
            for _ in range(args.runs):
                plan = plan_quantize(registry, source, qtype)
                estimate = plan.estimated_bytes
                c, t = _cpu(), time.perf_counter()
                model = run_quantize(plan, registry=registry)
                hearth_s.append(time.perf_counter() - t)
                hearth_cpu.append(_cpu() - c)
                real = model.path.stat().st_size
                registry.delete(registry.plan_delete(model.id))
                out = Path(tmp) / f"direct-{qtype}.gguf"
                wall, cpu = direct(qtype, out)
                direct_s.append(wall)
                direct_cpu.append(cpu)
                if out.stat().st_size != real:
                    raise SystemExit("direct and Hearth outputs differ in size")
                out.unlink()
            h, d = statistics.median(hearth_s), statistics.median(direct_s)
            rows.append({"type": qtype, "hearth_s": hearth_s, "direct_s": direct_s, "hearth_median_s": h,
                         "direct_median_s": d, "ratio": h / d, "ratio_of_minima": min(hearth_s) / min(direct_s),
                         "cpu_ratio": statistics.median(hearth_cpu) / statistics.median(direct_cpu),
                         "estimate_bytes": estimate, "real_bytes": real,
                         "estimate_error_pct": (estimate - real) / real * 100})
    if args.json:
        print(json.dumps({"f16_build_s": build_s, "rows": rows}, indent=2))
        return 0
    print(f"F16 source built in {build_s:.1f} s; {args.runs} alternating runs per type; medians.")
    print(f"{'TYPE':8} {'HEARTH s':>9} {'DIRECT s':>9} {'RATIO':>6} {'MIN RATIO':>9} {'CPU RATIO':>9} "
          f"{'ESTIMATE':>12} {'REAL':>12} {'ERROR':>7}")
    for r in rows:
        print(f"{r['type']:8} {r['hearth_median_s']:9.3f} {r['direct_median_s']:9.3f} {r['ratio']:6.3f} "
              f"{r['ratio_of_minima']:9.3f} {r['cpu_ratio']:9.3f} {r['estimate_bytes']:12,} {r['real_bytes']:12,} "
              f"{r['estimate_error_pct']:6.2f}%")
    print("goals: ratio <= 1.05, |error| <= 3 %  (min ratio: fastest runs; cpu ratio: CPU seconds, child included)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
