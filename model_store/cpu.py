"""The processor's cores as llama.cpp should use them: performance cores, not efficiency cores.

Reading a prompt is compute-bound and scales with every fast core (measured here: a 512-token
prompt at 189 tok/s on one thread, 331 on two), while efficiency cores would hold the fast
ones back at each step's barrier. So prompt evaluation uses :func:`performance_cores`, and
generation keeps its tuned default (a core is left for the window).

Per platform:

- macOS: ``sysctl hw.perflevel0.physicalcpu`` (Apple Silicon and hybrid Macs), else
  ``hw.physicalcpu``.
- Linux: a hybrid Intel CPU lists its performance cores in ``/sys/devices/cpu_core/cpus``;
  otherwise physical cores (distinct core ids) from ``/sys/devices/system/cpu/*/topology``;
  never more than the CPUs this process may run on (its affinity, e.g. a container's quota).
- Windows: ``GetLogicalProcessorInformationEx`` would tell core classes apart; physical cores
  are not exposed to Python without it, so logical processors are used.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from pathlib import Path

_SYS_CPU = Path("/sys/devices/system/cpu")
_HYBRID_CORES = Path("/sys/devices/cpu_core/cpus")


def usable_cpus() -> int:
    """Logical CPUs this process may run on (affinity-aware); at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


@functools.cache
def performance_cores() -> int:
    """Physical performance cores this process can use; at least 1."""
    if sys.platform == "darwin":
        count = _sysctl_int("hw.perflevel0.physicalcpu") or _sysctl_int("hw.physicalcpu")
    elif sys.platform.startswith("linux"):
        count = linux_performance_cores(_SYS_CPU, _HYBRID_CORES, _affinity())
    else:
        count = 0
    usable = usable_cpus()
    return max(1, min(count, usable) if count else usable)


def generation_threads() -> int:
    """Threads for generating an answer: every core but one (the window's), at most 8.

    Generation is bound by memory bandwidth, which a few threads already saturate; more
    threads only contend with the window.
    """
    return max(1, min(usable_cpus() - 1, 8))


def linux_performance_cores(sys_cpu: Path, hybrid: Path, allowed: set[int] | None) -> int:
    """Count performance cores from Linux's sysfs (``sys_cpu``: ``/sys/devices/system/cpu``).

    Hyper-threads of one core count once; on a hybrid Intel CPU only ``cpu_core`` CPUs count.
    ``allowed`` limits the count to the CPUs this process may use (None: all). 0 if unknown.
    """
    cpus = _cpu_list(hybrid) if hybrid.exists() else None
    seen: set[tuple[str, str]] = set()
    try:
        entries = sorted(sys_cpu.glob("cpu[0-9]*"))
    except OSError:
        return 0
    for entry in entries:
        number = int(entry.name[3:])
        if (cpus is not None and number not in cpus) or (allowed is not None and number not in allowed):
            continue
        try:
            package = (entry / "topology" / "physical_package_id").read_text().strip()
            core = (entry / "topology" / "core_id").read_text().strip()
        except OSError:
            continue
        seen.add((package, core))
    return len(seen)


def _cpu_list(path: Path) -> set[int] | None:
    """Parse a sysfs CPU list such as ``0-7,16-23``; None when unreadable."""
    try:
        text = path.read_text().strip()
    except OSError:
        return None
    cpus: set[int] = set()
    for part in filter(None, text.split(",")):
        first, _, last = part.partition("-")
        try:
            cpus.update(range(int(first), int(last or first) + 1))
        except ValueError:
            return None
    return cpus


def _affinity() -> set[int] | None:
    try:
        return set(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return None


def _sysctl_int(name: str) -> int:
    try:
        out = subprocess.run(["sysctl", "-n", name], capture_output=True, text=True, timeout=2, check=False)
        return int(out.stdout.strip()) if out.returncode == 0 else 0
    except (OSError, ValueError, subprocess.SubprocessError):
        return 0
