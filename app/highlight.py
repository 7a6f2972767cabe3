"""Article text with spans highlighted, as HTML in which every piece of text is escaped.

Why build HTML at all: marking actors, dates and quotes inside running text needs inline
markup, and Streamlit's markdown would also interpret `*`, `_` and `[..](..)` found in
article text. So the text is cut at span boundaries and *each* piece goes through
`html.escape` before it is wrapped; nothing from the article reaches the page as markup,
which is what keeps a `<script>` in an article inert (tested in tests/test_pages.py).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

# Colours readable on light and dark themes; the kind name is also in the title tooltip.
STYLES = {
    "actor": "background:#cfe2ff;color:#052c65",
    "date": "background:#ffe69c;color:#332701",
    "quote": "background:#d1e7dd;color:#051b11",
    "event": "background:#f8d7da;color:#58151c",
}
FOCUS_STYLE = "outline:2px solid #d63384;border-radius:3px"


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # a key of STYLES
    title: str = ""


def _clip(spans: list[Span], n: int) -> list[Span]:
    """Drop empty or out-of-range spans; keep the first of overlapping ones (a date inside a
    quote stays visible because quotes are passed last and only fill the gaps)."""
    taken: list[tuple[int, int]] = []
    out = []
    for s in spans:
        a, b = max(0, s.start), min(n, s.end)
        if a >= b:
            continue
        pieces = [(a, b)]
        for ta, tb in taken:
            nxt = []
            for pa, pb in pieces:
                if pb <= ta or pa >= tb:
                    nxt.append((pa, pb))
                    continue
                if pa < ta:
                    nxt.append((pa, ta))
                if pb > tb:
                    nxt.append((tb, pb))
            pieces = nxt
        for pa, pb in pieces:
            out.append(Span(pa, pb, s.kind, s.title))
            taken.append((pa, pb))
    return sorted(out, key=lambda s: s.start)


def _marked(text: str, spans: list[Span], offset: int) -> str:
    parts, pos = [], 0
    for s in spans:
        a, b = s.start - offset, s.end - offset
        parts.append(html.escape(text[pos:a]))
        style = STYLES.get(s.kind, "")
        parts.append(f'<mark style="{style};padding:0" title="{html.escape(s.kind + (": " + s.title if s.title else ""))}">{html.escape(text[a:b])}</mark>')
        pos = b
    parts.append(html.escape(text[pos:]))
    return "".join(parts)


def highlight(text: str, spans: list[Span], blocks: list[tuple[int, int, str]] | None = None, focus: int | None = None) -> str:
    """HTML of `text` with `spans` marked.

    Args:
        text: the article's clean text (offsets of every table point into it).
        spans: actor / date / quote spans, in priority order (earlier wins on overlap).
        blocks: (start, end, id) sentence ranges; each becomes a <span id=...> so the
            focused one can be outlined. Without blocks the text is one block.
        focus: index into `blocks` to outline (the sentence a link points to).
    """
    blocks = blocks or [(0, len(text), "all")]
    clipped = _clip(spans, len(text))
    out, pos = [], 0
    for i, (a, b, bid) in enumerate(blocks):
        if a > pos:
            out.append(_gap(text[pos:a]))
        # A quote running over two sentences is cut at the boundary and marked in both.
        inside = [Span(max(s.start, a), min(s.end, b), s.kind, s.title) for s in clipped if s.start < b and s.end > a]
        style = f' style="{FOCUS_STYLE}"' if focus == i else ""
        out.append(f'<span id="{html.escape(str(bid))}"{style}>{_marked(text[a:b], inside, a)}</span>')
        pos = b
    out.append(_gap(text[pos:]))
    return '<div style="white-space:pre-wrap;line-height:1.7">' + "".join(out) + "</div>"


def _gap(text: str) -> str:
    return html.escape(text)


def legend() -> str:
    return " ".join(f'<mark style="{style};padding:0 4px">{html.escape(kind)}</mark>' for kind, style in STYLES.items())
