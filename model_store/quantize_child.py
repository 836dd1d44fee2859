"""The child process that runs llama.cpp's quantizer for :mod:`model_store.quantize`.

    python -m model_store.quantize_child SRC DST FTYPE [--allow-requantize] [--threads N]

``llama_model_quantize`` has no progress callback and cannot be interrupted, so it runs here,
where the parent can read its log and terminate it. llama.cpp logs one ``[ n/ N] name - [dims],
type = …`` line per tensor; this process turns its log into a line protocol on stdout:

    T <n> <N> <elements> <name>     tensor n of N is written (elements: its element count)
    E <text>                        a llama.cpp error line
    W <text>                        a llama.cpp warning line

Exit status: 0 done, 1 llama.cpp reported a failure, 2 bad arguments or llama.cpp unusable,
3 the parent went away (the partial output is removed). SIGINT is ignored: a Ctrl+C in the
terminal reaches the whole process group, and the parent decides what a cancel means.

Only the standard library and llama-cpp-python's low-level ctypes module are imported (not the
package's high-level half, which pulls in numpy and Jinja): the child starts in ~40 ms.
"""

from __future__ import annotations

import argparse
import ctypes
import importlib
import importlib.util
import os
import re
import signal
import sys
import types

LEVEL_WARN, LEVEL_ERROR, LEVEL_CONT = 3, 4, 5
TENSOR_RE = re.compile(r"^\[\s*(\d+)\s*/\s*(\d+)\]\s+(\S+)\s+-\s+\[([\d,\s]+)\]")
EXIT_OK, EXIT_FAILED, EXIT_UNUSABLE, EXIT_ORPHANED = 0, 1, 2, 3


def load_llama_cpp() -> types.ModuleType:
    """llama-cpp-python's ctypes bindings, without running the package's ``__init__``.

    A bare package module stands in for ``llama_cpp`` so that importing
    ``llama_cpp.llama_cpp`` loads only the bindings (and libllama). Falls back to a normal
    import if that does not work with this llama-cpp-python.
    """
    spec = importlib.util.find_spec("llama_cpp")
    if spec is not None and spec.submodule_search_locations and "llama_cpp" not in sys.modules:
        stub = types.ModuleType("llama_cpp")
        stub.__path__ = list(spec.submodule_search_locations)
        stub.__spec__ = spec
        sys.modules["llama_cpp"] = stub
        try:
            return importlib.import_module("llama_cpp.llama_cpp")
        except (ImportError, AttributeError, OSError):
            for name in [m for m in sys.modules if m == "llama_cpp" or m.startswith("llama_cpp.")]:
                del sys.modules[name]
    import llama_cpp

    return llama_cpp


class LogRelay:
    """Assemble llama.cpp's log chunks into lines and write the protocol lines to ``fd``."""

    def __init__(self, fd: int, dst: str) -> None:
        self.fd, self.dst = fd, dst
        self.pending = ""
        self.level = 0

    def feed(self, level: int, chunk: str) -> None:
        if level != LEVEL_CONT:
            if level != self.level and self.pending:   # e.g. an error cutting a tensor line short
                self.line(self.level, self.pending.strip(), complete=False)
                self.pending = ""
            self.level = level
        self.pending += chunk
        while "\n" in self.pending:
            line, self.pending = self.pending.split("\n", 1)
            self.line(self.level, line.strip())

    def line(self, level: int, line: str, complete: bool = True) -> None:
        match = TENSOR_RE.match(line) if complete else None
        if match:
            elements = 1
            for dim in match[4].split(","):
                elements *= int(dim) if dim.strip() else 1
            self.emit(f"T {match[1]} {match[2]} {elements} {match[3]}")
        elif level >= LEVEL_WARN and line.strip("= "):
            self.emit(f"{'E' if level >= LEVEL_ERROR else 'W'} {line}")

    def emit(self, text: str) -> None:
        try:
            os.write(self.fd, (text + "\n").encode("utf-8", "replace"))
        except OSError:   # the parent is gone: nobody wants the file any more
            try:
                os.unlink(self.dst)
            except OSError:
                pass
            os._exit(EXIT_ORPHANED)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="quantize_child")
    parser.add_argument("src")
    parser.add_argument("dst")
    parser.add_argument("ftype", type=int)
    parser.add_argument("--allow-requantize", action="store_true")
    parser.add_argument("--threads", type=int, default=0)
    args = parser.parse_args(argv)
    if hasattr(signal, "SIGINT"):
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        llama = load_llama_cpp()
    except (ImportError, OSError) as exc:
        os.write(1, f"E llama.cpp could not be loaded: {exc!r}\n".encode("utf-8", "replace"))
        return EXIT_UNUSABLE
    relay = LogRelay(1, args.dst)

    def on_log(level: int, text: bytes, _user_data: ctypes.c_void_p) -> None:
        try:
            relay.feed(level, text.decode("utf-8", "replace"))
        except Exception:  # noqa: BLE001 - an exception must never cross back into C
            pass

    callback = llama.llama_log_callback(on_log)
    llama.llama_log_set(callback, ctypes.c_void_p(0))
    params = llama.llama_model_quantize_default_params()
    params.ftype = args.ftype
    params.allow_requantize = args.allow_requantize
    params.nthread = args.threads
    rc = llama.llama_model_quantize(args.src.encode("utf-8"), args.dst.encode("utf-8"), ctypes.byref(params))
    relay.feed(relay.level, "\n" if relay.pending else "")
    return EXIT_OK if rc == 0 else EXIT_FAILED


if __name__ == "__main__":
    # os._exit: skip the interpreter's teardown (tens of milliseconds with libllama loaded);
    # everything this process writes has been written with os.write, and llama.cpp closed its file.
    os._exit(main())
