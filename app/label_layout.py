"""Where chart labels go so that none prints on top of another: the Key moments labels in
one row above the points and one below them, each label in the same left-to-right order as
its point, so that leader lines never cross and the chart never grows taller than two rows
of labels, however many key dates the story has; and the Actor network's node names around
their nodes (see "Network node labels" below).

Plotly places a text label at its point and does not move it out of another's way, so the
chart computes the placement itself:

1. Which days get a label. Taken by rank (the best day first), a day gets a label while every
   labelled day still fits: labelled days, in date order, go alternately to the row above and
   the row below (two neighbouring days, 4 and 5 Jan, never compete for one row), and each
   row's labels side by side, with GAP_PX between them, must fit the plot's width, none of
   them pushed more than MAX_SHIFT_PX from its point (a cluster of days, the autumn 2011
   trial of MJ_bbc, gets the labels it has room for, not labels far from it), except that
   the best ALWAYS_LABELLED days get theirs whenever they fit at all. The other
   days keep their point with their rank number on it (the ranked list below the chart has
   the same numbers). The old layout stacked every label in as many rows as it took: 37
   Timeline17 MJ_bbc days made 9 rows, and its straight leader lines crossed.
2. Where a row's labels go: as near their points as they can, in their points' order, not
   touching, inside the plot. That is an isotonic regression (pool adjacent violators) of the
   points' positions minus the labels' cumulative offsets, clipped to the plot: least total
   displacement among the order-keeping placements.
3. Leader lines are elbows: straight up (or down) from the point to a common level just past
   every point, then a slanted segment to the label. Vertical parts at different days are
   parallel; the slanted parts of a row start on one level and end on another, in the same
   order at both ends: no two lines of the chart cross.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

GLYPH_PX = 6.8  # average width of a 12 px sans-serif character (bold date line included)
GAP_PX = 12  # at least this much space between two labels of one row
MAX_SHIFT_PX = 160  # a label this far from its point reads as another day's: it is left out
ALWAYS_LABELLED = 5  # ... unless its day is one of the best five, which get a label whenever they fit
SIDES = ("above", "below")


@dataclass(frozen=True)
class Placed:
    index: int  # into the points as given
    side: str  # "above" or "below" the points
    center_px: float  # horizontal centre of the label, in pixels from the plot's left edge
    left_px: float
    right_px: float


def label_width(text: str, glyph_px: float = GLYPH_PX) -> float:
    """Estimated pixel width of a label whose lines are separated by <br>."""
    return max((len(line) for line in text.split("<br>")), default=0) * glyph_px


def _isotonic(values: Sequence[float]) -> list[float]:
    """The non-decreasing sequence nearest `values` in squared distance (pool adjacent violators)."""
    blocks: list[list[float]] = []  # [mean, count]
    for v in values:
        blocks.append([float(v), 1.0])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            m2, n2 = blocks.pop()
            m1, n1 = blocks.pop()
            blocks.append([(m1 * n1 + m2 * n2) / (n1 + n2), n1 + n2])
    return [m for m, n in blocks for _ in range(int(n))]


def fits(widths_px: Sequence[float], plot_px: float, gap_px: float = GAP_PX) -> bool:
    """Whether labels of these widths fit side by side in one row of the plot."""
    return sum(widths_px) + gap_px * max(len(widths_px) - 1, 0) <= plot_px


def place_row(points_px: Sequence[float], widths_px: Sequence[float], plot_px: float, gap_px: float = GAP_PX) -> list[float]:
    """Centres of one row's labels, for points sorted left to right: in the points' order,
    not touching, inside [0, plot_px], with the least squared displacement (module docstring).
    The labels must fit (`fits`)."""
    if not points_px:
        return []
    offsets = [0.0]  # how far label i's centre must be right of label 0's at the least
    for a, b in zip(widths_px, widths_px[1:], strict=False):
        offsets.append(offsets[-1] + a / 2 + gap_px + b / 2)
    shifted = _isotonic([float(p) - o for p, o in zip(points_px, offsets, strict=True)])
    lo = widths_px[0] / 2  # the first label's left edge at 0 at the least
    hi = plot_px - widths_px[-1] / 2 - offsets[-1]  # the last label's right edge at plot_px at the most
    return [min(max(z, lo), max(hi, lo)) + o for z, o in zip(shifted, offsets, strict=True)]


def _sides(labelled: Sequence[int], points_px: Sequence[float]) -> dict[int, str]:
    """Labelled days in date order, alternately above and below."""
    return {i: SIDES[k % 2] for k, i in enumerate(sorted(labelled, key=lambda i: points_px[i]))}


def _rows(labelled: Sequence[int], points_px: Sequence[float], widths_px: Sequence[float], plot_px: float, gap_px: float, max_shift: float) -> list[Placed] | None:
    """The placement of these labels on both sides, or None when a side does not fit or pushes
    a label more than `max_shift` from its point."""
    side = _sides(labelled, points_px)
    out: list[Placed] = []
    for s in SIDES:
        row = sorted((i for i in labelled if side[i] == s), key=lambda i: points_px[i])
        if not fits([widths_px[i] for i in row], plot_px, gap_px):
            return None
        centres = place_row([points_px[i] for i in row], [widths_px[i] for i in row], plot_px, gap_px)
        if any(abs(c - points_px[i]) > max_shift for i, c in zip(row, centres, strict=True)):
            return None
        out.extend(Placed(i, s, c, c - widths_px[i] / 2, c + widths_px[i] / 2) for i, c in zip(row, centres, strict=True))
    return out


def place_labels(points_px: Sequence[float], widths_px: Sequence[float], ranks: Sequence[int], plot_px: float, gap_px: float = GAP_PX) -> list[Placed]:
    """The labels that are drawn (best ranks first, while they fit: module docstring), each with
    its side and horizontal place. Points need not be sorted; a point left out has no label."""
    best: list[Placed] = []
    labelled: list[int] = []
    for i in sorted(range(len(points_px)), key=lambda i: (ranks[i], points_px[i])):
        max_shift = float("inf") if len(labelled) < ALWAYS_LABELLED else MAX_SHIFT_PX
        trial = _rows([*labelled, i], points_px, widths_px, plot_px, gap_px, max_shift)
        if trial is not None:
            labelled, best = [*labelled, i], trial
    return sorted(best, key=lambda p: p.index)


def leader(point: tuple[float, float], placed: Placed, elbow_above: float, elbow_below: float, label_above: float, label_below: float) -> list[tuple[float, float]]:
    """The leader line of one label as a polyline, in the chart's pixel space (y up): from the
    point straight to the elbow level of its side, then to the label's near edge."""
    x, y = point
    if placed.side == "above":
        return [(x, y), (x, elbow_above), (placed.center_px, label_above)]
    return [(x, y), (x, elbow_below), (placed.center_px, label_below)]


def overlaps(placed: Sequence[Placed]) -> list[tuple[int, int]]:
    """Pairs of labels on one side whose boxes touch (empty for a good placement)."""
    return [
        (a.index, b.index)
        for k, a in enumerate(placed)
        for b in placed[k + 1 :]
        if a.side == b.side and a.left_px < b.right_px and b.left_px < a.right_px
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
        best_box: Box | None = None
        for rank, pos in enumerate(NODE_LABEL_POSITIONS):
            box = label_box(x, y, radii_px[i], widths_px[i], pos)
            covered = sum(_area(box, b) for b in placed) + sum(_area(box, nb) for j, nb in enumerate(node_boxes) if j != i)
            crossings = sum(_crosses(s, box) for s in segments_px)
            key = (covered, crossings, rank)
            if best is None or key < best:
                best, best_box = key, box
                out[i] = pos
        assert best_box is not None  # NODE_LABEL_POSITIONS is never empty
        placed.append(best_box)
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
    x0, y0 = min(xs), min(ys)
    return [((x - x0) * scale, (y - y0) * scale) for x, y in points], scale
