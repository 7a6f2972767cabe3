"""The rule grammar that finds temporal expressions: compiled regular expressions only.

Why regexes and not dateparser or spaCy's DATE spans: news text needs TimeML extents
("the third quarter", "a year earlier", "Friday morning" as one span, prepositions left out)
and every rule must run in microseconds; the meaning of a match is decided later by
`storylens.timeline.temporal.resolve`, which knows the anchor and the tense.

Each rule is (name, pattern, priority). All rules run over the text; overlapping matches are
settled longest-first, then by priority (lower wins), then leftmost.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
_FULL_MONTHS = [k for k in MONTHS if len(k) > 4 or k in {"may", "june", "july"}] + ["sept"]
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "a": 1,
    "an": 1,
    "a dozen": 12,
    "dozen": 12,
    "a half": 0.5,
    "half a": 0.5,
    "one and a half": 1.5,
    "a couple of": 2,
    "a couple": 2,
    "couple of": 2,
}
FUZZY_NUMBERS = {"a few", "few", "several", "many", "some", "a number of"}


def _cased(words: list[str]) -> str:
    """Alternation of Capitalised and UPPER forms: month and day names are proper nouns, and
    lower-case 'may', 'march' or 'sun' are far more often verbs and nouns."""
    forms = sorted({f for w in words for f in (w.capitalize(), w.upper())}, key=len, reverse=True)
    return "(?-i:" + "|".join(forms) + ")"


_ABBREV_MONTHS = [k for k in MONTHS if k not in _FULL_MONTHS or k == "sept"]
# abbreviations may carry a dot ("Jan."); full names may not, so a sentence's full stop stays out
MON = "(?:" + _cased([k for k in MONTHS if k not in _ABBREV_MONTHS]) + r"\b|" + _cased(_ABBREV_MONTHS) + r"\b\.?)"
MONFULL = "(?:" + _cased([k for k in _FULL_MONTHS if k != "sept"]) + r"\b|Sept\b\.?)"
DOWP = _cased(list(WEEKDAYS))
DOW = "(?:" + _cased(list(WEEKDAYS)) + r"\b|" + _cased(["tues", "thurs"]) + r"\b\.?)"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_ONES = "one|two|three|four|five|six|seven|eight|nine"
NUM = (
    r"(?:\d+(?:\s+1/2|\s+and\s+a\s+half)|\d+(?:\.\d+)?|(?:" + _TENS + r")(?:[- ](?:" + _ONES + r"))?|one and a half|a half|half a|a dozen|"
    r"eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|ten|" + _ONES + r"|hundred|"
    r"a couple of|a couple|couple of|a number of|a few|few|several|many|some|a|an)"
)
UNIT = r"(?:second|minute|hour|day|week|fortnight|month|year|decade|centur(?:y|ies)|quarter)s?"
YEAR = r"(?:1[6-9]\d\d|20\d\d)"
PART = r"(?:morning|afternoon|evening|night)"
_PRE = r"(?:(?P<mod>early|mid|late|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of)[\s-]+)?"

RULES: list[tuple[str, str, int]] = [
    ("iso", r"\b(?P<year>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b", 0),
    ("slash", r"\b(?P<m>[01]?\d)/(?P<d>[0-3]?\d)/(?P<year>(?:19|20)\d\d|\d\d)\b", 1),
    (
        "dow_md",
        rf"\b(?P<dow>{DOW}),?\s+(?:(?P<mon>{MON})\s*(?P<day>[0-3]?\d)|(?P<day2>[0-3]?\d)\s+(?P<mon2>{MON}))(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>{YEAR})\b)?",
        0,
    ),
    ("yearago_adj", r"\b(?:the\s+)?(?:comparable\s+)?(?P<w>year-ago|year-earlier|year-before)(?:\s+(?P<noun>period|quarter))?(?![\w-])", 1),
    ("possq", r"\b(?P<rel>this|last|next)\s+year's\s+(?P<ord>first|second|third|fourth)[\s-]+quarter\b", 0),
    ("mdy", rf"\b(?P<mon>{MON})\s*(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<year>{YEAR})\b", 0),
    ("dmy", rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{MON}),?\s+(?P<year>{YEAR})\b", 0),
    ("my", rf"\b{_PRE}(?P<mon>{MONFULL}),?\s+(?:of\s+)?(?P<year>{YEAR})\b", 1),
    ("m_rely", rf"\b(?P<mon>{MONFULL})\s+(?:of\s+)?(?P<rel>this|last|next)\s+year\b", 1),
    ("md", rf"\b(?P<mon>{MON})\s*(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?![,.]?\d|\s*%)", 2),
    ("dm", rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{MON})", 2),
    ("m", rf"\b(?:(?P<rel>last|next|this|earlier\s+this|later\s+this)\s+)?{_PRE}(?P<mon>{MONFULL})(?![\w-])", 3),
    (
        "year",
        # a year range "2009-2010" is two years; "1,990", "$2000", "2000-3" are not years
        rf"(?:(?<=\d{{4}}[-\u2013])|(?<![\d$.,/\u2013-]))\b(?:(?P<mod>fiscal|calendar|early|mid|late|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of)[\s-]+)?(?P<year>{YEAR})\b(?![/.,]?\d|[-\u2013]\d(?!\d{{3}}\b)|\s*(?:%|percent))",
        3,
    ),
    ("decade", r"\b(?:the\s+)?(?:(?P<mod>early|mid|late)[\s-]+)?(?:(?P<dec>(?:1[6-9]|20)\d0)|'(?P<dec2>\d0))'?s\b", 2),
    ("qabbr", rf"\b(?-i:(?P<qh>[QH])(?P<n>[1-4]))\b(?:\s+(?:of\s+)?(?P<year>{YEAR})\b)?", 2),
    (
        "season",
        rf"\b(?:(?P<rel>last|this|next|the|early|late|mid|this\s+past|this\s+coming|the\s+coming)[\s-]+)?(?P<season>spring|summer|fall|autumn|winter)(?:\s+(?:of\s+)?(?P<year>{YEAR}))?\b",
        3,
    ),
    (
        "quarter",
        rf"\b(?:the\s+(?!\w+-quarter))?(?:(?P<year0>{YEAR})\s+|fiscal\s+)?(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|final|last|latest|current|previous|past|year-ago|year-earlier|same|recent|next|comparable|second-quarter)[\s-]+)?(?:fiscal[\s-]+)?quarter\b(?:\s+of\s+(?:fiscal\s+)?(?P<year>{YEAR}))?",
        2,
    ),
    ("half", rf"\b(?:the\s+)?(?P<ord>first|second)[\s-]+half\b(?:\s+of\s+(?:the\s+year|(?:fiscal\s+)?(?P<year>{YEAR})))?", 2),
    (
        "relunit",
        r"\b(?P<rel>last|this|next|past|previous|coming|current|the\s+past|the\s+last|the\s+previous|the\s+coming|the\s+current|the\s+same|that|the\s+following|the\s+next|this\s+past|the\s+preceding|the\s+latest)\s+(?:(?P<fiscal>fiscal|calendar)\s+)?(?P<unit>week|weekend|month|year|decade|century|quarter|day|night|morning|afternoon|evening)\b",
        2,
    ),
    ("weekend", r"\b(?:the|this|last|next)\s+weekend\b", 2),
    # years written in words, as in transcripts: "nineteen ninety-six", "the year two thousand"
    (
        "spoken_year",
        rf"\b(?:the\s+year\s+)?(?:(?P<hi>nineteen|eighteen|twenty)[\s-]+(?P<lo>(?:{_TENS})(?:[\s-](?:{_ONES}))?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|hundred|oh[\s-](?:{_ONES}))|(?P<k>two\s+thousand)(?:\s+and\s+(?P<klo>{_ONES}|ten))?)\b",
        1,
    ),
    (
        "yearend",
        r"\b(?P<since>since\s+)?(?P<x>(?:around\s+)?(?:year[- ]end|year's\s+end|the\s+end\s+of\s+the\s+year|earlier\s+in\s+the\s+year|later\s+in\s+the\s+year))\b",
        1,
    ),
    ("period", r"\b(?:the\s+)?(?:latest|most\s+recent|recent|comparable|same)\s+(?:fiscal\s+)?period\b", 2),
    (
        "fiscal_year",
        r"\b(?P<x>the\s+(?:(?P<kind>full|fiscal|full\s+fiscal|current\s+fiscal|latest\s+fiscal)\s+)?year)\b(?P<ended>\s+(?:ended|ending|that\s+ended|which\s+ended|to))?",
        3,
    ),
    ("long_adj", r"\b(?P<unit>days?|weeks?|months?|years?|decades?|hours?|centur(?:y|ies))-long\b", 2),
    ("ahead", r"\bthe\s+(?P<unit>days|weeks|months|years|decades)\s+(?:ahead|to\s+come)\b", 1),
    ("century", r"\b(?:the\s+)?(?P<ord>\d{1,2})(?:st|nd|rd|th)[\s-]+century\b", 1),
    ("nineties", r"\b(?:the\s+)?(?P<dec>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b", 2),
    (
        "earlier_this",
        r"\b(?P<mod>earlier|later|early|late|(?:the\s+)?(?:end|beginning|start|middle)\s+of)\s+(?P<rel>this|last|next|that|the)\s+(?P<unit>week|month|year|decade|century|quarter|morning|afternoon|evening|day)\b",
        1,
    ),
    ("anaph", r"\bthe\s+(?P<unit>day|week|month|year|night)\s+(?P<dir>before|after)\b(?!\s+(?:the|a|his|her|their|its|he|she|they|it)\b)", 2),
    (
        "ago",
        rf"\b(?:(?P<approx>more\s+than|less\s+than|about|nearly|almost|some|roughly|around|over)\s+)?(?P<num>{NUM})[\s-]+(?P<unit>{UNIT})\s+(?P<dir>ago|earlier|later|from\s+now|hence|previously|before|after)\b",
        1,
    ),
    ("dayrel", rf"\b(?:(?P<mod>earlier|later|early|late|mid-?)\s*)?(?P<word>today|yesterday|tomorrow|tonight|overnight)\b(?:\s+(?P<part>{PART}))?", 2),
    ("partrel", rf"\b(?P<rel>this|last|yesterday|tomorrow)\s+(?P<part>{PART})\b", 1),
    ("daybefore", r"\b(?:the\s+)?day\s+(?P<dir>before\s+yesterday|after\s+tomorrow)\b", 1),
    ("weekday", rf"\b(?:(?P<rel>last|next|this|this\s+past|this\s+coming)\s+)?(?P<dow>{DOW})(?!s\b)(?:\s+(?P<part>{PART}))?", 2),
    ("weekdays", rf"\b(?:(?P<q>every|each)\s+)?(?P<dow>{DOWP})s\b(?:\s+(?P<part>{PART})s?)?", 2),
    (
        "clock",
        rf"\b(?:(?P<approx>around|about|at\s+about|shortly\s+after|shortly\s+before)\s+)?(?P<h>[012]?\d)(?:[:.](?P<min>[0-5]\d))?\s*(?P<ampm>[ap]\.m\b\.?|[ap]m\b)(?:\s+(?P<tz>[A-Z]{{2,4}}T|GMT|UTC))?(?:,?\s+(?:on\s+)?(?:(?P<dow>{DOW})|(?P<word>today|yesterday|tomorrow)|(?P<mon>{MON})\s*(?P<day>[0-3]?\d)\b))?",
        1,
    ),
    # 24-hour times with a zone, as agencies write them: "10:00 GMT", "1400 GMT", "18:30 local time"
    (
        "clock24",
        rf"\b(?:(?P<approx>around|about|at\s+about|shortly\s+after|shortly\s+before)\s+)?(?P<h>[01]?\d|2[0-3])(?:[:.]?(?P<min>[0-5]\d))\s*(?P<tz>GMT|UTC|BST|CET|CEST|[ECMP][SD]T|local\s+time)\b(?:,?\s+(?:on\s+)?(?:(?P<dow>{DOW})|(?P<word>today|yesterday|tomorrow)|(?P<mon>{MON})\s*(?P<day>[0-3]?\d)\b))?",
        1,
    ),
    ("noon", rf"\b(?P<word2>noon|midnight|midday)(?:\s+(?:on\s+)?(?:(?P<dow>{DOW})|(?P<word>today|yesterday|tomorrow)))?", 2),
    ("set_adv", r"\b(?P<adv>daily|weekly|monthly|annually|yearly|hourly|nightly|quarterly|biweekly|semiannually)\b", 2),
    (
        "set_every",
        rf"\b(?P<q>every|each|per)\s+(?:other\s+)?(?:(?P<num>{NUM})\s+)?(?P<unit>{UNIT}|(?P<mon>{MONFULL})|(?P<season>spring|summer|fall|autumn|winter)|(?P<dow>{DOW}))\b",
        1,
    ),
    ("set_a", r"(?<=[\d%])(?:\s+\w+){0,3}?\s+(?P<x>a\s+(?P<unit>year|month|week|day))\b", 3),
    (
        "duration",
        rf"\b(?:(?P<approx>up\s+to|at\s+least|nearly|almost|more\s+than|less\s+than|over|fewer\s+than|at\s+most)\s+)?(?P<the>the\s+)?(?:(?P<rel>past|last|next|first|final|coming|previous|following|preceding|remaining|latest|recent|initial|full)\s+)?(?P<num>{NUM})(?:[\s-]+(?:more|full|straight|consecutive|additional|extra))?[\s-]+(?P<unit>{UNIT})\b(?!-old)(?P<half>\s+and\s+a\s+half)?(?:\s+(?P<tail>ahead|long|old))?",
        3,
    ),
    (
        "dur_rel",
        rf"\b(?P<the>the\s+)?(?P<rel>past|last|next|coming|previous|following|preceding|recent|remaining)\s+(?:(?P<fuzzy>few|several|many)\s+)?(?P<unit>{UNIT})\b",
        3,
    ),
    (
        "dur_bare",
        r"\b(?:for|over|in|within|after|during|take|took|takes|taking|lasted|last)\s+(?P<x>(?P<unit>years|months|weeks|days|decades|hours|minutes|centuries))\b(?!\s+(?:of|ago|later|earlier|old))",
        4,
    ),
    ("dur_bare", r"(?<![\w\s])\s*\b(?:follows|after|followed|ended|ending|end|ends)\s+(?P<x>(?P<unit>years|months|weeks|decades))\s+of\b", 4),
    (
        "holiday",
        rf"\b(?:(?P<rel>last|next|this)\s+)?(?P<hol>Christmas(?:\s+(?:Day|Eve))?|New\s+Year(?:'s)?(?:\s+(?:Day|Eve))?|Thanksgiving(?:\s+Day)?|Independence\s+Day|Labor\s+Day|Memorial\s+Day|Halloween|Valentine's\s+Day|Easter(?:\s+Sunday)?|Boxing\s+Day)(?:,?\s+(?P<year>{YEAR}))?\b",
        2,
    ),
    (
        "ref",
        r"\b(?P<ref>now|currently|current|recently|recent|the\s+past|the\s+future|future|soon|previously|formerly|lately|nowadays|these\s+days|at\s+present|the\s+present|so\s+far|the\s+moment|former|once|the\s+time|then|the\s+short\s+term|the\s+near\s+term|the\s+long\s+term|the\s+near\s+future|the\s+medium\s+term)\b(?!-)",
        5,
    ),
]

COMPILED = [(name, re.compile(pat, re.IGNORECASE), prio) for name, pat, prio in RULES]

# Speed: the rules built around a unit or keyword with long optional prefixes are only tried in
# a window around an occurrence of that word (found by one cheap scan), not at every position
# of the text. (chars before the trigger, chars after it)
_UNIT_WORD = r"\b(?:second|minute|hour|day|week|fortnight|month|year|decade|centur(?:y|ies)|quarter|weekend|morning|afternoon|evening|night)s?\b"
TRIGGERS: dict[str, tuple[re.Pattern, int, int]] = {
    name: (re.compile(trig, re.IGNORECASE), before, after)
    for name, trig, before, after in [
        ("ago", r"\b(?:ago|earlier|later|from\s+now|hence|previously|before|after)\b", 70, 0),
        ("duration", _UNIT_WORD, 70, 12),
        ("dur_rel", _UNIT_WORD, 45, 0),
        ("earlier_this", _UNIT_WORD, 45, 0),
        ("relunit", _UNIT_WORD, 30, 0),
        ("quarter", r"quarter", 40, 30),
        ("half", r"\bhalf\b", 20, 30),
        ("season", r"\b(?:spring|summer|fall|autumn|winter)\b", 20, 15),
        ("dayrel", r"\b(?:today|yesterday|tomorrow|tonight|overnight)\b", 10, 12),
        ("set_every", r"\b(?:every|each|per)\b", 0, 45),
        ("set_a", r"\ba\s+(?:year|month|week|day)\b", 40, 12),
        ("dur_bare", r"\b(?:years|months|weeks|days|decades|hours|minutes|centuries)\b", 12, 0),
    ]
}


# An expression never runs across a blank line: "Saturday, 26 February\n\n1600 GMT" is a date
# and, in the next paragraph, a time, not the year 1600.
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r]*\n")


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    rule: str
    prio: int
    match: re.Match


def find_candidates(text: str, accept: Callable[[Candidate], bool] | None = None) -> list[Candidate]:
    """Every rule's matches, settled into non-overlapping spans (longest, then priority, then
    leftmost). `accept` lets the resolver veto a match before it hides shorter ones inside it
    ("two years after the war" is no date, but "two years" is still a duration)."""
    found: list[Candidate] = []
    lower = text.lower()
    triggers: dict[re.Pattern, list[re.Match]] = {}
    for name, rx, prio in COMPILED:
        seen: set[tuple[int, int]] = set()
        for m in _matches(name, rx, text, lower, triggers):
            s, e = m.span("x") if "x" in rx.groupindex and m.group("x") else m.span()
            if e > s and (s, e) not in seen and not _PARAGRAPH_BREAK.search(text, s, e):
                seen.add((s, e))
                found.append(Candidate(s, e, name, prio, m))
    found.sort(key=lambda c: (-(c.end - c.start), c.prio, c.start))
    taken: list[Candidate] = []
    for c in found:
        if all(c.end <= t.start or c.start >= t.end for t in taken) and (accept is None or accept(c)):
            taken.append(c)
    return sorted(taken, key=lambda c: c.start)


_MONTH_WORDS = tuple(sorted({k[:3] for k in MONTHS}))
_DAY_WORDS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "tues", "thurs")
# Speed: a rule whose every match must contain one of these words is skipped, with one
# substring test, when the text contains none of them.
REQUIRES: dict[str, tuple[str, ...]] = {
    "iso": ("-",),
    "slash": ("/",),
    "mdy": _MONTH_WORDS,
    "dmy": _MONTH_WORDS,
    "my": _MONTH_WORDS,
    "md": _MONTH_WORDS,
    "dm": _MONTH_WORDS,
    "m": _MONTH_WORDS,
    "m_rely": _MONTH_WORDS,
    "dow_md": _DAY_WORDS,
    "weekday": _DAY_WORDS,
    "weekdays": _DAY_WORDS,
    "yearago_adj": ("year-",),
    "possq": ("year's",),
    "decade": ("0s", "0's"),
    "qabbr": ("q1", "q2", "q3", "q4", "h1", "h2"),
    "century": ("century",),
    "nineties": ("ties",),
    "anaph": ("before", "after"),
    "daybefore": ("day before", "day after"),
    "partrel": ("morning", "afternoon", "evening", "night"),
    "weekend": ("weekend",),
    "period": ("period",),
    "fiscal_year": ("year",),
    "yearend": ("year",),
    "ahead": ("ahead", "to come"),
    "long_adj": ("-long",),
    "noon": ("noon", "midnight", "midday"),
    "clock": ("a.m", "p.m", "am", "pm"),
    "clock24": ("gmt", "utc", "bst", "cet", "st", "dt", "local time"),
    "holiday": ("christmas", "new year", "thanksgiving", "independence day", "labor day", "memorial day", "halloween", "valentine", "easter", "boxing day"),
    "set_adv": ("daily", "weekly", "monthly", "annually", "yearly", "hourly", "nightly", "quarterly"),
}


def _matches(name: str, rx: re.Pattern, text: str, lower: str | None = None, triggers: dict[re.Pattern, list[re.Match]] | None = None) -> Iterator[re.Match]:
    """All matches of a rule; windowed around its trigger words when it has some. A match must
    contain the trigger, so windows cannot invent matches, only skip hopeless positions.
    `triggers` keeps each trigger pattern's matches in `text` for the other rules that share
    it (four rules are windowed around the same unit words)."""
    need = REQUIRES.get(name)
    if need is not None and lower is not None and not any(w in lower for w in need):
        return
    trig = TRIGGERS.get(name)
    if trig is None:
        yield from rx.finditer(text)
        return
    trx, before, after = trig
    hits = triggers.get(trx) if triggers is not None else None
    if hits is None:
        hits = list(trx.finditer(text))
        if triggers is not None:
            triggers[trx] = hits
    last_end = -1
    for t in hits:
        lo, hi = max(0, t.start() - before), min(len(text), t.end() + after)
        for m in rx.finditer(text, lo, hi):
            if m.start() <= t.start() and m.end() >= t.end() and m.start() >= last_end:
                yield m
        # keep the leftmost match for each trigger; later triggers may still start further right
    return


def number_value(word: str | None) -> float | None:
    """Numeric value of a number phrase; None for fuzzy quantities ("a few", "several")."""
    if word is None:
        return 1
    w = re.sub(r"\s+", " ", word.lower().strip())
    if w in FUZZY_NUMBERS:
        return None
    frac = re.fullmatch(r"(\d+)\s+(?:1/2|and a half)", w)
    if frac:
        return int(frac[1]) + 0.5
    try:
        return float(w)
    except ValueError:
        pass
    if w in NUMBER_WORDS:
        return NUMBER_WORDS[w]
    parts = re.split(r"[- ]", w)
    if all(p in NUMBER_WORDS for p in parts):
        return sum(NUMBER_WORDS[p] for p in parts)
    return None
