"""The same real-world event across outlets: story events on the seed build."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from storylens.timeline.events import events_from_doc
from storylens.timeline.story_events import attach_event_actors, link_story_events


@pytest.fixture(scope="module")
def story_events(seeds_build, nlp):
    _out, tables = seeds_build
    arts = tables["articles"]
    frames = []
    for a in arts.to_dict("records"):
        aid = a["article_id"]
        doc = nlp(a["text"])
        m = tables["mentions"][tables["mentions"]["article_id"] == aid]
        t = tables["timexes"][tables["timexes"]["article_id"] == aid]
        frames.append(events_from_doc(doc, aid, m, t, a["published"]))
    ev = attach_event_actors(pd.concat(frames, ignore_index=True), tables["mentions"])
    ev["story_event_id"] = link_story_events(ev, arts)
    ev["outlet"] = ev["article_id"].map(dict(zip(arts["article_id"], arts["outlet"], strict=True)))
    return ev, arts


def _at(ev: pd.DataFrame, arts: pd.DataFrame, outlet: str, trigger: str, phrase: str) -> pd.Series:
    text = arts.loc[arts["outlet"] == outlet, "text"].iloc[0]
    lo = text.index(phrase)
    rows = ev[(ev["outlet"] == outlet) & (ev["trigger"] == trigger) & (ev["start"] >= lo)].sort_values("start")
    assert len(rows), (outlet, trigger, phrase)
    return rows.iloc[0]


def test_kirby_briefing_is_one_story_event(story_events):
    ev, arts = story_events
    nw = _at(ev, arts, "Newsweek", "told", "Kirby")
    rbc = _at(ev, arts, "RBC-Ukraine", "reported", "Yesterday evening")
    assert nw["date_start"] == rbc["date_start"] == dt.date(2024, 1, 4)
    assert nw["story_event_id"] == rbc["story_event_id"]
    group = ev[ev["story_event_id"] == nw["story_event_id"]]
    assert set(group["outlet"]) == {"Newsweek", "RBC-Ukraine"}
    assert set(group["event_type"]) == {"statement"}


def test_distinct_events_stay_apart(story_events):
    ev, arts = story_events
    briefing = _at(ev, arts, "Newsweek", "told", "Kirby")["story_event_id"]
    fired = _at(ev, arts, "Newsweek", "fired", "at least one ballistic")["story_event_id"]
    kyiv = _at(ev, arts, "Newsweek", "attack", "overnight")["story_event_id"]
    meeting = _at(ev, arts, "RBC-Ukraine", "meeting", "January 10")["story_event_id"]
    assert len({briefing, fired, kyiv, meeting}) == 4
    # Every group is one type, and never mixes plans with what happened.
    for _sid, g in ev.groupby("story_event_id"):
        assert g["event_type"].nunique() == 1
        assert g["is_planned"].nunique() == 1
    # Linking is conservative: most events stay alone.
    assert ev["story_event_id"].nunique() >= 0.8 * len(ev)


def test_story_ids_partition_by_story(story_events):
    ev, arts = story_events
    split = arts.assign(story_id=[f"s{i}" for i in range(len(arts))])
    ids = link_story_events(ev, split)
    assert (ids.groupby(ev["article_id"]).apply(set).map(len) > 0).all()
    by_story = pd.DataFrame({"sid": ids, "aid": ev["article_id"]}).groupby("sid")["aid"].nunique()
    assert (by_story == 1).all()
