"""Adding one article to a build: the rebuild reuses what did not change and ends with the
tables a from-scratch build would write.

Three builds of the same N + 1 articles are compared:
- `incremental`: N articles built, then one added and built again into the same folder
  (per-article rows, unchanged stories' alignments and the quote grouping's pair decisions
  and group classifications reused, the alignment IDF and the story vectoriser kept frozen,
  each input's prepared record reused, only the new body compared for duplicates, only the
  stories the new article touches clustered again);
- `frozen`: from scratch, given only the N-article build's IDF (compare.sentence_idf) and
  story vectoriser (compare.stories.StoryVectoriser);
- `scratch`: from scratch, nothing given.
`incremental` must equal `frozen` in every table, row for row. A fourth, `refit`, is the
same rebuild with the story vectoriser fitted again (as a change of 1 article in 10 does);
against `scratch` its one documented difference is the frozen alignment IDF: every table equal except the alignments and the
claims built on them, whose similarities move by little (bounded here).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import storylens
from storylens import store
from storylens.compare import sentence_idf, stories
from storylens.compare.story_cache import FINGERPRINTS_FILE, STORY_VECTORISER_FILE
from storylens.pipeline import STORY_CACHE_DIR
from storylens.tables import ALL_TABLES

BBC_FILES = [f"{i:03d}.txt" for i in range(1, 9)]
ADDED = "009.txt"
IDF_TABLES = {"alignments", "claims", "claim_sentences"}


def _build(inputs: list[Path], out: Path) -> dict[str, pd.DataFrame]:
    return storylens.build(inputs, out, workers=1, progress=storylens.pipeline.silent_progress)


@pytest.fixture(scope="module")
def three_builds(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> dict[str, dict]:
    root = tmp_path_factory.mktemp("incremental")
    bbc = root / "bbc"
    bbc.mkdir()
    source = shared_dir / "benchmarks" / "bbc-news-fulltext" / "politics"
    for name in BBC_FILES:
        shutil.copy(source / name, bbc / name)
    inputs = [seeds_dir, bbc]
    mp = pytest.MonkeyPatch()
    mp.setattr(sentence_idf, "REFRESH_SHARE", 1.0)  # keep the IDF frozen across this large (1 in 10) change
    try:
        # `refit`: the same rebuild with the stories' vectoriser fitted again, as a change of
        # 1 article in 10 does (past stories.REFRESH_SHARE): only the alignment IDF is kept.
        refit = root / "refit"
        _build(inputs, refit)
        mp.setattr(stories, "REFRESH_SHARE", 1.0)  # and now the stories' vectoriser kept too
        inc = root / "incremental"
        _build(inputs, inc)
        frozen = root / "frozen"
        (frozen / store.CACHE_DIR / STORY_CACHE_DIR).mkdir(parents=True)
        shutil.copy(inc / store.BUILD_INFO, frozen / store.BUILD_INFO)
        corpus_cache = inc / store.CACHE_DIR / STORY_CACHE_DIR
        kept = [*corpus_cache.glob("idf-*.parquet"), corpus_cache / STORY_VECTORISER_FILE, corpus_cache / FINGERPRINTS_FILE]
        for kept_file in kept:
            shutil.copy(kept_file, frozen / store.CACHE_DIR / STORY_CACHE_DIR / kept_file.name)
        shutil.copy(source / ADDED, bbc / ADDED)
        tables = {"incremental": _build(inputs, inc), "frozen": _build(inputs, frozen)}
        mp.setattr(stories, "REFRESH_SHARE", 0.02)
        tables["refit"] = _build(inputs, refit)
    finally:
        mp.undo()
    tables["scratch"] = _build(inputs, root / "scratch")
    infos = {k: store.read_build_info(root / k) for k in tables}
    return {"tables": tables, "info": infos}


def _same(a: pd.DataFrame, b: pd.DataFrame, name: str) -> None:
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True), obj=name)


def test_incremental_equals_a_build_from_scratch_with_the_same_idf(three_builds) -> None:
    t, info = three_builds["tables"], three_builds["info"]
    assert info["incremental"]["reused"] >= 9, "the per-article rows of the N articles are reused"
    aligned = info["incremental"]["stories_aligned"]
    assert aligned["reused"] >= 1, aligned
    quotes = info["incremental"]["quote_results"]
    assert quotes["reused"] >= 1 and info["frozen"]["quote_results"]["reused"] == 0, quotes  # the quotes table is then compared below
    assert info["incremental"]["alignment_idf"] == info["frozen"]["alignment_idf"]
    assert info["frozen"]["stories_aligned"]["reused"] == 0 and info["frozen"]["reused"] == 0
    claims = info["incremental"]["story_claims"]
    assert claims["reused"] >= 1 and claims["computed"] >= 1 and info["frozen"]["story_claims"]["reused"] == 0, claims
    # Only the added file is cleaned, and only its body compared with the others for duplicates.
    assert info["incremental"]["prepared_results"]["computed"] == 1 and info["incremental"]["prepared_results"]["reused"] >= 9
    assert info["incremental"]["duplicates_results"] == {"added": 1, "from_scratch": 0}
    assert info["frozen"]["prepared_results"]["reused"] == 0 and info["frozen"]["duplicates_results"]["from_scratch"] == 1
    # Stories: the added article's group clustered again, the others kept; the frozen build clusters all with the same vectoriser.
    assigned = info["incremental"]["stories_assigned"]
    assert assigned["from_scratch"] == 0 and 1 <= assigned["reclustered"] < 10, assigned
    assert info["frozen"]["stories_assigned"]["from_scratch"] == 1
    assert assigned["vectoriser_articles"] == info["frozen"]["stories_assigned"]["vectoriser_articles"] < 11
    for name in ALL_TABLES:
        _same(t["incremental"][name], t["frozen"][name], name)


def test_incremental_differs_from_scratch_only_by_the_frozen_idf(three_builds) -> None:
    """The rebuild whose story vectoriser is fitted again (`refit`) against a build from scratch.

    (With the vectoriser kept across a change of 1 article in 10, as `incremental` keeps it,
    stories may differ too: the new article's words outside the kept vocabulary do not count.)"""
    t, info = three_builds["tables"], three_builds["info"]
    assert info["refit"]["alignment_idf"]["sentences"] < info["scratch"]["alignment_idf"]["sentences"]
    assert info["refit"]["stories_assigned"]["from_scratch"] == 1 and info["refit"]["stories_assigned"]["vectoriser_articles"] == 11
    assert info["refit"]["prepared_results"]["computed"] == 1 and info["refit"]["duplicates_results"]["from_scratch"] == 0
    for name in ALL_TABLES:
        if name not in IDF_TABLES:
            _same(t["refit"][name], t["scratch"][name], name)
    key = ["article_a", "sentence_a", "article_b", "sentence_b"]
    inc, fresh = t["refit"]["alignments"], t["scratch"]["alignments"]
    both = inc.merge(fresh, on=key, suffixes=("_inc", "_fresh"))
    union = len(inc) + len(fresh) - len(both)
    assert len(both) >= 0.8 * union, f"{len(both)} of {union} pairs in both"
    # idf moves by ln((1 + n') / (1 + n)) for every word and words first seen count as df 1:
    # on 1 article in 10 the similarities move by a few hundredths at most.
    assert np.abs(both["similarity_inc"].astype(float) - both["similarity_fresh"].astype(float)).max() <= 0.05


def test_a_small_change_keeps_the_idf_and_a_large_one_refits_it() -> None:
    idf = sentence_idf.fit_idf(sentence_idf.sentence_tokens(["Putin asked North Korea for missiles."] * 100))
    assert not sentence_idf.needs_refresh(idf, 101) and not sentence_idf.needs_refresh(idf, 98)
    assert sentence_idf.needs_refresh(idf, 103) and sentence_idf.needs_refresh(None, 100)
