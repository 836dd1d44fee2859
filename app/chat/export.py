"""Export one conversation as Markdown (to read or share: the branch shown) or JSON (to keep
or re-import: every branch, with token probabilities).

:func:`to_markdown` and :func:`to_json` are pure; :func:`export_conversation`
picks the format from the file name and writes it atomically, so an existing
file is either fully replaced or left as it was.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from app.chat.store import Conversation, HistoryError, HistoryStore, Message
from app.engine.inspector import TokenChoice, piece_text
from model_store.atomic import write_atomic

FORMAT_NAME = "hearth-conversation"
FORMAT_VERSION = 2  # 2: the whole tree (ids, parent ids, the path shown) and token probabilities
MARKDOWN_SUFFIXES = (".md", ".markdown")
JSON_SUFFIXES = (".json",)

_HEADINGS = {"user": "You", "assistant": "Assistant", "system": "System"}
_STATUS_NOTES = {
    "streaming": "unfinished",
    "cancelled": "stopped early",
    "interrupted": "interrupted",
    "error": "ended with an error",
}


def to_markdown(conv: Conversation, messages: list[Message]) -> str:
    """Render a conversation as Markdown.

    The title is the ``#`` heading; the system prompt (if any) and then each message
    follow under ``### System`` / ``### You`` / ``### Assistant`` with their text
    verbatim. An answer's reasoning comes first as a folded block (``<details>``, its
    lines quoted); answers get an italic line with the model and, when known, the
    speed and token count; unfinished answers say so there.

    Args:
        conv: The conversation.
        messages: Its messages, in order.

    Returns:
        The Markdown text, ending with a newline.
    """
    parts = [f"# {' '.join(conv.title.split()) or 'Untitled chat'}"]
    if conv.system_prompt.strip():
        parts.append(f"### System\n\n{conv.system_prompt}")
    for message in messages:
        body = message.content
        if message.role == "assistant" and message.reasoning.strip():
            body = f"{_reasoning_block(message)}\n\n{body}".rstrip("\n")
        block = f"### {_HEADINGS.get(message.role, message.role.title())}\n\n{body}"
        note = _note(message) if message.role == "assistant" else ""
        parts.append(f"{block}\n\n*{note}*" if note else block)
    return "\n\n".join(part.rstrip("\n") for part in parts) + "\n"


def _reasoning_block(message: Message) -> str:
    """The thinking as a folded, quoted block: GitHub and most viewers show it collapsed."""
    seconds = float((message.stats or {}).get("reasoning_ms") or 0) / 1000
    summary = f"Thought for {seconds:.0f} s" if seconds >= 1 else "Thinking"
    quoted = "\n".join(f"> {line}" if line.strip() else ">" for line in message.reasoning.strip().splitlines())
    return f"<details>\n<summary>{summary}</summary>\n\n{quoted}\n\n</details>"


def _note(message: Message) -> str:
    """The italic line under an answer: model · speed · tokens · status, whichever are known."""
    bits = [_escape(message.model)] if message.model else []
    stats: dict[str, Any] = message.stats or {}
    speed = stats.get("decode_tok_s") or 0
    tokens = stats.get("completion_tokens") or 0
    if speed:
        bits.append(f"{float(speed):.1f} tokens/s")
    if tokens:
        bits.append(f"{int(tokens)} token{'s' if int(tokens) != 1 else ''}")
    if message.status in _STATUS_NOTES:
        bits.append(_STATUS_NOTES[message.status])
    if stats.get("reasoning_unclosed") and not message.content.strip():
        bits.append("still thinking when it ended; no answer")
    return " · ".join(bits)


def _escape(text: str) -> str:
    """Backslash-escape what would break an italic line (model names may hold * or _)."""
    for char in "\\*_`[]":
        text = text.replace(char, "\\" + char)
    return " ".join(text.split())


def to_json(conv: Conversation, messages: list[Message], path: list[int] | None = None,
            tokens: dict[int, list[TokenChoice]] | None = None) -> str:
    """Render a conversation — every branch of it — as pretty JSON.

    The object has ``"format": "hearth-conversation"``, ``"version": 2``, the
    conversation's fields (``id``, ``title``, ``system_prompt``, ``model``, ``sampling``,
    ``options``, ``created_at``, ``updated_at``), ``"current_path"`` (the ids of the branch
    shown, first to last) and ``"messages"``: every message, oldest first, with ``id``,
    ``parent_id`` (the message it follows; siblings are alternative branches), ``role``,
    ``content``, ``reasoning`` (the answer's thinking, "" when there was none), ``created_at``,
    ``model``, ``status``, ``sampling``, ``stats`` and, for answers recorded with the next-token
    inspector, ``tokens``: ``[{"text", "prob", "rank", "top": [{"text", "prob"}, …]}, …]``.
    Timestamps are Unix seconds.

    Returns:
        The JSON text (UTF-8 characters kept as-is), ending with a newline.
    """
    tokens = tokens or {}
    data = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "id": conv.id,
        "title": conv.title,
        "system_prompt": conv.system_prompt,
        "model": conv.model,
        "sampling": conv.sampling,
        "options": conv.options,
        "created_at": conv.created_at,
        "updated_at": conv.updated_at,
        "current_path": path if path is not None else [m.id for m in messages],
        "messages": [
            {
                "id": m.id,
                "parent_id": m.parent_id,
                "role": m.role,
                "content": m.content,
                "reasoning": m.reasoning,
                "created_at": m.created_at,
                "model": m.model,
                "status": m.status,
                "sampling": m.sampling,
                "stats": m.stats,
                **({"tokens": [_token(t) for t in tokens[m.id]]} if tokens.get(m.id) else {}),
            }
            for m in messages
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _token(choice: TokenChoice) -> dict[str, Any]:
    return {"text": piece_text(choice.piece), "prob": choice.prob, "rank": choice.rank,
            "top": [{"text": piece_text(a.piece), "prob": a.prob} for a in choice.top]}


def export_conversation(store: HistoryStore, conversation_id: int, path: Path) -> Path:
    """Write a conversation to ``path`` as Markdown or JSON, chosen by its suffix.

    The file is written to a temporary file in the same folder, flushed to disk
    and then renamed over ``path``, so a crash never leaves a half-written export.

    Args:
        store: The history to read from.
        conversation_id: The chat to export.
        path: Target file; ``.md``/``.markdown`` gives Markdown, ``.json`` JSON.

    Returns:
        ``path``.

    Raises:
        HistoryError: the suffix is not one of those ("Choose a .md or .json file
            name."), the chat does not exist, or the file could not be written.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        render = to_markdown
    elif suffix in JSON_SUFFIXES:
        render = to_json
    else:
        raise HistoryError("Choose a .md or .json file name.")
    conv = store.get_conversation(conversation_id, include_deleted=True)
    if conv is None:
        raise HistoryError("That chat no longer exists.")
    if render is to_markdown:
        text = to_markdown(conv, store.tree.path(conversation_id))
    else:
        every = store.messages(conversation_id)
        inspected = store.tokens.inspected(conversation_id)
        tokens = {m.id: store.tokens.load(m.id) or [] for m in every if m.id in inspected}
        text = to_json(conv, every, [m.id for m in store.tree.path(conversation_id)], tokens)
    try:
        write_atomic(path, text.encode("utf-8"))
    except OSError as exc:
        raise HistoryError(
            f"Could not save the export to {path}: {exc.strerror or exc}.", str(exc)
        ) from exc
    return path
