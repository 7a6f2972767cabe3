"""The optional `manifest.csv` of an input folder: what the researcher knows about each file.

Columns: file,outlet,url,published,title,authors,language (any may be blank; extra
columns are ignored). Manifest values override detected ones, and the articles table
records where each value came from (`outlet_how = "manifest"` ...). `authors` holds
several names separated by ';'.

A manifest row that names no existing file, or a date that does not parse, is reported
as a warning with the manifest's path and line: the build goes on with the rest.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storylens.ingest.field_dates import parse_field_date

MANIFEST_NAME = "manifest.csv"
MANIFEST_FIELDS = ("file", "outlet", "url", "published", "title", "authors", "language")


@dataclass
class Manifest:
    path: str | None = None
    rows: dict[str, dict[str, Any]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

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
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        if not reader.fieldnames or "file" not in [f.strip() for f in reader.fieldnames]:
            m.warnings.append(f"{path}: no 'file' column; manifest ignored (expected columns {', '.join(MANIFEST_FIELDS)})")
            return m
        for row in reader:
            row = {str(k).strip(): (v or "").strip() for k, v in row.items() if k is not None}
            name = row.get("file", "")
            if not name:
                m.warnings.append(f"{path} line {reader.line_num}: empty 'file' value; row ignored")
                continue
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
                    m.warnings.append(f"{path} line {reader.line_num}: published {row['published']!r} is not a date")
                    fields["published"] = row["published"]
                elif d.ambiguous:
                    fields["published"] = row["published"]  # read by the build, in its --date-order
                else:
                    fields["published"] = d.day
            m.rows[name] = fields
    for name in m.rows:
        if not (Path(folder) / name).exists():
            m.warnings.append(f"{path}: names {name!r}, which is not in {folder}")
    return m
