"""Screenshots of a reasoning model in the window: the starter model under Qwen3.5's real template.

Run under a real X server:
    xvfb-run -a -s "-screen 0 1280x800x24" python -m tests.visual.reasoning_screenshot docs/ [--dark]

The first question is answered with Thinking at the model's default (Qwen3.5's template opens
a ``<think>`` block, and the tiny model never closes it: everything it writes is thinking);
then Thinking is switched off and the next question gets a plain answer. A second picture
shows the "Prompt and template" dialog for that chat.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from tests.visual.take_screenshots import _wait


def shoot(out_dir: Path, dark: bool = False) -> list[Path]:
    from PySide6.QtWidgets import QApplication

    from app import paths
    from app.chat.store import HistoryStore
    from app.engine.params import SamplingParams
    from app.gui import build_window
    from app.settings import AppSettings
    from app.ui.theme import apply_palette
    from model_store.starter import starter_model_path
    from tests.integration.conftest import copy_with_template
    from tests.real_data import chat_templates

    home = Path(tempfile.mkdtemp(prefix="hearth-shot-reasoning-"))
    os.environ["HEARTH_HOME"] = str(home)
    model = copy_with_template(starter_model_path(), chat_templates()["Qwen3.5-4B"],
                               home / "SmolLM2-135M-Qwen3.5-template.gguf")
    app = QApplication.instance() or QApplication(sys.argv)
    apply_palette(app, dark)
    store = HistoryStore.open_or_recover(paths.history_db())
    window = build_window(store, AppSettings(model_path=str(model)), dark=dark)
    window.resize(1280, 800)
    window.show()
    window.load_initial_model()
    _wait(app, lambda: window.host.model_info is not None)
    session = window.session
    session.set_sampling(SamplingParams(temperature=0, max_tokens=120, seed=7))
    window.sampling_panel.set_params(session.sampling())
    session.send("What is the capital of France?")
    _wait(app, lambda: not session.busy)
    panel = window.options_panel
    combo = panel._thinking
    combo.setCurrentIndex(combo.findData("off"))
    combo.activated.emit(combo.currentIndex())
    session.send("And the capital of Italy?")
    _wait(app, lambda: not session.busy)
    for _ in range(30):
        app.processEvents()
    suffix = "-dark" if dark else ""
    shots = [out_dir / f"reasoning-thinking-block{suffix}.png"]
    window.grab().save(str(shots[0]))
    window.prompt_actions.show_prompt()
    dialog = window.prompt_actions.dialog
    _wait(app, lambda: bool(dialog.prompt_text()))
    for _ in range(30):
        app.processEvents()
    shots.append(out_dir / f"reasoning-prompt-dialog{suffix}.png")
    dialog.grab().save(str(shots[1]))
    dialog.close()
    window.close()
    window.host.shutdown()
    store.close()
    return shots


def main(argv: list[str]) -> int:
    args = [a for a in argv[1:] if a != "--dark"]
    out_dir = Path(args[0] if args else "docs")
    out_dir.mkdir(parents=True, exist_ok=True)
    for path in shoot(out_dir, dark="--dark" in argv):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
