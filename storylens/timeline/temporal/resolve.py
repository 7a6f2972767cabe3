"""Give each grammar match its TIMEX3 type and value, resolved against an anchor and the tense.

Why the rules are explicit: news text is full of expressions whose meaning depends on the
publication day and the verb ("told reporters Thursday" is the Thursday before publication,
"will meet Thursday" the next one; "December 30" in a January article is last year's). A
general parser guesses these from today's clock; here each rule says which day it picks and
why, and keeps the other plausible readings as `alternatives`.

Anchors: "published" (relative to the publication / creation date), "explicit" (the
expression is self-contained: "March 3, 2020"), "explicit:<value>" (relative to an earlier
self-contained expression: "a few months later" after "July 2023"), "previous:<value>"
(relative to an earlier expression that was itself relative), "none" (no anchor known: the
value keeps X's, or the arithmetic left the calendar).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from storylens.timeline.temporal.context import FUTURE, PAST, PRESENT, UNKNOWN, Context, Resolved
from storylens.timeline.temporal.grammar import Candidate
from storylens.timeline.temporal.rules_calendar import (
    r_century,
    r_decade,
    r_explicit,
    r_fiscal_year,
    r_half,
    r_holiday,
    r_month,
    r_month_day,
    r_month_rel_year,
    r_month_year,
    r_nineties,
    r_period,
    r_qabbr,
    r_quarter,
    r_season,
    r_spoken_year,
    r_year,
    r_yearago_adj,
)
from storylens.timeline.temporal.rules_relative import (
    r_ago,
    r_anaph,
    r_clock,
    r_daybefore,
    r_dayrel,
    r_partrel,
    r_relunit,
    r_weekday,
    r_weekdays,
    r_weekend,
    r_yearend,
)
from storylens.timeline.temporal.rules_spans import r_ahead, r_duration, r_long_adj, r_ref, r_set

__all__ = ["FUTURE", "PAST", "PRESENT", "UNKNOWN", "Context", "Resolved", "HANDLERS", "acceptor", "resolve"]


HANDLERS: dict[str, Callable[[Candidate, Context], Resolved | None]] = {
    "iso": r_explicit,
    "slash": r_explicit,
    "mdy": r_explicit,
    "dmy": r_explicit,
    "my": r_month_year,
    "md": r_month_day,
    "dm": r_month_day,
    "dow_md": r_month_day,
    "yearago_adj": r_yearago_adj,
    "possq": r_quarter,
    "m": r_month,
    "year": r_year,
    "decade": r_decade,
    "season": r_season,
    "quarter": r_quarter,
    "half": r_half,
    "relunit": r_relunit,
    "earlier_this": r_relunit,
    "anaph": r_anaph,
    "ago": r_ago,
    "dayrel": r_dayrel,
    "partrel": r_partrel,
    "daybefore": r_daybefore,
    "weekday": r_weekday,
    "weekdays": r_weekdays,
    "clock": r_clock,
    "clock24": r_clock,
    "noon": r_clock,
    "set_adv": r_set,
    "set_every": r_set,
    "set_a": r_set,
    "weekend": r_weekend,
    "yearend": r_yearend,
    "period": r_period,
    "fiscal_year": r_fiscal_year,
    "ahead": r_ahead,
    "long_adj": r_long_adj,
    "m_rely": r_month_rel_year,
    "century": r_century,
    "qabbr": r_qabbr,
    "spoken_year": r_spoken_year,
    "nineties": r_nineties,
    "duration": r_duration,
    "dur_rel": r_duration,
    "dur_bare": r_duration,
    "holiday": r_holiday,
    "ref": r_ref,
}


def acceptor(text: str, dct: dt.date | None) -> Callable[[Candidate], bool]:
    """A veto for `find_candidates`: would the rule keep this match at all? (The vetoes never
    depend on earlier expressions or the tense, so a bare context is enough.)"""
    bare = Context(text=text, dct=dct, tense=lambda s, e: UNKNOWN)
    return lambda c: resolve(c, bare) is not None


def resolve(c: Candidate, ctx: Context) -> Resolved | None:
    """Apply the candidate's rule; None drops the candidate (a false alarm the rule recognised).

    Arithmetic that leaves the calendar (years before 1 or after 9999: "5000 years ago", a
    publication date at the calendar's edge) gives an unresolved value with a very low
    confidence: the expression is still a temporal expression, it just has no day."""
    try:
        r = HANDLERS[c.rule](c, ctx)
        return r.finish() if r else None
    except (OverflowError, ValueError):
        return Resolved("DATE", "XXXX", "none", 0.05, granularity="unknown")
