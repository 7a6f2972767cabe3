"""Mentions: spans, sentence ids, descriptors, pieces of titles, kinds and normal forms."""

from __future__ import annotations

import pandas as pd
import pytest

from storylens.actors.gazetteer import load_gazetteer
from storylens.actors.mentions import mention_kind, mentions_from_doc, normalise_name
from storylens.tables import MENTIONS

TEXT = (
    "Russian President Vladimir Putin met French Foreign Minister Catherine Colonna on Monday. "
    "Later he spoke with his Chinese counterpart, Wang Yi.\n\n"
    "Colonna's office said nothing."
)


@pytest.fixture(scope="module")
def mentions(nlp):
    return mentions_from_doc(nlp(TEXT), "art1")


def _row(mentions, norm):
    rows = mentions[mentions["norm"] == norm]
    assert len(rows) >= 1, f"no mention normalised to {norm!r}: {list(mentions['norm'])}"
    return rows.iloc[0]


def test_schema_offsets_and_sentences(mentions, nlp) -> None:
    assert list(mentions.columns) == MENTIONS.names
    for r in mentions.itertuples(index=False):
        assert TEXT[r.start : r.end] == r.text
        assert r.mention_id == f"art1:{r.start}-{r.end}"
    sents = list(nlp(TEXT).sents)
    colonna = mentions[mentions["start"] == TEXT.index("Colonna's")].iloc[0]
    assert sents[colonna.sentence_id].start_char <= colonna.start < sents[colonna.sentence_id].end_char
    assert mentions["actor_id"].isna().all() and mentions["is_meta"].isna().all()


def test_title_before_name_is_the_descriptor(mentions) -> None:
    assert _row(mentions, "Vladimir Putin").descriptor == "Russian President"
    assert _row(mentions, "Catherine Colonna").descriptor == "French Foreign Minister"


def test_apposition_is_the_descriptor(mentions) -> None:
    assert _row(mentions, "Wang Yi").descriptor == "Chinese counterpart"


@pytest.mark.parametrize(
    ("sentence", "name", "descriptor"),
    [
        ("Antony Blinken, the U.S. Secretary of State, said talks would resume.", "Antony Blinken", "U.S. Secretary of State"),
        ("Apple chief executive Tim Cook unveiled the phone.", "Tim Cook", "Apple chief executive"),
        ("Sales were strong, Mr. Cook said.", "Cook", None),  # an honorific is not a descriptor
        ("The message Putin sent was clear.", "Putin", None),  # a noun before a name is not a title
    ],
)
def test_descriptor_constructions(nlp, sentence: str, name: str, descriptor: str | None) -> None:
    m = mentions_from_doc(nlp(sentence), "x")
    row = m[m["norm"] == name].iloc[0]
    assert (None if pd.isna(row.descriptor) else row.descriptor) == descriptor


def test_pieces_of_a_title_are_not_mentions(mentions) -> None:
    # "Russian" and "French" describe the people; they return as affiliation, not actors.
    assert not set(mentions["text"]) & {"Russian", "French"}


def test_possessive_removed_from_norm(mentions) -> None:
    # Whether spaCy puts "'s" inside the entity varies; the norm never has it.
    row = mentions[mentions["start"] == TEXT.index("Colonna's")].iloc[0]
    assert row.norm == "Colonna"


@pytest.mark.parametrize(
    ("text", "label", "norm"),
    [
        ("Shapps'", "PERSON", "Shapps"),
        ("Russia's", "GPE", "Russia"),
        ("the Kremlin", "ORG", "Kremlin"),
        ("President Joe Biden", "PERSON", "Joe Biden"),
        ("Mr. Smith", "PERSON", "Smith"),
        ("Kim Jong-un", "PERSON", "Kim Jong Un"),
        ("Getty Images/Contributor", "ORG", "Getty Images"),
        ("RBC-Ukraine", "ORG", "RBC-Ukraine"),
        ("  John   Kirby ", "PERSON", "John Kirby"),
    ],
)
def test_normalise_name(text: str, label: str, norm: str) -> None:
    assert normalise_name(text, label) == norm


@pytest.mark.parametrize(
    ("label", "name", "kind"),
    [
        ("PERSON", "Kyiv", "country"),  # capital as metonym for the state
        ("PERSON", "Twitter", "organization"),
        ("PERSON", "Reuters", "media"),
        ("PERSON", "Douglas", "person"),  # small capital: the first name is likelier
        ("PERSON", "Grant Shapps", "person"),
        ("GPE", "Boston", "place"),
        ("GPE", "Moscow", "country"),
        ("NORP", "British", "country"),
        ("NORP", "Catholics", "group"),
        ("ORG", "Kremlin", "country"),
        ("ORG", "The Daily Courier", "media"),
        ("ORG", "Acme Widgets", "organization"),
        ("GPE", "Atlantis", "place"),
    ],
)
def test_kind_fixed_by_gazetteer(label: str, name: str, kind: str) -> None:
    assert mention_kind(label, name, load_gazetteer().lookup(name)) == kind
