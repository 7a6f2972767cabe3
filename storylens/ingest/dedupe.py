"""Identical and near-identical article bodies (syndicated wire copies, re-saved pages).

Why MinHash LSH (datasketch): comparing every pair of bodies is quadratic, which is fine
for two seeds and hopeless for a 50,000-article crawl; LSH finds candidate pairs in about
linear time, and each candidate is then checked with the exact shingle Jaccard so the
reported similarity is a real number, not an estimate.

The earlier article (by publication date, then input order) is the original; later ones
get `duplicate_of` pointing to it. Both stay in the tables: a syndicated copy in another
outlet is itself a fact researchers compare.
"""

from __future__ import annotations

import re

import pandas as pd
from datasketch import MinHash, MinHashLSH

SHINGLE_WORDS = 5
NUM_PERM = 128
_WORD = re.compile(r"\w+", re.UNICODE)


def normalise(text: str) -> str:
    """Lower-case words only: punctuation, quote styles and spacing do not make a new text."""
    return " ".join(_WORD.findall(text.lower()))


def shingles(text: str, k: int = SHINGLE_WORDS) -> set[str]:
    words = normalise(text).split()
    if len(words) < k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def find_duplicates(articles: pd.DataFrame, threshold: float = 0.9) -> pd.DataFrame:
    """Return `article_id`, `duplicate_of`, `duplicate_similarity` for every article that copies an earlier one.

    `articles` needs `article_id` and `text`, in the order that decides which copy came
    first (the caller sorts by publication date and input order).
    """
    rows: list[dict[str, object]] = []
    if articles.empty:
        return pd.DataFrame(columns=["article_id", "duplicate_of", "duplicate_similarity"])
    lsh = MinHashLSH(threshold=max(0.5, threshold - 0.1), num_perm=NUM_PERM)
    seen_exact: dict[str, str] = {}
    sets: dict[str, set[str]] = {}
    for aid, text in zip(articles["article_id"], articles["text"], strict=True):
        norm = normalise(text or "")
        if norm in seen_exact:
            rows.append({"article_id": aid, "duplicate_of": seen_exact[norm], "duplicate_similarity": 1.0})
            continue
        seen_exact[norm] = aid
        sh = shingles(norm)
        sets[aid] = sh
        mh = MinHash(num_perm=NUM_PERM)
        mh.update_batch([s.encode("utf-8") for s in sh])
        best: tuple[float, str] | None = None
        for cand in lsh.query(mh):
            sim = jaccard(sh, sets[cand])
            if sim >= threshold and (best is None or sim > best[0]):
                best = (sim, cand)
        if best is not None:
            rows.append({"article_id": aid, "duplicate_of": best[1], "duplicate_similarity": round(best[0], 4)})
        lsh.insert(aid, mh)
    return pd.DataFrame(rows, columns=["article_id", "duplicate_of", "duplicate_similarity"])
