"""Screenshots of remote engines and the Local server, with real servers and the starter model.

Run under a real X server:
    xvfb-run -a -s "-screen 0 1280x800x24" python -m tests.visual.remote_screenshot docs/

llama-cpp-python's own server runs the starter model on 127.0.0.1 as the "remote" (named "Lab
server"); the window adds it, picks its model (the one-time question is answered yes), and chats.
Then the Local server is switched on and the official openai client asks it two questions.
Writes remote-add.png, remote-picker.png, remote-chat.png and local-server.png.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from tests.visual.take_screenshots import _wait


def shoot(out_dir: Path) -> list[Path]:
    from PySide6.QtWidgets import QApplication

    from app import paths
    from app.chat.store import HistoryStore
    from app.engine.params import SamplingParams
    from app.engine.remote import remote_path
    from app.gui import build_window
    from app.settings import AppSettings
    from app.ui.theme import apply_palette
    from model_store.starter import starter_model_path
    from tests.remote_servers import free_port, llama_cpp_server

    os.environ["HEARTH_HOME"] = tempfile.mkdtemp(prefix="hearth-shot-remote-")
    os.environ["HEARTH_KEYCHAIN"] = "file"
    app = QApplication.instance() or QApplication(sys.argv)
    apply_palette(app, False)
    store = HistoryStore.open_or_recover(paths.history_db())
    settings = AppSettings(show_side_panel=True)
    window = build_window(store, settings, dark=False)
    window.resize(1280, 800)
    window.show()
    window.load_initial_model()
    _wait(app, lambda: window.host.model_info is not None)
    shots = []

    def settle() -> None:
        for _ in range(40):
            app.processEvents()

    def save(widget, name: str) -> None:
        settle()
        path = out_dir / name
        widget.grab().save(str(path))
        shots.append(path)

    with llama_cpp_server(starter_model_path(), alias="SmolLM2-135M-Instruct") as url:
        window.remotes.add()
        dialog = window.remotes.dialog
        dialog.name.setText("Lab server")
        dialog.url.setText(url)
        save(dialog, "remote-add.png")
        dialog.try_connect()
        _wait(app, lambda: not dialog.isVisible())
        settle()
        combo = window.model_bar._combo
        combo.showPopup()
        settle()
        save(combo.view().window(), "remote-picker.png")
        combo.hidePopup()
        window.prompts.confirm = lambda *args, **kwargs: True
        window.load_model(remote_path("Lab server", "SmolLM2-135M-Instruct"))
        _wait(app, lambda: window.host.model_info is not None and bool(window.host.model_info.remote))
        session = window.session
        session.set_sampling(SamplingParams(temperature=0, max_tokens=48, seed=7))
        window.sampling_panel.set_params(session.sampling())
        session.send("What is a lighthouse for?")
        _wait(app, lambda: not session.busy)
        save(window, "remote-chat.png")

        window.load_model(combo.itemData(0))  # back to this computer's model
        _wait(app, lambda: window.host.model_info is not None and not window.host.model_info.remote)

    import openai

    window.settings.server_port = free_port()
    window.server.open()
    server_dialog = window.server.dialog
    server_dialog.switch.setChecked(True)
    _wait(app, lambda: window.server.server.running)
    client = openai.OpenAI(base_url=server_dialog.address.text(), api_key="unused", max_retries=0)
    for question in ("Say hello.", "Name a colour."):
        client.chat.completions.create(model=window.host.model_info.name, max_tokens=16,
                                       messages=[{"role": "user", "content": question}])
        settle()
    save(server_dialog, "local-server.png")
    server_dialog.switch.setChecked(False)
    window.close()
    window.host.shutdown()
    store.close()
    return shots


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs")
    out.mkdir(parents=True, exist_ok=True)
    for shot in shoot(out):
        print(shot)
