"""Who did what to whom: directed, typed edges between actor mentions, read from the parse.

Why the dependency parse and not co-occurrence: two names in one sentence say nothing
about who acted on whom ("a missile provided by North Korea was fired by Russia" has the
giver in a participle and the user in a passive agent). Researchers need the direction,
the act, and how sure the text is about it, with the words that say so, so every edge
keeps the predicate's offsets and the rule that produced it.

Order of work (per article, before actors are resolved):
1. `interactions_from_doc` walks every verb and every event noun of the taxonomy, finds
   its agent and target arguments (active subject/object, passive agent/subject,
   prepositional targets, coordination, control, appositions, nominal possessors), maps
   each argument to a row of the MENTIONS frame by token overlap, and types the predicate
   with `storylens.network.taxonomy.event_type_of`.
2. The certainty of each edge is read from the path between the predicate and the root:
   negation, modal and hedge adverbs, "according to", reporting verbs, denials, plans.
3. After resolution, `attach_actors` turns mention ids into actor ids; `co_mentions` adds
   the weaker, clearly labelled co-mention edges for actors that never interact.

Edge direction is giver -> receiver for transfers even when the verb is a receiving one
("Moscow received arms from Pyongyang" -> Pyongyang -aid/transfer-> Moscow).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import pandas as pd
from spacy.tokens import Doc, Token

from storylens.compare.quotes.extract import doc_quote_spans
from storylens.network.arguments import _children, _from_source, _governing_subjects, _light_agents, _noun_agents, _pobj, _prep_targets, _subjects, _users_of
from storylens.network.certainty import certainty_of
from storylens.network.lexicon import (
    _OBJ,
    _PASS_SUBJ,
    JOINT_LEMMAS,
    PERSON_OBJECT_VERBS,
    PREP_TARGETS,
    PRODUCT_SOURCES,
    RECEIVE_LEMMAS,
    RECIPIENT_OF_NOUNS,
    SUBSTITUTION_LEMMAS,
    SYMMETRIC_LEMMAS,
    THEME_OF_NOUN_TYPES,
    THING_OBJECT_VERBS,
    TRANSFER_PARTICIPLES,
    UNDIRECTED_RULES,
)
from storylens.network.mention_index import MentionIndex, _actors, _Mention, mention_rows
from storylens.network.taxonomy import OTHER, event_type_of, is_event_noun
from storylens.nlp import children, sentence_of_token, token_table
from storylens.tables import EDGE_COLUMNS


@dataclass
class _Edge:
    source: _Mention
    target: _Mention
    pred: Token
    event_type: str
    rule: str


def _pairs(sources: list[tuple[_Mention, bool]], targets: list[tuple[_Mention, bool]], rule: str) -> Iterator[tuple[_Mention, _Mention, str]]:
    for s, s_coord in sources:
        for t, t_coord in targets:
            if s.mention_id != t.mention_id:
                yield s, t, ("coord" if (s_coord or t_coord) and rule in {"active", "passive"} else rule)


def _verb_edges(verb: Token, idx: MentionIndex) -> Iterator[_Edge]:
    lemma = verb.lemma_.lower()
    etype = event_type_of(lemma, "VERB")
    subj_heads, rule = _subjects(verb)
    sources = [a for h in subj_heads for a in _actors(h, idx)]
    objs = [(_pobj(o) or o) if o.pos_ == "ADP" else o for o in _children(verb, _OBJ)]
    # A light verb ("issued a warning to X", "imposed sanctions on X"): the event noun
    # carries the act and takes the verb's prepositions (see `_noun_edges`).
    light = any(_is_predicate(o) == "noun" and idx.at(o) is None for o in objs)
    preps = [] if light else _prep_targets(verb, etype)
    if not light and "from" in PREP_TARGETS.get(etype, frozenset()):
        # "is forced to request ammunition and weapons from North Korea": the parser hangs
        # the one asked on the thing asked for; a request's "from" is its addressee.
        preps += [p for p in _from_source(objs) if p not in preps]
    object_heads = list(_children(verb, _PASS_SUBJ)) + objs
    objects = [a for h in object_heads for a in _actors(h, idx)]
    if lemma in THING_OBJECT_VERBS:
        person_ok = lemma in PERSON_OBJECT_VERBS
        objects = [a for a in objects if person_ok and idx.labels.get(a[0].mention_id) == "PERSON"]
    if _names_products(verb, objs) or (lemma in SUBSTITUTION_LEMMAS and not any(c.lower_ == "with" for c in _children(verb, {"prep"}))):
        objects = []
    targets = objects + [a for h in preps for a in _actors(h, idx)]
    if lemma in RECEIVE_LEMMAS:
        # The giver is the source: "received arms from X", "used missiles from X".
        givers = [a for h in _from_source([verb, *objs]) for a in _actors(h, idx)]
        for g, t, _ in _pairs(givers, sources, "source"):
            yield _Edge(g, t, verb, "aid/transfer", "source")
        targets = [t for t in targets if all(t[0] != g for g, _ in givers)]
    prep_ids = {h.i for h in preps}
    for s, t, r in _pairs(sources, targets, rule):
        # A target reached through a preposition ("called on Germany") is labelled so.
        via_prep = any(t.first <= i <= t.last for i in prep_ids)
        yield _Edge(s, t, verb, etype, "prep" if via_prep and r in {"active", "passive"} else r)
    # Attitude towards an act is attitude towards its actor: "condemned Russia's use of".
    if not targets and etype in {"accuse", "support", "reject", "sanction", "protest", "investigate"}:
        for o in objs:
            if o.pos_ == "NOUN":
                # The object's author: its possessor, or a by/from phrase on it or (the parser
                # often attaches it there) on the verb: "rejected the proposal from Turkey".
                verb_by = [p for c in children(verb) if c.dep_ == "prep" and c.lower_ == "by" and (p := _pobj(c)) is not None]
                heads = [*_noun_agents(o), *_from_source([o, verb]), *verb_by]
                agents = [a for h in heads for a in _actors(h, idx)]
                for s, t, _ in _pairs(sources, agents, "nominal"):
                    yield _Edge(s, t, verb, etype, "nominal")
    # "Russia and North Korea met / signed": coordinated subjects act on each other.
    if not targets and lemma in SYMMETRIC_LEMMAS:
        for s, t in _party_pairs([m for m, _ in sources], idx):
            yield _Edge(s, t, verb, etype, "mutual")
    if etype != OTHER or lemma in SYMMETRIC_LEMMAS:
        # "rotated between Blackpool and Brighton" names places, not parties.
        yield from _between_edges(verb, idx, etype)
    # Reported speech ("Kirby said Russia used missiles") makes no edge from the speaker
    # to the report's subject: on MEANTIME 0 of 13 such edges were an interaction, and
    # "Reuters -> North Korea" is a citation (the citations table), not an act.
    # A participle naming a thing by its giver: "missiles provided by X were fired by Y".
    if verb.dep_ in {"acl", "amod"} and lemma in TRANSFER_PARTICIPLES:
        givers = [a for h in [*(_pobj(a) for a in _children(verb, {"agent"})), *_from_source([verb])] if h is not None for a in _actors(h, idx)]
        head = verb.head
        # Attached to an act ("the army's use of weaponry obtained from X"): the act's agent
        # receives; attached to a thing ("missiles provided by X were fired by Y"): its user.
        users = _noun_agents(head) if _is_predicate(head) == "noun" else _users_of(head)
        receivers = [a for h in users for a in _actors(h, idx)]
        for g, r, _ in _pairs(givers, receivers, "chain"):
            yield _Edge(g, r, verb, "aid/transfer", "chain")


def _names_products(verb: Token, objs: list[Token]) -> bool:
    """Does a "from production"-like phrase on the verb or its object (where the parser often
    hangs it, even on the last conjunct) make the object a product? "Chrysler will cut the
    Aspen, PT Cruiser, and Durango from production": the cars are not acted-upon actors."""
    heads = [verb, *objs, *(c for o in objs for c in o.conjuncts)]
    return any(p.lemma_.lower() in PRODUCT_SOURCES for p in _from_source(heads))


def _noun_edges(noun: Token, idx: MentionIndex) -> Iterator[_Edge]:
    lemma = noun.lemma_.lower()
    if lemma in RELATION_NOUNS and not (noun.dep_ in {"dobj", "nsubjpass"} and noun.head.lemma_.lower() in RELATION_ACTS):
        # "has strained relationships between Moscow and Washington" names a state, not an
        # act of either party; "vowed to strengthen ties between Moscow and Pyongyang" is
        # one (the parties build the relation). Only the second makes an edge.
        return
    etype = event_type_of(lemma, "NOUN")
    agent_heads = _noun_agents(noun)
    # "Russian invasion", "US sanctions": a name modifying the event noun is its agent.
    agent_heads += [c for c in children(noun) if c.dep_ in {"amod", "compound", "nmod"} and c.i < noun.i and idx.at(c) is not None]
    sources = [a for h in agent_heads for a in _actors(h, idx)]
    explicit = bool(sources)
    rule = "nominal"
    if not sources:
        sources = _light_agents(noun, idx)
        rule = "light" if sources else rule
    preps = set(PREP_TARGETS.get(etype, PREP_TARGETS[OTHER])) | {"against", "on"}
    if etype not in THEME_OF_NOUN_TYPES or lemma in RECIPIENT_OF_NOUNS:
        preps.add("of")
    prep_heads = [c for c in children(noun) if c.dep_ == "prep"]
    if noun.dep_ == "dobj" and noun.head.pos_ in {"VERB", "AUX"}:
        verb = noun.head
        verb_preps = [c for c in children(verb) if c.dep_ in {"prep", "dative"} and c.pos_ == "ADP"]
        if rule == "light":
            prep_heads += verb_preps  # "issued a warning to X": the verb's PP is the noun's
        else:
            # The parser often hangs the noun's PP on the verb ("to discuss North Korea's
            # supply of missiles to Russia"); take it back when the verb cannot use it.
            verb_allowed = PREP_TARGETS.get(event_type_of(verb.lemma_, "VERB"), PREP_TARGETS[OTHER]) | {"against"}
            prep_heads += [c for c in verb_preps if c.lower_ not in verb_allowed]
    target_heads = [p for c in prep_heads if c.lower_ in preps and (p := _pobj(c)) is not None]
    targets = [a for h in target_heads for a in _actors(h, idx)]
    targets = [t for t in targets if all(t[0] != s for s, _ in sources)]
    for s, t, _ in _pairs(sources, targets, rule):
        yield _Edge(s, t, noun, etype, rule)
    # "ties between Moscow and Pyongyang", "the transfer of weapons between the two countries".
    yield from _between_edges(noun, idx, etype)
    # "Russia and North Korea denied allegations of involvement in an arms deal".
    if not explicit and not targets and lemma in SYMMETRIC_LEMMAS:
        parties = [m for m, _ in (a for h in _governing_subjects(noun) for a in _actors(h, idx))]
        for s, t in _party_pairs(parties, idx):
            yield _Edge(s, t, noun, etype, "mutual")
    # A receiving noun's giver: "the use of missiles from North Korea by Russia".
    if lemma in RECEIVE_LEMMAS:
        of_objs = [p for c in children(noun) if c.dep_ == "prep" and c.lower_ == "of" and (p := _pobj(c)) is not None]
        givers = [a for h in _from_source([noun, *of_objs]) for a in _actors(h, idx)]
        for g, r, _ in _pairs(givers, sources, "source"):
            yield _Edge(g, r, noun, "aid/transfer", "source")


def _party_pairs(parties: list[_Mention], idx: MentionIndex) -> list[tuple[_Mention, _Mention]]:
    """Pairs among the parties of a joint act, each pair once in text order: the act has no
    direction ("met", "between X and Y"), so its edge is drawn once and undirected (its
    rule is one of storylens.network.lexicon.UNDIRECTED_RULES). One plural description ("the two countries") is both
    parties at once: it pairs with itself, and `attach_actors` turns that into edges
    between the actors it stands for."""
    if len(parties) == 1 and parties[0].mention_id in idx.plural:
        return [(parties[0], parties[0])]
    return [(s, t) for s, t in combinations(parties, 2) if s.mention_id != t.mention_id]


def _between_edges(pred: Token, idx: MentionIndex, etype: str) -> Iterator[_Edge]:
    """Both directions between the parties of "between X and Y": the text names no giver."""
    for c in children(pred):
        if c.dep_ == "prep" and c.lower_ == "between" and (p := _pobj(c)) is not None:
            parties = [m for m, _ in _actors(p, idx)]
            for s, t in _party_pairs(parties, idx):
                yield _Edge(s, t, pred, etype, "between")


def _joint_rule(e: _Edge) -> str:
    """The edge's rule, or "joint" when its predicate is a joint act with a named partner.

    "Putin met with Kim", "closing in on a deal with Iran", "negotiations with film studios":
    the partner takes part as much as the subject, so the edge is drawn once without an
    arrow (UNDIRECTED_RULES) instead of pointing from the subject at the partner."""
    if e.rule in UNDIRECTED_RULES or e.pred.lemma_.lower() not in JOINT_LEMMAS:
        return e.rule
    return "joint"


RELATION_NOUNS = frozenset({"relationship", "relation", "relations", "tie", "ties", "link", "links", "bond"})
"""Nouns of a standing relation: an edge only as the object of a RELATION_ACTS verb (see `_noun_edges`)."""

RELATION_ACTS = frozenset({"strengthen", "deepen", "forge", "build", "boost", "expand", "establish", "restore", "improve", "sever", "cut", "break", "cement"})
"""Verbs by which the parties make or end a relation ("strengthen ties between X and Y")."""

_PREDICATE_POS = frozenset({"VERB", "NOUN"})


def _is_predicate(tok: Token) -> str | None:
    if tok.pos_ == "VERB":
        return "verb"
    if tok.pos_ == "NOUN" and (is_event_noun(tok.lemma_) or tok.lemma_.lower() in RECEIVE_LEMMAS):
        return "noun"
    return None


def interactions_from_doc(doc: Doc, mentions: pd.DataFrame) -> pd.DataFrame:
    """Directed edges between the mentions of one parsed article, one row per edge and sentence.

    Args:
        doc: the parsed article (its text is articles.text).
        mentions: the article's MENTIONS rows (named entities and, when present, DESC
            descriptions); any row with character offsets can be an argument.

    Returns:
        A frame with `EDGE_COLUMNS`: edges between mentions (`source_mention_id`,
        `target_mention_id`), the predicate's offsets as `start`/`end`, `predicate` (lemma),
        `event_type`, `certainty`, `rule`, and `edge_kind = 'interaction'`.
    """
    if mentions is None or len(mentions) == 0:
        return pd.DataFrame(columns=EDGE_COLUMNS)
    article_id = str(mentions["article_id"].iloc[0]) if "article_id" in mentions.columns else ""
    return pd.DataFrame(interaction_records(doc, MentionIndex(doc, mention_rows(mentions)), article_id), columns=EDGE_COLUMNS)


def interaction_records(doc: Doc, idx: MentionIndex, article_id: str) -> list[dict[str, Any]]:
    """The rows of `interactions_from_doc` as plain dicts (keys: EDGE_COLUMNS)."""
    sent_of = sentence_of_token(doc)
    quoted = [(s, e) for s, e, _ in doc_quote_spans(doc)]
    rows: list[dict] = []
    seen: set[tuple[str, str, int]] = set()
    for i, pos in enumerate(token_table(doc).pos):
        if pos not in _PREDICATE_POS:
            continue  # _is_predicate is None: no Token made for most words
        tok = doc[i]
        kind = _is_predicate(tok)
        if kind is None:
            continue
        found = _verb_edges(tok, idx) if kind == "verb" else _noun_edges(tok, idx)
        for e in found:
            rule = _joint_rule(e)
            ends = (e.source.mention_id, e.target.mention_id)
            # A joint act is one edge per pair of parties, whichever rule found it first.
            key = (*(sorted(ends) if rule in UNDIRECTED_RULES else ends), e.pred.i)
            if key in seen:
                continue
            seen.add(key)
            start, end = e.pred.idx, e.pred.idx + len(e.pred.text)
            rows.append(
                {
                    "edge_id": f"{article_id}:{start}-{end}:{e.source.start}-{e.source.end}:{e.target.start}-{e.target.end}",
                    "edge_kind": "interaction",
                    "article_id": article_id,
                    "sentence_id": sent_of.get(e.pred.i, 0),
                    "start": start,
                    "end": end,
                    "source_mention_id": e.source.mention_id,
                    "target_mention_id": e.target.mention_id,
                    "source_text": e.source.text,
                    "target_text": e.target.text,
                    "predicate": e.pred.lemma_.lower(),
                    "event_type": e.event_type,
                    "event_id": f"{article_id}:{start}-{end}",
                    "certainty": certainty_of(e.pred, any(s <= start < e_ for s, e_ in quoted)),
                    "rule": rule,
                }
            )
    return rows
