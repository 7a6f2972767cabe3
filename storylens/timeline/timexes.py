"""Temporal expressions in news text, resolved to calendar intervals; publication dates inferred.

Public, stable entry points (other stages and checks call them):
  extract_timexes(text, published, doc=None) -> DataFrame (one row per expression)
  infer_published(text, url=None, file_name=None) -> (date | None, confidence, evidence)
  infer_published_corpus(texts, urls, file_names=None) -> {key: (date | None, confidence, evidence)}

Why our own grammar instead of dateparser: news needs TimeML extents and values
(`2024-W01`, `PAST_REF`, `P3M`), resolution by tense and publication day ("told reporters
Thursday" is the Thursday before publication, "on January 10, the US is calling for" the
coming one), and a few microseconds per expression; dateparser resolves against today's
clock and can take seconds on phrases like "A few months later". The pieces live in
`storylens.timeline.temporal`: `grammar` finds spans, `resolve` gives values, `tense` reads the verb,
`values` turns values into intervals, `infer` guesses publication dates.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from storylens.timeline.published import borrow_years, infer_published, infer_published_corpus, published_clues, story_names
from storylens.timeline.temporal.grammar import find_candidates
from storylens.timeline.temporal.resolve import UNKNOWN, Context, acceptor, resolve
from storylens.timeline.temporal.tense import cue_tense, lexical_tense, parse_tense

__all__ = ["COLUMNS", "borrow_years", "extract_timexes", "infer_published", "infer_published_corpus", "published_clues", "story_names", "timex_records"]

COLUMNS = ["start", "end", "text", "type", "value", "date_start", "date_end", "granularity", "anchor", "confidence", "alternatives"]


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Rows -> frame with the documented dtypes, built column by column (the generic
    constructor plus astype costs more than the extraction on short texts)."""
    cols: dict[str, Any] = {c: [r[c] for r in rows] for c in COLUMNS}
    out = {c: pd.Series(v, dtype="object") for c, v in cols.items()}
    out["start"] = pd.Series(cols["start"], dtype="int64")
    out["end"] = pd.Series(cols["end"], dtype="int64")
    out["confidence"] = pd.Series(cols["confidence"], dtype="float64")
    return pd.DataFrame(out, columns=COLUMNS)


def _as_date(value: Any) -> dt.date | None:
    """A calendar day from what a table column may hold (date, datetime, Timestamp, NaT, NaN)."""
    if value is None or (not isinstance(value, dt.date) and pd.isna(value)):
        return None
    if isinstance(value, dt.datetime):  # pandas Timestamp and NaT are datetimes too
        return None if pd.isna(value) else value.date()
    if isinstance(value, dt.date):
        return value
    ts = pd.Timestamp(value)
    return None if pd.isna(ts) else ts.date()


def extract_timexes(text: str, published: dt.date | None, doc: Any = None) -> pd.DataFrame:
    """Find and normalise every temporal expression in `text`.

    `published` anchors relative expressions ("yesterday", "last week", "Friday"); without it
    they keep X's in their value and get no interval, while explicit dates still resolve.
    `doc`, a spaCy Doc of exactly `text`, lets the tense come from the parse instead of the
    word-based fallback; the text is never parsed here (the build has parsed it already).
    Rows are in text order; see COLUMNS and `storylens.timeline.temporal.resolve` for the anchors.
    """
    return _frame(timex_records(text, published, doc))


def timex_records(text: str, published: dt.date | None, doc: Any = None) -> list[dict[str, Any]]:
    """The rows of `extract_timexes` as plain dicts (keys: COLUMNS), for the build, which
    adds its trace columns and makes one frame per article instead of several."""
    if not text:
        return []
    published = _as_date(published)

    def tense(start: int, end: int) -> str:
        t = cue_tense(text, start, end)
        if t == UNKNOWN and doc is not None:
            t = parse_tense(doc, start, end)
        return t if t != UNKNOWN else lexical_tense(text, start, end)

    ctx = Context(text=text, dct=published, tense=tense)
    rows: list[dict[str, Any]] = []
    for cand in find_candidates(text, acceptor(text, published)):
        r = resolve(cand, ctx)
        if r is None:
            continue
        ctx.prev.append(r)
        rows.append(
            {
                "start": cand.start,
                "end": cand.end,
                "text": text[cand.start : cand.end],
                "type": r.type,
                "value": r.value,
                "date_start": r.date_start,
                "date_end": r.date_end,
                "granularity": r.granularity,
                "anchor": r.anchor,
                "confidence": float(r.confidence),
                "alternatives": list(r.alternatives),
            }
        )
    return rows
