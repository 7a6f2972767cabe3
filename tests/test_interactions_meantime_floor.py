"""Accuracy floor: interaction edges against MEANTIME agent/patient participants.

Measured with `python benchmarks/interactions_meantime.py --limit 20` (first 20 documents
of each of the 4 topics, 80 documents, the subset this test re-computes):
  gold PER/ORG/LOC:  strict P 0.387 R 0.353 F1 0.369; relaxed F1 0.430;
                     strict-drawn (only edges the network can draw) P 0.360 F1 0.305
  gold all types:    strict P 0.581 R 0.090; patient+Arg2 P 0.806; rule 'active' 9/13
(2026-12-02, joint acts undirected and matched either way round, products not acted upon,
by-agents misattached to an event's object, uphold/dispute/bailout; before: strict P 0.250
R 0.265 F1 0.257, relaxed F1 0.311, all types strict P 0.611 -- lower now because products
("Apple unveiled the iPod") are arguments in MEANTIME's all-types gold but not actors.)
The gold is small (34 actor pairs in this subset), so one pair moves F1 by ~0.02; the
floors sit two to three pairs below the measured numbers: a broken rule fails, a spaCy
patch release that flips one parse does not.
"""

from __future__ import annotations

import pytest

from benchmarks import interactions_meantime


@pytest.fixture(scope="module")
def results(shared_dir, nlp):
    root = shared_dir / "benchmarks" / "meantime" / "intra_cross-doc_annotation"
    if not root.is_dir():
        pytest.skip(f"{root} not found")
    return interactions_meantime.evaluate(interactions_meantime.document_paths(root, limit=20))


def test_actor_pairs_floor(results):
    strict = results["actors"]["measures"]["strict"]
    assert strict.gold >= 30, "gold pairs went missing: the MEANTIME reader broke"
    p, r, f = strict.prf()
    assert f >= 0.30 and p >= 0.32, (p, r, f)
    assert results["actors"]["measures"]["relaxed"].prf()[2] >= 0.36
    # What the network can draw (descriptions and pronouns without an antecedent left out).
    assert results["actors"]["measures"]["strict-drawn"].prf()[2] >= 0.23


def test_all_entity_types_precision_floor(results):
    measures = results["all"]["measures"]
    assert measures["strict"].prf()[0] >= 0.55
    assert measures["patient+Arg2"].prf()[0] >= 0.72
    active = results["all"]["by_rule"]["active"]
    assert active["n"] >= 10 and active["tp"] / active["n"] >= 0.65, dict(active)
