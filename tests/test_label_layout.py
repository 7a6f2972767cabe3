"""Key moments labels: days close together get separate rows, no two labels of a row touch,
and a label near the edge stays inside the plot."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from app import charts, label_layout


def test_close_days_go_to_different_rows() -> None:
    # 4 and 5 Jan, 17 px apart, labels 150 px wide
    placed = label_layout.place_labels([300, 317], [150, 150], plot_px=560)
    assert placed[0].row != placed[1].row
    assert label_layout.overlaps(placed) == []


def test_far_days_share_a_row_and_edges_stay_inside() -> None:
    placed = label_layout.place_labels([5, 280, 555], [150, 150, 150], plot_px=560)
    assert {p.row for p in placed} == {0}
    assert placed[0].left_px >= 0 and placed[-1].right_px <= 560
    assert label_layout.overlaps(placed) == []


def test_many_crowded_days_never_overlap() -> None:
    xs = [10 * i for i in range(30)]
    placed = label_layout.place_labels(xs, [120] * 30, plot_px=560)
    assert label_layout.overlaps(placed) == []
    assert max(p.row for p in placed) >= 2


def _moments(days: list[dt.date]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "date": days,
            "score": [1.0, 1.2, 2.0, 2.25, 1.0][: len(days)],
            "label": [f"{d.day} {d:%b %Y} · Something happened that day …" for d in days],
            "summary": ["s"] * len(days),
            "outlets": ["o"] * len(days),
        }
    )


def test_chart_puts_the_story_days_labels_apart() -> None:
    days = [dt.date(2023, 12, 30), dt.date(2024, 1, 2), dt.date(2024, 1, 4), dt.date(2024, 1, 5), dt.date(2024, 1, 10)]
    fig = charts.key_moments(_moments(days), (dt.date(2023, 12, 28), dt.date(2024, 1, 12)))
    notes = {a.text.split("</b>")[0].removeprefix("<b>"): a for a in fig.layout.annotations}
    assert set(notes) == {"30 Dec 2023", "2 Jan 2024", "4 Jan 2024", "5 Jan 2024", "10 Jan 2024"}
    # 4 and 5 January: their labels at different heights, above every point
    assert notes["4 Jan 2024"].ay != notes["5 Jan 2024"].ay
    assert min(a.ay for a in notes.values()) > 2.25
    lo, hi = fig.layout.yaxis.range
    assert max(a.ay for a in notes.values()) < hi


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
    assert all(p in label_layout.NODE_LABEL_POSITIONS for p in positions)


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
