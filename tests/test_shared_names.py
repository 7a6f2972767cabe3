"""The name index finds exactly the articles a pass over every article would find."""

from __future__ import annotations

import random

from storylens.timeline.shared_names import NameIndex, same_story, shared_needed, story_names


def _random_names(rng: random.Random, vocabulary: list[str]) -> set[str]:
    # a few very common names (the head of the vocabulary) and a long tail, as in news text
    n = rng.choice([0, 1, 2, 3, 4, 6, 10, 15, 25, 40])
    return {vocabulary[min(int(rng.paretovariate(0.7)) - 1, len(vocabulary) - 1)] for _ in range(n)}


def test_the_index_finds_what_comparing_every_pair_finds() -> None:
    rng = random.Random(7)
    vocabulary = [f"Name{i}" for i in range(300)]
    indexed = [_random_names(rng, vocabulary) for _ in range(400)]
    index = NameIndex(indexed)
    found = 0
    for _ in range(300):
        names = _random_names(rng, vocabulary)
        expected = [i for i, other in enumerate(indexed) if same_story(names, other)]
        assert index.same_story(names) == expected
        found += len(expected)
    assert found > 100  # the sets do overlap: the check is not vacuous


def test_the_needed_share_is_a_bound_for_any_union() -> None:
    for n in range(60):
        need = shared_needed(n)
        assert need >= 3
        assert need - 1 < 0.2 * n or need == 3  # one name fewer never passes, whatever the other's names


def test_story_names_skip_sentence_starts_and_calendar_words() -> None:
    text = "The talks began. On Monday, officials in Kyiv met Zelensky and Biden in Washington."
    assert story_names(text) == {"Kyiv", "Zelensky", "Biden", "Washington"}
