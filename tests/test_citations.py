"""Citations: whom each outlet relies on, on the two seed articles and on BASIL's quote speakers."""

from __future__ import annotations

import pandas as pd
import pytest

from storylens.compare.citations import CITATIONS, extract_citations
from storylens.compare.source_kinds import kind_of


@pytest.fixture(scope="module")
def seed_citations(seeds_build) -> pd.DataFrame:
    _out, t = seeds_build
    return extract_citations(t["quotes"], t["mentions"], t["sentences"], t["articles"], t["actors"])


def _one(c: pd.DataFrame, outlet: str, name: str) -> pd.DataFrame:
    rows = c[(c["outlet"] == outlet) & (c["cited_name"].str.contains(name, regex=False))]
    assert not rows.empty, f"{name} not cited by {outlet}: {c[c['outlet'] == outlet][['cited_name', 'cue']].values.tolist()}"
    return rows


def test_schema_and_one_row_per_source_and_sentence(seed_citations: pd.DataFrame) -> None:
    c = seed_citations
    assert list(c.columns) == CITATIONS.names
    key = c["cited_actor_id"].fillna(c["cited_text"].str.lower())
    assert not pd.DataFrame({"a": c["article_id"], "k": key, "s": c["sentence_id"]}).duplicated().any()
    assert c["cited_kind"].isin(["official", "media", "document", "intelligence", "anonymous", "expert", "person", "organization"]).all()


def test_spans_point_at_the_source(seed_citations: pd.DataFrame, seeds_build) -> None:
    _out, t = seeds_build
    text = dict(zip(t["articles"]["article_id"], t["articles"]["text"], strict=True))
    for r in seed_citations.dropna(subset=["start"]).itertuples():
        assert text[r.article_id][r.start : r.end] == r.cited_text
        assert text[r.article_id][r.cue_start : r.cue_end].lower() == r.cue.lower()


def test_newsweek_sources(seed_citations: pd.DataFrame) -> None:
    c = seed_citations
    shapps = _one(c, "Newsweek", "Shapps")
    assert set(shapps["cited_kind"]) == {"official"}
    kirby = _one(c, "Newsweek", "Kirby")
    assert set(kirby["cited_kind"]) == {"official"}
    assert kirby["cue"].str.contains("told").any() and kirby["cue"].str.lower().str.contains("according to").any()
    bbc = _one(c, "Newsweek", "BBC")
    assert bbc["cited_kind"].tolist() == ["media"] and bbc["cue"].iloc[0] == "pointing to"
    intel = c[(c["outlet"] == "Newsweek") & (c["cited_kind"] == "intelligence")]
    assert intel["cited_text"].tolist() == ["U.S. intelligence"] and intel["cue"].str.lower().tolist() == ["according to"]
    reuters = _one(c, "Newsweek", "Reuters")
    assert reuters["cited_kind"].tolist() == ["media"] and reuters["cue"].tolist() == ["reported"]
    # A platform carries a statement, it is not its source; a warning issued is an event.
    assert not c["cited_name"].isin(["Twitter", "X", "Matthew Miller"]).any()


def test_rbc_sources(seed_citations: pd.DataFrame) -> None:
    c = seed_citations
    shapps = _one(c, "RBC-Ukraine", "Shapps")
    assert set(shapps["cited_kind"]) == {"official"}
    assert {"states", "wrote", "emphasized"} <= {cue.split()[-1] for cue in shapps["cue"]}
    wsj = _one(c, "RBC-Ukraine", "Wall Street Journal")
    assert wsj["cited_kind"].tolist() == ["media"] and wsj["cue"].tolist() == ["reported"]
    kirby = _one(c, "RBC-Ukraine", "Kirby")
    assert kirby["cue"].tolist() == ["reported"] and set(kirby["cited_kind"]) == {"official"}
    air = _one(c, "RBC-Ukraine", "Air Force")
    assert air["cited_kind"].tolist() == ["official"] and "confirm" in air["cue"].iloc[0]
    # "Britain condemned ..." is an act the article reports, not a source it relies on.
    assert "United Kingdom" not in set(c.loc[c["outlet"] == "RBC-Ukraine", "cited_name"])


@pytest.mark.parametrize(
    ("written", "actor", "descriptors", "expected"),
    [
        ("U.S. officials", {"kind": "country", "name": "United States"}, [], "anonymous"),
        ("a source familiar with the talks", None, [], "anonymous"),
        ("U.S. intelligence", {"kind": "country", "name": "United States"}, [], "intelligence"),
        ("a BBC report", {"kind": "media", "name": "BBC"}, [], "media"),
        ("a statement", None, [], "document"),
        ("Jane Roe", {"kind": "person", "name": "Jane Roe"}, ["political analyst"], "expert"),
        ("Jane Roe", {"kind": "person", "name": "Jane Roe"}, ["Foreign Minister"], "official"),
        ("Jane Roe", {"kind": "person", "name": "Jane Roe"}, [], "person"),
        ("the Ministry of Defence", {"kind": "organization", "name": "Ministry of Defence"}, [], "official"),
        ("Amnesty International", {"kind": "organization", "name": "Amnesty International"}, [], "organization"),
    ],
)
def test_kind_of(written: str, actor: dict | None, descriptors: list[str], expected: str) -> None:
    assert kind_of(written, actor, descriptors) == expected


def test_basil_speaker_floor(shared_dir) -> None:
    """Re-computes benchmarks/citations_basil.py on its first 30 triplets (90 articles, ~25 s).
    Measured 2026-11-23: recall 0.848 (39/46), attribution precision 0.575 (23/40)."""
    from benchmarks.citations_basil import gold_quotes, load_basil, run_tables, score

    root = shared_dir / "benchmarks" / "basil"
    articles = load_basil(root, 30)
    t = run_tables(articles)
    cites = extract_citations(t["quotes"], t["mentions"], t["sentences"], articles, t["actors"])
    s = score(cites, t["quotes"], gold_quotes(root, articles), t["actors"])
    assert s["recall"] >= 0.80, s
    assert s["precision"] >= 0.52, s


def test_media_are_sources_only_where_they_report(seed_citations: pd.DataFrame) -> None:
    """A news outlet is cited under report cues ("Reuters reported", "a BBC report"), never
    for a stance ("the BBC denied", "Reuters warned")."""
    from storylens.compare.citations import _media_reports

    media = seed_citations[seed_citations["cited_kind"] == "media"]
    assert not media.empty
    assert all(_media_reports(f"{cue} {txt}") for cue, txt in zip(media["cue"], media["cited_text"]))
    assert _media_reports("has not confirmed") and _media_reports("according to")
    assert not _media_reports("denied") and not _media_reports("warned") and not _media_reports("condemned")
