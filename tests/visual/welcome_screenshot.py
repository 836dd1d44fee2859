"""Screenshot of the first-run welcome dialog, as on a 16 GB computer with the starter installed.

Run under a real X server:
    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python tests/visual/welcome_screenshot.py \
        [docs/welcome.png] [--dark] [--state=idle|progress|offline]
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

GIB = 1024**3


def shoot(out: Path, dark: bool = False, state: str = "idle") -> Path:
    os.environ["HEARTH_HOME"] = tempfile.mkdtemp(prefix="hearth-welcome-shot-")
    from PySide6.QtCore import QObject, Signal
    from PySide6.QtWidgets import QApplication

    from app.ui.theme import apply_palette
    from app.ui.welcome import WelcomePage, recommend_for_this_computer

    class OfflineBridge(QObject):
        """Enough of ModelStoreBridge for the dialog to show its first state (no network)."""

        filesDone = Signal(int, object)
        filesFailed = Signal(int, str, str)
        downloadProgress = Signal(object)
        downloadState = Signal(object)

        def download_statuses(self, _repo_id: str) -> dict:
            return {}

        def jobs(self) -> list:
            return []

        def list_files(self, _repo_id: str) -> int:
            return 1

        def download(self, remote):
            from model_store.download import DownloadJob

            return DownloadJob(id="j", repo_id=remote.repo_id, filename=remote.filename, url="", size=remote.size,
                               sha256=None, state="running", bytes_done=remote.size // 3, speed_bps=24e6,
                               eta_s=200)

    app = QApplication.instance() or QApplication(sys.argv[:1])
    apply_palette(app, dark)
    bridge = OfflineBridge()
    dialog = WelcomePage(bridge, starter=Path("SmolLM2-135M-Instruct.Q4_1.gguf"),
                         recommendation=recommend_for_this_computer(available=16 * GIB, total=16 * GIB))
    dialog.resize(580, 360)
    dialog.show()
    model = dialog.recommendation.model
    if state != "idle":
        dialog.download_button.click()
    if state == "progress":
        from model_store.hub import RemoteFile

        bridge.filesDone.emit(1, [RemoteFile(model.repo_id, model.filename, model.size, None, "Q4_K_M", "abc")])
    elif state == "offline":
        bridge.filesFailed.emit(1, "Hearth cannot reach Hugging Face right now.", "unreachable")
    end = time.monotonic() + 0.8
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)
    out.parent.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(out))
    return out


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    out = Path(args[0]) if args else Path("docs/welcome.png")
    state = next((a.split("=", 1)[1] for a in argv if a.startswith("--state=")), "idle")
    print(shoot(out, dark="--dark" in argv, state=state))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
