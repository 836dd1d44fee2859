"""Chat templates: turn a list of messages into the exact prompt text a model was trained on.

The model's own Jinja template (GGUF ``tokenizer.chat_template``) is rendered as Hugging Face
transformers' ``apply_chat_template`` renders it (:mod:`app.engine.template_extensions`), inside
a sandbox with limits (:mod:`app.engine.template_sandbox`): a template is data from the
internet, so it may not touch Python objects, loop forever or build unbounded output. When a
model has no template, or its template fails, Hearth falls back to ChatML and says so in
``ChatFormatter.warning``. :func:`check_template` vets a template the user supplies.
"""

from __future__ import annotations

import dataclasses
import sys
from typing import Any, Mapping, Sequence

import jinja2
import jinja2.meta
from jinja2.sandbox import SecurityError

from app.engine.template_extensions import chat_template_environment
from app.engine.template_sandbox import (
    MAX_OUTPUT_FACTOR,
    MAX_OUTPUT_PER_MESSAGE,
    MAX_OUTPUT_SLACK,
    MAX_TEMPLATE_CHARS,
    TemplateError,
    TemplateLimitError,
    text_size,
)
from app.engine.types import ChatMessage
from model_store.texts import QT_TRANSLATE_NOOP, Sentence

CHATML_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)

# Names Hearth itself passes to every template; a caller's variables may not replace them.
RESERVED_VARIABLES = frozenset(["messages", "add_generation_prompt", "bos_token", "eos_token"])

# A failure of this kind means the template is hostile or runaway: it is never run again.
_HOSTILE = (TemplateLimitError, SecurityError, RecursionError, MemoryError, jinja2.TemplateNotFound)
_MAX_REASON_CHARS = 200
_MAX_VARIABLE_DEPTH = 32

# What check_template renders: the two shapes every chat has.
_SAMPLE_CONVERSATIONS = (
    (ChatMessage("system", "You are a helpful assistant."),
     ChatMessage("user", "What is the capital of France?")),
    (ChatMessage("user", "Hello!"),
     ChatMessage("assistant", "Hello! How can I help you today?"),
     ChatMessage("user", "What is 2 + 2?")),
)


class _RenderFailed(Exception):
    """Every attempt at a conversation failed; ``error`` is the last reason, ``hostile`` says why."""

    def __init__(self, error: BaseException) -> None:
        super().__init__(str(error))
        self.error = error
        self.hostile = isinstance(error, _HOSTILE)


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
        self._env = env = chat_template_environment()
        self._fallback = env.from_string(CHATML_TEMPLATE)
        self._template: jinja2.Template | None = None
        self._fell_back = False
        self._variables: frozenset[str] | None = None
        self._compile_problem = ""
        self.source = CHATML_TEMPLATE
        if not template:
            self.warning = Sentence(QT_TRANSLATE_NOOP(
                    "model_store", "This model has no chat template; Hearth uses the common ChatML format."))
        elif len(template) > MAX_TEMPLATE_CHARS:
            self.warning = Sentence(QT_TRANSLATE_NOOP(
                    "model_store", "This model's chat template is unreasonably large; Hearth uses ChatML instead."))
        else:
            try:
                self._template = env.from_string(template)
                self.source = template
            except (jinja2.TemplateError, RecursionError, MemoryError) as exc:
                self._compile_problem = _compile_problem(exc)
                self.warning = Sentence(QT_TRANSLATE_NOOP(
                    "model_store", "This model's chat template is broken ({problem}); Hearth uses ChatML instead."),
                    problem=self._compile_problem)

    @property
    def is_fallback(self) -> bool:
        """True when the last conversation was (or every one will be) formatted with ChatML."""
        return self._template is None or self._fell_back

    def reads(self, name: str) -> bool:
        """Whether the template in use reads a top-level variable ``name`` (False for ChatML).

        A template that reads ``enable_thinking`` or ``reasoning_effort`` offers that switch.
        """
        if self._template is None:
            return False
        if self._variables is None:
            ast = self._env.parse(self.source)
            self._variables = frozenset(jinja2.meta.find_undeclared_variables(ast))
        return name in self._variables

    def format(self, messages: Sequence[ChatMessage], add_generation_prompt: bool = True,
               variables: Mapping[str, Any] | None = None) -> str:
        """Return the prompt text for ``messages``, exactly as transformers would render it.

        ``variables`` are extra template variables the user chose (``enable_thinking``,
        ``reasoning_effort`` …; ``tools`` and ``documents``, None otherwise, may be given too);
        none are passed when it is None. A template that rejects a
        system message or consecutive turns of one role (some do) gets them merged; a template
        that still fails uses ChatML for this call only; a hostile or runaway template (sandbox
        escape, limits hit) is replaced by ChatML for good.

        Raises:
            ValueError: a variable replaces one Hearth sets, or is not plain data.
        """
        extra = self._checked_variables(variables)
        self._fell_back = False
        if self._template is not None:
            try:
                return self._render_retrying(messages, add_generation_prompt, extra)
            except _RenderFailed as failed:
                if failed.hostile:
                    self._template = None  # never run it again
                    self.source = CHATML_TEMPLATE
                self._fell_back = True
                switched = QT_TRANSLATE_NOOP(
                    "model_store", "This model's chat template failed ({reason}); Hearth switched to ChatML.")
                used = QT_TRANSLATE_NOOP(
                    "model_store", "This model's chat template failed ({reason}); Hearth used ChatML.")
                self.warning = Sentence(switched if failed.hostile else used, reason=_reason(failed.error))
        return self._render(self._fallback, [_template_message(m) for m in messages], add_generation_prompt,
                            {}, sys.maxsize)

    def _checked_variables(self, variables: Mapping[str, Any] | None) -> dict[str, Any]:
        if not variables:
            return {}
        checked: dict[str, Any] = {}
        for name, value in variables.items():
            if not isinstance(name, str) or not name.isidentifier():
                raise ValueError(f"“{name}” is not a valid template variable name.")
            if name in RESERVED_VARIABLES or name in self._env.globals:
                raise ValueError(f"The template variable “{name}” is set by Hearth and cannot be replaced.")
            checked[name] = _plain_data(name, value, 0)
        return checked

    def _render_retrying(self, messages: Sequence[ChatMessage], add_generation_prompt: bool,
                         extra: dict[str, Any]) -> str:
        """Render with the model's template, retrying the conversation in shapes templates accept.

        Raises:
            _RenderFailed: no shape worked (``hostile`` set if the template must not run again).
        """
        assert self._template is not None
        msgs = list(messages)
        merged = _merge_consecutive(msgs)
        error: BaseException = TemplateError("unknown failure")
        for attempt in (msgs, _merge_system(msgs), merged if merged != msgs else None,
                        _merge_system(merged) if merged != msgs else None):
            if attempt is None:
                continue
            try:
                return self._render(self._template, [_template_message(m) for m in attempt],
                                    add_generation_prompt, extra, _budget(attempt, extra))
            except _HOSTILE as exc:
                raise _RenderFailed(exc) from exc
            except Exception as exc:  # noqa: BLE001 - a template is untrusted data; any failure falls back
                error = exc
        raise _RenderFailed(error)

    def _render(self, template: jinja2.Template, msgs: list[dict], add_generation_prompt: bool,
                extra: dict[str, Any], limit: int) -> str:
        """Render with a fresh budget; output is counted as it streams, so a bomb stops early."""
        env = self._env
        env.reset(limit)
        # The names transformers' apply_chat_template passes (tools and documents are None
        # unless the caller gives some), then the caller's own variables.
        context = {"messages": msgs, "tools": None, "documents": None,
                   "add_generation_prompt": add_generation_prompt,
                   "bos_token": self.bos_token, "eos_token": self.eos_token, **extra}
        parts: list[str] = []
        total = 0
        for chunk in template.generate(context):
            total += len(chunk)
            if total > limit:
                raise TemplateLimitError(Sentence(QT_TRANSLATE_NOOP(
                    "template", "it produced far more text than the conversation holds"), "template"))
            env._check_clock()
            parts.append(chunk)
        return "".join(parts)


def check_template(text: str, bos_token: str = "", eos_token: str = "") -> str:
    """Vet a chat template the user supplies, before Hearth uses it.

    Returns:
        "" when the template compiles in the sandbox and renders two sample conversations
        (system + user; user, assistant, user) with a generation prompt, showing their text;
        otherwise one plain sentence saying what is wrong.
    """
    if not text.strip():
        return "This template is empty."
    if len(text) > MAX_TEMPLATE_CHARS:
        return f"This template is too long ({len(text):,} characters; Hearth accepts at most {MAX_TEMPLATE_CHARS:,})."
    formatter = ChatFormatter(text, bos_token, eos_token)
    if formatter._compile_problem:
        return f"This template has {formatter._compile_problem}."
    for sample in _SAMPLE_CONVERSATIONS:
        try:
            rendered = formatter._render_retrying(sample, True, {})
        except _RenderFailed as failed:
            return f"This template failed on a sample conversation: {_reason(failed.error)}."
        if sample[-1].content not in rendered:
            return "This template leaves out the conversation: a sample question does not appear in its output."
    return ""


def _compile_problem(exc: BaseException) -> str:
    """What is wrong with a template that does not compile, as a phrase ("a syntax error on line 3: …")."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        message = _first_sentence(exc.message or "it cannot be read")
        return f"a syntax error on line {exc.lineno}: {message}"
    if isinstance(exc, RecursionError):
        return "a syntax error: it nests far too deeply"
    if isinstance(exc, MemoryError):
        return "a syntax error: it is far too complex"
    return f"a syntax error: {_first_sentence(str(exc) or type(exc).__name__)}"


def _reason(error: BaseException) -> str:
    """Why a render failed, as a short phrase on one line (no traceback, no final full stop)."""
    if error.args and isinstance(error.args[0], Sentence):  # a guard's reason, kept translatable
        return error.args[0]
    if isinstance(error, jinja2.TemplateNotFound):
        return Sentence(QT_TRANSLATE_NOOP("template", "it tried to load the file “{name}”, which templates may not do"),
                        "template", name=error.name)
    if isinstance(error, RecursionError):
        return Sentence(QT_TRANSLATE_NOOP("template", "it nests far too deeply"), "template")
    if isinstance(error, MemoryError):
        return Sentence(QT_TRANSLATE_NOOP("template", "it needs far too much memory"), "template")
    text = " ".join(str(error).split()).rstrip(".!?;:, ") or type(error).__name__
    return text if len(text) <= _MAX_REASON_CHARS else text[:_MAX_REASON_CHARS - 1].rstrip() + "…"


def _first_sentence(message: str) -> str:
    sentence = " ".join(message.split()).split(". ")[0].rstrip(".")
    return sentence[:1].lower() + sentence[1:] if sentence[:2] != sentence[:2].upper() else sentence


def _template_message(m: ChatMessage) -> dict[str, str]:
    """A message as transformers hands it to a template.

    Reasoning appears under both names templates read, in the key order transformers'
    ``_alias_reasoning_fields`` gives ``{"role", "content", "reasoning_content"}``: templates
    that print a whole message (``message|tojson``) see the same text.
    """
    if m.reasoning:
        return {"thinking": m.reasoning, "role": m.role, "content": m.content, "reasoning_content": m.reasoning}
    return {"role": m.role, "content": m.content}


def _plain_data(name: str, value: Any, depth: int) -> Any:
    """A fresh copy of a variable's value, made of JSON-like data only (what a template may see)."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if depth < _MAX_VARIABLE_DEPTH:
        if isinstance(value, Mapping) and all(isinstance(k, str) for k in value):
            return {k: _plain_data(name, v, depth + 1) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [_plain_data(name, v, depth + 1) for v in value]
    raise ValueError(f"The template variable “{name}” must be plain data (text, numbers, true/false, "
                     "lists and mappings with text keys).")


def _budget(msgs: Sequence[ChatMessage], extra: dict[str, Any]) -> int:
    """Most characters a template may produce (or build in one value) for these messages."""
    text = sum(len(m.content) + len(m.reasoning) for m in msgs)
    text += text_size(extra, sys.maxsize) if extra else 0
    return MAX_OUTPUT_FACTOR * text + MAX_OUTPUT_SLACK + MAX_OUTPUT_PER_MESSAGE * len(msgs)


def _merge_consecutive(msgs: list[ChatMessage]) -> list[ChatMessage]:
    """Join back-to-back messages of the same role (templates that demand alternation)."""
    out: list[ChatMessage] = []
    for m in msgs:
        if out and out[-1].role == m.role:
            prev = out[-1]
            reasoning = "\n\n".join(r for r in (prev.reasoning, m.reasoning) if r)
            out[-1] = ChatMessage(m.role, f"{prev.content}\n\n{m.content}", reasoning)
        else:
            out.append(m)
    return out


def _merge_system(msgs: list[ChatMessage]) -> list[ChatMessage] | None:
    """Fold a leading system message into the first user message; None if there is none."""
    if not msgs or msgs[0].role != "system":
        return None
    system, rest = msgs[0].content, list(msgs[1:])
    for i, m in enumerate(rest):
        if m.role == "user":
            rest[i] = dataclasses.replace(m, content=f"{system}\n\n{m.content}" if system else m.content)
            return rest
    return [ChatMessage("user", system)] + rest
