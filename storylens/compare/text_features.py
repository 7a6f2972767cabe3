"""Words of a sentence as the comparison sees them: content words, light stems, TF-IDF vectors.

The sparse TF-IDF here equals scikit-learn's TfidfVectorizer bit for bit (tested) but counts
through one sparse product, which is what keeps alignment cheap on large stories.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfTransformer

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


def content_words(text: str) -> list[str]:
    """Lower-cased, stemmed words of a sentence without stop words and reporting verbs."""
    return [_stem(w) for w in _WORD.findall(text.lower().replace("’", "'")) if w not in _STOP and not w.isdigit() and len(w) > 1]


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


_TYPO = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "..."})
_MONTHS = frozenset(["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"])
_WEEKDAYS = frozenset(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])
_ANCHOR = re.compile(r"\b(?:\d[\d,.]*\d|\d)\b|\b[A-Z][\w'-]*\b")


def fold_typography(text: str) -> str:
    """Curly quotes and apostrophes, dashes and ellipses as their plain forms: two outlets'
    typesetting of the same sentence must not make it look like two sentences."""
    return text.translate(_TYPO)


def exact_key(text: str) -> str:
    """A sentence with case, typography, punctuation and spacing removed: equal keys are the
    same sentence, whatever quotation marks an outlet put around it."""
    return " ".join(re.findall(r"[a-z0-9]+", fold_typography(text).lower()))


@lru_cache(maxsize=1 << 14)
def anchors(text: str) -> tuple[list[str], bool]:
    """The specific things a sentence names: numbers and dates ("#30", "#2022", "#july",
    "#thursday") and names (capitalised words after the first, lower-cased, stemmed), and
    whether it names any number or date. Why: two sentences of one story share most topic
    words; what tells "the same report" from "a neighbouring report" is whether they name
    the same people, places, figures and days (`storylens.compare.alignments` mixes their
    cosine into the similarity and penalises two different dates or figures)."""
    out: list[str] = []
    dated = False
    for i, m in enumerate(_ANCHOR.finditer(fold_typography(text))):
        tok = m.group(0)
        low = tok.lower().replace(",", "")
        if tok[0].isdigit() or low in _MONTHS or low in _WEEKDAYS:
            out.append("#" + low.rstrip("."))
            dated = True
        elif (i > 0 or m.start() > 2) and low not in _STOP and len(low) > 1:
            out.append(_stem(low.removesuffix("'s")))
    return out, dated


_REPORTING = (
    r"(?:said|says|told|tells|stated|states|added|adds|wrote|writes|noted|notes|emphasi[sz]ed|emphasi[sz]es|stressed|"
    r"continued|explained|claimed|claims|announced|argued|insisted|warned|declared|reported|reports|tweeted|posted)"
)
_SPEAKER = r"""(?:[^\s,"]+\s){0,7}[^\s,"]+"""  # up to eight words, no comma or quotation mark
_TAIL = r"""(?:\s(?:(?!\bthat\b)[^"]){0,160}?)?[.!?]?"""  # "on Friday", "in a post to X, ...": never a "that" clause
_ATTRIBUTION = (
    # "..., British Defense Minister Grant Shapps said." / '...," the minister wrote on Friday.'
    re.compile(rf"""(?:,|[.!?,]?")\s*(?P<attr>{_SPEAKER}\s{_REPORTING}\b{_TAIL})$"""),
    # "..., states UK Defense Minister Grant Shapps." / "..., according to Kirby."
    re.compile(rf"""(?:,|[.!?,]?")\s*(?P<attr>(?:{_REPORTING}|according\sto)\s{_SPEAKER}[.!?]?)$"""),
    # "According to U.S. intelligence, ..."
    re.compile(rf"""^(?P<attr>[Aa]ccording\sto\s{_SPEAKER},)"""),
    # "Kirby said that ...", "Kirby also told reporters Thursday that ...", "Shapps also notes that ..."
    re.compile(rf"""^(?P<attr>[A-Z]{_SPEAKER}\s{_REPORTING}(?:\s[\w.-]+){{0,3}}?\sthat)\s"""),
)
"""Reporting verbs are matched in lower case only: "United States" is no "states"."""


@lru_cache(maxsize=1 << 14)
def without_attribution(text: str) -> str:
    """A sentence without its attribution: the speaker and reporting verb around what is said
    ("..., British Defense Minister Grant Shapps said.", "According to X, ...", "X told
    reporters that ..."). Why: two sentences that share only who said something ("Shapps said
    Putin is begging for weapons" beside "the British Defense Minister has responded to
    reports ...") share a speaker, not a claim; what they claim is the rest. Only the frames
    whose speaker and verb are plain from punctuation and word order are cut, and never the
    whole sentence (a bare "Kirby said." stays as it is)."""
    folded = fold_typography(text).strip()
    out = folded
    for rx in _ATTRIBUTION:
        m = rx.search(out)
        if m:
            cut = out[: m.start("attr")] + out[m.end("attr") :]
            if len(content_words(cut)) >= 2:
                out = cut
    return out if out != folded else text


def claim_terms(text: str) -> set[str]:
    """Content words and anchors (names, numbers, dates) of what a sentence claims, its
    attribution left out (`without_attribution`)."""
    rest = without_attribution(text)
    if rest is text:
        return set(content_words(text)) | set(anchors(text)[0])
    # What is left may start with a name ("... reported Friday that AARP ..."): a leading
    # stop word keeps `anchors` from skipping it as a sentence's capitalised first word.
    return set(content_words(rest)) | set(anchors("and " + rest.lstrip(" ,"))[0])
