"""Streamlit-side loaders: read a build's tables once per build, share them across pages and sessions.

Why cache by build id: the tables only change when a build swaps in a new folder, so
the build's own stamp (written in build_info.json) is the cache key. A rebuild changes
the stamp, and every page sees the new tables on its next run without a server restart.

Why `st.cache_resource`, not `st.cache_data`: cache_data hands every rerun a fresh
unpickled copy of what it holds (all tables, every rerun of every session: the largest
fixed cost of a page run, and memory that grows with concurrent sessions). The tables
and the per-build views derived from them are read-only, so one copy per server process
is shared by every session; pages filter them (a new frame) and never assign into them.
Entries are bounded (a few builds) and expire, so switching corpora does not pile up.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import streamlit as st

from storylens import store

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
    """A stamp that changes whenever a new build is swapped into `folder`."""
    info = folder / store.BUILD_INFO
    if not info.exists():
        return "empty"
    return hashlib.sha1(info.read_bytes()).hexdigest()[:12]


SHARED = dict(show_spinner=False, max_entries=4, ttl=3600)


@st.cache_resource(**SHARED)
def _load(folder: str, stamp: str) -> dict[str, pd.DataFrame]:
    return store.load(folder)


@st.cache_data(show_spinner=False, max_entries=8)
def _info(folder: str, stamp: str) -> dict:
    return store.read_build_info(folder)


def tables() -> dict[str, pd.DataFrame]:
    folder = data_dir()
    return _load(str(folder), build_id(folder))


def build_info() -> dict:
    folder = data_dir()
    return _info(str(folder), build_id(folder))


def info_json(info: dict) -> str:
    return json.dumps(info, indent=2, sort_keys=True, default=str)


@st.cache_resource(**SHARED)
def _parquet_zip(folder: str, stamp: str) -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in sorted(Path(folder).glob("*.parquet")) + [Path(folder) / store.BUILD_INFO]:
            if p.exists():
                zf.write(p, p.name)
    return buf.getvalue()


def parquet_zip() -> bytes:
    """The whole build (every Parquet table + build_info.json) as one zip, cached by build id."""
    folder = data_dir()
    return _parquet_zip(str(folder), build_id(folder))


@st.cache_resource(**SHARED)
def _timeline(folder: str, stamp: str) -> pd.DataFrame:
    from app.timeline_data import timeline_rows

    return timeline_rows(_load(folder, stamp))


@st.cache_resource(**SHARED)
def _edges(folder: str, stamp: str) -> tuple[pd.DataFrame, bool]:
    from app.network_data import edge_rows

    return edge_rows(_load(folder, stamp))


def timeline_rows() -> pd.DataFrame:
    """app.timeline_data.timeline_rows of the current build, computed once per build."""
    folder = data_dir()
    return _timeline(str(folder), build_id(folder))


def edge_rows() -> tuple[pd.DataFrame, bool]:
    """app.network_data.edge_rows of the current build, computed once per build."""
    folder = data_dir()
    return _edges(str(folder), build_id(folder))


@st.cache_resource(**SHARED)
def _overview_figures(folder: str, stamp: str) -> dict[str, object]:
    from app import charts

    t = _load(folder, stamp)
    arts, actors = t.get("articles"), t.get("actors")
    figs: dict[str, object] = {}
    if arts is not None and not arts.empty:
        figs["outlets"] = charts.articles_per_outlet(arts)
        figs["coverage"] = charts.coverage_over_time(arts)
    if actors is not None and not actors.empty and (~actors["is_meta"].fillna(False)).any():
        figs["actors"] = charts.top_actors(actors)
    return figs


def overview_figures() -> dict[str, object]:
    """The Overview's charts of the current build ("outlets", "coverage", "actors"), built once
    per build: they depend on no widget, and building plotly figures was most of the page's CPU."""
    folder = data_dir()
    return _overview_figures(str(folder), build_id(folder))
