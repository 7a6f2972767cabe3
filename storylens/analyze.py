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
from typing import Any

import pandas as pd
from spacy.language import Language
from spacy.tokens import Doc

from storylens.actors.mentions import mention_records
from storylens.code_fingerprint import library_fingerprint, step_fingerprint
from storylens.compare.quotes.extract import quote_records
from storylens.network.interactions import interaction_records
from storylens.network.mention_index import MentionIndex
from storylens.nlp import AnalysisTimeout, Deadline, doc_text, load_nlp, needs_pieces, parse_in_pieces, sentence_bounds
from storylens.settings import DEFAULT_BUDGET, Settings
from storylens.tables import (
    ALL_TABLES,
    EDGE_COLUMNS,
    QUOTES,  # noqa: F401 (benchmarks/citations_basil.py imports it from here)
    REJECTS,
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


CODE_FINGERPRINT = library_fingerprint()
"""Hash of all the library's source and resources: the build's `code_fingerprint`, and the
key of the corpus steps' caches (a change anywhere recomputes them; they are cheap)."""

ANALYSIS_ENTRIES = ("storylens.analyze", "storylens.nlp", "storylens.actors.gazetteer")
"""The modules whose code the per-article stage runs (this module, the spaCy pipeline and
the gazetteers the workers load): with what they import and the resources, its code
(`code_fingerprint.source_closure`).

Their hash is part of every article's analysis_key, so that a change to the analysis code
re-analyses cached articles on the next build even when nobody remembered to bump
PIPELINE_VERSION, while a change to a corpus step (quote grouping, stories, claims) does not
re-parse them: that cost 76 minutes on 20,000 articles for code the parse never reads."""


def analysis_key(row: dict[str, Any], settings: Settings) -> str:
    """Everything the per-article stage reads: text, publication day, settings, its code."""
    parts = [PIPELINE_VERSION, step_fingerprint(*ANALYSIS_ENTRIES), settings.fingerprint(), str(row.get("published") or ""), row["text"]]
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


def article_records(row: dict[str, Any], doc: Doc, deadline: Deadline | None = None) -> dict[str, list[dict[str, Any]]]:
    """The rows of every per-article table (PER_ARTICLE_TABLES) for one article, as plain dicts.

    The stages hand each other records (one MentionIndex serves interactions and events) and
    a table becomes a frame once, at the end: building, copying and reading back small
    frames between the stages cost more than the rules themselves."""
    aid = row["article_id"]
    text = row["text"]
    published = row.get("published")
    check = deadline.check if deadline is not None else _no_check
    bounds = sentence_index(doc)
    timexes = _trace(timex_records(text, published, doc), aid, bounds, "timex_id")
    check("dates")
    quotes = quote_records(text, doc)
    for q in quotes:
        q["text"] = q.pop("quote_text")
    check("quotes")
    mentions = mention_records(doc, aid)
    idx = MentionIndex(doc, mentions)
    check("mentions")
    interactions = interaction_records(doc, idx, aid) if mentions else []
    check("interactions")
    events = event_records(doc, aid, idx, [timex_record(t, aid) for t in timexes], published)
    check("events")
    return {
        "sentences": sentence_records(doc, aid),
        "mentions": mentions,
        "interactions": interactions,
        "timexes": timexes,
        "events": events,
        "quotes": _trace(quotes, aid, bounds, "quote_id"),
    }


def _no_check(step: str) -> None:
    return None


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


def analyse_doc(row: dict[str, Any], doc: Doc, deadline: Deadline | None = None) -> dict[str, pd.DataFrame]:
    """All per-article tables for one analysed article from its parse.

    Columns are the per-article ones of each table; dtypes are left to `conform`, which
    the build applies to each whole table."""
    return {name: _frame(rows, _columns(name, rows)) for name, rows in article_records(row, doc, deadline).items()}


def analyse_rows(rows: Iterable[dict[str, Any]], model: str, batch_size: int = 32, seconds: float = DEFAULT_BUDGET) -> list[dict[str, pd.DataFrame]]:
    """Parse and analyse a batch of article rows: one dict of per-article tables for each row,
    or, for an article that failed or ran out of time, a dict with only a one-row
    `rejects` frame (reason `analysis_error` or `analysis_timeout`).

    Fault isolation lives here, in the pure per-article stage, so that it holds whatever
    runs it (this process, a process pool, Dask workers in threads or processes): no
    article's failure reaches the caller. Articles that fit one parse share an nlp.pipe
    stream (its batching is most of the parser's speed); an article that must be cut
    (`storylens.segments`) is parsed alone, piece by piece, its deadline checked between
    the pieces. A shared stream that raises is re-run one article at a time, so the
    failure is pinned on its article. Each article's budget counts from the end of its
    parse in a shared stream (that parse is bounded by the caps) and from the start of
    its own parse otherwise."""
    rows = list(rows)
    nlp = load_nlp(model)
    out: list[dict[str, pd.DataFrame]] = []
    with deferred_dtypes():  # the build conforms each whole table once, after this stage
        short = [r for r in rows if not needs_pieces(r["text"])]
        try:
            docs = dict(zip((id(r) for r in short), nlp.pipe((r["text"] for r in short), batch_size=batch_size), strict=True))
        except Exception:
            docs = {}
        for row in rows:
            out.append(_analyse_one(nlp, row, docs.get(id(row)), seconds))
    return out


def _analyse_one(nlp: Language, row: dict[str, Any], doc: Doc | None, seconds: float) -> dict[str, pd.DataFrame]:
    """One article's tables, or its reject (see `analyse_rows`)."""
    deadline = Deadline(seconds)
    try:
        if doc is None:
            doc = parse_in_pieces(nlp, row["text"], deadline)
        return analyse_doc(row, doc, deadline)
    except AnalysisTimeout as exc:
        return {"rejects": analysis_reject(row, "analysis_timeout", str(exc))}
    except Exception as exc:  # a bug or a pathological text must not stop the corpus
        first = (str(exc).strip().splitlines() or [""])[0]
        return {"rejects": analysis_reject(row, "analysis_error", f"{type(exc).__name__}: {first}" if first else type(exc).__name__)}


def analysis_reject(row: dict[str, Any], reason: str, what: str) -> pd.DataFrame:
    """The one-row `rejects` frame of an article the per-article stage could not analyse;
    `article_id` says which article row it replaces."""
    detail = f"{row.get('source_file')}: analysis stopped, {what}"
    return pd.DataFrame([[row["article_id"], row.get("source_file"), reason, detail, row.get("content_hash")]], columns=ANALYSIS_REJECT_COLUMNS)


ANALYSIS_REJECT_COLUMNS = ["article_id", *REJECTS.names]
