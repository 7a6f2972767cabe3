"""Train the attribution cue model on PolNeAR's *train* split; writes storylens/resources/attribution_cue_model.json.

    python benchmarks/polnear_cue_model.py                       # train on train, threshold on dev, write
    python benchmarks/polnear_cue_model.py --print               # the same, write nothing
    python benchmarks/polnear_cue_model.py --parses-dir DIR      # DIR/{train,dev}.spacy: DocBins of the texts

What is learned (see `storylens/compare/quotes/learned.py`), two logistic regressions
(scikit-learn, L2, `--c`) over binary features of a verb in its parse, fitted on train:

- `add`: every verb the rule passes leave alone (run with the model off) that has a subject
  and a complement after it (`learned.candidates`);
- `keep`: every attribution the verb-frame rules find (`extract.rule_indirect`).

An example is a positive when its verb lies in a gold Cue span of an attribution whose gold
Source shares a character with the example's subject phrase, i.e. when it gives a right
source. One feature family is the lemma's cue rate on train (`lemma_rates`: verbs outside
annotated content, [occurrences, hits in a gold cue]), binned, with back-off for rare
lemmas. Features seen fewer than `--min-count` times are dropped before fitting. The
thresholds (`threshold` for adding, `drop_threshold` for keeping) are the pair, of a grid,
that gives the best source overlap F1 on dev (`benchmarks/quotes_polnear.py`'s scorer) with
content overlap F1 at most `CONTENT_SLACK` below the model off; test is never read.

Output (JSON): the thresholds, the dev figures, per part the bias, the weights (feature ->
weight, 4 decimals) and per feature its train counts [examples, positives], and the lemma
rates, so a reader can see what each weight rests on. No article text is stored.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.data_paths import REPO  # noqa: E402
from benchmarks.quotes_polnear import Counts, documents, parse_ann  # noqa: E402

OUT = REPO / "storylens" / "resources" / "attribution_cue_model.json"
THRESHOLDS = [0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6]
DROP_THRESHOLDS = [0.0, 0.2, 0.3, 0.4, 0.5]
CONTENT_SLACK = 0.01  # content overlap F1 on dev may fall at most this much below the model off


def _parses(split: str, docs, parses_dir: Path | None):
    from storylens.nlp import load_nlp

    nlp = load_nlp()
    if parses_dir is not None:
        from spacy.tokens import DocBin

        return list(DocBin().from_disk(parses_dir / f"{split}.spacy").get_docs(nlp.vocab))
    return list(nlp.pipe((t for _, t, _ in docs), batch_size=16))


def _taken(rows) -> list[tuple[int, int]]:
    out = []
    for r in rows:
        out.append((r["start"], r["end"]))
        for a, b in (("cue_start", "cue_end"), ("source_start", "source_end")):
            if r[a] is not None:
                out.append((r[a], r[b]))
    return out


def lemma_rates(docs, parses) -> dict[str, list[int]]:
    """{lemma: [occurrences, hits]} of verbs outside annotated content; a hit lies in a gold cue."""
    n: Counter = Counter()
    h: Counter = Counter()
    for (_name, _text, ann), doc in zip(docs, parses):
        gold = parse_ann(ann)
        content = [sp for g in gold for sp in g.spans["content"]]
        cues = [sp for g in gold for sp in g.spans["cue"]]
        for tok in doc:
            if tok.pos_ in ("VERB", "AUX") and not any(s <= tok.idx < e for s, e in content):
                lemma = tok.lemma_.lower()
                n[lemma] += 1
                h[lemma] += any(s <= tok.idx < e for s, e in cues)
    return {lemma: [n[lemma], h[lemma]] for lemma in sorted(n) if lemma.isalpha()}


def examples(docs, parses, rates) -> dict[str, tuple[list[list[str]], list[int]]]:
    """{"keep": the rules' verb-frame attributions, "add": the candidate verbs the rules left
    alone}: (features, label) of each in the given articles."""
    from storylens.compare.quotes.extract import doc_quote_spans, quote_records, rule_indirect
    from storylens.compare.quotes.learned import candidates, rule_features

    out: dict[str, tuple[list[list[str]], list[int]]] = {"keep": ([], []), "add": ([], [])}
    for (_name, text, ann), doc in zip(docs, parses):
        gold = parse_ann(ann)
        quoted = [(s, e) for s, e, _ in doc_quote_spans(doc)]
        for a in rule_indirect(doc, quoted):
            feats = rule_features(doc, a, quoted, rates)
            if feats is not None:
                out["keep"][0].append(feats)
                out["keep"][1].append(int(_right(gold, doc[a.verb].idx, a.source)))
        rows = quote_records(text, doc, learned=False)
        for tok, feats, att in candidates(doc, _taken(rows), quoted, rates):
            out["add"][0].append(feats)
            out["add"][1].append(int(_right(gold, tok.idx, att.source)))
    return out


def _right(gold, cue_at: int, source: tuple[int, int]) -> bool:
    """The verb lies in a gold cue whose gold source shares a character with `source`."""
    src = set(range(*source))
    return any(any(s <= cue_at < e for s, e in g.spans["cue"]) and any(src & set(range(s, e)) for s, e in g.spans["source"]) for g in gold)


def fit(X: list[list[str]], y: list[int], c: float, min_count: int) -> dict:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    n: Counter = Counter()
    pos: Counter = Counter()
    for feats, label in zip(X, y):
        for f in set(feats):
            n[f] += 1
            pos[f] += label
    keep = {f for f, k in n.items() if k >= min_count}
    vec = DictVectorizer()
    M = vec.fit_transform([{f: 1 for f in feats if f in keep} for feats in X])
    clf = LogisticRegression(C=c, max_iter=2000)
    clf.fit(M, y)
    weights = {f: round(float(w), 4) for f, w in zip(vec.get_feature_names_out(), clf.coef_[0]) if abs(w) >= 1e-4}
    return {
        "examples": len(y),
        "positives": sum(y),
        "bias": round(float(clf.intercept_[0]), 4),
        "weights": dict(sorted(weights.items())),
        "counts": {f: [n[f], pos[f]] for f in sorted(weights)},
    }


def dev_scores(model: dict, docs, parses, grid: list[tuple[float, float]]) -> dict:
    """{(threshold, drop_threshold): (source overlap F1, content overlap F1)} on dev; key None: the model off."""
    from benchmarks.quotes_polnear import predicted
    from storylens.compare.quotes import learned

    out: dict = {}
    orig = learned.cue_model
    try:
        for key in [None, *grid]:
            if key is not None:
                model["threshold"], model["drop_threshold"] = key
            learned.cue_model = lambda model=model: model  # type: ignore[assignment]  # the model being tuned, not the file
            counts = Counts()
            for (_n, text, ann), doc in zip(docs, parses):
                counts.add(text, parse_ann(ann), predicted(text, doc, learned=key is not None))
            tab = counts.table()
            out[key] = (tab[("source", "overlap")][2], tab[("content", "overlap")][2])
            print(f"dev {key}: source overlap F1 {out[key][0]:.3f}, content {out[key][1]:.3f}", flush=True)
    finally:
        learned.cue_model = orig
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--c", type=float, default=0.1, help="inverse L2 strength of the logistic regression")
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--parses-dir", type=Path, default=None)
    ap.add_argument("--print", action="store_true", help="print the dev grid, write nothing")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--grid", default=None, help="THRESHOLD,DROP: score only this pair on dev")
    args = ap.parse_args()

    train = documents("train")
    train_parses = _parses("train", train, args.parses_dir)
    rates = lemma_rates(train, train_parses)
    ex = examples(train, train_parses, rates)
    model: dict = {"C": args.c, "min_count": args.min_count, "lemma_rates": rates}
    for part, (X, y) in ex.items():
        model[part] = fit(X, y, args.c, args.min_count)
        print(f"train {part}: {len(y)} examples, {sum(y)} positives, {len(model[part]['weights'])} weights")
    dev = documents("dev")
    keys = [tuple(float(x) for x in args.grid.split(","))] if args.grid else [(t, d) for t in THRESHOLDS for d in DROP_THRESHOLDS]
    grid = dev_scores(model, dev, _parses("dev", dev, args.parses_dir), keys)
    floor = grid[None][1] - CONTENT_SLACK
    best = max((k for k in keys if grid[k][1] >= floor), key=lambda k: grid[k][0], default=(1.0, 0.0))
    model["threshold"], model["drop_threshold"] = best
    model["dev"] = {"source_overlap_f1": round(grid[best][0], 4), "content_overlap_f1": round(grid[best][1], 4), "model_off": [round(x, 4) for x in grid[None]]}
    print(f"threshold {best[0]}, drop_threshold {best[1]}")
    if args.print:
        return
    doc = {
        "about": "Attribution cue model learned from PolNeAR train by benchmarks/polnear_cue_model.py (do not edit by hand). "
        "score = sigmoid(bias + sum of the weights of an example's features); add: a verb the rules left alone is a cue at or over "
        "threshold; keep: a verb-frame attribution of the rules is dropped under drop_threshold. "
        "counts: feature -> [train examples with it, of them positives]; lemma_rates: lemma -> [verbs outside content, of them in a gold cue].",
        "split": "train",
        "articles": len(train),
        **model,
    }
    order = ["about", "split", "articles", "C", "min_count", "threshold", "drop_threshold", "dev", "add", "keep", "lemma_rates"]
    args.out.write_text(json.dumps({k: doc[k] for k in order}, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
