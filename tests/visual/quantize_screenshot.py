"""Screenshot of the Quantize dialog and the Quantize tab on the starter model.

    xvfb-run -a python -m tests.visual.quantize_screenshot docs/
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
    os.environ["HEARTH_HOME"] = tempfile.mkdtemp(prefix="hearth-quantize-shot-")
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
    window.show_tab("library")
    starter = next(m for m in bridge.models() if m.source == "starter")
    window.open_quantize(starter)
    _pump(app, 1.5)
    dialog = window._quantize_dialog if hasattr(window, "_quantize_dialog") else None
    dialogs = [w for w in app.topLevelWidgets() if w.isVisible() and w is not window]
    (dialog or dialogs[0]).grab().save(str(out / "quantize-dialog.png"))
    bridge.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
