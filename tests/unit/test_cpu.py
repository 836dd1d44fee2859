"""Which cores llama.cpp should use: performance cores from a fake sysfs, macOS's sysctl, and
the generation threads that leave a core for the window."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from model_store import cpu
from model_store.cpu import _cpu_list, generation_threads, linux_performance_cores, performance_cores


@pytest.fixture(autouse=True)
def fresh_cache():
    """``performance_cores`` is cached for the process; each test starts and ends without it."""
    performance_cores.cache_clear()
    yield
    performance_cores.cache_clear()


def make_sysfs(root: Path, cores: dict[int, tuple[int, int]], hybrid: str | None = None) -> tuple[Path, Path]:
    """A ``/sys/devices/system/cpu`` tree: ``cores`` maps a CPU number to (package, core id).

    Returns the tree and the (perhaps absent) ``cpu_core/cpus`` file.
    """
    sys_cpu = root / "system" / "cpu"
    for number, (package, core) in cores.items():
        topology = sys_cpu / f"cpu{number}" / "topology"
        topology.mkdir(parents=True)
        (topology / "physical_package_id").write_text(f"{package}\n")
        (topology / "core_id").write_text(f"{core}\n")
    # Entries sysfs has beside the CPUs, which are not CPUs.
    for other in ("cpufreq", "cpuidle", "smt", "vulnerabilities"):
        (sys_cpu / other).mkdir(parents=True, exist_ok=True)
    (sys_cpu / "online").write_text("0-%d\n" % max(cores, default=0))
    hybrid_file = root / "cpu_core" / "cpus"
    if hybrid is not None:
        hybrid_file.parent.mkdir(parents=True)
        hybrid_file.write_text(hybrid + "\n")
    return sys_cpu, hybrid_file


# -- linux_performance_cores ----------------------------------------------------------------------

def test_hyper_threaded_siblings_count_once(tmp_path):
    # 4 cores × 2 threads, numbered as Linux does: siblings are n and n+4.
    sys_cpu, hybrid = make_sysfs(tmp_path, {n: (0, n % 4) for n in range(8)})
    assert linux_performance_cores(sys_cpu, hybrid, None) == 4


def test_without_hyper_threading_every_cpu_is_a_core(tmp_path):
    sys_cpu, hybrid = make_sysfs(tmp_path, {n: (0, n) for n in range(6)})
    assert linux_performance_cores(sys_cpu, hybrid, None) == 6


def test_the_same_core_id_on_two_packages_is_two_cores(tmp_path):
    # Two sockets number their cores from 0 each.
    sys_cpu, hybrid = make_sysfs(tmp_path, {0: (0, 0), 1: (0, 1), 2: (1, 0), 3: (1, 1)})
    assert linux_performance_cores(sys_cpu, hybrid, None) == 4


def test_a_hybrid_intel_cpu_counts_only_its_performance_cores(tmp_path):
    # 4 P-cores with hyper-threads (cpu0-7, siblings 2k and 2k+1), then 8 E-cores (cpu8-15).
    cores = {n: (0, n // 2) for n in range(8)} | {n: (0, 8 + n) for n in range(8, 16)}
    sys_cpu, hybrid = make_sysfs(tmp_path, cores, hybrid="0-7")
    assert linux_performance_cores(sys_cpu, hybrid, None) == 4
    # The same machine without the hybrid file would count every physical core.
    hybrid.unlink()
    assert linux_performance_cores(sys_cpu, hybrid, None) == 12


def test_affinity_limits_the_count(tmp_path):
    sys_cpu, hybrid = make_sysfs(tmp_path, {n: (0, n % 4) for n in range(8)})
    assert linux_performance_cores(sys_cpu, hybrid, {0, 1}) == 2
    assert linux_performance_cores(sys_cpu, hybrid, {0, 4}) == 1        # two threads of one core
    assert linux_performance_cores(sys_cpu, hybrid, {0, 1, 2, 3, 4, 5, 6, 7}) == 4
    assert linux_performance_cores(sys_cpu, hybrid, set()) == 0


def test_affinity_and_hybrid_together(tmp_path):
    cores = {n: (0, n // 2) for n in range(8)} | {n: (0, 8 + n) for n in range(8, 16)}
    sys_cpu, hybrid = make_sysfs(tmp_path, cores, hybrid="0-7")
    # Allowed: one P-core's two threads and four E-cores: only the P-core counts.
    assert linux_performance_cores(sys_cpu, hybrid, {0, 1, 8, 9, 10, 11}) == 1


def test_missing_or_unreadable_topology_counts_nothing(tmp_path):
    assert linux_performance_cores(tmp_path / "nowhere", tmp_path / "no-hybrid", None) == 0
    sys_cpu = tmp_path / "cpu"
    for n in range(4):
        (sys_cpu / f"cpu{n}").mkdir(parents=True)       # no topology folder (e.g. a restricted container)
    assert linux_performance_cores(sys_cpu, tmp_path / "no-hybrid", None) == 0


def test_a_cpu_without_topology_is_skipped_and_the_others_count(tmp_path):
    sys_cpu, hybrid = make_sysfs(tmp_path, {0: (0, 0), 1: (0, 1)})
    (sys_cpu / "cpu2").mkdir()
    (sys_cpu / "cpu1" / "topology" / "core_id").unlink()
    assert linux_performance_cores(sys_cpu, hybrid, None) == 1


def test_an_unreadable_hybrid_list_counts_every_core(tmp_path):
    sys_cpu, hybrid = make_sysfs(tmp_path, {n: (0, n) for n in range(4)})
    hybrid.mkdir(parents=True)                           # exists, but is not a readable file
    assert linux_performance_cores(sys_cpu, hybrid, None) == 4


def test_cpu_numbers_sort_numerically_not_by_name(tmp_path):
    # cpu10 sorts before cpu2 by name; the count must not depend on it.
    sys_cpu, hybrid = make_sysfs(tmp_path, {n: (0, n) for n in range(12)}, hybrid="2,10-11")
    assert linux_performance_cores(sys_cpu, hybrid, None) == 3


# -- _cpu_list ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("0-3,8,10-11", {0, 1, 2, 3, 8, 10, 11}),
    ("0-7,16-23", set(range(8)) | set(range(16, 24))),
    ("5", {5}),
    ("0-0", {0}),
    ("", set()),
])
def test_cpu_list_parsing(tmp_path, text, expected):
    path = tmp_path / "cpus"
    path.write_text(text + "\n")
    assert _cpu_list(path) == expected


@pytest.mark.parametrize("text", ["0-x", "a", "1,,b", "2-y,4"])
def test_a_malformed_cpu_list_is_unknown(tmp_path, text):
    path = tmp_path / "cpus"
    path.write_text(text)
    assert _cpu_list(path) is None


def test_a_missing_cpu_list_is_unknown(tmp_path):
    assert _cpu_list(tmp_path / "absent") is None


# -- performance_cores ----------------------------------------------------------------------------

def test_performance_cores_on_this_computer_are_usable():
    count = performance_cores()
    assert 1 <= count <= cpu.usable_cpus()


def test_performance_cores_is_cached(monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    calls = []
    monkeypatch.setattr(cpu, "linux_performance_cores", lambda *a: calls.append(a) or 1)
    assert performance_cores() == performance_cores() == 1
    assert len(calls) == 1


def test_linux_reads_the_fake_sysfs_through_performance_cores(monkeypatch, tmp_path):
    sys_cpu, hybrid = make_sysfs(tmp_path, {n: (0, n // 2) for n in range(4)} | {4: (0, 10), 5: (0, 11)},
                                 hybrid="0-3")
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(cpu, "_SYS_CPU", sys_cpu)
    monkeypatch.setattr(cpu, "_HYBRID_CORES", hybrid)
    monkeypatch.setattr(cpu, "_affinity", lambda: None)
    monkeypatch.setattr(cpu, "usable_cpus", lambda: 6)
    assert performance_cores() == 2


@pytest.mark.parametrize("counted, usable, expected", [
    (4, 16, 4),      # the cores found
    (64, 6, 6),      # never more than this process may use
    (0, 3, 3),       # unknown: every usable CPU
])
def test_performance_cores_are_capped_by_usable_cpus(monkeypatch, counted, usable, expected):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(cpu, "linux_performance_cores", lambda *a: counted)
    monkeypatch.setattr(cpu, "usable_cpus", lambda: usable)
    assert performance_cores() == expected


def test_macos_asks_sysctl_for_performance_cores(monkeypatch):
    asked: list[str] = []

    def sysctl(name: str) -> int:
        asked.append(name)
        return {"hw.perflevel0.physicalcpu": 8, "hw.physicalcpu": 12}.get(name, 0)

    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setattr(cpu, "_sysctl_int", sysctl)
    monkeypatch.setattr(cpu, "usable_cpus", lambda: 12)
    monkeypatch.setattr(cpu, "linux_performance_cores", lambda *a: pytest.fail("sysfs read on macOS"))
    assert performance_cores() == 8
    assert asked == ["hw.perflevel0.physicalcpu"]


def test_an_intel_mac_falls_back_to_physical_cores(monkeypatch):
    asked: list[str] = []

    def sysctl(name: str) -> int:
        asked.append(name)
        return 6 if name == "hw.physicalcpu" else 0     # no performance levels on an Intel Mac

    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setattr(cpu, "_sysctl_int", sysctl)
    monkeypatch.setattr(cpu, "usable_cpus", lambda: 12)
    assert performance_cores() == 6
    assert asked == ["hw.perflevel0.physicalcpu", "hw.physicalcpu"]


def test_macos_without_sysctl_uses_the_usable_cpus(monkeypatch):
    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setattr(cpu, "_sysctl_int", lambda name: 0)
    monkeypatch.setattr(cpu, "usable_cpus", lambda: 5)
    assert performance_cores() == 5


def test_windows_uses_logical_processors(monkeypatch):
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(cpu, "linux_performance_cores", lambda *a: pytest.fail("sysfs read on Windows"))
    monkeypatch.setattr(cpu, "usable_cpus", lambda: 16)
    assert performance_cores() == 16


def test_sysctl_int_reads_a_number_and_is_zero_otherwise(monkeypatch):
    def fake_run(stdout: str, returncode: int = 0):
        return lambda *a, **k: subprocess.CompletedProcess(a[0], returncode, stdout=stdout, stderr="")

    monkeypatch.setattr(cpu.subprocess, "run", fake_run("10\n"))
    assert cpu._sysctl_int("hw.physicalcpu") == 10
    monkeypatch.setattr(cpu.subprocess, "run", fake_run("", returncode=1))
    assert cpu._sysctl_int("hw.perflevel0.physicalcpu") == 0
    monkeypatch.setattr(cpu.subprocess, "run", fake_run("unknown oid\n"))
    assert cpu._sysctl_int("hw.physicalcpu") == 0

    def missing(*a, **k):
        raise FileNotFoundError("sysctl")

    monkeypatch.setattr(cpu.subprocess, "run", missing)
    assert cpu._sysctl_int("hw.physicalcpu") == 0


# -- usable_cpus and generation_threads -----------------------------------------------------------

def test_usable_cpus_follows_the_affinity(monkeypatch):
    monkeypatch.setattr(cpu.os, "sched_getaffinity", lambda pid: {0, 3, 5}, raising=False)
    assert cpu.usable_cpus() == 3


def test_usable_cpus_without_affinity_uses_the_cpu_count(monkeypatch):
    def no_affinity(pid):
        raise OSError("not supported")

    monkeypatch.setattr(cpu.os, "sched_getaffinity", no_affinity, raising=False)
    monkeypatch.setattr(cpu.os, "cpu_count", lambda: 7)
    assert cpu.usable_cpus() == 7
    monkeypatch.setattr(cpu.os, "cpu_count", lambda: None)
    assert cpu.usable_cpus() == 1


@pytest.mark.parametrize("usable, threads", [(1, 1), (2, 1), (4, 3), (8, 7), (9, 8), (64, 8)])
def test_generation_threads_leave_a_core_and_stop_at_eight(monkeypatch, usable, threads):
    monkeypatch.setattr(cpu, "usable_cpus", lambda: usable)
    assert generation_threads() == threads


def test_generation_threads_on_this_computer():
    assert 1 <= generation_threads() <= min(8, cpu.usable_cpus())
