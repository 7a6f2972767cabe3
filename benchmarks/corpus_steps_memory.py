"""Memory of each corpus step, on prefixes of an existing build, in one process.

    python benchmarks/corpus_steps_memory.py BUILD [--sizes 250 500 1000]

Why: a 20,000-article build on 2 workers was killed by the kernel's OOM killer in the corpus
steps (the build process at 16.1 GB RSS), after parsing had finished; this says which step
holds or allocates how much, and how that grows with the corpus. Takes the build's
per-article tables (its cache folder, no parsing), keeps the first N articles of its
order, runs the corpus steps serially (`pipeline._corpus_stage`, no cluster), and samples
this process's RSS every 20 ms. Per step: RSS when it starts, the most it adds while it runs
(peak - start: what it allocates at once) and what it leaves (end - start: what it keeps),
in MB, and the growth exponent of the peak between the two largest sizes. RSS is a rough
gauge (a step reuses what an earlier one freed) and a prefix is not a uniform sample (the
second 500 of make_corpus.py's first 1,000 articles hold 1.7x as many quotes per article):
tracemalloc around one step is the precise measure.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import math
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import data_paths  # noqa: E402,F401  (puts the repository on sys.path)
import pandas as pd  # noqa: E402
from incremental_corpus_steps import _tables  # noqa: E402  (it also makes the step clocks read CPU time)

import storylens.clock as clock_module  # noqa: E402
from storylens import store  # noqa: E402
from storylens.corrections import load_corrections  # noqa: E402
from storylens.pipeline import _corpus_stage  # noqa: E402

PAGE = 4096


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE / 1e6


class Sampler:
    """The largest RSS seen since `reset`, sampled by a background thread."""

    def __init__(self, every: float = 0.02) -> None:
        self.peak = rss_mb()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(every,), daemon=True)
        self._thread.start()

    def _run(self, every: float) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_mb())
            time.sleep(every)

    def reset(self) -> float:
        now = rss_mb()
        self.peak = now
        return now

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


class MemoryClock(clock_module.StageClock):
    """A StageClock that also records each step's RSS: at its start, its peak, at its end."""

    def __init__(self, sampler: Sampler) -> None:
        super().__init__()
        self.sampler = sampler
        self.memory: dict[str, tuple[float, float, float]] = {}

    @contextlib.contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        start = self.sampler.reset()
        with super().__call__(name):
            yield
        end = rss_mb()
        self.memory[name] = (start, max(self.sampler.peak, end) - start, end - start)


def tables_for(build: Path, articles: pd.DataFrame, n: int) -> dict[str, pd.DataFrame]:
    """The per-article tables of the build's first `n` articles, stories unassigned."""
    return _tables(build, set(articles["article_id"].head(n)), articles)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("build", type=Path)
    ap.add_argument("--sizes", type=int, nargs="+", default=[250, 500, 1000])
    args = ap.parse_args()
    articles = store.read_table(args.build, "articles")
    meta = pd.DataFrame(columns=["article_id", "name", "reason"])
    corrections = load_corrections(None)
    sampler = Sampler()
    peaks: dict[int, dict[str, float]] = {}
    for n in sorted(args.sizes):
        gc.collect()
        tables = tables_for(args.build, articles, n)
        base = rss_mb()
        clock = MemoryClock(sampler)
        out = _corpus_stage(tables, meta, [], corrections, None, clock, None)
        print(f"\n{n} articles: RSS {base:.0f} MB with the per-article tables loaded, {rss_mb():.0f} MB after the corpus steps")
        print(f"   {'step':22s} {'start MB':>9} {'peak +MB':>9} {'kept +MB':>9} {'CPU-s':>7}")
        for name, (start, peak, kept) in sorted(clock.memory.items(), key=lambda kv: -kv[1][1]):
            print(f"   {name:22s} {start:9.0f} {peak:9.0f} {kept:9.0f} {clock.cpu_seconds.get(name, 0.0):7.1f}")
        peaks[n] = {name: v[1] for name, v in clock.memory.items()}
        del out, tables
    sampler.stop()
    if len(peaks) >= 2:
        a, b = sorted(peaks)[-2:]
        print(f"\ngrowth exponent of each step's peak, {a} -> {b} articles (1.0 = linear):")
        for name in sorted(peaks[b], key=lambda k: -peaks[b][k]):
            pa, pb = peaks[a].get(name, 0.0), peaks[b][name]
            if pa > 5 and pb > 5:
                print(f"   {name:22s} {math.log(pb / pa) / math.log(b / a):5.2f}  ({pa:.0f} -> {pb:.0f} MB)")


if __name__ == "__main__":
    main()
