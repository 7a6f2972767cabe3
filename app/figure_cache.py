"""One built Plotly figure per server process for the same build, view and filters.

Why: building a figure through `plotly.graph_objects` validates every property on the way in,
and the Timeline's event chart was the largest piece of a page run left after the data
caches (py-spy on the sample, issue 15): 20 visitors opening the same story drew the same
chart 20 times. A figure depends only on the build (its stamp) and on what the page passes
as `key` (the story, the filters, the selected point), so one copy per key is shared by every
session. Streamlit's `st.plotly_chart` only reads the figure it is given (it converts a copy
to JSON), so sharing it between sessions is safe. Entries are bounded in number and time.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

import plotly.graph_objects as go
import streamlit as st

from app import data


@st.cache_resource(show_spinner=False, max_entries=128, ttl=3600)
def _figure(name: str, folder: str, stamp: str, key: Hashable, _build: Callable[[], go.Figure]) -> go.Figure:
    return _build()  # `_build` is not hashed (leading underscore): `key` stands for everything it reads


def cached_figure(name: str, key: Hashable, build: Callable[[], go.Figure]) -> go.Figure:
    """`build()` once per (chart `name`, open build, `key`); `key` must hold every input of `build`
    that is not fixed by the build itself (story, filters, selection)."""
    folder = data.data_dir()
    return _figure(name, str(folder), data.build_id(folder), key, build)
