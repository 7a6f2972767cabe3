"""Actor network: who acts on whom, filterable, each edge backed by its sentences."""

import datetime as dt

import streamlit as st

from app import charts, data, editing, frames, network_data, queries, stories, ui, urlstate, workspace
from storylens.network.graph import ego_network, graph_measures

# Sentences listed under the graph: enough to read, bounded on a corpus of 100,000 articles.
EVIDENCE_ROWS = 1000

st.title("Actor network")
actors = queries.actors()
opts = data.edge_options()
if not opts["n_rows"]:
    ui.missing("interactions", "no actor pairs to draw (neither interactions nor two resolved actors in one sentence).")
    st.stop()
names = dict(zip(actors["actor_id"].astype(str), actors["name"].astype(str))) if not actors.empty else {}
has_interactions = opts["has_interactions"]
story = stories.picker()
if not has_interactions:
    st.warning(
        "The `interactions` table is missing or empty in this build: the only edges are **co-mentions** (two actors named in one sentence), which claim no direction or action."
    )

with st.sidebar:
    st.header("Filters")
    outlets = st.multiselect("Outlets", opts["outlets"], key="net_outlets", bind="query-params")
    types = st.multiselect("Event types", opts["event_types"], key="net_types", bind="query-params")
    certs = st.multiselect("Certainty", opts["certainties"], key="net_certainty", bind="query-params")
    co = st.toggle(
        "Show co-mentions",
        value=not has_interactions,
        key="net_co",
        bind="query-params",
        help="Pairs named in one sentence without a parsed interaction: weaker evidence.",
    )
    min_w = st.slider("Minimum edge weight (sentences)", 1, 10, 1, key="net_minw", bind="query-params")
    top_n = st.slider("Top actors by weight", 5, 300, 60, step=5, key="net_top", bind="query-params")
    use_dates = st.toggle("Filter by event date", value=False, key="net_use_dates", bind="query-params", help="Drops edges whose event has no resolved date.")
    date_range = None
    if use_dates:
        lo = opts["lo"] or dt.date(2000, 1, 1)
        hi = opts["hi"] or dt.date.today()
        dr = st.date_input("Event dates", value=(lo, hi), key="net_dates", bind="query-params")
        date_range = (dr[0], dr[1]) if isinstance(dr, tuple | list) and len(dr) == 2 else None

filters = dict(outlets=outlets or None, event_types=types or None, certainties=certs or None, include_co_mentions=co, date_range=date_range, story=story)
counts = data.edge_counts(**filters)
if story is not None and counts.empty:
    st.info("No actor pair in this story's articles. Choose another story or all stories.")
    st.stop()
G = network_data.graph_from_counts(counts, actors, top_n=top_n, min_weight=min_w)
mentions = dict(zip(actors["actor_id"], actors["n_mentions"])) if not actors.empty else {}
for n in G.nodes:
    G.nodes[n]["n_mentions"] = mentions.get(n, 1)


@st.cache_data(show_spinner=False, max_entries=32)
def _layout(edge_key: tuple, size_key: tuple) -> dict:
    """Positions depend only on the drawn edges and node sizes (lines are kept off other
    nodes by their drawn radius): a click or an unrelated widget reuses them."""
    import networkx as nx

    H = nx.Graph()
    H.add_nodes_from((n, {"n_mentions": m}) for n, m in size_key)
    H.add_weighted_edges_from(edge_key)
    return {n: tuple(p) for n, p in charts.layout(H).items()}


choices = sorted(G.nodes, key=lambda a: names.get(a, a))


def _pick_from_chart() -> None:
    """A click on a node makes it the chosen actor (the selectbox shows it)."""
    sel = st.session_state.get("net_chart") or {}
    for p in sel.get("selection", {}).get("points", []):
        cd = p.get("customdata")
        if isinstance(cd, list) and cd and cd[0] in names:
            urlstate.select("net_actor", set_value=cd[0])
            return


urlstate.seed("net_actor", choices)
picked = st.selectbox(
    "Actor (or click a node) for its ego network",
    choices,
    format_func=lambda a: names.get(a, a),
    key="net_actor",
    on_change=urlstate.writer("net_actor"),
    placeholder="All actors",
)
view = ego_network(G, picked) if picked else G
measures = graph_measures(view)
by_community = st.toggle(
    "Colour actors by community",
    value=False,
    key="net_community",
    bind="query-params",
    help="Groups of actors more linked to each other than to the rest (Louvain).",
)
st.caption(
    f"{view.number_of_nodes()} actors, {view.number_of_edges()} edges · node size = mentions · line width = weight (sentences) · arrow = direction "
    f"(a dot: a joint act, no direction) · line colour = event type{' · node colour = community' if by_community else ''} · dotted grey = co-mention"
)
st.plotly_chart(
    charts.network(
        view,
        pos=_layout(
            tuple(sorted((s, d, a["weight"]) for s, d, a in view.edges(data=True))), tuple(sorted((n, view.nodes[n].get("n_mentions", 1)) for n in view.nodes))
        ),
        selected=picked,
        communities=dict(zip(measures["actor_id"], measures["community"])) if by_community else None,
    ),
    key="net_chart",
    on_select=_pick_from_chart,
    selection_mode="points",
)

if picked:
    row = actors[actors["actor_id"] == picked]
    if not row.empty:
        r = row.iloc[0]
        aliases = [str(a) for a in r["aliases"]] if frames.is_seq(r["aliases"]) else []
        st.subheader(str(r["name"]))
        st.write(f"{r['kind']} · {r['n_mentions']} mentions in {r['n_articles']} article(s)")
        st.text("Aliases: " + ("; ".join(aliases) or "none"))
    st.markdown("**How each outlet names this actor**")
    ui.table(network_data.actor_labels({"labels": queries.actor_labels(picked).assign(actor_id=picked)}, picked), key="net_labels", file_name="actor_labels")

editing.actor_panel({"actors": actors}, key="net_correct", focus=[picked] if picked else [])

st.subheader("Most central actors")
st.caption(
    "Degree: distinct actors linked in either direction · betweenness: share of shortest paths between other actors that pass through this one · community: numbered by size."
)
ui.table(network_data.central_actors(measures), key="net_central", file_name="central_actors")

st.subheader("Edges")
ui.table(network_data.edge_table(view, names).drop(columns=["source_actor_id", "target_actor_id"]), key="net_edges", file_name="edges")
st.subheader("Evidence sentences")
rows, n_rows = data.edge_evidence([(s, d, a.get("kind", "interaction")) for s, d, a in view.edges(data=True)], EVIDENCE_ROWS, **filters)
if n_rows > len(rows):
    st.caption(f"The first {len(rows):,} of {n_rows:,} sentences behind these edges (pick an actor or narrow the filters to see the others).")
ev = frames.with_links(network_data.evidence_rows(rows, names), corpus=workspace.link_params())
ui.table(ev, key="net_evidence", file_name="edge_evidence", column_config={"open": ui.LINK_COLUMN})
