"""The network's corpus steps: edges between resolved actors, co-mentions, and the date of each edge."""

from __future__ import annotations

import pandas as pd

from storylens.network.co_mentions import attach_actors, co_mentions
from storylens.tables import ALL_TABLES, conform


def date_interactions(edges: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """An interaction happened when its event did: take date_start from the event of the same predicate."""
    if edges.empty or events.empty:
        return edges
    when = dict(zip(events["event_id"], events["date_start"], strict=True))
    edges = edges.copy()
    edges["date_start"] = [when.get(e) if isinstance(e, str) else None for e in edges["event_id"]]
    return conform(edges, ALL_TABLES["interactions"])


def finish_interactions(edges: pd.DataFrame, mentions: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Edges between mentions -> edges between resolved actors, plus the weaker co-mention edges."""
    table = ALL_TABLES["interactions"]
    linked = attach_actors(edges, mentions)
    both = [f for f in (linked, co_mentions(mentions)) if not f.empty]
    out = pd.concat(both, ignore_index=True) if both else pd.DataFrame(columns=table.names)
    out["outlet"] = out["article_id"].map(dict(zip(articles["article_id"], articles["outlet"], strict=True)))
    return conform(out[[c for c in table.names if c in out.columns]], table)
