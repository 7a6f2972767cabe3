"""DuckDB over the build's Parquet files: pages ask for the rows they show, never whole tables.

Why: holding every table of a build in the server (the former `app.data.tables()`) cost
3.4 GB RSS on a 20,000-article build. Here one DuckDB connection per server process
(bounded memory and threads, in memory, reading only) answers small questions — one
story's rows, one article's rows, counts per outlet, a page of the article list — straight
from the Parquet files (a single file per table or a folder of parts, `store.table_source`).

Why one cached answer per query: the answer depends only on the query, its parameters and the
build; the build's stamp (`app.data.build_id`, the identity of build_info.json) is part of every
key, so a rebuild is seen on the next run. Entries are bounded in number and time, so a
server's memory follows what visitors look at, not the size of the corpus. The bundled
sample and a 100,000-article build take the same path.

SQL names tables in braces (`SELECT ... FROM {articles}`); `sql()` puts the build's Parquet
source in their place. Values always travel as parameters (`?`), never in the SQL text.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import threading
from collections.abc import Callable, Iterable, Sequence
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


def _shared_frames(fn: Callable[..., pd.DataFrame]) -> Callable[..., pd.DataFrame]:
    """`st.cache_resource` for query answers: one frame per server process, a shallow copy per caller.

    Why not `st.cache_data`: it unpickles a fresh copy of the answer on every rerun, the largest
    cost of a page run after Streamlit's own garbage collection (py-spy on 20 sessions, issue 15).
    Why the shallow copy is safe: pandas >= 3 is copy-on-write, so a caller that assigns into
    its copy (a new column, `.loc[...] = v`) writes to private data and never into the shared
    frame. Callers must not mutate the lists inside list cells in place (none does)."""
    cached = st.cache_resource(**CACHE)(fn)

    @functools.wraps(fn)
    def answer(*args: object) -> pd.DataFrame:
        return cached(*args).copy(deep=False)

    answer.clear = cached.clear  # type: ignore[attr-defined]
    return answer


@_shared_frames
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
    a small fraction of the file). The typed frame is what is cached: typing dates and
    lists row by row on every rerun cost more than the query."""
    from app import data

    where_dir = folder or data.data_dir()
    cols = None if columns is None else tuple(columns)
    return _typed(str(where_dir), data.build_id(where_dir), name, cols, where, tuple(_hashable(p) for p in params))


@_shared_frames
def _typed(folder: str, stamp: str, name: str, columns: tuple[str, ...] | None, where: str, params: tuple) -> pd.DataFrame:
    full = ALL_TABLES[name]
    # Typed as declared, but only the columns asked for (a sub-schema of the table's).
    spec = dataclasses.replace(full, columns=tuple(c for c in full.columns if columns is None or c.name in columns))
    have = list(run(folder, f"SELECT * FROM {{{name}}} LIMIT 0").columns)
    if not have:
        return empty(spec)
    wanted = ", ".join(f'"{c}"' for c in spec.names if c in have)
    df = run(folder, f"SELECT {wanted} FROM {{{name}}}" + (f" WHERE {where}" if where else ""), params)
    return conform(df, spec)


ARTICLE_TABLES = ("articles", "sentences", "mentions", "timexes", "events", "quotes", "citations", "interactions", "claim_sentences")


def for_articles(
    article_ids: Sequence[str], names: Sequence[str] = ARTICLE_TABLES, folder: Path | None = None, with_labels: bool = False
) -> dict[str, pd.DataFrame]:
    """The rows of the chosen articles in every per-article table, plus the corpus-wide `actors`
    (names, kinds), the `claims` of their claim sentences and, `with_labels`, `labels_in` them: what a page about a few
    articles (Article, Compare, one story's Timeline) reads, as the frames `app.frames` takes."""
    ids = sorted({str(a) for a in article_ids})
    out: dict[str, pd.DataFrame] = {}
    for name in names:
        out[name] = table(name, where="article_id IN (SELECT unnest(?::VARCHAR[]))", params=[ids], folder=folder)
    out["actors"] = actors(folder)
    if "claim_sentences" in out:
        claim_ids = sorted(set(out["claim_sentences"]["claim_id"].dropna().astype(str)))
        stories = sorted(set(out["articles"]["story_id"].dropna().astype(str))) if "articles" in out else []
        # A claim belongs to one story: the story narrows the lookup (and keeps it exact if two stories reuse an id).
        story_filter = " AND story_id IN (SELECT unnest(?::VARCHAR[]))" if stories else ""
        out["claims"] = table(
            "claims", where="claim_id IN (SELECT unnest(?::VARCHAR[]))" + story_filter, params=[claim_ids, *([stories] if stories else [])], folder=folder
        )
    if with_labels and "articles" in out:
        out["labels"] = labels_in(ids, sorted(set(out["articles"]["outlet"].dropna().astype(str))), folder)
    return out


def labels_in(article_ids: Sequence[str], outlets: Sequence[str], folder: Path | None = None) -> pd.DataFrame:
    """How the chosen articles' outlets name actors in those articles: (outlet, actor_id, label,
    count), counted in SQL over each label's mention ids ("<article_id>:<start>-<end>"), so the
    corpus-wide mention lists never leave DuckDB."""
    if not has_table("labels", folder) or not article_ids:
        return pd.DataFrame(columns=["outlet", "actor_id", "label", "count"])
    return sql(
        "SELECT outlet, actor_id, label, count(*) AS count FROM (SELECT outlet, actor_id, label, unnest(mention_ids) AS mention_id FROM {labels} "
        "WHERE outlet IN (SELECT unnest(?::VARCHAR[]))) WHERE split_part(mention_id, ':', 1) IN (SELECT unnest(?::VARCHAR[])) "
        "GROUP BY ALL ORDER BY count DESC, outlet, actor_id, label",
        [sorted(outlets), sorted(article_ids)],
        folder=folder,
    )


def actor_labels(actor_id: str, folder: Path | None = None) -> pd.DataFrame:
    """How each outlet names one actor over the whole corpus (the labels table summed per outlet and label)."""
    return sql(
        "SELECT outlet, label, label_kind, sum(count)::BIGINT AS count FROM {labels} WHERE actor_id = ? GROUP BY ALL ORDER BY outlet, count DESC, label",
        [actor_id],
        folder=folder,
    )


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
