"""The timeline's corpus steps: publication years lent across a story, story dates lent to undated articles, date corrections, re-dating, story events."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from storylens.corrections import Corrections
from storylens.tables import ALL_TABLES, conform
from storylens.timeline.date_corrections import apply_timex_corrections
from storylens.timeline.event_dates import redate_events
from storylens.timeline.published import STORY_DATE_CONFIDENCE
from storylens.timeline.shared_names import NameIndex
from storylens.timeline.story_events import attach_event_actors, link_story_events
from storylens.timeline.timexes import borrow_years, story_names


def date_across_corpus(rows: list[dict[str, Any]]) -> int:
    """Second look at articles whose own text, url and file name left the day unknown or weak:
    articles of the same story (shared proper names) and the same weeks that share a day-month
    and carry a confident or given date lend their year (`timeline.borrow_years`). Returns how many articles got a date or a better one."""
    clues = {r["article_id"]: r.pop("_published_clues", None) for r in rows}
    weak = [r for r in rows if clues[r["article_id"]] is not None and (r.get("published_confidence") or 0.0) < 0.5 and r.get("published_how") != "corrections"]
    if not weak or not any(c.month_day for r in weak for c in clues[r["article_id"]]):
        return 0
    known = {r["article_id"]: r["published"] for r in rows if r.get("published") is not None and r.get("published_how") not in {"inferred", "unknown"}}
    names = {r["article_id"]: story_names(r["text"]) for r in rows}
    better = borrow_years({k: v for k, v in clues.items() if v is not None}, known, names)
    changed = 0
    for r in weak:
        day, confidence, evidence = better[r["article_id"]]
        if day is None or not evidence.startswith("year from article") or confidence <= (r.get("published_confidence") or 0.0):
            continue
        r.update(published=day, published_how="inferred", published_confidence=confidence, published_evidence=evidence)
        changed += 1
    return changed


def lend_story_dates(rows: list[dict[str, Any]]) -> int:
    """Articles still without any date that share a story (shared proper names,
    `shared_names.same_story`) with dated articles take the day most of those articles carry, at
    STORY_DATE_CONFIDENCE, so that their events reach the timeline (resolved against that
    day) instead of vanishing. Only dates the articles got themselves (given or inferred
    from their own clues) lend; a lent date never lends again, and its confidence stays
    below every threshold at which a date counts as confident. Returns how many got one."""
    undated = [r for r in rows if r.get("published") is None and r.get("published_how") != "corrections"]
    if not undated:
        return 0
    dated = [r for r in rows if r.get("published") is not None]
    names = {r["article_id"]: story_names(r["text"]) for r in [*undated, *dated]}
    same = NameIndex([names[d["article_id"]] for d in dated]).same_story_arrays([names[r["article_id"]] for r in undated])
    # The votes are counted on day numbers: a 20,000-article corpus has stories of thousands
    # of articles, and a Python tally per donor took 40 s of the build.
    day_numbers = np.array([d["published"].toordinal() for d in dated], dtype=np.int64)
    changed = 0
    for r, positions in zip(undated, same, strict=True):
        if not len(positions):
            continue
        days, counts = np.unique(day_numbers[positions], return_counts=True)
        best = np.flatnonzero(counts == counts.max())[-1]  # most votes, then the latest day (np.unique sorts the days)
        voters = positions[day_numbers[positions] == days[best]]
        day = dated[voters[0]]["published"]
        ids = [dated[i]["article_id"] for i in voters[:5]]
        n_votes, n_donors = int(counts[best]), len(positions)
        r.update(
            published=day,
            published_how="inferred",
            published_confidence=STORY_DATE_CONFIDENCE,
            published_evidence=f"no date clue of its own; the date of its story: {n_votes} of {n_donors} articles sharing its names are dated {day} ({', '.join(ids)})",
        )
        changed += 1
    return changed


def name_lent_stories(articles: pd.DataFrame) -> None:
    """Once stories exist, the evidence of a lent story date names the story (in place)."""
    lent = articles["published_evidence"].fillna("").str.startswith("no date clue of its own; the date of its story")
    if lent.any():
        articles.loc[lent, "published_evidence"] = [
            e.replace("the date of its story", f"the date of its story {s}" if isinstance(s, str) else "the date of its story (not grouped with them later)", 1)
            for e, s in zip(articles.loc[lent, "published_evidence"], articles.loc[lent, "story_id"], strict=True)
        ]


def finish_events(
    timexes: pd.DataFrame, events: pd.DataFrame, mentions: pd.DataFrame, articles: pd.DataFrame, corrections: Corrections
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Corpus steps of the timeline: researcher date fixes, re-dating, event actors, story events."""
    timexes = apply_timex_corrections(timexes, corrections.timexes, articles)
    events = redate_events(events, timexes, articles)
    events = attach_event_actors(events, mentions)
    events = events.reset_index(drop=True)
    events["story_event_id"] = link_story_events(events, articles).to_numpy() if not events.empty else []
    return conform(timexes, ALL_TABLES["timexes"]), conform(events, ALL_TABLES["events"])
