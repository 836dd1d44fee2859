"""``hearth chats``: the app's chat history from the command line, and storing ``hearth chat`` turns.

The commands are a contract other tools rely on:

* ``hearth chats list [--json]`` — every chat, most recently active first;
* ``hearth chats show ID [--json]`` — one chat: the branch shown, as Markdown, or the whole
  tree as JSON (the app's JSON export);
* ``hearth chats export ID --format md|json [-o FILE]`` — the app's export, to FILE or stdout;
* ``hearth chats rm ID [--yes]`` — delete a chat for good: its text leaves the database (and
  its log) and its saved model memory is deleted; asks first unless ``--yes``.

``hearth chat --save`` and ``--chat ID`` use :func:`new_chat`, :func:`open_chat` and
:func:`record_turn` to keep their exchanges in the same history as the app.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from app import paths
from app.chat.export import to_json, to_markdown
from app.chat.store import Conversation, HistoryError, HistoryStore, Message
from app.engine.errors import InvalidParameterError
from app.engine.inspector import TokenChoice
from app.engine.types import ChatMessage, GenerationStats
from model_store.atomic import write_atomic


def add_chats_parser(sub) -> None:
    chats = sub.add_parser("chats", help="The chats of the app: list, show, export, delete.")
    verbs = chats.add_subparsers(dest="chats_command", metavar="{list,show,export,rm}")
    listing = verbs.add_parser("list", help="Every chat, most recently active first.")
    listing.add_argument("--json", action="store_true", help="Print JSON.")
    show = verbs.add_parser("show", help="One chat: the branch shown (Markdown) or every branch (JSON).")
    show.add_argument("id", type=int)
    show.add_argument("--json", action="store_true", help="Print the chat as JSON (every branch).")
    export = verbs.add_parser("export", help="Export a chat as Markdown or JSON.")
    export.add_argument("id", type=int)
    export.add_argument("--format", choices=("md", "json"), required=True)
    export.add_argument("-o", "--output", metavar="FILE", help="Write to FILE (default: standard output).")
    rm = verbs.add_parser("rm", help="Delete a chat for good, with its saved model memory.")
    rm.add_argument("id", type=int)
    rm.add_argument("--yes", action="store_true", help="Do not ask first.")


def run_chats(args: argparse.Namespace) -> int:
    if args.chats_command is None:
        raise InvalidParameterError("Say what to do: hearth chats list, show ID, export ID or rm ID.")
    with HistoryStore(paths.history_db()) as store:
        if args.chats_command == "list":
            return _list(store, args.json)
        conv = _chat(store, args.id)
        if args.chats_command == "show":
            _write_out(_render(store, conv, "json" if args.json else "md"), None)
        elif args.chats_command == "export":
            _write_out(_render(store, conv, args.format), args.output)
        else:
            return _remove(store, conv, args.yes)
    return 0


def _chat(store: HistoryStore, chat_id: int) -> Conversation:
    conv = store.get_conversation(chat_id)
    if conv is None:
        raise InvalidParameterError(f"There is no chat {chat_id}. See “hearth chats list”.")
    return conv


def _list(store: HistoryStore, as_json: bool) -> int:
    rows = []
    for conv in store.list_conversations():
        path = store.tree.path(conv.id)
        rows.append({"id": conv.id, "title": conv.title, "messages": len(path), "model": conv.model,
                     "created_at": conv.created_at, "updated_at": conv.updated_at})
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    elif not rows:
        print("No chats yet.")
    else:
        for row in rows:
            print(f"{row['id']:>5}  {row['messages']:>4} messages  {row['title']}")
    return 0


def _render(store: HistoryStore, conv: Conversation, fmt: str) -> str:
    if fmt == "md":
        return to_markdown(conv, store.tree.path(conv.id))
    every = store.messages(conv.id)
    inspected = store.tokens.inspected(conv.id)
    tokens = {m.id: store.tokens.load(m.id) or [] for m in every if m.id in inspected}
    return to_json(conv, every, [m.id for m in store.tree.path(conv.id)], tokens)


def _write_out(text: str, output: str | None) -> None:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        write_atomic(Path(output), text.encode("utf-8"))
    except OSError as exc:
        raise HistoryError(f"Could not write {output}: {exc.strerror or exc}.") from exc


def _remove(store: HistoryStore, conv: Conversation, yes: bool) -> int:
    count = len(store.messages(conv.id))
    if not yes:
        if sys.stdin is None or not sys.stdin.isatty():
            raise InvalidParameterError(f"Add --yes to delete chat {conv.id} (“{conv.title}”) without asking.")
        answer = input(f"Delete chat {conv.id} “{conv.title}” ({count} messages) for good? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing was deleted.", file=sys.stderr)
            return 1
    store.trash.delete(conv.id)
    store.trash.purge(only=conv.id)
    forget_saved_memory(str(conv.id))
    print(f"Deleted chat {conv.id} (“{conv.title}”, {count} messages) and its saved model memory.",
          file=sys.stderr)
    return 0


def forget_saved_memory(chat: str) -> None:
    """Delete a chat's saved KV cache file (no model needed)."""
    from app.engine.kv_state import KvStateStore

    states = KvStateStore(paths.kv_state_dir())
    states.forget(chat)
    states.flush()


# -- hearth chat --save / --chat ID ------------------------------------------------------------


@dataclass
class StoredChat:
    """A chat of the history that ``hearth chat`` continues or starts."""

    store: HistoryStore
    conversation: Conversation
    path: list[Message]

    def history(self) -> list[ChatMessage]:
        """The conversation for the engine: the system prompt, then the branch shown."""
        system = self.conversation.system_prompt
        msgs = [ChatMessage("system", system)] if system.strip() else []
        return msgs + [ChatMessage(m.role, m.content, m.reasoning if m.role == "assistant" else "")
                       for m in self.path if m.role in ("user", "assistant") and (m.content or m.reasoning)]


def open_chat(store: HistoryStore, chat_id: int) -> StoredChat:
    """A stored chat to continue (its branch shown).

    Raises:
        InvalidParameterError: there is no such chat.
    """
    conv = _chat(store, chat_id)
    return StoredChat(store, conv, store.tree.path(conv.id))


def new_chat(store: HistoryStore, messages: Sequence[ChatMessage], model: str, sampling: dict[str, Any],
             options: dict[str, Any]) -> StoredChat:
    """A new chat holding ``messages`` (its system prompt is the chat's), named after the first question."""
    system = next((m.content for m in messages if m.role == "system"), "")
    conv = store.create_conversation(system_prompt=system, sampling=sampling or None, model=model,
                                     options=options or None)
    parent = None
    for m in messages:
        if m.role != "system":
            parent = store.add_message(conv.id, m.role, m.content, reasoning=m.reasoning, parent_id=parent).id
    first = next((m.content for m in messages if m.role == "user"), "")
    if first:
        store.auto_title(conv.id, first)
    return StoredChat(store, conv, store.tree.path(conv.id))


def record_turn(chat: StoredChat, question: str | None, answer: str, reasoning: str, stats: GenerationStats,
                model_name: str, sampling: dict[str, Any], tokens: list[TokenChoice]) -> int:
    """Add a question (if any) and its answer to the chat's branch; returns the answer's id."""
    store, conv = chat.store, chat.conversation
    parent = chat.path[-1].id if chat.path else None
    if question is not None:
        parent = store.add_message(conv.id, "user", question, parent_id=parent).id
        if not any(m.role == "user" for m in chat.path):
            store.auto_title(conv.id, question)
    status = "cancelled" if stats.finish_reason == "cancelled" else "complete"
    message = store.add_message(conv.id, "assistant", answer, model=model_name, sampling=sampling,
                                stats=stats.to_dict(), status=status, reasoning=reasoning, parent_id=parent)
    if tokens:
        store.tokens.save(message.id, tokens)
    return message.id
