"""Export formats researchers have: each fixture (tests/fixtures/formats, written from the formats'
public descriptions) gives the right outlet, title, date, authors and text; a mixed folder accounts
for every input."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from storylens.corrections import Corrections
from storylens.ingest.field_dates import parse_field_date
from storylens.ingest.prepare import prepare
from storylens.ingest.readers import RawArticle, read_inputs
from storylens.settings import Settings

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "formats"


def _rows(name: str, settings: Settings | None = None) -> dict[str, dict]:
    raws, rejects = read_inputs([FIXTURES / name], 5_000_000)
    assert not rejects, [r.detail for r in rejects]
    out = {}
    for raw in raws:
        got = prepare(raw, {}, Corrections(), settings or Settings())
        assert hasattr(got, "row"), got
        out[raw.source_file] = got.row  # type: ignore[union-attr]
    return out


LEXIS_1 = {
    "outlet": "The Guardian (London)",
    "title": "Ukraine and Russia swap hundreds of prisoners of war",
    "published": dt.date(2024, 1, 6),
    "authors": ["Dan Sabbagh"],
    "start": "Ukraine and Russia exchanged hundreds of prisoners of war on Saturday",
    "end": "248 of its servicemen had been returned.",
}


@pytest.mark.parametrize("name", ["lexis_academic.txt", "lexis_academic.rtf"])
def test_lexisnexis_academic_export_splits_into_articles_with_metadata(name: str) -> None:
    rows = _rows(name)
    assert list(rows) == [f"{name}#1", f"{name}#2"]
    first, second = rows[f"{name}#1"], rows[f"{name}#2"]
    assert first["outlet"] == LEXIS_1["outlet"] and first["title"] == LEXIS_1["title"] and first["published"] == LEXIS_1["published"]
    assert first["authors"] == ["Dan Sabbagh"] and first["language"] == "en" and first["input_format"].startswith("lexisnexis_")
    assert first["text"].startswith(LEXIS_1["start"]) and first["text"].endswith(LEXIS_1["end"])
    for gone in ("LOAD-DATE", "Copyright", "DOCUMENTS", "PUBLICATION-TYPE", "BYLINE", "Final Edition"):
        assert gone not in first["text"] and gone not in second["text"]
    assert "section: WORLD NEWS; Pg. 21" in first["removed"] and "length: 96 words" in first["removed"]
    assert second["outlet"] == "The New York Times" and second["published"] == dt.date(2024, 1, 7)
    assert second["authors"] == ["Andrew E. Kramer"] and second["title"] == "Families in Kyiv Wait for Word After Prisoner Exchange"
    assert second["text"].endswith("through mediators in the Gulf.")


@pytest.mark.parametrize("name", ["nexis_uni.txt", "nexis_uni.docx"])
def test_nexis_uni_export_with_cover_page(name: str) -> None:
    (row,) = _rows(name).values()
    assert row["outlet"] == "The Moscow Times" and row["title"] == "Kremlin confirms prisoner exchange with Kyiv"
    assert row["published"] == dt.date(2024, 1, 6) and row["authors"] == ["Anna Petrova"]
    assert row["text"].startswith("Kremlin spokesman Dmitry Peskov on Saturday confirmed")
    assert row["text"].endswith("who had proposed the swap.")
    for gone in ("Job Number", "Search Terms", "Load-Date", "Classification", "End of Document", "Copyright"):
        assert gone not in row["text"]
    assert "cover: Job Number: 214748364" in row["removed"]


def test_factiva_field_code_export() -> None:
    rows = _rows("factiva_codes.txt")
    reuters, interfax = rows["factiva_codes.txt#1"], rows["factiva_codes.txt#2"]
    assert reuters["outlet"] == "Reuters News" and reuters["authors"] == ["Tom Balmforth"]
    assert reuters["title"] == "Ukraine, Russia exchange hundreds of prisoners in UAE-brokered deal" and reuters["published"] == dt.date(2024, 1, 6)
    # LP and TD both are body; "IN the afternoon" is prose, not the IN (industry) code
    assert reuters["text"].endswith("IN the afternoon, buses carrying the freed Ukrainians crossed the border into the Sumy region, where relatives waited.")
    assert "uaegov" not in reuters["text"] and "Thomson Reuters" not in reuters["text"]
    assert interfax["language"] == "ru" and interfax["status"] == "not_analysed_language"
    assert interfax["published"] == dt.date(2024, 1, 6) and interfax["outlet"] == "Интерфакс"
    assert "Factiva" not in interfax["text"]


def test_factiva_html_display_without_codes() -> None:
    (row,) = _rows("factiva_display.html").values()
    assert row["outlet"] == "The Washington Post" and row["authors"] == ["Isabelle Khurshudyan"]
    assert row["title"] == "Prisoner swap brings 230 Ukrainians home" and row["published"] == dt.date(2024, 1, 7)
    assert row["text"].startswith("KYIV — Ukraine and Russia carried out") and row["text"].endswith("more exchanges were planned.")
    assert "Document WP" not in row["text"] and "Copyright" not in row["text"]


def test_news_please_json_source_domain_is_the_outlet_fallback() -> None:
    (row,) = _rows("newsplease.json").values()
    assert row["outlet"] == "Example Kyiv Daily" and row["outlet_how"] == "metadata"
    assert row["authors"] == ["Olena Kovalenko", "Ivan Petrenko"] and row["published"] == dt.date(2024, 1, 6)
    assert row["title"] == "Zelensky welcomes home 230 freed Ukrainians" and row["text"].startswith("Ukraine brought home 230")


@pytest.mark.parametrize(
    ("name", "title", "author"),
    [
        ("single.docx", "Mediators in the Gulf prepared the exchange for weeks", "Hanna Arhirova"),
        ("single.rtf", "Azovstal defenders among those freed in exchange", "Kateryna Tyshchenko"),
    ],
)
def test_single_word_and_rtf_articles(name: str, title: str, author: str) -> None:
    (row,) = _rows(name).values()
    assert row["title"] == title and row["authors"] == [author] and row["input_format"] == name.split(".")[1]
    assert title not in row["text"] and "By " not in row["text"][:5] and len(row["text"].split()) > 20


def test_media_cloud_and_gdelt_rows_become_url_rows_with_their_metadata() -> None:
    raws, rejects = read_inputs(
        [FIXTURES / "mediacloud_search.csv", FIXTURES / "mediacloud_legacy.csv", FIXTURES / "gdelt_doc.csv", FIXTURES / "urls.txt"], 5_000_000
    )
    assert not rejects and all(isinstance(r, RawArticle) and r.fetch_url for r in raws) and len(raws) == 7
    by = {r.source_file: r for r in raws}
    assert by["mediacloud_search.csv#2"].meta["outlet"] == "Reuters" and by["mediacloud_legacy.csv#2"].meta["outlet"] == "Associated Press"
    assert by["gdelt_doc.csv#2"].meta["source_domain"] == "dw.example" and by["gdelt_doc.csv#2"].fetch_url.startswith("https://www.dw.example/")
    assert parse_field_date(by["gdelt_doc.csv#2"].meta["published"]).day == dt.date(2024, 1, 6)


def test_unparsable_and_ambiguous_field_dates_are_recorded(tmp_path: Path) -> None:
    body = "Ukraine and Russia exchanged hundreds of prisoners of war on Saturday, officials in Kyiv said after the talks."
    (tmp_path / "a.json").write_text(
        f'[{{"text": "{body}", "date": "the day after Christmas", "outlet": "X"}}, {{"text": "{body}", "date": "06/01/2024", "outlet": "Y"}}, {{"text": "{body}", "date": "06/01/2024", "outlet": "Z", "language": "en-GB"}}]'
    )
    raws, _ = read_inputs([tmp_path], 5_000_000)
    unparsed, us, uk = (prepare(r, {}, Corrections(), Settings()).row for r in raws)  # type: ignore[union-attr]
    assert unparsed["published"] is None and unparsed["published_how"] == "field_unparsed" and "the day after Christmas" in unparsed["published_evidence"]
    assert us["published"] == dt.date(2024, 6, 1) and us["published_evidence"].startswith("ambiguous") and us["published_confidence"] == 0.5
    assert uk["published"] == dt.date(2024, 1, 6)
    forced = prepare(raws[1], {}, Corrections(), Settings(date_order="DMY")).row  # type: ignore[union-attr]
    assert forced["published"] == dt.date(2024, 1, 6)


def test_a_mixed_folder_accounts_for_every_input(tmp_path: Path) -> None:
    from storylens.pipeline import build

    raw = tmp_path / "raw"
    shutil.copytree(FIXTURES, raw)
    (raw / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    tables = build([raw], tmp_path / "out")
    arts, rej = tables["articles"], tables["rejects"]
    sources = set(arts["source_file"]) | set(rej["source_file"])
    expected_articles = {
        "lexis_academic.txt#1", "lexis_academic.txt#2", "lexis_academic.rtf#1", "lexis_academic.rtf#2", "nexis_uni.txt#1", "nexis_uni.docx#1",
        "factiva_codes.txt#1", "factiva_codes.txt#2", "factiva_display.html#1", "newsplease.json", "single.docx", "single.rtf",
    }  # fmt: skip
    assert expected_articles <= set(arts["source_file"])
    # URL rows: nothing fetched in this test, so each is a reject that says so; the same Reuters story
    # listed by GDELT (with a tracking parameter) and Media Cloud is one duplicate.
    url_rows = {
        "mediacloud_search.csv#2",
        "mediacloud_search.csv#3",
        "mediacloud_legacy.csv#2",
        "gdelt_doc.csv#2",
        "gdelt_doc.csv#3",
        "urls.txt#2",
        "urls.txt#3",
    }
    assert url_rows <= set(rej["source_file"])
    reasons = dict(zip(rej["source_file"], rej["reason"], strict=True))
    assert reasons["mediacloud_search.csv#2"] == "duplicate_url" and reasons["urls.txt#2"] == "not_fetched" and reasons["broken.docx"] == "unreadable"
    assert sources == expected_articles | url_rows | {"broken.docx"}
