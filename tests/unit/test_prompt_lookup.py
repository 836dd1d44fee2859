"""Prompt-lookup drafting: the n-gram index, the drafts it proposes, and its pauses."""

from __future__ import annotations

from app.engine.prompt_lookup import MAX_DRAFT, MAX_PAUSE, PromptLookup


def test_a_repeated_ending_proposes_what_followed_it_last_time():
    lookup = PromptLookup([1, 2, 3, 4, 5, 6, 7, 9, 9, 1, 2, 3])
    assert lookup.propose(10) == [4, 5, 6, 7]  # a first draft is four tokens
    lookup.result(4, 4)                        # taken whole: the next may be twice as long
    assert lookup.propose(10) == [4, 5, 6, 7, 9, 9, 1, 2]  # up to MAX_DRAFT
    assert lookup.propose(3) == [4, 5, 6]
    lookup.result(8, 2)                        # partly taken: what was taken, plus one
    assert lookup.propose(10) == [4, 5, 6]


def test_the_longest_matching_ngram_wins_and_the_latest_occurrence_is_used():
    # "2 3" occurs twice with different followers; the 3-gram "1 2 3" picks its own.
    lookup = PromptLookup([1, 2, 3, 40, 8, 2, 3, 50, 1, 2, 3])
    assert lookup.propose(1) == [40]
    other = PromptLookup([1, 2, 3, 40, 8, 2, 3, 50, 7, 2, 3])
    assert other.propose(1) == [50]  # only "2 3" matches: its latest follower


def test_nothing_is_proposed_without_a_match_or_room():
    assert PromptLookup([1, 2, 3, 4]).propose(5) == []
    assert PromptLookup([5, 6, 5, 6]).propose(0) == []
    assert PromptLookup([]).propose(4) == []


def test_appending_keeps_the_index_current():
    lookup = PromptLookup([10, 11, 12, 13])
    for token in (10, 11):
        lookup.append(token)
    assert lookup.propose(8) == [12, 13, 10, 11]


def test_misses_pause_drafting_for_longer_each_time_and_a_hit_resets_it():
    lookup = PromptLookup([1, 2, 3, 1, 2, 3, 1, 2])
    assert lookup.propose(2)
    lookup.result(2, 0)                      # a miss: four tokens without drafting
    assert lookup.propose(2) == []
    for _ in range(4):
        lookup.append(3)
    assert lookup.propose(2)
    lookup.result(2, 0)                      # a second miss: eight
    for _ in range(7):
        lookup.append(3)
    assert lookup.propose(2) == []
    lookup.append(3)
    assert lookup.propose(2)
    lookup.result(2, 2)                      # a hit: the next miss pauses four again
    lookup.result(2, 0)
    for _ in range(4):
        lookup.append(3)
    assert lookup.propose(2)
    for _ in range(10):
        lookup.result(1, 0)
    assert lookup._next_pause == MAX_PAUSE
    assert lookup.accepted == 2 and lookup.proposed >= MAX_DRAFT // 4
