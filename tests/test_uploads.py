"""Uploads within byte budgets, zips judged from their central directory (issue 15, point 5)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from app import corpora


class Unreadable:
    """An upload that declares its size and fails if anyone reads it."""

    def __init__(self, name: str, size: int) -> None:
        self.name, self.size = name, size

    def read(self, n: int = -1) -> bytes:
        raise AssertionError(f"{self.name} was read although its declared size is over a limit")

    def seek(self, pos: int, whence: int = 0) -> int:
        raise AssertionError("seek")


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


@pytest.fixture
def no_extraction(monkeypatch: pytest.MonkeyPatch):
    """Call it once the test zip is written: from then on opening a member fails the test."""

    def refuse(*_a, **_k):
        raise AssertionError("a member was opened although the central directory refuses the zip")

    return lambda: monkeypatch.setattr(zipfile.ZipFile, "open", refuse)


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def test_large_files_are_refused_from_their_declared_size(tmp_path: Path) -> None:
    """Three 95 MB files: refused by .size, never read into memory."""
    saved = corpora.save_uploads([Unreadable(f"big{i}.txt", 95_000_000) for i in range(3)], tmp_path / "raw")
    assert [why for _, why in saved.skipped] == ["file_too_large"] * 3
    assert not saved.files and not _files(tmp_path)
    assert saved.summary() == ["3 skipped, " + corpora.REASONS["file_too_large"] + ": big0.txt, big1.txt, big2.txt"]


def test_zip_over_the_corpus_budget_is_refused_before_extraction(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_extraction) -> None:
    """The 2 MB zip of 400 x 5 MB members, scaled down: declared total over the budget."""
    monkeypatch.setattr(corpora, "MAX_FILE_BYTES", 50_000)
    monkeypatch.setattr(corpora, "MAX_TOTAL_BYTES", 1_000_000)
    data = _zip({f"m{i}.txt": b"a" * 50_000 for i in range(400)})
    no_extraction()
    saved = corpora.save_uploads([("bomb.zip", data)], tmp_path / "raw")
    assert saved.skipped == [("bomb.zip", "zip_too_large")]
    assert not _files(tmp_path)


def test_zip_with_too_many_members_is_one_skip(tmp_path: Path, no_extraction) -> None:
    """10,000 tiny files: one refusal, nothing on disk, not 5,000 warnings."""
    data = _zip({f"f{i}.txt": b"x" for i in range(corpora.MAX_FILES * 2)})
    no_extraction()
    saved = corpora.save_uploads([("many.zip", data)], tmp_path / "raw")
    assert saved.skipped == [("many.zip", "zip_too_many_members")]
    assert len(saved.summary()) == 1 and not _files(tmp_path)


def test_highly_compressed_member_is_refused_as_a_bomb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_extraction) -> None:
    monkeypatch.setattr(corpora, "MAX_FILE_BYTES", 50_000_000)
    data = _zip({"zeros.txt": bytes(20_000_000)})
    assert len(data) < 100_000
    no_extraction()
    saved = corpora.save_uploads([("z.zip", data)], tmp_path / "raw")
    assert saved.skipped == [("z.zip", "zip_ratio")]
    assert not _files(tmp_path)


def test_visitor_budget_counts_earlier_uploads(tmp_path: Path) -> None:
    used = corpora.MAX_VISITOR_BYTES - 10
    saved = corpora.save_uploads([("a.txt", b"12345"), ("b.txt", b"1234567890")], tmp_path / "raw", visitor_used=used)
    assert saved.files == ["a.txt"] and saved.skipped == [("b.txt", "visitor_budget")]
    assert saved.bytes_written == 5


def test_corpus_budget_stops_at_the_total(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(corpora, "MAX_TOTAL_BYTES", 25)
    saved = corpora.save_uploads([(f"{i}.txt", b"x" * 10) for i in range(4)], tmp_path / "raw")
    assert saved.files == ["0.txt", "1.txt"] and [w for _, w in saved.skipped] == ["corpus_budget"] * 2
    assert sum(p.stat().st_size for p in _files(tmp_path)) == 20


def test_a_lying_size_is_caught_while_streaming(tmp_path: Path) -> None:
    up = corpora.BytesUpload("liar.txt", b"x" * 100)
    up.size = 10
    saved = corpora.save_uploads([up], tmp_path / "raw")
    assert saved.skipped == [("liar.txt", "size_mismatch")] and not _files(tmp_path)


def test_many_bad_members_make_one_summary_line(tmp_path: Path) -> None:
    data = _zip({**{f"p{i}.exe": b"MZ" for i in range(300)}, "ok.txt": b"fine"})
    saved = corpora.save_uploads([("mixed.zip", data)], tmp_path / "raw")
    assert saved.files == ["ok.txt"]
    (line,) = saved.summary()
    assert line.startswith("300 skipped, not one of") and line.endswith("and 295 more")
    assert line.count(".exe") == corpora.EXAMPLES
