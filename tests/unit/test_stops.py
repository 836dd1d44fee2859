"""StopFilter: stop strings end the answer and no part of one is ever shown."""

from __future__ import annotations

import itertools
import random

import pytest

from app.engine.stops import StopFilter


def run(stops, chunks):
    """Feed ``chunks`` like the engine does; return (shown text, stopped, number of feeds used)."""
    f = StopFilter(stops)
    shown = []
    for i, chunk in enumerate(chunks):
        out, hit = f.feed(chunk)
        shown.append(out)
        if hit:
            return "".join(shown), True, i + 1
    shown.append(f.flush())
    return "".join(shown), False, len(chunks)


def splits(text, max_parts=4):
    """Every way to cut ``text`` into up to ``max_parts`` consecutive pieces (empty pieces too)."""
    n = len(text)
    for k in range(0, max_parts):
        for cuts in itertools.combinations_with_replacement(range(n + 1), k):
            bounds = (0, *cuts, n)
            yield [text[a:b] for a, b in zip(bounds, bounds[1:])]


def expected(text, stops):
    """Reference: read ``text`` one character at a time; the first stop to complete ends it.

    Everything before that stop is shown. When several complete at the same character, the
    one that starts earliest wins. The answer must not depend on how the text was chunked.
    """
    stops = [s for s in stops if s]
    for end in range(1, len(text) + 1):
        hits = [i for i in (text[:end].find(s) for s in stops) if i >= 0]
        if hits:
            return text[: min(hits)], True
    return text, False


def test_no_stops_is_passthrough():
    f = StopFilter([])
    for chunk in ("Hel", "lo", "", " wor", "ld<|im_end|>"):
        assert f.feed(chunk) == (chunk, False)
    assert f.flush() == ""


def test_empty_stop_strings_are_ignored():
    assert run(["", ""], ["abc", "def"]) == ("abcdef", False, 2)


@pytest.mark.parametrize("text", [
    "The capital is Paris. Next",
    "Paris",
    "xxParisParis",
    "PaPaParis!",
    "no stop here at all",
    "Pari",
    "ending with Par",
])
def test_single_stop_every_split_point(text):
    stops = ["Paris"]
    want_text, want_hit = expected(text, stops)
    for chunks in splits(text, max_parts=4):
        shown, hit, _ = run(stops, chunks)
        assert (shown, hit) == (want_text, want_hit), chunks
        assert "Paris" not in shown


def test_nothing_of_a_stop_is_ever_emitted_one_character_at_a_time():
    text = "Answer: 42\n\nUser: and then"
    stops = ["\n\nUser:"]
    f = StopFilter(stops)
    emitted = ""
    for ch in text:
        out, hit = f.feed(ch)
        emitted += out
        # At no moment may the shown text contain a stop or end with a completed one.
        assert "\n\nUser:" not in emitted
        if hit:
            break
    assert hit
    assert emitted == "Answer: 42"


def test_partial_stop_is_held_then_released_when_it_is_not_a_stop():
    f = StopFilter(["</answer>"])
    assert f.feed("x </ans") == ("x ", False)   # "</ans" might begin the stop: held back
    assert f.feed("wer") == ("", False)         # "</answer" still might
    assert f.feed("!") == ("</answer!", False)  # it was not: released in order
    assert f.feed("tail </") == ("tail ", False)
    assert f.flush() == "</"                    # the end of the answer releases what is held


def test_flush_with_text_can_still_hit_a_stop():
    f = StopFilter(["END"])
    assert f.feed("abc E") == ("abc ", False)
    assert f.flush("ND more") == ""  # the held "E" was part of the stop, and nothing follows it


def test_multiple_stops_earliest_wins():
    stops = ["STOP", "\n\n", "###"]
    for text in ["aa ### bb STOP", "aa STOP bb ###", "one\n\ntwo STOP", "ST\nOP\n\n", "#STOP##", "none"]:
        want = expected(text, stops)
        for chunks in splits(text, max_parts=3):
            shown, hit, _ = run(stops, chunks)
            assert (shown, hit) == want, (text, chunks)


def test_overlapping_stops_with_shared_prefixes():
    stops = ["abcd", "bc", "cde"]
    for text in ["xabcde", "xxabx", "abcabcd", "cdcde", "xbx"]:
        want = expected(text, stops)
        for chunks in splits(text, max_parts=3):
            assert run(stops, chunks)[:2] == want, (text, chunks)


def test_result_does_not_depend_on_chunking_when_stops_overlap():
    """Stops "a\na" and "\n" in "a\na": "\n" completes first, whether tokens are 1 or 3 chars."""
    stops = ["a\na", "\n"]
    assert run(stops, ["a", "\n", "a"])[:2] == ("a", True)
    assert run(stops, ["a\na"])[:2] == ("a", True)
    assert run(stops, ["a\nax"])[:2] == ("a", True)


def test_stop_at_the_very_start_emits_nothing():
    shown, hit, used = run(["<|im_end|>"], ["<|im", "_end|>", "never shown"])
    assert (shown, hit, used) == ("", True, 2)


def test_multibyte_and_emoji_stops():
    stops = ["🛑", "終わり"]
    for text in ["日本語の文章終わりです", "go 🛑 no", "終わ終わり", "nothing 終わ"]:
        want = expected(text, stops)
        for chunks in splits(text, max_parts=3):
            assert run(stops, chunks)[:2] == want, (text, chunks)


def test_randomised_property_against_reference():
    """Random streams over a tiny alphabet hit every overlap case a hand-written list would miss."""
    rng = random.Random(1234)
    alphabet = "ab\n"
    for _ in range(1500):
        stops = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 4)))
                 for _ in range(rng.randint(1, 3))]
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        chunks, i = [], 0
        while i < len(text):
            n = rng.randint(0, 4)
            chunks.append(text[i:i + n])
            i += n
        shown, hit, _ = run(stops, chunks)
        assert (shown, hit) == expected(text, stops), (stops, chunks)


def test_shown_text_is_always_a_prefix_of_the_input():
    """Text is only ever delayed, never reordered, duplicated or altered."""
    rng = random.Random(99)
    for _ in range(300):
        stops = ["xyz", "yy"]
        text = "".join(rng.choice("xyz ") for _ in range(20))
        f = StopFilter(stops)
        shown = ""
        fed = ""
        for ch in text:
            fed += ch
            out, hit = f.feed(ch)
            shown += out
            assert fed.startswith(shown)
            if hit:
                break
