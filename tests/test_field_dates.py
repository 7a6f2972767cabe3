"""The one field-date parser: the benchmark's fixture pinned (every unambiguous date right, every ambiguous one flagged)."""

from __future__ import annotations

import datetime as dt

import pytest

from benchmarks.dates_in_fields import load_cases, score
from storylens.ingest.field_dates import order_for_language, parse_field_date


def test_dates_in_fields_benchmark_floor() -> None:
    cases = load_cases()
    assert len(cases) >= 60
    wrong, counts = score(cases)
    assert counts["unambiguous"][0] == counts["unambiguous"][1], wrong
    assert counts["ambiguous"][0] == counts["ambiguous"][1] >= 5, wrong


@pytest.mark.parametrize("value", ["", "January 2024", "last Tuesday", "2024", "99/99/2024", "31 February 2024", "n/a"])
def test_incomplete_or_impossible_dates_do_not_parse(value: str) -> None:
    assert parse_field_date(value).day is None


@pytest.mark.parametrize("value", ["yesterday", "2 days ago", "now", "today", "вчера", "hier"])
def test_relative_words_are_not_dates_of_the_build_machine(value: str) -> None:
    """A field saying "yesterday" names no day; reading it against the build's clock would invent one."""
    assert parse_field_date(value).day is None


def test_order_and_language() -> None:
    assert (
        order_for_language(None) == "MDY" and order_for_language("en") == "MDY" and order_for_language("en-GB") == "DMY" and order_for_language("de") == "DMY"
    )
    got = parse_field_date("03/04/2024", order="DMY")
    assert got.day == dt.date(2024, 4, 3) and got.ambiguous and "could be month/day" in got.evidence("metadata")
    assert parse_field_date(dt.datetime(2024, 1, 6, 23, 0)).day == dt.date(2024, 1, 6)
    with pytest.raises(ValueError):
        parse_field_date("06/01/2024", order="YMD")
