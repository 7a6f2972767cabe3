"""Researcher corrections of date expressions (the `timexes:` section of corrections.yaml).

The timeline owns what a date value may be, so it also validates and applies the corrections
of one; `storylens.corrections` calls `parse_timex_corrections` to check the file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import pandas as pd

from storylens.timeline.temporal.values import interval


def parse_timex_corrections(data: Any, path: str = "<corrections>") -> dict[str, dict[str, str]]:
    """Validate the `timexes:` section of corrections.yaml.

    Shape::

        timexes:
          "000_920297efb238f4f6.txt":      # article source_file or article_id
            "Thursday": 2024-01-04          # every occurrence of this expression text
            "1514": 2023-12-29              # or the expression starting at this offset
            "A few months later": 2023-09   # any TimeML date value (day, month, year, 2023-W40 ...)

    Returns {article key: {expression text or offset: value}}."""
    if data is None:
        return {}
    if isinstance(data, Mapping) and data and all(k in {"timexes", "actors", "articles", "claims", "log"} for k in data):
        data = data.get("timexes") or {}  # the whole corrections document
    if not isinstance(data, Mapping):
        raise ValueError(f"{path}: 'timexes' must be a mapping article -> {{expression: date}}")
    out: dict[str, dict[str, str]] = {}
    for art, fixes in data.items():
        if not isinstance(fixes, Mapping):
            raise ValueError(f"{path}: timexes[{art!r}] must be a mapping expression-or-offset -> date")
        out[str(art)] = {}
        for key, value in fixes.items():
            v = value.isoformat() if isinstance(value, dt.date) else str(value)
            if interval(v)[0] is None:
                raise ValueError(f"{path}: timexes[{art!r}][{key!r}] = {value!r} is not a date value (YYYY-MM-DD, YYYY-MM, YYYY, YYYY-Www ...)")
            out[str(art)][str(key)] = v
    return out


def apply_timex_corrections(timexes: pd.DataFrame, corrections: Any, articles: pd.DataFrame | None = None) -> pd.DataFrame:
    """Override the value and interval of the expressions a researcher corrected.

    `corrections` is the parsed `timexes:` section (or the whole YAML document); articles
    are named by article_id or, when `articles` is given, by source_file. A corrected row
    gets anchor 'corrections' and confidence 1.0, so the tables show what a person changed."""
    fixes = parse_timex_corrections(corrections)
    if not fixes or len(timexes) == 0:
        return timexes
    alias: dict[str, str] = {}
    if articles is not None and len(articles) and "source_file" in articles.columns:
        alias = {str(s): str(a) for s, a in zip(articles["source_file"], articles["article_id"], strict=True) if isinstance(s, str)}
    by_article: dict[str, dict[str, str]] = {}
    for key, f in fixes.items():
        by_article.setdefault(alias.get(key, key), {}).update(f)
    out = timexes.copy()
    for col in ("date_start", "date_end", "value", "granularity", "anchor"):
        out[col] = out[col].astype(object)
    out["confidence"] = out["confidence"].astype("float64")
    for i, r in out.iterrows():
        f = by_article.get(str(r["article_id"]))
        if not f:
            continue
        v = f.get(str(int(r["start"]))) or f.get(str(r["text"]))
        if v is None:
            continue
        start, end, gran = interval(v)
        out.at[i, "value"], out.at[i, "date_start"], out.at[i, "date_end"] = v, start, end
        out.at[i, "granularity"], out.at[i, "anchor"], out.at[i, "confidence"] = gran, "corrections", 1.0
    return out
