"""Which better model to suggest on first run: the largest well-known GGUF that fits this machine
and answers at a comfortable speed on it.

Plain data and arithmetic (no Qt): :data:`SUGGESTED_MODELS` lists a few well-known files with
their approximate sizes; :func:`recommend_model` picks the largest whose fit estimate at a
4096-token context is "fits" (not "tight") in the memory free now and, when a speed estimate
is given, that writes at least :data:`model_store.speed.COMFORTABLE_TOK_S` tokens a second
(about six words: faster than people read), so a 2-core computer is never sent a model that
would answer at a word a second.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from model_store import fit as fit_module
from model_store.fit import FitEstimate
from model_store.texts import QT_TRANSLATE_NOOP, Sentence

GB = 1000**3
RECOMMEND_CTX = 4096


@dataclass(frozen=True)
class SuggestedModel:
    """A well-known GGUF file worth recommending: where it lives, how big it is, its licence."""

    name: str
    repo_id: str
    filename: str
    size: int        # bytes, approximate (the Hub's listing has the exact figure)
    n_params: int
    license: str


# Smallest to largest; all Q4_K_M, all ungated, all with a chat template.
SUGGESTED_MODELS: tuple[SuggestedModel, ...] = (
    SuggestedModel("Qwen2.5 0.5B Instruct", "bartowski/Qwen2.5-0.5B-Instruct-GGUF",
                   "Qwen2.5-0.5B-Instruct-Q4_K_M.gguf", int(0.40 * GB), 494_000_000, "Apache-2.0"),
    SuggestedModel("Llama 3.2 1B Instruct", "bartowski/Llama-3.2-1B-Instruct-GGUF",
                   "Llama-3.2-1B-Instruct-Q4_K_M.gguf", int(0.81 * GB), 1_240_000_000, "Llama 3.2 Community"),
    SuggestedModel("Llama 3.2 3B Instruct", "bartowski/Llama-3.2-3B-Instruct-GGUF",
                   "Llama-3.2-3B-Instruct-Q4_K_M.gguf", int(2.02 * GB), 3_210_000_000, "Llama 3.2 Community"),
    SuggestedModel("Qwen2.5 7B Instruct", "bartowski/Qwen2.5-7B-Instruct-GGUF",
                   "Qwen2.5-7B-Instruct-Q4_K_M.gguf", int(4.68 * GB), 7_620_000_000, "Apache-2.0"),
    SuggestedModel("Mistral Nemo 12B Instruct", "bartowski/Mistral-Nemo-Instruct-2407-GGUF",
                   "Mistral-Nemo-Instruct-2407-Q4_K_M.gguf", int(7.48 * GB), 12_200_000_000, "Apache-2.0"),
    SuggestedModel("Mistral Small 24B Instruct", "bartowski/Mistral-Small-24B-Instruct-2501-GGUF",
                   "Mistral-Small-24B-Instruct-2501-Q4_K_M.gguf", int(14.3 * GB), 23_600_000_000, "Apache-2.0"),
)


@dataclass(frozen=True)
class Recommendation:
    """The suggested model, its fit estimate, and the machine's total memory (0: unknown)."""

    model: SuggestedModel
    fit: FitEstimate
    total_memory: int = 0
    speed: Any = None  # a SpeedEstimate, when the machine's speed was taken into account

    def reason(self) -> str:
        """E.g. "It needs about 5.6 GB of memory and fits comfortably in this computer's 16 GB,
        and should write about 35 words a second here."."""
        needed = f"{self.fit.needed_bytes / 1024**3:.1f}\u00a0GB"
        memory = f"{round(self.total_memory / 1024**3)}\u00a0GB"
        words = max(1, round(self.speed.words_per_s)) if self.speed is not None else 0
        if self.total_memory and self.speed is not None:
            return Sentence(QT_TRANSLATE_NOOP(
                "model_store", "It needs about {needed} of memory and fits comfortably in this computer's "
                "{memory}, and should write about {words} words a second here."),
                needed=needed, memory=memory, words=words)
        if self.total_memory:
            return Sentence(QT_TRANSLATE_NOOP(
                "model_store", "It needs about {needed} of memory and fits comfortably in this computer's "
                "{memory}."), needed=needed, memory=memory)
        if self.speed is not None:
            return Sentence(QT_TRANSLATE_NOOP(
                "model_store", "It needs about {needed} of memory and fits comfortably in this computer's "
                "memory, and should write about {words} words a second here."), needed=needed, words=words)
        return Sentence(QT_TRANSLATE_NOOP(
            "model_store", "It needs about {needed} of memory and fits comfortably in this computer's memory."),
            needed=needed)


def recommend_model(models: tuple[SuggestedModel, ...] = SUGGESTED_MODELS, *, available: int | None = None,
                    total: int | None = None, n_ctx: int = RECOMMEND_CTX,
                    speed: Callable[[SuggestedModel], Any] | None = None) -> Recommendation | None:
    """The largest of ``models`` whose verdict is "fits" (not "tight") at ``n_ctx`` and, when
    ``speed`` gives a model's SpeedEstimate, that is comfortable; None if none is.

    ``available`` and ``total`` default to this machine's free and physical memory.
    """
    free = fit_module.available_memory() if available is None else available
    total = fit_module.total_memory() if total is None else total
    best: Recommendation | None = None
    for model in models:
        estimate = fit_module.estimate_fit(file_size=model.size, n_params=model.n_params, n_ctx=n_ctx, available=free)
        if estimate.verdict != "fits" or (best is not None and model.size <= best.model.size):
            continue
        pace = speed(model) if speed is not None else None
        if speed is not None and (pace is None or not pace.comfortable):
            continue
        best = Recommendation(model, estimate, total, pace)
    return best
