"""Learn the attribution cue lexicon from PolNeAR's *train* split; writes storylens/resources/attribution_cues.yaml.

    python benchmarks/polnear_cue_lexicon.py                 # regenerate the data file
    python benchmarks/polnear_cue_lexicon.py --print         # show the table, write nothing

Why learn it: the hand lists in `storylens/compare/quotes/cues.py` were counted on 300 train
articles; error analysis on train 0-150 found most missed attributions had a cue verb in no
list (a long tail: "back", "congratulate", "see", "vow"...). Counting every frame on all 840
train articles gives each lemma the support and precision it has, and the rules read the
frames that pass from the data file (cues.py unions them with its hand lists).

What is counted. For every verb token that stands outside all annotated content (PolNeAR is
univocal: a verb inside someone's content is never a second attribution, so it says nothing
about the verb), and every dependent of it that could hold the content:

- `ccomp` / `xcomp` / `dobj` / `oprd`: the dependent itself;
- `prep:<word>`: the object of a preposition ("call for", "accuse of");

the frame (lemma, dependent) *occurs*; it is a *hit* when the verb lies in a gold Cue span and
the dependent's head word lies in the Content of that same attribution. A frame is kept when
it occurs at least `--min-support` times and its hit rate is at least `--min-precision`
(higher for direct objects and prepositions, `--min-precision-np`: a noun phrase after a verb
is more often a plain participant than reported content). The dev and test splits are never
read.

A frame that occurs at least `--contradicted-support` times with a hit rate below
`--contradicted-rate` is written under `contradicted`: the hand lists drop it (one rate far
below the keep thresholds, so a hand entry goes only when the train split says plainly that
it is not a cue: "told <object>" 27 of 536, "issued <object>" 6 of 37; on dev this raised
source F1 0.726 -> 0.728 and precision 0.787 -> 0.795, where dropping every hand entry below
the keep thresholds lost recall: source F1 0.718).

Output (YAML): per frame, `lemma: [occurrences, hits]`, sorted; the thresholds and the split
used are written at the top so a reader can check any entry.
"""

from __future__ import annotations

import argparse
import bisect
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.data_paths import REPO  # noqa: E402
from benchmarks.quotes_polnear import Attribution, documents, parse_ann  # noqa: E402

OUT = REPO / "storylens" / "resources" / "attribution_cues.yaml"
CLAUSE_DEPS = ("ccomp", "xcomp")
NP_DEPS = ("dobj", "oprd")


def _in(spans: list[tuple[int, int]], i: int) -> bool:
    return any(s <= i < e for s, e in spans)


def frame_counts(docs, parses) -> tuple[Counter, Counter]:
    """(occurrences, hits) per (frame, lemma) over the given parses and their gold."""
    occ: Counter = Counter()
    hit: Counter = Counter()
    for (_name, _text, ann), doc in zip(docs, parses):
        gold: list[Attribution] = parse_ann(ann)
        content = sorted(sp for g in gold for sp in g.spans["content"])
        starts = [s for s, _ in content]

        def in_content(i: int, content=content, starts=starts) -> bool:
            k = bisect.bisect_right(starts, i) - 1
            return any(s <= i < e for s, e in content[max(0, k - 20) : k + 1])

        for tok in doc:
            if tok.pos_ not in ("VERB", "AUX") or in_content(tok.idx):
                continue
            lemma = tok.lemma_.lower()
            mine = [g for g in gold if _in(g.spans["cue"], tok.idx)]
            for c in tok.children:
                frames = []
                if c.dep_ in CLAUSE_DEPS + NP_DEPS:
                    frames.append((c.dep_, c))
                elif c.dep_ == "prep" and c.i > tok.i:
                    obj = next((g for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
                    if obj is not None:
                        frames.append((f"prep:{c.lower_}", obj))
                for frame, head in frames:
                    occ[(frame, lemma)] += 1
                    if any(_in(g.spans["content"], head.idx) for g in mine):
                        hit[(frame, lemma)] += 1
    return occ, hit


def select(occ: Counter, hit: Counter, min_support: int, min_precision: float, min_precision_np: float) -> dict[str, dict[str, list[int]]]:
    """Frames that pass the thresholds, as {frame: {lemma: [occurrences, hits]}}."""
    out: dict[str, dict[str, list[int]]] = {}
    for (frame, lemma), n in occ.items():
        h = hit[(frame, lemma)]
        floor = min_precision if frame in CLAUSE_DEPS else min_precision_np
        if n >= min_support and h / n >= floor and lemma.isalpha():
            out.setdefault(frame, {})[lemma] = [n, h]
    return {f: dict(sorted(out[f].items())) for f in sorted(out)}


def contradicted(occ: Counter, hit: Counter, min_support: int, max_rate: float) -> dict[str, dict[str, list[int]]]:
    """Clause and object frames the train split contradicts: frequent (>= `min_support`) and
    rarely a cue (hit rate < `max_rate`), e.g. "told <object>" (27 of 536: the object is
    the addressee) or "issued <object>" (6 of 37). The hand lists in cues.py drop them."""
    out: dict[str, dict[str, list[int]]] = {}
    for (frame, lemma), n in occ.items():
        h = hit[(frame, lemma)]
        if frame in CLAUSE_DEPS + ("dobj",) and n >= min_support and h / n < max_rate and lemma.isalpha():
            out.setdefault(frame, {})[lemma] = [n, h]
    return {f: dict(sorted(out[f].items())) for f in sorted(out)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--min-support", type=int, default=3)
    ap.add_argument("--min-precision", type=float, default=0.5)
    ap.add_argument("--min-precision-np", type=float, default=0.6)
    ap.add_argument("--contradicted-support", type=int, default=5)
    ap.add_argument("--contradicted-rate", type=float, default=0.3)
    ap.add_argument("--parses", type=Path, default=None, help="a spaCy DocBin of the train texts in `documents('train')` order (skips parsing)")
    ap.add_argument("--print", action="store_true", help="print the frames, write nothing")
    args = ap.parse_args()

    from storylens.nlp import load_nlp

    nlp = load_nlp()
    docs = documents("train")
    if args.parses is not None:
        from spacy.tokens import DocBin

        parses = list(DocBin().from_disk(args.parses).get_docs(nlp.vocab))
    else:
        parses = list(nlp.pipe((t for _, t, _ in docs), batch_size=16))
    occ, hit = frame_counts(docs, parses)
    frames = select(occ, hit, args.min_support, args.min_precision, args.min_precision_np)
    against = contradicted(occ, hit, args.contradicted_support, args.contradicted_rate)
    if args.print:
        for f, lemmas in frames.items():
            print(f, len(lemmas), " ".join(f"{lemma}({n},{h})" for lemma, (n, h) in lemmas.items()))
        return
    lines = [
        "# Attribution cue frames learned from PolNeAR train (benchmarks/polnear_cue_lexicon.py; do not edit by hand).",
        f"# {len(docs)} train articles, first annotator; a frame is kept with >= {args.min_support} occurrences outside annotated",
        f"# content and a hit rate (verb annotated as the cue, dependent inside that content) >= {args.min_precision} for",
        f"# clauses (ccomp, xcomp), >= {args.min_precision_np} for noun phrases (dobj, oprd, prep:<word>).",
        "# lemma: [occurrences, hits]",
        "split: train",
        f"articles: {len(docs)}",
        f"min_support: {args.min_support}",
        f"min_precision: {args.min_precision}",
        f"min_precision_np: {args.min_precision_np}",
        f"contradicted_support: {args.contradicted_support}",
        f"contradicted_rate: {args.contradicted_rate}",
        "frames:",
    ]
    for f, lemmas in frames.items():
        lines.append(f'  "{f}":')
        lines += [f"    {lemma}: [{n}, {h}]" for lemma, (n, h) in lemmas.items()]
    lines.append(f"# Frames with >= {args.contradicted_support} occurrences and a hit rate < {args.contradicted_rate}: the hand lists drop them.")
    lines.append("contradicted:")
    for f, lemmas in against.items():
        lines.append(f'  "{f}":')
        lines += [f"    {lemma}: [{n}, {h}]" for lemma, (n, h) in lemmas.items()]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({sum(len(v) for v in frames.values())} frames)")


if __name__ == "__main__":
    main()
