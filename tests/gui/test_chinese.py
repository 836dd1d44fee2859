"""Hearth in Simplified Chinese: every window, walked as in the accessibility test, shows no
English left in its own words (titles, labels, buttons, menus, tabs, placeholders, tool tips,
accessible names), and Chinese text in a chat wraps inside the view.

Names that stay as they are in Chinese documentation (Hearth, GGUF, Hugging Face, Top K, token…)
and what the data says (model and file names, chat text) are not the app's words.
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QMenu, QTabBar, QWidget

from app import i18n
from tests.gui.test_accessibility import controls, open_everything

# Words that Chinese LLM documentation writes in Latin letters too.
KEPT = {
    "hearth", "gguf", "hugging", "face", "hub", "top", "min", "token", "tokens", "kv", "gpu", "cpu", "api", "url",
    "json", "markdown", "jinja", "openai", "metal", "cuda", "vram", "ram", "llama", "cpp", "http", "https", "ctrl",
    "shift", "alt", "esc", "enter", "tab", "del", "delete", "backspace", "space", "home", "end", "pgup", "pgdown",
    "f16", "bf16", "f32", "q8_0", "q4_0", "q4_k_m", "q5_k_m", "q6_k", "q4_1", "moe", "ssd", "key", "id", "sse",
    "fake", "model", "other",  # the scripted engine's model names ("fake:model")
    "vllm", "server", "ollama", "studio", "lm", "flash", "attention", "sha", "gflops", "tflops",  # names of things
    "english", "instruct", "qwen", "gemma", "user", "assistant",  # a language's own name, model names, examples
}
QUANT = re.compile(r"\b(?:I?Q\d\w*|[BF]F?\d\d)\b")  # quantization types: Q4_K_M, IQ2_XS, F16, BF16
WORD = re.compile(r"[A-Za-z][A-Za-z_0-9]{2,}")


@pytest.fixture
def chinese(qapp, tmp_path, monkeypatch):
    monkeypatch.setattr(i18n, "qm_path", lambda language: tmp_path / f"hearth_{language}.qm")
    i18n.compile_all()
    before = QLocale()
    assert i18n.install(qapp, "zh_CN") == "zh_CN"
    yield
    i18n.install(qapp, "en")
    QLocale.setDefault(before)


def english_words(text: str, data: set[str]) -> list[str]:
    for name in data:
        text = text.replace(name, " ")
    text = QUANT.sub(" ", text)
    text = re.sub(r"https?://\S+|\S+\.(?:gguf|json|md|sqlite3)\b|\b[A-Z]:\\\S+|/\S+", " ", text)
    return [w for w in WORD.findall(text) if w.lower() not in KEPT]


def own_words(top: QWidget) -> list[tuple[str, str]]:
    """(where, text) for everything the app itself wrote in a window."""
    found = [("window title", top.windowTitle())]
    for widget in [top, *top.findChildren(QWidget)]:
        if widget.window() is not top:
            continue
        kind = type(widget).__name__
        if isinstance(widget, QLabel) and not widget.text().startswith("<"):
            found.append((kind, widget.text()))
        if isinstance(widget, QAbstractButton):
            found.append((kind, widget.text()))
        if isinstance(widget, QLineEdit):
            found.append((kind + " placeholder", widget.placeholderText()))
        if isinstance(widget, QTabBar):
            found += [(kind, widget.tabText(i)) for i in range(widget.count())]
        found.append((kind + " tool tip", re.sub(r"<[^>]+>", " ", widget.toolTip())))
    for widget in controls(top):
        found.append((type(widget).__name__ + " accessible name", widget.accessibleName()))
    for menu in top.findChildren(QMenu):
        found += [("menu", a.text().replace("&", "")) for a in menu.actions() if not a.isSeparator()]
    return [(where, text) for where, text in found if text]


def test_every_window_speaks_chinese(qtbot, make_window, chinese):
    window = make_window()
    window.engine.enqueue(["你好", "！"])
    window.composer.set_text("你好")
    qtbot.keyClick(window.composer.editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.session.busy, timeout=10_000)
    open_everything(qtbot, window)
    data = {m.name for m in window.model_store.registry.models()} | {"fake:model", "fake:other", "你好"}
    tops = list({id(w): w for w in QApplication.topLevelWidgets()
                 if w.isVisible() and not isinstance(w, QMenu) and w.window() is w}.values())
    left = [f"{type(top).__name__} · {where}: {text!r} ({', '.join(words)})"
            for top in tops for where, text in own_words(top)
            for words in [english_words(text, data)] if words]
    assert not left, f"{len(left)} texts are still in English:\n" + "\n".join(sorted(set(left)))


def test_a_long_chinese_answer_wraps_inside_the_chat(qtbot, make_window, chinese):
    window = make_window()
    answer = "模型的上下文长度决定了它一次能读多少内容。" * 100  # 2,100 characters, no spaces
    window.engine.enqueue([answer[i:i + 7] for i in range(0, len(answer), 7)])
    window.composer.set_text("上下文是什么？")
    qtbot.keyClick(window.composer.editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.session.busy, timeout=10_000)
    browser = window.chat.browser
    assert window.session.messages[-1].content == answer
    assert answer[:40] in browser.toPlainText()
    assert browser.document().idealWidth() <= browser.viewport().width() + 1
    assert not browser.horizontalScrollBar().isVisible()


def test_sentences_from_the_engine_and_the_server_speak_chinese(chinese):
    from app.engine.errors import InvalidParameterError
    from app.engine.params import LoadParams, SamplingParams
    from app.engine.templates import ChatFormatter
    from app.engine.types import ChatMessage, GenerationStats
    from app.server.engine_door import _ended
    from app.ui.texts import localize, localize_error

    told = []
    for bad in ({"temperature": 3.0}, {"temperature": -1e30}, {"top_k": 1.5}, {"top_k": "x"},
                {"stop": [""]}):
        with pytest.raises(InvalidParameterError) as caught:
            SamplingParams(**bad)
        told.append(localize_error(caught.value))
    with pytest.raises(InvalidParameterError) as caught:
        LoadParams(kv_type="q3")
    told.append(localize_error(caught.value))
    assert told[0] == "温度必须在 0.00 到 2.00 之间；3.00 超出了范围。", told[0]
    told.append(localize(_ended(3, GenerationStats(completion_tokens=41, finish_reason="length"), 0.64)))
    assert told[-1] == "#3 41 个 token，达到长度上限，用时 0.6 秒", told[-1]
    looping = ChatFormatter("{% for i in range(10**9) %}x{% endfor %}")
    looping.format([ChatMessage("user", "hi")])
    told.append(localize(looping.warning))
    assert "循环次数过多" in told[-1], told[-1]
    left = [(text, words) for text in told for words in [english_words(text, {"q3", "x", "ChatML"})] if words]
    assert not left, left
