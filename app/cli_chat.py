"""``hearth chat``: one answer on the same engine as the app, for people and for scripts.

The flags are a contract other tools rely on:

* ``--think`` / ``--no-think`` switch a reasoning model's thinking; ``--reasoning-effort
  low|medium|high`` sets gpt-oss's effort (a note on stderr when the model has no such switch);
* ``--chat-template FILE`` uses FILE's template instead of the model's own (checked first);
* ``--messages FILE.json``: a JSON list of ``{"role", "content", optional "reasoning"}`` is the
  conversation; the prompt argument, when given, is appended as the last user message;
* ``--show-prompt`` prints the exact prompt text the model would receive, byte for byte, and
  exits without generating;
* ``--json`` prints one JSON object when done: ``content``, ``reasoning``, ``stats`` (and the
  model, the template in use and any notes); with ``--top-probs K`` also ``tokens``: every
  generated token in order, ``{"text", "prob", "top": [{"text", "prob"}, …]}`` — the model's
  probabilities (softmax at temperature 1) of the chosen token and its K likeliest alternatives;
* plain output streams the answer to stdout; ``--show-reasoning`` streams the thinking to
  stderr, dimmed on a terminal;
* ``--save`` stores the exchange as a new chat of the app (``--json`` then has ``chat_id``);
  ``--chat ID`` continues a stored chat with its model, system prompt and settings and stores
  the turn; the chat's saved model memory (KV cache) is used unless ``--no-saved-state``, and
  ``stats`` say how many prompt tokens it spared (``kv_restored``).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path
from typing import Any

from app import paths
from app.cli_chats import new_chat, open_chat, record_turn
from app.cli_endpoint import add_endpoint_arguments, endpoint_engine
from app.engine.errors import InvalidParameterError
from app.engine.inspector import TokenChoice, piece_text
from app.engine.params import DEFAULT_SYSTEM_PROMPT, SamplingParams
from app.engine.types import ChatMessage, ChatOptions

EFFORTS = ("low", "medium", "high")
MAX_FILE_BYTES = 64 * 1024 * 1024
_DIM, _RESET = "\033[2m", "\033[0m"


def add_chat_arguments(chat: argparse.ArgumentParser) -> None:
    """The reasoning, template and conversation flags of ``hearth chat``."""
    think = chat.add_mutually_exclusive_group()
    think.add_argument("--think", dest="thinking", action="store_const", const="on", default=None,
                       help="Let a reasoning model think before it answers.")
    think.add_argument("--no-think", dest="thinking", action="store_const", const="off",
                       help="Ask a reasoning model to answer without thinking.")
    think.add_argument("--reasoning-effort", dest="effort", choices=EFFORTS, default=None,
                       help="How hard gpt-oss models think (low, medium or high).")
    chat.add_argument("--chat-template", metavar="FILE", help="Use this Jinja chat template instead of the model's.")
    chat.add_argument("--messages", metavar="FILE.json",
                      help='The conversation: a JSON list of {"role", "content", optional "reasoning"}.')
    chat.add_argument("--show-prompt", action="store_true",
                      help="Print the exact prompt text the model would receive and exit.")
    chat.add_argument("--json", action="store_true",
                      help="Print one JSON object when done (content, reasoning, stats).")
    chat.add_argument("--show-reasoning", action="store_true",
                      help="Print the model's thinking to stderr (dimmed), as it streams.")
    chat.add_argument("--top-probs", type=int, default=0, metavar="K",
                      help="With --json: each token's probability and its K likeliest alternatives (1-20).")
    stored = chat.add_mutually_exclusive_group()
    stored.add_argument("--save", action="store_true", help="Keep this exchange as a new chat of the app.")
    stored.add_argument("--chat", type=int, metavar="ID", help="Continue the app's chat ID, and keep the turn.")
    chat.add_argument("--no-saved-state", action="store_true",
                      help="Read the whole conversation again, even if its model memory was saved.")
    chat.add_argument("--prompt-lookup", action="store_true",
                      help="Draft tokens from the conversation and check them in batches (faster when the answer "
                           "repeats its context, e.g. code edits; batched rounding may pick another word at a "
                           "near tie).")
    add_endpoint_arguments(chat, "Chat with a model of this OpenAI-compatible server (vLLM, llama-server, "
                                 "Ollama, LM Studio, Hearth); --model picks one of its models (default: "
                                 "the first it lists). Your messages are sent to it.")


def run_chat(args: argparse.Namespace) -> int:
    from app.chat.store import HistoryStore

    if not (args.save or args.chat is not None):
        return _run(args, None)
    with HistoryStore(paths.history_db()) as store:
        return _run(args, store)


def _run(args: argparse.Namespace, store) -> int:
    from app.engine.kv_state import KvStateStore
    from app.engine.llama import LlamaEngine
    from app.engine.params import LoadParams
    from app.engine.remote import remote_path
    from app.settings import AppSettings
    from model_store.resolve import resolve_model

    stored = open_chat(store, args.chat) if args.chat is not None else None
    if stored is not None and (args.prompt is None or args.messages):
        raise InvalidParameterError("With --chat, give the next question (and no --messages file).")
    messages = stored.history() + _conversation(args, system=False) if stored else _conversation(args)
    overrides = {f.name: getattr(args, f.name) for f in dataclasses.fields(SamplingParams)
                 if getattr(args, f.name, None) is not None}
    SamplingParams.from_dict(overrides)  # a bad setting is reported before the model loads
    if not 0 <= args.top_probs <= 20:
        raise InvalidParameterError(f"--top-probs must be from 1 to 20, not {args.top_probs}.")
    kept_options = ChatOptions.from_dict(stored.conversation.options) if stored else ChatOptions()
    template = _read_text(Path(args.chat_template), "chat template") if args.chat_template else ""
    if args.chat_template:
        from app.engine.templates import check_template

        problem = check_template(template) if template.strip() else "The file is empty."
        if problem:
            raise InvalidParameterError(f"{Path(args.chat_template).name}: {problem}")
    if args.endpoint:
        for flag, given in (("--chat-template", args.chat_template), ("--show-prompt", args.show_prompt),
                            ("--top-probs", args.top_probs),
                            ("--kv-type", getattr(args, "kv_type", None)),
                            ("--prompt-lookup", getattr(args, "prompt_lookup", False))):
            if given:
                raise InvalidParameterError(f"{flag} works with models on this computer, not with --endpoint: "
                                            "the server formats the prompt and picks the tokens.")
        engine, states = endpoint_engine(args), None
        load = LoadParams(model_path=remote_path(engine.name, args.model or ""))
    else:
        model = args.model
        if model is None and stored is not None and stored.conversation.model \
                and Path(stored.conversation.model).is_file():
            model = stored.conversation.model  # the chat's own model
        settings = AppSettings.read()
        model_path = str(resolve_model(model))
        load = LoadParams(model_path=model_path, n_ctx=args.ctx, n_threads=args.threads, chat_template=template,
                          kv_type=getattr(args, "kv_type", None) or settings.kv_type_for(model_path))
        states = KvStateStore(paths.kv_state_dir(), memory_budget=0,
                              disk_budget=int(settings.kv_disk_budget_gb * (1 << 30)))
        engine = LlamaEngine(states)
        engine.prompt_lookup = bool(getattr(args, "prompt_lookup", False))
    info = engine.load(load)
    chat_sampling = (stored.conversation.sampling or {}) if stored else {}
    params = SamplingParams.from_dict({**info.default_sampling.to_dict(), **chat_sampling, **overrides})
    choice = args.effort or args.thinking or kept_options.thinking
    notes = [info.template_warning] if info.template_warning else []
    if choice is not None and choice not in info.thinking_choices:
        flag = "--reasoning-effort" if args.effort else f"--{'no-' if choice == 'off' else ''}think"
        notes.append(_no_switch_note(flag, info.thinking_choices))
        choice = None
    options = ChatOptions(thinking=choice, overflow=kept_options.overflow, top_probs=args.top_probs)

    if args.show_prompt:
        for note in notes:
            print(f"hearth: note: {note}", file=sys.stderr)
        sys.stdout.buffer.write(engine.render_prompt(messages, options, params).encode("utf-8"))
        sys.stdout.flush()
        return 0

    content: list[str] = []
    reasoning: list[str] = []
    out, err = sys.stdout, sys.stderr
    dim = err.isatty()

    def write(text: str) -> None:
        content.append(text)
        if not args.json:
            out.write(text)
            out.flush()

    def think(text: str) -> None:
        reasoning.append(text)
        if args.show_reasoning and not args.json:
            err.write(f"{_DIM}{text}{_RESET}" if dim else text)
            err.flush()

    if args.save:
        stored = new_chat(store, messages[:-1], info.path, overrides,
                          {"thinking": choice} if choice else {})
    chat_key = str(stored.conversation.id) if stored else None
    stats = engine.generate(messages, params, write, options=options, on_reasoning=think, chat=chat_key,
                            saved_state=not args.no_saved_state)
    chat_id = None
    if stored is not None:
        chat_id = stored.conversation.id
        record_turn(stored, messages[-1].content, "".join(content), "".join(reasoning), stats, info.name,
                    params.to_dict(), list(engine.last_answer))
        engine.save_state()
        if states is not None:
            states.flush()  # the chat's model memory is on disk before the process ends
    if stats.template_warning and stats.template_warning not in notes:
        notes.append(stats.template_warning)
    if stats.dropped_messages:
        notes.append(f"the oldest {stats.dropped_messages} message(s) did not fit the context and were left out.")
    if stats.reasoning_unclosed and not "".join(content).strip():
        notes.append("the model was still thinking when the answer ended, so it gave no answer; "
                     "raise --max-tokens or use --no-think.")
    if args.json:
        result: dict[str, Any] = {
            "content": "".join(content),
            "reasoning": "".join(reasoning),
            "stats": stats.to_dict(),
            "model": info.name,
            "template": info.template_origin,
            "reasoning_format": info.reasoning_format,
            "notes": notes,
        }
        if chat_id is not None:
            result["chat_id"] = chat_id
        if args.top_probs:
            result["tokens"] = [token_json(c) for c in engine.last_answer]
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
        out.flush()
        return 0
    if args.show_reasoning and reasoning:
        err.write("\n")
    out.write("\n")
    out.flush()
    if args.stats:
        print(f"{stats.decode_tok_s:.1f} tok/s · {stats.ttft_ms:.0f} ms to first token · "
              f"{stats.completion_tokens} tokens · {stats.finish_reason}", file=err)
    for note in notes:
        print(f"hearth: note: {note}", file=err)
    return 0


def token_json(choice: TokenChoice) -> dict[str, Any]:
    """One generated token for ``--json``: its text, probability and the likeliest alternatives."""
    return {"text": piece_text(choice.piece), "prob": choice.prob,
            "top": [{"text": piece_text(a.piece), "prob": a.prob} for a in choice.top]}


def _no_switch_note(flag: str, choices: tuple[str, ...]) -> str:
    if not choices:
        return f"this model has no thinking switch, so {flag} was ignored."
    if "on" in choices:
        return f"this model switches thinking with --think / --no-think, so {flag} was ignored."
    return f"this model takes --reasoning-effort {'|'.join(choices)} instead, so {flag} was ignored."


def _conversation(args: argparse.Namespace, system: bool = True) -> list[ChatMessage]:
    """The messages to answer: the --messages file and/or the prompt, with the system prompt
    (unless ``system`` is False: a stored chat brings its own)."""
    prompt = args.prompt
    if args.messages:
        messages = read_messages(Path(args.messages))
        if prompt == "-":
            prompt = sys.stdin.read()
    else:
        messages = []
        if prompt is None or prompt == "-":
            if sys.stdin is None or sys.stdin.isatty():
                raise InvalidParameterError('Give a question, e.g. hearth chat "What is the capital of France?"')
            prompt = sys.stdin.read()
    if prompt is not None:
        # Stray whitespace, such as the newline that ends piped input, changes a small model's answer.
        prompt = prompt.strip()
        if not prompt:
            raise InvalidParameterError("The question is empty.")
        messages.append(ChatMessage("user", prompt))
    if not messages:
        raise InvalidParameterError("The conversation in the --messages file is empty; give a question too.")
    if not system:
        return messages
    prompt_text = args.system if args.system is not None else (None if args.messages else DEFAULT_SYSTEM_PROMPT)
    if prompt_text is not None and prompt_text.strip() and not any(m.role == "system" for m in messages):
        messages.insert(0, ChatMessage("system", prompt_text))
    return messages


def read_messages(path: Path) -> list[ChatMessage]:
    """Read a --messages file: a JSON list of ``{"role", "content", optional "reasoning"}``.

    Raises:
        InvalidParameterError: unreadable, not JSON, or not such a list (the sentence says where).
    """
    text = _read_text(path, "messages file")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidParameterError(f"{path.name} is not valid JSON (line {exc.lineno}: {exc.msg}).") from exc
    if not isinstance(data, list):
        raise InvalidParameterError(f'{path.name} must hold a JSON list of {{"role", "content"}} objects.')
    messages = []
    for number, item in enumerate(data, 1):
        where = f"{path.name}, message {number}"
        if not isinstance(item, dict):
            raise InvalidParameterError(f'{where} is not an object with "role" and "content".')
        role, content, reasoning = item.get("role"), item.get("content"), item.get("reasoning", "")
        if role not in ("system", "user", "assistant"):
            raise InvalidParameterError(f'{where}: "role" must be "system", "user" or "assistant", not {role!r}.')
        if not isinstance(content, str):
            raise InvalidParameterError(f'{where}: "content" must be text.')
        if reasoning is None:
            reasoning = ""
        if not isinstance(reasoning, str):
            raise InvalidParameterError(f'{where}: "reasoning" must be text.')
        messages.append(ChatMessage(role, content, reasoning if role == "assistant" else ""))
    return messages


def _read_text(path: Path, what: str) -> str:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise InvalidParameterError(f"The {what} {path} is far too large.")
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InvalidParameterError(f"The {what} {path} does not exist.") from exc
    except IsADirectoryError as exc:
        raise InvalidParameterError(f"The {what} {path} is a folder, not a file.") from exc
    except UnicodeDecodeError as exc:
        raise InvalidParameterError(f"The {what} {path} is not UTF-8 text.") from exc
    except OSError as exc:
        raise InvalidParameterError(f"Could not read the {what} {path}: {exc.strerror or exc}.") from exc
