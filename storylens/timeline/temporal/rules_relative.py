"""Resolution rules for expressions relative to the publication day or to an earlier
expression: weekdays, today/yesterday, parts of the day, last/this/next week, "two years
ago", "a few months later", "the following day", clock times.

Why: these carry no calendar value of their own; each rule says which anchor it uses and
which way the tense moves it, and keeps the other readings as alternatives.
"""

from __future__ import annotations

import datetime as dt
import re

from storylens.timeline.temporal.context import (
    FUTURE,
    GRAN_OF_UNIT,
    PART_CODES,
    PAST,
    PRESENT,
    Context,
    Resolved,
    anchor_of,
    date_value,
    duration_value,
    group_text,
    last_quarter,
    quarter_value,
    shift,
    unit_name,
    x_value,
)
from storylens.timeline.temporal.grammar import WEEKDAYS, Candidate, number_value
from storylens.timeline.temporal.rules_calendar import r_month_day
from storylens.timeline.temporal.values import iso_week, quarter_of


def _rel_offset(rel: str) -> int | None:
    if rel in {"last", "past", "previous", "the previous", "the preceding", "this past"}:
        return -1
    if rel in {"this", "current", "the current"}:
        return 0
    if rel in {"next", "coming", "the coming"}:
        return 1
    return None


def _rel_date(unit: str, off: int, dct: dt.date) -> tuple[str, str]:
    """Value and granularity of 'last/this/next <unit>' seen from `dct`."""
    if unit == "weekend":
        monday = dct - dt.timedelta(days=dct.weekday())
        if off == -1 or (off == 0 and dct.weekday() <= 1):  # "this weekend" said early in a week means the past one
            monday -= dt.timedelta(weeks=1 if off == -1 or dct.weekday() <= 1 else 0)
        elif off == 1:
            monday += dt.timedelta(weeks=1)
        return iso_week(monday) + "-WE", "weekend"
    gran = GRAN_OF_UNIT[unit]
    return date_value(shift(dct, off, unit), gran), gran


def r_relunit(c: Candidate, ctx: Context) -> Resolved | None:
    m = c.match
    rel, unit = group_text(m, "rel"), unit_name(m["unit"])
    mod = group_text(m, "mod") if c.rule == "earlier_this" else ""
    if c.rule == "earlier_this" and rel == "the" and unit not in {"day", "week", "month", "year"}:
        return None
    if unit in {"morning", "afternoon", "evening", "night"}:
        if rel in {"this", "last"} or mod:
            off = -1 if rel == "last" else 0
            if ctx.dct is None:
                return Resolved("TIME", f"XXXX-XX-XXT{PART_CODES[unit]}", "none", 0.3)
            d = ctx.dct + dt.timedelta(days=off)
            return Resolved("TIME", f"{d.isoformat()}T{PART_CODES[unit]}", "published", 0.85)
        return _anaphoric(c, ctx, "day", {"the following": 1, "the next": 1}.get(rel, 0), part=PART_CODES[unit])
    if rel in {"the past", "the last"} and unit == "year" and ctx.dct is not None:
        # TE3 annotates "over the past year" as the calendar year before publication, not P1Y
        value, _ = _rel_date(unit, -1, ctx.dct)
        return Resolved("DATE", value, "published", 0.6, [duration_value(1, unit)])
    if rel in {"the past", "the last", "past", "the coming", "the next"} and unit not in {"weekend"}:
        if unit == "day" and rel in {"the past", "the last"}:
            return Resolved("DURATION", "P1D", "published", 0.7)
        return Resolved("DURATION", duration_value(1, unit), "published", 0.75)
    if rel in {"the same", "that", "the following", "the next"} or (rel == "the" and mod):
        return _anaphoric(c, ctx, unit, {"the following": 1, "the next": 1}.get(rel, 0))
    off = _rel_offset(rel)
    if off is None or unit == "day":
        return None
    if ctx.dct is None:
        return Resolved("DATE", x_value(GRAN_OF_UNIT.get(unit, "day")), "none", 0.3)
    value, gran = _rel_date(unit, off, ctx.dct)
    if unit == "quarter" and off == -1:
        value = quarter_value(shift(dt.date(ctx.dct.year, 3 * quarter_of(ctx.dct) - 2, 1), -1, "quarter"))
    return Resolved("DATE", value, "published", 0.85)


def r_yearend(c: Candidate, ctx: Context) -> Resolved | None:
    """'year-end', 'by year's end', 'earlier in the year': the publication year (the one
    before after 'since')."""
    if ctx.dct is None:
        return Resolved("DATE", "XXXX", "none", 0.3)
    return Resolved("DATE", str(ctx.dct.year - (1 if c.match["since"] else 0)), "published", 0.7)


def r_weekend(c: Candidate, ctx: Context) -> Resolved | None:
    """'the weekend': the one just past (news reports it on Monday), or the coming one from
    Thursday on when the verb points ahead."""
    word = ctx.text[c.start : c.end].lower().split()[0]
    if word in {"last", "this", "next"}:
        return None  # relunit has these
    if ctx.dct is None:
        return Resolved("DATE", "XXXX-WXX-WE", "none", 0.3)
    monday = ctx.dct - dt.timedelta(days=ctx.dct.weekday())
    past = monday - dt.timedelta(weeks=1) if ctx.dct.weekday() < 5 else monday
    coming = monday
    best = coming if ctx.tense(c.start, c.end) in {FUTURE, PRESENT} and ctx.dct.weekday() >= 3 else past
    other = past if best == coming else coming
    return Resolved("DATE", iso_week(best) + "-WE", "published", 0.7, [iso_week(other) + "-WE"])


def _anaphoric(c: Candidate, ctx: Context, unit: str, off: int, part: str = "") -> Resolved | None:
    """'that day', 'the following year', 'the same month': relative to the previous dated expression."""
    prev = ctx.last_dated()
    if prev is None or prev.date_start is None:
        if ctx.dct is None:
            return Resolved("TIME" if part else "DATE", x_value(GRAN_OF_UNIT.get(unit, "day")), "none", 0.2)
        base, anchor = ctx.dct, "published"
    else:
        base, anchor = prev.date_start, anchor_of(prev)
    gran = GRAN_OF_UNIT.get(unit, "day")
    value = date_value(shift(base, off, unit), gran)
    if part:
        return Resolved("TIME", f"{value}T{part}", anchor, 0.6)
    return Resolved("DATE", value, anchor, 0.6)


def r_anaph(c: Candidate, ctx: Context) -> Resolved | None:
    unit = unit_name(c.match["unit"])
    off = -1 if c.match["dir"].lower() == "before" else 1
    if unit == "night":
        return _anaphoric(c, ctx, "day", off, part="NI")
    return _anaphoric(c, ctx, unit, off)


def r_ago(c: Candidate, ctx: Context) -> Resolved | None:
    m = c.match
    unit = unit_name(m["unit"])
    if m["num"].lower() in {"some", "many"} and not m["unit"].lower().endswith("s"):
        return None
    n = number_value(m["num"])
    d = re.sub(r"\s+", " ", m["dir"].lower())
    if d in {"before", "after"}:
        return None  # "two years after the war": the duration rule tags "two years"
    sign = 1 if d in {"later", "from now", "hence"} else -1
    gran = GRAN_OF_UNIT[unit]
    if d in {"ago", "from now", "hence"} or ctx.last_dated() is None:
        base, anchor = ctx.dct, "published"
    else:
        prev = ctx.last_dated()
        assert prev is not None and prev.date_start is not None
        base, anchor = prev.date_start, anchor_of(prev)
    prevq = last_quarter(ctx)
    if unit == "year" and n == 1 and prevq is not None and prevq.date_start:
        # in results reporting, "a year ago" is the period under discussion, one year back
        return Resolved("DATE", quarter_value(shift(prevq.date_start, -1, "year")), anchor_of(prevq), 0.6)
    if base is None:
        return Resolved("DATE", x_value(gran), "none", 0.2)
    if unit in {"hour", "minute", "second"}:
        return Resolved("DATE", base.isoformat(), anchor, 0.5)
    if n is None:
        # imprecise ("a few months later"): between 2 and 6 units away, value at a coarser grain
        lo, hi = sorted([shift(base, sign * 2, unit), shift(base, sign * 6, unit)])
        mid = lo + (hi - lo) / 2
        coarse = {"day": "week", "week": "month", "month": "year", "quarter": "year", "year": "decade"}.get(unit, gran)
        r = Resolved("DATE", date_value(mid, coarse), anchor, 0.35, [date_value(lo, gran), date_value(hi, gran)])
        r.date_start, r.date_end, r.granularity = lo, hi, coarse
        return r
    target = shift(base, sign * n, unit)
    return Resolved("DATE", date_value(target, gran), anchor, 0.8 if anchor == "published" else 0.6)


def _day_offset(word: str) -> int:
    return {"yesterday": -1, "tomorrow": 1}.get(word, 0)


def r_dayrel(c: Candidate, ctx: Context) -> Resolved | None:
    m = c.match
    word = m["word"].lower()
    part = PART_CODES.get(group_text(m, "part")) or ("NI" if word in {"tonight", "overnight"} else "")
    if word == "overnight":
        before = ctx.text[max(0, c.start - 12) : c.start].lower()
        if not re.search(r"\b(on|at|by)\s+$", before) and not group_text(m, "part"):
            return None  # "overnight attack", "stayed overnight": not a point in time
    if ctx.dct is None:
        return Resolved("TIME" if part else "DATE", "XXXX-XX-XX" + (f"T{part}" if part else ""), "none", 0.3)
    d = ctx.dct + dt.timedelta(days=_day_offset(word))
    if part:
        return Resolved("TIME", f"{d.isoformat()}T{part}", "published", 0.9)
    return Resolved("DATE", d.isoformat(), "published", 0.95)


def r_partrel(c: Candidate, ctx: Context) -> Resolved | None:
    m = c.match
    rel, part = m["rel"].lower(), PART_CODES[m["part"].lower()]
    off = {"last": -1, "yesterday": -1, "tomorrow": 1}.get(rel, 0)
    if rel == "last" and part != "NI":
        return None  # "last morning" is unusual; leave it
    if ctx.dct is None:
        return Resolved("TIME", f"XXXX-XX-XXT{part}", "none", 0.3)
    d = ctx.dct + dt.timedelta(days=off)
    return Resolved("TIME", f"{d.isoformat()}T{part}", "published", 0.9)


def r_daybefore(c: Candidate, ctx: Context) -> Resolved | None:
    off = -2 if "yesterday" in c.match["dir"].lower() else 2
    if ctx.dct is None:
        return Resolved("DATE", "XXXX-XX-XX", "none", 0.3)
    return Resolved("DATE", (ctx.dct + dt.timedelta(days=off)).isoformat(), "published", 0.9)


def _weekday_date(dow: int, rel: str, tense: str, dct: dt.date) -> tuple[dt.date, list[dt.date]]:
    back = dct - dt.timedelta(days=(dct.weekday() - dow) % 7)  # on or before
    fwd = dct + dt.timedelta(days=(dow - dct.weekday()) % 7 or 7)  # strictly after
    if rel in {"last", "this past"}:
        best = back if back < dct else back - dt.timedelta(days=7)
        return best, [fwd]
    if rel in {"next", "this coming"}:
        return fwd, [back]
    if tense == FUTURE:
        return (dct if back == dct else fwd), [back]
    if tense == PRESENT:
        best = back if (dct - back).days <= (fwd - dct).days else fwd
        return best, [back if best == fwd else fwd]
    return back, [fwd]


def r_weekday(c: Candidate, ctx: Context) -> Resolved | None:
    m = c.match
    dow = WEEKDAYS[next(k for k in WEEKDAYS if k.startswith(m["dow"].lower()[:3]))]
    part = PART_CODES.get(group_text(m, "part"), "")
    typ = "TIME" if part else "DATE"
    suffix = f"T{part}" if part else ""
    if ctx.dct is None:
        return Resolved(typ, f"XXXX-WXX-{dow + 1}{suffix}", "none", 0.3)
    tense = ctx.tense(c.start, c.end)
    best, alts = _weekday_date(dow, group_text(m, "rel"), tense, ctx.dct)
    conf = 0.85 if tense in {PAST, FUTURE} or group_text(m, "rel") else 0.7
    return Resolved(typ, best.isoformat() + suffix, "published", conf, [a.isoformat() + suffix for a in alts])


def r_weekdays(c: Candidate, ctx: Context) -> Resolved:
    m = c.match
    dow = WEEKDAYS[next(k for k in WEEKDAYS if k.startswith(m["dow"].lower()[:3]))]
    part = PART_CODES.get(group_text(m, "part"), "")
    return Resolved("SET", f"XXXX-WXX-{dow + 1}" + (f"T{part}" if part else ""), "none", 0.8)


def r_clock(c: Candidate, ctx: Context) -> Resolved | None:
    m = c.match
    if c.rule == "noon":
        w = m["word2"].lower()
        h, mi = (24, 0) if w == "midnight" else (12, 0)
    elif c.rule == "clock24":
        h, mi = int(m["h"]), int(m["min"])
    else:
        h, mi = int(m["h"]), int(m["min"] or 0)
        if h > 12:
            return None
        pm = m["ampm"].lower().startswith("p")
        h = (h % 12) + (12 if pm else 0)
    if m["dow"]:
        wd = r_weekday(c, ctx)
        day = wd.value[:10] if wd else "XXXX-XX-XX"
        anchor = "published" if ctx.dct else "none"
    elif m["word"] and ctx.dct:
        day, anchor = (ctx.dct + dt.timedelta(days=_day_offset(m["word"].lower()))).isoformat(), "published"
    elif "mon" in m.re.groupindex and m["mon"]:
        md = r_month_day(c, ctx)
        day, anchor = (md.value, md.anchor) if md else ("XXXX-XX-XX", "none")
    elif ctx.dct:
        prev = ctx.last_dated()
        base = prev.date_start if prev and prev.granularity in {"day", "time"} else ctx.dct
        day, anchor = base.isoformat(), ("published" if base == ctx.dct else anchor_of(prev))  # type: ignore[union-attr]
    else:
        day, anchor = "XXXX-XX-XX", "none"
    return Resolved("TIME", f"{day}T{h:02d}:{mi:02d}", anchor, 0.8)
