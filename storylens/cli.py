"""`python -m storylens build INPUT... --out DIR`: build the tables from a folder of articles.

One plain function per command (`cmd_build`), argparse around it, a progress bar on
stderr while the NLP runs and a summary at the end: what a researcher needs to see
that a long build is alive and what came out of it.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from storylens.ingest.fetch import FetchSettings
from storylens.settings import DEFAULT_MODEL, Settings


def _summary(tables: dict, seconds: float, out: Path) -> str:
    arts = tables["articles"]
    rej = tables["rejects"]
    lines = [f"Built {out} in {seconds:.1f} s"]
    status = arts["status"].value_counts().to_dict() if not arts.empty else {}
    lines.append(f"  articles: {len(arts)} ({', '.join(f'{k} {v}' for k, v in sorted(status.items())) or 'none'})")
    if not arts.empty:
        dups = int(arts["duplicate_of"].notna().sum())
        inferred = int((arts["published_how"] == "inferred").sum())
        unknown = int((arts["outlet"] == "unknown").sum())
        lines.append(f"  duplicates: {dups}; publication dates inferred: {inferred}; unknown outlets: {unknown}")
    if not arts.empty:
        unparsed = arts[arts["published_how"] == "field_unparsed"]
        if len(unparsed):
            lines.append(f"  field dates that did not parse: {len(unparsed)} (published left empty, not guessed)")
            for r in unparsed.head(10).itertuples():
                lines.append(f"    - {r.source_file}: {r.published_evidence}")
        ambiguous = int(arts["published_evidence"].fillna("").str.startswith("ambiguous").sum())
        if ambiguous:
            lines.append(f"  ambiguous numeric field dates (read in the date order): {ambiguous}")
    warned = arts[arts["warnings"].map(lambda w: w is not None and len(w) > 0)] if not arts.empty else arts
    if len(warned):
        lines.append(f"  articles with warnings: {len(warned)} (in the articles table's warnings column)")
        for r in warned.head(5).itertuples():
            lines.append(f"    - {r.source_file}: {'; '.join(list(r.warnings)[:2])}")
    by_reason = rej["reason"].value_counts().to_dict() if not rej.empty else {}
    lines.append(f"  rejects: {len(rej)}" + (f" ({', '.join(f'{k} {v}' for k, v in sorted(by_reason.items()))})" if by_reason else ""))
    for r in rej.head(10).itertuples():
        lines.append(f"    - {r.detail}")
    if len(rej) > 10:
        lines.append(f"    ... {len(rej) - 10} more in rejects.parquet")
    actors = tables["actors"]
    story = actors[~actors["is_meta"].fillna(False)] if not actors.empty else actors
    lines.append(f"  actors: {len(story)} in the story ({len(actors) - len(story)} meta)")
    for name in ("sentences", "mentions", "timexes", "events", "quotes", "interactions", "alignments", "claims"):
        lines.append(f"  {name}: {len(tables.get(name, ()))}")
    return "\n".join(lines)


def cmd_build(args: argparse.Namespace) -> int:
    from storylens.pipeline import build

    settings = Settings(
        model=args.model,
        workers=args.workers,
        scheduler=args.scheduler,
        max_file_bytes=args.max_bytes,
        date_order=args.date_order,
        fetch=args.fetch or args.refresh,
        refresh=args.refresh,
    )
    t0 = time.perf_counter()
    tables = build(args.inputs, args.out, settings=settings, corrections_path=args.corrections)
    print(_summary(tables, time.perf_counter() - t0, Path(args.out)))
    return 0


def cmd_fetch(args: argparse.Namespace) -> int:
    """Copy the URL inputs into --out and fetch their pages into its cache; Ctrl-C keeps what was fetched."""
    import shutil

    from storylens.ingest.fetch import CACHE_DIR, resolve_url_rows
    from storylens.ingest.readers import read_inputs

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    copied: list[Path] = []
    for given in args.inputs:
        src = Path(given)
        files = [p for p in sorted(src.rglob("*")) if p.is_file() and CACHE_DIR not in p.parts] if src.is_dir() else [src]
        for p in files:
            dest = out / (p.relative_to(src) if src.is_dir() else p.name)
            if p.resolve() != dest.resolve():
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(p, dest)
            copied.append(dest)
    raws, read_rejects = read_inputs(copied, Settings().max_file_bytes)
    for r in raws:
        r.root = str(out)
    settings = FetchSettings(timeout=args.timeout, per_host_interval=args.interval)
    t0 = time.perf_counter()
    try:
        _, rejects, counts = resolve_url_rows(raws, fetch=True, refresh=args.refresh, settings=settings, progress=_fetch_bar, cache_dir=out / CACHE_DIR)
    except KeyboardInterrupt:
        print(f"interrupted: the pages fetched so far are kept in {out / CACHE_DIR}; run again to fetch the rest", file=sys.stderr)
        return 130
    n_urls = sum(1 for r in raws if r.fetch_url)
    print(f"Fetched {n_urls} URL(s) into {out / CACHE_DIR} in {time.perf_counter() - t0:.1f} s: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    for r in read_rejects + rejects[:20]:
        print(f"  - {r.reason}: {r.detail}")
    print(f"Build with: python -m storylens build {out} --out <folder>")
    return 0


def _fetch_bar(total: int, desc: str):  # type: ignore[no-untyped-def]
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="url", file=sys.stderr)


def make_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m storylens", description="Storylens: news coverage of one story, as traceable tables.")
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build the tables from article files or folders")
    b.add_argument(
        "inputs",
        nargs="+",
        help="files or folders (txt, html, json, jsonl, csv, rtf, docx; LexisNexis/Factiva exports, Media Cloud, news-please, URL lists; folders are read recursively; a manifest.csv in a folder gives known metadata)",
    )
    b.add_argument("--out", required=True, help="output folder for the Parquet tables (replaced atomically)")
    b.add_argument("--model", default=DEFAULT_MODEL, help=f"spaCy model package or path (default {DEFAULT_MODEL})")
    b.add_argument("--workers", type=int, default=1, help="processes for the NLP stage: 1 in this process, more start a local Dask cluster (default 1)")
    b.add_argument(
        "--scheduler",
        default=None,
        help="address of an existing Dask scheduler (tcp://HOST:PORT) to run the NLP stage on (default: $STORYLENS_SCHEDULER, else local)",
    )
    b.add_argument("--corrections", default=None, help="corrections YAML (default: data/corrections.yaml when it exists)")
    b.add_argument("--max-bytes", type=int, default=Settings().max_file_bytes, help="reject input files larger than this")
    b.add_argument(
        "--date-order",
        choices=["DMY", "MDY"],
        default=None,
        help="read numeric field dates like 06/01/2024 day first or month first (default: from the source's language, else MDY)",
    )
    b.add_argument("--fetch", action="store_true", help="fetch URL rows that are not in the fetch cache yet (cached pages are always used)")
    b.add_argument("--refresh", action="store_true", help="refetch every URL row, even cached ones (implies --fetch)")
    b.set_defaults(func=cmd_build)
    f = sub.add_parser("fetch", help="fetch the pages of URL lists / URL rows into a raw folder's fetch cache")
    f.add_argument("inputs", nargs="+", help="URL lists (.txt, one per line), CSV/JSON with a url column (Media Cloud, GDELT), or folders of them")
    f.add_argument("--out", required=True, help="raw folder: the lists are copied there and the pages cached in its .storylens-fetch/")
    f.add_argument("--refresh", action="store_true", help="refetch URLs already in the cache")
    f.add_argument("--timeout", type=float, default=FetchSettings().timeout, help="seconds per connection and read")
    f.add_argument("--interval", type=float, default=FetchSettings().per_host_interval, help="seconds between requests to one host")
    f.set_defaults(func=cmd_fetch)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    if getattr(args, "corrections", None) is None and Path("data/corrections.yaml").exists():
        args.corrections = "data/corrections.yaml"
    try:
        return int(args.func(args))
    except RuntimeError as exc:  # model missing, corrections malformed, output folder locked: say it plainly
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # the pages fetched so far are in the fetch cache; the previous tables are untouched
        print("interrupted: pages fetched so far are kept in the fetch cache; the previous build is unchanged", file=sys.stderr)
        return 130
