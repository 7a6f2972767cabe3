"""The actor network: interaction edges aggregated into a graph, its measures and ego networks.

Why a directed graph with one edge per ordered actor pair (`nx.DiGraph`, not a
MultiDiGraph): the measures researchers read (weighted degree, betweenness, communities)
need one weighted edge per pair; the individual sentences stay reachable because every
graph edge keeps the `edge_ids` of the rows it aggregates, with counts by event type and
certainty, so a view can list the evidence behind a line.

Co-mentions are a weaker kind: they enter the graph only when asked
(`include_co_mentions=True`), only for pairs that have no interaction in the selection,
and they are labelled `kind="co-mention"` on the edge; they are stored once per
unordered pair (source < target by actor id), since no direction is claimed.

Streamlit-free: the dashboard calls these functions and draws the result.
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Iterable

import networkx as nx
import pandas as pd

from storylens.network.lexicon import UNDIRECTED_RULES
from storylens.tables import to_date

INTERACTION = "interaction"
CO_MENTION = "co-mention"


def _keep(edges: pd.DataFrame, column: str, allowed: Iterable[str] | None) -> pd.Series:
    """Rows whose `column` is in `allowed`; all rows when no filter or (with a warning) no column."""
    if allowed is None:
        return pd.Series(True, index=edges.index)
    if column not in edges.columns:
        warnings.warn(f"filter on {column!r} ignored: the edges have no {column!r} column", stacklevel=3)
        return pd.Series(True, index=edges.index)
    return edges[column].isin(list(allowed))


def filter_edges(
    edges: pd.DataFrame,
    *,
    date_range: tuple[object, object] | None = None,
    outlets: Iterable[str] | None = None,
    event_types: Iterable[str] | None = None,
    certainties: Iterable[str] | None = None,
    include_co_mentions: bool = False,
) -> pd.DataFrame:
    """The edge rows a graph is built from.

    `date_range` is (first, last), inclusive, either end may be None; a dated filter drops
    undated edges, because nothing says they fall inside the range. Event-type and
    certainty filters apply to interactions only (co-mentions have neither)."""
    kind = edges["edge_kind"] if "edge_kind" in edges.columns else pd.Series(INTERACTION, index=edges.index)
    keep = (kind == INTERACTION) | ((kind == CO_MENTION) & include_co_mentions)
    if date_range is not None:
        if "date_start" not in edges.columns:
            warnings.warn("filter on 'date_start' ignored: the edges have no 'date_start' column", stacklevel=2)
        else:
            lo, hi = (to_date(d) for d in date_range)
            days = edges["date_start"].map(to_date)
            in_range = days.map(lambda d: d is not None and (lo is None or d >= lo) and (hi is None or d <= hi))
            keep &= in_range.astype(bool)
    keep &= _keep(edges, "outlet", outlets)
    is_inter = kind == INTERACTION
    keep &= ~is_inter | _keep(edges, "event_type", event_types)
    keep &= ~is_inter | _keep(edges, "certainty", certainties)
    return edges[keep]


def _without_idle_places(rows: pd.DataFrame, actors: pd.DataFrame | None) -> pd.DataFrame:
    """Rows without places that never act: "fired at a field in the Zaporizhzhia region"
    names where, not who. A place that is the source of an interaction (a city council's
    act written as the city) stays; its co-mentions and targets then stay too."""
    if actors is None or not len(actors) or "kind" not in actors.columns or rows.empty:
        return rows
    places = set(actors.loc[actors["kind"] == "place", "actor_id"].astype(str))
    if not places:
        return rows
    kind = rows["edge_kind"] if "edge_kind" in rows.columns else pd.Series(INTERACTION, index=rows.index)
    acting = set(rows.loc[kind == INTERACTION, "source_actor_id"].astype(str)) & places
    idle = places - acting
    return rows[~rows["source_actor_id"].astype(str).isin(idle) & ~rows["target_actor_id"].astype(str).isin(idle)]


def build_graph(
    edges: pd.DataFrame,
    actors: pd.DataFrame | None = None,
    *,
    date_range: tuple[object, object] | None = None,
    outlets: Iterable[str] | None = None,
    event_types: Iterable[str] | None = None,
    certainties: Iterable[str] | None = None,
    include_co_mentions: bool = False,
    min_weight: int = 1,
) -> nx.DiGraph:
    """A weighted `nx.DiGraph` of actors from interaction (and optionally co-mention) rows.

    Args:
        edges: rows with `source_actor_id`, `target_actor_id` and, when present,
            `edge_kind`, `edge_id`, `event_type`, `certainty`, `outlet`, `date_start`.
        actors: the ACTORS table; its `name` and `kind` become node attributes.
        date_range, outlets, event_types, certainties, include_co_mentions: see `filter_edges`.
        min_weight: drop graph edges backed by fewer rows.
        Places (actors of kind place) that are never the source of an interaction are
        left out: they are where things happen, not who acts.

    Returns:
        A DiGraph; each edge has `weight` (rows aggregated), `kind` (interaction /
        co-mention), `edge_ids`, `event_types`, `certainties` and `rules` (Counters of
        the rows); `is_undirected(attrs)` tells a joint act ("met", "between X and Y").
    """
    G = nx.DiGraph()
    if edges is None or len(edges) == 0:
        return G
    rows = filter_edges(
        edges, date_range=date_range, outlets=outlets, event_types=event_types, certainties=certainties, include_co_mentions=include_co_mentions
    )
    rows = rows[rows["source_actor_id"].notna() & rows["target_actor_id"].notna() & (rows["source_actor_id"] != rows["target_actor_id"])]
    rows = _without_idle_places(rows, actors)
    kind = rows["edge_kind"] if "edge_kind" in rows.columns else pd.Series(INTERACTION, index=rows.index)
    agg: dict[tuple[str, str, str], dict] = {}
    joint: dict[tuple[str, str, str], dict] = {}  # joint acts, by unordered pair
    for r, k in zip(rows.to_dict("records"), kind, strict=True):
        s, t = str(r["source_actor_id"]), str(r["target_actor_id"])
        undirected = k == INTERACTION and r.get("rule") in UNDIRECTED_RULES
        if k == CO_MENTION or undirected:
            s, t = sorted((s, t))
        a = (joint if undirected else agg).setdefault((s, t, k), _new_attrs())
        a["weight"] += 1
        if isinstance(r.get("edge_id"), str):
            a["edge_ids"].append(r["edge_id"])
        if isinstance(r.get("event_type"), str):
            a["event_types"][r["event_type"]] += 1
        if isinstance(r.get("certainty"), str):
            a["certainties"][r["certainty"]] += 1
        if isinstance(r.get("rule"), str):
            a["rules"][r["rule"]] += 1
    _fold_joint_acts(agg, joint)
    interacting = {frozenset((s, t)) for s, t, k in agg if k == INTERACTION}
    for (s, t, k), a in agg.items():
        if a["weight"] < min_weight:
            continue
        if k == CO_MENTION and frozenset((s, t)) in interacting:
            continue  # the pair interacts: the weaker kind adds nothing
        G.add_edge(s, t, kind=k, **a)
    if actors is not None and len(actors):
        info = actors.set_index("actor_id")
        for n in G.nodes:
            if n in info.index:
                G.nodes[n]["name"] = info.at[n, "name"] if "name" in info.columns else n
                G.nodes[n]["kind"] = info.at[n, "kind"] if "kind" in info.columns else None
    for n in G.nodes:
        G.nodes[n].setdefault("name", n)
    return G


def _new_attrs() -> dict:
    return {"weight": 0, "edge_ids": [], "event_types": Counter(), "certainties": Counter(), "rules": Counter()}


def _fold_joint_acts(agg: dict[tuple[str, str, str], dict], joint: dict[tuple[str, str, str], dict]) -> None:
    """Joint acts of a pair join the pair's directed edge when it has one, else stand alone.

    Why: "the transfer of weapons between the two countries" and "North Korea supplied
    Russia" are the same relation; drawn apart, the line without an arrow lies over the
    arrow and hides the direction the text does give. Folded into the heavier directed edge
    (its rows, weight and rules kept), the pair is one line with its arrow; a pair known only
    from joint acts ("Putin met with Kim") stays one edge without an arrow."""
    for (s, t, k), a in joint.items():
        directed = [key for key in ((s, t, k), (t, s, k)) if key in agg]
        if not directed:
            agg[(s, t, k)] = a
            continue
        into = agg[max(directed, key=lambda key: agg[key]["weight"])]
        into["weight"] += a["weight"]
        into["edge_ids"] += a["edge_ids"]
        for field in ("event_types", "certainties", "rules"):
            into[field].update(a[field])


def is_undirected(attrs: dict) -> bool:
    """True when every row behind a graph edge is a joint act (drawn without an arrow)."""
    rules = attrs.get("rules") or {}
    return bool(rules) and all(r in UNDIRECTED_RULES for r in rules)


def graph_measures(G: nx.DiGraph) -> pd.DataFrame:
    """One row per actor: degree, weighted degree, in/out degree, betweenness, community.

    degree counts distinct neighbours in either direction; weighted_degree sums the
    weights of all edges in and out; in/out_degree count distinct actors acting on /
    acted upon. betweenness is normalised, on the directed graph, unweighted (a weight
    here is evidence strength, not a distance). community is the Louvain partition of
    the undirected weighted graph (seed fixed, so a rebuild gives the same numbers),
    numbered from 0 by decreasing size."""
    cols = ["actor_id", "name", "degree", "weighted_degree", "in_degree", "out_degree", "betweenness", "community"]
    if G.number_of_nodes() == 0:
        return pd.DataFrame(columns=cols)
    U = nx.Graph()
    U.add_nodes_from(G.nodes)
    for s, t, d in G.edges(data=True):
        w = d.get("weight", 1)
        U.add_edge(s, t, weight=U[s][t]["weight"] + w if U.has_edge(s, t) else w)
    between = nx.betweenness_centrality(G, normalized=True)
    parts = sorted(nx.community.louvain_communities(U, weight="weight", seed=0), key=lambda c: (-len(c), sorted(c)))
    community = {n: i for i, part in enumerate(parts) for n in part}
    rows = [
        {
            "actor_id": n,
            "name": G.nodes[n].get("name", n),
            "degree": U.degree(n),
            "weighted_degree": int(G.in_degree(n, weight="weight") + G.out_degree(n, weight="weight")),
            "in_degree": G.in_degree(n),
            "out_degree": G.out_degree(n),
            "betweenness": between[n],
            "community": community[n],
        }
        for n in G.nodes
    ]
    return pd.DataFrame(rows, columns=cols).sort_values(["weighted_degree", "actor_id"], ascending=[False, True]).reset_index(drop=True)


def ego_network(G: nx.DiGraph, actor_id: str, radius: int = 1) -> nx.DiGraph:
    """The actors within `radius` steps of `actor_id`, whatever the edge direction, and the
    edges among them; an empty graph when the actor is not in `G` (filtered out)."""
    if actor_id not in G:
        return G.__class__()
    return nx.ego_graph(G, actor_id, radius=radius, undirected=True)
