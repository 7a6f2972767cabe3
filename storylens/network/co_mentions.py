"""Edges after resolution: mention ids to actor ids, and the weaker co-mention edges.

spaCy-free on purpose: the dashboard's network page needs these on tables alone, and must not
pay for importing the parser.
"""

from __future__ import annotations

from itertools import combinations
from typing import Any

import pandas as pd

from storylens.network.lexicon import UNDIRECTED_RULES
from storylens.records import column_records
from storylens.tables import EDGE_COLUMNS


def _actor_lookup(mentions: pd.DataFrame) -> tuple[dict[str, list[str]], set[str]]:
    """mention_id -> the actors it stands for, and the ids of meta mentions.

    `actor_ids` (several actors for a plural description) wins over `actor_id`."""
    actors: dict[str, list[str]] = {}
    if len(mentions) == 0:
        return actors, set()
    ids = mentions["mention_id"].astype(str).tolist()
    if "actor_id" in mentions.columns:
        for mid, a in zip(ids, mentions["actor_id"].tolist(), strict=True):
            if isinstance(a, str) and a:
                actors[mid] = [a]
    if "actor_ids" in mentions.columns:
        for mid, many in zip(ids, mentions["actor_ids"].tolist(), strict=True):
            if isinstance(many, list | tuple) or hasattr(many, "tolist"):
                found = [str(a) for a in list(many) if isinstance(a, str) and a]
                if found:
                    actors[mid] = found
    meta: set[str] = set()
    if "is_meta" in mentions.columns:
        flags = mentions["is_meta"].astype("boolean").fillna(False).astype(bool)
        meta = set(mentions.loc[flags, "mention_id"].astype(str))
    return actors, meta


REPORT_EVENT_TYPES = frozenset({"statement"})
"""The only acts a news outlet performs in a story: reporting, quoting, stating."""


def _media_mentions(mentions: pd.DataFrame) -> set[str]:
    """Mention ids of news outlets (kind media, set by the gazetteer or the corpus's outlets)."""
    if len(mentions) == 0 or "kind" not in mentions.columns:
        return set()
    is_media = mentions["kind"].astype("string").eq("media").fillna(False).astype(bool)
    return set(mentions.loc[is_media, "mention_id"].astype(str))


def attach_actors(edges: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """Fill `source_actor_id`/`target_actor_id` from the mentions' resolved actors.

    A mention that stands for several actors (`actor_ids` of "the two countries") gives
    one edge per actor pair; a description that is both parties of a joint act
    (source = target mention) gives the edges between its actors. Drops edges whose ends
    resolve to the same actor ("Putin ... the Russian president"), edges touching a meta
    mention (author, photo agency, the outlet naming itself), and edges with an unresolved
    end: none of them can be drawn in an actor network. A news outlet (a mention of kind
    media) is a source only of report verbs ("Detik.com quoted Djamal"): "Reuters -> North
    Korea statement" or a misparsed "Newsweek -> Russia" act is the parse hanging a citation
    on an act, not the outlet acting (the citations table holds who cites whom)."""
    actors, meta = _actor_lookup(mentions)
    media = _media_mentions(mentions)
    rows = []
    for e in edges.to_dict("records"):
        s_id, t_id = str(e["source_mention_id"]), str(e["target_mention_id"])
        if s_id in meta or t_id in meta:
            continue
        if s_id in media and e.get("event_type") not in REPORT_EVENT_TYPES:
            continue
        # A joint act of one plural description ("the transfer between the two countries")
        # is one undirected edge per actor pair, not one each way.
        joint = s_id == t_id and e.get("rule") in UNDIRECTED_RULES
        for a in actors.get(s_id, []):
            for b in actors.get(t_id, []):
                if a != b and not (joint and a > b):
                    rows.append({**e, "source_actor_id": a, "target_actor_id": b})
    cols = [*edges.columns, *[c for c in ("source_actor_id", "target_actor_id") if c not in edges.columns]]
    out = pd.DataFrame(rows, columns=cols)
    # One id per row: an edge split over several actors gets the actor pair appended.
    if "edge_id" in out.columns and out["edge_id"].duplicated().any():
        dup = out["edge_id"].duplicated(keep=False)
        out.loc[dup, "edge_id"] = out.loc[dup, "edge_id"] + ">" + out.loc[dup, "source_actor_id"] + ">" + out.loc[dup, "target_actor_id"]
    return out


def co_mentions(mentions: pd.DataFrame) -> pd.DataFrame:
    """The weaker edge kind: one row per unordered pair of actors named in the same sentence.

    Why kept at all: actors that never interact in the parse (two names in a list, a
    background sentence) still belong together in a story; the edge says only that, and
    is labelled `edge_kind = 'co-mention'` so no view mistakes it for an interaction. The
    pair is ordered by actor id (no direction is claimed); the trace is the first mention
    of each actor in the sentence. Meta mentions and unresolved mentions are skipped."""
    cols = [*EDGE_COLUMNS, "source_actor_id", "target_actor_id"]
    if len(mentions) == 0 or "actor_id" not in mentions.columns:
        return pd.DataFrame(columns=cols)
    m = mentions[mentions["actor_id"].notna()]
    if "is_meta" in m.columns:
        m = m[~m["is_meta"].astype("boolean").fillna(False).astype(bool)]
    rows = []
    # Plain records grouped by sentence: a pandas groupby over every sentence of a large
    # corpus was the slowest step of the build (seconds per hundred articles).
    by_sentence: dict[tuple[str, int], dict[str, dict[str, Any]]] = {}
    keep = ["article_id", "sentence_id", "start", "end", "mention_id", "text", "actor_id"]
    for rec in column_records(m.sort_values(["article_id", "sentence_id", "start"]), keep):
        by_sentence.setdefault((rec["article_id"], int(rec["sentence_id"])), {}).setdefault(rec["actor_id"], rec)
    for (article_id, sentence_id), by_actor in by_sentence.items():
        for a, b in combinations(sorted(by_actor), 2):
            ra, rb = by_actor[a], by_actor[b]
            start, end = min(ra["start"], rb["start"]), max(ra["end"], rb["end"])
            rows.append(
                {
                    "edge_id": f"{article_id}:{sentence_id}:co:{a}:{b}",
                    "edge_kind": "co-mention",
                    "article_id": article_id,
                    "sentence_id": sentence_id,
                    "start": start,
                    "end": end,
                    "source_mention_id": ra["mention_id"],
                    "target_mention_id": rb["mention_id"],
                    "source_text": ra.get("text"),
                    "target_text": rb.get("text"),
                    "predicate": "",
                    "event_type": None,
                    "event_id": None,
                    "certainty": None,
                    "rule": "co-mention",
                    "source_actor_id": a,
                    "target_actor_id": b,
                }
            )
    return pd.DataFrame(rows, columns=cols)
