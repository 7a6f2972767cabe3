"""CSV that a spreadsheet opens as data, never as formulas (OWASP "CSV injection").

Why in the library: article titles, quotes and outlet names come from the open web; a
title such as `=HYPERLINK("http://evil", "click")` or `=cmd|' /C calc'!A0` would run as a
formula in Excel or LibreOffice when a researcher opens the download. OWASP's advice is to
prefix every cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return with a
single quote, which spreadsheets show but do not evaluate. Every CSV the dashboard or the
CLI writes goes through `to_csv`, so there is one rule and one place to test it.
"""

from __future__ import annotations

import csv

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value: object) -> object:
    """`value` with a leading `'` when it is text a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def escape_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of `df` whose text cells (and column names) cannot start a formula.

    Numbers stay numbers: a negative float is data, and only text cells are prefixed."""
    out = df.copy()
    for c in out.columns:
        col = out[c]
        if col.dtype == object or pd.api.types.is_string_dtype(col.dtype):
            out[c] = pd.Series([escape_cell(v) for v in col], index=out.index, dtype=object)
    out.columns = [escape_cell(str(c)) for c in out.columns]
    return out


def to_csv(df: pd.DataFrame) -> bytes:
    """UTF-8 CSV bytes of `df` without its index, formula-escaped.

    Text cells are always quoted: a bare carriage return inside a cell would otherwise end
    the row in some readers."""
    return escape_formulas(df).to_csv(index=False, quoting=csv.QUOTE_NONNUMERIC).encode("utf-8")
