"""Manifest parsing and duplicate detection."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from storylens.ingest.dedupe import find_duplicates
from storylens.ingest.manifest import read_manifest

LONG = (
    "The foreign minister met his counterpart in Vienna on Monday to discuss the ceasefire, "
    "the sanctions regime and the exchange of prisoners, officials from both sides said after "
    "a meeting that lasted more than four hours and ended without a joint statement. "
)


def test_manifest_fields_and_warnings(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "manifest.csv").write_text(
        "file,outlet,url,published,title,authors,language\n"
        "a.txt,Newsweek,https://n.com/x,2024-01-05,T,Kaitlin Lewis; Jane Roe,\n"
        "missing.txt,BBC,,05/01/2024,,,\n"
        "b.txt,BBC,,last Tuesday,,,\n"
    )
    (tmp_path / "b.txt").write_text("y")
    m = read_manifest(tmp_path)
    assert m.lookup("a.txt") == {
        "outlet": "Newsweek",
        "url": "https://n.com/x",
        "title": "T",
        "authors": ["Kaitlin Lewis", "Jane Roe"],
        "published": dt.date(2024, 1, 5),
    }
    assert m.lookup("sub/a.txt") == m.lookup("a.txt")  # by bare name as a fallback
    # An ambiguous numeric date is kept as written for the build to read in its --date-order;
    # one that is no date at all is kept too (published_how = field_unparsed) and warned about.
    assert m.lookup("missing.txt")["published"] == "05/01/2024"
    assert m.lookup("b.txt")["published"] == "last Tuesday"
    assert any("'last Tuesday' is not a date" in w for w in m.warnings)
    assert not any("05/01/2024" in w for w in m.warnings)
    assert any("'missing.txt', which is not in" in w for w in m.warnings)


def test_no_manifest_is_empty(tmp_path: Path) -> None:
    assert read_manifest(tmp_path).rows == {}


def test_identical_and_near_identical_bodies() -> None:
    near = LONG.replace("four hours", "four and a half hours")
    df = pd.DataFrame(
        {
            "article_id": ["a", "b", "c", "d"],
            "text": [LONG * 3, (LONG * 3).upper().replace(",", ""), (near + LONG * 2), "A different story about football results entirely. " * 10],
        }
    )
    dups = find_duplicates(df, threshold=0.8).set_index("article_id")
    assert dups.loc["b", "duplicate_of"] == "a" and dups.loc["b", "duplicate_similarity"] == 1.0
    assert dups.loc["c", "duplicate_of"] == "a" and 0.8 <= dups.loc["c", "duplicate_similarity"] < 1.0
    assert "d" not in dups.index


def test_no_false_duplicates_between_distinct_texts() -> None:
    df = pd.DataFrame({"article_id": ["a", "b"], "text": [LONG, "Completely unrelated words about weather in Lisbon and rain. " * 3]})
    assert find_duplicates(df).empty
