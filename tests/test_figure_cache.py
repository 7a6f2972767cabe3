"""app.figure_cache: one figure per (chart, build, key), rebuilt when the build changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import plotly.graph_objects as go
import pytest
import streamlit as st

from app.figure_cache import cached_figure
from storylens import store

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "processed"


@pytest.fixture()
def build(tmp_path: Path) -> Path:
    out = tmp_path / "processed"
    shutil.copytree(SAMPLE, out, ignore=shutil.ignore_patterns("cache"))
    st.session_state["data_dir"] = str(out)
    yield out
    st.session_state.pop("data_dir", None)


def test_one_drawing_per_key_and_a_new_one_after_a_rebuild(build: Path) -> None:
    calls: list[str] = []

    def draw(title: str) -> go.Figure:
        calls.append(title)
        return go.Figure(layout={"title": title})

    a = cached_figure("t", ("story-1", None), lambda: draw("a"))
    assert cached_figure("t", ("story-1", None), lambda: draw("a")) is a
    b = cached_figure("t", ("story-2", None), lambda: draw("b"))  # another key: another drawing
    assert b is not a and calls == ["a", "b"]
    store.write_tables(store.load(build), build, store.read_build_info(build))
    assert cached_figure("t", ("story-1", None), lambda: draw("a")) is not a  # the new build is drawn again
    assert calls == ["a", "b", "a"]
