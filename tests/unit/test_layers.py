"""The house's floors: the model store stands on its own, below the app, without Qt."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_importing_every_model_store_module_loads_no_app_and_no_qt():
    script = ("import importlib, pkgutil, sys, model_store\n"
              "for m in pkgutil.iter_modules(model_store.__path__):\n"
              "    importlib.import_module('model_store.' + m.name)\n"
              "bad = sorted(n for n in sys.modules if n == 'app' or n.startswith(('app.', 'PySide6')))\n"
              "print(','.join(bad))\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""


def test_no_model_store_module_names_app_even_lazily():
    for path in sorted((REPO / "model_store").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "app":
                raise AssertionError(f"{path.name}:{node.lineno} imports {node.module}")
            if isinstance(node, ast.Import) and any(a.name.split(".")[0] == "app" for a in node.names):
                raise AssertionError(f"{path.name}:{node.lineno} imports app")


def test_quantize_and_its_queue_do_not_import_each_other_at_load_time():
    for path, other in (("quantize.py", "quantize_queue"), ("quantize_queue.py", "quantize")):
        tree = ast.parse((REPO / "model_store" / path).read_text(encoding="utf-8"))
        top = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
        names = {n.module for n in top if isinstance(n, ast.ImportFrom)}
        assert f"model_store.{other}" not in names, f"{path} imports {other} at load time"


def test_errors_are_one_family_across_the_floors():
    from app.engine import errors as engine_errors
    from model_store import errors as store_errors

    assert engine_errors.HearthError is store_errors.HearthError
    assert engine_errors.ModelNotFoundError is store_errors.ModelNotFoundError
    assert issubclass(store_errors.RegistryError, engine_errors.HearthError)
