"""Publication-date inference (`storylens.timeline.timexes.infer_published`) on TempEval-3 with the
document creation time hidden, plus the two seed articles.

Usage:
  python benchmarks/infer_published.py [--split platinum|training|both] [--limit N] [--show]

For each document the plain <TEXT> is given (no DCT), once alone and once with its file name
(the archive's document id, as a build sees a file's name); the inferred day is compared with the DCT: share exact, share within
7 days, share with no answer, share exact among answered. `--show` prints every guess and
its evidence.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.data_paths import BENCHMARKS, REPO  # noqa: E402 - the gold corpora: ../shared/benchmarks
from storylens.ingest.manifest import read_manifest  # noqa: E402
from storylens.timeline.temporal.timeml import read_dir  # noqa: E402
from storylens.timeline.timexes import infer_published, infer_published_corpus  # noqa: E402

ROOT = BENCHMARKS / "tempeval3"
SPLITS = {"platinum": ROOT / "Evaluation" / "te3-platinum", "training": ROOT / "Training"}
SEEDS = REPO / "data" / "raw"


def seed_urls() -> dict[str, str | None]:
    """The urls the seeds came with, as the bundled sample's manifest gives them (file stem -> url)."""
    manifest = read_manifest(SEEDS)
    return {p.stem: manifest.lookup(p.name).get("url") for p in sorted(SEEDS.glob("*.txt"))}


def evaluate(directory: Path, limit: int | None = None, show: bool = False, docid: bool = False) -> dict[str, float]:
    """Text alone, or (docid=True) the text plus the file name, which for these documents is the
    archive's id: news archive ids, like urls, often carry the day ("APW19980807.0261",
    "CNN_20130322_314"). A build passes every file's name the same way."""
    docs = [d for d in read_dir(directory) if d.dct][:limit]
    exact = near = none = 0
    t0 = time.perf_counter()
    for d in docs:
        day, conf, ev = infer_published(d.text, None, f"{d.name}.tml" if docid else None)
        if day is None:
            none += 1
        else:
            exact += day == d.dct
            near += abs((day - d.dct).days) <= 7
        if show:
            print(f"  {d.name:<40} dct {d.dct}  got {day}  conf {conf:.2f}  {ev[:160]}")
    n = max(1, len(docs))
    answered = max(1, len(docs) - none)
    return {
        "docs": len(docs),
        "exact": 100 * exact / n,
        "within7": 100 * near / n,
        "none": 100 * none / n,
        "exact_answered": 100 * exact / answered,
        "ms_per_doc": 1000 * (time.perf_counter() - t0) / n,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", default="both", choices=["platinum", "training", "both"])
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--show", action="store_true")
    args = ap.parse_args()
    print(f"{'split':<10}{'input':<14}{'docs':>5} {'exact %':>8} {'<=7d %':>8} {'none %':>8} {'exact/answered %':>17} {'ms/doc':>7}")
    for name in ["platinum", "training"] if args.split == "both" else [args.split]:
        for docid in (False, True):
            r = evaluate(SPLITS[name], args.limit, args.show, docid)
            label = "text + file" if docid else "text alone"
            print(
                f"{name:<10}{label:<14}{r['docs']:>5} {r['exact']:8.1f} {r['within7']:8.1f} {r['none']:8.1f} {r['exact_answered']:17.1f} {r['ms_per_doc']:7.1f}"
            )
    print("\nseeds (truth 2024-01-05 for both):")
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}
    urls = seed_urls()
    for stem, text in texts.items():
        for label, url in (("text alone", None), ("text + url", urls.get(stem))):
            day, conf, ev = infer_published(text, url)
            print(f"  {stem} {label:<11} -> {day}  conf {conf:.2f}  {ev[:200]}")
    for label, given in (("corpus, no urls", {}), ("corpus, urls", urls)):
        corpus = infer_published_corpus(texts, {k: given.get(k) for k in texts})
        for stem, (day, conf, ev) in corpus.items():
            print(f"  {stem} {label} -> {day}  conf {conf:.2f}  {ev[:200]}")


if __name__ == "__main__":
    main()
