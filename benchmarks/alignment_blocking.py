"""Sentence alignment inside one large story: the full matrix against the blocked candidates.

    python benchmarks/alignment_blocking.py --sizes 1000 2000 4000 8000 --dense-up-to 4000

One story of n sentences from the BBC News corpus (../shared/benchmarks/bbc-news-fulltext,
one category, articles in name order, sentences split at . ! ? before a capital: the
alignment reads only the text, no parse needed), aligned twice in this process: with the
full similarity matrix (`dense_max` above n) and with the blocked candidates (`dense_max`
0). For each n it prints both times, the rows each finds, the blocked path's recall of the
dense pairs (and whether the two tables are equal), and the growth exponent of each path
between consecutive sizes: log(t2/t1) / log(n2/n1). Wall-clock on a shared machine: read
the exponents and ratios, not the seconds.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
import time
from dataclasses import replace
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from data_paths import BENCHMARKS  # noqa: E402

from storylens.compare.alignments import DEFAULT_PARAMS, align_sentences  # noqa: E402

_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")
KEY = ["story_id", "article_a", "sentence_a", "article_b", "sentence_b"]


def one_story(n: int, category: str = "politics") -> tuple[pd.DataFrame, pd.DataFrame]:
    """The first n sentences of a BBC category as one story (sentences and articles tables)."""
    rows = []
    for path in sorted((BENCHMARKS / "bbc-news-fulltext" / category).glob("*.txt")):
        text = path.read_bytes().decode("latin-1")
        pos = 0
        for k, sent in enumerate(s for s in _SPLIT.split(text.replace("\n", " ")) if s.strip()):
            start = text.find(sent[:20], pos)
            rows.append({"article_id": path.stem, "sentence_id": k, "start": max(start, 0), "end": max(start, 0) + len(sent), "text": sent})
            pos = max(pos, start)
            if len(rows) >= n:
                break
        if len(rows) >= n:
            break
    sentences = pd.DataFrame(rows)
    ids = sentences["article_id"].unique()
    articles = pd.DataFrame({"article_id": ids, "outlet": [f"outlet {i % 7}" for i in range(len(ids))], "story_id": "s1"})
    return sentences, articles


def timed(sentences: pd.DataFrame, articles: pd.DataFrame, dense_max: int) -> tuple[pd.DataFrame, float]:
    t0 = time.perf_counter()
    out = align_sentences(sentences, articles, replace(DEFAULT_PARAMS, dense_max=dense_max))
    return out, time.perf_counter() - t0


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 4000, 8000])
    p.add_argument("--dense-up-to", type=int, default=4000, help="run the full matrix only up to this many sentences (memory)")
    a = p.parse_args()
    prev: dict[str, tuple[int, float]] = {}
    for n in a.sizes:
        sentences, articles = one_story(n)
        blocked, tb = timed(sentences, articles, 0)
        line = f"n={len(sentences)} sentences, {len(articles)} articles: blocked {tb:.2f} s, {len(blocked)} rows"
        times = {"blocked": tb}
        if n <= a.dense_up_to:
            dense, td = timed(sentences, articles, n + 1)
            times["dense"] = td
            found = dense[KEY].merge(blocked[KEY], on=KEY).shape[0]
            line += f"; dense {td:.2f} s, {len(dense)} rows; blocked finds {found / max(len(dense), 1):.1%} of the dense pairs (equal tables: {dense.equals(blocked)}); dense / blocked time {td / tb:.2f}"
        print(line)
        n = len(sentences)  # fewer than asked when the category runs out
        exps = [f"{k} {math.log(t / prev[k][1]) / math.log(n / prev[k][0]):.2f}" for k, t in times.items() if k in prev]
        if exps:
            print("   growth exponents: " + ", ".join(exps))
        prev.update({k: (n, t) for k, t in times.items()})
        sys.stdout.flush()


if __name__ == "__main__":
    main()
