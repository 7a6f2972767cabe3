"""Events across a story's articles: the same happening reported by several outlets, and its actors.

`link_story_events` groups events of one story that share a day (or a publication window) and
enough words; `attach_event_actors` turns participant mentions into actor ids after resolution.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from storylens.records import column_records
from storylens.timeline.event_dates import DATE_HOWS, _as_date


def attach_event_actors(events: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """Fill `actor_ids` and `reported_by` from the resolved mentions.

    Meta mentions (the outlet or author naming itself) are left out; an event whose agents
    are all meta is dropped: "Newsweek reached out to the ministry" is the outlet's own
    work, not the story's."""
    if len(events) == 0:
        return events
    actors: dict[str, list[str]] = {}
    meta: set[str] = set()
    if len(mentions):
        ids = mentions["mention_id"].astype(str).tolist()
        single = mentions["actor_id"] if "actor_id" in mentions.columns else [None] * len(ids)
        many = mentions["actor_ids"] if "actor_ids" in mentions.columns else [None] * len(ids)
        for mid, a, lst in zip(ids, single, many, strict=True):
            found = [str(x) for x in list(lst) if isinstance(x, str) and x] if isinstance(lst, list | tuple) or hasattr(lst, "tolist") else []
            if not found and isinstance(a, str) and a:
                found = [a]
            if found:
                actors[mid] = found
        if "is_meta" in mentions.columns:
            flags = mentions["is_meta"].astype("boolean").fillna(False).astype(bool)
            meta = set(mentions.loc[flags, "mention_id"].astype(str))
    out = events.copy()
    keep, actor_col, agent_col, rep_col = [], [], [], []
    for agents, parties, rep in zip(out["agent_mention_ids"], out["mention_ids"], out["reported_by_mention_id"], strict=True):
        agents, parties = list(agents) if agents is not None else [], list(parties) if parties is not None else []
        keep.append(not agents or any(a not in meta for a in agents))
        actor_col.append(list(dict.fromkeys(a for m in parties if m not in meta for a in actors.get(m, []))))
        agent_col.append(list(dict.fromkeys(a for m in agents if m not in meta for a in actors.get(m, []))))
        rep_col.append((actors.get(rep) or [None])[0] if isinstance(rep, str) and rep not in meta else None)
    out["actor_ids"], out["agent_actor_ids"], out["reported_by"] = actor_col, agent_col, rep_col
    return out[keep].reset_index(drop=True)


# How far before publication an event dated only by its article's day may lie.
PUBLICATION_WINDOW_DAYS = 7


# Sentence-word Jaccard needed to join a group: higher when a date is only a window.
MIN_WORD_SIMILARITY = 0.12


MIN_WORD_SIMILARITY_VAGUE = 0.2


# Members whose words a newcomer is compared with (the best-dated ones, who came first):
# keeps linking linear when one event is reported hundreds of times.
MAX_COMPARED_MEMBERS = 20


def _precise_day(r: Mapping[str, Any]) -> dt.date | None:
    """The day an event is stated (or reported) to happen on, when the text gives one."""
    if r.get("date_how") in {"own_expression", "reporting_event"} and r.get("granularity") in {"day", "time"}:
        return _as_date(r.get("date_start"))
    return None


def _window(r: Mapping[str, Any]) -> tuple[dt.date, dt.date] | None:
    s, e = _as_date(r.get("date_start")), _as_date(r.get("date_end"))
    if s is None:
        return None
    e = e or s
    if r.get("date_how") == "publication" or (r.get("date_how") == "reporting_event" and float(r.get("date_confidence") or 0) < 0.3):
        return s - dt.timedelta(days=PUBLICATION_WINDOW_DAYS), e
    return s, e


def _overlap(a: tuple[dt.date, dt.date] | None, b: tuple[dt.date, dt.date] | None) -> tuple[dt.date, dt.date] | None | bool:
    if a is None:
        return b if b is not None else True
    if b is None:
        return a
    s, e = max(a[0], b[0]), min(a[1], b[1])
    return (s, e) if s <= e else False


def _lst(v: Any) -> list[str]:
    return [str(x) for x in v] if v is not None and not isinstance(v, str | float) else []


def _jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    a, b = set(a), set(b)
    return len(a & b) / len(a | b) if a and b else 0.0


_LINK_READ = (
    "event_id",
    "article_id",
    "event_type",
    "date_how",
    "date_confidence",
    "date_start",
    "date_end",
    "granularity",
    "actor_ids",
    "agent_actor_ids",
    "keywords",
    "is_planned",
)


def link_story_events(events: pd.DataFrame, articles: pd.DataFrame) -> pd.Series:
    """`story_event_id` for every event: the same real-world event across articles.

    Two mentions join when they have the same event type, dates that can be the same day
    (an event dated only by publication may lie up to PUBLICATION_WINDOW_DAYS before it),
    at least one shared resolved actor, and similar sentence words; within a story only
    (articles.story_id), when stories are known. Greedy and order-stable: the best-dated
    mentions found the groups, so a vague mention joins a precise one and never merges two
    groups whose dates disagree. Returned in the order of `events`' index."""
    if len(events) == 0:
        return pd.Series([], index=events.index, dtype="string")
    story = {}
    if len(articles) and "story_id" in articles.columns:
        story = {str(a): (s if isinstance(s, str) and s else "") for a, s in zip(articles["article_id"], articles["story_id"], strict=True)}
    order = {h: i for i, h in enumerate(DATE_HOWS)}
    recs = column_records(events, _LINK_READ)
    idxs = list(events.index)
    ranked = sorted(
        range(len(recs)), key=lambda k: (order.get(recs[k].get("date_how"), 9), -float(recs[k].get("date_confidence") or 0), str(recs[k]["event_id"]))
    )
    groups: list[dict[str, Any]] = []
    assigned: dict[int, int] = {}
    # Blocking: a group can only be joined through an actor it shares, within one story,
    # type and plan status, so each event looks at a handful of groups, not all of them.
    by_key: dict[tuple[str, str, bool, str], list[int]] = {}
    for k in ranked:
        r = recs[k]
        actors = set(_lst(r.get("actor_ids")))
        agents = set(_lst(r.get("agent_actor_ids")))
        words = set(_lst(r.get("keywords")))
        win = _window(r)
        day = _precise_day(r)
        planned = bool(r.get("is_planned")) if not pd.isna(r.get("is_planned")) else False
        vague = r.get("date_how") in {"publication", "none"} or float(r.get("date_confidence") or 0) < 0.3
        best, best_score = None, 0.0
        sid = story.get(str(r["article_id"]), "")
        cands = sorted({gi for a in actors for gi in by_key.get((sid, str(r["event_type"]), planned, a), [])})
        for gi in cands:
            g = groups[gi]
            if g["window"] is not None and win is not None and _overlap(g["window"], win) is False:
                continue
            sim = max(_jaccard(words, w) for w in g["words"])
            # The same agent on the same stated day: one act (a speaker's briefing that day).
            same_act = day is not None and day in g["days"] and bool(agents & g["agents"])
            if not same_act and sim < (MIN_WORD_SIMILARITY_VAGUE if vague or g["vague"] else MIN_WORD_SIMILARITY):
                continue
            score = sim + _jaccard(actors, g["actors"]) + (1.0 if same_act else 0.0)
            if score > best_score:
                best, best_score = gi, score
        if best is None:
            groups.append(
                {
                    "type": r["event_type"],
                    "story": story.get(str(r["article_id"]), ""),
                    "planned": planned,
                    "vague": vague,
                    "actors": set(actors),
                    "agents": set(agents),
                    "days": {day} if day else set(),
                    "words": [words],
                    "window": win,
                    "first": str(r["event_id"]),
                }
            )
            assigned[k] = len(groups) - 1
            for a in actors:
                by_key.setdefault((sid, str(r["event_type"]), planned, a), []).append(assigned[k])
        else:
            g = groups[best]
            for a in actors - g["actors"]:
                by_key.setdefault((sid, str(r["event_type"]), planned, a), []).append(best)
            g["actors"] |= actors
            g["agents"] |= agents
            if day:
                g["days"].add(day)
            if len(g["words"]) < MAX_COMPARED_MEMBERS:
                g["words"].append(words)
            ov = _overlap(g["window"], win)
            g["window"] = g["window"] if ov is True else ov
            assigned[k] = best
    ids = ["se:" + hashlib.sha1(groups[assigned[k]]["first"].encode()).hexdigest()[:12] for k in range(len(recs))]
    return pd.Series(ids, index=idxs, dtype="string")
