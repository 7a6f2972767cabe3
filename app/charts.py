"""Chart builders: DataFrame in, plotly figure out. No streamlit here, so they are testable alone."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from app import label_layout, palette


def articles_per_outlet(articles: pd.DataFrame) -> go.Figure:
    counts = articles.groupby("outlet", dropna=False).size().rename("articles").reset_index().sort_values("articles")
    fig = px.bar(
        counts, x="articles", y="outlet", color="outlet", color_discrete_map=palette.outlet_map(counts["outlet"]), orientation="h", title="Articles per outlet"
    )
    fig.update_layout(showlegend=False)
    fig.update_layout(height=max(220, 40 * len(counts) + 120), margin=dict(l=10, r=10, t=40, b=10))
    return fig


def top_actors(actors: pd.DataFrame, n: int = 20) -> go.Figure:
    story = actors[~actors["is_meta"].fillna(False)].nlargest(n, "n_mentions").sort_values("n_mentions")
    fig = px.bar(
        story,
        x="n_mentions",
        y="name",
        color="kind",
        color_discrete_map=palette.kind_map(story["kind"]),
        orientation="h",
        title=f"Top {min(n, len(story))} actors by mentions",
        hover_data=["n_articles"],
    )
    fig.update_layout(height=max(260, 26 * len(story) + 120), margin=dict(l=10, r=10, t=40, b=10))
    return fig


def coverage_over_time(articles: pd.DataFrame) -> go.Figure:
    """Articles per publication day and outlet; undated articles are left out (and counted in the title)."""
    dated = articles[articles["published"].notna()]
    counts = dated.assign(day=pd.to_datetime(dated["published"].astype(str))).groupby(["day", "outlet"]).size().rename("articles").reset_index()
    undated = len(articles) - len(dated)
    title = "Coverage over time" + (f" ({undated} undated article(s) not shown)" if undated else "")
    fig = px.bar(counts, x="day", y="articles", color="outlet", color_discrete_map=palette.outlet_map(counts["outlet"]), title=title)
    fig.update_layout(height=320, margin=dict(l=10, r=10, t=40, b=10), bargap=0.2)
    fig.update_xaxes(type="date", tickformat="%-d %b %Y", title=None)  # days: a one-day corpus showed "00:00:00"
    return fig


# Timeline marks: what happened is filled, what is planned is a diamond, and a date the
# resolver was unsure of is drawn open (hollow) so the eye does not trust it like the rest.
def _symbol(planned: bool, uncertain: bool) -> str:
    return ("diamond" if planned else "circle") + ("-open" if uncertain else "")


def _segments(starts: pd.Series, ends: pd.Series, lanes: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """x and y of many horizontal segments in one trace (start, end, gap; plotly breaks a
    line at NaT/None). Built as numpy arrays: plotly validates and copies Python lists
    element by element, which costs seconds at ten thousand events."""
    n = len(starts)
    xs = np.full(3 * n, np.datetime64("NaT"), dtype="datetime64[ns]")
    xs[0::3] = pd.to_datetime(starts).to_numpy(dtype="datetime64[ns]")
    xs[1::3] = pd.to_datetime(ends).to_numpy(dtype="datetime64[ns]")
    ys = np.full(3 * n, None, dtype=object)  # the null y is what breaks the line in the browser
    ys[0::3] = ys[1::3] = lanes.to_numpy(dtype=object)
    return xs, ys


LABEL_PLOT_PX = 560  # the narrowest plot the labels are laid out for: wider charts only add room
POINTS_PX = 150  # height of the band the points use
ELBOW_PX = 14  # leader lines bend this far past the top (or bottom) of the points' band
LABEL_GAP_PX = 26  # between the points' band and a row of labels
ROW_PX = 50  # one row of three-line labels
LINE_CHARS = 18  # a label's words wrapped at this many characters, two lines at most


def _label_text(label: str) -> str:
    """ "4 Jan 2024 · Kirby told reporters …" as a bold date over at most two short lines."""
    day, _, words = label.partition(" · ")
    cut = words.endswith(" …")
    lines: list[str] = []
    for w in words.removesuffix(" …").split():
        if lines and len(lines[-1]) + 1 + len(w) <= LINE_CHARS:
            lines[-1] += " " + w
        elif len(lines) < 2:
            lines.append(w[:LINE_CHARS])
        else:
            cut = True
            break
    if cut and lines:
        lines[-1] += " …"
    return "<br>".join([f"<b>{day}</b>", *lines])


def key_moments(moments: pd.DataFrame, window: tuple | None = None) -> go.Figure:
    """A point per key date, its height the day's score and its rank number on it; the best
    ranked days get a short label ("4 Jan 2024" over the first words of its summary) in one
    row above or one row below the points, joined to its point by a leader line
    (app.label_layout): labels in their points' order, lines that never cross, and never more
    than two rows however many days the story has. The other days keep their number, which
    the ranked list under the chart repeats."""
    fig = go.Figure()
    if moments.empty:
        fig.update_layout(title="No key dates in this story", height=200)
        return fig
    df = moments.sort_values("date").reset_index(drop=True)
    ranks = df["rank"].astype(int).tolist() if "rank" in df.columns else df["score"].rank(ascending=False, method="first").astype(int).tolist()
    days = pd.to_datetime(df["date"].astype(str))
    x = days + pd.Timedelta(hours=12)
    lo, hi = (
        (pd.Timestamp(str(window[0])), pd.Timestamp(str(window[1])) + pd.Timedelta(days=1))
        if window is not None
        else (x.min() - pd.Timedelta(days=1), x.max() + pd.Timedelta(days=1))
    )
    span = max((hi - lo).total_seconds(), 1.0)
    texts = [_label_text(lab) for lab in df["label"].astype(str)]
    widths = [label_layout.label_width(t.replace("<b>", "").replace("</b>", "")) for t in texts]
    at_px = [(v - lo).total_seconds() / span * LABEL_PLOT_PX for v in x]
    placed = label_layout.place_labels(at_px, widths, ranks, LABEL_PLOT_PX)
    top = max(float(df["score"].max()), 1e-9)
    unit = top / POINTS_PX  # data units per pixel of the points' band
    levels = dict(elbow_above=POINTS_PX + ELBOW_PX, elbow_below=-ELBOW_PX, label_above=POINTS_PX + LABEL_GAP_PX, label_below=-LABEL_GAP_PX)
    lines_x: list = []
    lines_y: list = []
    for p in placed:
        for px_x, px_y in label_layout.leader((at_px[p.index], float(df["score"].iloc[p.index]) / unit), p, **levels):
            lines_x.append(lo + pd.Timedelta(seconds=px_x / LABEL_PLOT_PX * span))
            lines_y.append(px_y * unit)
        lines_x.append(None)
        lines_y.append(None)
    fig.add_trace(go.Scatter(x=lines_x, y=lines_y, mode="lines", line=dict(width=1, color="#999999"), hoverinfo="skip", showlegend=False, name="leader"))
    fig.add_trace(
        go.Scatter(
            x=x.to_numpy(),
            y=df["score"].to_numpy(),
            mode="markers+text",
            marker=dict(size=17, color="#0072B2", line=dict(width=1, color="white")),
            text=[str(r) for r in ranks],
            textposition="middle center",
            textfont=dict(size=9, color="white"),
            customdata=np.column_stack([df[["summary", "outlets"]].astype(str).values, ranks]),
            hovertemplate="%{customdata[2]}. %{x|%d %b %Y}<br>%{customdata[0]}<br><i>%{customdata[1]}</i><extra></extra>",
            showlegend=False,
            cliponaxis=False,
            name="key dates",
        )
    )
    for p in placed:
        above = p.side == "above"
        fig.add_annotation(
            x=lo + pd.Timedelta(seconds=p.center_px / LABEL_PLOT_PX * span),
            y=(levels["label_above"] if above else levels["label_below"]) * unit,
            yanchor="bottom" if above else "top",
            text=texts[p.index],
            showarrow=False,
            font=dict(size=12),
            align="center",
            bgcolor="rgba(255,255,255,0.85)",
        )
    ymin, ymax = (-LABEL_GAP_PX - ROW_PX - 6) * unit, top + (LABEL_GAP_PX + ROW_PX + 6) * unit
    height = int((ymax - ymin) / unit) + 70
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=20, b=50), dragmode="pan")
    fig.update_yaxes(title="score (articles naming the day)", range=[ymin, ymax], zeroline=False, tickvals=_score_ticks(top))
    fig.update_xaxes(type="date", range=[lo, hi], title=None)
    return fig


def _score_ticks(top: float) -> list[float]:
    """A few round ticks from 0 to the top score (none in the labels' rows)."""
    step = next(s for s in (0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 1e9) if top / s <= 4)
    return [i * step for i in range(int(top // step) + 1)]


def timeline(rows: pd.DataFrame, selected: str | None = None) -> go.Figure:
    """Story events on a time axis, one swimlane per `lane` value.

    `rows` come from app.timeline_data.lanes(): date_start/date_end (a range is drawn as a
    bar from first to last day), published (the report date, a grey tick joined to the
    event by a dotted line), is_planned / is_uncertain flags, and event_key in customdata
    so a click selects the event.
    """
    fig = go.Figure()
    if rows.empty:
        fig.update_layout(title="No dated events match the filters", height=240)
        return fig
    df = rows.copy()
    df["x0"] = pd.to_datetime(df["date_start"].astype(str))
    df["x1"] = pd.to_datetime(df["date_end"].astype(str)) + pd.Timedelta(hours=23)
    df["mid"] = df["x0"] + (df["x1"] - df["x0"]) / 2
    ranges = df[df["is_range"]]
    if not ranges.empty:
        xs, ys = _segments(ranges["x0"], ranges["x1"], ranges["lane"])
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line=dict(width=10, color="rgba(31,119,180,0.35)"), name="date range", hoverinfo="skip"))
    reported = df[df["published"].notna()]
    if not reported.empty:
        pub = pd.to_datetime(reported["published"].astype(str)) + pd.Timedelta(hours=12)
        xs, ys = _segments(reported["mid"], pub, reported["lane"])
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line=dict(width=1, dash="dot", color="#999"), hoverinfo="skip", showlegend=False))
        fig.add_trace(
            go.Scatter(
                x=pub.to_numpy(),
                y=reported["lane"].to_numpy(dtype=object),
                mode="markers",
                marker=dict(symbol="line-ns-open", size=14, color="#777", line=dict(width=2)),
                name="report date",
                customdata=reported["outlet"].astype(str).to_numpy(),
                hovertemplate="reported by %{customdata} on %{x|%Y-%m-%d}<extra></extra>",
            )
        )
    for etype, grp in df.groupby("event_type", sort=True):
        sizes = np.where(grp["story_event_id"].to_numpy() == selected, 18, 11)
        fig.add_trace(
            go.Scatter(
                x=grp["mid"].to_numpy(),
                y=grp["lane"].to_numpy(dtype=object),
                mode="markers",
                name=str(etype),
                marker=dict(
                    symbol=np.array([_symbol(p, u) for p, u in zip(grp["is_planned"], grp["is_uncertain"])]),
                    size=sizes,
                    color=palette.event_colour(str(etype)),
                    line=dict(width=2, color=palette.event_colour(str(etype))),
                ),
                customdata=grp[["event_key", "outlet", "date_text", "certainty"]].astype(str).values,
                text=grp["label"].astype(str).to_numpy(),
                hovertemplate="%{text}<br>%{customdata[1]}: “%{customdata[2]}”<br>certainty: %{customdata[3]}<extra>%{fullData.name}</extra>",
            )
        )
    n_lanes = df["lane"].nunique()
    fig.update_layout(
        height=max(280, 46 * n_lanes + 140),
        margin=dict(l=10, r=10, t=30, b=10),
        legend=dict(orientation="h", y=1.02, yanchor="bottom"),
        clickmode="event+select",
        dragmode="pan",
    )
    fig.update_xaxes(type="date", title=None)
    fig.update_yaxes(type="category", title=None, categoryorder="category descending")
    return fig


LAYOUT_TRIES = 3
"""ForceAtlas2 seeds tried on a graph of at most 60 actors (the page's default top 60;
`layout`): the one whose lines come least near other nodes is drawn. Three keep a layout of
60 actors under half a CPU-second."""


def layout(G, seed: int = 7) -> dict:  # noqa: ANN001 - a networkx graph
    """Node positions. ForceAtlas2 with gravity keeps separate components near the centre
    (a spring layout pushes a detached pair to the edge and squeezes the rest into a
    corner); a node size (ForceAtlas2's overlap prevention) keeps a hub's neighbours from
    piling onto it and onto each other's labels (the sample: the closest two nodes 0.056 ->
    0.196 of the drawing's diagonal); fewer iterations on big graphs keep a rerun under half
    a second. Then `clear_edges` moves nodes off the lines of edges they are not an end of
    (the sample: "Matthew Miller -> Kim Jong Un" was drawn through Russia's node); on a graph
    of at most 60 actors, LAYOUT_TRIES seeds from `seed` on are laid out so and the one
    whose lines intrude least into other nodes' clearance is kept (the first on a tie)."""
    import networkx as nx

    if G.number_of_nodes() == 0:
        return {}
    small = G.number_of_nodes() <= 100
    U = G.to_undirected()
    edges = list(U.edges())
    clearance = node_clearance(G)
    best, best_cost = {}, None
    for s in range(seed, seed + (LAYOUT_TRIES if G.number_of_nodes() <= 60 else 1)):
        pos = nx.forceatlas2_layout(
            U, seed=s, weight="weight", strong_gravity=True, gravity=1.0, scaling_ratio=4.0, max_iter=200 if small else 50, node_size=dict.fromkeys(U, 1.0)
        )
        pos = clear_edges(pos, edges, clearance)
        cost = sum(clearance[n] - d for _, n, d in edge_node_conflicts(pos, edges, clearance))
        if best_cost is None or cost < best_cost:
            best, best_cost = pos, cost
        if not cost:
            break
    return best


EDGE_MARGIN_PX = 10.0
"""The least gap, in pixels of the drawn plot (NETWORK_PLOT_PX), between a line and the rim of
a node that is not one of its ends: a line grazing a node reads as an edge to it."""


def node_size_px(n_mentions: float) -> float:
    """Marker diameter of an actor named `n_mentions` times (`network`)."""
    import math

    return 10 + 6 * math.sqrt(max(float(n_mentions or 1), 1.0))


def node_clearance(G) -> dict:  # noqa: ANN001 - a networkx graph
    """How near (px, to the centre) a line may pass each node: its drawn radius (node attribute
    `n_mentions`, 1 when absent) plus EDGE_MARGIN_PX."""
    return {n: node_size_px(G.nodes[n].get("n_mentions") or 1) / 2 + EDGE_MARGIN_PX for n in G.nodes}


def _clearances(nodes: list, clearance: dict | float) -> np.ndarray:
    if isinstance(clearance, dict):
        return np.array([float(clearance.get(n, node_size_px(1) / 2 + EDGE_MARGIN_PX)) for n in nodes])
    return np.full(len(nodes), float(clearance))


CLEAR_MAX_PAIRS = 20_000
"""`clear_edges` works on graphs with at most this many (edge, node) pairs (60 actors and
330 edges): a denser drawing cannot be cleared by nudging, and the layout stays fast."""


def edge_node_conflicts(pos: dict, edges: list[tuple], clearance: dict | float) -> list[tuple[tuple, object, float]]:
    """(edge, node, distance in px) for every node whose centre lies within its `clearance`
    (px; per node, as `node_clearance` gives, or one number) of the line of an edge it is
    not an end of, measured on the plot as `network` draws it."""
    nodes = list(pos)
    index = {n: i for i, n in enumerate(nodes)}
    edges = [e for e in edges if e[0] in index and e[1] in index and e[0] != e[1]]
    if len(nodes) < 3 or not edges:
        return []
    P, _ = _plot_pixels(np.array([[float(pos[n][0]), float(pos[n][1])] for n in nodes]))
    a = np.array([index[e[0]] for e in edges])
    b = np.array([index[e[1]] for e in edges])
    dist, _ = _segment_distances(P, a, b)
    near = dist < _clearances(nodes, clearance)[None, :]
    return [(edges[i], nodes[j], float(dist[i, j])) for i, j in zip(*np.nonzero(near), strict=True)]


def _plot_pixels(X: np.ndarray) -> tuple[np.ndarray, float]:
    """Data positions (n x 2) -> pixels on the plot `network` draws (label_layout.to_pixels)."""
    px, scale = label_layout.to_pixels([(float(x), float(y)) for x, y in X], *NETWORK_PLOT_PX, margin_px=NETWORK_EDGE_PX)
    return np.array(px, dtype=float), scale


def _segment_distances(P: np.ndarray, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(edges x points) distances of every point to each segment P[a] - P[b] (inf for the
    segment's own two ends), and the unit normals of the segments (edges x 2)."""
    A, AB = P[a], P[b] - P[a]
    length2 = np.maximum((AB**2).sum(axis=1), 1e-12)
    rel = P[None, :, :] - A[:, None, :]
    t = np.clip((rel * AB[:, None, :]).sum(axis=2) / length2[:, None], 0.0, 1.0)
    D = np.linalg.norm(rel - t[:, :, None] * AB[:, None, :], axis=2)
    rows = np.arange(len(a))
    D[rows, a] = np.inf
    D[rows, b] = np.inf
    normals = np.stack([-AB[:, 1], AB[:, 0]], axis=1) / np.sqrt(length2)[:, None]
    return D, normals


def clear_edges(pos: dict, edges: list[tuple], clearance: dict | float, rounds: int = 40) -> dict:
    """Positions with nodes moved off the lines of the edges they are not an end of.

    Each round, a node within its `clearance` of such a line (`edge_node_conflicts`) steps
    away from it at right angles, to its clearance plus a pixel, and the line's two ends
    step a quarter of that the other way (a node hemmed in between two lines is not only
    pushed from one onto the other). The distances are taken on the plot as drawn (the
    equal-scale fit of NETWORK_PLOT_PX), so a clearance means the same on every graph. The
    rounds stop when no node is too near a line, and the positions with the fewest such
    nodes are returned: a graph too dense to clear keeps the layout it had (graphs past
    CLEAR_MAX_PAIRS are not tried). Deterministic."""
    nodes = list(pos)
    index = {n: i for i, n in enumerate(nodes)}
    pairs = [(index[e[0]], index[e[1]]) for e in edges if e[0] in index and e[1] in index and e[0] != e[1]]
    if len(nodes) < 3 or not pairs or len(pairs) * len(nodes) > CLEAR_MAX_PAIRS:
        return pos
    a, b = (np.array(v) for v in zip(*pairs, strict=True))
    c = _clearances(nodes, clearance)
    X = start = np.array([[float(pos[n][0]), float(pos[n][1])] for n in nodes])
    best, best_n = X, None
    for _ in range(rounds + 1):
        P, scale = _plot_pixels(X)
        dist, normals = _segment_distances(P, a, b)
        ei, nj = np.nonzero(dist < c[None, :])
        if best_n is None or len(ei) < best_n:
            best, best_n = X, len(ei)
        if not len(ei):
            break
        side = ((P[nj] - P[a[ei]]) * normals[ei]).sum(axis=1)
        sign = np.where(side >= 0, 1.0, -1.0)  # exactly on the line: the left of a -> b
        push = ((c[nj] + 1.0 - dist[ei, nj]) / scale * sign)[:, None] * normals[ei]
        step = np.zeros_like(X)
        np.add.at(step, nj, push)
        np.add.at(step, a[ei], -push / 4)
        np.add.at(step, b[ei], -push / 4)
        X = X + step
    if best is start:
        return pos
    return {n: (float(x), float(y)) for n, (x, y) in zip(nodes, best, strict=True)}


def edge_width(weight: float) -> float:
    """Line width of an edge backed by `weight` sentences: grows with the square root, so a
    weight-14 edge is clearly thicker than a weight-1 edge without hiding the graph."""
    import math

    return round(1.0 + 1.5 * math.sqrt(max(float(weight), 1.0)), 1)


def network(G, pos: dict | None = None, selected: str | None = None, communities: dict | None = None) -> go.Figure:  # noqa: ANN001 - a networkx DiGraph
    """The actor graph as plotly traces: node size by mentions (node attribute `n_mentions`),
    edge width by weight (`edge_width`), one colour per event type with an arrowhead near
    the target (none for joint acts, which have no direction), co-mentions grey and dashed;
    with `communities` (actor -> community number) nodes are coloured by community. Node
    ids ride in customdata so a click selects an actor. `pos` (from `layout`) lets a
    caller cache positions."""
    import math

    from storylens.network.graph import is_undirected

    fig = go.Figure()
    if G.number_of_nodes() == 0:
        fig.update_layout(title="No edges match the filters", height=300)
        return fig
    pos = pos if pos is not None and all(n in pos for n in G.nodes) else layout(G)
    by_type: dict[str, list[tuple[str, str, dict]]] = {}
    for s, t, a in G.edges(data=True):
        types = a.get("event_types") or {}
        key = "co-mention" if a.get("kind") == "co-mention" else (max(types, key=types.get) if types else "other")
        by_type.setdefault(key, []).append((s, t, a))
    for etype, edges in sorted(by_type.items()):
        co = etype == "co-mention"
        colour = palette.event_colour(etype)
        by_width: dict[float, list[tuple[str, str, dict]]] = {}
        for e in edges:
            by_width.setdefault(1.0 if co else edge_width(e[2].get("weight", 1)), []).append(e)
        ax, ay, angles, hover, mx, my, mhover = [], [], [], [], [], [], []
        for j, (width, group) in enumerate(sorted(by_width.items())):
            xs, ys = [], []
            for s, t, a in group:
                (x0, y0), (x1, y1) = pos[s], pos[t]
                xs += [x0, x1, None]
                ys += [y0, y1, None]
                if co:
                    continue
                label = f"{G.nodes[s].get('name', s)} {'—' if is_undirected(a) else '→'} {G.nodes[t].get('name', t)} (weight {a.get('weight', 1)})"
                if is_undirected(a):
                    mx.append((x0 + x1) / 2)
                    my.append((y0 + y1) / 2)
                    mhover.append(label)
                else:
                    ax.append(x0 + 0.8 * (x1 - x0))
                    ay.append(y0 + 0.8 * (y1 - y0))
                    angles.append(math.degrees(math.atan2(x1 - x0, y1 - y0)))
                    hover.append(label)
            fig.add_trace(
                go.Scatter(
                    x=xs,
                    y=ys,
                    mode="lines",
                    line=dict(color=colour, width=width, dash="dot" if co else "solid"),
                    name=etype,
                    legendgroup=etype,
                    showlegend=j == 0,
                    hoverinfo="skip",
                )
            )
        if ax:
            fig.add_trace(
                go.Scatter(
                    x=ax,
                    y=ay,
                    mode="markers",
                    marker=dict(symbol="arrow", size=11, angle=angles, color=colour),
                    legendgroup=etype,
                    showlegend=False,
                    text=hover,
                    hoverinfo="text",
                )
            )
        if mx:
            fig.add_trace(
                go.Scatter(
                    x=mx,
                    y=my,
                    mode="markers",
                    marker=dict(symbol="circle", size=7, color=colour),
                    legendgroup=etype,
                    showlegend=False,
                    text=mhover,
                    hoverinfo="text",
                )
            )
    nodes = list(G.nodes)
    mentions = [float(G.nodes[n].get("n_mentions") or 1) for n in nodes]
    sizes = [node_size_px(m) for m in mentions]
    label_texts = [str(G.nodes[n].get("name", n)) for n in nodes]
    marker_sizes = [s + 6 if n == selected else s for n, s in zip(nodes, sizes)]  # the selected node drawn larger
    positions, ranges = _node_label_positions(G, nodes, pos, marker_sizes, label_texts)
    if communities:
        colours = [palette.community_colour(communities[n]) if n in communities else palette.UNKNOWN for n in nodes]
        legend = {f"community {c}": palette.community_colour(c) for c in sorted({communities[n] for n in nodes if n in communities})}
    else:
        kinds = [str(G.nodes[n].get("kind") or "other") for n in nodes]
        colours = [palette.actor_kind_colour(k) for k in kinds]
        legend = {k: palette.actor_kind_colour(k) for k in sorted(set(kinds))}
    # Legend-only entries for the node colours (one point trace keeps clicks and tests simple).
    for label, colour in legend.items():
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", marker=dict(size=12, color=colour), name=label, legendgroup="nodes", showlegend=True))
    fig.add_trace(
        go.Scatter(
            x=[pos[n][0] for n in nodes],
            y=[pos[n][1] for n in nodes],
            mode="markers+text",
            text=label_texts,
            textposition=positions,
            customdata=[[n, int(m)] for n, m in zip(nodes, mentions)],
            marker=dict(
                size=marker_sizes,
                color=colours,
                line=dict(
                    width=[3 if n == selected else 1 for n in nodes],
                    color=[palette.SELECTED_OUTLINE if n == selected else "white" for n in nodes],
                ),
            ),
            hovertemplate="%{text}<br>%{customdata[1]} mention(s)<extra>actor</extra>",
            name="actors",
            showlegend=False,
        )
    )
    fig.update_layout(
        height=620,
        margin=dict(l=10, r=10, t=30, b=10),
        legend=dict(orientation="h", y=1.02, yanchor="bottom", title=f"lines: event type · dots: {'community' if communities else 'actor kind'}"),
        clickmode="event+select",
        dragmode="pan",
    )
    fig.update_xaxes(visible=False, range=ranges[0])
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1, range=ranges[1])
    return fig


NETWORK_PLOT_PX = (860.0, 520.0)
"""The network's plot area in pixels on a 1400 px wide window (the figure is 620 px high,
less margins and the legend): label placement works in these pixels; with the equal x/y
scale the tighter direction (usually the height) sets the scale, so a wider window changes
little."""

NETWORK_EDGE_PX = 40.0
"""Room kept round the outermost nodes for their labels, in pixels."""


def _node_label_positions(G, nodes: list, pos: dict, sizes: list[float], texts: list[str]) -> tuple[list[str], tuple[list[float], list[float]]]:  # noqa: ANN001
    """Where each node's name goes (app.label_layout.place_node_labels) and the axis ranges
    that keep the outermost names inside the plot."""
    points = [(float(pos[n][0]), float(pos[n][1])) for n in nodes]
    px, scale = label_layout.to_pixels(points, *NETWORK_PLOT_PX, margin_px=NETWORK_EDGE_PX)
    at = dict(zip(nodes, px, strict=True))
    segments = [(*at[s], *at[t]) for s, t in G.edges() if s in at and t in at and s != t]
    positions = label_layout.place_node_labels(px, [s / 2 for s in sizes], [label_layout.label_width(t) for t in texts], segments)
    pad = NETWORK_EDGE_PX / scale
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return positions, ([min(xs) - pad, max(xs) + pad], [min(ys) - pad, max(ys) + pad])
