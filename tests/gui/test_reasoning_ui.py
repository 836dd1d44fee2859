"""Reasoning models in the window: the Thinking block, the switch, the prompt view, templates.

The scripted engine runs a small Qwen3-style template (``<think>`` tags, an ``enable_thinking``
switch); its scripted "tokens" are raw model output, parsed by the real reasoning parser.
"""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QComboBox, QPushButton, QSpinBox

from app.chat.export import to_json, to_markdown
from app.engine.fake import FakeEngine
from app.engine.types import ChatOptions
from app.settings import AppSettings
from app.ui.chat_view import ChatView, MessageView
from tests.gui.test_main_window import WAIT_MS, doc, named, send_and_wait, stored, wait_idle

THINK_TEMPLATE = (
    "{% for m in messages %}<|im_start|>{{ m.role }}\n"
    "{% if m.role == 'assistant' and m.reasoning_content %}<think>\n{{ m.reasoning_content }}\n</think>\n\n"
    "{% endif %}{{ m.content }}<|im_end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n"
    "{% if enable_thinking is defined and enable_thinking is false %}<think>\n\n</think>\n\n{% endif %}"
    "{% endif %}"
)


@pytest.fixture
def thinker() -> FakeEngine:
    return FakeEngine(token_delay=0.003, template=THINK_TEMPLATE)


def thinking_combo(window) -> QComboBox:
    return named(window, QComboBox, "Thinking")


# -- the conversation view --------------------------------------------------------------------


def test_thinking_streams_then_folds_when_the_answer_begins(qtbot):
    view = ChatView(render_interval_ms=10)
    qtbot.addWidget(view)
    view.begin_live(7, "model")
    view.append_live_reasoning("The user asks ")
    view.append_live_reasoning("for a sum.\nTwo and two.")
    text = view.browser.toPlainText()
    assert "Thinking…" in text and "The user asks for a sum." in text and "Two and two." in text
    view.append_live_text("The answer ")
    view.append_live_text("is **4**.")
    text = view.browser.toPlainText()
    assert "The user asks" not in text and "Thought" in text and "The answer" in text
    view.finish_live("complete", {"reasoning_ms": 12_400, "completion_tokens": 9}, "The answer is **4**.",
                     "The user asks for a sum.\nTwo and two.")
    text = view.browser.toPlainText()
    assert "▸ Thought for 12 s" in text and "The user asks" not in text and "The answer is 4." in text
    assert not view.thinking_shown(7)
    view._on_anchor(QUrl("hearth:thinking/7"))
    assert view.thinking_shown(7)
    text = view.browser.toPlainText()
    assert "▾ Thought for 12 s" in text and "Two and two." in text and "Copy thinking" in text
    view._on_anchor(QUrl("hearth:copy-thinking/7"))
    assert QGuiApplication.clipboard().text() == "The user asks for a sum.\nTwo and two."
    view._on_anchor(QUrl("hearth:copy/7"))
    assert QGuiApplication.clipboard().text() == "The answer is **4**."
    view._on_anchor(QUrl("hearth:thinking/7"))
    assert "Two and two." not in view.browser.toPlainText()


def test_thinking_that_never_ends_stays_open_and_says_nothing_was_concluded(qtbot):
    view = ChatView(render_interval_ms=10)
    qtbot.addWidget(view)
    view.begin_live(3, "model")
    view.append_live_reasoning("Hmm, let me see")
    view.finish_live("complete", {"reasoning_unclosed": True, "reasoning_ms": 800}, "", "Hmm, let me see")
    text = view.browser.toPlainText()
    assert "Hmm, let me see" in text and "Thought briefly" in text
    assert "still thinking when it stopped" in text and "Regenerate" in text


def test_a_long_thinking_block_is_laid_out_in_short_paragraphs(qtbot):
    view = ChatView(render_interval_ms=10)
    qtbot.addWidget(view)
    view.begin_live(1, "model")
    for _ in range(2000):
        view.append_live_reasoning("thinking ")
    longest = max(view.browser.document().findBlockByNumber(i).length()
                  for i in range(view.browser.document().blockCount()))
    assert longest < 4100  # Qt re-lays a whole paragraph per insertion: keep them short


def test_finished_messages_with_thinking_render_folded_and_late_thinking_is_kept(qtbot):
    view = ChatView(render_interval_ms=10)
    qtbot.addWidget(view)
    view.set_messages([MessageView(1, "user", "Hi"),
                       MessageView(2, "assistant", "Hello!", reasoning="Greet back.", stats={"reasoning_ms": 0})])
    assert "Thought briefly" in view.browser.toPlainText() and "Greet back." not in view.browser.toPlainText()
    view.begin_live(4, "model")
    view.append_live_reasoning("first thought")
    view.append_live_text("Answer")
    view.append_live_reasoning(" and a second thought")  # interleaved: shown when final
    view.finish_live("complete", {}, "Answer", "first thought and a second thought")
    view.toggle_thinking(4)
    assert "first thought and a second thought" in view.browser.toPlainText()


# -- the window -------------------------------------------------------------------------------


def test_a_reasoning_answer_is_stored_apart_and_survives_a_restart(qtbot, make_window, thinker):
    window = make_window(thinker)
    thinker.enqueue(["<think>", "\nThe user ", "wants a sum.", "\n</think>", "\n\nIt is ", "4."])
    send_and_wait(qtbot, window, "What is 2+2?")
    answer = stored(window)[-1]
    assert answer.content == "It is 4." and answer.reasoning == "The user wants a sum."
    assert answer.stats["reasoning_tokens"] >= 2
    assert "▸ Thought" in doc(window) and "wants a sum" not in doc(window)
    # The thinking goes back to the template with the next question.
    thinker.enqueue(["Yes."])
    send_and_wait(qtbot, window, "Sure?")
    assert thinker.calls[-1][0][-2].reasoning == "The user wants a sum."
    conv = window.session.conversation.id
    make_window.close(window)
    again = make_window(thinker)
    assert again.session.conversation.id == conv
    assert "▸ Thought" in doc(again) and "It is 4." in doc(again)
    data = json.loads(to_json(again.session.conversation, stored(again)))
    assert data["messages"][1]["reasoning"] == "The user wants a sum."
    md = to_markdown(again.session.conversation, stored(again))
    assert "<details>" in md and "> The user wants a sum." in md
    assert again.session.store.list_conversations("wants a sum")  # reasoning is searchable
    assert "wants" not in again.session.conversation.title


def test_thinking_switch_is_per_chat_and_reaches_the_template(qtbot, make_window, thinker):
    window = make_window(thinker)
    combo = thinking_combo(window)
    assert combo.isVisible() and [combo.itemText(i) for i in range(combo.count())] == ["Model default", "On", "Off"]
    combo.setCurrentIndex(combo.findData("off"))
    combo.activated.emit(combo.currentIndex())
    assert window.session.options().thinking == "off"
    thinker.enqueue(["Plain answer."])
    send_and_wait(qtbot, window, "Hi")
    assert thinker.options[-1] == ChatOptions(thinking="off")
    assert thinker.prompts[-1].endswith("<think>\n\n</think>\n\n")
    first = window.session.conversation.id
    window.session.new_conversation()
    window.session.open(first)
    assert thinking_combo(window).currentData() == "off"


def test_no_switch_for_a_model_without_one(qtbot, make_window, engine):
    window = make_window(engine)
    assert not thinking_combo(window).isVisible()


def test_unclosed_thinking_keeps_the_text_and_regenerate_works(qtbot, make_window, thinker):
    window = make_window(thinker)
    thinker.enqueue(["<think>", "Still pondering", " the question"])
    send_and_wait(qtbot, window, "Deep question?")
    answer = stored(window)[-1]
    assert answer.content == "" and answer.reasoning == "Still pondering the question"
    assert answer.stats["reasoning_unclosed"] is True
    assert "Still pondering" in doc(window) and "gave no answer" in doc(window)
    thinker.enqueue(["<think>", "ok", "</think>", "Done."])
    window.session.regenerate(answer.id)
    wait_idle(qtbot, window)
    assert stored(window)[-1].content == "Done."


def test_prompt_dialog_shows_the_exact_prompt_and_takes_a_template(qtbot, make_window, thinker, tmp_path):
    window = make_window(thinker)
    thinker.enqueue(["Hello."])
    send_and_wait(qtbot, window, "Hi")
    named(window, QPushButton, "Show the prompt and chat template").click()
    dialog = window.prompt_actions.dialog
    expected = thinker.render_prompt(window.session.history_for_engine(), window.session.options())
    qtbot.waitUntil(lambda: dialog.prompt_text() == expected, timeout=WAIT_MS)
    assert expected.endswith("<|im_start|>assistant\n")
    # A broken template is refused with a sentence and changes nothing.
    dialog._template.setPlainText("{% for m in messages %}{{ m.content }")
    dialog._apply_clicked()
    assert not dialog._error.isHidden() and "line 1" in dialog._error.text()
    assert window.host.model_info.template_origin == "model"
    # A working one is used, remembered for this model, and the prompt follows.
    path = tmp_path / "mine.jinja"
    path.write_text("{% for m in messages %}{{ m.role }}: {{ m.content }}\n{% endfor %}"
                    "{% if add_generation_prompt %}assistant:{% endif %}", encoding="utf-8")
    assert dialog.load_file(path)
    dialog._apply_clicked()
    qtbot.waitUntil(lambda: window.host.model_info.template_origin == "override", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: dialog.prompt_text().endswith("user: Hi\nassistant: Hello.\nassistant:"),
                    timeout=WAIT_MS)
    assert AppSettings.read().chat_templates == {"fake:model": path.read_text(encoding="utf-8")}
    assert not thinking_combo(window).isVisible()  # the new template has no switch
    # It survives a restart, and "Use the model's own" forgets it.
    make_window.close(window)
    again = make_window(thinker)
    assert again.host.model_info.template_origin == "override"
    named(again, QPushButton, "Show the prompt and chat template").click()
    again.prompt_actions.dialog._reset.click()
    qtbot.waitUntil(lambda: again.host.model_info.template_origin == "model", timeout=WAIT_MS)
    assert AppSettings.read().chat_templates == {}


def test_a_stored_template_that_no_longer_works_does_not_stop_the_model(qtbot, make_window, thinker):
    settings = AppSettings.read()
    settings.chat_templates = {"fake:model": "{% for %}"}
    settings.write()
    window = make_window(thinker, settings=settings)
    assert window.host.model_info.template_origin == "model"
    assert "was not used" in window.notice.message


def test_a_broken_model_template_is_explained_in_the_window(qtbot, make_window):
    broken = FakeEngine(template="{{ messages[0]['content'] }}{% if %}")
    window = make_window(broken)
    assert "ChatML" in window.notice.message
    broken.enqueue(["Fine."])
    send_and_wait(qtbot, window, "Hi")
    assert stored(window)[-1].content == "Fine."


def test_a_chat_longer_than_the_context_goes_on_and_says_so(qtbot, make_window):
    small = FakeEngine(token_delay=0.001)
    window = make_window(small)
    window.load_panel.findChild(QSpinBox, "n_ctx").setValue(160)
    named(window, QPushButton, "Reload model").click()
    qtbot.waitUntil(lambda: window.host.model_info is not None and window.host.model_info.n_ctx == 160,
                    timeout=WAIT_MS)
    for i in range(12):
        small.enqueue(["Answer " + "word " * 12])
        send_and_wait(qtbot, window, f"Question {i} " + "filler " * 10)
    last = stored(window)[-1]
    assert last.status == "complete" and last.stats["dropped_messages"] > 0
    assert "outside what the model can see" in window.notice.message
    assert "outside the context" in doc(window)
    prompt = small.prompts[-1]
    assert "Question 0 " not in prompt and "Question 11 " in prompt and "helpful assistant" in prompt
    # "Stop and tell me" refuses instead, and keeps the question.
    window.options_panel._overflow.setCurrentIndex(window.options_panel._overflow.findData("stop"))
    window.options_panel._overflow.activated.emit(1)
    send_and_wait(qtbot, window, "One more " + "filler " * 10)
    assert "leave out the oldest messages" in window.notice.message
    assert stored(window)[-2].content.startswith("One more")
