"""The actor network: aggregation, filters, measures and ego networks on tiny edge frames."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pandas as pd
import pytest

from storylens.network.graph import build_graph, ego_network, graph_measures


@pytest.fixture
def edges() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "edge_id": ["e1", "e2", "e3", "e4", "e5", "c1", "c2"],
            "edge_kind": ["interaction"] * 5 + ["co-mention"] * 2,
            "source_actor_id": ["NK", "NK", "RU", "US", "RU", "IR", "NK"],
            "target_actor_id": ["RU", "RU", "UA", "NK", "RU", "RU", "RU"],
            "event_type": ["aid/transfer", "aid/transfer", "assault/attack", "threaten", "statement", None, None],
            "certainty": ["reported", "alleged", "asserted", "asserted", "asserted", None, None],
            "outlet": ["A", "B", "A", "A", "A", "B", "B"],
            "date_start": [dt.date(2024, 1, 2), dt.date(2024, 1, 5), dt.date(2024, 1, 2), None, dt.date(2024, 1, 2), dt.date(2024, 1, 3), dt.date(2024, 1, 3)],
        }
    )


@pytest.fixture
def actors() -> pd.DataFrame:
    ids = ["NK", "RU", "UA", "US", "IR"]
    return pd.DataFrame({"actor_id": ids, "name": ["North Korea", "Russia", "Ukraine", "United States", "Iran"], "kind": "country"})


def test_aggregates_rows_into_weighted_directed_edges(edges, actors):
    G = build_graph(edges, actors)
    assert isinstance(G, nx.DiGraph)
    assert set(G.edges) == {("NK", "RU"), ("RU", "UA"), ("US", "NK")}  # self-loop and co-mentions left out
    d = G["NK"]["RU"]
    assert d["weight"] == 2 and d["kind"] == "interaction" and d["edge_ids"] == ["e1", "e2"]
    assert d["event_types"] == {"aid/transfer": 2} and d["certainties"] == {"reported": 1, "alleged": 1}
    assert G.nodes["NK"]["name"] == "North Korea"


def test_co_mentions_only_when_asked_and_only_where_no_interaction(edges, actors):
    G = build_graph(edges, actors, include_co_mentions=True)
    assert G["IR"]["RU"]["kind"] == "co-mention"
    assert G["NK"]["RU"]["kind"] == "interaction" and G["NK"]["RU"]["weight"] == 2  # c2 adds nothing


def test_filters(edges, actors):
    assert set(build_graph(edges, actors, outlets=["B"]).edges) == {("NK", "RU")}
    assert set(build_graph(edges, actors, event_types=["assault/attack"]).edges) == {("RU", "UA")}
    assert set(build_graph(edges, actors, certainties=["alleged"]).edges) == {("NK", "RU")}
    G = build_graph(edges, actors, date_range=(dt.date(2024, 1, 1), "2024-01-03"))
    assert set(G.edges) == {("NK", "RU"), ("RU", "UA")} and G["NK"]["RU"]["weight"] == 1  # undated e4 dropped
    assert set(build_graph(edges, actors, min_weight=2).edges) == {("NK", "RU")}


def test_works_without_optional_columns(edges):
    bare = edges[edges.edge_kind == "interaction"][["source_actor_id", "target_actor_id"]]
    G = build_graph(bare, None)
    assert G.number_of_edges() == 3
    with pytest.warns(UserWarning, match="outlet"):
        assert build_graph(bare, None, outlets=["A"]).number_of_edges() == 3
    assert build_graph(bare.iloc[0:0], None).number_of_nodes() == 0


def test_measures(edges, actors):
    m = graph_measures(build_graph(edges, actors)).set_index("actor_id")
    assert list(m.columns) == ["name", "degree", "weighted_degree", "in_degree", "out_degree", "betweenness", "community"]
    assert m.loc["NK", "degree"] == 2 and m.loc["NK", "weighted_degree"] == 3
    assert m.loc["RU", "in_degree"] == 1 and m.loc["RU", "out_degree"] == 1
    # US -> NK -> RU -> UA: the middle actors carry every path.
    assert m.loc["NK", "betweenness"] > 0 and m.loc["RU", "betweenness"] > 0 and m.loc["US", "betweenness"] == 0
    assert m["community"].between(0, 3).all()
    assert graph_measures(nx.DiGraph()).empty


def test_communities_split_disconnected_groups():
    e = pd.DataFrame({"source_actor_id": ["A", "B", "C", "X", "Y"], "target_actor_id": ["B", "C", "A", "Y", "Z"]})
    m = graph_measures(build_graph(e)).set_index("actor_id")
    assert m.loc["A", "community"] == m.loc["B", "community"] == m.loc["C", "community"]
    assert m.loc["X", "community"] != m.loc["A", "community"]


def test_ego_network(edges, actors):
    G = build_graph(edges, actors)
    assert set(ego_network(G, "RU").nodes) == {"RU", "NK", "UA"}  # in and out neighbours
    assert set(ego_network(G, "RU", radius=2).nodes) == {"RU", "NK", "UA", "US"}
    assert ego_network(G, "nobody").number_of_nodes() == 0


def test_joint_acts_are_undirected_and_widths_grow_with_weight() -> None:
    import pandas as pd

    from app.charts import edge_width
    from storylens.network.graph import build_graph, is_undirected

    edges = pd.DataFrame(
        [
            {"source_actor_id": "a", "target_actor_id": "b", "edge_kind": "interaction", "rule": "between", "edge_id": "1"},
            {"source_actor_id": "a", "target_actor_id": "c", "edge_kind": "interaction", "rule": "active", "edge_id": "2"},
            {"source_actor_id": "a", "target_actor_id": "c", "edge_kind": "interaction", "rule": "mutual", "edge_id": "3"},
        ]
    )
    G = build_graph(edges)
    assert is_undirected(G["a"]["b"]) and not is_undirected(G["a"]["c"])
    assert edge_width(14) > 2 * edge_width(1) > 0


def test_a_joint_act_joins_the_pairs_directed_edge_instead_of_lying_over_it() -> None:
    """ "transfer between the two countries" (Russia -> North Korea, undirected) and "North
    Korea supplied Russia": one line with the text's arrow, not a line over the arrow."""
    import pandas as pd

    from storylens.network.graph import build_graph, is_undirected

    def row(s: str, t: str, rule: str, i: str) -> dict:
        return {"source_actor_id": s, "target_actor_id": t, "edge_kind": "interaction", "rule": rule, "edge_id": i}

    edges = pd.DataFrame(
        [
            row("russia", "nk", "between", "1"),
            row("nk", "russia", "active", "2"),
            row("nk", "russia", "nominal", "3"),
            row("russia", "nk", "joint", "4"),
            row("putin", "kim", "joint", "5"),
            row("kim", "putin", "joint", "6"),
        ]
    )
    G = build_graph(edges)
    assert not G.has_edge("russia", "nk"), "the joint acts were drawn apart from the directed edge"
    a = G["nk"]["russia"]
    assert a["weight"] == 4 and sorted(a["edge_ids"]) == ["1", "2", "3", "4"] and not is_undirected(a)
    # A pair known only from joint acts, found from both sides: one undirected edge.
    pair = [(s, t) for s, t in G.edges if {s, t} == {"putin", "kim"}]
    assert len(pair) == 1 and is_undirected(G[pair[0][0]][pair[0][1]]) and G[pair[0][0]][pair[0][1]]["weight"] == 2


def test_central_actors_table() -> None:
    import networkx as nx

    from app.network_data import central_actors
    from storylens.network.graph import graph_measures

    G = nx.DiGraph()
    G.add_edge("hub", "x", weight=5)
    G.add_edge("hub", "y", weight=1)
    G.add_edge("y", "z", weight=1)
    table = central_actors(graph_measures(G))
    assert table["actor"].iloc[0] == "hub" and table["weighted degree"].iloc[0] == 6
    assert {"degree", "betweenness", "community"} <= set(table.columns)


def test_places_are_actors_only_when_they_act() -> None:
    import pandas as pd

    from storylens.network.graph import build_graph

    actors = pd.DataFrame(
        {"actor_id": ["ru", "zap", "kyiv", "ua"], "name": ["Russia", "Zaporizhzhia", "Kyiv", "Ukraine"], "kind": ["country", "place", "place", "country"]}
    )
    edges = pd.DataFrame(
        [
            {"source_actor_id": "ru", "target_actor_id": "zap", "edge_kind": "interaction", "edge_id": "1"},
            {"source_actor_id": "zap", "target_actor_id": "ua", "edge_kind": "co-mention", "edge_id": "2"},
            {"source_actor_id": "kyiv", "target_actor_id": "ru", "edge_kind": "interaction", "edge_id": "3"},
        ]
    )
    G = build_graph(edges, actors, include_co_mentions=True)
    assert "zap" not in G and G.has_edge("kyiv", "ru")
