"""How an article's clean text is cut into pieces the parser can take: bounded in size, exact in offsets.

Why: spaCy refuses a text over `nlp.max_length` (1,000,000 characters: the whole build
used to fail on one such article), needs about 1 GB of temporary memory per 100,000
characters, and the parse and the rules cost super-linear time on one very long line
(40,000 characters on one line: 27 s; 900 KB on one line: not done after 21 minutes).
So before the parser sees a text:
- a line (paragraph) longer than LINE_CAP characters is broken into pieces of at most
  PIECE_CHARS characters, at a sentence end when there is one, else at a space, else
  anywhere; each piece is parsed on its own, so no sentence is longer than a piece, and
  the article's `warnings` say which line was broken;
- the rest is grouped into chunks of at most CHUNK_CHARS characters at line breaks.
The spans are consecutive and cover the text exactly (`"".join(text[s:e]) == text`), so
the parses of the pieces joined in order (`spacy.tokens.Doc.from_docs`) have the article's
own character offsets and sentence order: no row needs shifting afterwards.

This module does not import spaCy: ingest uses it to write the warnings.
"""

from __future__ import annotations

import re

CHUNK_CHARS = 100_000
"""Characters per parse at most (a tenth of spaCy's window: its memory grows with the text)."""
LINE_CAP = 5_000
"""A line longer than this is broken before parsing (a long news paragraph is about 1,500)."""
PIECE_CHARS = 1_000
"""Characters per piece of a broken line: the longest sentence the parser is given."""

_LINE = re.compile(r"[^\n]*\n*")
_SENTENCE_END = re.compile(r"[.!?;:][\"'”’)\]]*\s+")
_SPACE = re.compile(r"\s+")


def spans(text: str) -> list[tuple[int, int]]:
    """Consecutive (start, end) spans covering `text`, each parsed on its own (see the module doc)."""
    out: list[tuple[int, int]] = []
    chunk_start = chunk_end = 0
    for line_start, line_end in _lines(text):
        if line_end - line_start > LINE_CAP:
            if chunk_end > chunk_start:
                out.append((chunk_start, chunk_end))
            out += _pieces(text, line_start, line_end)
            chunk_start = chunk_end = line_end
            continue
        if line_end - chunk_start > CHUNK_CHARS and chunk_end > chunk_start:
            out.append((chunk_start, chunk_end))
            chunk_start = chunk_end
        chunk_end = line_end
    if chunk_end > chunk_start:
        out.append((chunk_start, chunk_end))
    return out


def groups(cuts: list[tuple[int, int]], limit: int = CHUNK_CHARS) -> list[list[tuple[int, int]]]:
    """Consecutive spans grouped into batches of at most `limit` characters (one span may be a
    batch alone): the unit of work between two checks of an article's deadline."""
    out: list[list[tuple[int, int]]] = []
    size = limit
    for s, e in cuts:
        if size + (e - s) > limit:
            out.append([])
            size = 0
        out[-1].append((s, e))
        size += e - s
    return out


def long_lines(text: str) -> list[tuple[int, int, int]]:
    """(line number from 1, start offset, length) of each line longer than LINE_CAP."""
    return [(i, s, e - s) for i, (s, e) in enumerate(_lines(text), start=1) if len(text[s:e].rstrip("\n")) > LINE_CAP]


def warnings_for(text: str) -> list[str]:
    """The article's warnings about broken lines, in words."""
    return [
        f"the line at character {start:,} has {length:,} characters (more than {LINE_CAP:,} on one line): "
        f"parsed in pieces of at most {PIECE_CHARS:,} characters, so its sentences were cut"
        for _, start, length in long_lines(text)
    ]


def _lines(text: str) -> list[tuple[int, int]]:
    """Each line with the line breaks that follow it."""
    return [(m.start(), m.end()) for m in _LINE.finditer(text) if m.end() > m.start()]


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A long line cut into pieces of at most PIECE_CHARS: at the last sentence end of each
    window, else at its last space, else at the window's end (a run without spaces)."""
    out = []
    while end - start > PIECE_CHARS:
        window = text[start : start + PIECE_CHARS]
        cut = _last_end(_SENTENCE_END, window) or _last_end(_SPACE, window) or PIECE_CHARS
        out.append((start, start + cut))
        start += cut
    out.append((start, end))
    return out


def _last_end(pattern: re.Pattern[str], window: str) -> int:
    """End of the last match of `pattern` in the window's second half (0 when none)."""
    best = 0
    for m in pattern.finditer(window, len(window) // 2):
        best = m.end()
    return best
