"""Streamlit-side loaders: read a build's tables once per build, share them across pages and sessions.

Why cache by build id: the tables only change when a build swaps in a new folder, so
the build's own stamp (written in build_info.json) is the cache key. A rebuild changes
the stamp, and every page sees the new tables on its next run without a server restart.
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


@st.cache_data(show_spinner=False, max_entries=8)
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


@st.cache_data(show_spinner=False, max_entries=4)
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


@st.cache_data(show_spinner=False, max_entries=8)
def _timeline(folder: str, stamp: str) -> pd.DataFrame:
    from app.timeline_data import timeline_rows

    return timeline_rows(_load(folder, stamp))


@st.cache_data(show_spinner=False, max_entries=8)
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
