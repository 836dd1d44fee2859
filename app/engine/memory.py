"""Will it fit? A re-export: the one definition lives in :mod:`model_store.fit`.

The engine's load check and the model manager's fit badge share these names.
"""

from __future__ import annotations

from model_store.fit import (  # noqa: F401 - re-exported
    GIB,
    OVERHEAD_BYTES,
    FitEstimate,
    available_memory,
    estimate_fit,
    fit_for_file,
    format_bytes,
    gpu_memory,
    is_unified_memory,
    kv_cache_bytes,
    overhead_bytes,
    peak_extra_bytes,
    total_memory,
)

__all__ = ["GIB", "OVERHEAD_BYTES", "FitEstimate", "available_memory", "estimate_fit", "fit_for_file", "format_bytes",
           "gpu_memory", "is_unified_memory", "kv_cache_bytes", "overhead_bytes", "peak_extra_bytes",
           "total_memory"]
