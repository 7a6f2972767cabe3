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
