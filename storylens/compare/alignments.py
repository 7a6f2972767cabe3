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

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import scipy.sparse as sp
from rapidfuzz import fuzz
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfTransformer

from storylens.tables import ALIGNMENTS, CLAIM_SENTENCES, CLAIMS

__all__ = [
    "ALIGNMENTS",
    "CLAIMS",
    "CLAIM_SENTENCES",
    "AlignParams",
    "DEFAULT_PARAMS",
    "align_sentences",
    "build_claims",
    "conflict_cue",
    "content_words",
    "pushes_back",
]


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


DEFAULT_PARAMS = AlignParams()

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_SUFFIXES = ("ings", "ing", "edly", "ed", "es", "s")
_STOP = frozenset(ENGLISH_STOP_WORDS) | {"said", "says", "say", "told", "according", "mr", "ms", "mrs", "also", "year", "new"}


@lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    """A crude suffix stripper so 'used'/'use'/'uses' and 'missile'/'missiles' meet.

    Why not a real stemmer: it would be one more dependency for a feature the character
    n-grams already half cover; this only has to make inflections collide.
    """
    for suf in _SUFFIXES:
        if word.endswith(suf) and len(word) - len(suf) >= 3:
            word = word[: -len(suf)]
            break
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


@lru_cache(maxsize=1 << 14)
def _surface_forms(text: str) -> dict[str, str]:
    """Stem -> its first spelling in a sentence (cached: a sentence is in many pairs; read only)."""
    surface: dict[str, str] = {}
    for w in re.findall(_WORD.pattern, text.replace("’", "'"), re.IGNORECASE):
        surface.setdefault(_stem(w.lower()), w)
    return surface


@lru_cache(maxsize=1 << 14)
def _strong_cue(text: str) -> re.Match | None:
    """`_STRONG_CUES.search`, cached: a sentence is in many pairs."""
    return _STRONG_CUES.search(text)


def content_words(text: str) -> list[str]:
    """Lower-cased, stemmed words of a sentence without stop words and reporting verbs."""
    return [_stem(w) for w in _WORD.findall(text.lower().replace("’", "'")) if w not in _STOP and not w.isdigit() and len(w) > 1]


# Denial, refutation and uncertainty about a report: these cues mark a conflict. A bare
# negation does not (on BASIL it flagged "the lone 'no' vote", "opted not to wear a bow
# tie"): "not" is everywhere and mostly negates something the other sentence never said.
# It still counts as pushing back, so a negated sentence never plays the asserting side.
# "deny" counts only with a claim-like object or a that-clause ("denied the allegations",
# "denies any role", "has denied."), not "deny service to"; "false" only as a predicate
# ("the report is false", "falsely"), not "false statements", "false prophet".
_CLAIM_NOUN = r"(?:claims?|allegations?|reports?|reporting|accusations?|charges?|assertions?|story|stories|account|rumou?rs?)"
_STRONG_CUES = re.compile(
    r"\b(?:"
    r"den(?:y|ies|ied|ying)\s+(?:that|any|ever|all|having|being|knowing|wrongdoing|involvement|responsibility|(?:[\w'’-]+\s+){0,3}?" + _CLAIM_NOUN + r")"
    r"|den(?:y|ies|ied)(?=\s*[.,;:)\"”])|denials?"
    r"|(?:can ?not|can't|could ?not|couldn't|unable to|did not|didn't|would not|wouldn't|has not|hasn't|have not|haven't|not)"
    r"\s+(?:yet\s+|independently\s+|immediately\s+|officially\s+|be\s+)*(?:confirm|verif|corroborat)\w*"
    r"|refut\w*|rebut\w*|disput(?:e|ed|es|ing)\s+(?:that|the\s+)?(?:[\w'’-]+\s+){0,3}?"
    + _CLAIM_NOUN
    + r"|(?:is|are|was|were|be|been|completely|totally|entirely|patently|demonstrably|categorically)\s+(?:false|untrue)|falsely"
    r"|baseless|unfounded|fabricated|no evidence|not true|unverified|unconfirmed"
    r"|(?:reject|dismiss)(?:s|ed|ing)?\s+(?:the\s+|these\s+|those\s+|such\s+)?(?:[\w'’-]+\s+){0,2}?" + _CLAIM_NOUN + r")\b",
    re.IGNORECASE,
)
_NEGATION = re.compile(r"\b(?:not|never|no|neither|nor)\b|n['’]t\b", re.IGNORECASE)
# Words of pushing back that are too loose to mark a conflict themselves but mean the
# sentence is not a plain assertion either: when the other side has one, both sides report
# a dispute ("challenged the report" / "disputed the report"), which is agreement.
_SOFT_DENIAL = re.compile(
    r"\b(?:den(?:y|ies|ied|ying|ials?)|disput\w*|challeng\w*|reject\w*|dismiss\w*|refus\w*|misleading|fake|false\w*|wrong|lie|lied|lying|untrue|deny)\b",
    re.IGNORECASE,
)


def conflict_cue(text: str, *, weak: bool = False) -> str:
    """The denial / uncertainty cue in a sentence ('' when none); `weak` also accepts a bare negation."""
    m = _STRONG_CUES.search(text)
    if m:
        return m.group(0)
    if weak:
        m = _NEGATION.search(text)
        if m and not re.search(r"\bnot only\b", text, re.IGNORECASE):
            return m.group(0)
    return ""


def _denies_shared(text: str, cue: re.Match, other_words: set[str], window: int) -> bool:
    """At least two content words the other sentence also uses sit in the cue's scope.

    Scope is approximated lexically: the `window` content words after the cue, or before it
    when the cue ends its clause ("... something Gattine has denied.").
    """
    after = content_words(text[cue.end() :])[:window]
    before = content_words(text[: cue.start()])[-window:]
    scope = after if len(after) >= 3 else before
    return len(set(scope) & other_words) >= 2


def pushes_back(text: str) -> bool:
    """True when a sentence negates or disputes something, even loosely (see _SOFT_DENIAL)."""
    return bool(_SOFT_DENIAL.search(text) or conflict_cue(text, weak=True))


def _with_bigrams(words: list[str]) -> list[str]:
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


def _char_wb_ngrams(word: str, sizes: range = range(3, 6)) -> list[str]:
    """Character n-grams of one word padded with spaces, as sklearn's `char_wb` analyzer
    makes them (a word shorter than n gives itself, once)."""
    w = f" {word} "
    out: list[str] = []
    for n in sizes:
        if len(w) <= n:
            out.append(w)
            break
        out += [w[i : i + n] for i in range(len(w) - n + 1)]
    return out


def _tfidf(docs: list[list[str]], expand: Callable[[str], list[str]] | None = None) -> tuple[sp.csr_matrix, list[str], np.ndarray]:
    """TF-IDF rows of tokenised documents, with the sorted feature names and their idf.

    The same matrix, bit for bit, as `TfidfVectorizer(sublinear_tf=True)` with the
    documents' tokens as features (or, with `expand`, each token's features: a word's
    character n-grams for `analyzer="char_wb"`): counts with each row's columns in order
    of first appearance in the corpus, columns renumbered alphabetically, then sklearn's
    own TfidfTransformer. Why not the vectorizer itself: it counts feature by feature in
    Python, about 2.5 million character n-grams on 300 articles, which made the alignment
    the slowest corpus step; here each distinct word is expanded once and the counting is
    a sparse product (documents x words) @ (words x n-grams).
    """
    # pd.factorize numbers values in order of first appearance, as the vectorizer does.
    cols, uniques = pd.factorize(np.array([tok for doc in docs for tok in doc], dtype=object))
    rows = np.repeat(np.arange(len(docs)), [len(d) for d in docs])
    counts = sp.csr_matrix((np.ones(len(cols), dtype=np.int64), (rows, cols)), shape=(len(docs), len(uniques)))
    names = uniques.tolist()
    if expand is not None:
        per_token = [expand(tok) for tok in names]
        f_cols, f_uniques = pd.factorize(np.array([f for fs in per_token for f in fs], dtype=object))
        f_rows = np.repeat(np.arange(len(names)), [len(fs) for fs in per_token])
        counts = counts @ sp.csr_matrix((np.ones(len(f_cols), dtype=np.int64), (f_rows, f_cols)), shape=(len(names), len(f_uniques)))
        names = f_uniques.tolist()
    if not names:
        raise ValueError("empty vocabulary")
    counts = sp.csr_matrix(counts, dtype=np.float64)
    counts.sort_indices()
    order = sorted(range(len(names)), key=names.__getitem__)
    rank = np.empty(len(names), dtype=counts.indices.dtype)
    rank[order] = np.arange(len(names), dtype=rank.dtype)
    counts.indices = rank.take(counts.indices)  # alphabetical columns, row order of first appearance kept
    tfidf = TfidfTransformer(sublinear_tf=True).fit(counts)
    return tfidf.transform(counts, copy=False), [names[i] for i in order], tfidf.idf_


def _key_terms(text_a: str, a: list[str], b: list[str], idf: dict[str, float], n: int = 6) -> list[str]:
    """Shared content words, rarest first, spelt as sentence a writes them (not as stems)."""
    surface = _surface_forms(text_a)
    shared = set(a) & set(b)
    return [surface.get(w, w) for w in sorted(shared, key=lambda w: (-idf.get(w, 0.0), w))[:n]]


def align_sentences(
    sentences: pd.DataFrame,
    articles: pd.DataFrame,
    params: AlignParams = DEFAULT_PARAMS,
    embed: Callable[[list[str]], np.ndarray] | None = None,
) -> pd.DataFrame:
    """Sentence pairs from different articles of the same story that report the same thing.

    Args:
        sentences: the sentences table (article_id, sentence_id, start, end, text).
        articles: article_id, outlet, story_id (articles without a story are skipped).
        params: thresholds (defaults tuned on ECB+ dev topics).
        embed: optional sentence encoder (texts -> unit-length vectors); its cosine is mixed
            into `similarity` with weight `params.embed_weight`. Off by default: measured
            on ECB+ it does not pay for PyTorch (benchmarks/alignment_ecbplus.py --embed).

    Returns:
        ALIGNMENTS rows, one per unordered pair, article_a < article_b. Pairs from the same
        outlet are kept and flagged `same_outlet`: a corrected re-publication is still worth
        seeing, but it is not independent confirmation.
    """
    cols = ALIGNMENTS.names
    if sentences.empty or articles.empty:
        return pd.DataFrame(columns=cols)
    meta = articles.set_index("article_id")
    sents = sentences[sentences["article_id"].isin(meta.index[meta["story_id"].notna()])].reset_index(drop=True)
    if sents.empty:
        return pd.DataFrame(columns=cols)
    texts = sents["text"].astype(str).tolist()
    words = [content_words(t) for t in texts]
    # One vocabulary and IDF for the whole corpus: a story of two articles has too few
    # sentences to tell a rare name from a common word. Word features: stemmed content
    # words and their bigrams; character features: 3- to 5-grams within words.
    wv, vocab, idf_values = _tfidf([_with_bigrams(w) for w in words])
    cv, _, _ = _tfidf([t.lower().split() for t in texts], _char_wb_ngrams)
    idf = dict(zip(vocab, idf_values, strict=True))
    emb = np.asarray(embed(texts)) if embed is not None else None
    eligible = np.array([len(w) >= params.min_content_words for w in words])
    sents["story_id"] = sents["article_id"].map(meta["story_id"])
    sents["outlet"] = sents["article_id"].map(meta["outlet"]).fillna("unknown") if "outlet" in meta else "unknown"

    # Plain records for the per-pair work: pandas row access cost ~0.3 ms a pair, which on a
    # corpus of a few thousand articles (tens of thousands of pairs) dominated the build.
    recs = [_Sentence(*r) for r in zip(*(sents[c].tolist() for c in _Sentence._fields), strict=True)]
    article_of = np.array([r.article_id for r in recs], dtype=object)
    by_story: dict[str, list[int]] = {}
    for i, (story_id, ok) in enumerate(zip(sents["story_id"].tolist(), eligible, strict=True)):
        if ok:
            by_story.setdefault(story_id, []).append(i)
    rows = []
    for story_id in sorted(by_story):
        idx = np.array(by_story[story_id])
        art = article_of[idx]
        arts = np.unique(art)
        if len(arts) < 2:
            continue  # one article: nothing to align (most stories of a mixed corpus)
        sim = params.word_weight * (wv[idx] @ wv[idx].T).toarray() + (1 - params.word_weight) * (cv[idx] @ cv[idx].T).toarray()
        if emb is not None:
            sim = (1 - params.embed_weight) * sim + params.embed_weight * np.clip(emb[idx] @ emb[idx].T, 0.0, 1.0)
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
                for a, b in zip(*np.nonzero(keep)):
                    ra, rb = idx[ii[a]], idx[jj[b]]
                    rows.append(_pair_row(recs, ra, rb, float(block[a, b]), words, idf, params, story_id))
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values(["story_id", "article_a", "sentence_a", "article_b", "sentence_b"], ignore_index=True)


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
    verbatim = fuzz.partial_ratio(str(a.text).lower(), str(b.text).lower()) / 100.0
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
            # A conflict needs one side that denies *the shared content* and another that
            # plainly asserts it: when both push back in any words they agree something is
            # disputed, and a denial about something else ("denied service to") is no conflict.
            if found and not pushes_back(other) and _denies_shared(text, found, set(theirs), params.conflict_window):
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


class _Clusters:
    """Union-find over sentences with two rules a merge must pass.

    Why: plain connected components chain A~B~C~D through 'related' edges until a claim
    swallows half the story. (1) An article states a claim once, so a claim holds at most
    one sentence per article. (2) Majority link: more than half of the sentence pairs across
    the two groups being merged must be aligned, so a third outlet's sentence joins a claim
    only when it matches both sentences already there, not just one of them.
    """

    def __init__(self, keys: Iterable[tuple[str, int]], edges: set[frozenset]):
        self.parent = {k: k for k in keys}
        self.members = {k: [k] for k in self.parent}
        self.edges = edges

    def find(self, k: tuple[str, int]) -> tuple[str, int]:
        while self.parent[k] != k:
            self.parent[k] = self.parent[self.parent[k]]
            k = self.parent[k]
        return k

    def union(self, a: tuple[str, int], b: tuple[str, int]) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        ma, mb = self.members[ra], self.members[rb]
        if {k[0] for k in ma} & {k[0] for k in mb}:
            return False
        linked = sum(frozenset((x, y)) in self.edges for x in ma for y in mb)
        if 2 * linked <= len(ma) * len(mb):
            return False
        self.parent[rb] = ra
        self.members[ra] = ma + self.members.pop(rb)
        return True


def build_claims(alignments: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cluster aligned sentences into claims; every sentence ends up in exactly one claim.

    Edges are merged strongest first (same, then paraphrase, conflicting, related; by
    similarity within each), under the one-sentence-per-article and majority-link rules
    (see `_Clusters`). A claim is
    `conflicting` when one of its edges is, `shared` when two or more outlets report it,
    `unique` otherwise (a sentence nobody else aligned is a one-sentence unique claim).

    Returns:
        (CLAIMS rows, CLAIM_SENTENCES rows).
    """
    meta = articles.set_index("article_id")
    outlet_of = meta["outlet"].fillna("unknown").to_dict() if "outlet" in meta else {}
    published = meta["published"].to_dict() if "published" in meta else {}
    story_of = meta["story_id"].to_dict() if "story_id" in meta else {}
    sents = sentences.copy()
    keys = list(zip(sents["article_id"].tolist(), sents["sentence_id"].astype(int).tolist(), strict=True))
    edge_keys = {
        frozenset(((a, int(sa)), (b, int(sb))))
        for a, sa, b, sb in zip(*(_column(alignments, c) for c in ("article_a", "sentence_a", "article_b", "sentence_b")))
    }
    clusters = _Clusters(keys, edge_keys)
    rank = {"same": 0, "paraphrase": 1, "conflicting": 2, "related": 3}
    edges = alignments.assign(_r=alignments["relation"].map(rank)).sort_values(["_r", "similarity"], ascending=[True, False]) if len(alignments) else alignments
    edge_list = []
    for e in edges.itertuples(index=False):
        ka, kb = (e.article_a, int(e.sentence_a)), (e.article_b, int(e.sentence_b))
        if ka in clusters.parent and kb in clusters.parent:
            clusters.union(ka, kb)
            edge_list.append((ka, kb, float(e.similarity), e.relation, e.conflict_side))
    root = {k: clusters.find(k) for k in keys}
    conflicting_roots: set[tuple[str, int]] = set()
    deniers: set[tuple[str, int]] = set()
    strength: dict[tuple[str, int], float] = {k: 0.0 for k in keys}
    for ka, kb, s, rel, side in edge_list:
        if root[ka] != root[kb]:
            continue
        strength[ka] += s
        strength[kb] += s
        if rel == "conflicting":
            conflicting_roots.add(root[ka])
            deniers.add(ka if side == "a" else kb)

    # Plain records grouped in first-seen order: a pandas groupby with itertuples per group
    # cost ~2 ms a claim, which dominated the whole comparison on a few hundred articles.
    groups: dict[Any, list[dict[str, Any]]] = {}
    for rec, key in zip(sents[["article_id", "sentence_id", "start", "end", "text"]].to_dict("records"), keys, strict=True):
        rec["key_"] = key
        groups.setdefault(root[key], []).append(rec)
    claim_rows, member_rows = [], []
    for r, group in groups.items():
        members = sorted(g["key_"] for g in group)
        story = story_of.get(members[0][0])
        digest = hashlib.sha1(f"{story}|{members}".encode()).hexdigest()[:12]
        claim_id = f"c{digest}"
        rep = max(group, key=lambda t: (strength[t["key_"]], -t["sentence_id"]))
        arts = sorted({k[0] for k in members})
        outlets = sorted({outlet_of.get(a, "unknown") for a in arts})
        dated = [(published[a], outlet_of.get(a, "unknown")) for a in arts if published.get(a) is not None and not pd.isna(published.get(a))]
        first = min(dated, key=lambda d: pd.Timestamp(d[0])) if dated else (None, None)
        status = "conflicting" if r in conflicting_roots else ("shared" if len(outlets) > 1 else "unique")
        claim_rows.append(
            {
                "claim_id": claim_id,
                "story_id": story,
                "summary": rep["text"],
                "summary_article_id": rep["article_id"],
                "summary_sentence_id": int(rep["sentence_id"]),
                "outlets": outlets,
                "n_outlets": len(outlets),
                "n_articles": len(arts),
                "n_sentences": len(members),
                "first_reported": first[0],
                "first_outlet": first[1],
                "status": status,
            }
        )
        for t in group:
            member_rows.append(
                {
                    "claim_id": claim_id,
                    "article_id": t["article_id"],
                    "sentence_id": int(t["sentence_id"]),
                    "start": int(t["start"]),
                    "end": int(t["end"]),
                    "outlet": outlet_of.get(t["article_id"], "unknown"),
                    "stance": "denies" if t["key_"] in deniers or (r in conflicting_roots and conflict_cue(str(t["text"]))) else "asserts",
                }
            )
    claims = pd.DataFrame(claim_rows, columns=CLAIMS.names)
    members_df = pd.DataFrame(member_rows, columns=CLAIM_SENTENCES.names)
    return claims, members_df
