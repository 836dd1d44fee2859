"""``--endpoint URL [--api-key K]``: the command line's way to a model on another computer.

``hearth chat --endpoint URL [--model NAME]`` chats with a model of any OpenAI-compatible
server (vLLM, llama-server, Ollama, LM Studio, another Hearth); ``hearth models list --endpoint
URL`` lists what it serves. The key may also come from ``HEARTH_API_KEY``, which keeps it out of
the shell's history.
"""

from __future__ import annotations

import argparse
import os
from urllib.parse import urlparse

from app.engine.remote import RemoteEngine
from app.engine.remote_http import RemoteClient, check_url


def add_endpoint_arguments(parser: argparse.ArgumentParser, help_text: str) -> None:
    parser.add_argument("--endpoint", metavar="URL", help=help_text)
    parser.add_argument("--api-key", metavar="KEY",
                        help="The server's API key (default: $HEARTH_API_KEY, if set).")


def _key(args: argparse.Namespace) -> str | None:
    return args.api_key or os.environ.get("HEARTH_API_KEY") or None


def endpoint_client(args: argparse.Namespace) -> RemoteClient:
    """A client of ``--endpoint``.

    Raises:
        InvalidParameterError: not an http(s) address.
    """
    return RemoteClient(args.endpoint, _key(args))


def endpoint_engine(args: argparse.Namespace) -> RemoteEngine:
    """An engine on ``--endpoint``, named after its host (as the chats it saves will say)."""
    return RemoteEngine(urlparse(check_url(args.endpoint)).netloc, args.endpoint, _key(args))
