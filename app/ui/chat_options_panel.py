"""The side panel's "Thinking, context and tokens" box: per-chat choices that shape the prompt.

* **Thinking** — on, off or the model's default; shown only for models whose chat template
  has such a switch. gpt-oss models get **Reasoning effort** (low, medium, high) instead.
* **When the chat is too long** — leave out the oldest messages (the default) or stop and say so.
* **Probabilities** — the next-token inspector: record, for every token of new answers, the
  model's probability of it and its likeliest alternatives (how many: 1–20, 5 by default).
* **Prompt and template…** — the exact prompt text the model receives for this chat, and the
  chat template that produces it (the user may replace it).

The panel only shows values and reports edits; the main window stores them with the chat.
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton,
                               QSpinBox, QVBoxLayout, QWidget)

from app.engine.inspector import DEFAULT_TOP_K, MAX_TOP_K
from app.engine.types import ChatOptions, ModelInfo
from app.ui.widgets import scroll_safe

_CHOICE_TEXT = {"on": "On", "off": "Off", "low": "Low", "medium": "Medium", "high": "High"}
_OVERFLOW = (("truncate", "Drop the oldest"), ("stop", "Stop and tell me"))
THINKING_HELP = ("Reasoning models think before they answer. Off answers sooner; the model's default "
                 "is what its authors chose.")
EFFORT_HELP = "How long the model thinks before it answers: low is quickest, high is most thorough."
INSPECTOR_HELP = ("Record how likely each token of new answers was, and the alternatives the model "
                  "considered: show them tinted, hover a word to see what else it might have said, "
                  "click one to branch the answer there.")
REMOTE_INSPECT = "A remote engine does not send Hearth the probabilities of its tokens."
REMOTE_OVERFLOW = "A remote engine's server decides what fits its context."
REMOTE_PROMPT = "A remote engine formats the prompt with its own template on its server."
OVERFLOW_HELP = ("When the conversation no longer fits the model's context: keep the system prompt and "
                 "leave out the oldest messages, or stop and tell you.")


def _combo(parent: QWidget) -> QComboBox:
    """A combo box that never makes the side panel wider than it is, nor takes its scrolling."""
    combo = scroll_safe(QComboBox(parent))
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(8)
    return combo


class ChatOptionsPanel(QWidget):
    """Thinking switch, context overflow and the prompt view, for the open chat.

    Signals:
        optionsChanged(object): a :class:`ChatOptions` after a user edit.
        promptRequested(): "Prompt and template…" was clicked.
    """

    optionsChanged = Signal(object)
    promptRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._choices: tuple[str, ...] = ()
        self._stored: str | None = None  # the chat's choice, kept while a model without it is loaded
        box = QGroupBox("Thinking, context and tokens", self)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        self._thinking = _combo(box)
        self._thinking.setAccessibleName("Thinking")
        self._thinking.activated.connect(self._emit)
        self._thinking_label = QLabel("Thinking", box)
        self._thinking_label.setBuddy(self._thinking)
        form.addRow(self._thinking_label, self._thinking)
        self._format_note = QLabel("", box)
        self._format_note.setWordWrap(True)
        self._format_note.setAccessibleName("How this model thinks")
        form.addRow(self._format_note)
        self._overflow = _combo(box)
        self._overflow.setAccessibleName("When the chat is too long")
        self._overflow.setAccessibleDescription(OVERFLOW_HELP)
        self._overflow.setToolTip(OVERFLOW_HELP)
        for value, text in _OVERFLOW:
            self._overflow.addItem(text, value)
        self._overflow.activated.connect(self._emit)
        overflow_label = QLabel("Too long", box)
        overflow_label.setBuddy(self._overflow)
        overflow_label.setToolTip(OVERFLOW_HELP)
        form.addRow(overflow_label, self._overflow)
        self._inspect = QCheckBox("Probabilities", box)
        self._inspect.setAccessibleName("Next-token inspector")
        self._inspect.setAccessibleDescription(INSPECTOR_HELP)
        self._inspect.setToolTip(INSPECTOR_HELP)
        self._inspect.toggled.connect(self._on_inspect_toggled)
        self._top_k = scroll_safe(QSpinBox(box))
        self._top_k.setRange(1, MAX_TOP_K)
        self._top_k.setValue(DEFAULT_TOP_K)
        self._top_k.setSuffix(" alternatives")
        self._top_k.setAccessibleName("Alternatives per token")
        self._top_k.setToolTip("How many of the likeliest tokens to keep for each token of an answer")
        self._top_k.valueChanged.connect(self._emit)
        inspect_row = QHBoxLayout()
        inspect_row.addWidget(self._inspect)
        inspect_row.addWidget(self._top_k, 1)
        form.addRow(inspect_row)
        self._prompt_button = QPushButton("Prompt and template…", box)
        self._prompt_button.setAccessibleName("Show the prompt and chat template")
        self._prompt_button.setToolTip("See the exact text the model reads for this chat, and change its template")
        self._prompt_button.clicked.connect(self.promptRequested)
        inner = QVBoxLayout(box)
        inner.addLayout(form)
        inner.addWidget(self._prompt_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(box)
        self._tips = {w: w.toolTip() for w in (self._inspect, self._overflow, self._prompt_button)}
        self.set_model(None)

    def set_model(self, info: ModelInfo | None) -> None:
        """Offer the loaded model's thinking switch, if it has one (keeps the chosen value)."""
        current = self._stored
        self._choices = info.thinking_choices if info else ()
        effort = "low" in self._choices
        blocker = QSignalBlocker(self._thinking)
        self._thinking.clear()
        self._thinking.addItem("Model default", None)
        for choice in self._choices:
            self._thinking.addItem(_CHOICE_TEXT.get(choice, choice.title()), choice)
        blocker.unblock()
        self._thinking_label.setText("Reasoning effort" if effort else "Thinking")
        self._thinking.setAccessibleName("Reasoning effort" if effort else "Thinking")
        help_text = EFFORT_HELP if effort else THINKING_HELP
        self._thinking.setToolTip(help_text)
        self._thinking.setAccessibleDescription(help_text)
        shown = bool(self._choices)
        self._thinking.setVisible(shown)
        self._thinking_label.setVisible(shown)
        if info is not None and info.reasoning_format:
            note = f"This model thinks aloud ({info.reasoning_format})."
            if not shown:
                note += " Its template has no switch for it."
        else:
            note = ""
        if info is not None and info.remote:
            note = "This model runs on another computer; it thinks as its server decides."
        self._format_note.setText(note)
        self._format_note.setVisible(bool(note))
        local = info is None or not info.remote
        for widget, reason in ((self._inspect, REMOTE_INSPECT), (self._overflow, REMOTE_OVERFLOW),
                               (self._prompt_button, REMOTE_PROMPT)):
            widget.setEnabled(local)
            widget.setToolTip(self._tips[widget] if local else reason)
        self._top_k.setEnabled(local and self._inspect.isChecked())
        self._select(current)

    def set_options(self, options: ChatOptions) -> None:
        """Show a chat's options without emitting :attr:`optionsChanged`."""
        self._stored = options.thinking
        self._select(options.thinking)
        blockers = [QSignalBlocker(w) for w in (self._overflow, self._inspect, self._top_k)]
        self._overflow.setCurrentIndex(max(0, self._overflow.findData(options.overflow)))
        self._inspect.setChecked(options.top_probs > 0)
        self._top_k.setValue(options.top_probs or DEFAULT_TOP_K)
        self._top_k.setEnabled(options.top_probs > 0)
        del blockers

    def options(self) -> ChatOptions:
        """The options as shown; a thinking choice the loaded model does not offer is kept as it was."""
        thinking = self._thinking.currentData()
        if thinking is None and self._stored is not None and self._stored not in self._choices:
            thinking = self._stored
        top_probs = self._top_k.value() if self._inspect.isChecked() else 0
        return ChatOptions(thinking=thinking, overflow=self._overflow.currentData() or "truncate",
                           top_probs=top_probs)

    def _on_inspect_toggled(self, on: bool) -> None:
        self._top_k.setEnabled(on)
        self._emit()

    def _select(self, thinking: str | None) -> None:
        blocker = QSignalBlocker(self._thinking)
        index = self._thinking.findData(thinking) if thinking is not None else 0
        self._thinking.setCurrentIndex(index if index >= 0 else 0)
        blocker.unblock()

    def _emit(self, _index: int = 0) -> None:
        options = self.options()
        self._stored = options.thinking
        self.optionsChanged.emit(options)
