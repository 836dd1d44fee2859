"""From a conversation to the exact tokens a model reads: template, thinking switch and window.

One :class:`ChatPrompt` belongs to one loaded model (and template). It knows the model's chat
template (its own, the user's override, or the ChatML fallback), how the model thinks aloud
(:mod:`app.engine.reasoning`), which template variable switches its thinking, and where the
visible window of a long chat starts (:mod:`app.engine.context_window`). It is plain Python
over a ``tokenize`` function, so the llama.cpp engine and the scripted fake share it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

from app.engine.context_window import choose_window
from app.engine.errors import ContextOverflowError, InvalidParameterError
from model_store.texts import QT_TRANSLATE_NOOP, Sentence
from app.engine.reasoning import ReasoningFormat
from app.engine.reasoning_detect import ThinkingControl, detect_format, template_variables, thinking_control
from app.engine.templates import ChatFormatter, check_template
from app.engine.types import ChatMessage, ChatOptions

Tokenize = Callable[[str], list[int]]
TokenOf = Callable[[str], "int | None"]


@dataclass(frozen=True)
class Prompt:
    """One prompt, ready to evaluate.

    Attributes:
        text: Exactly what the model reads (template output, generation prompt included).
        tokens: ``text`` tokenized as the model reads it.
        dropped: Oldest messages of the conversation left out to fit the context.
        warning: Why the model's own template was not used for this prompt ("" when it was).
        starts_in_reasoning: The generation prompt already opened a thinking block.
    """

    text: str
    tokens: list[int]
    dropped: int = 0
    warning: str = ""
    starts_in_reasoning: bool = False


def chat_prompt_or_own(make: Callable[[str | None], "ChatPrompt"], override: str) -> tuple["ChatPrompt", str]:
    """The prompt side with the person's template, or the model's own (and a sentence) when
    that template no longer works: a stored template must never stop a model from loading."""
    if not override:
        return make(None), ""
    try:
        return make(override), ""
    except InvalidParameterError as exc:
        return make(None), (f"Your chat template for this model was not used ({exc.message.rstrip('.')}); "
                            "Hearth uses the model's own.")


class ChatPrompt:
    """The prompt side of a loaded model.

    Attributes:
        formatter: Renders conversations with the template in use.
        origin: "model", "override" or "fallback" (ChatML, see ``formatter.warning``).
        reasoning: How the model marks its thinking, or None.
        control: The template's thinking switch, or None when it has none.
    """

    def __init__(self, template: str | None, bos_token: str, eos_token: str, tokenize: Tokenize,
                 token_of: TokenOf | None = None, *, override: bool = False) -> None:
        """Set up formatting for ``template`` (None or "": the model has none).

        Raises:
            InvalidParameterError: ``override`` is set and the template does not work.
        """
        if override:
            problem = check_template(template or "", bos_token, eos_token)
            if problem:
                raise InvalidParameterError(problem)
        self._tokenize = tokenize
        self.formatter = ChatFormatter(template, bos_token, eos_token)
        self.origin = "fallback" if self.formatter.is_fallback else ("override" if override else "model")
        probe = ChatFormatter(template, bos_token, eos_token)

        def render(messages: list[ChatMessage], add_generation_prompt: bool, variables: dict) -> str:
            text = probe.format(messages, add_generation_prompt, variables or None)
            if probe.is_fallback:  # the probe shape was rejected: say so rather than read ChatML
                raise ValueError(probe.warning)
            return text

        source = "" if self.formatter.is_fallback else self.formatter.source
        self.reasoning: ReasoningFormat | None = detect_format(source, render if source else None, token_of)
        self.control: ThinkingControl | None = (
            thinking_control(self.formatter.reads, render) if source else None)
        self._anchor: tuple[int, ChatMessage] | None = None

    @property
    def warning(self) -> str:
        """The template's standing warning (no template, broken, replaced by ChatML), or ""."""
        return self.formatter.warning if self.formatter.is_fallback else ""

    @property
    def thinking_choices(self) -> tuple[str, ...]:
        return self.control.choices if self.control else ()

    def info_fields(self) -> dict[str, object]:
        """What :class:`app.engine.types.ModelInfo` says about the template and reasoning."""
        return {"chat_template": "" if self.origin == "fallback" else self.formatter.source,
                "template_origin": self.origin, "template_warning": self.warning,
                "reasoning_format": self.reasoning.name if self.reasoning else "",
                "thinking_choices": self.thinking_choices}

    def variables(self, options: ChatOptions | None) -> dict[str, Any]:
        """The template variables this chat's options set (none for the model's default)."""
        choice = options.thinking if options else None
        if self.control is None or choice not in self.control.choices:
            return {}
        return template_variables(self.control, choice)

    def text(self, messages: Sequence[ChatMessage], options: ChatOptions | None = None,
             add_generation_prompt: bool = True) -> str:
        """The template's text for exactly these messages (no window)."""
        return self.formatter.format(list(messages), add_generation_prompt, self.variables(options) or None)

    def build(self, messages: Sequence[ChatMessage], options: ChatOptions | None, limit: int,
              hard_limit: int) -> Prompt:
        """The prompt for ``messages``, leaving out the oldest turns if the chat is too long.

        Args:
            limit: Most prompt tokens that still leave room for the answer.
            hard_limit: Most prompt tokens there can be at all (the context size minus one).

        Raises:
            ContextOverflowError: the chat does not fit and the chat's options say stop, or even
                its last message does not fit.
        """
        options = options or ChatOptions()
        variables = self.variables(options) or None
        rendered: dict[int, tuple[str, list[int], str]] = {}

        def count(msgs: Sequence[ChatMessage]) -> int:
            text = self.formatter.format(list(msgs), True, variables)
            warning = self.formatter.warning if self.formatter.is_fallback else ""
            rendered[len(msgs)] = (text, self._tokenize(text), warning)
            return len(rendered[len(msgs)][1])

        if options.overflow == "stop":
            total = count(messages)
            if total > hard_limit:
                raise ContextOverflowError(Sentence(QT_TRANSLATE_NOOP(
                    "model_store", "This conversation is {tokens} tokens long but the model's context holds "
                    "{size}. Start a new chat, raise the context length, or let Hearth "
                    "leave out the oldest messages (chat settings)."), tokens=f"{total:,}", size=f"{hard_limit + 1:,}"))
            visible, dropped = list(messages), 0
        else:
            window = choose_window(messages, count, max(1, min(limit, hard_limit)), self._anchor,
                                   context=hard_limit + 1)
            self._anchor = window.anchor
            visible, dropped = window.messages, window.dropped
        if len(visible) not in rendered:
            count(visible)
        text, tokens, warning = rendered[len(visible)]
        starts = self.reasoning.opens_in(text) if self.reasoning else False
        return Prompt(text, tokens, dropped, warning, starts)

    def shift(self, messages: Sequence[ChatMessage], options: ChatOptions | None, limit: int) -> Prompt | None:
        """Move the window on so that the prompt takes at most ``limit`` tokens (an answer that
        outgrew the context continues after it); None when no turn is left to drop."""
        variables = self.variables(options) or None
        rendered: dict[int, tuple[str, list[int]]] = {}

        def count(msgs: Sequence[ChatMessage]) -> int:
            text = self.formatter.format(list(msgs), True, variables)
            rendered[len(msgs)] = (text, self._tokenize(text))
            return len(rendered[len(msgs)][1])

        before = self._anchor[0] if self._anchor else 0
        try:
            window = choose_window(messages, count, max(1, limit))
        except ContextOverflowError:
            return None
        if window.dropped <= before:
            return None
        self._anchor = window.anchor
        text, tokens = rendered[len(window.messages)]
        starts = self.reasoning.opens_in(text) if self.reasoning else False
        return Prompt(text, tokens, window.dropped, "", starts)

    def marker_tokens(self, token_of: TokenOf) -> frozenset[int]:
        """Token ids the engine must render as text so the reasoning parser sees them."""
        return self.reasoning.marker_tokens(token_of) if self.reasoning else frozenset()
