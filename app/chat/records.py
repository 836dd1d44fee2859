"""The chat history's records: conversations, messages and presets, as frozen dataclasses.

:class:`app.chat.store.HistoryStore` reads and writes them; the GUI, the chat
session and the exporters pass them around. Also here: the allowed message
roles and statuses, how a chat is named after its first question, and how records
become rows and back (JSON columns).
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from dataclasses import dataclass
from typing import Any

DEFAULT_TITLE = "New chat"
TITLE_MAX_CHARS = 48
ROLES = ("system", "user", "assistant")
STATUSES = ("complete", "streaming", "cancelled", "error", "interrupted")
JSON_FIELDS = ("sampling", "stats", "options")  # columns stored as JSON text


@dataclass(frozen=True)
class Conversation:
    """One chat. ``sampling`` is a ``SamplingParams.to_dict()``, or None for the model's defaults;
    ``options`` a ``ChatOptions.to_dict()`` (thinking, context overflow), or None for the defaults.

    ``updated_at`` is when a message was last added or removed: the chat list's order.
    """

    id: int
    title: str
    system_prompt: str
    sampling: dict[str, Any] | None
    model: str
    created_at: float
    updated_at: float
    options: dict[str, Any] | None = None


@dataclass(frozen=True)
class Message:
    """One turn. ``status`` is one of :data:`STATUSES`; ``stats``: ``GenerationStats.to_dict()``;
    ``reasoning``: an answer's private thinking ("" when the model did not think aloud).

    Messages form a tree (:mod:`app.chat.tree`): ``parent_id`` is the message this one follows;
    siblings are alternative branches, and the chat shows the most recently selected one.
    """

    id: int
    conversation_id: int
    role: str
    content: str
    created_at: float
    model: str
    sampling: dict[str, Any] | None
    stats: dict[str, Any] | None
    status: str
    reasoning: str = ""
    parent_id: int | None = None  # the message this one follows (None: the chat's first)
    selected_seq: int = 0         # higher: chosen more recently among its siblings


@dataclass(frozen=True)
class Preset:
    """A named set of sampling settings, optionally with a system prompt."""

    name: str
    sampling: dict[str, Any]
    system_prompt: str | None


def title_from_text(text: str) -> str:
    """Make a chat title: the first non-blank line, whitespace collapsed, at most 48 characters.

    A longer line is cut at a word boundary and ends with "…".

    Args:
        text: Usually the user's first question.

    Returns:
        The title, or "" when ``text`` has no visible characters.
    """
    line = next((ln for ln in text.splitlines() if ln.strip()), "")
    title = " ".join(line.split())
    if len(title) <= TITLE_MAX_CHARS:
        return title
    cut = title[: TITLE_MAX_CHARS - 1]
    if title[TITLE_MAX_CHARS - 1] != " " and cut.rfind(" ") > 0:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:.-") + "…"


def to_json(value: Any) -> str | None:
    """JSON text for a dict, or an object with ``to_dict()`` (SamplingParams, GenerationStats)."""
    if value is None:
        return None
    if hasattr(value, "to_dict"):
        value = value.to_dict()
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def from_row(cls: type, row: sqlite3.Row) -> Any:
    """A Conversation or Message from a row, decoding its JSON columns."""
    values = {f.name: row[f.name] for f in dataclasses.fields(cls)}
    for key in JSON_FIELDS:
        if values.get(key) is not None:
            values[key] = json.loads(values[key])
    return cls(**values)


def check_choice(what: str, value: str, allowed: tuple[str, ...]) -> None:
    """Refuse an unknown role or status: a programming mistake, not a user error."""
    if value not in allowed:
        raise ValueError(f"Unknown message {what} {value!r}; expected one of {', '.join(allowed)}.")
