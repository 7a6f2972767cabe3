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

import dataclasses
import functools
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from datasketch import MinHash, MinHashLSH

from storylens import store

SHINGLE_WORDS = 5
NUM_PERM = 128
MAX_ADDED_SHARE = 0.2
"""Past this share of new articles a rebuild compares all bodies from scratch (as cheap by then)."""
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
    return find_duplicates_cached(articles, threshold)[0]


@dataclass
class DedupeState:
    """What the next build needs to add articles without comparing every body again.

    `order`: every article id in the order that decides which copy came first; `norms`:
    id -> hash of its normalised body; `hashes`: the MinHash values of the articles in the
    LSH index (those that are no exact copy); `best`: id -> (duplicate_of, exact Jaccard
    unrounded, or 1.0 for an exact copy). An article id is a hash of its outlet and its
    normalised body (`prepare.article_id_for`), so an id seen before has the same body."""

    threshold: float
    code: str
    order: list[str] = field(default_factory=list)
    norms: dict[str, str] = field(default_factory=dict)
    hashes: dict[str, np.ndarray] = field(default_factory=dict)
    best: dict[str, tuple[str, float]] = field(default_factory=dict)
    exact: set[str] = field(default_factory=set)
    added: int = 0
    from_scratch: bool = True

    def frame(self) -> pd.DataFrame:
        rows = [
            {"article_id": a, "duplicate_of": self.best[a][0], "duplicate_similarity": 1.0 if a in self.exact else round(self.best[a][1], 4)}
            for a in self.order
            if a in self.best
        ]
        return pd.DataFrame(rows, columns=["article_id", "duplicate_of", "duplicate_similarity"])


def _norm_hash(norm: str) -> str:
    return hashlib.sha1(norm.encode("utf-8", "surrogatepass")).hexdigest()[:20]


def _minhash(sh: set[str]) -> MinHash:
    mh = MinHash(num_perm=NUM_PERM)
    mh.update_batch([s.encode("utf-8") for s in sh])
    return mh


def find_duplicates_cached(
    articles: pd.DataFrame, threshold: float = 0.9, previous: DedupeState | None = None, code: str = ""
) -> tuple[pd.DataFrame, DedupeState]:
    """`find_duplicates`, and the state a later build passes back as `previous`.

    With a `previous` state of the same threshold and code whose articles are all still
    here in the same relative order, only the new articles are compared: each against the
    articles its MinHash bands collide with (the candidates LSH gives), as the earlier copy
    of a later article or the later copy of an earlier one, exactly as the pass from scratch
    would (the rule: an article copies the earlier candidate of highest Jaccard >= threshold).
    Anything else (an article gone, the order moved, a new body equal to a later one's)
    runs the pass from scratch."""
    ids = articles["article_id"].astype(str).tolist()
    if previous is not None and previous.threshold == threshold and previous.code == code:
        state = _add_articles(articles, ids, threshold, previous)
        if state is not None:
            return state.frame(), state
    return _from_scratch(articles, ids, threshold, code)


def _from_scratch(articles: pd.DataFrame, ids: list[str], threshold: float, code: str) -> tuple[pd.DataFrame, DedupeState]:
    state = DedupeState(threshold, code, order=list(ids))
    lsh = MinHashLSH(threshold=max(0.5, threshold - 0.1), num_perm=NUM_PERM)
    # By body hash, and each candidate's shingles made again when LSH names it: keeping
    # every article's normalised body and shingle set held 2 GB at 20,000 articles, for
    # the few articles that have a candidate at all.
    seen_exact: dict[str, str] = {}
    texts = dict(zip(ids, articles["text"], strict=True))
    position = {a: i for i, a in enumerate(ids)}

    @functools.lru_cache(maxsize=1024)
    def shingles_of(aid: str) -> frozenset[str]:
        return frozenset(shingles(normalise(texts[aid] or "")))

    for aid in ids:
        norm = normalise(texts[aid] or "")
        nh = state.norms[aid] = _norm_hash(norm)
        if nh in seen_exact:
            state.best[aid] = (seen_exact[nh], 1.0)
            state.exact.add(aid)
            continue
        seen_exact[nh] = aid
        sh = shingles(norm)
        mh = _minhash(sh)
        best: tuple[float, str] | None = None
        # In corpus order: of equal similarities the earliest copy wins, as when articles are
        # added (`_add_articles`); LSH returns its candidates in a hash-seeded order, which
        # picked one or another between runs (2 of 188 duplicates at 20,000 articles).
        for cand in sorted(lsh.query(mh), key=position.__getitem__):
            sim = jaccard(sh, shingles_of(cand))
            if sim >= threshold and (best is None or sim > best[0]):
                best = (sim, cand)
        if best is not None:
            state.best[aid] = (best[1], best[0])
        lsh.insert(aid, mh)
        state.hashes[aid] = mh.hashvalues
    return state.frame(), state


def _add_articles(articles: pd.DataFrame, ids: list[str], threshold: float, previous: DedupeState) -> DedupeState | None:
    """The previous state with the new articles of `ids` added, or None when only a pass from scratch is right."""
    known = set(previous.order)
    if not known <= set(ids) or [a for a in ids if a in known] != previous.order or len(ids) - len(known) > MAX_ADDED_SHARE * max(len(ids), 1):
        return None
    position = {a: i for i, a in enumerate(ids)}
    texts = dict(zip(ids, articles["text"], strict=True))
    state = DedupeState(
        threshold,
        previous.code,
        order=list(ids),
        norms=dict(previous.norms),
        hashes=dict(previous.hashes),
        best=dict(previous.best),
        exact=set(previous.exact),
        from_scratch=False,
    )
    bands = MinHashLSH(threshold=max(0.5, threshold - 0.1), num_perm=NUM_PERM)
    b, r = bands.b, bands.r
    indexed = [a for a in previous.order if a in state.hashes]  # in the LSH, in order
    matrix = np.array([state.hashes[a] for a in indexed], dtype=np.uint64).reshape(len(indexed), NUM_PERM)
    first_by_norm: dict[str, str] = {}
    for a in previous.order:
        first_by_norm.setdefault(state.norms[a], a)
    for aid in ids:
        if aid in known:
            continue
        state.added += 1
        norm = normalise(texts[aid] or "")
        nh = _norm_hash(norm)
        state.norms[aid] = nh
        first = first_by_norm.get(nh)
        if first is not None:
            if position[first] > position[aid]:
                return None  # the new one is the first copy: the later copies' results change
            state.best[aid] = (first, 1.0)
            state.exact.add(aid)
            continue
        first_by_norm[nh] = aid
        sh = shingles(norm)
        mh = _minhash(sh)
        hv = mh.hashvalues.astype(np.uint64)
        if len(indexed):
            same = (matrix[:, : b * r] == hv[: b * r]).reshape(len(indexed), b, r).all(axis=2).any(axis=1)
            candidates = [indexed[k] for k in np.flatnonzero(same)]
        else:
            candidates = []
        best: tuple[float, str] | None = None
        for cand in candidates:
            sim = jaccard(sh, shingles(normalise(texts[cand] or "")))
            if sim < threshold:
                continue
            if position[cand] < position[aid]:
                if best is None or sim > best[0]:
                    best = (sim, cand)
            elif cand not in state.best or sim > state.best[cand][1]:
                state.best[cand] = (aid, sim)  # the new article is the earlier copy of a later one
        if best is not None:
            state.best[aid] = (best[1], best[0])
        state.hashes[aid] = hv
        indexed.append(aid)
        matrix = np.vstack([matrix, hv[None, :]]) if len(matrix) else hv[None, :].copy()
    state.order = list(ids)
    return state


DEDUPE_FILE = "duplicates.pkl"


def write_dedupe_state(state: DedupeState, folder: Path) -> None:
    store.write_cache_pickle(dataclasses.replace(state, added=0), folder / DEDUPE_FILE)


def read_dedupe_state(folder: Path) -> DedupeState | None:
    """The state a previous build of this output folder wrote in its own cache (None when absent or unreadable)."""
    return store.read_cache_pickle(folder / DEDUPE_FILE, DedupeState)
