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
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

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


def _texts(articles: pd.DataFrame) -> list[str]:
    titles = articles.get("title", pd.Series([""] * len(articles), index=articles.index)).fillna("").astype(str)
    return (titles + "\n" + titles + "\n" + articles["text"].fillna("").astype(str)).tolist()


def _actor_bags(articles: pd.DataFrame, mentions: pd.DataFrame | None) -> list[list[str]]:
    """The actor ids each article mentions (meta mentions excluded), in mention order."""
    if mentions is None or not len(mentions):
        return [[] for _ in range(len(articles))]
    story = mentions[~mentions["is_meta"].fillna(False).astype(bool)] if "is_meta" in mentions else mentions
    story = story.dropna(subset=["actor_id"])
    bags: dict[str, list[str]] = {}
    for aid, actor in zip(story["article_id"].tolist(), story["actor_id"].astype(str).tolist(), strict=True):
        bags.setdefault(aid, []).append(actor)
    return [bags.get(a, []) for a in articles["article_id"]]


WORD_OPTIONS = {"stop_words": "english", "sublinear_tf": True, "token_pattern": r"(?u)\b[^\W\d_][\w'-]+\b"}


@dataclass
class StoryVectoriser:
    """The words' and the actors' vocabularies and IDF, fitted on one build's articles.

    Why kept (`compare.story_cache`, like the alignment's `sentence_idf`): fitted afresh,
    one added article moves every word's IDF and so every pair's similarity; frozen, the
    vector of an unchanged article is unchanged, and adding articles can leave every story
    they do not touch as it was (`assign_stories_cached`)."""

    words: dict[str, int]
    word_idf: np.ndarray
    actors: dict[str, int]
    actor_idf: np.ndarray
    n_articles: int

    @property
    def fingerprint(self) -> str:
        h = hashlib.sha1(f"{self.n_articles}".encode())
        h.update("\x1f".join(sorted(self.words)).encode())
        h.update(self.word_idf.tobytes())
        h.update("\x1f".join(sorted(self.actors)).encode())
        h.update(self.actor_idf.tobytes())
        return h.hexdigest()[:16]

    def word_vectors(self, texts: list[str]) -> sp.csr_matrix:
        if not self.words:
            return sp.csr_matrix((len(texts), 1))
        if not texts:  # every article kept its vectors (a rebuild for a correction): sklearn refuses 0 rows
            return sp.csr_matrix((0, len(self.words)))
        tv = TfidfVectorizer(vocabulary=self.words, **WORD_OPTIONS)
        tv.idf_ = self.word_idf
        return sp.csr_matrix(tv.transform(texts))

    def actor_vectors(self, bags: list[list[str]]) -> sp.csr_matrix | None:
        """sublinear tf x idf over the frozen actor vocabulary, rows L2-normalised (TfidfVectorizer's rule)."""
        if not self.actors:
            return None
        rows, cols, vals = [], [], []
        for r, bag in enumerate(bags):
            counts: dict[int, int] = {}
            for a in bag:
                c = self.actors.get(a)
                if c is not None:
                    counts[c] = counts.get(c, 0) + 1
            for c in sorted(counts):
                rows.append(r)
                cols.append(c)
                vals.append((1.0 + np.log(counts[c])) * self.actor_idf[c])
        m = sp.csr_matrix((np.asarray(vals, dtype=np.float64), (rows, cols)), shape=(len(bags), len(self.actors)))
        m.sort_indices()
        return sp.csr_matrix(normalize(m))


def fit_vectoriser(articles: pd.DataFrame, mentions: pd.DataFrame | None, actor_weight: float = ACTOR_WEIGHT) -> StoryVectoriser:
    texts = _texts(articles)
    words = TfidfVectorizer(max_df=0.5 if len(texts) > 20 else 1.0, **WORD_OPTIONS)
    try:
        words.fit(texts)
        vocab, idf = {str(k): int(v) for k, v in words.vocabulary_.items()}, np.asarray(words.idf_, dtype=np.float64)
    except ValueError:  # every text empty or only stop words
        vocab, idf = {}, np.zeros(0)
    actors: dict[str, int] = {}
    actor_idf = np.zeros(0)
    if mentions is not None and len(mentions) and actor_weight > 0:
        docs = _actor_bags(articles, mentions)
        if any(docs):
            av = TfidfVectorizer(analyzer=lambda ids: ids, sublinear_tf=True).fit(docs)
            actors, actor_idf = {str(k): int(v) for k, v in av.vocabulary_.items()}, np.asarray(av.idf_, dtype=np.float64)
    return StoryVectoriser(vocab, idf, actors, actor_idf, len(articles))


def _vectors(articles: pd.DataFrame, mentions: pd.DataFrame | None, actor_weight: float) -> tuple[sp.csr_matrix, sp.csr_matrix | None]:
    """L2-normalised TF-IDF rows of words and (when any) actors, in the order of `articles`."""
    vec = fit_vectoriser(articles, mentions, actor_weight)
    return vec.word_vectors(_texts(articles)), vec.actor_vectors(_actor_bags(articles, mentions)) if actor_weight > 0 else None


def _each_pair_once(found_i: list[np.ndarray], found_j: list[np.ndarray], found_s: list[np.ndarray], n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The blocks' pairs joined, each (i, j) kept once (its first similarity): blocks overlap
    where an undated block meets dated ones that met it already."""
    if not found_i:
        return np.array([], dtype=int), np.array([], dtype=int), np.array([])
    i, j, v = np.concatenate(found_i), np.concatenate(found_j), np.concatenate(found_s)
    key = np.unique(i.astype(np.int64) * n + j, return_index=True)[1]
    return i[key], j[key], v[key]


def _pairs_above(
    wv: sp.csr_matrix,
    av: sp.csr_matrix | None,
    rows: np.ndarray,
    cols: np.ndarray,
    days: np.ndarray,
    actor_weight: float,
    max_gap_days: int,
    threshold: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(i, j, similarity) of the pairs i < j between `rows` and `cols` whose date-weighted
    similarity passes `threshold`: one block of the blocked all-pairs search, shared by the
    scratch and the incremental assignment so both judge a pair the same way."""
    coo = _similarity_block(wv, av, rows, cols, actor_weight).tocoo()
    i, j = rows[coo.row], cols[coo.col]
    upper = i < j
    i, j, v = i[upper], j[upper], coo.data[upper]
    v = v * _date_factor_pairs(days, i, j, max_gap_days)
    keep = v > threshold
    return i[keep], j[keep], v[keep]


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
        i, j, v = _pairs_above(wv, av, rows, cols, days, actor_weight, max_gap_days, threshold)
        found_i.append(i)
        found_j.append(j)
        found_s.append(v)
    return _each_pair_once(found_i, found_j, found_s, n)


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
    return assign_stories_cached(articles, mentions, None, threshold, actor_weight)[0]


REFRESH_SHARE = 0.02
"""A kept vectoriser is fitted again once the number of articles differs from the number
it was fitted on by more than this share (as the alignment's IDF, `sentence_idf`)."""


@dataclass
class StoryState:
    """One build's story assignment, what the next build needs to add articles to it.

    `articles`: article_id, `key` (a hash of what the article's vectors and date are made
    of: title, text, publication day, the actors it mentions), `component` (its group of
    linked articles, as a hash of the group's ids) and `story_id`; `words` the word vectors
    of those articles, row for row."""

    vectoriser: str
    """The fingerprint of the `StoryVectoriser` the vectors were made with (kept beside the state)."""
    params: str
    articles: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["article_id", "key", "component", "story_id"]))
    words: sp.csr_matrix | None = None
    reclustered: int = 0
    """Articles whose story was worked out again in this build (all of them from scratch)."""
    from_scratch: bool = True
    kept_vectoriser: StoryVectoriser | None = None
    """The vectoriser itself, written to its own file (`compare.story_cache`)."""


def _params(threshold: float, actor_weight: float) -> str:
    return f"{threshold}|{actor_weight}|{MAX_GAP_DAYS}|{MAX_COMPONENT}|{ROW_BLOCK}"


def _article_keys(articles: pd.DataFrame, bags: list[list[str]], days: np.ndarray) -> list[str]:
    titles = articles.get("title", pd.Series([""] * len(articles), index=articles.index)).fillna("").astype(str).tolist()
    texts = articles["text"].fillna("").astype(str).tolist()
    out = []
    for title, text, bag, day in zip(titles, texts, bags, days.tolist(), strict=True):
        h = hashlib.sha1(f"{title}\x1e{day}\x1e".encode("utf-8", "surrogatepass"))
        h.update("\x1f".join(bag).encode("utf-8", "surrogatepass"))
        h.update(b"\x1e" + text.encode("utf-8", "surrogatepass"))
        out.append(h.hexdigest()[:20])
    return out


def _group_name(prefix: str, ids: list[str]) -> str:
    return prefix + hashlib.sha1("|".join(sorted(ids)).encode()).hexdigest()[:10]


def needs_refresh(vectoriser: StoryVectoriser | None, n_articles: int) -> bool:
    return vectoriser is None or abs(n_articles - vectoriser.n_articles) > REFRESH_SHARE * max(vectoriser.n_articles, 1)


def assign_stories_cached(
    articles: pd.DataFrame,
    mentions: pd.DataFrame | None = None,
    previous: StoryState | None = None,
    threshold: float = STORY_THRESHOLD,
    actor_weight: float = ACTOR_WEIGHT,
    vectoriser: StoryVectoriser | None = None,
) -> tuple[pd.Series, StoryState]:
    """`assign_stories`, reusing the previous build's stories that no change touches.

    `vectoriser` (`StoryVectoriser`, the previous build's) is used while the number of
    articles stays within `REFRESH_SHARE` of the one it was fitted on; fitted afresh
    otherwise, and then every story is worked out again. `previous` (the previous build's
    `StoryState`) is used only with the vectoriser its vectors were made with. With it kept, an article whose title, text, day
    and actors are unchanged has the vectors it had, so the pairs between two unchanged
    articles are those of the previous build. The articles added or changed are compared
    (blocked by the same window as `similar_pairs`) with every article; the groups of linked
    articles (connected components over pairs above the threshold) of the previous build
    that hold a changed or removed article or that an added or changed one links to are
    put together with them and clustered again, exactly as from scratch (a group no change
    reaches has no pair out of it, so its stories are the same). The others keep their stories.
    Returns the story ids (aligned to `articles.index`) and this build's state."""
    params = _params(threshold, actor_weight)
    n = len(articles)
    if articles.empty:
        return pd.Series([], index=articles.index, dtype="string"), StoryState("", params)
    ids = articles["article_id"].astype(str).tolist()
    days = _day_numbers(articles.get("published"), n)
    bags = _actor_bags(articles, mentions) if actor_weight > 0 else [[] for _ in range(n)]
    keys = _article_keys(articles, bags, days)
    if vectoriser is not None and needs_refresh(vectoriser, n):
        vectoriser = None
    if vectoriser is None:
        vectoriser = fit_vectoriser(articles, mentions, actor_weight)
    usable = previous is not None and previous.params == params and previous.words is not None and previous.vectoriser == vectoriser.fingerprint
    texts = _texts(articles)
    old_pos: dict[str, int] = {}
    if usable:
        old = previous.articles
        old_pos = {a: i for i, (a, k) in enumerate(zip(old["article_id"], old["key"], strict=True))}
        old_key = dict(zip(old["article_id"], old["key"], strict=True))
        same = [old_key.get(a) == k for a, k in zip(ids, keys, strict=True)]
        fresh = [i for i in range(n) if not same[i]]
        wv = _stack_rows(previous.words, [old_pos[ids[i]] if same[i] else -1 for i in range(n)], vectoriser.word_vectors([texts[i] for i in fresh]), fresh)
    else:
        same = [False] * n
        wv = vectoriser.word_vectors(texts)
    av = vectoriser.actor_vectors(bags) if actor_weight > 0 else None
    labels = np.arange(n)
    component_of = [""] * n
    state = StoryState(vectoriser.fingerprint, params, words=wv, from_scratch=not usable)
    state.kept_vectoriser = vectoriser
    if usable:
        members = _touched(previous, ids, same, wv, av, days, threshold, actor_weight)
    else:
        members = np.arange(n)
    state.reclustered = len(members)
    if len(members):
        _cluster(members, wv, av, days, threshold, actor_weight, labels, component_of, ids)
    groups: dict[int, list[str]] = {}
    for k in members:
        groups.setdefault(int(labels[k]), []).append(ids[k])
    names = {lab: _group_name("s", m) for lab, m in groups.items()}
    story = [""] * n
    if usable:
        old_story = dict(zip(previous.articles["article_id"], previous.articles["story_id"], strict=True))
        old_comp = dict(zip(previous.articles["article_id"], previous.articles["component"], strict=True))
        for i in range(n):
            story[i], component_of[i] = old_story.get(ids[i], ""), component_of[i] or old_comp.get(ids[i], "")
    for k in members:
        story[k] = names[int(labels[k])]
    state.articles = pd.DataFrame({"article_id": ids, "key": keys, "component": component_of, "story_id": story})
    return pd.Series(story, index=articles.index, dtype="string"), state


def _stack_rows(old: sp.csr_matrix, take: list[int], new_rows: sp.csr_matrix, fresh: list[int]) -> sp.csr_matrix:
    """Rows in order: old[take[i]] where take[i] >= 0, else the next row of new_rows (positions `fresh`)."""
    n = len(take)
    if not fresh:
        return sp.csr_matrix(old[take])
    kept = [i for i in range(n) if take[i] >= 0]
    parts = sp.vstack([old[[take[i] for i in kept]], new_rows]).tocsr() if kept else new_rows.tocsr()
    where = np.empty(n, dtype=np.int64)
    where[kept] = np.arange(len(kept))
    where[fresh] = len(kept) + np.arange(len(fresh))
    out = sp.csr_matrix(parts[where])
    out.sort_indices()
    return out


def _touched(
    previous: StoryState, ids: list[str], same: list[bool], wv: sp.csr_matrix, av: sp.csr_matrix | None, days: np.ndarray, threshold: float, actor_weight: float
) -> np.ndarray:
    """Positions of the articles whose stories must be worked out again: the changed and
    added ones, and every article of a previous group that one of them links to or that
    held a changed or removed article."""
    n = len(ids)
    here = set(ids)
    old_comp = dict(zip(previous.articles["article_id"], previous.articles["component"], strict=True))
    changed = [i for i in range(n) if not same[i]]
    groups = {old_comp[ids[i]] for i in changed if ids[i] in old_comp}
    groups |= {c for a, c in old_comp.items() if a not in here}
    if changed:
        i, j, _ = _pairs_of_rows(wv, av, days, np.asarray(changed), threshold, actor_weight)
        groups |= {old_comp[ids[k]] for k in np.concatenate([i, j]).tolist() if same[k] and ids[k] in old_comp}
    touched = set(changed) | {k for k in range(n) if same[k] and old_comp.get(ids[k]) in groups}
    return np.asarray(sorted(touched), dtype=np.int64)


def _pairs_of_rows(
    wv: sp.csr_matrix, av: sp.csr_matrix | None, days: np.ndarray, rows: np.ndarray, threshold: float, actor_weight: float, max_gap_days: int = MAX_GAP_DAYS
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(i, j, similarity) with i < j for every pair above `threshold` that has one of `rows`
    in it, each row against the articles within `window_days` of it and the undated ones."""
    n = wv.shape[0]
    order = np.argsort(np.where(np.isnan(days), np.inf, days), kind="stable")
    sorted_days = days[order]
    n_dated = int((~np.isnan(sorted_days)).sum())
    window = window_days(threshold, max_gap_days)
    found_i, found_j, found_s = [], [], []
    rows = rows[np.argsort(np.where(np.isnan(days[rows]), np.inf, days[rows]), kind="stable")]
    for lo in range(0, len(rows), ROW_BLOCK):
        block = rows[lo : lo + ROW_BLOCK]
        block_days = days[block]
        if np.isnan(block_days).any():
            cols = np.arange(n)
        else:
            first = np.searchsorted(sorted_days[:n_dated], block_days.min() - window, side="left")
            last = np.searchsorted(sorted_days[:n_dated], block_days.max() + window, side="right")
            cols = np.concatenate([order[first:last], order[n_dated:]])
        # Each pair as `similar_pairs` computes it: the lower position's row against the other's column.
        for a_rows, b_cols in ((block, cols), (cols, block)):
            i, j, v = _pairs_above(wv, av, a_rows, b_cols, days, actor_weight, max_gap_days, threshold)
            found_i.append(i)
            found_j.append(j)
            found_s.append(v)
    return _each_pair_once(found_i, found_j, found_s, n)


def _cluster(
    members: np.ndarray,
    wv: sp.csr_matrix,
    av: sp.csr_matrix | None,
    days: np.ndarray,
    threshold: float,
    actor_weight: float,
    labels: np.ndarray,
    component_of: list[str],
    ids: list[str],
) -> None:
    """Cluster the articles at positions `members` (a set with no pair above the threshold
    out of it) as `assign_stories` does: connected components of the pairs above the
    threshold, split when too large, average linkage in each. Writes `labels` (a member's
    position per story) and `component_of` (the name of each member's component)."""
    m = len(members)
    if m > 1:
        sub_w = sp.csr_matrix(wv[members])
        sub_a = sp.csr_matrix(av[members]) if av is not None else None
        i, j, v = similar_pairs(sub_w, sub_a, days[members], threshold, actor_weight)
        graph = sp.coo_matrix((v, (i, j)), shape=(m, m)).tocsr()
        _, component = connected_components(graph, directed=False)
    else:
        graph = sp.csr_matrix((m, m))
        component = np.zeros(m, dtype=np.int64)
    for local in _components(component):
        part_ids = [ids[members[k]] for k in local]
        name = _group_name("c", part_ids)
        for k in local:
            component_of[members[k]] = name
            labels[members[k]] = members[k]
        if len(local) < 2:
            continue
        for part in _split_component(local, graph, threshold):
            if len(part) < 2:
                continue
            glob = members[part]
            sim = _dense_similarity(wv, av, days, glob, actor_weight, MAX_GAP_DAYS)
            model = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average", distance_threshold=1.0 - threshold)
            first: dict[int, int] = {}
            for k, lab in enumerate(model.fit_predict(np.clip(1.0 - sim, 0.0, None))):
                labels[glob[k]] = glob[first.setdefault(int(lab), k)]


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
