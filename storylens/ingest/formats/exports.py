"""LexisNexis (Academic and Nexis Uni) and Factiva multi-article exports -> one record per article.

Why by hand: no maintained library reads these exports, and their structure is plain:
a document separator ("1 of 2 DOCUMENTS", "End of Document", "Document GRDN0000...") and
metadata lines ("BYLINE:", "Length:", Factiva's two-letter field codes HD/SN/PD/LA ...).
The splitter works on lines (`formats.documents` turns RTF, DOCX and HTML into lines), so
the same code reads an export whatever container it came in.

What is kept: title, outlet (the publication), date as written (parsed later by the
one field-date parser), byline, section, length, language and the body paragraphs. What is
removed and listed for review (articles.removed): cover pages, copyright lines, load dates,
subject indexing, page footers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from storylens.ingest.field_dates import parse_field_date

__all__ = ["ExportArticle", "detect_export", "split_export", "LANGUAGE_CODES"]

LANGUAGE_CODES = {
    "english": "en", "german": "de", "deutsch": "de", "french": "fr", "français": "fr", "spanish": "es", "español": "es",
    "italian": "it", "portuguese": "pt", "dutch": "nl", "russian": "ru", "ukrainian": "uk", "polish": "pl",
    "swedish": "sv", "danish": "da", "norwegian": "no", "finnish": "fi", "turkish": "tr", "arabic": "ar",
    "chinese": "zh", "japanese": "ja", "korean": "ko", "czech": "cs", "hungarian": "hu", "romanian": "ro", "greek": "el",
}  # fmt: skip

_LEXIS_ACADEMIC_SEP = re.compile(r"^\s*(\d+)\s+of\s+(\d+)\s+DOCUMENTS?\s*$", re.I)
_NEXIS_UNI_END = re.compile(r"^\s*End of Document\s*$", re.I)
_FACTIVA_SEP = re.compile(r"^\s*(?:AN\s+)?Document\s+[A-Za-z0-9]{12,}\s*$")
_LEXIS_LABEL = re.compile(r"^\s*([A-Za-z][A-Za-z-]{1,24})\s*:\s*(.*)$")
_HEADER_LABELS = {"byline", "section", "length", "dateline", "highlight", "edition", "author"}
_TRAILER_LABELS = {
    "load-date", "language", "publication-type", "graphic", "url", "document-type", "journal-code", "subject",
    "organization", "geographic", "person", "city", "country", "state", "industry", "ticker", "correction-date",
    "correction", "notes", "distribution", "type", "series", "acc-no", "company", "classification", "terms",
    "copyright", "illustration", "photo", "caption",
}  # fmt: skip
_COVER_LABELS = re.compile(
    r"^\s*(?:User Name|Date and Time|Job Number|Documents \(\d+\)|Client/Matter|Search Terms|Search Type|Narrowed by|Content Type)\b", re.I
)
_COPYRIGHT = re.compile(r"^\s*(?:Copyright\b|©|\(c\)\s*\d{4}|All Rights Reserved\b)", re.I)
_FOOTER = re.compile(r"^\s*(?:Page \d+ of \d+\b.*|.*Factiva, Inc\. All rights reserved\.?|.*\bDow Jones & Company, Inc\.$)\s*$", re.I)
_WORDS = re.compile(r"^\s*\d[\d,.]*\s+words\s*$", re.I)
_TIME = re.compile(r"^\s*\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AP]\.?M\.?)?\s*(?:[A-Z]{2,4})?\s*$", re.I)
_SOURCE_CODE = re.compile(r"^\s*[A-Z0-9]{2,10}\s*$")
_FACTIVA_CODES = {
    "HD", "BY", "CR", "WC", "PD", "ET", "SN", "SC", "ED", "PG", "LA", "CY", "LP", "TD", "CT", "RF", "CO", "IN", "NS", "RE",
    "IPC", "IPD", "PUB", "AN", "SE", "VOL", "ART", "DD", "NGC", "CX", "ER",
}  # fmt: skip
_FACTIVA_CODE_LINE = re.compile(r"^([A-Z]{2,3})(?:\t+|\s{2,}|\s(?=\S)|$)(.*)$")
_BODY_CODES = {"LP", "TD"}
# Once in the body, only codes that end a body may interrupt it, and only followed by a tab,
# two spaces or the end of line ("IN the morning" is prose, "IN\tDefence" is a code).
_AFTER_BODY_CODES = {"TD", "CT", "RF", "CO", "IN", "NS", "RE", "IPC", "IPD", "PUB", "AN", "ART", "NGC"}


@dataclass
class ExportArticle:
    """One article of an export, with its metadata as the export states it."""

    body: str
    title: str | None = None
    outlet: str | None = None
    date: str | None = None
    byline: str | None = None
    section: str | None = None
    length: str | None = None
    language: str | None = None
    removed: list[tuple[str, str]] = field(default_factory=list)
    """(kind, line) the splitter took out: copyright, cover, indexing, footer."""

    def meta(self) -> dict[str, object]:
        out: dict[str, object] = {"title": self.title, "outlet": self.outlet, "published": self.date, "authors": self.byline, "language": self.language}
        return {k: v for k, v in out.items() if v}

    def review_lines(self) -> list[tuple[str, str]]:
        """Metadata lines without an articles column (section, length), then what was removed."""
        kept = [(k, v) for k, v in (("section", self.section), ("length", self.length)) if v]
        return kept + self.removed


def _language(value: str | None) -> str | None:
    if not value:
        return None
    v = value.strip().lower()
    return LANGUAGE_CODES.get(v, v if re.fullmatch(r"[a-z]{2}", v) else None)


def _paragraphs(lines: Sequence[str]) -> str:
    """Blocks of consecutive non-blank lines -> paragraphs separated by a blank line."""
    paras, current = [], []
    for line in lines:
        if line.strip():
            current.append(line.strip())
        elif current:
            paras.append(" ".join(current))
            current = []
    if current:
        paras.append(" ".join(current))
    return "\n\n".join(paras)


def _is_date_line(line: str) -> bool:
    text = line.strip()
    return 6 <= len(text) <= 60 and re.search(r"\b\d{4}\b", text) is not None and parse_field_date(text).day is not None


def detect_export(lines: Sequence[str]) -> str | None:
    """'lexisnexis' / 'factiva' when the lines are one of these exports, else None."""
    head = lines[:20000]
    if any(_LEXIS_ACADEMIC_SEP.match(x) for x in head):
        return "lexisnexis"
    if any(_NEXIS_UNI_END.match(x) for x in head) and any((m := _LEXIS_LABEL.match(x)) and m.group(1).lower() in _HEADER_LABELS | {"load-date"} for x in head):
        return "lexisnexis"
    if any(_FACTIVA_SEP.match(x) for x in head) and any(_WORDS.match(x) or x.startswith(("HD\t", "HD ")) for x in head):
        return "factiva"
    return None


def split_export(lines: Sequence[str], kind: str) -> tuple[list[ExportArticle], list[tuple[str, str]]]:
    """Articles of an export and the lines outside every article (cover page, trailing footer)."""
    lines = [x.replace("\xa0", " ").rstrip() for x in lines]
    if kind == "factiva":
        return _split_factiva(lines)
    return _split_lexis(lines)


# --- LexisNexis --------------------------------------------------------------------------


def _split_lexis(lines: list[str]) -> tuple[list[ExportArticle], list[tuple[str, str]]]:
    chunks: list[list[str]] = []
    outside: list[tuple[str, str]] = []
    if any(_LEXIS_ACADEMIC_SEP.match(x) for x in lines):
        current: list[str] | None = None
        for line in lines:
            if _LEXIS_ACADEMIC_SEP.match(line):
                current = []
                chunks.append(current)
            elif current is None:
                if line.strip():
                    outside.append(("cover", line.strip()))
            else:
                current.append(line)
    else:
        current = []
        for line in lines:
            if _NEXIS_UNI_END.match(line):
                chunks.append(current)
                current = []
            else:
                current.append(line)
        outside += [("footer", x.strip()) for x in current if x.strip()]
    articles = [a for a in (_lexis_article(c) for c in chunks) if a is not None]
    return articles, outside


def _lexis_article(chunk: list[str]) -> ExportArticle | None:
    art = ExportArticle(body="")
    labels: list[tuple[int, str, str]] = []
    for i, line in enumerate(chunk):
        m = _LEXIS_LABEL.match(line)
        if m and (m.group(1).lower() in _HEADER_LABELS or m.group(1).lower() in _TRAILER_LABELS):
            labels.append((i, m.group(1).lower(), m.group(2).strip()))
    body_marker = next((i for i, x in enumerate(chunk) if x.strip().lower() == "body"), None)
    header_labels = [(i, k, v) for i, k, v in labels if k in _HEADER_LABELS and (body_marker is None or i < body_marker)]
    first_header = header_labels[0][0] if header_labels else (body_marker if body_marker is not None else len(chunk))
    # Body: after the "Body" line (Nexis Uni) or the last header label (Academic), up to the first trailer label.
    body_start = body_marker + 1 if body_marker is not None else (header_labels[-1][0] + 1 if header_labels else first_header)
    trailer = next((i for i, k, _ in labels if i >= body_start and k in _TRAILER_LABELS), len(chunk))
    trailer = next((i for i in range(body_start, trailer) if chunk[i].strip().lower() in ("classification", "notes", "graphic")), trailer)
    if body_marker is None and trailer == len(chunk):
        trailer = next((i for i in range(body_start, len(chunk)) if _COPYRIGHT.match(chunk[i])), len(chunk))
    for _, key, value in header_labels:
        if key in ("byline", "author"):
            art.byline = art.byline or value
        elif key == "section":
            art.section = value
        elif key == "length":
            art.length = value
        elif key == "dateline":
            art.removed.append(("dateline", value))
    for i, key, value in labels:
        if i >= trailer:
            if key == "language":
                art.language = _language(value)
            art.removed.append(("indexing", f"{key}: {value}"))
    for line in chunk[trailer:]:
        if line.strip() and not _LEXIS_LABEL.match(line):
            art.removed.append(("copyright" if _COPYRIGHT.match(line) else "footer", line.strip()))

    head = [x.strip() for x in chunk[:first_header]]
    # Header labels may continue on the next lines (a long BYLINE): those lines are not body.
    body_lines = [x for x in chunk[body_start:trailer] if not _FOOTER.match(x)]
    art.removed += [("footer", x.strip()) for x in chunk[body_start:trailer] if _FOOTER.match(x)]
    _lexis_head(head, art)
    kept = [x for x in body_lines if not _COPYRIGHT.match(x)]
    if body_marker is not None:  # Nexis Uni writes one paragraph per line
        kept = [y for x in kept for y in (x, "")]
    art.body = _paragraphs(kept)
    art.removed += [("copyright", x.strip()) for x in body_lines if _COPYRIGHT.match(x)]
    return art if art.body or art.title else None


def _lexis_head(head: list[str], art: ExportArticle) -> None:
    """Title, publication, date and edition from the lines before the first label.

    Academic: publication / date / edition / headline; Nexis Uni: headline / publication /
    date / edition / copyright (after a cover page in the first document of a file)."""
    cover_end = max((i for i, x in enumerate(head) if _COVER_LABELS.match(x)), default=-1)
    for x in head[: cover_end + 1]:
        if x:
            art.removed.append(("cover", x))
    head = head[cover_end + 1 :]
    if cover_end >= 0 and head and re.match(r"^(?:News|Newspapers|Sources?:|Timeline:)", head[0]):
        art.removed.append(("cover", head.pop(0)))
    for x in head:
        if _COPYRIGHT.match(x):
            art.removed.append(("copyright", x))
    head = [x for x in head if not _COPYRIGHT.match(x)]
    d = next((i for i, x in enumerate(head) if x and _is_date_line(x)), None)
    if d is None:
        blocks = [x for x in head if x]
        art.title = blocks[0] if blocks else None
        return
    art.date = head[d]
    before = [x for x in head[:d] if x]
    after = head[d + 1 :]
    if len(before) >= 2:  # Nexis Uni: title, then publication
        art.outlet = before[-1]
        art.title = before[-2]
        art.removed += [("header", x) for x in before[:-2]]
        art.removed += [("edition", x) for x in after if x]
        return
    art.outlet = before[0] if before else None
    blocks: list[list[str]] = [[]]
    for x in after:
        if x:
            blocks[-1].append(x)
        elif blocks[-1]:
            blocks.append([])
    blocks = [b for b in blocks if b]
    if blocks:
        art.title = " ".join(blocks[-1])
        art.removed += [("edition", x) for b in blocks[:-1] for x in b]


# --- Factiva -----------------------------------------------------------------------------


def _split_factiva(lines: list[str]) -> tuple[list[ExportArticle], list[tuple[str, str]]]:
    chunks: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if _FOOTER.match(line):
            continue  # page footers fall anywhere, even inside a paragraph
        if _FACTIVA_SEP.match(line):
            current.append(line)
            chunks.append(current)
            current = []
        else:
            current.append(line)
    outside = [("footer", x.strip()) for x in current if x.strip()]
    articles = []
    for chunk in chunks:
        coded = any(_factiva_code(x, in_body=False) == "HD" for x in chunk)
        art = _factiva_coded(chunk) if coded else _factiva_plain(chunk)
        if art is not None and (art.body or art.title):
            articles.append(art)
    return articles, outside


def _factiva_code(line: str, in_body: bool) -> str | None:
    m = _FACTIVA_CODE_LINE.match(line)
    if not m or m.group(1) not in _FACTIVA_CODES:
        return None
    code = m.group(1)
    if in_body and (code not in _AFTER_BODY_CODES or re.match(r"^[A-Z]{2,3} (?=\S)", line)):
        return None
    return code


def _factiva_coded(chunk: list[str]) -> ExportArticle:
    fields: dict[str, list[str]] = {}
    code: str | None = None
    for line in chunk:
        found = _factiva_code(line, in_body=code in _BODY_CODES)
        if found:
            code = found
            fields.setdefault(code, []).append(_FACTIVA_CODE_LINE.match(line).group(2).strip())  # type: ignore[union-attr]
        elif code is not None:
            fields[code].append(line if code in _BODY_CODES else line.strip())

    def one(c: str) -> str | None:
        value = " ".join(x for x in fields.get(c, []) if x).strip()
        return value or None

    body = _paragraphs(fields.get("LP", []) + [""] + fields.get("TD", []))
    art = ExportArticle(body=body, title=one("HD"), outlet=one("SN"), byline=one("BY"), section=one("SE"), length=one("WC"), language=_language(one("LA")))
    art.date = " ".join(x for x in (one("PD"), one("ET")) if x) or None
    for c in ("CY", "CR"):
        if one(c):
            art.removed.append(("copyright", one(c) or ""))
    for c in ("SC", "ED", "PG", "CO", "IN", "NS", "RE", "IPC", "IPD", "PUB", "AN", "CT", "RF", "ART", "VOL", "NGC"):
        if one(c):
            art.removed.append(("indexing", f"{c}: {one(c)}"))
    return art


def _factiva_plain(chunk: list[str]) -> ExportArticle | None:
    """Factiva's article display without field codes: headline, [byline], N words, date, [time],
    source, [source code], [edition], [page], [language], [copyright], body, Document ID."""
    lines = [x for x in chunk if not _FACTIVA_SEP.match(x)]
    ident = [x.strip() for x in chunk if _FACTIVA_SEP.match(x)]
    w = next((i for i, x in enumerate(lines) if _WORDS.match(x)), None)
    if w is None:
        return None
    before = [x.strip() for x in lines[:w] if x.strip()]
    art = ExportArticle(body="", length=lines[w].strip())
    art.removed += [("indexing", x) for x in ident]
    if before:
        art.title = before[0]
        if len(before) > 1:
            art.byline = " ".join(before[1:])
    rest = lines[w + 1 :]
    i = 0

    def skip_blank() -> None:
        nonlocal i
        while i < len(rest) and not rest[i].strip():
            i += 1

    skip_blank()
    if i < len(rest) and _is_date_line(rest[i]):
        art.date = rest[i].strip()
        i += 1
    skip_blank()
    if i < len(rest) and _TIME.match(rest[i]):
        art.date = f"{art.date} {rest[i].strip()}" if art.date else None
        i += 1
    skip_blank()
    if i < len(rest):
        art.outlet = rest[i].strip()
        i += 1
    # Short metadata lines up to the copyright line: source code, edition, page, language.
    near = [k for k in range(i, len(rest)) if rest[k].strip()][:8]
    j = next((k for k in near if _COPYRIGHT.match(rest[k])), None)
    meta_end = j if j is not None else i
    for x in rest[i:meta_end]:
        x = x.strip()
        if not x:
            continue
        if _language(x) and x.lower() in LANGUAGE_CODES:
            art.language = _language(x)
        else:
            art.removed.append(("indexing", x))
    if j is not None:
        art.removed.append(("copyright", rest[j].strip()))
        meta_end = j + 1
    art.body = _paragraphs(rest[meta_end:])
    return art
