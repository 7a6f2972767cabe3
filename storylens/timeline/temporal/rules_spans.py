"""Resolution rules for durations, sets and the vague references (PAST_REF, PRESENT_REF,
FUTURE_REF).

Why apart: they do not point at a day, so they share little with the date rules: the work
is turning number words and units into ISO 8601 durations and deciding which words
annotators treat as temporal.
"""

from __future__ import annotations

import re

from storylens.timeline.temporal.context import (
    GRAN_OF_UNIT,
    SEASON_CODES,
    Context,
    Resolved,
    duration_value,
    group_text,
    half_value,
    month_number,
    shift,
    unit_name,
)
from storylens.timeline.temporal.grammar import WEEKDAYS, Candidate, number_value


def r_long_adj(c: Candidate, ctx: Context) -> Resolved:
    """'day-long' -> P1D, 'decades-long' -> PXDE: singular is one unit, plural an unknown number."""
    word = c.match["unit"].lower()
    plural = word.endswith("s") or word.endswith("ies")
    return Resolved("DURATION", duration_value(None if plural else 1, unit_name(word)), "none", 0.7)


def r_ahead(c: Candidate, ctx: Context) -> Resolved | None:
    return Resolved("DURATION", duration_value(None, unit_name(c.match["unit"])), "published", 0.6)


_SET_ADV = {
    "daily": "P1D",
    "weekly": "P1W",
    "monthly": "P1M",
    "yearly": "P1Y",
    "hourly": "PT1H",
    "nightly": "P1D",
    "biweekly": "P2W",
}  # "quarterly", "annually": mostly "quarterly dividend", "annually adjusted" in TE3


def r_set(c: Candidate, ctx: Context) -> Resolved | None:
    m = c.match
    if c.rule == "set_adv":
        adv = _SET_ADV.get(m["adv"].lower())
        return Resolved("SET", adv, "none", 0.85) if adv else None
    if c.rule == "set_a":
        return Resolved("SET", duration_value(1, unit_name(m["unit"])), "none", 0.6)
    if m["mon"]:
        return Resolved("SET", f"XXXX-{month_number(m['mon']):02d}", "none", 0.8)
    if m["season"]:
        return Resolved("SET", f"XXXX-{SEASON_CODES[m['season'].lower()]}", "none", 0.8)
    if m["dow"]:
        dow = WEEKDAYS[next(k for k in WEEKDAYS if k.startswith(m["dow"].lower()[:3]))]
        return Resolved("SET", f"XXXX-WXX-{dow + 1}", "none", 0.8)
    n = number_value(m["num"]) if m["num"] else 1
    if m["q"].lower() == "per" and not m["num"]:
        pass
    return Resolved("SET", duration_value(n, unit_name(m["unit"])), "none", 0.8)


def _vague_quarters(rel: str) -> Resolved:
    """'recent quarters', 'coming quarters': ISO 8601 durations have no quarter designator
    (PXQ is no value), and TE3 annotates these as the vague past or future."""
    ref = "FUTURE_REF" if rel in {"next", "coming", "following", "remaining"} else "PAST_REF"
    return Resolved("DATE", ref, "published", 0.5)


def r_duration(c: Candidate, ctx: Context) -> Resolved | None:
    m = c.match
    unit = unit_name(m["unit"])
    plural = m["unit"].lower().endswith("s") and unit != "century" or m["unit"].lower() == "centuries"
    if c.rule == "dur_bare":
        return Resolved("DURATION", duration_value(None, unit), "none", 0.6)
    if c.rule == "dur_rel":
        rel = group_text(m, "rel")
        if not m["the"] and rel in {"last", "next", "previous", "following"} and not plural:
            return None  # "last year" is a date, handled by relunit
        if unit == "quarter" and (plural or m["fuzzy"]):
            return _vague_quarters(rel)
        if not plural and not m["fuzzy"]:
            r = Resolved("DURATION", duration_value(1, unit), "published", 0.7)
        else:
            r = Resolved("DURATION", duration_value(None, unit), "published", 0.6)
        return _past_interval(r, rel, 1 if not plural else None, unit, ctx)
    num = m["num"].lower()
    tail = group_text(m, "tail")
    if (
        unit == "quarter"
        and (num in {"a", "one", "three", "two"} or "-" in ctx.text[c.start : c.end])
        and re.match(r"\s*(?:of|point|percent|-point)\b", ctx.text[c.end : c.end + 10])
    ):
        return None  # "three-quarters of", "a quarter point": a fraction, not a time
    if tail == "old":
        return None
    if num in {"some", "many", "a number of"} and not plural:
        return None
    if num in {"a", "an"} and plural:
        return None
    if unit == "second" and num in {"a", "one"} and re.match(r"\s+(?!or\b|and\b|later\b|earlier\b|ago\b)[a-z]", ctx.text[c.end : c.end + 8], re.I):
        return None  # "a second suspect", "A second plane": the ordinal, not one second
    if num in {"a", "an"} and not m["rel"]:
        before = ctx.text[max(0, c.start - 12) : c.start]
        if re.search(r"(?:[\d%]|\bonce|\btwice|\btimes|\bmillion|\bbillion|\bdollars|\bcents|\bpercent)\s*$", before):
            return Resolved("SET", duration_value(1, unit), "none", 0.6)  # "$5 a year", "twice a day"
    if re.fullmatch(r"\d+(\.\d+)?", num) and float(num) > 1000:
        return None
    n = number_value(num)
    if unit == "quarter" and n is None and group_text(m, "rel"):  # "the past several quarters"
        return _vague_quarters(group_text(m, "rel"))
    if m["half"] and n is not None:
        n += 0.5
    value = half_value(n, unit) if n is not None and n % 1 == 0.5 else None
    r = Resolved("DURATION", value or duration_value(n, unit), "none", 0.8 if n is not None else 0.6)
    return _past_interval(r, group_text(m, "rel"), n, unit, ctx)


def _past_interval(r: Resolved, rel: str, n: float | None, unit: str, ctx: Context) -> Resolved:
    """'the past three years' also covers a known interval, ending at publication."""
    if rel in {"past", "last", "previous", "preceding", "recent"} and ctx.dct and unit in GRAN_OF_UNIT:
        r.anchor = "published"
        r.date_start, r.date_end = shift(ctx.dct, -(n if n is not None else 3), unit), ctx.dct
    elif rel in {"next", "coming", "following"} and ctx.dct and n is not None and unit in GRAN_OF_UNIT:
        r.anchor = "published"
        r.date_start, r.date_end = ctx.dct, shift(ctx.dct, n, unit)
    return r


_REFS = {
    "now": "PRESENT_REF",
    "currently": "PRESENT_REF",
    "current": "PRESENT_REF",
    "nowadays": "PRESENT_REF",
    "these days": "PRESENT_REF",
    "at present": "PRESENT_REF",
    "the present": "PRESENT_REF",
    "the moment": "PRESENT_REF",
    "recently": "PAST_REF",
    "recent": "PAST_REF",
    "the past": "PAST_REF",
    "previously": "PAST_REF",
    "formerly": "PAST_REF",
    "lately": "PAST_REF",
    "former": "PAST_REF",
    "once": "PAST_REF",
    "the time": "PAST_REF",
    "then": "PAST_REF",
    "so far": "PRESENT_REF",
    "the future": "FUTURE_REF",
    "future": "FUTURE_REF",
    "soon": "FUTURE_REF",
    "the near future": "FUTURE_REF",
    "the short term": "FUTURE_REF",
    "the near term": "FUTURE_REF",
    "the long term": "FUTURE_REF",
    "the medium term": "FUTURE_REF",
}
# Words the grammar can see but that TempEval-style annotation rarely marks: kept out of the output
# (measured on TempEval-3 Training: tagging them costs more precision than it gains recall).


REF_ENABLED = {
    "now",
    "currently",
    "current",
    "recently",
    "the past",
    "the future",
    "lately",
    "nowadays",
    "these days",
    "at present",
    "the near future",
    "the short term",
    "the near term",
    "the long term",
    "the medium term",
}


def r_ref(c: Candidate, ctx: Context) -> Resolved | None:
    word = group_text(c.match, "ref")
    if word not in REF_ENABLED:
        return None
    return Resolved("DATE", _REFS[word], "published" if ctx.dct else "none", 0.6)
