"""Actor resolution: rules, meta mentions, corrections, stable ids; and the seed articles."""

from __future__ import annotations

import pandas as pd
import pytest

from storylens.actors.gazetteer import load_gazetteer
from storylens.actors.mentions import mention_kind, mentions_from_doc, normalise_name
from storylens.actors.resolve import resolve_actors
from storylens.actors.state import actor_id
from storylens.corrections import parse_corrections
from storylens.tables import ACTORS, MENTIONS


def _mentions(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    """(article_id, text, label) rows -> a MENTIONS frame, as mentions_from_doc would make."""
    gaz = load_gazetteer()
    out, pos = [], {}
    for art, text, label in rows:
        start = pos.get(art, 0)
        pos[art] = start + len(text) + 1
        norm = normalise_name(text, label)
        out.append(
            {
                "mention_id": f"{art}:{start}-{start + len(text)}",
                "article_id": art,
                "sentence_id": 0,
                "start": start,
                "end": start + len(text),
                "text": text,
                "label": label,
                "kind": mention_kind(label, norm, gaz.lookup(norm)),
                "norm": norm,
            }
        )
    return pd.DataFrame(out)


ARTICLES = pd.DataFrame(
    {
        "article_id": ["a", "b"],
        "outlet": ["Daily Courier", "Evening Star"],
        "authors": [["Jane Doe"], []],
        "title": ["", ""],
        "text": ["", ""],
    }
)


def _actor_of(m: pd.DataFrame, art: str, text: str) -> str:
    return m[(m["article_id"] == art) & (m["text"] == text)]["actor_id"].iloc[0]


def _resolve(rows, **kw):
    return resolve_actors(_mentions(rows), ARTICLES, **kw)


def test_schema_and_stable_ids() -> None:
    rows = [("a", "Olaf Scholz", "PERSON"), ("a", "Scholz", "PERSON"), ("b", "Berlin", "GPE")]
    m1, a1 = _resolve(rows)
    m2, a2 = _resolve(list(reversed(rows)))
    assert list(m1.columns) == MENTIONS.names and list(a1.columns) == ACTORS.names
    assert set(a1["actor_id"]) == set(a2["actor_id"])
    assert actor_id("person", "Olaf Scholz") in set(a1["actor_id"])


def test_surname_and_variants_across_articles() -> None:
    m, a = _resolve(
        [
            ("a", "Olaf Scholz", "PERSON"),
            ("a", "Scholz", "PERSON"),
            ("b", "Scholz", "PERSON"),
            ("b", "Volodymyr Zelensky", "PERSON"),
            ("a", "Volodymyr Zelenskyy", "PERSON"),
            ("b", "Zelenskyy", "PERSON"),
        ]
    )
    assert _actor_of(m, "a", "Scholz") == _actor_of(m, "a", "Olaf Scholz") == _actor_of(m, "b", "Scholz")
    assert _actor_of(m, "a", "Volodymyr Zelenskyy") == _actor_of(m, "b", "Volodymyr Zelensky") == _actor_of(m, "b", "Zelenskyy")
    rules = dict(zip(m["text"] + "@" + m["article_id"], m["resolved_by"]))
    assert rules["Scholz@a"] == "surname" and rules["Scholz@b"] == "surname:corpus"
    assert a[a["name"] == "Olaf Scholz"]["n_articles"].iloc[0] == 2


def test_ambiguous_surname_is_not_guessed() -> None:
    m, _ = _resolve([("a", "Matthew Miller", "PERSON"), ("a", "Stephen Miller", "PERSON"), ("a", "Miller", "PERSON")])
    assert _actor_of(m, "a", "Miller") not in {_actor_of(m, "a", "Matthew Miller"), _actor_of(m, "a", "Stephen Miller")}


def test_different_people_with_similar_names_stay_apart() -> None:
    m, _ = _resolve([("a", "John Kirby", "PERSON"), ("b", "John Kerry", "PERSON")])
    assert m["actor_id"].nunique() == 2


def test_states_from_capitals_demonyms_and_seats() -> None:
    m, a = _resolve([("a", "Moscow", "GPE"), ("a", "Russian", "NORP"), ("b", "the Kremlin", "ORG"), ("b", "Russia", "GPE")])
    assert m["actor_id"].nunique() == 1
    russia = a.iloc[0]
    assert russia["name"] == "Russia" and russia["kind"] == "country"
    assert set(m["resolved_by"]) == {"gazetteer:capital", "gazetteer:demonym", "gazetteer:seat", "exact"}


def test_organisations_acronym_and_suffix() -> None:
    m, _ = _resolve([("a", "General Motors", "ORG"), ("a", "GM", "ORG"), ("b", "Apple Inc.", "ORG"), ("b", "Apple", "ORG")])
    assert _actor_of(m, "a", "GM") == _actor_of(m, "a", "General Motors")
    assert _actor_of(m, "b", "Apple") == _actor_of(m, "b", "Apple Inc.")
    assert dict(zip(m["text"], m["resolved_by"]))["GM"] == "acronym"


def test_affiliation_from_descriptor() -> None:
    mentions = _mentions([("a", "Olaf Scholz", "PERSON")])
    mentions["descriptor"] = ["German Chancellor"]
    _, a = resolve_actors(mentions, ARTICLES)
    assert a.iloc[0]["affiliation"] == "Germany" and a.iloc[0]["descriptors"] == ["German Chancellor"]


def test_meta_authors_outlet_self_photo_agency_and_cited_media() -> None:
    meta_names = pd.DataFrame([{"article_id": "b", "name": "Pat Roe", "reason": "bio"}])
    m, a = _resolve(
        [
            ("a", "Jane Doe", "PERSON"),
            ("a", "Jane", "ORG"),
            ("a", "Daily Courier", "ORG"),
            ("a", "Getty Images/Contributor", "ORG"),
            ("a", "Reuters", "ORG"),
            ("b", "Pat Roe", "PERSON"),
            ("b", "Daily Courier", "ORG"),
        ],
        meta_names=meta_names,
    )
    reasons = dict(zip(m["text"] + "@" + m["article_id"], m["meta_reason"]))
    assert reasons["Jane Doe@a"] == "author" and reasons["Jane@a"] == "author"
    assert reasons["Daily Courier@a"] == "outlet_self"
    assert reasons["Getty Images/Contributor@a"] == "photo_credit"
    assert reasons["Pat Roe@b"] == "bio"
    assert pd.isna(reasons["Reuters@a"]) and pd.isna(reasons["Daily Courier@b"])  # cited outlets are story
    by_name = a.set_index("name")
    assert by_name.loc["Reuters", "kind"] == "media" and not by_name.loc["Reuters", "is_meta"]
    assert by_name.loc["Getty Images", "is_meta"] and by_name.loc["Jane Doe", "is_meta"]
    assert by_name.loc["Daily Courier", "n_mentions"] == 1 and by_name.loc["Daily Courier", "outlets"] == ["Evening Star"]


def test_corrections_win_over_rules() -> None:
    rows = [
        ("a", "Matthew Miller", "PERSON"),
        ("a", "Miller", "PERSON"),
        ("b", "Kim Jong Un", "PERSON"),
        ("b", "Supreme Leader", "ORG"),
        ("a", "Kyiv", "GPE"),
        ("a", "Ukraine", "GPE"),
        ("b", "Acme", "ORG"),
    ]
    corr = parse_corrections(
        {
            "actors": {
                "merge": [["Kim Jong Un", "Supreme Leader"]],
                "split": [["Matthew Miller", "Miller"]],
                "rename": {"Kim Jong Un": "Kim Jong-un"},
                "kind": {"Kyiv": "place"},
                "meta": ["Acme"],
            }
        }
    )
    m, a = _resolve(rows, corrections=corr)
    assert _actor_of(m, "b", "Supreme Leader") == _actor_of(m, "b", "Kim Jong Un")
    assert _actor_of(m, "a", "Miller") != _actor_of(m, "a", "Matthew Miller")
    assert _actor_of(m, "a", "Kyiv") != _actor_of(m, "a", "Ukraine")
    by_name = a.set_index("name")
    assert by_name.loc["Kyiv", "kind"] == "place"
    assert "Kim Jong-un" in by_name.index and by_name.loc["Acme", "is_meta"]
    rules = dict(zip(m["text"], m["resolved_by"]))
    assert rules["Supreme Leader"] == "corrections:merge" and rules["Miller"] == "corrections:split" and rules["Kyiv"] == "corrections:kind"
    # The renamed actor keeps the id of its rule-derived name, so the file can name it by id.
    assert by_name.loc["Kim Jong-un", "actor_id"] == actor_id("person", "Kim Jong Un")


@pytest.mark.parametrize("kind_ref", ["Kim Jong Un", "Supreme Leader Kim"])
def test_a_kind_correction_names_the_actor_before_or_after_its_rename(kind_ref: str) -> None:
    rows = [("b", "Kim Jong Un", "PERSON"), ("b", "Kim", "PERSON"), ("a", "Ukraine", "GPE")]
    corr = parse_corrections({"actors": {"rename": {"Kim Jong Un": "Supreme Leader Kim"}, "kind": {kind_ref: "group"}}})
    _, a = _resolve(rows, corrections=corr)
    by_name = a.set_index("name")
    assert by_name.loc["Supreme Leader Kim", "kind"] == "group"
    assert by_name.loc["Ukraine", "kind"] != "group"


def test_outlet_of_the_corpus_cited_by_another_is_media() -> None:
    m, a = _resolve([("a", "Evening Star", "ORG"), ("b", "Evening Star", "ORG")])
    assert a.iloc[0]["kind"] == "media" and a.iloc[0]["n_mentions"] == 1  # meta in its own article
    assert list(m["meta_reason"].fillna("")) == ["", "outlet_self"]


def test_description_rows_pass_through() -> None:
    mentions = _mentions([("a", "Olaf Scholz", "PERSON"), ("a", "the chancellor", "PERSON")])
    mentions.loc[1, "label"] = "DESC"
    m, a = resolve_actors(mentions, ARTICLES)
    assert list(m["label"]) == ["PERSON", "DESC"] and pd.isna(m.loc[1, "actor_id"]) and pd.notna(m.loc[0, "actor_id"])
    assert list(a["name"]) == ["Olaf Scholz"]


def test_empty_input() -> None:
    m, a = resolve_actors(pd.DataFrame(columns=MENTIONS.names), ARTICLES)
    assert m.empty and a.empty and list(a.columns) == ACTORS.names


# --------------------------------------------------------------------------- seeds

SEED_META = {
    "000_920297efb238f4f6": ("Newsweek", ["Kaitlin Lewis"]),
    "003_729c84f642d46287": ("RBC-Ukraine", ["Daria Shekina"]),
}


@pytest.fixture(scope="module")
def seeds(nlp, seeds_dir):
    frames, arts = [], []
    for path in sorted(seeds_dir.glob("*.txt")):
        aid = path.stem
        text = path.read_text(encoding="utf-8")
        outlet, authors = SEED_META[aid]
        frames.append(mentions_from_doc(nlp(text), aid))
        arts.append({"article_id": aid, "outlet": outlet, "authors": authors, "title": "", "text": text})
    meta_names = pd.DataFrame([{"article_id": aid, "name": "Getty Images", "reason": "photo_credit"} for aid in SEED_META])
    m, a = resolve_actors(pd.concat(frames, ignore_index=True), pd.DataFrame(arts), meta_names)
    return m, a


@pytest.mark.parametrize("names", [["Vladimir Putin", "Putin"], ["Grant Shapps", "Shapps"], ["John Kirby", "Kirby"], ["Kim Jong-un", "Kim Jong Un", "Kim"]])
def test_seed_people_are_one_actor_each(seeds, names) -> None:
    m, _ = seeds
    ids = set(m[m["text"].isin(names)]["actor_id"])
    assert len(ids) == 1


@pytest.mark.parametrize("name", ["Vladimir Putin", "Grant Shapps", "John Kirby"])
def test_seed_people_span_both_articles(seeds, name) -> None:
    _, a = seeds
    assert a.set_index("name").loc[name, "n_articles"] == 2


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("Moscow", "Russia"),
        ("Pyongyang", "North Korea"),
        ("Kyiv", "Ukraine"),
        ("Kremlin", "Russia"),
        ("British", "United Kingdom"),
        ("Washington", "United States"),
    ],
)
def test_seed_metonyms_resolve_to_states(seeds, text, state) -> None:
    m, a = seeds
    names = dict(zip(a["actor_id"], a["name"]))
    assert {names[x] for x in m[m["text"] == text]["actor_id"]} == {state}


def test_seed_affiliations(seeds) -> None:
    _, a = seeds
    aff = dict(zip(a["name"], a["affiliation"]))
    assert aff["Grant Shapps"] == "United Kingdom" and aff["John Kirby"] == "United States" and aff["Vladimir Putin"] == "Russia"


def test_seed_meta(seeds) -> None:
    m, a = seeds
    by_name = a.set_index("name")
    for name in ["Kaitlin Lewis", "Daria Shekina", "Getty Images"]:
        assert by_name.loc[name, "is_meta"], name
    assert not by_name.loc["Reuters", "is_meta"] and by_name.loc["Reuters", "kind"] == "media"
    newsweek = m[(m["text"] == "Newsweek") & (m["article_id"] == "000_920297efb238f4f6")]
    assert newsweek["is_meta"].all()
