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

    settings = Settings(model=args.model, workers=args.workers, scheduler=args.scheduler, max_file_bytes=args.max_bytes)
    t0 = time.perf_counter()
    tables = build(args.inputs, args.out, settings=settings, corrections_path=args.corrections)
    print(_summary(tables, time.perf_counter() - t0, Path(args.out)))
    return 0


def make_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m storylens", description="Storylens: news coverage of one story, as traceable tables.")
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build the tables from article files or folders")
    b.add_argument(
        "inputs",
        nargs="+",
        help="files or folders (txt, html, json, jsonl, csv; folders are read recursively; a manifest.csv in a folder gives known metadata)",
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
    b.set_defaults(func=cmd_build)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    if getattr(args, "corrections", None) is None and Path("data/corrections.yaml").exists():
        args.corrections = "data/corrections.yaml"
    try:
        return int(args.func(args))
    except RuntimeError as exc:  # model missing, corrections malformed: say it plainly
        print(f"error: {exc}", file=sys.stderr)
        return 2
