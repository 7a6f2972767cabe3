"""Claims story by story from the previous build (compare.claims_cache), and the corpus cache's
parts each read only when made by the same code (compare.story_cache fingerprints)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from storylens.compare import story_cache
from storylens.compare.claims import build_claims
from storylens.compare.claims_cache import claims_with_cache
from storylens.compare.story_cache import StoryCache, read_cache, write_cache
from storylens.tables import ALIGNMENTS, conform


def _corpus() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    articles = pd.DataFrame(
        {
            "article_id": ["a1", "a2", "b1", "b2", "lone"],
            "outlet": ["x", "y", "x", "z", "y"],
            "published": pd.to_datetime(["2024-01-05", "2024-01-06", "2024-01-05", "2024-01-05", "2024-01-07"]).date,
            "story_id": ["s1", "s1", "s2", "s2", None],
        }
    )
    rows = []
    for aid in ["b1", "a1", "lone", "a2", "b2"]:  # articles interleaved: the output order is the table's
        for i in range(3):
            rows.append({"article_id": aid, "sentence_id": i, "start": 10 * i, "end": 10 * i + 9, "text": f"{aid} sentence {i}."})
    sentences = pd.DataFrame(rows)
    alignments = conform(
        pd.DataFrame(
            [
                {"article_a": "a1", "sentence_a": 0, "article_b": "a2", "sentence_b": 1, "relation": "same", "similarity": 1.0},
                {"article_a": "a1", "sentence_a": 2, "article_b": "a2", "sentence_b": 2, "relation": "paraphrase", "similarity": 0.8},
                {"article_a": "b1", "sentence_a": 1, "article_b": "b2", "sentence_b": 0, "relation": "same", "similarity": 1.0},
            ]
        ),
        ALIGNMENTS,
    )
    return alignments, sentences, articles[articles["story_id"].notna()]


def _equal(got: tuple[pd.DataFrame, pd.DataFrame], want: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    for g, w in zip(got, want, strict=True):
        pd.testing.assert_frame_equal(g.reset_index(drop=True), w.reset_index(drop=True), check_dtype=False)


def test_a_changed_story_is_clustered_again_and_the_others_reused() -> None:
    alignments, sentences, articles = _corpus()
    claims, members, first = claims_with_cache(alignments, sentences, articles, None, None, "code")
    _equal((claims, members), build_claims(alignments, sentences, articles))
    assert (first.computed, first.reused) == (2, 0)
    # story s1 loses its paraphrase: s1 is clustered again, s2 comes from the cache
    changed = alignments[alignments["relation"] != "paraphrase"].reset_index(drop=True)
    claims, members, second = claims_with_cache(changed, sentences, articles, None, first, "code")
    assert (second.computed, second.reused) == (1, 1)
    _equal((claims, members), build_claims(changed, sentences, articles))
    # other claims code: nothing reused
    *_, third = claims_with_cache(changed, sentences, articles, None, second, "other code")
    assert (third.computed, third.reused) == (2, 0)


def test_a_cannot_link_changes_its_story_key() -> None:
    alignments, sentences, articles = _corpus()
    *_, first = claims_with_cache(alignments, sentences, articles, None, None, "code")
    apart = {frozenset((("a1", 0), ("a2", 1)))}
    claims, members, second = claims_with_cache(alignments, sentences, articles, apart, first, "code")
    assert (second.computed, second.reused) == (1, 1)
    _equal((claims, members), build_claims(alignments, sentences, articles, apart=apart))


def test_cache_parts_made_by_other_code_are_not_read(tmp_path: Path, monkeypatch) -> None:
    alignments, sentences, articles = _corpus()
    *_, claims = claims_with_cache(alignments, sentences, articles, None, None, "code")
    prints = {"alignments": "A", "quotes": "Q", "stories": "S", "claims": "C"}
    write_cache(StoryCache(claims=claims), tmp_path, prints)
    back = read_cache(tmp_path, prints)
    assert back is not None and back.claims is not None and back.claims.keys == claims.keys
    pd.testing.assert_frame_equal(back.claims.members.reset_index(drop=True), claims.members.reset_index(drop=True), check_dtype=False)
    assert read_cache(tmp_path, {**prints, "claims": "C2"}) is None  # the only part, made by other code
    (tmp_path / story_cache.FINGERPRINTS_FILE).unlink()
    assert read_cache(tmp_path, prints) is None  # no record of the code: nothing trusted
