"""The main window's shell for everyone: the keyboard shortcuts page, the Language menu, a window
that fits its screen, a status bar that tells the truth, no pile of empty chats, a search that
says when nothing matches, screen-reader announcements, and times and texts in Chinese."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QRect, QSize, QStandardPaths, Qt, QTranslator
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QKeySequence
from PySide6.QtWidgets import (QApplication, QFileDialog, QLabel, QLineEdit, QListWidget, QPushButton,
                               QStyleOptionViewItem, QTableWidget)

from app import i18n
from app.settings import AppSettings
from app.ui import dialogs
from app.ui.answer_status import beginning
from app.ui.conversation_list import relative_time
from app.ui.message_edit import BANNER, CANCEL
from app.ui.shortcuts_dialog import ShortcutsDialog
from app.ui.window_size import MINIMUM, START_MAX, start_geometry
from tests.gui.test_main_window import (
    WAIT_MS,
    chat_titles,
    click_chat,
    named,
    new_chat_shortcut,
    send_and_wait,
    type_and_send,
    wait_idle,
    words,
)

NATIVE = QKeySequence.SequenceFormat.NativeText
REPO = Path(__file__).resolve().parents[2]


def menu_action(window, *path: str):
    """The action at ``path`` of menu texts (mnemonics ignored), e.g. ("View", "Language", "English")."""
    actions = window.menuBar().actions()
    for depth, text in enumerate(path):
        action = next(a for a in actions if a.text().replace("&", "") == text)
        if depth == len(path) - 1:
            return action
        actions = action.menu().actions()
    raise AssertionError(path)


def shortcuts_dialog(window) -> ShortcutsDialog | None:
    shown = [d for d in window.findChildren(ShortcutsDialog) if d.isVisible()]
    return shown[0] if shown else None


def at_minimum(qtbot, window) -> None:
    """Make the window as small as it goes (its panels may need a few pixels more than MINIMUM)."""
    window.resize(MINIMUM)
    qtbot.waitUntil(lambda: window.width() < MINIMUM.width() + 20 and window.height() < MINIMUM.height() + 20,
                    timeout=WAIT_MS)


def table_rows(table: QTableWidget) -> list[tuple[str, str, str]]:
    return [tuple(table.item(row, column).text() for column in range(3)) for row in range(table.rowCount())]


# -- 1. the keyboard shortcuts page -----------------------------------------------------------


def test_f1_shows_every_shortcut_and_esc_closes_it(qtbot, make_window):
    window = make_window()

    qtbot.keyClick(window.composer.editor, Qt.Key.Key_F1)

    dialog = shortcuts_dialog(window)
    assert dialog is not None and dialog.windowTitle() == "Keyboard shortcuts"
    table = named(dialog, QTableWidget, "Keyboard shortcuts")
    assert table.accessibleDescription()
    rows = table_rows(table)
    commands = {what: keys for _where, what, keys in rows}
    assert commands["New chat"] == QKeySequence(QKeySequence.StandardKey.New).toString(NATIVE)
    assert commands["Find chat…"] == QKeySequence(QKeySequence.StandardKey.Find).toString(NATIVE)
    assert commands["Show settings panel"] == QKeySequence("Ctrl+,").toString(NATIVE)
    assert "Ctrl+/" in commands["Keyboard shortcuts"]
    for expected in ("Send the message", "Start a new line", "Stop the answer", "Rename the selected chat",
                     "Delete the selected chat", "Clear the search", "Close the Models window"):
        assert commands[expected], expected
    # Every key of the window's menus is listed.
    listed = {keys for _where, _what, keys in rows}
    for action in window.actions():
        for key in (k for k in action.shortcuts() if not k.isEmpty()):  # Quit has no key on some systems
            assert any(key.toString(NATIVE) in keys.split(", ") for keys in listed), action.text()
    assert all(where and what and keys for where, what, keys in rows)

    qtbot.waitUntil(dialog.isActiveWindow, timeout=WAIT_MS)
    qtbot.keyClick(table, Qt.Key.Key_Escape)
    assert shortcuts_dialog(window) is None


def test_ctrl_slash_shows_the_shortcuts_too_and_only_once(qtbot, make_window):
    window = make_window()
    qtbot.keyClick(window.composer.editor, Qt.Key.Key_Slash, Qt.KeyboardModifier.ControlModifier)
    first = shortcuts_dialog(window)
    assert first is not None
    menu_action(window, "Help", "Keyboard shortcuts").trigger()
    assert [d for d in window.findChildren(ShortcutsDialog) if d.isVisible()] == [first]
    first.close()


# -- 2. View → Language ----------------------------------------------------------------------


def test_the_language_menu_saves_the_choice_for_the_next_start(qtbot, make_window):
    window = make_window(settings=AppSettings(language="en"))
    choices = {key: menu_action(window, "View", "Language", name)
               for key, name in (("system", "System language"), ("en", "English"), ("zh_CN", "简体中文"))}
    assert all(a.isCheckable() for a in choices.values())
    assert choices["en"].actionGroup().isExclusive()
    assert [k for k, a in choices.items() if a.isChecked()] == ["en"]

    choices["zh_CN"].trigger()

    assert [k for k, a in choices.items() if a.isChecked()] == ["zh_CN"]
    assert AppSettings.read().language == "zh_CN"
    assert window.statusBar().currentMessage() == "Hearth will use 简体中文 the next time it starts."

    choices["system"].trigger()
    assert AppSettings.read().language == "system"
    assert "system language" in window.statusBar().currentMessage()


# -- 3. the window's size ----------------------------------------------------------------------


def test_a_first_start_opens_at_most_1280_by_860_centred():
    big = QRect(0, 0, 2560, 1400)
    assert start_geometry(big).size() == START_MAX
    assert start_geometry(big).center() == big.center()
    laptop = QRect(0, 24, 1366, 744)
    rect = start_geometry(laptop)
    assert rect.size() == QSize(1092, 595)
    assert laptop.contains(rect) and abs(rect.center().x() - laptop.center().x()) <= 1
    tiny = QRect(0, 0, 800, 600)
    assert start_geometry(tiny).size() == QSize(MINIMUM.width(), MINIMUM.height())


def test_the_window_opens_on_its_screen_and_a_saved_size_wins(qtbot, make_window):
    window = make_window(settings=AppSettings())
    available = window.screen().availableGeometry()
    assert available.contains(window.geometry())
    assert window.minimumSize().width() >= MINIMUM.width() and window.minimumSize().height() >= MINIMUM.height()
    window.resize(MINIMUM.width() + 30, MINIMUM.height() + 20)
    make_window.close(window)

    again = make_window()
    assert again.size() == QSize(MINIMUM.width() + 30, MINIMUM.height() + 20)


def test_at_the_minimum_size_the_chat_list_shows_titles(qtbot, make_window, engine):
    window = make_window(settings=AppSettings())
    title = "Plan a week of vegetarian dinners"
    send_and_wait(qtbot, window, title)
    at_minimum(qtbot, window)

    chats = named(window, QListWidget, "Chats")
    index = chats.model().index(0, 0)
    option = QStyleOptionViewItem()
    chats.initViewItemOption(option)
    option.rect = chats.visualRect(index)
    _title_rect, shown, _rect, _when = chats.itemDelegate().parts(option, index)
    assert len(shown.rstrip("…")) >= 12 and title.startswith(shown.rstrip("…"))
    assert window.chat.width() >= 400


def test_the_settings_panel_widens_the_window_instead_of_covering_the_chat(qtbot, make_window):
    window = make_window(settings=AppSettings())
    at_minimum(qtbot, window)
    center = window.chat.parentWidget()

    window.toggle_side_panel()
    qtbot.waitUntil(lambda: window.width() > MINIMUM.width() + 100, timeout=WAIT_MS)
    qtbot.wait(50)

    assert window.side_panel.isVisible()
    assert center.width() >= center.minimumSizeHint().width()
    assert window.chat.width() >= 400
    assert window.conversations.width() >= window.conversations.minimumWidth()


def every_setting_fits(qtbot, window) -> None:
    window.show()
    qtbot.waitExposed(window)
    window.resize(MINIMUM)  # the splitter gives the panel no more than its minimum
    qtbot.wait(50)
    content = window.side_panel.widget()
    assert window.side_panel.isVisible()
    assert content.width() >= content.minimumSizeHint().width(), "a row of the settings panel is cut off"
    assert not window.side_panel.horizontalScrollBar().isVisible()


def test_every_row_of_the_settings_panel_fits_its_width(qtbot, make_window):
    every_setting_fits(qtbot, make_window(settings=AppSettings(show_side_panel=True)))


# -- 4. the settings panel ---------------------------------------------------------------------


def test_the_settings_panel_starts_closed_and_opening_it_is_saved_at_once(qtbot, make_window):
    window = make_window(settings=AppSettings())
    assert window.side_panel.isHidden()
    check = menu_action(window, "View", "Show settings panel")
    assert check.isCheckable() and not check.isChecked()

    check.trigger()

    assert window.side_panel.isVisible() and check.isChecked()
    assert AppSettings.read().show_side_panel  # saved now, not only when the window closes
    check.trigger()
    assert window.side_panel.isHidden() and not AppSettings.read().show_side_panel


# -- 5. the status bar -------------------------------------------------------------------------


def test_the_status_bar_says_an_answer_is_being_written_and_then_ready(qtbot, make_window, engine):
    window = make_window()
    status = window.answer_status.label
    ready = f"{window.host.model_info.name} ready"
    assert status.text() == ready
    engine.token_delay = 0.01
    engine.enqueue(words("w", 300))
    seen = []  # a QLabel has no textChanged: sample it while the answer is written
    type_and_send(qtbot, window, "Tell me a story")
    while window.session.busy:
        seen.append(status.text())
        qtbot.wait(50)
    seen.append(status.text())

    writing = [text for text in seen[:-1] if text.startswith("Writing the answer…")]
    assert writing and all("ready" not in text for text in seen[:-1]), seen
    assert any("token/s" in text for text in writing), seen
    qtbot.waitUntil(lambda: status.text() == ready, timeout=WAIT_MS)


# -- 6. empty chats ----------------------------------------------------------------------------


def test_new_chat_on_an_empty_chat_keeps_it_and_focuses_the_message_box(qtbot, make_window):
    window = make_window()
    empty = window.session.conversation.id
    named(window, QLineEdit, "Search chats").setFocus()

    qtbot.mouseClick(named(window, QPushButton, "New chat"), Qt.MouseButton.LeftButton)

    assert window.session.conversation.id == empty
    assert QApplication.focusWidget() is window.composer.editor
    assert len(chat_titles(window)) == 1


def test_an_empty_chat_left_behind_is_deleted(qtbot, make_window, engine):
    window = make_window()
    send_and_wait(qtbot, window, "Plan a trip to Lisbon")
    lisbon = window.session.conversation.id
    new_chat_shortcut(qtbot, window)
    empty = window.session.conversation.id
    assert len(chat_titles(window)) == 2

    click_chat(qtbot, window, lisbon)

    assert chat_titles(window) == ["Plan a trip to Lisbon"]
    store = window.session.store
    assert store.get_conversation(empty, include_deleted=True) is None  # gone from the database
    assert empty not in store.conversation_ids()


def test_an_empty_chat_whose_settings_were_changed_stays(qtbot, make_window, engine):
    window = make_window()
    send_and_wait(qtbot, window, "Plan a trip to Lisbon")
    lisbon = window.session.conversation.id
    new_chat_shortcut(qtbot, window)
    prepared = window.session.conversation.id
    window.session.set_system_prompt("Answer in haiku.")

    click_chat(qtbot, window, lisbon)

    assert prepared in [c.id for c in window.session.store.list_conversations()]
    assert len(chat_titles(window)) == 2


# -- 7. the export dialog ----------------------------------------------------------------------


def test_export_starts_in_the_documents_folder(qtbot, make_window, tmp_path, monkeypatch):
    home = tmp_path / "person"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    documents = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation))
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (asked.append(args), ("", ""))[1])
    window = make_window()
    send_and_wait(qtbot, window, "Sourdough starter tips")

    window.export_chat(None)

    assert Path(asked[0][2]).parent == documents
    assert Path(asked[0][2]).name == "Sourdough starter tips.md"
    assert documents != Path.home()


def test_without_a_documents_folder_export_starts_at_home(monkeypatch, tmp_path):
    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda _where: str(tmp_path / "missing"))
    assert dialogs.documents_folder() == Path.home()


# -- 8. the chat list's search -----------------------------------------------------------------


def test_a_search_without_a_match_says_so_and_esc_clears_it(qtbot, make_window, engine):
    window = make_window()
    send_and_wait(qtbot, window, "Plan a trip to Lisbon")
    new_chat_shortcut(qtbot, window)
    send_and_wait(qtbot, window, "Sourdough starter tips")
    search = named(window, QLineEdit, "Search chats")
    search.setFocus()

    qtbot.keyClicks(search, "kayak")

    qtbot.waitUntil(lambda: window.conversations.no_match_text() == "No chats match “kayak”.", timeout=WAIT_MS)
    sentence = window.conversations.findChild(QLabel, "noMatch")
    assert sentence.isVisible() and not named(window, QListWidget, "Chats").isVisible()

    engine.token_delay = 0.01
    qtbot.keyClick(search, Qt.Key.Key_Escape)

    assert search.text() == ""
    assert sorted(chat_titles(window)) == ["Plan a trip to Lisbon", "Sourdough starter tips"]
    assert not sentence.isVisible() and named(window, QListWidget, "Chats").isVisible()
    assert window.conversations.no_match_text() == ""


def test_esc_in_an_empty_search_still_stops_the_answer(qtbot, make_window, engine):
    window = make_window()
    engine.token_delay = 0.01
    engine.enqueue(words("x", 1000))
    type_and_send(qtbot, window, "Write a long story")
    qtbot.waitUntil(lambda: window.session.live_text.startswith("x0 x1 "), timeout=WAIT_MS)
    search = named(window, QLineEdit, "Search chats")
    search.setFocus()

    qtbot.keyClick(search, Qt.Key.Key_Escape)

    wait_idle(qtbot, window)
    assert window.session.store.tree.path(window.session.conversation.id)[-1].status == "cancelled"


# -- 9. screen readers -------------------------------------------------------------------------


@pytest.fixture
def announcements(monkeypatch) -> list[str]:
    heard: list[str] = []
    real = QAccessible.updateAccessibility

    def record(event):
        if isinstance(event, QAccessibleAnnouncementEvent):
            heard.append(event.message())
        else:
            real(event)

    monkeypatch.setattr(QAccessible, "updateAccessibility", record)
    return heard


def test_a_finished_answer_is_announced_once_with_its_beginning(qtbot, make_window, engine, announcements):
    window = make_window()
    engine.enqueue(words("word", 120))

    send_and_wait(qtbot, window, "Say many words")

    assert len(announcements) == 1
    said = announcements[0]
    assert said.startswith("Answer finished. word0 word1 word2")
    assert len(said) <= len("Answer finished. ") + 201 and said.endswith("…")


def test_a_stopped_answer_is_announced_as_stopped(qtbot, make_window, engine, announcements):
    window = make_window()
    engine.token_delay = 0.01
    engine.enqueue(words("x", 1000))
    type_and_send(qtbot, window, "Write a long story")
    qtbot.waitUntil(lambda: "x3 " in window.session.live_text, timeout=WAIT_MS)

    window.session.stop()
    wait_idle(qtbot, window)

    assert announcements == ["Answer stopped."]


def test_the_announced_beginning_is_plain_words():
    assert beginning("## Steps\n\n- **Mix** the `flour`\n- Wait") == "Steps Mix the flour Wait"
    long = beginning("word " * 100)
    assert len(long) <= 201 and long.endswith("word…")


# -- 10. times, dates and texts in Chinese ------------------------------------------------------


def test_relative_times_are_whole_sentences_with_local_numbers():
    noon = datetime(2025, 3, 14, 12, 0).timestamp()
    assert relative_time(noon - 60, noon) == "1 min ago"
    assert relative_time(noon - 3600, noon) == "1 h ago"
    assert relative_time(datetime(2025, 3, 10, 9, 0).timestamp(), noon) == "4 days ago"
    assert relative_time(datetime(2024, 11, 30, 9, 0).timestamp(), noon) == "Nov 30, 2024"


def test_the_edit_banner_constants_are_its_english_texts(qtbot, make_window):
    window = make_window()
    assert (window.edits.banner(), window.edits.cancel_text()) == (BANNER, CANCEL)


def _chinese_translation(tmp_path: Path) -> Path:
    """Hearth's Simplified Chinese, compiled from its .ts."""
    ts = i18n.ts_path("zh_CN")
    qm = tmp_path / "zh_CN.qm"
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    subprocess.run([str(lrelease), "-silent", str(ts), "-qm", str(qm)], check=True)
    return qm


@pytest.fixture
def chinese(qapp, tmp_path):
    from PySide6.QtCore import QLocale

    translator = QTranslator()
    assert translator.load(str(_chinese_translation(tmp_path)))
    before = QLocale()
    qapp.installTranslator(translator)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    yield
    qapp.removeTranslator(translator)
    QLocale.setDefault(before)


def test_in_chinese_the_shell_speaks_chinese(qtbot, make_window, chinese):
    noon = datetime(2025, 3, 14, 12, 0).timestamp()
    assert relative_time(noon - 5, noon) == "刚刚"
    assert relative_time(noon - 1500, noon) == "25 分钟前"
    assert relative_time(datetime(2025, 1, 2, 9, 0).timestamp(), noon) == "1月2日"
    assert relative_time(datetime(2024, 1, 2, 9, 0).timestamp(), noon) == "2024年1月2日"

    window = make_window()
    assert [a.text() for a in window.menuBar().actions()][:2] == ["文件(&F)", "对话(&C)"]
    assert named(window, QLineEdit, "搜索对话").placeholderText() == "搜索对话"
    send_and_wait(qtbot, window, "Plan a trip to Lisbon")
    window.edits.start(window.session.messages[0].id)
    assert window.notice.message == window.edits.banner() != BANNER
    action = named(window, QPushButton, "提示操作")
    assert action.text() == "取消编辑"
    qtbot.mouseClick(action, Qt.MouseButton.LeftButton)  # compared in the language shown: the edit ends
    assert window.edits.editing is None and not window.notice.isVisible()
    assert QCoreApplication.translate("write_faults", "Hearth could not save your chats: the disk that holds "
                                      "{folder} is full. Free some space on it; nothing you wrote is lost.") \
        .startswith("Hearth 无法保存")


def test_every_row_of_the_settings_panel_fits_its_width_in_chinese(qtbot, make_window, chinese):
    every_setting_fits(qtbot, make_window(settings=AppSettings(show_side_panel=True)))
