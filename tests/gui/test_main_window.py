"""The main window as a user meets it: a real window, history and engine thread, a scripted engine."""

from __future__ import annotations

import re

from PySide6.QtCore import QUrl, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDoubleSpinBox,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTextEdit,
    QWidget,
)

from app.chat.store import HistoryStore
from app.engine.errors import GenerationError, ModelLoadError
from app.engine.params import DEFAULT_SYSTEM_PROMPT
from app.engine.types import ChatMessage

WAIT_MS = 10_000
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


# -- helpers --------------------------------------------------------------------------------


def named(window: QWidget, cls: type, name: str):
    """The one widget of type ``cls`` whose accessible name is ``name``."""
    found = [w for w in window.findChildren(cls) if w.accessibleName() == name]
    assert len(found) == 1, f"expected one {cls.__name__} named {name!r}, found {len(found)}"
    return found[0]


def doc(window) -> str:
    """Everything the conversation view shows, as plain text."""
    return window.chat.browser.toPlainText()


def type_and_send(qtbot, window, text: str) -> None:
    editor = window.composer.editor
    editor.setFocus()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def wait_idle(qtbot, window, timeout: int = WAIT_MS) -> None:
    qtbot.waitUntil(lambda: not window.session.busy and not window.composer.busy, timeout=timeout)


def send_and_wait(qtbot, window, text: str) -> None:
    type_and_send(qtbot, window, text)
    assert window.session.busy, "the answer did not start"
    wait_idle(qtbot, window)


def stored(window, conversation_id: int | None = None):
    conv_id = conversation_id if conversation_id is not None else window.session.conversation.id
    return window.session.store.tree.path(conv_id)


def chat_titles(window) -> list[str]:
    chats = named(window, QListWidget, "Chats")
    return [chats.item(row).text() for row in range(chats.count())]


def click_chat(qtbot, window, conversation_id: int) -> None:
    """Click a chat in the conversation list."""
    chats = named(window, QListWidget, "Chats")
    for row in range(chats.count()):
        item = chats.item(row)
        if item.data(Qt.ItemDataRole.UserRole) == conversation_id:
            rect = chats.visualItemRect(item)
            qtbot.mouseClick(chats.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
            break
    else:
        raise AssertionError(f"chat {conversation_id} is not in the list")
    assert window.session.conversation.id == conversation_id


def new_chat_shortcut(qtbot, window) -> None:
    qtbot.keyClick(window.composer.editor, Qt.Key.Key_N, CTRL)


def sent_to_engine(engine) -> list[ChatMessage]:
    """The conversation (without the system prompt) of the engine's last call."""
    return [m for m in engine.calls[-1][0] if m.role != "system"]


def words(prefix: str, n: int) -> list[str]:
    return [f"{prefix}{i} " for i in range(n)]


# -- answering ------------------------------------------------------------------------------


def test_send_streams_the_answer_and_blocks_send_while_busy(qtbot, make_window, engine):
    window = make_window()
    composer, editor = window.composer, window.composer.editor
    engine.token_delay = 0.02
    tokens = words("word", 60)
    engine.enqueue(tokens)

    type_and_send(qtbot, window, "Tell me something")

    assert editor.toPlainText() == ""
    assert composer.busy and composer.stop_button.isVisible()
    qtbot.waitUntil(lambda: "word2" in doc(window), timeout=WAIT_MS)
    assert window.session.busy, "text should appear while the answer is still streaming"
    assert "Tell me something" in doc(window)
    qtbot.keyClicks(editor, "next question")
    assert not composer.send_button.isEnabled()
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # Enter while busy does not send
    assert editor.toPlainText() == "next question"

    wait_idle(qtbot, window)
    assert composer.send_button.isEnabled()
    assert not composer.stop_button.isVisible()
    text = doc(window)
    assert "word0 word1" in text and "word59" in text
    assert "60 tokens" in text and "tok/s" in text, "the stats footer is missing"
    messages = stored(window)
    assert [(m.role, m.content, m.status) for m in messages] == [
        ("user", "Tell me something", "complete"),
        ("assistant", "".join(tokens), "complete"),
    ]
    assert messages[1].stats["completion_tokens"] == 60


def test_stop_button_keeps_the_partial_answer_as_stopped(qtbot, make_window, engine):
    window = make_window()
    engine.token_delay = 0.01
    tokens = words("t", 1000)
    engine.enqueue(tokens)
    type_and_send(qtbot, window, "Count for me")
    qtbot.waitUntil(lambda: "t5 " in doc(window), timeout=WAIT_MS)

    qtbot.mouseClick(window.composer.stop_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)

    answer = stored(window)[-1]
    assert answer.role == "assistant" and answer.status == "cancelled"
    full = "".join(tokens)
    assert answer.content and full.startswith(answer.content) and len(answer.content) < len(full)
    assert answer.content.split()[-1] in doc(window)
    assert "stopped" in doc(window)
    assert not window.composer.stop_button.isVisible()
    assert not window.host.busy


def test_regenerate_shows_a_new_answer_and_keeps_the_old_one(qtbot, make_window, engine):
    window = make_window()
    engine.enqueue(["First", " answer."])
    send_and_wait(qtbot, window, "Question")
    first_answer = stored(window)[-1]

    engine.enqueue(["Second", " answer."])
    window.chat.browser.anchorClicked.emit(QUrl(f"hearth:regenerate/{first_answer.id}"))
    wait_idle(qtbot, window)

    messages = stored(window)
    assert [(m.role, m.content) for m in messages] == [("user", "Question"), ("assistant", "Second answer.")]
    assert "Second answer." in doc(window) and "First answer." not in doc(window)
    assert doc(window).count("Question") == 1

    engine.enqueue(["Third", " answer."])
    qtbot.keyClick(window.composer.editor, Qt.Key.Key_R, CTRL)
    qtbot.waitUntil(lambda: stored(window)[-1].content == "Third answer.", timeout=WAIT_MS)
    wait_idle(qtbot, window)
    assert [m.role for m in stored(window)] == ["user", "assistant"]
    assert stored(window)[-1].status == "complete"
    assert "Third answer." in doc(window) and "Second answer." not in doc(window)
    every = window.session.store.messages(window.session.conversation.id)
    assert [m.content for m in every] == ["Question", "First answer.", "Second answer.", "Third answer."]
    assert "‹ 3 / 3 ›" in doc(window)


def test_edit_and_resend_shows_the_new_version_and_keeps_the_old_branch(qtbot, make_window, engine):
    window = make_window()
    send_and_wait(qtbot, window, "First question")
    send_and_wait(qtbot, window, "Second question")
    first = stored(window)[0]

    window.chat.browser.anchorClicked.emit(QUrl(f"hearth:edit/{first.id}"))
    assert window.composer.text() == "First question"
    assert "Editing" in window.notice.message
    window.composer.editor.selectAll()
    type_and_send(qtbot, window, "A better first question")
    wait_idle(qtbot, window)

    messages = stored(window)
    assert [(m.role, m.content.strip()) for m in messages] == [
        ("user", "A better first question"),
        ("assistant", "You said: A better first question"),
    ]
    text = doc(window)
    assert "Second question" not in text and "You said: First question" not in text
    assert "A better first question" in text
    assert window.notice.message == ""
    assert sent_to_engine(engine) == [ChatMessage("user", "A better first question")]
    every = window.session.store.messages(window.session.conversation.id)
    assert "Second question" in [m.content for m in every]  # the old branch is one ‹ away


def test_switching_chats_mid_answer_keeps_tokens_out_of_the_new_chat(qtbot, make_window, engine):
    window = make_window()
    engine.token_delay = 0.01
    old = words("old", 1000)
    engine.enqueue(old)
    type_and_send(qtbot, window, "Write a long story")
    qtbot.waitUntil(lambda: "old3 " in doc(window), timeout=WAIT_MS)
    first = window.session.conversation.id

    new_chat_shortcut(qtbot, window)

    second = window.session.conversation.id
    assert second != first
    assert not window.composer.busy
    qtbot.wait(300)  # the old answer would still be streaming if it had not been stopped
    assert not re.search(r"old\d", doc(window)), "a token of the old answer reached the new chat"
    saved = stored(window, first)[-1]
    assert saved.role == "assistant" and saved.status == "cancelled"
    assert saved.content and "".join(old).startswith(saved.content)

    engine.enqueue(["fresh", " answer"])
    send_and_wait(qtbot, window, "Hello again")

    assert "fresh answer" in doc(window)
    assert not re.search(r"old\d", doc(window))
    assert [(m.role, m.content, m.status) for m in stored(window, second)] == [
        ("user", "Hello again", "complete"), ("assistant", "fresh answer", "complete")]
    assert len(engine.calls) == 2
    assert sent_to_engine(engine) == [ChatMessage("user", "Hello again")]
    assert stored(window, first)[-1] == saved, "the old chat changed after it was left"

    click_chat(qtbot, window, first)
    text = doc(window)
    assert "Write a long story" in text and "stopped" in text
    assert saved.content.split()[-1] in text and "fresh answer" not in text


def test_answer_sent_right_after_switching_ignores_the_old_request(qtbot, make_window, engine):
    """The old answer's last token and its "finished" reach the GUI after the new one started."""
    window = make_window()
    engine.token_delay = 0.01
    engine.enqueue(words("old", 1000))
    type_and_send(qtbot, window, "Write a long story")
    qtbot.waitUntil(lambda: "old3 " in doc(window), timeout=WAIT_MS)
    first = window.session.conversation.id
    fresh = words("new", 40)
    engine.enqueue(fresh)

    new_chat_shortcut(qtbot, window)
    type_and_send(qtbot, window, "Hello again")  # no event is processed in between
    wait_idle(qtbot, window)

    answer = stored(window)[-1]
    assert (answer.content, answer.status) == ("".join(fresh), "complete")
    assert "new39" in doc(window) and not re.search(r"old\d", doc(window))
    assert sent_to_engine(engine) == [ChatMessage("user", "Hello again")]
    old_answer = stored(window, first)[-1]
    assert old_answer.status == "cancelled" and old_answer.content.startswith("old0 old1 old2 old3 ")


def test_chats_survive_a_restart_and_the_last_one_is_shown(qtbot, make_window, engine):
    window = make_window()
    engine.enqueue(["Noted", "."])
    send_and_wait(qtbot, window, "Remember the milk")
    first = window.session.conversation.id
    new_chat_shortcut(qtbot, window)
    send_and_wait(qtbot, window, "Second chat")
    second = window.session.conversation.id
    click_chat(qtbot, window, first)
    before = {conv: stored(window, conv) for conv in (first, second)}
    make_window.close(window)

    again = make_window()

    assert again.session.conversation.id == first
    assert sorted(chat_titles(again)) == ["Remember the milk", "Second chat"]
    assert {conv: stored(again, conv) for conv in (first, second)} == before
    text = doc(again)
    assert "Remember the milk" in text and "Noted." in text
    assert named(again, QListWidget, "Chats").currentItem().text() == "Remember the milk"
    send_and_wait(qtbot, again, "And eggs")
    assert [m.content.strip() for m in stored(again)] == [
        "Remember the milk", "Noted.", "And eggs", "You said: And eggs"]


def test_streaming_answer_is_saved_at_least_once_a_second(qtbot, make_window, engine):
    window = make_window()
    engine.token_delay = 0.01
    tokens = words("w", 2000)
    engine.enqueue(tokens)
    type_and_send(qtbot, window, "Go on")
    live = stored(window)[-1]
    assert live.role == "assistant" and live.status == "streaming"
    reader = HistoryStore(make_window.db_path)  # what a crash would leave on disk
    try:
        qtbot.wait(1300)
        early = reader.get_message(live.id)
        assert window.session.busy
        assert early.status == "streaming"
        assert early.content, "nothing was saved during the first 1.3 s of streaming"
        assert "".join(tokens).startswith(early.content)
        qtbot.wait(1100)
        later = reader.get_message(live.id)
        assert len(later.content) > len(early.content), "the saved text stopped growing"
    finally:
        reader.close()
    window.session.stop()
    wait_idle(qtbot, window)


def test_answer_left_streaming_by_a_crash_shows_as_interrupted(qtbot, make_window):
    with HistoryStore(make_window.db_path) as store:
        conv = store.create_conversation("Crashed chat")
        store.add_message(conv.id, "user", "Explain tides")
        partial = store.add_message(conv.id, "assistant", "Tides come from the moon's pull",
                                    status="streaming")

    window = make_window()

    assert window.session.conversation.id == conv.id
    message = window.session.store.get_message(partial.id)
    assert message.status == "interrupted"
    assert message.content == "Tides come from the moon's pull"
    text = doc(window)
    assert "Tides come from the moon's pull" in text and "interrupted" in text


# -- errors ---------------------------------------------------------------------------------


def test_load_failure_is_explained_and_the_app_keeps_working(qtbot, make_window, engine):
    window = make_window()
    send_and_wait(qtbot, window, "Before the failure")
    first = window.session.conversation.id
    sentence = "This model file is damaged. Download it again or pick another model."
    engine.load_errors.append(ModelLoadError(sentence, "bad magic"))

    with qtbot.waitSignal(window.host.loadFailed, timeout=WAIT_MS):
        window.load_model("fake:broken")

    assert window.notice.message == sentence
    assert window.host.model_info is None
    qtbot.mouseClick(named(window, QPushButton, "New chat"), Qt.MouseButton.LeftButton)
    assert window.session.conversation.id != first
    assert len(chat_titles(window)) == 2
    click_chat(qtbot, window, first)
    assert "Before the failure" in doc(window)
    type_and_send(qtbot, window, "Are you there?")
    assert "No model is loaded" in window.notice.message
    assert window.composer.text() == "Are you there?", "the unsent text was lost"

    window.load_model("fake:model")
    qtbot.waitUntil(lambda: window.host.model_info is not None, timeout=WAIT_MS)
    assert window.notice.message == ""
    qtbot.keyClick(window.composer.editor, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    assert stored(window)[-1].content.strip() == "You said: Are you there?"


def test_edit_while_no_model_is_loaded_loses_nothing(qtbot, make_window, engine):
    window = make_window()
    send_and_wait(qtbot, window, "Original question")
    before = stored(window)
    engine.load_errors.append(ModelLoadError("The model could not be loaded."))
    with qtbot.waitSignal(window.host.loadFailed, timeout=WAIT_MS):
        window.load_model("fake:broken")

    window.chat.browser.anchorClicked.emit(QUrl(f"hearth:edit/{before[0].id}"))
    window.composer.editor.selectAll()
    type_and_send(qtbot, window, "Edited question")

    assert "No model is loaded" in window.notice.message
    assert stored(window) == before, "the edit deleted messages without answering"
    assert "Original question" in doc(window)
    assert window.composer.text() == "Edited question"

    window.load_model("fake:model")
    qtbot.waitUntil(lambda: window.host.model_info is not None, timeout=WAIT_MS)
    qtbot.keyClick(window.composer.editor, Qt.Key.Key_Return)  # still editing that message
    wait_idle(qtbot, window)
    assert [m.content.strip() for m in stored(window)] == ["Edited question", "You said: Edited question"]


def test_loading_another_model_mid_answer_keeps_the_partial_answer(qtbot, make_window, engine):
    window = make_window()
    engine.token_delay = 0.01
    engine.enqueue(words("t", 1000))
    type_and_send(qtbot, window, "Count for me")
    qtbot.waitUntil(lambda: "t3 " in doc(window), timeout=WAIT_MS)

    window.load_model("fake:other")  # as picking another model in the model bar does
    qtbot.waitUntil(lambda: window.host.model_info is not None, timeout=WAIT_MS)

    wait_idle(qtbot, window)
    answer = stored(window)[-1]
    assert answer.status == "cancelled" and answer.content.startswith("t0 t1 t2 t3 ")
    assert "stopped" in doc(window)
    send_and_wait(qtbot, window, "Still there?")
    assert stored(window)[-1].content.strip() == "You said: Still there?"


def test_generation_error_is_shown_and_saved(qtbot, make_window, engine):
    window = make_window()
    sentence = "The model stopped unexpectedly. Try again or load the model again."
    engine.enqueue_error(GenerationError(sentence, "llama_decode returned -1"))

    send_and_wait(qtbot, window, "Hello")

    assert window.notice.message == sentence
    user, answer = stored(window)
    assert user.content == "Hello"
    assert answer.status == "error" and answer.stats["error"] == sentence
    assert "Error:" in doc(window)
    send_and_wait(qtbot, window, "Try again")
    assert stored(window)[-1].status == "complete"


def test_context_overflow_is_explained_and_the_message_is_kept(qtbot, make_window, engine):
    window = make_window()
    n_ctx = window.load_panel.findChild(QSpinBox, "n_ctx")
    n_ctx.setValue(512)
    qtbot.mouseClick(named(window, QPushButton, "Reload model"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.host.model_info is not None and window.host.model_info.n_ctx == 512,
                    timeout=WAIT_MS)
    long_text = " ".join(f"word{i}" for i in range(600))

    window.composer.set_text(long_text)
    qtbot.keyClick(window.composer.editor, Qt.Key.Key_Return)
    wait_idle(qtbot, window)

    assert "context holds 512" in window.notice.message
    user, answer = stored(window)
    assert (user.role, user.content) == ("user", long_text)
    assert answer.status == "error"
    assert "word599" in doc(window)


# -- conversations --------------------------------------------------------------------------


def test_new_rename_delete_undo_and_search(qtbot, make_window, engine):
    window = make_window()
    empty = window.session.conversation.id
    new_chat_shortcut(qtbot, window)
    assert window.session.conversation.id == empty, "an empty chat should be reused"
    assert len(chat_titles(window)) == 1

    send_and_wait(qtbot, window, "Plan a trip to Lisbon")
    lisbon = window.session.conversation.id
    new_chat_shortcut(qtbot, window)
    bread = window.session.conversation.id
    assert bread != lisbon
    send_and_wait(qtbot, window, "Sourdough starter tips")
    assert chat_titles(window) == ["Sourdough starter tips", "Plan a trip to Lisbon"]

    window.conversations.renameRequested.emit(lisbon, "Lisbon itinerary")
    assert "Lisbon itinerary" in chat_titles(window)
    assert window.session.store.get_conversation(lisbon).title == "Lisbon itinerary"

    search = named(window, QLineEdit, "Search chats")
    qtbot.keyClicks(search, "itinerary")  # by title
    qtbot.waitUntil(lambda: chat_titles(window) == ["Lisbon itinerary"], timeout=WAIT_MS)
    search.clear()
    qtbot.keyClicks(search, "trip to")  # by content only (the title no longer says it)
    qtbot.waitUntil(lambda: chat_titles(window) == ["Lisbon itinerary"], timeout=WAIT_MS)
    search.clear()
    qtbot.waitUntil(lambda: len(chat_titles(window)) == 2, timeout=WAIT_MS)

    chats = named(window, QListWidget, "Chats")
    chats.setFocus()
    qtbot.keyClick(chats, Qt.Key.Key_Delete)  # deletes the selected (current) chat
    assert chat_titles(window) == ["Lisbon itinerary"]
    assert window.session.conversation.id == lisbon
    undo = named(window, QPushButton, "Undo delete")
    assert undo.isVisible()
    qtbot.mouseClick(undo, Qt.MouseButton.LeftButton)
    assert sorted(chat_titles(window)) == ["Lisbon itinerary", "Sourdough starter tips"]
    assert window.session.conversation.id == bread
    assert "Sourdough starter tips" in doc(window)
    assert not undo.isVisible()


# -- sampling, system prompt, presets -------------------------------------------------------


def _temperature(window) -> QDoubleSpinBox:
    spin = window.sampling_panel.findChild(QDoubleSpinBox, "temperature")
    assert spin is not None
    return spin


def _set_temperature(qtbot, window, value: float) -> None:
    with qtbot.waitSignal(window.sampling_panel.paramsChanged, timeout=WAIT_MS):
        _temperature(window).setValue(value)


def test_sampling_and_system_prompt_are_per_conversation_and_used(qtbot, make_window, engine):
    window = make_window()
    store = window.session.store
    a = window.session.conversation.id
    _set_temperature(qtbot, window, 1.3)
    assert store.get_conversation(a).sampling["temperature"] == 1.3
    prompt = named(window, QPlainTextEdit, "System prompt")
    assert prompt.toPlainText() == DEFAULT_SYSTEM_PROMPT
    prompt.setFocus()
    prompt.selectAll()
    with qtbot.waitSignal(window.sampling_panel.systemPromptChanged, timeout=WAIT_MS):
        qtbot.keyClicks(prompt, "Answer like a pirate.")
    assert store.get_conversation(a).system_prompt == "Answer like a pirate."

    send_and_wait(qtbot, window, "Hello")
    messages, params = engine.calls[-1]
    assert params.temperature == 1.3
    assert messages[0] == ChatMessage("system", "Answer like a pirate.")
    assert messages[1] == ChatMessage("user", "Hello")

    new_chat_shortcut(qtbot, window)
    b = window.session.conversation.id
    _set_temperature(qtbot, window, 0.2)
    assert store.get_conversation(b).sampling["temperature"] == 0.2
    click_chat(qtbot, window, a)
    assert _temperature(window).value() == 1.3
    assert store.get_conversation(a).sampling["temperature"] == 1.3
    click_chat(qtbot, window, b)
    assert _temperature(window).value() == 0.2
    send_and_wait(qtbot, window, "Ahoy")
    assert engine.calls[-1][1].temperature == 0.2


def test_unsaved_edits_stay_with_their_conversation_when_switching(qtbot, make_window, engine):
    window = make_window()
    send_and_wait(qtbot, window, "First chat")
    a = window.session.conversation.id
    new_chat_shortcut(qtbot, window)
    send_and_wait(qtbot, window, "Second chat")
    b = window.session.conversation.id
    store = window.session.store

    _temperature(window).setValue(1.5)  # still debounced when the user switches
    prompt = named(window, QPlainTextEdit, "System prompt")
    prompt.selectAll()
    qtbot.keyClicks(prompt, "Be brief.")
    click_chat(qtbot, window, a)

    assert store.get_conversation(b).sampling["temperature"] == 1.5
    assert store.get_conversation(b).system_prompt == "Be brief."
    assert store.get_conversation(a).sampling in (None, {}) or \
        store.get_conversation(a).sampling["temperature"] != 1.5
    assert store.get_conversation(a).system_prompt == DEFAULT_SYSTEM_PROMPT
    assert prompt.toPlainText() == DEFAULT_SYSTEM_PROMPT
    qtbot.wait(600)  # past both debounce intervals: nothing late lands on the wrong chat
    assert store.get_conversation(a).system_prompt == DEFAULT_SYSTEM_PROMPT
    send_and_wait(qtbot, window, "Back in the first chat")
    assert sent_to_engine(engine)[0] == ChatMessage("user", "First chat")


def test_presets_save_and_restore_settings(qtbot, make_window, engine, monkeypatch):
    window = make_window()
    panel = window.sampling_panel
    _set_temperature(qtbot, window, 1.25)
    monkeypatch.setattr(panel, "_ask_preset_name", lambda: "Creative")
    qtbot.mouseClick(named(window, QPushButton, "Save preset as"), Qt.MouseButton.LeftButton)
    combo = named(window, QComboBox, "Preset")
    assert [combo.itemText(i) for i in range(combo.count())] == ["Creative"]
    assert [p.name for p in window.session.store.presets.all()] == ["Creative"]

    _set_temperature(qtbot, window, 0.4)
    conv = window.session.conversation.id
    assert window.session.store.get_conversation(conv).sampling["temperature"] == 0.4
    combo.setCurrentIndex(0)
    combo.activated.emit(0)  # what picking it from the drop-down does

    assert _temperature(window).value() == 1.25
    assert window.session.store.get_conversation(conv).sampling["temperature"] == 1.25
    send_and_wait(qtbot, window, "Hi")
    assert engine.calls[-1][1].temperature == 1.25


# -- accessibility and keyboard -------------------------------------------------------------


def test_every_visible_interactive_widget_has_an_accessible_name(qtbot, make_window):
    window = make_window()
    type_and_send(qtbot, window, "Hello")  # shows Stop as well
    window.notice.show_message("Something to say", detail="why", action="Open model file…")
    kinds = (QAbstractButton, QAbstractSpinBox, QLineEdit, QPlainTextEdit, QTextEdit, QComboBox,
             QAbstractItemView, QProgressBar)
    checked, offenders = 0, []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, kinds) or not widget.isVisible():
            continue
        if isinstance(widget, QLineEdit) and isinstance(widget.parent(), (QAbstractSpinBox, QComboBox)):
            continue  # named by the spin box or combo box that owns it
        checked += 1
        if not widget.accessibleName().strip():
            offenders.append(f"{type(widget).__name__} {widget.objectName()!r} "
                             f"(text {getattr(widget, 'text', lambda: '')()!r})")
    wait_idle(qtbot, window)
    assert checked > 20
    assert not offenders, "no accessible name: " + ", ".join(offenders)


def test_keyboard_enter_sends_shift_enter_adds_a_line_and_esc_stops(qtbot, make_window, engine):
    window = make_window()
    editor = window.composer.editor
    editor.setFocus()
    qtbot.keyClicks(editor, "line one")
    qtbot.keyClick(editor, Qt.Key.Key_Return, SHIFT)
    qtbot.keyClicks(editor, "line two")
    assert editor.toPlainText() == "line one\nline two"
    assert stored(window) == [] and not window.session.busy

    engine.token_delay = 0.01
    engine.enqueue(words("x", 1000))
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert stored(window)[0].content == "line one\nline two"
    assert editor.toPlainText() == ""
    qtbot.waitUntil(lambda: "x3 " in doc(window), timeout=WAIT_MS)

    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    wait_idle(qtbot, window)
    answer = stored(window)[-1]
    assert answer.status == "cancelled" and answer.content.startswith("x0 x1 x2 x3 ")
    assert len(answer.content.split()) < 1000
