"""Which reasoning format a model uses, and whether its template has a thinking switch.

Detection reads the chat template and the vocabulary, never the file name:

1. Probing (when a renderer is given): render a conversation whose assistant turn carries a
   unique reasoning string and read the markers the template puts around it; render the
   generation prompt with thinking on and off and read the markers it ends with. This finds
   markers a template builds at run time (tencent-Hy3's ``'<think{}>'.format(...)``).
2. A known format whose markers the probes show; else a generic ``<x>…</x>`` pair they show.
3. A known format whose signature strings the template text holds (templates that only show
   reasoning for tool-call turns, or only strip it from history, such as QwQ's).
4. Only when there is no usable template: a known format whose markers are all single tokens of
   the vocabulary (a model with ``<think>`` and ``</think>`` tokens thinks in ``<think>`` tags).

A template that shows no reasoning anywhere (Llama 3, Mistral Nemo, Gemma 2 …) gives None.
Plain Python, no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from app.engine.reasoning import (
    APERTUS_INNER,
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
)
from app.engine.types import ChatMessage

Render = Callable[[list[ChatMessage], bool, dict], str]
TokenOf = Callable[[str], "int | None"]

_PROBE = "Hearth-probe reasoning 7f3a9c"
_ANSWER = "Hearth-probe answer 7f3a9c"
_USER = "Hearth-probe question 7f3a9c"

# Strings a template's text must hold for a known format to be recognised from the text alone,
# and the single tokens that identify it from the vocabulary alone (None: not from tokens).
_SIGNATURES: dict[ReasoningFormat, tuple[tuple[str, ...], tuple[str, ...] | None]] = {
    HARMONY: (("<|channel|>", "<|message|>"), ("<|start|>", "<|channel|>", "<|message|>", "<|end|>")),
    GEMMA_THOUGHT: (("<|channel>", "<channel|>"), ("<|channel>", "<channel|>")),
    KIMI_THINK: (("<|open|>", "<|close|>", "<|sep|>"), ("<|open|>", "<|close|>", "<|sep|>")),
    COMMAND_THINKING: (("<|START_THINKING|>", "<|END_THINKING|>"), ("<|START_THINKING|>", "<|END_THINKING|>")),
    SEED_THINK: (("<seed:think>",), ("<seed:think>", "</seed:think>")),
    MINIMAX_THINK: (("<mm:think>",), ("<mm:think>", "</mm:think>")),
    APERTUS_INNER: (("<|inner_prefix|>", "<|inner_suffix|>"), ("<|inner_prefix|>", "<|inner_suffix|>")),
    APRIEL_STEPS: (("[BEGIN FINAL RESPONSE]",), None),
    SOLAR_THINK: (("<|think|>", "<|begin|>"), None),
    MUSE_SELF: (("to=self",), None),
    GRANITE_TAGS: (("<think></think>", "<response></response>"), None),  # "write your response between …"
    MISTRAL_THINK: (("[THINK]", "[/THINK]"), ("[THINK]", "[/THINK]")),
    THINK_TAGS: (("</think>",), ("<think>", "</think>")),
}


@dataclass
class _Probes:
    """What rendering showed: text around the reasoning probe, and generation prompt tails."""

    around: list[tuple[str, str, str]]   # (before the probe, after it, before the answer without reasoning)
    prompts: dict[str, str]              # variant name → generation prompt
    rendered: bool = False               # at least one render worked


def detect_format(template: str, render: Render | None = None,
                  token_of: TokenOf | None = None) -> ReasoningFormat | None:
    """The reasoning format of a model, or None when its template shows no reasoning.

    Args:
        template: The chat template text ("" when the model has none).
        render: ``render(messages, add_generation_prompt, variables)`` renders the model's
            template; it may raise (then it counts as unavailable).
        token_of: The token id of a text that is exactly one token of the vocabulary, else None.
    """
    probes = _probe(render) if render is not None and template else _Probes([], {})
    shown = [f for f in KNOWN_FORMATS if _probes_show(probes, f) and _signed(template, f, strict=False)]
    if shown:
        return _prefer_tokens(shown, token_of)
    generic = _generic(probes, token_of)
    if generic is not None:
        return generic
    if template:
        signed = [f for f in KNOWN_FORMATS if _signed(template, f, strict=True)]
        if signed:
            return _prefer_tokens(signed, token_of)
        if render is None or probes.rendered:
            return None  # a usable template that shows no reasoning: the vocabulary does not overrule it
    if token_of is not None:
        for fmt in KNOWN_FORMATS:
            tokens = _SIGNATURES[fmt][1]
            if tokens and all(token_of(t) is not None for t in tokens):
                return fmt
    return None


def _probe(render: Render) -> _Probes:
    out = _Probes([], {})

    def attempt(messages: list[ChatMessage], gen: bool, variables: dict) -> str | None:
        try:
            text = render(messages, gen, variables)
        except Exception:  # noqa: BLE001 - a template is untrusted data; any failure means "not this way"
            return None
        out.rendered = True
        return text if isinstance(text, str) else None

    user = ChatMessage("user", _USER)
    with_reasoning = ChatMessage("assistant", _ANSWER, _PROBE)
    plain = ChatMessage("assistant", _ANSWER)
    later = ChatMessage("user", _USER + " again")
    for variables in ({}, {"enable_thinking": True}, {"thinking": True}):
        # Last turn (templates that only keep reasoning after the last user message) and history.
        for messages, gen in (([user, with_reasoning], False), ([user, with_reasoning, later], True)):
            text = attempt(messages, gen, variables)
            if text is None or _PROBE not in text:
                continue
            base = attempt([plain if m is with_reasoning else m for m in messages], gen, variables) or ""
            i = text.index(_PROBE)
            j = base.find(_ANSWER)
            out.around.append((text[:i], text[i + len(_PROBE):], base[:j] if j >= 0 else ""))
    for name, variables in (("default", {}), ("on", {"enable_thinking": True}), ("off", {"enable_thinking": False}),
                            ("thinking on", {"thinking": True}), ("thinking off", {"thinking": False})):
        text = attempt([user], True, variables)
        if text is not None:
            out.prompts[name] = text
    return out


def _probes_show(probes: _Probes, fmt: ReasoningFormat) -> bool:
    """Whether the rendered probes hold ``fmt``'s markers around reasoning."""
    opening, closing = fmt.open.strip(), fmt.close.strip()
    for before, after, _ in probes.around:
        if (not opening or before.rstrip().endswith(opening)) and after.lstrip().startswith(closing):
            return True
    if not opening:
        return False
    for prompt in probes.prompts.values():
        tail = prompt.rstrip()
        if tail.endswith(opening):
            return True
        if tail.endswith(closing) and tail[:-len(closing)].rstrip().endswith(opening):
            return True  # an empty block: thinking switched off
    return False


def _signed(template: str, fmt: ReasoningFormat, strict: bool) -> bool:
    """Whether the template text holds ``fmt``'s signature. Probed formats need only the part
    that tells look-alikes apart (Granite's ``<response>``); ``strict`` needs all of it."""
    signature = _SIGNATURES[fmt][0]
    if not strict:
        signature = tuple(s for s in signature if s not in (fmt.open, fmt.close))
    return all(s in template for s in signature)


def _prefer_tokens(candidates: list[ReasoningFormat], token_of: TokenOf | None) -> ReasoningFormat:
    """The first candidate whose markers are all single tokens, else the first."""
    if token_of is not None and len(candidates) > 1:
        for fmt in candidates:
            tokens = _SIGNATURES[fmt][1] or (fmt.open, fmt.close)
            if all(token_of(t) is not None for t in tokens if t):
                return fmt
    return candidates[0]


def _generic(probes: _Probes, token_of: TokenOf | None) -> ReasoningFormat | None:
    """A marker pair the probes show that no known format has, e.g. ``<think:x>…</think:x>``."""
    for before, after, base_before in probes.around:
        opening, closing = _last_marker(before), _first_marker(after)
        if not opening or not closing or opening == closing:
            continue
        if base_before.rstrip().endswith(opening):
            continue  # it frames every assistant turn: a role header, not reasoning
        if _paired(opening, closing, token_of):
            return ReasoningFormat("tags", f"{opening} tags", opening, closing)
    on = probes.prompts.get("on") or probes.prompts.get("thinking on")
    off = probes.prompts.get("off") or probes.prompts.get("thinking off")
    for a, b in ((on, off), (probes.prompts.get("default"), off), (on, probes.prompts.get("default"))):
        if not a or not b or a == b:
            continue
        opening = _last_marker(a)
        rest = b.rstrip()
        closing = _last_marker(rest)
        if opening and closing and _paired(opening, closing, token_of):
            if rest[:-len(closing)].rstrip().endswith(opening) or a.rstrip()[:-len(opening)] == rest[:-len(closing)]:
                return ReasoningFormat("tags", f"{opening} tags", opening, closing)
    return None


def _paired(opening: str, closing: str, token_of: TokenOf | None) -> bool:
    """``closing`` is ``opening``'s closing form (``<x>`` → ``</x>``), or both are single tokens."""
    if opening == closing:
        return False
    if closing == opening[0] + "/" + opening[1:]:
        return True
    return token_of is not None and token_of(opening) is not None and token_of(closing) is not None


def _last_marker(text: str) -> str:
    """The ``<…>`` or ``[…]`` marker ``text`` ends with (whitespace aside), else ""."""
    text = text.rstrip()
    if not text or text[-1] not in ">]":
        return ""
    start = text.rfind("<" if text[-1] == ">" else "[", max(0, len(text) - 48))
    marker = text[start:] if start >= 0 else ""
    return marker if len(marker) > 2 and not any(c.isspace() for c in marker) else ""


def _first_marker(text: str) -> str:
    """The ``<…>`` or ``[…]`` marker ``text`` starts with (whitespace aside), else ""."""
    text = text.lstrip()
    if not text or text[0] not in "<[":
        return ""
    end = text.find(">" if text[0] == "<" else "]", 0, 48)
    marker = text[:end + 1] if end >= 0 else ""
    return marker if len(marker) > 2 and not any(c.isspace() for c in marker) else ""


@dataclass(frozen=True)
class ThinkingControl:
    """A per-chat thinking switch the template offers.

    Attributes:
        variable: The template variable: "enable_thinking", "thinking" or "reasoning_effort".
        choices: ("on", "off") for a switch; ("low", "medium", "high") for effort.
        values: The variable's value for each choice when it is not the obvious one (a switch
            over ``reasoning_effort``: ("high", "none")); () means True/False, or the choice itself.
    """

    variable: str
    choices: tuple[str, ...]
    values: tuple[object, ...] = ()


_EFFORT = ("low", "medium", "high")
_EFFORT_OFF = ("none", "no_think", "minimal", "low")


def thinking_control(reads: Callable[[str], bool], render: Render | None) -> ThinkingControl | None:
    """The thinking switch of a template, or None when it has none.

    A variable counts only when the template reads it (``reads(name)``) and the generation prompt
    actually changes with it. ``reasoning_effort`` with three distinct levels (gpt-oss) gives
    effort choices; ``thinking`` (DeepSeek V3.1, Granite 3.3, Kimi) or ``enable_thinking``
    (Qwen3, GLM …) gives a switch; ``reasoning_effort`` whose low setting closes the reasoning
    block in the prompt (Solar Open, Hy3, Command A) gives a switch over two of its values.
    """
    if render is None:
        return None
    question = [ChatMessage("user", _USER)]

    def prompt(variables: dict) -> str | None:
        try:
            return render(question, True, variables)
        except Exception:  # noqa: BLE001 - a template is untrusted data; a failure means "not this value"
            return None

    effort = reads("reasoning_effort")
    if effort:
        levels = [prompt({"reasoning_effort": v}) for v in _EFFORT]
        if None not in levels and len(set(levels)) == len(levels):
            return ThinkingControl("reasoning_effort", _EFFORT)
    for variable in ("thinking", "enable_thinking"):
        if reads(variable):
            on, off = prompt({variable: True}), prompt({variable: False})
            if on is not None and off is not None and on != off:
                return ThinkingControl(variable, ("on", "off"))
    if effort:
        high = prompt({"reasoning_effort": "high"})
        for value in _EFFORT_OFF:
            low = prompt({"reasoning_effort": value})
            if high is not None and low is not None and _tail(low) != _tail(high):
                return ThinkingControl("reasoning_effort", ("on", "off"), ("high", value))
    return None


def _tail(prompt: str) -> str:
    """What the generation prompt adds after the question."""
    return prompt[prompt.rfind(_USER) + len(_USER):]


def template_variables(control: ThinkingControl | None, choice: str | None) -> dict[str, object]:
    """The template variables for a chat's thinking choice ({} for the model's default).

    Raises:
        ValueError: ``choice`` is not one of ``control.choices``.
    """
    if control is None or choice is None or choice == "default":
        return {}
    if choice not in control.choices:
        raise ValueError(f"thinking choice {choice!r} is not one of {control.choices}")
    values = control.values or ((True, False) if control.choices == ("on", "off") else control.choices)
    return {control.variable: values[control.choices.index(choice)]}
