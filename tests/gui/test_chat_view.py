"""ChatView: rendering, the streaming message and its unstable tail, links, scrolling."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QGuiApplication, QTextCursor

import app.ui.markdown as markdown_module
from app.ui.chat_view import ChatView, MessageView
from app.ui.message_html import format_stats
from app.ui.throttle import Throttle

CODE_ANSWER = "Here:\n\n```python\nprint('hi')\n```\n\nDone."


@pytest.fixture
def view(qtbot):
    widget = ChatView(render_interval_ms=20)
    widget.resize(700, 500)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def text_of(view: ChatView) -> str:
    return view.browser.document().toPlainText()


def blocks_of(view: ChatView) -> list[str]:
    """Non-empty block texts in document order (empty spacer blocks are layout only)."""
    out, block = [], view.browser.document().begin()
    while block.isValid():
        if block.text().strip():
            out.append(block.text())
        block = block.next()
    return out


def anchor_point(view: ChatView, href: str) -> QPoint:
    """Scroll the link with ``href`` into view and return a point on it, in viewport coordinates."""
    doc = view.browser.document()
    block = doc.begin()
    while block.isValid():
        for it in block:
            fragment = it.fragment()
            if fragment.charFormat().anchorHref() == href:
                cursor = QTextCursor(doc)
                cursor.setPosition(fragment.position() + fragment.length() // 2)
                view.browser.setTextCursor(cursor)
                view.browser.ensureCursorVisible()
                return view.browser.cursorRect(cursor).center()
        block = block.next()
    raise AssertionError(f"no link to {href}")


def click_link(qtbot, view: ChatView, href: str) -> None:
    qtbot.mouseClick(view.browser.viewport(), Qt.MouseButton.LeftButton, pos=anchor_point(view, href))


def test_set_messages_renders_roles_and_accessible_name(view):
    view.set_messages([
        MessageView(1, "system", "Be brief."),
        MessageView(2, "user", "Hello *there*"),
        MessageView(3, "assistant", "Hi **you**", model="SmolLM2"),
    ])
    blocks = blocks_of(view)
    assert "System" in blocks and "You" in blocks
    assert "Assistant · SmolLM2" in blocks
    assert "Hello *there*" in blocks          # the user's text is shown as typed
    assert "Hi you" in blocks                 # the answer is Markdown
    assert view.browser.accessibleName() == "Conversation"
    assert not view.browser.openLinks()


def test_streaming_text_appears_at_once_and_is_rendered_as_markdown(view, qtbot):
    view.set_messages([MessageView(1, "user", "hi")])
    view.begin_live(2, "SmolLM2")
    assert view.live_message_id == 2
    for piece in ["Hello", " **wor", "ld**"]:
        view.append_live_text(piece)
    assert "Hello **wor" in text_of(view) or "Hello world" in text_of(view)
    qtbot.waitUntil(lambda: "Hello world" in blocks_of(view))
    assert "Assistant · SmolLM2" in blocks_of(view)


def test_only_the_unstable_tail_is_re_rendered(view, qtbot, monkeypatch):
    rendered: list[str] = []
    real = markdown_module.render_markdown

    def spy(text, *args, **kwargs):
        rendered.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(markdown_module, "render_markdown", spy)
    view.begin_live(5)
    view.append_live_text("First paragraph, stable.\n\nSecond")
    qtbot.waitUntil(lambda: not view._stream._throttle.pending)
    doc = view.browser.document()
    first = doc.find("First paragraph, stable.")
    position = first.position()
    rendered.clear()
    for word in [" grows", " and", " grows", "\n- item"]:
        view.append_live_text(word)
        qtbot.wait(30)
    qtbot.waitUntil(lambda: not view._stream._throttle.pending)
    assert rendered, "the tail was re-rendered"
    assert all("First paragraph" not in text for text in rendered)
    assert doc.find("First paragraph, stable.").position() == position
    assert "Second grows and grows" in blocks_of(view)


def test_tail_rendering_ends_like_a_full_render(view, qtbot):
    answer = (
        "# Plan\n\nIntro with `code` and *emphasis*.\n\n1. one\n2. two\n\n   indented more\n\n"
        "```python\ndef f():\n\n    return 1\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n> quote\n\nThe end."
    )
    view.begin_live(9, "m")
    for i in range(0, len(answer), 7):
        view.append_live_text(answer[i:i + 7])
        if i % 21 == 0:
            qtbot.wait(25)
    view.finish_live("complete", None, answer)
    reference = ChatView()
    qtbot.addWidget(reference)
    reference.set_messages([MessageView(9, "assistant", answer, model="m")])
    assert blocks_of(view) == blocks_of(reference)


def test_long_code_block_streams_line_by_line(view, qtbot, monkeypatch):
    """Each tick highlights only the lines that completed; the block is never rendered whole."""
    markdown_calls: list[str] = []
    line_calls: list[str] = []
    real_markdown, real_lines = markdown_module.render_markdown, markdown_module.code_lines_html
    monkeypatch.setattr(markdown_module, "render_markdown",
                        lambda text, *a, **k: markdown_calls.append(text) or real_markdown(text, *a, **k))
    monkeypatch.setattr(markdown_module, "code_lines_html",
                        lambda lines, *a, **k: line_calls.append(lines) or real_lines(lines, *a, **k))
    code = "".join(f"value = step(value, {n})  # line {n}\n" for n in range(300))
    answer = f"Intro.\n\n```python\n{code}```\n\nOutro."
    view.begin_live(7, "m")
    for i in range(0, len(answer), 9):
        view.append_live_text(answer[i:i + 9])
        view._stream._throttle.flush()
    assert max(len(text) for text in markdown_calls) < 200
    assert max(lines.count("\n") for lines in line_calls) <= 2
    assert "".join(line_calls) == code
    with qtbot.waitSignal(view.copied, timeout=1000):
        view.browser.anchorClicked.emit(QUrl("hearth:copy-code/7/0"))
    assert QGuiApplication.clipboard().text() == code
    view.finish_live("complete", None, answer)
    reference = ChatView()
    qtbot.addWidget(reference)
    reference.set_messages([MessageView(7, "assistant", answer, model="m")])
    assert blocks_of(view) == blocks_of(reference)


def test_long_tight_list_is_rendered_item_by_item(view, qtbot, monkeypatch):
    rendered: list[str] = []
    real = markdown_module.render_markdown
    monkeypatch.setattr(markdown_module, "render_markdown",
                        lambda text, *a, **k: rendered.append(text) or real(text, *a, **k))
    answer = "Items:\n\n" + "".join(f"{n}. item number {n}\n" for n in range(1, 201)) + "\nDone."
    view.begin_live(6)
    for i in range(0, len(answer), 5):
        view.append_live_text(answer[i:i + 5])
        view._stream._throttle.flush()
    view.finish_live("complete", None, answer)
    assert max(len(text) for text in rendered) < 60
    reference = ChatView()
    qtbot.addWidget(reference)
    reference.set_messages([MessageView(6, "assistant", answer)])
    assert blocks_of(view) == blocks_of(reference)
    labels = [b.textList().itemText(b) for b in _list_blocks(view)]
    assert labels == [f"{n}." for n in range(1, 201)]  # the numbering goes on across the pieces


def _list_blocks(view: ChatView) -> list:
    out, block = [], view.browser.document().begin()
    while block.isValid():
        if block.textList() is not None:
            out.append(block)
        block = block.next()
    return out


@pytest.mark.parametrize("answer", ["```sh\necho 1\necho 2", "```sh\necho 1\necho 2\n```"])
def test_answer_that_ends_in_a_code_block(view, qtbot, answer):
    view.begin_live(8)
    view.append_live_text(answer)
    view._stream._throttle.flush()
    view.finish_live("cancelled", None, answer)
    blocks = [b.strip() for b in blocks_of(view)]
    assert blocks[1:4] == ["sh\xa0\xa0Copy code", "echo 1", "echo 2"]
    assert not any("```" in b for b in blocks)
    with qtbot.waitSignal(view.copied, timeout=1000):
        view.browser.anchorClicked.emit(QUrl("hearth:copy-code/8/0"))
    assert QGuiApplication.clipboard().text() == "echo 1\necho 2\n"


def test_code_block_copy_puts_code_on_clipboard(view, qtbot):
    view.set_messages([MessageView(1, "user", "code?"), MessageView(2, "assistant", CODE_ANSWER)])
    with qtbot.waitSignal(view.copied, timeout=2000) as note:
        click_link(qtbot, view, "hearth:copy-code/2/0")
    assert note.args == ["Copied code"]
    assert QGuiApplication.clipboard().text() == "print('hi')\n"


def test_code_block_copy_works_while_streaming(view, qtbot):
    view.begin_live(4)
    view.append_live_text("```sh\necho 1\n```\n\nnow more")
    qtbot.waitUntil(lambda: not view._stream._throttle.pending)
    with qtbot.waitSignal(view.copied, timeout=2000):
        view.browser.anchorClicked.emit(QUrl("hearth:copy-code/4/0"))
    assert QGuiApplication.clipboard().text() == "echo 1\n"


@pytest.mark.parametrize(("href", "action", "message_id"), [
    ("hearth:regenerate/2", "regenerate", 2),
    ("hearth:edit/1", "edit", 1),
])
def test_action_links_emit_action_requested(view, qtbot, href, action, message_id):
    view.set_messages([MessageView(1, "user", "question"), MessageView(2, "assistant", "answer")])
    with qtbot.waitSignal(view.actionRequested, timeout=2000) as signal:
        click_link(qtbot, view, href)
    assert signal.args == [action, message_id]


def test_copy_message_link_copies_and_reports(view, qtbot):
    view.set_messages([MessageView(1, "user", "question"), MessageView(2, "assistant", "**answer**")])
    with qtbot.waitSignals([view.copied, view.actionRequested], timeout=2000):
        click_link(qtbot, view, "hearth:copy/2")
    assert QGuiApplication.clipboard().text() == "**answer**"


def test_model_written_action_links_are_not_links(view, qtbot):
    view.set_messages([MessageView(2, "assistant", "[regenerate](hearth:regenerate/2) <a href='x'>y</a>")])
    with pytest.raises(AssertionError):
        anchor_point(view, "x")
    assert "<a href='x'>y</a>" in text_of(view)


def test_finish_shows_stats_footer_and_links(view, qtbot):
    view.begin_live(3, "SmolLM2")
    view.append_live_text("Answer text.")
    stats = {"decode_tok_s": 42.13, "ttft_ms": 180.4, "completion_tokens": 312}
    view.finish_live("complete", stats, "Answer text.")
    assert view.live_message_id is None
    assert any("42.1 tok/s · 180 ms to first token · 312 tokens" in b for b in blocks_of(view))
    anchor_point(view, "hearth:copy/3")
    anchor_point(view, "hearth:regenerate/3")
    assert view.messages()[-1] == MessageView(3, "assistant", "Answer text.", "complete", "SmolLM2", stats)


def test_finish_with_different_final_text_re_renders_the_answer(view, qtbot):
    view.begin_live(3)
    view.append_live_text("Old start.\n\nOld tail<|im_end|>")
    qtbot.waitUntil(lambda: not view._stream._throttle.pending)
    view.finish_live("cancelled", {"completion_tokens": 1}, "New answer.")
    blocks = blocks_of(view)
    assert "New answer." in blocks and not any("Old" in b for b in blocks)
    assert blocks[-1].startswith("1 token · stopped")


@pytest.mark.parametrize(("status", "stats", "expected"), [
    ("cancelled", {"completion_tokens": 2}, "2 tokens · stopped"),
    ("interrupted", None, "interrupted"),
    ("error", {"error": "out of memory"}, "Error: out of memory"),
    ("complete", {}, ""),
])
def test_format_stats(status, stats, expected):
    assert format_stats(status, stats) == expected


def test_discard_live_removes_the_streaming_message(view, qtbot):
    view.set_messages([MessageView(1, "user", "q"), MessageView(2, "assistant", CODE_ANSWER)])
    before = text_of(view)
    view.begin_live(3, "m")
    view.append_live_text("partial answer\n\n```py\nx")
    qtbot.wait(40)
    view.append_live_text(" = 1")
    view.discard_live()
    assert view.live_message_id is None
    assert text_of(view) == before
    qtbot.wait(60)  # no throttled render comes back after the discard
    assert text_of(view) == before
    view.append_message(MessageView(4, "user", "again"))
    assert blocks_of(view)[-3:] == ["You", "again", "Copy · Edit"]


def test_scroll_stays_when_the_user_scrolled_up(view, qtbot):
    long_history = [MessageView(i, "assistant" if i % 2 else "user", f"Message {i}\n\n" + "line\n\n" * 10)
                    for i in range(1, 30)]
    view.set_messages(long_history)
    bar = view.browser.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == bar.maximum()
    view.begin_live(100)
    for _ in range(30):
        view.append_live_text("more text\n\n")
    qtbot.wait(50)
    assert bar.value() == bar.maximum()            # followed the answer while at the bottom
    bar.setValue(0)
    for _ in range(30):
        view.append_live_text("even more text\n\n")
    qtbot.wait(50)
    view.finish_live("complete", None, "x" * 0 + view._stream.live.text())
    assert bar.value() == 0                        # did not yank the reader back down


def test_set_dark_re_renders_and_keeps_the_live_text(view, qtbot):
    view.set_messages([MessageView(1, "user", "q"), MessageView(2, "assistant", CODE_ANSWER)])
    view.begin_live(3)
    view.append_live_text("Streaming **bold**\n\nrest")
    light = view.browser.document().toHtml()
    view.set_dark(True)
    assert view.browser.document().toHtml() != light
    assert view.live_message_id == 3
    assert "Streaming bold" in blocks_of(view) and "rest" in blocks_of(view)
    view.append_live_text(" continues")
    view.finish_live("complete", None, "Streaming **bold**\n\nrest continues")
    assert "rest continues" in blocks_of(view)


def test_live_tokens_after_discard_are_ignored(view):
    view.append_live_text("nobody listens")
    view.finish_live("complete", None, "x")
    assert text_of(view) == ""


def test_throttle_runs_first_call_now_and_the_last_call_later(qtbot):
    calls: list[int] = []
    throttle = Throttle(calls.append, 50)
    throttle(1)
    assert calls == [1]
    throttle(2)
    throttle(3)
    assert calls == [1] and throttle.pending
    qtbot.waitUntil(lambda: calls == [1, 3], timeout=1000)
    throttle(4)
    throttle.cancel()
    qtbot.wait(80)
    assert calls == [1, 3]
    throttle(5)
    throttle(6)
    throttle.flush()
    assert calls == [1, 3, 5, 6]


def test_a_long_chat_opens_with_its_newest_messages_and_the_rest_follows(qtbot, monkeypatch):
    from app.ui import chat_view as chat_view_module

    messages = [MessageView(i, "user" if i % 2 == 0 else "assistant",
                            f"Message {i}: " + "some **Markdown** text with `code`. " * 20) for i in range(300)]
    view = ChatView(render_interval_ms=10)
    qtbot.addWidget(view)
    view.resize(700, 600)
    view.show()
    view.set_messages(messages)
    text = view.browser.toPlainText()
    assert "Message 299:" in text and "Message 0:" not in text  # the first screen only, at once
    bar = view.browser.verticalScrollBar()
    assert bar.value() == bar.maximum()
    qtbot.waitUntil(lambda: view._unrendered == 0, timeout=10_000)
    assert bar.value() == bar.maximum()  # the older ones went in above without moving the view
    monkeypatch.setattr(chat_view_module, "FIRST_SCREEN_CHARS", 10**9)
    whole = ChatView(render_interval_ms=10)
    qtbot.addWidget(whole)
    whole.set_messages(messages)
    assert view.browser.toPlainText() == whole.browser.toPlainText()
    # A message streaming in right away finds everything above it in place.
    view.set_messages(messages)
    view.begin_live(1000, "m")
    view.append_live_text("Fresh answer.")
    view.finish_live("complete", None, "Fresh answer.")
    assert view.browser.toPlainText().startswith(whole.browser.toPlainText().rstrip("\n")[:50])
    assert view.browser.toPlainText().rstrip().endswith("Fresh answer.\nCopy · Regenerate")
