"""Where the Key moments labels go: in rows above the points, so that two days close together
(4 and 5 Jan) never print their labels on top of each other.

Plotly places a text label at its point and does not move it out of another's way, so the
chart computes the placement itself: each label's width is estimated from its longest line
(characters x an average glyph width of the chart font), labels are taken left to right
and each goes into the lowest row where it does not touch the previous label of that row
(interval-graph colouring, greedy by left edge: the fewest rows for labels of fixed width).
A label near the plot's edge is shifted inwards so that it is not cut off; a thin line joins
it to its point.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

GLYPH_PX = 6.8  # average width of a 12 px sans-serif character (bold date line included)
GAP_PX = 12  # at least this much space between two labels of one row


@dataclass(frozen=True)
class Placed:
    row: int  # 0 = the row nearest the points
    center_px: float  # horizontal centre of the label, in pixels from the plot's left edge
    left_px: float
    right_px: float


def label_width(text: str, glyph_px: float = GLYPH_PX) -> float:
    """Estimated pixel width of a label whose lines are separated by <br>."""
    return max((len(line) for line in text.split("<br>")), default=0) * glyph_px


def place_labels(points_px: Sequence[float], widths_px: Sequence[float], plot_px: float, gap_px: float = GAP_PX) -> list[Placed]:
    """Rows and horizontal centres for labels of the given widths over points at the given
    pixel positions (same order as given; the points need not be sorted)."""
    order = sorted(range(len(points_px)), key=lambda i: points_px[i])
    row_ends: list[float] = []  # right edge of the last label in each row
    out: dict[int, Placed] = {}
    for i in order:
        w = float(widths_px[i])
        center = min(max(float(points_px[i]), w / 2), max(plot_px - w / 2, w / 2))
        left, right = center - w / 2, center + w / 2
        row = next((r for r, end in enumerate(row_ends) if end + gap_px <= left), len(row_ends))
        if row == len(row_ends):
            row_ends.append(right)
        else:
            row_ends[row] = right
        out[i] = Placed(row, center, left, right)
    return [out[i] for i in range(len(points_px))]


def overlaps(placed: Sequence[Placed]) -> list[tuple[int, int]]:
    """Pairs of labels in one row whose boxes touch (empty for a good placement)."""
    return [
        (i, j) for i, a in enumerate(placed) for j, b in enumerate(placed) if i < j and a.row == b.row and a.left_px < b.right_px and b.left_px < a.right_px
    ]
