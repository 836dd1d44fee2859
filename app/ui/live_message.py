"""The state of the answer streaming into the chat view: where it sits, what is final, and
the model's thinking that precedes it.

:class:`app.ui.chat_view.ChatView` keeps one :class:`LiveMessage` while an answer
streams. Its text is split into a *stable* part, rendered once and never touched
again, and a tail that is re-rendered; an :class:`OpenFence` tracks a top-level
code block whose lines are added to its box as they complete.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from typing import Any

from app.engine.inspector import TokenChoice


@dataclass
class OpenFence:
    """A top-level code block of the live message that is still open."""

    char: str           # "`" or "~"
    length: int         # of the opening fence
    language: str
    index: int          # its code block number in the message
    code_start: int     # tail offset where its code begins
    done: int           # tail offset up to which lines are in the box
    box_end: int        # document position after the last line in the box
    has_raw: bool = False  # a plain-text partial line follows box_end


@dataclass
class LiveMessage:
    """The streaming message: where it sits in the document and what is final."""

    id: int
    model: str
    start: int          # document position before the message
    tail_start: int     # document position where the re-rendered tail begins
    stable_text: str = ""
    stable_codes: list[str] = field(default_factory=list)
    tail_parts: list[str] = field(default_factory=list)
    fence: OpenFence | None = None
    reasoning_parts: list[str] = field(default_factory=list)
    thinking_start: int | None = None  # document position of the thinking shown while it streams
    thinking_began: float = 0.0        # monotonic time of its first piece
    thinking_seconds: float = 0.0      # how long it thought, once the answer began
    collapsed: bool = False            # the answer began: the thinking is behind its toggle line
    answer_start: int = 0              # document position after the toggle line (once collapsed)
    tokens: list[TokenChoice] = field(default_factory=list)  # its tokens so far (inspector on)
    inspecting: bool = False           # shown as tinted tokens rather than Markdown
    decoder: Any = field(default_factory=lambda: codecs.getincrementaldecoder("utf-8")("replace"))

    def text(self) -> str:
        """Everything received so far."""
        return self.stable_text + "".join(self.tail_parts)

    def reasoning(self) -> str:
        """All the thinking received so far."""
        return "".join(self.reasoning_parts)

    def answer_started(self) -> bool:
        return bool(self.stable_text or self.tail_parts)

    def final_length(self) -> int:
        """How much of the text is in the document for good."""
        return len(self.stable_text) + (self.fence.done if self.fence else 0)
