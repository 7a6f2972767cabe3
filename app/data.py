"""Streamlit-side loaders: the open build, its stamp, and the per-view rows pages show.

Why no whole tables: the rows come from `app.queries` (DuckDB over the Parquet files), asked
for per view — one story's timeline, the edges among the actors drawn, a page of the
article list — so the server's memory follows what is on screen, not the corpus size
(a 20,000-article build held whole cost 3.4 GB RSS).

Why cache by build id: a build only changes when a new folder is swapped in, so the build's
own stamp (the identity of its build_info.json, see `build_id`) is in every cache key. A rebuild changes the stamp,
and every page sees the new rows on its next run without a server restart.

Why `st.cache_resource` for the derived views: cache_data hands every rerun a fresh
unpickled copy; these views are read-only (pages filter them into new frames and never
assign into them), so one copy per server process is shared by every session. Entries are
bounded and expire, so visitors looking at many stories do not pile them up.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import streamlit as st

from app import queries
from storylens import store
from storylens.tables import ALL_TABLES

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO / "data" / "processed"


def data_dir() -> Path:
    """The build folder the dashboard shows: the open corpus's (`?corpus=<id>`, see app.workspace),
    the sample (STORYLENS_DATA, else data/processed) when none is open. A `data_dir` put into
    the session state (tests, notebooks driving the app) wins."""
    chosen = st.session_state.get("data_dir")
    if chosen:
        return Path(chosen)
    from app import workspace

    return Path(workspace.current().processed)


def build_id(folder: Path) -> str:
    """A stamp that changes whenever a new build is swapped into `folder`.

    Why the file's identity (inode, modification time in ns, size) and not a hash of its
    bytes: every query of every page run asks for the stamp, and opening and hashing the
    file was 8 % of the server's CPU per page run (py-spy, issue 15). A build is swapped in
    as a new folder, so its build_info.json is a new file (new inode); an edit in place
    rewrites it (new mtime). One `stat` answers both."""
    try:
        st_ = (folder / store.BUILD_INFO).stat()
    except OSError:
        return "empty"
    return f"{st_.st_ino:x}-{st_.st_mtime_ns:x}-{st_.st_size:x}"


SHARED = dict(show_spinner=False, max_entries=16, ttl=3600)


@st.cache_data(show_spinner=False, max_entries=8)
def _info(folder: str, stamp: str) -> dict:
    return store.read_build_info(folder)


def build_info() -> dict:
    folder = data_dir()
    return _info(str(folder), build_id(folder))


def info_json(info: dict) -> str:
    return json.dumps(info, indent=2, sort_keys=True, default=str)


def _zip_build(folder: str) -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(ALL_TABLES):
            for p in store.part_files(folder, name):
                zf.write(p, str(p.relative_to(folder)))
        info = Path(folder) / store.BUILD_INFO
        if info.exists():
            zf.write(info, info.name)
    return buf.getvalue()


def parquet_zip() -> bytes:
    """The whole build (every Parquet table + build_info.json) as one zip, made when the button
    is clicked and not kept: holding it would keep a copy of the build in the server."""
    return _zip_build(str(data_dir()))


@st.cache_resource(**SHARED)
def _story_tables(folder: str, stamp: str, story: str | None) -> dict[str, pd.DataFrame]:
    ids = story_article_ids(story, Path(folder))
    t = queries.for_articles(ids, folder=Path(folder))
    where, params = ("story_id IS NULL", []) if story is None else ("story_id = ?", [story])
    t["key_dates"] = queries.table("key_dates", where=where, params=params, folder=Path(folder))
    return t


def story_article_ids(story: str | None, folder: Path | None = None) -> list[str]:
    """The ids of one story's articles; every article of the build for None."""
    if story is None:
        df = queries.sql("SELECT article_id FROM {articles}", folder=folder)
    else:
        df = queries.sql("SELECT article_id FROM {articles} WHERE story_id = ?", [story], folder=folder)
    return [] if df.empty else df["article_id"].astype(str).tolist()


def story_tables(story: str | None) -> dict[str, pd.DataFrame]:
    """Every per-article table restricted to one story's articles (None: the whole build, for
    corpora small enough to show at once), with the story's key dates and the actors."""
    folder = data_dir()
    return _story_tables(str(folder), build_id(folder), story)


def article_tables(article_ids: list[str] | tuple[str, ...], with_labels: bool = False) -> dict[str, pd.DataFrame]:
    """Every per-article table restricted to the chosen articles, with the actors, their claims
    and (`with_labels`, for the naming grid) the labels their outlets use in them."""
    return queries.for_articles(list(article_ids), with_labels=with_labels)


@st.cache_resource(**SHARED)
def _timeline(folder: str, stamp: str, story: str | None) -> pd.DataFrame:
    from app.timeline_data import timeline_rows

    return timeline_rows(_story_tables(folder, stamp, story))


def timeline_rows(story: str | None = None) -> pd.DataFrame:
    """app.timeline_data.timeline_rows of one story (None: the whole build), once per build."""
    folder = data_dir()
    return _timeline(str(folder), build_id(folder), story)


@st.cache_resource(**SHARED)
def _compare_stories(folder: str, stamp: str) -> tuple[pd.DataFrame, pd.Series, dict[str, str]]:
    from app import compare_data, frames

    arts = compare_data.story_articles(
        {"articles": queries.article_list(["article_id", "outlet", "title", "published", "story_id", "status"], folder=Path(folder))}
    )
    sizes = arts.groupby("story_id").size().sort_values(ascending=False)
    first_title = arts.groupby("story_id")["title"].first()
    labels = frames.unique_labels({s: f"{first_title.get(s)} ({n} articles)" for s, n in sizes.items()})
    return arts, sizes, labels


def compare_stories() -> tuple[pd.DataFrame, pd.Series, dict[str, str]]:
    """(analysed articles with their story, articles per story largest first, story labels) for
    the Compare page's pickers, once per build: grouping every article on each rerun was most of
    the page's work on a large build."""
    folder = data_dir()
    return _compare_stories(str(folder), build_id(folder))


@st.cache_resource(**SHARED)
def _overview_figures(folder: str, stamp: str) -> dict[str, object]:
    from app import charts

    arts = queries.article_list(["outlet", "published"], folder=Path(folder))
    actors = queries.actors(Path(folder))
    figs: dict[str, object] = {}
    if not arts.empty:
        figs["outlets"] = charts.articles_per_outlet(arts)
        figs["coverage"] = charts.coverage_over_time(arts)
    if not actors.empty and (~actors["is_meta"].fillna(False)).any():
        figs["actors"] = charts.top_actors(actors)
    return figs


def overview_figures() -> dict[str, object]:
    """The Overview's charts of the current build ("outlets", "coverage", "actors"), built once
    per build from two article columns and the actors: they depend on no widget, and building
    plotly figures was most of the page's CPU."""
    folder = data_dir()
    return _overview_figures(str(folder), build_id(folder))


# --- the actor network: filtered and aggregated in SQL -------------------------------------

_EDGE_COLUMNS = "source_actor_id, target_actor_id, coalesce(edge_kind, 'interaction') AS edge_kind, edge_id, event_type, certainty, rule, predicate, outlet, date_start, article_id, sentence_id"


@st.cache_resource(**SHARED)
def _co_mention_rows(folder: str, stamp: str) -> pd.DataFrame:
    """A build without interactions: pairs of actors named in one sentence (weaker evidence)."""
    from storylens.network.co_mentions import co_mentions

    mentions = queries.table("mentions", ["mention_id", "article_id", "sentence_id", "start", "end", "actor_id", "is_meta", "text"], folder=Path(folder))
    edges = co_mentions(mentions[mentions["actor_id"].notna()])
    for c in ("edge_id", "event_type", "certainty", "rule", "predicate", "outlet", "date_start"):
        if c not in edges.columns:
            edges[c] = None
    return edges


def _edges_from(folder: Path) -> tuple[str, dict[str, pd.DataFrame]]:
    """The SQL source of edge rows (the interactions table, else co-mentions) with the outlet filled in."""
    if queries.has_table("interactions", folder) and not queries.sql("SELECT 1 FROM {interactions} LIMIT 1", folder=folder).empty:
        base, frames = "{interactions}", {}
    else:
        base, frames = "co_edges", {"co_edges": _co_mention_rows(str(folder), build_id(folder))}
    src = (
        f"(SELECT e.* EXCLUDE (outlet), coalesce(e.outlet, a.outlet, 'unknown') AS outlet FROM (SELECT {_EDGE_COLUMNS} FROM {base}) e "
        "LEFT JOIN (SELECT article_id, outlet FROM {articles}) a USING (article_id))"
    )
    return src, frames


def _edge_query(query: str, params: list, folder: Path) -> pd.DataFrame:
    src, frames = _edges_from(folder)
    text = query.replace("{edges}", src)
    if frames:  # a DataFrame source: per build, not per query (it is small: one build without interactions)
        return queries.run(folder, text, params, frames)
    return queries.sql(text, params, folder=folder)


def edge_options() -> dict[str, object]:
    """What the network's filters offer: outlets, event types, certainties, the event date range,
    and whether the build has real interactions (else only co-mentions)."""
    folder = data_dir()
    df = _edge_query(
        "SELECT outlet, edge_kind, event_type, certainty, min(date_start) AS lo, max(date_start) AS hi, count(*) AS n FROM {edges} GROUP BY ALL", [], folder
    )
    if df.empty:
        return {"outlets": [], "event_types": [], "certainties": [], "lo": None, "hi": None, "has_interactions": False, "n_rows": 0}
    inter = df[df["edge_kind"] == "interaction"]
    dates = [d for d in (*df["lo"].dropna(), *df["hi"].dropna())]
    return {
        "outlets": sorted(df["outlet"].dropna().astype(str).unique()),
        "event_types": sorted(inter["event_type"].dropna().astype(str).unique()),
        "certainties": sorted(inter["certainty"].dropna().astype(str).unique()),
        "lo": min(dates).date() if dates and hasattr(min(dates), "date") else (min(dates) if dates else None),
        "hi": max(dates).date() if dates and hasattr(max(dates), "date") else (max(dates) if dates else None),
        "has_interactions": not inter.empty,
        "n_rows": int(df["n"].sum()),
    }


def _edge_filter(outlets, event_types, certainties, include_co_mentions: bool, date_range, story: str | None = None) -> tuple[str, list]:
    """SQL of storylens.network.graph.filter_edges (same rules: type and certainty filters apply
    to interactions only; a date filter drops undated edges) plus build_graph's own row rule
    (both actors resolved and different)."""
    where = [
        "source_actor_id IS NOT NULL AND target_actor_id IS NOT NULL AND source_actor_id <> target_actor_id",
        "(edge_kind = 'interaction' OR (edge_kind = 'co-mention' AND ?))",
    ]
    params: list = [bool(include_co_mentions)]
    if date_range is not None:
        where.append("date_start IS NOT NULL AND (?::DATE IS NULL OR date_start >= ?::DATE) AND (?::DATE IS NULL OR date_start <= ?::DATE)")
        params += [date_range[0], date_range[0], date_range[1], date_range[1]]
    if story is not None:  # the story picker (app.stories): only that story's articles
        where.append("article_id IN (SELECT article_id FROM {articles} WHERE story_id = ?)")
        params.append(story)
    if outlets:
        where.append("outlet IN (SELECT unnest(?::VARCHAR[]))")
        params.append(sorted(outlets))
    if event_types:
        where.append("(edge_kind <> 'interaction' OR event_type IN (SELECT unnest(?::VARCHAR[])))")
        params.append(sorted(event_types))
    if certainties:
        where.append("(edge_kind <> 'interaction' OR certainty IN (SELECT unnest(?::VARCHAR[])))")
        params.append(sorted(certainties))
    return " AND ".join(where), params


def edge_counts(*, outlets=None, event_types=None, certainties=None, include_co_mentions=False, date_range=None, story=None) -> pd.DataFrame:
    """Filtered edge rows counted per (source, target, kind, event type, certainty, rule): what a
    graph edge's weight and its Counters are made of (network_data.graph_from_counts), a few
    rows per actor pair instead of one per sentence. Co-mention pairs come once, sorted."""
    where, params = _edge_filter(outlets, event_types, certainties, include_co_mentions, date_range, story)
    return _edge_query(
        "SELECT CASE WHEN edge_kind = 'co-mention' THEN least(source_actor_id, target_actor_id) ELSE source_actor_id END AS source_actor_id, "
        "CASE WHEN edge_kind = 'co-mention' THEN greatest(source_actor_id, target_actor_id) ELSE target_actor_id END AS target_actor_id, "
        f"edge_kind, event_type, certainty, rule, count(*) AS n FROM {{edges}} WHERE {where} GROUP BY ALL ORDER BY ALL",
        params,
        data_dir(),
    )


def edge_evidence(pairs: list[tuple[str, str, str]], limit: int, **filters) -> tuple[pd.DataFrame, int]:
    """(the first `limit` edge rows behind the drawn `pairs` (source, target, kind) with their
    sentence, how many rows there are in all)."""
    if not pairs:
        return pd.DataFrame(), 0
    where, params = _edge_filter(
        filters.get("outlets"), filters.get("event_types"), filters.get("certainties"), filters.get("include_co_mentions", False), filters.get("date_range"),
        filters.get("story"),
    )
    # Unordered pairs: a joint act ("met", "between") is folded into its pair's directed edge.
    keys = sorted({f"{min(s, t)}\x1f{max(s, t)}\x1f{k}" for s, t, k in pairs})
    pair_key = "least(source_actor_id, target_actor_id) || chr(31) || greatest(source_actor_id, target_actor_id) || chr(31) || edge_kind"
    chosen = f"SELECT * FROM {{edges}} WHERE {where} AND {pair_key} IN (SELECT unnest(?::VARCHAR[]))"
    n = _edge_query(f"SELECT count(*) AS n FROM ({chosen})", [*params, keys], data_dir())
    rows = _edge_query(
        f"SELECT r.*, s.text AS sentence FROM ({chosen}) r LEFT JOIN (SELECT article_id, sentence_id, text FROM {{sentences}}) s USING (article_id, sentence_id) "
        "ORDER BY r.source_actor_id, r.target_actor_id, r.article_id, r.sentence_id LIMIT ?",
        [*params, keys, int(limit)],
        data_dir(),
    )
    return rows, int(n["n"].iloc[0]) if not n.empty else 0
