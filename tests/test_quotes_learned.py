"""The learned attribution cue model (storylens/compare/quotes/learned.py and its weight file)."""

from __future__ import annotations

import math

from storylens.compare.quotes.extract import extract_quotes
from storylens.compare.quotes.learned import candidates, cue_model, score
from storylens.nlp import load_nlp


def test_weight_file_is_consistent() -> None:
    m = cue_model()
    assert 0.0 < m["threshold"] < 1.0 and 0.0 <= m["drop_threshold"] < 1.0
    assert m["split"] == "train" and m["articles"] > 500
    for part in ("add", "keep"):
        w = m[part]
        assert 0 < w["positives"] < w["examples"]
        assert len(w["weights"]) > 500
        assert set(w["weights"]) == set(w["counts"])  # every weight shows the train evidence it rests on
        assert all(math.isfinite(x) for x in w["weights"].values())
        assert all(n >= m["min_count"] and 0 <= h <= n for n, h in w["counts"].values())
    rates = m["lemma_rates"]
    n, h = rates["say"]
    assert n > 1000 and h / n > 0.5  # "say" outside quoted content is mostly a cue on PolNeAR
    n, h = rates["run"]
    assert h / n < 0.2


def _scores(text: str) -> dict[str, float]:
    m = cue_model()
    doc = load_nlp()(text)
    return {tok.text: score(feats, m["add"]) for tok, feats, _ in candidates(doc, [], [], m["lemma_rates"])}


def test_model_separates_cues_from_plain_verbs() -> None:
    t = cue_model()["threshold"]
    assert _scores("Trump praised the police officers.")["praised"] > t
    assert _scores("Republicans accused Clinton of lying.")["accused"] > t
    assert _scores("The dog ran into the park.")["ran"] < t
    assert _scores("The river flooded the town.")["flooded"] < t
    assert "bought" not in _scores("She bought a car for her son.")  # "buy <object>": a frame train contradicts, no candidate


def test_learned_cue_adds_an_attribution_the_rules_miss() -> None:
    text = "Brafman exposed the government's tactics."
    assert extract_quotes(text, learned=False).empty
    df = extract_quotes(text)
    assert len(df) == 1
    row = df.iloc[0]
    assert row["cue"] == "exposed" and row["speaker_text"] == "Brafman"
    assert row["quote_text"] == "the government's tactics"
    assert not row["is_speech"]  # an act, not words: kept as a row, not listed as a quote


def test_plain_narration_stays_quiet() -> None:
    assert extract_quotes("The dog ran into the park. She bought a car for her son.").empty
