"""Who speaks a direct quote: the cue near the quotation, the speaker span, and pronoun speakers resolved.

Rules are local to the quote's paragraph (the cue before or after it, a dash byline, a colon
intro, a continued quote of the previous speaker), precision first.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from storylens.compare.quotes.cues import QUOTE_CUES
from storylens.compare.quotes.indirect import _Attr, _is_cue_verb, _np_span, _subject
from storylens.compare.quotes.spans import _SENT_END, _inside, _para_start, _tokens_in, _window
from storylens.nlp import children

# Frame verbs that are never a quote's cue by standing next to it: "be" is a cue only in
# "be against X" (a learned frame), and a quote beside "is" is a predicate ('the goal is
# "..."'); on PolNeAR train 6 of the 50 quotes given "is" as the cue had the right speaker.
_NOT_QUOTE_CUES = frozenset(["be"])


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
            and t.lemma_.lower() not in _NOT_QUOTE_CUES
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


# Spaces include the no-break space that web pages put around the dash ("”\xa0― Karen Bobadilla").
_DASH_NAME = re.compile(r"[ \t\xa0]*[―—–-][ \t\xa0]*([A-Z][^\n,.;:!?―—–]{1,60}?)[ \t\xa0]*(?:[,.]|$)", re.M)


def _dash_source(doc: Doc, text: str, end: int) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """(cue, source) of a quote signed after a dash: “...” ― Martha Aguilar."""
    m = _DASH_NAME.match(text, end + 1)
    if m is None or len(m.group(1).split()) > 6:
        return None
    toks = _tokens_in(doc, *m.span(1))
    if not toks or not any(t.pos_ == "PROPN" or t.ent_type_ for t in toks):
        return None
    dash = m.start() + len(m.group(0)) - len(m.group(0).lstrip(" \t\xa0"))
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


def _speaker_outside(doc: Doc, verb: Token, marks: list[tuple[int, int]]) -> tuple[int, int] | None:
    """A direct quote's speaker when the parse took words inside the quotation for the cue's
    subject ('"One of the brightest members of the entire Congress," Rep. Cummings said'):
    the words between the closing mark and the cue verb, else a name right after the verb.
    Quoted words are the speaker's message, never the speaker. `marks`: the quoted passages
    with their marks (`spans.with_marks`)."""
    before = [qe for qs, qe in marks if qe <= verb.idx and verb.sent.start_char <= qs]
    if before:
        toks = [t for t in _tokens_in(doc, max(before), verb.idx) if not t.is_punct and t.dep_ not in ("aux", "neg", "advmod")]
        if 1 <= len(toks) <= 12 and any(t.pos_ in ("PROPN", "PRON") or t.ent_type_ in ("PERSON", "ORG") for t in toks):
            return toks[0].idx, toks[-1].idx + len(toks[-1])
    after: list[Token] = []
    for t in doc[verb.i + 1 : verb.sent.end]:
        if t.is_punct or _inside((t.idx, t.idx + len(t)), marks):
            break
        after.append(t)
    while after and after[-1].pos_ not in ("PROPN", "NOUN", "PRON"):
        after.pop()
    if after and len(after) <= 8 and any(t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "ORG") for t in after):
        return after[0].idx, after[-1].idx + len(after[-1])
    return None


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
