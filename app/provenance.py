"""Where an article and each of its facts came from, as escaped HTML for the Article page.

Why its own module: the URL comes from the input (a manifest, an HTML page's metadata) and
may be anything, `javascript:` included. Only http(s) URLs become links, opened in a new
tab with rel="noopener noreferrer"; everything else is shown as text. Every value is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from urllib.parse import urlsplit

import pandas as pd

from app import frames

HOW = {
    "manifest": "from the manifest",
    "metadata": "from the page's metadata",
    "url": "read from the URL",
    "text": "read from the text",
    "inferred": "inferred",
    "corrections": "set by a correction",
    "unknown": "not found",
    "none": "not found",
}


def _blank(v: object) -> bool:
    return v is None or (not isinstance(v, str | list) and not frames.is_seq(v) and pd.isna(v)) or v == ""


def _esc(v: object, empty: str = "not known") -> str:
    return html.escape(empty if _blank(v) else str(v))


def url_html(url: object) -> str:
    """A link for http(s) URLs (new tab, no opener, no referrer); any other value as plain text."""
    if _blank(url):
        return "not known"
    text = str(url)
    parts = urlsplit(text.strip())
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return f'<a href="{html.escape(text.strip(), quote=True)}" target="_blank" rel="noopener noreferrer">{html.escape(text)}</a>'
    return f"<code>{html.escape(text)}</code> (not a web address)"


def _how(v: object) -> str:
    return "" if _blank(v) else f" <small style='color:#666'>({html.escape(HOW.get(str(v), str(v)))})</small>"


def article_html(art: Mapping[str, object]) -> str:
    """A small table: URL, outlet, authors, publication date, title, file, and how each was found."""
    authors = art.get("authors")
    names = "; ".join(map(str, authors)) if frames.is_seq(authors) and len(authors) else None  # type: ignore[arg-type]
    conf = art.get("published_confidence")
    published = _esc(art.get("published")) + _how(art.get("published_how"))
    if not _blank(conf) and float(conf) < 1.0:  # type: ignore[arg-type]
        published += f" <small>confidence {float(conf):.2f}</small>"  # type: ignore[arg-type]
    if not _blank(art.get("published_evidence")):
        published += f"<br><small>{_esc(art.get('published_evidence'))}</small>"
    rows = [
        ("URL", url_html(art.get("url"))),
        ("Outlet", _esc(art.get("outlet")) + _how(art.get("outlet_how"))),
        ("Authors", _esc(names) + _how(art.get("authors_how"))),
        ("Published", published),
        ("Headline", _esc(art.get("title")) + _how(art.get("title_how"))),
        ("File", _esc(art.get("source_file"))),
    ]
    body = "".join(
        f"<tr><th style='text-align:left;padding:2px 12px 2px 0;vertical-align:top'>{k}</th><td style='padding:2px 0'>{v}</td></tr>" for k, v in rows
    )
    return f"<table class='provenance' style='border-collapse:collapse;margin-bottom:1em'>{body}</table>"
