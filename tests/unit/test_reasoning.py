"""Reasoning in a streamed answer: the parser, format detection over the real templates, the thinking switch.

Every parser case is also run split at every boundary, character by character and over random
partitions: what a person sees must not depend on how the model's tokens cut the text.
"""

from __future__ import annotations

import datetime
import inspect
import json

import jinja2
import jinja2.meta
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import nodes
from jinja2.ext import Extension
from jinja2.sandbox import ImmutableSandboxedEnvironment

from app.engine.reasoning import (
    APRIEL_STEPS,
    COMMAND_THINKING,
    GEMMA_THOUGHT,
    GRANITE_TAGS,
    HARMONY,
    KIMI_THINK,
    KNOWN_FORMATS,
    MINIMAX_THINK,
    MISTRAL_THINK,
    MUSE_SELF,
    SEED_THINK,
    SOLAR_THINK,
    THINK_TAGS,
    ReasoningFormat,
    ReasoningParser,
)
from app.engine.reasoning_detect import ThinkingControl, detect_format, template_variables, thinking_control
from app.engine.types import ChatMessage
from tests.real_data import chat_templates

R, C = "reasoning", "content"
HY3_TAGS = ReasoningFormat("tags", "<think:opensource> tags", "<think:opensource>", "</think:opensource>")


def run(fmt: ReasoningFormat | None, pieces: list[str], starts: bool = False) -> tuple[list[tuple[str, str]], bool]:
    """Feed ``pieces``; the merged output and ``unclosed``. Checks each call's own promises."""
    parser = ReasoningParser(fmt, starts)
    out: list[tuple[str, str]] = []
    for piece in [*pieces, None]:
        got = parser.feed(piece) if piece is not None else parser.finish()
        assert all(kind in (R, C) and text for kind, text in got), got
        assert all(a[0] != b[0] for a, b in zip(got, got[1:])), got
        out += got
    merged: list[tuple[str, str]] = []
    for kind, text in out:
        if merged and merged[-1][0] == kind:
            merged[-1] = (kind, merged[-1][1] + text)
        else:
            merged.append((kind, text))
    return merged, parser.unclosed


# id, format, starts in reasoning, stream, expected pieces, unclosed
CASES = [
    ("think", THINK_TAGS, False, "<think>\nI think.\n</think>\n\nThe answer.",
     [(R, "I think."), (C, "The answer.")], False),
    ("think-forced-open", THINK_TAGS, True, "\nOkay, France.\n</think>\n\nParis.",
     [(R, "Okay, France."), (C, "Paris.")], False),
    ("think-reopened-by-model", THINK_TAGS, True, "<think>\nHmm.\n</think>\nOk", [(R, "Hmm."), (C, "Ok")], False),
    ("think-never-closes", THINK_TAGS, False, "<think>\nStill thinking \n\n", [(R, "Still thinking")], True),
    ("think-forced-never-closes", THINK_TAGS, True, "words words", [(R, "words words")], True),
    ("think-interleaved", THINK_TAGS, False,
     "<think>a</think>\n\nPart one.\n\n<think>\nb\n</think>\n\nPart two.",
     [(R, "a"), (C, "Part one."), (R, "\n\nb"), (C, "\n\nPart two.")], False),
    ("think-interleaved-no-gap", THINK_TAGS, False, "<think>a</think>Part one.<think>b</think>\n\nPart two.",
     [(R, "a"), (C, "Part one."), (R, "\n\nb"), (C, "\n\nPart two.")], False),
    ("think-mid-sentence", THINK_TAGS, False, "The result is <think>carry the one</think> 42.",
     [(C, "The result is"), (R, "carry the one"), (C, " 42.")], False),
    ("think-empty-block", THINK_TAGS, False, "<think>\n\n</think>\n\nHello", [(C, "Hello")], False),
    ("think-keeps-inner-blank-lines", THINK_TAGS, False, "<think>one\n\n  two  </think>x\n\ny\n",
     [(R, "one\n\n  two"), (C, "x\n\ny")], False),
    ("think-stray-close", THINK_TAGS, False, "Answer</think> more", [(C, "Answer more")], False),
    ("think-mixed-formats-stay", THINK_TAGS, False,
     "<think>[THINK]x[/THINK] <|channel|>analysis</think>[THINK]y[/THINK] <seed:think>",
     [(R, "[THINK]x[/THINK] <|channel|>analysis"), (C, "[THINK]y[/THINK] <seed:think>")], False),
    ("think-lookalikes", THINK_TAGS, False, "a <thinking> b < think> </think c <think",
     [(C, "a <thinking> b < think> </think c <think")], False),
    ("think-unicode", THINK_TAGS, False, "<think>法国的首都？🤔</think>\n\n巴黎。", [(R, "法国的首都？🤔"), (C, "巴黎。")], False),
    ("think-only-whitespace", THINK_TAGS, False, " \n\t ", [], False),
    ("think-no-reasoning", THINK_TAGS, False, "  Just an answer.\n", [(C, "Just an answer.")], False),
    ("mistral", MISTRAL_THINK, False, "[THINK]Let me see.[/THINK]Réponse<think>x</think>",
     [(R, "Let me see."), (C, "Réponse<think>x</think>")], False),
    ("seed", SEED_THINK, False, "<seed:think>plan</seed:think>\nHello", [(R, "plan"), (C, "Hello")], False),
    ("command", COMMAND_THINKING, True, "I'm\nthinking<|END_THINKING|><|START_RESPONSE|>Hello<|END_RESPONSE|>",
     [(R, "I'm\nthinking"), (C, "Hello")], False),
    ("command-a-text", COMMAND_THINKING, False, "<|START_THINKING|>t<|END_THINKING|><|START_TEXT|>Hi<|END_TEXT|>",
     [(R, "t"), (C, "Hi")], False),
    ("minimax-m3", MINIMAX_THINK, False, "<mm:think>x</mm:think>y", [(R, "x"), (C, "y")], False),
    ("minimax-m3-bare-close", MINIMAX_THINK, False, "</mm:think>Hello", [(C, "Hello")], False),
    ("kimi", KIMI_THINK, True, "t1<|close|>think<|sep|><|open|>response<|sep|>Answer<|close|>response<|sep|>",
     [(R, "t1"), (C, "Answer")], False),
    ("kimi-other-section-shown", KIMI_THINK, True, "t<|close|>think<|sep|><|open|>tools<|sep|>x",
     [(R, "t"), (C, "<|open|>tools<|sep|>x")], False),
    ("gemma", GEMMA_THOUGHT, False, "<|channel>thought\nThe user asks.\n<channel|>Paris.",
     [(R, "The user asks."), (C, "Paris.")], False),
    ("gemma-empty-thought", GEMMA_THOUGHT, False, "<|channel>thought\n<channel|>Hello<channel|>",
     [(C, "Hello")], False),
    ("gemma-unknown-channel-shown", GEMMA_THOUGHT, False, "<|channel>code\nx = 1\n<channel|>Done",
     [(C, "<|channel>code\nx = 1\nDone")], False),
    ("gemma-doubled-header", GEMMA_THOUGHT, False, "<|channel><|channel>thought\nt<channel|>Hi",
     [(C, "<|channel>"), (R, "t"), (C, "Hi")], False),
    ("apriel", APRIEL_STEPS, True, "1. think\n[BEGIN FINAL RESPONSE]\nAnswer\n[END FINAL RESPONSE]\n",
     [(R, "1. think"), (C, "Answer")], False),
    ("solar", SOLAR_THINK, False, "<|think|>t<|end|><|begin|>assistant<|content|>A<|end|>",
     [(R, "t"), (C, "A")], False),
    ("muse", MUSE_SELF, False, " to=self<|message|>t<|eom|><|start|>assistant to=user<|message|>A",
     [(R, "t"), (C, "A")], False),
    ("granite", GRANITE_TAGS, False, "<think>t</think>\n<response>A</response>", [(R, "t"), (C, "A")], False),
    ("hy3-generic", HY3_TAGS, True, "t</think:opensource>A<think>", [(R, "t"), (C, "A<think>")], False),
    ("harmony", HARMONY, False,
     "<|channel|>analysis<|message|>Think.<|end|><|start|>assistant<|channel|>final<|message|>Answer.",
     [(R, "Think."), (C, "Answer.")], False),
    ("harmony-preamble", HARMONY, False,
     "<|channel|>analysis<|message|>T<|end|><|start|>assistant<|channel|>commentary<|message|>Let me check."
     "<|end|><|start|>assistant<|channel|>analysis<|message|>U<|end|>"
     "<|start|>assistant<|channel|>final<|message|>Done.",
     [(R, "T"), (C, "Let me check."), (R, "\n\nU"), (C, "\n\nDone.")], False),
    ("harmony-unknown-channel-shown", HARMONY, False,
     "<|channel|>analysis<|message|>T<|end|><|start|>assistant<|channel|>secret<|message|>x<|end|>"
     "<|start|>assistant<|channel|>final<|message|>A",
     [(R, "T"), (C, "<|channel|>secret<|message|>x\n\nA")], False),
    ("harmony-text-before-header", HARMONY, False, "Hello <|channel|>final<|message|>World",
     [(C, "Hello\n\nWorld")], False),
    ("harmony-unclosed", HARMONY, False, "<|channel|>analysis<|message|>I'm\nthinking", [(R, "I'm\nthinking")], True),
    ("harmony-starts-in-analysis", HARMONY, True, "T<|end|><|start|>assistant<|channel|>final<|message|>A<|return|>",
     [(R, "T"), (C, "A")], False),
    ("harmony-mixed-formats-stay", HARMONY, False,
     "<|channel|>analysis<|message|><think>x</think><|end|><|start|>assistant<|channel|>final<|message|>[THINK]",
     [(R, "<think>x</think>"), (C, "[THINK]")], False),
    ("harmony-header-cut-off", HARMONY, False, "Answer<|start|>assistant", [(C, "Answer")], False),
    ("harmony-channel-cut-off", HARMONY, False, "Answer<|end|><|start|>assistant<|channel|>fin",
     [(C, "Answer<|channel|>fin")], False),
    ("harmony-long-header-is-text", HARMONY, False, "<|start|>" + "x" * 70 + "<|message|>y",
     [(C, "x" * 70 + "y")], False),
    ("none-passes-through", None, False, " <think>x</think>\n\n ", [(C, " <think>x</think>\n\n ")], False),
]
CASE_IDS = [c[0] for c in CASES]


@pytest.mark.parametrize("name, fmt, starts, text, expected, unclosed", CASES, ids=CASE_IDS)
def test_one_shot(name, fmt, starts, text, expected, unclosed):
    assert run(fmt, [text], starts) == (expected, unclosed)


@pytest.mark.parametrize("name, fmt, starts, text, expected, unclosed", CASES, ids=CASE_IDS)
def test_every_split_point_and_character_by_character(name, fmt, starts, text, expected, unclosed):
    whole = run(fmt, [text], starts)
    for i in range(len(text) + 1):
        assert run(fmt, [text[:i], text[i:]], starts) == whole, f"split at {i}: {text[:i]!r} | {text[i:]!r}"
    assert run(fmt, list(text), starts) == whole


@pytest.mark.parametrize("name, fmt, starts, text, expected, unclosed", CASES, ids=CASE_IDS)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_random_partitions(name, fmt, starts, text, expected, unclosed, data):
    cuts = sorted(data.draw(st.sets(st.integers(1, max(1, len(text) - 1)), max_size=12)))
    pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)])]
    assert run(fmt, pieces, starts) == (expected, unclosed)


_WORDS = ["a", "bc ", " ", "\n", "\n\n", "é", "🤔", "<", "[", "|", "x>", "think"]
TAG_FORMATS = [f for f in KNOWN_FORMATS if f.kind == "tags"] + [HY3_TAGS]


@pytest.mark.parametrize("fmt", TAG_FORMATS, ids=lambda f: f.name)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_generated_streams_tags(fmt, data):
    """Any mix of words and markers: no marker reaches a channel, no word is lost, splits don't matter."""
    markers = [m for m in (fmt.open, fmt.close, *fmt.hidden) if m]
    elements = data.draw(st.lists(st.sampled_from(_WORDS + markers), max_size=30))
    starts = data.draw(st.booleans())
    text = "".join(elements)
    cuts = sorted(data.draw(st.sets(st.integers(0, len(text)), max_size=10)))
    pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)])]
    whole = run(fmt, [text], starts)
    assert run(fmt, pieces, starts) == whole
    shown = "".join(t for _, t in whole[0])
    assert not any(m.strip() in t for m in markers for _, t in whole[0])
    words = "".join(e for e in elements if e not in markers)
    assert "".join(shown.split()) == "".join(words.split())


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_generated_streams_harmony(data):
    parts = ["<|start|>", "assistant", "<|channel|>", "analysis", "final", "commentary", "other", "<|message|>",
             "<|end|>", "<|return|>", *_WORDS]
    text = "".join(data.draw(st.lists(st.sampled_from(parts), max_size=30)))
    starts = data.draw(st.booleans())
    cuts = sorted(data.draw(st.sets(st.integers(0, len(text)), max_size=10)))
    pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)])]
    whole = run(HARMONY, [text], starts)
    assert run(HARMONY, pieces, starts) == whole
    assert not any(m in t for m in ("<|start|>", "<|end|>", "<|return|>") for _, t in whole[0])
    assert not any("<|channel|>" in t or "<|message|>" in t for k, t in whole[0] if k == R)


def test_no_format_costs_nothing_and_keeps_everything():
    parser = ReasoningParser(None, starts_in_reasoning=True)
    assert parser.feed("") == []
    assert parser.feed(" <think>") == [(C, " <think>")]
    assert parser.finish() == [] and not parser.in_reasoning and not parser.unclosed


def test_in_reasoning_follows_the_stream():
    parser = ReasoningParser(THINK_TAGS)
    assert not parser.in_reasoning
    parser.feed("<thi")
    assert not parser.in_reasoning
    parser.feed("nk>x")
    assert parser.in_reasoning
    parser.feed("</think>")
    assert not parser.in_reasoning
    parser.finish()
    assert not parser.unclosed


def test_format_markers_include_the_parts_a_tokenizer_sees():
    assert THINK_TAGS.markers == ("<think>", "</think>")
    assert set(KIMI_THINK.markers) >= {"<|open|>think<|sep|>", "<|open|>", "<|sep|>", "<|close|>"}
    assert set(GEMMA_THOUGHT.markers) == {"<|channel>thought", "<channel|>", "<|channel>"}
    assert set(HARMONY.markers) == {"<|start|>", "<|channel|>", "<|message|>", "<|end|>"}
    vocab = {"<think>": 7, "<|channel>": 100, "<channel|>": 101, "<|end|>": 3}
    assert THINK_TAGS.marker_tokens(vocab.get) == {7}
    assert GEMMA_THOUGHT.marker_tokens(vocab.get) == {100, 101}
    assert HARMONY.marker_tokens(vocab.get) == {3}
    with pytest.raises(ValueError):
        ReasoningFormat("xml", "?")
    with pytest.raises(ValueError):
        ReasoningFormat("tags", "no close", "<a>")


def test_no_marker_contains_another():
    """The scanner's leftmost match is split-independent only if no marker holds another inside it."""
    for fmt in [*KNOWN_FORMATS, HY3_TAGS]:
        parsed = [m for m in (fmt.open, fmt.close, *fmt.hidden) if m] if fmt.kind == "tags" else list(fmt.markers)
        for a in parsed:
            for b in parsed:
                assert a == b or b not in a[1:], (fmt.name, a, b)


# -- detection over the real templates ------------------------------------------------------

class _Generation(Extension):
    """``{% generation %}…{% endgeneration %}`` (transformers' assistant mask): renders its body."""

    tags = {"generation"}

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        body = parser.parse_statements(("name:endgeneration",), drop_needle=True)
        return nodes.Scope(body, lineno=lineno)


def _raise(message: str) -> None:
    raise jinja2.TemplateError(message)


def _tojson(value, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
    return json.dumps(value, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)


def _environment() -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True,
                                        extensions=["jinja2.ext.loopcontrols", _Generation])
    env.filters["tojson"] = _tojson
    env.globals["raise_exception"] = _raise
    env.globals["strftime_now"] = lambda fmt: datetime.datetime(2026, 12, 1).strftime(fmt)
    return env


def renderer(template: str):
    """A test-only renderer like transformers': reasoning goes in as ``reasoning_content`` and ``thinking``."""
    compiled = _environment().from_string(template)

    def render(messages, add_generation_prompt, variables):
        msgs = []
        for m in messages:
            msg = {"role": m.role, "content": m.content}
            if m.reasoning:
                msg["reasoning_content"] = msg["thinking"] = m.reasoning
            msgs.append(msg)
        return compiled.render(messages=msgs, add_generation_prompt=add_generation_prompt,
                               bos_token="<s>", eos_token="</s>", **variables)
    return render


def reads(template: str):
    names = jinja2.meta.find_undeclared_variables(_environment().parse(template))
    return names.__contains__


THINK, HARM, GEMMA = THINK_TAGS.name, HARMONY.name, GEMMA_THOUGHT.name
ON_OFF = ("on", "off")
SWITCH_ET = ThinkingControl("enable_thinking", ON_OFF)
SWITCH_T = ThinkingControl("thinking", ON_OFF)

# template → (reasoning format name, thinking control)
EXPECTED = {
    "Apertus-8B-Instruct": ("Apertus inner thoughts", SWITCH_ET),
    "Apriel-1.6-15b-Thinker-fixed": (APRIEL_STEPS.name, None),
    "Bielik-11B-v3.0-Instruct": (THINK, SWITCH_ET),
    "ByteDance-Seed-OSS": (SEED_THINK.name, None),  # thinking_budget: a number, not a switch
    "Cohere2MoE": (COMMAND_THINKING.name, ThinkingControl("reasoning_effort", ON_OFF, ("high", "none"))),
    "CohereForAI-c4ai-command-r-plus-tool_use": (None, None),
    "CohereForAI-c4ai-command-r7b-12-2024-tool_use": (COMMAND_THINKING.name, SWITCH_ET),
    "GLM-4.6": (THINK, SWITCH_ET),
    "GLM-4.7-Flash": (THINK, SWITCH_ET),
    "GigaChat3-10B-A1.8B": (None, None),
    "GigaChat3.1-10B-A1.8B": (None, None),
    "HuggingFaceTB-SmolLM3-3B": (THINK, SWITCH_ET),
    "Kimi-K2-Instruct": (None, None),
    "Kimi-K2-Thinking": (THINK, None),
    "Kimi-K3": (KIMI_THINK.name, SWITCH_T),
    "LFM2-8B-A1B": (None, None),
    "LFM2.5-8B-A1B": (THINK, None),
    "LFM2.5-Instruct": (THINK, None),  # only strips </think> from history: the family thinks in <think> tags
    "MiMo-VL": (None, None),
    "MiniMax-M1": (None, None),
    "MiniMax-M2": (THINK, None),
    "MiniMax-M3": (MINIMAX_THINK.name, None),  # thinking_mode: enabled/disabled/adaptive, not offered
    "Mistral-Small-3.2-24B-Instruct-2506": (None, None),
    "NVIDIA-Nemotron-3-Nano-30B-A3B-BF16": (THINK, SWITCH_ET),
    "NVIDIA-Nemotron-Nano-v2": (THINK, None),  # /think and /no_think in the system prompt
    "NousResearch-Hermes-2-Pro-Llama-3-8B-tool_use": (None, None),
    "NousResearch-Hermes-3-Llama-3.1-8B-tool_use": (None, None),
    "Qwen-QwQ-32B": (THINK, SWITCH_ET),
    "Qwen-Qwen2.5-7B-Instruct": (None, None),
    "Qwen-Qwen3-0.6B": (THINK, SWITCH_ET),
    "Qwen3-Coder": (None, None),
    "Qwen3.5-4B": (THINK, SWITCH_ET),
    "Reka-Edge": (THINK, SWITCH_ET),
    "Spark2.5": (THINK, SWITCH_ET),
    "StepFun3.5-Flash": (THINK, None),
    "deepseek-ai-DeepSeek-R1-Distill-Llama-8B": (THINK, None),
    "deepseek-ai-DeepSeek-R1-Distill-Qwen-32B": (THINK, SWITCH_ET),
    "deepseek-ai-DeepSeek-V3.1": (THINK, SWITCH_T),
    "deepseek-ai-DeepSeek-V3.2": (THINK, SWITCH_T),
    "deepseek-ai-DeepSeek-V4-Flash-0731": (THINK, SWITCH_T),
    "deepseek-ai-DeepSeek-V4": (THINK, SWITCH_T),
    "fireworks-ai-llama-3-firefunction-v2": (None, None),  # fails to render without its functions
    "google-gemma-2-2b-it": (None, None),
    "google-gemma-4-31B-it-interleaved": (GEMMA, SWITCH_ET),
    "google-gemma-4-31B-it": (GEMMA, SWITCH_ET),
    "ibm-granite-granite-3.3-2B-Instruct": (GRANITE_TAGS.name, SWITCH_T),
    "ibm-granite-granite-4.0": (None, None),
    "ibm-granite-granite-4.1": (None, None),
    "inclusionai-ling-3.0-flash": (THINK, SWITCH_ET),
    "llama-cpp-deepseek-r1": (THINK, None),
    "llama-cpp-rwkv-world": (THINK, SWITCH_ET),
    "meetkai-functionary-medium-v3.1": (None, None),
    "meetkai-functionary-medium-v3.2": (None, None),
    "meta-llama-Llama-3.1-8B-Instruct": (None, None),
    "meta-llama-Llama-3.2-3B-Instruct": (None, None),
    "meta-llama-Llama-3.3-70B-Instruct": (None, None),
    "microsoft-Phi-3.5-mini-instruct": (None, None),
    "mistralai-Ministral-3-14B-Reasoning-2512": (MISTRAL_THINK.name, None),
    "mistralai-Mistral-Nemo-Instruct-2407": (None, None),
    "moonshotai-Kimi-K2": (None, None),
    "muse-glimmer": (MUSE_SELF.name, None),
    "openai-gpt-oss-120b": (HARM, ThinkingControl("reasoning_effort", ("low", "medium", "high"))),
    "openbmb-MiniCPM5-1B": (THINK, SWITCH_ET),
    "poolside-Laguna-S-2.1": (THINK, SWITCH_ET),
    "poolside-Laguna-XS-2.1": (THINK, SWITCH_ET),
    "poolside-Laguna-XS.2": (THINK, SWITCH_ET),
    "tencent-Hy3": (HY3_TAGS.name, ThinkingControl("reasoning_effort", ON_OFF, ("high", "no_think"))),
    "unsloth-Apriel-1.5": (APRIEL_STEPS.name, None),
    "unsloth-mistral-Devstral-Small-2507": (None, None),
    "upstage-Solar-Open-100B": (SOLAR_THINK.name, ThinkingControl("reasoning_effort", ON_OFF, ("high", "minimal"))),
}
BUILT_AT_RUN_TIME = {"tencent-Hy3"}  # '<think{}>'.format(...): only probing finds it


@pytest.fixture(scope="module")
def templates() -> dict[str, str]:
    return chat_templates()


def test_the_table_covers_every_real_template(templates):
    assert sorted(templates) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_detection_on_real_templates(name, templates):
    template = templates[name]
    expected_format, expected_control = EXPECTED[name]
    fmt = detect_format(template, renderer(template))
    assert (fmt.name if fmt else None) == expected_format
    assert thinking_control(reads(template), renderer(template)) == expected_control
    from_text = detect_format(template)
    if name in BUILT_AT_RUN_TIME:
        assert from_text is None
    else:
        assert from_text == fmt


def _hearth_renderer(template: str):
    """Hearth's own formatter as the engine probes with it (a ChatML fallback counts as a failure)."""
    from app.engine.templates import ChatFormatter
    if "variables" not in inspect.signature(ChatFormatter.format).parameters:
        pytest.skip("ChatFormatter.format takes no template variables yet")
    formatter = ChatFormatter(template, "<s>", "</s>")

    def render(messages, add_generation_prompt, variables):
        text = formatter.format(messages, add_generation_prompt, variables or None)
        if formatter.is_fallback:
            raise ValueError(formatter.warning)
        return text
    return formatter, render


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_detection_through_hearths_own_renderer(name, templates):
    formatter, render = _hearth_renderer(templates[name])
    fmt = detect_format(templates[name], render)
    control = thinking_control(getattr(formatter, "reads", reads(templates[name])), render)
    assert ((fmt.name if fmt else None), control) == EXPECTED[name]


def test_generic_format_carries_the_probed_markers(templates):
    fmt = detect_format(templates["tencent-Hy3"], renderer(templates["tencent-Hy3"]))
    assert fmt == HY3_TAGS
    assert fmt.markers == ("<think:opensource>", "</think:opensource>")


# template, variables, whether the generation prompt leaves the answer inside a reasoning block
OPENS_IN = [
    ("Qwen3.5-4B", {}, True),
    ("Qwen3.5-4B", {"enable_thinking": False}, False),
    ("Qwen-Qwen3-0.6B", {}, False),
    ("Qwen-QwQ-32B", {"enable_thinking": True}, True),
    ("Qwen-QwQ-32B", {}, False),
    ("deepseek-ai-DeepSeek-R1-Distill-Llama-8B", {}, True),
    ("deepseek-ai-DeepSeek-V3.1", {"thinking": True}, True),
    ("deepseek-ai-DeepSeek-V3.1", {"thinking": False}, False),
    ("NVIDIA-Nemotron-Nano-v2", {}, True),
    ("openai-gpt-oss-120b", {}, False),
    ("google-gemma-4-31B-it", {"enable_thinking": True}, False),
    ("google-gemma-4-31B-it", {}, False),
    ("Kimi-K3", {}, True),
    ("Kimi-K3", {"thinking": False}, False),
    ("Cohere2MoE", {}, True),
    ("Cohere2MoE", {"reasoning_effort": "none"}, False),
    ("tencent-Hy3", {"reasoning_effort": "high"}, True),
    ("tencent-Hy3", {}, False),
    ("upstage-Solar-Open-100B", {}, False),
    ("Apriel-1.6-15b-Thinker-fixed", {}, True),
    ("MiniMax-M3", {}, False),
]


@pytest.mark.parametrize("name, variables, inside", OPENS_IN, ids=[f"{n}-{v}" for n, v, _ in OPENS_IN])
def test_opens_in_real_generation_prompts(name, variables, inside, templates):
    template = templates[name]
    render = renderer(template)
    fmt = detect_format(template, render)
    prompt = render([ChatMessage("user", "What is the capital of France?")], True, variables)
    assert fmt.opens_in(prompt) is inside


def test_the_thinking_switch_reaches_the_prompt(templates):
    template = templates["Qwen3.5-4B"]
    render = renderer(template)
    control = thinking_control(reads(template), render)
    question = [ChatMessage("user", "Hi")]
    assert render(question, True, template_variables(control, "off")).endswith("<think>\n\n</think>\n\n")
    assert render(question, True, template_variables(control, "on")).endswith("<think>\n")
    assert template_variables(control, "default") == template_variables(control, None) == {}


def test_template_variables():
    effort = ThinkingControl("reasoning_effort", ("low", "medium", "high"))
    assert template_variables(effort, "high") == {"reasoning_effort": "high"}
    assert template_variables(SWITCH_T, "off") == {"thinking": False}
    assert template_variables(SWITCH_ET, "on") == {"enable_thinking": True}
    switch = ThinkingControl("reasoning_effort", ON_OFF, ("high", "none"))
    assert template_variables(switch, "off") == {"reasoning_effort": "none"}
    assert template_variables(None, "on") == {}
    with pytest.raises(ValueError):
        template_variables(SWITCH_ET, "high")


def test_a_switch_needs_a_prompt_that_changes():
    template = "{% if enable_thinking %}{% endif %}{{ messages[0].content }}"
    assert thinking_control(lambda v: v == "enable_thinking", renderer(template)) is None
    assert thinking_control(lambda v: True, None) is None


# -- detection without a usable template: the vocabulary decides ------------------------------

THINK_VOCAB = {"<think>": 151667, "</think>": 151668}.get
LLAMA3 = ("{% for m in messages %}<|start_header_id|>{{ m.role }}<|end_header_id|>\n\n"
          "{{ m.content }}<|eot_id|>{% endfor %}")


def test_vocabulary_decides_without_a_template():
    assert detect_format("", None, THINK_VOCAB) == THINK_TAGS
    assert detect_format("", None, {"<|channel>": 100, "<channel|>": 101}.get) == GEMMA_THOUGHT
    assert detect_format("", None, {"<think>": 5}.get) is None  # half a pair is no pair
    assert detect_format("", None, None) is None


def test_vocabulary_decides_when_every_render_fails():
    def broken(messages, add_generation_prompt, variables):
        raise jinja2.TemplateError("needs tools")
    assert detect_format("{{ functions }}", broken, THINK_VOCAB) == THINK_TAGS


def test_vocabulary_never_overrules_a_template_without_reasoning():
    assert detect_format(LLAMA3, renderer(LLAMA3), THINK_VOCAB) is None
    assert detect_format(LLAMA3, None, THINK_VOCAB) is None


def test_real_tokens_win_among_candidates():
    template = "{{ '[THINK]' }}{{ '[/THINK]' }}{{ '</think>' }}"  # text that names two formats
    assert detect_format(template, None, THINK_VOCAB) == THINK_TAGS
    assert detect_format(template, None, {"[THINK]": 1, "[/THINK]": 2}.get) == MISTRAL_THINK


def test_generic_pair_found_by_probing():
    template = ("{% for m in messages %}<|{{ m.role }}|>{% if m.reasoning_content %}"
                "{{ '<' ~ 'reflect>' ~ m.reasoning_content ~ '</' ~ 'reflect>' }}{% endif %}"
                "{{ m.content }}{% endfor %}")
    fmt = detect_format(template, renderer(template))
    assert (fmt.open, fmt.close, fmt.name) == ("<reflect>", "</reflect>", "<reflect> tags")


def test_a_role_header_around_reasoning_is_not_a_format():
    template = ("{% for m in messages %}<bot>{% if m.reasoning_content %}{{ m.reasoning_content }}\n{% endif %}"
                "{{ m.content }}</bot>{% endfor %}")
    assert detect_format(template, renderer(template)) is None


def test_generic_pair_found_in_generation_prompts():
    template = ("{{ messages[0].content }}{% if add_generation_prompt %}<|bot|>"
                "{% if enable_thinking %}<ponder>{% else %}<ponder></ponder>{% endif %}{% endif %}")
    fmt = detect_format(template, renderer(template))
    assert (fmt.open, fmt.close) == ("<ponder>", "</ponder>")
    assert fmt.opens_in("q<|bot|><ponder>\n") and not fmt.opens_in("q<|bot|><ponder></ponder>")
