"""Benchmark: how quickly a long chat opens in the view.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.bench.bench_open_chat [--rounds 5]

Two chats: the 205 KB Markdown history of ``bench_gui_stream`` and a 1,000-message chat of short
turns. Each is opened in a fresh view (nothing cached), alternating between Hearth's way — the
newest messages at once, the older ones in idle slices above them — and rendering the whole
history before showing anything. Reported: time until the view shows the chat (``set_messages``
plus the first paint), the longest idle slice afterwards (how long the window is busy at a time),
and how long until the whole history is in the document.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from app.ui import chat_view as chat_view_module  # noqa: E402
from app.ui.chat_view import ChatView, MessageView  # noqa: E402
from tests.bench.bench_gui_stream import history  # noqa: E402


def short_chat(count: int) -> list[MessageView]:
    rng = random.Random(3)
    words = "tea kettle water leaves steep minutes green black cup sugar milk lemon".split()
    return [MessageView(i + 1, "user" if i % 2 == 0 else "assistant",
                        " ".join(rng.choice(words) for _ in range(rng.randint(6, 40))).capitalize() + ".",
                        model="bench") for i in range(count)]


def open_once(app: QApplication, messages: list[MessageView], progressive: bool) -> tuple[float, float, float]:
    saved = chat_view_module.FIRST_SCREEN_CHARS
    if not progressive:
        chat_view_module.FIRST_SCREEN_CHARS = 10**12
    view = ChatView()
    view.resize(900, 1000)
    view.show()
    app.processEvents()
    slices: list[float] = []
    render = view._render_older

    def timed() -> None:
        t = time.perf_counter()
        render()
        slices.append((time.perf_counter() - t) * 1000)

    view._older.timeout.disconnect()
    view._older.timeout.connect(timed)
    started = time.perf_counter()
    view.set_messages(messages)
    app.processEvents()  # the first paint
    shown = (time.perf_counter() - started) * 1000
    while view._unrendered:
        app.processEvents()
    complete = (time.perf_counter() - started) * 1000
    chat_view_module.FIRST_SCREEN_CHARS = saved
    view.close()
    view.deleteLater()
    app.processEvents()
    return shown, max(slices, default=0.0), complete


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    chats = {"205 KB Markdown chat": history(random.Random(1234), 200_000),
             "1,000-message chat": short_chat(1000)}
    for name, messages in chats.items():
        size = sum(len(m.content) for m in messages) / 1000
        results: dict[bool, list[tuple[float, float, float]]] = {True: [], False: []}
        for _ in range(args.rounds):
            for progressive in (True, False):
                results[progressive].append(open_once(app, messages, progressive))
        med = {k: [statistics.median(r[i] for r in v) for i in range(3)] for k, v in results.items()}
        print(f"{name} ({len(messages)} messages, {size:.0f} KB):")
        print(f"  shown after        {med[True][0]:7.0f} ms   (whole history first: {med[False][0]:7.0f} ms)")
        print(f"  longest idle slice {med[True][1]:7.1f} ms")
        print(f"  whole history in   {med[True][2]:7.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
