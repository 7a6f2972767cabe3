"""extract_timexes: TimeML values resolved against the publication day, tense and earlier expressions."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from storylens.timeline.timexes import COLUMNS, extract_timexes

PUB = dt.date(2024, 1, 5)  # a Friday


def _row(df, text):
    rows = df[df["text"] == text]
    assert len(rows), f"{text!r} not found in {df['text'].tolist()}"
    return rows.iloc[0]


@pytest.fixture(scope="module")
def newsweek(seeds_dir):
    text = (seeds_dir / "000_920297efb238f4f6.txt").read_text(encoding="utf-8")
    return text, extract_timexes(text, PUB)


def test_weekdays_and_yearless_dates_resolve_before_publication(newsweek):
    _, df = newsweek
    assert _row(df, "Thursday")["value"] == "2024-01-04"
    fri = _row(df, "Friday morning")
    assert (fri["type"], fri["value"], fri["date_start"]) == ("TIME", "2024-01-05TMO", PUB)
    assert _row(df, "December 30")["value"] == "2023-12-30"  # a January article: last year's
    assert _row(df, "Tuesday")["value"] == "2024-01-02"
    assert _row(df, "July 2023")["anchor"] == "explicit"


def test_imprecise_expression_is_anchored_to_the_previous_one(newsweek):
    _, df = newsweek
    r = _row(df, "A few months later")
    assert r["anchor"] == "explicit:2023-07"  # resolved against the written "July 2023"
    assert r["confidence"] < 0.5
    assert dt.date(2023, 8, 1) <= r["date_start"] <= r["date_end"] <= dt.date(2024, 2, 1)


def test_offsets_point_into_the_text(newsweek):
    text, df = newsweek
    assert all(text[s:e] == t for s, e, t in zip(df["start"], df["end"], df["text"]))


def test_future_verb_picks_the_coming_day():
    df = extract_timexes("The ministers will meet on Tuesday. They met on Tuesday too.", PUB)
    assert df["value"].tolist() == ["2024-01-09", "2024-01-02"]
    df = extract_timexes("Furthermore, on January 10, the United States is calling for a meeting.", PUB)
    assert _row(df, "January 10")["value"] == "2024-01-10"


def test_relative_days_parts_of_day_weeks_durations_sets():
    text = "Yesterday evening he spoke. Last week prices rose for three months. Trains run daily. It ended a year ago."
    df = extract_timexes(text, PUB)
    assert _row(df, "Yesterday evening")["value"] == "2024-01-04TEV"
    assert _row(df, "Last week")["value"] == "2023-W52"
    assert (_row(df, "three months")["type"], _row(df, "three months")["value"]) == ("DURATION", "P3M")
    assert (_row(df, "daily")["type"], _row(df, "daily")["value"]) == ("SET", "P1D")
    assert _row(df, "a year ago")["value"] == "2023"


def test_without_publication_date_relative_values_keep_xs():
    df = extract_timexes("On Thursday, a day after March 3, 2020, and recently.", None)
    thu = _row(df, "Thursday")
    assert thu["value"].startswith("XXXX") and thu["date_start"] is None and thu["anchor"] == "none"
    assert _row(df, "March 3, 2020")["date_start"] == dt.date(2020, 3, 3)


def test_impossible_date_does_not_crash():
    df = extract_timexes("It happened on February 30.", PUB)
    r = _row(df, "February 30")
    assert r["date_start"] is None and r["confidence"] < 0.2


def test_empty_text_gives_empty_frame_with_all_columns():
    df = extract_timexes("", PUB)
    assert list(df.columns) == COLUMNS and len(df) == 0


def test_column_types(newsweek):
    _, df = newsweek
    assert str(df["start"].dtype) == "int64" and str(df["confidence"].dtype) == "float64"
    assert all(isinstance(a, list) for a in df["alternatives"])
    assert all(d is None or isinstance(d, dt.date) for d in df["date_start"])
    assert df["confidence"].between(0, 1).all()


def test_parsed_doc_gives_tense(nlp):
    text = "Officials said the talks, which ended on Tuesday, will resume on Thursday."
    df = extract_timexes(text, PUB, doc=nlp(text))
    assert _row(df, "Tuesday")["value"] == "2024-01-02"
    assert _row(df, "Thursday")["value"] == "2024-01-11"


def test_every_input_is_fast():
    # dateparser needs seconds on this kind of phrase; the grammar must not
    slow = "A few months later, " * 50 + "on January 10 " * 50
    t0 = time.perf_counter()
    extract_timexes(slow, PUB)
    assert time.perf_counter() - t0 < 0.5


def test_arithmetic_outside_the_calendar_does_not_crash():
    df = extract_timexes("Humans settled here 5000 years ago, and this week it ends.", PUB)
    assert _row(df, "5000 years ago")["date_start"] is None and _row(df, "5000 years ago")["confidence"] < 0.1
    for edge in (dt.date(1, 1, 1), dt.date(9999, 12, 31)):
        assert len(extract_timexes("Tomorrow, next week, this weekend, midnight Friday and Easter.", edge))


def test_publication_date_from_a_table_column():
    import pandas as pd

    assert extract_timexes("He spoke on Friday.", pd.NaT)["value"].tolist() == ["XXXX-WXX-5"]
    assert extract_timexes("He spoke on Friday.", pd.Timestamp("2024-01-05 16:10"))["value"].tolist() == ["2024-01-05"]


def test_year_ranges_quarters_and_clock_times():
    df = extract_timexes("The 2009-2010 season; Q1 2013 profit; the vote at 14:00 GMT; in the '90s.", dt.date(2013, 3, 21))
    assert df["value"].tolist() == ["2009", "2010", "2013-Q1", "2013-03-21T14:00", "199"]


def test_results_reporting_quarters():
    pub = dt.date(1989, 10, 30)
    text = (
        "Analysts expect a weak fourth quarter. In the latest quarter, profit fell. "
        "Kirschner earned $376,000 in the 1988 quarter. Coming quarters look hard, after losses in recent quarters."
    )
    df = extract_timexes(text, pub)
    assert _row(df, "the latest quarter")["value"] == "1989-Q3"  # the fourth is an outlook, not yet reported
    assert _row(df, "the 1988 quarter")["value"] == "1988-Q3"  # the quarter under discussion, in 1988
    assert _row(df, "Coming quarters")["value"] == "FUTURE_REF"  # ISO 8601 has no quarter duration
    assert _row(df, "recent quarters")["value"] == "PAST_REF"


def test_the_past_year_is_the_year_before_and_a_second_can_be_an_ordinal():
    df = extract_timexes("Hate groups grew over the past year. A second suspect was held for a second.", dt.date(1998, 3, 3))
    assert (_row(df, "the past year")["type"], _row(df, "the past year")["value"]) == ("DATE", "1997")
    assert _row(df, "a second")["value"] == "PT1S"
    assert "A second" not in df["text"].tolist()


def test_phrases_that_fix_the_direction_whatever_the_verb():
    pub = dt.date(1989, 10, 30)  # a Monday
    df = extract_timexes("The offer had been due to expire Friday. The team planned to leave Nairobi on Thursday.", pub)
    assert _row(df, "Friday")["value"] == "1989-10-27"  # a plan in the pluperfect is past
    assert _row(df, "Thursday")["value"] == "1989-11-02"  # "planned to leave ... on": still ahead
    df = extract_timexes("Police have been searching for him since the Oct. 23 slaying.", dt.date(1999, 5, 6))
    assert _row(df, "Oct. 23")["value"] == "1998-10-23"  # after "since": already happened
    df = extract_timexes("He stepped down as chairman in March for health reasons.", dt.date(1989, 11, 2))
    assert _row(df, "March")["value"] == "1989-03"  # past tense, and next March is four months off


def test_story_window_leaves_out_a_far_key_date_and_keeps_a_tight_story() -> None:
    """Michael Jackson's 1958 birthday among the days of his death (Timeline17 MJ_bbc) must not
    squeeze the window; the sample's five days (30 Dec - 10 Jan) all stay inside."""
    import pandas as pd

    from app import timeline_data

    far = pd.DataFrame({"date": [dt.date(1958, 8, 29), *(dt.date(2009, 6, d) for d in (25, 26, 27, 28)), dt.date(2010, 2, 8), dt.date(2011, 1, 4)]})
    lo, hi = timeline_data.story_window(far)
    assert dt.date(2009, 1, 1) < lo <= dt.date(2009, 6, 25) and hi >= dt.date(2011, 1, 4)
    assert len(timeline_data.within(far, (lo, hi))) == len(far) - 1
    tight = pd.DataFrame({"date": [dt.date(2023, 12, 30), dt.date(2024, 1, 2), dt.date(2024, 1, 4), dt.date(2024, 1, 5), dt.date(2024, 1, 10)]})
    lo, hi = timeline_data.story_window(tight)
    assert lo <= dt.date(2023, 12, 30) and hi >= dt.date(2024, 1, 10) and (hi - lo).days < 20
    assert len(timeline_data.within(tight, (lo, hi))) == 5
