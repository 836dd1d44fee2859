"""What the numeric settings are called, in the person's language.

The engine defines each setting once, with English texts (:class:`~app.engine.params.Bound`),
and knows nothing of Qt. The side panels show them through :func:`bound_texts`, which looks
up the same texts written out here for Qt's translation tools (lupdate only finds literal
strings). A setting missing here falls back to the engine's English; a test keeps the two in
step.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QCoreApplication

from app.engine.params import Bound


class BoundTexts(NamedTuple):
    """A setting's label, its one-sentence help, and the text shown for its special value."""

    label: str
    help: str
    special: str | None = None


def _translated() -> dict[str, BoundTexts]:
    """Every bounded setting of SamplingParams and LoadParams, by field name (translated now)."""

    translate = QCoreApplication.translate
    return {
        "temperature": BoundTexts(
            translate("ParamsForm", "Temperature"),
            translate("ParamsForm", "Higher is more varied, lower is more focused; 0 always picks the most likely word.")),
        "top_p": BoundTexts(
            translate("ParamsForm", "Top P"),
            translate("ParamsForm", "Keep only the most likely words whose probabilities add up to this share.")),
        "top_k": BoundTexts(
            translate("ParamsForm", "Top K"),
            translate("ParamsForm", "Keep only this many most likely words (0 keeps all)."),
            translate("ParamsForm", "off")),
        "min_p": BoundTexts(
            translate("ParamsForm", "Min P"),
            translate("ParamsForm", "Drop words less likely than this share of the most likely one.")),
        "repeat_penalty": BoundTexts(
            translate("ParamsForm", "Repeat penalty"),
            translate("ParamsForm", "Discourage repeating recent words (1 is off).")),
        "repeat_last_n": BoundTexts(
            translate("ParamsForm", "Penalty window"),
            translate("ParamsForm", "How many recent tokens the repeat, presence and frequency penalties look at.")),
        "presence_penalty": BoundTexts(
            translate("ParamsForm", "Presence penalty"),
            translate("ParamsForm", "Discourage any word that already appeared.")),
        "frequency_penalty": BoundTexts(
            translate("ParamsForm", "Frequency penalty"),
            translate("ParamsForm", "Discourage words in proportion to how often they appeared.")),
        "max_tokens": BoundTexts(
            translate("ParamsForm", "Max tokens"),
            translate("ParamsForm", "Stop the answer after this many tokens (0: until the context is full)."),
            translate("ParamsForm", "no limit")),
        "seed": BoundTexts(
            translate("ParamsForm", "Seed"),
            translate("ParamsForm",
                      "The same seed and settings give the same answer (-1: a new random seed each time)."),
            translate("ParamsForm", "random")),
        "n_ctx": BoundTexts(
            translate("ParamsForm", "Context length"),
            translate("ParamsForm", "How many tokens of conversation the model can see at once (0: the model's own)."),
            translate("ParamsForm", "model default")),
        "n_gpu_layers": BoundTexts(
            translate("ParamsForm", "GPU layers"),
            translate("ParamsForm", "How many layers run on the GPU (-1: all that fit; 0: CPU only)."),
            translate("ParamsForm", "all")),
        "n_threads": BoundTexts(
            translate("ParamsForm", "Threads"),
            translate("ParamsForm", "CPU threads for generation (0: automatic, leaves a core for the window)."),
            translate("ParamsForm", "auto")),
        "n_threads_batch": BoundTexts(
            translate("ParamsForm", "Prompt threads"),
            translate("ParamsForm", "CPU threads for reading the prompt (0: automatic, every performance core)."),
            translate("ParamsForm", "auto")),
        "n_batch": BoundTexts(
            translate("ParamsForm", "Batch size"),
            translate("ParamsForm", "Tokens evaluated per step while reading the prompt.")),
    }


def known_fields() -> frozenset[str]:
    """The field names written out here (for the test that keeps them in step with the engine)."""
    return frozenset(_translated())


def bound_texts(name: str, bound: Bound) -> BoundTexts:
    """The label, help and special-value text of the setting ``name``, translated; the engine's
    English for a setting not written out here."""
    found = _translated().get(name)
    if found is not None:
        return found
    return BoundTexts(bound.label, bound.help, bound.special[1] if bound.special is not None else None)
