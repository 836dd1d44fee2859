"""What the welcome says: its fixed sentences, why it suggests the model it does, and how fast that
model should write here (the page itself is :mod:`app.ui.welcome_page`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

from app.ui.model_common import format_number, format_size
from model_store.recommend import RECOMMEND_CTX, Recommendation, SuggestedModel, recommend_model

GIB = 1024**3


def later_text() -> str:
    return QCoreApplication.translate("WelcomePage", "You can do this later from Models → Find and download.")


def privacy_text() -> str:
    return QCoreApplication.translate("WelcomePage", "Everything stays on this computer: your chats, your models. "
                                      "Hearth works offline.")


def starter_text(starter: Path | None, recommended: bool) -> str:
    """Whether the starter model can answer now, and what to do when it cannot."""
    translate = QCoreApplication.translate
    if starter is not None:
        return translate("WelcomePage", "The starter model is ready — ask anything, it answers straight away.")
    if recommended:
        return translate("WelcomePage", "The small starter model is not installed, so Hearth cannot answer yet. "
                         "Download the model below, or pick one in Models → Find and download.")
    return translate("WelcomePage", "The small starter model is not installed, so Hearth cannot answer yet. "
                     "Pick a model in Models → Find and download.")


def speed_text(speed: Any) -> str:
    """A SpeedEstimate as its badge reads: "~35 words/s" ("<1 word/s" when slower)."""
    translate = QCoreApplication.translate
    words = speed.words_per_s
    if words < 1:
        return translate("WelcomePage", "<1 word/s")
    shown = format_number(round(words) if words < 20 else int(round(words / 5) * 5))
    if speed.measured:
        return translate("WelcomePage", "{n} words/s").format(n=shown)
    return translate("WelcomePage", "~{n} words/s").format(n=shown)


def reason_text(pick: Recommendation) -> str:
    """Why this model: the memory it needs, this computer's, and how fast it should write."""
    translate = QCoreApplication.translate
    values = {"needed": format_size(pick.fit.needed_bytes),
              "total": f"{format_number(round(pick.total_memory / GIB))}\u00a0GB" if pick.total_memory else "",
              "words": format_number(max(1, round(pick.speed.words_per_s))) if pick.speed is not None else ""}
    if pick.total_memory and pick.speed is not None:
        text = translate("WelcomePage", "It needs about {needed} of memory and fits comfortably in this computer's "
                         "{total}, and should write about {words} words a second here. It gives better answers than "
                         "the starter model, which writes faster still.")
    elif pick.total_memory:
        text = translate("WelcomePage", "It needs about {needed} of memory and fits comfortably in this computer's "
                         "{total}. It gives better answers than the starter model, which writes faster still.")
    elif pick.speed is not None:
        text = translate("WelcomePage", "It needs about {needed} of memory and fits comfortably in this computer's "
                         "memory, and should write about {words} words a second here. It gives better answers than "
                         "the starter model, which writes faster still.")
    else:
        text = translate("WelcomePage", "It needs about {needed} of memory and fits comfortably in this computer's "
                         "memory. It gives better answers than the starter model, which writes faster still.")
    return text.format(**values)


def recommend_for_this_computer(*, available: int | None = None, total: int | None = None) -> Recommendation | None:
    """The welcome's pick: fits in memory *and* writes comfortably fast on this computer
    (``available`` and ``total`` memory default to this machine's)."""
    from app import machine_speed

    def speed(model: SuggestedModel) -> Any:
        return machine_speed.for_file(model.size, model.filename, model.n_params, quant="Q4_K_M",
                                      n_ctx=RECOMMEND_CTX, measure=False)  # measured at start-up

    return recommend_model(speed=speed, available=available, total=total)
