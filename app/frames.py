"""Plain-pandas views shared by several pages: safe table access, names, sentence links.

Why a separate module without streamlit: pages and tests need the same joins (which
outlet wrote a sentence, what an actor is called), and the tables that feed them may
be absent in an older build or empty in a new corpus. Every helper here therefore
accepts a missing table and returns an empty frame with the columns the caller reads.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

import pandas as pd

from storylens import csv_safe

ARTICLE_PAGE = "article"


def get(t: Mapping[str, pd.DataFrame], name: str) -> pd.DataFrame:
    """Table `name`, or an empty frame when the build does not have it (yet)."""
    df = t.get(name)
    return df if df is not None else pd.DataFrame()


def has(t: Mapping[str, pd.DataFrame], name: str, *columns: str) -> bool:
    """True when the table exists, has rows, and carries every column asked for."""
    df = t.get(name)
    return df is not None and not df.empty and all(c in df.columns for c in columns)


def outlet_of(t: Mapping[str, pd.DataFrame]) -> dict[str, str]:
    arts = get(t, "articles")
    if arts.empty:
        return {}
    return dict(zip(arts["article_id"].astype(str), arts["outlet"].fillna("unknown").astype(str)))


def actor_names(t: Mapping[str, pd.DataFrame]) -> dict[str, str]:
    actors = get(t, "actors")
    if actors.empty:
        return {}
    return dict(zip(actors["actor_id"].astype(str), actors["name"].astype(str)))


def sentence_text(t: Mapping[str, pd.DataFrame]) -> dict[tuple[str, int], str]:
    sents = get(t, "sentences")
    if sents.empty:
        return {}
    return {(str(a), int(s)): str(x) for a, s, x in zip(sents["article_id"], sents["sentence_id"], sents["text"])}


def unique_labels(labels: Mapping[str, str]) -> dict[str, str]:
    """Picker labels that tell every option apart: a label shared by several keys (two
    outlets' copies of one wire story, same outlet and title) gets its key appended, since a
    picker that shows two identical lines cannot be used (and is matched by label in tests)."""
    seen: dict[str, int] = {}
    for v in labels.values():
        seen[v] = seen.get(v, 0) + 1
    return {k: (f"{v} · {k}" if seen[v] > 1 else v) for k, v in labels.items()}


def article_href(article_id: str, sentence_id: int | None = None, corpus: Mapping[str, str] | None = None) -> str:
    """Relative link to the Article page at one sentence; relative so it survives a base URL path.

    `corpus` is the open corpus's link parameters (`app.workspace.link_params()`): a link
    opened in a new tab starts a new session, so it must name the corpus itself."""
    params: dict[str, str] = {"article": str(article_id)}
    if sentence_id is not None and not pd.isna(sentence_id):
        params["sentence"] = str(int(sentence_id))
    return page_href(ARTICLE_PAGE, {**params, **(corpus or {})})


def page_href(page: str, params: Mapping[str, str]) -> str:
    """Relative link to another page of the app with these query parameters."""
    return f"./{page}?{urlencode(dict(params))}" if params else f"./{page}"


def with_links(df: pd.DataFrame, article_col: str = "article_id", sentence_col: str = "sentence_id", corpus: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Add an `open` column linking each row to its sentence on the Article page."""
    out = df.copy()
    if out.empty:
        out["open"] = pd.Series(dtype="string")
        return out
    out["open"] = [article_href(a, s, corpus) for a, s in zip(out[article_col], out[sentence_col])]
    return out


def flatten_lists(df: pd.DataFrame) -> pd.DataFrame:
    """List cells joined by '; ' (a table cell and a spreadsheet both read that)."""
    flat = df.copy()
    for c in flat.columns:
        # Parquet lists arrive as object columns of arrays or as Arrow list columns.
        if (flat[c].dtype == object or "list" in str(flat[c].dtype)) and flat[c].map(is_seq).any():
            flat[c] = pd.Series([("; ".join(map(str, v)) if is_seq(v) else v) for v in flat[c]], index=flat.index, dtype=object)
    return flat


def to_csv(df: pd.DataFrame) -> bytes:
    """CSV bytes for a download, lists flattened, formula-escaped (storylens.csv_safe)."""
    return csv_safe.to_csv(flatten_lists(df))


def is_seq(v: object) -> bool:
    """A list-valued cell (a list, or the numpy array Parquet hands back)."""
    return hasattr(v, "__len__") and not isinstance(v, str | bytes | dict)
