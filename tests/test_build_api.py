"""storylens.build on small mixed corpora: languages, duplicates, HTML, manifest and corrections."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import storylens

ENGLISH = (
    "Officials in Brussels said on Monday that the European Union would extend its sanctions on Belarus for another year. "
    "The decision, taken by foreign ministers, follows months of talks. Lithuania had pressed for a longer extension."
)
GERMAN = (
    "Die Bundesregierung hat am Montag neue Hilfen für die Landwirtschaft beschlossen. "
    "Der Minister sagte, die Mittel sollten noch in diesem Jahr ausgezahlt werden, und die Verbände begrüßten den Schritt."
)
HTML = f"""<html><head><title>EU extends sanctions</title>
<meta property="og:site_name" content="Example Times"><meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2024-03-04T10:00:00Z"></head>
<body><nav>Home | World</nav><article><h1>EU extends sanctions</h1><p>{ENGLISH}</p>
<p>Diplomats said the vote was unanimous and that Hungary did not object this time.</p></article>
<footer>Copyright Example Times</footer></body></html>"""


def test_mixed_corpus(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "wire").mkdir(parents=True)
    (src / "eu.txt").write_text("EU extends Belarus sanctions\n\n" + ENGLISH)
    (src / "wire" / "eu.txt").write_text("EU extends Belarus sanctions\n\n" + ENGLISH.replace("Monday", "Monday,"))
    (src / "de.txt").write_text("Neue Hilfen\n\n" + GERMAN)
    (src / "page.html").write_text(HTML)
    (src / "manifest.csv").write_text("file,outlet,url,published,title,authors,language\neu.txt,Wire One,,2024-03-04,,,\n")
    corrections = tmp_path / "corrections.yaml"
    corrections.write_text("articles:\n  wire/eu.txt: {outlet: Wire Two}\n")
    t = storylens.build([src], tmp_path / "out", corrections=corrections)
    arts = t["articles"].set_index("source_file")

    assert arts.loc["de.txt", "language"] == "de"
    assert arts.loc["de.txt", "status"] == "not_analysed_language"
    assert not (t["sentences"]["article_id"] == arts.loc["de.txt", "article_id"]).any()

    assert (arts.loc["eu.txt", "outlet"], arts.loc["eu.txt", "outlet_how"]) == ("Wire One", "manifest")
    assert arts.loc["eu.txt", "published"] == dt.date(2024, 3, 4) and arts.loc["eu.txt", "published_how"] == "manifest"
    assert (arts.loc["wire/eu.txt", "outlet"], arts.loc["wire/eu.txt", "outlet_how"]) == ("Wire Two", "corrections")
    assert arts.loc["wire/eu.txt", "duplicate_of"] == arts.loc["eu.txt", "article_id"]
    assert arts.loc["wire/eu.txt", "duplicate_similarity"] == 1.0
    assert arts.loc["eu.txt", "title"] == "EU extends Belarus sanctions"

    page = arts.loc["page.html"]
    assert page["outlet"] == "Example Times" and page["outlet_how"] == "metadata"
    assert page["published"] == dt.date(2024, 3, 4) and list(page["authors"]) == ["Jane Roe"]
    assert "Home | World" not in page["text"] and "Copyright" not in page["text"]
    assert "Hungary did not object" in page["text"]
    assert t["rejects"].empty
    assert t["articles"]["article_id"].is_unique


def test_two_workers_give_the_same_tables(seeds_build, tmp_path: Path) -> None:
    """Parallel analysis must not change a single row (order included)."""
    import pandas as pd

    repo = Path(__file__).resolve().parents[1]
    _, one = seeds_build
    two = storylens.build([repo / "data" / "raw"], tmp_path / "out", corrections=repo / "data" / "corrections.yaml", workers=2)
    for name, df in one.items():
        pd.testing.assert_frame_equal(df, two[name], obj=name)


def test_outlet_code_in_data_gives_way_to_a_known_url(tmp_path: Path) -> None:
    import json

    src = tmp_path / "in"
    src.mkdir()
    rec = {"source": "nyt", "url": "http://www.nytimes.com/2010/07/03/us/politics/03steele.html", "date": "2010-07-02", "body-paragraphs": [[ENGLISH]]}
    (src / "a.json").write_text(json.dumps(rec))
    arts = storylens.build([src], tmp_path / "out")["articles"]
    assert (arts.loc[0, "outlet"], arts.loc[0, "outlet_how"]) == ("The New York Times", "url")
    assert arts.loc[0, "published"] == dt.date(2010, 7, 2) and arts.loc[0, "published_how"] == "metadata"


def test_manifest_problems_are_rejects_and_warnings(tmp_path: Path) -> None:
    """A manifest naming a missing file is a reject; a date that is no date warns on its article; both in the CLI summary."""
    from storylens.cli import _summary

    src = tmp_path / "in"
    src.mkdir()
    (src / "eu.txt").write_text("EU extends Belarus sanctions\n\n" + ENGLISH)
    (src / "manifest.csv").write_text(
        "file,outlet,url,published,title,authors,language\neu.txt,Wire One,,last Tuesday,,,\ngone.txt,Wire Two,,2024-03-04,,,\n"
    )
    out = tmp_path / "out"
    t = storylens.build([src], out)
    rej = t["rejects"].set_index("reason")
    assert rej.loc["manifest_missing_file", "source_file"] == "manifest.csv"
    assert rej.loc["manifest_missing_file", "detail"] == "manifest.csv line 3: names 'gone.txt', which is not in the input folder"
    assert str(tmp_path) not in " ".join(t["rejects"]["detail"])  # no server path
    art = t["articles"].set_index("source_file").loc["eu.txt"]
    assert art["published_how"] == "field_unparsed"
    assert any("line 2: published 'last Tuesday' is not a date" in w for w in art["warnings"])
    summary = _summary(t, 1.0, out)
    assert "manifest_missing_file 1" in summary and "gone.txt" in summary
    assert "articles with warnings: 1" in summary and "last Tuesday" in summary


def test_correcting_an_outlet_keeps_the_article_id(tmp_path: Path) -> None:
    """Links (?article=<id>), claim and date corrections and citations name an article by its
    id: a researcher correcting the outlet must not turn the article into another one."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "eu.txt").write_text("EU extends Belarus sanctions\n\n" + ENGLISH)
    plain = storylens.build([src], tmp_path / "plain")["articles"].set_index("source_file")
    corrections = tmp_path / "corrections.yaml"
    corrections.write_text("articles:\n  eu.txt: {outlet: Wire Two}\n")
    fixed = storylens.build([src], tmp_path / "fixed", corrections=corrections)["articles"].set_index("source_file")
    assert (fixed.loc["eu.txt", "outlet"], fixed.loc["eu.txt", "outlet_how"]) == ("Wire Two", "corrections")
    assert fixed.loc["eu.txt", "article_id"] == plain.loc["eu.txt", "article_id"]
    assert "_identity_outlet" not in fixed.columns
