"""Screenshots of the main window, light and dark, answering with the real starter model.

Run under a real X server (``make screenshots`` uses xvfb-run):
    python -m tests.visual.take_screenshots docs/
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path


def _wait(app, predicate, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not reach the expected state")
        app.processEvents()
        time.sleep(0.01)


def shoot(out_dir: Path, theme: str) -> Path:
    from PySide6.QtWidgets import QApplication

    from app import paths
    from app.chat.store import HistoryStore
    from app.engine.params import SamplingParams
    from app.gui import build_window
    from app.settings import AppSettings
    from app.ui.theme import apply_palette

    os.environ["HEARTH_HOME"] = tempfile.mkdtemp(prefix=f"hearth-shot-{theme}-")
    app = QApplication.instance() or QApplication(sys.argv)
    dark = theme == "dark"
    apply_palette(app, dark)
    store = HistoryStore.open_or_recover(paths.history_db())
    window = build_window(store, AppSettings(show_side_panel=True), dark=dark)
    window.resize(1280, 780)
    window.show()
    window.load_initial_model()
    _wait(app, lambda: window.host.model_info is not None)
    session = window.session
    session.set_sampling(SamplingParams(temperature=0, max_tokens=160, seed=7))
    for question in ("What is the capital of France?",
                     "Write a Python function that returns the square of a number."):
        session.send(question)
        _wait(app, lambda: not session.busy)
    for title in ("Packing list for a weekend hike", "Explain recursion simply"):
        conv = store.create_conversation(title=title)
        store.add_message(conv.id, "user", title)
    window.refresh_conversations()
    _wait(app, lambda: True)
    end = time.monotonic() + 0.6
    while time.monotonic() < end:
        app.processEvents()
    path = out_dir / f"main-window-{theme}.png"
    window.grab().save(str(path))
    window.close()
    window.host.shutdown()
    store.close()
    return path


def main() -> int:
    out_dir = Path(sys.argv[1] if len(sys.argv) > 1 else "docs")
    out_dir.mkdir(parents=True, exist_ok=True)
    for theme in ("light", "dark"):
        print(shoot(out_dir, theme))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
