"""Chat templates: turn a list of messages into the exact prompt text a model was trained on.

The model's own Jinja template (GGUF ``tokenizer.chat_template``) runs in Jinja's
immutable sandbox: a template is data from the internet, so it may not touch Python
objects, loop forever or build unbounded output. When a model has no template, or its
template fails, Hearth falls back to ChatML and says so in ``ChatFormatter.warning``.
"""

from __future__ import annotations

import sys
from typing import Sequence

import jinja2
from jinja2.sandbox import SecurityError

from app.engine.template_sandbox import (
    MAX_OUTPUT_FACTOR,
    MAX_OUTPUT_PER_MESSAGE,
    MAX_OUTPUT_SLACK,
    MAX_TEMPLATE_CHARS,
    GuardedEnvironment,
    TemplateError,
    TemplateLimitError,
    raise_exception,
    strftime_now,
)
from app.engine.types import ChatMessage

CHATML_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)


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
        env = GuardedEnvironment(trim_blocks=True, lstrip_blocks=True, autoescape=False,
                                  loader=jinja2.FunctionLoader(lambda _name: None))  # no file access
        env.globals["raise_exception"] = raise_exception
        env.globals["strftime_now"] = strftime_now
        self._env = env
        self._fallback = env.from_string(CHATML_TEMPLATE)
        self._template = None
        self._fell_back = False
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
        """True when the last conversation was (or every one will be) formatted with ChatML."""
        return self._template is None or self._fell_back


    def format(self, messages: Sequence[ChatMessage], add_generation_prompt: bool = True) -> str:
        """Return the prompt text for ``messages``.

        A template that rejects a system message or consecutive turns of one role (some do)
        gets them merged; a template that still fails uses ChatML for this call only; a hostile
        or runaway template (sandbox escape, limits hit) is replaced by ChatML for good.
        """
        msgs = [{"role": m.role, "content": m.content} for m in messages]
        self._fell_back = False
        if self._template is not None:
            error: BaseException = TemplateError("unknown failure")
            merged = _merge_consecutive(msgs)
            for attempt in (msgs, _merge_system(msgs), merged if merged != msgs else None,
                            _merge_system(merged) if merged != msgs else None):
                if attempt is None:
                    continue
                try:
                    return self._render(self._template, attempt, add_generation_prompt, _budget(attempt))
                except (TemplateLimitError, SecurityError, RecursionError, jinja2.TemplateNotFound) as exc:
                    error = exc
                    self._template = None  # hostile or runaway: never run it again
                    self.source = CHATML_TEMPLATE
                    break
                except Exception as exc:  # noqa: BLE001 - a template is untrusted data; any failure falls back
                    error = exc
            reason = str(error).strip().rstrip(".") or type(error).__name__
            if isinstance(error, jinja2.TemplateNotFound):
                reason = f"it tried to load the file “{error.name}”, which templates may not do"
            self._fell_back = True
            verb = "switched to" if self._template is None else "used"
            self.warning = f"This model's chat template failed ({reason}); Hearth {verb} ChatML."
        return self._render(self._fallback, msgs, add_generation_prompt, sys.maxsize)

    def _render(self, template: jinja2.Template, msgs: list[dict], add_generation_prompt: bool,
                limit: int) -> str:
        """Render with a fresh budget; output is counted as it streams, so a bomb stops early."""
        env = self._env
        env.reset(limit)
        parts: list[str] = []
        total = 0
        for chunk in template.generate(messages=msgs, add_generation_prompt=add_generation_prompt,
                                       bos_token=self.bos_token, eos_token=self.eos_token):
            total += len(chunk)
            if total > limit:
                raise TemplateLimitError("it produced far more text than the conversation holds")
            env._check_clock()
            parts.append(chunk)
        return "".join(parts)


def _budget(msgs: list[dict]) -> int:
    """Most characters a template may produce (or build in one value) for these messages."""
    return (MAX_OUTPUT_FACTOR * sum(len(m["content"]) for m in msgs)
            + MAX_OUTPUT_SLACK + MAX_OUTPUT_PER_MESSAGE * len(msgs))


def _merge_consecutive(msgs: list[dict]) -> list[dict]:
    """Join back-to-back messages of the same role (templates that demand alternation)."""
    out: list[dict] = []
    for m in msgs:
        if out and out[-1]["role"] == m["role"]:
            out[-1] = {"role": m["role"], "content": f"{out[-1]['content']}\n\n{m['content']}"}
        else:
            out.append(dict(m))
    return out


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
