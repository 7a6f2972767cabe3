"""Quote grouping with the previous build's results (quote_groups.QuoteCache): a rebuild that
adds an article judges only what it touches and ends with the groups, matches and diffs of a
grouping from scratch."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from storylens.compare.quote_groups import group_quotes, group_quotes_cached
from storylens.compare.story_cache import read_quote_cache, write_quote_cache

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "processed" / "quotes.parquet"
COLUMNS = ["quote_id", "article_id", "outlet", "speaker_actor_id", "kind", "attribution_id", "text"]
OUT = ["quote_id", "quote_group_id", "match", "diff"]


def _requoted(sample: pd.DataFrame, article: str, outlet: str, edit) -> pd.DataFrame:
    """A third outlet re-quoting the sample's quotes, each changed by `edit` (None drops it)."""
    rows = []
    for r in sample.itertuples(index=False):
        text = edit(r.text)
        if text:
            rows.append({**r._asdict(), "quote_id": f"{article}:{r.quote_id}", "article_id": article, "outlet": outlet, "attribution_id": None, "text": text})
    return pd.DataFrame(rows, columns=COLUMNS)


@pytest.fixture(scope="module")
def corpus() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The sample's 22 quotes of two outlets, two more outlets re-quoting them (cut short,
    with an editorial insertion), and the article a rebuild adds (a fifth outlet: some words
    dropped, which joins it to existing groups and changes their members)."""
    sample = pd.read_parquet(SAMPLE).assign(outlet=lambda q: q["article_id"])[COLUMNS]
    c = _requoted(sample, "C", "Outlet C", lambda t: " ".join(t.split()[:-2]) if len(t.split()) > 8 else None)
    d = _requoted(sample, "D", "Outlet D", lambda t: t.replace(" the ", " [the] ", 1) if " the " in t else t)
    added = _requoted(sample.iloc[::2], "E", "Outlet E", lambda t: " ".join(w for k, w in enumerate(t.split()) if k != 3))
    before = pd.concat([sample, c, d], ignore_index=True)
    return before, pd.concat([before.iloc[:30], added, before.iloc[30:]], ignore_index=True)


def test_a_rebuild_with_the_cache_equals_grouping_from_scratch(corpus, tmp_path: Path) -> None:
    before, after = corpus
    _, cache = group_quotes_cached(before, None)
    assert cache.pairs and cache.groups and cache.reused == 0
    write_quote_cache(cache, tmp_path)
    previous = read_quote_cache(tmp_path)
    assert previous is not None and previous.pairs == cache.pairs and previous.groups == cache.groups and previous.tokens == cache.tokens
    scratch = group_quotes(after)
    assert scratch["quote_group_id"].notna().sum() >= 40, "the corpus has groups to get wrong"
    assert set(scratch["match"].dropna()) >= {"verbatim", "shortened", "edited"}
    cached, again = group_quotes_cached(after, previous)
    pd.testing.assert_frame_equal(cached[OUT], scratch[OUT])
    # Most decisions come from the previous build: the added article's pairs and the groups it joins are judged anew.
    assert again.reused >= 2 * again.computed, (again.reused, again.computed)
    assert again.computed >= 1


def test_the_cache_is_what_decides_a_cached_pair(corpus) -> None:
    """A cache whose decisions were flipped changes the groups: the equality above is not
    reached by ignoring the cache."""
    before, _ = corpus
    _, cache = group_quotes_cached(before, None)
    cache.pairs = {pair: not linked for pair, linked in cache.pairs.items()}
    cache.groups = {}
    flipped, _ = group_quotes_cached(before, cache)
    assert not flipped["quote_group_id"].equals(group_quotes(before)["quote_group_id"])
