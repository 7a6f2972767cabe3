"""Direct quotes: pairing quotation marks (straight and curly) into quoted spans.

A small state machine that knows how news writes quotes: a paragraph-spanning quote re-opens
at each paragraph, a straight mark's role is read from its neighbours, nested quotes are kept.
"""

from __future__ import annotations

from storylens.compare.quotes.cues import DOUBLE_MARKS
from storylens.compare.quotes.spans import _para_start


def _mark_role(text: str, i: int) -> str:
    """Open or close, from the mark's own shape and, for straight marks, its neighbours.

    Why context even for curly marks: extraction and some CMSs emit ” for both sides; a
    mark preceded by a space and followed by a letter opens whatever its shape.
    """
    ch = text[i]
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    opens_by_context = (prev.isspace() or prev in "([{—–-/") and not nxt.isspace()
    closes_by_context = not prev.isspace() and (nxt.isspace() or nxt in ".,;:!?)]}—–-" or i + 1 == len(text))
    shape = DOUBLE_MARKS[ch]
    if shape == "open":
        return "close" if closes_by_context and not opens_by_context else "open"
    if shape == "close":
        return "open" if opens_by_context and not closes_by_context else "close"
    if opens_by_context and not closes_by_context:
        return "open"
    if closes_by_context and not opens_by_context:
        return "close"
    return "either"


def find_quote_spans(text: str) -> list[tuple[int, int, bool]]:
    """Spans (start, end, opening_missing) of the text inside double quotation marks.

    The content excludes the marks. A paragraph-spanning quote is one span from the first
    opening mark to the last closing mark (the re-opening marks stay inside).
    """
    marks = [(i, _mark_role(text, i)) for i, ch in enumerate(text) if ch in DOUBLE_MARKS]
    spans: list[tuple[int, int, bool]] = []
    open_at: int | None = None
    last_end = 0
    for i, role in marks:
        if role == "either":
            role = "close" if open_at is not None else "open"
        if role == "open":
            # An unclosed quote followed by an opening mark at a paragraph start is a quote
            # running over several paragraphs: keep the first opening mark.
            if open_at is not None and i == _para_start(text, i) and "\n" in text[open_at:i]:
                continue
            open_at = i
            continue
        # closing mark
        if open_at is not None:
            spans.append((open_at + 1, i, False))
            open_at = None
            last_end = i + 1
            continue
        # A closing mark with no opening: the opening mark was lost. Trust it only when it
        # follows sentence punctuation and nothing else was quoted earlier in the paragraph.
        ps = _para_start(text, i)
        if i > 0 and text[i - 1] in ",.?!" and ps >= last_end and len(text[ps:i].split()) >= 4:
            spans.append((ps, i, True))
            last_end = i + 1
    return spans
