"""Timeline rows: one row per (event, sentence), from `events` when the build has it,
otherwise from dated temporal expressions.

Why a fallback: until the event stage lands, the only dated facts in a build are the
timexes; a dated sentence is then the event, at its expression's interval, and the
sentences that share one interval are shown together as one "story event". The output
has the same columns either way, so the chart and the page do not care which it was.

Columns: event_key, story_event_id, label, article_id, sentence_id, outlet, published
(report date), date_start, date_end, granularity, date_how, confidence, date_text,
date_start_offset, date_end_offset (the date expression in articles.text), event_type,
certainty, actor_ids, actors, sentence, is_range, is_uncertain, is_planned, source.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd

from app.frames import actor_names, get, has, is_seq, outlet_of, sentence_text
from storylens.tables import to_date

COLUMNS = [
    "event_key",
    "story_event_id",
    "label",
    "article_id",
    "sentence_id",
    "outlet",
    "published",
    "date_start",
    "date_end",
    "granularity",
    "date_how",
    "confidence",
    "date_text",
    "date_start_offset",
    "date_end_offset",
    "event_type",
    "certainty",
    "actor_ids",
    "actors",
    "sentence",
    "is_range",
    "is_uncertain",
    "is_planned",
    "source",
]

# Below this a resolved date is drawn as uncertain: the timex resolver gives 0.85-0.97 to
# explicit and weekday-anchored dates and 0.6 or less to vague ones ("recent days").
LOW_CONFIDENCE = 0.7
# Dates borrowed rather than read: the publication day stands in for an undated event.
UNCERTAIN_HOW = {"inferred", "publication", "from the article's date"}


HOW_WORDS = {
    "own_expression": "date from the event's own words",
    "sentence_expression": "date from the sentence",
    "reporting_event": "date of the statement that reports it",
    "publication": "from the article's date",
    "none": "no date",
}
_PARTS = {"MO": "morning of", "AF": "afternoon of", "EV": "evening of", "NI": "night of"}


def _plain_value(value: object, start: dt.date | None, end: dt.date | None) -> str:
    """A TimeML value in words: 2024-01-04TEV -> "evening of 4 Jan 2024"."""
    v = str(value or "")
    if start is None:
        return "no day"
    day = f"{start.day} {start:%b %Y}"
    for code, words in _PARTS.items():
        if v.endswith("T" + code):
            return f"{words} {day}"
    if end is not None and end != start:
        return f"{day} – {end.day} {end:%b %Y}"
    return day


def _sentence_facts(t: Mapping[str, pd.DataFrame]) -> tuple[dict, dict, dict]:
    """Per sentence: its actors (story mentions), event type and certainty (from interactions)."""
    actors: dict[tuple[str, int], list[str]] = {}
    if has(t, "mentions", "actor_id"):
        m = get(t, "mentions")
        m = m[m["actor_id"].notna()]
        if "is_meta" in m.columns:
            m = m[~m["is_meta"].astype("boolean").fillna(False).astype(bool)]
        for (a, s), grp in m.groupby(["article_id", "sentence_id"]):
            actors[(str(a), int(s))] = list(dict.fromkeys(grp["actor_id"].astype(str)))
    etype: dict[tuple[str, int], str] = {}
    certainty: dict[tuple[str, int], str] = {}
    if has(t, "interactions", "event_type"):
        i = get(t, "interactions")
        if "edge_kind" in i.columns:
            i = i[i["edge_kind"] == "interaction"]
        for (a, s), grp in i.groupby(["article_id", "sentence_id"]):
            types = grp["event_type"].dropna()
            # The most specific class wins over the ubiquitous "statement" (every quote has one).
            non_statement = types[types != "statement"]
            pick = non_statement if not non_statement.empty else types
            if not pick.empty:
                etype[(str(a), int(s))] = str(pick.mode().iloc[0])
            if "certainty" in grp.columns:
                cs = grp["certainty"].dropna()
                if not cs.empty:
                    certainty[(str(a), int(s))] = "planned" if (cs == "planned").any() else str(cs.mode().iloc[0])
    return actors, etype, certainty


def _from_timexes(t: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    tx = get(t, "timexes")
    if tx.empty or "date_start" not in tx.columns:
        return pd.DataFrame(columns=COLUMNS)
    tx = tx[tx["date_start"].notna() & tx["type"].isin(["DATE", "TIME", "DURATION"])]
    if tx.empty:
        return pd.DataFrame(columns=COLUMNS)
    outlets, names, texts = outlet_of(t), actor_names(t), sentence_text(t)
    published = {}
    if has(t, "articles", "published"):
        arts = get(t, "articles")
        published = dict(zip(arts["article_id"].astype(str), arts["published"].map(to_date)))
    actors, etype, certainty = _sentence_facts(t)
    rows = []
    for r in tx.to_dict("records"):
        key = (str(r["article_id"]), int(r["sentence_id"]))
        start, end = to_date(r["date_start"]), to_date(r["date_end"]) or to_date(r["date_start"])
        ids = actors.get(key, [])
        anchor = str(r.get("anchor") or "")
        rows.append(
            {
                "event_key": str(r.get("timex_id") or f"{key[0]}:{r['start']}-{r['end']}"),
                "story_event_id": f"{start}..{end}",
                "label": f"{r['text']} ({start}" + (f" – {end})" if end != start else ")"),
                "article_id": key[0],
                "sentence_id": key[1],
                "outlet": outlets.get(key[0], "unknown"),
                "published": published.get(key[0]),
                "date_start": start,
                "date_end": end,
                "granularity": r.get("granularity"),
                "date_how": f"{r.get('value')} resolved against {anchor or 'nothing'}",
                "confidence": float(r["confidence"]) if pd.notna(r.get("confidence")) else None,
                "date_text": r["text"],
                "date_start_offset": int(r["start"]),
                "date_end_offset": int(r["end"]),
                "event_type": etype.get(key, "unclassified"),
                "certainty": certainty.get(key, "unknown"),
                "actor_ids": ids,
                "actors": [names.get(a, a) for a in ids],
                "sentence": texts.get(key, ""),
                "source": "timexes",
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def _from_events(t: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Rows from the `events` table (storylens/tables.py EVENTS): the date expression is the
    event's own `timex_id` when it has one; a date borrowed from the publication day or the
    reporting statement carries the lower `date_confidence` the event stage gave it."""
    ev = get(t, "events")
    ev = ev[ev["date_start"].notna()] if "date_start" in ev.columns else ev.iloc[0:0]
    if ev.empty:
        return pd.DataFrame(columns=COLUMNS)
    outlets, names, texts = outlet_of(t), actor_names(t), sentence_text(t)
    arts = get(t, "articles")
    published = dict(zip(arts["article_id"].astype(str), arts["published"].map(to_date))) if not arts.empty else {}
    tx = get(t, "timexes")
    by_id = {str(r["timex_id"]): r for r in tx.to_dict("records")} if not tx.empty and "timex_id" in tx.columns else {}
    rows = []
    for r in ev.to_dict("records"):
        key = (str(r["article_id"]), int(r["sentence_id"]))
        start, end = to_date(r["date_start"]), to_date(r.get("date_end")) or to_date(r["date_start"])
        ids = [str(a) for a in r["actor_ids"]] if is_seq(r.get("actor_ids")) else []
        tmx = by_id.get(str(r.get("timex_id")), {}) if isinstance(r.get("timex_id"), str) else {}
        how = HOW_WORDS.get(str(r.get("date_how") or "none"), str(r.get("date_how")))
        if tmx:
            how += f": “{tmx.get('text')}” read as {_plain_value(tmx.get('value'), start, end)}" + (
                " (counted from the article's date)" if tmx.get("anchor") == "published" else ""
            )
        elif r.get("date_how") == "publication":
            how += ": no date in the sentence"
        reporter = r.get("reported_by_text")
        conf = r.get("date_confidence", r.get("confidence"))
        trigger = r.get("trigger") or r.get("event_type") or "event"
        who = ", ".join(names.get(a, a) for a in ids[:2])
        rows.append(
            {
                "event_key": str(r.get("event_id") or f"{key[0]}:{r.get('start')}-{r.get('end')}"),
                "story_event_id": str(r.get("story_event_id") or r.get("event_id")),
                "label": f"{trigger}" + (f" · {who}" if who else "") + f" ({start}" + (f" – {end})" if end != start else ")"),
                "article_id": key[0],
                "sentence_id": key[1],
                "outlet": outlets.get(key[0], "unknown"),
                "published": published.get(key[0]),
                "date_start": start,
                "date_end": end,
                "granularity": r.get("granularity"),
                "date_how": how + (f" · reported by {reporter}" if isinstance(reporter, str) and reporter else ""),
                "confidence": float(conf) if conf is not None and pd.notna(conf) else None,
                "date_text": tmx.get("text", ""),
                "date_start_offset": tmx.get("start"),
                "date_end_offset": tmx.get("end"),
                "event_type": r.get("event_type") or "unclassified",
                "certainty": r.get("certainty") if isinstance(r.get("certainty"), str) else "unknown",
                "actor_ids": ids,
                "actors": [names.get(a, a) for a in ids],
                "sentence": texts.get(key, ""),
                "source": "events",
                "_planned": bool(r.get("is_planned")) if pd.notna(r.get("is_planned", None)) else False,
            }
        )
    return pd.DataFrame(rows, columns=[*COLUMNS, "_planned"])


def timeline_rows(t: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Every dated event sentence of the build, with flags the chart draws."""
    df = _from_events(t) if has(t, "events", "date_start") else _from_timexes(t)
    if df.empty:
        return df
    df["is_range"] = df["date_end"] != df["date_start"]
    conf = pd.to_numeric(df["confidence"], errors="coerce")
    how = df["date_how"].fillna("").astype(str).str.lower()
    df["is_uncertain"] = (conf < LOW_CONFIDENCE).fillna(False) | how.map(lambda h: any(w in h for w in UNCERTAIN_HOW))
    # a date counted from an article's own date is only as sure as that date (a story's date lent to an undated article)
    arts = get(t, "articles")
    if "published_confidence" in arts.columns:
        weak = set(arts.loc[pd.to_numeric(arts["published_confidence"], errors="coerce").fillna(1.0) < 0.5, "article_id"].astype(str))
        leans = how.str.contains("article's date", regex=False)
        df["is_uncertain"] |= df["article_id"].isin(weak) & leans
    after_report = [bool(p is not None and s is not None and s > p) for s, p in zip(df["date_start"], df["published"])]
    df["is_planned"] = (df["certainty"] == "planned") | pd.Series(after_report, index=df.index)
    if "_planned" in df.columns:  # the event stage's own reading (tense, "will", "plans to")
        df["is_planned"] |= df.pop("_planned").astype(bool)
    return df.sort_values(["date_start", "outlet", "article_id", "sentence_id"]).reset_index(drop=True)


def filter_rows(
    rows: pd.DataFrame,
    *,
    date_range: tuple[dt.date, dt.date] | None = None,
    actors: list[str] | None = None,
    outlets: list[str] | None = None,
    event_types: list[str] | None = None,
    certainties: list[str] | None = None,
) -> pd.DataFrame:
    """Rows that overlap `date_range` and match every non-empty filter (empty = no filter)."""
    if rows.empty:
        return rows
    keep = pd.Series(True, index=rows.index)
    if date_range is not None:
        lo, hi = date_range
        overlaps = [(e is None or e >= lo) and (s is None or s <= hi) for s, e in zip(rows["date_start"], rows["date_end"])]
        keep &= pd.Series(overlaps, index=rows.index, dtype=bool)
    if actors:
        wanted = set(actors)
        keep &= rows["actor_ids"].map(lambda ids: bool(wanted & set(ids)))
    if outlets:
        keep &= rows["outlet"].isin(outlets)
    if event_types:
        keep &= rows["event_type"].isin(event_types)
    if certainties:
        keep &= rows["certainty"].isin(certainties)
    return rows[keep]


def lanes(rows: pd.DataFrame, by: str, names: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Rows with a `lane` column; by actor, a row appears once per actor it names."""
    if rows.empty:
        return rows.assign(lane=pd.Series(dtype="string"))
    if by == "actor":
        out = rows.explode("actor_ids")
        out["lane"] = out["actor_ids"].map(lambda a: (names or {}).get(a, a) if isinstance(a, str) else "(no actor)")
        return out
    column = {"outlet": "outlet", "event type": "event_type"}.get(by, by)
    return rows.assign(lane=rows[column].fillna("unknown").astype(str))


KEY_COLUMNS = ["date", "rank", "score", "label", "summary", "outlets", "n_articles", "article_id", "sentence_id", "event_types"]
LABEL_CHARS = 30  # the label under the date: the summary's first words, cut at a word


def _short(summary: str, chars: int = LABEL_CHARS) -> str:
    """The summary's first words, at most `chars` characters (one word longer than that is cut)."""
    words, out = str(summary or "").split(), ""
    for w in words:
        if len(out) + len(w) + (1 if out else 0) > chars:
            return (out or w[:chars]) + " …"
        out = f"{out} {w}" if out else w
    return out


def key_moments(t: Mapping[str, pd.DataFrame], story_id: str | None) -> pd.DataFrame:
    """The ranked key dates of one story (None: the whole corpus), with a short label per day
    ("4 Jan 2024 · Kirby told reporters …") and the first summary sentence to open."""
    kd = get(t, "key_dates")
    if kd.empty:
        return pd.DataFrame(columns=KEY_COLUMNS)
    kd = kd[kd["story_id"].isna()] if story_id is None else kd[kd["story_id"] == story_id]
    rows = []
    for r in kd.sort_values("rank").to_dict("records"):
        day = to_date(r["date"])
        first = list(r["sentence_ids"])[0] if is_seq(r["sentence_ids"]) and len(r["sentence_ids"]) else None
        aid, sid = (first.rsplit(":", 1)[0], int(first.rsplit(":", 1)[1])) if first else (None, None)
        rows.append(
            {
                "date": day,
                "rank": int(r["rank"]),
                "score": float(r["score"]),
                "label": f"{day.day} {day:%b %Y} · {_short(r['summary'])}",
                "summary": r["summary"],
                "outlets": ", ".join(r["outlets"]) if is_seq(r["outlets"]) else "",
                "n_articles": int(r["n_articles"]),
                "article_id": aid,
                "sentence_id": sid,
                "event_types": ", ".join(r["event_types"]) if is_seq(r["event_types"]) else "",
            }
        )
    return pd.DataFrame(rows, columns=KEY_COLUMNS)


def story_window(moments: pd.DataFrame, pad_days: int = 2) -> tuple[dt.date, dt.date] | None:
    """Where the story's key dates are (not the widest date any sentence names), padded.

    A key date far from the others (Michael Jackson's 1958 birthday among the 2009-2011 days
    of his death and the trial) would squeeze the story into a corner: a first or last date
    whose gap to its neighbour is longer than all the other dates span is left out of the
    window (at most a fifth of the dates); `within` tells which days the chart can draw, the
    list below it still has them all."""
    if moments.empty:
        return None
    days = sorted(moments["date"])
    for _ in range(len(days) // 5):
        if len(days) > 2 and (days[1] - days[0]) > (days[-1] - days[1]):
            days = days[1:]
        elif len(days) > 2 and (days[-1] - days[-2]) > (days[-2] - days[0]):
            days = days[:-1]
        else:
            break
    lo, hi = days[0], days[-1]
    pad = dt.timedelta(days=max(pad_days, (hi - lo).days // 20))
    return lo - pad, hi + pad


def within(moments: pd.DataFrame, window: tuple[dt.date, dt.date] | None) -> pd.DataFrame:
    """The key moments inside `window` (all of them when there is none)."""
    if window is None or moments.empty:
        return moments
    return moments[[window[0] <= d <= window[1] for d in moments["date"]]]


def clip_to(rows: pd.DataFrame, window: tuple[dt.date, dt.date] | None) -> pd.DataFrame:
    """Range bars cut at the window's edges, so that the axis follows the filter."""
    if rows.empty or window is None:
        return rows
    lo, hi = window
    out = rows.copy()
    out["date_start"] = [max(s, lo) if s is not None else s for s in out["date_start"]]
    out["date_end"] = [min(e, hi) if e is not None else e for e in out["date_end"]]
    return out
