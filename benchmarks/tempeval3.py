"""TempEval-3 Task A (timex extraction + normalisation) for `storylens.timeline.timexes.extract_timexes`.

Usage:
  python benchmarks/tempeval3.py [--split platinum|training|both] [--limit N] [--parse] [--errors FILE]

Scoring (restated from TE3, see `storylens.timeline.temporal.timeml.score`): extent strict (same
offsets) and relaxed (overlap) precision/recall/F1, and value F1 (a system expression counts
when it overlaps a gold one and has the same value); the document creation time is given.
`--parse` feeds spaCy Docs (storylens.nlp.load_nlp) so the tense comes from the parse.
Prints per-type value accuracy over matched gold expressions and per-document timing.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.data_paths import BENCHMARKS  # noqa: E402 - the gold corpora: ../shared/benchmarks
from storylens.timeline.temporal.timeml import Scores, read_dir, score  # noqa: E402
from storylens.timeline.timexes import extract_timexes  # noqa: E402

ROOT = BENCHMARKS / "tempeval3"
SPLITS = {"platinum": ROOT / "Evaluation" / "te3-platinum", "training": ROOT / "Training"}


def evaluate(directory: Path, limit: int | None = None, nlp=None, errors: list[str] | None = None):
    """Score every document of a split; returns (Scores, per-type Counters, timing dict, number of docs)."""
    docs = read_dir(directory)[:limit]
    total = Scores()
    per_type: dict[str, Counter] = {}
    spent = worst = 0.0
    chars = 0
    for d in docs:
        doc = nlp(d.text) if nlp is not None else None
        t0 = time.perf_counter()
        df = extract_timexes(d.text, d.dct, doc=doc)
        took = time.perf_counter() - t0
        spent += took
        worst = max(worst, took)
        chars += len(d.text)
        system = list(zip(df["start"], df["end"], df["type"], df["value"]))
        total.add(score(system, d.timexes))
        for g in d.timexes:
            hit = next(((a, b, t, v) for a, b, t, v in system if a < g.end and g.start < b), None)
            c = per_type.setdefault(g.type, Counter())
            c["n"] += 1
            if hit:
                c["found"] += 1
                c["ok"] += hit[3] == g.value
            if errors is not None and (hit is None or hit[3] != g.value):
                sys_txt = f"{d.text[hit[0] : hit[1]]!r} {hit[3]}" if hit else "MISSED"
                errors.append(f"{d.name}\t{d.dct_value[:10]}\t{g.type}\t{g.text!r}\t{g.value}\t{sys_txt}")
        if errors is not None:
            for a, b, t, v in system:
                if not any(a < g.end and g.start < b for g in d.timexes):
                    errors.append(f"{d.name}\t{d.dct_value[:10]}\tSPURIOUS\t{d.text[a:b]!r}\t{t} {v}\t")
    timing = {"ms_doc": 1000 * spent / max(1, len(docs)), "ms_max": 1000 * worst, "ms_per_kchar": 1000 * spent / max(1, chars / 1000)}
    return total, per_type, timing, len(docs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", default="both", choices=["platinum", "training", "both"])
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--parse", action="store_true", help="give extract_timexes a spaCy Doc (tense from the parse)")
    ap.add_argument("--errors", type=Path, default=None, help="write every value error / miss / spurious span here")
    args = ap.parse_args()
    nlp = None
    if args.parse:
        from storylens.nlp import load_nlp

        nlp = load_nlp()
    errors: list[str] = []
    splits = ["platinum", "training"] if args.split == "both" else [args.split]
    print(
        f"{'split':<10}{'docs':>5}{'gold':>6}{'sys':>6} | {'strict P':>8}{'R':>7}{'F1':>7} | {'relax P':>8}{'R':>7}{'F1':>7} | {'value F1':>8} {'type F1':>8} | ms/doc   max /1k chars"
    )
    per_split = {}
    for name in splits:
        s, per_type, tm, n = evaluate(SPLITS[name], args.limit, nlp, errors if args.errors else None)
        per_split[name] = per_type
        sp, sr, sf = s.strict_prf
        rp, rr, rf = s.relaxed_prf
        print(
            f"{name:<10}{n:>5}{s.n_gold:>6}{s.n_sys:>6} | {sp:8.2f}{sr:7.2f}{sf:7.2f} | {rp:8.2f}{rr:7.2f}{rf:7.2f} | {s.value_prf[2]:8.2f} {s.type_prf[2]:8.2f} | {tm['ms_doc']:6.2f} {tm['ms_max']:5.1f} {tm['ms_per_kchar']:5.2f}"
        )
    print("\nper gold type: found (overlap) / value correct among found / n")
    for name, per_type in per_split.items():
        for typ in ("DATE", "TIME", "DURATION", "SET"):
            c = per_type.get(typ, Counter())
            if c["n"]:
                print(
                    f"  {name:<10}{typ:<9} found {c['found']:>4}/{c['n']:<4}  value ok {c['ok']:>4}/{c['found']:<4} ({100 * c['ok'] / max(1, c['found']):.1f} %)"
                )
    if args.errors:
        args.errors.write_text("\n".join(errors) + "\n")
        print(f"\n{len(errors)} error lines written to {args.errors}")


if __name__ == "__main__":
    main()
