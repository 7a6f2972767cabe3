"""Which way in time a sentence points at a temporal expression: past, present or future.

Why: "Thursday", "January 10" and "the first quarter" name different days depending on the
verb that governs them ("told reporters Thursday" vs "will meet Thursday"). With a spaCy
parse we read the head verb's tense and auxiliaries; without one (fast path, tests, the
benchmark's no-parse mode) we look at the nearest tense-marking words in the same sentence.
"""

from __future__ import annotations

import re

from storylens.timeline.temporal.context import FUTURE, PAST, PRESENT, UNKNOWN

# "could", "until", "planned" and the noun "plans" were tried and hurt on TempEval-3 Training
_FUTURE_WORDS = {
    "will",
    "'ll",
    "shall",
    "upcoming",
    "scheduled",
    "planning",
    "intends",
    "expected",
    "expects",
    "due",
    "aims",
    "wo",
    "next",
    "forthcoming",
    "tomorrow",
    "would",
    "might",
    "postponed",
    "resume",
}
_PAST_IRREGULAR = {
    "said",
    "told",
    "was",
    "were",
    "had",
    "did",
    "met",
    "went",
    "came",
    "took",
    "made",
    "gave",
    "saw",
    "fell",
    "rose",
    "held",
    "began",
    "left",
    "sent",
    "spoke",
    "wrote",
    "won",
    "lost",
    "led",
    "ran",
    "got",
    "found",
    "thought",
    "became",
    "brought",
    "bought",
    "sold",
    "struck",
    "broke",
    "knew",
    "paid",
    "ago",
    "fought",
    "shot",
    "flew",
    "grew",
    "drew",
    "threw",
    "chose",
    "hid",
    "meant",
    "felt",
    "kept",
    "heard",
    "built",
    "spent",
    "sought",
    "taught",
    "caught",
    "stood",
    "understood",
    "wore",
    "yesterday",
    "last",
    "earlier",
}
_PRESENT_WORDS = {"is", "are", "am", "says", "say", "'s", "'re", "continues", "remains", "has", "have", "now", "today"}
_NOT_PAST_ED = {
    "scheduled",
    "expected",
    "planned",
    "proposed",
    "needed",
    "need",
    "indeed",
    "speed",
    "bed",
    "red",
    "seed",
    "feed",
    "based",
    "united",
    "related",
    "limited",
    "reported",
}
_FUTURE_AFTER = re.compile(
    r"^[,\s]*(?:\S+\s+){0,3}?(?:will|is to|are to|is set to|are set to|plans? to|is calling for|are calling for|is scheduled|are scheduled|is expected to|are expected to)\b",
    re.I,
)
_WORD = re.compile(r"[A-Za-z']+")
_FUTURE_PHRASE = re.compile(
    r"\b(going to|is to|are to|set to|due to|plans? to|expected to|is calling for|are calling for|as (?:soon|early) as)\s+\S*\s*$"
    r"|\b(?:plan|plans|planned|planning) to\s+\w+\s+(?:\w+\s+){0,2}(?:on|by|until)\s+$",
    re.I,
)

# "had been due to expire Friday": a plan reported in the pluperfect lies in the past
_PAST_PLAN = re.compile(r"\bhad\s+(?:been\s+)?(?:due|scheduled|expected|set|planned|supposed|slated)\s+to\s+(?:\S+\s+){0,4}$", re.I)

# "since the Oct. 23 slaying", "since March": a date after "since" has already happened
_SINCE = re.compile(r"\b(?:since|ever\s+since)\s+(?:\S+\s+){0,3}$", re.I)


def _classify(w: str) -> str:
    w = w.lower()
    if w in _FUTURE_WORDS:
        return FUTURE
    if w in _PAST_IRREGULAR:
        return PAST
    if w in _PRESENT_WORDS:
        return PRESENT
    if len(w) > 4 and w.endswith("ed") and w not in _NOT_PAST_ED:
        return PAST
    return UNKNOWN


def cue_tense(text: str, start: int, end: int) -> str:
    """PAST when a phrase just before the expression fixes it in the past whatever the verb's
    tense ("since March", "had been due to expire Friday"); UNKNOWN otherwise. Checked before
    the parse too: a parse reads "have been searching since Oct. 23" as present."""
    s = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start), text.rfind("? ", 0, start)) + 1
    if _PAST_PLAN.search(text[max(s, start - 60) : start]) or _SINCE.search(text[max(s, start - 30) : start]):
        return PAST
    return UNKNOWN


def lexical_tense(text: str, start: int, end: int) -> str:
    """Tense from the nearest tense-marking word in the same sentence (closest first, left
    before right at equal distance), up to 8 words away."""
    s = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start), text.rfind("? ", 0, start)) + 1
    e_candidates = [i for i in (text.find(". ", end), text.find("\n", end), text.find("? ", end)) if i != -1]
    e = min(e_candidates) if e_candidates else len(text)
    left = _WORD.findall(text[s:start])[::-1][:8]
    right = _WORD.findall(text[end:e])[:8]
    if cue_tense(text, start, end) == PAST:
        return PAST
    if _FUTURE_PHRASE.search(text[max(s, start - 40) : start]):
        return FUTURE
    if _FUTURE_AFTER.match(text[end:e]) and not any(_classify(w) in {PAST, PRESENT} for w in left[:3]):
        # "On January 10, the US is calling for a meeting" (but not "said on Thursday that it will")
        return FUTURE
    # an explicit future marker close by outweighs a nearer past form ("planned a demonstration
    # on Saturday and were planning ..."): news defaults to the past, so future cues are the signal
    if any(_classify(w) == FUTURE for w in left[:3] + right[:1]):
        return FUTURE
    for i in range(8):
        for side in (left, right):
            if i < len(side):
                t = _classify(side[i])
                if t != UNKNOWN:
                    return t
    return UNKNOWN


_FUTURE_HEADS = {"plan", "expect", "intend", "aim", "schedule", "go", "hope", "want", "seek", "prepare", "set", "call"}


def parse_tense(doc, start: int, end: int) -> str:  # doc: spacy.tokens.Doc
    """Tense of the verb that governs the expression in a spaCy parse; UNKNOWN when unclear."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return UNKNOWN
    tok = span.root
    for _ in range(6):
        if tok.pos_ in {"VERB", "AUX"} or tok.head is tok:
            break
        tok = tok.head
    if tok.pos_ not in {"VERB", "AUX"}:
        return UNKNOWN
    auxes = [c for c in tok.children if c.dep_ in {"aux", "auxpass"}]
    words = {a.lower_ for a in auxes}
    if words & {"will", "'ll", "shall", "wo", "would"}:
        return FUTURE
    if tok.dep_ == "xcomp" and tok.head.lemma_ in _FUTURE_HEADS:
        return FUTURE
    if tok.lemma_ in {"plan", "schedule", "intend"} and tok.tag_ != "VBD":
        return FUTURE
    if tok.tag_ == "VBG" and words & {"is", "are", "'s", "'re", "am"}:
        return PRESENT  # "is calling for a meeting on January 10": the nearest such day
    if tok.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
        return PAST
    if tok.tag_ == "VBN" and words & {"has", "have", "'ve"}:
        return PAST
    if tok.tag_ in {"VBZ", "VBP"} or words & {"is", "are", "am"}:
        return PRESENT
    return UNKNOWN
