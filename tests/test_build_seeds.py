"""The seeds, built end to end: what a researcher checks first."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[1]
NEWSWEEK, RBC = "000_920297efb238f4f6.txt", "003_729c84f642d46287.txt"


@pytest.fixture(scope="module")
def built(seeds_build: tuple[Path, dict[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    return seeds_build[1]


def _article(built: dict[str, pd.DataFrame], source: str) -> pd.Series:
    arts = built["articles"]
    return arts[arts["source_file"] == source].iloc[0]


def _actor_of(built: dict[str, pd.DataFrame], surface: str) -> set[str]:
    m = built["mentions"]
    return set(m.loc[m["text"].str.replace("'s", "", regex=False).str.rstrip("'") == surface, "actor_id"])


def test_two_articles_no_rejects(built: dict[str, pd.DataFrame]) -> None:
    assert sorted(built["articles"]["source_file"]) == [NEWSWEEK, RBC]
    assert built["rejects"].empty
    assert (built["articles"]["status"] == "analysed").all()


def test_boilerplate_is_gone_and_body_kept(built: dict[str, pd.DataFrame]) -> None:
    nw, rbc = _article(built, NEWSWEEK), _article(built, RBC)
    for gone in (
        "Voice is AI-generated",
        "Getty Images",
        "About the writer",
        "Read more",
        "Kaitlin Lewis is a Newsweek reporter",
        "joined Newsweek in May 2022",
    ):
        assert gone not in nw["text"], gone
    for gone in ("ua en ru", "Author:", "(Photo:", "Daria Shekina"):
        assert gone not in rbc["text"], gone
    assert not nw["text"].startswith("'Humiliated'") and not rbc["text"].startswith("British MoD's head")
    assert nw["text"].startswith("Russian President Vladimir Putin is begging")
    assert nw["text"].rstrip().endswith("denied allegations of involvement in an arms deal.")
    assert rbc["text"].startswith("Russian dictator Vladimir Putin is forced")
    assert "Security Council meeting to discuss North Korea's supply" in rbc["text"]


def test_metadata_from_manifest(built: dict[str, pd.DataFrame]) -> None:
    nw, rbc = _article(built, NEWSWEEK), _article(built, RBC)
    assert (nw["outlet"], nw["outlet_how"], list(nw["authors"])) == ("Newsweek", "manifest", ["Kaitlin Lewis"])
    assert (rbc["outlet"], rbc["domain"], list(rbc["authors"])) == ("RBC-Ukraine", "newsukraine.rbc.ua", ["Daria Shekina"])
    assert nw["title"] == "'Humiliated' Putin Had to Beg for Weapons: UK Official"
    assert nw["language"] == "en" and rbc["language"] == "en"


def test_publication_dates_inferred(built: dict[str, pd.DataFrame]) -> None:
    for source in (NEWSWEEK, RBC):
        a = _article(built, source)
        assert a["published"] == dt.date(2024, 1, 5), (source, a["published_evidence"])
        assert a["published_how"] == "inferred" and a["published_evidence"]


def test_offsets_point_into_clean_text(built: dict[str, pd.DataFrame]) -> None:
    texts = dict(zip(built["articles"]["article_id"], built["articles"]["text"], strict=True))
    for name in ("sentences", "mentions", "timexes", "quotes"):
        df = built[name]
        assert not df.empty, name
        for row in df.itertuples():
            assert texts[row.article_id][row.start : row.end] == row.text, (name, row.text)
    sents = built["sentences"]
    m = built["mentions"].merge(sents[["article_id", "sentence_id", "start", "end"]], on=["article_id", "sentence_id"], suffixes=("", "_s"))
    assert len(m) == len(built["mentions"])
    assert ((m["start"] >= m["start_s"]) & (m["end"] <= m["end_s"])).all()


@pytest.mark.parametrize("full,short", [("Vladimir Putin", "Putin"), ("Grant Shapps", "Shapps"), ("John Kirby", "Kirby"), ("Kim Jong Un", "Kim")])
def test_people_are_one_actor_across_articles(built: dict[str, pd.DataFrame], full: str, short: str) -> None:
    ids = _actor_of(built, full) | _actor_of(built, short)
    assert len(ids) == 1, (full, ids)
    actor = built["actors"].set_index("actor_id").loc[ids.pop()]
    assert actor["kind"] == "person" and not actor["is_meta"]


def test_putin_shapps_kirby_in_both_outlets(built: dict[str, pd.DataFrame]) -> None:
    actors = built["actors"].set_index("name")
    for name in ("Vladimir Putin", "Grant Shapps", "John Kirby"):
        assert sorted(actors.loc[name, "outlets"]) == ["Newsweek", "RBC-Ukraine"], name


def test_capitals_resolve_to_states(built: dict[str, pd.DataFrame]) -> None:
    names = built["actors"].set_index("actor_id")["name"]
    assert {names[i] for i in _actor_of(built, "Moscow")} == {"Russia"}
    assert {names[i] for i in _actor_of(built, "Pyongyang")} == {"North Korea"}
    assert {names[i] for i in _actor_of(built, "Kyiv")} == {"Ukraine"}


def test_authors_and_agencies_are_not_story_actors(built: dict[str, pd.DataFrame]) -> None:
    story = built["actors"][~built["actors"]["is_meta"]]
    for name in ("Kaitlin Lewis", "Daria Shekina", "Getty Images"):
        assert not story["name"].str.contains(name, regex=False).any(), name
