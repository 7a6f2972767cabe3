"""Edges for the actor network: the build's interactions, or co-mentions when it has none.

Why the fallback is computed here and labelled: a build without the interaction stage
still knows which actors share a sentence; `storylens.network.co_mentions.co_mentions` turns
mentions into such pairs, and the page says that these are co-mentions, not actions.
"""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx
import pandas as pd

from app.frames import get, has, outlet_of, sentence_text
from storylens.network.co_mentions import co_mentions

# The same aggregation rules as build_graph, applied to counted rows (its helpers, not a copy of them).
from storylens.network.graph import CO_MENTION, INTERACTION, _fold_joint_acts, _new_attrs, build_graph, is_undirected
from storylens.network.lexicon import UNDIRECTED_RULES

DIRECTED, JOINT, TOGETHER = "source → target", "joint (no direction)", "named together"
"""The `direction` column of the edge and evidence tables. Why a column: a row lists its two
actors as source and target, and a joint act ("the transfer of weapons between the two
countries", "X met Y") stores its pair in an arbitrary order; read as "Russia -> North Korea
transfer" it would claim a direction the sentence does not give."""


def row_direction(kind: object, rule: object) -> str:
    """How to read one edge row's source and target (see DIRECTED, JOINT, TOGETHER)."""
    if kind == CO_MENTION:
        return TOGETHER
    return JOINT if rule in UNDIRECTED_RULES else DIRECTED


def edge_rows(t: Mapping[str, pd.DataFrame]) -> tuple[pd.DataFrame, bool]:
    """(edge rows with outlet, whether real interactions exist)."""
    if has(t, "interactions", "source_actor_id", "target_actor_id"):
        edges = get(t, "interactions").copy()
        if "edge_kind" not in edges.columns:
            edges["edge_kind"] = INTERACTION
        has_inter = bool((edges["edge_kind"] == INTERACTION).any())
    elif has(t, "mentions", "actor_id"):
        edges = co_mentions(get(t, "mentions"))
        has_inter = False
    else:
        return pd.DataFrame(columns=["source_actor_id", "target_actor_id", "edge_kind", "article_id", "sentence_id"]), False
    if "outlet" not in edges.columns or edges["outlet"].isna().all():
        edges["outlet"] = edges["article_id"].astype(str).map(outlet_of(t)).fillna("unknown")
    return edges, has_inter


def prune(G: nx.DiGraph, top_n: int) -> nx.DiGraph:
    """Keep the `top_n` actors with the largest weighted degree: a readable picture of a
    corpus with thousands of actors, and a layout that stays fast."""
    if G.number_of_nodes() <= top_n:
        return G
    strength = {n: G.in_degree(n, weight="weight") + G.out_degree(n, weight="weight") for n in G.nodes}
    keep = sorted(strength, key=lambda n: (-strength[n], str(n)))[:top_n]
    return G.subgraph(keep).copy()


def graph_from_counts(counts: pd.DataFrame, actors: pd.DataFrame, top_n: int = 60, min_weight: int = 1) -> nx.DiGraph:
    """The graph `graph_for` draws, from filtered edge rows already counted per (source, target,
    kind, event type, certainty, rule) (app.data.edge_counts): the same weights, Counters,
    co-mention and idle-place rules as storylens.network.graph.build_graph, then `prune`.

    Why counts: a large corpus has hundreds of thousands of edge rows but a few thousand
    actor pairs; the rows stay in Parquet, and the evidence table asks for the drawn ones.
    Edges carry no `edge_ids` here (see app.data.edge_evidence)."""
    G = nx.DiGraph()
    if counts.empty:
        return G
    rows = counts
    if actors is not None and len(actors) and "kind" in actors.columns:
        places = set(actors.loc[actors["kind"] == "place", "actor_id"].astype(str))
        acting = set(rows.loc[rows["edge_kind"] == INTERACTION, "source_actor_id"].astype(str)) & places
        idle = places - acting
        rows = rows[~rows["source_actor_id"].isin(idle) & ~rows["target_actor_id"].isin(idle)]
    agg: dict[tuple[str, str, str], dict] = {}
    joint: dict[tuple[str, str, str], dict] = {}  # joint acts, by unordered pair (as build_graph)
    for s, t, k, et, cert, rule, n in rows[["source_actor_id", "target_actor_id", "edge_kind", "event_type", "certainty", "rule", "n"]].itertuples(index=False):
        s, t = str(s), str(t)
        undirected = k == INTERACTION and rule in UNDIRECTED_RULES
        if undirected:
            s, t = sorted((s, t))
        a = (joint if undirected else agg).setdefault((s, t, k), _new_attrs())
        a["weight"] += int(n)
        if isinstance(et, str):
            a["event_types"][et] += int(n)
        if isinstance(cert, str):
            a["certainties"][cert] += int(n)
        if isinstance(rule, str):
            a["rules"][rule] += int(n)
    _fold_joint_acts(agg, joint)
    interacting = {frozenset((s, t)) for s, t, k in agg if k == INTERACTION}
    for (s, t, k), a in agg.items():
        if a["weight"] < min_weight or (k == CO_MENTION and frozenset((s, t)) in interacting):
            continue
        G.add_edge(s, t, kind=k, **a)
    info = actors.set_index("actor_id") if actors is not None and len(actors) else None
    for n in G.nodes:
        if info is not None and n in info.index:
            G.nodes[n]["name"] = info.at[n, "name"]
            G.nodes[n]["kind"] = info.at[n, "kind"]
        G.nodes[n].setdefault("name", n)
    return prune(G, top_n)


def graph_for(edges: pd.DataFrame, actors: pd.DataFrame, top_n: int = 60, **filters) -> nx.DiGraph:
    """Filtered, weighted, pruned graph (see storylens.network.graph.build_graph for the filters)."""
    G = build_graph(edges, actors, **filters)
    return prune(G, top_n)


def edge_table(G: nx.DiGraph, names: Mapping[str, str]) -> pd.DataFrame:
    """One row per graph edge: who, whom, kind, weight, main event type."""
    rows = []
    for s, d, a in G.edges(data=True):
        types = a.get("event_types") or {}
        rows.append(
            {
                "source": names.get(s, s),
                "target": names.get(d, d),
                "kind": a.get("kind", INTERACTION),
                "direction": TOGETHER if a.get("kind") == CO_MENTION else (JOINT if is_undirected(a) else DIRECTED),
                "weight": int(a.get("weight", 1)),
                "event_type": max(types, key=types.get) if types else ("co-mention" if a.get("kind") == CO_MENTION else ""),
                "source_actor_id": s,
                "target_actor_id": d,
            }
        )
    cols = ["source", "target", "kind", "direction", "weight", "event_type", "source_actor_id", "target_actor_id"]
    return pd.DataFrame(rows, columns=cols).sort_values("weight", ascending=False).reset_index(drop=True)


EVIDENCE_COLUMNS = ["source", "target", "kind", "direction", "predicate", "event_type", "certainty", "outlet", "article_id", "sentence_id", "sentence"]


def _directions(rows: pd.DataFrame) -> list[str]:
    kinds = rows["edge_kind"] if "edge_kind" in rows.columns else pd.Series(INTERACTION, index=rows.index)
    rules = rows["rule"] if "rule" in rows.columns else pd.Series(None, index=rows.index, dtype=object)
    return [row_direction(k, r) for k, r in zip(kinds, rules, strict=True)]


def evidence_rows(rows: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """Edge rows with their sentence (app.data.edge_evidence) as the evidence table: who, whom, what, where."""
    cols = EVIDENCE_COLUMNS
    if rows.empty:
        return pd.DataFrame(columns=cols)
    out = rows.assign(
        source=rows["source_actor_id"].map(lambda a: names.get(a, a)),
        target=rows["target_actor_id"].map(lambda a: names.get(a, a)),
        kind=rows["edge_kind"],
        direction=_directions(rows),
        sentence=rows["sentence"].fillna(""),
    )
    return out[cols].sort_values(["source", "target", "article_id", "sentence_id"]).reset_index(drop=True)


def evidence(edges: pd.DataFrame, G: nx.DiGraph, t: Mapping[str, pd.DataFrame], names: Mapping[str, str]) -> pd.DataFrame:
    """Every sentence behind the graph's edges: the row-level trace of each line drawn."""
    cols = EVIDENCE_COLUMNS
    if G.number_of_edges() == 0 or edges.empty:
        return pd.DataFrame(columns=cols)
    wanted = {i for _, _, a in G.edges(data=True) for i in a.get("edge_ids", [])}
    rows = edges[edges["edge_id"].isin(wanted)] if "edge_id" in edges.columns else edges.iloc[0:0]
    texts = sentence_text(t)
    out = pd.DataFrame(
        {
            "source": rows["source_actor_id"].map(lambda a: names.get(a, a)),
            "target": rows["target_actor_id"].map(lambda a: names.get(a, a)),
            "kind": rows["edge_kind"],
            "direction": _directions(rows),
            "predicate": rows.get("predicate"),
            "event_type": rows.get("event_type"),
            "certainty": rows.get("certainty"),
            "outlet": rows["outlet"],
            "article_id": rows["article_id"],
            "sentence_id": rows["sentence_id"],
            "sentence": [texts.get((str(a), int(s)), "") for a, s in zip(rows["article_id"], rows["sentence_id"])],
        },
        columns=cols,
    )
    return out.sort_values(["source", "target", "article_id", "sentence_id"]).reset_index(drop=True)


def actor_labels(t: Mapping[str, pd.DataFrame], actor_id: str) -> pd.DataFrame:
    """How each outlet names one actor: the labels table, or mention descriptors before it exists."""
    if has(t, "labels", "actor_id"):
        lab = get(t, "labels")
        lab = lab[lab["actor_id"] == actor_id]
        return lab[["outlet", "label", "label_kind", "count"]].sort_values(["outlet", "count"], ascending=[True, False]).reset_index(drop=True)
    m = get(t, "mentions")
    if m.empty:
        return pd.DataFrame(columns=["outlet", "label", "label_kind", "count"])
    m = m[m["actor_id"] == actor_id].copy()
    m["outlet"] = m["article_id"].astype(str).map(outlet_of(t))
    forms = pd.concat(
        [m.assign(label=m["text"], label_kind="name"), m[m["descriptor"].notna()].assign(label=lambda d: d["descriptor"], label_kind="descriptor")]
    )
    out = forms.groupby(["outlet", "label", "label_kind"]).size().rename("count").reset_index()
    return out.sort_values(["outlet", "count"], ascending=[True, False]).reset_index(drop=True)


def central_actors(measures: pd.DataFrame, n: int = 20) -> pd.DataFrame:
    """The `n` most central actors of `storylens.network.graph.graph_measures`, by weighted
    degree then betweenness, with plain column names and betweenness rounded for reading."""
    cols = {
        "name": "actor",
        "degree": "degree",
        "weighted_degree": "weighted degree",
        "in_degree": "acted on by",
        "out_degree": "acts on",
        "betweenness": "betweenness",
        "community": "community",
    }
    if measures.empty:
        return pd.DataFrame(columns=list(cols.values()))
    top = measures.sort_values(["weighted_degree", "betweenness", "actor_id"], ascending=[False, False, True]).head(n)
    return top[list(cols)].rename(columns=cols).assign(betweenness=lambda d: d["betweenness"].round(3)).reset_index(drop=True)
