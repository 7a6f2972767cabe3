"""How a build grows with the corpus: per-stage seconds, peak RSS, output size, growth exponents.

    python benchmarks/build_scaling.py --sizes 1000 5000 --workers 1 2
    python benchmarks/build_scaling.py --corpus-steps-from /tmp/scaling/o5000_w1 --steps-sizes 1000 2000 5000

Corpora come from benchmarks/make_corpus.py (the same seeded order, so the 1k corpus is the
first 1,000 of the 5k one). Each build runs in its own `python -m storylens build` process
(peak RSS is per process: the build's VmHWM and each Dask worker's, from build_info.json).
For every size it prints the stages' seconds, the 2-worker speed ratio, the rebuild with
nothing changed and with one article added (as shares of the full build), the build's
per-article throughput against raw `nlp.pipe` on the same texts in this process, and the
growth exponent of each corpus step between consecutive sizes: log(t2/t1) / log(n2/n1).

`--corpus-steps-from` times the corpus steps alone (no parsing) on prefixes of an existing
build's per-article tables: exponents at sizes the NLP stage would take hours to reach.
Seconds are wall-clock on whatever else the machine runs: read the ratios, not the times.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from data_paths import REPO  # noqa: E402
from make_corpus import Article, make_corpus, variant  # noqa: E402

CORPUS_STEPS = ("actors", "quote groups", "citations", "interactions", "labels", "stories", "alignments", "claims", "timeline", "duplicates")


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _children_cpu() -> float:
    """CPU-seconds (user + system) of the finished child processes: the build's own, read
    when the machine is shared, where wall-clock seconds measure the other sessions too."""
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def run_build(corpus: Path, out: Path, workers: int) -> dict:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    t0 = time.perf_counter()
    cpu0 = _children_cpu()
    r = subprocess.run(
        [sys.executable, "-m", "storylens", "build", str(corpus), "--out", str(out), "--workers", str(workers)],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - t0
    cpu = _children_cpu() - cpu0
    if r.returncode != 0:
        raise SystemExit(f"build of {corpus} failed:\n{r.stderr[-3000:]}")
    info = json.loads((out / "build_info.json").read_text())
    return {"wall": wall, "cpu": cpu, "info": info, "bytes": _size(out) - _size(out / "cache") if (out / "cache").exists() else _size(out)}


def analysed_texts(build: Path) -> list[str]:
    """The clean texts a build parsed (its analysed articles), in the build's order."""
    from storylens import store

    arts = store.read_table(build, "articles")
    return arts.loc[arts["status"] == "analysed", "text"].tolist()


def raw_pipe_cpu(texts: list[str], sample: int = 0) -> dict[str, float]:
    """CPU-seconds (this process, time.process_time) of plain nlp.pipe per article and per token.

    On the texts the build parsed, all of them unless `sample` > 0 (then a seeded random
    sample, and the per-token figure is the one to compare). Why: this baseline used to
    pipe the first 150 raw files in name order, which are the corpus's shortest sources
    (BASIL and BBC: 498 tokens per article against 808 over the first 1,000 articles), so
    it undercounted what nlp.pipe costs per article of the corpus (and read wall-clock
    seconds, which a shared machine inflates)."""
    import random

    from storylens.nlp import load_nlp

    nlp = load_nlp()
    chosen = random.Random(0).sample(texts, sample) if 0 < sample < len(texts) else texts
    n_tokens = sum(len(d) for d in nlp.tokenizer.pipe(chosen))
    for _ in nlp.pipe(chosen[:3]):  # one-off warm-up outside the clock
        pass
    c0 = time.process_time()
    for _ in nlp.pipe(chosen, batch_size=32):
        pass
    cpu = time.process_time() - c0
    return {"per_article": cpu / len(chosen), "per_token": cpu / n_tokens, "articles": len(chosen), "tokens": n_tokens}


def exponent(n1: int, t1: float, n2: int, t2: float) -> float:
    return math.log(max(t2, 1e-3) / max(t1, 1e-3)) / math.log(n2 / n1)


def scaling(sizes: list[int], workers: list[int], work: Path, raw_sample: int = 0) -> dict:
    results: dict = {}
    for n in sizes:
        corpus = work / f"c{n}"
        if not corpus.exists():
            make_corpus(corpus, n)
        for w in workers:
            out = work / f"o{n}_w{w}"
            res = run_build(corpus, out, w)
            results[(n, w)] = res
            if w == 1:  # the texts of this build, before the rebuilds below add an article
                res["texts"] = analysed_texts(out)
            st = res["info"]["stage_seconds"]
            rss = res["info"]["peak_rss_bytes"]
            workers_rss = ", ".join(f"{v / 2**20:.0f}" for v in rss["workers"].values()) or "-"
            print(
                f"n={n} workers={w}: {res['wall']:.1f} s wall, {res['cpu']:.1f} CPU-s; build process peak {rss['build'] / 2**20:.0f} MB, workers {workers_rss} MB; tables {res['bytes'] / 2**20:.1f} MB"
            )
            print("   " + ", ".join(f"{k} {v:.1f}" for k, v in sorted(st.items(), key=lambda kv: -kv[1])), flush=True)
            cpu_st = res["info"].get("stage_cpu_seconds") or {}
            if cpu_st:
                print("   CPU-s: " + ", ".join(f"{k} {v:.1f}" for k, v in sorted(cpu_st.items(), key=lambda kv: -kv[1])), flush=True)
            cpu_procs = res["info"].get("cpu_seconds") or {}
            if cpu_procs:
                workers_cpu = ", ".join(f"{v:.1f}" for v in (cpu_procs.get("workers") or {}).values()) or "-"
                print(f"   CPU-s per process: build {cpu_procs.get('build', 0):.1f}, workers {workers_cpu}", flush=True)
        if 1 in workers:
            out = work / f"o{n}_w1"
            full, full_cpu = results[(n, 1)]["wall"], results[(n, 1)]["cpu"]
            same_run = run_build(corpus, out, 1)
            same, same_cpu = same_run["wall"], same_run["cpu"]
            extra = corpus / "zz_added_article.txt"
            # A variant of the corpus's first article (names changed, paragraphs shuffled): new,
            # but like the rest; made from the corpus so that no other corpus is read again.
            first = sorted(corpus.glob("*.txt"))[0]
            extra.write_text(variant(Article(first.stem, first.read_text(encoding="utf-8")), 999).text, encoding="utf-8")
            added = run_build(corpus, out, 1)
            extra.unlink()
            results[(n, "rebuild")] = {"unchanged": same, "added": added["wall"], "full": full, "added_stages": added["info"]["stage_seconds"]}
            print(
                f"   rebuild, nothing changed: {same:.1f} s ({same / full:.1%} of the full build), {same_cpu:.1f} CPU-s ({same_cpu / full_cpu:.1%}); "
                f"1 article added: {added['wall']:.1f} s ({added['wall'] / full:.1%}), {added['cpu']:.1f} CPU-s ({added['cpu'] / full_cpu:.1%})"
            )
            print("   1 article added, stages: " + ", ".join(f"{k} {v:.2f}" for k, v in sorted(added["info"]["stage_seconds"].items(), key=lambda kv: -kv[1])))
            cpu_stages = added["info"].get("stage_cpu_seconds") or {}
            if cpu_stages:
                print("   1 article added, CPU-s of the build process per stage: " + ", ".join(f"{k} {v:.2f}" for k, v in sorted(cpu_stages.items(), key=lambda kv: -kv[1])))
        if 1 in workers and 2 in workers:
            print(f"   2 workers vs 1: {results[(n, 1)]['wall'] / results[(n, 2)]['wall']:.2f}x faster")
    if 1 in workers:
        from storylens.nlp import load_nlp

        tokenizer = load_nlp().tokenizer
        for n in sizes:
            texts = results[(n, 1)]["texts"]
            raw = raw_pipe_cpu(texts, raw_sample)
            info = results[(n, 1)]["info"]
            cpu = info.get("stage_cpu_seconds", {}).get("analyse", 0.0)
            n_tokens = raw["tokens"] if raw["articles"] == len(texts) else sum(len(d) for d in tokenizer.pipe(texts))
            per, per_token = cpu / max(1, len(texts)), cpu / max(1, n_tokens)
            print(
                f"n={n}: raw nlp.pipe on {raw['articles']} of the build's {len(texts)} texts {raw['per_article']:.4f} CPU-s/article "
                f"({raw['per_token'] * 1e3:.3f} ms/token); the build's analyse stage {per:.4f} CPU-s/article ({per_token * 1e3:.3f} ms/token): "
                f"throughput ratio {raw['per_token'] / per_token:.2f} per token, {raw['per_article'] / per:.2f} per article"
            )
        for a, b in zip(sizes, sizes[1:]):
            sa, sb = results[(a, 1)]["info"]["stage_seconds"], results[(b, 1)]["info"]["stage_seconds"]
            print(f"growth exponents {a} -> {b}: " + ", ".join(f"{s} {exponent(a, sa.get(s, 0), b, sb.get(s, 0)):.2f}" for s in CORPUS_STEPS if s in sa))
    return results


def corpus_steps_only(build_dir: Path, sizes: list[int]) -> None:
    """The corpus steps alone on the first n articles of a build's per-article tables."""
    import pandas as pd

    from storylens import store
    from storylens.clock import StageClock
    from storylens.corrections import load_corrections
    from storylens.ingest.batch import duplicates_of
    from storylens.pipeline import _corpus_stage

    cache = store.read_cache(build_dir)
    articles = store.read_table(build_dir, "articles")
    previous: dict[str, float] | None = None
    prev_n = prev_sents = 0
    shuffled = articles.sample(frac=1.0, random_state=0)  # files are read in name order, which is by source
    for n in sizes:
        arts = shuffled.head(n).sort_index().copy()
        arts["story_id"] = pd.NA
        ids = set(arts["article_id"])
        tables = {name: df[df["article_id"].isin(ids)].reset_index(drop=True) for name, df in cache.items()}
        tables["articles"] = arts
        clock = StageClock()
        t0 = time.perf_counter()
        with clock("duplicates"):
            duplicates_of(arts.to_dict("records"), 0.9)
        out = _corpus_stage(tables, pd.DataFrame(columns=["article_id", "name", "reason"]), [], load_corrections(None), None, clock)
        total = time.perf_counter() - t0
        rss = Path("/proc/self/status").read_text().split("VmRSS:")[1].split()[0]
        print(
            f"corpus steps on {n} articles ({len(tables['sentences'])} sentences): {total:.1f} s; alignments {len(out['alignments'])}; RSS {int(rss) / 1024:.0f} MB\n   "
            + ", ".join(f"{s} {clock.seconds.get(s, 0):.2f}" for s in CORPUS_STEPS)
        )
        n_sents = len(tables["sentences"])
        if previous is not None:
            print(
                f"   growth exponents {prev_n} -> {n} articles: "
                + ", ".join(f"{s} {exponent(prev_n, previous.get(s, 0), n, clock.seconds.get(s, 0)):.2f}" for s in CORPUS_STEPS)
            )
            print(
                f"   per sentence ({prev_sents} -> {n_sents}): "
                + ", ".join(f"{s} {exponent(prev_sents, previous.get(s, 0), n_sents, clock.seconds.get(s, 0)):.2f}" for s in CORPUS_STEPS)
            )
        previous, prev_n, prev_sents = dict(clock.seconds), n, n_sents


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    p.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    p.add_argument("--work", type=Path, default=Path("/tmp/storylens_scaling"))
    p.add_argument("--corpus-steps-from", type=Path, default=None, help="a build folder: time the corpus steps alone on prefixes of it")
    p.add_argument("--steps-sizes", type=int, nargs="+", default=[1000, 2000, 5000])
    p.add_argument("--raw-sample", type=int, default=0, help="pipe only this many of the build's texts for the nlp.pipe baseline (0 = all); compare per token")
    a = p.parse_args()
    if a.corpus_steps_from:
        corpus_steps_only(a.corpus_steps_from, a.steps_sizes)
        return
    a.work.mkdir(parents=True, exist_ok=True)
    scaling(a.sizes, a.workers, a.work, a.raw_sample)


if __name__ == "__main__":
    main()
