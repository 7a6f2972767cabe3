"""Corpus steps that add articles to the previous build's results equal the same steps from scratch."""

from __future__ import annotations

import random

import pandas as pd
import pytest

from storylens.ingest.dedupe import find_duplicates, find_duplicates_cached

WORDS = [
    "the",
    "minister",
    "said",
    "on",
    "monday",
    "that",
    "talks",
    "with",
    "the",
    "union",
    "over",
    "pay",
    "and",
    "pensions",
    "would",
    "resume",
    "next",
    "week",
    "after",
    "a",
    "strike",
    "closed",
    "schools",
    "across",
    "the",
    "region",
]


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


def _letters(k: int) -> str:
    out = ""
    while True:
        out = "abcdefghijklmnopqrstuvwxyz"[k % 26] + out
        k //= 26
        if not k:
            return "w" + out


def _story_corpus(seed: int, n_topics: int = 25, per_topic: int = 5) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Articles on `n_topics` events (their own words and actors, a shared background) with
    days around each event's, some undated, and mentions of the event's actors."""
    import datetime as dt

    rng = random.Random(seed)
    common = [_letters(k) for k in range(400)]
    rows, mentions = [], []
    for t in range(n_topics):
        own = [_letters(1000 + 40 * t + k) for k in range(40)]
        actors = [f"actor{t}_{k}" for k in range(4)] + ["actor_common"]
        day = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(120))
        for k in range(rng.randrange(1, per_topic + 1)):
            share = rng.uniform(0.2, 0.6)
            words = [rng.choice(own) if rng.random() < share else rng.choice(common) for _ in range(150)]
            aid = f"t{t:02d}a{k}"
            published = None if rng.random() < 0.1 else day + dt.timedelta(days=rng.randrange(-3, 12))
            rows.append({"article_id": aid, "title": " ".join(words[:6]), "text": " ".join(words), "published": published, "status": "analysed"})
            for a in rng.sample(actors, 3):
                mentions.append({"article_id": aid, "actor_id": a, "is_meta": False})
    order = list(range(len(rows)))
    rng.shuffle(order)
    return pd.DataFrame([rows[i] for i in order]), pd.DataFrame(mentions)


@pytest.mark.parametrize("seed", [1, 2])
def test_stories_with_added_articles_equal_a_clustering_from_scratch(seed):
    from storylens.compare.stories import assign_stories_cached

    arts, mentions = _story_corpus(seed)
    scratch_all, _ = assign_stories_cached(arts, mentions)
    sizes = scratch_all.value_counts()
    assert (sizes >= 3).sum() >= 5 and (sizes == 1).sum() >= 1  # stories of several articles, and articles alone
    rng = random.Random(seed)
    in_stories = [a for a, s in zip(arts["article_id"], scratch_all, strict=True) if sizes[s] >= 2]
    tried = 0
    for held in rng.sample(in_stories, 4) + [arts["article_id"].iloc[len(arts) // 2]]:
        before = arts[arts["article_id"] != held].reset_index(drop=True)
        _, state = assign_stories_cached(before, mentions[mentions["article_id"] != held])
        vectoriser = state.kept_vectoriser
        got, after = assign_stories_cached(arts, mentions, state, vectoriser=vectoriser)
        scratch, _ = assign_stories_cached(arts, mentions, None, vectoriser=vectoriser)
        assert not after.from_scratch
        assert after.reclustered < len(arts) / 4, "only the stories the added article touches are clustered again"
        pd.testing.assert_series_equal(got, scratch)
        tried += 1
    assert tried == 5


def test_stories_with_a_changed_and_a_removed_article_equal_a_clustering_from_scratch():
    from storylens.compare.stories import assign_stories_cached

    arts, mentions = _story_corpus(5)
    _, state = assign_stories_cached(arts, mentions)
    vectoriser = state.kept_vectoriser
    changed = arts.copy()
    # One article rewritten in another story's words, one gone, one another day: each story they leave or join changes.
    changed.loc[3, "text"] = changed.loc[7, "text"]
    changed.loc[5, "published"] = None
    changed = changed.drop(index=11).reset_index(drop=True)
    got, after = assign_stories_cached(changed, mentions, state, vectoriser=vectoriser)
    scratch, _ = assign_stories_cached(changed, mentions, None, vectoriser=vectoriser)
    assert not after.from_scratch and after.reclustered < len(changed) / 2
    pd.testing.assert_series_equal(got, scratch)


def test_stories_refit_the_vectoriser_after_a_large_change():
    from storylens.compare.stories import assign_stories, assign_stories_cached

    arts, mentions = _story_corpus(3)
    half = arts.iloc[: len(arts) // 2].reset_index(drop=True)
    _, state = assign_stories_cached(half, mentions)
    got, after = assign_stories_cached(arts, mentions, state, vectoriser=state.kept_vectoriser)
    assert after.from_scratch and after.kept_vectoriser.n_articles == len(arts)
    pd.testing.assert_series_equal(got, assign_stories(arts, None, mentions))


def test_stories_rebuilt_with_nothing_changed_keep_every_story():
    """A correction rebuild reruns the corpus steps on unchanged articles: no article needs new
    vectors (sklearn refuses to transform zero texts), and every story stays as it was."""
    from storylens.compare.stories import assign_stories_cached

    arts, mentions = _story_corpus(4)
    first, state = assign_stories_cached(arts, mentions)
    again, after = assign_stories_cached(arts, mentions, state, vectoriser=state.kept_vectoriser)
    assert not after.from_scratch and after.reclustered == 0
    pd.testing.assert_series_equal(again, first)
