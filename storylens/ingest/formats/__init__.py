"""Formats recognised from a file's content, beyond plain txt/html/json/csv.

`read_document` is the one entry the readers call: it looks at the bytes (or the decoded
text) and, when they are a LexisNexis / Nexis Uni / Factiva export (TXT, RTF, DOCX or
HTML), a single RTF/DOCX article, or a list of URLs, returns the records; otherwise it
returns None and the plain reader for the extension takes the file. Detection is by
content: a Nexis Uni export saved as .txt, an RTF saved as .doc-less .txt, or an HTML
page named .txt are all read for what they are.

- `documents`: RTF / DOCX / HTML -> lines; `exports`: lines -> articles of an export;
- `urls`: URL lists and URL rows (what `storylens.ingest.fetch` turns into articles).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from storylens.ingest.formats.documents import DocumentError, docx_lines, html_lines, is_docx, is_rtf, rtf_lines
from storylens.ingest.formats.exports import detect_export, split_export
from storylens.ingest.formats.urls import url_list_rows
from storylens.ingest.readers import RawArticle, Reject, sha1_bytes

__all__ = ["read_document", "read_binary_document", "BINARY_FORMATS", "DOCUMENT_FORMATS"]

BINARY_FORMATS = {".docx": "docx"}
"""Extensions whose files are zip containers, read before the text checks (a .docx has NUL bytes)."""
DOCUMENT_FORMATS = {".rtf": "rtf", **BINARY_FORMATS}
"""Extensions this package adds to the readers' list."""

_HTML_START = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|div|center|doc)\b", re.I | re.S)


def _articles_from_lines(lines: Sequence[str], source: str, content_hash: str, container: str) -> list[RawArticle | Reject] | None:
    kind = detect_export(lines)
    if kind is None:
        return None
    articles, outside = split_export(lines, kind)
    fmt = f"{kind}_{container}"
    if not articles:
        return [Reject(source, "no_text", f"{source}: a {kind} export with no article in it", content_hash)]
    out: list[RawArticle | Reject] = []
    for i, art in enumerate(articles, start=1):
        where = f"{source}#{i}"
        if not art.body.strip():
            out.append(Reject(where, "no_text", f"{where}: article {i} of the {kind} export ({art.title or 'untitled'!r}) has no body text", content_hash))
            continue
        meta = art.meta()
        review = art.review_lines() + (outside if i == 1 else [])
        meta["_removed"] = review
        row_hash = sha1_bytes(f"{content_hash}#{i}\n{art.title}\n{art.body}".encode())
        out.append(RawArticle(where, fmt, row_hash, text=art.body, meta=meta))
    return out


def _single_article(lines: Sequence[str], source: str, content_hash: str, fmt: str) -> list[RawArticle | Reject]:
    """A word-processor file holding one article: its paragraphs, headline first (like a .txt)."""
    paragraphs = [" ".join(x.split()) for x in lines if x.strip()]
    if not paragraphs:
        return [Reject(source, "no_text", f"{source}: the {fmt.upper()} document has no text", content_hash)]
    return [RawArticle(source, fmt, content_hash, text="\n\n".join(paragraphs))]


def read_binary_document(data: bytes, suffix: str, source: str, content_hash: str) -> list[RawArticle | Reject] | None:
    """A .docx (by content, whatever the extension): its export articles or the one article; None when not a docx."""
    if not is_docx(data):
        if suffix.lower() in BINARY_FORMATS:
            return [Reject(source, "unreadable", f"{source}: not a Word .docx file (no word/document.xml inside)", content_hash)]
        return None
    try:
        lines = docx_lines(data)
    except DocumentError as exc:
        return [Reject(source, "unreadable", f"{source}: {exc}", content_hash)]
    return _articles_from_lines(lines, source, content_hash, "docx") or _single_article(lines, source, content_hash, "docx")


def read_document(text: str, suffix: str, source: str, content_hash: str) -> list[RawArticle | Reject] | None:
    """Records of a decoded file when its content is an export, an RTF, a URL list or HTML in a .txt; else None."""
    suffix = suffix.lower()
    head = text[:2048]
    if suffix == ".rtf" or is_rtf(head):
        if not is_rtf(head):
            return [Reject(source, "unreadable", f"{source}: the .rtf file does not start with {{\\rtf", content_hash)]
        try:
            lines = rtf_lines(text)
        except DocumentError as exc:
            return [Reject(source, "unreadable", f"{source}: {exc}", content_hash)]
        return _articles_from_lines(lines, source, content_hash, "rtf") or _single_article(lines, source, content_hash, "rtf")
    if suffix in (".html", ".htm") or (suffix in (".txt", ".text") and _HTML_START.match(head)):
        try:
            found = _articles_from_lines(html_lines(text), source, content_hash, "html")
        except DocumentError:
            found = None
        if found is None and suffix in (".txt", ".text"):
            return [RawArticle(source, "html", content_hash, html=text)]
        return found
    if suffix in (".txt", ".text"):
        lines = text.splitlines()
        return _articles_from_lines(lines, source, content_hash, "txt") or url_list_rows(lines, source)
    return None
