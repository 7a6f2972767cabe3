"""What the corpus steps of a rebuild that adds one article cost, step by step, in CPU-seconds.

    python benchmarks/incremental_corpus_steps.py /tmp/sl12_w1k/o1000_w1 [--profile 25]

Takes an existing build's per-article tables (its cache folder, no parsing here), runs the
corpus steps on all its articles but one (a from-scratch build of N: it leaves the
per-story cache, compare.story_cache, with the quote grouping's, quote_groups.QuoteCache), then on all N + 1 with that cache, as a rebuild that
adds the held-out article does. Prints each step's CPU-seconds for both and the share of the
second in the first; `--profile K` adds cProfile's K costliest functions of the second run.
CPU time of this process (time.process_time), not wall-clock: the machine is shared.
The held-out article is the one in the middle of the build's own order (an article in a
story of several when there is one), so it is neither first nor last in any table.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
import types
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import data_paths  # noqa: E402,F401  (puts the repository on sys.path)
import pandas as pd  # noqa: E402

import storylens.clock as clock_module  # noqa: E402
from storylens import store  # noqa: E402
from storylens.analyze import CODE_FINGERPRINT  # noqa: E402
from storylens.clock import StageClock  # noqa: E402
from storylens.corrections import load_corrections  # noqa: E402
from storylens.pipeline import _corpus_stage  # noqa: E402

# Every StageClock of the corpus steps (theirs included) reads CPU time instead of wall-clock.
clock_module.time = types.SimpleNamespace(perf_counter=time.process_time, process_time=time.process_time)  # type: ignore[assignment]


def _tables(build: Path, ids: set[str], articles: pd.DataFrame) -> dict[str, pd.DataFrame]:
    cache = store.read_cache(build)
    tables = {name: df[df["article_id"].isin(ids)].reset_index(drop=True) for name, df in cache.items()}
    arts = articles[articles["article_id"].isin(ids)].reset_index(drop=True).copy()
    arts["story_id"] = pd.NA
    tables["articles"] = arts
    return tables


def run(build: Path, profile: int) -> None:
    articles = store.read_table(build, "articles")
    sizes = articles["story_id"].map(articles["story_id"].value_counts())
    candidates = articles.index[(sizes > 2).to_numpy()]
    held = articles.loc[candidates[len(candidates) // 2] if len(candidates) else len(articles) // 2, "article_id"]
    all_ids = set(articles["article_id"])
    meta = pd.DataFrame(columns=["article_id", "name", "reason"])
    corrections = load_corrections(None)

    first = StageClock()
    t0 = time.process_time()
    out = _corpus_stage(_tables(build, all_ids - {held}, articles), meta, [], corrections, None, first, None)
    full_cpu = time.process_time() - t0
    cache = out.pop("_story_cache")
    # The cache as the next build reads it: written and read back (compare.story_cache).
    from storylens.compare.story_cache import read_cache, write_cache

    tmp = build.parent / f"{build.name}.bench-cache"
    write_cache(cache, tmp)
    t1 = time.process_time()
    previous = read_cache(tmp)
    read_cpu = time.process_time() - t1

    second = StageClock()
    prof = cProfile.Profile() if profile else None
    t2 = time.process_time()
    if prof:
        prof.enable()
    out2 = _corpus_stage(_tables(build, all_ids, articles), meta, [], corrections, None, second, previous)
    if prof:
        prof.disable()
    inc_cpu = time.process_time() - t2 + read_cpu
    c2 = out2.pop("_story_cache")
    print(f"{len(all_ids) - 1} -> {len(all_ids)} articles (held out {held}); code {CODE_FINGERPRINT}")
    print(f"corpus steps from scratch on N: {full_cpu:.1f} CPU-s; with one article added and the cache: {inc_cpu:.1f} CPU-s ({inc_cpu / full_cpu:.1%})")
    print(f"   stories aligned: {c2.reused} reused, {c2.computed} computed; reading the cache {read_cpu:.2f} CPU-s")
    if c2.quotes is not None:
        q = c2.quotes
        print(f"   quote pairs and groups judged: {q.reused} reused, {q.computed} computed ({len(q.pairs)} pairs, {len(q.groups)} groups)")
    for name in sorted(set(first.seconds) | set(second.seconds), key=lambda k: -first.seconds.get(k, 0)):
        a, b = first.seconds.get(name, 0.0), second.seconds.get(name, 0.0)
        print(f"   {name:20s} {a:7.2f} -> {b:7.2f} CPU-s" + (f" ({b / a:.0%})" if a > 0.01 else ""))
    if prof:
        s = io.StringIO()
        pstats.Stats(prof, stream=s).sort_stats("cumulative").print_stats(profile)
        print(s.getvalue())
    import shutil

    shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("build", type=Path)
    p.add_argument("--profile", type=int, default=0)
    a = p.parse_args()
    run(a.build, a.profile)


if __name__ == "__main__":
    main()
