"""Time from launching ``python -m app`` to the main window being shown (model loading excluded).

    python -m tests.bench.bench_startup [--runs 5] [--json] [--languages]

Each run starts a fresh process with an empty HEARTH_HOME, offscreen; the app prints the
moment its window is shown, measured here from just before the process is spawned.
``--languages`` measures English and Simplified Chinese (translations loaded) side by side,
alternating runs, and prints the ratio.
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


def one_run(lang: str | None = None) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HEARTH_REPORT_STARTUP="1",
               HEARTH_HOME=tempfile.mkdtemp(prefix="hearth-start-"))
    if lang:
        env.update(LANG=lang, LC_ALL=lang, LANGUAGE="")
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
    parser.add_argument("--languages", action="store_true")
    args = parser.parse_args()
    if args.languages:
        return _languages(args.runs, args.json)
    one_run()  # warm the file cache
    runs = [one_run() for _ in range(args.runs)]
    result = {"window_shown_ms_median": statistics.median(runs), "window_shown_ms_max": max(runs), "runs": runs}
    print(json.dumps(result, indent=2) if args.json else
          f"window shown after {result['window_shown_ms_median']:.0f} ms (median of {args.runs}; "
          f"max {result['window_shown_ms_max']:.0f} ms; target <= 1000 ms)")
    return 0


def _languages(n: int, as_json: bool) -> int:
    langs = {"en": "en_US.UTF-8", "zh_CN": "zh_CN.UTF-8"}
    for lang in langs.values():
        one_run(lang)  # warm the file cache
    times: dict[str, list[float]] = {k: [] for k in langs}
    for _ in range(n):
        for key, lang in langs.items():
            times[key].append(one_run(lang))
    med = {k: statistics.median(v) for k, v in times.items()}
    result = {"window_shown_ms_median": med, "zh_CN_over_en": med["zh_CN"] / med["en"], "runs": times}
    print(json.dumps(result, indent=2) if as_json else
          f"window shown: English {med['en']:.0f} ms, Chinese {med['zh_CN']:.0f} ms (medians of {n}, "
          f"alternating); ratio {result['zh_CN_over_en']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
