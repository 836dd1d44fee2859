"""The machine probe and its cache (``hardware.json``), and the app's one door to speed
estimates (:mod:`app.machine_speed`): mixture-of-experts names and the record of real answers."""

from __future__ import annotations

import itertools
import json
import time
from dataclasses import replace
from types import SimpleNamespace

import pytest

from app import machine_speed, paths
from model_store import speed_probe
from model_store.cpu import performance_cores
from model_store.gguf_info import read_gguf_info
from model_store.speed import DEFAULT_PROFILE, MachineProfile, SpeedBook
from model_store.speed_probe import (PLAUSIBLE_BANDWIDTH, PLAUSIBLE_COMPUTE, PROFILE_FILE, ProbeDiscarded, _check,
                                     machine_profile, probe_machine, read_profile, write_profile)
from model_store.starter import starter_model_path

MiB = 1 << 20
GB = 1_000_000_000
STARTER = starter_model_path()
needs_starter = pytest.mark.skipif(STARTER is None, reason="the starter model is not installed")
FIXED = MachineProfile(bandwidth=25e9, compute=150e9, threads=2, measured_at=1_700_000_000.0)


@pytest.fixture(autouse=True)
def no_gpu(monkeypatch):
    """The profile does not depend on this computer's GPU drivers."""
    monkeypatch.setattr(speed_probe, "gpu_name", lambda: "")


@pytest.fixture
def probes(monkeypatch):
    """``probe_machine`` replaced: returns :data:`FIXED` (or raises what ``outcome`` holds); counts calls."""
    state = SimpleNamespace(calls=0, outcome=FIXED)

    def fake_probe(threads=None, **kw):
        state.calls += 1
        if isinstance(state.outcome, BaseException):
            raise state.outcome
        return state.outcome

    monkeypatch.setattr(speed_probe, "probe_machine", fake_probe)
    return state


def fake_clock(monkeypatch, reads: list[float], multiplies: list[float]) -> None:
    """Make the probe's stopwatch see these durations: the first read touches the pages, then
    five timed reads, then five timed multiplies."""
    durations = iter(reads + multiplies)
    now = itertools.count()
    ticks: list[float] = []

    def perf_counter() -> float:
        if not ticks:
            start = float(next(now)) * 1000
            ticks.append(start + next(durations))
            return start
        return ticks.pop()

    monkeypatch.setattr(speed_probe, "time", SimpleNamespace(perf_counter=perf_counter, time=time.time))


# -- probe_machine --------------------------------------------------------------------------------

def test_a_real_probe_gives_a_plausible_profile(monkeypatch):
    # Another program may be busy on this computer: the spread check has its own tests.
    monkeypatch.setattr(speed_probe, "MAX_SPREAD", float("inf"))
    before = time.time()
    profile = probe_machine(buffer_bytes=16 * MiB)
    assert PLAUSIBLE_BANDWIDTH[0] <= profile.bandwidth <= PLAUSIBLE_BANDWIDTH[1]
    assert PLAUSIBLE_COMPUTE[0] <= profile.compute <= PLAUSIBLE_COMPUTE[1]
    assert profile.threads == performance_cores()
    assert profile.measured and before <= profile.measured_at <= time.time()
    assert profile.gpu_name == "" and profile.gpu_bandwidth == 0
    assert "GB/s" in profile.describe() and "not measured yet" not in profile.describe()


def test_the_probe_computes_rates_from_the_best_repeat(monkeypatch):
    fake_clock(monkeypatch, reads=[0.5, 0.010, 0.008, 0.009, 0.010, 0.012],
               multiplies=[0.02, 0.025, 0.03, 0.02, 0.022])
    profile = probe_machine(2, buffer_bytes=16 * MiB)
    assert profile.bandwidth == pytest.approx(16 * MiB / 0.008)   # the slow first touch does not count
    assert profile.compute == pytest.approx(2 * 1024**3 / 0.02)
    assert profile.threads == 2 and profile.measured


def test_repeats_that_disagree_discard_the_probe(monkeypatch):
    fake_clock(monkeypatch, reads=[0.01, 0.010, 0.010, 0.035, 0.010, 0.010], multiplies=[0.02] * 5)
    with pytest.raises(ProbeDiscarded, match="memory bandwidth varied too much"):
        probe_machine(2, buffer_bytes=16 * MiB)
    fake_clock(monkeypatch, reads=[0.01] * 6, multiplies=[0.02, 0.02, 0.05, 0.02, 0.02])
    with pytest.raises(ProbeDiscarded, match="arithmetic rate varied too much"):
        probe_machine(2, buffer_bytes=16 * MiB)


def test_implausible_figures_discard_the_probe(monkeypatch):
    fake_clock(monkeypatch, reads=[100.0] * 6, multiplies=[0.02] * 5)   # 16 MiB in 100 s
    with pytest.raises(ProbeDiscarded, match="memory bandwidth .* is implausible"):
        probe_machine(2, buffer_bytes=16 * MiB)
    fake_clock(monkeypatch, reads=[0.01] * 6, multiplies=[1e-9] * 5)    # two exaflops
    with pytest.raises(ProbeDiscarded, match="arithmetic rate .* is implausible"):
        probe_machine(2, buffer_bytes=16 * MiB)


def test_check_of_repeats_and_plausibility():
    _check(20e9, PLAUSIBLE_BANDWIDTH, [1.0, 1.5, 2.0], "memory bandwidth", "B/s")    # within a factor of 2
    with pytest.raises(ProbeDiscarded, match="varied too much between repeats"):
        _check(20e9, PLAUSIBLE_BANDWIDTH, [1.0, 3.0], "memory bandwidth", "B/s")
    with pytest.raises(ProbeDiscarded, match="implausible"):
        _check(1e6, PLAUSIBLE_BANDWIDTH, [1.0, 1.0], "memory bandwidth", "B/s")
    with pytest.raises(ProbeDiscarded, match="implausible"):
        _check(1e16, PLAUSIBLE_COMPUTE, [1.0, 1.0], "arithmetic rate", "FLOPS")


# -- machine_profile and hardware.json ------------------------------------------------------------

def test_the_profile_is_measured_once_and_cached(tmp_path, probes):
    first = machine_profile(tmp_path)
    assert first == FIXED and probes.calls == 1
    data = json.loads((tmp_path / PROFILE_FILE).read_text())
    assert data["version"] == 1 and data["cores"] == performance_cores() and data["bandwidth"] == 25e9
    assert machine_profile(tmp_path) == FIXED and machine_profile(tmp_path, measure=False) == FIXED
    assert probes.calls == 1
    assert read_profile(tmp_path) == FIXED


def test_refresh_measures_again(tmp_path, probes):
    machine_profile(tmp_path)
    probes.outcome = replace(FIXED, bandwidth=40e9, measured_at=1_800_000_000.0)
    fresh = machine_profile(tmp_path, refresh=True)
    assert probes.calls == 2 and fresh.bandwidth == 40e9
    assert read_profile(tmp_path) == fresh and machine_profile(tmp_path) == fresh and probes.calls == 2


def test_without_measuring_the_default_is_returned(tmp_path, probes):
    profile = machine_profile(tmp_path, measure=False)
    assert probes.calls == 0 and not profile.measured
    assert (profile.bandwidth, profile.compute) == (DEFAULT_PROFILE.bandwidth, DEFAULT_PROFILE.compute)
    assert profile.threads == performance_cores()
    assert not (tmp_path / PROFILE_FILE).exists()
    assert "not measured yet" in profile.describe()


def test_a_discarded_probe_is_not_cached(tmp_path, probes):
    probes.outcome = ProbeDiscarded("the computer was busy")
    profile = machine_profile(tmp_path)
    assert probes.calls == 1 and not profile.measured and profile.bandwidth == DEFAULT_PROFILE.bandwidth
    assert not (tmp_path / PROFILE_FILE).exists()
    probes.outcome = FIXED
    assert machine_profile(tmp_path) == FIXED and probes.calls == 2    # the next request measures again


def test_a_discarded_refresh_keeps_the_cached_profile(tmp_path, probes):
    machine_profile(tmp_path)
    probes.outcome = ProbeDiscarded("busy")
    assert machine_profile(tmp_path, refresh=True) == FIXED and probes.calls == 2
    assert read_profile(tmp_path) == FIXED


def test_a_failed_probe_returns_the_default(tmp_path, probes):
    probes.outcome = MemoryError()
    assert not machine_profile(tmp_path).measured and not (tmp_path / PROFILE_FILE).exists()


def test_a_profile_from_another_machine_is_ignored(tmp_path, probes):
    write_profile(tmp_path, replace(FIXED, bandwidth=99e9))
    path = tmp_path / PROFILE_FILE
    data = json.loads(path.read_text())
    data["cores"] = performance_cores() + 7
    path.write_text(json.dumps(data))
    assert read_profile(tmp_path) is None
    assert machine_profile(tmp_path) == FIXED and probes.calls == 1
    assert json.loads(path.read_text())["cores"] == performance_cores()


@pytest.mark.parametrize("text", [
    "{not json",
    "",
    "null",
    "[]",
    '"text"',
    '{"version": 1}',
    '{"version": 2, "cores": %(cores)d, "bandwidth": 2e10, "compute": 1e11}',
    '{"version": 1, "cores": %(cores)d, "bandwidth": "fast", "compute": 1e11}',
    '{"version": 1, "cores": %(cores)d, "bandwidth": 2e10, "compute": "lots"}',
    '{"version": 1, "cores": %(cores)d, "bandwidth": 2e10, "compute": 1e11, "threads": "two"}',
    '{"version": 1, "cores": %(cores)d, "bandwidth": 1e3, "compute": 1e11}',
    '{"version": 1, "cores": %(cores)d, "bandwidth": 2e10, "compute": 0}',
    '{"version": 1, "cores": %(cores)d, "bandwidth": 2e10, "compute": 1e11, "measured_at": "today"}',
    '{"version": 1, "cores": %(cores)d, "bandwidth": 2e10, "compute": 1e11, "colour": "red"}',
])
def test_a_corrupt_profile_is_ignored(tmp_path, probes, text):
    (tmp_path / PROFILE_FILE).write_text(text % {"cores": performance_cores()} if "%(" in text else text)
    assert read_profile(tmp_path) is None
    assert machine_profile(tmp_path, measure=False).measured is False
    assert machine_profile(tmp_path) == FIXED and probes.calls == 1
    assert read_profile(tmp_path) == FIXED


def test_a_valid_hand_written_profile_is_read(tmp_path, probes):
    (tmp_path / PROFILE_FILE).write_text(json.dumps({"version": 1, "cores": performance_cores(),
                                                     "bandwidth": 3e10, "compute": 2e11, "threads": 2,
                                                     "measured_at": 1.5e9}))
    assert read_profile(tmp_path) == MachineProfile(3e10, 2e11, 2, 1.5e9)
    assert machine_profile(tmp_path).bandwidth == 3e10 and probes.calls == 0


# -- app.machine_speed ----------------------------------------------------------------------------

@pytest.fixture
def unprobed(hearth_home):
    """A data folder where the machine has not been measured yet."""
    (hearth_home / PROFILE_FILE).unlink(missing_ok=True)
    return hearth_home


@pytest.mark.parametrize("name, params", [
    ("Qwen3-30B-A3B-Instruct-Q4_K_M.gguf", (30 * GB, 3 * GB)),
    ("Qwen3-235B-A22B-Q2_K.gguf", (235 * GB, 22 * GB)),
    ("ERNIE-4.5-21B-A3B-PT-Q4_K_M.gguf", (21 * GB, 3 * GB)),
    ("Some-16B-A2.5B.gguf", (16 * GB, int(2.5e9))),
    ("Llama-3.2-3B-Instruct-Q4_K_M.gguf", None),
    ("Mixtral-8x7B-Instruct-v0.1.Q4_K_M.gguf", None),
    ("Model-3B-A30B.gguf", None),           # more active than total: not a mixture-of-experts name
])
def test_moe_params(name, params):
    assert machine_speed.moe_params(name) == params
    if params:
        assert all(isinstance(p, int) for p in params)


def test_a_moe_name_is_estimated_much_faster_than_a_dense_one(unprobed, probes):
    moe = machine_speed.for_file(17 * GB, "Qwen3-30B-A3B-Instruct-Q4_K_M.gguf")
    dense = machine_speed.for_file(17 * GB, "Dense-30B-Instruct-Q4_K_M.gguf", 30 * GB)
    assert moe.decode_tok_s > 5 * dense.decode_tok_s
    assert moe.prompt_tok_s > 5 * dense.prompt_tok_s
    assert moe.bytes_per_token < dense.bytes_per_token / 5
    assert probes.calls == 1                               # measured once, then read from hardware.json
    assert (paths.data_dir() / PROFILE_FILE).is_file()


def test_without_measuring_the_estimate_says_so(unprobed, probes):
    speed = machine_speed.for_file(4 * GB, "Model-7B-Q4_K_M.gguf", measure=False)
    assert probes.calls == 0 and not speed.machine_measured
    assert "has not been measured yet" in speed.tooltip()


def record(path, **kw) -> None:
    figures = dict(decode_tok_s=42.0, completion_tokens=40, prompt_tok_s=512.0, prompt_tokens=100) | kw
    machine_speed.record_answer(str(path), **figures)


@needs_starter
def test_a_recorded_answer_becomes_the_files_speed(unprobed, probes):
    machine_speed.profile()                                 # the probe has run (hardware.json exists)
    record(STARTER)
    speeds = paths.data_dir() / "speeds.json"
    assert speeds.is_file()
    runs = json.loads(speeds.read_text())["runs"]
    assert list(runs) == [f"{STARTER.name}|{STARTER.stat().st_size}"]
    info = read_gguf_info(STARTER)
    speed = machine_speed.for_info(info, str(STARTER))
    assert speed.measured and speed.decode_tok_s == 42.0 and speed.prompt_tok_s == 512.0
    assert speed.label() == "30 words/s"
    # A fresh process reads the same record.
    assert SpeedBook(paths.data_dir()).run_of(STARTER.name, info.file_size).decode == [42.0]


@needs_starter
@pytest.mark.parametrize("tokens, prompt_tokens", [(15, 63), (0, 0), (1, 1000)])
def test_short_answers_are_not_recorded(unprobed, probes, tokens, prompt_tokens):
    machine_speed.profile()
    record(STARTER, completion_tokens=tokens, prompt_tokens=prompt_tokens, prompt_tok_s=512.0 if prompt_tokens
           < 64 else 0.0)
    assert not (paths.data_dir() / "speeds.json").exists()
    assert not machine_speed.for_info(read_gguf_info(STARTER), str(STARTER)).measured


@needs_starter
def test_a_long_prompt_with_a_short_answer_records_only_the_prompt(unprobed, probes):
    machine_speed.profile()
    record(STARTER, completion_tokens=15, prompt_tokens=100)
    run = SpeedBook(paths.data_dir()).run_of(STARTER.name, STARTER.stat().st_size)
    assert run.decode == [] and run.prompt == [512.0]
    assert not machine_speed.for_info(read_gguf_info(STARTER), str(STARTER)).measured


@needs_starter
def test_before_the_probe_ran_nothing_is_recorded(unprobed, probes):
    record(STARTER)
    assert probes.calls == 0                               # recording an answer never measures the machine
    assert not (paths.data_dir() / "speeds.json").exists()


def test_an_unreadable_model_file_is_not_recorded(unprobed, probes, tmp_path):
    machine_speed.profile()
    bad = tmp_path / "broken.gguf"
    bad.write_bytes(b"not a gguf at all")
    record(bad)                                             # never raises
    record(tmp_path / "missing.gguf")
    assert not (paths.data_dir() / "speeds.json").exists()


@needs_starter
def test_remeasuring_keeps_the_measured_speed_but_recalibrates(unprobed, probes):
    machine_speed.profile()
    record(STARTER)
    probes.outcome = replace(FIXED, bandwidth=50e9)
    fresh = machine_speed.remeasure()
    assert fresh.bandwidth == 50e9 and probes.calls == 2
    assert machine_speed.book().correction() == (1.0, 1.0)
    assert machine_speed.for_info(read_gguf_info(STARTER), str(STARTER)).decode_tok_s == 42.0
