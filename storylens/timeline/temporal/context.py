"""What every resolution rule shares: the result record, the context, calendar arithmetic.

Why a module of its own: the rules (`rules_calendar`, `rules_relative`, `rules_spans`) all
build `Resolved` values, choose among candidate dates by tense and shift dates by units; the
choices made here (nearest date unless the tense clearly points elsewhere, the TimeML value
at each granularity) are the engine's policy and must be the same for every rule.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from storylens.timeline.temporal.grammar import MONTHS
from storylens.timeline.temporal.values import add_months, interval, iso_week, quarter_of, valid_date

PAST, PRESENT, FUTURE, UNKNOWN = "past", "present", "future", "unknown"


PART_CODES = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI", "tonight": "NI"}


UNIT_CODES = {
    "second": "S",
    "minute": "M",
    "hour": "H",
    "day": "D",
    "week": "W",
    "fortnight": "W",
    "month": "M",
    "year": "Y",
    "decade": "Y",
    "century": "Y",
    "quarter": "Q",
    "weekend": "WE",
}


SEASON_CODES = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}


@dataclass
class Resolved:
    type: str
    value: str
    anchor: str = "published"
    confidence: float = 0.9
    alternatives: list[str] = field(default_factory=list)
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    granularity: str = ""

    def finish(self) -> Resolved:
        """Fill the interval from the value unless a rule set a wider (imprecise) one."""
        if self.date_start is None and self.type in {"DATE", "TIME"}:
            self.date_start, self.date_end, gran = interval(self.value)
            self.granularity = self.granularity or gran
        elif not self.granularity:
            self.granularity = {"DURATION": "duration", "SET": "set"}.get(self.type, interval(self.value)[2])
        return self


@dataclass
class Context:
    """What a rule may look at besides its match: the anchor date, earlier results, the tense."""

    text: str
    dct: dt.date | None
    tense: Callable[[int, int], str]
    prev: list[Resolved] = field(default_factory=list)

    def last_dated(self) -> Resolved | None:
        for r in reversed(self.prev):
            if r.date_start is not None and r.type in {"DATE", "TIME"}:
                return r
        return None


def unit_name(word: str) -> str:
    w = word.lower().rstrip("s")
    return "century" if w.startswith("centur") else w


def group_text(m: re.Match, g: str) -> str:
    v = m.group(g) if g in m.re.groupindex else None
    return re.sub(r"\s+", " ", v.lower()) if v else ""


def month_number(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def pick(cands: list[dt.date], ref: dt.date, tense: str, strict_future: bool = False) -> tuple[dt.date, list[dt.date]]:
    """Choose among dates by tense: past -> latest on/before ref, future -> earliest after,
    otherwise the nearest. The others become alternatives."""
    cands = sorted(set(cands))
    if tense == PAST:
        pool = [c for c in cands if c <= ref] or cands
        best = pool[-1]
    elif tense == FUTURE:
        pool = [c for c in cands if (c > ref if strict_future else c >= ref)] or cands
        best = pool[0]
    else:
        best = min(cands, key=lambda c: (abs((c - ref).days), c < ref))
    return best, [c for c in cands if c != best]


def date_value(d: dt.date, gran: str) -> str:
    if gran == "year":
        return f"{d.year:04d}"
    if gran == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if gran == "week":
        return iso_week(d)
    if gran == "quarter":
        return f"{d.year:04d}-Q{quarter_of(d)}"
    if gran == "decade":
        return f"{d.year // 10:03d}"
    if gran == "century":
        return f"{d.year // 100:02d}"
    return d.isoformat()


def shift(d: dt.date, n: float, unit: str) -> dt.date:
    """`d` moved by `n` units (month ends clip: 31 January + 1 month = 28/29 February).
    Raises OverflowError outside the calendar (year 1-9999), which `resolve` turns into an
    unresolved value instead of a crash ("5000 years ago")."""
    n = int(round(n))
    if unit in {"year", "decade", "century"}:
        y = d.year + {"year": 1, "decade": 10, "century": 100}[unit] * n
        if not 1 <= y <= 9999:
            raise OverflowError(f"year {y} is outside the calendar")
        return valid_date(y, d.month, d.day) or dt.date(y, d.month, 28)
    if unit == "quarter":
        y, m = add_months(d, 3 * n)
        return dt.date(y, m, 1)
    if unit == "month":
        y, m = add_months(d, n)
        return valid_date(y, m, d.day) or dt.date(y, m, 28)
    if unit in {"week", "fortnight"}:
        return d + dt.timedelta(weeks=n * (2 if unit == "fortnight" else 1))
    if unit == "day":
        return d + dt.timedelta(days=n)
    return d  # hours, minutes, seconds stay on the day


GRAN_OF_UNIT = {
    "year": "year",
    "decade": "decade",
    "century": "century",
    "quarter": "quarter",
    "month": "month",
    "week": "week",
    "fortnight": "week",
    "day": "day",
    "hour": "day",
    "minute": "day",
    "second": "day",
    "weekend": "week",
}


def duration_value(n: float | None, unit: str) -> str:
    code = UNIT_CODES.get(unit, "X")
    if unit == "decade":
        return "PXDE" if n is None else f"P{fmt_number(n * 10)}Y"  # "two decades" -> P20Y, as TE3 writes it
    if unit == "century":
        return "PXCE" if n is None else f"P{fmt_number(n * 100)}Y"
    if unit == "fortnight":
        return "PXW" if n is None else f"P{fmt_number(2 * n)}W"
    num = "X" if n is None else fmt_number(n)
    return f"PT{num}{code}" if unit in {"hour", "minute", "second"} else f"P{num}{code}"


def fmt_number(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else str(n)


def half_value(whole: float, unit: str) -> str | None:
    """'5 1/2 hours' -> PT5H30M, '2 1/2 years' -> P2Y6M (TimeML writes no fractions)."""
    code = UNIT_CODES.get(unit)
    if code is None or unit in {"decade", "century", "quarter", "fortnight"}:
        return None
    w = int(whole)
    if unit in {"hour", "minute", "second"}:
        rest = {"hour": "30M", "minute": "30S", "second": ""}[unit]
        return f"PT{w}{code}{rest}" if w else f"PT{rest}"
    rest = {"year": "6M", "month": "15D", "week": "3DT12H", "day": "T12H"}[unit]
    return f"P{w}{code}{rest}" if w else f"P{rest}"


def x_value(gran: str) -> str:
    return {"year": "XXXX", "month": "XXXX-XX", "week": "XXXX-WXX", "quarter": "XXXX-QX", "decade": "XXX", "century": "XX"}.get(gran, "XXXX-XX-XX")


def by_tense(cands: list[dt.date], ref: dt.date, tense: str, days: int = 61) -> tuple[dt.date, list[dt.date], float]:
    """The candidate nearest to `ref`, unless the tense points the other way and the nearest is
    more than `days` off: news text names year-less dates close to publication, and a parse's
    tense is wrong often enough (reported speech, "said ... will") that it must not override
    a near date. Returns (date, alternatives, confidence)."""
    nearest, _ = pick(cands, ref, UNKNOWN)
    best = nearest
    if tense in {PAST, FUTURE}:
        by_tense, _ = pick(cands, ref, tense)
        if by_tense != nearest and abs((nearest - ref).days) > days:
            best = by_tense
    agrees = tense in (UNKNOWN, PRESENT) or (tense == PAST) == (best <= ref)
    return best, [c for c in sorted(set(cands)) if c != best], 0.9 if agrees else 0.7


def quarter_value(d: dt.date) -> str:
    return f"{d.year}-Q{quarter_of(d)}"


def anchor_of(prev: Resolved) -> str:
    """Anchor text for a value resolved against an earlier expression: 'explicit:<value>' when
    that expression was self-contained ("July 2023"), else 'previous:<value>' (a chain)."""
    return f"explicit:{prev.value}" if prev.anchor == "explicit" else f"previous:{prev.value}"


def last_quarter(ctx: Context) -> Resolved | None:
    """The quarter under discussion: the last one named outright, not one derived from it
    ("a year earlier" after "a year ago" must not step back twice)."""
    return next((r for r in reversed(ctx.prev) if r.granularity == "quarter" and r.date_start and ":" not in r.anchor), None)
