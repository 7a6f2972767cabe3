"""TimeML TIMEX3 values <-> calendar intervals, and the small calendar helpers the rules share.

Why a separate module: the resolver writes values (`2024-W01`, `2023-Q4`, `2024-01-04TEV`)
and everything downstream (timeline, publication inference) needs the interval a value
covers; deriving the interval from the value in one place keeps the two from disagreeing.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}  # month ranges (14 = Feb next year)
PARTS_OF_DAY = {"MO", "AF", "EV", "NI", "DT"}

_V = re.compile(
    r"^(?P<y>\d{4}|\d{3}|\d{2})"
    r"(?:-(?:(?P<m>\d{2})(?:-(?P<d>\d{2}))?|W(?P<w>\d{2})(?:-(?P<we>WE))?|Q(?P<q>[1-4])|H(?P<h>[12])|(?P<s>SP|SU|FA|WI)))?"
    r"(?:T(?P<t>.+))?$"
)


def month_end(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def add_months(d: dt.date, n: int) -> tuple[int, int]:
    """(year, month) `n` months after the month of `d`."""
    k = d.year * 12 + d.month - 1 + n
    return k // 12, k % 12 + 1


def iso_week(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def quarter_of(d: dt.date) -> int:
    return (d.month - 1) // 3 + 1


def interval(value: str) -> tuple[dt.date | None, dt.date | None, str]:
    """The calendar interval a TIMEX3 date value covers, and its granularity.

    Values with X's, REFs and durations have no interval: (None, None, granularity).
    """
    if not value or "X" in value[:4] or value.endswith("_REF") or value.startswith("P"):
        gran = "ref" if value.endswith("_REF") else ("duration" if value.startswith("P") else "unknown")
        return None, None, gran
    m = _V.match(value)
    if not m:
        return None, None, "unknown"
    try:
        ys = m["y"]
        if len(ys) == 2:  # century
            y0 = int(ys) * 100
            return dt.date(y0, 1, 1), dt.date(y0 + 99, 12, 31), "century"
        if len(ys) == 3:  # decade
            y0 = int(ys) * 10
            return dt.date(y0, 1, 1), dt.date(y0 + 9, 12, 31), "decade"
        y = int(ys)
        if m["d"]:
            d = dt.date(y, int(m["m"]), int(m["d"]))
            return d, d, "time" if m["t"] else "day"
        if m["m"]:
            mo = int(m["m"])
            return dt.date(y, mo, 1), month_end(y, mo), "month"
        if m["w"]:
            start = dt.date.fromisocalendar(y, int(m["w"]), 1)
            if m["we"]:
                return start + dt.timedelta(days=5), start + dt.timedelta(days=6), "weekend"
            return start, start + dt.timedelta(days=6), "week"
        if m["q"]:
            q = int(m["q"])
            return dt.date(y, 3 * q - 2, 1), month_end(y, 3 * q), "quarter"
        if m["h"]:
            h = int(m["h"])
            return dt.date(y, 6 * h - 5, 1), month_end(y, 6 * h), "half"
        if m["s"]:
            a, b = SEASONS[m["s"]]
            yb, mb = (y + 1, b - 12) if b > 12 else (y, b)
            return dt.date(y, a, 1), month_end(yb, mb), "season"
        return dt.date(y, 1, 1), dt.date(y, 12, 31), "year"
    except ValueError:
        return None, None, "unknown"


def valid_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def nth_weekday(y: int, m: int, weekday: int, n: int) -> dt.date:
    """The n-th (1-based; -1 = last) `weekday` (0 = Monday) of a month: for moving holidays."""
    if n > 0:
        first = dt.date(y, m, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = month_end(y, m)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)
