"""A thousand connections at once: the queue stays bounded, the overflow gets OpenAI-shaped
429/503 answers at once, every accepted request is answered, and the server answers normally
afterwards. A scripted engine answers, so the test measures the server, not the model."""

from __future__ import annotations

import asyncio
import time


from app.engine.fake import FakeEngine
from tests.remote_servers import flood, hearth_server, post

CONNECTIONS = 1000


def test_a_thousand_connections_get_answers_or_clear_refusals():
    engine = FakeEngine(token_delay=0.002)
    with hearth_server(engine) as url:
        started = time.perf_counter()
        port = int(url.rsplit(":", 1)[1])
        results = asyncio.run(asyncio.wait_for(flood(port, [
            {"model": "fake:model", "messages": [{"role": "user", "content": f"question {i}"}]}
            for i in range(CONNECTIONS)]), 120))
        took = time.perf_counter() - started
        statuses = [status for status, _ in results]
        answered = [(i, body) for i, (status, body) in enumerate(results) if status == 200]
        refused = [body for status, body in results if status != 200]
        assert set(statuses) <= {200, 429, 503}, sorted(set(statuses))
        assert answered and refused
        for i, body in answered:  # each got its own answer: the fake echoes the question
            assert body["choices"][0]["message"]["content"].split() == ["You", "said:", "question", str(i)]
        assert {body["error"]["code"] for body in refused} <= {"busy", "rate_limited"}
        assert all(body["error"]["message"] and "Traceback" not in body["error"]["message"] for body in refused)
        assert took < 60
        print(f"{len(answered)} answered, {len(refused)} refused in {took:.1f} s")
        status, after = asyncio.run(post(port, {"model": "fake:model",
                                                 "messages": [{"role": "user", "content": "still there?"}]}))
        assert status == 200 and "still there?" in after["choices"][0]["message"]["content"]
