"""Decode speed with the GUI streaming vs headless, measured alternately in one process.

    QT_QPA_PLATFORM=offscreen python -m tests.bench.bench_gui_decode [--tokens 256] [--rounds 3] [--json]

Headless: the engine on this thread with a no-op callback. GUI: the full app (worker
thread, queued token signals, chat view painting, SQLite flushes) answering the same
prompt with the same greedy settings. The ratio of medians is the figure.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PROMPT = "Write a long, detailed story about a lighthouse keeper and a storm. Do not stop early."


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tokens", type=int, default=256)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    os.environ["HEARTH_HOME"] = tempfile.mkdtemp(prefix="hearth-bench-")

    from PySide6.QtWidgets import QApplication

    from app import paths
    from app.chat.store import HistoryStore
    from app.engine.llama import LlamaEngine
    from app.engine.params import LoadParams, SamplingParams
    from app.engine.types import ChatMessage
    from app.gui import build_window
    from app.settings import AppSettings
    from model_store.starter import starter_model_path

    app = QApplication([])
    params = SamplingParams(temperature=0, repeat_penalty=1.0, max_tokens=args.tokens)
    model = str(starter_model_path())
    headless_engine = LlamaEngine()
    headless_engine.load(LoadParams(model_path=model))
    store = HistoryStore(paths.history_db())
    window = build_window(store, AppSettings())
    window.show()
    window.load_model(model)
    while window.host.model_info is None:
        app.processEvents()
        time.sleep(0.005)

    def headless() -> float:
        headless_engine.reset_cache()
        stats = headless_engine.generate([ChatMessage("user", PROMPT)], params, lambda _t: None)
        return stats.decode_tok_s

    def gui() -> float:
        session = window.session
        session.new_conversation()
        session.set_sampling(params)
        session.send(PROMPT)
        while session.busy:
            app.processEvents()
            time.sleep(0.0005)
        return float(session.messages[-1].stats["decode_tok_s"])

    runs: dict[str, list[float]] = {"headless": [], "gui": []}
    for _ in range(args.rounds):
        runs["headless"].append(headless())
        runs["gui"].append(gui())
    window.close()
    window.host.shutdown()
    result = {
        "tokens": args.tokens,
        "headless_tok_s": statistics.median(runs["headless"]),
        "gui_tok_s": statistics.median(runs["gui"]),
        "runs": runs,
    }
    result["gui_vs_headless"] = result["gui_tok_s"] / result["headless_tok_s"]
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"headless decode  {result['headless_tok_s']:.1f} tok/s  {runs['headless']}")
        print(f"GUI streaming    {result['gui_tok_s']:.1f} tok/s  {runs['gui']}")
        print(f"ratio            {result['gui_vs_headless']:.3f}  (target >= 0.97)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
