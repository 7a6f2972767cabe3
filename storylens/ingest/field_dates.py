"""One parser for every date a record states in a field (JSON/CSV/export metadata/manifest).

Why its own module: researchers' exports write dates every way there is ("2024-01-06T17:01Z",
"Sat, 06 Jan 2024 17:01:00 +0000", "6 January 2024", "Jan. 6, 2024 5:01 PM EST",
"1704560460", "20240106", "06/01/2024"). A date that does not parse must not be replaced
silently by an inferred one, and a numeric day/month that could be read both ways must be
recorded as ambiguous, read in the order the researcher set (`--date-order`) or the one
the source's language implies.

The day is the day as written (a "5:01 PM EST" stays on its own calendar day; it is not
moved to UTC), because the publication day is what the article's relative dates resolve
against. English month names go through python-dateutil; other languages' month names
("6. Januar 2024", "6 января 2024") through dateparser, which htmldate already depends on.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from dateutil import parser as du_parser

__all__ = ["FieldDate", "parse_field_date", "order_for_language", "DATE_ORDERS"]

DATE_ORDERS = ("DMY", "MDY")

# Locales whose numeric dates put the month first. Everything else that has a day/month
# order at all writes the day first (ISO-style year-first dates are unambiguous anyway).
_MDY_LOCALES = {"en", "en-us", "en-ph", "fil", "tl", "en-ca-mdy"}
_DMY_ENGLISH = {"en-gb", "en-ie", "en-au", "en-nz", "en-in", "en-za", "en-ng", "en-ke", "en-pk", "en-sg"}

_EARLIEST, _LATEST = dt.date(1900, 1, 1), dt.date(2100, 12, 31)
_NUMERIC = re.compile(r"^\s*(\d{1,2})\s*([./-])\s*(\d{1,2})\s*\2\s*(\d{2}|\d{4})(?=$|[\sT,])")
_YEAR_FIRST = re.compile(r"^\s*(\d{4})\s*([./-])\s*(\d{1,2})\s*\2\s*(\d{1,2})(?=$|[\sT,])")
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})(?:[T ]?\d{4,6}(?:Z|[+-]\d{2}:?\d{2})?)?\s*$")
_EPOCH = re.compile(r"^\s*(\d{9,10}|\d{12,13})(?:\.\d+)?\s*$")
# Timezone names dateutil does not know; only the calendar day is kept, so the offsets
# serve to make parsing succeed, not to convert.
_TZINFOS = {
    name: 0
    for name in (
        "EST",
        "EDT",
        "CST",
        "CDT",
        "MST",
        "MDT",
        "PST",
        "PDT",
        "BST",
        "CET",
        "CEST",
        "EET",
        "EEST",
        "MSK",
        "IST",
        "JST",
        "AEST",
        "AEDT",
        "ET",
        "PT",
        "CT",
        "GMT",
        "UTC",
        "UT",
        "Z",
    )
}
_NOISE = re.compile(r"\b(?:updated|published|posted|last modified|on|at|um|le)\b:?|\(.*?\)|\|", re.I)


@dataclass(frozen=True)
class FieldDate:
    """What a date field says: the day, and how sure the reading is."""

    value: str
    day: dt.date | None
    ambiguous: bool = False
    """Numeric day and month both <= 12 and different: read in `order`, could be the other."""
    order: str | None = None
    """DMY / MDY when the reading depended on it."""

    @property
    def parsed(self) -> bool:
        return self.day is not None

    def evidence(self, how: str) -> str:
        """In words, for articles.published_evidence."""
        if self.day is None:
            return f"the {how} date field {self.value!r} could not be read as a date"
        if self.ambiguous:
            other = "day/month" if self.order == "MDY" else "month/day"
            return f"ambiguous {how} date {self.value!r}: read as {self.order} ({self.day.isoformat()}); could be {other}"
        return f"given by {how}"


def order_for_language(language: str | None) -> str:
    """Numeric date order a source in this language writes: 'en'/'en-US' month first, most others day first."""
    if not language:
        return "MDY"
    tag = str(language).strip().lower().replace("_", "-")
    if tag in _DMY_ENGLISH:
        return "DMY"
    if tag in _MDY_LOCALES or tag.startswith("en-us"):
        return "MDY"
    if tag.startswith("en"):
        return "MDY" if tag in ("en", "english") else "DMY"
    return "DMY"


def _in_range(day: dt.date) -> dt.date | None:
    return day if _EARLIEST <= day <= _LATEST else None


def _make(y: int, m: int, d: int) -> dt.date | None:
    try:
        return _in_range(dt.date(y, m, d))
    except ValueError:
        return None


def _year(text: str) -> int:
    y = int(text)
    return y + (2000 if y < 70 else 1900) if len(text) == 2 else y


def _dateutil_day(text: str, dayfirst: bool) -> dt.date | None:
    """dateutil's reading, only when the text names year, month and day (no defaults filled in)."""
    readings = []
    for default in (dt.datetime(1901, 2, 3), dt.datetime(1902, 4, 5)):
        try:
            readings.append(du_parser.parse(text, default=default, dayfirst=dayfirst, tzinfos=_TZINFOS).date())
        except (ValueError, OverflowError, TypeError, du_parser.ParserError):
            return None
    return _in_range(readings[0]) if readings[0] == readings[1] else None


def _dateparser_day(text: str, order: str) -> dt.date | None:
    """Month names in other languages; requires day, month and year in the text."""
    import dateparser  # imported lazily: its language data take a while to load

    try:
        got = dateparser.parse(text, settings={"DATE_ORDER": order, "REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False})
    except (ValueError, OverflowError, TypeError, AttributeError):
        return None
    return _in_range(got.date()) if got else None


def parse_field_date(value: object, order: str | None = None, language: str | None = None) -> FieldDate:
    """Read a field's date.

    Args:
        value: the field (string, number, date or datetime).
        order: "DMY" or "MDY" for numeric dates like 06/01/2024; default from `language`.
        language: the source's language (ISO code or locale, e.g. "en-GB", "de").
    Returns:
        A `FieldDate`; `day` is None when the value names no full date.
    """
    if isinstance(value, dt.datetime):
        return FieldDate(str(value), value.date())
    if isinstance(value, dt.date):
        return FieldDate(str(value), value)
    if value is None:
        return FieldDate("", None)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        text = str(int(value))
    else:
        text = " ".join(str(value).split())
    if not text:
        return FieldDate("", None)
    order = (order or order_for_language(language)).upper()
    if order not in DATE_ORDERS:
        raise ValueError(f"date order {order!r} is not one of {', '.join(DATE_ORDERS)}")

    if m := _EPOCH.match(text):
        seconds = int(m.group(1)) / (1000 if len(m.group(1)) > 10 else 1)
        try:
            return FieldDate(text, _in_range(dt.datetime.fromtimestamp(seconds, dt.timezone.utc).date()))
        except (OverflowError, OSError, ValueError):
            return FieldDate(text, None)
    if m := _COMPACT.match(text):
        return FieldDate(text, _make(int(m.group(1)), int(m.group(2)), int(m.group(3))))
    if m := _YEAR_FIRST.match(text):
        return FieldDate(text, _make(int(m.group(1)), int(m.group(3)), int(m.group(4))))
    if m := _NUMERIC.match(text):
        a, b, y = int(m.group(1)), int(m.group(3)), _year(m.group(4))
        dmy, mdy = _make(y, b, a), _make(y, a, b)
        if dmy and mdy and dmy != mdy:
            return FieldDate(text, dmy if order == "DMY" else mdy, ambiguous=True, order=order)
        return FieldDate(text, dmy or mdy)
    cleaned = _NOISE.sub(" ", text).replace(" .", ".").strip(" ,;")
    day = _dateutil_day(cleaned, dayfirst=order == "DMY")
    if day is None and re.search(r"[^\W\d_]{3,}", cleaned):
        day = _dateparser_day(cleaned, order)
    return FieldDate(text, day)
