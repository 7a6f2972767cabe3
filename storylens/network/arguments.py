"""The arguments of a predicate read from the dependency parse: subjects, objects, prepositional targets.

Active and passive voice, control verbs, coordination, nominal possessors and light-verb
constructions ("launched an attack on"), each returning tokens for `MentionIndex` to map.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Set as AbstractSet

from spacy.tokens import Token

from storylens.network.lexicon import (
    _PASS_SUBJ,
    _SUBJ,
    CONVERSATION_VERBS,
    LIGHT_VERBS,
    OBJECT_CONTROL_LEMMAS,
    PREP_TARGETS,
    SELECTION_LEMMAS,
    SYMMETRIC_LEMMAS,
)
from storylens.network.mention_index import MentionIndex, _actors, _Mention
from storylens.network.taxonomy import OTHER
from storylens.nlp import children, token_table


def _pobj(prep: Token) -> Token | None:
    for child in children(prep):
        if child.dep_ in {"pobj", "pcomp"}:
            return child
    return None


def _children(tok: Token, deps: AbstractSet[str]) -> list[Token]:
    """Children of `tok` with one of the dependency labels `deps`, in text order."""
    table = token_table(tok.doc)
    doc = tok.doc
    return [doc[j] for j in table.children[tok.i] if table.dep[j] in deps]


def _subjects(verb: Token) -> tuple[list[Token], str]:
    """Agent heads of a verb and the rule that found them (active / passive / control / coord)."""
    subj = _children(verb, _SUBJ)
    if subj and verb.dep_ == "relcl" and verb.head.pos_ in {"NOUN", "PROPN"}:
        # "Kirby, who told reporters ...": the relative pronoun stands for the head noun.
        subj = [verb.head if s.tag_ in {"WP", "WDT"} else s for s in subj]
    if subj:
        return subj, "active"
    agents = [p for a in _children(verb, {"agent"}) if (p := _pobj(a)) is not None]
    if agents:
        return agents, "passive"
    if _children(verb, _PASS_SUBJ):
        return [], "passive"
    head = verb.head
    if head.i == verb.i:
        return [], "active"
    if verb.dep_ == "conj" and head.pos_ in {"VERB", "AUX"}:
        s, _ = _subjects(head)
        return s, "coord"
    if verb.dep_ in {"xcomp", "advcl"} and head.pos_ in {"VERB", "AUX"}:
        # Object control ("urged Russia to stop") for verbs that direct someone else,
        # subject control otherwise ("vowed to strengthen", "used them to strike").
        head_lemma = head.lemma_.lower()
        to_clause = any(c.dep_ == "aux" and c.lower_ == "to" for c in children(verb))
        controls = head_lemma in OBJECT_CONTROL_LEMMAS if verb.dep_ == "xcomp" else to_clause and head_lemma in SELECTION_LEMMAS
        objs = _children(head, {"dobj"}) if controls else []
        if objs:
            return objs, "control"
        # A passive head controls only its complement ("is believed to be closing"), not
        # an adverbial clause the parser may hang on it ("..., saying the U.S. is concerned").
        return (_controller(head) if verb.dep_ == "xcomp" else _subjects(head)[0]), "control"
    if verb.dep_ == "pcomp" and head.dep_ == "prep":
        gov = head.head
        if gov.pos_ in {"VERB", "AUX"}:
            return _controller(gov), "control"
        if gov.pos_ == "NOUN" and gov.dep_ in {"dobj"} and gov.head.pos_ in {"VERB", "AUX"}:
            s, _ = _subjects(gov.head)  # "pays a high price for supporting X"
            return s, "control"
    if verb.dep_ == "relcl" and head.pos_ in {"NOUN", "PROPN"}:
        return [head], "active"
    if verb.dep_ == "acl" and head.pos_ in {"NOUN", "PROPN"} and any(c.dep_ == "aux" and c.lower_ == "to" for c in children(verb)):
        # "a warning to Kim not to provide ...": the addressee of the noun is the actor.
        to = [p for c in children(head) if c.dep_ == "prep" and c.lower_ == "to" and (p := _pobj(c)) is not None]
        return to, "control"
    return [], "active"


def _controller(head: Token) -> list[Token]:
    """Who performs a clause that has no subject of its own, hanging from `head`: the
    head's agent, or, when the head is passive without one, its passive subject
    ("Russia is believed to be closing in", "Iran is accused of supplying drones")."""
    s, _ = _subjects(head)
    if s:
        return s
    if not _children(head, {"agent"}):
        return _children(head, _PASS_SUBJ)
    return []


def _prep_targets(pred: Token, event_type: str) -> list[Token]:
    allowed = PREP_TARGETS.get(event_type, PREP_TARGETS[OTHER]) | {"against"}
    if event_type == "statement" and pred.lemma_.lower() not in CONVERSATION_VERBS:
        allowed = allowed - {"with"}  # "described the problem with the company": a topic
    out = []
    for prep in _children(pred, {"prep"}):
        if prep.lower_ in allowed and (p := _pobj(prep)) is not None:
            out.append(p)
    return out


def _from_source(heads: Iterable[Token]) -> list[Token]:
    out = []
    for h in heads:
        for prep in _children(h, {"prep"}):
            if prep.lower_ == "from" and (p := _pobj(prep)) is not None:
                out.append(p)
    return out


def _users_of(thing: Token) -> list[Token]:
    """Agents of the predicate that has `thing` as its object: who used, fired, got it."""
    head = thing.head
    if thing.dep_ in {"dobj", "nsubjpass"} and head.pos_ in {"VERB", "AUX"}:
        subj, _ = _subjects(head)
        return subj
    if thing.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ == "of" and head.head.pos_ == "NOUN":
        return _noun_agents(head.head)
    return []


def _by_phrases(tok: Token) -> list[Token]:
    """Objects of the "by" phrases hanging on `tok` (labelled prep or, after a noun, agent)."""
    return [p for c in children(tok) if c.dep_ in {"prep", "agent"} and c.lower_ == "by" and (p := _pobj(c)) is not None]


def _noun_agents(noun: Token) -> list[Token]:
    """Who performs a nominal event: its possessor ("Russia's use") or its "by" phrase.

    The parser often hangs the "by" phrase on the event's of-object instead ("the bailout of
    AIG by the Federal Reserve", "the transfer of weapons by Russia"): a by phrase on that
    object, or on the object's apposition, is the event's agent too."""
    out = [c for c in children(noun) if c.dep_ == "poss"]
    out += _by_phrases(noun)
    for prep in children(noun):
        if prep.dep_ == "prep" and prep.lower_ == "of" and (obj := _pobj(prep)) is not None:
            out += _by_phrases(obj)
            out += [p for a in children(obj) if a.dep_ == "appos" for p in _by_phrases(a)]
    return out


_POSS_PRONOUN_LABELS = {"his": {"PERSON", "DESC"}, "her": {"PERSON", "DESC"}, "its": None, "their": None}


def _light_agents(noun: Token, idx: MentionIndex) -> list[tuple[_Mention, bool]]:
    """Agent of an event noun taken from its verb: "issued a warning to X", "launched ... in
    its attack on X". Only for the verb's object, or a phrase whose possessive pronoun can
    point back to the verb's subject ("its" is not a person, "his" is)."""
    if noun.dep_ == "dobj" and noun.head.pos_ in {"VERB", "AUX"}:
        # "would not support an invasion of X": the supporter does not invade; but whoever
        # seeks, signs or rejects "a deal with X" is its other party.
        if noun.head.lemma_.lower() not in LIGHT_VERBS and noun.lemma_.lower() not in SYMMETRIC_LEMMAS:
            return []
        return [a for h in _subjects(noun.head)[0] for a in _actors(h, idx)]
    if noun.dep_ != "pobj" or noun.head.head.pos_ not in {"VERB", "AUX"}:
        return []
    if noun.lemma_.lower() in SYMMETRIC_LEMMAS and noun.head.lower_ in {"on", "in", "into", "at"}:
        # "closing in on a deal with Iran", "engaged in talks with X": the subject is a party.
        return [a for h in _subjects(noun.head.head)[0] for a in _actors(h, idx)]
    poss = [c for c in children(noun) if c.dep_ == "poss" and c.pos_ == "PRON" and c.lower_ in _POSS_PRONOUN_LABELS]
    if not poss:
        return []
    agents = [a for h in _subjects(noun.head.head)[0] for a in _actors(h, idx)]
    person = _POSS_PRONOUN_LABELS[poss[0].lower_]
    label = idx.labels
    if poss[0].lower_ == "its":
        return [a for a in agents if label.get(a[0].mention_id) != "PERSON"]
    if person is not None:
        return [a for a in agents if label.get(a[0].mention_id) in person]
    return agents


def _governing_subjects(noun: Token) -> list[Token]:
    """Subjects of the verb a nominal event hangs from ("denied allegations of involvement in a deal")."""
    tok = noun
    for _ in range(6):
        if tok.head.i == tok.i:
            return []
        if tok.dep_ in {"nsubj", "nsubjpass"}:
            return []  # the event is itself the subject; its verb's subject is not its agent
        tok = tok.head
        if tok.pos_ in {"VERB", "AUX"}:
            s, _ = _subjects(tok)
            return s
    return []
