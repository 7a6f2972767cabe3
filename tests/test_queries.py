"""app.queries and the SQL loaders of app.data: the rows pages get from DuckDB are the rows the
whole-table pandas code computed, and a rebuild is seen through the per-query cache."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from app import data, network_data, queries
from storylens import store

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture()
def build(open_sample_copy: Path) -> Path:
    return open_sample_copy


def _edges_of(G) -> dict:
    return {(s, t): (a["kind"], a["weight"], dict(a["event_types"]), dict(a["certainties"]), dict(a["rules"])) for s, t, a in G.edges(data=True)}


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"include_co_mentions": True},
        {"certainties": ["reported"], "include_co_mentions": True},
        {"event_types": ["statement"]},
        {"date_range": ("2024-01-04", "2024-01-05")},
    ],
)
def test_graph_from_sql_counts_equals_graph_from_rows(build: Path, filters: dict) -> None:
    t = store.load(build)
    edges, _ = network_data.edge_rows(t)
    want = network_data.graph_for(edges, t["actors"], top_n=60, **filters)
    got = network_data.graph_from_counts(data.edge_counts(**filters), queries.actors(), top_n=60)
    assert want.number_of_edges() > 0 or filters.get("date_range") or filters.get("event_types")
    assert _edges_of(got) == _edges_of(want)
    assert {n: got.nodes[n]["name"] for n in got} == {n: want.nodes[n]["name"] for n in want}


def test_evidence_lists_the_rows_behind_the_drawn_edges(build: Path) -> None:
    t = store.load(build)
    G = network_data.graph_from_counts(data.edge_counts(include_co_mentions=True), queries.actors())
    pairs = [(s, d, a["kind"]) for s, d, a in G.edges(data=True)]
    rows, n = data.edge_evidence(pairs, 5, include_co_mentions=True)
    assert n == sum(a["weight"] for _, _, a in G.edges(data=True)) and len(rows) == min(5, n)
    sents = t["sentences"].set_index(["article_id", "sentence_id"])["text"]
    assert all(r.sentence == sents[(r.article_id, r.sentence_id)] for r in rows.itertuples())


def test_for_articles_holds_exactly_the_chosen_articles_rows(build: Path) -> None:
    t = store.load(build)
    one = str(t["articles"]["article_id"].iloc[0])
    got = queries.for_articles([one], with_labels=True)
    for name in queries.ARTICLE_TABLES:
        want = t[name][t[name]["article_id"] == one].reset_index(drop=True)
        pd.testing.assert_frame_equal(got[name].reset_index(drop=True), want, check_dtype=False)
    assert len(got["actors"]) == len(t["actors"])
    claims = t["claims"][t["claims"]["claim_id"].isin(set(got["claim_sentences"]["claim_id"]))]
    assert not claims.empty and sorted(got["claims"]["claim_id"]) == sorted(claims["claim_id"])
    assert set(got["labels"]["outlet"]) <= set(t["articles"].loc[t["articles"]["article_id"] == one, "outlet"])


def test_story_rows_and_timeline_are_the_story_s(build: Path) -> None:
    t = store.load(build)
    story = str(t["articles"]["story_id"].dropna().iloc[0])
    ids = set(t["articles"].loc[t["articles"]["story_id"] == story, "article_id"])
    rows = data.timeline_rows(story)
    assert not rows.empty and set(rows["article_id"]) <= ids
    from app.timeline_data import timeline_rows

    everything = timeline_rows(t)
    assert len(rows) == int(everything["article_id"].isin(ids).sum())


def test_a_rebuild_is_seen_through_the_query_cache(build: Path) -> None:
    before = int(queries.sql("SELECT count(*) AS n FROM {articles}")["n"].iloc[0])
    arts = store.read_table(build, "articles")
    store.write_tables({**store.load(build), "articles": arts.iloc[:1]}, build, {**store.read_build_info(build), "built_at": "later"})
    after = int(queries.sql("SELECT count(*) AS n FROM {articles}")["n"].iloc[0])
    assert (before, after) == (len(arts), 1)


def test_a_missing_table_gives_an_empty_answer(build: Path) -> None:
    (build / "labels.parquet").unlink()
    info = json.loads((build / store.BUILD_INFO).read_text())
    (build / store.BUILD_INFO).write_text(json.dumps({**info, "note": "labels removed"}))
    assert queries.sql("SELECT * FROM {labels}").empty and not queries.has_table("labels")
    assert list(queries.table("labels", ["actor_id", "label"]).columns) == ["actor_id", "label"]


def test_the_connection_is_bounded() -> None:
    con = queries._connection()
    limit = con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    threads = con.execute("SELECT current_setting('threads')").fetchone()[0]
    assert limit.replace(" ", "").upper().startswith(("256MB", "244.1MIB", "244.1MB")) and int(threads) == queries.THREADS


def test_a_shared_answer_is_not_changed_by_a_caller_that_writes_into_it(build: Path) -> None:
    # One frame per server process (st.cache_resource), a shallow copy per caller: pandas'
    # copy-on-write keeps one visitor's writes out of every other visitor's rows.
    first = queries.table("articles", columns=["article_id", "outlet"])
    first["outlet"] = "changed"
    first.loc[first.index[0], "article_id"] = "x"
    first["extra"] = 1
    again = queries.table("articles", columns=["article_id", "outlet"])
    assert "extra" not in again.columns
    assert "changed" not in set(again["outlet"]) and "x" not in set(again["article_id"])
    assert again is not first


def test_the_build_stamp_changes_with_every_swapped_in_build_and_only_then(build: Path) -> None:
    stamp = data.build_id(build)
    assert data.build_id(build) == stamp  # asked for on every query: stable while nothing changes
    store.write_tables(store.load(build), build, store.read_build_info(build))  # the same content, a new build
    assert data.build_id(build) != stamp
    assert data.build_id(build / "missing") == "empty"
