"""The labels table: how each outlet names each actor, with exact counts and evidence."""

from __future__ import annotations

import pandas as pd

from storylens.actors.labels import build_labels
from storylens.tables import ALL_TABLES, LABELS

ARTICLES = pd.DataFrame({"article_id": ["a", "b", "c"], "outlet": ["Daily Courier", "Daily Courier", "Evening Star"]})


def _m(mid, art, sid, text, label, actor, resolved_by="exact", descriptor=None, meta=False, actor_ids=None):
    return {
        "mention_id": mid,
        "article_id": art,
        "sentence_id": sid,
        "text": text,
        "label": label,
        "descriptor": descriptor,
        "actor_id": actor,
        "actor_ids": actor_ids if actor_ids is not None else ([actor] if actor else []),
        "resolved_by": resolved_by,
        "is_meta": meta,
    }


MENTIONS = pd.DataFrame(
    [
        _m("a:0-14", "a", 0, "Vladimir Putin", "PERSON", "putin", descriptor="Russian President"),
        _m("a:50-57", "a", 2, "Putin's", "PERSON", "putin", resolved_by="surname"),
        _m("a:80-86", "a", 3, "Moscow", "GPE", "russia", resolved_by="gazetteer:capital"),
        _m("b:0-5", "b", 0, "Putin", "PERSON", "putin"),
        _m("b:9-11", "b", 1, "he", "PRON", "putin", resolved_by="coref:pron:speaker"),
        _m("c:0-14", "c", 0, "Vladimir Putin", "PERSON", "putin", descriptor="Russian dictator"),
        _m("c:30-48", "c", 1, "the Kremlin leader", "DESC", "putin", resolved_by="coref:desc:affiliation"),
        _m("c:60-77", "c", 2, "the two countries", "DESC", None, resolved_by="coref:desc:states", actor_ids=["russia", "nk"]),
        _m("c:90-102", "c", 3, "Kaitlin Lewis", "PERSON", "lewis", meta=True),
        _m("c:110-120", "c", 3, "the minister", "DESC", None, resolved_by=None),
    ]
)
SENTENCES = pd.DataFrame({"article_id": ["a", "c"], "sentence_id": [3, 1], "text": ["Moscow denied it.", "The Kremlin leader stayed away."]})


def _table() -> pd.DataFrame:
    return build_labels(MENTIONS, ARTICLES, SENTENCES)


def _get(t: pd.DataFrame, outlet: str, actor: str, label: str) -> pd.Series:
    hit = t[(t["outlet"] == outlet) & (t["actor_id"] == actor) & (t["label"] == label)]
    assert len(hit) == 1, (outlet, actor, label, t[["outlet", "actor_id", "label"]].values.tolist())
    return hit.iloc[0]


def test_schema_and_registration() -> None:
    t = _table()
    assert list(t.columns) == LABELS.names and ALL_TABLES["labels"] is LABELS


def test_names_are_counted_per_outlet_with_possessive_dropped() -> None:
    r = _get(_table(), "Daily Courier", "putin", "Putin")
    assert r["label_kind"] == "name" and r["count"] == 2 and r["n_articles"] == 2
    assert list(r["sentence_refs"]) == ["a:2", "b:0"] and list(r["mention_ids"]) == ["a:50-57", "b:0-5"]


def test_descriptors_descriptions_metonyms_and_pronouns() -> None:
    t = _table()
    assert _get(t, "Daily Courier", "putin", "Russian President")["label_kind"] == "descriptor"
    assert _get(t, "Evening Star", "putin", "Russian dictator")["label_kind"] == "descriptor"
    desc = _get(t, "Evening Star", "putin", "the Kremlin leader")
    assert desc["label_kind"] == "description" and desc["example"] == "The Kremlin leader stayed away."
    moscow = _get(t, "Daily Courier", "russia", "Moscow")
    assert moscow["label_kind"] == "metonym" and moscow["example"] == "Moscow denied it."
    assert _get(t, "Daily Courier", "putin", "he")["label_kind"] == "pronoun"


def test_plural_description_counts_for_each_actor_and_meta_is_left_out() -> None:
    t = _table()
    for actor in ("russia", "nk"):
        assert _get(t, "Evening Star", actor, "the two countries")["count"] == 1
    assert "lewis" not in set(t["actor_id"])
    assert "the minister" not in set(t["label"])  # unresolved: no actor, no label


def test_empty() -> None:
    t = build_labels(MENTIONS.iloc[0:0], ARTICLES)
    assert t.empty and list(t.columns) == LABELS.names


def test_mentions_without_any_actor_give_an_empty_table() -> None:
    """A corpus whose only mentions are meta names or unresolved descriptions still builds
    (it crashed sorting a frame with no columns; seen when a loaded machine left one long
    article's parse with only such mentions)."""
    unresolved = MENTIONS[MENTIONS["mention_id"].isin(["c:90-102", "c:110-120"])]
    t = build_labels(unresolved, ARTICLES, SENTENCES)
    assert t.empty and list(t.columns) == LABELS.names
