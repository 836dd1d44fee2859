"""llama.cpp's process-wide set-up and what this machine's build of it can do."""

from __future__ import annotations

import os
import platform
import sys

import llama_cpp

from app.engine import llama_log
from model_store.cpu import generation_threads, performance_cores

_backend_ready = False


def init_backend() -> None:
    """Route llama.cpp's log into Hearth and initialise its backends (once per process)."""
    global _backend_ready
    if not _backend_ready:
        llama_log.install()
        llama_cpp.llama_backend_init()
        _backend_ready = True


def gpu_offload_supported() -> bool:
    """True when this llama.cpp build can run layers on a GPU (Metal, CUDA, Vulkan …)."""
    return bool(llama_cpp.llama_supports_gpu_offload())


def gpu_backend_name() -> str:
    """The GPU backend compiled into llama.cpp, or "CPU"."""
    if not gpu_offload_supported():
        return "CPU"
    info = llama_cpp.llama_print_system_info().decode("utf-8", "replace").upper()
    for name, label in (("CUDA", "CUDA"), ("METAL", "Metal"), ("VULKAN", "Vulkan"), ("HIP", "ROCm"),
                        ("SYCL", "SYCL")):
        if name in info:
            return label
    return "Metal" if sys.platform == "darwin" and platform.machine() == "arm64" else "GPU"


def default_threads() -> int:
    """Threads for generation: every core but one, so the window stays responsive."""
    return generation_threads()


def default_batch_threads() -> int:
    """Threads for reading a prompt: every performance core (the window is idle meanwhile)."""
    return performance_cores()


def extra_buffers_safe() -> bool:
    """Whether llama.cpp may repack weights into CPU-specific buffers.

    Its AMX buffers crash inside ``llama_decode`` on some Xeon machines (measured with a
    native build), so they are off where the CPU advertises AMX; elsewhere repacking is a
    free speed-up. ``HEARTH_EXTRA_BUFFERS=0/1`` overrides.
    """
    forced = os.environ.get("HEARTH_EXTRA_BUFFERS")
    if forced in ("0", "1"):
        return forced == "1"
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as fh:
            return "amx_tile" not in fh.read()
    except OSError:
        return True
