"""Hearth renders every real chat template byte for byte as transformers does.

The templates are the 70 that llama.cpp keeps for its own tests (:mod:`tests.real_data`); the
reference is transformers' ``render_jinja_template``, the renderer behind
``apply_chat_template`` that model authors test their templates with. Each template is one
test; it renders several conversation shapes (system + user, multi-turn, reasoning, non-English
text), with and without a generation prompt, with the thinking variables the template reads, and
with a tool list (which templates print with ``tojson``).

Where the reference itself cannot render a shape (a template that rejects a system message or
demands tools), Hearth must render what the reference renders for the conversation Hearth
retried with (the system message folded into the first user message), or fall back to ChatML
and say why in one sentence. Nothing is skipped.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import json
from typing import Any

import pytest
from transformers.utils import chat_template_utils

from app.engine import template_extensions
from app.engine.templates import ChatFormatter, check_template
from app.engine.types import ChatMessage
from tests.real_data import chat_templates

BOS, EOS = "<s>", "</s>"
TEMPLATES = chat_templates()

SYSTEM_USER = (
    ChatMessage("system", "You are a concise assistant."),
    ChatMessage("user", "What is the capital of France?"),
)
MULTI_TURN = (
    ChatMessage("user", "Hi!"),
    ChatMessage("assistant", "Hello! How can I help?"),
    ChatMessage("user", "What is 2 + 2?"),
    ChatMessage("assistant", "2 + 2 = 4."),
    ChatMessage("user", "And 3 + 3?"),
)
# Reasoning on an assistant turn before the last user message, and on one after it.
REASONING_ENDS_WITH_ASSISTANT = (
    ChatMessage("system", "Think before you answer."),
    ChatMessage("user", "Is 91 prime?"),
    ChatMessage("assistant", "No: 91 = 7 × 13.", reasoning="Try small primes: 91 / 7 = 13."),
    ChatMessage("user", "Is 97 prime?"),
    ChatMessage("assistant", "Yes, 97 is prime.", reasoning="√97 < 10; 2, 3, 5 and 7 do not divide it."),
)
REASONING_ENDS_WITH_USER = REASONING_ENDS_WITH_ASSISTANT[:3] + (ChatMessage("user", "And 101?"),)
# Text that naive escaping changes: CJK, emoji, a combining accent, quotes, < > & and a backslash.
NON_ENGLISH = (
    ChatMessage("system", "你是一个乐于助人的助手。Réponds en français 😊 si on te parle français."),
    ChatMessage("user", "Cafe\u0301 « naïve » 「引号」 \"double\" 'single' <b>bold</b> & 1 < 2 > 0 "
                        "\\ back\nslash"),
    ChatMessage("assistant", "D'accord ! 😊 <ok> & \"fini\"",
                reasoning="用户说法语 → answer in French; keep <b> & \"…\"."),
    ChatMessage("user", "🚀 한국어도 돼요? ∑ x² — ok?"),
)
SHAPES = {
    "system_user": SYSTEM_USER,
    "multi_turn": MULTI_TURN,
    "reasoning_last_assistant": REASONING_ENDS_WITH_ASSISTANT,
    "reasoning_last_user": REASONING_ENDS_WITH_USER,
    "non_english": NON_ENGLISH,
}
# A tool list (templates print it with tojson): non-ASCII text, quotes, < > & and nesting.
TOOLS = [{
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Météo d'une ville — «quotes» \"double\" <b>now</b> & later · 天气 🌦",
        "parameters": {
            "type": "object",
            "properties": {
                "city": {"type": "string", "description": "城市 / ville / 도시"},
                "unit": {"type": "string", "enum": ["celsius", "fahrenheit"], "description": "°C or °F"},
            },
            "required": ["city"],
        },
    },
}]
# Thinking switches, tried where the template reads them.
VARIABLES = {"enable_thinking": (True, False), "reasoning_effort": ("low", "high")}


class FrozenClock(datetime.datetime):
    """``datetime`` whose ``now()`` is always the same moment, so templates that print the date agree."""

    @classmethod
    def now(cls, tz: datetime.tzinfo | None = None) -> "FrozenClock":
        return cls(2026, 12, 3, 9, 41, 7, tzinfo=tz)


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch):
    # Both renderers call ``datetime.now()`` on their module's ``datetime`` name at render time.
    monkeypatch.setattr(template_extensions, "datetime", FrozenClock)
    monkeypatch.setattr(chat_template_utils, "datetime", FrozenClock)


@functools.cache
def formatter(name: str) -> ChatFormatter:
    """One formatter per template for the whole module (templates compile once)."""
    return ChatFormatter(TEMPLATES[name], BOS, EOS)


def cases(name: str) -> list[tuple[str, tuple[ChatMessage, ...], bool, dict[str, Any]]]:
    """Every (case id, conversation, add_generation_prompt, variables) a template is checked with."""
    out = []
    for shape, messages in SHAPES.items():
        for agp in (True, False):
            out.append((f"{shape}/agp={agp}", messages, agp, {}))
        for variable, values in VARIABLES.items():
            if formatter(name).reads(variable):
                for value in values:
                    out.append((f"{shape}/{variable}={value}", messages, True, {variable: value}))
    for shape in ("multi_turn", "non_english"):
        out.append((f"{shape}/tools", SHAPES[shape], True, {"tools": TOOLS}))
    return out


def reference(source: str, messages: tuple[ChatMessage, ...], agp: bool, variables: dict[str, Any]) -> str:
    """transformers' rendering, given messages as a caller of ``apply_chat_template`` writes them."""
    conversation = []
    for m in messages:
        message = {"role": m.role, "content": m.content}
        if m.reasoning:
            message["reasoning_content"] = m.reasoning
        conversation.append(message)
    rendered, _ = chat_template_utils.render_jinja_template(
        [conversation], chat_template=source, add_generation_prompt=agp, bos_token=BOS, eos_token=EOS,
        **variables)
    return rendered[0]


def system_merged(messages: tuple[ChatMessage, ...]) -> tuple[ChatMessage, ...] | None:
    """The conversation with its system message folded into the first user turn, as Hearth retries it."""
    if messages[0].role != "system":
        return None
    system, rest = messages[0].content, list(messages[1:])
    first_user = next(i for i, m in enumerate(rest) if m.role == "user")
    rest[first_user] = dataclasses.replace(rest[first_user], content=f"{system}\n\n{rest[first_user].content}")
    return tuple(rest)


def expected(source: str, messages, agp: bool, variables: dict[str, Any]) -> tuple[str, str]:
    """("render", text) when the reference renders the conversation, ("retried", text) when it
    renders only the system-merged one, ("fallback", why) when it renders neither."""
    try:
        return "render", reference(source, messages, agp, variables)
    except Exception as exc:  # noqa: BLE001 - whatever the reference raises, Hearth may not render it
        why = f"{type(exc).__name__}: {exc}"
    merged = system_merged(messages)
    if merged is not None:
        try:
            return "retried", reference(source, merged, agp, variables)
        except Exception:  # noqa: BLE001
            pass
    return "fallback", why


def first_difference(ours: str, theirs: str) -> str:
    i = next((i for i, (a, b) in enumerate(zip(ours, theirs)) if a != b), min(len(ours), len(theirs)))
    return f"differ at {i}: hearth {ours[max(0, i - 30):i + 40]!r} vs transformers {theirs[max(0, i - 30):i + 40]!r}"


def is_plain_sentence(text: str) -> bool:
    return text.endswith(".") and "\n" not in text and "Traceback" not in text and len(text) < 400


# -- the real templates ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_template_renders_like_transformers(name):
    f = formatter(name)
    chatml = ChatFormatter(None)
    problems: list[str] = []
    reference_failed = False
    for case, messages, agp, variables in cases(name):
        outcome, want = expected(TEMPLATES[name], messages, agp, variables)
        text = f.format(messages, agp, variables or None)
        if outcome == "fallback":
            reference_failed = True
            if not f.is_fallback:
                problems.append(f"{case}: transformers fails ({want}) but Hearth rendered {text[:80]!r}")
            elif text != chatml.format(messages, agp) or not is_plain_sentence(f.warning):
                problems.append(f"{case}: fallback is not plain ChatML with a sentence: {f.warning!r}")
        elif f.is_fallback:
            problems.append(f"{case}: Hearth fell back to ChatML ({f.warning}) where transformers renders")
        elif text != want:
            problems.append(f"{case} ({outcome}): {first_difference(text, want)}")
    assert not problems, "\n".join(problems)

    # A template Hearth can use passes the override check; one it cannot is told in one sentence.
    problem = check_template(TEMPLATES[name], BOS, EOS)
    if reference_failed:
        assert problem == "" or problem.startswith("This template failed on a sample conversation: "), problem
        assert problem == "" or is_plain_sentence(problem), problem
    else:
        assert problem == ""


@pytest.mark.parametrize("variable", ["enable_thinking", "reasoning_effort", "tools", "messages"])
def test_reads_agrees_with_transformers_on_every_template(variable):
    for name, source in TEMPLATES.items():
        theirs = chat_template_utils._get_template_variables(source)
        assert formatter(name).reads(variable) == (variable in theirs), name


def test_the_date_is_frozen_in_both_renderers():
    source = TEMPLATES["meta-llama-Llama-3.2-3B-Instruct"]
    ours = formatter("meta-llama-Llama-3.2-3B-Instruct").format(SYSTEM_USER)
    assert "Today Date: 03 Dec 2026" in ours
    assert ours == reference(source, SYSTEM_USER, True, {})


def test_the_real_templates_hearth_once_could_not_render_now_render():
    """{% break %}, {% continue %} and {% generation %} used to send these to ChatML."""
    for name in ["Cohere2MoE", "CohereForAI-c4ai-command-r7b-12-2024-tool_use", "Kimi-K3", "Reka-Edge",
                 "LFM2.5-8B-A1B", "poolside-Laguna-S-2.1", "poolside-Laguna-XS-2.1", "poolside-Laguna-XS.2"]:
        f = formatter(name)
        f.format(MULTI_TURN)
        assert not f.is_fallback, (name, f.warning)


# -- transformers' dialect, feature by feature -------------------------------------------------------


CONVO = (ChatMessage("system", "Be brief."), ChatMessage("user", "Hi"), ChatMessage("assistant", "Hello!"),
         ChatMessage("user", "What is 2+2?"))


def render_both(template: str, messages=CONVO, variables: dict[str, Any] | None = None) -> str:
    """Hearth's text, after checking that Hearth used the template and transformers agrees."""
    f = ChatFormatter(template, BOS, EOS)
    text = f.format(messages, True, variables)
    assert not f.is_fallback, f.warning
    assert text == reference(template, messages, True, variables or {})
    return text


def test_break_and_continue():
    assert render_both("{% for m in messages %}{% if m.role == 'system' %}{% continue %}{% endif %}"
                       "{% if loop.index > 3 %}{% break %}{% endif %}[{{ m.content }}]{% endfor %}") == "[Hi][Hello!]"


def test_generation_block_renders_its_body_in_its_own_scope():
    assert render_both(
        "{% set x = 'outside' %}{% for m in messages %}{% if m.role == 'assistant' %}"
        "{% generation %}<{{ m.content }}|{{ loop.index }}>{% set x = 'inside' %}{% endgeneration %}"
        "{% endif %}{% endfor %}{{ x }}") == "<Hello!|3>outside"


DATA = {"b": "<b>bold</b> & 'quotes' \"too\"", "a": ["café", "天气", "🌦", 1.5, None, True, {"z": 1, "y": 2}]}


@pytest.mark.parametrize("args, kwargs", [
    ("", {}),
    ("(indent=2)", {"indent": 2}),
    ("(indent='\\t')", {"indent": "\t"}),
    ("(separators=(',', ':'))", {"separators": (",", ":")}),
    ("(sort_keys=true)", {"sort_keys": True}),
    ("(ensure_ascii=true)", {"ensure_ascii": True}),
    ("(true, 4, none, true)", {"ensure_ascii": True, "indent": 4, "sort_keys": True}),
])
def test_tojson_is_json_dumps_with_transformers_defaults_and_no_html_escaping(args, kwargs):
    text = render_both("{{ data|tojson" + args + " }}", variables={"data": DATA})
    assert text == json.dumps(DATA, **{"ensure_ascii": False, **kwargs})


def test_dict_namespace_strftime_and_macros():
    assert render_both(
        "{% set d = dict(a=1, b='x') %}{% set k = dict.fromkeys(['p', 'q'], 0) %}"
        "{% set ns = namespace(n=0) %}{% for m in messages %}{% set ns.n = ns.n + 1 %}{% endfor %}"
        "{% macro shout(t) %}{{ t|upper }}!{% endmacro %}"
        "{{ d|tojson }} {{ k|tojson }} {{ ns.n }} {{ shout(messages[-1].content) }} {{ strftime_now('%d %b %Y') }}"
    ) == '{"a": 1, "b": "x"} {"p": 0, "q": 0} 4 WHAT IS 2+2?! 03 Dec 2026'


def test_reasoning_is_passed_under_both_names_in_transformers_key_order():
    messages = (ChatMessage("user", "Q1"), ChatMessage("assistant", "A1", reasoning="R1"), ChatMessage("user", "Q2"))
    lines = render_both("{% for m in messages %}{{ m|tojson }}\n{% endfor %}", messages).splitlines()
    assert lines == ['{"role": "user", "content": "Q1"}',
                     '{"thinking": "R1", "role": "assistant", "content": "A1", "reasoning_content": "R1"}',
                     '{"role": "user", "content": "Q2"}']


def test_tools_and_documents_are_none_unless_given():
    assert render_both("{{ tools is none }} {{ documents is none }} {{ tools is defined }}") == "True True True"
    assert render_both("{{ tools|tojson }}", variables={"tools": TOOLS}) == json.dumps(TOOLS, ensure_ascii=False)
