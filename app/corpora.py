"""Uploaded corpora on disk: safe names, byte budgets, zip checks, the list of builds.

Why so careful: upload names and zip member names come from the user's machine; a name
like `../../app/data.py` or `C:\\x` must never leave the corpus folder, and a zip bomb must
not fill the disk or the server's memory. So:
- names are reduced to a safe character set and zip members are flattened;
- every budget (per file, per corpus, per visitor) is checked from the declared size
  (`UploadedFile.size`, a zip's central directory) BEFORE a byte is read, and the bytes are
  then streamed to disk in chunks with the same limit counted again (a header can lie);
- a zip is judged as a whole from its central directory (member count, total unpacked
  size, compression ratio) before anything is extracted: a bomb is refused in one line,
  not inflated member by member;
- what was skipped is summarised by reason (counts plus the first few names), so ten
  thousand bad members make one message, not ten thousand.
"""

from __future__ import annotations

import io
import os
import re
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Protocol

ALLOWED = {"txt", "html", "htm", "json", "jsonl", "csv", "rtf", "docx"}
MAX_FILE_BYTES = 5_000_000  # matches Settings.max_file_bytes: larger files are rejected by the build anyway
MAX_TOTAL_BYTES = 100_000_000  # per corpus (a zip is counted by its unpacked size)
MAX_VISITOR_BYTES = 200_000_000  # per browser session, over all its uploads
MAX_ZIP_BYTES = 100_000_000  # a zip's own (compressed) size
MAX_FILES = 5_000  # per corpus, zip members included
MAX_ZIP_RATIO = 100  # unpacked / compressed, per member: text compresses ~3-10x, bombs ~1000x
CHUNK = 1 << 20
EXAMPLES = 5  # names shown per skip reason

# Skip reasons, as codes (a CSV reads them) and in plain words (the page shows those).
REASONS = {
    "extension": "not one of " + ", ".join(sorted(ALLOWED)),
    "file_too_large": f"over the {MAX_FILE_BYTES:,}-byte limit per file",
    "corpus_budget": f"over the corpus's {MAX_TOTAL_BYTES:,}-byte or {MAX_FILES:,}-file limit",
    "visitor_budget": f"over this session's {MAX_VISITOR_BYTES:,}-byte upload budget",
    "bad_zip": "not a readable zip file",
    "zip_too_many_members": f"a zip with more than {MAX_FILES:,} members",
    "zip_too_large": "a zip whose declared unpacked size is over the corpus's remaining budget",
    "zip_ratio": f"a zip member compressed more than {MAX_ZIP_RATIO}:1 (a zip bomb?)",
    "size_mismatch": "more bytes than its header declared",
}


class Upload(Protocol):
    """What Streamlit's UploadedFile offers and save_uploads uses: a name, a size, reads."""

    name: str
    size: int

    def read(self, n: int = -1) -> bytes: ...
    def seek(self, pos: int, whence: int = 0) -> int: ...


class BytesUpload(io.BytesIO):
    """An in-memory upload (tests, scripts); like UploadedFile, a BytesIO with a name and size."""

    def __init__(self, name: str, data: bytes) -> None:
        super().__init__(data)
        self.name, self.size = name, len(data)


def safe_name(name: str, fallback: str = "file") -> str:
    """A file or folder name with no path, no leading dots, only [A-Za-z0-9._-]."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", base).strip("._-")
    return base[:120] or fallback


@dataclass
class Saved:
    files: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (name, reason code)
    bytes_written: int = 0

    def summary(self) -> list[str]:
        """One line per skip reason: how many, why, and the first few names."""
        counts = Counter(why for _, why in self.skipped)
        lines = []
        for why, n in counts.most_common():
            names = [name for name, w in self.skipped if w == why][:EXAMPLES]
            more = f" and {n - len(names):,} more" if n > len(names) else ""
            lines.append(f"{n:,} skipped, {REASONS.get(why, why)}: {', '.join(names)}{more}")
        return lines


def _unique(folder: Path, name: str) -> Path:
    path, i = folder / name, 1
    while path.exists():
        stem, dot, ext = name.rpartition(".")
        path = folder / (f"{stem}_{i}.{ext}" if dot else f"{name}_{i}")
        i += 1
    return path


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _copy_capped(src: BinaryIO, dst: Path, limit: int) -> bool:
    """Stream `src` into `dst` in chunks; False (and no file) when it exceeds `limit` bytes."""
    written = 0
    with dst.open("wb") as out:
        while chunk := src.read(CHUNK):
            written += len(chunk)
            if written > limit:
                break
            out.write(chunk)
    if written > limit:
        dst.unlink(missing_ok=True)
        return False
    return True


def _zip_problem(infos: list[zipfile.ZipInfo], room: int, files_left: int) -> str | None:
    """Why a zip is refused as a whole, read from its central directory alone."""
    if len(infos) > files_left:
        return "zip_too_many_members"
    if sum(i.file_size for i in infos) > room:
        return "zip_too_large"
    if any(i.file_size > MAX_ZIP_RATIO * max(i.compress_size, 1) and i.file_size > CHUNK for i in infos):
        return "zip_ratio"
    return None


def save_uploads(uploads: list[Upload] | list[tuple[str, bytes]], folder: Path, visitor_used: int = 0) -> Saved:
    """Write uploads into `folder`, unpacking zips, within every byte budget.

    `visitor_used` is what this browser session has already uploaded (the page keeps it in
    session state and adds `Saved.bytes_written`). Nothing is read before the declared size
    has passed every limit it can break."""
    folder.mkdir(parents=True, exist_ok=True)
    saved = Saved()
    items = [BytesUpload(*u) if isinstance(u, tuple) else u for u in uploads]

    def room() -> int:
        return min(MAX_TOTAL_BYTES - saved.bytes_written, MAX_VISITOR_BYTES - visitor_used - saved.bytes_written)

    def over_budget(size: int) -> str | None:
        if MAX_VISITOR_BYTES - visitor_used - saved.bytes_written < size:
            return "visitor_budget"
        if MAX_TOTAL_BYTES - saved.bytes_written < size or len(saved.files) >= MAX_FILES:
            return "corpus_budget"
        return None

    def put(name: str, size: int, stream: BinaryIO) -> None:
        clean = safe_name(name)
        why = None if _extension(clean) in ALLOWED else "extension"
        why = why or ("file_too_large" if size > MAX_FILE_BYTES else None) or over_budget(size)
        if why:
            saved.skipped.append((clean, why))
            return
        path = _unique(folder, clean)
        if not _copy_capped(stream, path, size):
            saved.skipped.append((clean, "size_mismatch"))
            return
        saved.files.append(path.name)
        saved.bytes_written += path.stat().st_size

    for up in items:
        if _extension(safe_name(up.name)) != "zip":
            put(up.name, int(up.size), up)
            continue
        if up.size > MAX_ZIP_BYTES:  # a zip's own bytes: Streamlit's maxUploadSize bounds it too
            saved.skipped.append((safe_name(up.name), "file_too_large"))
            continue
        try:
            up.seek(0)
            with zipfile.ZipFile(up) as zf:  # reads the central directory only
                infos = [i for i in zf.infolist() if not i.is_dir()]
                problem = _zip_problem(infos, room(), MAX_FILES - len(saved.files))
                if problem:
                    saved.skipped.append((safe_name(up.name), problem))
                    continue
                for info in infos:
                    if _extension(safe_name(info.filename)) not in ALLOWED or info.file_size > MAX_FILE_BYTES:
                        put(info.filename, info.file_size, io.BytesIO())  # refused before opening
                        continue
                    with zf.open(info) as member:
                        put(info.filename, info.file_size, member)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError):
            saved.skipped.append((safe_name(up.name), "bad_zip"))
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
