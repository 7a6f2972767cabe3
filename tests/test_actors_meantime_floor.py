"""Accuracy floor: cross-document actor resolution on one MEANTIME topic (gm, 30 docs).

Measured with `python benchmarks/actors_meantime.py --topic gm`: B3 P 0.953 R 0.930
F1 0.941, named-mention recall 0.917. The floors sit a little below so that a real
regression fails while a spaCy patch release does not.
"""

from __future__ import annotations

import pytest

from benchmarks import actors_meantime


@pytest.fixture(scope="module")
def scores(shared_dir, nlp):
    topic = shared_dir / "benchmarks" / "meantime" / "intra_cross-doc_annotation" / "corpus_gm"
    if not topic.is_dir():
        pytest.skip(f"{topic} not found")
    return actors_meantime.evaluate_topic(topic, nlp=nlp)


def test_cross_document_b_cubed_floor(scores) -> None:
    assert scores["docs"] == 30
    assert scores["b3_P"] >= 0.92, scores
    assert scores["b3_F1"] >= 0.90, scores


def test_named_mention_recall_floor(scores) -> None:
    assert scores["mention_R_nam"] >= 0.89, scores
    assert scores["aligned"] >= 400, scores


def test_kind_accuracy_floor(scores) -> None:
    """Actor kinds against MEANTIME's entity types (person -> PER, organization / media -> ORG,
    country / place -> LOC): gm 0.961; all four topics 0.927 (benchmarks/actors_meantime.py)."""
    assert scores["kind_acc"] >= 0.93, scores
