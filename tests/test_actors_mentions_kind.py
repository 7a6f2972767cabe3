"""Descriptor evidence for actor kinds (storylens.actors.mentions.descriptor_kind)."""

from __future__ import annotations

from storylens.actors.mentions import mentions_from_doc


def _kinds(nlp, text: str) -> dict[str, str]:
    m = mentions_from_doc(nlp(text), "t")
    return dict(zip(m["text"], m["kind"]))


def test_title_makes_a_person(nlp) -> None:
    assert _kinds(nlp, "Yuriy Ihnat, spokesman of the Air Force, said so.")["Yuriy Ihnat"] == "person"


def test_place_noun_makes_a_place(nlp) -> None:
    assert _kinds(nlp, "The missile landed in an open field in the Zaporizhzhia region.")["Zaporizhzhia"] == "place"


def test_country_stays_a_country(nlp) -> None:
    assert _kinds(nlp, "Russia attacked the Ukraine region again.").get("Ukraine", "country") == "country"
