"""Descriptions and pronouns that stand for an actor, linked to a named mention in the same article.

Why documented rules and not a coreference model: the maintained spaCy-based resolver
(coreferee) refuses spaCy 3.8, and the neural ones (fastcoref, maverick) fetch weights
from a model hub at run time, which Storylens does not allow. More importantly a
researcher must be able to see why "the Kremlin leader" became Vladimir Putin: every link
made here records its rule and the mention it points to, and a link is made only when the
article leaves exactly one candidate (precision first; an ambiguous description stays in
the mentions table with no actor and says why).

What is detected (rows with label DESC / PRON, added to the article's MENTIONS):
- DESC: a definite noun phrase ("the", "this", "both", or an entity's possessive) headed
  by a role noun (minister, leader, spokesman ...), a state noun (country, nations) or
  an organisation noun (company, automaker ...), that is not itself the title of a name;
- DESC beside a name: the title before it ("Apple CEO" Steve Jobs, "automaker" Chrysler)
  and its apposition ("Steve Jobs, the Apple Chief Executive Officer"), read by
  mentions.descriptor_spans: a description the outlet chose, linked to that name;
- PRON: "he", "she", "they" as the subject of a verb (listed even when unlinked, with
  why); "him", "his", "her", "it", "its", "them", "their" only when a rule links them
  ("it was a good year" and most "its" are things, not actors).

Rules (the `coref_rule` column):
- desc:title / desc:apposition -- a description beside a name, to that name;
- desc:descriptor_match -- "the firm" to the one organisation so far whose descriptor has
  the head ("NPD Group, a market research firm"), unless it relates it to another body
  ("its parent company, EADS");
- desc:main_org -- "the company" with no single candidate nearby, to the organisation the
  article is about (named at least twice, twice as often as any other, and among those
  nearby if any);
- pron:subject -- a pronoun to the subject of the nearest clause above it ("Apple said
  it will give owners of its iPhone", "Jobs gave his keynote"; with an infinitive, the
  object that controls it: "forced Apple to lower its prices"), if that subject is one
  mention of a fitting kind (a person for "he"/"his", an organisation, outlet or state
  for "it"/"its", an organisation or outlet for "their"), only for a possessive or the
  subject of a lower clause (never an object: "knocking him down"); an unknown or plural subject
  ("Investors said", "Boeing and Airbus said") ends the search;
- desc:title_match -- a role description whose head and other title words ("Defense
  Minister") all occur in the descriptor of exactly one person named so far, and whose
  state, if it names one ("The British Defense Minister"), is that person's;
- desc:affiliation -- a generic leader noun (leader, head, chief) with a state ("the
  Kremlin leader") to the one person whose descriptor gives that state and a leading title
  (president, dictator, prime minister ...);
- desc:states -- "the two countries" / "the country" / "both nations" to the N states that
  take part in the current sentence up to the description and the one before it (a state
  only named as a place -- "strikes across Ukraine" -- does not take part);
- desc:org -- "the company" / "the automaker" to the one organisation in the same window;
- pron:speaker -- a pronoun subject of a reporting verb ("he continued", "he emphasized")
  to the person who was the subject of the most recent reporting verb, within three
  sentences (a quotation continued by its speaker); "it said" likewise to an organisation,
  outlet or state; if that last speaker is someone else (unnamed, or not a person for
  "he"), nothing is linked;
- pron:single_person -- "he"/"she" to the one person named in the sentence so far and
  the two before it.
Gender: "she" links only to a person the article marks as a woman (Mrs., spokeswoman, an
earlier "she"), "he" to anyone not so marked.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from storylens.actors.gazetteer import load_gazetteer, name_key
from storylens.nlp import children, doc_text, sentence_of_token, token_table

# Role nouns a description of a person may be headed by.
PERSON_ROLES = frozenset(
    "leader minister president head chief boss spokesman spokeswoman spokesperson official secretary chancellor "  # noqa: SIM905 (a word list reads best as words)
    "premier dictator ambassador envoy commander director executive ceo chairman chairwoman governor mayor senator "
    "king queen prince monarch pope prosecutor coordinator adviser advisor diplomat founder emir".split()
)
# Generic leader nouns: they do not name the title ("the Kremlin leader" is a president).
LEADER_GENERIC = frozenset({"leader", "head", "chief", "boss"})
# Titles that make a person the leader of the state or body their descriptor names.
LEADER_TITLES = frozenset(
    ["leader", "president", "premier", "chancellor", "dictator", "king", "queen", "monarch", "emir", "ceo", "chairman", "chairwoman", "chief", "head"]
)
STATE_NOUNS = frozenset({"country", "nation"})
ORG_NOUNS = frozenset({"company", "firm", "automaker", "carmaker", "manufacturer", "airline", "retailer", "bank", "insurer", "planemaker", "maker"})
# Common nouns for people that are not titles: an unnamed one competes for a pronoun.
HUMAN_NOUNS = frozenset(
    "man woman boy girl person prosecutor lawyer attorney judge officer policeman suspect victim gunman driver "  # noqa: SIM905 (a word list reads best as words)
    "witness father mother son daughter husband wife friend teacher student doctor worker employee player analyst "
    "resident member spokesman spokeswoman source".split()
)
RELATIONAL = frozenset({"parent", "sister", "rival", "subsidiary", "partner", "former", "new"})
"""Descriptor words that relate a body to another ("its parent company, EADS"): the other
one may be the company meant later."""
DEFINITE = frozenset({"the", "this", "that", "these", "those", "both"})
NUMBERS = {"two": 2, "three": 3, "four": 4, "both": 2, "2": 2, "3": 3, "4": 4}

REPORTING_VERBS = frozenset(
    "say tell add continue emphasize emphasise note write state explain stress insist argue warn claim announce "  # noqa: SIM905 (a word list reads best as words)
    "report reply respond comment declare acknowledge admit suggest conclude remark observe predict urge ask recall "
    "reiterate underline point assert confirm deny".split()
)
PRONOUNS = {"he": "person", "she": "person", "they": "group", "it": "organization"}
"""Subject pronouns listed even when no rule links them (the row says why)."""
PRONOUN_FORMS = {
    **{w: ("person", "m") for w in ("he", "him", "his", "himself")},
    **{w: ("person", "f") for w in ("she", "her", "hers", "herself")},
    **{w: ("organization", "") for w in ("it", "its", "itself")},
    **{w: ("group", "") for w in ("they", "them", "their", "themselves")},
}
"""Every pronoun form a rule may link, with its class and gender."""
# "it" is a thing far more often than a body: "it", "its" and "their" are listed only when
# a rule links them to one of these, never as unresolved rows.
BODY_KINDS = frozenset({"organization", "media", "country"})
GROUP_KINDS = frozenset({"organization", "media"})
"""What "they" / "their" may stand for alone: a company ("Apple ... their iPhone"); a
plural of people or states is left alone (no single actor)."""
# A state governed by one of these prepositions is the place where something happens,
# not a party to it ("airstrikes across Ukraine").
LOCATIVE_PREPS = frozenset({"in", "across", "into", "throughout", "inside", "at", "on", "over", "within", "near", "around", "onto"})
SPEAKER_WINDOW = 3
"""Sentences back within which "he continued" still continues the last speaker."""


@dataclass
class Named:
    """A named mention as the rules see it: its row id, tokens and what it denotes."""

    mention_id: str
    start_tok: int
    end_tok: int  # exclusive
    sentence: int
    kind: str
    key: str  # within-article identity: person group, state name or organisation key
    descriptor: str = ""
    gender: str = ""  # "f" / "m" when the mention itself says (honorific, pronoun, title)


@dataclass
class _Article:
    """What the rules know about one article while they walk through it."""

    doc: Doc
    sent_of: dict[int, int]
    named: list[Named]
    in_descriptor: set[int] = field(default_factory=set)
    by_token: dict[int, Named] = field(default_factory=dict)
    person_desc: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    gender: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def __post_init__(self) -> None:
        for n in self.named:
            for i in range(n.start_tok, n.end_tok):
                self.by_token[i] = n
            if n.kind == "person" and n.descriptor:
                self.person_desc[n.key].append(n.descriptor)
            if n.kind == "person":
                self.gender[n.key] |= _gender_evidence(self.doc, n)

    def add(self, n: Named) -> None:
        self.named.append(n)
        for i in range(n.start_tok, n.end_tok):
            self.by_token.setdefault(i, n)
        if n.gender:
            self.gender[n.key].add(n.gender)

    def fits(self, key: str, pronoun_gender: str) -> bool:
        """A pronoun fits a person unless the article says otherwise; "she" needs the
        article to say the person is a woman (news text says "he" of most people, and a
        wrong "she" link would be worse than none)."""
        g = self.gender.get(key, set())
        if pronoun_gender == "f":
            return g == {"f"}
        return "f" not in g


FEMALE_WORDS = frozenset(
    "mrs ms miss madam woman wife mother daughter sister spokeswoman chairwoman congresswoman businesswoman queen "  # noqa: SIM905 (a word list reads best as words)
    "princess actress girl lady grandmother widow".split()
)
MALE_WORDS = frozenset(
    "mr sir man husband father son brother spokesman chairman congressman businessman king prince actor boy grandfather widower".split()  # noqa: SIM905 (a word list reads best as words)
)


def _gender_evidence(doc: Doc, n: Named) -> set[str]:
    """Gender a person mention states: an honorific before or in the name, or a gendered
    word in its descriptor ("spokeswoman")."""
    words = set(name_key(n.descriptor).split()) if n.descriptor else set()
    words |= {t.lower_.rstrip(".") for t in doc[max(0, n.start_tok - 1) : n.start_tok + 1]}
    return ({"f"} if words & FEMALE_WORDS else set()) | ({"m"} if words & MALE_WORDS else set())


def _word_set(text: str) -> set[str]:
    return {w.rstrip("s") if len(w) > 3 else w for w in name_key(text).split()}


def person_keys(rows: list[tuple[str, str]]) -> dict[str, str]:
    """Within-article identity of person names: a one-word name joins the one full name
    whose last or first word it is ("Shapps" -> "grant shapps"); others are their own key."""
    full = {name_key(n) for n, _ in rows if len(name_key(n).split()) > 1}
    out: dict[str, str] = {}
    for norm, _ in rows:
        k = name_key(norm)
        if len(k.split()) == 1:
            hits = {f for f in full if f.split()[-1] == k or f.split()[0] == k}
            out[norm] = hits.pop() if len(hits) == 1 else k
        else:
            out[norm] = k
    return out


def _is_head_candidate(t: Token, in_descriptor: set[int]) -> str | None:
    """The class of description a token heads (person / country / organization), or None."""
    if t.pos_ not in {"NOUN", "PROPN"} or t.ent_type_ or t.i in in_descriptor or t.dep_ == "compound":
        return None
    lemma = t.lemma_.lower()
    if lemma in PERSON_ROLES or t.lower_ in PERSON_ROLES:
        cls = "person"
    elif lemma in STATE_NOUNS:
        cls = "country"
    elif lemma in ORG_NOUNS:
        cls = "organization"
    else:
        return None
    kids = list(children(t))
    definite = any(c.dep_ in {"det", "predet"} and c.lower_ in DEFINITE for c in kids)
    owned = any(c.dep_ == "poss" and c.ent_type_ in {"GPE", "ORG", "NORP"} for c in kids)
    if not (definite or owned):
        return None
    # "the spokesman, John Kirby": the name is given; mentions.py made it a descriptor.
    if any(c.dep_ == "appos" and c.ent_type_ == "PERSON" for c in kids) or (t.dep_ == "appos" and t.head.ent_type_ == "PERSON"):
        return None
    nxt = t.doc[t.i + 1 : t.i + 3]
    if len(nxt) == 2 and nxt[0].text == "," and nxt[1].ent_type_ == "PERSON":
        return None
    return cls


def _span(t: Token) -> tuple[int, int]:
    """Token range of the description: left modifiers, head and an "of" complement."""
    end = t.i
    for c in t.rights:
        if c.dep_ == "prep" and c.lower_ == "of":
            end = c.right_edge.i
    start = t.left_edge.i
    while start < t.i and t.doc[start].is_punct:
        start += 1
    return start, end + 1


def _count(t: Token) -> int | None:
    """How many referents a description has: 1 when singular, N for "the two countries",
    None for a plural without a number ("the countries")."""
    for c in children(t):
        if c.lower_ in NUMBERS and c.dep_ in {"nummod", "det", "predet"}:
            return NUMBERS[c.lower_]
    return None if t.tag_ in {"NNS", "NNPS"} else 1


def _participant(doc: Doc, n: Named) -> bool:
    root = doc[n.start_tok : n.end_tok].root
    return not (root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPS)


def _window(art: _Article, t_start: int, sentence: int, back: int) -> list[Named]:
    """Named mentions from `back` sentences before up to token `t_start`, in text order."""
    return sorted((n for n in art.named if sentence - back <= n.sentence and n.start_tok < t_start), key=lambda n: n.start_tok)


def _latest(cands: list[Named], key: str) -> Named:
    return [n for n in cands if n.key == key][-1]


def _resolve_person_desc(art: _Article, t: Token, start: int, end: int) -> tuple[list[Named], str]:
    doc = art.doc
    gaz = load_gazetteer()
    modifiers = [x for x in doc[start:end] if x.i != t.i and x.pos_ in {"PROPN", "NOUN", "ADJ"} and x.lower_ not in DEFINITE]
    state = gaz.state_in(" ".join(x.text for x in modifiers)) if modifiers else None
    # Title words the person's descriptor must contain: the head and its noun modifiers
    # that are not a state ("Defense" in "The British Defense Minister").
    required = _word_set(t.lemma_) | {w for x in modifiers if x.dep_ in {"compound", "poss"} and gaz.lookup(x.text) is None for w in _word_set(x.text)}
    sent_end = max(i for i, s in art.sent_of.items() if s == art.sent_of[t.i]) + 1
    seen = [n for n in art.named if n.kind == "person" and n.start_tok < sent_end]
    matches: dict[str, str] = {}
    for key in {n.key for n in seen}:
        descs = art.person_desc.get(key, [])
        words = set().union(*(_word_set(d) for d in descs)) if descs else set()
        states = {e.name for d in descs if (e := gaz.state_in(d)) is not None}
        if state is not None and state.name not in states:
            continue
        if required <= words:
            matches[key] = "desc:title_match"
        elif t.lemma_.lower() in LEADER_GENERIC and state is not None and words & LEADER_TITLES and required - _word_set(t.lemma_) <= words:
            matches[key] = "desc:affiliation"
    if len(matches) != 1:
        return [], "unresolved:ambiguous" if matches else "unresolved:no_candidate"
    key, rule = next(iter(matches.items()))
    before = [n for n in seen if n.key == key and n.start_tok < start]
    return [before[-1] if before else [n for n in seen if n.key == key][0]], rule


def _resolve_group_desc(art: _Article, t: Token, start: int, kind: str, need: int | None) -> tuple[list[Named], str]:
    if need is None:
        return [], "unresolved:plural_without_number"
    # "the newly merged company", "the other country": a modified description may be a
    # new or a contrasted referent, not the one just named.
    if any(c.dep_ not in {"det", "predet", "nummod", "poss", "case"} and c.i < t.i for c in children(t)):
        return [], "unresolved:modified"
    sentence = art.sent_of[t.i]
    kinds = {"country"} if kind == "country" else {"organization"}
    # Always the previous sentence too: a body named there still competes ("Airbus ...
    # its parent company, EADS ... because the company").
    cands = [n for n in _window(art, start, sentence, 1) if n.kind in kinds and _participant(art.doc, n)]
    keys = list(dict.fromkeys(n.key for n in cands))
    if len(keys) != need and kind == "organization" and need == 1:
        # "NPD Group, a market research firm. The firm said": the one whose descriptor has the head.
        head = _word_set(t.lemma_)
        described = list(
            dict.fromkeys(
                n.key
                for n in art.named
                if n.kind == "organization" and n.start_tok < start and head <= _word_set(n.descriptor) and not _word_set(n.descriptor) & RELATIONAL
            )
        )
        if len(described) == 1:
            return [_latest([n for n in art.named if n.start_tok < start], described[0])], "desc:descriptor_match"
        main = _main_organisation(art, start, {n.key for n in cands})
        if main is not None:
            return [main], "desc:main_org"
    if len(keys) != need:
        return [], "unresolved:ambiguous" if len(keys) > need else "unresolved:no_candidate"
    return [_latest(cands, k) for k in keys], "desc:states" if kind == "country" else "desc:org"


def _main_organisation(art: _Article, before: int, nearby: set[str]) -> Named | None:
    """The organisation the article is about, when "the company" has no single candidate
    nearby: the one named (or linked) at least twice so far and at least twice as often as
    any other; if organisations are named nearby, it must be one of them."""
    counts: dict[str, int] = defaultdict(int)
    for n in art.named:
        if n.kind == "organization" and n.start_tok < before:
            counts[n.key] += 1
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    key, top = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0
    if top < 2 or top < 2 * second or (nearby and key not in nearby):
        return None
    return [n for n in art.named if n.key == key and n.start_tok < before][-1]


def _speaker_of(art: _Article, verb: Token) -> Named | None | bool:
    """The named (or already linked) subject of a reporting verb; False when the verb has a
    subject no rule knows ("a prosecutor told", "the statement read"), which ends the
    search: that unnamed speaker may be the one continued; None when it has no subject."""
    for c in children(verb):
        if c.dep_ in {"nsubj", "nsubjpass"}:
            n = art.by_token.get(c.i)
            return n if n is not None else False
    return None


def _unnamed_people(art: _Article, start: int, end: int) -> bool:
    """Whether a person noun that no rule linked ("a prosecutor", "the man") stands
    between `start` and `end`: such a person competes with the named ones for a pronoun."""
    people = PERSON_ROLES | HUMAN_NOUNS
    return any(
        t.pos_ == "NOUN"
        and not t.ent_type_
        and t.i not in art.by_token
        and t.i not in art.in_descriptor
        and t.dep_ != "compound"
        and t.lemma_.lower() in people
        for t in art.doc[start:end]
    )


def _last_speaker(art: _Article, t: Token) -> Named | None | bool:
    """The subject of the nearest reporting verb before `t` within SPEAKER_WINDOW sentences."""
    sentence = art.sent_of[t.i]
    for v in reversed(art.doc[: t.i]):
        if art.sent_of.get(v.i, 0) < sentence - SPEAKER_WINDOW:
            break
        if v.pos_ in {"VERB", "AUX"} and v.lemma_.lower() in REPORTING_VERBS:
            speaker = _speaker_of(art, v)
            if speaker is not None:
                return speaker
    return None


def _compatible(art: _Article, n: Named, form: str) -> bool:
    """Whether a named (or linked) mention can be what a pronoun form stands for."""
    cls, gender = PRONOUN_FORMS[form]
    if cls == "person":
        return n.kind == "person" and art.fits(n.key, gender)
    if cls == "group":
        return n.kind in GROUP_KINDS
    return n.kind in BODY_KINDS


def _governing_subject(art: _Article, t: Token) -> Named | None | bool:
    """The subject of the nearest clause above the pronoun that has one ("Apple said [it]
    will give owners of [its] iPhone", "Jobs gave [his] keynote"): the most salient actor a
    pronoun inside the clause refers back to. A subject that contains the pronoun ("Apple
    and its partners") is passed over. False when that subject is no mention a rule knows
    or names several ("Russia and Iran said"), None when no clause above has one."""
    tok = t
    for _ in range(12):
        head = tok.head
        if head.i == tok.i:
            return None
        if head.pos_ in {"VERB", "AUX"}:
            if tok.dep_ == "xcomp":
                # "the Commission forced Apple to lower its prices": the object controls.
                obj = next((c for c in children(head) if c.dep_ == "dobj"), None)
                if obj is not None:
                    n = art.by_token.get(obj.i)
                    return n if n is not None else False
            for c in children(head):
                if c.dep_ in {"nsubj", "nsubjpass"} and c.i != t.i and not (c.left_edge.i <= t.i <= c.right_edge.i):
                    n = art.by_token.get(c.i)
                    if n is None or any(x.dep_ == "conj" for x in children(c)):
                        return False
                    return n
        tok = head
    return None


def _takes_subject(t: Token) -> bool:
    """Whether pron:subject applies: to a possessive ("its", "his", "their") and to the
    subject of a clause below another ("Apple said it will"), not to an object ("Klitschko
    dominated Rahman, knocking him down": an object pronoun is not its clause's subject),
    nor to "they" (a body's "they" is rare; "the Navy said it captured pirates as they
    tried" is the pirates)."""
    if t.dep_ == "poss":
        return True
    return t.dep_ in {"nsubj", "nsubjpass"} and t.lower_ not in {"they", "them"}


def _resolve_pronoun(art: _Article, t: Token) -> tuple[list[Named], str]:
    form = t.lower_
    cls, gender = PRONOUN_FORMS[form]
    subject = t.dep_ in {"nsubj", "nsubjpass"}
    reporting = subject and t.head.lemma_.lower() in REPORTING_VERBS
    if cls != "person":
        if form == "it" and reporting:
            speaker = _last_speaker(art, t)
            if isinstance(speaker, Named) and speaker.kind in BODY_KINDS:
                return [speaker], "pron:speaker"
            return [], "unresolved:no_candidate"
        if form == "it" and t.head.lemma_.lower() == "be":
            return [], "unresolved:pleonastic"  # "it was a good year": a thing, not a body
        gov = _governing_subject(art, t) if _takes_subject(t) else None
        if isinstance(gov, Named) and _compatible(art, gov, form):
            return [gov], "pron:subject"
        return [], "unresolved:plural" if cls == "group" else "unresolved:no_candidate"
    sentence = art.sent_of[t.i]
    if reporting:
        speaker = _last_speaker(art, t)
        if speaker is False or (isinstance(speaker, Named) and speaker.kind != "person"):
            return [], "unresolved:unnamed_speaker"
        if isinstance(speaker, Named):
            if art.fits(speaker.key, gender):
                return [speaker], "pron:speaker"
            return [], "unresolved:gender"
    gov = _governing_subject(art, t) if _takes_subject(t) else None
    if isinstance(gov, Named) and _compatible(art, gov, form):
        return [gov], "pron:subject"
    # Two sentences back: a person named just before the last one still competes.
    cands = [n for n in _window(art, t.i, sentence, 2) if n.kind == "person"]
    keys = list(dict.fromkeys(n.key for n in cands))
    fitting = [k for k in keys if art.fits(k, gender)]
    if keys and _unnamed_people(art, cands[0].start_tok, t.i):
        return [], "unresolved:ambiguous"
    if len(keys) == 1 and fitting:
        return [_latest(cands, keys[0])], "pron:single_person"
    if len(keys) == 1:
        return [], "unresolved:gender"
    return [], "unresolved:ambiguous" if keys else "unresolved:no_candidate"


# Parts of speech of a PRON row (a pronoun) or a DESC head (see `_is_head_candidate`).
_CANDIDATE_POS = frozenset({"PRON", "NOUN", "PROPN"})


def _row(article_id: str, doc: Doc, start: int, end: int, label: str, kind: str, descriptor: str | None, norm: str, ants: list[Named], rule: str) -> dict:
    span = doc[start:end]
    return {
        "mention_id": f"{article_id}:{span.start_char}-{span.end_char}",
        "article_id": article_id,
        "sentence_id": sentence_of_token(doc).get(start, 0),
        "start": span.start_char,
        "end": span.end_char,
        "text": doc_text(doc)[span.start_char : span.end_char],
        "label": label,
        "kind": kind,
        "descriptor": descriptor,
        "norm": norm,
        "antecedent_id": ";".join(a.mention_id for a in ants) or None,
        "coref_rule": rule,
    }


def coref_mentions(
    doc: Doc,
    article_id: str,
    named: list[Named],
    sent_of: dict[int, int],
    in_descriptor: set[int],
    beside: list[tuple[str, list[Token], Named]] = (),
) -> list[dict]:
    """DESC and PRON rows of one article, each with its antecedent(s) and rule.

    `named` are the article's named mentions (with their within-article key); `beside`
    the descriptions written next to one of them (rule, tokens, the named mention:
    mentions.descriptor_spans), which become DESC rows linked to it. Rows are returned in
    MENTIONS form without actor columns. Descriptions and pronouns are processed in text
    order, so a resolved one can be the antecedent of a later one ("the minister wrote ...
    he emphasized")."""
    art = _Article(doc, sent_of, list(named), set(in_descriptor))
    text = doc_text(doc)
    rows: list[dict] = []
    covered: set[int] = set()
    for rule, toks, n in beside:
        start, end = toks[0].i, toks[-1].i + 1
        while start > 0 and doc[start - 1].lower_ in {"the", "a", "an"}:
            start -= 1  # the row is the phrase as written ("the Apple CEO"); the descriptor drops the article
        if covered & set(range(start, end)):
            continue
        covered.update(range(start, end))
        desc = text[toks[0].idx : toks[-1].idx + len(toks[-1].text)]
        rows.append(_row(article_id, doc, start, end, "DESC", n.kind, desc, toks[-1].lemma_.lower(), [n], rule))
        for i in range(start, end):
            art.by_token.setdefault(i, n)
    for i, pos in enumerate(token_table(doc).pos):
        if pos not in _CANDIDATE_POS or i in covered:
            continue  # neither a pronoun nor a description head: no Token made
        t = doc[i]
        if t.lower_ in PRONOUN_FORMS and t.pos_ == "PRON":
            label, kind, (start, end) = "PRON", PRONOUN_FORMS[t.lower_][0], (t.i, t.i + 1)
            ants, rule = _resolve_pronoun(art, t)
            is_subject = t.dep_ in {"nsubj", "nsubjpass"} and t.head.pos_ in {"VERB", "AUX"}
            listed = t.lower_ in {"he", "she", "they"} or (t.lower_ == "it" and t.head.lemma_.lower() in REPORTING_VERBS)
            if not ants and not (is_subject and listed):
                continue  # an unlinked "its", "him", "it was": no row (mostly not an actor)
        else:
            cls = _is_head_candidate(t, in_descriptor)
            if cls is None:
                continue
            label, kind = "DESC", cls
            start, end = _span(t)
            if cls == "person":
                need = _count(t)
                ants, rule = _resolve_person_desc(art, t, start, end) if need == 1 else ([], "unresolved:plural")
            else:
                ants, rule = _resolve_group_desc(art, t, start, cls, _count(t))
        span = doc[start:end]
        words = [x for x in span if x.lower_ not in DEFINITE and x.dep_ not in {"det", "nummod"}]
        row = _row(
            article_id,
            doc,
            start,
            end,
            label,
            kind,
            text[words[0].idx : words[-1].idx + len(words[-1].text)] if label == "DESC" and words else None,
            t.lower_ if label == "PRON" else t.lemma_.lower(),
            ants,
            rule,
        )
        if ants:
            key = ants[0].key if len(ants) == 1 else ";".join(a.key for a in ants)
            gender = PRONOUN_FORMS[t.lower_][1] if label == "PRON" else ""
            art.add(Named(row["mention_id"], start, end, sent_of.get(start, 0), ants[0].kind if len(ants) == 1 else "group", key, gender=gender))
        rows.append(row)
    return rows
