"""Word-processor and web documents -> plain lines: RTF (striprtf), DOCX (python-docx), HTML (lxml).

Why lines: LexisNexis / Nexis Uni and Factiva export the same articles as TXT, RTF, DOCX or
HTML, and their structure (document separators, "BYLINE:" / "SN" metadata lines) is a
structure of lines. Turning each container into lines once lets one splitter
(`formats.exports`) read all four. A single article in .rtf/.docx becomes a plain text
"headline first" article, like a .txt.

Library choices: striprtf is a small, pure-Python RTF-to-text converter that decodes
\\uN and \\'xx escapes and skips the font/colour tables; python-docx reads paragraphs and
tables in document order through `iter_inner_content` with no conversion step (docx2python
does more, images and footnotes, which an article export does not need).
"""

from __future__ import annotations

import io
import re
import zipfile

import lxml.html
from striprtf.striprtf import rtf_to_text

__all__ = ["DocumentError", "docx_lines", "html_lines", "rtf_lines", "is_docx", "is_rtf"]

_BLOCK_TAGS = {
    "p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "center", "pre", "blockquote",
    "section", "article", "header", "footer", "hr", "dt", "dd", "doc", "docfull",
}  # fmt: skip


class DocumentError(ValueError):
    """The container cannot be read (a corrupt .docx, an .rtf that is not RTF)."""


def is_rtf(text_head: str) -> bool:
    return text_head.lstrip("\ufeff \r\n\t").startswith("{\\rtf")


def is_docx(data: bytes) -> bool:
    """A zip with word/document.xml (what Word, LibreOffice and Nexis Uni write)."""
    if not data.startswith(b"PK"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return "word/document.xml" in zf.namelist()
    except zipfile.BadZipFile:
        return False


def rtf_lines(text: str) -> list[str]:
    try:
        plain = rtf_to_text(text, errors="ignore")
    except Exception as exc:  # striprtf raises bare exceptions on malformed groups
        raise DocumentError(f"not readable as RTF ({type(exc).__name__}: {exc})") from exc
    return [line.rstrip() for line in plain.replace("\r\n", "\n").replace("\r", "\n").split("\n")]


def docx_lines(data: bytes) -> list[str]:
    """Paragraphs (and table rows, cells joined by a tab) in document order; a blank line after
    each paragraph so paragraph structure survives as it does in the TXT exports."""
    import docx  # python-docx; imported here so a build without .docx never loads it
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError/ValueError/BadZipFile on broken packages
        raise DocumentError(f"not readable as DOCX ({type(exc).__name__}: {exc})") from exc
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells = [c.text.strip() for c in row.cells]
                lines.append("\t".join(cells).strip())
            continue
        for part in block.text.split("\n"):  # soft line breaks inside one paragraph
            lines.append(part.rstrip())
        lines.append("")
    return lines


def html_lines(html: str) -> list[str]:
    """Visible text of a page, one line per block element (a table row: cells joined by a tab)."""
    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError) as exc:
        raise DocumentError(f"not readable as HTML ({exc})") from exc
    for bad in tree.xpath("//script|//style|//noscript|//head"):
        bad.drop_tree()
    parts: list[str] = []

    def walk(el: lxml.html.HtmlElement) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        block = tag in _BLOCK_TAGS
        if block:
            parts.append("\n")
        if el.text and tag:
            parts.append(el.text)
        for child in el:
            walk(child)
            if isinstance(child.tag, str) and child.tag.lower() in ("td", "th"):
                parts.append("\t")
            if child.tail:
                parts.append(child.tail)
        if block:
            parts.append("\n")

    walk(tree)
    text = "".join(parts).replace("\xa0", " ")
    return [re.sub(r"[ \t]*\t[ \t]*", "\t", re.sub(r" {2,}", " ", line)).strip(" ") for line in text.split("\n")]
