"""Benchmark: the window stays responsive while it serves the API, and a remote chat shows every
token it receives.

    .venv/bin/python -m tests.bench.bench_server_gui [--tokens 200] [--json]

Offscreen, the real window on the starter model, in one run:

* **idle**: event-loop lag of the window doing nothing (what the machine itself adds);
* **local chat**: lag while the window streams an answer of its own;
* **serving**: lag while the Local server streams answers to an openai client (another thread),
  the window idle;
* **a thousand connections**: lag while 1,000 clients post to the Local server at once (each
  answered, or refused at once with 429/503);
* **remote chat**: lag while the window chats with the starter model served by llama-cpp-python's
  own server (``python -m llama_cpp.server``) as a remote engine, and the ratio of tokens shown to
  tokens received: every content delta the remote engine read off the network must appear, in
  order, in the text that reached the GUI thread; plus whether the saved answer is that text.

Lag: a 1 ms precise timer's actual interval minus 1 ms (p50, p99, max). Target p99 ≤ 10 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import threading
import time
from typing import Any, Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HEARTH_HOME", tempfile.mkdtemp(prefix="hearth-bench-serve-"))
os.environ.setdefault("HEARTH_KEYCHAIN", "file")

from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from tests.bench.bench_gui_stream import percentile  # noqa: E402

QUESTION = "Write a long story about a lighthouse keeper and a storm."


def lag_until(app: QApplication, done: Callable[[], bool], start: Callable[[], None] | None = None,
              limit_s: float = 120.0) -> dict[str, float]:
    """Lag of a 1 ms timer from ``start()`` until ``done()`` (checked every tick)."""
    lags: list[float] = []
    last = [0.0]
    deadline = time.monotonic() + limit_s
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(1)

    def tick() -> None:
        now = time.perf_counter()
        if last[0]:
            lags.append((now - last[0]) * 1000 - 1.0)
        last[0] = now
        if done() or time.monotonic() > deadline:
            timer.stop()
            app.quit()

    timer.timeout.connect(tick)
    if start is not None:
        QTimer.singleShot(0, start)
    timer.start()
    app.exec()
    return {"p50_ms": round(percentile(lags, 50), 2), "p99_ms": round(percentile(lags, 99), 2),
            "max_ms": round(max(lags, default=0.0), 2), "ticks": len(lags)}


def wait(app: QApplication, predicate: Callable[[], bool], limit_s: float = 120.0) -> None:
    deadline = time.monotonic() + limit_s
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not reach the expected state")
        app.processEvents()
        time.sleep(0.005)


def run(tokens: int) -> dict[str, Any]:
    import openai

    from app import paths
    from app.chat.store import HistoryStore
    from app.engine import remote
    from app.engine.params import SamplingParams
    from app.engine.remote import remote_path
    from app.gui import build_window
    from app.remotes import Remote
    from app.server.runner import ServerConfig
    from app.settings import AppSettings
    from model_store.starter import starter_model_path
    from tests.remote_servers import flood, free_port, llama_cpp_server

    app = QApplication.instance() or QApplication(sys.argv[:1])
    store = HistoryStore.open_or_recover(paths.history_db())
    window = build_window(store, AppSettings(), dark=False)
    window.resize(1280, 800)
    window.show()
    window.load_initial_model()
    wait(app, lambda: window.host.model_info is not None)
    session = window.session
    greedy = SamplingParams(temperature=0, seed=1, max_tokens=tokens)
    session.set_sampling(greedy)
    result: dict[str, Any] = {"idle": lag_until(app, _after(2.0))}
    result["local_chat"] = lag_until(app, lambda: not session.busy, lambda: session.send(QUESTION))

    server = window.server.server
    server.start(ServerConfig("127.0.0.1", free_port()))
    served: list[int] = []

    def clients() -> None:
        client = openai.OpenAI(base_url=server.config.url, api_key="unused", max_retries=0)
        for _ in range(3):
            stream = client.chat.completions.create(model=window.host.model_info.name, stream=True, temperature=0,
                                                    max_tokens=tokens, messages=[{"role": "user", "content": QUESTION}])
            served.append(sum(1 for c in stream if c.choices and c.choices[0].delta.content))

    worker = threading.Thread(target=clients)
    result["serving"] = {**lag_until(app, lambda: not worker.is_alive(), worker.start), "answers": len(served),
                         "tokens_streamed": sum(served)}
    outcomes: list[tuple[int, dict]] = []
    body = {"model": window.host.model_info.name, "max_tokens": 4, "messages": [{"role": "user", "content": "Hi"}]}
    port = server.config.port
    burst = threading.Thread(target=lambda: outcomes.extend(asyncio.run(flood(port, [body] * 1000))))
    result["thousand_connections"] = {**lag_until(app, lambda: not burst.is_alive(), burst.start),
                                      "answered": sum(1 for status, _ in outcomes if status == 200),
                                      "refused_429_503": sum(1 for status, _ in outcomes if status in (429, 503)),
                                      "other": sum(1 for status, _ in outcomes if status not in (200, 429, 503))}
    server.stop()

    with llama_cpp_server(starter_model_path()) as url:
        window.remotes.remotes.add(Remote("Lab", url), None)
        window.remotes.refresh()
        wait(app, lambda: bool(window.remotes.entries()))
        window.prompts.confirm = lambda *args, **kwargs: True
        window.load_model(remote_path("Lab", "smollm2"))
        wait(app, lambda: window.host.model_info is not None and bool(window.host.model_info.remote))
        wire: list[str] = []
        remote.Events = _recording(remote.Events, wire)  # the content deltas as they come off the network
        shown: list[str] = []
        window.host.token.connect(lambda _request, text: shown.append(text))
        ended: list = []
        window.host.finished.connect(lambda _request, stats: ended.append(stats))
        session.new_conversation()
        session.set_sampling(greedy)
        lag = lag_until(app, lambda: bool(ended) and not session.busy, lambda: session.send(QUESTION))
        stats = ended[-1]
        path = session.store.tree.path(session.conversation.id)
        received = list(wire)
        text = "".join(shown)
        result["remote_chat"] = {**lag, "tokens_received": len(received),
                                 "tokens_shown": shown_in_order(received, text),
                                 "shown_over_received": round(shown_in_order(received, text) / max(1, len(received)), 3),
                                 "saved_equals_shown": path[-1].content == text, "tok_s": round(stats.decode_tok_s, 1)}
    window.close()
    window.host.shutdown()
    store.close()
    return result


def _recording(events_class: type, wire: list[str]) -> type:
    """The remote engine's event reader, also noting every content delta it reads."""

    class Recording(events_class):
        def __iter__(self):
            for event in super().__iter__():
                for choice in event.get("choices") or []:
                    content = (choice.get("delta") or {}).get("content")
                    if isinstance(content, str) and content:
                        wire.append(content)
                yield event

    return Recording


def shown_in_order(received: list[str], shown: str) -> int:
    """How many received tokens the window showed, in order (each one's text at its place)."""
    at = 0
    for count, token in enumerate(received):
        if not shown.startswith(token, at):
            return count
        at += len(token)
    return len(received)


def _after(seconds: float) -> Callable[[], bool]:
    deadline = time.monotonic() + seconds
    return lambda: time.monotonic() > deadline


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tokens", type=int, default=200)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = run(args.tokens)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    for section, values in result.items():
        print(f"{section:12} " + "  ".join(f"{k}={v}" for k, v in values.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
