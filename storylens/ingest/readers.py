"""File readers: turn input paths into raw article records or reject records.

The invariant every reader keeps: each input file (or each row of a JSON/JSONL/CSV
file) comes out either as a `RawArticle` or as a `Reject` naming the file and the
reason. Nothing raises past `read_inputs`, nothing vanishes. Cleaning and metadata
detection happen later (`storylens.ingest.prepare`); readers only decode and split.

Order of checks for a file: size limit -> empty -> binary -> decoding -> format parse.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from charset_normalizer import from_bytes

from storylens.ingest.manifest import MANIFEST_NAME

TEXT_EXTENSIONS = {".txt": "txt", ".text": "txt"}
HTML_EXTENSIONS = {".html": "html", ".htm": "html"}
RECORD_EXTENSIONS = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}
SUPPORTED = {**TEXT_EXTENSIONS, **HTML_EXTENSIONS, **RECORD_EXTENSIONS}

# Field names accepted in JSON/CSV records, first match wins.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "full_text", "maintext"),
    "title": ("title", "headline"),
    "url": ("url", "link", "source_url", "mobileurl", "url_mobile"),
    # media_name: Media Cloud; source_domain (news-please) only names the outlet when nothing better does.
    "outlet": ("outlet", "source", "publisher", "site", "site_name", "sitename", "source_name", "media_name"),
    "source_domain": ("source_domain", "domain", "media_url"),
    "published": ("published", "date", "published_at", "pubdate", "publish_date", "date_publish", "datetime", "seendate"),
    "authors": ("authors", "author", "byline"),
    "language": ("language", "lang"),
    "html": ("html", "raw_html"),
    # Corpora that store the body as a list of paragraphs (BASIL: "body-paragraphs", each a
    # list of sentences) rather than one string.
    "paragraphs": ("body-paragraphs", "body_paragraphs", "paragraphs"),
}


def _paragraphs_text(value: Any) -> str | None:
    """A list of paragraphs (strings, or lists of sentence strings) -> one text, blank line between paragraphs."""
    if not isinstance(value, list):
        return None
    paras = []
    for p in value:
        if isinstance(p, list):
            p = " ".join(str(x).strip() for x in p if str(x).strip())
        if isinstance(p, str) and p.strip():
            paras.append(p.strip())
    return "\n\n".join(paras) or None


@dataclass
class RawArticle:
    """One input article, decoded but not yet cleaned."""

    source_file: str
    input_format: str
    content_hash: str
    text: str | None = None
    html: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    root: str = ""
    """Input folder the file was found under (for manifest lookup)."""
    relpath: str = ""
    """Path relative to `root`, as a manifest names it."""
    fetch_url: str | None = None
    """A URL row (URL list, Media Cloud row without text): the page to fetch (storylens.ingest.fetch)."""
    encoding: str = "utf-8"
    """How the bytes were decoded (`decode`)."""
    warnings: list[str] = field(default_factory=list)
    """Doubts about the file worth showing beside the article (a guessed encoding)."""


@dataclass
class Reject:
    source_file: str
    reason: str
    detail: str
    content_hash: str | None = None


def sha1_bytes(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


FETCH_CACHE_DIR = ".storylens-fetch"
"""Where storylens.ingest.fetch keeps fetched pages, inside an input folder: not input itself."""


def discover(inputs: Iterable[str | Path]) -> Iterator[tuple[Path, Path]]:
    """Yield (file, root) for every file under the inputs, sorted.

    Hidden files are yielded so that they end up in rejects (`hidden`), never silently
    dropped; only Storylens' own fetch cache (FETCH_CACHE_DIR, written beside the inputs)
    and a root manifest.csv (configuration, not an article) are skipped. A missing input
    path is yielded so the caller can reject it by name.
    """
    for given in inputs:
        p = Path(given)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and not (f.name == MANIFEST_NAME and f.parent == p) and FETCH_CACHE_DIR not in f.relative_to(p).parts:
                    yield f, p
        else:
            yield p, p.parent


# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark announces, if the data starts with one."""
    return next((enc for bom, enc in BOMS if data.startswith(bom)), None)


def decode(data: bytes) -> tuple[str | None, str]:
    """Decode bytes: a byte-order mark first (UTF-8/16/32), then UTF-8, then the best detected encoding.

    Returns (text, encoding) or (None, reason) when nothing decodes cleanly.
    """
    announced = bom_encoding(data)
    if announced:
        try:
            return data.decode(announced), announced
        except UnicodeDecodeError as exc:
            return None, f"starts with a {announced} byte-order mark but does not decode as {announced} ({exc.reason} at byte {exc.start})"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        return None, "no encoding decodes these bytes"
    return str(best), best.encoding


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KB mean it is not text."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    ctrl = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return len(head) > 0 and ctrl / len(head) > 0.1


def _pick(record: dict[str, Any], name: str) -> Any:
    lowered = {str(k).lower(): v for k, v in record.items()}
    for alias in FIELD_ALIASES[name]:
        if alias in lowered and lowered[alias] not in (None, ""):
            return lowered[alias]
    return None


def record_to_article(record: Any, source: str, fmt: str, content_hash: str) -> RawArticle | Reject:
    """Map a JSON object or CSV row to a RawArticle, or reject it with the reason."""
    if not isinstance(record, dict):
        return Reject(source, "bad_json", f"{source}: expected an object with a 'text' field, got {type(record).__name__}", content_hash)
    text, html = _pick(record, "text"), _pick(record, "html")
    if text is None:
        text = _paragraphs_text(_pick(record, "paragraphs"))
    meta = {k: _pick(record, k) for k in ("title", "url", "outlet", "published", "authors", "language", "source_domain")}
    meta = {k: v for k, v in meta.items() if v is not None}
    row_hash = sha1_bytes(json.dumps(record, sort_keys=True, default=str).encode())
    if text is None and html is None:
        if isinstance(meta.get("url"), str) and meta["url"].strip().lower().startswith(("http://", "https://")):
            # A row that names its article by URL only (Media Cloud, GDELT): fetched, or read from the fetch cache.
            return RawArticle(source, fmt, row_hash, meta=meta, fetch_url=meta["url"].strip())
        fields = ", ".join(sorted(map(str, record))) or "none"
        return Reject(source, "no_text", f"{source}: no text/body field and no url to fetch (fields: {fields})", content_hash)
    return RawArticle(source, fmt, row_hash, text=None if text is None else str(text), html=None if html is None else str(html), meta=meta)


def _read_json(text: str, source: str, content_hash: str) -> list[RawArticle | Reject]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return [Reject(source, "bad_json", f"{source}: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})", content_hash)]
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    if isinstance(data, dict):
        return [record_to_article(data, source, "json", content_hash)]
    if isinstance(data, list):
        if not data:
            return [Reject(source, "empty", f"{source}: JSON list has no records", content_hash)]
        return [record_to_article(r, f"{source}#{i}", "json", content_hash) for i, r in enumerate(data)]
    return [Reject(source, "bad_json", f"{source}: top level is {type(data).__name__}, expected an object or a list of objects", content_hash)]


def _read_jsonl(text: str, source: str, content_hash: str) -> list[RawArticle | Reject]:
    out: list[RawArticle | Reject] = []
    for i, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source}#{i}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            out.append(Reject(where, "bad_json", f"{source} line {i}: not valid JSON ({exc.msg}, column {exc.colno})", content_hash))
            continue
        out.append(record_to_article(record, where, "jsonl", content_hash))
    return out or [Reject(source, "empty", f"{source}: no JSON lines", content_hash)]


def _read_csv(text: str, source: str, content_hash: str) -> list[RawArticle | Reject]:
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel  # type: ignore[assignment]
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        return [Reject(source, "bad_csv_row", f"{source}: no header row ({exc})", content_hash)]
    header = [h.strip() for h in header]
    if not any(h.lower() in FIELD_ALIASES["text"] + FIELD_ALIASES["html"] + FIELD_ALIASES["url"] for h in header):
        return [Reject(source, "no_text", f"{source}: no text/body column and no url column in header {header}", content_hash)]
    out: list[RawArticle | Reject] = []
    line = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            line = reader.line_num
            out.append(Reject(f"{source}#{line}", "bad_csv_row", f"{source} line {line}: {exc}", content_hash))
            continue
        line = reader.line_num
        if not any(c.strip() for c in row):
            continue
        where = f"{source}#{line}"
        if len(row) != len(header):
            out.append(Reject(where, "bad_csv_row", f"{source} line {line}: {len(row)} fields, header has {len(header)}", content_hash))
            continue
        out.append(record_to_article(dict(zip(header, row, strict=True)), where, "csv", content_hash))
    return out or [Reject(source, "empty", f"{source}: header only, no rows", content_hash)]


def read_file(path: Path, root: Path, max_bytes: int) -> list[RawArticle | Reject]:
    """Read one input file into articles and/or rejects; never raises for bad content."""
    try:
        rel = path.relative_to(root).as_posix()
    except ValueError:
        rel = path.name
    source = rel
    from storylens.ingest import formats  # formats builds on this module's records

    fmt = SUPPORTED.get(path.suffix.lower()) or formats.DOCUMENT_FORMATS.get(path.suffix.lower())
    if any(part.startswith(".") for part in Path(rel).parts):
        return [Reject(source, "hidden", f"{rel}: hidden file or folder (name starts with a dot), not read as an article")]
    if root.is_dir() and not path.resolve().is_relative_to(root.resolve()):
        return [Reject(source, "outside_input", f"{rel}: a link to a file outside the input folder, not followed")]
    if not path.exists():
        return [Reject(str(path), "unreadable", f"{path}: no such file or folder")]
    try:
        size = path.stat().st_size
    except OSError as exc:
        return [Reject(source, "unreadable", f"{rel}: {exc.strerror or exc}")]
    if fmt is None:
        return [
            Reject(
                source,
                "unsupported_extension",
                f"{rel}: extension {path.suffix or '(none)'!r} is not one of {', '.join(sorted({*SUPPORTED, *formats.DOCUMENT_FORMATS}))}",
            )
        ]
    if size > max_bytes:
        return [Reject(source, "too_large", f"{rel}: {size:,} bytes is over the {max_bytes:,}-byte limit (Settings.max_file_bytes)")]
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [Reject(source, "unreadable", f"{rel}: {exc.strerror or exc}")]
    content_hash = sha1_bytes(data)
    if not data.strip():
        return [Reject(source, "empty", f"{rel}: file is empty", content_hash)]
    document = formats.read_binary_document(data, path.suffix, source, content_hash) if data[:2] == b"PK" or fmt == "docx" else None
    if document is None and bom_encoding(data) is None and looks_binary(data):  # UTF-16/32 text is full of NUL bytes
        return [Reject(source, "binary", f"{rel}: binary content (NUL or control bytes), not a text article", content_hash)]
    text, encoding = (None, "utf-8") if document is not None else decode(data)
    if document is None and text is None:
        return [Reject(source, "undecodable", f"{rel}: {encoding}", content_hash)]
    if document is None and text is not None:
        document = formats.read_document(text, path.suffix, source, content_hash)
    if document is not None:
        items = document
    elif fmt == "json":
        items = _read_json(text, source, content_hash)
    elif fmt == "jsonl":
        items = _read_jsonl(text, source, content_hash)
    elif fmt == "csv":
        items = _read_csv(text, source, content_hash)
    elif fmt == "html":
        items = [RawArticle(source, "html", content_hash, html=text)]
    else:
        items = [RawArticle(source, "txt", content_hash, text=text)]
    for it in items:
        if isinstance(it, RawArticle):
            it.root, it.relpath, it.encoding = str(root), rel, encoding
    return items


def read_inputs(inputs: Iterable[str | Path], max_bytes: int) -> tuple[list[RawArticle], list[Reject]]:
    """Read every file under the inputs. Returns (articles, rejects)."""
    articles: list[RawArticle] = []
    rejects: list[Reject] = []
    for path, root in discover(inputs):
        for item in read_file(path, root, max_bytes):
            (articles if isinstance(item, RawArticle) else rejects).append(item)  # type: ignore[arg-type]
    return articles, rejects
