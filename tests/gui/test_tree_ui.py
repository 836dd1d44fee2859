"""The conversation tree and the next-token inspector in the window, with the scripted engine.

Regenerate, Edit and branch-from-token add siblings ("‹ 2 / 3 ›"), Continue extends an answer
in place, and nothing is ever deleted unless the person deletes one version.
"""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QCheckBox, QToolTip

from tests.gui.test_main_window import WAIT_MS, doc, named, send_and_wait, stored, wait_idle


def click(window, url: str) -> None:
    window.chat.browser.anchorClicked.emit(QUrl(url))


def every(window):
    return window.session.store.messages(window.session.conversation.id)


def inspector_on(window) -> None:
    named(window, QCheckBox, "Next-token inspector").setChecked(True)
    assert window.session.options().top_probs == 5


def test_regenerate_keeps_every_answer_and_the_arrows_switch_between_them(qtbot, make_window, engine):
    window = make_window()
    engine.enqueue(["First."])
    send_and_wait(qtbot, window, "Question")
    first = stored(window)[-1]
    for text in ("Second.", "Third."):
        engine.enqueue([text])
        click(window, f"hearth:regenerate/{stored(window)[-1].id}")
        wait_idle(qtbot, window)
    assert "Third." in doc(window) and "‹ 3 / 3 ›" in doc(window)
    click(window, f"hearth:prev/{stored(window)[-1].id}")
    assert "Second." in doc(window) and "‹ 2 / 3 ›" in doc(window) and "Third." not in doc(window)
    click(window, f"hearth:prev/{stored(window)[-1].id}")
    assert stored(window)[-1].id == first.id and "‹ 1 / 3 ›" in doc(window)
    # The branch chosen last is the one shown after a restart.
    make_window.close(window)
    again = make_window()
    assert stored(again)[-1].content == "First." and "‹ 1 / 3 ›" in doc(again)
    click(again, f"hearth:next/{stored(again)[-1].id}")
    assert stored(again)[-1].content == "Second."


def test_editing_a_question_keeps_the_old_one_and_its_answers(qtbot, make_window, engine):
    window = make_window()
    send_and_wait(qtbot, window, "First question")
    engine.enqueue(["An answer to the second."])
    send_and_wait(qtbot, window, "Second question")
    first_question = stored(window)[0]
    assert window.session.edit_and_resend(first_question.id, "A better first question")
    wait_idle(qtbot, window)
    assert [m.content.strip() for m in stored(window)] == ["A better first question",
                                                           "You said: A better first question"]
    assert "‹ 2 / 2 ›" in doc(window)
    click(window, f"hearth:prev/{stored(window)[0].id}")
    # The old question comes back with everything that followed it.
    assert [m.content.strip() for m in stored(window)][:3] == ["First question", "You said: First question",
                                                               "Second question"]
    assert stored(window)[-1].content == "An answer to the second."


def test_deleting_one_version_keeps_the_others(qtbot, make_window, engine, monkeypatch):
    window = make_window()
    engine.enqueue(["Keep me."])
    send_and_wait(qtbot, window, "Question")
    engine.enqueue(["Delete me."])
    click(window, f"hearth:regenerate/{stored(window)[-1].id}")
    wait_idle(qtbot, window)
    asked = []
    monkeypatch.setattr(window.prompts, "confirm", lambda *args: asked.append(args) or True)
    click(window, f"hearth:delete-branch/{stored(window)[-1].id}")
    assert asked and "Delete" in asked[0][1]
    assert [m.content for m in every(window)] == ["Question", "Keep me."]
    assert "‹" not in doc(window) and "Keep me." in doc(window)


def test_tokens_are_tinted_and_hovering_shows_the_alternatives(qtbot, make_window, engine):
    window = make_window()
    inspector_on(window)
    engine.enqueue(["The", " capital", " is", " Paris", "."])
    send_and_wait(qtbot, window, "Capital of France?")
    answer = stored(window)[-1]
    records = window.session.tokens(answer.id)
    assert [r.piece for r in records] == [b"The", b" capital", b" is", b" Paris", b"."]
    assert all(r.inspected and len(r.top) == 5 for r in records)
    assert window.chat.showing_tokens(answer.id)
    html = window.chat.browser.toHtml()
    assert f"hearth:tok/{answer.id}/3" in html and "probability of each token" in doc(window)
    window.chat._on_hover(QUrl(f"hearth:tok/{answer.id}/3"))
    tip = QToolTip.text()
    assert "60.0 %" in tip and "✓" in tip and "alt1" in tip and "Click to branch" in tip
    click(window, f"hearth:inspect/{answer.id}")  # back to the text view
    assert not window.chat.showing_tokens(answer.id) and "The capital is Paris." in doc(window)


def test_branching_from_a_token_keeps_the_text_before_it_and_the_old_answer(qtbot, make_window, engine):
    window = make_window()
    inspector_on(window)
    engine.enqueue(["The", " capital", " is", " Paris", "."])
    send_and_wait(qtbot, window, "Capital of France?")
    old = stored(window)[-1]
    old_records = window.session.tokens(old.id)
    click(window, f"hearth:tok/{old.id}/3")
    menu = window.branches.menu
    items = [a for a in menu.actions() if a.isEnabled()]
    assert any("Paris" in a.text() and "chosen" in a.text() for a in menu.actions())
    engine.enqueue([" wonderful", "."])
    alt1 = next(a for a in items if "alt1" in a.text())
    alt1.trigger()
    wait_idle(qtbot, window)
    new = stored(window)[-1]
    assert new.id != old.id and new.parent_id == old.parent_id
    assert new.content == "The capital isalt1 wonderful."
    assert engine.prefixes[-1] == [r.token for r in old_records[:3]] + [old_records[3].top[1].token]
    records = window.session.tokens(new.id)
    assert records[:3] == old_records[:3]
    assert records[3].piece == b"alt1" and records[3].rank == 2 and abs(records[3].prob - 0.15) < 1e-3  # kept as float16
    assert [r.piece for r in records[4:]] == [b" wonderful", b"."]
    assert "‹ 2 / 2 ›" in doc(window)
    click(window, f"hearth:prev/{new.id}")
    assert stored(window)[-1].content == "The capital is Paris."


def test_continue_extends_a_cut_off_answer_in_place(qtbot, make_window, engine):
    window = make_window()
    window.session.set_sampling(window.session.sampling().replace(max_tokens=3))
    engine.enqueue(["One", " two", " three", " four"])
    send_and_wait(qtbot, window, "Count")
    cut = stored(window)[-1]
    assert cut.content == "One two three" and cut.stats["finish_reason"] == "length"
    assert "Continue" in doc(window)
    window.session.set_sampling(window.session.sampling().replace(max_tokens=0))
    engine.enqueue([" four", " five."])
    click(window, f"hearth:continue/{cut.id}")
    wait_idle(qtbot, window)
    done = stored(window)[-1]
    assert done.id == cut.id and done.content == "One two three four five." and done.status == "complete"
    assert len(every(window)) == 2
    assert engine.prefixes[-1] == [r.token for r in window.session.tokens(cut.id)[:3]]
    assert "Continue" not in doc(window)


def test_branching_while_an_answer_streams_stops_it_first(qtbot, make_window, engine):
    window = make_window()
    inspector_on(window)
    engine.enqueue(["A", " B", " C"])
    send_and_wait(qtbot, window, "Letters")
    first = stored(window)[-1]
    engine.token_delay = 0.05
    engine.enqueue(["x"] * 200)
    window.session.send("And more?")
    qtbot.waitUntil(lambda: "x" in window.session.live_text, timeout=WAIT_MS)
    engine.token_delay = 0.001
    engine.enqueue([" D"])
    assert window.session.branch(first.id, 1, 2)
    wait_idle(qtbot, window)
    assert stored(window)[-1].content == "Aalt2 D"
    stopped = [m for m in every(window) if m.content.startswith("x")]
    assert stopped and stopped[0].status == "cancelled"  # kept, one ‹ away
