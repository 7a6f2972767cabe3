"""Shared test fixtures.

`../shared` (the benchmark corpora and the seed corpus) sits beside the repository in CI
and on developers' machines, but not in a user's fresh clone: tests that read it use the
`shared_dir` fixture, which skips with a clear reason when it is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.data_paths import REPO, SHARED  # ../shared, the one definition the benchmarks use too


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} not found: benchmark corpora live beside the repository in CI only")
    return SHARED


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The two seed articles; bundled under data/raw, so always present."""
    return REPO / "data" / "raw"


@pytest.fixture(scope="session")
def nlp():
    from storylens.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory: pytest.TempPathFactory):
    """The bundled sample (data/raw) built from scratch once per test session: (out_dir, tables)."""
    import storylens

    out = tmp_path_factory.mktemp("seeds") / "processed"
    tables = storylens.build([REPO / "data" / "raw"], out, corrections=REPO / "data" / "corrections.yaml")
    return out, tables


@pytest.fixture()
def open_sample_copy(tmp_path: Path):
    """A private copy of the committed sample build, opened as the dashboard's build (the
    session's `data_dir`) for app-side tests that may rewrite it; closed afterwards."""
    import shutil

    import streamlit as st

    out = tmp_path / "processed"
    shutil.copytree(REPO / "data" / "processed", out, ignore=shutil.ignore_patterns("cache"))
    st.session_state["data_dir"] = str(out)
    yield out
    st.session_state.pop("data_dir", None)
