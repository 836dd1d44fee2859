"""Screenshot of a chat resumed from its saved model memory, with the real starter model.

Run under a real X server:
    xvfb-run -a -s "-screen 0 1280x800x24" python -m tests.visual.saved_memory_screenshot docs/

A chat with a long pasted text is answered, another chat is answered, and the first chat's next
question starts from its saved KV cache: the answer says "resumed instantly from saved memory".
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from tests.visual.take_screenshots import _wait

NOTES = " ".join(f"Note {i}: the harbour light was lit at dusk and the keeper logged the ships." for i in range(60))


def shoot(out_dir: Path) -> Path:
    from PySide6.QtWidgets import QApplication

    from app import paths
    from app.chat.store import HistoryStore
    from app.engine.params import SamplingParams
    from app.gui import build_window
    from app.settings import AppSettings
    from app.ui.theme import apply_palette

    os.environ["HEARTH_HOME"] = tempfile.mkdtemp(prefix="hearth-shot-memory-")
    app = QApplication.instance() or QApplication(sys.argv)
    apply_palette(app, False)
    store = HistoryStore.open_or_recover(paths.history_db())
    window = build_window(store, AppSettings(show_side_panel=True), dark=False)
    window.resize(1280, 800)
    window.show()
    window.load_initial_model()
    _wait(app, lambda: window.host.model_info is not None)
    session = window.session
    session.set_sampling(SamplingParams(temperature=0, max_tokens=40, seed=7))
    window.sampling_panel.set_params(session.sampling())
    session.send("Here are my notes from the lighthouse:\n\n" + NOTES + "\n\nHow many notes are there?")
    _wait(app, lambda: not session.busy)
    notes_chat = session.conversation.id
    session.new_conversation()
    session.send("What is the capital of France?")
    _wait(app, lambda: not session.busy)
    session.open(notes_chat)
    session.send("What happened at dusk?")
    _wait(app, lambda: not session.busy)
    for _ in range(40):
        app.processEvents()
    path = out_dir / "saved-memory-resumed.png"
    window.grab().save(str(path))
    window.close()
    window.host.shutdown()
    store.close()
    return path


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs")
    out.mkdir(parents=True, exist_ok=True)
    print(shoot(out))
