"""The built bundle (dist/hearth) starts, opens its window and answers offline with the starter model.

Skipped unless `make bundle` has produced dist/hearth/hearth, so `make test` stays fast. Run it
alone with `pytest -m bundle tests/packaging`. The checks and timings are packaging/bundle_test.py's
(`make bundle-test`), one launch each here.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "dist" / "hearth"


def _load_bundle_test():
    spec = importlib.util.spec_from_file_location("hearth_bundle_test", ROOT / "packaging" / "bundle_test.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


bt = _load_bundle_test()
EXE = bt.executable(BUNDLE)

pytestmark = [
    pytest.mark.bundle,
    pytest.mark.skipif(not EXE.is_file(), reason="no bundle: run `make bundle` first"),
]


@pytest.fixture
def cwd(tmp_path):
    return tmp_path


def test_version(cwd):
    result = bt.run_version([str(EXE)], cwd)
    assert result["rc"] == 0, result["stderr"]
    assert result["stdout"] == f"Hearth {bt.version_of_sources()}"


def test_window_opens_and_stays_up_while_the_model_loads(cwd):
    result = bt.run_gui([str(EXE)], cwd)
    assert result["window_ms"] is not None, result["stderr"]
    assert result["alive_after_settle"], result["stderr"]
    assert "Traceback" not in result["stderr"]
    assert not result["crash_reports"]


def test_chat_answers_offline_with_the_bundled_starter_model(cwd):
    if not (bt.models_dir(BUNDLE) / bt.STARTER_FILE).is_file():
        pytest.skip("bundle built with HEARTH_BUNDLE_NO_MODEL=1")
    result = bt.run_chat([str(EXE)], cwd)
    assert result["rc"] == 0, result["stderr"]
    assert "Paris" in result["answer"]
    assert result["ttft_ms"] is not None, result["stderr"]


def test_llama_cpp_is_a_portable_build():
    result = bt.portability(BUNDLE)
    assert result["libraries"], "llama.cpp's libraries are missing from the bundle"
    assert result["portable"], result
