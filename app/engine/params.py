"""Sampling and load parameters: one typed, bounded definition per setting.

Each field's metadata (:class:`Bound`) drives validation, the GUI widgets' ranges
and steps, the CLI's help, and the defaults. Nothing else hard-codes a range.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from typing import Any, Iterator

from app.engine.errors import InvalidParameterError
from model_store.fit import KV_TYPES
from model_store.texts import QT_TRANSLATE_NOOP, Sentence

_CONTEXT = "params"


DEFAULT_SYSTEM_PROMPT = "You are a helpful assistant. Answer in the user's language."
"""New chats start with this system prompt (editable per chat). Small models answer far
better with a plain instruction than with none or with their built-in default."""


@dataclass(frozen=True)
class Bound:
    """What one numeric setting may be.

    Attributes:
        label: Short name shown next to the widget.
        minimum / maximum: Inclusive range.
        step: Widget step; ``decimals`` for float widgets.
        help: One sentence that explains the effect, used as tooltip and CLI help.
        special: Optional ``(value, text)`` shown instead of the number (e.g. ``-1`` → "random").
    """

    label: str
    minimum: float
    maximum: float
    step: float = 1
    decimals: int = 0
    help: str = ""
    special: tuple[float, str] | None = None


def _num(default: float, bound: Bound) -> Any:
    return field(default=default, metadata={"bound": bound})


def bounded_fields(cls: type) -> Iterator[tuple[dataclasses.Field, Bound]]:
    """Yield ``(field, bound)`` for each numeric field of a params dataclass, in order."""
    for f in dataclasses.fields(cls):
        bound = f.metadata.get("bound")
        if bound is not None:
            yield f, bound


def _check(obj: Any) -> None:
    """Validate every bounded field of ``obj`` and store it as its declared type (int or float).

    Whole-number floats in integer fields (``40.0`` from JSON) become ints, and ints in float
    fields become floats, so llama.cpp's ctypes signatures always get the type they expect.
    """
    for f, bound in bounded_fields(type(obj)):
        value = getattr(obj, f.name)
        kind = int if isinstance(f.default, int) and not isinstance(f.default, bool) else float
        # The label is translated where the side panel writes it out (app/ui/param_texts.py).
        label = Sentence(bound.label, "ParamsForm")
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise InvalidParameterError(Sentence(QT_TRANSLATE_NOOP(
                "params", "{label} must be a number, not {value}."), _CONTEXT, label=label, value=repr(value)))
        if isinstance(value, float) and not math.isfinite(value):
            raise InvalidParameterError(Sentence(QT_TRANSLATE_NOOP(
                "params", "{label} must be a finite number, not {value}."), _CONTEXT, label=label, value=value))
        if kind is int and isinstance(value, float) and not value.is_integer():
            raise InvalidParameterError(Sentence(QT_TRANSLATE_NOOP(
                "params", "{label} must be a whole number, not {value}."), _CONTEXT, label=label, value=value))
        if not bound.minimum <= value <= bound.maximum:
            lo = _fmt(bound.minimum, bound)
            hi = _fmt(bound.maximum, bound)
            if abs(value) < 1e18:
                shown = _fmt(value, bound)
                if shown in (lo, hi):  # 2.004 would read "2.00 is out of range"
                    shown = repr(value)
                raise InvalidParameterError(Sentence(QT_TRANSLATE_NOOP(
                    "params", "{label} must be between {lo} and {hi}; {value} is out of range."),
                    _CONTEXT, label=label, lo=lo, hi=hi, value=shown))
            far = (QT_TRANSLATE_NOOP("params", "{label} must be between {lo} and {hi}; a far smaller number "
                                     "is out of range.") if value < 0 else
                   QT_TRANSLATE_NOOP("params", "{label} must be between {lo} and {hi}; a far larger number "
                                     "is out of range."))
            raise InvalidParameterError(Sentence(far, _CONTEXT, label=label, lo=lo, hi=hi))
        object.__setattr__(obj, f.name, kind(value))


def _fmt(value: float, bound: Bound) -> str:
    return f"{value:.{bound.decimals}f}" if bound.decimals else str(int(value))


@dataclass(frozen=True)
class SamplingParams:
    """How the next token is chosen. Runs in llama.cpp's C sampler chain.

    ``temperature == 0`` means greedy (always the most likely token).
    """

    temperature: float = _num(0.7, Bound("Temperature", 0.0, 2.0, 0.05, 2,
        "Higher is more varied, lower is more focused; 0 always picks the most likely word."))
    top_p: float = _num(0.95, Bound("Top P", 0.0, 1.0, 0.01, 2,
        "Keep only the most likely words whose probabilities add up to this share."))
    top_k: int = _num(40, Bound("Top K", 0, 1000, 1, 0,
        "Keep only this many most likely words (0 keeps all).", (0, "off")))
    min_p: float = _num(0.05, Bound("Min P", 0.0, 1.0, 0.01, 2,
        "Drop words less likely than this share of the most likely one."))
    repeat_penalty: float = _num(1.0, Bound("Repeat penalty", 1.0, 2.0, 0.01, 2,
        "Discourage repeating recent words (1 is off)."))
    repeat_last_n: int = _num(64, Bound("Penalty window", 0, 4096, 16, 0,
        "How many recent tokens the repeat, presence and frequency penalties look at."))
    presence_penalty: float = _num(0.0, Bound("Presence penalty", -2.0, 2.0, 0.05, 2,
        "Discourage any word that already appeared."))
    frequency_penalty: float = _num(0.0, Bound("Frequency penalty", -2.0, 2.0, 0.05, 2,
        "Discourage words in proportion to how often they appeared."))
    max_tokens: int = _num(1024, Bound("Max tokens", 0, 131072, 64, 0,
        "Stop the answer after this many tokens (0: until the context is full).", (0, "no limit")))
    seed: int = _num(-1, Bound("Seed", -1, 2**31 - 1, 1, 0,
        "The same seed and settings give the same answer (-1: a new random seed each time).",
        (-1, "random")))
    stop: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _check(self)
        if not isinstance(self.stop, (list, tuple)) or not all(isinstance(s, str) for s in self.stop):
            raise InvalidParameterError(Sentence(QT_TRANSLATE_NOOP("params", "Stop strings must be a list of texts."),
                                                 _CONTEXT))
        if any(s == "" for s in self.stop):
            raise InvalidParameterError(Sentence(QT_TRANSLATE_NOOP("params", "A stop string cannot be empty."),
                                                 _CONTEXT))
        object.__setattr__(self, "stop", tuple(self.stop))

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["stop"] = list(self.stop)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> "SamplingParams":
        """Build from a (possibly older or partial) dict; unknown keys are ignored.

        Raises:
            InvalidParameterError: a value is out of range or of the wrong type.
        """
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in (data or {}).items() if k in names})

    def replace(self, **changes: Any) -> "SamplingParams":
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True)
class LoadParams:
    """How a parameter file is loaded.

    ``n_ctx == 0`` uses the model's trained context, capped at 8192 to keep memory modest;
    ``n_gpu_layers == -1`` offloads every layer when a GPU backend (Metal/CUDA) is present;
    ``n_threads == 0`` picks a count that leaves the GUI a core.
    """

    model_path: str = ""
    n_ctx: int = _num(4096, Bound("Context length", 0, 1_048_576, 512, 0,
        "How many tokens of conversation the model can see at once (0: the model's own).",
        (0, "model default")))
    n_gpu_layers: int = _num(-1, Bound("GPU layers", -1, 1000, 1, 0,
        "How many layers run on the GPU (-1: all that fit; 0: CPU only).", (-1, "all")))
    n_threads: int = _num(0, Bound("Threads", 0, 256, 1, 0,
        "CPU threads for generation (0: automatic, leaves a core for the window).", (0, "auto")))
    n_threads_batch: int = _num(0, Bound("Prompt threads", 0, 256, 1, 0,
        "CPU threads for reading the prompt (0: automatic, every performance core).", (0, "auto")))
    n_batch: int = _num(512, Bound("Batch size", 32, 8192, 32, 0,
        "Tokens evaluated per step while reading the prompt."))
    # The KV cache's number format: "f16", or "q8_0"/"q4_0" to halve or quarter its memory.
    kv_type: str = "f16"
    # The person was told the model is not expected to fit and chose to load it anyway.
    ignore_fit: bool = False
    # The person's own chat template for this model ("": the model's own).
    chat_template: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.model_path, str):
            raise InvalidParameterError(Sentence(QT_TRANSLATE_NOOP(
                "params", "The model path must be text, not {value}."), _CONTEXT, value=repr(self.model_path)))
        if not isinstance(self.chat_template, str):
            raise InvalidParameterError(Sentence(QT_TRANSLATE_NOOP("params", "A chat template must be text."),
                                                 _CONTEXT))
        if self.kv_type not in KV_TYPES:
            raise InvalidParameterError(Sentence(QT_TRANSLATE_NOOP(
                "params", "The KV cache type must be one of {choices}, not {value}."), _CONTEXT,
                choices=", ".join(KV_TYPES), value=repr(self.kv_type)))
        _check(self)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> "LoadParams":
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in (data or {}).items() if k in names})

    def replace(self, **changes: Any) -> "LoadParams":
        return dataclasses.replace(self, **changes)
