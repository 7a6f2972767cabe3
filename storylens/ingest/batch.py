"""A batch of input records seen together: manifests per input root, names and ids made unique, duplicates.

The steps between reading files one by one and analysing articles one by one that need the
whole batch (two inputs with the same relative file name, the same text in two files,
corrections keyed by article id).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from storylens.corrections import Corrections
from storylens.ingest.dedupe import DedupeState, find_duplicates_cached
from storylens.ingest.manifest import MANIFEST_NAME, Manifest, read_manifest
from storylens.ingest.prepare import article_id_for
from storylens.ingest.readers import RawArticle, Reject


def read_manifests(raws: Sequence[RawArticle]) -> tuple[dict[str, Manifest], list[str], list[Reject]]:
    """The manifest of every input root, the problems in words, and those that belong to no article as rejects.

    A reject's source is the manifest's path inside its input folder (prefixed with the folder's
    name when several folders are built together), never a server path."""
    out: dict[str, Manifest] = {}
    warnings: list[str] = []
    for r in raws:
        if r.root not in out:
            out[r.root] = read_manifest(r.root)
            warnings += out[r.root].warnings
    several = len(out) > 1
    rejects = [
        Reject(f"{Path(root).name}/{MANIFEST_NAME}" if several else MANIFEST_NAME, p.reason, p.detail, None) for root, m in out.items() for p in m.problems
    ]
    return out, warnings, rejects


def unique_sources(raws: Sequence[RawArticle]) -> None:
    """Two inputs may hold files with the same relative name: prefix the folder name to tell them apart."""
    seen: dict[str, int] = {}
    for r in raws:
        seen[r.source_file] = seen.get(r.source_file, 0) + 1
    for r in raws:
        if seen[r.source_file] > 1:
            r.source_file = f"{Path(r.root).name}/{r.source_file}"


def apply_id_corrections(rows: list[dict[str, Any]], corrections: Corrections) -> None:
    """Corrections keyed by article_id (source_file keys are applied in prepare)."""
    for row in rows:
        fix = corrections.articles.get(row["article_id"])
        if not fix:
            continue
        for key, value in fix.items():
            row[key] = value
            if key in {"outlet", "title", "published"}:
                row[f"{key}_how"] = "corrections"
            if key == "published":
                row["published_confidence"], row["published_evidence"] = 1.0, "given by corrections"


def distinct_ids(rows: list[dict[str, Any]]) -> None:
    """Identical text from the same outlet in two files: keep both, with distinct ids."""
    seen: set[str] = set()
    for row in rows:
        aid = row["article_id"]
        if aid in seen:
            aid = article_id_for(row.get("_identity_outlet", row["outlet"]), row["text"] + "\x00" + row["source_file"])
        row["article_id"] = aid
        row.pop("_identity_outlet", None)  # only the id needed it
        seen.add(aid)


def duplicates_of(rows: list[dict[str, Any]], threshold: float) -> dict[str, tuple[str, float]]:
    """article_id -> (duplicate_of, similarity) for the articles that copy an earlier one
    (earlier by publication day, then input order)."""
    return duplicates_of_cached(rows, threshold)[0]


def duplicates_of_cached(
    rows: list[dict[str, Any]], threshold: float, previous: DedupeState | None = None, code: str = ""
) -> tuple[dict[str, tuple[str, float]], DedupeState]:
    """`duplicates_of`, comparing only the new articles when `previous` (the last build's
    state, `dedupe.find_duplicates_cached`) allows; also returns this build's state."""
    order = sorted(range(len(rows)), key=lambda i: (rows[i].get("published") or dt.date.max, i))
    dups, state = find_duplicates_cached(pd.DataFrame([rows[i] for i in order], columns=["article_id", "text"]), threshold, previous, code)
    return {r.article_id: (r.duplicate_of, r.duplicate_similarity) for r in dups.itertuples()}, state
