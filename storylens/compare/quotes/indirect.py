"""Indirect speech read from the dependency parse: "X said that ...", "according to X", headline colons.

Each attribution is an `_Attr` with its cue, speaker span and content span, so a reader can
see which words every quote rests on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from storylens.compare.quotes.cues import (
    ADDRESSEE_VERBS,
    ADJ_PREP_CUES,
    CCOMP_CUES,
    DOBJ_CUES,
    FRAME_CUES,
    NOUN_CUES,
    NOUN_PREP_CUES,
    NOUN_TO_CUES,
    OPRD_CUES,
    PREP_CUES,
    SPEECH_VERBS,
    XCOMP_CUES,
)
from storylens.compare.quotes.spans import _tokens_in, _trim, _trim_span
from storylens.nlp import children, doc_text, token_table


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
    frame: str = "quote"  # how the content hangs on the cue: quote, ccomp, xcomp, dobj, oprd, prep, colon, ...
    lemma: str | None = None  # the cue word's lemma, for `cues.is_speech`
    antecedent: str | None = None  # what a relative-pronoun speaker ("who") stands for
    addressee: str | None = None  # "reporters" in "told reporters"
    verb: int | None = None  # token index of a verb cue found from its frame (for the learned filter)
    subj: int | None = None  # token index of that verb's subject

    @property
    def start(self) -> int:
        return self.segments[0][0]


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
    # The same without a dash ("WASHINGTON (AP) Donald Trump and House Speaker Paul Ryan"):
    # a capitalised place, then the agency in brackets.
    closes = [t.i for t in doc[lo : head.i] if t.text == ")" and t.i >= lo + 2 and doc[t.i - 2].text == "(" and doc[t.i - 1].text.isupper()]
    if closes and doc[lo].text.isupper():
        lo = closes[-1] + 1
    if cue is not None and lo <= cue.i < hi:
        # The speaker ends where the dependent holding the cue begins.
        hi = head.i + 1
        for c in head.rights:
            if c.left_edge.i <= cue.i <= c.right_edge.i:
                hi = c.left_edge.i
                break
            hi = c.right_edge.i + 1
    return _trim(doc, lo, hi)


_MEDIUM_WORDS = "statement report letter email e-mail memo speech tweet post message release column op-ed editorial ad advertisement video interview note essay book paper filing document"
MEDIUM_NOUNS = frozenset(_MEDIUM_WORDS.split())
"""What someone issues or delivers: "released a statement saying ...", "published a report
detailing ...". The participle on it speaks for whoever issued it (on PolNeAR the annotated
source is that verb's subject), not for the document."""


# Adjectives whose subject is the one who does the infinitive ("voters are more likely to
# say", "he was quick to deny"); not "it's worth noting", where "it" says nothing.
_CONTROL_WORDS = "likely unlikely able unable ready eager willing unwilling quick keen happy reluctant careful sure certain apt prepared determined inclined"
_CONTROL_ADJECTIVES = frozenset(_CONTROL_WORDS.split())


def _subject(verb: Token) -> Token | None:
    """Subject of a reporting verb, following conjunctions and participles to their head."""
    seen = 0
    tok: Token | None = verb
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
        if verb.tag_ == "VBN":
            # "several firms sued by the NAACP for ...": the noun is the patient, the agent speaks.
            agent = next((c for c in children(verb) if c.dep_ == "agent"), None)
            return next((c for c in children(agent) if c.dep_ == "pobj"), None) if agent is not None else None
        medium = verb.head
        if medium.lemma_.lower() in MEDIUM_NOUNS and medium.dep_ in ("dobj", "pobj"):
            # "Trump issued a statement saying ...", "in a speech denouncing ...": who issued it.
            gov = medium.head if medium.dep_ == "dobj" else medium.head.head
            if gov.pos_ in ("VERB", "AUX") and gov.i != verb.i:
                return _subject(gov)
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
        head = tok.head
        if tok.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
            tok = head.head  # "Obama punctuated his list by saying ...": who punctuated
            seen += 1
            continue
        if tok.dep_ == "xcomp" and head.lemma_.lower() in _CONTROL_ADJECTIVES and head.dep_ in ("acomp", "amod") and head.head.pos_ in ("VERB", "AUX"):
            tok = head.head  # "Democratic voters are more likely to say ...": the voters
            seen += 1
            continue
        return None
    return None


_AUTHORIAL_WORDS = "worth important interesting fair safe notable noteworthy necessary useful"
_AUTHORIAL_ADJECTIVES = frozenset(_AUTHORIAL_WORDS.split())


def _authorial(verb: Token) -> bool:
    """A cue verb in the writer's own voice: "it's worth noting that", "it is important to
    note", "it should be noted that", an imperative "Note that ...". No one is quoted there,
    and a quote row without a speaker would present the outlet's words as someone's."""
    head = verb.head
    if head.lemma_.lower() in _AUTHORIAL_ADJECTIVES and verb.dep_ in ("xcomp", "pcomp", "advcl", "acl"):
        return True
    if verb.dep_ == "xcomp" and head.pos_ in ("AUX", "VERB") and any(c.dep_ == "acomp" and c.lemma_.lower() in _AUTHORIAL_ADJECTIVES for c in children(head)):
        return True  # "It is important to note": the infinitive hangs on "is"
    if any(c.dep_ == "nsubjpass" and c.lower_ == "it" for c in children(verb)):
        return True  # "it should be noted that"
    return verb.tag_ == "VB" and verb.i == verb.sent.start and not any(c.dep_ in ("nsubj", "aux") for c in children(verb))


def _is_relative(tok: Token) -> bool:
    """A relative pronoun opening a relative clause ("Kirby, who said ...")."""
    return tok.tag_ in ("WP", "WDT") and tok.head.dep_ == "relcl" and tok.head.head.i != tok.head.i


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


def _addressee_like(tok: Token, lemma: str) -> bool:
    """An object that names who was spoken to: a pronoun, a name, or any object of tell/ask."""
    if tok.pos_ == "PRON":
        return True
    if lemma in ADDRESSEE_VERBS:
        return tok.pos_ == "PROPN" or tok.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or tok.tag_ == "NNS"
    return False


QUANTITY_HEADS = frozenset({"amount", "number", "quantity", "volume"})
"""Heads of "an unprecedented amount of sanctions", "a number of missiles": a measure of
things, never words someone said. On PolNeAR train, 24 of 22,525 gold contents start with
such a phrase (mostly a clause around it: "the number of people collecting Social Security
to swell"), while "issuing an unprecedented amount of sanctions" is the kind of act the
object reading otherwise turns into a quote; the PolNeAR test scores did not move."""


DOCUMENT_OR_EVENT_HEADS = frozenset(
    ["report", "article", "story", "study", "survey", "poll", "document", "briefing", "interview", "investigation", "analysis"]
    + ["meeting", "session", "summit", "hearing", "conference", "talks", "vote", "referendum", "inquiry", "probe"]
)
"""Heads of a nominal "content" that names a text or an event, not what anyone said:
"pointing to a BBC report", "responded to reports of ...", "calling for a UN Security
Council meeting". The text or event is cited (the citations table keeps "a BBC report" as a
source), the words in it are not the speaker's."""


def _document_or_event(comp: Token) -> bool:
    """A nominal content headed by a document or event noun (see DOCUMENT_OR_EVENT_HEADS)."""
    return comp.pos_ in ("NOUN", "PROPN") and comp.lemma_.lower() in DOCUMENT_OR_EVENT_HEADS


TOPIC_VERBS = frozenset(["discuss", "address", "consider", "review", "examine", "debate"])
"""Verbs whose object is a topic: as an aim ("a meeting to discuss X") nothing was said yet."""


def _purpose_infinitive(verb: Token) -> bool:
    """ "a meeting to discuss X", "in order to tell": an infinitive of purpose states an aim,
    its object is a topic, not reported words."""
    return verb.dep_ in ("advcl", "acl", "relcl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in children(verb)) and verb.tag_ == "VB"


def _quantity_object(obj: Token) -> bool:
    """An object "an amount / a number of X": not the content of a cue verb."""
    return obj.lemma_.lower() in QUANTITY_HEADS and any(c.dep_ == "prep" and c.lower_ == "of" for c in children(obj))


EVIDENTIAL_VERBS = frozenset(["seem", "appear"])
"""Verbs whose subject is what seems, not who says it ("the plan seems to falter", "Trump
appears to be ahead"): the writer's own evidential. PolNeAR annotates them as cues but gives
173 of its 179 train attributions with such a cue no source; a speaker there would be wrong."""


def _misparsed_clause(verb: Token) -> Token | None:
    """The reported clause the small parser hangs as an adverbial ("Trump said after the
    convention he would not accept ...": "accept" as advcl of "said"): a clause after a
    verb of communication with its own subject and no subordinator ("when", "because",
    "as"), so it cannot be a time or reason clause."""
    if verb.lemma_.lower() not in SPEECH_VERBS:
        return None
    for c in children(verb):
        if c.dep_ != "advcl" or c.i <= verb.i or c.pos_ not in ("VERB", "AUX"):
            continue
        kids = children(c)
        if not any(g.dep_ in ("nsubj", "nsubjpass") and g.i < c.i for g in kids):
            continue
        if any(g.dep_ == "mark" and g.lower_ != "that" or g.tag_ in ("WRB", "WDT", "WP") and g.i < c.i for g in kids):
            continue
        if any(t.text in ",;:—–(" for t in verb.doc[verb.i + 1 : c.left_edge.i]):
            continue
        return c
    return None


def _trailing_participle(comp: Token) -> Token | None:
    """ "Analysts said geopolitical factors have contributed ..., citing the strategic
    importance of ...": the parser hangs the participle on the reported clause, but it is the
    analysts who cite, a second attribution (as PolNeAR annotates it). A cue participle after
    a comma at the end of the clause, without a subject of its own."""
    doc = comp.doc
    for c in children(comp):
        if (
            c.dep_ == "advcl"
            and c.tag_ == "VBG"
            and c.i > comp.i
            and c.right_edge.i == comp.right_edge.i
            and c.left_edge.i == c.i
            and c.i > 0
            and doc[c.i - 1].text == ","
            and _is_cue_verb(c)
            and not any(g.dep_ in ("nsubj", "nsubjpass") for g in children(c))
        ):
            return c
    return None


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
    frame = "noun_clause"
    if clause is None and lemma in NOUN_TO_CUES:
        frame = "noun_to"
        clause = next((c for c in children(noun) if c.dep_ == "acl" and c.i > noun.i and any(g.dep_ == "aux" and g.lower_ == "to" for g in children(c))), None)
    if clause is None and lemma in NOUN_PREP_CUES:
        frame = "noun_prep"
        prep = next((c for c in children(noun) if c.dep_ == "prep" and c.lower_ in NOUN_PREP_CUES[lemma]), None)
        clause = next((g for g in children(prep) if g.dep_ in ("pobj", "pcomp")), None) if prep is not None else None
    if clause is None:
        return None
    src_tok = next((c for c in children(noun) if c.dep_ == "poss"), None)
    if src_tok is None:
        by = next((c for c in children(noun) if c.dep_ == "prep" and c.lower_ in ("by", "from")), None)
        src_tok = next((g for g in children(by) if g.dep_ == "pobj"), None) if by is not None else None
    if src_tok is None and (noun.dep_ == "dobj" and noun.head.pos_ == "VERB" or noun.dep_ == "attr" and noun.head.pos_ in ("VERB", "AUX")):
        # "X voiced support for Y"; "X is a staunch opponent of Y": the subject speaks.
        src_tok = _subject(noun.head)
        if src_tok is not None:
            s, e = _np_span(doc, src_tok, noun.head)
            content = _trim(doc, clause.left_edge.i, clause.right_edge.i + 1)
            return _Attr([content], "indirect", (noun.idx, noun.idx + len(noun)), (s, e), "subject", frame=frame, lemma=lemma)
    source = _trim(doc, src_tok.left_edge.i, src_tok.i + 1) if src_tok is not None else None
    if source is None:
        return None  # a bare "the claim that ..." says nothing about who speaks
    content = _trim(doc, clause.left_edge.i, clause.right_edge.i + 1)
    return _Attr([content], "indirect", (noun.idx, noun.idx + len(noun)), source, "possessor" if source else "none", frame=frame, lemma=lemma)


def _antecedent(doc: Doc, subj: Token | None) -> str | None:
    """The noun phrase a relative-pronoun subject stands for ("John Kirby, who told ...")."""
    if subj is None or not _is_relative(subj):
        return None
    s, e = _np_span(doc, subj.head.head, subj.head)
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
_INDIRECT_POS = frozenset({"NOUN", "VERB", "AUX", "ADJ"})


def _adjective_attribution(doc: Doc, adj: Token) -> _Attr | None:
    """ "X has been critical of Y", "X were coy about whether ...": an adjective complement
    whose prepositional object is the content (frames learned from train, ADJ_PREP_CUES);
    the copula's subject speaks, the cue runs from the copula group to the preposition."""
    preps = ADJ_PREP_CUES.get(adj.lemma_.lower())
    if not preps or adj.dep_ != "acomp" or adj.head.pos_ not in ("VERB", "AUX"):
        return None
    prep = next((c for c in children(adj) if c.dep_ == "prep" and c.i > adj.i and c.lower_ in preps), None)
    obj = next((g for g in children(prep) if g.dep_ in ("pobj", "pcomp")), None) if prep is not None else None
    subj = _subject(adj.head)
    if obj is None or subj is None or _document_or_event(obj):
        return None
    cop = adj.head
    lo = min([cop.i] + [c.i for c in children(cop) if c.dep_ in ("aux", "neg") and c.i < cop.i])
    att = _Attr([_trim(doc, obj.left_edge.i, obj.right_edge.i + 1)], "indirect", (doc[lo].idx, prep.idx + len(prep)), _np_span(doc, subj, cop), "subject", frame="adj_prep", lemma=adj.lemma_.lower())
    att.antecedent = _antecedent(doc, subj)
    return att


# "dismissed Estonia as being in the suburbs", "accused Holt of being a Democrat", "lauded
# Mr. Clarke for helping": what is said about the object hangs on the verb as a preposition
# after it; the content runs through it (PolNeAR's content is the phrase, with or without the
# object). Dev source overlap F1 0.753 -> 0.755, content 0.814 -> 0.816.
_OBJECT_PREPS = frozenset(["as", "of", "for", "to", "into"])


def _indirect(doc: Doc, quoted: list[tuple[int, int]]) -> list[_Attr]:
    """Reported speech from the parse: cue verb + clausal complement, and "according to"."""
    out: list[_Attr] = []
    table = token_table(doc)
    speaker_of: dict[int, Token] = {}  # a trailing participle cue -> the subject of the verb it extends
    for i, (pos, lower, dep) in enumerate(zip(table.pos, table.lower, table.dep, strict=True)):
        if (pos not in _INDIRECT_POS and lower != "according") or (pos == "ADJ" and dep != "acomp" and lower != "according"):
            continue  # no cue of any kind below (an adjective is one only as a complement): no Token made
        tok = doc[i]
        if tok.lower_ == "according":
            to = next((c for c in children(tok) if c.lower_ == "to"), None)
            pobj = next((c for c in children(to) if c.dep_ == "pobj"), None) if to is not None else None
            if pobj is None:
                continue
            cue = (tok.idx, to.idx + len(to))
            phrase = (tok.left_edge.i, max(tok.right_edge.i, pobj.right_edge.i) + 1)
            src_span = _np_span(doc, pobj)
            comma = next((t.i for t in doc[pobj.i + 1 : phrase[1]] if t.text == ","), None)
            if phrase[0] == tok.sent.start and phrase[1] >= tok.sent.end - 1 and comma is not None:
                # "According to X, the move reeks of fear": the parser hangs the clause on
                # X; the phrase ends at the comma after X, the clause after it is the content.
                phrase = (phrase[0], comma + 1)
                src_span = _trim(doc, pobj.left_edge.i, comma)
            # The content is the clause the phrase modifies, minus the phrase itself: take
            # the longer side of the sentence.
            sent = tok.sent
            left = (sent.start, phrase[0])
            right = (phrase[1], sent.end)
            lo, hi = left if (left[1] - left[0]) >= (right[1] - right[0]) else right
            if hi - lo < 3:
                continue
            content = _trim(doc, lo, hi)
            out.append(_Attr([content], "indirect", cue, src_span, "according_to", frame="according_to"))
            continue
        if tok.pos_ == "NOUN" and ((noun_lemma := tok.lemma_.lower()) in NOUN_CUES or noun_lemma in NOUN_PREP_CUES or noun_lemma in NOUN_TO_CUES):
            noun = _noun_attribution(doc, tok)
            if noun is not None:
                out.append(noun)
            continue
        if tok.pos_ == "ADJ":
            adj = _adjective_attribution(doc, tok)
            if adj is not None:
                out.append(adj)
            continue
        if not _is_cue_verb(tok):
            continue
        lemma = tok.lemma_.lower()
        comp = next((c for c in children(tok) if c.dep_ == "ccomp"), None) if lemma in CCOMP_CUES else None
        if comp is None and lemma in CCOMP_CUES:
            comp = _misparsed_clause(tok)
        if comp is None and lemma in XCOMP_CUES:
            comp = next((c for c in children(tok) if c.dep_ == "xcomp"), None)
        span: tuple[int, int] | None = None
        if comp is None and lemma in OPRD_CUES:
            # "called him divisive", "call it the nerd prom": the object and what it is
            # called are the content together (a pronoun object is not the addressee here).
            oprd = next((c for c in children(tok) if c.dep_ == "oprd"), None)
            obj = next((c for c in children(tok) if c.dep_ == "dobj"), None)
            if oprd is not None and obj is not None and tok.i < obj.i < oprd.i:
                span = (obj.left_edge.i, oprd.right_edge.i + 1)
        if comp is None and span is None and lemma in DOBJ_CUES:
            comp = next((c for c in children(tok) if c.dep_ == "dobj" and not _addressee_like(c, lemma) and not _quantity_object(c)), None)
        if comp is None and span is None and lemma in DOBJ_CUES and any(c.dep_ == "agent" for c in children(tok)):
            # Passive: "the plan was endorsed by the mayor" - the subject is the content.
            comp = next((c for c in children(tok) if c.dep_ == "nsubjpass"), None)
        prep = None
        if comp is None and span is None and lemma in PREP_CUES:
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
        if comp is not None and comp.dep_ in ("dobj", "pobj", "nsubjpass") and (_document_or_event(comp) or _purpose_infinitive(tok) and lemma in TOPIC_VERBS):
            continue
        subj = speaker_of.get(tok.i) or _subject(tok)
        segments: list[tuple[int, int]] = []
        frame = "parataxis"
        if span is not None:
            segments = [_trim(doc, *span)]
            frame = "oprd"
        elif comp is not None:
            lo, hi = comp.left_edge.i, comp.right_edge.i + 1
            frame = "prep" if prep is not None else "ccomp" if comp.dep_ == "advcl" else comp.dep_
            if frame == "dobj":
                pp = next((c for c in children(tok) if c.dep_ == "prep" and c.i == hi and c.lower_ in _OBJECT_PREPS), None)
                if pp is not None and any(g.dep_ in ("pobj", "pcomp") for g in children(pp)):
                    hi = pp.right_edge.i + 1
            # A ccomp that swallows the cue (parse error on "X, he said, Y") is not content.
            tail = _trailing_participle(comp) if comp.dep_ == "ccomp" and subj is not None else None
            if tail is not None:
                hi = tail.left_edge.i
                speaker_of[tail.i] = subj
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
        source = _np_span(doc, subj, tok) if subj is not None and lemma not in EVIDENTIAL_VERBS else None
        if source is None and _authorial(tok):
            continue  # "it's worth noting that ...": the article's own voice, nobody is quoted
        att = _Attr(segments, "indirect", _cue_span(doc, tok, prep), source, "subject" if source else "none")
        att.frame = frame
        att.lemma = lemma
        att.antecedent = _antecedent(doc, subj)
        att.addressee = _addressee_text(doc, tok)
        if subj is not None:
            att.verb, att.subj = tok.i, subj.i
        out.append(att)
    out.extend(_headline_colons(doc))
    return out


# A transcript line may sit inside the quotation marks that open its paragraph ('"PENCE: Well, ...').
_COLON_LINE = re.compile(r"^[ \t]*[\"“]?([A-Z][^\n:\"“”]{1,60}?):[ \t]+(\S[^\n]*?)[ \t]*$", re.M)


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
        out.append(_Attr([_trim_span(text, *content)], "indirect", cue, src, "colon", frame="colon"))
    return out
