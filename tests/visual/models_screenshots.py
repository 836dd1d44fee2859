"""Screenshots of the Models window (Discover, Downloads, Library) against a loopback Hub stand-in.

    xvfb-run -a python -m tests.visual.models_screenshots docs/
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path


def _pump(app, seconds: float, until=None) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end and not (until and until()):
        app.processEvents()
        time.sleep(0.01)


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs")
    os.environ["HEARTH_HOME"] = tempfile.mkdtemp(prefix="hearth-models-shot-")
    os.environ["HF_HOME"] = tempfile.mkdtemp(prefix="hearth-hf-")
    from tests.hub_standin import HubStandIn
    from model_store.starter import starter_model_path

    starter = starter_model_path()
    sizes = Path(tempfile.mkdtemp(prefix="hearth-models-sizes-"))
    q8, f16 = sizes / "q8_0.gguf", sizes / "f16.gguf"
    for path, size in ((q8, 144_811_072), (f16, 270_885_952)):  # the real files' sizes (sparse)
        with open(path, "wb") as fh:
            fh.write(b"GGUF")
            fh.truncate(size)
    repos = {
        "HuggingFaceTB/SmolLM2-135M-Instruct-GGUF": {
            "smollm2-135m-instruct-q4_1.gguf": starter, "smollm2-135m-instruct-q8_0.gguf": q8,
            "smollm2-135m-instruct-f16.gguf": f16},
        "bartowski/Llama-3.2-1B-Instruct-GGUF": {"Llama-3.2-1B-Instruct-Q4_K_M.gguf": b"GGUF" + b"\0" * 4000},
        "Qwen/Qwen2.5-0.5B-Instruct-GGUF": {"qwen2.5-0.5b-instruct-q4_k_m.gguf": b"GGUF" + b"\0" * 4000},
    }
    with HubStandIn(repos, gated={"bartowski/Llama-3.2-1B-Instruct-GGUF"}) as hub:
        hub.throttle_bps = 4_000_000
        os.environ["HF_ENDPOINT"] = hub.endpoint
        from PySide6.QtWidgets import QApplication

        from app.model_bridge import ModelStoreBridge
        from app.ui.models_window import ModelsWindow
        from app.ui.theme import apply_palette

        app = QApplication.instance() or QApplication(sys.argv)
        apply_palette(app, False)
        bridge = ModelStoreBridge.create()
        window = ModelsWindow(bridge)
        window.resize(1000, 640)
        window.show()
        tab = window.discover
        tab.search_box.setText("instruct")
        tab.search_now()
        _pump(app, 5, lambda: tab.repo_ids())
        tab.select_repo("HuggingFaceTB/SmolLM2-135M-Instruct-GGUF")
        _pump(app, 3)
        window.grab().save(str(out / "models-discover.png"))
        tab.download_buttons()["smollm2-135m-instruct-q4_1.gguf"].click()
        window.show_tab("downloads")
        _pump(app, 4)
        window.grab().save(str(out / "models-downloads.png"))
        _pump(app, 60, lambda: any(j.state == "done" for j in bridge.jobs()))
        window.show_tab("library")
        _pump(app, 1)
        window.library.select(next(m.id for m in bridge.models() if m.source == "download"))
        _pump(app, 1)
        window.grab().save(str(out / "models-library.png"))
        bridge.shutdown()
    print("saved", out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
