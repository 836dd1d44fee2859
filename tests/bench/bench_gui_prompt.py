"""Benchmark: the window's responsiveness while the model reads a long prompt, with one prompt
thread (the old default on two cores) and with every performance core (the default now).

    .venv/bin/python -m tests.bench.bench_gui_prompt [--rounds 3] [--words 900] [--json]

Offscreen, the real window on the starter model. Each round sends a new chat a long message
(about 1,500 tokens) and stops after the first token, so the time is the prompt; the two
settings alternate (the model is reloaded with ``n_threads_batch`` 1, then 0 = automatic).
Reported: the prompt's tokens/s (the engine's own figure) and the event-loop lag of a 1 ms
timer meanwhile (p50, p99, max; target p99 ≤ 10 ms).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HEARTH_HOME", tempfile.mkdtemp(prefix="hearth-bench-prompt-"))

from PySide6.QtWidgets import QApplication  # noqa: E402

from tests.bench.bench_server_gui import lag_until, wait  # noqa: E402

WORDS = ("harbour lantern keeper ledger northern ship dusk tide rope gull storm cliff beacon oil wick "
         "glass brass stair salt fog bell").split()


def run(rounds: int, words: int) -> dict[str, Any]:
    from app import paths
    from app.chat.store import HistoryStore
    from app.engine.params import SamplingParams
    from app.gui import build_window
    from app.settings import AppSettings

    app = QApplication.instance() or QApplication(sys.argv[:1])
    store = HistoryStore.open_or_recover(paths.history_db())
    window = build_window(store, AppSettings(), dark=False)
    window.resize(1280, 800)
    window.show()
    window.load_initial_model()
    wait(app, lambda: window.host.model_info is not None)
    base = window.load_panel.params()
    results: dict[int, dict[str, list[float]]] = {1: {}, 0: {}}
    for round_ in range(rounds):
        for threads in (1, 0):
            loaded: list[Any] = []
            window.host.loaded.connect(loaded.append)
            window.host.load(base.replace(n_threads_batch=threads))
            wait(app, lambda: bool(loaded))
            window.host.loaded.disconnect(loaded.append)
            info = loaded[0]
            session = window.session
            session.new_conversation()
            session.set_sampling(SamplingParams(temperature=0, seed=1, max_tokens=1))
            stats: list[Any] = []

            def on_finished(_request: Any, s: Any, stats: list[Any] = stats) -> None:
                stats.append(s)

            window.host.finished.connect(on_finished)
            text = f"Round {round_}, {threads}. " + " ".join(WORDS[i % len(WORDS)] for i in range(words))
            print(f"round {round_ + 1}, {info.n_threads_batch} prompt threads", file=sys.stderr, flush=True)
            lag = lag_until(app, lambda: bool(stats) and not session.busy, lambda: session.send(text))
            window.host.finished.disconnect(on_finished)
            s = stats[0]
            row = results[threads]
            row.setdefault("prompt_tok_s", []).append(s.prompt_tokens_evaluated / (s.prompt_ms / 1000))
            row.setdefault("prompt_tokens", []).append(s.prompt_tokens_evaluated)
            row.setdefault("threads_batch", []).append(info.n_threads_batch)
            for key in ("p50_ms", "p99_ms", "max_ms"):
                row.setdefault(key, []).append(lag[key])
    window.close()
    window.host.shutdown()
    out = {("one_thread" if t == 1 else "all_cores"): {k: statistics.median(v) for k, v in row.items()}
           for t, row in results.items()}
    out["speedup"] = out["all_cores"]["prompt_tok_s"] / out["one_thread"]["prompt_tok_s"]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--words", type=int, default=900)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = run(args.rounds, args.words)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    for name in ("one_thread", "all_cores"):
        r = result[name]
        print(f"{name:<10} {r['threads_batch']:.0f} prompt threads: {r['prompt_tok_s']:6.1f} tok/s over "
              f"{r['prompt_tokens']:.0f} tokens; lag p50 {r['p50_ms']:.2f} ms, p99 {r['p99_ms']:.2f} ms, "
              f"max {r['max_ms']:.1f} ms")
    print(f"all cores ÷ one thread: {result['speedup']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
