"""Accuracy floor: interaction edges against MEANTIME agent/patient participants.

Measured with `python benchmarks/interactions_meantime.py` (all 120 documents, the set this
test re-computes; `--split dev` / `--split test` for the halves):
  gold PER/ORG/LOC:  strict P 0.516 R 0.340 F1 0.410 (dev 0.500/0.364/0.421, test
                     0.533/0.320/0.400); relaxed F1 0.465; strict-drawn (only edges the
                     network can draw) P 0.458 F1 0.310
  gold all types:    strict P 0.613; patient+Arg2 P 0.903; rule 'active' 11/16
(2026-12-02, issue 14 precision pass: products and events are not acted upon, the subject of
"replace" is the replacement, the one selected performs the task, "with" is an addressee only
for verbs of conversation; before: strict P 0.400 R 0.340 F1 0.368, relaxed F1 0.426,
strict-drawn F1 0.282, all types strict P 0.550, patient+Arg2 P 0.775.)
The gold is small (47 actor pairs), so one pair moves F1 by ~0.01-0.02: the strict floors are
issue 14's goal (F1 >= 0.40 at precision >= 0.50), one false positive below the measured
figures; the others sit one to three pairs below: a broken rule fails, a spaCy patch
release that flips one parse does not.
"""

from __future__ import annotations

import pytest

from benchmarks import interactions_meantime


@pytest.fixture(scope="module")
def results(shared_dir, nlp):
    root = shared_dir / "benchmarks" / "meantime" / "intra_cross-doc_annotation"
    if not root.is_dir():
        pytest.skip(f"{root} not found")
    return interactions_meantime.evaluate(interactions_meantime.document_paths(root))


def test_actor_pairs_floor(results):
    strict = results["actors"]["measures"]["strict"]
    assert strict.gold >= 45, "gold pairs went missing: the MEANTIME reader broke"
    p, r, f = strict.prf()
    assert f >= 0.40 and p >= 0.50, (p, r, f)
    assert results["actors"]["measures"]["relaxed"].prf()[2] >= 0.44
    # What the network can draw (descriptions and pronouns without an antecedent left out).
    assert results["actors"]["measures"]["strict-drawn"].prf()[2] >= 0.28


def test_all_entity_types_precision_floor(results):
    measures = results["all"]["measures"]
    assert measures["strict"].prf()[0] >= 0.58
    assert measures["patient+Arg2"].prf()[0] >= 0.86
    active = results["all"]["by_rule"]["active"]
    assert active["n"] >= 14 and active["tp"] / active["n"] >= 0.65, dict(active)
