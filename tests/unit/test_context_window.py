"""The visible window of a long chat: system prompt kept, oldest turns left out, prefix stable."""

from __future__ import annotations

import pytest

from app.engine.context_window import TARGET_SHARE, choose_window
from app.engine.errors import ContextOverflowError
from app.engine.types import ChatMessage


def count(messages) -> int:
    """Ten tokens per message plus three for the generation prompt."""
    return 10 * len(messages) + 3


def chat(turns: int, system: bool = True) -> list[ChatMessage]:
    msgs = [ChatMessage("system", "Be brief.")] if system else []
    for i in range(turns):
        msgs.append(ChatMessage("user", f"question {i}"))
        msgs.append(ChatMessage("assistant", f"answer {i}"))
    msgs.append(ChatMessage("user", "last question"))
    return msgs


def test_a_chat_that_fits_is_left_whole():
    msgs = chat(3)
    window = choose_window(msgs, count, limit=1000)
    assert window.messages == msgs and window.dropped == 0 and window.anchor is None
    assert window.tokens == count(msgs)


def test_the_system_prompt_stays_and_the_window_starts_at_a_user_turn():
    msgs = chat(20)  # 42 messages: 423 tokens
    window = choose_window(msgs, count, limit=200)
    assert window.messages[0] == msgs[0]
    assert window.messages[1].role == "user"
    assert window.messages[-1] == msgs[-1]
    assert window.tokens <= 200 * TARGET_SHARE  # room made for several more turns
    assert window.dropped == len(msgs) - len(window.messages)
    assert window.dropped % 2 == 0  # whole user/assistant pairs


def test_the_window_stays_put_while_it_fits_so_the_prefix_is_reused():
    msgs = chat(20)
    first = choose_window(msgs, count, limit=200)
    start = first.messages[1]
    grown = msgs + [ChatMessage("assistant", "reply"), ChatMessage("user", "next")]
    second = choose_window(grown, count, limit=200, anchor=first.anchor)
    assert second.messages[1] == start  # the same first visible turn: the same prompt prefix
    assert second.messages[:len(first.messages)] == first.messages
    # Once it no longer fits, the window moves on by a good step, not one turn.
    while True:
        grown = grown + [ChatMessage("assistant", "reply"), ChatMessage("user", "more")]
        moved = choose_window(grown, count, limit=200, anchor=second.anchor)
        if moved.messages[1] != start:
            break
        second = moved
    assert moved.tokens <= 200 * TARGET_SHARE
    assert moved.dropped >= second.dropped + 4


def test_an_anchor_from_another_chat_is_ignored():
    msgs = chat(20)
    stranger = (3, ChatMessage("user", "something else entirely"))
    assert choose_window(msgs, count, 200, anchor=stranger) == choose_window(msgs, count, 200)


def test_the_anchor_is_found_again_after_an_edit_moved_it():
    msgs = chat(20)
    first = choose_window(msgs, count, limit=200)
    index, message = first.anchor
    shifted = [msgs[0]] + msgs[3:]  # two turns deleted before the window
    again = choose_window(shifted, count, limit=200, anchor=first.anchor)
    assert again.messages[1] == message


def test_a_last_message_too_long_for_the_context_is_refused_with_a_sentence():
    msgs = [ChatMessage("system", "Be brief."), ChatMessage("user", "hi"), ChatMessage("assistant", "hello"),
            ChatMessage("user", "x")]
    with pytest.raises(ContextOverflowError) as err:
        choose_window(msgs, lambda m: 500 * len(m), limit=300, context=512)
    assert "512" in str(err.value) and "Shorten the message" in str(err.value)


def test_a_single_message_that_does_not_fit_is_refused():
    with pytest.raises(ContextOverflowError):
        choose_window([ChatMessage("user", "x")], lambda m: 900, limit=300)


def test_without_a_system_prompt_the_window_still_starts_at_a_user_turn():
    msgs = chat(20, system=False)
    window = choose_window(msgs, count, limit=150)
    assert window.messages[0].role == "user" and window.messages[-1] == msgs[-1]
