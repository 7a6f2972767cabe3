"""The search index is written by the build, inside its atomic swap, and the Search page only opens it."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from streamlit.testing.v1 import AppTest

from storylens import store
from storylens.workspace import search

REPO = Path(__file__).resolve().parents[1]


def _indexed(path: Path) -> set[tuple[str, int]]:
    con = sqlite3.connect(path)
    try:
        return {(a, int(i)) for a, i in con.execute("SELECT article_id, sentence_id FROM sentences")}
    finally:
        con.close()


def _refuse(*args, **kwargs):
    raise AssertionError("the search index was built outside the build")


def test_build_writes_the_index_beside_its_tables(seeds_build, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out, tables = seeds_build
    own = out / search.INDEX_FILE
    assert own.is_file()
    sents = tables["sentences"]
    assert _indexed(own) == set(zip(sents["article_id"], sents["sentence_id"].astype(int)))
    monkeypatch.setattr(search, "_write_index", _refuse)
    ix = search.SearchIndex.for_build(out, tmp_path / "elsewhere")
    assert ix.path == own and not (tmp_path / "elsewhere").exists()
    assert set(ix.search("ballistic")["outlet"]) == {"Newsweek", "RBC-Ukraine"}


def test_search_page_opens_the_builds_index_and_never_builds_one(seeds_build, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "processed"
    shutil.copytree(seeds_build[0], out)
    monkeypatch.setattr(search, "_write_index", _refuse)
    monkeypatch.setenv("STORYLENS_CORPORA", str(tmp_path / "corpora"))
    at = AppTest.from_file(str(REPO / "pages" / "search.py"), default_timeout=60)
    at.session_state["data_dir"] = str(out)
    at.query_params["q"] = "ballistic"
    at.run()
    assert not at.exception, at.exception
    assert any("<mark>ballistic</mark>" in h.proto.body for h in at.get("html"))
    assert not (tmp_path / "corpora" / ".search").exists()


def test_a_build_without_its_index_still_gets_one_on_first_search(seeds_build, tmp_path: Path) -> None:
    """Builds written before the index moved into the build: made once, in the index folder."""
    out = tmp_path / "old"
    shutil.copytree(seeds_build[0], out)
    (out / search.INDEX_FILE).unlink()
    ix = search.SearchIndex.for_build(out, tmp_path / "ix")
    assert ix.path.parent == tmp_path / "ix" and not ix.search("ballistic").empty


def test_rebuild_reindexes_only_changed_articles(seeds_build, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The index of a rebuild equals a fresh one; the unchanged articles' rows are copied, not re-inserted."""
    prev = tmp_path / "prev"
    shutil.copytree(seeds_build[0], prev)
    arts = store.read_table(prev, "articles")
    changed = str(arts["article_id"].iloc[0])
    # The next build: the same tables, one article's analysis key changed (as if re-parsed).
    nxt = tmp_path / "next"
    nxt.mkdir()
    tables = store.load(prev)
    tables["articles"].loc[tables["articles"]["article_id"] == changed, "analysis_key"] = "changed"
    for name in tables:
        shutil.copy(prev / f"{name}.parquet", nxt / f"{name}.parquet")
    pq.write_table(store.to_arrow(tables["articles"], "articles"), nxt / "articles.parquet")
    inserted: list[str] = []
    real_fill = search._fill

    def counting_fill(con, build_dir, skip):
        inserted.extend(a for a in set(tables["sentences"]["article_id"]) if a not in skip)
        return real_fill(con, build_dir, skip)

    monkeypatch.setattr(search, "_fill", counting_fill)
    monkeypatch.setattr(search, "_write_index", _refuse)
    search.write_index(nxt, prev)
    assert inserted == [changed]
    sents = tables["sentences"]
    assert sorted(_indexed(nxt / search.INDEX_FILE)) == sorted(zip(sents["article_id"], sents["sentence_id"].astype(int)))
    hits = search.SearchIndex(nxt / search.INDEX_FILE).search("ballistic")
    assert set(hits["outlet"]) == {"Newsweek", "RBC-Ukraine"}
