"""The per-article stage: one article (and its parse) in, that article's table rows out.

Why a pure function of one article: it is the expensive part of a build (the spaCy parse)
and the only part that scales with corpus size, so it must be safe to run in worker
processes, to cache by content (`analysis_key`), and later to hand to a distributed engine
(Dask bag of articles -> map(analyse_texts)) without a rewrite. Everything that needs
several articles at once (actor resolution, duplicates, quote groups, alignments) runs
afterwards on the tables.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
from spacy.tokens import Doc

from storylens.actors.mentions import mention_records
from storylens.compare.quotes.extract import quote_records
from storylens.network.interactions import interaction_records
from storylens.network.mention_index import MentionIndex
from storylens.nlp import doc_text, load_nlp, sentence_bounds
from storylens.settings import Settings
from storylens.tables import (
    ALL_TABLES,
    EDGE_COLUMNS,
    QUOTES,  # noqa: F401 (benchmarks/citations_basil.py imports it from here)
    SENTENCES,
    Table,
    deferred_dtypes,
)
from storylens.timeline.event_dates import timex_record
from storylens.timeline.events import event_records
from storylens.timeline.timexes import timex_records

PIPELINE_VERSION = "0.1.0"
"""Bump when a change to the per-article analysis should invalidate cached results.
The committed sample is checked against a fresh rebuild in tests, so a forgotten bump
cannot leave stale tables unnoticed."""

PER_ARTICLE_TABLES = ("sentences", "mentions", "timexes", "events", "quotes", "interactions")

_PARA_BREAK = re.compile(r"\n\s*\n")


def _code_fingerprint() -> str:
    """Hash of the library's own source and resources.

    Part of every article's analysis_key, so that any change to the analysis code
    re-analyses cached articles on the next build, even when nobody remembered to bump
    PIPELINE_VERSION.
    """
    root = Path(__file__).resolve().parent
    h = hashlib.sha1()
    for p in sorted(root.rglob("*")):
        if p.suffix in {".py", ".yaml", ".json"} and "__pycache__" not in p.parts:
            h.update(p.relative_to(root).as_posix().encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:12]


CODE_FINGERPRINT = _code_fingerprint()


def analysis_key(row: dict[str, Any], settings: Settings) -> str:
    """Everything the per-article stage reads: text, publication day, settings, pipeline code."""
    parts = [PIPELINE_VERSION, CODE_FINGERPRINT, settings.fingerprint(), str(row.get("published") or ""), row["text"]]
    return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:16]


def paragraph_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in _PARA_BREAK.finditer(text)]


def sentences_from_doc(doc: Doc, article_id: str) -> pd.DataFrame:
    """One row per non-empty sentence, offsets trimmed of surrounding whitespace.

    sentence_id is the index in `doc.sents`, the same index every other stage uses.
    """
    return pd.DataFrame(sentence_records(doc, article_id), columns=SENTENCES.names)


def sentence_records(doc: Doc, article_id: str) -> list[dict[str, Any]]:
    """The rows of `sentences_from_doc` as plain dicts."""
    text = doc_text(doc)
    starts = paragraph_starts(text)
    rows = []
    para = 0
    for i, (_, _, start_char, end_char) in enumerate(sentence_bounds(doc)):
        raw = text[start_char:end_char]
        stripped = raw.strip()
        if not stripped:
            continue
        start = start_char + (len(raw) - len(raw.lstrip()))
        end = start + len(stripped)
        while para + 1 < len(starts) and starts[para + 1] <= start:
            para += 1
        rows.append({"article_id": article_id, "sentence_id": i, "start": start, "end": end, "paragraph": para, "text": stripped})
    return rows


def sentence_index(doc: Doc) -> list[tuple[int, int]]:
    """(start_char, end_char) of each sentence, for mapping spans to sentence ids."""
    return [(start_char, end_char) for _, _, start_char, end_char in sentence_bounds(doc)]


_NO_END = 1 << 62  # sorts after every end offset: bisect finds the last sentence starting at or before an offset


def sentence_of(offset: int, bounds: Sequence[tuple[int, int]]) -> int | None:
    """Index of the sentence (in `bounds`, sorted and disjoint) holding `offset`, or None
    when the offset falls in the space between two sentences."""
    i = bisect.bisect_right(bounds, (offset, _NO_END)) - 1
    return i if i >= 0 and bounds[i][0] <= offset < bounds[i][1] else None


def _with_trace(df: pd.DataFrame, table: Table, article_id: str, bounds: Sequence[tuple[int, int]], id_col: str) -> pd.DataFrame:
    """Add article_id, sentence_id and a stable row id; keep only the table's columns."""
    if df.empty:
        return pd.DataFrame(columns=table.names)
    df = df.copy()
    df["article_id"] = article_id
    df["sentence_id"] = [sentence_of(int(s), bounds) for s in df["start"]]
    df[id_col] = [f"{article_id}:{int(s)}-{int(e)}" for s, e in zip(df["start"], df["end"], strict=True)]
    return df[[c for c in table.names if c in df.columns]]


def _trace(rows: list[dict[str, Any]], article_id: str, bounds: Sequence[tuple[int, int]], id_col: str) -> list[dict[str, Any]]:
    """`_with_trace` for rows as dicts: the trace columns are added in place."""
    for r in rows:
        r["article_id"] = article_id
        r["sentence_id"] = sentence_of(r["start"], bounds)
        r[id_col] = f"{article_id}:{r['start']}-{r['end']}"
    return rows


def article_records(row: dict[str, Any], doc: Doc) -> dict[str, list[dict[str, Any]]]:
    """The rows of every per-article table (PER_ARTICLE_TABLES) for one article, as plain dicts.

    The stages hand each other records (one MentionIndex serves interactions and events) and
    a table becomes a frame once, at the end: building, copying and reading back small
    frames between the stages cost more than the rules themselves."""
    aid = row["article_id"]
    text = row["text"]
    published = row.get("published")
    bounds = sentence_index(doc)
    timexes = _trace(timex_records(text, published, doc), aid, bounds, "timex_id")
    quotes = quote_records(text, doc)
    for q in quotes:
        q["text"] = q.pop("quote_text")
    mentions = mention_records(doc, aid)
    idx = MentionIndex(doc, mentions)
    return {
        "sentences": sentence_records(doc, aid),
        "mentions": mentions,
        "interactions": interaction_records(doc, idx, aid) if mentions else [],
        "timexes": timexes,
        "events": event_records(doc, aid, idx, [timex_record(t, aid) for t in timexes], published),
        "quotes": _trace(quotes, aid, bounds, "quote_id"),
    }


def _columns(name: str, rows: list[dict[str, Any]]) -> list[str]:
    """Columns of a per-article table: interactions have EDGE_COLUMNS (actor columns come
    later), timexes and quotes the table columns their rows have, the others all of theirs."""
    if name == "interactions":
        return EDGE_COLUMNS
    table = ALL_TABLES[name]
    if name in ("timexes", "quotes") and rows:
        return [c for c in table.names if c in rows[0]]
    return table.names


def _frame(rows: list[dict[str, Any]], columns: Sequence[str]) -> pd.DataFrame:
    """Rows -> a frame of object columns, in one step (a key a row lacks is None).

    Why no dtype inference: the build conforms each whole table once after this stage
    (`tables.conform`), and inferring the dtypes of every column of every small frame
    (pyarrow strings in pandas 3) cost several times more than building it, and several
    times more again to pickle back from a worker process."""
    return pd.DataFrame([[r.get(c) for c in columns] for r in rows], columns=_column_index(tuple(columns)), dtype=object)


@lru_cache(maxsize=64)
def _column_index(columns: tuple[str, ...]) -> pd.Index:
    """One (immutable) column Index per column list, shared by every frame."""
    return pd.Index(columns)


def analyse_doc(row: dict[str, Any], doc: Doc) -> dict[str, pd.DataFrame]:
    """All per-article tables for one analysed article from its parse.

    Columns are the per-article ones of each table; dtypes are left to `conform`, which
    the build applies to each whole table."""
    return {name: _frame(rows, _columns(name, rows)) for name, rows in article_records(row, doc).items()}


def analyse_rows(rows: Iterable[dict[str, Any]], model: str, batch_size: int = 32) -> list[dict[str, pd.DataFrame]]:
    """Parse and analyse a batch of article rows with one nlp.pipe stream: one dict of
    per-article tables for each row."""
    rows = list(rows)
    nlp = load_nlp(model)
    out = []
    with deferred_dtypes():  # the build conforms each whole table once, after this stage
        for row, doc in zip(rows, nlp.pipe((r["text"] for r in rows), batch_size=batch_size), strict=True):
            out.append(analyse_doc(row, doc))
    return out
