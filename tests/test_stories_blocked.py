"""Stories from blocked sparse pairs equal the dense all-pairs clustering they replace."""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pandas as pd
from sklearn.cluster import AgglomerativeClustering

from storylens.compare import stories
from storylens.compare.stories import STORY_THRESHOLD, article_similarity, assign_stories

TOPICS = [
    "earthquake rescue teams search rubble collapsed buildings survivors aftershocks",
    "central bank raises interest rates inflation markets bonds investors",
    "football cup final penalty shootout goalkeeper fans stadium",
    "election ballots counted parliament coalition opposition turnout",
    "wildfire evacuations firefighters drought winds homes destroyed",
]
FILLER = ["officials", "said", "on", "the", "day", "while", "residents", "and", "reporters", "watched", "the", "scene", "unfold", "across", "the", "region"]


def _corpus(n: int, seed: int = 1) -> pd.DataFrame:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        topic = TOPICS[i % len(TOPICS)].split()
        words = rng.sample(topic, 6) + rng.sample(FILLER, 8) + [f"name{rng.randrange(40)}"]
        day = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(0, 400)) if i % 4 else None
        rows.append({"article_id": f"a{i:03d}", "title": " ".join(words[:3]), "text": " ".join(words), "published": day})
    return pd.DataFrame(rows)


def _dense_labels(articles: pd.DataFrame) -> list[frozenset[str]]:
    sim = article_similarity(articles)
    model = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average", distance_threshold=1.0 - STORY_THRESHOLD)
    labels = model.fit_predict(np.clip(1.0 - sim, 0.0, None))
    return _groups(articles["article_id"].tolist(), labels.tolist())


def _groups(ids: list[str], labels: list) -> list[frozenset[str]]:
    out: dict = {}
    for aid, lab in zip(ids, labels, strict=True):
        out.setdefault(lab, set()).add(aid)
    return sorted(frozenset(v) for v in out.values())


def test_blocked_stories_equal_dense_clustering(monkeypatch) -> None:
    articles = _corpus(150)
    monkeypatch.setattr(stories, "ROW_BLOCK", 16)  # many blocks, dated and undated, on a small corpus
    got = _groups(articles["article_id"].tolist(), assign_stories(articles).tolist())
    assert got == _dense_labels(articles)
    assert 5 <= len(got) < 150  # several stories, not one blob nor all singletons


def test_a_giant_component_is_split_not_clustered_whole(monkeypatch) -> None:
    articles = _corpus(80)
    monkeypatch.setattr(stories, "MAX_COMPONENT", 10)
    got = assign_stories(articles)
    assert got.notna().all() and got.nunique() >= 5
