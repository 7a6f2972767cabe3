"""Readers: every input file or row becomes an article record or a reject naming the file and reason."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from storylens.ingest.readers import RawArticle, Reject, decode, read_inputs

BODY = "Officials said on Tuesday that the talks would continue next week in Geneva."


def _write(folder: Path, name: str, data: bytes | str) -> Path:
    p = folder / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return p


def _one_reject(folder: Path, max_bytes: int = 10_000) -> Reject:
    arts, rejects = read_inputs([folder], max_bytes)
    assert arts == [] and len(rejects) == 1, (arts, rejects)
    return rejects[0]


@pytest.mark.parametrize(
    ("name", "data", "reason", "words"),
    [
        ("empty.txt", b"", "empty", "empty"),
        ("blank.txt", b"  \n\n ", "empty", "empty"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary", "binary"),
        ("notes.docx", b"PK\x03\x04", "unreadable", "not a Word .docx file"),
        ("notes.doc", b"\xd0\xcf\x11\xe0", "unsupported_extension", ".doc"),
        ("broken.json", b'{"text": "abc", ', "bad_json", "not valid JSON"),
        ("nobody.json", b'{"title": "x"}', "no_text", "no text/body field"),
        ("scalar.json", b"42", "bad_json", "top level is int"),
        ("notext.csv", b"title,summary\nA,B\n", "no_text", "no text/body column and no url column"),
    ],
)
def test_each_reject_reason_names_the_file(tmp_path: Path, name: str, data: bytes, reason: str, words: str) -> None:
    _write(tmp_path, name, data)
    r = _one_reject(tmp_path)
    assert r.reason == reason
    assert name in r.detail and words in r.detail


def test_too_large(tmp_path: Path) -> None:
    _write(tmp_path, "big.txt", "word " * 1000)
    r = _one_reject(tmp_path, max_bytes=100)
    assert r.reason == "too_large" and "big.txt" in r.detail and "100-byte limit" in r.detail


def test_missing_input_path_is_a_reject(tmp_path: Path) -> None:
    arts, rejects = read_inputs([tmp_path / "nope.txt"], 1000)
    assert arts == [] and rejects[0].reason == "unreadable"
    # Named as given, never by the server's absolute path.
    assert rejects[0].source_file == "nope.txt" and rejects[0].detail == "nope.txt: no such file or folder"


@pytest.mark.parametrize(
    ("text", "encoding", "expected"),
    [
        ("The naïve plan of the café owner was, in the end, a success for the whole town. " * 3, "latin-1", "cp1252"),
        ("Der Bürgermeister von Zürich sagte, die Straße bleibe geschlossen, bis die Prüfung endet. " * 3, "latin-1", "cp1252"),
        ("Prezydent powiedział, że rząd przedstawi nową ustawę w przyszłym tygodniu, zgodnie z planem. " * 3, "cp1250", "cp1250"),
        ("Москва заявила, что переговоры продолжатся в четверг, сообщили в министерстве. " * 3, "cp1251", "cp1251"),
        ("naïve", "latin-1", "cp1252"),
    ],
)
def test_legacy_encodings_are_guessed_by_language(tmp_path: Path, text: str, encoding: str, expected: str) -> None:
    """charset-normalizer alone reads Latin-1 "naïve" as cp1250 "naďve": the guess is restricted by language."""
    _write(tmp_path, "a.txt", text.encode(encoding))
    arts, rejects = read_inputs([tmp_path], 10_000)
    assert rejects == [] and arts[0].text == text
    assert codecs.lookup(arts[0].encoding).name == codecs.lookup(expected).name
    assert any("encoding was guessed as" in w for w in arts[0].warnings)


def test_utf8_is_not_a_guess(tmp_path: Path) -> None:
    _write(tmp_path, "a.txt", "Officials in Brüssel said the naïve plan failed.".encode())
    arts, _ = read_inputs([tmp_path], 10_000)
    assert arts[0].encoding == "utf-8" and arts[0].warnings == []


def test_latin1_file_is_decoded_not_rejected(tmp_path: Path) -> None:
    _write(tmp_path, "latin.txt", "Caf\xe9 owners in M\xfcnchen said prices rose. ".encode("latin-1") * 5)
    arts, rejects = read_inputs([tmp_path], 10_000)
    assert rejects == []
    assert "Café" in (arts[0].text or "") and "München" in (arts[0].text or "")


def test_utf8_bom_is_stripped() -> None:
    text, enc = decode("Hello".encode("utf-8-sig"))
    assert text == "Hello" and enc == "utf-8-sig"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32", "utf-16-be", "utf-32-be"])
def test_utf16_and_utf32_with_a_byte_order_mark_are_text_not_binary(tmp_path: Path, encoding: str) -> None:
    data = ("\ufeff" if encoding.endswith("-be") else "") + "Officials in Brüssel said the naïve plan failed. " * 3
    _write(tmp_path, "a.txt", data.encode(encoding))
    arts, rejects = read_inputs([tmp_path], 10_000)
    assert rejects == [] and "Brüssel" in (arts[0].text or "") and not (arts[0].text or "").startswith("\ufeff")
    assert arts[0].encoding == encoding[:6]


def test_hidden_files_and_links_out_of_the_input_are_rejects(tmp_path: Path) -> None:
    src = tmp_path / "in"
    _write(src, "a.txt", BODY)
    _write(src, ".hidden.txt", BODY)
    _write(tmp_path, "secret.txt", BODY)
    (src / "link.txt").symlink_to(tmp_path / "secret.txt")
    (src / "inside.txt").symlink_to(src / "a.txt")
    arts, rejects = read_inputs([src], 10_000)
    assert sorted(a.source_file for a in arts) == ["a.txt", "inside.txt"]
    assert {(r.source_file, r.reason) for r in rejects} == {(".hidden.txt", "hidden"), ("link.txt", "outside_input")}
    assert all(str(tmp_path) not in r.detail for r in rejects)


def test_jsonl_bad_line_is_rejected_and_good_lines_kept(tmp_path: Path) -> None:
    lines = [json.dumps({"text": BODY, "title": "A"}), "{oops", json.dumps({"body": BODY, "source": "Reuters", "date": "2024-01-05"})]
    _write(tmp_path, "feed.jsonl", "\n".join(lines))
    arts, rejects = read_inputs([tmp_path], 10_000)
    assert [a.source_file for a in arts] == ["feed.jsonl#1", "feed.jsonl#3"]
    assert arts[1].meta == {"outlet": "Reuters", "published": "2024-01-05"}
    assert [(r.source_file, r.reason) for r in rejects] == [("feed.jsonl#2", "bad_json")]
    assert "line 2" in rejects[0].detail


def test_json_list_and_articles_key(tmp_path: Path) -> None:
    _write(tmp_path, "a.json", json.dumps([{"text": BODY}, {"text": BODY + " More."}, "junk"]))
    _write(tmp_path, "b.json", json.dumps({"articles": [{"content": BODY, "authors": ["A B"]}]}))
    arts, rejects = read_inputs([tmp_path], 10_000)
    assert sorted(a.source_file for a in arts) == ["a.json#0", "a.json#1", "b.json#0"]
    assert [(r.source_file, r.reason) for r in rejects] == [("a.json#2", "bad_json")]


def test_csv_rows_and_bad_row(tmp_path: Path) -> None:
    csv_text = f'title,text,outlet\nOne,"{BODY}",BBC\nTwo,"{BODY}",BBC,extra\nThree,"{BODY}",\n'
    _write(tmp_path, "rows.csv", csv_text)
    arts, rejects = read_inputs([tmp_path], 10_000)
    assert [a.meta.get("title") for a in arts] == ["One", "Three"]
    assert arts[0].meta["outlet"] == "BBC" and "outlet" not in arts[1].meta
    assert [(r.source_file, r.reason) for r in rejects] == [("rows.csv#3", "bad_csv_row")]


def test_every_input_file_is_accounted_for(tmp_path: Path) -> None:
    """The invariant: files and rows in == articles + rejects out, whatever the mix."""
    _write(tmp_path, "a.txt", BODY)
    _write(tmp_path, "sub/a.txt", BODY)  # same name, other folder: both kept
    _write(tmp_path, "b.html", f"<html><body><p>{BODY}</p></body></html>")
    _write(tmp_path, "c.bin", b"\x00\x01")
    _write(tmp_path, "d.txt", b"")
    _write(tmp_path, "e.jsonl", json.dumps({"text": BODY}) + "\nnot json\n")
    _write(tmp_path, ".hidden/x.txt", BODY)
    arts, rejects = read_inputs([tmp_path], 10_000)
    sources = sorted([a.source_file for a in arts] + [r.source_file for r in rejects])
    assert sources == [".hidden/x.txt", "a.txt", "b.html", "c.bin", "d.txt", "e.jsonl#1", "e.jsonl#2", "sub/a.txt"]
    assert all(isinstance(a, RawArticle) for a in arts)


def test_json_body_as_list_of_paragraphs(tmp_path: Path) -> None:
    """BASIL-style records keep the body as paragraphs of sentences."""
    record = {"title": "T", "source": "nyt", "body-paragraphs": [["First sentence.", "Second one."], [], ["Next paragraph."]]}
    _write(tmp_path, "basil.json", json.dumps(record))
    arts, rejects = read_inputs([tmp_path], 10_000)
    assert rejects == []
    assert arts[0].text == "First sentence. Second one.\n\nNext paragraph."
