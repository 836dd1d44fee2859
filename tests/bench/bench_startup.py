"""Time from launching ``python -m app`` to the main window being shown (model loading excluded).

    python -m tests.bench.bench_startup [--runs 5] [--json]

Each run starts a fresh process with an empty HEARTH_HOME, offscreen; the app prints the
moment its window is shown, measured here from just before the process is spawned.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time


def one_run() -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HEARTH_REPORT_STARTUP="1",
               HEARTH_HOME=tempfile.mkdtemp(prefix="hearth-start-"))
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "app"], env=env, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None
        for line in proc.stderr:
            if line.startswith("window shown"):
                return (time.perf_counter() - start) * 1000
        raise RuntimeError("the app exited before showing its window")
    finally:
        proc.kill()
        proc.wait()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    one_run()  # warm the file cache
    runs = [one_run() for _ in range(args.runs)]
    result = {"window_shown_ms_median": statistics.median(runs), "window_shown_ms_max": max(runs), "runs": runs}
    print(json.dumps(result, indent=2) if args.json else
          f"window shown after {result['window_shown_ms_median']:.0f} ms (median of {args.runs}; "
          f"max {result['window_shown_ms_max']:.0f} ms; target <= 1000 ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
