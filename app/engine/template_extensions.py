"""The Jinja dialect chat templates are written in: what Hugging Face transformers adds to Jinja.

Model authors write and test their templates with transformers' ``apply_chat_template``, so
that renderer defines what a template means. It is Jinja's immutable sandbox with
``trim_blocks`` and ``lstrip_blocks``, the ``loopcontrols`` extension (``{% break %}``,
``{% continue %}``), a ``{% generation %}`` block (it marks the assistant's tokens for
training and, for rendering, just renders its body), its own ``tojson`` (no HTML escaping,
keyword arguments), and the globals ``raise_exception``, ``strftime_now``, ``dict`` and a
``namespace`` that refuses underscore names. :func:`chat_template_environment` builds the same
dialect on Hearth's :class:`~app.engine.template_sandbox.GuardedEnvironment`, so every
addition runs under the sandbox's limits.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.ext import Extension, loopcontrols
from jinja2.runtime import Macro

from app.engine.template_sandbox import GuardedEnvironment, TemplateRaised


class GenerationBlock(Extension):
    """``{% generation %}…{% endgeneration %}``: renders its body.

    transformers uses the block to find the assistant's tokens when it builds training
    masks; for a prompt it changes nothing. The body is a call block, as in transformers,
    so ``{% set %}`` inside it stays inside it.
    """

    tags = {"generation"}

    def parse(self, parser: jinja2.parser.Parser) -> nodes.Node:
        lineno = next(parser.stream).lineno
        body = parser.parse_statements(("name:endgeneration",), drop_needle=True)
        return nodes.CallBlock(self.call_method("_render_body"), [], [], body).set_lineno(lineno)

    def _render_body(self, caller: Macro) -> str:
        return caller()


def raise_exception(message: str) -> None:
    """What a template calls to refuse a conversation (e.g. "roles must alternate")."""
    raise TemplateRaised(str(message))


def strftime_now(fmt: str) -> str:
    """The local date and time, formatted as the template asks (templates print today's date)."""
    return datetime.now().strftime(fmt)


def tojson(value: Any, ensure_ascii: bool = False, indent: int | str | None = None,
           separators: tuple[str, str] | None = None, sort_keys: bool = False) -> str:
    """JSON text as transformers writes it: ``json.dumps`` with its defaults, no HTML escaping.

    Jinja's own ``tojson`` escapes ``<``, ``>``, ``&`` and ``'`` for HTML, which would change
    what a model reads; the sandbox sizes the result (indent, separators included) before
    this runs.
    """
    return json.dumps(value, ensure_ascii=ensure_ascii, indent=indent, separators=separators,
                      sort_keys=sort_keys)


class TemplateDict:
    """The ``dict`` global: builds plain dicts, and nothing else of the ``dict`` type is reachable."""

    def __call__(self, *args: Any, **kwargs: Any) -> dict:
        return dict(*args, **kwargs)

    def fromkeys(self, *args: Any, **kwargs: Any) -> dict:
        return dict.fromkeys(*args, **kwargs)


def chat_template_environment() -> GuardedEnvironment:
    """A guarded environment that renders chat templates exactly as transformers does.

    It has no loader, so ``include``, ``import`` and ``extends`` find nothing.
    """
    env = GuardedEnvironment(trim_blocks=True, lstrip_blocks=True, autoescape=False,
                             extensions=[GenerationBlock, loopcontrols],
                             loader=jinja2.FunctionLoader(lambda _name: None))
    env.add_filter("tojson", tojson)
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = strftime_now
    env.globals["dict"] = TemplateDict()
    return env
