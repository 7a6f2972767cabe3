"""Issue 15, points 1-2: no text is too long for a build, and no article can stop or stall it."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import storylens
from storylens import analyze, segments

SENTENCE = "The minister said on Thursday that Russia fired missiles at Kyiv, and John Kirby told reporters it was a significant escalation. "
PARAGRAPH = "Vladimir Putin met Kim Jong-un in Vostochny on Wednesday. " + SENTENCE * 3
NORMAL = "EU extends Belarus sanctions\n\nOfficials in Brussels said on Monday that the European Union would extend its sanctions on Belarus for another year."


@pytest.mark.parametrize(
    "text",
    [
        "",
        "short text",
        (PARAGRAPH + "\n\n") * 3000,  # 600 KB of paragraphs
        SENTENCE * 200,  # one 25 KB line
        "x" * 12_345,  # a run without a space
        "a\n" * 10 + ("y" * 3000 + " ") * 4 + "\n\nend",
    ],
    ids=["empty", "short", "600KB_paragraphs", "25KB_line", "no_spaces", "mixed"],
)
def test_spans_cover_the_text_exactly_and_are_bounded(text: str) -> None:
    cuts = segments.spans(text)
    assert "".join(text[s:e] for s, e in cuts) == text
    assert all(e - s <= segments.CHUNK_CHARS for s, e in cuts)
    for _, start, length in segments.long_lines(text):
        inside = [(s, e) for s, e in cuts if start <= s < start + length]
        assert inside and all(e - s <= segments.PIECE_CHARS for s, e in inside)


def _check_offsets(t: dict, article_text: str) -> None:
    sents = t["sentences"]
    assert sents["sentence_id"].is_monotonic_increasing and sents["start"].is_monotonic_increasing
    for r in sents.itertuples():
        assert article_text[r.start : r.end] == r.text
    for r in t["mentions"].itertuples():
        assert article_text[r.start : r.end] == r.text
        row = sents[sents["sentence_id"] == r.sentence_id].iloc[0]
        assert row.start <= r.start and r.end <= row.end


def test_text_parsed_in_pieces_keeps_offsets_and_sentence_ids(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Small caps stand in for the real ones (100,000 / 5,000 / 1,000): the same code cuts
    a 20 KB article into 8 pieces and a 9 KB line into sentences of at most 1,000 characters."""
    monkeypatch.setattr(segments, "CHUNK_CHARS", 3_000)
    src = tmp_path / "in"
    src.mkdir()
    body = "Putin begs for weapons\n\n" + "\n\n".join(f"Report {i}: {PARAGRAPH}" for i in range(50)) + "\n\n" + SENTENCE * 70
    (src / "long.txt").write_text(body)
    t = storylens.build([src], tmp_path / "out")
    art = t["articles"].iloc[0]
    assert art["status"] == "analysed" and t["rejects"].empty
    assert any("has 9,029 characters" in w and "parsed in pieces" in w for w in art["warnings"]), list(art["warnings"])
    _check_offsets(t, art["text"])
    assert t["sentences"]["sentence_id"].tolist() == sorted(set(t["sentences"]["sentence_id"]))
    assert (t["sentences"]["end"] - t["sentences"]["start"]).max() <= segments.PIECE_CHARS
    assert len(t["mentions"]) > 100 and not t["events"].empty


def _build_with_budget(tmp_path: Path, name: str, text: str, seconds: float) -> tuple[dict, float]:
    src = tmp_path / "in"
    src.mkdir()
    (src / name).write_text(text)
    (src / "normal.txt").write_text(NORMAL)
    t0 = time.perf_counter()
    t = storylens.build([src], tmp_path / "out", analysis_seconds=seconds)
    return t, time.perf_counter() - t0


def test_article_over_a_million_characters_does_not_stop_the_build(tmp_path: Path) -> None:
    """1.2 MB of paragraphs: over spaCy's window (the build used to fail with E088). With a
    5-second budget it becomes an analysis_timeout reject after at most one more batch of
    pieces; the other article is analysed."""
    text = "Weapons for Moscow\n\n" + "".join(f"Report {i}: {PARAGRAPH}\n\n" for i in range(4500))
    assert len(text) > 1_200_000
    t, seconds = _build_with_budget(tmp_path, "huge.txt", text, 5)
    rej = t["rejects"].set_index("source_file")
    assert rej.loc["huge.txt", "reason"] == "analysis_timeout"
    assert "5-second budget" in rej.loc["huge.txt", "detail"]
    assert t["articles"]["source_file"].tolist() == ["normal.txt"]
    assert t["articles"]["status"].tolist() == ["analysed"] and not t["sentences"].empty
    assert seconds < 90, seconds


def test_900_kb_on_one_line_takes_bounded_time(tmp_path: Path) -> None:
    text = "Weapons for Moscow\n\n" + "".join(f"In report {i} the minister said on Thursday that Russia fired missiles. " for i in range(13000))[:900_000]
    assert len(text) > 900_000 and "\n" not in text[30:]
    t, seconds = _build_with_budget(tmp_path, "one_line.txt", text, 5)
    rej = t["rejects"].set_index("source_file")
    assert rej.loc["one_line.txt", "reason"] == "analysis_timeout"
    assert t["articles"]["source_file"].tolist() == ["normal.txt"]
    print(f"900 KB on one line: build done in {seconds:.1f} s with a 5 s budget")
    assert seconds < 90, seconds


def test_article_that_raises_inside_analysis_becomes_a_reject(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = analyze.quote_records

    def failing(text: str, doc: object) -> list:
        if "poison" in text:
            raise ValueError("quote rules fell over\nsecond line not shown")
        return real(text, doc)

    monkeypatch.setattr(analyze, "quote_records", failing)
    t, _ = _build_with_budget(tmp_path, "bad.txt", "Bad article\n\nThis poison text makes the quote rules raise an error today.", 60)
    rej = t["rejects"].set_index("source_file")
    assert rej.loc["bad.txt", "reason"] == "analysis_error"
    assert rej.loc["bad.txt", "detail"] == "bad.txt: analysis stopped, ValueError: quote rules fell over"
    assert t["articles"]["source_file"].tolist() == ["normal.txt"]
    assert set(t["sentences"]["article_id"]) == set(t["articles"]["article_id"])
