"""Benchmark: does streaming a long answer keep the GUI responsive and flat per token?

    .venv/bin/python -m tests.bench.bench_gui_stream [--tokens 20000] [--rate 200]
        [--content mixed|code|list|paragraph] [--thinking N] [--inspect] [--baseline SECONDS] [--json]

Offscreen, a ChatView is filled with ~200 KB of mixed Markdown history, then a
worker QThread streams tokens of mixed Markdown (paragraphs, lists, code, tables)
through a queued signal, as the real worker does, into begin_live/append_live_text.
A 1 ms timer in the GUI thread measures event-loop lag (actual interval minus 1 ms).
``--content`` picks a worst case instead: one code block, one tight list or one
paragraph that never ends. ``--thinking N`` sends the first N tokens as a reasoning
model's thinking (append_live_reasoning: the "Thinking…" block, folded when the answer
begins) and the rest as the answer. ``--inspect`` streams the answer as the next-token
inspector shows it: every token tinted by its probability (a link with 5 alternatives),
delivered in batches of 10 (50 ms at 200 tok/s) as the worker sends them; at the end the whole
answer is rendered as tokens once. ``--baseline`` first measures an idle event loop, to
show how much lag the machine itself adds.

Reports lag p50/p99/max, and the mean GUI cost per token (append_live_text plus the
throttled renders, in CPU time of the GUI thread so that other processes on a busy
machine do not blur it) over the first and the last 1,000 tokens, with their ratio
(1.0 = flat; the answer repeats a 1,000-token section, so both windows stream the
same Markdown), the cost of every 1,000-token window and its least-squares trend.
Targets: lag p99 <= 10 ms, max <= 30 ms, ratio near 1.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import time
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal, Slot  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.engine.inspector import Alternative, TokenChoice  # noqa: E402
from app.ui.chat_view import ChatView, MessageView  # noqa: E402

_WORDS = (
    "the model answers with a long explanation of caching tokens context memory layout "
    "render stream thread queue latency throughput python window document paragraph "
    "list table value result example function returns state because however simply"
).split()


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(6, 16))]
    if rng.random() < 0.3:
        i = rng.randrange(len(words))
        words[i] = rng.choice([f"**{words[i]}**", f"`{words[i]}()`", f"*{words[i]}*"])
    return " ".join(words).capitalize() + "."


def _block(rng: random.Random) -> str:
    kind = rng.choices(["para", "bullets", "numbers", "code", "table", "heading", "quote"], [5, 2, 2, 2, 1, 1, 1])[0]
    if kind == "para":
        return " ".join(_sentence(rng) for _ in range(rng.randint(2, 5)))
    if kind == "bullets":
        return "\n".join(f"- {_sentence(rng)}" for _ in range(rng.randint(3, 6)))
    if kind == "numbers":
        return "\n".join(f"{i}. {_sentence(rng)}" for i in range(1, rng.randint(3, 6)))
    if kind == "code":
        lines = [f"def step_{rng.randint(0, 99)}(value, limit={rng.randint(1, 9)}):"]
        for _ in range(rng.randint(4, 40)):
            lines.append(f"    value = value * {rng.randint(2, 9)} + {rng.randint(0, 9)}  # {rng.choice(_WORDS)}")
        lines.append("    return value")
        return "```python\n" + "\n".join(lines) + "\n```"
    if kind == "table":
        rows = ["| name | size | note |", "|---|---:|---|"]
        for _ in range(rng.randint(2, 6)):
            rows.append(f"| {rng.choice(_WORDS)} | {rng.randint(1, 999)} | {rng.choice(_WORDS)} |")
        return "\n".join(rows)
    if kind == "heading":
        return "## " + _sentence(rng)[:-1]
    return "> " + _sentence(rng)


def markdown_text(rng: random.Random, chars: int) -> str:
    """Mixed Markdown of about ``chars`` characters."""
    blocks: list[str] = []
    size = 0
    while size < chars:
        blocks.append(_block(rng))
        size += len(blocks[-1]) + 2
    return "\n\n".join(blocks) + "\n"


def history(rng: random.Random, total_chars: int) -> list[MessageView]:
    """Alternating user/assistant messages totalling about ``total_chars``."""
    messages: list[MessageView] = []
    size = 0
    while size < total_chars:
        question = _sentence(rng) + " " + _sentence(rng)
        answer = markdown_text(rng, rng.randint(2000, 8000))
        messages.append(MessageView(len(messages) + 1, "user", question))
        stats = {"decode_tok_s": 40.0}
        messages.append(MessageView(len(messages) + 1, "assistant", answer, model="bench", stats=stats))
        size += len(question) + len(answer)
    return messages


def _pieces(text: str) -> list[str]:
    return re.findall(r"\s*\S{1,6}|\s+", text)


def tokens(rng: random.Random, count: int, period: int = 1000) -> list[str]:
    """``count`` word-sized pieces of a long Markdown answer.

    The answer repeats one section of exactly ``period`` pieces that ends at a
    block boundary, so windows ``period`` tokens apart stream the same Markdown:
    any difference in their cost comes from the size of the document, not the content.
    """
    section: list[str] = []
    while True:
        block = _pieces(_block(rng)) + ["\n\n"]
        if len(section) + len(block) > period - 2:
            break
        section.extend(block)
    filler = [" " + rng.choice(_WORDS) for _ in range(period - 1 - len(section))]
    if filler:
        filler[0] = filler[0].strip().capitalize()
    section.extend(filler)
    section.append(".\n\n")
    return (section * (count // period + 1))[:count]


def worst_case_tokens(kind: str, count: int) -> list[str]:
    """One block that never ends: a code block, a tight list, or a paragraph without blank lines."""
    if kind == "code":
        head, line = "Here it is:\n\n```python\n", "    value = step(value, {n}) * 2  # line {n}\n"
    elif kind == "list":
        head, line = "Items:\n\n", "- item {n} with a few words of text\n"
    else:
        head, line = "", "and the sentence {n} goes on and on "
    pieces = _pieces(head)
    n = 0
    while len(pieces) < count:
        pieces.extend(_pieces(line.format(n=n)))
        n += 1
    return pieces[:count]


class Feeder(QObject):
    """Lives in a worker thread; emits one token per 1/rate seconds, on an absolute schedule
    (and with ``records``, the inspector's records in batches of 10, as the worker batches them)."""

    token = Signal(str)
    choices = Signal(object)
    done = Signal()

    def __init__(self, pieces: list[str], rate: float, records: list | None = None) -> None:
        super().__init__()
        self._pieces = pieces
        self._rate = rate
        self._records = records

    @Slot()
    def run(self) -> None:
        start = time.perf_counter()
        records, batch = self._records, []
        for i, piece in enumerate(self._pieces):
            delay = start + i / self._rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            if records is not None:
                batch.append(records[i])
                if len(batch) == 10:
                    self.choices.emit(batch)
                    batch = []
            self.token.emit(piece)
        if batch:
            self.choices.emit(batch)
        self.done.emit()


class TimedChatView(ChatView):
    """A ChatView that adds the time of each throttled render to the current token's bucket."""

    def __init__(self, costs: list[float]) -> None:
        self.costs = costs
        self.index = 0
        self.render_ms: list[float] = []  # wall time of each render
        super().__init__()
        render = self._stream._render

        def timed_render(footer: str = "") -> None:
            t0, w0 = time.thread_time(), time.perf_counter()
            render(footer)
            self.render_ms.append((time.perf_counter() - w0) * 1000)
            if self.index < len(self.costs):
                self.costs[self.index] += time.thread_time() - t0

        self._stream._render = timed_render  # the live renderer's throttled tail render


class Sink(QObject):
    """Lives in the GUI thread: receives the worker's queued signals, as the app's controller does."""

    def __init__(self, view: TimedChatView, costs: list[float], pieces: list[str], rate: float,
                 clock: dict[str, Any], app: QApplication, thinking: int = 0) -> None:
        super().__init__()
        self.view, self.costs, self.pieces, self.rate, self.clock, self.app = view, costs, pieces, rate, clock, app
        self.thinking = thinking
        self.finish_ms = 0.0

    @Slot(str)
    def on_token(self, piece: str) -> None:
        t = time.thread_time()
        if self.view.index < self.thinking:
            self.view.append_live_reasoning(piece)
        else:
            self.view.append_live_text(piece)
        self.costs[self.view.index] += time.thread_time() - t
        self.view.index += 1

    @Slot(object)
    def on_choices(self, records: list) -> None:
        t = time.thread_time()
        self.view.append_live_choices(records)
        self.costs[max(self.view.index - 1, 0)] += time.thread_time() - t

    @Slot()
    def on_done(self) -> None:
        self.clock["streaming"] = False
        t = time.perf_counter()
        stats = {"decode_tok_s": self.rate, "completion_tokens": len(self.pieces),
                 "reasoning_ms": self.thinking / self.rate * 1000}
        message = None
        if self.view.inspect_live:
            message = MessageView(10_000, "assistant", "".join(self.pieces), stats=stats, inspectable=True)
        self.view.finish_live("complete", stats, "".join(self.pieces[self.thinking:]),
                              "".join(self.pieces[:self.thinking]), message)
        self.finish_ms = (time.perf_counter() - t) * 1000
        self.app.quit()


def trend_pct(values: list[float]) -> float:
    """Least-squares change from the first to the last value, in % of the mean (0 = flat)."""
    n = len(values)
    if n < 2:
        return 0.0
    mean_x, mean_y = (n - 1) / 2, sum(values) / n
    slope = sum((i - mean_x) * (v - mean_y) for i, v in enumerate(values)) / sum((i - mean_x) ** 2 for i in range(n))
    return slope * (n - 1) / mean_y * 100 if mean_y else 0.0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))] if ordered else 0.0


def measure_lag(app: QApplication, seconds: float) -> list[float]:
    """Event-loop lag of a 1 ms timer while the loop runs for ``seconds`` (idle unless work is queued)."""
    lags: list[float] = []
    last = [0.0]

    def tick() -> None:
        now = time.perf_counter()
        if last[0]:
            lags.append((now - last[0]) * 1000 - 1.0)
        last[0] = now

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(1)
    timer.timeout.connect(tick)
    timer.start()
    QTimer.singleShot(int(seconds * 1000), app.quit)
    app.exec()
    timer.stop()
    return lags


def baseline(seconds: float) -> dict[str, Any]:
    """Lag of an idle event loop: what the machine alone adds (scheduling, other processes)."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    lags = measure_lag(app, seconds)
    return {
        "idle_seconds": seconds,
        "idle_lag_p99_ms": round(percentile(lags, 99), 3),
        "idle_lag_p999_ms": round(percentile(lags, 99.9), 3),
        "idle_lag_max_ms": round(max(lags, default=0.0), 3),
    }


def token_records(pieces: list[str], rng: random.Random) -> list[TokenChoice]:
    """Made-up inspector records for the pieces: a probability and five alternatives each."""
    out = []
    for i, piece in enumerate(pieces):
        prob = rng.choice([0.97, 0.8, 0.6, 0.3, 0.1, 0.02])
        top = tuple(Alternative(i * 5 + j, (piece if j == 0 else rng.choice(_WORDS)).encode(), prob / (j + 1))
                    for j in range(5))
        out.append(TokenChoice(i * 5, piece.encode(), prob, 1, top))
    return out


def run(n_tokens: int, rate: float, history_chars: int, content: str = "mixed", thinking: int = 0,
        inspect: bool = False) -> dict[str, Any]:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    rng = random.Random(1234)
    costs = [0.0] * n_tokens
    view = TimedChatView(costs)
    view.resize(900, 1000)
    view.show()
    past = history(rng, history_chars)
    t0 = time.perf_counter()
    view.set_messages(past)
    app.processEvents()
    set_messages_ms = (time.perf_counter() - t0) * 1000
    pieces = tokens(rng, n_tokens) if content == "mixed" else worst_case_tokens(content, n_tokens)

    lags: list[float] = []
    clock = {"last": 0.0, "streaming": False}

    def tick() -> None:
        now = time.perf_counter()
        if clock["streaming"] and clock["last"]:
            lags.append((now - clock["last"]) * 1000 - 1.0)
        clock["last"] = now

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(1)
    timer.timeout.connect(tick)
    timer.start()

    records = token_records(pieces, rng) if inspect else None
    if inspect:
        view.inspect_live = True
        view.set_token_source(lambda _id: records)
    sink = Sink(view, costs, pieces, rate, clock, app, thinking)
    thread = QThread()
    feeder = Feeder(pieces, rate, records)
    feeder.moveToThread(thread)
    feeder.choices.connect(sink.on_choices, Qt.ConnectionType.QueuedConnection)
    feeder.token.connect(sink.on_token, Qt.ConnectionType.QueuedConnection)
    feeder.done.connect(sink.on_done, Qt.ConnectionType.QueuedConnection)
    thread.started.connect(feeder.run)
    view.begin_live(10_000, "bench")
    clock["streaming"] = True
    wall = time.perf_counter()
    thread.start()
    app.exec()
    wall = time.perf_counter() - wall
    timer.stop()
    thread.quit()
    thread.wait()

    window = min(1000, n_tokens // 2)
    first = sum(costs[:window]) / window * 1000
    last = sum(costs[-window:]) / window * 1000
    by_window = [sum(costs[i:i + window]) / window * 1000 for i in range(0, n_tokens - window + 1, window)]
    thinking_part = {}
    if thinking >= 2 * window:
        think_first = sum(costs[:window]) / window * 1000
        think_last = sum(costs[thinking - window:thinking]) / window * 1000
        thinking_part = {
            "thinking_cost_first_ms_per_token": round(think_first, 4),
            "thinking_cost_last_ms_per_token": round(think_last, 4),
            "thinking_flatness_ratio": round(think_last / think_first, 3) if think_first else None,
            "fold_token_ms": round(costs[thinking] * 1000, 2) if thinking < n_tokens else None,
        }
    return {
        "tokens": n_tokens,
        "inspect": inspect,
        "thinking_tokens": thinking,
        **thinking_part,
        "content": content,
        "rate_tok_s": rate,
        "history_kb": round(sum(len(m.content) for m in past) / 1000, 1),
        "set_messages_ms": round(set_messages_ms, 1),
        "stream_wall_s": round(wall, 2),
        "answer_kb": round(sum(len(p) for p in pieces) / 1000, 1),
        "renders": len(view.render_ms),
        "render_p50_ms": round(percentile(view.render_ms, 50), 2),
        "render_max_ms": round(max(view.render_ms, default=0.0), 2),
        "lag_p50_ms": round(percentile(lags, 50), 3),
        "lag_p99_ms": round(percentile(lags, 99), 3),
        "lag_p999_ms": round(percentile(lags, 99.9), 3),
        "lag_max_ms": round(max(lags, default=0.0), 3),
        "lag_ticks": len(lags),
        "lags_over_16ms": sum(1 for lag in lags if lag > 16),
        "window_tokens": window,
        "cost_first_ms_per_token": round(first, 4),
        "cost_last_ms_per_token": round(last, 4),
        "flatness_ratio": round(last / first, 3) if first else None,
        "cost_by_window_ms_per_token": [round(c, 3) for c in by_window],
        "cost_trend_pct": round(trend_pct(by_window), 1),
        "finish_live_ms": round(sink.finish_ms, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=20_000, help="tokens to stream (default 20000)")
    parser.add_argument("--rate", type=float, default=200.0, help="tokens per second (default 200)")
    parser.add_argument("--history-kb", type=int, default=200, help="size of the pre-filled history (default 200)")
    parser.add_argument("--content", choices=["mixed", "code", "list", "paragraph"], default="mixed",
                        help="mixed Markdown (default), or one block that never ends: a code block, "
                             "a tight list, a paragraph")
    parser.add_argument("--thinking", type=int, default=0, metavar="N",
                        help="send the first N tokens as the model's thinking, the rest as its answer")
    parser.add_argument("--inspect", action="store_true",
                        help="stream the answer as the next-token inspector's tinted tokens")
    parser.add_argument("--baseline", type=float, default=0.0, metavar="SECONDS",
                        help="first measure the lag of an idle event loop for this long (default: skip)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    if args.tokens < 2:
        parser.error("--tokens must be at least 2")
    idle = baseline(args.baseline) if args.baseline > 0 else {}
    if not 0 <= args.thinking < args.tokens:
        parser.error("--thinking must be less than --tokens")
    result = {**run(args.tokens, args.rate, args.history_kb * 1000, args.content, args.thinking, args.inspect),
              **idle}
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        w = result["window_tokens"]
        print(f"history {result['history_kb']} KB rendered in {result['set_messages_ms']} ms")
        print(f"streamed {result['tokens']} tokens of {result['content']} Markdown ({result['answer_kb']} KB)"
              f"{' as tinted inspector tokens' if result['inspect'] else ''} "
              f"at {result['rate_tok_s']:.0f} tok/s in {result['stream_wall_s']} s")
        if result["thinking_tokens"]:
            print(f"of which the first {result['thinking_tokens']} were thinking; GUI CPU cost per token of the "
                  f"thinking: first {w} {result.get('thinking_cost_first_ms_per_token')} ms, last {w} "
                  f"{result.get('thinking_cost_last_ms_per_token')} ms, ratio {result.get('thinking_flatness_ratio')}; "
                  f"folding it when the answer began: {result.get('fold_token_ms')} ms")
        print(f"{result['renders']} tail renders: p50 {result['render_p50_ms']} ms, max {result['render_max_ms']} ms")
        print(f"event-loop lag: p50 {result['lag_p50_ms']} ms, p99 {result['lag_p99_ms']} ms, "
              f"p99.9 {result['lag_p999_ms']} ms, max {result['lag_max_ms']} ms")
        print(f"GUI CPU cost per token: tokens 1-{w} {result['cost_first_ms_per_token']} ms, "
              f"last {w} {result['cost_last_ms_per_token']} ms, ratio {result['flatness_ratio']}")
        print(f"GUI CPU cost per token by window of {w}: {result['cost_by_window_ms_per_token']}")
        print(f"least-squares trend over the stream: {result['cost_trend_pct']:+.1f}% (0 = flat)")
        print(f"finish_live: {result['finish_live_ms']} ms")
        print(f"lags over 16 ms: {result['lags_over_16ms']} of {result['lag_ticks']} ticks")
        if idle:
            print(f"idle event loop ({args.baseline:.0f} s, no streaming): lag p99 {idle['idle_lag_p99_ms']} ms, "
                  f"p99.9 {idle['idle_lag_p999_ms']} ms, max {idle['idle_lag_max_ms']} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
