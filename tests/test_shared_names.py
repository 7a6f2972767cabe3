"""The name index finds exactly the articles a pass over every article would find."""

from __future__ import annotations

import random

from storylens.timeline.shared_names import NameIndex, same_story, story_names


def _random_names(rng: random.Random, vocabulary: list[str]) -> set[str]:
    # a few very common names (the head of the vocabulary) and a long tail, as in news text
    n = rng.choice([0, 1, 2, 3, 4, 6, 10, 15, 25, 40])
    return {vocabulary[min(int(rng.paretovariate(0.7)) - 1, len(vocabulary) - 1)] for _ in range(n)}


def test_the_index_finds_what_comparing_every_pair_finds() -> None:
    rng = random.Random(7)
    vocabulary = [f"Name{i}" for i in range(300)]
    indexed = [_random_names(rng, vocabulary) for _ in range(400)]
    index = NameIndex(indexed)
    queries = [_random_names(rng, vocabulary) for _ in range(300)]
    expected = [[i for i, other in enumerate(indexed) if same_story(names, other)] for names in queries]
    index.BLOCK = 64  # several blocks of queries, as on a large corpus
    assert index.same_story_each(queries) == expected
    assert sum(map(len, expected)) > 100  # the sets do overlap: the check is not vacuous


def test_story_names_skip_sentence_starts_and_calendar_words() -> None:
    text = "The talks began. On Monday, officials in Kyiv met Zelensky and Biden in Washington."
    assert story_names(text) == {"Kyiv", "Zelensky", "Biden", "Washington"}
