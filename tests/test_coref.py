"""Descriptions and pronouns linked to named actors: rules, precision guards, evidence, seeds."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from storylens.actors.mentions import mentions_from_doc
from storylens.actors.resolve import resolve_actors
from storylens.corrections import parse_corrections
from storylens.ingest.clean import clean_text
from storylens.tables import MENTIONS


def _coref(nlp, text: str) -> pd.DataFrame:
    m = mentions_from_doc(nlp(text), "a")
    text_of = dict(zip(m["mention_id"], m["text"]))
    out = m[m["label"].isin(["DESC", "PRON"])].copy()
    out["antecedents"] = [[text_of[x] for x in a.split(";")] if isinstance(a, str) else [] for a in out["antecedent_id"]]
    return out


def _row(rows: pd.DataFrame, text: str) -> pd.Series:
    hit = rows[rows["text"] == text]
    assert len(hit) == 1, f"{text!r} not found once in {list(rows['text'])}"
    return hit.iloc[0]


def test_rows_conform_and_point_into_the_text(nlp) -> None:
    text = "Foreign Minister Anna Berg met reporters on Monday. The minister said talks would continue."
    m = mentions_from_doc(nlp(text), "a")
    assert list(m.columns) == MENTIONS.names
    for r in m.itertuples(index=False):
        assert text[r.start : r.end] == r.text and r.mention_id == f"a:{r.start}-{r.end}"
    desc = _row(m, "The minister")
    assert desc.label == "DESC" and desc.kind == "person" and desc.descriptor == "minister"


def test_title_match(nlp) -> None:
    rows = _coref(nlp, "Foreign Minister Anna Berg met reporters on Monday. The minister said talks would continue.")
    r = _row(rows, "The minister")
    assert r.coref_rule == "desc:title_match" and r.antecedents == ["Anna Berg"]


def test_two_candidates_stay_unresolved(nlp) -> None:
    rows = _coref(
        nlp,
        "Foreign Minister Anna Berg met Finance Minister Tom Lund on Monday. The minister said talks would continue.",
    )
    r = _row(rows, "The minister")
    assert pd.isna(r.antecedent_id) and r.coref_rule == "unresolved:ambiguous"


def test_state_in_description_must_agree(nlp) -> None:
    text = "French Defense Minister Paul Roux met German Defense Minister Karl Brandt in Paris. The German Defense Minister praised the talks."
    r = _row(_coref(nlp, text), "The German Defense Minister")
    assert r.coref_rule == "desc:title_match" and r.antecedents == ["Karl Brandt"]


def test_affiliation_leader_from_a_seat_of_government(nlp) -> None:
    text = "Chinese President Xi Jinping opened the summit. Critics of the Zhongnanhai leader stayed away."
    r = _row(_coref(nlp, text), "the Zhongnanhai leader")
    assert r.coref_rule == "desc:affiliation" and r.antecedents == ["Xi Jinping"]


def test_two_states_that_take_part_not_the_place(nlp) -> None:
    text = "Iran sent drones to Venezuela for strikes across Colombia. Trade between the two countries grew."
    r = _row(_coref(nlp, text), "the two countries")
    assert r.coref_rule == "desc:states" and sorted(r.antecedents) == ["Iran", "Venezuela"]


def test_modified_group_description_is_not_guessed(nlp) -> None:
    rows = _coref(nlp, "Acme Widgets bought Globex Holdings. The newly merged company will employ 900 people.")
    r = _row(rows, "The newly merged company")
    assert pd.isna(r.antecedent_id) and r.coref_rule == "unresolved:modified"


def test_pronoun_continues_the_last_speaker(nlp) -> None:
    text = 'Mayor Jan Novak met Governor Petr Hala on Friday. "We will rebuild," Novak said. "Nothing will stop us," he added.'
    r = _row(_coref(nlp, text), "he")
    assert r.label == "PRON" and r.coref_rule == "pron:speaker" and r.antecedents == ["Novak"]


def test_it_said_continues_an_organisation_and_other_it_is_no_mention(nlp) -> None:
    r = _row(_coref(nlp, "Toyota Motor Corp. reported record sales on Monday. It said demand would keep rising."), "It")
    assert r.coref_rule == "pron:speaker" and r.antecedents == ["Toyota Motor Corp."]
    assert _coref(nlp, "Toyota Motor Corp. reported record sales on Monday. It was a good year.").empty


def test_unnamed_person_competes_for_a_pronoun(nlp) -> None:
    text = "Jurors heard from Tom Reyes on Monday. A prosecutor told them that he had lied."
    r = _row(_coref(nlp, text), "he")
    assert pd.isna(r.antecedent_id)


def test_she_needs_the_article_to_say_so(nlp) -> None:
    rows = _coref(nlp, "Alex Morgan arrived late. She spoke for an hour.")
    assert pd.isna(_row(rows, "She").antecedent_id)
    rows = _coref(nlp, "Spokeswoman Alex Morgan arrived late. She spoke for an hour.")
    assert _row(rows, "She").coref_rule == "pron:single_person"  # the title says so


def test_title_and_apposition_beside_a_name_are_descriptions_of_it(nlp) -> None:
    rows = _coref(nlp, "Apple CEO Steve Jobs unveiled the phone. Steve Jobs, the Apple Chief Executive Officer, spoke for an hour.")
    r = _row(rows, "Apple CEO")
    assert r.coref_rule == "desc:title" and r.antecedents == ["Steve Jobs"] and r.kind == "person"
    r = _row(rows, "the Apple Chief Executive Officer")
    assert r.coref_rule == "desc:apposition" and r.antecedents == ["Steve Jobs"]


def test_a_title_before_an_organisation_is_a_common_noun(nlp) -> None:
    rows = _coref(nlp, "Fiat said it wants to buy the stake in automaker Chrysler that the government owns.")
    assert _row(rows, "automaker").antecedents == ["Chrysler"]
    assert "Air" not in set(_coref(nlp, "Boeing sold planes to six airlines, among them Air China.")["text"])


def test_pronoun_inside_a_clause_refers_to_its_subject(nlp) -> None:
    rows = _coref(nlp, "Apple Inc. announced Friday that it will give owners of its new iPhone a free case.")
    assert _row(rows, "it").coref_rule == "pron:subject" and _row(rows, "it").antecedents == ["Apple Inc."]
    # "its" is under "it will give": the chain its -> it -> Apple Inc. is the evidence.
    assert _row(rows, "its").coref_rule == "pron:subject" and _row(rows, "its").antecedents == ["it"]
    r = _row(_coref(nlp, "Apple Computer CEO Steve Jobs gave his annual keynote on Monday."), "his")
    assert r.coref_rule == "pron:subject" and r.antecedents == ["Steve Jobs"]


def test_the_object_controls_an_infinitive(nlp) -> None:
    r = _row(_coref(nlp, "The European Commission has forced Apple Inc. to lower its prices."), "its")
    assert r.antecedents == ["Apple Inc."]


def test_a_pronoun_under_an_unknown_or_plural_subject_is_not_linked(nlp) -> None:
    assert _coref(nlp, "Apple sold phones. Investors said the market was too small for its rivals.").empty
    assert _coref(nlp, "Boeing and Airbus said their orders rose.").empty


def test_the_company_is_the_firm_described_so_or_the_main_one(nlp) -> None:
    text = "Apple sold more songs than Wal-Mart, according to NPD Group, a market research firm. The firm said sales rose."
    r = _row(_coref(nlp, text), "The firm")
    assert r.coref_rule == "desc:descriptor_match" and r.antecedents == ["NPD Group"]
    text = "Apple released a phone. Apple also cut prices, and Samsung followed. The company said sales rose."
    r = _row(_coref(nlp, text), "The company")
    assert r.coref_rule == "desc:main_org" and r.antecedents == ["Apple"]


def test_the_same_description_links_across_the_story(nlp) -> None:
    first = "Shares of automaker Acme Motors rose on Monday."
    second = "Acme Motors and Globex Holdings met on Tuesday. The automaker said talks went well."
    frames = [mentions_from_doc(nlp(first), "a1"), mentions_from_doc(nlp(second), "a2")]
    arts = pd.DataFrame({"article_id": ["a1", "a2"], "outlet": ["X", "Y"], "authors": [[], []], "title": ["", ""]})
    m, a = resolve_actors(pd.concat(frames, ignore_index=True), arts)
    acme = a.set_index("name").loc["Acme Motors", "actor_id"]
    row = m[(m["article_id"] == "a2") & (m["text"] == "The automaker")].iloc[0]
    assert row["resolved_by"] == "coref:desc:same_description" and row["actor_id"] == acme
    assert row["antecedent_id"].startswith("a2:")  # the evidence: Acme's name in that article


# --------------------------------------------------------------------------- seeds


@pytest.fixture(scope="module")
def seeds(nlp, seeds_dir):
    """The clean seed bodies (as the build sees them), their mentions and actors."""
    manifest = {r["file"]: r for r in csv.DictReader((seeds_dir / "manifest.csv").open(encoding="utf-8"))}
    frames, arts = [], []
    for name, meta in manifest.items():
        clean = clean_text((seeds_dir / name).read_text(encoding="utf-8"), title=meta["title"], authors=[meta["authors"]])
        aid = name.removesuffix(".txt")
        frames.append(mentions_from_doc(nlp(clean.body), aid))
        arts.append({"article_id": aid, "outlet": meta["outlet"], "authors": [meta["authors"]], "title": meta["title"], "text": clean.body})
    return pd.concat(frames, ignore_index=True), pd.DataFrame(arts)


def _actor_names(m: pd.DataFrame, a: pd.DataFrame, outlet_article: str, text: str) -> list[str]:
    names = dict(zip(a["actor_id"], a["name"]))
    row = m[(m["article_id"] == outlet_article) & (m["text"] == text)]
    assert len(row) == 1, (text, len(row))
    return sorted(names[x] for x in row.iloc[0]["actor_ids"])


NEWSWEEK, RBC = "000_920297efb238f4f6", "003_729c84f642d46287"


@pytest.mark.parametrize(
    ("article", "text", "rule", "actors"),
    [
        (RBC, "the Kremlin leader", "coref:desc:affiliation", ["Vladimir Putin"]),
        (RBC, "The British Defense Minister", "coref:desc:title_match", ["Grant Shapps"]),
        (RBC, "the minister", "coref:desc:title_match", ["Grant Shapps"]),
        (RBC, "he", "coref:pron:speaker", ["Grant Shapps"]),  # "he emphasized"
        (NEWSWEEK, "he", "coref:pron:speaker", ["Grant Shapps"]),  # "he continued"
        (NEWSWEEK, "the two countries", "coref:desc:states", ["North Korea", "Russia"]),
    ],
)
def test_seed_descriptions_and_pronouns(seeds, article, text, rule, actors) -> None:
    mentions, articles = seeds
    m, a = resolve_actors(mentions, articles)
    assert _actor_names(m, a, article, text) == actors
    row = m[(m["article_id"] == article) & (m["text"] == text)].iloc[0]
    assert row["resolved_by"] == rule and isinstance(row["antecedent_id"], str)
    # The evidence names mentions of the same article.
    assert all(x.startswith(article + ":") and x in set(m["mention_id"]) for x in row["antecedent_id"].split(";"))


def test_seed_title_is_not_in_the_body(seeds) -> None:
    # "British MoD's head" is the RBC headline, which the cleaner removes from the body.
    mentions, articles = seeds
    assert "MoD" not in articles.set_index("article_id").loc[RBC, "text"]


def test_seed_actor_counts_include_descriptions(seeds) -> None:
    mentions, articles = seeds
    m, a = resolve_actors(mentions, articles)
    shapps = a.set_index("name").loc["Grant Shapps"]
    named = ((m["actor_id"] == shapps["actor_id"]) & ~m["label"].isin(["DESC", "PRON"])).sum()
    assert shapps["n_mentions"] == named + 4  # the minister, The British Defense Minister, he, he
    assert "British Defense Minister" in shapps["descriptors"]


def test_split_correction_undoes_a_link(seeds) -> None:
    mentions, articles = seeds
    corr = parse_corrections({"actors": {"split": [["Grant Shapps", "the minister"]]}})
    m, _ = resolve_actors(mentions, articles, corrections=corr)
    row = m[(m["article_id"] == RBC) & (m["text"] == "the minister")].iloc[0]
    assert pd.isna(row["actor_id"]) and list(row["actor_ids"]) == [] and row["resolved_by"] == "corrections:split"
    other = m[(m["article_id"] == RBC) & (m["text"] == "The British Defense Minister")].iloc[0]
    assert pd.notna(other["actor_id"])  # only the named description is undone
