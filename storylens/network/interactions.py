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

from collections.abc import Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from itertools import combinations, permutations
from typing import Any

import pandas as pd
from spacy.tokens import Doc, Token

from storylens.compare.quotes.extract import doc_quote_spans
from storylens.network.taxonomy import OTHER, event_type_of, is_event_noun
from storylens.nlp import children, sentence_of_token, token_table


def _words(text: str) -> frozenset[str]:
    """A word list written as one string, so a lexicon reads like prose."""
    return frozenset(text.split())


# ---------------------------------------------------------------------------------------
# Columns of the per-article output (the table itself is declared in storylens/tables.py).

EDGE_COLUMNS = [
    "edge_id",
    "edge_kind",
    "article_id",
    "sentence_id",
    "start",
    "end",
    "source_mention_id",
    "target_mention_id",
    "source_text",
    "target_text",
    "predicate",
    "event_type",
    "event_id",
    "certainty",
    "rule",
]

# ---------------------------------------------------------------------------------------
# Lexicons that steer the rules (event *types* come only from storylens.network.taxonomy).

# Receiving verbs: the subject is the receiver, "from X" the giver; "use ... from X" and
# "sourced from X" imply the same flow.
RECEIVE_LEMMAS = _words("receive obtain procure buy purchase acquire import get source use employ")
# Participles that describe a thing by its giver ("missiles provided by X", "sourced from X").
TRANSFER_PARTICIPLES = _words("provide supply give send deliver transfer sell ship export source obtain acquire procure buy purchase import make")
# Predicates whose coordinated subjects act on each other ("Russia and North Korea met").
SYMMETRIC_LEMMAS = _words("""meet talk negotiate agree sign cooperate collaborate clash fight ally partner deal agreement
    accord treaty pact ties relations relationship relation talks meeting negotiation negotiations
    cooperation collaboration partnership alliance summit transfer trade tie ties compete war""")
# Verbs whose object noun names the act their subject performs ("issued a warning",
# "ramped up its attacks", "imposed sanctions"); any other verb's object event belongs to
# someone else unless the noun says whose it is.
LIGHT_VERBS = _words("""issue make give take launch conduct carry hold stage mount wage impose level lodge file
    deliver sign reach strike seal broker announce begin start continue resume escalate intensify
    step ramp expand extend offer provide pledge send express voice renew""")
# Which prepositions introduce a target, by event class; "against" always does.
PREP_TARGETS: dict[str, frozenset[str]] = {
    "statement": frozenset({"to", "with"}),
    "accuse": frozenset({"against", "of"}),
    "threaten": frozenset({"to", "against"}),
    "request": frozenset({"to", "of", "from", "on"}),
    "consult/meet": frozenset({"with"}),
    "agree": frozenset({"with"}),
    "support": frozenset({"to", "for"}),
    "aid/transfer": frozenset({"to"}),
    "sanction": frozenset({"on", "against"}),
    "assault/attack": frozenset({"on", "against", "at", "into"}),
    "deny": frozenset(),
    "investigate": frozenset({"into"}),
    "protest": frozenset({"against"}),
    "cooperate": frozenset({"with"}),
    "reject": frozenset(),
    OTHER: frozenset({"against"}),
}
# Event nouns whose "of"-object is what moves or is said (a thing), not an actor acted upon.
THEME_OF_NOUN_TYPES = frozenset({"aid/transfer", "statement", "agree", "deny", "request"})
# Heads that stand for an actor's institution or people ("the Russian army", "Ukraine's
# forces"): the modifying name is the actor when no mention covers the head itself.
ACTOR_HEADS = _words("""army military forces force troops soldiers navy government administration regime ministry
    ministers minister leader leadership president officials official authorities spokesman
    spokeswoman spokesperson embassy parliament president diplomats diplomat intelligence police
    state cities city territory people citizens company firm""")
# Role nouns that may head an apposition whose name follows after a comma.
ROLE_HEADS = _words("""counterpart minister president leader spokesman spokeswoman spokesperson official chief head
    secretary ambassador envoy adviser advisor commander director coordinator chairman ceo""")
HEDGE_ADVERBS = {
    "allegedly": "alleged",
    "purportedly": "alleged",
    "supposedly": "alleged",
    "apparently": "alleged",
    "possibly": "alleged",
    "probably": "alleged",
    "likely": "alleged",
    "reportedly": "reported",
}
HEDGE_MODALS = _words("might may could")
FUTURE_AUX = _words("will 'll shall")
NEGATIONS = _words("not n't never no")
DENY_LEMMAS = _words("deny refute dismiss rebut disavow")
# Verbs that keep what they govern from happening ("refused to meet", "rejected talks").
REFUSE_LEMMAS = _words("refuse reject decline rebuff veto")
# Verbs that, negated, leave what they govern unconfirmed ("cannot confirm the use of ...").
EPISTEMIC_LEMMAS = _words("confirm verify prove corroborate know")
ALLEGE_LEMMAS = _words("allege allegation suspect suspicion believe accuse accusation claim rumor rumour")
PLAN_LEMMAS = _words("""vow plan promise pledge intend threaten aim seek want prepare propose hope expect
    call urge demand ask consider try attempt decide""")
# Verbs whose object, not subject, performs the infinitive ("urged Russia to stop").
OBJECT_CONTROL_LEMMAS = _words("""urge ask beg tell order force allow help encourage call warn press persuade invite
    permit require enable authorize authorise instruct push pressure compel""")
SPEECH_LEMMAS = _words("""say tell state report announce comment note add declare explain claim write post tweet
    reply respond remark stress emphasize emphasise insist argue suggest mention warn""")

# Nouns that present what they govern as someone's account ("reports of Russia using ...").
REPORT_NOUNS = _words("report news statement announcement assertion word account")

# Certainty labels, strongest first: when several cues apply the first listed wins.
CERTAINTY_ORDER = ("denied", "negated", "alleged", "planned", "reported", "asserted")

_SUBJ = frozenset({"nsubj", "csubj"})
_PASS_SUBJ = frozenset({"nsubjpass", "csubjpass"})
_OBJ = frozenset({"dobj", "obj", "dative", "attr", "oprd"})


# ---------------------------------------------------------------------------------------
# Mentions on tokens.


@dataclass(frozen=True)
class _Mention:
    mention_id: str
    start: int
    end: int
    text: str
    first: int  # token indices [first, last]
    last: int


class MentionIndex:
    """Which mention each token belongs to (the smallest, when mentions nest).

    Built from MENTIONS rows as plain dicts (`mention_rows` turns a frame into them); the
    build makes one per article and shares it between interactions and events."""

    def __init__(self, doc: Doc, rows: Iterable[Mapping[str, Any]]) -> None:
        self.by_token: dict[int, _Mention] = {}
        self.labels: dict[str, str] = {}
        self.plural: set[str] = set()  # descriptions of several actors ("the two countries")
        parsed: list[_Mention] = []
        for r in rows:
            if pd.isna(r.get("start")) or pd.isna(r.get("end")):
                continue
            span = doc.char_span(int(r["start"]), int(r["end"]), alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            text = r.get("text")
            self.labels[str(r["mention_id"])] = str(r.get("label") or "")
            if r.get("label") == "DESC" and any(t.tag_ in {"NNS", "NNPS"} for t in span):
                self.plural.add(str(r["mention_id"]))
            parsed.append(
                _Mention(str(r["mention_id"]), int(r["start"]), int(r["end"]), str(text) if isinstance(text, str) else span.text, span.start, span.end - 1)
            )
        # Larger first, so a nested (smaller) mention overwrites its tokens.
        for m in sorted(parsed, key=lambda m: -(m.last - m.first)):
            for i in range(m.first, m.last + 1):
                self.by_token[i] = m

    def at(self, tok: Token) -> _Mention | None:
        return self.by_token.get(tok.i)


def mention_rows(mentions: pd.DataFrame | None) -> list[dict[str, Any]]:
    """MENTIONS rows of a frame as plain dicts, for `MentionIndex`."""
    return mentions.to_dict("records") if mentions is not None and len(mentions) else []


# ---------------------------------------------------------------------------------------
# Arguments.


def _own_actor(tok: Token, idx: MentionIndex) -> _Mention | None:
    """The mention a noun phrase headed by `tok` denotes, or None."""
    m = idx.at(tok)
    if m is not None:
        return m
    if tok.pos_ == "PRON":
        return None  # no coreference resolution here: a pronoun is not an actor mention
    for child in children(tok):
        if child.dep_ == "appos":
            m = idx.at(child)
            if m is not None:
                return m
    doc = tok.doc
    # "his North Korean counterpart, Kang Sun Nam": the parse often misses the apposition.
    if tok.lemma_.lower() in ROLE_HEADS and tok.i + 2 < len(doc) and doc[tok.i + 1].text == ",":
        m = idx.at(doc[tok.i + 2])
        if m is not None and m.first == tok.i + 2:
            return m
    # "the Russian army", "Ukraine's forces": the institution stands for its actor.
    if tok.lemma_.lower() in ACTOR_HEADS:
        for child in children(tok):
            if child.dep_ in {"poss", "amod", "compound", "nmod"} and child.i < tok.i:
                m = idx.at(child)
                if m is not None:
                    return m
    return None


def _actors(tok: Token | None, idx: MentionIndex) -> list[tuple[_Mention, bool]]:
    """Mentions denoted by the phrase headed by `tok` and by its conjuncts: (mention, via_coordination)."""
    if tok is None:
        return []
    out: list[tuple[_Mention, bool]] = []
    m = _own_actor(tok, idx)
    if m is not None:
        out.append((m, False))
    for conj in tok.conjuncts:
        mc = _own_actor(conj, idx)
        if mc is not None and all(mc != o for o, _ in out):
            out.append((mc, True))
    return out


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
        objs = _children(head, {"dobj"}) if verb.dep_ == "xcomp" and head.lemma_.lower() in OBJECT_CONTROL_LEMMAS else []
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


# ---------------------------------------------------------------------------------------
# Certainty.


def _own_cues(tok: Token) -> set[str]:
    cues: set[str] = set()
    for c in children(tok):
        low = c.lower_
        if c.dep_ == "neg" or (low in NEGATIONS and c.dep_ in {"advmod", "det"}):
            cues.add("negated")
        elif c.dep_ in {"aux", "auxpass"} and low in HEDGE_MODALS:
            cues.add("alleged")
        elif c.dep_ in {"aux"} and low in FUTURE_AUX:
            cues.add("planned")
        elif c.dep_ == "advmod" and low in HEDGE_ADVERBS:
            cues.add(HEDGE_ADVERBS[low])
        elif c.dep_ == "prep" and low == "according":
            cues.add("reported")
    return cues


def _binds(child: Token) -> bool:
    """True when the link from `child` to its head keeps it inside the head's modality."""
    if child.dep_ == "dobj" and child.pos_ == "NOUN":
        # An event noun is planned with a light or planning verb ("launch an attack",
        # "seek a deal"); as the topic of any other verb ("discuss North Korea's supply")
        # it is a fact in its own right.
        return child.head.lemma_.lower() in LIGHT_VERBS | PLAN_LEMMAS
    if child.dep_ in {"xcomp", "ccomp", "conj", "dobj", "nsubjpass", "pobj"}:
        return True
    if child.dep_ == "prep":
        return child.lower_ in {"for", "of", "to", "on", "with", "between", "against", "in"}
    if child.dep_ in {"advcl", "acl"}:
        return any(c.dep_ == "aux" and c.lower_ == "to" for c in children(child))
    return False


def _governed_directly(child: Token) -> bool:
    """True when `child` is what its head verb governs directly (object or complement)."""
    return child.dep_ in {"dobj", "xcomp", "ccomp", "pobj", "prep"}


def certainty_of(pred: Token, quoted: bool = False) -> str:
    """How sure the text is about the act named by `pred`, read up the parse to the root.

    The predicate's own negation, modal or hedge adverb counts; so does every governor on
    the way up: a denial ("denied allegations of involvement in a deal"), a negated
    epistemic verb ("cannot confirm the use of ..."), an allegation or belief, a plan or
    promise ("vowed to strengthen"), a reporting verb or "according to". `quoted`: the
    predicate stands inside quotation marks, so the text reports someone's words."""
    cues = _own_cues(pred) | ({"reported"} if quoted else set())
    if cues & {"negated"} and pred.lemma_.lower() in DENY_LEMMAS:
        cues.discard("negated")
    child, tok = pred, pred.head
    # Once the path leaves the clause through an adjunct ("after meeting", "for supporting"),
    # plans and modals above no longer bind the act: it happened, or is presupposed.
    bound = True
    while tok.i != child.i:
        lemma = tok.lemma_.lower()
        own = _own_cues(tok)
        if not _binds(child):
            bound = False
        if lemma in DENY_LEMMAS and "negated" not in own:
            cues.add("denied")
        elif lemma in REFUSE_LEMMAS and "negated" not in own and _governed_directly(child):
            cues.add("negated")
        elif (lemma in EPISTEMIC_LEMMAS and "negated" in own) or lemma in ALLEGE_LEMMAS:
            cues.add("alleged")
        elif lemma in PLAN_LEMMAS and bound and child.dep_ in {"xcomp", "ccomp", "advcl", "pobj", "acl", "dobj"}:
            cues.add("planned")
        elif lemma in SPEECH_LEMMAS and child.dep_ in {"ccomp", "parataxis", "xcomp", "advcl"}:
            cues.add("reported")
        elif (
            lemma in REPORT_NOUNS
            and tok.pos_ == "NOUN"
            and (child.dep_ in {"acl", "ccomp"} or (child.dep_ == "prep" and child.lower_ in {"of", "about", "on"}))
        ):
            cues.add("reported")  # "reports of Russia using missiles", "news that ..."
        own.discard("negated")  # a negation up the tree is about that verb, not this act
        if not bound or child.dep_ not in {"xcomp", "ccomp", "conj", "advcl"}:
            own.discard("planned")
            if child.dep_ not in {"ccomp", "xcomp", "conj"}:
                own.discard("alleged")
        cues |= own
        child, tok = tok, tok.head
    for label in CERTAINTY_ORDER:
        if label in cues:
            return label
    return "asserted"


# ---------------------------------------------------------------------------------------
# Rules.


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
    target_heads = list(_children(verb, _PASS_SUBJ)) + objs + preps
    targets = [a for h in target_heads for a in _actors(h, idx)]
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
            yield _Edge(s, t, verb, etype, "coord")
    if etype != OTHER or lemma in SYMMETRIC_LEMMAS:
        # "rotated between Blackpool and Brighton" names places, not parties.
        yield from _between_edges(verb, idx, etype)
    # Reported speech: the speaker addresses, or speaks about, the report's subject.
    if lemma in SPEECH_LEMMAS and not targets:
        for comp in _children(verb, {"ccomp", "parataxis"}):
            about = [a for h in _children(comp, _SUBJ | _PASS_SUBJ) for a in _actors(h, idx)]
            for s, t, _ in _pairs(sources, about, "reported"):
                yield _Edge(s, t, verb, etype, "reported")
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


def _users_of(thing: Token) -> list[Token]:
    """Agents of the predicate that has `thing` as its object: who used, fired, got it."""
    head = thing.head
    if thing.dep_ in {"dobj", "nsubjpass"} and head.pos_ in {"VERB", "AUX"}:
        subj, _ = _subjects(head)
        return subj
    if thing.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ == "of" and head.head.pos_ == "NOUN":
        return _noun_agents(head.head)
    return []


def _noun_agents(noun: Token) -> list[Token]:
    out = [c for c in children(noun) if c.dep_ == "poss"]
    out += [p for c in children(noun) if c.dep_ == "prep" and c.lower_ == "by" and (p := _pobj(c)) is not None]
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


def _noun_edges(noun: Token, idx: MentionIndex) -> Iterator[_Edge]:
    lemma = noun.lemma_.lower()
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
    if etype not in THEME_OF_NOUN_TYPES:
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
            yield _Edge(s, t, noun, etype, "coord")
    # A receiving noun's giver: "the use of missiles from North Korea by Russia".
    if lemma in RECEIVE_LEMMAS:
        of_objs = [p for c in children(noun) if c.dep_ == "prep" and c.lower_ == "of" and (p := _pobj(c)) is not None]
        givers = [a for h in _from_source([noun, *of_objs]) for a in _actors(h, idx)]
        for g, r, _ in _pairs(givers, sources, "source"):
            yield _Edge(g, r, noun, "aid/transfer", "source")


def _party_pairs(parties: list[_Mention], idx: MentionIndex) -> list[tuple[_Mention, _Mention]]:
    """Ordered pairs among the parties of a joint act. One plural description ("the two
    countries") is both parties at once: it pairs with itself, and `attach_actors` turns
    that into edges between the actors it stands for."""
    if len(parties) == 1 and parties[0].mention_id in idx.plural:
        return [(parties[0], parties[0])]
    return [(s, t) for s, t in permutations(parties, 2) if s.mention_id != t.mention_id]


def _between_edges(pred: Token, idx: MentionIndex, etype: str) -> Iterator[_Edge]:
    """Both directions between the parties of "between X and Y": the text names no giver."""
    for c in children(pred):
        if c.dep_ == "prep" and c.lower_ == "between" and (p := _pobj(c)) is not None:
            parties = [m for m, _ in _actors(p, idx)]
            for s, t in _party_pairs(parties, idx):
                yield _Edge(s, t, pred, etype, "between")


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
            key = (e.source.mention_id, e.target.mention_id, e.pred.i)
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
                    "rule": e.rule,
                }
            )
    return rows


# ---------------------------------------------------------------------------------------
# After actor resolution.


def _actor_lookup(mentions: pd.DataFrame) -> tuple[dict[str, list[str]], set[str]]:
    """mention_id -> the actors it stands for, and the ids of meta mentions.

    `actor_ids` (several actors for a plural description) wins over `actor_id`."""
    actors: dict[str, list[str]] = {}
    if len(mentions) == 0:
        return actors, set()
    ids = mentions["mention_id"].astype(str).tolist()
    if "actor_id" in mentions.columns:
        for mid, a in zip(ids, mentions["actor_id"], strict=True):
            if isinstance(a, str) and a:
                actors[mid] = [a]
    if "actor_ids" in mentions.columns:
        for mid, many in zip(ids, mentions["actor_ids"], strict=True):
            if isinstance(many, list | tuple) or hasattr(many, "tolist"):
                found = [str(a) for a in list(many) if isinstance(a, str) and a]
                if found:
                    actors[mid] = found
    meta: set[str] = set()
    if "is_meta" in mentions.columns:
        flags = mentions["is_meta"].astype("boolean").fillna(False).astype(bool)
        meta = set(mentions.loc[flags, "mention_id"].astype(str))
    return actors, meta


def attach_actors(edges: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """Fill `source_actor_id`/`target_actor_id` from the mentions' resolved actors.

    A mention that stands for several actors (`actor_ids` of "the two countries") gives
    one edge per actor pair; a description that is both parties of a joint act
    (source = target mention) gives the edges between its actors. Drops edges whose ends
    resolve to the same actor ("Putin ... the Russian president"), edges touching a meta
    mention (author, photo agency, the outlet naming itself), and edges with an unresolved
    end: none of them can be drawn in an actor network."""
    actors, meta = _actor_lookup(mentions)
    rows = []
    for e in edges.to_dict("records"):
        s_id, t_id = str(e["source_mention_id"]), str(e["target_mention_id"])
        if s_id in meta or t_id in meta:
            continue
        for a in actors.get(s_id, []):
            for b in actors.get(t_id, []):
                if a != b:
                    rows.append({**e, "source_actor_id": a, "target_actor_id": b})
    cols = [*edges.columns, *[c for c in ("source_actor_id", "target_actor_id") if c not in edges.columns]]
    out = pd.DataFrame(rows, columns=cols)
    # One id per row: an edge split over several actors gets the actor pair appended.
    if "edge_id" in out.columns and out["edge_id"].duplicated().any():
        dup = out["edge_id"].duplicated(keep=False)
        out.loc[dup, "edge_id"] = out.loc[dup, "edge_id"] + ">" + out.loc[dup, "source_actor_id"] + ">" + out.loc[dup, "target_actor_id"]
    return out


def co_mentions(mentions: pd.DataFrame) -> pd.DataFrame:
    """The weaker edge kind: one row per unordered pair of actors named in the same sentence.

    Why kept at all: actors that never interact in the parse (two names in a list, a
    background sentence) still belong together in a story; the edge says only that, and
    is labelled `edge_kind = 'co-mention'` so no view mistakes it for an interaction. The
    pair is ordered by actor id (no direction is claimed); the trace is the first mention
    of each actor in the sentence. Meta mentions and unresolved mentions are skipped."""
    cols = [*EDGE_COLUMNS, "source_actor_id", "target_actor_id"]
    if len(mentions) == 0 or "actor_id" not in mentions.columns:
        return pd.DataFrame(columns=cols)
    m = mentions[mentions["actor_id"].notna()]
    if "is_meta" in m.columns:
        m = m[~m["is_meta"].astype("boolean").fillna(False).astype(bool)]
    rows = []
    # Plain records grouped by sentence: a pandas groupby over every sentence of a large
    # corpus was the slowest step of the build (seconds per hundred articles).
    by_sentence: dict[tuple[str, int], dict[str, dict[str, Any]]] = {}
    keep = ["article_id", "sentence_id", "start", "end", "mention_id", "text", "actor_id"]
    for rec in m.sort_values(["article_id", "sentence_id", "start"])[[c for c in keep if c in m.columns]].to_dict("records"):
        by_sentence.setdefault((rec["article_id"], int(rec["sentence_id"])), {}).setdefault(rec["actor_id"], rec)
    for (article_id, sentence_id), by_actor in by_sentence.items():
        for a, b in combinations(sorted(by_actor), 2):
            ra, rb = by_actor[a], by_actor[b]
            start, end = min(ra["start"], rb["start"]), max(ra["end"], rb["end"])
            rows.append(
                {
                    "edge_id": f"{article_id}:{sentence_id}:co:{a}:{b}",
                    "edge_kind": "co-mention",
                    "article_id": article_id,
                    "sentence_id": sentence_id,
                    "start": start,
                    "end": end,
                    "source_mention_id": ra["mention_id"],
                    "target_mention_id": rb["mention_id"],
                    "source_text": ra.get("text"),
                    "target_text": rb.get("text"),
                    "predicate": "",
                    "event_type": None,
                    "event_id": None,
                    "certainty": None,
                    "rule": "co-mention",
                    "source_actor_id": a,
                    "target_actor_id": b,
                }
            )
    return pd.DataFrame(rows, columns=cols)
