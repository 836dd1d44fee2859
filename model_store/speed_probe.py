"""Measure this computer once: memory bandwidth and arithmetic rate, cached in ``hardware.json``.

The probe takes about half a second: every performance core reads its share of a 256 MiB
buffer with a dot product (BLAS, GIL released, so the threads run in parallel; best of five;
the fastest of the read kernels tried, and as fast as llama.cpp reads weights),
then multiplies 1024×1024 F32 matrices (numpy's BLAS, on every core; best of five). A probe
whose repeats disagree by more than a factor of two (another program was busy) or whose
figures are implausible is discarded, and the next request measures again.

The GPU is not probed: its bandwidth comes from the device's name
(:func:`model_store.speed.gpu_bandwidth_for`).
"""

from __future__ import annotations

import json
import logging
import platform
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, replace
from pathlib import Path

from model_store.atomic import write_atomic
from model_store.cpu import performance_cores
from model_store.speed import DEFAULT_PROFILE, MachineProfile, gpu_bandwidth_for

log = logging.getLogger(__name__)

PROFILE_FILE = "hardware.json"
PROFILE_VERSION = 1
BUFFER_BYTES = 256 * 1024 * 1024
PLAUSIBLE_BANDWIDTH = (0.5e9, 5e12)     # bytes/s
PLAUSIBLE_COMPUTE = (0.5e9, 1e15)       # operations/s
MAX_SPREAD = 2.0                        # best ÷ worst repeat beyond this: the machine was busy

_lock = threading.Lock()


class ProbeDiscarded(Exception):
    """The measurement was interrupted or implausible; the message says why."""


def probe_machine(threads: int | None = None, *, buffer_bytes: int = BUFFER_BYTES) -> MachineProfile:
    """Measure bandwidth and arithmetic on ``threads`` cores (default: the performance cores).

    Raises:
        ProbeDiscarded: the figures are implausible or the repeats disagree (a busy machine).
    """
    import numpy as np

    threads = threads or performance_cores()
    buffer = np.ones(max(buffer_bytes // 4, threads * 1024), dtype=np.float32)
    parts = np.array_split(buffer, threads)
    with ThreadPoolExecutor(threads) as pool:
        def read_all() -> float:
            started = time.perf_counter()
            list(pool.map(lambda part: float(part.dot(part)), parts))
            return time.perf_counter() - started

        read_all()  # touch the pages once
        reads = [read_all() for _ in range(5)]
    matrix = np.random.default_rng(1).random((1024, 1024), dtype=np.float32)
    matrix @ matrix
    multiplies = []
    for _ in range(5):
        started = time.perf_counter()
        matrix @ matrix
        multiplies.append(time.perf_counter() - started)
    bandwidth = buffer.nbytes / min(reads)
    compute = 2 * 1024**3 / min(multiplies)
    _check(bandwidth, PLAUSIBLE_BANDWIDTH, reads, "memory bandwidth", "B/s")
    _check(compute, PLAUSIBLE_COMPUTE, multiplies, "arithmetic rate", "FLOPS")
    gpu = gpu_name()
    return MachineProfile(bandwidth=bandwidth, compute=compute, threads=threads, measured_at=time.time(),
                          gpu_name=gpu, gpu_bandwidth=gpu_bandwidth_for(gpu) if gpu else 0.0)


def _check(value: float, plausible: tuple[float, float], repeats: list[float], what: str, unit: str) -> None:
    if not plausible[0] <= value <= plausible[1]:
        raise ProbeDiscarded(f"the measured {what} ({value:.3g} {unit}) is implausible")
    if max(repeats) > MAX_SPREAD * min(repeats):
        raise ProbeDiscarded(f"the {what} varied too much between repeats (the computer was busy)")


def gpu_name() -> str:
    """The GPU the speed estimate assumes: Apple's chip name on Apple Silicon, else the first
    discrete GPU llama.cpp reports; "" for none."""
    if sys.platform == "darwin" and platform.machine() == "arm64":
        try:
            out = subprocess.run(["sysctl", "-n", "machdep.cpu.brand_string"], capture_output=True, text=True,
                                 timeout=2, check=False)
            return out.stdout.strip() or "Apple Silicon"
        except (OSError, subprocess.SubprocessError):
            return "Apple Silicon"
    try:
        from model_store.devices import gpu_devices
    except ImportError:
        return ""
    try:
        devices = gpu_devices()
    except Exception:  # noqa: BLE001 - a driver problem means "no GPU" here, never a crash
        return ""
    return next((d.description or d.name for d in devices if d.total_bytes), "")


def read_profile(folder: Path) -> MachineProfile | None:
    """The cached profile, or None when missing, unreadable, or made on another machine."""
    try:
        data = json.loads((Path(folder) / PROFILE_FILE).read_text(encoding="utf-8"))
        if data.pop("version", None) != PROFILE_VERSION or data.pop("cores", None) != performance_cores():
            return None
        profile = MachineProfile(**data)
    except (OSError, ValueError, TypeError, AttributeError):
        return None
    numbers = (profile.bandwidth, profile.compute, profile.measured_at, profile.gpu_bandwidth)
    # A damaged or hand-edited file may hold anything; estimates divide by these figures.
    if not all(isinstance(n, (int, float)) and not isinstance(n, bool) for n in numbers) \
            or not isinstance(profile.threads, int) or not isinstance(profile.gpu_name, str):
        return None
    if not (PLAUSIBLE_BANDWIDTH[0] <= profile.bandwidth <= PLAUSIBLE_BANDWIDTH[1]
            and PLAUSIBLE_COMPUTE[0] <= profile.compute <= PLAUSIBLE_COMPUTE[1]):
        return None
    return profile


def write_profile(folder: Path, profile: MachineProfile) -> None:
    data = {"version": PROFILE_VERSION, "cores": performance_cores(), **asdict(profile)}
    try:
        write_atomic(Path(folder) / PROFILE_FILE, json.dumps(data, indent=1).encode("utf-8"))
    except OSError as exc:
        log.warning("could not save the machine's measured speed: %s", exc)


def machine_profile(folder: Path, *, measure: bool = True, refresh: bool = False) -> MachineProfile:
    """This machine's profile: cached, else measured now (``measure``), else :data:`DEFAULT_PROFILE`.

    ``refresh`` measures again even when cached. A discarded probe is logged and the cached (or
    default) profile is returned; nothing is cached from it. Thread-safe: one probe at a time.
    """
    with _lock:
        cached = None if refresh else read_profile(folder)
        if cached is not None or not measure:
            return cached or _default()
        try:
            profile = probe_machine()
        except ProbeDiscarded as exc:
            log.info("speed probe discarded: %s", exc)
            return read_profile(folder) or _default()
        except (MemoryError, OSError, ImportError) as exc:
            log.warning("speed probe failed: %s", exc)
            return read_profile(folder) or _default()
        write_profile(folder, profile)
        return profile


def _default() -> MachineProfile:
    gpu = gpu_name()
    return replace(DEFAULT_PROFILE, threads=performance_cores(), gpu_name=gpu,
                   gpu_bandwidth=gpu_bandwidth_for(gpu) if gpu else 0.0)
