"""Character-span helpers shared by the quote passes: paragraphs, sentence windows, trimming.

Quotes are found on the raw text (quotation marks) and attributed on the parse; these helpers
map between the two without re-tokenising.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Doc, Token

from storylens.compare.quotes.cues import DOUBLE_MARKS

# A sentence end, not the period of "Ms." / "Sen." / "U.S." (fixed-width lookbehinds).
_ABBREV = [
    "Mr",
    "Ms",
    "Mrs",
    "Dr",
    "Sen",
    "Rep",
    "Gov",
    "Gen",
    "Lt",
    "Col",
    "Sgt",
    "St",
    "Jr",
    "Sr",
    "Prof",
    "Rev",
    "Adm",
    "Capt",
    "Cmdr",
    "Maj",
    "Pres",
    "Amb",
    "Atty",
    "Supt",
    "Inc",
    "Co",
    "Corp",
    "Ltd",
    "No",
    "vs",
    "etc",
    "Jan",
    "Feb",
    "Aug",
    "Sept",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
]


# The leading lookahead changes no match; it only spares the forty lookbehinds at every
# position that is not a full stop (it made this search thirty times faster).
_SENT_END = re.compile("(?=[.!?])" + "".join(f"(?<!\\b{a})" for a in _ABBREV) + r"(?<!\b[A-Z])[.!?](?=\s|$)|\n")


def _para_start(text: str, i: int) -> int:
    return text.rfind("\n", 0, i) + 1


def _para_end(text: str, i: int) -> int:
    j = text.find("\n", i)
    return len(text) if j < 0 else j


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Character span of tokens [start, end) without edge punctuation and spaces."""
    toks = [t for t in doc[start:end]]
    while toks and (toks[0].is_punct or toks[0].is_space) and toks[0].text not in DOUBLE_MARKS:
        toks.pop(0)
    while toks and (toks[-1].is_punct or toks[-1].is_space) and toks[-1].text not in DOUBLE_MARKS:
        toks.pop()
    if not toks:
        return (doc[start].idx, doc[start].idx)
    return toks[0].idx, toks[-1].idx + len(toks[-1])


def with_marks(quoted: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Quoted passages' spans widened by one character each side, to their quotation marks."""
    return [(s - 1, e + 1) for s, e in quoted]


def _inside(span: tuple[int, int], spans: Iterable[tuple[int, int]]) -> bool:
    return any(s <= span[0] and span[1] <= e for s, e in spans)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _window(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around a quote where its cue may stand: back to the previous sentence end
    (or paragraph start), forward to the next sentence end, each inside the paragraph."""
    ps, pe = _para_start(text, start), _para_end(text, end)
    back = ps
    for m in _SENT_END.finditer(text, ps, start):
        back = m.end()
    fwd_m = _SENT_END.search(text, end + 1, pe)
    fwd = fwd_m.end() if fwd_m else pe
    return back, fwd


def _tokens_in(doc: Doc, lo: int, hi: int) -> list[Token]:
    """Tokens lying wholly inside [lo, hi): a span lookup, not a scan of the whole doc
    (this runs several times per quote and was a third of the build's analysis time)."""
    if hi <= lo or len(doc) == 0:
        return []
    doc_end = doc[-1].idx + len(doc[-1].text_with_ws)
    span = doc.char_span(max(0, lo), min(hi, doc_end), alignment_mode="contract")
    return list(span) if span is not None else []


def _trim_span(text: str, s: int, e: int) -> tuple[int, int]:
    """Content without surrounding spaces and the comma that precedes a closing mark."""
    while s < e and text[s].isspace():
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] == ","):
        e -= 1
    return s, e


def _bisect(starts: list[int], pos: int) -> int:
    import bisect

    return max(0, bisect.bisect_right(starts, pos) - 1)


def _paragraph_index(text: str, pos: int) -> int:
    """Paragraphs are separated by blank lines (tables.SENTENCES.paragraph)."""
    return len(re.findall(r"\n\s*\n", text[:pos]))
