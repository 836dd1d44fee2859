"""``hearth models quantize NAME TYPE``: make a smaller copy of a model on this computer.

    hearth models quantize NAME TYPE [--allow-requantize] [--output NAME]

The plan is checked first (type, source, free disk space); a progress bar runs on stderr;
Ctrl+C cancels cleanly ("Cancelled; nothing was written.", exit status 130). Errors are raised
as HearthError subclasses, printed as one ``hearth:`` line by ``app.cli``.
"""

from __future__ import annotations

import argparse
import sys
import threading

from model_store.units import format_size

EXIT_INTERRUPTED = 130


def add_quantize_parser(models_subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add ``quantize`` to the ``hearth models`` subcommands; returns its parser."""
    from model_store.quant_types import QUANT_TYPES

    offered = ", ".join(k for k, q in QUANT_TYPES.items() if not q.needs_imatrix)
    parser = models_subparsers.add_parser(
        "quantize", help="Make a smaller copy of a model (e.g. an F16 file to Q4_K_M).",
        description=f"Quantize a model in your library with llama.cpp. Types: {offered}.")
    parser.add_argument("name", help="The model (see “hearth models list”).")
    parser.add_argument("type", metavar="TYPE", help=f"The quantization type: {offered}.")
    parser.add_argument("--allow-requantize", action="store_true",
                        help="Quantize a model that is already quantized (the result is worse than from F16).")
    parser.add_argument("--output", metavar="NAME", help="The new file's name (default: <model>-<TYPE>.gguf).")
    return parser


def _size(n: int) -> str:
    """ "98.4 MB": the app's one size convention (:func:`model_store.units.format_size`)."""
    return format_size(n)


def _bar(fraction: float, label: str, extra: str = "") -> None:
    width = 30
    fraction = max(0.0, min(1.0, fraction))
    filled = int(fraction * width)
    sys.stderr.write(f"\r{label[:40]:<40} [{'#' * filled}{'.' * (width - filled)}] {fraction * 100:5.1f}%{extra}   ")
    sys.stderr.flush()


def run_quantize_command(args: argparse.Namespace) -> int:
    """Plan, run with a progress bar, report. Returns the exit status (130 when cancelled).

    Raises:
        QuantizeError (a HearthError): the plan was refused or llama.cpp failed.
    """
    from model_store.errors import QuantizeCancelled
    from model_store.quantize import plan_quantize, run_quantize
    from model_store.registry import Registry

    registry = Registry.shared()
    plan = plan_quantize(registry, args.name, args.type, allow_requantize=args.allow_requantize,
                         output_name=args.output)
    if plan.warning:
        print(f"Note: {plan.warning}", file=sys.stderr)
    print(f"Quantizing {plan.source.name} to {plan.qtype}: about {_size(plan.estimated_bytes)} "
          f"(from {_size(plan.source.size)}), {plan.fit.verdict} in memory.", file=sys.stderr)
    label = plan.dest.name
    cancel = threading.Event()
    outcome: dict[str, object] = {}

    def progress(p) -> None:
        if not cancel.is_set():
            _bar(p.fraction, label, f"  tensor {p.tensor}/{p.n_tensors}")

    finished = threading.Event()

    def work() -> None:
        try:
            outcome["model"] = run_quantize(plan, on_progress=progress, cancel=cancel, registry=registry)
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread, re-raised there
            outcome["error"] = exc
        finally:
            finished.set()

    _bar(0.0, label)
    threading.Thread(target=work, name="quantize", daemon=True).start()
    # Waiting on an Event, not Thread.join: a Ctrl+C that interrupts join() can leave the thread
    # marked as finished while it still runs (CPython), and the cleanup would be cut short.
    while True:
        try:
            while not finished.wait(0.1):
                pass
            break
        except KeyboardInterrupt:
            cancel.set()   # the worker stops the quantizer and removes its file; keep waiting for that
    print(file=sys.stderr)   # end the progress line, so what follows is a line of its own
    error = outcome.get("error")
    if isinstance(error, QuantizeCancelled) or (cancel.is_set() and "model" not in outcome):
        print("Cancelled; nothing was written.", file=sys.stderr)
        return EXIT_INTERRUPTED
    if error is not None:
        raise error
    model = outcome["model"]
    print(f"Ready: {model.name} ({_size(model.size)}). Chat with it: hearth chat --model \"{model.name}\" \"Hello\"")
    return 0
