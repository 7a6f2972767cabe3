"""infer_published / infer_published_corpus: publication day from url, dateline and text clues."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from storylens.ingest.manifest import read_manifest
from storylens.timeline.timexes import infer_published, infer_published_corpus

NEWSWEEK = "000_920297efb238f4f6.txt"
RBC = "003_729c84f642d46287.txt"
# The url the bundled sample's manifest gives the RBC-Ukraine seed (a Unix time at its end).
RBC_URL = read_manifest(Path(__file__).resolve().parents[1] / "data" / "raw").lookup(RBC)["url"]


def test_newsweek_seed_from_text_alone(seeds_dir):
    day, conf, evidence = infer_published((seeds_dir / NEWSWEEK).read_text(encoding="utf-8"))
    assert day == dt.date(2024, 1, 5)
    assert 0 < conf <= 1 and "weekday" in evidence


def test_rbc_seed_from_unix_stamp_in_url(seeds_dir):
    day, conf, evidence = infer_published((seeds_dir / RBC).read_text(encoding="utf-8"), RBC_URL)
    assert day == dt.date(2024, 1, 5) and conf >= 0.9 and "Unix" in evidence


def test_rbc_text_alone_has_no_year_and_says_so(seeds_dir):
    day, conf, evidence = infer_published((seeds_dir / RBC).read_text(encoding="utf-8"))
    assert day is None and conf == 0 and "01-05" in evidence


def test_corpus_lends_a_year_only_from_a_confident_article_of_the_same_story(seeds_dir):
    texts = {p: (seeds_dir / p).read_text(encoding="utf-8") for p in (NEWSWEEK, RBC)}
    # RBC dated by its url (0.95) confirms Newsweek's weak text-only day: a shared story
    # (Putin, Shapps, Kirby ...) and a day within weeks of Newsweek's "December 30"
    out = infer_published_corpus(texts, {NEWSWEEK: None, RBC: RBC_URL})
    assert out[NEWSWEEK][0] == dt.date(2024, 1, 5) and out[NEWSWEEK][2].startswith(f"year from article {RBC}")
    assert out[NEWSWEEK][1] > infer_published(texts[NEWSWEEK])[1]
    # Newsweek's own 0.42 is too weak to lend: RBC without its url stays undated, and says why
    out = infer_published_corpus(texts, {p: None for p in texts})
    assert out[RBC][0] is None and out[NEWSWEEK][0] == dt.date(2024, 1, 5)


def test_corpus_does_not_lend_across_stories():
    from storylens.timeline.timexes import borrow_years, published_clues, story_names

    dated = "WASHINGTON, March 3, 2021 (AP) - Senators Alice Brown and Carl Dunn met Governor Eve Ford."
    other = "The striker Tom Hill scored twice against Leeds United on 3 March, and Arsenal won."
    clues = {"a": published_clues(dated), "b": published_clues(other)}
    names = {"a": story_names(dated), "b": story_names(other)}
    assert borrow_years(clues, names_of=names)["b"][0] is None
    assert borrow_years(clues)["b"][0] == dt.date(2021, 3, 3)  # without the story check it would


def test_url_path_date_and_dateline():
    assert infer_published("Nothing dated here.", "https://example.org/2023/05/17/story.html")[0] == dt.date(2023, 5, 17)
    text = "WASHINGTON, Jan 4, 2024 (KUNA) -- The minister said on Thursday that talks would resume next month."
    assert infer_published(text)[0] == dt.date(2024, 1, 4)
    # a year-less dateline: the year comes from the text, and "said on Thursday that it will" is past
    text = "WASHINGTON, Jan 4 (KUNA) -- The US said on Thursday that it will act. Since 2023 the war has spread."
    day, _, evidence = infer_published(text)
    assert day == dt.date(2024, 1, 4) and "dateline" in evidence and "'Thursday' (past)" in evidence


def test_future_dates_bound_the_day_from_above():
    text = "The vote took place on March 3, 2021. On Monday the committee met again, and it will report on March 12."
    day, _, _ = infer_published(text)
    assert dt.date(2021, 3, 3) <= day < dt.date(2021, 3, 12)


def test_nothing_dated_gives_none():
    assert infer_published("The minister spoke about the weather.") == (None, 0.0, "no dated clue")


def test_day_stamp_in_the_file_name_dates_an_undated_text():
    text = "The minister spoke about the weather on Friday."
    day, conf, evidence = infer_published(text, file_name="archive/AP_20130322.tml")
    assert day == dt.date(2013, 3, 22) and conf >= 0.9 and "file name AP_20130322.tml" in evidence
    # a hex hash or a folder named by download day is not a publication stamp
    assert infer_published(text, file_name="000_ef20231201ab.txt")[0] is None
    assert infer_published(text, file_name="20240105/story.txt")[0] is None


def test_the_build_borrows_a_year_from_another_article_of_the_corpus(seeds_dir, tmp_path):
    """Without urls the Newsweek seed is dated by its weekdays alone (weak); the build's corpus
    pass confirms the day with the RBC article of the same story, dated by its url stamp, and
    says so in the evidence."""
    from storylens.pipeline import build

    src = tmp_path / "in"
    src.mkdir()
    for name in (NEWSWEEK, RBC):
        (src / name).write_bytes((seeds_dir / name).read_bytes())
    (src / "manifest.csv").write_text(f"file,url\n{RBC},{RBC_URL}\n", encoding="utf-8")
    articles = build([src], tmp_path / "out", progress=lambda total, desc: _Quiet())["articles"].set_index("source_file")
    assert articles.loc[RBC, "published"] == dt.date(2024, 1, 5) and articles.loc[RBC, "published_confidence"] >= 0.9
    assert articles.loc[NEWSWEEK, "published"] == dt.date(2024, 1, 5)
    assert articles.loc[NEWSWEEK, "published_how"] == "inferred"
    assert articles.loc[NEWSWEEK, "published_evidence"].startswith("year from article " + articles.loc[RBC, "article_id"])


class _Quiet:
    def update(self, *args):
        pass

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *args):
        pass
