"""Stories, sentence alignments and claims (storylens.compare.stories, storylens.compare.alignments)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from storylens.compare.alignments import align_sentences
from storylens.compare.claims import build_claims
from storylens.compare.conflicts import conflict_cue
from storylens.compare.stories import assign_stories, grouping_scores
from storylens.tables import ALIGNMENTS, ALL_TABLES, CLAIM_SENTENCES, CLAIMS, conform


def _sentences(rows: list[tuple[str, str]]) -> pd.DataFrame:
    """(article_id, text) rows -> a sentences table with running ids and offsets."""
    out, counters, offsets = [], {}, {}
    for aid, text in rows:
        i = counters.get(aid, 0)
        start = offsets.get(aid, 0)
        out.append({"article_id": aid, "sentence_id": i, "start": start, "end": start + len(text), "paragraph": i, "text": text})
        counters[aid], offsets[aid] = i + 1, start + len(text) + 1
    return pd.DataFrame(out)


# --- seeds: the two bundled articles -------------------------------------------------


@pytest.fixture(scope="module")
def seeds(seeds_dir, nlp):
    from storylens.analyze import sentences_from_doc

    manifest = pd.read_csv(seeds_dir / "manifest.csv")
    arts, sents = [], []
    for row in manifest.itertuples():
        text = (seeds_dir / row.file).read_text(encoding="utf-8")
        # Crude boilerplate cut: the author bio after "About the writer" is not story text.
        text = text.split("\nAbout the writer")[0]
        aid = row.file.split("_")[0]
        arts.append({"article_id": aid, "outlet": row.outlet, "published": None, "title": row.title, "text": text})
        sents.append(sentences_from_doc(nlp(text), aid))
    articles = pd.DataFrame(arts)
    sentences = pd.concat(sents, ignore_index=True)
    articles["story_id"] = assign_stories(articles, sentences, None)
    alignments = align_sentences(sentences, articles)
    claims, members = build_claims(alignments, sentences, articles)
    return articles, sentences, alignments, claims, members


def _relation(alignments: pd.DataFrame, sentences: pd.DataFrame, needle_a: str, needle_b: str) -> list[str]:
    """Relations of the aligned pairs whose two sentences contain needle_a and needle_b (either order)."""
    text = sentences.set_index(["article_id", "sentence_id"])["text"]
    out = []
    for r in alignments.itertuples():
        ta, tb = text[(r.article_a, r.sentence_a)], text[(r.article_b, r.sentence_b)]
        if (needle_a in ta and needle_b in tb) or (needle_a in tb and needle_b in ta):
            out.append(r.relation)
    return out


def test_seeds_are_one_story(seeds):
    articles = seeds[0]
    assert articles["story_id"].nunique() == 1


def test_seed_shapps_quote_is_same_or_paraphrase(seeds):
    _, sentences, alignments, _, _ = seeds
    rels = _relation(alignments, sentences, "turned its back on Russia", "turned its back on Russia")
    assert rels and set(rels) <= {"same", "paraphrase"}
    rels = _relation(alignments, sentences, "pays a high price", "pays a high price")
    assert rels and set(rels) <= {"same", "paraphrase"}


def test_seed_kirby_briefing_is_related(seeds):
    _, sentences, alignments, _, _ = seeds
    rels = _relation(alignments, sentences, "John Kirby, who told reporters", "John Kirby, reported that")
    # Both name the same briefing (White House, National Security, John Kirby): with the
    # anchor mix the pair reads as a paraphrase; it must be aligned either way.
    assert len(rels) == 1 and rels[0] in {"related", "paraphrase"}


def test_exact_short_sentence_is_always_aligned(seeds):
    _, sentences, alignments, claims, members = seeds
    assert _relation(alignments, sentences, "This must stop now", "This must stop now") == ["same"]
    text = sentences.set_index(["article_id", "sentence_id"])["text"]
    stop = members[[("This must stop now" in text[(m.article_id, m.sentence_id)]) for m in members.itertuples()]]
    assert stop["claim_id"].nunique() == 1
    assert claims.set_index("claim_id").loc[stop["claim_id"].iloc[0], "status"] == "shared"


def test_topical_neighbours_are_not_one_claim(seeds):
    _, sentences, alignments, claims, members = seeds
    topical = alignments[alignments["relation"] == "topical"]
    assert len(topical), "the seeds have pairs that share only the story's names"
    claim_of = {(m.article_id, m.sentence_id): m.claim_id for m in members.itertuples()}
    for r in topical.itertuples():
        same = claim_of[(r.article_a, r.sentence_a)] == claim_of[(r.article_b, r.sentence_b)]
        assert not same, r


def test_seed_air_force_cannot_confirm_conflicts_with_the_missile_claim(seeds):
    _, sentences, alignments, claims, members = seeds
    conflicts = alignments[alignments["relation"] == "conflicting"]
    text = sentences.set_index(["article_id", "sentence_id"])["text"]
    pairs = [(text[(r.article_a, r.sentence_a)], text[(r.article_b, r.sentence_b)], r.conflict_cue) for r in conflicts.itertuples()]
    hits = [p for p in pairs if any("Air Force cannot confirm" in t for t in p[:2]) and any("ballistic missile" in t and "Air Force" not in t for t in p[:2])]
    assert hits, pairs
    assert "confirm" in hits[0][2]
    # The claim holding that pair is conflicting, and the Air Force sentence is the one that denies.
    denier = members[members["stance"] == "denies"]
    assert any("Air Force" in text[(m.article_id, m.sentence_id)] for m in denier.itertuples())
    assert (claims.set_index("claim_id").loc[denier["claim_id"], "status"] == "conflicting").all()


def test_sample_putin_weapons_claim_is_paired_with_the_request_not_the_speaker():
    """On the bundled sample's sentences (data/processed: the build's cleaned text, no
    headlines or captions), Newsweek's "Putin is begging his remaining allies to provide
    Moscow with weapons, ... Shapps said" is one claim with RBC's "Putin is forced to request
    ammunition and weapons from North Korea", not with RBC's "The British Defense Minister has
    responded to reports ...", which shares only the speaker."""
    from pathlib import Path

    processed = Path(__file__).resolve().parents[1] / "data" / "processed"
    sentences = pd.read_parquet(processed / "sentences.parquet")
    articles = pd.read_parquet(processed / "articles.parquet")
    alignments = align_sentences(sentences, articles)
    claims, members = build_claims(alignments, sentences, articles)
    text = sentences.set_index(["article_id", "sentence_id"])["text"]
    claim_of = {(m.article_id, m.sentence_id): m.claim_id for m in members.itertuples()}
    key = {n: next(k for k, t in text.items() if n in t) for n in ("begging his remaining allies", "forced to request", "has responded to reports")}
    assert claim_of[key["begging his remaining allies"]] == claim_of[key["forced to request"]]
    assert claims.set_index("claim_id").loc[claim_of[key["forced to request"]], "status"] == "shared"
    assert set(_relation(alignments, sentences, "begging his remaining allies", "has responded to reports")) == {"topical"}


def _story(rows: list[tuple[str, str]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    sentences = _sentences(rows)
    articles = pd.DataFrame({"article_id": ["a", "b"], "outlet": ["Alpha", "Beta"], "story_id": "s", "published": None})
    return sentences, articles


def test_a_shared_speaker_is_not_a_shared_claim():
    """Two sentences naming only the same speaker (one in its attribution) are topical; the
    sentence sharing the act and its actors is the one claim, though its words score a little
    lower (the speaker's four-word title outweighs "diesel", "capital", "hospitals")."""
    sentences, articles = _story(
        [
            (
                "a",
                "Prime Minister Harlan Voss is begging the remaining partners to ship diesel to the capital for its hospitals, Energy Secretary Maria Olsen said.",
            ),
            ("a", "Storms cut the main pipeline near the coast on Monday."),
            ("a", "Diesel prices in the capital doubled within a week."),
            ("a", "The opposition has called for an inquiry into the storage reserves."),
            ("a", "Trains between the northern towns were cancelled."),
            ("b", "Voss is forced to request diesel from Norway for the hospitals of the capital."),
            ("b", "Energy Secretary Maria Olsen has responded to reports of blackouts in the northern towns."),
            ("b", "Storms damaged the main pipeline on Monday."),
            ("b", "Schools in the region stayed shut."),
            ("b", "The opposition wants an inquiry into the reserves."),
        ]
    )
    al = align_sentences(sentences, articles)
    rel = {(r.sentence_a, r.sentence_b): r.relation for r in al.itertuples()}
    assert rel[(0, 0)] == "related" and rel[(0, 1)] == "topical"
    _, members = build_claims(al, sentences, articles)
    claim_of = {(m.article_id, m.sentence_id): m.claim_id for m in members.itertuples()}
    assert claim_of[("a", 0)] == claim_of[("b", 0)] != claim_of[("b", 1)]


def test_claim_terms_keep_a_name_that_starts_the_claim():
    from storylens.compare.text_features import claim_terms

    terms = claim_terms("The Wall Street Journal reported Friday that AARP was softening its opposition to cuts.")
    assert "aarp" in terms and "journal" not in terms


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("Putin is begging his allies for weapons, British Defense Minister Grant Shapps said.", "Putin is begging his allies for weapons,"),
        ("The sanctions hurt the Kremlin, states UK Defense Minister Grant Shapps.", "The sanctions hurt the Kremlin,"),
        ('"North Korea will pay a high price," he emphasized.', '"North Korea will pay a high price,"'),
        ("According to U.S. intelligence, a missile was fired on December 30.", "a missile was fired on December 30."),
        ("Moscow launched missiles at Kyiv on Tuesday, according to Kirby.", "Moscow launched missiles at Kyiv on Tuesday,"),
        ("Kirby also told reporters Thursday that Russia is closing in on a deal.", "Russia is closing in on a deal."),
        # Not attributions: a "that" clause after the verb is what is said; "States" is a name.
        ("Some of the assaults used North Korean weapons, and officials said that more may follow.", None),
        ("On January 10, the United States is calling for a UN Security Council meeting.", None),
        ("Kirby said.", None),
    ],
)
def test_without_attribution(text, claim):
    from storylens.compare.text_features import without_attribution

    assert without_attribution(text).strip() == (claim if claim is not None else text)


def test_a_denial_sharing_only_names_is_no_conflict():
    """ "cannot confirm the use of missiles from Oberland by Westria" conflicts with a sentence
    stating that missile, not with one naming only the same two countries."""
    from storylens.compare.conflicts import _denies_shared, _strong_cue

    denial = "The air force cannot confirm the use of ballistic missiles from Oberland by Westria."
    cue = _strong_cue(denial)
    assert cue is not None
    names_only = "Together with our partners we will make sure Oberland pays a high price for helping Westria."
    stated = "At least one ballistic missile from Oberland was fired by Westria on Monday."
    from storylens.compare.text_features import anchors, content_words

    for other, conflicts in ((names_only, False), (stated, True)):
        names = frozenset(anchors(other)[0])
        assert _denies_shared(denial, cue, set(content_words(other)), 12, names) is conflicts, other
    # Names and one act spelt two ways (BASIL: Trump "denied that he asked Comey to stop
    # investigating Flynn" against Comey's testimony on "the investigation into Flynn").
    denial = "Trump denied that he asked Comey to stop investigating Flynn."
    other = "Comey testified that Trump had requested an end to the investigation into Flynn."
    assert _denies_shared(denial, _strong_cue(denial), set(content_words(other)), 12, frozenset(anchors(other)[0]))


def test_seed_claims_cover_every_sentence_once(seeds):
    _, sentences, alignments, claims, members = seeds
    assert len(members) == len(sentences)
    assert not members.duplicated(["article_id", "sentence_id"]).any()
    assert set(members["claim_id"]) == set(claims["claim_id"])
    # One sentence per article per claim.
    assert not members.duplicated(["claim_id", "article_id"]).any()
    assert set(claims["status"]) <= {"shared", "unique", "conflicting"}
    assert (claims.loc[claims["status"] == "shared", "n_outlets"] >= 2).all()
    assert (claims.loc[claims["status"] == "unique", "n_outlets"] == 1).all()


def test_tables_are_registered_and_conform(seeds):
    _, _, alignments, claims, members = seeds
    for table, df in ((ALIGNMENTS, alignments), (CLAIMS, claims), (CLAIM_SENTENCES, members)):
        assert ALL_TABLES[table.name] is table
        assert all(c.doc for c in table.columns)
        out = conform(df, table)
        assert list(out.columns) == table.names and len(out) == len(df)


# --- tiny frames -------------------------------------------------------------------


def test_conflict_cues():
    assert "confirm" in conflict_cue("The air force cannot confirm the report.")
    assert conflict_cue("The ministry denied the allegations on Friday.")
    assert conflict_cue("Officials rejected the claims as propaganda.")
    assert conflict_cue("The report could not be independently verified.")
    assert conflict_cue("Russia fired the missiles on Tuesday.") == ""
    # A bare negation counts only when asked (for pairs close enough to be paraphrases).
    assert conflict_cue("The missiles were not fired.") == ""
    assert conflict_cue("The missiles were not fired.", weak=True) == "not"
    assert conflict_cue("He not only spoke but also voted.", weak=True) == ""


def _toy() -> tuple[pd.DataFrame, pd.DataFrame]:
    rows = [
        ("a1", "The city council approved the new stadium budget of 40 million dollars on Monday."),
        ("a1", "Protesters gathered outside the town hall during the vote."),
        ("a2", "On Monday the city council approved a 40 million dollar budget for the new stadium."),
        ("a2", "The mayor denied that the stadium budget was approved by the city council."),
        ("a3", "The city council approved the new stadium budget of 40 million dollars on Monday."),
        ("b1", "The city council approved the new stadium budget of 40 million dollars on Monday."),
    ]
    sentences = _sentences(rows)
    articles = pd.DataFrame(
        {
            "article_id": ["a1", "a2", "a3", "b1"],
            "outlet": ["Herald", "Gazette", "Herald", "Times"],
            "published": [dt.date(2024, 3, 5), dt.date(2024, 3, 4), None, dt.date(2024, 3, 5)],
            "story_id": ["s1", "s1", "s1", "s2"],
        }
    )
    return sentences, articles


def test_alignment_stays_within_a_story_and_flags_same_outlet():
    sentences, articles = _toy()
    al = align_sentences(sentences, articles)
    assert not al.empty
    assert "b1" not in set(al["article_a"]) | set(al["article_b"])
    assert (al["article_a"] < al["article_b"]).all()
    verbatim = al[(al["article_a"] == "a1") & (al["article_b"] == "a3")]
    assert verbatim["relation"].tolist() == ["same"] and verbatim["same_outlet"].all()
    para = al[(al["article_a"] == "a1") & (al["article_b"] == "a2") & (al["sentence_a"] == 0) & (al["sentence_b"] == 0)]
    assert para["relation"].tolist() == ["paraphrase"]
    terms = para["shared_terms"].iloc[0]
    assert "approved" in terms and all(t in sentences.loc[0, "text"] for t in terms)
    denial = al[(al["article_b"] == "a2") & (al["sentence_b"] == 1) & (al["sentence_a"] == 0)]
    assert set(denial["relation"]) == {"conflicting"} and set(denial["conflict_side"]) == {"b"}
    # Unrelated sentences are not aligned.
    assert al[(al["article_a"] == "a1") & (al["sentence_a"] == 1)].empty


def test_claims_one_sentence_per_article_and_first_reported():
    sentences, articles = _toy()
    al = align_sentences(sentences, articles)
    claims, members = build_claims(al, sentences, articles)
    assert len(members) == len(sentences) and not members.duplicated(["claim_id", "article_id"]).any()
    big = claims.sort_values("n_articles").iloc[-1]
    assert big["n_articles"] == 3 and big["first_reported"] == dt.date(2024, 3, 4) and big["first_outlet"] == "Gazette"
    assert big["outlets"] == ["Gazette", "Herald"]
    # a2's denial could not join (a2 already has a sentence in the claim): a claim of its own or a conflict.
    solo = claims[claims["story_id"] == "s2"]
    assert solo["status"].tolist() == ["unique"]
    assert members.loc[members["article_id"] == "b1", "claim_id"].isin(solo["claim_id"]).all()


def test_empty_inputs():
    sentences, articles = _toy()
    assert align_sentences(sentences.iloc[0:0], articles).empty
    claims, members = build_claims(align_sentences(sentences.iloc[0:0], articles), sentences.iloc[0:0], articles)
    assert claims.empty and members.empty


def test_assign_stories_separates_events_and_dates():
    quake = "A magnitude 6.1 earthquake struck northern Chile on Tuesday, damaging buildings in Arica and cutting power to thousands."
    quake2 = "Chile's northern city of Arica lost power after a 6.1 magnitude earthquake on Tuesday damaged buildings."
    vote = "The Senate passed the farm bill on Thursday after a long fight over crop subsidies and food stamps."
    vote2 = "Senators approved the farm bill Thursday, ending a dispute over food stamps and crop subsidies."
    articles = pd.DataFrame(
        {
            "article_id": ["q1", "q2", "v1", "v2", "v3"],
            "title": ["Chile earthquake", "Quake hits Arica", "Senate passes farm bill", "Farm bill approved", "Farm bill approved"],
            "text": [quake, quake2, vote, vote2, vote2],
            "published": [dt.date(2014, 4, 1), dt.date(2014, 4, 1), dt.date(2013, 6, 6), dt.date(2013, 6, 6), dt.date(2018, 6, 6)],
            "outlet": ["A", "B", "A", "B", "C"],
        }
    )
    stories = assign_stories(articles, None, None)
    assert stories.index.equals(articles.index)
    assert stories[0] == stories[1] and stories[2] == stories[3]
    assert stories[0] != stories[2]
    # The same words five years later are another story.
    assert stories[4] != stories[3]
    assert assign_stories(articles, None, None).tolist() == stories.tolist()  # stable ids


def test_grouping_scores():
    s = grouping_scores(["x", "x", "y", "y"], ["a", "a", "b", "b"])
    assert s["purity"] == 1.0 and s["pair_f1"] == 1.0
    s = grouping_scores(["x", "x", "x", "x"], ["a", "a", "b", "b"])
    assert s["purity"] == 0.5 and s["pair_recall"] == 1.0 and s["pair_precision"] == pytest.approx(2 / 6)


def test_claims_do_not_chain_through_one_link():
    """A third sentence aligned to only one member of a pair stays out of that claim."""
    sentences = _sentences([("a", "x one"), ("b", "x and y"), ("c", "y only"), ("d", "x again")])
    articles = pd.DataFrame({"article_id": list("abcd"), "outlet": ["A", "B", "C", "D"], "published": [None] * 4, "story_id": ["s"] * 4})

    def edge(x: str, y: str, sim: float, relation: str = "related") -> dict:
        return {"article_a": x, "sentence_a": 0, "article_b": y, "sentence_b": 0, "similarity": sim, "relation": relation, "conflict_side": None}

    alignments = pd.DataFrame([edge("a", "b", 0.8, "paraphrase"), edge("b", "c", 0.5), edge("a", "d", 0.4), edge("b", "d", 0.3)])
    claims, members = build_claims(alignments, sentences, articles)
    claim_of = members.set_index("article_id")["claim_id"]
    assert claim_of["a"] == claim_of["b"] == claim_of["d"]  # d is aligned to both a and b
    assert claim_of["c"] != claim_of["b"]  # c only to b
    assert claims.set_index("claim_id").loc[claim_of["c"], "status"] == "unique"
