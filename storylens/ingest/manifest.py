"""The optional `manifest.csv` of an input folder: what the researcher knows about each file.

Columns: file,outlet,url,published,title,authors,language (any may be blank; extra
columns are ignored). Manifest values override detected ones, and the articles table
records where each value came from (`outlet_how = "manifest"` ...). `authors` holds
several names separated by ';'.

Problems are recorded where a researcher looks, never only in build_info: a row that names
no existing file, or a manifest that cannot be used, becomes a reject (`manifest_missing_file`,
`manifest_invalid`); a date that does not parse becomes a warning on that article's row. Each
names the manifest by its path inside the input folder and the line, never a server path.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storylens.ingest.field_dates import parse_field_date

MANIFEST_NAME = "manifest.csv"
MANIFEST_FIELDS = ("file", "outlet", "url", "published", "title", "authors", "language")


@dataclass
class ManifestProblem:
    """A manifest line that could not be used: `reason` is a rejects reason, `detail` says why."""

    reason: str
    detail: str


@dataclass
class Manifest:
    path: str | None = None
    rows: dict[str, dict[str, Any]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    """Every problem in words (also kept in build_info)."""
    problems: list[ManifestProblem] = field(default_factory=list)
    """Problems that belong to no article: they become rejects of the build."""

    def _problem(self, reason: str, detail: str) -> None:
        self.problems.append(ManifestProblem(reason, detail))
        self.warnings.append(detail)

    def lookup(self, relpath: str) -> dict[str, Any]:
        """Manifest fields for a file, by relative path, else by bare file name."""
        if relpath in self.rows:
            return self.rows[relpath]
        return self.rows.get(Path(relpath).name, {})


def parse_date(value: str) -> dt.date | None:
    """ISO dates and datetimes ('2024-01-05', '2024-01-05T16:10:08Z'); None when it does not parse."""
    value = value.strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def read_manifest(folder: str | Path) -> Manifest:
    """Read `folder/manifest.csv` if present; an absent manifest is an empty one."""
    path = Path(folder) / MANIFEST_NAME
    m = Manifest()
    if not path.is_file():
        return m
    m.path = str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        m._problem("manifest_invalid", f"{MANIFEST_NAME}: cannot be read as UTF-8 CSV ({exc}); manifest ignored")
        return m
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = reader.fieldnames
    except csv.Error as exc:
        m._problem("manifest_invalid", f"{MANIFEST_NAME}: not a CSV file ({exc}); manifest ignored")
        return m
    if not header or "file" not in [f.strip() for f in header]:
        m._problem("manifest_invalid", f"{MANIFEST_NAME}: no 'file' column; manifest ignored (expected columns {', '.join(MANIFEST_FIELDS)})")
        return m
    lines: dict[str, int] = {}
    for row in _rows(reader, m):
        row = {str(k).strip(): (v or "").strip() for k, v in row.items() if k is not None}
        name = row.get("file", "")
        if not name:
            m._problem("manifest_invalid", f"{MANIFEST_NAME} line {reader.line_num}: empty 'file' value; row ignored")
            continue
        lines[name] = reader.line_num
        fields: dict[str, Any] = {}
        for key in ("outlet", "url", "title", "language"):
            if row.get(key):
                fields[key] = row[key]
        if row.get("authors"):
            fields["authors"] = [a.strip() for a in row["authors"].split(";") if a.strip()]
        if row.get("published"):
            d = parse_field_date(row["published"], language=row.get("language") or None)
            if d.day is None:
                # Kept as written: the article says published_how = field_unparsed, never a silent guess.
                problem = f"{MANIFEST_NAME} line {reader.line_num}: published {row['published']!r} is not a date; left empty, not guessed"
                m.warnings.append(problem)
                fields["_warnings"] = [problem]
                fields["published"] = row["published"]
            elif d.ambiguous:
                fields["published"] = row["published"]  # read by the build, in its --date-order
            else:
                fields["published"] = d.day
        m.rows[name] = fields
    for name in m.rows:
        if not (Path(folder) / name).exists():
            m._problem("manifest_missing_file", f"{MANIFEST_NAME} line {lines[name]}: names {name!r}, which is not in the input folder")
    return m


def _rows(reader: csv.DictReader, m: Manifest) -> Iterator[dict[str, Any]]:
    """The manifest's rows; a line the csv module cannot parse ends the manifest there, recorded."""
    try:
        yield from reader
    except csv.Error as exc:
        m._problem("manifest_invalid", f"{MANIFEST_NAME} line {reader.line_num}: {exc}; the rest of the manifest ignored")
