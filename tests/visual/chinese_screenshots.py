"""Screenshots of Hearth in Simplified Chinese: the main window answering a Chinese question with
the real starter model, the Models window (Library) and the welcome.

Run under a real X server with a CJK font installed (fonts-noto-cjk), after `make translations`
or `make run` compiled the translation:
    LANG=zh_CN.UTF-8 xvfb-run -a -s "-screen 0 1280x800x24" python -m tests.visual.chinese_screenshots docs/
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from tests.visual.take_screenshots import _wait


def _settle(app, seconds: float = 0.6) -> None:
    import time

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def main() -> int:
    out_dir = Path(sys.argv[1] if len(sys.argv) > 1 else "docs")
    out_dir.mkdir(parents=True, exist_ok=True)
    os.environ["HEARTH_HOME"] = tempfile.mkdtemp(prefix="hearth-shot-zh-")
    from PySide6.QtWidgets import QApplication

    from app import i18n, paths
    from app.chat.store import HistoryStore
    from app.engine.params import SamplingParams
    from app.gui import build_window
    from app.settings import AppSettings
    from app.ui.theme import apply_palette
    from app.ui.welcome import show_welcome

    app = QApplication.instance() or QApplication(sys.argv)
    language = i18n.install(app, "system")
    if language != "zh_CN":
        print(f"the system language gave {language!r}: run with LANG=zh_CN.UTF-8 (and a compiled translation)",
              file=sys.stderr)
        return 1
    apply_palette(app, False)
    store = HistoryStore.open_or_recover(paths.history_db())
    window = build_window(store, AppSettings(show_side_panel=True, welcome_shown=True), dark=False)
    window.resize(1280, 780)
    window.show()
    window.load_initial_model()
    _wait(app, lambda: window.host.model_info is not None)
    session = window.session
    session.set_sampling(SamplingParams(temperature=0, max_tokens=120, seed=7))
    session.send("法国的首都是哪里？")
    _wait(app, lambda: not session.busy)
    for title in ("周末徒步装备清单", "用简单的话解释递归"):
        conv = store.create_conversation(title=title)
        store.add_message(conv.id, "user", title)
    window.refresh_conversations()
    _settle(app)
    shots = [out_dir / "zh-main-window.png"]
    window.grab().save(str(shots[-1]))

    window.open_models("library")
    models = window.models_window
    models.resize(1100, 700)
    _settle(app)
    models.library.table.selectRow(0)  # the starter model's details beside the list
    _settle(app)
    shots.append(out_dir / "zh-models-window.png")
    models.grab().save(str(shots[-1]))
    models.close()

    show_welcome(window)  # in the window, in place of the chat
    _settle(app, 1.0)
    shots.append(out_dir / "zh-welcome.png")
    window.grab().save(str(shots[-1]))

    window.close()
    window.host.shutdown()
    store.close()
    for path in shots:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
