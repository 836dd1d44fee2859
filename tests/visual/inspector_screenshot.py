"""Screenshots of the next-token inspector and a branch, answering with the real starter model.

Run under a real X server (the whole screen is grabbed, so the popover and menu show):
    xvfb-run -a -s "-screen 0 1280x800x24" python -m tests.visual.inspector_screenshot docs/
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from tests.visual.take_screenshots import _wait


def _settle(app, rounds: int = 40) -> None:
    for _ in range(rounds):
        app.processEvents()


def _token_point(window, message_id: int, index: int):
    """The global screen position of one token of an answer in the chat view."""
    from PySide6.QtGui import QTextCursor

    browser = window.chat.browser
    doc = browser.document()
    href = f"hearth:tok/{message_id}/{index}"
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.charFormat().anchorHref() == href:
                cursor = QTextCursor(doc)
                cursor.setPosition(fragment.position() + 1)
                rect = browser.cursorRect(cursor)
                return browser.viewport().mapToGlobal(rect.center())
            it += 1
        block = block.next()
    raise LookupError(href)


def shoot(out_dir: Path) -> list[Path]:
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QCursor, QGuiApplication
    from PySide6.QtWidgets import QApplication, QCheckBox

    from app import paths
    from app.chat.store import HistoryStore
    from app.engine.params import SamplingParams
    from app.gui import build_window
    from app.settings import AppSettings
    from app.ui.theme import apply_palette

    os.environ["HEARTH_HOME"] = tempfile.mkdtemp(prefix="hearth-shot-inspector-")
    app = QApplication.instance() or QApplication(sys.argv)
    apply_palette(app, False)
    store = HistoryStore.open_or_recover(paths.history_db())
    window = build_window(store, AppSettings(show_side_panel=True), dark=False)
    window.resize(1280, 760)
    window.move(0, 0)
    window.show()
    window.load_initial_model()
    _wait(app, lambda: window.host.model_info is not None)
    session = window.session
    session.set_sampling(SamplingParams(temperature=0, max_tokens=60, seed=7))
    window.sampling_panel.set_params(session.sampling())
    inspect = next(w for w in window.findChildren(QCheckBox) if w.accessibleName() == "Next-token inspector")
    inspect.setChecked(True)
    session.send("What is the capital of France? Answer with a short sentence.")
    _wait(app, lambda: not session.busy)
    _settle(app)
    answer = session.messages[-1]
    screen = QGuiApplication.primaryScreen()
    shots = []

    # Hovering a token: the alternatives with their probabilities.
    where = _token_point(window, answer.id, 0)
    QCursor.setPos(where)
    window.chat._on_hover(QUrl(f"hearth:tok/{answer.id}/0"))
    _settle(app)
    shots.append(out_dir / "inspector-hover.png")
    screen.grabWindow(0, 0, 0, 1280, 760).save(str(shots[-1]))

    # Clicking it: the menu of alternatives to branch with.
    window.chat.tokenClicked.emit(answer.id, 0, where)
    _settle(app)
    shots.append(out_dir / "inspector-branch-menu.png")
    screen.grabWindow(0, 0, 0, 1280, 760).save(str(shots[-1]))
    menu = window.branches.menu
    second = next(a for a in menu.actions() if a.isEnabled() and "%" in a.text())
    menu.close()
    second.trigger()
    _wait(app, lambda: not session.busy)
    _settle(app)
    shots.append(out_dir / "inspector-branched.png")
    window.grab().save(str(shots[-1]))
    window.close()
    window.host.shutdown()
    store.close()
    return shots


def main(argv: list[str]) -> int:
    out_dir = Path(argv[1] if len(argv) > 1 else "docs")
    out_dir.mkdir(parents=True, exist_ok=True)
    for path in shoot(out_dir):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
