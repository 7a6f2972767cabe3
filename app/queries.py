"""DuckDB over the build's Parquet files: pages ask for the rows they show, never whole tables.

Why: holding every table of a build in the server (the former `app.data.tables()`) cost
3.4 GB RSS on a 20,000-article build. Here one DuckDB connection per server process
(bounded memory and threads, in memory, reading only) answers small questions — one
story's rows, one article's rows, counts per outlet, a page of the article list — straight
from the Parquet files (a single file per table or a folder of parts, `store.table_source`).

Why `st.cache_data` per query: the answer depends only on the query, its parameters and the
build; the build's stamp (`app.data.build_id`, a hash of build_info.json) is part of every
key, so a rebuild is seen on the next run. Entries are bounded in number and time, so a
server's memory follows what visitors look at, not the size of the corpus. The bundled
sample and a 100,000-article build take the same path.

SQL names tables in braces (`SELECT ... FROM {articles}`); `sql()` puts the build's Parquet
source in their place. Values always travel as parameters (`?`), never in the SQL text.
"""

from __future__ import annotations

import dataclasses
import re
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from storylens import store
from storylens.tables import ALL_TABLES, conform, empty

# One connection per process: DuckDB's own buffer pool is bounded here, whatever the corpus size.
MEMORY_LIMIT = "256MB"
THREADS = 2
# Cached answers: enough for every page of a few sessions; an hour is longer than a visit.
CACHE = dict(show_spinner=False, max_entries=256, ttl=3600)
_TABLE = re.compile(r"\{([a-z_]+)\}")
_lock = threading.Lock()


@st.cache_resource(show_spinner=False)
def _connection() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:", config={"memory_limit": MEMORY_LIMIT, "threads": THREADS})
    # The pages only read Parquet; settings cannot be changed by a query after this.
    con.execute("SET preserve_insertion_order = true")
    con.execute("SET lock_configuration = true")
    return con


def _source(folder: str, name: str) -> str | None:
    files = store.part_files(folder, name)
    if not files:
        return None
    literal = store.table_source(folder, name).replace("'", "''")
    return f"read_parquet('{literal}')"


def _expand(folder: str, query: str) -> str | None:
    """`query` with each `{table}` replaced by its Parquet source; None when a table is absent."""
    missing = False

    def repl(m: re.Match) -> str:
        nonlocal missing
        src = _source(folder, m.group(1))
        if src is None:
            missing = True
            return "NULL"
        return src

    out = _TABLE.sub(repl, query)
    return None if missing else out


def run(folder: str | Path, query: str, params: Sequence[object] = (), frames: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """Run one query now (uncached): an empty frame when a table it names is not in the build.

    `frames` are DataFrames the query may name as tables (registered on this query's cursor only)."""
    sql_text = _expand(str(folder), query)
    if sql_text is None:
        return pd.DataFrame()
    # A cursor per query: sessions run in threads and a DuckDB connection is not shared safely.
    with _lock:
        cur = _connection().cursor()
    try:
        for name, df in (frames or {}).items():
            cur.register(name, df)
        return cur.execute(sql_text, list(params)).df()
    finally:
        cur.close()


@st.cache_data(**CACHE)
def _cached(folder: str, stamp: str, query: str, params: tuple) -> pd.DataFrame:
    return run(folder, query, params)


def sql(query: str, params: Iterable[object] = (), folder: Path | None = None) -> pd.DataFrame:
    """A cached query over the open build (or `folder`), keyed by the build's stamp and the parameters."""
    from app import data

    where = folder or data.data_dir()
    return _cached(str(where), data.build_id(where), query, tuple(_hashable(p) for p in params))


def _hashable(p: object) -> object:
    return tuple(p) if isinstance(p, list | set | frozenset) else p


def has_table(name: str, folder: Path | None = None) -> bool:
    from app import data

    return bool(store.part_files(folder or data.data_dir(), name))


def columns_of(name: str, folder: Path | None = None) -> list[str]:
    """The columns the build's table has (an older build may lack some)."""
    df = sql(f"SELECT * FROM {{{name}}} LIMIT 0", folder=folder)
    return list(df.columns)


def table(name: str, columns: Sequence[str] | None = None, where: str = "", params: Iterable[object] = (), folder: Path | None = None) -> pd.DataFrame:
    """Rows of table `name` matching `where` (SQL, `?` parameters), typed like `store.read_table`.

    `columns` limits what is read (Parquet is columnar: an article list without `text` is
    a small fraction of the file)."""
    full = ALL_TABLES[name]
    # Typed as declared, but only the columns asked for (a sub-schema of the table's).
    spec = dataclasses.replace(full, columns=tuple(c for c in full.columns if columns is None or c.name in columns))
    have = columns_of(name, folder)
    if not have:
        return empty(spec)
    wanted = [c for c in spec.names if c in have]
    cols = ", ".join(f'"{c}"' for c in wanted)
    df = sql(f"SELECT {cols} FROM {{{name}}}" + (f" WHERE {where}" if where else ""), params, folder=folder)
    return conform(df, spec)


ARTICLE_TABLES = ("articles", "sentences", "mentions", "timexes", "events", "quotes", "citations", "interactions", "claim_sentences")


def for_articles(article_ids: Sequence[str], names: Sequence[str] = ARTICLE_TABLES, folder: Path | None = None) -> dict[str, pd.DataFrame]:
    """The rows of the chosen articles in every per-article table, plus the corpus-wide `actors`
    (names, kinds), the `claims` of their claim sentences and their outlets' `labels` of the actors they name: what a page about a few
    articles (Article, Compare, one story's Timeline) reads, as the frames `app.frames` takes."""
    ids = sorted({str(a) for a in article_ids})
    out: dict[str, pd.DataFrame] = {}
    for name in names:
        out[name] = table(name, where="article_id IN (SELECT unnest(?::VARCHAR[]))", params=[ids], folder=folder)
    out["actors"] = actors(folder)
    if "claim_sentences" in out:
        claim_ids = sorted(set(out["claim_sentences"]["claim_id"].dropna().astype(str)))
        out["claims"] = table("claims", where="claim_id IN (SELECT unnest(?::VARCHAR[]))", params=[claim_ids], folder=folder)
    if "mentions" in out and "articles" in out and has_table("labels", folder):
        # The labels their outlets use for the actors they name (labels count per outlet, corpus-wide).
        named = sorted(set(out["mentions"]["actor_id"].dropna().astype(str)))
        outlets = sorted(set(out["articles"]["outlet"].dropna().astype(str)))
        out["labels"] = table(
            "labels", where="outlet IN (SELECT unnest(?::VARCHAR[])) AND actor_id IN (SELECT unnest(?::VARCHAR[]))", params=[outlets, named], folder=folder
        )
    return out


def actors(folder: Path | None = None) -> pd.DataFrame:
    """The actors table (one row per resolved actor, corpus-wide: what every name lookup needs)."""
    return table("actors", folder=folder)


ARTICLE_LIST = [
    "article_id",
    "source_file",
    "url",
    "outlet",
    "outlet_how",
    "title",
    "authors",
    "published",
    "published_how",
    "published_confidence",
    "published_evidence",
    "language",
    "status",
    "n_words",
    "story_id",
    "duplicate_of",
]


def article_list(columns: Sequence[str] = ARTICLE_LIST, where: str = "", params: Iterable[object] = (), folder: Path | None = None) -> pd.DataFrame:
    """Articles without their text (the bulk of the table): pickers, lists, counts."""
    return table("articles", columns, where, params, folder)
