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
    """Physical memory in bytes (unified memory on Apple Silicon)."""
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
    total = total_memory()
    if sys.platform == "darwin" and platform.machine() == "arm64":
        # macOS keeps caches in "free-able" memory; about three quarters of unified memory is usable.
        return int(total * 0.75)
    return total


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
        return (f"needs about {self.needed_bytes / GIB:.1f} GB (weights {self.weights_bytes / GIB:.1f} GB, "
                f"context {self.kv_bytes / GIB:.2f} GB); {self.available_bytes / GIB:.1f} GB available")
