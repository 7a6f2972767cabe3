"""Interactions read from the parse: one small sentence per construction, and the seeds."""

from __future__ import annotations

import pandas as pd
import pytest

from storylens.actors.mentions import mentions_from_doc
from storylens.network.co_mentions import attach_actors, co_mentions
from storylens.network.interactions import interactions_from_doc
from storylens.tables import EDGE_COLUMNS, INTERACTIONS, MENTIONS, conform


def _edges(nlp, text: str, extra: list[tuple[str, str]] | None = None) -> pd.DataFrame:
    """Edges of `text`, with NER mentions plus `extra` (substring, label) description mentions."""
    doc = nlp(text)
    mentions = mentions_from_doc(doc, "t")
    rows = []
    for sub, label in extra or []:
        start = text.index(sub)
        rows.append(
            {
                "mention_id": f"t:{start}-{start + len(sub)}",
                "article_id": "t",
                "sentence_id": 0,
                "start": start,
                "end": start + len(sub),
                "text": sub,
                "label": label,
            }
        )
    if rows:
        mentions = pd.concat([mentions, pd.DataFrame(rows)], ignore_index=True)
    return interactions_from_doc(doc, mentions)


def _triples(edges: pd.DataFrame) -> set[tuple[str, str, str, str]]:
    return {(r.source_text, r.event_type, r.target_text, r.certainty) for r in edges.itertuples()}


def _bare(text: str) -> str:
    return text.removesuffix("'s").removesuffix("\u2019s")


def _has(edges, source, target, **want) -> bool:
    rows = edges[(edges.source_text.map(_bare) == source) & (edges.target_text.map(_bare) == target)]
    return any(all(getattr(r, k) == v for k, v in want.items()) for r in rows.itertuples())


def test_active_voice(nlp):
    e = _edges(nlp, "Russia attacked Ukraine on Tuesday.")
    assert _triples(e) == {("Russia", "assault/attack", "Ukraine", "asserted")}
    assert list(e.columns) == EDGE_COLUMNS
    row = e.iloc[0]
    assert row.predicate == "attack" and row.rule == "active" and row.edge_kind == "interaction"
    assert "Russia attacked Ukraine on Tuesday."[row.start : row.end] == "attacked"


def test_passive_voice(nlp):
    e = _edges(nlp, "Ukraine was attacked by Russia.")
    assert _triples(e) == {("Russia", "assault/attack", "Ukraine", "asserted")}
    assert e.iloc[0].rule == "passive"


def test_participle_chain_gives_giver_to_user(nlp):
    e = _edges(nlp, "A ballistic missile provided by North Korea was fired by Russia.")
    assert _has(e, "North Korea", "Russia", event_type="aid/transfer", predicate="provide", rule="chain")
    assert not _has(e, "Russia", "North Korea")


def test_receiving_verb_points_from_giver(nlp):
    e = _edges(nlp, "Moscow allegedly received weapons from Pyongyang.")
    assert _triples(e) == {("Pyongyang", "aid/transfer", "Moscow", "alleged")}


def test_prepositional_targets(nlp):
    e = _edges(nlp, "Matthew Miller issued a warning to Kim Jong Un.")
    assert _has(e, "Matthew Miller", "Kim Jong Un", event_type="threaten", predicate="warning")
    e = _edges(nlp, "Shoigu vowed to strengthen military ties between Moscow and Pyongyang.")
    assert _has(e, "Moscow", "Pyongyang", event_type="cooperate", rule="between")
    assert not _has(e, "Pyongyang", "Moscow"), "an undirected act is stored once"


def test_coordinated_subjects_and_objects(nlp):
    e = _edges(nlp, "Britain and France condemned Iran and Syria.")
    pairs = {(r.source_text, r.target_text) for r in e.itertuples()}
    assert pairs == {("Britain", "Iran"), ("Britain", "Syria"), ("France", "Iran"), ("France", "Syria")}
    assert set(e.event_type) == {"accuse"}


def test_coordinated_subjects_deny_a_joint_deal(nlp):
    e = _edges(nlp, "Russia and North Korea denied allegations of involvement in an arms deal.")
    assert _has(e, "Russia", "North Korea", certainty="denied", rule="mutual")
    assert not _has(e, "North Korea", "Russia"), "a joint act is stored once, undirected"


def test_nominal_events(nlp):
    e = _edges(nlp, "North Korea's supply of missiles to Russia worries Kyiv.")
    assert _has(e, "North Korea", "Russia", event_type="aid/transfer", rule="nominal")
    e = _edges(nlp, "Kirby said the transfer of weapons between Russia and North Korea is an escalation.")
    assert _has(e, "Russia", "North Korea", event_type="aid/transfer", certainty="reported")


def test_reported_speech(nlp):
    e = _edges(nlp, "Kirby said that Russia attacked Ukraine.")
    assert _has(e, "Russia", "Ukraine", certainty="reported", event_type="assault/attack")
    # The speaker does not act on the report's subject (0/13 such edges right on MEANTIME).
    assert not _has(e, "Kirby", "Russia")


def test_relation_noun_without_an_act_makes_no_edge(nlp):
    e = _edges(nlp, "The war has strained relationships between Moscow and Washington.")
    assert e.empty, e[["source_text", "target_text", "predicate"]]
    e = _edges(nlp, "Shoigu vowed to strengthen military ties between Moscow and Pyongyang.")
    assert _has(e, "Moscow", "Pyongyang", rule="between") and not _has(e, "Pyongyang", "Moscow")


@pytest.mark.parametrize(
    ("text", "certainty"),
    [
        ("Russia attacked Ukraine.", "asserted"),
        ("Russia did not attack Ukraine.", "negated"),
        ("Russia vowed to attack Ukraine.", "planned"),
        ("Russia will attack Ukraine.", "planned"),
        ("Russia allegedly attacked Ukraine.", "alleged"),
        ("Russia might have attacked Ukraine.", "alleged"),
        ("According to Kirby, Russia attacked Ukraine.", "reported"),
        ('"Russia attacked Ukraine," he said.', "reported"),
        ("Russia denied attacking Ukraine.", "denied"),
        ("Russia refused to attack Ukraine.", "negated"),
        ("Russia denied that it attacked Ukraine.", None),  # pronoun subject: no edge to rate
    ],
)
def test_hedges_and_denials(nlp, text, certainty):
    e = _edges(nlp, text)
    rows = e[(e.source_text == "Russia") & (e.target_text == "Ukraine")]
    assert set(rows.certainty) == ({certainty} if certainty else set())


def test_unconfirmed_and_denied_acts(nlp):
    e = _edges(nlp, "The Ukrainian Air Force cannot confirm the use of missiles from North Korea by Russia.")
    assert _triples(e) == {("North Korea", "aid/transfer", "Russia", "unconfirmed")}
    # Not confirmed is neither said (alleged) nor said to be false (denied), whatever the verb's form.
    e = _edges(nlp, "It has not been confirmed that North Korea supplied missiles to Russia.")
    assert _triples(e) == {("North Korea", "aid/transfer", "Russia", "unconfirmed")}
    e = _edges(nlp, "Officials could not verify that North Korea supplied missiles to Russia.")
    assert _triples(e) == {("North Korea", "aid/transfer", "Russia", "unconfirmed")}
    e = _edges(nlp, "Iran is accused of supplying drones to Russia.")
    assert _has(e, "Iran", "Russia", certainty="alleged", event_type="aid/transfer", rule="control")
    e = _edges(nlp, "Moscow denied sending weapons to Pyongyang.")
    assert _has(e, "Moscow", "Pyongyang", certainty="denied", event_type="aid/transfer")


def test_description_mentions_are_arguments(nlp):
    text = "The minister met Kim Jong Un in Pyongyang."
    e = _edges(nlp, text, extra=[("The minister", "DESC")])
    assert _has(e, "The minister", "Kim Jong Un", event_type="consult/meet")


def test_no_edge_from_mere_co_occurrence(nlp):
    assert _edges(nlp, "Russia, Ukraine and Iran are large countries.").empty
    assert _edges(nlp, "Putin spoke in Moscow while Biden was in Washington.").empty


def test_attach_actors_drops_self_loops_meta_and_unresolved():
    edges = pd.DataFrame({"source_mention_id": ["a", "a", "a", "c"], "target_mention_id": ["b", "c", "d", "b"], "edge_kind": "interaction"})
    mentions = pd.DataFrame({"mention_id": ["a", "b", "c", "d"], "actor_id": ["RU", "UA", "RU", None], "is_meta": [False, False, False, False]})
    out = attach_actors(edges, mentions)
    assert list(zip(out.source_actor_id, out.target_actor_id, strict=True)) == [("RU", "UA"), ("RU", "UA")]
    mentions.loc[1, "is_meta"] = True
    assert attach_actors(edges, mentions).empty
    # The MENTIONS dtypes (nullable boolean is_meta) behave the same.
    assert attach_actors(edges, conform(mentions, MENTIONS)).empty


def test_a_news_outlet_is_a_source_only_of_report_verbs():
    # "Reuters ... North Korea's statement", "Newsweek reached out to Russia's ministry":
    # the outlet cites or contacts; only "Detik.com quoted Djamal" is its act.
    edges = pd.DataFrame(
        {
            "source_mention_id": ["r", "r", "n"],
            "target_mention_id": ["nk", "ru", "ru"],
            "event_type": ["statement", "other", "assault/attack"],
            "edge_kind": "interaction",
        }
    )
    mentions = pd.DataFrame(
        {
            "mention_id": ["r", "nk", "ru", "n"],
            "actor_id": ["REUTERS", "NK", "RU", "NEWSWEEK"],
            "kind": ["media", "country", "country", "media"],
            "is_meta": False,
        }
    )
    out = attach_actors(edges, mentions)
    assert list(zip(out.source_actor_id, out.target_actor_id, out.event_type, strict=True)) == [("REUTERS", "NK", "statement")]
    # An outlet acted upon stays ("Russia banned Meduza"): only the source is restricted.
    back = pd.DataFrame({"source_mention_id": ["ru"], "target_mention_id": ["r"], "event_type": ["sanction"], "edge_kind": "interaction"})
    assert len(attach_actors(back, mentions)) == 1


def test_joint_acts_with_a_named_partner_are_undirected_and_stored_once(nlp):
    # "met with Kim", "a deal with Iran": the partner takes part as much as the subject.
    e = _edges(nlp, "Putin met with Kim Jong Un in Vladivostok.")
    assert _has(e, "Putin", "Kim Jong Un", rule="joint", event_type="consult/meet") and len(e) == 1
    e = _edges(nlp, "Russia is believed to be closing in on a deal with Iran for missiles.")
    assert _has(e, "Russia", "Iran", rule="joint", event_type="agree")
    # A one-way act keeps its direction and rule.
    assert _has(_edges(nlp, "Russia attacked Ukraine."), "Russia", "Ukraine", rule="active")


def test_products_are_not_acted_upon_but_people_are(nlp):
    # "unveiled the iPod": a thing shown, not an actor, even when the name finder says ORG.
    assert not _has(_edges(nlp, "Apple unveiled the iPod in October."), "Apple", "iPod")
    assert _has(_edges(nlp, "Steve Jobs introduced Tim Cook at the event."), "Steve Jobs", "Tim Cook")


def test_an_artefact_verb_takes_no_person_object(nlp):
    # The small model tags the operating system "Lion" PERSON; "unveil" selects an artefact.
    assert _edges(nlp, "Apple unveiled Lion at its developers conference.", extra=[("Lion", "PERSON")]).empty
    e = _edges(nlp, "Russia released Brittney Griner.")
    assert _has(e, "Russia", "Brittney Griner", predicate="release")


def test_things_named_like_actors_are_not_arguments(nlp):
    # Cars cut from production, a currency code, an event: none of them is acted upon.
    assert _edges(nlp, "Chrysler will cut the Chrysler Aspen, PT Cruiser, and Durango from production.").empty
    assert _edges(nlp, "The iPod Nano will cost $199 and $249 USD respectively.").empty
    assert _edges(nlp, "Steve Jobs gave a keynote to the World Wide Developers Conference.").empty


def test_substitution_subject_is_the_replacement_not_an_agent(nlp):
    assert _edges(nlp, "Apple's iTunes replaces Wal-Mart as the top U.S. music seller.").empty
    e = _edges(nlp, "Microsoft replaced Steve Ballmer with Satya Nadella.")
    assert _has(e, "Microsoft", "Steve Ballmer", predicate="replace")


def test_the_one_selected_performs_the_task(nlp):
    for text in (
        "The Air Force chose Northrop Grumman to supply the Pentagon.",
        "The Air Force selected Northrop Grumman on Friday to supply the Pentagon with new tankers.",
    ):
        e = _edges(nlp, text)
        assert _has(e, "Northrop Grumman", "Pentagon", predicate="supply", rule="control"), text
        assert not _has(e, "The Air Force", "Pentagon"), text


def test_with_names_an_addressee_only_for_verbs_of_conversation(nlp):
    assert _edges(nlp, "Describing the problem with Chrysler, Obama explained the plan.").empty
    assert _has(_edges(nlp, "Obama spoke with Putin."), "Obama", "Putin", event_type="statement")


def test_forced_to_request_from(nlp):
    # The RBC sentence of the sample: the parser hangs "from North Korea" on the ammunition.
    text = "Russian dictator Vladimir Putin is forced to request ammunition and weapons from North Korea to continue the large-scale military aggression against Ukraine."
    assert _has(_edges(nlp, text), "Vladimir Putin", "North Korea", event_type="request", predicate="request", rule="control")
    # Headline style, without the auxiliary.
    assert _has(_edges(nlp, "Putin forced to request ammunition from North Korea"), "Putin", "North Korea", event_type="request")


def test_nominal_agent_misattached_to_the_object(nlp):
    # The parser hangs "by the US Federal Reserve" on AIG; the bailout is the Fed's.
    e = _edges(nlp, "Markets fell after the bailout of large insurance firm AIG by the US Federal Reserve.")
    assert _has(e, "the US Federal Reserve", "AIG", event_type="aid/transfer")
    # "upheld Boeing's protest": support for the act is support for its author.
    assert _has(_edges(nlp, "The GAO upheld Boeing's protest."), "GAO", "Boeing", event_type="support")
    # "a dispute between X and Y": hostile, and undirected.
    e = _edges(nlp, "The show was dominated by a trade dispute between Airbus and Boeing.")
    assert _has(e, "Airbus", "Boeing", rule="between", event_type="accuse")


def test_attach_actors_expands_plural_descriptions():
    # "the transfer of weapons between the two countries": one description, both parties.
    edges = pd.DataFrame(
        {"edge_id": ["e", "f"], "source_mention_id": ["d", "k"], "target_mention_id": ["d", "d"], "edge_kind": "interaction", "rule": ["between", "active"]}
    )
    mentions = conform(
        pd.DataFrame(
            {
                "mention_id": ["d", "k"],
                "label": ["DESC", "PERSON"],
                "actor_id": [None, "KJU"],
                "actor_ids": [["RU", "NK"], ["KJU"]],
                "is_meta": [False, False],
            }
        ),
        MENTIONS,
    )
    out = attach_actors(edges, mentions)
    # The joint act ("between") is one undirected edge per pair, not one each way.
    assert set(zip(out.source_actor_id, out.target_actor_id, strict=True)) == {("NK", "RU"), ("KJU", "RU"), ("KJU", "NK")}
    assert out.edge_id.is_unique


def test_plural_description_is_both_parties(nlp):
    text = "Kirby said the transfer of weapons between the two countries is an escalation."
    e = _edges(nlp, text, extra=[("the two countries", "DESC")])
    assert _has(e, "the two countries", "the two countries", rule="between", event_type="aid/transfer")


def test_co_mentions_one_row_per_pair_and_sentence():
    m = pd.DataFrame(
        {
            "mention_id": ["x:0-1", "x:5-6", "x:9-10", "x:20-21", "x:30-31"],
            "article_id": "x",
            "sentence_id": [0, 0, 0, 1, 1],
            "start": [0, 5, 9, 20, 30],
            "end": [1, 6, 10, 21, 31],
            "text": ["A", "B", "A2", "C", "Z"],
            "actor_id": ["A", "B", "A", "C", None],
            "is_meta": [False, False, False, False, False],
        }
    )
    out = co_mentions(m)
    assert list(zip(out.source_actor_id, out.target_actor_id, strict=True)) == [("A", "B")]
    assert out.iloc[0].edge_kind == "co-mention" and out.iloc[0].start == 0 and out.iloc[0].end == 6


def test_edges_conform_to_the_declared_table(nlp):
    e = _edges(nlp, "Russia attacked Ukraine.")
    table = conform(e, INTERACTIONS)
    assert list(table.columns) == INTERACTIONS.names and len(table) == 1


# Seeds: every edge the engine produces was checked by reading (see the report in the PR);
# these pin the clearly correct ones and the errors fixed along the way.
SEED_EXPECTED = {
    "000_920297efb238f4f6.txt": [
        ("North Korea", "Russia", "aid/transfer", "reported"),  # missile provided by NK fired by Russia
        ("his", "Ukraine", "assault/attack", "asserted"),  # his aerial attacks on Ukraine ("his" is a PRON mention linked to Putin)
        ("Putin", "Kim Jong Un", "consult/meet", "asserted"),
        ("Matthew Miller", "Kim", "threaten", "asserted"),
        ("Moscow", "Pyongyang", "cooperate", "asserted"),  # the ties exist; strengthening them is vowed
        ("Russia", "North Korea", "agree", "denied"),
    ],
    "003_729c84f642d46287.txt": [
        ("Pyongyang", "Moscow", "aid/transfer", "alleged"),
        ("North Korea", "Russia", "aid/transfer", "alleged"),  # might have transferred
        ("Russia", "Ukraine", "assault/attack", "reported"),
        ("North Korea", "Russia", "aid/transfer", "asserted"),  # "to discuss North Korea's supply of missiles to Russia"
    ],
}
SEED_FORBIDDEN = [
    ("North Korea", "Britain"),  # "weaponry obtained from NK" is the Russian army's, not Britain's
    ("Russia", "U.S."),  # "..., saying the U.S. is concerned": Kirby speaks, not Russia
]


@pytest.mark.parametrize("name", sorted(SEED_EXPECTED))
def test_seed_edges(nlp, seeds_dir, name):
    doc = nlp((seeds_dir / name).read_text(encoding="utf-8"))
    e = interactions_from_doc(doc, mentions_from_doc(doc, "seed"))
    found = {(_bare(r.source_text), _bare(r.target_text), r.event_type, r.certainty) for r in e.itertuples()}
    for want in SEED_EXPECTED[name]:
        assert want in found, want
    for s, t in SEED_FORBIDDEN:
        assert not _has(e, s, t)
