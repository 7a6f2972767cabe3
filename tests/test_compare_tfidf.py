"""compare._tfidf must be the matrix sklearn's TfidfVectorizer builds (the alignment floors
were tuned on that), only faster: words as given, and char_wb 3-5-grams."""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from storylens.compare.text_features import _char_wb_ngrams, _tfidf

TEXTS = [
    "Russian President Vladimir Putin is begging his remaining allies for weapons.",
    "Putin is forced to request ammunition and weapons from North Korea.",
    "The British Defense Minister Grant Shapps said Russia is humiliated.",
    "Kirby told reporters Thursday that Russia used North Korean missiles.",
    "a a a b",  # repeated tokens: sublinear tf
    "Ünïcode naïve café — “quoted” words",
]


def test_words_match_sklearn() -> None:
    docs = [t.lower().split() for t in TEXTS]
    ours, names, idf = _tfidf(docs)
    vec = TfidfVectorizer(sublinear_tf=True, analyzer=lambda d: d)
    theirs = vec.fit_transform(docs)
    assert names == vec.get_feature_names_out().tolist()
    np.testing.assert_allclose(idf, vec.idf_)
    np.testing.assert_allclose(ours.toarray(), theirs.toarray())


def test_char_wb_ngrams_match_sklearn() -> None:
    docs = [t.lower().split() for t in TEXTS]
    ours, names, _ = _tfidf(docs, _char_wb_ngrams)
    vec = TfidfVectorizer(sublinear_tf=True, analyzer="char_wb", ngram_range=(3, 5), lowercase=False)
    theirs = vec.fit_transform([" ".join(d) for d in docs])
    assert names == vec.get_feature_names_out().tolist()
    np.testing.assert_allclose(ours.toarray(), theirs.toarray())
