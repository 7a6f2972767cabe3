"""No outlet vanishes: built without the manifest, the undated RBC-Ukraine seed takes its story's date."""

from __future__ import annotations

import datetime as dt
import shutil

import storylens
from storylens.timeline.published import LEND_CONFIDENCE


def test_seeds_without_manifest_both_dated_both_on_timeline(seeds_dir, tmp_path) -> None:  # noqa: ANN001 - fixtures
    raw = tmp_path / "raw"
    raw.mkdir()
    for f in seeds_dir.glob("*.txt"):
        shutil.copy(f, raw / f.name)
    t = storylens.build([raw], tmp_path / "out")
    arts = t["articles"].set_index("article_id")
    assert set(arts["published"]) == {dt.date(2024, 1, 5)}
    lent = arts[arts["published_evidence"].str.startswith("no date clue of its own")]
    assert len(lent) == 1
    (_aid, row), other = next(lent.iterrows()), arts.index.difference(lent.index)[0]
    assert row["published_confidence"] < LEND_CONFIDENCE  # low confidence: hollow, never lends on
    assert row["story_id"] in row["published_evidence"] and other in row["published_evidence"]
    ev = t["events"][t["events"]["date_start"].notna()]
    for article in arts.index:
        days = set(ev.loc[ev["article_id"] == article, "date_start"])
        assert dt.date(2024, 1, 4) in days, article  # Kirby's briefing, in both
    all_days = set(ev["date_start"])
    assert {dt.date(2023, 12, 30), dt.date(2024, 1, 2), dt.date(2024, 1, 5), dt.date(2024, 1, 10)} <= all_days
    planned = ev[ev["date_start"] == dt.date(2024, 1, 10)]
    assert planned["is_planned"].any()
    assert set(t["key_dates"].query("story_id.isna()", engine="python")["date"]) >= {dt.date(2024, 1, 4), dt.date(2024, 1, 5)}
