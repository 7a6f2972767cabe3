"""Corpora on a shared server: one folder each, under an id nobody can guess, changed only with its edit token.

Why ids and tokens rather than accounts: a researcher shares a corpus by sending a link.
The view link carries the corpus id (128 random bits, so listing or guessing ids is
hopeless); the edit link carries a second secret, stored on disk only as its SHA-256, so
a copied folder or a backup does not hand out edit rights. The bundled sample is the
default corpus and can never be changed.

Layout of <root>/<id>/:
    meta.json          name, created, touched, owner token hash, visibility (private / public)
    raw/               the input files
    cache/             fetched pages (the URL box on the Corpus page)
    corrections.yaml   corrections made on the page (storylens.workspace.edits)
    processed/         the build (storylens.pipeline.build)
    status.json        the last build's state (storylens.workspace.builds)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import re
import secrets
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storylens.workspace.hosting import HostSettings

SAMPLE_ID = "sample"
_ID = re.compile(r"^[0-9a-f]{32}$")
META = "meta.json"


class ReadOnly(PermissionError):
    """The corpus cannot be changed with what the caller holds (no or a wrong edit token, or the sample)."""


def new_id() -> str:
    """128 random bits as 32 hex characters."""
    return secrets.token_hex(16)


def hash_token(token: str) -> str:
    # The token already has 128 random bits: a plain hash is enough, no key stretching needed.
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _write_json(path: Path, data: dict[str, Any]) -> None:
    """Write via a temporary file and rename: a reader never sees half a file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)


@dataclass
class Corpus:
    """One corpus: its folder and metadata. The sample has no folder of its own."""

    id: str
    folder: Path | None
    meta: dict[str, Any] = field(default_factory=dict)
    sample_build: Path | None = None

    @property
    def is_sample(self) -> bool:
        return self.id == SAMPLE_ID

    @property
    def name(self) -> str:
        return str(self.meta.get("name") or ("sample" if self.is_sample else self.id[:8]))

    @property
    def public(self) -> bool:
        return self.is_sample or self.meta.get("visibility") == "public"

    @property
    def processed(self) -> Path:
        return self.sample_build if self.is_sample else self._sub("processed")  # type: ignore[return-value]

    @property
    def raw(self) -> Path:
        return self._sub("raw")

    @property
    def cache(self) -> Path:
        return self._sub("cache")

    @property
    def corrections(self) -> Path | None:
        return None if self.is_sample else self._sub("corrections.yaml")

    @property
    def status_file(self) -> Path | None:
        return None if self.is_sample else self._sub("status.json")

    def _sub(self, name: str) -> Path:
        if self.folder is None:
            raise ReadOnly("the sample corpus has no folder of its own")
        return self.folder / name

    def can_edit(self, token: str | None) -> bool:
        """True when `token` is this corpus's edit token (never for the sample)."""
        want = self.meta.get("owner_token_hash")
        if self.is_sample or not token or not want:
            return False
        return hmac.compare_digest(hash_token(token), str(want))

    def require_edit(self, token: str | None) -> None:
        if self.is_sample:
            raise ReadOnly("the sample corpus is read-only: upload files to make a corpus of your own")
        if not self.can_edit(token):
            raise ReadOnly(f"corpus {self.name!r} can only be changed with its edit link")

    def usage(self) -> tuple[int, int]:
        """(files, bytes) of input this corpus holds."""
        if self.is_sample or not self.raw.is_dir():
            return 0, 0
        files = [p for p in self.raw.rglob("*") if p.is_file()]
        return len(files), sum(p.stat().st_size for p in files)

    def touch(self) -> None:
        if not self.is_sample:
            self.meta["touched"] = _now()
            _write_json(self._sub(META), self.meta)


@dataclass
class Accepted:
    files: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (file, why)


class Workspace:
    """The corpora root of one server."""

    def __init__(self, settings: HostSettings | None = None) -> None:
        self.settings = settings or HostSettings.from_env()
        self.root = Path(self.settings.corpora_root)

    # --- finding --------------------------------------------------------------------
    def sample(self) -> Corpus:
        return Corpus(SAMPLE_ID, None, {"name": "sample", "visibility": "public"}, sample_build=Path(self.settings.sample))

    def open(self, corpus_id: str | None) -> Corpus | None:
        """The corpus with this id, or None (unknown, malformed or expired id). No listing is involved."""
        if not corpus_id or corpus_id == SAMPLE_ID:
            return self.sample() if corpus_id == SAMPLE_ID else None
        if not _ID.match(corpus_id):
            return None  # also keeps "../x" or an absolute path from ever reaching the file system
        folder = self.root / corpus_id
        meta = self._read_meta(folder)
        if meta is None or self._expired(meta):
            return None
        return Corpus(corpus_id, folder, meta)

    def published(self) -> list[Corpus]:
        """Corpora their owners published, newest first: the only ones any visitor may list."""
        if not self.root.is_dir():
            return []
        out = []
        for folder in self.root.iterdir():
            meta = self._read_meta(folder) if _ID.match(folder.name) else None
            if meta and meta.get("visibility") == "public":
                out.append(Corpus(folder.name, folder, meta))
        return sorted(out, key=lambda c: str(c.meta.get("created")), reverse=True)

    @staticmethod
    def _read_meta(folder: Path) -> dict[str, Any] | None:
        try:
            return json.loads((folder / META).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def _expired(self, meta: dict[str, Any], now: float | None = None) -> bool:
        hours = self.settings.expire_hours
        if not hours or meta.get("visibility") == "public":
            return False
        try:
            touched = dt.datetime.fromisoformat(str(meta.get("touched") or meta.get("created"))).timestamp()
        except ValueError:
            return False
        return (now or time.time()) - touched > hours * 3600

    # --- changing -------------------------------------------------------------------
    def create(self, name: str) -> tuple[Corpus, str]:
        """A new private corpus and its edit token (shown once: only its hash is kept)."""
        self.root.mkdir(parents=True, exist_ok=True)
        token = secrets.token_urlsafe(16)
        while True:
            cid = new_id()
            folder = self.root / cid
            try:
                folder.mkdir()
                break
            except FileExistsError:  # pragma: no cover - 2**-128
                continue
        for sub in ("raw", "cache"):
            (folder / sub).mkdir()
        clean = re.sub(r"\s+", " ", str(name or "")).strip()[:80] or "corpus"
        meta = {"name": clean, "created": _now(), "touched": _now(), "owner_token_hash": hash_token(token), "visibility": "private"}
        _write_json(folder / META, meta)
        return Corpus(cid, folder, meta), token

    def set_visibility(self, corpus: Corpus, token: str | None, public: bool) -> None:
        corpus.require_edit(token)
        corpus.meta["visibility"] = "public" if public else "private"
        corpus.touch()

    def rename(self, corpus: Corpus, token: str | None, name: str) -> None:
        corpus.require_edit(token)
        corpus.meta["name"] = re.sub(r"\s+", " ", name).strip()[:80] or corpus.name
        corpus.touch()

    def delete(self, corpus: Corpus, token: str | None) -> None:
        corpus.require_edit(token)
        shutil.rmtree(corpus.folder, ignore_errors=True)  # type: ignore[arg-type]

    def accept(self, corpus: Corpus, token: str | None, staged: list[Path]) -> Accepted:
        """Move staged input files into the corpus's raw/ folder, within its file and byte limits.

        Files over a limit are refused with the reason and left where they were (the caller
        removes its staging folder)."""
        corpus.require_edit(token)
        n_files, n_bytes = corpus.usage()
        out = Accepted()
        corpus.raw.mkdir(parents=True, exist_ok=True)
        for path in staged:
            size = path.stat().st_size
            if n_files + 1 > self.settings.max_files:
                out.refused.append((path.name, f"the corpus already holds {n_files:,} files, the limit on this server (STORYLENS_MAX_FILES)"))
                continue
            if n_bytes + size > self.settings.max_bytes:
                out.refused.append((path.name, f"{size:,} more bytes would pass the {self.settings.max_bytes:,}-byte limit per corpus (STORYLENS_MAX_BYTES)"))
                continue
            target = _unique(corpus.raw, path.name)
            shutil.move(str(path), target)
            out.files.append(target.name)
            n_files, n_bytes = n_files + 1, n_bytes + size
        corpus.touch()
        return out

    def expire(self, now: float | None = None) -> list[str]:
        """Delete unpublished corpora untouched for longer than `expire_hours`; return their ids."""
        gone = []
        if not self.root.is_dir():
            return gone
        for folder in self.root.iterdir():
            meta = self._read_meta(folder) if _ID.match(folder.name) else None
            if meta is not None and self._expired(meta, now):
                shutil.rmtree(folder, ignore_errors=True)
                gone.append(folder.name)
        return gone


def _unique(folder: Path, name: str) -> Path:
    path, i = folder / name, 1
    stem, dot, ext = name.rpartition(".")
    while path.exists():
        path = folder / (f"{stem}_{i}.{ext}" if dot else f"{name}_{i}")
        i += 1
    return path
