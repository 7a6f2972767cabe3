"""A large build for the dashboard budgets, made by replicating a real build's tables.

Why not a real build: a 20,000-article NLP build costs hours of CPU on this machine. The
dashboard's cost depends on table sizes and shapes, not on what the text says, so copies
of a real build's rows measure it honestly: every copy gets fresh ids (article, story and
every id that embeds them: `<article_id>:<start>-<end>`) and dates shifted by a few days,
so stories, timelines and article pickers see distinct articles. Actors are shared by all
copies (one actor table, mentions of it everywhere), which is what a corpus on one long
story looks like. The result is NOT a corpus to analyse: only to measure the dashboard.

    python benchmarks/replicate_build.py --src data/processed --articles 20000 --out /tmp/big/processed
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from storylens import store  # noqa: E402
from storylens.tables import ALL_TABLES  # noqa: E402

MARK = "\x00"


def _template(v: object, ids: list[str]) -> object:
    """`v` with MARK after every source id in it (lists element by element); copies fill MARK in."""
    if isinstance(v, str):
        for i in ids:
            if i in v:
                v = v.replace(i, i + MARK)
        return v
    if hasattr(v, "__len__") and not isinstance(v, bytes | dict):
        return [_template(x, ids) for x in list(v)]
    return v


def _fill(v: object, suffix: str) -> object:
    if isinstance(v, str):
        return v.replace(MARK, suffix) if MARK in v else v
    if isinstance(v, list):
        return [_fill(x, suffix) for x in v]
    return v


def replicate(src: Path, n_articles: int, out: Path) -> dict[str, int]:
    tables = store.load(src)
    arts = tables["articles"]
    copies = max(1, math.ceil(n_articles / max(len(arts), 1)))
    ids = sorted(set(arts["article_id"].astype(str)) | set(arts["story_id"].dropna().astype(str)), key=len, reverse=True)
    suffixes = [f"r{k:05d}" for k in range(copies)]
    shifts = np.array([(k % 365) * 2 for k in range(copies)], dtype="timedelta64[D]")
    out_tables: dict[str, pd.DataFrame] = {}
    for name, df in tables.items():
        if name in {"actors", "rejects"} or df.empty:
            out_tables[name] = df
            continue
        spec = ALL_TABLES[name]
        n = len(df)
        big = {}
        for col in spec.columns:
            if col.name not in df.columns:
                continue
            values = df[col.name].tolist()
            if col.dtype in {"string", "list"} and col.name not in {"text", "removed", "title"}:
                tmpl = [_template(v, ids) for v in values]
                if any(isinstance(t, str) and MARK in t or isinstance(t, list) for t in tmpl):
                    big[col.name] = [_fill(t, sfx) for sfx in suffixes for t in tmpl]
                    continue
            if col.dtype == "date":
                base = pd.to_datetime(pd.Series(values), errors="coerce").to_numpy(dtype="datetime64[D]")
                shifted = (np.tile(base, copies) + np.repeat(shifts, n)).astype("datetime64[D]")
                big[col.name] = [None if np.isnat(d) else d.astype(dt.date) for d in shifted]
                continue
            big[col.name] = values * copies
        out_tables[name] = pd.DataFrame(big)
        if name == "articles":
            out_tables[name] = out_tables[name].iloc[:n_articles]
    info = store.read_build_info(src)
    info["replicated"] = {"from": str(src), "copies": copies, "note": "benchmark only: copies of a real build with fresh ids and shifted dates"}
    store.write_tables(out_tables, out, info)
    return {k: len(v) for k, v in out_tables.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--src", type=Path, default=Path(__file__).resolve().parents[1] / "data" / "processed")
    ap.add_argument("--articles", type=int, default=20_000)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    t0 = time.perf_counter()
    counts = replicate(args.src, args.articles, args.out)
    print(json.dumps(counts, indent=1))
    print(f"wrote {args.out} in {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
