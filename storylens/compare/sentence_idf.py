"""The alignment's corpus-wide IDF as a value of its own: fitted once, kept, reused while the corpus stays about the same size.

Why: the alignment weighs words by how rare they are in the whole corpus (a story of two
articles has too few sentences to tell a rare name from a common word; per-story IDF
lowered ECB+ alignment F1 from 0.624 to 0.613, benchmarks/alignment_ecbplus.py). But a
corpus-wide IDF changes with every article added, and with it every story's similarities:
nothing could be reused from the previous build. So the IDF (the document frequency of
every feature and the number of documents, here sentences) is written with the build
(`cache/corpus/idf-*.parquet`) and the next build keeps it while the number of sentences
it covers has changed by at most `REFRESH_SHARE`; past that, it is fitted again and every
story is aligned again.

What freezing changes, and by how much: idf = ln((1 + n) / (1 + df)) + 1 moves by at most
ln(1 + REFRESH_SHARE) ~ 0.02 when n moves by 2 %, against idf values of 1 to ~12; a word
first seen in the added articles is weighed as a word of one sentence (df = 1). A rebuild
with a frozen IDF therefore equals a from-scratch build given the same IDF exactly (tested,
tests/test_incremental_build.py), and a from-scratch build with a fresh IDF up to those
small shifts of `similarity` (also tested).

Vectors are computed the same way whether the IDF was just fitted or is frozen (`vectors`),
so a story aligned in one build and reused in the next has the bits it would have now.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import scipy.sparse as sp
from sklearn.preprocessing import normalize

from storylens.compare.text_features import _char_wb_ngrams, _with_bigrams, anchors, content_words

REFRESH_SHARE = 0.02
"""A frozen IDF is fitted again once the sentences it would cover differ in number from
the ones it was fitted on by more than this share."""

FAMILIES = ("words", "chars", "anchors", "dates")
"""Feature families: stemmed content words and their bigrams; character 3-5-grams within
words; anchors (names, numbers, dates); the date anchors alone."""


def sentence_tokens(texts: Sequence[str]) -> dict[str, list[list[str]]]:
    """Each family's tokens per (typography-folded) sentence text; chars as words, expanded in `_counts`."""
    words = [content_words(t) for t in texts]
    anchor_of = [anchors(t) for t in texts]
    return {
        "words": [_with_bigrams(w) for w in words],
        "chars": [t.lower().split() for t in texts],
        "anchors": [a for a, _ in anchor_of],
        "dates": [[x for x in a if x.startswith("#")] for a, _ in anchor_of],
    }


def _expand(family: str) -> Callable[[str], list[str]] | None:
    return _char_wb_ngrams if family == "chars" else None


def _counts(docs: list[list[str]], expand: Callable[[str], list[str]] | None) -> tuple[sp.csr_matrix, np.ndarray]:
    """Term counts per document (columns in the order of first appearance) and the terms."""
    cols, uniques = pd.factorize(np.array([tok for doc in docs for tok in doc], dtype=object))
    rows = np.repeat(np.arange(len(docs)), [len(d) for d in docs])
    counts = sp.csr_matrix((np.ones(len(cols), dtype=np.int64), (rows, cols)), shape=(len(docs), len(uniques)))
    names = np.asarray(uniques, dtype=object)
    if expand is not None and len(names):
        per_token = [expand(tok) for tok in names]
        f_cols, f_uniques = pd.factorize(np.array([f for fs in per_token for f in fs], dtype=object))
        f_rows = np.repeat(np.arange(len(names)), [len(fs) for fs in per_token])
        counts = counts @ sp.csr_matrix((np.ones(len(f_cols), dtype=np.int64), (f_rows, f_cols)), shape=(len(names), len(f_uniques)))
        names = np.asarray(f_uniques, dtype=object)
    return sp.csr_matrix(counts), names


@dataclass
class FamilyIdf:
    """One family's vocabulary (sorted) and document frequencies."""

    terms: pd.Index
    df: np.ndarray

    def idf(self, n_docs: int, extra: int = 0) -> np.ndarray:
        """Smoothed idf (scikit-learn's formula) of the vocabulary, then of `extra` unseen terms (df = 1)."""
        df = np.concatenate([self.df.astype(np.float64), np.ones(extra)])
        return np.log((1.0 + n_docs) / (1.0 + df)) + 1.0


@dataclass
class SentenceIdf:
    """Document frequencies of every feature family over `n_docs` sentences."""

    n_docs: int
    families: dict[str, FamilyIdf]
    stored_fingerprint: str | None = None

    @property
    def fingerprint(self) -> str:
        """A hash of the whole IDF: part of every story's cache key (kept in the files, not recomputed on read)."""
        if self.stored_fingerprint is None:
            h = hashlib.sha1(str(self.n_docs).encode())
            for name in FAMILIES:
                fam = self.families[name]
                h.update(b"\x1e" + "\x1f".join(map(str, fam.terms)).encode() + b"\x1e" + fam.df.astype(np.int64).tobytes())
            self.stored_fingerprint = h.hexdigest()[:16]
        return self.stored_fingerprint

    def empty(self, family: str) -> bool:
        return len(self.families[family].terms) == 0

    def vectors(self, tokens: dict[str, list[list[str]]], family: str) -> sp.csr_matrix:
        """L2-normalised sublinear TF-IDF rows of these sentences in this family.

        Columns are the vocabulary's positions; terms outside it (first seen after the IDF
        was fitted) get columns after it, in alphabetical order, with df = 1."""
        fam = self.families[family]
        counts, names = _counts(tokens[family], _expand(family))
        pos = fam.terms.get_indexer(names) if len(names) else np.array([], dtype=np.int64)
        unseen = np.flatnonzero(pos < 0)
        if len(unseen):
            order = np.argsort(names[unseen].astype(str), kind="stable")
            pos[unseen[order]] = len(fam.terms) + np.arange(len(unseen))
        width = len(fam.terms) + len(unseen)
        counts = counts.tocoo()
        m = sp.csr_matrix((counts.data.astype(np.float64), (counts.row, pos[counts.col])), shape=(counts.shape[0], max(width, 1)))
        m.sum_duplicates()
        m.sort_indices()
        m.data = np.log(m.data) + 1.0
        m.data *= fam.idf(self.n_docs, len(unseen))[m.indices]
        return sp.csr_matrix(normalize(m, norm="l2", copy=False))


def fit_idf(tokens: dict[str, list[list[str]]]) -> SentenceIdf:
    """Document frequencies over these sentences, every family."""
    n = len(tokens["words"])
    families = {}
    for name in FAMILIES:
        counts, names = _counts(tokens[name], _expand(name))
        df = np.bincount(counts.indices, minlength=len(names)) if len(names) else np.zeros(0, dtype=np.int64)
        order = np.argsort(names.astype(str), kind="stable") if len(names) else np.zeros(0, dtype=np.int64)
        families[name] = FamilyIdf(pd.Index(names[order].astype(str), dtype=object), df[order].astype(np.int64))
    return SentenceIdf(n, families)


def needs_refresh(idf: SentenceIdf | None, n_docs: int, share: float | None = None) -> bool:
    """Whether a frozen IDF no longer stands for a corpus of `n_docs` sentences."""
    share = REFRESH_SHARE if share is None else share
    return idf is None or abs(n_docs - idf.n_docs) > share * max(idf.n_docs, 1)


def write_idf(idf: SentenceIdf, folder: Path) -> None:
    """One Parquet file per family (term, df) and the number of documents in its metadata."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in FAMILIES:
        fam = idf.families[name]
        table = pa.table({"term": pa.array(fam.terms.tolist(), type=pa.string()), "df": pa.array(fam.df, type=pa.int64())})
        table = table.replace_schema_metadata({b"n_docs": str(idf.n_docs).encode(), b"fingerprint": idf.fingerprint.encode()})
        pq.write_table(table, folder / f"idf-{name}.parquet")


def read_idf(folder: Path) -> SentenceIdf | None:
    """The IDF a previous build wrote, or None when it has none (or an unreadable one)."""
    try:
        families, n_docs, fingerprint = {}, 0, None
        for name in FAMILIES:
            table = pq.read_table(folder / f"idf-{name}.parquet")
            meta = table.schema.metadata or {}
            n_docs, fingerprint = int(meta[b"n_docs"]), meta[b"fingerprint"].decode()
            families[name] = FamilyIdf(pd.Index(table.column("term").to_pylist(), dtype=object), table.column("df").to_numpy().astype(np.int64))
        return SentenceIdf(n_docs, families, fingerprint)
    except (OSError, KeyError, ValueError, pa.ArrowException):
        return None
