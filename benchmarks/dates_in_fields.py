"""How many real-world field dates `storylens.ingest.field_dates.parse_field_date` reads right.

The fixture (benchmarks/fixtures/dates_in_fields.tsv, written for this benchmark) holds
date strings in the shapes news APIs, RSS feeds, Media Cloud, GDELT, news-please,
LexisNexis and Factiva exports use, each with its right day. Ambiguous numeric dates
(06/01/2024) carry the order the source implies; they count as right only when they are
read in that order *and* flagged ambiguous. Prints the share right, overall and for the
unambiguous ones (goal: 100 %).

    python benchmarks/dates_in_fields.py
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from storylens.ingest.field_dates import parse_field_date  # noqa: E402

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "dates_in_fields.tsv"


@dataclass(frozen=True)
class Case:
    value: str
    day: dt.date
    order: str | None
    language: str | None
    ambiguous: bool
    shape: str


def load_cases(path: Path = FIXTURE) -> list[Case]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.reader(fh, delimiter="\t") if r and not r[0].startswith("#")]
    return [Case(r[0], dt.date.fromisoformat(r[1]), r[2] or None, r[3] or None, r[4] == "yes", r[5]) for r in rows]


def score(cases: list[Case]) -> tuple[list[tuple[Case, object]], dict[str, tuple[int, int]]]:
    """(wrong cases with what was read, {group: (right, total)})."""
    wrong: list[tuple[Case, object]] = []
    counts = {"all": [0, 0], "unambiguous": [0, 0], "ambiguous": [0, 0]}
    for c in cases:
        got = parse_field_date(c.value, order=c.order, language=c.language)
        ok = got.day == c.day and got.ambiguous == c.ambiguous
        for group in ("all", "ambiguous" if c.ambiguous else "unambiguous"):
            counts[group][0] += ok
            counts[group][1] += 1
        if not ok:
            wrong.append((c, got))
    return wrong, {k: (v[0], v[1]) for k, v in counts.items()}


def main() -> int:
    cases = load_cases()
    wrong, counts = score(cases)
    for group, (right, total) in counts.items():
        print(f"{group:12s} {right}/{total} right ({100 * right / max(total, 1):.1f} %)")
    for c, got in wrong:
        print(f"  wrong: {c.value!r} ({c.shape}): expected {c.day}{' ambiguous' if c.ambiguous else ''}, got {got}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
