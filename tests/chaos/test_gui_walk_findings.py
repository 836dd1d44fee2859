"""What the GUI random walk (:mod:`tests.chaos.test_gui_random`) found, pinned down one by one."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QListWidget

from app.engine.fake import FakeEngine
from app.ui.message_edit import BANNER
from tests.gui.conftest import TOKEN_DELAY_S, WindowFactory
from tests.gui.test_main_window import doc, named, new_chat_shortcut, send_and_wait, stored, type_and_send, words


@pytest.fixture
def engine() -> FakeEngine:
    return FakeEngine(token_delay=TOKEN_DELAY_S)


@pytest.fixture
def make_window(qtbot, engine):
    factory = WindowFactory(qtbot, engine)
    yield factory
    factory.close_all()


def click_chat(qtbot, window, conversation_id: int) -> None:
    chats = named(window, QListWidget, "Chats")
    item = next(chats.item(row) for row in range(chats.count())
                if chats.item(row).data(Qt.ItemDataRole.UserRole) == conversation_id)
    qtbot.mouseClick(chats.viewport(), Qt.MouseButton.LeftButton, pos=chats.visualItemRect(item).center())


def click(window, url: str) -> None:
    window.chat.browser.anchorClicked.emit(QUrl(url))


def test_a_chat_clicked_while_another_answers_is_the_one_highlighted_and_deleted(qtbot, make_window, engine):
    """Stopping the answer moves its chat to the top of the list while the click is being handled;
    the highlight (and so the Delete key) used to land on the row that came under the pointer."""
    window = make_window()
    chats = []
    for text in ("Oldest", "Middle", "Newest"):
        new_chat_shortcut(qtbot, window)
        send_and_wait(qtbot, window, text)
        chats.append(window.session.conversation.id)
    oldest, middle, newest = chats
    click_chat(qtbot, window, oldest)
    engine.token_delay = 0.01
    engine.enqueue(words("t", 1000))
    click(window, f"hearth:regenerate/{stored(window)[-1].id}")  # the list is not reordered yet
    qtbot.waitUntil(lambda: "t3 " in doc(window), timeout=10_000)

    click_chat(qtbot, window, middle)

    assert window.session.conversation.id == middle
    assert window.conversations.current_id() == middle
    assert window.conversations.list_has_focus()
    qtbot.keyClick(named(window, QListWidget, "Chats"), Qt.Key.Key_Delete)
    assert window.session.store.get_conversation(middle) is None  # deleted (Undo can bring it back)
    assert window.session.store.get_conversation(newest) is not None


def test_editing_ends_when_the_message_leaves_the_branch_shown(qtbot, make_window, engine):
    """Send used to do nothing, silently and for good, once the message being edited was no
    longer shown (a branch or a Regenerate above it had replaced the branch)."""
    window = make_window()
    send_and_wait(qtbot, window, "First question")
    send_and_wait(qtbot, window, "Second question")
    first_answer, second_question = stored(window)[1], stored(window)[2]
    window.composer.set_text("a draft")
    click(window, f"hearth:edit/{second_question.id}")
    assert window.edits.editing == second_question.id

    click(window, f"hearth:regenerate/{first_answer.id}")  # a new branch without the second question

    assert window.edits.editing is None
    assert window.notice.message != BANNER
    assert window.composer.text() == "a draft"
    qtbot.waitUntil(lambda: not window.session.busy, timeout=10_000)
    type_and_send(qtbot, window, " and more")
    assert [m.content for m in stored(window) if m.role == "user"] == ["First question", "a draft and more"]


def test_an_edit_sent_still_gives_back_the_draft(qtbot, make_window):
    window = make_window()
    send_and_wait(qtbot, window, "Question")
    window.composer.set_text("a draft")
    click(window, f"hearth:edit/{stored(window)[0].id}")
    window.composer.set_text("A better question")
    qtbot.keyClick(window.composer.editor, Qt.Key.Key_Return)
    assert window.edits.editing is None and window.composer.text() == "a draft"
    assert stored(window)[0].content == "A better question"
