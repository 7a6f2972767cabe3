"""The comparison's corpus steps: stories, sentence alignments and claims; quotes with their speakers, grouped.

One call each for the pipeline; the work is in `stories`, `alignments`, `claims` and `quote_groups`.
"""

from __future__ import annotations

import bisect
from typing import Any

import pandas as pd

from storylens.clock import NO_CLOCK, StageClock
from storylens.compare.claim_corrections import apply_claim_corrections, cannot_links
from storylens.compare.claims_cache import claims_with_cache
from storylens.compare.quote_groups import QuoteCache, group_quotes_cached
from storylens.compare.stories import assign_stories_cached
from storylens.compare.story_cache import AlignMany, StoryCache, align_with_cache
from storylens.corrections import Corrections
from storylens.tables import ALL_TABLES, conform


def compare_stories(
    articles: pd.DataFrame,
    sentences: pd.DataFrame,
    mentions: pd.DataFrame,
    corrections: Corrections | None = None,
    clock: StageClock = NO_CLOCK,
    previous: StoryCache | None = None,
    code: dict[str, str] | None = None,
    align_many: AlignMany | None = None,
) -> dict[str, Any]:
    """Group analysed articles into stories, align their sentences across articles (then the
    researcher's same/different claim corrections), cluster claims (two sentences marked
    different never in one claim).

    Stories whose inputs are unchanged since the build that left `previous` take their
    alignment rows and claims from it (`compare.story_cache`, `compare.claims_cache`); the new
    cache is returned as `_story_cache`. `code` (the parts' code fingerprints,
    `story_cache.part_fingerprints()`) is part of each story's keys, so rows computed by
    other code are never reused. `align_many` is how the stories to align are aligned
    (`story_cache.align_with_cache`)."""
    code = code or {}
    articles = articles.copy()
    analysed = articles[articles["status"] == "analysed"]
    state = None
    with clock("stories"):
        if not analysed.empty:
            story_ids, state = assign_stories_cached(
                analysed, mentions, previous.stories if previous is not None else None, vectoriser=previous.story_vectoriser if previous is not None else None
            )
            articles.loc[analysed.index, "story_id"] = story_ids.astype("string")
    in_story = articles[articles["story_id"].notna()]
    with clock("alignments"):
        aligned, cache = align_with_cache(sentences, in_story, previous, code.get("alignments", ""), align_many=align_many)
        if state is not None:
            cache.stories, cache.story_vectoriser = state, state.kept_vectoriser
        alignments = apply_claim_corrections(aligned, sentences, in_story, corrections)
    with clock("claims"):
        apart = cannot_links(sentences, in_story, corrections)
        claims, claim_sentences, cache.claims = claims_with_cache(
            alignments, sentences, in_story, apart, previous.claims if previous is not None else None, code.get("claims", "")
        )
    return {
        "articles": conform(articles, ALL_TABLES["articles"]),
        "alignments": conform(alignments, ALL_TABLES["alignments"]),
        "claims": conform(claims, ALL_TABLES["claims"]),
        "claim_sentences": conform(claim_sentences, ALL_TABLES["claim_sentences"]),
        "_story_cache": cache,
    }


def finish_quotes(quotes: pd.DataFrame, mentions: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Attach the speaker's actor (the mention under the speaker span) and group quotes across outlets."""
    return finish_quotes_cached(quotes, mentions, articles, None)[0]


def finish_quotes_cached(quotes: pd.DataFrame, mentions: pd.DataFrame, articles: pd.DataFrame, previous: QuoteCache | None) -> tuple[pd.DataFrame, QuoteCache]:
    """`finish_quotes`, with the grouping's results whose inputs are unchanged taken from
    `previous` (`quote_groups.QuoteCache`); also returns this build's cache."""
    if quotes.empty:
        return quotes, QuoteCache()
    q = quotes.copy()
    story = mentions[~mentions["is_meta"].fillna(False) & mentions["actor_id"].notna()]
    # Mentions that carry an actor: "he" or "the minister" resolved by coreference counts as much as a name.
    by_article: dict[str, list[tuple[int, int, str, str, bool]]] = {}
    for aid, start, end, text, actor, kind in zip(*(story[c].tolist() for c in ("article_id", "start", "end", "text", "actor_id", "kind")), strict=True):
        by_article.setdefault(aid, []).append((int(start), int(end), str(text), str(actor), kind == "person"))
    spans = {aid: _SpanIndex(cands) for aid, cands in by_article.items()}
    actor_ids: list[str | None] = []
    for aid, s_start, s_end, resolved in zip(*(q[c].tolist() for c in ("article_id", "source_start", "source_end", "speaker_resolved_text")), strict=True):
        cands = by_article.get(aid, [])
        found = None
        if cands and pd.notna(s_start):
            # A person under the span first ("Obama, speaking from the White House" is Obama), then
            # the mention covering most of it ("The British Defense Minister" is the minister, not "British").
            hits = [c for c in spans[aid].near(s_start, s_end) if min(c[1], s_end) - max(c[0], s_start) > 0]
            if hits:
                found = max(hits, key=lambda c: (c[4], min(c[1], s_end) - max(c[0], s_start)))[3]
        if found is None and isinstance(resolved, str) and resolved:
            # "who" / "he" resolved to a written name: the (person) mention whose text it contains.
            inside = [c for c in cands if c[2] and c[2] in resolved]
            found = max(inside, key=lambda c: (c[4], len(c[2])))[3] if inside else None
        actor_ids.append(found)
    q["speaker_actor_id"] = actor_ids
    q["outlet"] = q["article_id"].map(dict(zip(articles["article_id"], articles["outlet"], strict=True)))
    # Only reported words are grouped across outlets: an act or a stance ("Britain condemned
    # ...", `is_speech` false) stays in the table, with no group.
    speech = q["is_speech"].fillna(True).astype(bool) if "is_speech" in q.columns else pd.Series(True, index=q.index)
    grouped = q.reset_index(drop=True)
    said, cache = group_quotes_cached(grouped[speech.to_numpy()], previous)
    for c in ("quote_group_id", "match", "diff"):
        grouped[c] = pd.Series(pd.NA, index=grouped.index, dtype="string")
        grouped.loc[speech.to_numpy(), c] = said[c].to_numpy()
    return conform(grouped.drop(columns=[c for c in grouped.columns if c not in ALL_TABLES["quotes"].names]), ALL_TABLES["quotes"]), cache


class _SpanIndex:
    """An article's mentions by start offset, to find those that may overlap a speaker span
    without scanning all of them (it was a scan of every mention of the article per quote:
    most of the quote step's CPU once the grouping is cached, 6.5 of 11 s on 2,000 articles)."""

    def __init__(self, cands: list[tuple[int, int, str, str, bool]]):
        self.cands = cands
        self.order = sorted(range(len(cands)), key=lambda k: cands[k][0])
        self.starts = [cands[k][0] for k in self.order]
        self.longest = max((c[1] - c[0] for c in cands), default=0)

    def near(self, start: int, end: int) -> list[tuple[int, int, str, str, bool]]:
        """Every mention that can overlap [start, end) (starting before `end`, and no earlier
        than the longest mention before `start`), in the article's own order: the caller's
        `max` then breaks ties as it did over all of them."""
        lo = bisect.bisect_right(self.starts, start - self.longest)
        hi = bisect.bisect_left(self.starts, end)
        return [self.cands[k] for k in sorted(self.order[lo:hi])]
