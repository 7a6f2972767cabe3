"""Group the articles of a corpus into stories, so outlets are compared only on the same event.

Why first: a corpus a researcher collects often holds several stories (a follow-up, an
unrelated piece from the same search); aligning sentences across stories pairs two
similar but different events (two celebrities entering rehab, two earthquakes) and
reports them as the same claim.

Method: a similarity between two articles from three signals, then average-linkage
clustering with a distance threshold (no number of stories to guess), blocked so that no
n x n matrix is ever built (`similar_pairs`, `assign_stories`):
- words: cosine of TF-IDF vectors of title + text (the title counted twice: it names the
  event), stop words removed;
- actors: cosine of TF-IDF vectors over the actors the articles mention (mentions.actor_id,
  meta mentions such as bylines excluded), so "Shapps" and "Kirby" weigh more than "Russia";
- dates: when both articles are dated and further apart than `max_gap_days`, the
  similarity is scaled down by how far apart they are: the same words a year apart are
  usually a different event.

Why the blocking is exact: average linkage joins two groups only when their average
similarity exceeds the threshold, so at least one pair across them does; every story
therefore lies inside one connected component of the graph of pairs above the threshold,
and clustering each component alone gives the stories clustering the whole matrix gave.
The pairs above the threshold come from sparse TF-IDF products in row blocks, each against
the articles within `window_days` of it (further apart, the date factor keeps even identical
texts below the threshold) and the undated ones. Cost: O(n * w) similarities for w articles
within the window (plus the undated), and the square of each component's size; memory
O(n + pairs above the threshold).
"""

from __future__ import annotations

import hashlib
import math

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer

__all__ = ["ACTOR_WEIGHT", "MAX_GAP_DAYS", "STORY_THRESHOLD", "article_similarity", "assign_stories", "grouping_scores", "similar_pairs"]

ACTOR_WEIGHT = 0.15
"""Share of the actor cosine in the article similarity (the words get the rest). Chosen on
BASIL (pairwise F1 0.949 at 0.15 against 0.941 without actors): a small gain, kept because
names are what tells two press conferences of the same week apart."""
STORY_THRESHOLD = 0.18
"""Average similarity above which two groups of articles are one story. Chosen on ECB+ dev
topics (sub-topics as gold stories: pairwise F1 0.82, best of 0.08-0.22), then checked on
BASIL (pairwise F1 0.949); the two seed articles score 0.29."""
MAX_GAP_DAYS = 7
"""Dated articles further apart than this are penalised: similarity x (gap / days)^-0.5."""


MAX_COMPONENT = 3000
"""Largest group of linked articles clustered as one dense block (3000^2 floats, 72 MB);
a larger one is split at a stricter threshold first (`_split_component`)."""
ROW_BLOCK = 256
"""Articles per block of the sparse similarity products."""


def _day_numbers(published: pd.Series | None, n: int) -> np.ndarray:
    """Days since the epoch per article, NaN where undated."""
    if published is None:
        return np.full(n, np.nan)
    d = pd.to_datetime(published, errors="coerce").to_numpy(dtype="datetime64[ns]")
    known = ~np.isnat(d)
    out = np.full(n, np.nan)
    out[known] = d[known].astype("datetime64[D]").astype("int64")
    return out


def _date_factor_pairs(days: np.ndarray, rows: np.ndarray, cols: np.ndarray, max_gap_days: int) -> np.ndarray:
    """The date factor of each pair (rows[k], cols[k]): 1, or (max_gap / gap)^0.5 past max_gap_days."""
    gap = np.abs(days[rows] - days[cols])
    far = ~np.isnan(gap) & (gap > max_gap_days)
    factor = np.ones(len(rows))
    factor[far] = np.sqrt(max_gap_days / gap[far])
    return factor


def _vectors(articles: pd.DataFrame, mentions: pd.DataFrame | None, actor_weight: float) -> tuple[sp.csr_matrix, sp.csr_matrix | None]:
    """L2-normalised TF-IDF rows of words and (when any) actors, in the order of `articles`."""
    titles = articles.get("title", pd.Series([""] * len(articles), index=articles.index)).fillna("").astype(str)
    texts = (titles + "\n" + titles + "\n" + articles["text"].fillna("").astype(str)).tolist()
    words = TfidfVectorizer(stop_words="english", sublinear_tf=True, max_df=0.5 if len(texts) > 20 else 1.0, token_pattern=r"(?u)\b[^\W\d_][\w'-]+\b")
    try:
        wv = sp.csr_matrix(words.fit_transform(texts))
    except ValueError:  # every text empty or only stop words
        wv = sp.csr_matrix((len(texts), 1))
    av = None
    if mentions is not None and len(mentions) and actor_weight > 0:
        story = mentions[~mentions["is_meta"].fillna(False).astype(bool)] if "is_meta" in mentions else mentions
        bags = story.dropna(subset=["actor_id"]).groupby("article_id")["actor_id"].apply(list)
        docs = [bags.get(a, []) for a in articles["article_id"]]
        if any(docs):
            av = sp.csr_matrix(TfidfVectorizer(analyzer=lambda ids: ids, sublinear_tf=True).fit_transform(docs))
    return wv, av


def _similarity_block(wv: sp.csr_matrix, av: sp.csr_matrix | None, rows: np.ndarray, cols: np.ndarray, actor_weight: float) -> sp.csr_matrix:
    sim = wv[rows] @ wv[cols].T
    if av is not None:
        sim = (1 - actor_weight) * sim + actor_weight * (av[rows] @ av[cols].T)
    return sp.csr_matrix(sim)


def article_similarity(
    articles: pd.DataFrame, mentions: pd.DataFrame | None = None, actor_weight: float = ACTOR_WEIGHT, max_gap_days: int = MAX_GAP_DAYS
) -> np.ndarray:
    """Pairwise similarity (0-1) of the articles, in the order of `articles`' rows, as a
    dense matrix: for one story or a benchmark, never for a corpus (see `similar_pairs`)."""
    wv, av = _vectors(articles, mentions, actor_weight)
    n = len(articles)
    idx = np.arange(n)
    return _dense_similarity(wv, av, _day_numbers(articles.get("published"), n), idx, actor_weight, max_gap_days)


def _dense_similarity(wv: sp.csr_matrix, av: sp.csr_matrix | None, days: np.ndarray, idx: np.ndarray, actor_weight: float, max_gap_days: int) -> np.ndarray:
    sim = _similarity_block(wv, av, idx, idx, actor_weight).toarray()
    r, c = np.meshgrid(np.arange(len(idx)), np.arange(len(idx)), indexing="ij")
    sim = sim * _date_factor_pairs(days[idx], r.ravel(), c.ravel(), max_gap_days).reshape(sim.shape)
    np.fill_diagonal(sim, 1.0)
    return sim


def window_days(threshold: float, max_gap_days: int = MAX_GAP_DAYS) -> int:
    """Days apart beyond which two dated articles cannot reach `threshold`: (max_gap / gap)^0.5 < threshold."""
    return math.ceil(max_gap_days / max(threshold, 1e-3) ** 2)


def similar_pairs(
    wv: sp.csr_matrix, av: sp.csr_matrix | None, days: np.ndarray, threshold: float, actor_weight: float = ACTOR_WEIGHT, max_gap_days: int = MAX_GAP_DAYS
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(i, j, similarity) for every pair i < j whose similarity exceeds `threshold`.

    Blocked: rows in date order, ROW_BLOCK at a time, each block multiplied only against
    the articles dated within `window_days` of it and the undated ones (an undated block
    against all)."""
    n = wv.shape[0]
    order = np.argsort(np.where(np.isnan(days), np.inf, days), kind="stable")
    sorted_days = days[order]
    n_dated = int((~np.isnan(sorted_days)).sum())
    undated = order[n_dated:]
    window = window_days(threshold, max_gap_days)
    found_i, found_j, found_s = [], [], []
    for lo in range(0, n, ROW_BLOCK):
        rows = order[lo : lo + ROW_BLOCK]
        block_days = sorted_days[lo : lo + ROW_BLOCK]
        if np.isnan(block_days).all() or lo + ROW_BLOCK > n_dated:
            cols = np.arange(n)
        else:
            first = np.searchsorted(sorted_days[:n_dated], np.nanmin(block_days) - window, side="left")
            last = np.searchsorted(sorted_days[:n_dated], np.nanmax(block_days) + window, side="right")
            cols = np.concatenate([order[first:last], undated])
        coo = _similarity_block(wv, av, rows, cols, actor_weight).tocoo()
        i, j = rows[coo.row], cols[coo.col]
        upper = i < j
        i, j, v = i[upper], j[upper], coo.data[upper]
        v = v * _date_factor_pairs(days, i, j, max_gap_days)
        keep = v > threshold
        found_i.append(i[keep])
        found_j.append(j[keep])
        found_s.append(v[keep])
    if not found_i:
        return np.array([], dtype=int), np.array([], dtype=int), np.array([])
    i, j, v = np.concatenate(found_i), np.concatenate(found_j), np.concatenate(found_s)
    # An undated block meets the dated ones that met it already: keep each pair once.
    key = np.unique(i.astype(np.int64) * n + j, return_index=True)[1]
    return i[key], j[key], v[key]


def assign_stories(
    articles: pd.DataFrame,
    sentences: pd.DataFrame | None = None,
    mentions: pd.DataFrame | None = None,
    threshold: float = STORY_THRESHOLD,
    actor_weight: float = ACTOR_WEIGHT,
) -> pd.Series:
    """story_id per article (a Series aligned to `articles.index`).

    Args:
        articles: article_id, title, text, published (date or None).
        sentences: unused today (the article text carries the same words); accepted so the
            build's call stays stable if sentence-level signals are added.
        mentions: article_id, actor_id, is_meta; optional.
        threshold: average-linkage similarity above which articles share a story.

    Returns:
        story_id strings: 's' + a hash of the story's sorted article ids, so a rebuild of the
        same corpus gives the same ids.
    """
    del sentences
    if articles.empty:
        return pd.Series([], index=articles.index, dtype="string")
    ids = articles["article_id"].astype(str).tolist()
    n = len(ids)
    labels = np.arange(n)
    if n > 1:
        wv, av = _vectors(articles, mentions, actor_weight)
        days = _day_numbers(articles.get("published"), n)
        i, j, v = similar_pairs(wv, av, days, threshold, actor_weight)
        graph = sp.coo_matrix((v, (i, j)), shape=(n, n)).tocsr()
        _, component = connected_components(graph, directed=False)
        for members in _components(component):
            if len(members) < 2:
                continue
            for part in _split_component(members, graph, threshold):
                if len(part) < 2:
                    continue
                sim = _dense_similarity(wv, av, days, part, actor_weight, MAX_GAP_DAYS)
                model = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average", distance_threshold=1.0 - threshold)
                first: dict[int, int] = {}
                for k, lab in enumerate(model.fit_predict(np.clip(1.0 - sim, 0.0, None))):
                    labels[part[k]] = part[first.setdefault(int(lab), k)]
    members: dict[int, list[str]] = {}
    for lab, aid in zip(labels, ids):
        members.setdefault(int(lab), []).append(aid)
    names = {lab: "s" + hashlib.sha1("|".join(sorted(m)).encode()).hexdigest()[:10] for lab, m in members.items()}
    return pd.Series([names[int(lab)] for lab in labels], index=articles.index, dtype="string")


def _components(component: np.ndarray) -> list[np.ndarray]:
    order = np.argsort(component, kind="stable")
    bounds = np.flatnonzero(np.diff(component[order])) + 1
    return np.split(order, bounds)


def _split_component(members: np.ndarray, graph: sp.csr_matrix, threshold: float) -> list[np.ndarray]:
    """A linked group small enough to cluster densely as it is, or split along its weaker links.

    Why: chains of pairs just above the threshold can link thousands of articles that no
    average-linkage merge would join; the group is cut at a stricter threshold (0.05 higher
    each time) until every piece fits MAX_COMPONENT. Exact below that size, approximate above."""
    if len(members) <= MAX_COMPONENT:
        return [members]
    sub = graph[members][:, members]
    stricter = threshold
    while stricter < 1.0:
        stricter += 0.05
        _, comp = connected_components(sub.multiply(sub > stricter).tocsr(), directed=False)
        parts = _components(comp)
        if len(parts) > 1:
            return [piece for part in parts for piece in _split_component(members[part], graph, stricter)]
    return [members]


def grouping_scores(predicted: list[str], gold: list[str]) -> dict[str, float]:
    """Purity, inverse purity and pairwise precision / recall / F1 of a grouping against gold labels."""
    pred, true = np.asarray(predicted), np.asarray(gold)
    n = len(pred)
    purity = sum(pd.Series(true[pred == p]).value_counts().iloc[0] for p in np.unique(pred)) / n
    inverse = sum(pd.Series(pred[true == g]).value_counts().iloc[0] for g in np.unique(true)) / n
    same_p = pred[:, None] == pred[None, :]
    same_t = true[:, None] == true[None, :]
    upper = np.triu(np.ones((n, n), dtype=bool), 1)
    tp = (same_p & same_t & upper).sum()
    pp, gp = (same_p & upper).sum(), (same_t & upper).sum()
    p = tp / pp if pp else 0.0
    r = tp / gp if gp else 0.0
    return {
        "purity": purity,
        "inverse_purity": inverse,
        "pair_precision": p,
        "pair_recall": r,
        "pair_f1": 2 * p * r / (p + r) if p + r else 0.0,
        "n_stories": len(np.unique(pred)),
    }
