"""Key moments labels: days close together on different sides, labels in their points' order,
none touching, inside the plot, at most two rows, and leader lines that never cross (the
Timeline17 MJ_bbc days made the old layout's lines cross and its labels stack nine rows).
Network node labels: crowded names apart and off the nodes."""

from __future__ import annotations

import datetime as dt
import itertools

import pandas as pd

from app import charts, label_layout

# The 37 days of the journalists' timeline of Timeline17 MJ_bbc: a death, a long gap, then a
# trial with a key date every few days (Sep-Nov 2011)
_MJ = (
    "2009-06-25 2009-06-28 2009-07-22 2009-07-28 2009-07-29 2009-08-29 2009-11-21 2010-02-08 2010-06-14 2010-06-25 "
    "2010-12-08 2011-01-04 2011-01-11 2011-01-25 2011-03-03 2011-05-02 2011-07-25 2011-08-30 2011-09-24 2011-09-27 "
    "2011-09-29 2011-09-30 2011-10-04 2011-10-06 2011-10-08 2011-10-12 2011-10-13 2011-10-20 2011-10-24 2011-10-26 "
    "2011-10-27 2011-10-28 2011-10-31 2011-11-01 2011-11-03 2011-11-07 2011-11-29"
)
MJ_DAYS = [dt.date.fromisoformat(d) for d in _MJ.split(" ")]


def test_close_days_go_to_different_sides() -> None:
    # 4 and 5 Jan, 17 px apart, labels 150 px wide
    placed = label_layout.place_labels([300, 317], [150, 150], [1, 2], plot_px=560)
    assert {p.side for p in placed} == {"above", "below"}
    assert label_layout.overlaps(placed) == []


def test_edges_stay_inside_and_order_is_kept() -> None:
    xs = [5, 20, 280, 540, 555]
    placed = label_layout.place_labels(xs, [100] * 5, [5, 4, 1, 2, 3], plot_px=560)
    assert len(placed) == 5 and label_layout.overlaps(placed) == []
    assert min(p.left_px for p in placed) >= 0 and max(p.right_px for p in placed) <= 560
    for side in label_layout.SIDES:
        row = [p for p in placed if p.side == side]
        assert [p.index for p in sorted(row, key=lambda p: p.center_px)] == sorted((p.index for p in row), key=lambda i: xs[i])


def test_many_crowded_days_label_the_best_ranked_and_fit_two_rows() -> None:
    xs = [10.0 * i for i in range(30)]
    ranks = [(7 * i) % 30 + 1 for i in range(30)]  # every rank once, scattered over the days
    placed = label_layout.place_labels(xs, [120] * 30, ranks, plot_px=560)
    assert label_layout.overlaps(placed) == []
    labelled = {ranks[p.index] for p in placed}
    assert labelled >= {1, 2, 3, 4, 5} and len(labelled) >= 6
    assert max(abs(p.center_px - xs[p.index]) for p in placed) <= label_layout.MAX_SHIFT_PX


def test_place_row_is_the_least_displacement_in_order() -> None:
    # two labels wanting the same spot share the displacement; a free one stays on its point
    centres = label_layout.place_row([200, 200, 450], [100, 100, 100], plot_px=560)
    assert centres[1] - centres[0] >= 100 + label_layout.GAP_PX - 1e-9
    assert abs((centres[0] + centres[1]) / 2 - 200) < 1e-9 and centres[2] == 450


def _moments(days: list[dt.date], scores: list[float]) -> pd.DataFrame:
    order = sorted(range(len(days)), key=lambda i: -scores[i])
    rank = {i: r for r, i in enumerate(order, start=1)}
    return pd.DataFrame(
        {
            "date": days,
            "rank": [rank[i] for i in range(len(days))],
            "score": scores,
            "label": [f"{d.day} {d:%b %Y} · Something happened that day …" for d in days],
            "summary": ["s"] * len(days),
            "outlets": ["o"] * len(days),
        }
    )


def _leaders_px(fig) -> list[list[tuple[float, float]]]:  # noqa: ANN001 - a plotly figure
    """Every leader line of the chart as a polyline in screen pixels (x over LABEL_PLOT_PX, y
    up): the old layout drew them as annotation arrows, the new one as a `leader` trace."""
    lo, hi = (pd.Timestamp(v) for v in fig.layout.xaxis.range)
    ylo, yhi = fig.layout.yaxis.range
    tall = fig.layout.height - fig.layout.margin.t - fig.layout.margin.b

    def px(x, y) -> tuple[float, float]:  # noqa: ANN001
        return (pd.Timestamp(x) - lo) / (hi - lo) * charts.LABEL_PLOT_PX, (y - ylo) / (yhi - ylo) * tall

    lines = [[px(a.x, a.y), px(a.ax, a.ay)] for a in fig.layout.annotations if a.showarrow]
    for trace in fig.data:
        if trace.name == "leader":
            line: list[tuple[float, float]] = []
            for x, y in zip(trace.x, trace.y, strict=True):
                if x is None:
                    lines.append(line)
                    line = []
                else:
                    line.append(px(x, y))
    return lines


def _cross(p: tuple, q: tuple, r: tuple, s: tuple) -> bool:
    """Whether segments pq and rs intersect (touching included)."""

    def orient(a: tuple, b: tuple, c: tuple) -> float:
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])

    def between(a: tuple, b: tuple, c: tuple) -> bool:
        return min(a[0], b[0]) <= c[0] <= max(a[0], b[0]) and min(a[1], b[1]) <= c[1] <= max(a[1], b[1])

    d1, d2, d3, d4 = orient(r, s, p), orient(r, s, q), orient(p, q, r), orient(p, q, s)
    if ((d1 > 0) != (d2 > 0)) and ((d3 > 0) != (d4 > 0)) and 0 not in (d1, d2, d3, d4):
        return True
    return any(d == 0 and between(a, b, c) for d, a, b, c in ((d1, r, s, p), (d2, r, s, q), (d3, p, q, r), (d4, p, q, s)))


def test_chart_puts_the_story_days_labels_apart() -> None:
    days = [dt.date(2023, 12, 30), dt.date(2024, 1, 2), dt.date(2024, 1, 4), dt.date(2024, 1, 5), dt.date(2024, 1, 10)]
    fig = charts.key_moments(_moments(days, [1.0, 1.2, 2.0, 2.25, 1.0]), (dt.date(2023, 12, 28), dt.date(2024, 1, 12)))
    notes = {a.text.split("</b>")[0].removeprefix("<b>"): a for a in fig.layout.annotations}
    assert set(notes) == {"30 Dec 2023", "2 Jan 2024", "4 Jan 2024", "5 Jan 2024", "10 Jan 2024"}
    # 4 and 5 January: one label above the points, one below; every label inside the axis
    assert notes["4 Jan 2024"].y != notes["5 Jan 2024"].y
    lo, hi = fig.layout.yaxis.range
    assert all(lo < a.y < hi for a in notes.values())
    assert {a.y > 2.25 for a in notes.values()} == {True, False}


def test_mj_bbc_days_leader_lines_never_cross_and_labels_stay_in_two_rows() -> None:
    """37 days, most of them in the autumn 2011 trial: the old layout's straight leader lines
    crossed and its labels stacked up to nine rows; now they never cross, labels go in one
    row above and one below, the five best ranked days are labelled, every day has its rank."""
    scores = [float(1 + (i * 13) % 29) for i in range(len(MJ_DAYS))]
    moments = _moments(MJ_DAYS, scores)
    fig = charts.key_moments(moments, (dt.date(2009, 6, 1), dt.date(2011, 12, 31)))
    lines = _leaders_px(fig)
    assert len(lines) == len(fig.layout.annotations) >= 5
    for a, b in itertools.combinations(lines, 2):
        for (p, q), (r, s) in itertools.product(zip(a, a[1:], strict=False), zip(b, b[1:], strict=False)):
            assert not _cross(p, q, r, s), (a, b)
    assert len({a.y for a in fig.layout.annotations}) <= 2
    assert fig.layout.height <= 420
    drawn = {a.text.split("</b>")[0].removeprefix("<b>") for a in fig.layout.annotations}
    best = moments.sort_values("rank").head(5)
    assert {f"{d.day} {d:%b %Y}" for d in best["date"]} <= drawn
    points = next(t for t in fig.data if t.name == "key dates")
    assert sorted(int(v) for v in points.text) == list(range(1, len(MJ_DAYS) + 1))


# Network node labels: three actors a few pixels apart, as "Kang Sun Nam", "Matthew Miller"
# and "United Kingdom" were on the sample's Actor network page.
_CROWD = [(300.0, 200.0), (310.0, 222.0), (296.0, 244.0)]
_NAMES = ["Kang Sun Nam", "Matthew Miller", "United Kingdom"]


def test_crowded_node_labels_do_not_overlap() -> None:
    radii = [8.0, 8.0, 8.0]
    widths = [label_layout.label_width(n) for n in _NAMES]
    everywhere_above = ["top center"] * 3
    assert label_layout.node_label_overlaps(_CROWD, radii, widths, everywhere_above), "the test's crowd must collide when every label sits above"
    positions = label_layout.place_node_labels(_CROWD, radii, widths)
    assert label_layout.node_label_overlaps(_CROWD, radii, widths, positions) == []


def test_a_lone_node_keeps_its_label_above_and_off_the_lines() -> None:
    assert label_layout.place_node_labels([(100.0, 100.0)], [8.0], [60.0]) == ["top center"]
    # An edge running straight up from the node: the label moves beside it.
    pos = label_layout.place_node_labels([(100.0, 100.0), (100.0, 300.0)], [8.0, 8.0], [60.0, 60.0], [(100.0, 100.0, 100.0, 300.0)])
    assert pos[0] != "top center" and pos[1] != "bottom center"


def test_network_chart_places_crowded_labels_apart() -> None:
    import networkx as nx

    G = nx.DiGraph()
    for i, (name, kind) in enumerate(zip(["Russia", *_NAMES], ["country", "person", "person", "country"])):
        G.add_node(f"a{i}", name=name, kind=kind, n_mentions=4 if i == 0 else 1)
    for i in range(1, 4):
        G.add_edge(f"a{i}", "a0", weight=1, kind="interaction", event_types={"accuse": 1})
    # Positions in data units, crowded like the sample: the three a few pixels apart on a
    # drawing whose scale is set by the distance to Russia.
    pos = {"a0": (0.0, 1.0), "a1": (0.0, 0.0), "a2": (0.02, -0.04), "a3": (-0.01, -0.08)}
    fig = charts.network(G, pos=pos)
    trace = next(t for t in fig.data if t.name == "actors")
    nodes = list(G.nodes)
    px, _ = label_layout.to_pixels([pos[n] for n in nodes], *charts.NETWORK_PLOT_PX, margin_px=charts.NETWORK_EDGE_PX)
    radii = [s / 2 for s in trace.marker.size]
    widths = [label_layout.label_width(t) for t in trace.text]
    assert label_layout.node_label_overlaps(px, radii, widths, ["top center"] * 4)
    assert label_layout.node_label_overlaps(px, radii, widths, list(trace.textposition)) == []
    # The outermost labels stay inside the axis ranges.
    assert fig.layout.xaxis.range[0] < -0.01 and fig.layout.yaxis.range[1] > 1.0


def test_clear_edges_moves_a_node_off_a_line_it_is_not_an_end_of() -> None:
    """Three actors in a row with an edge between the outer two: the line runs through the
    middle one, which then reads as part of the edge."""
    import networkx as nx

    pos = {"a": (0.0, 0.0), "b": (0.5, 0.01), "c": (1.0, 0.0), "d": (0.5, 0.6)}
    edges = [("a", "c"), ("b", "d")]
    assert [(e, n) for e, n, _ in charts.edge_node_conflicts(pos, edges, 26.0)] == [(("a", "c"), "b")]
    cleared = charts.clear_edges(pos, edges, 26.0)
    assert charts.edge_node_conflicts(cleared, edges, 26.0) == []
    # Nothing to clear: the positions are kept as they are.
    assert charts.clear_edges(cleared, edges, 26.0) == cleared
    # A big node needs more room: its drawn radius plus the margin.
    big = nx.Graph([("a", "c"), ("b", "d")])
    nx.set_node_attributes(big, {"a": 1, "b": 40, "c": 1, "d": 1}, "n_mentions")
    clearance = charts.node_clearance(big)
    assert clearance["b"] == charts.node_size_px(40) / 2 + charts.EDGE_MARGIN_PX > clearance["a"]
    assert charts.edge_node_conflicts(charts.clear_edges(pos, edges, clearance), edges, clearance) == []


def test_sample_network_draws_no_edge_through_another_actor() -> None:
    """The sample's Actor network as the page draws it (interactions, no co-mentions): the
    "Matthew Miller -> Kim Jong Un" line ran through Russia's node."""
    from pathlib import Path

    import networkx as nx

    from app import network_data

    processed = Path(__file__).resolve().parents[1] / "data" / "processed"
    edges = pd.read_parquet(processed / "interactions.parquet")
    actors = pd.read_parquet(processed / "actors.parquet")
    mentions = dict(zip(actors["actor_id"], actors["n_mentions"], strict=True))
    G = network_data.graph_for(edges, actors, top_n=60, include_co_mentions=False)
    assert G.number_of_edges() >= 8
    # As pages/network.py lays it out: the drawn edges and each node's mentions.
    H = nx.Graph()
    H.add_nodes_from((n, {"n_mentions": mentions[n]}) for n in G.nodes)
    H.add_weighted_edges_from(sorted((s, d, a["weight"]) for s, d, a in G.edges(data=True)))
    pos = charts.layout(H)
    clearance = charts.node_clearance(H)
    names = dict(zip(actors["actor_id"], actors["name"], strict=True))
    conflicts = [(names[e[0]], names[e[1]], names[n], round(d)) for e, n, d in charts.edge_node_conflicts(pos, list(H.edges()), clearance)]
    assert conflicts == []
    with_co = network_data.graph_for(edges, actors, top_n=60, include_co_mentions=True)
    nx.set_node_attributes(with_co, {n: mentions[n] for n in with_co.nodes}, "n_mentions")
    pos = charts.layout(with_co)
    # The dense co-mention drawing may not clear every margin, but no line crosses a node's drawn disc.
    radius = {n: charts.node_size_px(mentions[n]) / 2 for n in with_co.nodes}
    conflicts = charts.edge_node_conflicts(pos, list(with_co.to_undirected().edges()), charts.node_clearance(with_co))
    assert all(d >= radius[n] for _, n, d in conflicts), conflicts
