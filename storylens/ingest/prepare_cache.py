"""Each input record's prepared article (or reject) kept from one build to the next, keyed by what `prepare` reads.

Why: a rebuild that adds one file re-cleaned every other input (HTML extraction, the
cleaning rules, language detection, date clues): 3.6 s of a one-article rebuild at 1,000
articles, growing with the corpus. `prepare` is a pure function of the record (its text
or HTML, its metadata, its file name and format), the manifest row and the corrections
keyed by its file, the settings and the library code; a record whose key is unchanged
gets the previous build's result back without being cleaned again.

Where: `cache/corpus/prepared.pkl` of the build, inside the atomic swap with the tables (a
killed build leaves the previous cache beside the previous tables). Each entry is the
pickled result made by this build's own code (the fingerprint of the code `prepare` runs,
`pipeline.PREPARE_ENTRIES`, is part of every key),
unpickled afresh on reuse because the later stages change the rows in place.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import pickle
from pathlib import Path
from typing import Any

from storylens import store
from storylens.ingest.prepare import Prepared
from storylens.ingest.readers import RawArticle, Reject
from storylens.settings import Settings

PREPARED_FILE = "prepared.pkl"
FORMAT = 1


def prepare_key(raw: RawArticle, manifest: dict[str, Any], fix: dict[str, Any], settings: Settings, code: str) -> str:
    """A hash of everything `prepare` reads for this record (every setting, not only those
    of `Settings.fingerprint`: the date order changes a parsed date here)."""
    s = dataclasses.asdict(settings)
    for name in ("workers", "scheduler", "batch_size", "fetch", "refresh", "max_fetch_urls", "analysis_seconds"):
        s.pop(name, None)
    record = [
        FORMAT,
        code,
        s,
        raw.source_file,
        raw.input_format,
        raw.content_hash,
        raw.encoding,
        raw.warnings,
        raw.meta,
        manifest,
        fix,
    ]
    h = hashlib.sha1(json.dumps(record, sort_keys=True, default=repr).encode())
    for text in (raw.text, raw.html):
        h.update(b"\x1e" if text is None else b"\x1f" + text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


@dataclasses.dataclass
class PrepareCache:
    """key -> pickled `Prepared` or `Reject`; what was reused and computed this build."""

    entries: dict[str, bytes] = dataclasses.field(default_factory=dict)
    reused: int = 0
    computed: int = 0


def cached_results(keys: list[str], previous: PrepareCache | None, compute: Any) -> tuple[list[Prepared | Reject], PrepareCache]:
    """The result of each key, in order: unpickled from `previous` where it holds the key,
    else from `compute(positions)` (a list of results for those positions, in order).
    Returns the results and this build's cache (only the keys seen now)."""
    old = previous.entries if previous is not None else {}
    missing = [i for i, k in enumerate(keys) if k not in old]
    fresh = dict(zip(missing, compute(missing), strict=True)) if missing else {}
    new = PrepareCache(reused=len(keys) - len(missing), computed=len(missing))
    results: list[Prepared | Reject] = []
    for i, key in enumerate(keys):
        if i in fresh:
            new.entries[key] = pickle.dumps(fresh[i], protocol=pickle.HIGHEST_PROTOCOL)  # before the rows are changed in place
            results.append(fresh[i])
        else:
            new.entries[key] = old[key]
            results.append(pickle.loads(old[key]))
    return results, new


def write_prepare_cache(cache: PrepareCache, folder: Path) -> None:
    store.write_cache_pickle({"format": FORMAT, "entries": cache.entries}, folder / PREPARED_FILE)


def read_prepare_cache(folder: Path) -> PrepareCache | None:
    """The cache a previous build of this output folder wrote (None when absent or unreadable).

    Only a build's own `cache/corpus/` folder is read: a file the build wrote itself."""
    data = store.read_cache_pickle(folder / PREPARED_FILE, dict)
    if data is None or data.get("format") != FORMAT:
        return None
    return PrepareCache(entries=data["entries"])
