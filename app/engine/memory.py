"""Will it fit? Weights + KV cache at a context length vs this machine's memory."""

from __future__ import annotations

import os
import platform
import sys
from dataclasses import dataclass

GIB = 1024**3
OVERHEAD_BYTES = 256 * 1024**2  # compute buffers, scratch and runtime, measured loosely on small models


def kv_cache_bytes(n_ctx: int, n_layer: int, n_embd_k: int, n_embd_v: int, bytes_per_value: int = 2) -> int:
    """Bytes of the KV cache: one key and one value vector per layer per token (F16 by default)."""
    return n_ctx * n_layer * (n_embd_k + n_embd_v) * bytes_per_value


def total_memory() -> int:
    """Physical memory in bytes (unified memory on Apple Silicon); 0 when unknown."""
    if sys.platform == "win32":
        status = _windows_memory_status()
        return status.ullTotalPhys if status else 0
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return 0


def available_memory() -> int:
    """Memory that can be used without swapping, in bytes (best effort per platform)."""
    if sys.platform.startswith("linux"):
        try:
            with open("/proc/meminfo", encoding="ascii") as fh:
                for line in fh:
                    if line.startswith("MemAvailable:"):
                        return int(line.split()[1]) * 1024
        except OSError:
            pass
    if sys.platform == "win32":
        status = _windows_memory_status()
        return status.ullAvailPhys if status else 0
    total = total_memory()
    if sys.platform == "darwin" and platform.machine() == "arm64":
        # macOS keeps caches in "free-able" memory; about three quarters of unified memory is usable.
        return int(total * 0.75)
    return total


def _windows_memory_status():
    """``GlobalMemoryStatusEx`` (os.sysconf does not exist on Windows); None if it fails."""
    import ctypes

    class MemoryStatusEx(ctypes.Structure):
        _fields_ = [("dwLength", ctypes.c_ulong), ("dwMemoryLoad", ctypes.c_ulong),
                    ("ullTotalPhys", ctypes.c_ulonglong), ("ullAvailPhys", ctypes.c_ulonglong),
                    ("ullTotalPageFile", ctypes.c_ulonglong), ("ullAvailPageFile", ctypes.c_ulonglong),
                    ("ullTotalVirtual", ctypes.c_ulonglong), ("ullAvailVirtual", ctypes.c_ulonglong),
                    ("ullAvailExtendedVirtual", ctypes.c_ulonglong)]

    status = MemoryStatusEx()
    status.dwLength = ctypes.sizeof(status)
    try:
        ok = ctypes.windll.kernel32.GlobalMemoryStatusEx(ctypes.byref(status))  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        return None
    return status if ok else None


@dataclass(frozen=True)
class FitEstimate:
    """The memory a model needs at a context length, and whether this machine has it."""

    weights_bytes: int
    kv_bytes: int
    overhead_bytes: int
    available_bytes: int

    @property
    def needed_bytes(self) -> int:
        return self.weights_bytes + self.kv_bytes + self.overhead_bytes

    @property
    def verdict(self) -> str:
        """"fits", "tight" or "won't fit"."""
        if not self.available_bytes:
            return "fits"
        if self.needed_bytes > self.available_bytes:
            return "won't fit"
        return "tight" if self.needed_bytes > 0.8 * self.available_bytes else "fits"

    def describe(self) -> str:
        """E.g. "needs about 5.2 GB of memory (weights 4.1 GB, context 0.8 GB); 3.9 GB is free"."""
        return (f"needs about {format_bytes(self.needed_bytes)} of memory (weights "
                f"{format_bytes(self.weights_bytes)}, context {format_bytes(self.kv_bytes)}); "
                f"{format_bytes(self.available_bytes)} is free")


def format_bytes(n: int) -> str:
    """Memory sizes as people read them: "5.2 GB", or "350 MB" below a tenth of a gigabyte."""
    if n >= GIB // 10:
        return f"{n / GIB:.1f} GB"
    return f"{max(n, 0) / 1024**2:.0f} MB"
