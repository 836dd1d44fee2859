"""Sentences the layers below the UI write, kept translatable without importing Qt.

The model store and the engine explain themselves in English sentences (errors, fit and speed
estimates, quality notes). The CLI, the logs and the tests read them as they are; the GUI shows
them in the user's language. A :class:`Sentence` is both: a plain ``str`` holding the English
text, which also remembers its template, its translation context and its parameters, so the GUI
(``app.ui.texts.localize``) can look the template up in Qt's translations and fill it in again.

Templates are written inside :func:`QT_TRANSLATE_NOOP` so ``pyside6-lupdate`` finds them::

    Sentence(QT_TRANSLATE_NOOP("model_store", "Not enough free disk space for {name}."), name=name)

Parameters are filled in as given: numbers and sizes are formatted (in English) before, and a
parameter that is itself a Sentence is translated too.
"""

from __future__ import annotations

from typing import Any

CONTEXT = "model_store"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate looks for
    """Mark ``text`` for translation in ``context``; returns it unchanged."""
    return text


class Sentence(str):
    """A sentence in English (its ``str`` value) that can be translated later.

    ``Sentence(template, context="model_store", **params)`` is ``template.format(**params)``;
    ``.template``, ``.context`` and ``.params`` keep what a translation needs.
    """

    template: str
    context: str
    params: dict[str, Any]

    def __new__(cls, template: str, context: str = CONTEXT, **params: Any) -> Sentence:
        self = super().__new__(cls, template.format(**params) if params else template)
        self.template = template
        self.context = context
        self.params = params
        return self

    def __reduce__(self):  # pickling (e.g. across a process boundary) keeps the parameters
        return (_rebuild, (self.template, self.context, self.params))

    def __repr__(self) -> str:
        return f"Sentence({str.__repr__(self)})"


def _rebuild(template: str, context: str, params: dict[str, Any]) -> Sentence:
    return Sentence(template, context, **params)


def join(sentences: list[str] | tuple[str, ...], separator: str = " ") -> str:
    """Several sentences shown together; each stays translatable when they are all Sentences."""
    parts = [s for s in sentences if s]
    if len(parts) == 1:
        return parts[0]
    names = {f"s{i}": part for i, part in enumerate(parts)}
    return Sentence(separator.join("{" + name + "}" for name in names), CONTEXT, **names)
