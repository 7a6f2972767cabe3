"""The quote grouping's per-group classification: member by member against every other
article's members (before) vs `quote_groups.classify_members` (distinct wordings once).

    python benchmarks/quote_group_classify.py [--sizes 50 200 700] [--wordings 12]

Why: a 20,000-article corpus (benchmarks/make_corpus.py: real articles and their variants
with changed names) has quote groups of hundreds of copies of one statement, and the
member-by-member search aligned every member with every other-article member (m^2 word
alignments): the 20k build ran for over half an hour inside it. Each group here is m
quotes of one statement spread over m/2 articles, cut at random ends, some with bracketed
words, under three speaker name forms and three kinds, drawn from `--wordings` distinct
cuts (a story's copies repeat a few wordings). Prints CPU-seconds of both in this process,
their ratio, and checks that both give the same verdicts.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import data_paths  # noqa: E402,F401  (puts the repository on sys.path)

from storylens.compare.quote_groups import _classify, _words_of, classify_members, quote_key  # noqa: E402

STATEMENT_TEXT = "we will not stop until every town along the river is rebuilt and safe for the families who lived there and for the ones who return"
STATEMENT = STATEMENT_TEXT.split()


def make_group(members: int, wordings: int, seed: int) -> list[dict]:
    """`members` quotes of one statement, over members/2 articles, from `wordings` distinct cuts."""
    rng = random.Random(seed)
    cuts = []
    for _ in range(wordings):
        ws = STATEMENT[rng.randint(0, 4) : rng.randint(12, len(STATEMENT))]
        if rng.random() < 0.4:
            ws = [w if rng.random() > 0.1 else f"[{w}]" for w in ws]
        cuts.append(" ".join(ws))
    group = []
    for i in range(members):
        text = rng.choice(cuts)
        kind = rng.choice(["direct", "direct", "indirect", "mixed"])
        speaker = rng.choice(["a1", "a2", "a3"])
        group.append({"article": f"art{rng.randrange(max(1, members // 2))}", "text": text, "kind": kind, "speaker": speaker, "key": quote_key(text, speaker, kind), "i": i})
    return group


def member_by_member(group: list[dict]) -> list[tuple[str, str]]:
    """The search before `classify_members`: each member against every other-article member."""
    for r in group:
        _words_of(r)
    return [_classify(r, [o for o in group if o["article"] != r["article"]]) for r in group]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[50, 200, 700])
    ap.add_argument("--wordings", type=int, default=12)
    args = ap.parse_args()
    print(f"{'members':>8} {'before s':>9} {'after s':>8} {'ratio':>7}")
    for m in args.sizes:
        group = make_group(m, args.wordings, seed=m)
        t = time.process_time()
        before = member_by_member([dict(r) for r in group])
        t_before = time.process_time() - t
        t = time.process_time()
        after = classify_members([dict(r) for r in group])
        t_after = time.process_time() - t
        if before != after:
            raise SystemExit(f"verdicts differ on a group of {m}")
        print(f"{m:8d} {t_before:9.2f} {t_after:8.3f} {t_before / max(t_after, 1e-6):7.1f}x")


if __name__ == "__main__":
    main()
