"""HTML articles: main text and page metadata through trafilatura.

Why trafilatura: it is the maintained, evaluated extractor for news pages (boilerplate
removal plus title/author/date/site name from meta tags, JSON-LD and htmldate), so we do
not hand-write a DOM walker. What this module adds:
  - settings that make extraction a pure function of the page: no cross-document
    deduplication cache (it would make one page's text depend on the pages read before it),
    no signal-based timeout, a fixed latest-allowed date instead of "today", dates only
    from the page's markup (no guessing from body text), and nothing fetched;
  - paragraphs separated by a blank line, the convention `clean_text` and the sentence
    table rely on (`sentences.paragraph`);
  - the page language from `<html lang>` / content-language meta, which trafilatura only
    uses as a filter.
The body still goes through `clean_text` (the caller does that) for captions and bios that
survive in the article element.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

import lxml.html
from trafilatura import bare_extraction
from trafilatura.settings import use_config

from storylens.ingest.manifest import parse_date
from storylens.ingest.metadata import domain_of

__all__ = ["HtmlArticle", "extract_html"]

# htmldate rejects dates after max_date; trafilatura's default is "today", which makes the
# same page give different answers on different days. A fixed bound keeps runs reproducible
# and still rejects absurd years.
_MAX_DATE = "2100-12-31"
_DATE_PARAMS = {"original_date": True, "extensive_search": False, "max_date": _MAX_DATE}
# trafilatura falls back to other extractors below this many characters; our tests and
# short wire items are smaller than its default (250), and the fallback is still used when
# the main pass finds nothing.
_MIN_EXTRACTED_SIZE = "100"


@dataclass
class HtmlArticle:
    """What an HTML page says about its article. Every field may be None when the page is silent."""

    text: str | None
    """Main text, paragraphs separated by a blank line (not yet through `clean_text`)."""
    title: str | None
    authors: list[str] = field(default_factory=list)
    published: dt.date | None = None
    """Publication day from the page's markup (meta tags, JSON-LD, time elements, URL)."""
    outlet: str | None = None
    """Site name as the page gives it (og:site_name, JSON-LD publisher)."""
    url: str | None = None
    """The url passed in, else the page's canonical url."""
    language: str | None = None
    """Two-letter code from <html lang> or a content-language meta tag."""
    description: str | None = None


@lru_cache(maxsize=1)
def _config():  # type: ignore[no-untyped-def]
    config = use_config()
    # EXTRACTION_TIMEOUT uses SIGALRM, which fails outside the main thread (worker pools).
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", _MIN_EXTRACTED_SIZE)
    return config


def _page_language(html: str) -> str | None:
    """Language declared by the page: <html lang="en-GB"> -> "en"."""
    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return None
    candidates = [tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang")]
    candidates += tree.xpath("//meta[translate(@http-equiv,'CONTENT-LANGUAGE','content-language')='content-language']/@content")
    candidates += tree.xpath("//meta[@property='og:locale']/@content")
    for value in candidates:
        m = re.match(r"^\s*([A-Za-z]{2})(?:[-_][A-Za-z0-9]+)?\s*$", value or "")
        if m:
            return m.group(1).lower()
    return None


_BYLINE_LABEL = re.compile(r"^(?:by|authors?|written by|автор(?:ка|и|ы)?)\b\s*:?\s*", re.I)


def _authors(value: str | None) -> list[str]:
    """trafilatura joins several authors with "; " and may keep a byline label ("Автор Олена ...")."""
    names: list[str] = []
    for name in re.split(r"\s*;\s*", value or ""):
        name = _BYLINE_LABEL.sub("", name.strip()).strip()
        if name and name not in names:
            names.append(name)
    return names


def _paragraphs(text: str | None) -> str | None:
    """trafilatura puts one paragraph per line; we separate paragraphs by a blank line."""
    if not text:
        return None
    lines = [" ".join(line.split()) for line in text.splitlines()]
    joined = "\n\n".join(line for line in lines if line)
    return joined or None


def _outlet(sitename: str | None, url: str | None) -> str | None:
    """Site name, unless trafilatura fell back to the host name (the caller's domain table
    gives a better name for that case)."""
    if not sitename:
        return None
    sitename = sitename.strip()
    host = domain_of(url)
    if re.fullmatch(r"(?:www\.)?[\w-]+(?:\.[\w-]+)+", sitename) or (host and sitename.lower() == host):
        return None
    return sitename


def extract_html(html: str, url: str | None = None) -> HtmlArticle:
    """Extract an article's main text and metadata from an HTML page, offline.

    Args:
        html: the page source, already decoded.
        url: where the page came from, when known; helps date and site-name extraction
            and is returned as the article's url.
    Returns:
        An `HtmlArticle`; `text` is None when no main text was found (the caller rejects
        such a page with reason "no_text").
    """
    if not html or not html.strip():
        return HtmlArticle(text=None, title=None, url=url)
    doc = bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,  # reader comments are not the article
        include_tables=True,
        include_images=False,
        include_links=False,
        deduplicate=False,  # the LRU cache is process-wide: results would depend on call order
        date_extraction_params=dict(_DATE_PARAMS),
        config=_config(),
    )
    language = _page_language(html)
    if doc is None:
        return HtmlArticle(text=None, title=None, url=url, language=language)
    page_url = url or doc.url
    return HtmlArticle(
        text=_paragraphs(doc.text),
        title=(doc.title or None) and " ".join(doc.title.split()),
        authors=_authors(doc.author),
        published=parse_date(doc.date or ""),
        outlet=_outlet(doc.sitename, page_url),
        url=page_url,
        language=language or (doc.language or None),
        description=doc.description or None,
    )
