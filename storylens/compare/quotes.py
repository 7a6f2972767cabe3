"""Quotations and their speakers: direct quotes by quotation marks, indirect speech by the parse.

Why rules and not a model: no attribution model installs here (no hub downloads), and the
annotated corpus we measure on (PolNeAR, `benchmarks/quotes_polnear.py`) is small enough
that a transparent rule set, tuned on its train/dev split, is easy to audit: every row says
which cue and which speaker span it rests on.

Two passes over one spaCy Doc:

1. *Marks*: quotation marks (straight and curly) are paired by a small state machine that
   knows how news writes quotes: a paragraph-spanning quote re-opens at each paragraph and
   closes only at the end; a quote whose opening mark was lost in extraction starts at its
   paragraph when its closing mark follows sentence punctuation (`...going," the minister
   wrote.`).
2. *Parse*: a reporting verb (say, tell, argue, ...) with a clausal complement is indirect
   speech; "according to X" attributes its clause to X. A direct quote inside such a
   complement makes the attribution *mixed*.

Each quote gets its cue (the reporting verb or phrase) and its source (the verb's subject,
the object of "according to", or — for a quote standing alone — the previous quote's
speaker). Pronoun and description speakers ("he", "the minister") keep their text in
`speaker_text`; `speaker_resolved_text` names the nearest preceding named speaker.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from spacy.tokens import Doc, Token

from storylens.nlp import children, doc_cached, doc_text, load_nlp, sentence_bounds, token_table

# Reporting frames: (verb lemma, complement that holds the content). Measured on PolNeAR
# *train* (300 articles from offset 100; the first 100, the dev and the test split were not
# used): a frame is kept when the verb, outside any annotated content, was annotated as a
# cue in at least half of its >= 3 occurrences with that complement. Counting only verbs
# outside content matters: "I think ..." inside a quote is never a separate attribution
# (PolNeAR is univocal), but "Trump thinks that ..." in the narrative is (0.83).
# ("hop" is the lemmatizer's reading of "hoping".)
CCOMP_CUES: frozenset[str] = frozenset(
    [
        "acknowledge",
        "add",
        "admit",
        "agree",
        "allege",
        "announce",
        "appear",
        "argue",
        "ask",
        "assert",
        "assume",
        "assure",
        "believe",
        "boast",
        "call",
        "caution",
        "claim",
        "complain",
        "concede",
        "conclude",
        "confirm",
        "consider",
        "contend",
        "continue",
        "convince",
        "decide",
        "declare",
        "deny",
        "describe",
        "determine",
        "discuss",
        "emphasize",
        "estimate",
        "expect",
        "explain",
        "express",
        "fear",
        "feel",
        "find",
        "hint",
        "hop",
        "hope",
        "imply",
        "indicate",
        "insist",
        "joke",
        "know",
        "learn",
        "note",
        "order",
        "point",
        "post",
        "predict",
        "promise",
        "prove",
        "question",
        "recall",
        "recognize",
        "recommend",
        "remark",
        "remind",
        "reply",
        "report",
        "require",
        "respond",
        "reveal",
        "say",
        "seem",
        "show",
        "speculate",
        "state",
        "stress",
        "suggest",
        "tell",
        "think",
        "tweet",
        "want",
        "warn",
        "wonder",
        "worry",
        "write",
    ]
    # Rare in PolNeAR but unambiguous reporting verbs of news English.
    + ["emphasise", "observe", "reiterate", "retort", "quip", "testify", "maintain", "affirm", "disclose", "counter", "mention"]
)
# Direct-object frames need more evidence (>= 0.6): an object is more often an ordinary
# participant than reported content.
DOBJ_CUES: frozenset[str] = frozenset(
    [
        "accuse",
        "acknowledge",
        "advocate",
        "anger",
        "announce",
        "applaud",
        "appoint",
        "argue",
        "articulate",
        "ask",
        "assail",
        "attack",
        "believe",
        "blame",
        "blast",
        "call",
        "cite",
        "claim",
        "condemn",
        "confirm",
        "consider",
        "criticize",
        "decry",
        "deem",
        "defend",
        "demand",
        "denounce",
        "deny",
        "describe",
        "detail",
        "disclose",
        "discuss",
        "dismiss",
        "distance",
        "echo",
        "emphasize",
        "endorse",
        "expect",
        "explain",
        "express",
        "favor",
        "fear",
        "foresee",
        "hail",
        "highlight",
        "identify",
        "ignore",
        "issue",
        "lament",
        "liken",
        "list",
        "love",
        "mention",
        "mock",
        "name",
        "negotiate",
        "note",
        "oppose",
        "point",
        "portray",
        "position",
        "praise",
        "prefer",
        "project",
        "promise",
        "propose",
        "publish",
        "question",
        "quote",
        "rebut",
        "recall",
        "recognize",
        "recommend",
        "recount",
        "reference",
        "reiterate",
        "reject",
        "release",
        "remind",
        "repeat",
        "report",
        "repudiate",
        "say",
        "seek",
        "show",
        "shrug",
        "slam",
        "stress",
        "suggest",
        "support",
        "tell",
        "thank",
        "tout",
        "urge",
        "view",
        "voice",
        "want",
        "warn",
        "write",
    ]
)
# Verbs whose object is usually the person addressed ("told reporters"), not the content:
# a person-like object goes to the `addressee` column instead.
ADDRESSEE_VERBS: frozenset[str] = frozenset(["tell", "ask", "remind", "urge", "warn", "assure", "inform", "brief"])
XCOMP_CUES: frozenset[str] = frozenset(
    [
        "agree",
        "aim",
        "appear",
        "ask",
        "avoid",
        "call",
        "consider",
        "decide",
        "decline",
        "expect",
        "hop",
        "intend",
        "know",
        "like",
        "look",
        "move",
        "offer",
        "persuade",
        "plan",
        "promise",
        "propose",
        "push",
        "refuse",
        "report",
        "say",
        "seek",
        "seem",
        "stop",
        "tell",
        "threaten",
        "urge",
        "vote",
        "vow",
        "want",
    ]
)
# Verb + preposition whose object is the content ("called for a ban", "accused her of
# lying"), from the same measurement, keeping the prepositions that introduce a topic
# (not "said in a statement", "said on Tuesday").
PREP_CUES: dict[str, frozenset[str]] = {
    lemma: frozenset(preps.split())
    for lemma, preps in {
        "accuse": "of",
        "agree": "with",
        "allude": "to",
        "apologize": "for",
        "argue": "for",
        "ask": "about",
        "balk": "at",
        "boast": "about of",
        "brag": "about",
        "call": "for on",
        "campaign": "against",
        "care": "about",
        "caution": "against",
        "charge": "with",
        "comment": "on",
        "complain": "about",
        "criticize": "for",
        "disagree": "with",
        "dwell": "on",
        "focus": "on",
        "open": "about",
        "pivot": "to",
        "point": "to",
        "push": "for",
        "rail": "against",
        "refer": "to",
        "report": "on",
        "respond": "to",
        "say": "about",
        "speak": "about of",
        "talk": "about",
        "think": "about",
        "vote": "against",
        "vouch": "for",
        "worry": "about",
    }.items()
}

# Verbs that can introduce a direct quote ("...," he continued): the clausal-report verbs,
# not stance verbs such as "support" or "like", which next to a quote are rarely its cue.
QUOTE_CUES: frozenset[str] = CCOMP_CUES | frozenset(
    [
        "write",
        "tweet",
        "post",
        "reply",
        "respond",
        "continue",
        "add",
        "exclaim",
        "shout",
        "yell",
        "ask",
        "wonder",
        "muse",
        "recount",
        "quote",
        "echo",
    ]
)
FRAME_CUES: frozenset[str] = CCOMP_CUES | DOBJ_CUES | XCOMP_CUES | frozenset(PREP_CUES)

DOUBLE_MARKS = {'"': "either", "\u201c": "open", "\u201d": "close", "\u201e": "open", "\u00ab": "open", "\u00bb": "close", "\u2033": "either"}
# A sentence end, not the period of "Ms." / "Sen." / "U.S." (fixed-width lookbehinds).
_ABBREV = [
    "Mr",
    "Ms",
    "Mrs",
    "Dr",
    "Sen",
    "Rep",
    "Gov",
    "Gen",
    "Lt",
    "Col",
    "Sgt",
    "St",
    "Jr",
    "Sr",
    "Prof",
    "Rev",
    "Adm",
    "Capt",
    "Cmdr",
    "Maj",
    "Pres",
    "Amb",
    "Atty",
    "Supt",
    "Inc",
    "Co",
    "Corp",
    "Ltd",
    "No",
    "vs",
    "etc",
    "Jan",
    "Feb",
    "Aug",
    "Sept",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
]
# The leading lookahead changes no match; it only spares the forty lookbehinds at every
# position that is not a full stop (it made this search thirty times faster).
_SENT_END = re.compile("(?=[.!?])" + "".join(f"(?<!\\b{a})" for a in _ABBREV) + r"(?<!\b[A-Z])[.!?](?=\s|$)|\n")


EXTRACT_COLUMNS = [
    "start",
    "end",
    "kind",
    "cue_start",
    "cue_end",
    "cue",
    "source_start",
    "source_end",
    "speaker_text",
    "speaker_resolved_text",
    "speaker_how",
    "addressee",
    "quote_text",
    "sentence_id",
    "paragraph",
    "attribution_id",
]


@dataclass
class _Attr:
    """One attribution while it is being built: content segments, cue, source."""

    segments: list[tuple[int, int]]
    kind: str
    cue: tuple[int, int] | None = None
    source: tuple[int, int] | None = None
    speaker_how: str = "none"
    speaker_text: str | None = None
    inner_quotes: list[tuple[int, int]] = field(default_factory=list)
    antecedent: str | None = None  # what a relative-pronoun speaker ("who") stands for
    addressee: str | None = None  # "reporters" in "told reporters"

    @property
    def start(self) -> int:
        return self.segments[0][0]


# ---------------------------------------------------------------- quotation marks


def _mark_role(text: str, i: int) -> str:
    """Open or close, from the mark's own shape and, for straight marks, its neighbours.

    Why context even for curly marks: extraction and some CMSs emit ” for both sides; a
    mark preceded by a space and followed by a letter opens whatever its shape.
    """
    ch = text[i]
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    opens_by_context = (prev.isspace() or prev in "([{—–-/") and not nxt.isspace()
    closes_by_context = not prev.isspace() and (nxt.isspace() or nxt in ".,;:!?)]}—–-" or i + 1 == len(text))
    shape = DOUBLE_MARKS[ch]
    if shape == "open":
        return "close" if closes_by_context and not opens_by_context else "open"
    if shape == "close":
        return "open" if opens_by_context and not closes_by_context else "close"
    if opens_by_context and not closes_by_context:
        return "open"
    if closes_by_context and not opens_by_context:
        return "close"
    return "either"


def _para_start(text: str, i: int) -> int:
    return text.rfind("\n", 0, i) + 1


def _para_end(text: str, i: int) -> int:
    j = text.find("\n", i)
    return len(text) if j < 0 else j


def find_quote_spans(text: str) -> list[tuple[int, int, bool]]:
    """Spans (start, end, opening_missing) of the text inside double quotation marks.

    The content excludes the marks. A paragraph-spanning quote is one span from the first
    opening mark to the last closing mark (the re-opening marks stay inside).
    """
    marks = [(i, _mark_role(text, i)) for i, ch in enumerate(text) if ch in DOUBLE_MARKS]
    spans: list[tuple[int, int, bool]] = []
    open_at: int | None = None
    last_end = 0
    for i, role in marks:
        if role == "either":
            role = "close" if open_at is not None else "open"
        if role == "open":
            # An unclosed quote followed by an opening mark at a paragraph start is a quote
            # running over several paragraphs: keep the first opening mark.
            if open_at is not None and i == _para_start(text, i) and "\n" in text[open_at:i]:
                continue
            open_at = i
            continue
        # closing mark
        if open_at is not None:
            spans.append((open_at + 1, i, False))
            open_at = None
            last_end = i + 1
            continue
        # A closing mark with no opening: the opening mark was lost. Trust it only when it
        # follows sentence punctuation and nothing else was quoted earlier in the paragraph.
        ps = _para_start(text, i)
        if i > 0 and text[i - 1] in ",.?!" and ps >= last_end and len(text[ps:i].split()) >= 4:
            spans.append((ps, i, True))
            last_end = i + 1
    return spans


# ---------------------------------------------------------------- spans from the parse


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Character span of tokens [start, end) without edge punctuation and spaces."""
    toks = [t for t in doc[start:end]]
    while toks and (toks[0].is_punct or toks[0].is_space) and toks[0].text not in DOUBLE_MARKS:
        toks.pop(0)
    while toks and (toks[-1].is_punct or toks[-1].is_space) and toks[-1].text not in DOUBLE_MARKS:
        toks.pop()
    if not toks:
        return (doc[start].idx, doc[start].idx)
    return toks[0].idx, toks[-1].idx + len(toks[-1])


def _np_span(doc: Doc, head: Token, cue: Token | None = None) -> tuple[int, int]:
    """The speaker's noun phrase: its whole subtree (PolNeAR keeps appositions and relative
    clauses: "Huma Abedin, vice chairwoman for Clinton's campaign"), cut before the cue verb
    when the verb hangs inside it ("911 calls saying ...")."""
    lo, hi = head.left_edge.i, head.right_edge.i + 1
    # A dateline glued to the subject ("MACAU (Reuters) – Top donor Sheldon Adelson"): the
    # speaker starts after the dash.
    dashes = [t.i for t in doc[lo : head.i] if t.text in ("–", "—", "--")]
    if dashes:
        lo = dashes[-1] + 1
    if cue is not None and lo <= cue.i < hi:
        # The speaker ends where the dependent holding the cue begins.
        hi = head.i + 1
        for c in head.rights:
            if c.left_edge.i <= cue.i <= c.right_edge.i:
                hi = c.left_edge.i
                break
            hi = c.right_edge.i + 1
    return _trim(doc, lo, hi)


def _subject(verb: Token) -> Token | None:
    """Subject of a reporting verb, following conjunctions and participles to their head."""
    seen = 0
    tok: Token | None = verb
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head  # "911 calls saying shots have been fired"
    while tok is not None and seen < 4:
        for child in children(tok):
            if child.dep_ in ("nsubj", "nsubjpass") and child.i != verb.i:
                if child.dep_ == "nsubjpass" and tok.i == verb.i:
                    # Passive reporting ("it was reported by X"): the agent speaks.
                    agent = next((c for c in children(tok) if c.dep_ == "agent"), None)
                    pobj = next((c for c in children(agent) if c.dep_ == "pobj"), None) if agent else None
                    return pobj
                return child
        if tok.dep_ in ("conj", "advcl", "xcomp", "parataxis") and tok.head.i != tok.i and tok.head.pos_ in ("VERB", "AUX"):
            tok = tok.head
            seen += 1
            continue
        return None
    return None


def _cue_span(doc: Doc, verb: Token, prep: Token | None = None) -> tuple[int, int]:
    """The cue: the verb with its auxiliaries, negation, particle and the preposition that
    opens the content ("has said", "pointed out", "called for")."""
    toks = [verb] + [c for c in children(verb) if c.dep_ in ("aux", "auxpass", "neg", "prt")]
    # Adverbs inside the verb group ("also said", "has repeatedly cited"), weekdays right
    # after it ("said Tuesday"), "in a statement" and a passive "by": PolNeAR's cue spans.
    lo_aux = min(t.i for t in toks)
    for c in children(verb):
        if (
            c.dep_ == "advmod"
            and lo_aux - 1 <= c.i < verb.i
            and c.i + 1 in {t.i for t in toks} | {verb.i}
            or c.dep_ == "npadvmod"
            and c.i == verb.i + 1
            and c.ent_type_ == "DATE"
        ):
            toks.append(c)
        elif c.dep_ == "prep" and c.i == verb.i + 1 and c.lower_ == "in":
            obj = next((g for g in children(c) if g.dep_ == "pobj" and g.lemma_.lower() in ("statement", "interview", "email", "tweet", "post")), None)
            if obj is not None:
                toks += [c, obj]
        elif c.dep_ == "agent" and c.i == verb.i + 1:
            toks.append(c)
    if prep is not None and prep.i > verb.i:
        toks += [t for t in doc[verb.i + 1 : prep.i + 1] if t.i == prep.i or t.dep_ in ("prt", "neg")]
    lo = min(t.i for t in toks)
    hi = max(t.i for t in toks) + 1
    return doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])


def _is_cue_verb(tok: Token, lexicon: frozenset[str] = FRAME_CUES) -> bool:
    return tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in lexicon and tok.dep_ not in ("amod", "compound")


def _inside(span: tuple[int, int], spans: Iterable[tuple[int, int]]) -> bool:
    return any(s <= span[0] and span[1] <= e for s, e in spans)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _addressee_like(tok: Token, lemma: str) -> bool:
    """An object that names who was spoken to: a pronoun, a name, or any object of tell/ask."""
    if tok.pos_ == "PRON":
        return True
    if lemma in ADDRESSEE_VERBS:
        return tok.pos_ == "PROPN" or tok.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or tok.tag_ == "NNS"
    return False


# Nouns that report a statement when they take a "that" clause ("Trump's claim that ...").
NOUN_CUES: frozenset[str] = frozenset(
    [
        "claim",
        "assertion",
        "statement",
        "suggestion",
        "argument",
        "warning",
        "promise",
        "pledge",
        "belief",
        "view",
        "comment",
        "remark",
        "allegation",
        "accusation",
        "charge",
        "insistence",
        "contention",
        "admission",
        "acknowledgment",
        "announcement",
        "prediction",
        "threat",
        "vow",
        "complaint",
        "testimony",
        "report",
    ]
)


# Nouns whose prepositional object is the content ("his support for X", "a swipe at Y").
NOUN_PREP_CUES: dict[str, frozenset[str]] = {
    lemma: frozenset(preps.split())
    for lemma, preps in {
        "support": "for",
        "criticism": "of",
        "praise": "for",
        "mention": "of",
        "comment": "on about",
        "question": "about",
        "call": "for",
        "endorsement": "of",
        "opposition": "to",
        "warning": "about of against",
        "swipe": "at",
        "condemnation": "of",
    }.items()
}


def _noun_attribution(doc: Doc, noun: Token) -> _Attr | None:
    """ "X's claim that Y" / "the claim by X that Y" / "X tweeted support for Y": cue the
    noun, content the clause or the prepositional object; the source is the possessor, a
    "by" phrase, or the subject of the verb the noun is the object of."""
    lemma = noun.lemma_.lower()
    clause = (
        next(
            (c for c in children(noun) if c.dep_ in ("acl", "ccomp", "appos") and any(g.dep_ == "mark" and g.lower_ == "that" for g in children(c))),
            None,
        )
        if lemma in NOUN_CUES
        else None
    )
    if clause is None and lemma in NOUN_PREP_CUES:
        prep = next((c for c in children(noun) if c.dep_ == "prep" and c.lower_ in NOUN_PREP_CUES[lemma]), None)
        clause = next((g for g in children(prep) if g.dep_ in ("pobj", "pcomp")), None) if prep is not None else None
    if clause is None:
        return None
    src_tok = next((c for c in children(noun) if c.dep_ == "poss"), None)
    if src_tok is None:
        by = next((c for c in children(noun) if c.dep_ == "prep" and c.lower_ in ("by", "from")), None)
        src_tok = next((g for g in children(by) if g.dep_ == "pobj"), None) if by is not None else None
    if src_tok is None and noun.dep_ == "dobj" and noun.head.pos_ == "VERB":
        src_tok = _subject(noun.head)
        if src_tok is not None:
            s, e = _np_span(doc, src_tok, noun.head)
            content = _trim(doc, clause.left_edge.i, clause.right_edge.i + 1)
            return _Attr([content], "indirect", (noun.idx, noun.idx + len(noun)), (s, e), "subject")
    source = _trim(doc, src_tok.left_edge.i, src_tok.i + 1) if src_tok is not None else None
    if source is None:
        return None  # a bare "the claim that ..." says nothing about who speaks
    content = _trim(doc, clause.left_edge.i, clause.right_edge.i + 1)
    return _Attr([content], "indirect", (noun.idx, noun.idx + len(noun)), source, "possessor" if source else "none")


def _antecedent(doc: Doc, subj: Token | None) -> str | None:
    """The noun phrase a relative-pronoun subject stands for ("John Kirby, who told ...")."""
    if subj is None or subj.tag_ not in ("WP", "WDT") or subj.head.dep_ != "relcl":
        return None
    head = subj.head.head
    s, e = _np_span(doc, head, subj.head)
    return doc_text(doc)[s:e]


def _addressee_text(doc: Doc, verb: Token) -> str | None:
    """Who was spoken to ("reporters" in "told reporters"), kept apart from the cue so the
    cue span stays the verb group, as PolNeAR annotates it."""
    lemma = verb.lemma_.lower()
    for c in children(verb):
        if c.dep_ in ("dobj", "dative") and lemma in ADDRESSEE_VERBS and _addressee_like(c, lemma):
            s, e = _trim(doc, c.left_edge.i, c.right_edge.i + 1)
            return doc_text(doc)[s:e]
    return None


# Parts of speech of a cue noun or verb; "according" is tested on its own.
_INDIRECT_POS = frozenset({"NOUN", "VERB", "AUX"})


def _indirect(doc: Doc, quoted: list[tuple[int, int]]) -> list[_Attr]:
    """Reported speech from the parse: cue verb + clausal complement, and "according to"."""
    out: list[_Attr] = []
    table = token_table(doc)
    for i, (pos, lower) in enumerate(zip(table.pos, table.lower, strict=True)):
        if pos not in _INDIRECT_POS and lower != "according":
            continue  # no cue of any kind below: no Token made
        tok = doc[i]
        if tok.lower_ == "according":
            to = next((c for c in children(tok) if c.lower_ == "to"), None)
            pobj = next((c for c in children(to) if c.dep_ == "pobj"), None) if to is not None else None
            if pobj is None:
                continue
            cue = (tok.idx, to.idx + len(to))
            phrase = (tok.left_edge.i, max(tok.right_edge.i, pobj.right_edge.i) + 1)
            # The content is the clause the phrase modifies, minus the phrase itself: take
            # the longer side of the sentence.
            sent = tok.sent
            left = (sent.start, phrase[0])
            right = (phrase[1], sent.end)
            lo, hi = left if (left[1] - left[0]) >= (right[1] - right[0]) else right
            if hi - lo < 3:
                continue
            content = _trim(doc, lo, hi)
            out.append(_Attr([content], "indirect", cue, _np_span(doc, pobj), "according_to"))
            continue
        if tok.pos_ == "NOUN" and (tok.lemma_.lower() in NOUN_CUES or tok.lemma_.lower() in NOUN_PREP_CUES):
            noun = _noun_attribution(doc, tok)
            if noun is not None:
                out.append(noun)
            continue
        if not _is_cue_verb(tok):
            continue
        lemma = tok.lemma_.lower()
        comp = next((c for c in children(tok) if c.dep_ == "ccomp"), None) if lemma in CCOMP_CUES else None
        if comp is None and lemma in XCOMP_CUES:
            comp = next((c for c in children(tok) if c.dep_ == "xcomp"), None)
        if comp is None and lemma in DOBJ_CUES:
            comp = next((c for c in children(tok) if c.dep_ == "dobj" and not _addressee_like(c, lemma)), None)
        if comp is None and lemma in DOBJ_CUES and any(c.dep_ == "agent" for c in children(tok)):
            # Passive: "the plan was endorsed by the mayor" - the subject is the content.
            comp = next((c for c in children(tok) if c.dep_ == "nsubjpass"), None)
        prep = None
        if comp is None and lemma in PREP_CUES:
            # The topic follows the verb: "On January 10, X is calling for ..." is a date.
            prep = next((c for c in children(tok) if c.dep_ == "prep" and c.i > tok.i and c.lower_ in PREP_CUES[lemma]), None)
            comp = next((g for g in children(prep) if g.dep_ in ("pobj", "pcomp")), None) if prep is not None else None
            if comp is None:
                # "calling for the United States to step up": the preposition is parsed as
                # the marker of an infinitive clause.
                for c in children(tok):
                    mark = next((m for m in children(c) if m.dep_ == "mark" and m.lower_ in PREP_CUES[lemma]), None)
                    if c.dep_ == "advcl" and mark is not None and mark.i > tok.i:
                        comp, prep = c, mark
                        break
        subj = _subject(tok)
        segments: list[tuple[int, int]] = []
        if comp is not None:
            lo, hi = comp.left_edge.i, comp.right_edge.i + 1
            # A ccomp that swallows the cue (parse error on "X, he said, Y") is not content.
            if not lo <= tok.i < hi:
                segments = [_trim(doc, lo, hi)]
        elif tok.dep_ == "parataxis" and subj is not None and subj.head.i == tok.i:
            # "This campaign, he says, is different": the content is the host clause on
            # both sides of the inserted cue clause.
            head = tok.head
            cut_lo, cut_hi = tok.left_edge.i, tok.right_edge.i + 1
            segments = [_trim(doc, head.left_edge.i, cut_lo), _trim(doc, cut_hi, head.right_edge.i + 1)]
        segments = [sg for sg in segments if sg[1] - sg[0] >= 2]
        if not segments:
            continue
        source = _np_span(doc, subj, tok) if subj is not None else None
        att = _Attr(segments, "indirect", _cue_span(doc, tok, prep), source, "subject" if source else "none")
        att.antecedent = _antecedent(doc, subj)
        att.addressee = _addressee_text(doc, tok)
        out.append(att)
    out.extend(_headline_colons(doc))
    return out


_COLON_LINE = re.compile(r"^[ \t]*([A-Z][^\n:]{1,60}?):[ \t]+(\S[^\n]*?)[ \t]*$", re.M)


# Document furniture that looks like "Name: statement" but is a label.
_LABELS = frozenset(
    [
        "correction",
        "corrections",
        "editor's",
        "note",
        "note",
        "update",
        "updated",
        "author",
        "source",
        "sources",
        "photo",
        "photos",
        "image",
        "caption",
        "video",
        "watch",
        "read",
        "more",
        "related",
        "see",
        "also",
        "disclosure",
        "disclaimer",
        "languages",
        "language",
        "tags",
        "filed",
        "under",
        "published",
        "posted",
    ]
) | {"editor's note", "read more", "see also", "filed under"}


def _headline_colons(doc: Doc) -> list[_Attr]:
    """Headline attribution "Graham: Trump's rhetoric destroying GOP's chance".

    A whole line of the form `Name: statement` where the name part is a short noun phrase
    (no verb, at most six words) and the statement has at least four words: labels such as
    "Author: Jane Doe" or "Languages: English" are too short to pass.
    """
    out = []
    text = doc_text(doc)
    for m in _COLON_LINE.finditer(text):
        src, content = m.span(1), m.span(2)
        if len(text[content[0] : content[1]].split()) < 4 or len(text[src[0] : src[1]].split()) > 6:
            continue
        if text[src[0] : src[1]].strip().lower().replace("’", "'") in _LABELS:
            continue
        toks = _tokens_in(doc, *src)
        if not toks or any(t.pos_ in ("VERB", "AUX") for t in toks) or not any(t.pos_ in ("PROPN", "NOUN") for t in toks):
            continue
        cue = (src[1], src[1] + 1)
        out.append(_Attr([_trim_span(text, *content)], "indirect", cue, src, "colon"))
    return out


# ---------------------------------------------------------------- direct quotes


def _window(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around a quote where its cue may stand: back to the previous sentence end
    (or paragraph start), forward to the next sentence end, each inside the paragraph."""
    ps, pe = _para_start(text, start), _para_end(text, end)
    back = ps
    for m in _SENT_END.finditer(text, ps, start):
        back = m.end()
    fwd_m = _SENT_END.search(text, end + 1, pe)
    fwd = fwd_m.end() if fwd_m else pe
    return back, fwd


def _tokens_in(doc: Doc, lo: int, hi: int) -> list[Token]:
    """Tokens lying wholly inside [lo, hi): a span lookup, not a scan of the whole doc
    (this runs several times per quote and was a third of the build's analysis time)."""
    if hi <= lo or len(doc) == 0:
        return []
    doc_end = doc[-1].idx + len(doc[-1].text_with_ws)
    span = doc.char_span(max(0, lo), min(hi, doc_end), alignment_mode="contract")
    return list(span) if span is not None else []


def _find_cue(doc: Doc, text: str, start: int, end: int, quoted: list[tuple[int, int]]) -> tuple[Token | None, str]:
    """Nearest cue verb outside any quote in the quote's window; "colon" when the quote
    follows "X said:" in the same paragraph."""
    lo, hi = _window(text, start, end)
    toks = [t for t in _tokens_in(doc, lo, hi) if not _inside((t.idx, t.idx + len(t)), quoted)]
    cands = [t for t in toks if _is_cue_verb(t, QUOTE_CUES)]
    if not cands:
        # A stance verb right next to the quote is its cue too ("...?" Vitter demanded;
        # "dismissed X as being in the “suburbs”"): at most four words away.
        cands = [
            t
            for t in toks
            if _is_cue_verb(t)
            and (0 <= t.idx - end <= 40 and len(text[end : t.idx].split()) <= 4 or 0 <= start - t.idx <= 60 and len(text[t.idx : start].split()) <= 5)
        ]
    if not cands:
        return None, "none"
    # Prefer the cue just after the quote ("...," he said), then the one just before.
    after = [t for t in cands if t.idx >= end]
    before = [t for t in cands if t.idx < start]
    if after and (not before or after[0].idx - end <= start - before[-1].idx + 20):
        return after[0], "subject"
    return before[-1], "subject"


_DASH_NAME = re.compile(r"[ \t]*[―—–-][ \t]*([A-Z][^\n,.;:!?―—–]{1,60}?)[ \t]*(?:[,.]|$)", re.M)


def _dash_source(doc: Doc, text: str, end: int) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """(cue, source) of a quote signed after a dash: “...” ― Martha Aguilar."""
    m = _DASH_NAME.match(text, end + 1)
    if m is None or len(m.group(1).split()) > 6:
        return None
    toks = _tokens_in(doc, *m.span(1))
    if not toks or not any(t.pos_ == "PROPN" or t.ent_type_ for t in toks):
        return None
    dash = m.start() + len(m.group(0)) - len(m.group(0).lstrip(" \t"))
    return (dash, dash + 1), m.span(1)


def _colon_intro(doc: Doc, text: str, start: int) -> Token | None:
    """The verb of a clause ending in a colon just before the quote ("Cruz continued:\n\n“...”").

    Any verb with a subject counts: the colon itself marks the clause as introducing speech
    ("Cruz called them on it:").
    """
    j = start - 1  # the opening mark
    while j > 0 and text[j - 1].isspace():
        j -= 1
    if j <= 0 or text[j - 1] != ":":
        return None
    colon = j - 1
    lo = max(_para_start(text, colon), max((m.end() for m in _SENT_END.finditer(text, _para_start(text, colon), colon)), default=0))
    verbs = [t for t in _tokens_in(doc, lo, colon) if t.pos_ == "VERB" and _subject(t) is not None]
    return verbs[-1] if verbs else None


def _speaker_near(doc: Doc, verb: Token, lo: int, hi: int) -> tuple[int, int] | None:
    """Speaker of a quote's cue verb: its subject, else a name or pronoun next to it."""
    subj = _subject(verb)
    if subj is not None:
        return _np_span(doc, subj, verb)
    # "... ," said the minister — the parser sometimes hangs the name as dobj/attr.
    for child in children(verb):
        if child.dep_ in ("dobj", "attr", "npadvmod") and (child.pos_ in ("PROPN", "PRON") or child.ent_type_):
            return _np_span(doc, child)
    return None


# ---------------------------------------------------------------- speakers


def _is_named(doc: Doc, span: tuple[int, int]) -> bool:
    """A name ("Kirby", "The Wall Street Journal"), not a description ("the minister",
    "The British Defense Minister") or a pronoun.

    Why the head decides after a determiner: the small model tags title-case common nouns
    ("Minister") as PROPN, so a capital letter is not enough; a determiner-led phrase is a
    name only when its head word is inside a PERSON or ORG entity.
    """
    toks = [t for t in _tokens_in(doc, *span) if not t.is_punct]
    if not toks:
        return False
    if toks[0].dep_ == "det" or toks[0].lower_ in ("the", "a", "an", "this", "that"):
        head = min(toks, key=lambda t: t.depth if hasattr(t, "depth") else len(list(t.ancestors)))
        return head.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
    return any((t.pos_ == "PROPN" and t.text[:1].isupper()) or t.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") for t in toks)


_PERSON_PRONOUNS = {"he", "she", "him", "her", "i", "me"}
_GROUP_PRONOUNS = {"they", "them", "it", "we", "us"}
_DEFINITE = {"the", "this", "that", "these", "those", "his", "her", "its", "their"}


def _resolve(doc: Doc, attrs: list[_Attr]) -> list[str | None]:
    """Named speaker for each attribution, by documented rules (no coreference model runs here).

    - a named speaker resolves to itself;
    - he / she -> the nearest preceding named speaker that is a PERSON, else the nearest
      preceding PERSON entity; they / it / we -> the nearest preceding named speaker;
    - a definite description ("the minister") -> the nearest preceding named speaker whose
      name contains the description's head word ("UK Defense Minister Grant Shapps"),
      else the nearest preceding named speaker;
    - a quote standing alone -> the previous quote's resolved speaker;
    - anything else (a bare "Western countries") stays unresolved.

    Why speakers first: in news a pronoun attribution ("he continued") nearly always refers
    to the last person quoted, who need not be the last person named.
    """
    resolved: list[str | None] = []
    history: list[tuple[str, bool]] = []  # (name, is_person), in text order
    for a in attrs:
        if a.speaker_how == "previous_quote" or a.source is None:
            resolved.append(resolved[-1] if (a.speaker_how == "previous_quote" and resolved) else None)
            continue
        txt = a.speaker_text or ""
        toks = [t for t in _tokens_in(doc, *a.source) if not t.is_punct]
        if a.antecedent:
            resolved.append(a.antecedent)
            history.append((a.antecedent, True))
            continue
        if _is_named(doc, a.source):
            resolved.append(txt)
            history.append((txt, any(t.ent_type_ == "PERSON" for t in toks) or not any(t.ent_type_ in ("ORG", "GPE", "NORP") for t in toks)))
            continue
        first = toks[0].lower_ if toks else ""
        cand: str | None = None
        if len(toks) == 1 and first in _PERSON_PRONOUNS:
            cand = next((n for n, person in reversed(history) if person), None)
            if cand is None:
                ents = [e for e in doc.ents if e.end_char <= a.source[0] and e.label_ == "PERSON"]
                cand = ents[-1].text if ents else None
        elif len(toks) == 1 and first in _GROUP_PRONOUNS:
            cand = history[-1][0] if history else None
        elif first in _DEFINITE and toks:
            head = toks[-1].lower_
            cand = next((n for n, _ in reversed(history) if head in n.lower().split()), None)
            if cand is None and first not in ("his", "her", "its", "their") and history:
                cand = history[-1][0]
        resolved.append(cand)
    return resolved


# ---------------------------------------------------------------- public entry point


NESTED = True


def extract_quotes(text: str, doc: Doc | None = None) -> pd.DataFrame:
    """Quotes and reported speech in `text`, one row per contiguous content span.

    `doc` is an optional spaCy Doc of exactly `text` (from `storylens.nlp.load_nlp()`), so
    the build parses each article once. Columns: see `EXTRACT_COLUMNS`; offsets point into
    `text`; a quote split around its attribution gives two rows with one `attribution_id`.
    """
    if doc is None:
        doc = load_nlp()(text)
    df = pd.DataFrame(quote_records(text, doc), columns=EXTRACT_COLUMNS)
    for c in ("start", "end", "cue_start", "cue_end", "source_start", "source_end", "sentence_id", "paragraph", "attribution_id"):
        df[c] = df[c].astype("Int64")
    return df


def doc_quote_spans(doc: Doc) -> list[tuple[int, int, bool]]:
    """`find_quote_spans` of a parse's text, once per Doc (quotes, events and interactions
    all ask which words stand inside quotation marks)."""
    return doc_cached(doc, "quote_spans", lambda d: find_quote_spans(doc_text(d)))


def quote_records(text: str, doc: Doc) -> list[dict[str, Any]]:
    """The rows of `extract_quotes` as plain dicts (keys: EXTRACT_COLUMNS), for the build."""
    if doc_text(doc) != text:
        raise ValueError("doc must be a parse of exactly `text`")

    marks = doc_quote_spans(doc)
    quoted = [(s, e) for s, e, _ in marks]
    indirect = _indirect(doc, quoted)
    # Nested attributions ("X said Y claimed Z"): keep the outer one, as annotators do, and
    # drop indirect content that is itself a direct quote's content (handled below).
    indirect = [a for a in indirect if not _inside(a.cue, [b.segments[0] for b in indirect if b is not a])]
    indirect = [a for a in indirect if not _inside(a.cue, quoted)]

    attrs: list[_Attr] = []
    used_marks: set[int] = set()
    # "According to X, “...”": the parse pass found the cue of a direct quote.
    given: dict[int, _Attr] = {}
    for a in indirect:
        inner = [q for q in quoted if _overlaps(q, a.segments[0])]
        if inner:
            s, e = a.segments[0]
            covers = all(_inside(q, [(s - 1, e + 1)]) for q in inner)
            whole = any(q[0] <= s + 1 and e - 1 <= q[1] for q in inner)
            if whole:
                # The "indirect" content is the direct quote itself: the quote pass owns
                # the content, this attribution lends it its cue and source.
                for i, q in enumerate(quoted):
                    if q in inner:
                        given.setdefault(i, a)
                continue
            if covers:
                a.kind = "mixed"
                # The parse often leaves the closing mark (and the period before it) outside
                # the clause: the content runs to the end of the last quoted part.
                last = max(q[1] for q in inner)
                if last >= a.segments[-1][1]:
                    a.segments[-1] = (a.segments[-1][0], last)
                a.inner_quotes = inner
                used_marks.update(i for i, q in enumerate(quoted) if q in inner)
        attrs.append(a)

    prev: _Attr | None = None
    direct: list[_Attr] = []
    for i, (s, e, _missing) in enumerate(marks):
        if i in used_marks:
            continue
        seg = _trim_span(text, s, e)
        if seg[1] <= seg[0]:
            continue
        verb, how = _find_cue(doc, text, s, e, quoted)
        if verb is None and i not in given:
            verb = _colon_intro(doc, text, s)
        n_words = len(text[seg[0] : seg[1]].split())
        if _is_title(text, s, seg):
            continue
        signed = _dash_source(doc, text, e) if verb is None and i not in given else None
        if i in given and verb is None:
            g = given[i]
            a = _Attr([seg], "direct", g.cue, g.source, g.speaker_how)
        elif signed is not None:
            a = _Attr([seg], "direct", signed[0], signed[1], "signature")
        elif verb is not None:
            src = _speaker_near(doc, verb, *_window(text, s, e))
            a = _Attr([seg], "direct", _cue_span(doc, verb), src, "subject" if src else "none")
            a.antecedent = _antecedent(doc, _subject(verb))
            a.addressee = _addressee_text(doc, verb)
            # Split quote: same cue as the previous quote, in the same paragraph.
            if prev is not None and prev.cue == a.cue and prev.kind == "direct":
                prev.segments.append(seg)
                continue
        else:
            host = _continued(text, s, attrs + direct)
            if host is not None:
                host.segments.append(seg)  # a quote paragraph continuing the attribution before it
                continue
            near_prev = (
                prev is not None
                and prev.kind == "direct"
                and (
                    _para_start(text, s) <= prev.segments[-1][1]
                    or _para_start(text, s) == _para_end(text, prev.segments[-1][1]) + 1
                    or text[prev.segments[-1][1] : s].count("\n") <= 2
                )
            )
            if n_words < 4 and not near_prev:
                continue  # scare quotes and titles: a short quoted phrase with no cue
            if near_prev and _para_start(text, s) <= prev.segments[-1][1] + 2 and _between_is_cue(text, prev, s):
                prev.segments.append(seg)  # "...," he continued. "..." : the continuation
                continue
            if prev is not None and near_prev:
                a = _Attr([seg], "direct", None, None, "previous_quote")
                a.speaker_text = prev.speaker_text
            elif n_words >= 4:
                a = _Attr([seg], "direct", None, None, "none")
            else:
                continue
        direct.append(a)
        prev = a

    attrs.extend(direct)
    attrs.sort(key=lambda a: a.start)
    for a in attrs:
        if a.source is not None and a.speaker_text is None:
            a.speaker_text = text[a.source[0] : a.source[1]]
    resolved = _resolve(doc, attrs)

    sent_starts = [b[2] for b in sentence_bounds(doc)]
    rows = []
    for aid, (a, res) in enumerate(zip(attrs, resolved)):
        for s, e in a.segments:
            rows.append(
                {
                    "start": s,
                    "end": e,
                    "kind": a.kind,
                    "cue_start": a.cue[0] if a.cue else None,
                    "cue_end": a.cue[1] if a.cue else None,
                    "cue": text[a.cue[0] : a.cue[1]] if a.cue else None,
                    "source_start": a.source[0] if a.source else None,
                    "source_end": a.source[1] if a.source else None,
                    "speaker_text": a.speaker_text,
                    "speaker_resolved_text": res,
                    "speaker_how": a.speaker_how,
                    "addressee": a.addressee,
                    "quote_text": text[s:e],
                    "sentence_id": _bisect(sent_starts, s),
                    "paragraph": _paragraph_index(text, s),
                    "attribution_id": aid,
                }
            )
    return rows


_TITLE_PREPS = frozenset(["on", "to", "in", "at", "for", "from", "of", "with", "told", "via"])


def _is_title(text: str, open_at: int, seg: tuple[int, int]) -> bool:
    """A quoted show or article title ("said on “Fox News Sunday.”"): a short run of
    capitalised words right after a preposition. Titles are names, not speech."""
    ws = re.findall(r"[\w'’]+", text[seg[0] : seg[1]])
    if not ws or len(ws) > 6 or not all(w[0].isupper() or w[0].isdigit() or w.lower() in ("of", "the", "a", "and", "in", "on", "it", "to", "for") for w in ws):
        return False
    before = re.findall(r"[\w'’]+", text[max(0, open_at - 20) : open_at])
    return bool(before) and before[-1].lower() in _TITLE_PREPS


def _continued(text: str, s: int, attrs: list[_Attr]) -> _Attr | None:
    """The attribution a cue-less quote paragraph continues, if any.

    News often attributes once and then quotes on: "Kerry said that 100,000 would be
    accepted.\n\n“That adds up to 185,000 over two years.”" The quote must open its
    paragraph, and the previous paragraph must end with an attribution that has a speaker
    (at most a dozen words after its content).
    """
    open_at = s - 1
    if open_at < 0 or _para_start(text, open_at) != open_at:
        return None
    before = [a for a in attrs if a.segments[-1][1] <= open_at]
    if not before:
        return None
    last = max(before, key=lambda a: a.segments[-1][1])
    gap = text[last.segments[-1][1] : open_at]
    if last.source is None or last.kind == "direct" or gap.count("\n") > 2 or len(gap.split()) > 12:
        return None
    if any(a is not last and last.segments[-1][1] <= a.start < open_at for a in attrs):
        return None
    return last


def _between_is_cue(text: str, prev: _Attr, s: int) -> bool:
    """True when only the previous quote's attribution stands between it and this quote."""
    gap = text[prev.segments[-1][1] : s]
    return prev.cue is not None and prev.segments[-1][1] <= prev.cue[0] < s and len(gap.split()) <= 30


def _trim_span(text: str, s: int, e: int) -> tuple[int, int]:
    """Content without surrounding spaces and the comma that precedes a closing mark."""
    while s < e and text[s].isspace():
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] == ","):
        e -= 1
    return s, e


def _bisect(starts: list[int], pos: int) -> int:
    import bisect

    return max(0, bisect.bisect_right(starts, pos) - 1)


def _paragraph_index(text: str, pos: int) -> int:
    """Paragraphs are separated by blank lines (tables.SENTENCES.paragraph)."""
    return len(re.findall(r"\n\s*\n", text[:pos]))
