"""Chat templates: turn a list of messages into the exact prompt text a model was trained on.

The model's own Jinja template (GGUF ``tokenizer.chat_template``) runs in Jinja's
immutable sandbox: a template is data from the internet, so it may not touch Python
objects, loop forever or build unbounded output. When a model has no template, or its
template fails, Hearth falls back to ChatML and says so in ``ChatFormatter.warning``.
"""

from __future__ import annotations

import datetime
from typing import Sequence

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from app.engine.types import ChatMessage

CHATML_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)

MAX_TEMPLATE_CHARS = 200_000
MAX_OUTPUT_FACTOR = 8          # output may be at most this many times the input text, plus slack
MAX_OUTPUT_SLACK = 64_000


class TemplateError(Exception):
    """The model's template could not format this conversation."""


def _raise_exception(message: str) -> None:
    raise TemplateError(str(message))


def _strftime_now(fmt: str) -> str:
    return datetime.datetime.now().strftime(fmt)


class _GuardedEnvironment(ImmutableSandboxedEnvironment):
    """The immutable sandbox, plus limits on work a hostile template can ask for."""

    intercepted_binops = frozenset(["*", "**"])
    max_iterations = 200_000

    def __init__(self, **options) -> None:
        super().__init__(**options)
        self.iterations = 0
        self.globals["range"] = self._range

    def _range(self, *args: int) -> range:
        r = range(*args)
        self.iterations += len(r)
        if self.iterations > self.max_iterations:
            raise TemplateError("it loops far too many times")
        return r

    def call_binop(self, context, operator, left, right):
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > 64:
            raise TemplateError("it computes an enormous number")
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(n, int) and len(seq) * n > 1_000_000:
                    raise TemplateError("it builds an enormous text")
        return super().call_binop(context, operator, left, right)


class ChatFormatter:
    """Formats conversations with one template.

    Attributes:
        source: The template text in use.
        is_fallback: True when the ChatML fallback is in use.
        warning: Why the fallback is in use ("" when the model's own template works).
    """

    def __init__(self, template: str | None, bos_token: str = "", eos_token: str = "") -> None:
        self.bos_token = bos_token
        self.eos_token = eos_token
        self.warning = ""
        env = _GuardedEnvironment(trim_blocks=True, lstrip_blocks=True, autoescape=False)
        env.globals["raise_exception"] = _raise_exception
        env.globals["strftime_now"] = _strftime_now
        self._env = env
        self._fallback = env.from_string(CHATML_TEMPLATE)
        self._template = None
        self.source = CHATML_TEMPLATE
        if not template:
            self.warning = "This model has no chat template; Hearth uses the common ChatML format."
        elif len(template) > MAX_TEMPLATE_CHARS:
            self.warning = "This model's chat template is unreasonably large; Hearth uses ChatML instead."
        else:
            try:
                self._template = env.from_string(template)
                self.source = template
            except jinja2.TemplateError as exc:
                self.warning = f"This model's chat template is broken ({exc}); Hearth uses ChatML instead."

    @property
    def is_fallback(self) -> bool:
        return self._template is None

    def format(self, messages: Sequence[ChatMessage], add_generation_prompt: bool = True) -> str:
        """Return the prompt text for ``messages``.

        A template that rejects a system message (some do) gets it merged into the first
        user turn; a template that fails otherwise, or produces absurdly long output, is
        replaced by ChatML for this and later calls.
        """
        msgs = [{"role": m.role, "content": m.content} for m in messages]
        if self._template is not None:
            error: BaseException = TemplateError("unknown failure")
            for attempt in (msgs, _merge_system(msgs)):
                if attempt is None:
                    continue
                try:
                    text = self._render(self._template, attempt, add_generation_prompt)
                except (TemplateError, jinja2.TemplateError, TypeError, ValueError, OverflowError,
                        RecursionError, AttributeError, KeyError, IndexError, MemoryError) as exc:
                    error = exc
                    continue
                budget = MAX_OUTPUT_FACTOR * sum(len(m["content"]) for m in attempt) + MAX_OUTPUT_SLACK
                if len(text) > budget:
                    error = TemplateError("it produced far more text than the conversation holds")
                    break
                return text
            self._template = None
            self.source = CHATML_TEMPLATE
            self.warning = f"This model's chat template failed ({error}); Hearth switched to ChatML."
        return self._render(self._fallback, msgs, add_generation_prompt)

    def _render(self, template: jinja2.Template, msgs: list[dict], add_generation_prompt: bool) -> str:
        self._env.iterations = 0
        return template.render(
            messages=msgs,
            add_generation_prompt=add_generation_prompt,
            bos_token=self.bos_token,
            eos_token=self.eos_token,
        )


def _merge_system(msgs: list[dict]) -> list[dict] | None:
    """Fold a leading system message into the first user message; None if there is none."""
    if not msgs or msgs[0]["role"] != "system":
        return None
    system, rest = msgs[0]["content"], [dict(m) for m in msgs[1:]]
    for m in rest:
        if m["role"] == "user":
            m["content"] = f"{system}\n\n{m['content']}" if system else m["content"]
            return rest
    return [{"role": "user", "content": system}] + rest
