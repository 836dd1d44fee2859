"""``hearth``: the GUI by default; ``chat`` and ``bench`` on the same engine, headless.

Errors are one sentence on stderr and a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import NoReturn, Sequence

from app import __version__
from app.cli_chat import add_chat_arguments, run_chat
from app.cli_chats import add_chats_parser, run_chats
from app.cli_models import add_kv_type_argument, add_models_parser, run_models
from app.cli_serve import add_serve_parser, run_serve
from app.engine.errors import HearthError, InvalidParameterError
from app.engine.params import DEFAULT_SYSTEM_PROMPT, SamplingParams, bounded_fields

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_NO_GPU = 3  # hearth --backend: this llama.cpp build has no GPU backend
EXIT_INTERRUPTED = 130


def _sampling_options(parser: argparse.ArgumentParser) -> None:
    flags = {"temperature": "--temperature", "top_p": "--top-p", "top_k": "--top-k", "min_p": "--min-p",
             "repeat_penalty": "--repeat-penalty", "seed": "--seed", "max_tokens": "--max-tokens"}
    for field, bound in bounded_fields(SamplingParams):
        if field.name in flags:
            kind = int if isinstance(field.default, int) else float
            parser.add_argument(flags[field.name], dest=field.name, type=kind, default=None,
                                help=f"{bound.help} ({_range(bound)}; default {field.default})")
    parser.add_argument("--stop", action="append", default=None, metavar="TEXT",
                        help="Stop the answer at this text (repeatable).")


def _range(bound) -> str:
    fmt = (lambda v: f"{v:g}")
    return f"{fmt(bound.minimum)}–{fmt(bound.maximum)}"


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one ``hearth:`` line on stderr like every other error."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"hearth: {message[:1].upper()}{message[1:]}. See “{self.prog} --help”.\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="hearth", description="Private, offline AI chat.")
    parser.add_argument("--version", action="version", version=f"Hearth {__version__}")
    parser.add_argument("--backend", action="store_true",
                        help="Print llama.cpp's version and its GPU backend (Metal, CUDA … or CPU) and exit; "
                             "exit status 3 when this build cannot offload to a GPU.")
    sub = parser.add_subparsers(dest="command", metavar="{chat,chats,serve,bench,models}", parser_class=_Parser)

    chat = sub.add_parser("chat", help="Ask one question and stream the answer to stdout.")
    chat.add_argument("prompt", nargs="?", help="The question ('-' or nothing: read from stdin; "
                                                "optional with --messages).")
    chat.add_argument("--model", help="A model name or a .gguf path (default: the starter model).")
    chat.add_argument("--system", default=None,
                      help=f'The system prompt (default: "{DEFAULT_SYSTEM_PROMPT}", none with --messages; '
                           '"" for none).')
    chat.add_argument("--ctx", type=int, default=0, help="Context length in tokens (0: model default).")
    chat.add_argument("--threads", type=int, default=0, help="CPU threads (0: automatic).")
    add_kv_type_argument(chat)
    chat.add_argument("--stats", action="store_true", help="Print speed figures to stderr afterwards.")
    add_chat_arguments(chat)
    _sampling_options(chat)

    bench = sub.add_parser("bench", help="Measure prompt and decode speed and time to first token.")
    bench.add_argument("--model", help="A model name or a .gguf path (default: the starter model).")
    bench.add_argument("--threads", type=int, default=0, help="CPU threads (0: automatic).")
    bench.add_argument("--tokens", type=int, default=256, help="Tokens to decode (default 256).")
    add_kv_type_argument(bench)
    bench.add_argument("--json", action="store_true", help="Print JSON.")
    add_models_parser(sub)
    add_chats_parser(sub)
    add_serve_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.backend:
            return _backend()
        if args.command is None:
            from app.gui import run_gui

            return run_gui()
        if args.command == "chat":
            return run_chat(args)
        if args.command == "bench":
            return _bench(args)
        if args.command == "models":
            return run_models(args)
        if args.command == "chats":
            return run_chats(args)
        if args.command == "serve":
            return run_serve(args)
    except InvalidParameterError as exc:
        print(f"hearth: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except HearthError as exc:
        print(f"hearth: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_ERROR
    return EXIT_USAGE


def _backend() -> int:
    """``hearth --backend``: what a support question or a release check needs to know."""
    import llama_cpp

    from app.engine.backend import gpu_backend_name, gpu_offload_supported

    gpu = gpu_offload_supported()
    print(f"llama.cpp (llama-cpp-python {llama_cpp.__version__}): {gpu_backend_name()}, "
          f"GPU offload {'supported' if gpu else 'not supported'}")
    return 0 if gpu else EXIT_NO_GPU


def _bench(args: argparse.Namespace) -> int:
    from app.bench import format_report, run_bench
    from model_store.resolve import resolve_model

    if args.tokens < 16:
        raise InvalidParameterError("--tokens must be at least 16.")
    path = str(resolve_model(args.model))
    progress = None if args.json else (lambda msg: print(f"… {msg}", file=sys.stderr))
    result = run_bench(path, threads=args.threads, decode_tokens=args.tokens, on_progress=progress,
                       kv_type=args.kv_type or "f16")
    print(json.dumps(result, indent=2) if args.json else format_report(result))
    return 0
