"""Side-by-side comparison within a story: aligned sentence pairs and story-level claims.

Order of the stage (the build runs it after the per-article tables exist):
1. `storylens.compare.stories.assign_stories` gives every article a `story_id`; nothing is
   compared across stories.
2. `align_sentences` scores every pair of sentences from two different articles of the
   same story and keeps the pairs that report the same thing, each with a `relation`:
   same (near-verbatim), paraphrase, related (same event, different detail) or
   conflicting (one side asserts, the other denies or cannot confirm).
3. `build_claims` clusters the aligned sentences into claims, at most one sentence per
   article, so each claim lists which outlets report it, when it was first reported and
   whether it is shared, unique to one outlet, or conflicting.

Why lexical similarity (TF-IDF over word and character n-grams, rapidfuzz for verbatim
copies) and not a sentence-embedding model: on ECB+ (benchmarks/alignment_ecbplus.py) the
lexical scorer reaches F1 0.612 on test topics 36-45 (topic as story); all-MiniLM-L6-v2
embeddings, alone or mixed 50/50, scored 0.593 / 0.606 there and at most +0.03 F1 on the dev
topics. That does not pay for PyTorch in a tool that must install light; `align_sentences`
still takes an optional `embed` function for anyone who wants to try a model.

Why cue words for conflicts: a denial ("denied the allegations", "cannot confirm", "is
false") about the words the other sentence asserts is what a reader needs flagged, and a
lexicon keeps the reason visible (`conflict_cue`). Read on BASIL, about half the flagged
pairs are real disagreements; the rest are denials of a neighbouring fact.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import scipy.sparse as sp
from rapidfuzz import fuzz

from storylens.compare.conflicts import _denies_shared, _strong_cue, pushes_back
from storylens.compare.sentence_idf import SentenceIdf, fit_idf, sentence_tokens
from storylens.compare.text_features import _key_terms, _with_bigrams, anchors, claim_terms, content_words, exact_key, fold_typography
from storylens.tables import ALIGNMENTS

__all__ = ["DEFAULT_PARAMS", "AlignParams", "align_sentences", "align_story", "sorted_alignments", "story_sentences"]


@dataclass(frozen=True)
class AlignParams:
    """Thresholds of the alignment, chosen on ECB+ topics 1-35 (see benchmarks/alignment_ecbplus.py)."""

    related: float = 0.10
    """Similarity at or above which two sentences are aligned at all. ECB+ dev F1 is flat
    between 0.075 and 0.125 (0.64-0.63); 0.10 keeps recall for the 'related' pairs (the seed's
    'cannot confirm' sentence meets its assertion at 0.14)."""
    paraphrase: float = 0.45
    """Similarity at or above which an aligned pair is a paraphrase rather than merely related
    (ECB+ does not grade relations: set by reading the seed and BASIL pairs around it)."""
    verbatim: float = 0.90
    """rapidfuzz partial ratio (0-1) at or above which a pair is the same text."""
    min_content_words: int = 4
    """Sentences with fewer content words (datelines, bylines, 'Read more') are never aligned."""
    word_weight: float = 0.5
    """Weight of the word n-gram cosine in `similarity`; the character n-gram cosine gets the rest."""
    embed_weight: float = 0.5
    """Share of the embedding cosine in `similarity` when `align_sentences` is given an `embed`
    function (unused otherwise: the default build is lexical only)."""
    conflict_window: int = 12
    """Content words after a denial cue that count as what is denied (see _denies_shared)."""
    top_k: int = 3
    """Each sentence keeps at most this many partners per other article: a sentence that matches
    everything (a long summary paragraph) would otherwise flood the table."""
    anchor_weight: float = 0.3
    """Share of the anchor cosine (names, numbers, dates two sentences both name; see
    `text_features.anchors`) in `similarity`."""
    mismatch_penalty: float = 0.05
    """Subtracted from `similarity` when both sentences name a date or figure and none is the
    same: "in July 2023" and "on December 30" are two reports, whatever words they share."""
    specific_df: float = 0.2
    """A `related` pair becomes `topical` unless the two sentences share a word, name, number
    or date found in at most this share of the story's sentences (0 = off). Not a filter of
    the pairs: on ECB+ (where a sub-topic's sentences all report one event) it cut pair
    recall from 0.67 to 0.37 at 0.2, but a researcher's "shared claim" needs shared detail."""
    exact_min_chars: int = 12
    """Sentences this long (letters and digits, after `exact_key`) that are equal across two
    articles are always aligned as `same`, however few content words they have ("This must
    stop now.")."""
    dense_max: int = 2000
    """Stories with at most this many sentences are scored pair by pair on the full matrix
    (n^2, 32 MB at 2,000); larger ones only on the candidates that share a specific term
    (`_candidates`), so the step grows near-linearly with the corpus."""
    block_df: int = 100
    """In the blocked path, terms used by more than this many of the story's sentences do
    not make two sentences candidates (each term costs at most block_df^2 / 2 pairs)."""
    block_candidates: int = 60
    """In the blocked path, each sentence is scored against at most this many sentences of
    other articles: those sharing the most specific words with it (`_candidates`)."""


DEFAULT_PARAMS = AlignParams()


def align_sentences(
    sentences: pd.DataFrame,
    articles: pd.DataFrame,
    params: AlignParams = DEFAULT_PARAMS,
    embed: Callable[[list[str]], np.ndarray] | None = None,
    idf: SentenceIdf | None = None,
) -> pd.DataFrame:
    """Sentence pairs from different articles of the same story that report the same thing.

    Args:
        sentences: the sentences table (article_id, sentence_id, start, end, text).
        articles: article_id, outlet, story_id (articles without a story are skipped).
        params: thresholds (defaults tuned on ECB+ dev topics).
        embed: optional sentence encoder (texts -> unit-length vectors); its cosine is mixed
            into `similarity` with weight `params.embed_weight`. Off by default: measured
            on ECB+ it does not pay for PyTorch (benchmarks/alignment_ecbplus.py --embed).
        idf: the corpus-wide IDF to weigh words by (`compare.sentence_idf`); fitted on these
            sentences when not given.

    Returns:
        ALIGNMENTS rows, one per unordered pair, article_a < article_b. Pairs from the same
        outlet are kept and flagged `same_outlet`: a corrected re-publication is still worth
        seeing, but it is not independent confirmation.
    """
    cols = ALIGNMENTS.names
    sents = story_sentences(sentences, articles)
    if sents.empty:
        return pd.DataFrame(columns=cols)
    # One vocabulary and IDF for the whole corpus: a story of two articles has too few
    # sentences to tell a rare name from a common word (see compare.sentence_idf, which
    # also keeps it from one build to the next).
    idf = idf or corpus_idf(sents)
    frames = [align_story(group, idf, params, embed) for _, group in sents.groupby("story_id", sort=True)]
    return sorted_alignments(frames)


def corpus_idf(sents: pd.DataFrame) -> SentenceIdf:
    """The IDF of every story sentence (`story_sentences`), typography folded as alignment reads it."""
    return fit_idf(sentence_tokens([fold_typography(t) for t in sents["text"].astype(str).tolist()]))


def story_sentences(sentences: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """The sentences of articles in a story, in table order, with their story_id and outlet."""
    if sentences.empty or articles.empty:
        return pd.DataFrame(columns=[*_Sentence._fields, "story_id"])
    meta = articles.set_index("article_id")
    sents = sentences[sentences["article_id"].isin(meta.index[meta["story_id"].notna()])].reset_index(drop=True)
    sents["story_id"] = sents["article_id"].map(meta["story_id"])
    sents["outlet"] = sents["article_id"].map(meta["outlet"]).fillna("unknown") if "outlet" in meta else "unknown"
    return sents[[*_Sentence._fields, "story_id"]]


def sorted_alignments(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Stories' alignment rows as one table, in the table's order (story, then the pair)."""
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=ALIGNMENTS.names)
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["story_id", "article_a", "sentence_a", "article_b", "sentence_b"], ignore_index=True)


def align_story(
    sents: pd.DataFrame, idf: SentenceIdf, params: AlignParams = DEFAULT_PARAMS, embed: Callable[[list[str]], np.ndarray] | None = None
) -> pd.DataFrame:
    """The alignment rows of one story (`story_sentences` rows of a single story_id).

    A pure function of the story's sentences, the IDF and the parameters: what lets a
    build reuse a story's rows from the previous build when none of these changed
    (compare.story_cache)."""
    cols = ALIGNMENTS.names
    if sents.empty or sents["article_id"].nunique() < 2:
        return pd.DataFrame(columns=cols)  # one article: nothing to align (most stories of a mixed corpus)
    story_id = str(sents["story_id"].iloc[0])
    texts = [fold_typography(t) for t in sents["text"].astype(str).tolist()]
    words = [content_words(t) for t in texts]
    anchor_of = [anchors(t) for t in texts]
    dates = [[x for x in a if x.startswith("#")] for a, _ in anchor_of]
    tokens = {"words": [_with_bigrams(w) for w in words], "chars": [t.lower().split() for t in texts], "anchors": [a for a, _ in anchor_of], "dates": dates}
    wv, cv = idf.vectors(tokens, "words"), idf.vectors(tokens, "chars")
    av = idf.vectors(tokens, "anchors") if not idf.empty("anchors") else None
    dv = idf.vectors(tokens, "dates") if not idf.empty("dates") else None
    word_idf = _story_word_idf(idf, words)
    emb = np.asarray(embed(texts)) if embed is not None else None
    dated = np.array([d for _, d in anchor_of])
    keys = [exact_key(t) for t in texts]
    years = [any(len(x) == 5 and x[1:3] in {"19", "20"} and x[1:].isdigit() for x in d) for d in dates]
    eligible = np.array([len(w) >= params.min_content_words for w in words])

    # Plain records for the per-pair work: pandas row access cost ~0.3 ms a pair, which on a
    # corpus of a few thousand articles (tens of thousands of pairs) dominated the build.
    recs = [_Sentence(*r) for r in zip(*(sents[c].tolist() for c in _Sentence._fields), strict=True)]
    article_of = np.array([r.article_id for r in recs], dtype=object)
    members: list[int] = []
    exact: dict[str, list[int]] = {}
    for i, ok in enumerate(eligible):
        if ok:
            members.append(i)
        elif len(keys[i].replace(" ", "")) >= params.exact_min_chars:
            exact.setdefault(keys[i], []).append(i)
    rows = []
    for _, same in sorted(exact.items()):
        # Too short to score, but the same sentence in two articles is the same claim.
        for x in same:
            for y in same:
                if article_of[x] < article_of[y]:
                    rows.append(_pair_row(recs, x, y, 1.0, words, word_idf, params, story_id))
    feats = _Features(wv, cv, av, dv, dated, emb)
    idx = np.array(members, dtype=np.int64)
    art = article_of[idx]
    if len(np.unique(art)) >= 2:
        same_text = np.array([keys[i] for i in idx], dtype=object)
        if len(idx) > params.dense_max:
            kept = _blocked_pairs(idx, art, same_text, feats, params)
        else:
            kept = _dense_pairs(idx, art, same_text, feats, params)
        specific = _SpecificTerms(idx, words, anchor_of, texts, params.specific_df) if params.specific_df else None
        for a, b, similarity in kept:
            ra, rb = idx[a], idx[b]
            row = _pair_row(recs, ra, rb, similarity, words, word_idf, params, story_id)
            generic = specific is not None and not specific.shares(a, b)
            if row["relation"] == "related" and (generic or years[ra] != years[rb]):
                # Below paraphrase and sharing nothing the rest of the story does not
                # also say (its main names and words) but who said it (the speaker of an
                # attribution: "..., Shapps said." beside "The British Defense Minister has
                # responded to reports ..."), or only one side placing what it
                # says in a year ("In July 2023, Shoigu vowed ..." beside this week's
                # report): a topical neighbour, kept for reading but never one claim
                # (storylens.compare.claims skips it).
                row["relation"] = "topical"
            rows.append(row)
    return pd.DataFrame(rows, columns=cols)


def _story_word_idf(idf: SentenceIdf, words: list[list[str]]) -> dict[str, float]:
    """idf of the story's content words (a word the IDF has not seen counts as seen once)."""
    fam = idf.families["words"]
    vocab = sorted({w for ws in words for w in ws})
    if not vocab:
        return {}
    pos = fam.terms.get_indexer(vocab)
    values = fam.idf(idf.n_docs, 1)
    return {w: float(values[p] if p >= 0 else values[-1]) for w, p in zip(vocab, pos, strict=True)}


class _Features(NamedTuple):
    """The sentence vectors the similarity mixes (rows = sentences of the whole corpus)."""

    words: sp.csr_matrix
    chars: sp.csr_matrix
    anchors: sp.csr_matrix | None
    dates: sp.csr_matrix | None
    dated: np.ndarray
    emb: np.ndarray | None


def _dense_similarity(idx: np.ndarray, f: _Features, params: AlignParams) -> np.ndarray:
    """(n x n) similarity of every pair of a story's sentences: the brute-force reference."""
    sub = [m[idx] if m is not None else None for m in (f.words, f.chars, f.anchors, f.dates)]
    w, c, a, d = ((m @ m.T).toarray() if m is not None else None for m in sub)
    emb = np.clip(f.emb[idx] @ f.emb[idx].T, 0.0, 1.0) if f.emb is not None else None
    both = np.outer(f.dated[idx], f.dated[idx])
    return _mix(w, c, a, d, emb, both, params)


def _mix(w: np.ndarray, c: np.ndarray, a: Any, d: Any, emb: Any, both: np.ndarray, params: AlignParams) -> np.ndarray:
    """The similarity from its cosines, the same arithmetic for a matrix and for a list of pairs."""
    sim = params.word_weight * w + (1 - params.word_weight) * c
    if emb is not None:
        sim = (1 - params.embed_weight) * sim + params.embed_weight * emb
    if a is not None and params.anchor_weight:
        sim = (1 - params.anchor_weight) * sim + params.anchor_weight * a
    if d is not None and params.mismatch_penalty:
        sim = sim - params.mismatch_penalty * (both & (d == 0))
    return sim


def _dense_pairs(idx: np.ndarray, art: np.ndarray, same_text: np.ndarray, f: _Features, params: AlignParams) -> list[tuple[int, int, float]]:
    """Kept pairs (positions in the story, article_a < article_b) from the full similarity
    matrix: quadratic in the story's sentences, used up to `params.dense_max` of them."""
    sim = _dense_similarity(idx, f, params)
    arts = np.unique(art)
    kept: list[tuple[int, int, float]] = []
    for i_art in arts:
        for j_art in arts:
            if i_art >= j_art:
                continue
            ii = np.where(art == i_art)[0]
            jj = np.where(art == j_art)[0]
            block = sim[np.ix_(ii, jj)]
            keep = block >= params.related
            if params.top_k:
                # A pair survives when each side ranks the other among its top_k in this
                # article pair: precision without a second threshold.
                k = min(params.top_k, block.shape[1])
                row_kth = -np.sort(-block, axis=1)[:, k - 1 : k]
                k = min(params.top_k, block.shape[0])
                col_kth = -np.sort(-block, axis=0)[k - 1 : k, :]
                keep &= (block >= row_kth) & (block >= col_kth)
            # Exact and near-exact copies are always aligned, whatever else matches.
            keep |= (block >= params.verbatim) | (same_text[ii][:, None] == same_text[jj][None, :])
            kept += [(int(ii[a]), int(jj[b]), float(block[a, b])) for a, b in zip(*np.nonzero(keep))]
    return kept


def _candidates(idx: np.ndarray, codes: np.ndarray, same_text: np.ndarray, f: _Features, params: AlignParams) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of a story's sentences (positions, article code a < b) worth scoring.

    A sentence's candidates are the `params.block_candidates` sentences of other articles
    that share the most TF-IDF weight with it over its content words, word bigrams and
    anchors (names, numbers, dates), counting only the terms that at most `params.block_df`
    of the story's sentences use; equal sentences are always candidates. Why this blocking:
    two sentences sharing no such term can only meet through words the whole story uses,
    which the top_k rule drops anyway; and a sentence keeps at most top_k partners per
    article, most of them among its closest few dozen. The cost is at most block_df pairs
    per term occurrence and block_candidates pairs per sentence, so it grows linearly with
    the story, where the full matrix grows with its square. With a story smaller than both
    limits, the candidates are every pair with a nonzero word or anchor cosine (exact)."""
    parts = [params.word_weight * f.words[idx]]
    if f.anchors is not None:
        parts.append(params.anchor_weight * f.anchors[idx])
    terms = sp.hstack(parts, format="csc")
    df = np.diff(terms.indptr)
    terms = terms[:, np.flatnonzero((df >= 2) & (df <= params.block_df))].tocsr()
    found_a, found_b = [], []
    step = 2000  # rows of the (chunk x story) product at a time: bounded memory
    for s0 in range(0, len(idx), step):
        chunk = (terms[s0 : s0 + step] @ terms.T).tocoo()
        r, c, v = chunk.row + s0, chunk.col, chunk.data
        other = codes[r] != codes[c]
        r, c, v = r[other], c[other], v[other]
        order = np.lexsort((c, -v, r))  # each row's best first (ties by position: deterministic)
        r, c = r[order], c[order]
        rank = np.arange(len(r)) - np.searchsorted(r, r, side="left")
        near = rank < params.block_candidates
        found_a.append(r[near])
        found_b.append(c[near])
    # Equal sentences (a repeated standfirst) are candidates however common their words.
    _, key_codes = np.unique(same_text, return_inverse=True)
    order = np.argsort(key_codes, kind="stable")
    bounds = np.flatnonzero(np.diff(key_codes[order])) + 1
    extra = [(x, y) for g in np.split(order, bounds) if len(g) > 1 for x in g for y in g if codes[x] != codes[y]]
    if extra:
        ea, eb = np.array(extra).T
        found_a.append(ea)
        found_b.append(eb)
    pa, pb = np.concatenate(found_a), np.concatenate(found_b)
    first = codes[pa] < codes[pb]
    lo, hi = np.where(first, pa, pb), np.where(first, pb, pa)
    if len(lo) == 0:
        return lo, hi
    pairs = np.unique(np.stack([lo, hi], axis=1), axis=0)
    return pairs[:, 0], pairs[:, 1]


def _row_dots(m: sp.csr_matrix, a: np.ndarray, b: np.ndarray, chunk: int = 200_000) -> np.ndarray:
    """The dot product of rows a[i] and b[i] of a sparse matrix, for each i (in chunks: memory)."""
    out = np.empty(len(a))
    for s in range(0, len(a), chunk):
        out[s : s + chunk] = np.asarray(m[a[s : s + chunk]].multiply(m[b[s : s + chunk]]).sum(axis=1)).ravel()
    return out


def _blocked_pairs(idx: np.ndarray, art: np.ndarray, same_text: np.ndarray, f: _Features, params: AlignParams) -> list[tuple[int, int, float]]:
    """The pairs `_dense_pairs` keeps, scored only on the candidates (`_candidates`): the
    same rules (threshold, top_k both ways in each article pair, copies always kept) on a
    list of pairs instead of a matrix. Exact whenever every pair at or above `related`
    is a candidate (tested against the dense path)."""
    _, codes = np.unique(art, return_inverse=True)
    la, lb = _candidates(idx, codes, same_text, f, params)
    if len(la) == 0:
        return []
    ga, gb = idx[la], idx[lb]
    cos = [_row_dots(m, ga, gb) if m is not None else None for m in (f.words, f.chars, f.anchors, f.dates)]
    emb = np.clip(np.einsum("ij,ij->i", f.emb[ga], f.emb[gb]), 0.0, 1.0) if f.emb is not None else None
    sim = _mix(*cos, emb, f.dated[ga] & f.dated[gb], params)
    pairs = pd.DataFrame({"a": la, "b": lb, "art_a": codes[la], "art_b": codes[lb], "sim": sim})
    keep = pairs["sim"] >= params.related
    if params.top_k:
        # rank "min" = 1 + how many partners in that article score strictly higher, which is
        # what `block >= k-th largest` asks; partners below `related` never outrank a kept pair.
        row_rank = pairs.groupby(["a", "art_b"])["sim"].rank(method="min", ascending=False)
        col_rank = pairs.groupby(["b", "art_a"])["sim"].rank(method="min", ascending=False)
        keep &= (row_rank <= params.top_k) & (col_rank <= params.top_k)
    keep |= (pairs["sim"] >= params.verbatim) | (same_text[la] == same_text[lb])
    kept = pairs[keep.to_numpy()]
    return list(zip(kept["a"].tolist(), kept["b"].tolist(), kept["sim"].tolist(), strict=True))


class _SpecificTerms:
    """Do two sentences of a story share a term (content word, name, number, date) that at
    most `max_df` of the story's sentences use (and never fewer than two), in what both
    claim rather than in who said it (`text_features.claim_terms`: a speaker named in an
    attribution is shared by every sentence quoting that speaker, not a shared claim)?
    Asked only of the kept pairs, so no (n x n) matrix."""

    def __init__(self, idx: np.ndarray, words: list[list[str]], anchor_of: list[tuple[list[str], bool]], texts: list[str], max_df: float) -> None:
        self.terms = [set(words[i]) | set(anchor_of[i][0]) for i in idx]
        self.claimed = [claim_terms(texts[i]) & terms for i, terms in zip(idx, self.terms, strict=True)]
        self.df: dict[str, int] = {}
        for ts in self.terms:
            for t in ts:
                self.df[t] = self.df.get(t, 0) + 1
        self.limit = max(2, int(max_df * len(idx)))

    def shares(self, a: int, b: int) -> bool:
        return any(self.df[t] <= self.limit for t in self.claimed[a] & self.claimed[b])


class _Sentence(NamedTuple):
    """The columns of a sentences row the alignment reads."""

    article_id: Any
    sentence_id: Any
    start: Any
    end: Any
    text: Any
    outlet: Any


def _pair_row(
    recs: list[_Sentence], ra: int, rb: int, similarity: float, words: list[list[str]], idf: dict[str, float], params: AlignParams, story_id: str
) -> dict:
    a, b = recs[ra], recs[rb]
    verbatim = fuzz.partial_ratio(fold_typography(str(a.text)).lower(), fold_typography(str(b.text)).lower()) / 100.0
    # partial_ratio of a 5-word sentence inside a 60-word one is meaningless: require the
    # shorter side to carry most of the longer side's content before calling it "same".
    la, lb = len(words[ra]), len(words[rb])
    near_verbatim = verbatim >= params.verbatim and min(la, lb) >= 0.6 * max(la, lb)
    quoted = verbatim >= params.verbatim and min(la, lb) >= params.min_content_words * 2
    if near_verbatim:
        relation = "same"
    elif similarity >= params.paraphrase or quoted:
        relation = "paraphrase"
    else:
        relation = "related"
    ta, tb = str(a.text), str(b.text)
    cue, side = "", ""
    if relation != "same":
        for text, other, theirs, name in ((ta, tb, words[rb], "a"), (tb, ta, words[ra], "b")):
            found = _strong_cue(text)
            names = frozenset(x for x in anchors(fold_typography(other))[0] if not x.startswith("#"))
            # A conflict needs one side that denies *the shared content* and another that
            # plainly asserts it: when both push back in any words they agree something is
            # disputed, and a denial about something else ("denied service to") is no conflict.
            if found and not pushes_back(other) and _denies_shared(text, found, set(theirs), params.conflict_window, names):
                relation, cue, side = "conflicting", found.group(0), name
                break
    return {
        "story_id": story_id,
        "article_a": a.article_id,
        "sentence_a": int(a.sentence_id),
        "start_a": int(a.start),
        "end_a": int(a.end),
        "outlet_a": a.outlet,
        "article_b": b.article_id,
        "sentence_b": int(b.sentence_id),
        "start_b": int(b.start),
        "end_b": int(b.end),
        "outlet_b": b.outlet,
        "similarity": round(similarity, 4),
        "verbatim": round(verbatim, 4),
        "relation": relation,
        "shared_terms": _key_terms(str(a.text), words[ra], words[rb], idf),
        "conflict_cue": cue or None,
        "conflict_side": side or None,
        "same_outlet": a.outlet == b.outlet and a.outlet != "unknown",
    }


def _column(df: pd.DataFrame, name: str) -> list:
    """A column as a list (empty when absent): iterating a pyarrow-backed Series costs ~1 us a value."""
    return df[name].tolist() if name in df.columns else []
