"""app.figure_cache: one figure per (chart, build, key), rebuilt when the build changes."""

from __future__ import annotations

from pathlib import Path

import plotly.graph_objects as go
import pytest

from app.figure_cache import cached_figure
from storylens import store


@pytest.fixture()
def build(open_sample_copy: Path) -> Path:
    return open_sample_copy


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
