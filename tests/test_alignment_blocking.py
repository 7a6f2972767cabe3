"""The blocked sentence alignment (large stories) finds the pairs the full matrix finds.

Why these checks: the blocked path scores only candidate pairs and applies the same rules
(threshold, top_k both ways in each article pair, copies always kept) to a list instead of
a matrix. On a story smaller than its limits (block_df, block_candidates) every pair with
a nonzero word or anchor cosine is a candidate, so its table must equal the brute-force
one, row for row, similarity and relation included; a larger story must stay within its
bound of pairs per sentence. benchmarks/alignment_blocking.py measures the larger stories.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from benchmarks.data_paths import REPO
from storylens.compare.alignments import DEFAULT_PARAMS, align_sentences


def _both(sentences: pd.DataFrame, articles: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    dense = align_sentences(sentences, articles, replace(DEFAULT_PARAMS, dense_max=10**9))
    blocked = align_sentences(sentences, articles, replace(DEFAULT_PARAMS, dense_max=0))
    return dense, blocked


def test_blocked_equals_brute_force_on_the_sample():
    from storylens import store

    tables = store.load(REPO / "data" / "processed")
    dense, blocked = _both(tables["sentences"], tables["articles"])
    assert len(dense) > 10, "the sample's story should align a good number of sentence pairs"
    pd.testing.assert_frame_equal(dense, blocked)


def test_blocked_equals_brute_force_on_ecbplus_topics(shared_dir):
    from benchmarks import alignment_ecbplus as bench

    sentences, articles, _ = bench.load_split(shared_dir / "benchmarks" / "ecbplus", range(36, 39), story="topic")
    dense, blocked = _both(sentences, articles)
    assert len(dense) > 300 and dense["story_id"].nunique() == 3
    pd.testing.assert_frame_equal(dense, blocked)


@pytest.mark.parametrize("limit", [2, 5])
def test_blocked_candidates_are_bounded(limit):
    """With a small candidate budget, no sentence is paired with more sentences than it
    allows (equal sentences aside, always kept), and most kept pairs are ones the full
    matrix keeps (not all: when a sentence's best partners are not candidates, the top_k
    rule lets a lesser one in)."""
    from storylens import store

    tables = store.load(REPO / "data" / "processed")
    sentences, articles = tables["sentences"], tables["articles"]
    dense = align_sentences(sentences, articles, replace(DEFAULT_PARAMS, dense_max=10**9))
    blocked = align_sentences(sentences, articles, replace(DEFAULT_PARAMS, dense_max=0, block_candidates=limit))
    not_same = blocked[blocked["relation"] != "same"]
    per_sentence = pd.concat([not_same["sentence_a"].astype(str) + "a", not_same["sentence_b"].astype(str) + "b"]).value_counts()
    assert per_sentence.max() <= 2 * limit  # a pair kept from either side's list
    key = ["article_a", "sentence_a", "article_b", "sentence_b"]
    assert len(blocked) > 0 and len(blocked.merge(dense[key], on=key)) >= 0.75 * len(blocked)
