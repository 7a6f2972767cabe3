"""URL lists: a .txt with one URL per line becomes one URL row per line.

A URL row is a `RawArticle` with `fetch_url` set and no text yet: `storylens.ingest.fetch`
turns it into an HTML record from the corpus's fetch cache (or the network, with
`--fetch`), or into a reject with the reason. CSV/JSON rows with a url and no text
(Media Cloud, GDELT DOC exports) become URL rows in `readers.record_to_article`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from storylens.ingest.readers import RawArticle, Reject, sha1_bytes

__all__ = ["url_list_rows", "URL_LINE"]

URL_LINE = re.compile(r"^\s*(https?://[^\s<>\"]+)\s*$", re.I)
_SHARE_OF_URLS = 0.9
"""At least this share of the non-blank, non-comment lines must be URLs for a file to be a URL list."""


def url_list_rows(lines: Sequence[str], source: str) -> list[RawArticle | Reject] | None:
    """One URL row per URL line (comments '#' and blank lines skipped; other lines rejected by line); None when not a URL list."""
    numbered = [(i, x.strip()) for i, x in enumerate(lines, start=1) if x.strip() and not x.strip().startswith("#")]
    if not numbered or not URL_LINE.match(numbered[0][1]):
        return None
    urls = [(i, URL_LINE.match(x)) for i, x in numbered]
    if sum(1 for _, m in urls if m) < _SHARE_OF_URLS * len(numbered):
        return None
    out: list[RawArticle | Reject] = []
    for (i, m), (_, line) in zip(urls, numbered, strict=True):
        where = f"{source}#{i}"
        if m is None:
            out.append(Reject(where, "bad_url", f"{source} line {i}: {line[:80]!r} is not an http(s) URL"))
            continue
        url = m.group(1)
        out.append(RawArticle(where, "url_list", sha1_bytes(url.encode()), meta={"url": url}, fetch_url=url))
    return out
