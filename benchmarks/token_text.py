"""Text of a tokenised gold document (MEANTIME, ECB+), rebuilt the same way for every benchmark.

Both corpora keep a document as <token t_id=.. sentence=..> elements, not as text. Our
pipeline reads text, so each benchmark rebuilds it: one sentence a line, tokens joined by a
space except before closing punctuation and after an opening bracket, and keeps each
token's character offsets to map gold annotations onto our spans.
"""

from __future__ import annotations

from collections.abc import Iterable
from xml.etree.ElementTree import Element

NO_SPACE_BEFORE = frozenset({",", ".", ";", ":", "%", ")", "]", "'s", "'", "n't", "?", "!", "''"})
NO_SPACE_AFTER = frozenset({"(", "[", "$", "``"})


def text_from_tokens(tokens: Iterable[Element]) -> tuple[str, dict[str, tuple[int, int, str]]]:
    """(text, t_id -> (start, end, sentence)) of the tokens, in document order."""
    parts: list[str] = []
    spans: dict[str, tuple[int, int, str]] = {}
    pos, prev_sent, prev_word = 0, None, None
    for tok in tokens:
        word, sent = tok.text or "", tok.get("sentence") or ""
        if prev_sent is not None:
            sep = "\n" if sent != prev_sent else ("" if word in NO_SPACE_BEFORE or prev_word in NO_SPACE_AFTER else " ")
            parts.append(sep)
            pos += len(sep)
        spans[tok.get("t_id") or ""] = (pos, pos + len(word), sent)
        parts.append(word)
        pos += len(word)
        prev_sent, prev_word = sent, word
    return "".join(parts), spans
