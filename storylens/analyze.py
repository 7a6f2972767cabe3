"""The per-article stage: one article (and its parse) in, that article's table rows out.

Why a pure function of one article: it is the expensive part of a build (the spaCy parse)
and the only part that scales with corpus size, so it must be safe to run in worker
processes, to cache by content (`analysis_key`), and later to hand to a distributed engine
(Dask bag of articles -> map(analyse_texts)) without a rewrite. Everything that needs
several articles at once (actor resolution, duplicates, quote groups, alignments) runs
afterwards on the tables.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from spacy.tokens import Doc

from storylens.events import events_from_doc
from storylens.interactions import interactions_from_doc
from storylens.mentions import mentions_from_doc
from storylens.nlp import load_nlp
from storylens.quotes import extract_quotes
from storylens.settings import Settings
from storylens.tables import QUOTES, SENTENCES, TIMEXES, Table, deferred_dtypes
from storylens.timeline import extract_timexes

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
    starts = paragraph_starts(doc.text)
    rows = []
    para = 0
    for i, sent in enumerate(doc.sents):
        raw = sent.text
        stripped = raw.strip()
        if not stripped:
            continue
        start = sent.start_char + (len(raw) - len(raw.lstrip()))
        end = start + len(stripped)
        while para + 1 < len(starts) and starts[para + 1] <= start:
            para += 1
        rows.append({"article_id": article_id, "sentence_id": i, "start": start, "end": end, "paragraph": para, "text": stripped})
    return pd.DataFrame(rows, columns=SENTENCES.names)


def sentence_index(doc: Doc) -> list[tuple[int, int]]:
    """(start_char, end_char) of each sentence, for mapping spans to sentence ids."""
    return [(s.start_char, s.end_char) for s in doc.sents]


def sentence_of(offset: int, bounds: Sequence[tuple[int, int]]) -> int | None:
    for i, (s, e) in enumerate(bounds):
        if s <= offset < e:
            return i
    return None


def _with_trace(df: pd.DataFrame, table: Table, article_id: str, bounds: Sequence[tuple[int, int]], id_col: str) -> pd.DataFrame:
    """Add article_id, sentence_id and a stable row id; keep only the table's columns."""
    if df.empty:
        return pd.DataFrame(columns=table.names)
    df = df.copy()
    df["article_id"] = article_id
    df["sentence_id"] = [sentence_of(int(s), bounds) for s in df["start"]]
    df[id_col] = [f"{article_id}:{int(s)}-{int(e)}" for s, e in zip(df["start"], df["end"], strict=True)]
    return df[[c for c in table.names if c in df.columns]]


def analyse_doc(row: dict[str, Any], doc: Doc) -> dict[str, pd.DataFrame]:
    """All per-article tables for one analysed article from its parse."""
    aid = row["article_id"]
    bounds = sentence_index(doc)
    timexes = extract_timexes(row["text"], row.get("published"), doc=doc)
    quotes = extract_quotes(row["text"], doc=doc).rename(columns={"quote_text": "text"})
    mentions = mentions_from_doc(doc, aid)
    timexes = _with_trace(timexes, TIMEXES, aid, bounds, "timex_id")
    return {
        "sentences": sentences_from_doc(doc, aid),
        "mentions": mentions,
        "interactions": interactions_from_doc(doc, mentions),
        "timexes": timexes,
        "events": events_from_doc(doc, aid, mentions, timexes, row.get("published")),
        "quotes": _with_trace(quotes, QUOTES, aid, bounds, "quote_id"),
    }


def analyse_rows(rows: Iterable[dict[str, Any]], model: str, batch_size: int = 32) -> list[dict[str, pd.DataFrame]]:
    """Parse and analyse a batch of article rows with one nlp.pipe stream (the fast path)."""
    rows = list(rows)
    nlp = load_nlp(model)
    out = []
    with deferred_dtypes():  # the build conforms each whole table once, after this stage
        for row, doc in zip(rows, nlp.pipe((r["text"] for r in rows), batch_size=batch_size), strict=True):
            out.append(analyse_doc(row, doc))
    return out
