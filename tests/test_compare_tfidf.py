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


def test_sentence_idf_vectors_are_the_tfidf_matrix_and_survive_a_round_trip(tmp_path) -> None:
    """The alignment's vectors (compare.sentence_idf) are _tfidf's matrix, whether the IDF was
    just fitted or read back from the previous build; rows vectorised alone equal the rows of all."""
    from storylens.compare.sentence_idf import fit_idf, read_idf, sentence_tokens, write_idf

    tokens = sentence_tokens(TEXTS)
    idf = fit_idf(tokens)
    write_idf(idf, tmp_path)
    again = read_idf(tmp_path)
    assert again is not None and again.fingerprint == idf.fingerprint
    for family, expand in (("words", None), ("chars", _char_wb_ngrams)):
        ours = _tfidf(tokens[family], expand)[0].toarray()
        whole = idf.vectors(tokens, family).toarray()
        np.testing.assert_allclose(whole, ours, rtol=1e-12, atol=1e-15)
        alone = again.vectors({family: tokens[family][2:4]}, family).toarray()
        assert np.array_equal(alone, whole[2:4]), "a story's rows do not depend on which other rows are vectorised with it"


def test_unseen_terms_weigh_as_seen_once() -> None:
    from storylens.compare.sentence_idf import fit_idf, sentence_tokens

    idf = fit_idf(sentence_tokens(TEXTS[:3]))
    v = idf.vectors({"words": [["putin", "zelensky"]]}, "words")
    weights = dict(zip(v.indices.tolist(), v.data.tolist()))
    fam = idf.families["words"]
    assert len(weights) == 2 and fam.terms.get_loc("putin") in weights
    # putin is in 2 of 3 sentences, zelensky (unseen) counts as 1 of 3: rarer, weighs more.
    assert weights[len(fam.terms)] > weights[fam.terms.get_loc("putin")]
