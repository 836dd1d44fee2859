"""Sentences from the layers below the UI, shown in the user's language.

``model_store`` and ``app.engine`` write English :class:`~model_store.texts.Sentence` objects
(they never import Qt); :func:`localize` looks their templates up in Qt's translations and
fills the parameters in again. Any other string is looked up as a fixed sentence of the
``model_store`` context and comes back unchanged when there is no translation.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication

from model_store.texts import CONTEXT, Sentence

log = logging.getLogger(__name__)


def localize(text: str) -> str:
    """``text`` in the user's language; the English text whenever a translation cannot be used.

    Never raises: a translation whose placeholders do not match its source is logged and the
    English sentence shown instead.
    """
    if not isinstance(text, str) or not text:
        return text
    if not isinstance(text, Sentence):
        return QCoreApplication.translate(CONTEXT, text)
    try:
        translated = QCoreApplication.translate(text.context, text.template) or text.template
        if not text.params:
            return translated
        params = {key: localize(value) if isinstance(value, str) else value
                  for key, value in text.params.items()}
        return translated.format(**params)
    except Exception:  # noqa: BLE001 - a broken translation must never stop the UI
        log.warning("could not use the translation of %r", text.template, exc_info=True)
        return str.__str__(text)


def localize_error(error: BaseException) -> str:
    """The sentence of a HearthError (or any exception) in the user's language."""
    message = getattr(error, "message", None)
    return localize(message if isinstance(message, str) else str(error))
