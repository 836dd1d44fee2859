"""A real reasoning-format model end to end: the starter model under Qwen3.5's own chat template.

Qwen3.5's template opens ``<think>`` in the generation prompt (thinking on by default) and
writes an empty, closed block when ``enable_thinking`` is false. The tiny starter model never
closes the block by itself, so with thinking on everything it writes is thinking and it gives
no answer; with thinking off it answers normally. Both through the engine and the CLI flags.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from app.engine.errors import ContextOverflowError
from app.engine.llama import LlamaEngine
from app.engine.params import DEFAULT_SYSTEM_PROMPT, LoadParams, SamplingParams
from app.engine.types import ChatMessage, ChatOptions

pytestmark = [pytest.mark.model]

QUESTION = "What is the capital of France?"
FRANCE = [ChatMessage("system", DEFAULT_SYSTEM_PROMPT), ChatMessage("user", QUESTION)]
GREEDY = SamplingParams(temperature=0, max_tokens=40)


@pytest.fixture(scope="module")
def engine(qwen35_model_path):
    eng = LlamaEngine()
    eng.load(LoadParams(model_path=str(qwen35_model_path), n_ctx=2048))
    yield eng
    eng.unload()


def answer(engine, messages, options=None, params=GREEDY):
    content: list[str] = []
    reasoning: list[str] = []
    stats = engine.generate(messages, params, content.append, options=options, on_reasoning=reasoning.append)
    return "".join(content), "".join(reasoning), stats


def hearth(*args: str, home, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "HEARTH_HOME": str(home), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "app", *args], input=stdin, capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=180,
                          stdin=None if stdin is not None else subprocess.DEVNULL)


def test_the_template_is_recognised_as_a_switchable_thinking_model(engine):
    info = engine.info
    assert info.template_origin == "model" and info.template_warning == ""
    assert info.reasoning_format and "think" in info.reasoning_format
    assert info.thinking_choices == ("on", "off")


def test_thinking_on_everything_goes_to_the_thinking_block(engine):
    content, reasoning, stats = answer(engine, FRANCE)
    assert engine.render_prompt(FRANCE).endswith("<|im_start|>assistant\n<think>\n")
    assert "Paris" in reasoning
    assert content == ""
    assert stats.reasoning_unclosed and stats.reasoning_tokens == stats.completion_tokens
    assert "<think>" not in reasoning and "</think>" not in reasoning


def test_thinking_off_answers_normally(engine):
    off = ChatOptions(thinking="off")
    assert engine.render_prompt(FRANCE, off).endswith("<think>\n\n</think>\n\n")
    content, reasoning, stats = answer(engine, FRANCE, off)
    assert "Paris" in content
    assert reasoning == "" and not stats.reasoning_unclosed and stats.reasoning_tokens == 0


def test_the_model_default_is_the_templates_own(engine):
    assert engine.render_prompt(FRANCE, ChatOptions(thinking=None)) == engine.render_prompt(
        FRANCE, ChatOptions(thinking="on"))


def test_reasoning_in_history_reaches_the_template_as_reasoning_content(engine):
    history = FRANCE + [ChatMessage("assistant", "Paris.", "The user asks about France.")]
    text = engine.render_prompt(history + [ChatMessage("user", "And Spain?")])
    # Qwen3.5 keeps only the thinking of turns after the last question; the answer stays.
    assert "<|im_start|>assistant\nParis.<|im_end|>" in text
    assert "The user asks about France." not in text
    last = engine.render_prompt(history, ChatOptions())  # the assistant turn is after the last question
    assert "<think>\nThe user asks about France.\n</think>\n\nParis." in last


def test_a_long_chat_keeps_going_past_the_context_and_the_prefix_cache_still_works(qwen35_model_path):
    eng = LlamaEngine()
    eng.load(LoadParams(model_path=str(qwen35_model_path), n_ctx=512))
    try:
        off = ChatOptions(thinking="off")
        params = SamplingParams(temperature=0, max_tokens=48)
        history = [ChatMessage("system", DEFAULT_SYSTEM_PROMPT)]
        dropped_turns = []
        evaluated = []
        for i in range(14):
            history.append(ChatMessage("user", f"Tell me one fact about the number {i + 1}, in one sentence."))
            content, _reasoning, stats = answer(eng, history, off, params)
            history.append(ChatMessage("assistant", content))
            dropped_turns.append(stats.dropped_messages)
            evaluated.append((stats.prompt_tokens_evaluated, stats.prompt_tokens))
        assert max(dropped_turns) > 0, dropped_turns  # the chat outgrew the 512-token context
        assert dropped_turns == sorted(dropped_turns)  # the window only moves forward
        # Turns where the window stayed put read only the new turn, not the whole prompt.
        steady = [e for e, d0, d1 in zip(evaluated[1:], dropped_turns, dropped_turns[1:]) if d0 == d1 and d0 > 0]
        assert steady, (dropped_turns, evaluated)
        assert all(done < total / 2 for done, total in steady), evaluated
        with pytest.raises(ContextOverflowError):
            answer(eng, history + [ChatMessage("user", "word " * 600)], ChatOptions(overflow="truncate"), params)
        with pytest.raises(ContextOverflowError) as err:
            answer(eng, history + [ChatMessage("user", "Go on.")], ChatOptions(overflow="stop", thinking="off"),
                   params)
        assert "leave out the oldest messages" in str(err.value)
    finally:
        eng.unload()


def test_an_answer_that_fills_the_context_continues_after_the_window_moves(qwen35_model_path):
    eng = LlamaEngine()
    eng.load(LoadParams(model_path=str(qwen35_model_path), n_ctx=384))
    try:
        history = [ChatMessage("system", DEFAULT_SYSTEM_PROMPT)]
        for i in range(6):
            history += [ChatMessage("user", f"Question number {i}: what is {i} plus {i}?"),
                        ChatMessage("assistant", f"{i} plus {i} is {2 * i}. " * 3)]
        history.append(ChatMessage("user", "Now write a very long story about a lighthouse keeper."))
        params = SamplingParams(temperature=0.8, seed=7, max_tokens=300)
        content, _reasoning, stats = answer(eng, history, ChatOptions(thinking="off"), params)
        n_ctx = eng.info.n_ctx  # llama.cpp rounds the context up (384 → 512)
        assert stats.finish_reason == "length", stats
        assert stats.completion_tokens == 300
        assert stats.prompt_tokens + stats.completion_tokens > n_ctx  # it could not have fitted
        assert stats.dropped_messages > 0
        assert stats.context_used < n_ctx
        assert len(content) > 400  # all 300 tokens of text arrived
    finally:
        eng.unload()


# -- the command line ------------------------------------------------------------------------


def test_cli_show_prompt_prints_the_exact_prompt_and_does_not_generate(qwen35_model_path, engine, hearth_home):
    proc = hearth("chat", "--model", str(qwen35_model_path), "--show-prompt", QUESTION, home=hearth_home)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == engine.render_prompt(FRANCE)
    off = hearth("chat", "--model", str(qwen35_model_path), "--show-prompt", "--no-think", QUESTION,
                 home=hearth_home)
    assert off.stdout == engine.render_prompt(FRANCE, ChatOptions(thinking="off"))
    assert off.stdout.endswith("<think>\n\n</think>\n\n")


def test_cli_json_with_thinking_on_and_off(qwen35_model_path, hearth_home):
    common = ("chat", "--model", str(qwen35_model_path), "--temperature", "0", "--max-tokens", "40", "--json")
    think = hearth(*common, "--think", QUESTION, home=hearth_home)
    assert think.returncode == 0, think.stderr
    result = json.loads(think.stdout)
    assert {"content", "reasoning", "stats"} <= set(result)
    assert "Paris" in result["reasoning"] and result["content"] == ""
    assert result["stats"]["reasoning_unclosed"] is True
    plain = json.loads(hearth(*common, "--no-think", QUESTION, home=hearth_home).stdout)
    assert "Paris" in plain["content"] and plain["reasoning"] == ""


def test_cli_reasoning_goes_to_stderr_only_when_asked(qwen35_model_path, hearth_home):
    common = ("chat", "--model", str(qwen35_model_path), "--temperature", "0", "--max-tokens", "40")
    quiet = hearth(*common, QUESTION, home=hearth_home)
    assert quiet.returncode == 0 and "Paris" not in quiet.stdout + quiet.stderr
    assert "still thinking" in quiet.stderr  # nothing was concluded, and it says so
    shown = hearth(*common, "--show-reasoning", QUESTION, home=hearth_home)
    assert "Paris" in shown.stderr and "Paris" not in shown.stdout


def test_cli_messages_file_is_the_conversation(qwen35_model_path, hearth_home, tmp_path, engine):
    convo = [{"role": "system", "content": "Answer in one word."},
             {"role": "user", "content": "Name a colour."},
             {"role": "assistant", "content": "Blue.", "reasoning": "Any colour will do."},
             {"role": "user", "content": "Another one?"}]
    path = tmp_path / "chat.json"
    path.write_text(json.dumps(convo), encoding="utf-8")
    shown = hearth("chat", "--model", str(qwen35_model_path), "--messages", str(path), "--show-prompt",
                   home=hearth_home)
    assert shown.returncode == 0, shown.stderr
    expected = [ChatMessage(m["role"], m["content"], m.get("reasoning", "")) for m in convo]
    assert shown.stdout == engine.render_prompt(expected)
    more = hearth("chat", "--model", str(qwen35_model_path), "--messages", str(path), "--show-prompt",
                  "And a third?", home=hearth_home)
    assert more.stdout == engine.render_prompt(expected + [ChatMessage("user", "And a third?")])
    answered = hearth("chat", "--model", str(qwen35_model_path), "--messages", str(path), "--no-think",
                      "--temperature", "0", "--max-tokens", "16", "--json", home=hearth_home)
    assert answered.returncode == 0 and json.loads(answered.stdout)["content"].strip()


@pytest.mark.parametrize("text, words", [
    ("{not json", ["not valid JSON"]),
    ('{"role": "user"}', ["JSON list"]),
    ('[{"role": "robot", "content": "hi"}]', ["message 1", "role"]),
    ('[{"role": "user", "content": 5}]', ["message 1", "content"]),
    ('[{"role": "assistant", "content": "x", "reasoning": []}]', ["reasoning"]),
])
def test_cli_bad_messages_file_is_one_sentence(text, words, hearth_home, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    proc = hearth("chat", "--messages", str(path), "--show-prompt", home=hearth_home)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    line = proc.stderr.strip()
    assert line.startswith("hearth: ") and "\n" not in line
    for word in words:
        assert word.lower() in line.lower()


def test_cli_chat_template_override(qwen35_model_path, hearth_home, tmp_path):
    template = tmp_path / "plain.jinja"
    template.write_text("{% for m in messages %}[{{ m.role }}] {{ m.content }}\n{% endfor %}"
                        "{% if add_generation_prompt %}[assistant] {% endif %}", encoding="utf-8")
    proc = hearth("chat", "--model", str(qwen35_model_path), "--chat-template", str(template), "--show-prompt",
                  QUESTION, home=hearth_home)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f"[system] {DEFAULT_SYSTEM_PROMPT}\n[user] {QUESTION}\n[assistant] "
    broken = tmp_path / "broken.jinja"
    broken.write_text("{% for m in messages %}{{ m.content }", encoding="utf-8")
    bad = hearth("chat", "--model", str(qwen35_model_path), "--chat-template", str(broken), QUESTION,
                 home=hearth_home)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert bad.stderr.startswith("hearth: broken.jinja: ") and len(bad.stderr.strip().splitlines()) == 1


def test_cli_effort_on_a_model_without_it_says_so(qwen35_model_path, hearth_home):
    proc = hearth("chat", "--model", str(qwen35_model_path), "--reasoning-effort", "high", "--show-prompt",
                  QUESTION, home=hearth_home)
    assert proc.returncode == 0
    assert "--reasoning-effort" in proc.stderr and "--think" in proc.stderr
    assert proc.stdout.endswith("<think>\n")


def test_gpt_oss_template_offers_effort_not_a_switch(tmp_path, hearth_home):
    from model_store.starter import starter_model_path
    from tests.integration.conftest import copy_with_template
    from tests.real_data import chat_templates

    path = copy_with_template(starter_model_path(), chat_templates()["openai-gpt-oss-120b"], tmp_path / "oss.gguf")
    eng = LlamaEngine()
    info = eng.load(LoadParams(model_path=str(path), n_ctx=1024))
    try:
        assert info.reasoning_format == "gpt-oss Harmony channels"
        assert info.thinking_choices == ("low", "medium", "high")
        assert "Reasoning: medium" in eng.render_prompt(FRANCE)  # the template's own default
        assert eng.render_prompt(FRANCE).endswith("<|start|>assistant")
    finally:
        eng.unload()
    high = hearth("chat", "--model", str(path), "--reasoning-effort", "high", "--show-prompt", QUESTION,
                  home=hearth_home)
    assert high.returncode == 0 and "Reasoning: high" in high.stdout and high.stderr == ""
    think = hearth("chat", "--model", str(path), "--no-think", "--show-prompt", QUESTION, home=hearth_home)
    assert "--reasoning-effort low|medium|high" in think.stderr and "Reasoning: medium" in think.stdout
