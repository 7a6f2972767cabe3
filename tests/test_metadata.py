"""Metadata from URLs and texts: domain, outlet, language, byline authors."""

from __future__ import annotations

import pytest

from storylens.ingest.clean import clean_text
from storylens.ingest.metadata import (
    authors_from_byline,
    detect_language,
    domain_of,
    outlet_from_domain,
    outlet_from_text,
)


@pytest.mark.parametrize(
    "url, domain",
    [
        ("https://www.newsweek.com/humiliated-putin-1858309", "newsweek.com"),
        ("https://newsukraine.rbc.ua/news/x.html", "newsukraine.rbc.ua"),
        ("WWW.BBC.CO.UK/news/1", "bbc.co.uk"),
        ("", None),
        (None, None),
        ("not a url", None),
    ],
)
def test_domain_of(url, domain):
    assert domain_of(url) == domain


@pytest.mark.parametrize(
    "domain, outlet",
    [
        ("newsweek.com", "Newsweek"),
        ("news.bbc.co.uk", "BBC"),
        ("bbc.com", "BBC"),
        ("mobile.nytimes.com", "The New York Times"),
        ("newsukraine.rbc.ua", "RBC-Ukraine"),
        ("huffingtonpost.com", "HuffPost"),
        ("www.foxnews.com", "Fox News"),
        ("example-news.co.uk", "Example News"),  # fallback from the registrable domain
        ("city.abc.net", "ABC"),  # short labels read as acronyms
        (None, None),
    ],
)
def test_outlet_from_domain(domain, outlet):
    assert outlet_from_domain(domain) == outlet


def test_newsweek_seed_names_its_outlet(seeds_dir):
    c = clean_text((seeds_dir / "000_920297efb238f4f6.txt").read_text(encoding="utf-8"))
    assert outlet_from_text(c.body, c.removed) == "Newsweek"
    # the body alone also tells: "Newsweek on Friday reached out ... for comment"
    assert outlet_from_text(c.body, []) == "Newsweek"


def test_rbc_seed_never_names_its_outlet(seeds_dir):
    c = clean_text((seeds_dir / "003_729c84f642d46287.txt").read_text(encoding="utf-8"))
    # it cites The Wall Street Journal, which must not count
    assert outlet_from_text(c.body, c.removed) is None


@pytest.mark.parametrize(
    "body",
    [
        "Reuters reported on Friday that the two countries denied the deal.",
        "Shapps said in a post, pointing to a BBC report on the briefing.",
        "On January 4, The Wall Street Journal reported that missiles were sent.",
        "He told Putin that the deal was off.",
        "According to CNN, the talks stalled.",
        # one "told X" is as often a citation of another outlet's interview as a self-reference
        "The senator told CNN that the bill would pass.",
        "He told NBC's Lester Holt about it. She told NBC's Lester Holt again.",
        "Trump told Axios during an interview that was released on Tuesday. He told Axios more.",
        "Mueller could not verify the claims. Bannon emailed about WikiLeaks.",
        # two outlets, equally supported: ambiguous
        "He told CNN one thing and told Politico another. She told CNN and told Politico.",
    ],
)
def test_cited_outlets_do_not_count(body):
    assert outlet_from_text(body, []) is None


@pytest.mark.parametrize(
    "body, removed, outlet",
    [
        ("A spokesperson told Newsweek the report was false. The minister told Newsweek he would resign.", [], "Newsweek"),
        ("Newsweek has contacted the ministry for comment.", [], "Newsweek"),
        ("The Daily Planet reached out to the mayor's office for comment on Monday.", [], "The Daily Planet"),
        ("The Kyiv Independent has contacted the ministry for a comment.", [], "The Kyiv Independent"),
        ("FoxNews.com reached out to the campaign. A spokesman told Fox News Digital it was false.", [], "Fox News"),
        ("", [("author_bio", "Jane Doe is a senior correspondent for Example Times based in Paris.")], "Example Times"),
    ],
)
def test_self_references(body, removed, outlet):
    assert outlet_from_text(body, removed) == outlet


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Russian President Vladimir Putin is begging his remaining allies to provide weapons.", "en"),
        ("Президент Росії звернувся до союзників із проханням надати зброю для війни.", "uk"),
        ("Президент России обратился к союзникам с просьбой предоставить оружие для войны.", "ru"),
        ("Der russische Präsident bittet seine verbliebenen Verbündeten um Waffen.", "de"),
    ],
)
def test_detect_language(text, lang):
    code, score = detect_language(text)
    assert code == lang
    assert 0.5 < score <= 1.0


@pytest.mark.parametrize("text", ["", None, "   ", "ua en", "12345 !!!"])
def test_detect_language_too_short(text):
    assert detect_language(text) == ("und", 0.0)


@pytest.mark.parametrize(
    "line, names",
    [
        ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
        ("Author: Daria Shekina", ["Daria Shekina"]),
        ("By JANE DOE, Reuters", ["Jane Doe"]),
        ("By Jane Doe | January 5, 2024", ["Jane Doe"]),
        ("Written by Anna de la Cruz, Tom Field & Li Wei", ["Anna de la Cruz", "Tom Field", "Li Wei"]),
        ("By Friday, the troops had left.", []),
        ("By the end of the year", []),
        ("", []),
    ],
)
def test_authors_from_byline(line, names):
    assert authors_from_byline(line) == names


def test_outlet_from_text_never_wrong_on_basil(shared_dir):
    """BASIL articles come from Fox News, The New York Times and HuffPost and cite many other
    outlets. Measured on all 300: 15 right, 0 wrong, 285 silent. The floor allows one wrong
    answer (a rule change must not start naming cited outlets) and asks for most of the hits."""
    from benchmarks import cleaning_report

    counts = cleaning_report.basil_outlets(shared_dir)
    assert counts["wrong"] <= 1
    assert counts["right"] >= 12
