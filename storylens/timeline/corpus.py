"""The timeline's corpus steps: publication years lent across a story, date corrections, re-dating, story events."""

from __future__ import annotations

from typing import Any

import pandas as pd

from storylens.corrections import Corrections
from storylens.tables import ALL_TABLES, conform
from storylens.timeline.date_corrections import apply_timex_corrections
from storylens.timeline.event_dates import redate_events
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
