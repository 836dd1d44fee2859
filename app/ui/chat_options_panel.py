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
        overflow_help = self.tr("When the conversation no longer fits the model's context: keep the system prompt "
                                "and leave out the oldest messages, or stop and tell you.")
        inspector_help = self.tr("Record how likely each token of new answers was, and the alternatives the model "
                                 "considered: show them tinted, hover a word to see what else it might have said, "
                                 "click one to branch the answer there.")
        box = QGroupBox(self.tr("Thinking, context and tokens"), self)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        self._thinking = _combo(box)
        self._thinking.setAccessibleName(self.tr("Thinking"))
        self._thinking.activated.connect(self._emit)
        self._thinking_label = QLabel(self.tr("Thinking"), box)
        self._thinking_label.setBuddy(self._thinking)
        form.addRow(self._thinking_label, self._thinking)
        self._format_note = QLabel("", box)
        self._format_note.setWordWrap(True)
        self._format_note.setAccessibleName(self.tr("How this model thinks"))
        form.addRow(self._format_note)
        self._overflow = _combo(box)
        self._overflow.setAccessibleName(self.tr("When the chat is too long"))
        self._overflow.setAccessibleDescription(overflow_help)
        self._overflow.setToolTip(overflow_help)
        self._overflow.addItem(self.tr("Drop the oldest"), "truncate")
        self._overflow.addItem(self.tr("Stop and tell me"), "stop")
        self._overflow.activated.connect(self._emit)
        overflow_label = QLabel(self.tr("Too long"), box)
        overflow_label.setBuddy(self._overflow)
        overflow_label.setToolTip(overflow_help)
        form.addRow(overflow_label, self._overflow)
        self._inspect = QCheckBox(self.tr("Probabilities"), box)
        self._inspect.setAccessibleName(self.tr("Next-token inspector"))
        self._inspect.setAccessibleDescription(inspector_help)
        self._inspect.setToolTip(inspector_help)
        self._inspect.toggled.connect(self._on_inspect_toggled)
        self._top_k = scroll_safe(QSpinBox(box))
        self._top_k.setRange(1, MAX_TOP_K)
        self._top_k.setValue(DEFAULT_TOP_K)
        self._top_k.setSuffix(self.tr(" alternatives"))
        self._top_k.setAccessibleName(self.tr("Alternatives per token"))
        self._top_k.setToolTip(self.tr("How many of the likeliest tokens to keep for each token of an answer"))
        self._top_k.setAccessibleDescription(self._top_k.toolTip())
        self._top_k.valueChanged.connect(self._emit)
        inspect_row = QHBoxLayout()
        inspect_row.addWidget(self._inspect)
        inspect_row.addWidget(self._top_k, 1)
        form.addRow(inspect_row)
        self._prompt_button = QPushButton(self.tr("Prompt and template…"), box)
        self._prompt_button.setAccessibleName(self.tr("Show the prompt and chat template"))
        self._prompt_button.setToolTip(self.tr("See the exact text the model reads for this chat, "
                                               "and change its template"))
        self._prompt_button.setAccessibleDescription(self._prompt_button.toolTip())
        self._prompt_button.clicked.connect(self.promptRequested)
        inner = QVBoxLayout(box)
        inner.addLayout(form)
        inner.addWidget(self._prompt_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(box)
        self._tips: dict[QWidget, str] = {w: w.toolTip() for w in (self._inspect, self._overflow, self._prompt_button)}
        self.set_model(None)

    def set_model(self, info: ModelInfo | None) -> None:
        """Offer the loaded model's thinking switch, if it has one (keeps the chosen value)."""
        current = self._stored
        self._choices = info.thinking_choices if info else ()
        effort = "low" in self._choices
        blocker = QSignalBlocker(self._thinking)
        self._thinking.clear()
        self._thinking.addItem(self.tr("Model default"), None)
        for choice in self._choices:
            self._thinking.addItem(self._choice_text(choice), choice)
        blocker.unblock()
        name = self.tr("Reasoning effort") if effort else self.tr("Thinking")
        self._thinking_label.setText(name)
        self._thinking.setAccessibleName(name)
        help_text = (self.tr("How long the model thinks before it answers: low is quickest, high is most thorough.")
                     if effort else
                     self.tr("Reasoning models think before they answer. Off answers sooner; the model's default "
                             "is what its authors chose."))
        self._thinking.setToolTip(help_text)
        self._thinking.setAccessibleDescription(help_text)
        shown = bool(self._choices)
        self._thinking.setVisible(shown)
        self._thinking_label.setVisible(shown)
        note = ""
        if info is not None and info.remote:
            note = self.tr("This model runs on another computer; it thinks as its server decides.")
        elif info is not None and info.reasoning_format and shown:
            note = self.tr("This model thinks aloud ({format}).").format(format=info.reasoning_format)
        elif info is not None and info.reasoning_format:
            note = self.tr("This model thinks aloud ({format}). Its template has no switch for it.").format(
                format=info.reasoning_format)
        self._format_note.setText(note)
        self._format_note.setVisible(bool(note))
        local = info is None or not info.remote
        remote_reasons: dict[QWidget, str] = {
            self._inspect: self.tr("A remote engine does not send Hearth the probabilities of its tokens."),
            self._overflow: self.tr("A remote engine's server decides what fits its context."),
            self._prompt_button: self.tr("A remote engine formats the prompt with its own template on its server."),
        }
        for widget, reason in remote_reasons.items():
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

    def _choice_text(self, choice: str) -> str:
        """A thinking or effort choice as the person reads it."""
        texts = {"on": self.tr("On"), "off": self.tr("Off"), "low": self.tr("Low"), "medium": self.tr("Medium"),
                 "high": self.tr("High")}
        return texts.get(choice, choice.title())

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
