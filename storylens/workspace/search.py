"""Full-text search over a build's sentences: SQLite FTS5, ranked by BM25.

Why SQLite FTS5 and not DuckDB's `fts` extension: DuckDB loads `fts` from its own
extension server at run time (`INSTALL fts`), which a machine without internet cannot
reach and which this project never downloads at run time; no PyPI package ships it.
FTS5 is compiled into Python's standard `sqlite3`, ranks by BM25 (`bm25()`), stems English
with the Porter tokenizer, and marks the matching words (`highlight()`). The index is one
file per build, rebuilt when the build's stamp changes, written atomically.
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


class SearchIndex:
    """The sentences of one build in an FTS5 table, with the article fields results show."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def for_build(cls, build_dir: str | Path, index_dir: str | Path) -> SearchIndex:
        """The index of `build_dir` in `index_dir`, (re)built when the build changed."""
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


def _write_index(path: Path, build_dir: str | Path) -> None:
    """Fill the index from the build's Parquet files, the sentences a batch at a time: a
    100,000-article build is indexed without holding its tables (or even its sentences) in memory."""
    arts = store.read_parts(build_dir, "articles", columns=["article_id", "outlet", "published", "title", "story_id", "url"])
    con = sqlite3.connect(path)
    try:
        con.execute(
            "CREATE VIRTUAL TABLE sentences USING fts5(text, article_id UNINDEXED, sentence_id UNINDEXED, tokenize='porter unicode61 remove_diacritics 2')"
        )
        con.execute("CREATE TABLE articles (article_id TEXT PRIMARY KEY, outlet TEXT, published TEXT, title TEXT, story_id TEXT, url TEXT)")
        for batch in store.iter_batches(build_dir, "sentences", ["text", "article_id", "sentence_id"]):
            con.executemany(
                "INSERT INTO sentences (text, article_id, sentence_id) VALUES (?, ?, ?)",
                ((str(x), str(a), int(i)) for x, a, i in zip(*(batch.column(c).to_pylist() for c in ("text", "article_id", "sentence_id")))),
            )
        if not arts.empty:

            def col(name: str) -> list:
                return [None if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v) for v in arts[name]] if name in arts else [None] * len(arts)

            con.executemany(
                "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?)", zip(*(col(c) for c in ("article_id", "outlet", "published", "title", "story_id", "url")))
            )
        con.commit()
    finally:
        con.close()
