"""Uploaded corpora on disk: safe names, size limits, zip extraction, the list of builds.

Why so careful: upload names and zip member names come from the user's machine; a name
like `../../app/data.py` or `C:\\x` must never leave the corpus folder, and a zip bomb must
not fill the disk. Names are reduced to a safe character set, zip members are flattened,
and sizes are counted before anything is written.
"""

from __future__ import annotations

import io
import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

ALLOWED = {"txt", "html", "htm", "json", "jsonl", "csv", "rtf", "docx"}
MAX_FILE_BYTES = 5_000_000  # matches Settings.max_file_bytes: larger files are rejected by the build anyway
MAX_TOTAL_BYTES = 100_000_000  # per upload (a zip is counted by its unpacked size)
MAX_FILES = 5_000


def safe_name(name: str, fallback: str = "file") -> str:
    """A file or folder name with no path, no leading dots, only [A-Za-z0-9._-]."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", base).strip("._-")
    return base[:120] or fallback


@dataclass
class Saved:
    files: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (name, why)


def _unique(folder: Path, name: str) -> Path:
    path, i = folder / name, 1
    while path.exists():
        stem, dot, ext = name.rpartition(".")
        path = folder / (f"{stem}_{i}.{ext}" if dot else f"{name}_{i}")
        i += 1
    return path


def save_uploads(uploads: list[tuple[str, bytes]], folder: Path) -> Saved:
    """Write (name, bytes) uploads into `folder`, unpacking zips; report what was skipped and why."""
    folder.mkdir(parents=True, exist_ok=True)
    saved, total = Saved(), 0

    def put(name: str, data: bytes) -> None:
        nonlocal total
        clean = safe_name(name)
        ext = clean.rsplit(".", 1)[-1].lower() if "." in clean else ""
        if ext not in ALLOWED:
            saved.skipped.append((clean, f"extension .{ext or '?'} is not one of {', '.join(sorted(ALLOWED))}"))
        elif len(data) > MAX_FILE_BYTES:
            saved.skipped.append((clean, f"{len(data):,} bytes is over the {MAX_FILE_BYTES:,}-byte limit per file"))
        elif total + len(data) > MAX_TOTAL_BYTES or len(saved.files) >= MAX_FILES:
            saved.skipped.append((clean, "the upload is over its total size or file-count limit"))
        else:
            path = _unique(folder, clean)
            path.write_bytes(data)
            saved.files.append(path.name)
            total += len(data)

    for name, data in uploads:
        if safe_name(name).lower().endswith(".zip"):
            try:
                with zipfile.ZipFile(io.BytesIO(data)) as zf:
                    for info in zf.infolist():
                        if info.is_dir():
                            continue
                        if info.file_size > MAX_FILE_BYTES:
                            saved.skipped.append((safe_name(info.filename), f"{info.file_size:,} bytes unpacked is over the per-file limit"))
                            continue
                        put(info.filename, zf.read(info))
            except zipfile.BadZipFile:
                saved.skipped.append((safe_name(name), "not a readable zip file"))
        else:
            put(name, data)
    return saved


MAX_FETCH_URLS = int(os.environ.get("STORYLENS_MAX_FETCH_URLS", "200"))
"""URLs one build from the Corpus page may fetch (a hosted app is shared: keep it bounded)."""

FORMATS_TAKEN = (
    "plain text (.txt, headline first), web pages (.html), JSON/JSONL and CSV with a text column, "
    "news-please / Giveme5W1H JSON, Media Cloud CSV exports, GDELT DOC exports and URL lists (.txt, one URL a line; fetched), "
    "LexisNexis / Nexis Uni and Factiva exports (TXT, RTF, DOCX, HTML), single Word (.docx) and RTF articles, or a zip of them"
)


def pasted_urls(text: str) -> tuple[list[str], list[str]]:
    """(http(s) URLs, other non-blank lines) of a pasted box, in order, without repeats."""
    urls: list[str] = []
    other: list[str] = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if re.fullmatch(r"https?://\S+", line, flags=re.I):
            if line not in urls:
                urls.append(line)
        else:
            other.append(line)
    return urls, other


def list_corpora(root: Path) -> dict[str, Path]:
    """Built corpora under `root` (<root>/<name>/processed with a build_info.json), by name."""
    if not root.is_dir():
        return {}
    return {p.name: p / "processed" for p in sorted(root.iterdir()) if (p / "processed" / "build_info.json").exists()}
