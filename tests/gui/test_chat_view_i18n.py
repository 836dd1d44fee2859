"""Chinese and English in the chat view and the message box.

What the view writes itself is translated (with the shipped zh_CN translation installed it reads
Chinese, numbers in the locale's way); an answer cut off at the token limit says so next to
Continue; Chinese text gets CJK fonts and wraps inside the view, in lists, tables and code too,
and reads back exactly as it streamed.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QTranslator, QUrl
from PySide6.QtGui import QFontDatabase, QGuiApplication

from app import i18n
from app.ui import chat_font
from app.ui.chat_font import CJK_FAMILIES
from app.ui.chat_view import ChatView, MessageView
from app.ui.composer import Composer
from app.ui.message_html import format_stats, thought_label
from app.ui.token_view import percent
from tests.gui.test_main_window import doc, send_and_wait, stored

TS_FILE = i18n.ts_path("zh_CN")  # the one translation of the whole app
ZH = ("人工智能是计算机科学的一个分支，它企图了解智能的实质，并生产出一种新的能以人类智能相似的方式做出反应的"
      "智能机器，该领域的研究包括机器人、语言识别、图像识别、自然语言处理和专家系统等。") * 40
ZH = ZH[:2000]


class TsTranslator(QTranslator):
    """The shipped translation, read straight from its .ts file (no lrelease needed)."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self._texts = {}
        for context in ET.parse(path).getroot().iter("context"):
            name = context.findtext("name")
            for message in context.iter("message"):
                self._texts[(name, message.findtext("source"))] = message.findtext("translation") or ""

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: D102 (Qt's signature)
        return self._texts.get((context, source), "")

    def isEmpty(self) -> bool:  # noqa: N802 (Qt's name)
        return False


@pytest.fixture
def chinese(qtbot):
    """The zh_CN translation installed for one test (posted LanguageChange events are processed)."""
    translator = TsTranslator(TS_FILE)
    assert QCoreApplication.installTranslator(translator)
    QCoreApplication.processEvents()
    yield translator
    QCoreApplication.removeTranslator(translator)
    QCoreApplication.processEvents()


@pytest.fixture
def view(qtbot):
    widget = ChatView(render_interval_ms=20)
    widget.resize(700, 500)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def german_numbers():
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    yield
    QLocale.setDefault(before)


def text_of(view: ChatView) -> str:
    return view.browser.document().toPlainText()


def blocks_of(view: ChatView) -> list[str]:
    out, block = [], view.browser.document().begin()
    while block.isValid():
        if block.text().strip():
            out.append(block.text())
        block = block.next()
    return out


def links_of(view: ChatView) -> list[str]:
    out, block = [], view.browser.document().begin()
    while block.isValid():
        for it in block:
            href = it.fragment().charFormat().anchorHref()
            if href:
                out.append(href)
        block = block.next()
    return out


def fits_the_width(view: ChatView) -> bool:
    """Nothing is wider than the view: no scrolling sideways."""
    browser = view.browser
    return (browser.document().idealWidth() <= browser.viewport().width()
            and browser.horizontalScrollBar().maximum() == 0)


def stream(qtbot, view: ChatView, message_id: int, text: str, piece: int = 7) -> None:
    view.begin_live(message_id, "m")
    for start in range(0, len(text), piece):
        view.append_live_text(text[start:start + piece])
        if start % 700 < piece:
            qtbot.waitUntil(lambda: not view._stream._throttle.pending)
            assert fits_the_width(view), "the streaming answer scrolls sideways"


# -- an answer cut off by the token limit -----------------------------------------------------


def test_an_answer_cut_off_at_the_token_limit_says_so_next_to_continue(qtbot, make_window, engine):
    window = make_window()
    engine.enqueue(["A", " complete", " answer."])
    send_and_wait(qtbot, window, "First")
    window.session.set_sampling(window.session.sampling().replace(max_tokens=3))
    engine.enqueue(["One", " two", " three", " four", " five"])
    send_and_wait(qtbot, window, "Count")
    complete, cut = stored(window)[1], stored(window)[-1]
    assert cut.stats["finish_reason"] == "length" and complete.stats["finish_reason"] != "length"

    def check(w) -> None:
        footers = [b for b in blocks_of(w.chat) if "Regenerate" in b]
        assert len(footers) == 2
        assert "cut off at the token limit" not in footers[0], "a complete answer is marked as cut off"
        assert "3 tokens · cut off at the token limit" in footers[1] and "Continue" in footers[1]
        assert f"hearth:continue/{cut.id}" in links_of(w.chat)
        assert doc(w).count("cut off") == 1

    check(window)
    make_window.close(window)
    check(make_window())  # from the stored stats, after a restart


def test_the_cut_off_line_and_continue_are_translated(view, chinese):
    view.begin_live(5, "m")
    view.append_live_text("一二三")
    message = MessageView(5, "assistant", "一二三", "complete", "m",
                          {"completion_tokens": 3, "finish_reason": "length"}, continuable=True)
    view.finish_live("complete", message.stats, "一二三", message=message)
    footer = blocks_of(view)[-1]
    assert "3 个 token · 因达到 token 上限而截断" in footer and "继续生成" in footer
    assert "cut off" not in text_of(view) and "Continue" not in text_of(view)
    stopped = format_stats("cancelled", {"completion_tokens": 2, "finish_reason": "cancelled"})
    assert stopped == "2 个 token · 已停止"
    assert format_stats("complete", {"finish_reason": "context_full"}) == "因上下文已满而截断"
    assert format_stats("complete", {"finish_reason": "stop"}) == ""


# -- Chinese text: fonts, wrapping, round trip --------------------------------------------------


def test_chinese_falls_back_to_cjk_families_after_the_latin_font(view):
    families = view.browser.font().families()
    assert families[0] == view.font().family(), "the system's Latin font comes first"
    assert families[1:] == [*CJK_FAMILIES, "sans-serif"]
    assert view.browser.document().defaultFont().families() == families
    view.set_messages([MessageView(1, "assistant", "```\nprint('你好')\n```\n\n中文 `代码`")])
    block, code_families = view.browser.document().begin(), []
    while block.isValid():
        for it in block:
            if "你好" in it.fragment().text() or "代码" in it.fragment().text():
                code_families.append(it.fragment().charFormat().fontFamilies())
        block = block.next()
    assert code_families and all(f == chat_font.code_families() for f in code_families)
    code = chat_font.code_families()
    assert code[0] == QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()
    assert code[1:1 + len(CJK_FAMILIES)] == list(CJK_FAMILIES)
    composer = Composer()
    assert composer.editor.font().families()[1:] == [*CJK_FAMILIES, "sans-serif"]


def test_a_long_chinese_paragraph_wraps_and_reads_back_as_streamed(qtbot, view):
    view.set_messages([MessageView(1, "user", ZH)])
    assert fits_the_width(view) and ZH in text_of(view)
    stream(qtbot, view, 2, ZH)
    assert fits_the_width(view)
    view.finish_live("complete", {"completion_tokens": 2000}, ZH)
    assert fits_the_width(view)
    assert ZH in blocks_of(view), "the answer is not shown as the one paragraph it is"
    view.browser.anchorClicked.emit(QUrl("hearth:copy/2"))
    assert QGuiApplication.clipboard().text() == ZH
    view.set_messages(view.messages())  # opened again from the history
    assert fits_the_width(view) and ZH in blocks_of(view)


@pytest.mark.parametrize("markdown", [
    "要点：\n\n- {zh}\n- 第二项\n",
    "1. 第一步\n2. {zh}\n",
    "| 名称 | 说明 |\n|---|---|\n| 长句 | {zh} |\n",
    "```\n{zh}\n```\n",
    "```python\nprint(\"{zh}\")  # 注释\n```\n",
    "> {zh}\n",
    "行内代码：`{zh}`\n",
], ids=["bullets", "numbers", "table", "code", "python", "quote", "inline-code"])
def test_a_long_chinese_line_in_markdown_wraps_inside_the_view(qtbot, view, markdown):
    line = ZH[:1200]
    text = markdown.format(zh=line)
    stream(qtbot, view, 1, text)
    view.finish_live("complete", None, text)
    assert fits_the_width(view)
    assert line in text_of(view).replace("\u2028", "").replace("\n ", "")
    view.set_messages([MessageView(1, "assistant", text)])
    assert fits_the_width(view)


# -- everything the view writes goes through tr --------------------------------------------------


def chrome_messages() -> list[MessageView]:
    stats = {"decode_tok_s": 42.13, "ttft_ms": 180.4, "completion_tokens": 312, "reasoning_ms": 12_300,
             "kv_restored": 1500, "dropped_messages": 2}
    return [
        MessageView(1, "system", "你是一个助手。"),
        MessageView(2, "user", "你好", branch=(1, 2)),
        MessageView(3, "assistant", "你好！\n\n```sh\necho 1\n```\n\n![图](x.png)", "complete", "Qwen3", stats,
                    reasoning="先想一想。", continuable=True, inspectable=True),
        MessageView(4, "assistant", "", "cancelled", "Qwen3", {"reasoning_ms": 300}, reasoning="还在想"),
    ]


ENGLISH_CHROME = ("You\n", "System", "Assistant", "Thought", "tok/s", "ms to first token", "tokens", "Copy",
                  "Edit", "Regenerate", "Continue", "Probabilities", "Delete this version", "stopped",
                  "still thinking", "resumed instantly", "outside the context", "[image")


def test_the_chat_chrome_reads_chinese_with_the_translation(qtbot, view, chinese):
    view.set_messages(chrome_messages())
    view.toggle_thinking(3)
    text = text_of(view)
    for chinese_text in ("系统", "你\n", "助手 · Qwen3", "思考了 12 秒", "42.1 token/秒", "首个 token 用时 180 毫秒",
                         "312 个 token", f"已从保存的缓存即时恢复（{QLocale().toString(1500)} 个 token 无需重新读取）",
                         "最早的 2 条消息超出了上下文", "复制 · 重新生成 · 继续生成 · 概率", "2 / 2", "删除此版本",
                         "复制 · 编辑", "复制代码", "复制思考过程", "稍作思考", "已停止", "模型停止时仍在思考", "[图片：图]"):
        assert chinese_text in text, chinese_text
    for english in ENGLISH_CHROME:
        assert english not in text, english
    notes = []
    view.copied.connect(notes.append)
    view.browser.anchorClicked.emit(QUrl("hearth:copy/2"))
    view.browser.anchorClicked.emit(QUrl("hearth:copy-code/3/0"))
    assert notes == ["已复制消息", "已复制代码"]
    assert view.browser.accessibleName() == "对话" and view.browser.accessibleDescription()


def test_a_language_change_rewrites_the_view_and_the_message_box(qtbot, view):
    composer = Composer()
    qtbot.addWidget(composer)
    view.set_messages(chrome_messages()[:3])
    view.begin_live(9, "Qwen3")
    view.append_live_reasoning("嗯……")  # the live answer is painted again in the new language
    assert "Copy" in text_of(view) and "Thinking…" in text_of(view)
    assert (composer.editor.accessibleName(), composer.send_button.text()) == ("Message", "Send")
    translator = TsTranslator(TS_FILE)
    QCoreApplication.installTranslator(translator)
    try:
        qtbot.waitUntil(lambda: view.browser.accessibleName() == "对话")
        qtbot.waitUntil(lambda: composer.send_button.text() == "发送")
        assert "复制" in text_of(view) and "思考中……" in text_of(view) and "Copy" not in text_of(view)
        assert "嗯……" in text_of(view) and view.live_message_id == 9
        assert composer.editor.accessibleName() == "消息" and composer.stop_button.accessibleName() == "停止"
        assert composer.editor.placeholderText().startswith("想问什么都可以")
        assert composer.editor.accessibleDescription() and composer.send_button.accessibleDescription()
    finally:
        QCoreApplication.removeTranslator(translator)
    qtbot.waitUntil(lambda: view.browser.accessibleName() == "Conversation")
    qtbot.waitUntil(lambda: composer.send_button.text() == "Send")
    assert "Copy" in text_of(view) and "复制" not in text_of(view)


def test_numbers_are_written_the_locale_s_way(german_numbers):
    stats = {"decode_tok_s": 1234.5, "ttft_ms": 2500, "completion_tokens": 12345}
    assert format_stats("complete", stats) == "1.234,5 tok/s · 2.500 ms to first token · 12.345 tokens"
    assert thought_label(12.4) == "Thought for 12 s" and thought_label(600) == "Thought for 10 min"
    assert percent(0.421) == "42,1 %" and percent(0.00001) == "< 0,01 %"


def test_every_control_of_the_message_box_has_an_accessible_name_and_description(qtbot):
    composer = Composer()
    qtbot.addWidget(composer)
    for widget in (composer.editor, composer.send_button, composer.stop_button):
        assert widget.accessibleName() and widget.accessibleDescription()
    assert (composer.editor.accessibleName(), composer.send_button.accessibleName(),
            composer.stop_button.accessibleName()) == ("Message", "Send", "Stop")
