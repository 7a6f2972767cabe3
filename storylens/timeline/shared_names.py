"""Which articles are one story's before stories exist: the proper names two texts share.

The build lends years and dates between articles of the same story (`published.borrow_years`,
`corpus.lend_story_dates`) before the story clustering has run, so "the same story" is read
from the capitalised words inside sentences. `NameIndex` finds, for many articles at once, every
other article that passes `same_story` without comparing each pair in Python.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from scipy import sparse

from storylens.timeline.temporal.grammar import MONTHS, WEEKDAYS

# Capitalised words inside a sentence (not its first word): the names a story is about.
_NAME = re.compile(r"(?<=[a-z,;:] )[A-Z][a-zA-Z'-]{2,}")
_NOT_NAMES = {m.capitalize() for m in (*MONTHS, *WEEKDAYS)} | {"The", "This", "That", "But", "And", "Mr", "Mrs", "Ms", "Dr"}
# Two articles are taken for one story's, for lending a year, when they share this many proper
# names and this share of their names (Jaccard): the seeds share 22 names (0.4); two BBC
# business stories share "UK", "London", "Bank" and little else.
SAME_STORY_NAMES = 3
SAME_STORY_JACCARD = 0.2


def story_names(text: str) -> set[str]:
    """The proper names of a text, a cheap stand-in for "the same story" before stories exist."""
    return {w for w in _NAME.findall(text or "") if w not in _NOT_NAMES}


def same_story(a: set[str], b: set[str]) -> bool:
    """At least SAME_STORY_NAMES shared names, and at least SAME_STORY_JACCARD of all their names."""
    common = len(a & b)
    return common >= SAME_STORY_NAMES and common >= SAME_STORY_JACCARD * len(a | b)


class NameIndex:
    """Articles (by position) by their story names, answering "which of them pass
    `same_story` with these names?" exactly, for many articles at once.

    How: the names shared by every queried article and every indexed one are counted by one
    sparse matrix product per block of queries (articles x names, 0/1), and `same_story`'s two
    conditions are checked on the counts. Why: the two date-lending passes compared every
    undated article with every dated one in Python; on 20,000 articles that took 15
    minutes (166 + 762 s, standalone). A prefix filter (look only under each article's rarest names) did
    not help: make_corpus's articles share common names, leaving about 4,900 candidates each.
    """

    BLOCK = 512
    """Queries per matrix product: bounds the count matrix to BLOCK x articles."""

    def __init__(self, names: Sequence[set[str]]) -> None:
        self.columns: dict[str, int] = {}
        rows, cols = [], []
        for i, article_names in enumerate(names):
            for name in article_names:
                rows.append(i)
                cols.append(self.columns.setdefault(name, len(self.columns)))
        self.n = len(names)
        self.sizes = np.array([len(a) for a in names], dtype=np.int64)
        # names x articles: a block of queries (queries x names) times this counts shared names
        self.by_name = sparse.csr_matrix(
            (np.ones(len(rows), dtype=np.int32), (np.array(cols, dtype=np.int64), np.array(rows, dtype=np.int64))), shape=(len(self.columns), self.n)
        )

    def same_story_each(self, queries: Sequence[set[str]]) -> list[list[int]]:
        """For each set of names, the positions (in order) of the indexed articles that pass
        `same_story` with it: exactly what `same_story` against every article gives."""
        return [positions.tolist() for positions in self.same_story_arrays(queries)]

    def same_story_arrays(self, queries: Sequence[set[str]]) -> list[np.ndarray]:
        """`same_story_each`, each answer an ascending array of positions."""
        out: list[np.ndarray] = []
        for start in range(0, len(queries), self.BLOCK):
            block = queries[start : start + self.BLOCK]
            rows, cols = [], []
            for r, names in enumerate(block):
                for name in names:
                    if name in self.columns:
                        rows.append(r)
                        cols.append(self.columns[name])
            q = sparse.csr_matrix((np.ones(len(rows), dtype=np.int32), (rows, cols)), shape=(len(block), len(self.columns)))
            shared = (q @ self.by_name).tocsr()
            shared.sort_indices()
            for r, names in enumerate(block):
                lo, hi = shared.indptr[r], shared.indptr[r + 1]
                positions, common = shared.indices[lo:hi], shared.data[lo:hi].astype(np.int64)
                union = len(names) + self.sizes[positions] - common
                keep = (common >= SAME_STORY_NAMES) & (common >= SAME_STORY_JACCARD * union)
                out.append(positions[keep])
        return out
