"""Full-text search over a build's sentences: SQLite FTS5, ranked by BM25.

Why SQLite FTS5 and not DuckDB's `fts` extension: DuckDB loads `fts` from its own
extension server at run time (`INSTALL fts`), which a machine without internet cannot
reach and which this project never downloads at run time; no PyPI package ships it.
FTS5 is compiled into Python's standard `sqlite3`, ranks by BM25 (`bm25()`), stems English
with the Porter tokenizer, and marks the matching words (`highlight()`).

The index is part of the build: `write_index` runs inside the build's write phase
(`store.write_tables(..., derived=...)`), so `search.sqlite` lands in the output folder in the
same atomic swap as the tables it indexes, and the Search page only opens it. Why: made on
the first visit, indexing a 20,000-article build took over 300 s of a visitor's page. A
rebuild copies the previous build's index and re-indexes only the articles whose
sentences changed (`analysis_key`), so one added article does not re-index the corpus.
Builds made before the index moved into the build have no `search.sqlite`; for those,
`SearchIndex.for_build` still makes one on first use in a separate folder.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import secrets
import sqlite3
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from storylens import store

_OPEN, _CLOSE = "\x02", "\x03"  # markers highlight() puts around a hit; never in article text after escaping
_WORD = re.compile(r"\w+", re.UNICODE)
RESULT_COLUMNS = ["article_id", "sentence_id", "outlet", "published", "title", "story_id", "url", "text", "snippet_html", "score"]


def build_stamp(build_dir: str | Path) -> str:
    info = Path(build_dir) / store.BUILD_INFO
    return hashlib.sha1(info.read_bytes()).hexdigest()[:12] if info.exists() else "empty"


def fts_query(text: str) -> str:
    """A user's words as an FTS5 query: every word must occur (prefix match on the last one
    while typing is not wanted: whole words), "quoted phrases" kept as phrases.

    User input never reaches FTS5's own syntax (AND/OR/NEAR, column filters, `*`): each
    word or phrase is quoted, so a query like `a" OR x:` cannot fail or change meaning."""
    parts: list[str] = []
    for phrase, loose in re.findall(r'"([^"]*)"|([^"\s]+)', text or ""):
        words = _WORD.findall(phrase or loose)
        if words:
            parts.append('"' + " ".join(words) + '"')
    return " ".join(parts)


INDEX_FILE = "search.sqlite"
"""The index's file name inside a build's output folder."""


class SearchIndex:
    """The sentences of one build in an FTS5 table, with the article fields results show."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def for_build(cls, build_dir: str | Path, index_dir: str | Path) -> SearchIndex:
        """The index the build wrote (`build_dir/search.sqlite`), opened as it is.

        Only a build older than the index-in-the-build has none: then it is made once in
        `index_dir`, per build stamp, written atomically (the old behaviour)."""
        own = Path(build_dir) / INDEX_FILE
        if own.is_file():
            return cls(own)
        stamp = build_stamp(build_dir)
        key = hashlib.sha1(str(Path(build_dir).resolve()).encode()).hexdigest()[:10]
        folder = Path(index_dir)
        path = folder / f"search-{key}-{stamp}.sqlite"
        if not path.exists():
            folder.mkdir(parents=True, exist_ok=True)
            tmp = folder / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}"
            _write_index(tmp, build_dir)
            os.replace(tmp, path)
            for old in folder.glob(f"search-{key}-*.sqlite"):  # earlier builds of the same folder
                if old != path:
                    old.unlink(missing_ok=True)
        return cls(path)

    def search(self, text: str, outlets: Iterable[str] = (), stories: Iterable[str] = (), limit: int = 200) -> pd.DataFrame:
        """Matching sentences, best first (BM25), each with an HTML snippet whose text is escaped
        and whose hits are wrapped in <mark>."""
        q = fts_query(text)
        if not q:
            return pd.DataFrame(columns=RESULT_COLUMNS)
        where, args = ["sentences MATCH ?"], [q]
        for col, values in (("outlet", list(outlets)), ("story_id", list(stories))):
            if values:
                where.append(f"a.{col} IN ({', '.join('?' * len(values))})")
                args += values
        sql = (
            "SELECT s.article_id, s.sentence_id, a.outlet, a.published, a.title, a.story_id, a.url, s.text, "
            f"highlight(sentences, 0, '{_OPEN}', '{_CLOSE}') AS marked, bm25(sentences) AS score "
            "FROM sentences s JOIN articles a USING (article_id) "
            f"WHERE {' AND '.join(where)} ORDER BY score LIMIT ?"
        )
        con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        try:
            rows = con.execute(sql, [*args, int(limit)]).fetchall()
        finally:
            con.close()
        df = pd.DataFrame(rows, columns=[*RESULT_COLUMNS[:8], "marked", "score"])
        df["snippet_html"] = [mark_html(m) for m in df["marked"]]
        df["score"] = -df["score"]  # bm25() is lower-is-better; shown as higher-is-better
        return df[RESULT_COLUMNS]


def mark_html(marked: str) -> str:
    """Escape the sentence, then turn the hit markers into <mark> tags."""
    return html.escape(marked or "").replace(_OPEN, "<mark>").replace(_CLOSE, "</mark>")


def write_index(new_build: Path, previous_build: Path) -> None:
    """Write `new_build/search.sqlite` from the tables in `new_build` (a `store.write_tables`
    derived writer: `new_build` is the folder about to be swapped in).

    When `previous_build` holds an index with its articles' analysis keys, it is copied and
    only the articles whose key changed (or that are gone or new) are deleted and indexed
    again; the rest of the FTS table is kept as it was."""
    target = new_build / INDEX_FILE
    tmp = new_build / f".{INDEX_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
    old = previous_build / INDEX_FILE
    if not (old.is_file() and _reuse_index(old, tmp, new_build)):
        tmp.unlink(missing_ok=True)
        _write_index(tmp, new_build)
    os.replace(tmp, target)


_KEYED = "CREATE TABLE indexed (article_id TEXT PRIMARY KEY, analysis_key TEXT)"


def _reuse_index(old: Path, tmp: Path, build_dir: Path) -> bool:
    """Copy `old` to `tmp` and bring it up to `build_dir`'s sentences; False when `old` cannot be reused."""
    keys = store.read_parts(build_dir, "articles", columns=["article_id", "analysis_key"])
    src = sqlite3.connect(f"file:{old}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
        finally:
            dst.close()
    except sqlite3.DatabaseError:
        return False
    finally:
        src.close()
    con = sqlite3.connect(tmp)
    try:
        try:
            before = dict(con.execute("SELECT article_id, analysis_key FROM indexed").fetchall())
        except sqlite3.OperationalError:  # an index without its keys: cannot tell what changed
            return False
        now = {str(a): (None if k is None or (not isinstance(k, str) and pd.isna(k)) else str(k)) for a, k in zip(keys["article_id"], keys["analysis_key"])}
        kept = {a for a, k in now.items() if k is not None and before.get(a) == k}
        stale = [a for a in before if a not in kept]
        con.execute("CREATE TEMP TABLE stale (article_id TEXT PRIMARY KEY)")
        con.executemany("INSERT INTO stale VALUES (?)", ((a,) for a in stale))
        con.execute("DELETE FROM sentences WHERE article_id IN (SELECT article_id FROM stale)")
        _fill(con, build_dir, skip=kept)
        con.commit()
    finally:
        con.close()
    return True


def _write_index(path: Path, build_dir: str | Path) -> None:
    """Fill the index from the build's Parquet files, the sentences a batch at a time: a
    100,000-article build is indexed without holding its tables (or even its sentences) in memory."""
    con = sqlite3.connect(path)
    try:
        con.execute(
            "CREATE VIRTUAL TABLE sentences USING fts5(text, article_id UNINDEXED, sentence_id UNINDEXED, tokenize='porter unicode61 remove_diacritics 2')"
        )
        _fill(con, build_dir, skip=set())
        con.commit()
    finally:
        con.close()


def _fill(con: sqlite3.Connection, build_dir: str | Path, skip: set[str]) -> None:
    """Index the sentences of every article not in `skip`; (re)write the articles and their keys."""
    arts = store.read_parts(build_dir, "articles", columns=["article_id", "outlet", "published", "title", "story_id", "url", "analysis_key"])
    # A rebuild that reuses the index reads only the sentences of the articles it indexes anew.
    wanted = None if not skip else [a for a in arts["article_id"].astype(str) if a not in skip]
    for batch in store.iter_batches(build_dir, "sentences", ["text", "article_id", "sentence_id"], article_ids=wanted):
        con.executemany(
            "INSERT INTO sentences (text, article_id, sentence_id) VALUES (?, ?, ?)",
            ((str(x), str(a), int(i)) for x, a, i in zip(*(batch.column(c).to_pylist() for c in ("text", "article_id", "sentence_id"))) if str(a) not in skip),
        )
    con.execute("DROP TABLE IF EXISTS articles")
    con.execute("DROP TABLE IF EXISTS indexed")
    con.execute("CREATE TABLE articles (article_id TEXT PRIMARY KEY, outlet TEXT, published TEXT, title TEXT, story_id TEXT, url TEXT)")
    con.execute(_KEYED)
    if not arts.empty:

        def col(name: str) -> list:
            return [None if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v) for v in arts[name]] if name in arts else [None] * len(arts)

        con.executemany(
            "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?)", zip(*(col(c) for c in ("article_id", "outlet", "published", "title", "story_id", "url")))
        )
        con.executemany("INSERT INTO indexed VALUES (?, ?)", zip(col("article_id"), col("analysis_key")))
