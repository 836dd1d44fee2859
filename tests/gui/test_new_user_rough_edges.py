"""Rough edges a new user ran into: where keyboard focus goes, edit mode across chats (and its
banner), the mouse wheel over the settings panel, an answer stopped by a chat switch, and Delete
(and Undo) in the chat list."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (QAbstractSpinBox, QApplication, QComboBox, QDoubleSpinBox, QListWidget, QPushButton,
                               QToolButton)

from tests.gui.test_main_window import (
    WAIT_MS,
    chat_titles,
    click_chat,
    doc,
    named,
    new_chat_shortcut,
    send_and_wait,
    stored,
    type_and_send,
    wait_idle,
    words,
)


def focused():
    return QApplication.focusWidget()


def temperature(window) -> QDoubleSpinBox:
    spin = window.sampling_panel.findChild(QDoubleSpinBox, "temperature")
    assert spin is not None
    return spin


def start_long_answer(qtbot, window, engine, question: str = "Write a long story") -> None:
    engine.token_delay = 0.01
    engine.enqueue(words("old", 1000))
    type_and_send(qtbot, window, question)
    qtbot.waitUntil(lambda: "old3 " in doc(window), timeout=WAIT_MS)


# -- 1. focus goes back to the message box ----------------------------------------------------


def test_clicking_send_leaves_focus_in_the_message_box(qtbot, make_window, engine):
    window = make_window()
    composer = window.composer
    engine.enqueue(["Hi", " there"])
    composer.set_text("Hello")
    composer.send_button.setFocus()

    qtbot.mouseClick(composer.send_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)

    assert focused() is composer.editor
    before = temperature(window).value()
    qtbot.keyClicks(focused(), "12")  # the next keystrokes land in the message, not a setting
    assert composer.text() == "12"
    assert temperature(window).value() == before


def test_clicking_stop_leaves_focus_in_the_message_box(qtbot, make_window, engine):
    window = make_window()
    start_long_answer(qtbot, window, engine)
    window.composer.stop_button.setFocus()

    qtbot.mouseClick(window.composer.stop_button, Qt.MouseButton.LeftButton)
    assert focused() is window.composer.editor
    wait_idle(qtbot, window)

    assert focused() is window.composer.editor
    assert stored(window)[-1].status == "cancelled"


def test_an_answer_ending_while_stop_has_focus_gives_focus_to_the_message_box(qtbot, make_window, engine):
    window = make_window()
    engine.enqueue(words("w", 30))
    type_and_send(qtbot, window, "Short one")
    window.composer.stop_button.setFocus()
    assert focused() is window.composer.stop_button

    wait_idle(qtbot, window)

    assert focused() is window.composer.editor


def test_an_answer_ending_does_not_take_focus_from_the_settings_panel(qtbot, make_window, engine):
    window = make_window()
    engine.enqueue(words("w", 30))
    type_and_send(qtbot, window, "Short one")
    temperature(window).setFocus()

    wait_idle(qtbot, window)

    assert focused() is temperature(window) or temperature(window).isAncestorOf(focused())


# -- 2. edit mode ends when the chat changes --------------------------------------------------


def _edit_first_message(qtbot, window) -> int:
    first = stored(window)[0]
    window.chat.browser.anchorClicked.emit(QUrl(f"hearth:edit/{first.id}"))
    assert "Editing" in window.notice.message
    assert window.composer.text() == first.content
    return first.id


def test_switching_chats_while_editing_leaves_edit_mode(qtbot, make_window, engine):
    window = make_window()
    send_and_wait(qtbot, window, "Plan a trip to Lisbon")
    lisbon = window.session.conversation.id
    new_chat_shortcut(qtbot, window)
    send_and_wait(qtbot, window, "Sourdough starter tips")
    bread = window.session.conversation.id
    click_chat(qtbot, window, lisbon)
    before = [m.content for m in window.session.store.messages(lisbon)]
    _edit_first_message(qtbot, window)

    click_chat(qtbot, window, bread)

    assert "Editing" not in window.notice.message
    assert window.composer.text() == ""
    send_and_wait(qtbot, window, "How long should it rise?")
    assert [m.content for m in window.session.store.messages(lisbon)] == before, "the left chat was edited"
    assert stored(window, bread)[-2].content == "How long should it rise?"
    assert [m.role for m in stored(window, bread)] == ["user", "assistant", "user", "assistant"]


def test_new_chat_while_editing_leaves_edit_mode_and_gives_back_the_draft(qtbot, make_window, engine):
    window = make_window()
    send_and_wait(qtbot, window, "Plan a trip to Lisbon")
    lisbon = window.session.conversation.id
    before = [m.content for m in window.session.store.messages(lisbon)]
    window.composer.set_text("half a thought")
    _edit_first_message(qtbot, window)

    new_chat_shortcut(qtbot, window)

    assert window.session.conversation.id != lisbon
    assert "Editing" not in window.notice.message
    assert window.composer.text() == "half a thought", "the text typed before the edit is lost"
    window.composer.set_text("")
    send_and_wait(qtbot, window, "Something else")
    assert [m.content for m in window.session.store.messages(lisbon)] == before
    assert [m.content for m in stored(window)][0] == "Something else"


def test_cancel_edit_hides_the_banner_and_gives_back_the_draft(qtbot, make_window, engine):
    window = make_window()
    send_and_wait(qtbot, window, "Plan a trip to Lisbon")
    window.composer.set_text("half a thought")
    _edit_first_message(qtbot, window)

    window.notice.actionRequested.emit("Cancel edit")

    assert window.notice.message == ""
    assert window.composer.text() == "half a thought"
    send_and_wait(qtbot, window, " and more")
    assert [m.content for m in stored(window) if m.role == "user"] == ["Plan a trip to Lisbon",
                                                                        "half a thought and more"]


# -- 3. the mouse wheel scrolls the settings panel -------------------------------------------


def _wheel(widget, steps: int = -3) -> QWheelEvent:
    where = QPointF(widget.rect().center())
    event = QWheelEvent(where, QPointF(widget.mapToGlobal(where.toPoint())), QPoint(0, 0),
                        QPoint(0, 120 * steps), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)
    return event


def _value(widget):
    return widget.currentIndex() if isinstance(widget, QComboBox) else widget.value()


def test_the_wheel_over_an_unfocused_setting_does_not_change_it(qtbot, make_window):
    window = make_window()
    window.composer.setFocus()
    side = window.side_panel.widget()
    fields = [w for w in side.findChildren(QAbstractSpinBox) + side.findChildren(QComboBox)
              if w.isEnabled() and w.isVisibleTo(window.side_panel)]
    assert len(fields) > 10
    top_k = window.sampling_panel.findChild(QAbstractSpinBox, "top_k")
    assert top_k in fields
    for field in fields:
        if isinstance(field, QComboBox) and field.count() < 2:
            continue
        before = _value(field)
        event = _wheel(field)
        assert _value(field) == before, f"the wheel changed {field.accessibleName()}"
        assert not event.isAccepted(), f"{field.accessibleName()} kept the wheel from the panel"
        assert field.focusPolicy() == Qt.FocusPolicy.StrongFocus, field.accessibleName()


def test_the_wheel_still_changes_a_focused_setting(qtbot, make_window):
    window = make_window()
    top_k = window.sampling_panel.findChild(QAbstractSpinBox, "top_k")
    top_k.setFocus()
    qtbot.waitUntil(top_k.hasFocus, timeout=WAIT_MS)
    before = top_k.value()

    _wheel(top_k, steps=-3)

    assert top_k.value() != before


# -- 4. a chat switch that stops an answer says so --------------------------------------------


def test_switching_chats_mid_answer_says_the_answer_was_stopped_and_kept(qtbot, make_window, engine):
    window = make_window()
    start_long_answer(qtbot, window, engine)
    first = window.session.conversation.id
    title = window.session.store.get_conversation(first).title

    new_chat_shortcut(qtbot, window)

    assert window.session.conversation.id != first
    assert f"The answer in “{title}” was stopped when you switched chats" in window.notice.message
    saved = stored(window, first)[-1]
    assert saved.status == "cancelled" and saved.content.startswith("old0 old1 old2 old3 ")


def test_clicking_another_chat_mid_answer_says_so_too(qtbot, make_window, engine):
    window = make_window()
    send_and_wait(qtbot, window, "Plan a trip to Lisbon")
    lisbon = window.session.conversation.id
    new_chat_shortcut(qtbot, window)
    start_long_answer(qtbot, window, engine, "Sourdough starter tips")

    click_chat(qtbot, window, lisbon)

    assert "“Sourdough starter tips” was stopped when you switched chats" in window.notice.message


def test_switching_chats_when_nothing_is_answering_says_nothing(qtbot, make_window, engine):
    window = make_window()
    send_and_wait(qtbot, window, "Plan a trip to Lisbon")
    lisbon = window.session.conversation.id
    new_chat_shortcut(qtbot, window)
    send_and_wait(qtbot, window, "Sourdough starter tips")

    click_chat(qtbot, window, lisbon)

    assert window.notice.message == ""


# -- 5. Delete on a chat just clicked --------------------------------------------------------


def test_delete_key_deletes_the_chat_just_clicked(qtbot, make_window, engine):
    window = make_window()
    send_and_wait(qtbot, window, "Plan a trip to Lisbon")
    lisbon = window.session.conversation.id
    new_chat_shortcut(qtbot, window)
    send_and_wait(qtbot, window, "Sourdough starter tips")

    click_chat(qtbot, window, lisbon)
    assert focused() is named(window, QListWidget, "Chats")
    qtbot.keyClick(focused(), Qt.Key.Key_Delete)

    assert chat_titles(window) == ["Sourdough starter tips"]
    undo = named(window, QPushButton, "Undo delete")
    assert undo.isVisible()
    qtbot.mouseClick(undo, Qt.MouseButton.LeftButton)
    assert sorted(chat_titles(window)) == ["Plan a trip to Lisbon", "Sourdough starter tips"]


def test_new_chat_still_puts_focus_in_the_message_box(qtbot, make_window, engine):
    window = make_window()
    send_and_wait(qtbot, window, "Plan a trip to Lisbon")
    new_chat_button = named(window, QPushButton, "New chat")

    qtbot.mouseClick(new_chat_button, Qt.MouseButton.LeftButton)

    assert focused() is window.composer.editor


def test_undo_after_two_quick_deletes_brings_both_chats_back(qtbot, make_window, engine):
    window = make_window()
    titles = ["Plan a trip to Lisbon", "Sourdough starter tips", "Knitting a scarf"]
    ids = []
    for i, title in enumerate(titles):
        if i:
            new_chat_shortcut(qtbot, window)
        send_and_wait(qtbot, window, title)
        ids.append(window.session.conversation.id)
    chats = named(window, QListWidget, "Chats")

    for target in ids[:2]:
        click_chat(qtbot, window, target)
        qtbot.keyClick(chats, Qt.Key.Key_Delete)
    assert chat_titles(window) == ["Knitting a scarf"]
    assert window.statusBar().currentMessage() == "Deleted 2 chats."

    qtbot.mouseClick(named(window, QPushButton, "Undo delete"), Qt.MouseButton.LeftButton)

    assert sorted(chat_titles(window)) == sorted(titles)
    assert window.session.conversation.id == ids[1]  # the last one deleted is open again
    assert not named(window, QPushButton, "Undo delete").isVisible()


# -- 6. the edit banner's ✕ ------------------------------------------------------------------


def test_closing_the_edit_banner_ends_the_edit_and_gives_back_the_draft(qtbot, make_window, engine):
    window = make_window()
    send_and_wait(qtbot, window, "Plan a trip to Lisbon")
    window.composer.set_text("half a thought")
    _edit_first_message(qtbot, window)

    qtbot.mouseClick(named(window, QToolButton, "Dismiss notice"), Qt.MouseButton.LeftButton)

    assert window.edits.editing is None and window.notice.message == ""
    assert window.composer.text() == "half a thought"
    send_and_wait(qtbot, window, " and more")
    assert [m.content for m in stored(window) if m.role == "user"] == ["Plan a trip to Lisbon",
                                                                        "half a thought and more"]


def test_closing_another_notice_while_editing_brings_the_edit_banner_back(qtbot, make_window, engine):
    window = make_window()
    send_and_wait(qtbot, window, "Plan a trip to Lisbon")
    message_id = _edit_first_message(qtbot, window)
    window.notice.show_message("Something else went wrong.")

    qtbot.mouseClick(named(window, QToolButton, "Dismiss notice"), Qt.MouseButton.LeftButton)

    assert window.edits.editing == message_id and "Editing" in window.notice.message
