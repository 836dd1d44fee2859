"""Composer: Enter sends, Shift+Enter adds a line, Esc stops, busy blocks sending."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.ui.composer import PLACEHOLDER, Composer


@pytest.fixture
def composer(qtbot):
    widget = Composer()
    widget.resize(500, 100)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.setFocus()
    return widget


def test_accessible_names_and_placeholder(composer):
    assert composer.editor.accessibleName() == "Message"
    assert composer.send_button.accessibleName() == "Send"
    assert composer.stop_button.accessibleName() == "Stop"
    assert composer.editor.placeholderText() == PLACEHOLDER
    assert composer.focusProxy() is composer.editor


def test_enter_sends_stripped_text_and_clears(composer, qtbot):
    qtbot.keyClicks(composer.editor, "  hello there  ")
    with qtbot.waitSignal(composer.sendRequested, timeout=1000) as sent:
        qtbot.keyClick(composer.editor, Qt.Key.Key_Return)
    assert sent.args == ["hello there"]
    assert composer.text() == ""


def test_send_button_sends(composer, qtbot):
    composer.set_text("via button")
    with qtbot.waitSignal(composer.sendRequested, timeout=1000) as sent:
        qtbot.mouseClick(composer.send_button, Qt.MouseButton.LeftButton)
    assert sent.args == ["via button"]


def test_empty_text_does_not_send(composer, qtbot):
    qtbot.keyClicks(composer.editor, "   ")
    assert not composer.send_button.isEnabled()
    with qtbot.assertNotEmitted(composer.sendRequested, wait=50):
        qtbot.keyClick(composer.editor, Qt.Key.Key_Return)


def test_shift_enter_inserts_a_newline(composer, qtbot):
    qtbot.keyClicks(composer.editor, "line one")
    with qtbot.assertNotEmitted(composer.sendRequested, wait=50):
        qtbot.keyClick(composer.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(composer.editor, "line two")
    assert composer.text() == "line one\nline two"


def test_escape_requests_stop(composer, qtbot):
    composer.set_busy(True)
    with qtbot.waitSignal(composer.stopRequested, timeout=1000):
        qtbot.keyClick(composer.editor, Qt.Key.Key_Escape)


def test_busy_disables_send_and_shows_stop(composer, qtbot):
    assert composer.stop_button.isHidden()
    composer.set_busy(True)
    qtbot.keyClicks(composer.editor, "queued question")
    assert not composer.send_button.isEnabled()
    assert composer.stop_button.isVisible() and composer.stop_button.isEnabled()
    with qtbot.assertNotEmitted(composer.sendRequested, wait=50):
        qtbot.keyClick(composer.editor, Qt.Key.Key_Return)
    assert composer.text() == "queued question"      # kept for when the answer is done
    with qtbot.waitSignal(composer.stopRequested, timeout=1000):
        qtbot.mouseClick(composer.stop_button, Qt.MouseButton.LeftButton)
    composer.set_busy(False)
    assert composer.stop_button.isHidden()
    assert composer.send_button.isEnabled()


def test_box_grows_from_one_to_eight_lines(composer, qtbot):
    one_line = composer.editor.height()
    composer.set_text("a\nb\nc")
    qtbot.waitUntil(lambda: composer.editor.height() > one_line)
    three_lines = composer.editor.height()
    composer.set_text("\n".join("x" * 30))
    qtbot.waitUntil(lambda: composer.editor.height() > three_lines)
    eight_lines = composer.editor.height()
    composer.set_text("\n".join("y" * 60))
    qtbot.wait(20)
    assert composer.editor.height() == eight_lines
    composer.set_text("")
    qtbot.waitUntil(lambda: composer.editor.height() == one_line)


def test_set_text_for_editing_puts_cursor_at_end(composer, qtbot):
    composer.set_text("edit me")
    qtbot.keyClicks(composer.editor, "!")
    assert composer.text() == "edit me!"
