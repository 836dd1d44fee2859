"""The GPUs llama.cpp can use, and how much of their memory is free.

Read through ggml's device API in the library llama-cpp-python has already loaded, so the
answer is the one llama.cpp itself works from when it splits a model's layers across devices.
Only GPUs count (discrete, or integrated that share the machine's memory); the CPU device is
left out.

Reading never raises: missing symbols, a library that will not load, or a GPU that reports no
memory (old drivers, a virtual GPU) all come out as "no usable GPU", and :func:`device_note`
then says in a sentence why Hearth plans for the CPU. Tests stand fake devices in with
:func:`set_fake_devices`, so nothing here needs a GPU to be tested.
"""

from __future__ import annotations

import ctypes
import logging
import threading
from dataclasses import dataclass
from typing import Any, Literal

log = logging.getLogger(__name__)

# ggml's enum ggml_backend_dev_type
_DEVICE_KINDS = {1: "gpu", 2: "igpu"}   # CPU = 0, ACCEL = 3 and META = 4 are not GPUs


@dataclass(frozen=True)
class GpuDevice:
    """One GPU as ggml reports it.

    ``kind`` is "gpu" for a discrete GPU with its own memory, "igpu" for an integrated one
    that shares the machine's memory. Both byte counts are 0 when the device did not say.
    """

    name: str                        # ggml's short name, e.g. "CUDA0", "Metal", "Vulkan0"
    description: str                 # the device's own name, e.g. "NVIDIA GeForce RTX 4070"
    kind: Literal["gpu", "igpu"]
    free_bytes: int
    total_bytes: int

    @property
    def usable(self) -> bool:
        """True when the device reported its memory (a plan can be made for it)."""
        return self.free_bytes > 0 and self.total_bytes > 0

    @property
    def label(self) -> str:
        """The name people recognise: the description, else ggml's name."""
        return self.description or self.name


class _State:
    """What was last read, the sentence that goes with it, and a test's stand-ins."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.devices: list[GpuDevice] | None = None   # None: not read yet
        self.note = ""
        self.fake: list[GpuDevice] | None = None


_state = _State()


def gpu_devices(refresh: bool = False) -> list[GpuDevice]:
    """The GPUs that reported their memory; read once per process, again with ``refresh``.

    Free memory changes as models load and unload, so a caller about to plan a load should
    refresh. Never raises: any failure gives ``[]`` and a sentence in :func:`device_note`.

    Args:
        refresh: read the devices again instead of returning the last answer.

    Returns:
        Usable :class:`GpuDevice` entries in ggml's order (empty on a CPU-only machine).
    """
    with _state.lock:
        if _state.devices is None or refresh:
            _state.devices, _state.note = _read_usable()
        return list(_state.devices)


def device_note() -> str:
    """Why no (or not every) GPU is counted, as a sentence; "" when every GPU reported its memory.

    Reads the devices first if nothing has been read yet.
    """
    gpu_devices()
    with _state.lock:
        return _state.note


def set_fake_devices(devices: list[GpuDevice] | None) -> None:
    """Stand ``devices`` in for what ggml reports (tests); None reads ggml again.

    The cache is cleared either way, so the next :func:`gpu_devices` sees the change.
    """
    with _state.lock:
        _state.fake = None if devices is None else list(devices)
        _state.devices = None
        _state.note = ""


def backend_device_count() -> int:
    """How many devices ggml knows, the CPU included; 0 when the library cannot be asked."""
    try:
        return int(_ggml_functions()["count"]())
    except Exception:  # noqa: BLE001 - a question about the hardware must never stop Hearth
        log.debug("ggml device count unavailable", exc_info=True)
        return 0


def _read_usable() -> tuple[list[GpuDevice], str]:
    try:
        found = list(_state.fake) if _state.fake is not None else read_ggml_devices()
    except Exception:  # noqa: BLE001 - see backend_device_count
        log.info("could not read the GPU devices from ggml", exc_info=True)
        return [], ("Hearth could not ask llama.cpp about the GPU, so it plans for the CPU; "
                    "set GPU layers to a number to use the GPU anyway.")
    usable = [d for d in found if d.usable]
    silent = [d for d in found if not d.usable]
    if not silent:
        return usable, ""
    names = ", ".join(d.label for d in silent)
    if usable:
        return usable, (f"{names} did not report {'its' if len(silent) == 1 else 'their'} memory, "
                        "so Hearth counts only the other GPUs.")
    return [], (f"The GPU ({names}) did not report its memory (drivers or a virtual GPU), so Hearth "
                "plans for the CPU; set GPU layers to a number to use the GPU anyway.")


def read_ggml_devices() -> list[GpuDevice]:
    """Every GPU ggml knows, as reported, unusable ones included.

    Raises:
        Exception: whatever the library does (not loadable, a symbol missing); callers catch it.
    """
    fn = _ggml_functions()
    devices = []
    for i in range(int(fn["count"]())):
        dev = fn["get"](i)
        if not dev:
            continue
        kind = _DEVICE_KINDS.get(int(fn["type"](dev)))
        if kind is None:
            continue
        free, total = ctypes.c_size_t(0), ctypes.c_size_t(0)
        fn["memory"](dev, ctypes.byref(free), ctypes.byref(total))
        devices.append(GpuDevice(name=_text(fn["name"](dev)), description=_text(fn["description"](dev)),
                                 kind=kind, free_bytes=int(free.value), total_bytes=int(total.value)))
    return devices


def _ggml_functions() -> dict[str, Any]:
    """ggml's device functions with their C signatures, bound without touching the shared library
    object's own attributes (llama-cpp-python may declare them differently)."""
    from llama_cpp import _ggml  # loads the same libggml that llama.cpp uses

    lib = _ggml.libggml
    size_p = ctypes.POINTER(ctypes.c_size_t)
    signatures = {
        "count": ("ggml_backend_dev_count", ctypes.c_size_t),
        "get": ("ggml_backend_dev_get", ctypes.c_void_p, ctypes.c_size_t),
        "name": ("ggml_backend_dev_name", ctypes.c_char_p, ctypes.c_void_p),
        "description": ("ggml_backend_dev_description", ctypes.c_char_p, ctypes.c_void_p),
        "type": ("ggml_backend_dev_type", ctypes.c_int, ctypes.c_void_p),
        "memory": ("ggml_backend_dev_memory", None, ctypes.c_void_p, size_p, size_p),
    }
    return {key: ctypes.CFUNCTYPE(restype, *argtypes)((symbol, lib))
            for key, (symbol, restype, *argtypes) in signatures.items()}


def _text(raw: bytes | None) -> str:
    return raw.decode("utf-8", "replace").strip() if raw else ""
