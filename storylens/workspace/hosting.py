"""Settings of a hosted Storylens, read from the environment once per call.

Why environment variables: a hosting platform (Streamlit Community Cloud, a container)
sets them without a file on disk, and tests set them per server they start.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class HostSettings:
    corpora_root: Path = REPO / "data" / "corpora"
    """STORYLENS_CORPORA: the folder holding one sub-folder per corpus."""
    sample: Path = REPO / "data" / "processed"
    """STORYLENS_DATA: the build of the bundled, read-only default corpus."""
    max_files: int = 2_000
    """STORYLENS_MAX_FILES: input files one corpus may hold."""
    max_bytes: int = 200_000_000
    """STORYLENS_MAX_BYTES: bytes of input one corpus may hold."""
    max_articles: int = 5_000
    """STORYLENS_MAX_ARTICLES: articles one build may read (a JSONL or CSV file holds many)."""
    max_builds: int = 1
    """STORYLENS_MAX_BUILDS: builds running at once on this server; the others wait in a queue."""
    expire_hours: float = 24 * 30
    """STORYLENS_EXPIRE_HOURS: an unpublished corpus untouched this long is deleted (0 = never)."""
    public_url: str = ""
    """STORYLENS_PUBLIC_URL: the app's public base URL, for absolute links in CSV downloads."""

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> HostSettings:
        env = os.environ if env is None else env
        d = cls()

        def num(name: str, default: float, kind: type) -> float:
            raw = env.get(name, "").strip()
            if not raw:
                return default
            try:
                value = kind(raw)
            except ValueError as exc:
                raise ValueError(f"{name}={raw!r} is not a {kind.__name__}") from exc
            if value < 0:
                raise ValueError(f"{name}={raw!r} must not be negative")
            return value

        return cls(
            corpora_root=Path(env.get("STORYLENS_CORPORA") or d.corpora_root),
            sample=Path(env.get("STORYLENS_DATA") or d.sample),
            max_files=int(num("STORYLENS_MAX_FILES", d.max_files, int)),
            max_bytes=int(num("STORYLENS_MAX_BYTES", d.max_bytes, int)),
            max_articles=int(num("STORYLENS_MAX_ARTICLES", d.max_articles, int)),
            max_builds=max(1, int(num("STORYLENS_MAX_BUILDS", d.max_builds, int))),
            expire_hours=float(num("STORYLENS_EXPIRE_HOURS", d.expire_hours, float)),
            public_url=(env.get("STORYLENS_PUBLIC_URL") or "").strip().rstrip("/"),
        )
