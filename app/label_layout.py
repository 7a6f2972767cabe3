"""Where chart labels go so that none prints on top of another: the Key moments labels in
rows above the points (two days close together, 4 and 5 Jan), and the Actor network's node
names around their nodes (see "Network node labels" below).

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


# Network node labels ------------------------------------------------------------------
# Plotly prints every node's name "top center" and moves none of them, so three actors a
# few pixels apart ("Kang Sun Nam", "Matthew Miller", "United Kingdom" on the sample) print
# their names into each other. Each label instead takes, greedily (largest node first), the
# first of eight positions around its node whose box touches no label already placed and
# no other node; when every position is taken, the one that covers least. Edges crossing a
# label are a lesser cost (a line behind a name can still be read, two names on top of each
# other cannot), so they only break ties.

LINE_PX = 15.0  # height of one line of 12 px text
PAD_PX = 3.0  # between a node's edge and its label

NODE_LABEL_POSITIONS = ("top center", "bottom center", "middle right", "middle left", "top right", "top left", "bottom right", "bottom left")
"""Plotly's textposition values, in order of preference (above the node reads best)."""

Box = tuple[float, float, float, float]  # (left, bottom, right, top) in pixels, y upwards


def label_box(x: float, y: float, radius: float, width: float, position: str, height: float = LINE_PX) -> Box:
    """The pixel box of a label of `width` at plotly `position` around a node of `radius` at (x, y)."""
    vertical, horizontal = position.split()
    d = radius + PAD_PX
    diag = d * 0.7 if vertical != "middle" and horizontal != "center" else 0.0  # a corner: beside the node's shoulder
    if horizontal == "center":
        left = x - width / 2
    elif horizontal == "right":
        left = x + (diag or d)
    else:
        left = x - (diag or d) - width
    if vertical == "top":
        bottom = y + (diag or d)
    elif vertical == "bottom":
        bottom = y - (diag or d) - height
    else:
        bottom = y - height / 2
    return (left, bottom, left + width, bottom + height)


def _area(a: Box, b: Box) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _node_box(x: float, y: float, r: float) -> Box:
    return (x - r, y - r, x + r, y + r)


def _crosses(seg: tuple[float, float, float, float], box: Box) -> bool:
    """Does the segment cross the box? (Liang-Barsky clipping.)"""
    x0, y0, x1, y1 = seg
    dx, dy = x1 - x0, y1 - y0
    lo, hi = 0.0, 1.0
    for p, q in ((-dx, x0 - box[0]), (dx, box[2] - x0), (-dy, y0 - box[1]), (dy, box[3] - y0)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            lo = max(lo, t)
        else:
            hi = min(hi, t)
        if lo > hi:
            return False
    return True


def place_node_labels(
    nodes_px: Sequence[tuple[float, float]],
    radii_px: Sequence[float],
    widths_px: Sequence[float],
    segments_px: Sequence[tuple[float, float, float, float]] = (),
) -> list[str]:
    """A plotly textposition for each node's label (same order as given).

    Args:
        nodes_px: node centres in pixels (y upwards).
        radii_px: node marker radii in pixels.
        widths_px: label widths in pixels (`label_width`).
        segments_px: the edges as (x0, y0, x1, y1), to keep names off the lines where a free place exists.
    """
    n = len(nodes_px)
    node_boxes = [_node_box(x, y, r) for (x, y), r in zip(nodes_px, radii_px, strict=True)]
    placed: list[Box] = []
    out = [NODE_LABEL_POSITIONS[0]] * n
    for i in sorted(range(n), key=lambda i: -radii_px[i]):
        x, y = nodes_px[i]
        best: tuple[float, int, int] | None = None
        for rank, pos in enumerate(NODE_LABEL_POSITIONS):
            box = label_box(x, y, radii_px[i], widths_px[i], pos)
            covered = sum(_area(box, b) for b in placed) + sum(_area(box, nb) for j, nb in enumerate(node_boxes) if j != i)
            crossings = sum(_crosses(s, box) for s in segments_px)
            key = (covered, crossings, rank)
            if best is None or key < best:
                best = key
                out[i] = pos
        placed.append(label_box(x, y, radii_px[i], widths_px[i], out[i]))
    return out


def node_label_overlaps(
    nodes_px: Sequence[tuple[float, float]], radii_px: Sequence[float], widths_px: Sequence[float], positions: Sequence[str]
) -> list[tuple[int, int]]:
    """Pairs (i, j) where label i covers label j or node j (empty for a readable drawing)."""
    boxes = [label_box(x, y, r, w, p) for (x, y), r, w, p in zip(nodes_px, radii_px, widths_px, positions, strict=True)]
    nodes = [_node_box(x, y, r) for (x, y), r in zip(nodes_px, radii_px, strict=True)]
    out = []
    for i, a in enumerate(boxes):
        for j in range(len(boxes)):
            if i != j and (_area(a, boxes[j]) > 0 and i < j or _area(a, nodes[j]) > 0):
                out.append((i, j))
    return out


def to_pixels(points: Sequence[tuple[float, float]], plot_w: float, plot_h: float, margin_px: float = 0.0) -> tuple[list[tuple[float, float]], float]:
    """Data coordinates -> pixels on a plot with equal x/y scale (plotly's scaleanchor), as
    plotly fits it: the tighter of the two directions sets the scale. Returns the points and
    the pixels per data unit."""
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    xr = max(max(xs) - min(xs), 1e-9)
    yr = max(max(ys) - min(ys), 1e-9)
    scale = min((plot_w - 2 * margin_px) / xr, (plot_h - 2 * margin_px) / yr)
    return [((x - min(xs)) * scale, (y - min(ys)) * scale) for x, y in points], scale
