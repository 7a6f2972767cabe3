"""The shared event taxonomy: lemma lists, lookup by part of speech, and its invariants."""

from __future__ import annotations

from storylens.network.taxonomy import EVENT_TYPES, OTHER, event_type_names, event_type_of, is_event_noun


def test_classes_are_the_documented_ones():
    assert event_type_names() == [
        "statement", "accuse", "threaten", "request", "consult/meet", "agree", "support", "aid/transfer",
        "sanction", "assault/attack", "deny", "investigate", "protest", "cooperate", "reject", "other",
    ]  # fmt: skip
    for lists in EVENT_TYPES.values():
        assert set(lists) == {"verbs", "nouns"} and lists["verbs"] and lists["nouns"]


def test_lookup_by_lemma_and_part_of_speech():
    assert event_type_of("attack", "VERB") == "assault/attack"
    assert event_type_of("invasion", "NOUN") == "assault/attack"
    assert event_type_of("provide") == "aid/transfer"
    assert event_type_of("Warn", "VERB") == "threaten"
    assert event_type_of("warning", "NOUN") == "threaten"
    assert event_type_of("deny", "VERB") == "deny"
    assert event_type_of("tie", "NOUN") == "cooperate"
    # The part of speech decides: "to call for" asks, "a call" is a contact.
    assert event_type_of("call", "NOUN") == "consult/meet"
    assert event_type_of("walk", "VERB") == OTHER
    assert event_type_of("warning", "VERB") == OTHER  # nouns are not looked up as verbs


def test_event_nouns():
    assert is_event_noun("sanctions") and is_event_noun("Deal")
    assert not is_event_noun("missile")


def test_no_lemma_is_listed_twice_within_a_part_of_speech():
    for part in ("verbs", "nouns"):
        seen: dict[str, str] = {}
        for name, lists in EVENT_TYPES.items():
            for lemma in lists[part]:
                assert lemma not in seen, f"{lemma!r} is in {seen.get(lemma)} and {name}"
                seen[lemma] = name
