"""When each event happened: the date chosen for an event from its own expression, its report or the article.

Run per article and again after the corpus pass re-dates articles (`redate_events`), so an
article dated late in the build still gets its events dated, with `date_how` saying which.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import pandas as pd

from storylens.records import column_records
from storylens.tables import EVENTS, conform

DATE_HOWS = ("own_expression", "reporting_event", "sentence_expression", "publication", "none")


# Confidence kept when a date is borrowed rather than stated: a reported event happened on
# or before its report; a sentence date may belong to another clause; the publication day
# is only an upper bound.
REPORTING_FACTOR = 0.7


SENTENCE_FACTOR = 0.6


PUBLICATION_CONFIDENCE = 0.3


_TIMEX_READ = ("timex_id", "article_id", "start", "end", "text", "date_start", "date_end", "granularity", "confidence")


def _timex_records(timexes: pd.DataFrame | None, article_id: str) -> list[dict[str, Any]]:
    """Timex rows as plain dicts with an id and dates as datetime.date."""
    if timexes is None or len(timexes) == 0:
        return []
    return [timex_record(r, article_id) for r in timexes.to_dict("records")]


def timex_record(r: Mapping[str, Any], article_id: str) -> dict[str, Any]:
    """One TIMEXES row as the dating rules read it: an id, int offsets, dates as datetime.date."""
    tid = r.get("timex_id") if isinstance(r.get("timex_id"), str) else f"{article_id}:{int(r['start'])}-{int(r['end'])}"
    return {
        "timex_id": tid,
        "start": int(r["start"]),
        "end": int(r["end"]),
        "text": r.get("text"),
        "date_start": _as_date(r.get("date_start")),
        "date_end": _as_date(r.get("date_end")),
        "granularity": r.get("granularity"),
        "confidence": float(r["confidence"]) if r.get("confidence") is not None and not pd.isna(r.get("confidence")) else 0.5,
    }


def _as_date(v: Any) -> dt.date | None:
    if v is None or (not isinstance(v, dt.date) and pd.isna(v)):
        return None
    if isinstance(v, dt.datetime):
        return None if pd.isna(v) else v.date()
    if isinstance(v, dt.date):
        return v
    ts = pd.Timestamp(v)
    return None if pd.isna(ts) else ts.date()


_READ = ("event_id", "article_id", "reporting_event_id", "certainty", "_own_tx", "_sent_tx")
_DATE_KEYS = ("date_start", "date_end", "granularity", "date_how", "timex_id", "date_confidence")


def _assign_dates(frame: pd.DataFrame, tx_by_id: Mapping[str, Mapping[str, Any]], published: Mapping[str, dt.date | None]) -> pd.DataFrame:
    """Fill the date columns from `_own_tx` / `_sent_tx` / `reporting_event_id` / published.

    Reported events are dated after their reporters (a reporter may itself be reported)."""
    frame = frame.copy()
    # Only the columns the rules read: a to_dict of every column of 600,000 events was most
    # of this step's time on a 20,000-article corpus.
    dates = _event_dates(column_records(frame, _READ), tx_by_id, published)
    for k in (*_DATE_KEYS, "is_planned"):
        frame[k] = [d[k] for d in dates]
    # A future date makes a plain statement of the event a plan ("a meeting on January 10").
    frame.loc[frame["is_planned"] & frame["certainty"].isin(["asserted", "reported"]), "certainty"] = "planned"
    return frame


def _event_dates(recs: list[dict[str, Any]], tx_by_id: Mapping[str, Mapping[str, Any]], published: Mapping[str, dt.date | None]) -> list[dict[str, Any]]:
    """The date columns and `is_planned` of each event record, in order (see `_assign_dates`)."""
    by_id = {r["event_id"]: r for r in recs}
    done: dict[str, dict[str, Any]] = {}

    def from_tx(tid: Any, how: str, factor: float) -> dict[str, Any] | None:
        t = tx_by_id.get(tid) if isinstance(tid, str) else None
        if t is None or t.get("date_start") is None:
            return None
        return {
            "date_start": t["date_start"],
            "date_end": t["date_end"] or t["date_start"],
            "granularity": t.get("granularity"),
            "date_how": how,
            "timex_id": tid,
            "date_confidence": round(float(t.get("confidence") or 0.5) * factor, 3),
        }

    def date_of(eid: str, depth: int = 0) -> dict[str, Any]:
        if eid in done:
            return done[eid]
        r = by_id[eid]
        d = from_tx(r.get("_own_tx"), "own_expression", 1.0)
        rep = r.get("reporting_event_id")
        if d is None and isinstance(rep, str) and rep in by_id and depth < 10:
            rd = date_of(rep, depth + 1)
            if rd["date_how"] in {"own_expression", "sentence_expression", "reporting_event"}:
                d = {**rd, "date_how": "reporting_event", "date_confidence": round(rd["date_confidence"] * REPORTING_FACTOR, 3)}
        if d is None:
            d = from_tx(r.get("_sent_tx"), "sentence_expression", SENTENCE_FACTOR)
        if d is None:
            pub = _as_date(published.get(r["article_id"]))
            if pub is not None:
                d = {
                    "date_start": pub,
                    "date_end": pub,
                    "granularity": "day",
                    "date_how": "publication",
                    "timex_id": None,
                    "date_confidence": PUBLICATION_CONFIDENCE,
                }
            else:
                d = {"date_start": None, "date_end": None, "granularity": "none", "date_how": "none", "timex_id": None, "date_confidence": 0.0}
        done[eid] = d
        return d

    out: list[dict[str, Any]] = []
    for r in recs:
        d = date_of(r["event_id"])
        pub = _as_date(published.get(r["article_id"]))
        future = pub is not None and d["date_start"] is not None and d["date_how"] != "publication" and d["date_start"] > pub
        out.append({**{k: d[k] for k in _DATE_KEYS}, "is_planned": r["certainty"] == "planned" or future})
    return out


def _conform(frame: pd.DataFrame) -> pd.DataFrame:
    """The table's columns only: the dating inputs (_own_tx, _sent_tx) stay in this module."""
    keep = [c for c in frame.columns if c in EVENTS.names]
    return conform(frame[keep] if len(frame.columns) else None, EVENTS)


def redate_events(events: pd.DataFrame, timexes: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Re-derive the dates of built events after corrections to expressions or publication days.

    Which expression an event uses does not change with a correction, only its value: an
    event dated by its own or its sentence's expression reads that expression again, a
    reported one its reporter's new date, a publication-dated one the article's day."""
    if len(events) == 0:
        return events
    # One pass over the table (in the order a groupby by article would visit it): a
    # to_dict per article cost ~3 ms each, the costliest part of the timeline's corpus step.
    ordered = timexes.sort_values("article_id", kind="stable") if len(timexes) else timexes
    tx_by_id = {t["timex_id"]: t for t in (timex_record(r, str(r["article_id"])) for r in column_records(ordered, _TIMEX_READ))} if len(timexes) else {}
    published = {str(a): _as_date(p) for a, p in zip(articles["article_id"], articles["published"], strict=True)} if len(articles) else {}
    frame = events.copy()
    frame["_own_tx"] = [t if h == "own_expression" else None for t, h in zip(frame["timex_id"], frame["date_how"], strict=True)]
    frame["_sent_tx"] = [t if h == "sentence_expression" else None for t, h in zip(frame["timex_id"], frame["date_how"], strict=True)]
    return _conform(_assign_dates(frame, tx_by_id, published))
