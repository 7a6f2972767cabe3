"""Corpus steps that add articles to the previous build's results equal the same steps from scratch."""

from __future__ import annotations

import random

import pandas as pd
import pytest

from storylens.ingest.dedupe import find_duplicates, find_duplicates_cached

WORDS = "the minister said on monday that talks with the union over pay and pensions would resume next week after a strike closed schools across the region".split()


def _bodies(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    originals = [" ".join(rng.choice(WORDS) + str(rng.randrange(40)) for _ in range(120)) for _ in range(n)]
    bodies = []
    for k in range(n * 2):
        base = originals[rng.randrange(n)].split()
        kind = k % 4
        if kind == 0:  # an exact copy (another spacing and case)
            bodies.append("  ".join(base).upper())
        elif kind == 1:  # a near copy: a few words changed
            for _ in range(rng.choice([1, 1, 2])):
                base[rng.randrange(len(base))] = "changed" + str(rng.randrange(1000))
            bodies.append(" ".join(base))
        else:  # new text
            bodies.append(" ".join(rng.choice(WORDS) + str(rng.randrange(40)) for _ in range(120)))
    return originals + bodies


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_duplicates_with_added_articles_equal_a_pass_from_scratch(seed):
    bodies = _bodies(30, seed)
    frame = pd.DataFrame({"article_id": [f"a{k:03d}" for k in range(len(bodies))], "text": bodies})
    rng = random.Random(seed)
    order = list(range(len(frame)))
    rng.shuffle(order)
    frame = frame.iloc[order].reset_index(drop=True)
    scratch = find_duplicates(frame, 0.9)
    assert len(scratch) >= 15 and (scratch["duplicate_similarity"] < 1.0).sum() >= 3  # exact and near copies both found
    # Leave out articles anywhere in the order (some are originals of later copies), then add them back.
    # Among them originals of later near copies: the copies must point to them again.
    # (The first of exact copies is not held out: that case runs from scratch, tested below.)
    exact_firsts = set(scratch.loc[scratch["duplicate_similarity"] == 1.0, "duplicate_of"])
    near_originals = sorted(set(scratch.loc[scratch["duplicate_similarity"] < 1.0, "duplicate_of"]) - exact_firsts)[:3]
    assert near_originals
    held = set(near_originals)
    while len(held) < 6:
        held.add(rng.choice(sorted(set(frame["article_id"]) - exact_firsts)))
    before = frame[~frame["article_id"].isin(held)].reset_index(drop=True)
    _, state = find_duplicates_cached(before, 0.9)
    got, after = find_duplicates_cached(frame, 0.9, state)
    assert not after.from_scratch and after.added == 6
    pd.testing.assert_frame_equal(got.sort_values("article_id").reset_index(drop=True), scratch.sort_values("article_id").reset_index(drop=True))


def test_duplicates_add_one_article_without_the_pass_from_scratch():
    bodies = _bodies(30, 7)
    frame = pd.DataFrame({"article_id": [f"a{k:03d}" for k in range(len(bodies))], "text": bodies})
    scratch = find_duplicates(frame, 0.9)
    ids = list(frame["article_id"])
    # Every article held out in turn that is no exact copy of a later one: the state is added to, not rebuilt.
    incremental = 0
    for held in ids[::7]:
        _, state = find_duplicates_cached(frame[frame["article_id"] != held].reset_index(drop=True), 0.9)
        got, after = find_duplicates_cached(frame, 0.9, state)
        incremental += not after.from_scratch
        pd.testing.assert_frame_equal(got.reset_index(drop=True), scratch.reset_index(drop=True))
    assert incremental >= len(ids[::7]) - 2


def test_duplicates_state_from_another_threshold_is_not_used():
    bodies = _bodies(10, 4)
    frame = pd.DataFrame({"article_id": [f"a{k:03d}" for k in range(len(bodies))], "text": bodies})
    _, state = find_duplicates_cached(frame.iloc[:-1], 0.8)
    _, after = find_duplicates_cached(frame, 0.9, state)
    assert after.from_scratch
