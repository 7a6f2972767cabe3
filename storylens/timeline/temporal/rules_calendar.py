"""Resolution rules for calendar expressions: written dates, months, years, seasons, quarters,
halves, decades, centuries, holidays.

Why: these name a calendar unit outright and need at most a year; the year comes from the
publication day and the tense ("December 30" in a January article is last year's), and
results reporting's quarters come from the quarter under discussion.
"""

from __future__ import annotations

import datetime as dt
import re

from dateutil.easter import easter

from storylens.timeline.temporal.context import (
    FUTURE,
    PAST,
    SEASON_CODES,
    Context,
    Resolved,
    anchor_of,
    by_tense,
    group_text,
    last_quarter,
    month_number,
    pick,
    quarter_value,
    shift,
)
from storylens.timeline.temporal.grammar import WEEKDAYS, Candidate, number_value
from storylens.timeline.temporal.values import nth_weekday, quarter_of, valid_date


def r_explicit(c: Candidate, ctx: Context) -> Resolved | None:
    m = c.match
    y = int(m["year"])
    if c.rule == "slash" and y < 100:
        y += 1900 if y > 40 else 2000
    mon = int(m["m"]) if c.rule in {"iso", "slash"} else month_number(m["mon"])
    day = int(m["d"]) if c.rule in {"iso", "slash"} else int(m["day"])
    d = valid_date(y, mon, day)
    if d is None:
        return Resolved("DATE", f"{y:04d}-{mon:02d}-XX" if 1 <= mon <= 12 else f"{y:04d}", "explicit", 0.1)
    return Resolved("DATE", d.isoformat(), "explicit", 0.98)


def r_month_year(c: Candidate, ctx: Context) -> Resolved:
    m = c.match
    return Resolved("DATE", f"{int(m['year']):04d}-{month_number(m['mon']):02d}", "explicit", 0.97)


def _weekday_month_day(c: Candidate, ctx: Context) -> Resolved | None:
    """'Friday, Oct. 13': the weekday picks the year when none is written."""
    m = c.match
    mon, day = month_number(m["mon"] or m["mon2"]), int(m["day"] or m["day2"])
    dow = WEEKDAYS[next(k for k in WEEKDAYS if k.startswith(m["dow"].lower()[:3]))]
    if m["year"]:
        d = valid_date(int(m["year"]), mon, day)
        return (
            Resolved("DATE", d.isoformat(), "explicit", 0.98 if d.weekday() == dow else 0.6)
            if d
            else Resolved("DATE", f"{m['year']}-{mon:02d}-XX", "explicit", 0.1)
        )
    ref = ctx.dct or dt.date.today()
    cands = [d for y in range(ref.year - 6, ref.year + 2) if (d := valid_date(y, mon, day)) and d.weekday() == dow]
    if not cands:
        return Resolved("DATE", f"XXXX-{mon:02d}-{day:02d}", "none", 0.1)
    best = min(cands, key=lambda d: abs((d - ref).days))
    if ctx.dct is None:
        return Resolved("DATE", f"XXXX-{mon:02d}-{day:02d}", "none", 0.3, [d.isoformat() for d in cands])
    return Resolved("DATE", best.isoformat(), "published", 0.9, [d.isoformat() for d in cands if d != best])


def r_month_day(c: Candidate, ctx: Context) -> Resolved | None:
    m = c.match
    if c.rule == "dow_md":
        return _weekday_month_day(c, ctx)
    mon, day = month_number(m["mon"]), int(m["day"])
    if not 1 <= day <= 31:
        return None
    if c.rule == "dow_md":
        return _weekday_month_day(c, ctx)
    if ctx.dct is None:
        ok = valid_date(2000, mon, day) is not None  # 2000 is a leap year: 29 February is a valid day-month
        return Resolved("DATE", f"XXXX-{mon:02d}-{day:02d}", "none", 0.3 if ok else 0.05)
    cands = [d for y in (ctx.dct.year - 1, ctx.dct.year, ctx.dct.year + 1) if (d := valid_date(y, mon, day))]
    if not cands:
        return Resolved("DATE", f"XXXX-{mon:02d}-{day:02d}", "none", 0.05)
    best, alts, conf = by_tense(cands, ctx.dct, ctx.tense(c.start, c.end))
    return Resolved("DATE", best.isoformat(), "published", conf, [a.isoformat() for a in alts])


def _month_date(mon: int, rel: str, tense: str, dct: dt.date) -> tuple[dt.date, list[dt.date]]:
    cands = [dt.date(y, mon, 1) for y in (dct.year - 1, dct.year, dct.year + 1)]
    this = dt.date(dct.year, mon, 1)
    if rel == "last":
        best = max(c for c in cands if c < dt.date(dct.year, dct.month, 1))
    elif rel == "next":
        best = min(c for c in cands if c > dt.date(dct.year, dct.month, 1))
    elif rel in {"this", "earlier this", "later this"}:
        best = this
    else:
        # the nearest such month, unless the tense clearly points the other way; measured on
        # TempEval-3 Training, this beats "the publication year's" with or without tense (past
        # 90 days, not 150: "stepped down in March" written in November is this year's March)
        best, _, _ = by_tense(cands, dt.date(dct.year, dct.month, 1), tense, days=90)
    return best, [c for c in cands if c != best]


def r_month(c: Candidate, ctx: Context) -> Resolved | None:
    m = c.match
    word = m["mon"].rstrip(".")
    start = c.start
    before = ctx.text[max(0, start - 12) : start].lower()
    if word.lower() == "may" and not (m["rel"] or m["mod"] or re.search(r"\b(in|since|of|until|by|through|during|from|to|and|early|late|mid)\s+$", before)):
        return None  # the modal verb, capitalised at a sentence start
    mon = month_number(word)
    if ctx.dct is None:
        return Resolved("DATE", f"XXXX-{mon:02d}", "none", 0.3)
    best, alts = _month_date(mon, group_text(m, "rel"), ctx.tense(c.start, c.end), ctx.dct)
    return Resolved("DATE", f"{best.year:04d}-{mon:02d}", "published", 0.8, [f"{a.year:04d}-{mon:02d}" for a in alts])


def r_month_rel_year(c: Candidate, ctx: Context) -> Resolved | None:
    """'June last year', 'January this year'."""
    mon = month_number(c.match["mon"])
    if ctx.dct is None:
        return Resolved("DATE", f"XXXX-{mon:02d}", "none", 0.3)
    y = ctx.dct.year + {"last": -1, "next": 1}.get(c.match["rel"].lower(), 0)
    return Resolved("DATE", f"{y}-{mon:02d}", "published", 0.9)


def r_year(c: Candidate, ctx: Context) -> Resolved | None:
    y = int(c.match["year"])
    # a bare four-digit number far from the publication year is more often a quantity
    if ctx.dct and not c.match["mod"] and y > ctx.dct.year + 30:
        return None
    return Resolved("DATE", f"{y:04d}", "explicit", 0.95)


def r_decade(c: Candidate, ctx: Context) -> Resolved:
    m = c.match
    if m["dec"]:
        return Resolved("DATE", m["dec"][:3], "explicit", 0.95)
    # "the '90s": the last such decade before publication
    ref = ctx.dct.year if ctx.dct else 2000
    start = (ref // 100) * 100 + int(m["dec2"])
    if start > ref:
        start -= 100
    return Resolved("DATE", f"{start // 10:03d}", "published" if ctx.dct else "none", 0.7)


def r_qabbr(c: Candidate, ctx: Context) -> Resolved | None:
    """'Q3', 'Q1 2013', 'H2': business shorthand for quarters and halves."""
    m = c.match
    code = f"{m['qh']}{m['n']}"
    if m["qh"] == "H" and m["n"] not in "12":
        return None
    if m["year"]:
        return Resolved("DATE", f"{m['year']}-{code}", "explicit", 0.9)
    if ctx.dct is None:
        return Resolved("DATE", f"XXXX-{code}", "none", 0.3)
    # the latest such period that has begun, as for "the third quarter"
    first_month = 3 * int(m["n"]) - 2 if m["qh"] == "Q" else 6 * int(m["n"]) - 5
    y = ctx.dct.year if dt.date(ctx.dct.year, first_month, 1) <= ctx.dct else ctx.dct.year - 1
    return Resolved("DATE", f"{y}-{code}", "published", 0.7)


def r_season(c: Candidate, ctx: Context) -> Resolved | None:
    m = c.match
    rel = group_text(m, "rel")
    code = SEASON_CODES[m["season"].lower()]
    if m["year"]:
        return Resolved("DATE", f"{m['year']}-{code}", "explicit", 0.95)
    before = ctx.text[max(0, c.start - 10) : c.start].lower()
    if not rel and not re.search(r"\b(in|during|this|by|until|since|over)\s+$", before):
        return None  # "prices fall", "spring up"
    if ctx.dct is None:
        return Resolved("DATE", f"XXXX-{code}", "none", 0.3)
    y = ctx.dct.year
    cur_month = ctx.dct.month
    start_month = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code]
    if rel in {"last", "this past"}:
        y = y - 1 if start_month >= cur_month else y
    elif rel in {"next", "this coming", "the coming"}:
        y = y + 1 if start_month <= cur_month else y
    elif rel not in {"this"}:
        tense = ctx.tense(c.start, c.end)
        if tense == PAST and start_month > cur_month:
            y -= 1
        elif tense == FUTURE and start_month + 2 < cur_month:
            y += 1
    return Resolved("DATE", f"{y}-{code}", "published", 0.75)


def r_quarter(c: Candidate, ctx: Context) -> Resolved | None:
    m = c.match
    ordw = group_text(m, "ord")
    text = ctx.text[c.start : c.end].lower()
    year = None if c.rule == "possq" else (m["year"] or m["year0"])
    if not ordw and not text.startswith("the") and not year:
        return None
    qnum = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "final": 4}.get(ordw)
    if year and qnum:
        return Resolved("DATE", f"{year}-Q{qnum}", "explicit", 0.95)
    if ctx.dct is None:
        return Resolved("DATE", f"XXXX-Q{qnum}" if qnum else "XXXX-QX", "none", 0.3)
    prevq = last_quarter(ctx)
    if qnum:
        if c.rule == "possq":
            y = ctx.dct.year + {"last": -1, "next": 1}.get(m["rel"].lower(), 0)
            return Resolved("DATE", f"{y}-Q{qnum}", "published", 0.9)
        # the latest such quarter that has begun (earnings news reports the one just closed or
        # under way), unless the verb is future and that quarter is already over
        y = ctx.dct.year if dt.date(ctx.dct.year, 3 * qnum - 2, 1) <= ctx.dct else ctx.dct.year - 1
        if ctx.tense(c.start, c.end) == FUTURE and shift(dt.date(y, 3 * qnum - 2, 1), 2, "quarter") <= ctx.dct:
            y += 1
        return Resolved("DATE", f"{y}-Q{qnum}", "published", 0.8, [f"{y - 1}-Q{qnum}", f"{y + 1}-Q{qnum}"])
    cur = dt.date(ctx.dct.year, 3 * quarter_of(ctx.dct) - 2, 1)
    last_done = shift(cur, -1, "quarter")
    if ordw in {"year-ago", "year-earlier", "comparable"}:
        base = prevq.date_start if prevq else last_done
        return Resolved("DATE", quarter_value(shift(base, -1, "year")), anchor_of(prevq) if prevq else "published", 0.7)
    if year:
        # "the 1988 quarter": the quarter under discussion, in the year written
        base = prevq.date_start if prevq and prevq.date_start else last_done
        return Resolved("DATE", f"{int(year):04d}-Q{quarter_of(base)}", anchor_of(prevq) if prevq else "published", 0.7)
    if ordw in {"next"}:
        return Resolved("DATE", quarter_value(shift(cur, 1, "quarter")), "published", 0.7)
    if ordw == "current":
        return Resolved("DATE", quarter_value(cur), "published", 0.7)
    if prevq and ordw in {"latest", "recent"} and prevq.date_start and prevq.date_start > last_done:
        # a quarter named as an outlook ("the fourth quarter will be weak") is not yet reported
        return Resolved("DATE", quarter_value(last_done), "published", 0.6)
    if prevq and ordw in {"", "same", "latest", "recent"}:
        return Resolved("DATE", prevq.value, anchor_of(prevq), 0.7)
    return Resolved("DATE", quarter_value(last_done), "published", 0.6)


def r_yearago_adj(c: Candidate, ctx: Context) -> Resolved | None:
    """'year-earlier', 'the year-ago period': the period under discussion, one year back."""
    prevq = last_quarter(ctx)
    if prevq is not None and prevq.date_start:
        return Resolved("DATE", quarter_value(shift(prevq.date_start, -1, "year")), anchor_of(prevq), 0.6)
    if ctx.dct is None:
        return Resolved("DATE", "XXXX", "none", 0.2)
    return Resolved("DATE", str(ctx.dct.year - 1), "published", 0.5)


def r_half(c: Candidate, ctx: Context) -> Resolved | None:
    m = c.match
    h = 1 if m["ord"].lower() == "first" else 2
    if m["year"]:
        return Resolved("DATE", f"{m['year']}-H{h}", "explicit", 0.95)
    if ctx.dct is None:
        return Resolved("DATE", f"XXXX-H{h}", "none", 0.3)
    y = ctx.dct.year
    if ctx.tense(c.start, c.end) == PAST and h == 2 and ctx.dct.month <= 6:
        y -= 1
    return Resolved("DATE", f"{y}-H{h}", "published", 0.7)


def r_period(c: Candidate, ctx: Context) -> Resolved | None:
    """'the latest period' in results reporting: the quarter under discussion."""
    prevq = last_quarter(ctx)
    if prevq is not None:
        return Resolved("DATE", prevq.value, anchor_of(prevq), 0.5)
    if ctx.dct is None or "latest" not in ctx.text[c.start : c.end].lower():
        return None
    cur = dt.date(ctx.dct.year, 3 * quarter_of(ctx.dct) - 2, 1)
    return Resolved("DATE", quarter_value(shift(cur, -1, "quarter")), "published", 0.5)


def r_fiscal_year(c: Candidate, ctx: Context) -> Resolved | None:
    """'the year ended June 30' is a twelve-month span; 'the full year', 'the fiscal year' and
    'for the year' / 'of the year' the current year. Any other bare 'the year' is too often
    neither to be tagged."""
    m = c.match
    if m["ended"]:
        return Resolved("DURATION", "P1Y", "none", 0.7)
    kind = group_text(m, "kind")
    after = ctx.text[c.end : c.end + 2]
    if not kind and (after.startswith("-") or not re.search(r"\b(?:for|of|during)\s+$", ctx.text[max(0, c.start - 8) : c.start])):
        return None
    if ctx.dct is None:
        return Resolved("DATE", "XXXX", "none", 0.3)
    y = ctx.dct.year - (1 if "latest" in kind else 0)
    return Resolved("DATE", str(y), "published", 0.6)


def r_spoken_year(c: Candidate, ctx: Context) -> Resolved | None:
    """'nineteen ninety-six' -> 1996, 'the year two thousand' -> 2000."""
    m = c.match
    if m["k"]:
        y = 2000 + int(number_value(m["klo"]) or 0) if m["klo"] else 2000
    else:
        hi = {"eighteen": 18, "nineteen": 19, "twenty": 20}[m["hi"].lower()]
        lo_word = re.sub(r"^oh[\s-]", "", m["lo"].lower())
        lo = 0 if lo_word == "hundred" else number_value(lo_word)
        if lo is None:
            return None
        y = hi * 100 + int(lo)
        if not ctx.text[c.start : c.end].lower().startswith("the year") and hi == 20 and lo >= 20 and lo_word != "hundred":
            return None  # "twenty thirty" is far more often two numbers than the year 2030
    return Resolved("DATE", f"{y:04d}", "explicit", 0.8)


def r_century(c: Candidate, ctx: Context) -> Resolved | None:
    n = int(c.match["ord"])
    return Resolved("DATE", f"{n - 1:02d}", "explicit", 0.9) if 1 <= n <= 30 else None


_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7, "eighties": 8, "nineties": 9}


def r_nineties(c: Candidate, ctx: Context) -> Resolved | None:
    """'the nineties': the decade of the last century before publication (or of the 1900s)."""
    d = _DECADE_WORDS[c.match["dec"].lower()]
    century = (ctx.dct.year // 100) if ctx.dct else 20
    start = century * 100 + d * 10
    if ctx.dct and start > ctx.dct.year:
        start -= 100
    return Resolved("DATE", f"{start // 10:03d}", "published" if ctx.dct else "none", 0.7)


def r_holiday(c: Candidate, ctx: Context) -> Resolved | None:
    name = re.sub(r"\s+", " ", c.match["hol"].lower())

    def on(y: int) -> dt.date:
        if name.startswith("christmas"):
            return dt.date(y, 12, 24 if "eve" in name else 25)
        if name.startswith("new year"):
            return dt.date(y, 12, 31) if "eve" in name else dt.date(y, 1, 1)
        if name.startswith("thanksgiving"):
            return nth_weekday(y, 11, 3, 4)
        if name.startswith("independence"):
            return dt.date(y, 7, 4)
        if name.startswith("labor"):
            return nth_weekday(y, 9, 0, 1)
        if name.startswith("memorial"):
            return nth_weekday(y, 5, 0, -1)
        if name.startswith("halloween"):
            return dt.date(y, 10, 31)
        if name.startswith("valentine"):
            return dt.date(y, 2, 14)
        if name.startswith("boxing"):
            return dt.date(y, 12, 26)
        return easter(y)

    if c.match["year"]:
        return Resolved("DATE", on(int(c.match["year"])).isoformat(), "explicit", 0.95)
    if ctx.dct is None:
        return Resolved("DATE", "XXXX-XX-XX", "none", 0.3)
    cands = [on(y) for y in (ctx.dct.year - 1, ctx.dct.year, ctx.dct.year + 1)]
    rel = group_text(c.match, "rel")
    tense = {"last": PAST, "next": FUTURE}.get(rel) or ctx.tense(c.start, c.end)
    best, alts = pick(cands, ctx.dct, tense, strict_future=rel == "next")
    if rel == "last" and best == ctx.dct:
        best = on(ctx.dct.year - 1)
    return Resolved("DATE", best.isoformat(), "published", 0.8, [a.isoformat() for a in alts])
