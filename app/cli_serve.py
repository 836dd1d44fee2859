"""``hearth serve``: the OpenAI-compatible API for other programs, without the window.

    hearth serve [--model NAME] [--host 127.0.0.1] [--port 8080] [--api-key KEY]
                 [--cors ORIGIN]... [--allow-model-switch] [--ctx N] [--threads N]

It loads one model and answers ``/v1/models``, ``/v1/chat/completions`` and ``/v1/completions``
until Ctrl+C (the normal way to stop it: exit status 0). Only this computer can reach it unless
``--host`` names a network address, which needs ``--api-key``. ``--allow-model-switch`` lets a
request name another model of the library (it is then loaded in place of the current one).
"""

from __future__ import annotations

import argparse
import sys
import threading

from app.engine.errors import HearthError


def add_serve_parser(sub) -> None:
    serve = sub.add_parser("serve", help="Serve a model to other programs over the OpenAI API.")
    serve.add_argument("--model", help="A model name or a .gguf path (default: the starter model).")
    serve.add_argument("--host", default="127.0.0.1",
                       help="Address to listen on (default 127.0.0.1: this computer only).")
    serve.add_argument("--port", type=int, default=8080, help="Port (default 8080).")
    serve.add_argument("--api-key", help="Require 'Authorization: Bearer KEY' (needed beyond this computer).")
    serve.add_argument("--cors", action="append", default=[], metavar="ORIGIN",
                       help="Let web pages from ORIGIN call the API (repeatable; default: none).")
    serve.add_argument("--allow-model-switch", action="store_true",
                       help="Let a request name another library model, which is then loaded.")
    serve.add_argument("--ctx", type=int, default=0, help="Context length in tokens (0: model default).")
    serve.add_argument("--threads", type=int, default=0, help="CPU threads (0: automatic).")


def run_serve(args: argparse.Namespace) -> int:
    from app.engine.host import EngineThread
    from app.engine.llama import LlamaEngine
    from app.engine.params import LoadParams
    from app.server.engine_door import EngineDoor
    from app.server.runner import ApiServer, ServerConfig, check_listen
    from model_store.resolve import known_models, resolve_model

    config = ServerConfig(args.host, args.port, args.api_key, list(args.cors))
    check_listen(config)  # before the model loads: a busy port or a missing key is said at once
    path = resolve_model(args.model)
    thread = EngineThread(LlamaEngine)
    loaded = threading.Event()
    failure: list[HearthError] = []

    def load(t: EngineThread) -> None:
        try:
            t.engine.load(LoadParams(model_path=str(path), n_ctx=args.ctx, n_threads=args.threads))
        except HearthError as exc:
            failure.append(exc)
        except Exception as exc:  # noqa: BLE001 - still one sentence, never a traceback
            failure.append(HearthError(f"The model could not be loaded ({exc})."))
        finally:
            loaded.set()

    thread.submit(load)
    loaded.wait()
    if failure:
        thread.stop()
        raise failure[0]

    def activity(kind: str, text: str) -> None:
        if kind != "start":
            print(f"hearth: {text}", file=sys.stderr, flush=True)

    door = EngineDoor(thread, library=known_models, allow_switch=args.allow_model_switch, on_activity=activity)
    info = door.loaded()
    print(f"Hearth is serving {info.name if info else path.name} at {config.url}"
          f"{' (API key required)' if config.api_key else ''}. Press Ctrl+C to stop.", file=sys.stderr, flush=True)
    try:
        ApiServer(door, config).run()
    except KeyboardInterrupt:
        pass  # Ctrl+C is how a server is stopped: not an error
    finally:
        thread.run_and_stop(lambda t: t.current.unload() if t.current else None)
    print("hearth: stopped serving.", file=sys.stderr, flush=True)
    return 0
