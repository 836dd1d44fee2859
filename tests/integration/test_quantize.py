"""Local quantization on real files: F16 → Q8_0 / Q4_K_M through the child process.

The F16 source is built once per session (``conftest.f16_model_path``); each type is quantized
once per module into its own Library (``Registry(root=…)``) and the results are checked from
several sides: progress, provenance, the size estimate, byte equality with a direct
``llama_model_quantize`` call, and that the file loads and answers. Cancel, failure, requantize
and the CLI run separately.
"""

from __future__ import annotations

import argparse
import dataclasses
import filecmp
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from app.engine.llama import LlamaEngine
from app.engine.params import LoadParams, SamplingParams
from app.engine.types import ChatMessage
from model_store.errors import QuantizeCancelled, QuantizeError
from model_store.quantize import QUANT_TYPES, plan_quantize, run_quantize, temp_path
from model_store.quantize_queue import QuantizeQueue
from model_store.registry import Registry
from tests.ctrl_c import popen_with_ctrl_c

pytestmark = [pytest.mark.slow, pytest.mark.model]

TYPES = ("Q8_0", "Q4_K_M")
DIRECT = """
import ctypes, sys, llama_cpp
params = llama_cpp.llama_model_quantize_default_params()
params.ftype = int(sys.argv[3])
params.allow_requantize = sys.argv[4] == "1"
sys.exit(llama_cpp.llama_model_quantize(sys.argv[1].encode(), sys.argv[2].encode(), ctypes.byref(params)))
"""


@pytest.fixture(scope="module")
def library(tmp_path_factory, f16_model_path):
    """A Library with the F16 model linked in, and each of TYPES quantized from it once."""
    registry = Registry(tmp_path_factory.mktemp("models"))
    source = registry.import_file(f16_model_path, link=True)
    results = {}
    for qtype in TYPES:
        plan = plan_quantize(registry, source, qtype)
        progress = []
        model = run_quantize(plan, on_progress=progress.append, registry=registry)
        results[qtype] = (plan, model, progress)
    return registry, source, results


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.is_file() and p.name not in ("manifest.json", "manifest.lock"))


@pytest.mark.parametrize("qtype", TYPES)
def test_progress_reaches_one_in_tensor_order(library, qtype):
    _registry, _source, results = library
    progress = results[qtype][2]
    fractions = [p.fraction for p in progress]
    tensors = [p.tensor for p in progress]
    assert len(progress) >= 10
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and fractions[0] < 0.1
    assert tensors == sorted(set(tensors)) and tensors[-1] == progress[-1].n_tensors == 272
    assert {p.n_tensors for p in progress} == {272}
    assert progress[-1].name.startswith("blk.29.")


@pytest.mark.parametrize("qtype", TYPES)
def test_result_registered_with_provenance(library, qtype):
    registry, source, results = library
    plan, model, _ = results[qtype]
    assert model.path == plan.dest == registry.root / f"SmolLM2-135M-Instruct-{qtype}.gguf"
    assert model.owned and model.info.quant_type == qtype
    assert registry.get(model.id) == model
    prov = registry.get(model.id).provenance
    assert prov["quantized_from"] == {"id": source.id, "name": source.name, "sha256": source.sha256,
                                      "quant_type": "F16"}
    assert prov["quant_type"] == qtype and prov["llama_cpp_version"]
    assert prov["quantized_at"].endswith("Z") and prov["quantized_at"][:4].isdigit()
    assert not temp_path(plan.dest).exists()


@pytest.mark.parametrize("qtype", TYPES)
def test_estimate_within_three_percent(library, qtype):
    plan, model, _ = library[2][qtype]
    real = model.path.stat().st_size
    assert abs(plan.estimated_bytes - real) <= 0.03 * real


@pytest.mark.parametrize("qtype", TYPES)
def test_identical_to_direct_llama_cpp_call(library, qtype, tmp_path, f16_model_path):
    model = library[2][qtype][1]
    out = tmp_path / "direct.gguf"
    subprocess.run([sys.executable, "-c", DIRECT, str(f16_model_path), str(out), str(QUANT_TYPES[qtype].ftype), "0"],
                   check=True, capture_output=True, timeout=120)
    assert filecmp.cmp(out, model.path, shallow=False)


@pytest.mark.parametrize("qtype", TYPES)
def test_quantized_model_answers(library, qtype):
    model = library[2][qtype][1]
    engine = LlamaEngine()
    engine.load(LoadParams(model_path=str(model.path), n_ctx=512))
    pieces: list[str] = []
    try:
        engine.generate([ChatMessage("user", "Hi")], SamplingParams(temperature=0, max_tokens=8), pieces.append)
    finally:
        engine.unload()
    assert "".join(pieces).strip()


def test_cancel_halfway_leaves_nothing(f16_model_path):
    registry = Registry()
    source = registry.import_file(f16_model_path, link=True)
    plan = plan_quantize(registry, source, "Q4_K_M")
    cancel = threading.Event()
    seen = []

    def progress(p):
        seen.append(p.fraction)
        if p.fraction >= 0.5:
            cancel.set()

    started = time.monotonic()
    with pytest.raises(QuantizeCancelled, match="nothing was written"):
        run_quantize(plan, on_progress=progress, cancel=cancel, registry=registry)
    assert time.monotonic() - started < 30
    assert 0.5 <= max(seen) < 1.0
    assert _files(registry.root) == []
    assert [m.name for m in registry.models() if m.source != "starter"] == [source.name]


def test_requantize_starter_with_allow(tmp_path):
    registry = Registry()
    starter = next(m for m in registry.models() if m.source == "starter")
    with pytest.raises(QuantizeError, match="already quantized"):
        plan_quantize(registry, starter, "Q8_0")
    plan = plan_quantize(registry, starter, "Q8_0", allow_requantize=True)
    assert "worse" in plan.warning
    model = run_quantize(plan, registry=registry)
    assert model.info.quant_type == "Q8_0" and model.path.name == "SmolLM2-135M-Instruct-Q8_0.gguf"
    assert model.provenance["quantized_from"]["quant_type"] == "Q4_1"
    assert model.provenance["warning"] == plan.warning
    assert abs(plan.estimated_bytes - model.size) <= 0.03 * model.size


def test_failed_child_reports_llama_cpp_error():
    registry = Registry()
    starter = next(m for m in registry.models() if m.source == "starter")
    plan = dataclasses.replace(plan_quantize(registry, starter, "Q8_0", allow_requantize=True), allow_requantize=False)
    with pytest.raises(QuantizeError) as caught:
        run_quantize(plan, registry=registry)
    assert "already quantized" in str(caught.value)
    assert "requantizing from type q4_1 is disabled" in caught.value.detail
    assert _files(registry.root) == []
    assert [m.source for m in registry.models()] == ["starter"]


def test_queue_runs_one_at_a_time_and_cancels_queued(f16_model_path):
    registry = Registry()
    source = registry.import_file(f16_model_path, link=True)
    states: list[tuple[str, str]] = []
    queue = QuantizeQueue(registry, on_state=lambda job: states.append((job.plan.qtype, job.state)))
    first = queue.add(plan_quantize(registry, source, "Q4_0"))
    second = queue.add(plan_quantize(registry, source, "Q8_0"))
    queue.cancel(second.id)
    deadline = time.monotonic() + 60
    while first.state not in ("done", "failed", "cancelled") and time.monotonic() < deadline:
        time.sleep(0.05)
    queue.close()
    assert first.state == "done", first.error
    assert first.fraction == 1.0 and first.tensor == first.n_tensors == 272
    assert second.state == "cancelled"
    assert [s for t, s in states if t == "Q4_0"] == ["queued", "running", "done"]
    assert [s for t, s in states if t == "Q8_0"] == ["queued", "cancelled"]
    assert _files(registry.root) == ["SmolLM2-135M-Instruct-Q4_0.gguf"]


def test_cli_quantize_in_process(f16_model_path, capsys):
    from app.cli_quantize import run_quantize_command

    Registry().import_file(f16_model_path, link=True)
    args = argparse.Namespace(name="SmolLM2-135M-Instruct-F16", type="q4_0", allow_requantize=False, output="tiny q4")
    assert run_quantize_command(args) == 0
    out, err = capsys.readouterr()
    assert "Ready: tiny q4" in out and "100.0%" in err and "tensor 272/272" in err
    assert Registry().get("tiny q4").info.quant_type == "Q4_0"


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="finds the quantizer process through Linux's /proc")
def test_cli_ctrl_c_cancels_cleanly(f16_model_path, hearth_home):
    registry = Registry()
    registry.import_file(f16_model_path, link=True)
    script = ("import argparse, sys; from app.cli_quantize import run_quantize_command; "
              "sys.exit(run_quantize_command(argparse.Namespace(name='SmolLM2-135M-Instruct-F16', type='Q4_K_M', "
              "allow_requantize=False, output=None)))")
    proc = popen_with_ctrl_c([sys.executable, "-c", script], stderr=subprocess.PIPE, stdout=subprocess.PIPE,
                             cwd=Path(__file__).resolve().parents[2], env=dict(os.environ, HEARTH_HOME=str(hearth_home)))
    seen = b""
    while b"tensor 1/" not in seen:   # the bar is drawn: the child is quantizing
        chunk = proc.stderr.read1(4096)
        assert chunk, seen.decode()
        seen += chunk
    # Hold the quantizer where it is, so the Ctrl+C lands mid-file however fast the machine (the
    # whole file takes ~1.5 s): the CLI must stop it (here: kill it after the grace period).
    quantizer = _children(proc.pid)
    assert len(quantizer) == 1, quantizer
    os.kill(quantizer[0], signal.SIGSTOP)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert "Cancelled; nothing was written." in (seen + err).decode()
    assert _files(registry.root) == []


def _children(pid: int) -> list[int]:
    """The processes ``pid`` started, from any of its threads (Linux's /proc)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found
