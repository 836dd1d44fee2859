"""The sandbox chat templates run in: Jinja's immutable sandbox plus limits on work.

A chat template comes with a downloaded model, so it is untrusted code. Jinja's
``ImmutableSandboxedEnvironment`` already blocks access to Python internals; the
``GuardedEnvironment`` here also sizes every operation that could build a huge value
before it runs, counts loop steps, streams output against a budget, and stops any render
after a few seconds, so a hostile template fails fast instead of hanging Hearth.

Sizes are measured twice over: ``len`` where a value is built (``'a' * n``, ``join`` …), and
the text a value would become (:func:`text_size`) wherever a list, dict or namespace is
turned into text (output, ``~``, ``%``, ``tojson``, string filters). The second matters
because a list may hold the same big value many times over: ``[s] * 1000`` is short, its
text is not.
"""

from __future__ import annotations

import functools
import re
import time
from collections.abc import ItemsView, KeysView, ValuesView
from typing import Any, Callable, Sequence

from jinja2 import nodes
from jinja2.compiler import CodeGenerator
from jinja2.runtime import LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.utils import Namespace

from model_store.texts import QT_TRANSLATE_NOOP, Sentence

MAX_TEMPLATE_CHARS = 200_000
MAX_OUTPUT_FACTOR = 8          # output may be at most this many times the input text, plus slack
MAX_OUTPUT_SLACK = 64_000
MAX_OUTPUT_PER_MESSAGE = 512  # role headers, separators, per-turn boilerplate
MAX_RANGE_ITEMS = 200_000      # range() items per render
MAX_LOOP_STEPS = 1_000_000     # for-loop iterations per render, over anything
MAX_RENDER_SECONDS = 5.0       # a backstop; legitimate templates render in milliseconds
RECURSIVE_LOOP_COST = 64       # steps charged per loop() call of a recursive for: it is that slow
MAX_JSON_INDENT = 16           # tojson(indent=…): real templates use 2 or 4
MAX_JSON_SEPARATOR = 16        # tojson(separators=…): real templates use ", " and ": "
_CHECK_EVERY = 1024            # loop steps between clock readings

# Widths in printf-style ("%9999999s") and str.format ("{:>9999999}") format strings.
_PERCENT_WIDTH = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\d+|\*)?(?:\.(\d+|\*))?")
_FORMAT_SPEC = re.compile(r"\{[^{}]*:([^{}]*)\}")

# Filters that never turn a list or dict they are given into text; every other filter may
# (``string``, ``lower``, ``pprint`` …), so a container passed to one is sized as text first.
# ``join`` and ``tojson`` size their own output.
_STRUCTURAL_FILTERS = frozenset([
    "abs", "attr", "batch", "count", "d", "default", "dictsort", "first", "float", "groupby", "int",
    "items", "join", "last", "length", "list", "map", "max", "min", "random", "reject", "rejectattr",
    "reverse", "round", "select", "selectattr", "slice", "sort", "sum", "tojson", "unique",
])


class TemplateError(Exception):
    """The model's template could not format this conversation."""


class TemplateRaised(TemplateError):
    """The template itself called ``raise_exception`` (it rejects this conversation)."""


class TemplateLimitError(TemplateError):
    """The template asked for more work or memory than any chat prompt needs."""


def _limit(reason: str) -> TemplateLimitError:
    """The error for a template stopped by a guard; ``reason`` ("it loops far too many times")
    stays translatable inside the warning the window shows."""
    return TemplateLimitError(Sentence(reason, "template"))


def _size(value: Any) -> int:
    """Characters (or items) a value holds; 0 for scalars."""
    if isinstance(value, (str, bytes, list, tuple, dict, set, frozenset)):
        return len(value)
    return 0


def text_size(value: Any, limit: int, indent: int = 0, separators: int = 2) -> int:
    """At least how many characters ``str(value)`` or ``json.dumps(value)`` would take.

    Shared parts count every time they appear, as they would in the text. The count stops
    as soon as it passes ``limit`` (and returns something larger), so it costs at most about
    ``limit`` steps however the value is built. ``indent`` and ``separators`` are JSON's
    indent width and the length of its item separators.
    """
    total = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            total += len(item) + 2
        elif isinstance(item, Namespace):
            item = object.__getattribute__(item, "_Namespace__attrs")
            total += 12
            stack.append((item, depth))
        elif isinstance(item, (dict, list, tuple, set, frozenset, KeysView, ValuesView, ItemsView)):
            n = len(item)
            total += 2 + n * (separators + (1 + indent * (depth + 1) if indent else 0))
            if total > limit:
                return total
            if isinstance(item, dict):
                for key, member in item.items():
                    stack.append((key, depth + 1))
                    stack.append((member, depth + 1))
            else:
                stack.extend((member, depth + 1) for member in item)
        elif isinstance(item, int) and not isinstance(item, bool):
            total += 1 + item.bit_length() // 4
        else:
            total += 4
        if total > limit:
            return total
    return total


class _GuardCodeGenerator(CodeGenerator):
    """Compiles ``a ~ b`` and every for-loop through the environment's guards."""

    def visit_Template(self, node: nodes.Template, frame=None) -> None:
        for loop in node.find_all(nodes.For):
            loop.iter = nodes.Call(nodes.EnvironmentAttribute("guard_loop"), [loop.iter], [], None, None)
        super().visit_Template(node, frame)

    def visit_Concat(self, node: nodes.Concat, frame) -> None:
        self.write("environment.guard_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class GuardedEnvironment(ImmutableSandboxedEnvironment):
    """The immutable sandbox, plus limits on the work and memory a hostile template can ask for.

    The sandbox already blocks Python internals (``__class__``, ``__globals__`` …) and
    mutation. On top of it, each render has a character budget (``max_chars``, derived
    from the conversation's size): no single value (string, list, loop output) may grow
    past it, and operations that could build a huge value in one C call (``'a' * n``,
    ``str.replace``, ``join``, padding widths, ``str()`` of a list …) are sized *before*
    they run. Loops (``break`` and ``continue`` included, recursive ones too) and ``range``
    count their steps, and a clock stops anything that still runs too long.
    """

    code_generator_class = _GuardCodeGenerator
    intercepted_binops = frozenset(["*", "**", "%", "+"])

    def __init__(self, **options) -> None:
        super().__init__(**options)
        self.max_chars = MAX_OUTPUT_SLACK
        self.reset()
        self.finalize = self._guard_output
        self.globals["range"] = self._range
        self.globals["namespace"] = self._namespace
        for name, func in list(self.filters.items()):
            self.filters[name] = self._guard_filter(name, func)

    def reset(self, max_chars: int | None = None) -> None:
        if max_chars is not None:
            self.max_chars = max_chars
        self.range_items = 0
        self.loop_steps = 0
        self.deadline = time.monotonic() + MAX_RENDER_SECONDS

    def add_filter(self, name: str, func: Callable) -> None:
        """Install (or replace) a filter; it runs under the same guards as Jinja's own."""
        self.filters[name] = self._guard_filter(name, func)

    # -- limits ------------------------------------------------------------------------

    def _check_clock(self) -> None:
        if time.monotonic() > self.deadline:
            raise _limit(QT_TRANSLATE_NOOP("template", "it takes far too long"))

    def _check_size(self, n: int) -> None:
        if n > self.max_chars:
            raise _limit(QT_TRANSLATE_NOOP("template", "it builds an enormous text"))

    def _check_text(self, value: Any) -> None:
        """Refuse a value whose text (``str()`` of it) would pass the budget."""
        if not isinstance(value, (str, int, float, bool, type(None))):
            self._check_size(text_size(value, self.max_chars))

    def _check_number(self, value: Any) -> None:
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > self.max_chars:
            raise _limit(QT_TRANSLATE_NOOP("template", "it asks for an enormous size"))

    def _check_format(self, fmt: str, args: Sequence[Any]) -> None:
        for match in _PERCENT_WIDTH.finditer(fmt):
            for group in match.groups():
                if group and group.isdigit():
                    self._check_number(int(group))
        for match in _FORMAT_SPEC.finditer(fmt):
            for digits in re.findall(r"\d+", match.group(1)):
                self._check_number(int(digits))
        for arg in args:
            self._check_number(arg)
            self._check_text(arg)

    def _check_result(self, value: Any) -> Any:
        self._check_size(_size(value))
        return value

    # -- hooks ---------------------------------------------------------------------------

    def guard_loop(self, iterable: Any) -> "_CountedIterable":
        return _CountedIterable(self, iterable)

    def guard_concat(self, parts: tuple) -> str:
        for part in parts:
            self._check_text(part)
        texts = [str(p) for p in parts]
        self._check_size(sum(len(t) for t in texts))
        return "".join(texts)

    def _guard_output(self, value: Any) -> Any:
        """Jinja's ``finalize``: ``{{ x }}`` turns ``x`` into text, so size that text first."""
        self._check_text(value)
        return value

    def _range(self, *args: int) -> range:
        r = range(*args)
        self.range_items += len(r)
        if self.range_items > MAX_RANGE_ITEMS:
            raise _limit(QT_TRANSLATE_NOOP("template", "it loops far too many times"))
        return r

    def _namespace(self, *args: Any, **kwargs: Any) -> Namespace:
        return _GuardedNamespace(self, *args, **kwargs)

    def call_binop(self, context, operator, left, right):
        self._check_clock()
        if operator == "**":
            if isinstance(right, (int, float)) and abs(right) > 64:
                raise _limit(QT_TRANSLATE_NOOP("template", "it computes an enormous number"))
            if isinstance(left, int) and isinstance(right, int) and right > 0 \
                    and left.bit_length() * right > 16_384:
                raise _limit(QT_TRANSLATE_NOOP("template", "it computes an enormous number"))
        elif operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(n, int) and not isinstance(n, bool):
                    self._check_size(_size(seq) * n)
            if isinstance(left, int) and isinstance(right, int) \
                    and left.bit_length() + right.bit_length() > 16_384:
                raise _limit(QT_TRANSLATE_NOOP("template", "it computes an enormous number"))
        elif operator == "%" and isinstance(left, str):
            self._check_format(left, right if isinstance(right, tuple) else (right,))
        elif operator == "+":
            self._check_size(_size(left) + _size(right))
        return self._check_result(super().call_binop(context, operator, left, right))

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - the sandbox's signature
        __self._check_clock()
        owner = getattr(getattr(__obj, "__wrapped__", __obj), "__self__", None)
        if isinstance(owner, str) and getattr(__obj, "__name__", "") == "join" and args:
            args = (list(args[0]), *args[1:])  # sized before joining; a generator would be spent
        if isinstance(__obj, LoopContext) and args:
            __self.loop_steps += RECURSIVE_LOOP_COST
            args = (__self.guard_loop(args[0]), *args[1:])  # a recursive loop's inner levels count too
        if __obj != __self._range:
            for arg in (*args, *kwargs.values()):
                __self._check_number(arg)
                __self._check_size(_size(arg))
        if isinstance(owner, str):
            __self._check_str_method(owner, getattr(__obj, "__name__", ""), args, kwargs)
        return __self._check_result(super().call(__context, __obj, *args, **kwargs))

    def _check_str_method(self, text: str, name: str, args: tuple, kwargs: dict) -> None:
        if name == "replace" and len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
            self._check_size(_replaced_size(text, args[0], args[1]))
        elif name == "expandtabs":
            tab = args[0] if args else kwargs.get("tabsize", 8)
            if isinstance(tab, int):
                self._check_size(len(text) + text.count("\t") * max(tab, 0))
        elif name == "join" and args:
            self._check_size(self._joined_size(args[0], text))
        elif name in ("format", "format_map"):
            self._check_format(text, (*args, *kwargs.values()))

    def _joined_size(self, items: Any, sep: str) -> int:
        if not isinstance(items, (list, tuple, str)):
            return 0  # a lazy iterable: its items are counted by the loop guard, its result by size
        total = len(sep) * max(len(items) - 1, 0)
        for item in items:
            total += len(item) if isinstance(item, str) else text_size(item, self.max_chars)
            if total > self.max_chars:
                break
        return total

    def _check_json(self, value: Any, args: tuple, kwargs: dict) -> None:
        """Size ``tojson``'s output before it is built (transformers' keyword arguments)."""
        names = ("ensure_ascii", "indent", "separators", "sort_keys")
        options = {**dict(zip(names, args)), **kwargs}
        indent = options.get("indent")
        width = len(indent) if isinstance(indent, str) else indent if isinstance(indent, int) else 0
        if width > MAX_JSON_INDENT:
            raise _limit(QT_TRANSLATE_NOOP("template", "it asks for an enormous indent"))
        separators = options.get("separators")
        sep = 2
        if isinstance(separators, (list, tuple)):
            lengths = [len(s) for s in separators if isinstance(s, str)]
            if any(n > MAX_JSON_SEPARATOR for n in lengths):
                raise _limit(QT_TRANSLATE_NOOP("template", "it asks for enormous separators"))
            sep = sum(lengths)
        self._check_size(text_size(value, self.max_chars, indent=max(width, 0), separators=sep))

    def _guard_filter(self, name: str, func: Callable) -> Callable:
        skip = 2 if getattr(func, "jinja_pass_arg", None) is not None else 1
        env = self

        @functools.wraps(func)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            env._check_clock()
            value, extra = (args[skip - 1] if len(args) >= skip else None), args[skip:]
            for arg in (*extra, *kwargs.values()):
                env._check_number(arg)
                env._check_size(_size(arg))
            if name not in _STRUCTURAL_FILTERS:
                env._check_text(value)
            if name == "join":
                value = list(value)
                sep = extra[0] if extra else kwargs.get("d", "")
                env._check_size(env._joined_size(value, str(sep)))
                args = (*args[:skip - 1], value, *extra)
            elif name == "sum":
                env._check_size(sum(_size(item) for item in value) if isinstance(value, (list, tuple)) else 0)
            elif name == "replace" and len(extra) >= 2:
                env._check_size(_replaced_size(str(value), str(extra[0]), str(extra[1])))
            elif name == "indent":
                width = extra[0] if extra else kwargs.get("width", 4)
                pad = len(width) if isinstance(width, str) else width if isinstance(width, int) else 4
                env._check_size(_size(value) + (str(value).count("\n") + 1) * max(pad, 0))
            elif name == "wordwrap":
                wrap = kwargs.get("wrapstring") or (extra[2] if len(extra) > 2 else None) or "\n"
                env._check_size(_size(value) * (1 + len(str(wrap))))
            elif name == "format" and isinstance(value, str):
                env._check_format(value, extra or tuple(kwargs.values()))
            elif name == "tojson":
                env._check_json(value, extra, kwargs)
            return env._check_result(func(*args, **kwargs))

        return guarded


class _CountedIterable:
    """An iterable that charges each step of a template's for-loop to the render's budget."""

    def __init__(self, env: GuardedEnvironment, iterable: Any) -> None:
        self._env = env
        self._iterable = iterable

    def __len__(self) -> int:
        return len(self._iterable)

    def __iter__(self):
        env = self._env
        for item in self._iterable:
            env.loop_steps += 1
            if env.loop_steps > MAX_LOOP_STEPS:
                raise _limit(QT_TRANSLATE_NOOP("template", "it loops far too many times"))
            if env.loop_steps % _CHECK_EVERY == 0:
                env._check_clock()
            yield item


class _GuardedNamespace(Namespace):
    """``namespace()`` whose attributes cannot grow past the render's budget (``ns.x = ns.x ~ ns.x``).

    Like transformers' namespace, it refuses attribute names that start with an underscore:
    they are how sandbox escapes reach Python internals.
    """

    def __init__(*args: Any, **kwargs: Any) -> None:  # noqa: N805 - mirrors jinja2.utils.Namespace
        self, env, rest = args[0], args[1], args[2:]
        object.__setattr__(self, "_guard_env", env)
        attrs = dict(*rest, **kwargs)
        for name in attrs:
            _check_attribute_name(name)
        super(_GuardedNamespace, self).__init__(attrs)

    def __setitem__(self, name: str, value: Any) -> None:
        _check_attribute_name(name)
        object.__getattribute__(self, "_guard_env")._check_size(_size(value))
        super().__setitem__(name, value)


def _check_attribute_name(name: Any) -> None:
    if isinstance(name, str) and name.startswith("_"):
        raise SecurityError(Sentence(QT_TRANSLATE_NOOP(
            "template", "it uses the namespace attribute {name}; names starting with an underscore are unsafe"),
            "template", name=repr(name)))


def _replaced_size(text: str, old: str, new: str) -> int:
    hits = text.count(old) if old else len(text) + 1
    return len(text) + hits * max(len(new) - len(old), 0)
