"""CSV downloads never carry a live spreadsheet formula (issue 15, point 6)."""

from __future__ import annotations

import csv
import io

import pandas as pd

from app import frames
from storylens import csv_safe

HOSTILE = ['=HYPERLINK("http://evil.example","click")', "=cmd|' /C calc'!A0", "+1+2", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def test_every_formula_start_is_prefixed() -> None:
    df = pd.DataFrame({"title": [*HOSTILE, "plain", "a=b"], "n": range(len(HOSTILE) + 2)})
    rows = list(csv.reader(io.StringIO(csv_safe.to_csv(df).decode(), newline="")))
    titles = [r[0] for r in rows[1:]]
    assert titles[: len(HOSTILE)] == ["'" + h for h in HOSTILE]
    assert titles[-2:] == ["plain", "a=b"]  # only a leading character counts
    assert [int(r[1]) for r in rows[1:]] == list(range(len(HOSTILE) + 2))


def test_numbers_stay_numbers_and_headers_are_escaped() -> None:
    df = pd.DataFrame({"=evil": [-1.5, 2.0], "s": pd.Series(["-x", None], dtype="string")})
    text = csv_safe.to_csv(df).decode()
    assert text.splitlines()[0] == '"\'=evil","s"'
    assert text.splitlines()[1] == '-1.5,"\'-x"'


def test_dashboard_downloads_use_the_helper() -> None:
    """List cells are flattened first, then escaped: a list whose first item is a formula is caught too."""
    df = pd.DataFrame({"authors": [["=1+1", "b"]], "title": ["@x"]})
    text = frames.to_csv(df).decode()
    assert "'=1+1; b" in text and "'@x" in text
