"""Sentence fragments left by segmentation, on every corpus we read: before and after `merge_fragments`.

    python benchmarks/sentence_fragments.py [--limit 200]

A fragment is a "sentence" no reader would cite: no word at all (a lone closing quotation
mark after "... Russia.", a dash) or one lower-case word cut off after a quote. For each
corpus (the seeds in data/raw, BBC, PolNeAR, BASIL, MEANTIME texts rebuilt from tokens),
the same parses are counted twice in one process: spaCy's `doc.sents` (before) and
`storylens.nlp.sentence_bounds` (after, what every table uses). Texts are cleaned as the
build cleans them (`clean_text`) where the corpus is raw articles.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.data_paths import BENCHMARKS, REPO  # noqa: E402
from storylens.ingest.clean import clean_text  # noqa: E402
from storylens.nlp import _is_fragment, load_nlp, sentence_bounds  # noqa: E402


def corpora(limit: int) -> dict[str, Iterator[str]]:
    raw = REPO / "data" / "raw"

    def seeds() -> Iterator[str]:
        for row in csv.DictReader((raw / "manifest.csv").open(encoding="utf-8")):
            yield clean_text((raw / row["file"]).read_text(encoding="utf-8"), title=row.get("title") or None).body

    def files(pattern: str, root: Path, clean: bool) -> Iterator[str]:
        for p in sorted(root.glob(pattern))[:limit]:
            text = p.read_text(encoding="utf-8", errors="replace")
            yield clean_text(text).body if clean else text

    def meantime() -> Iterator[str]:
        from benchmarks.actors_meantime import parse_doc

        paths = sorted((BENCHMARKS / "meantime" / "intra_cross-doc_annotation").glob("corpus_*/*.xml"))[:limit]
        for p in paths:
            yield parse_doc(p).text

    return {
        "seeds": seeds(),
        "bbc": files("*/*.txt", BENCHMARKS / "bbc-news-fulltext", True),
        "polnear": files("*/text/*.txt", BENCHMARKS / "polnear" / "data", False),
        "meantime": meantime(),
    }


def count(nlp, texts: Iterator[str]) -> dict[str, int]:
    out = {"docs": 0, "sentences_before": 0, "fragments_before": 0, "sentences_after": 0, "fragments_after": 0}
    for doc in nlp.pipe(texts, batch_size=32):
        out["docs"] += 1
        before = [(s.start, s.end) for s in doc.sents if s.text.strip()]
        after = [(b[0], b[1]) for b in sentence_bounds(doc) if doc[b[0] : b[1]].text.strip()]
        out["sentences_before"] += len(before)
        out["fragments_before"] += sum(_is_fragment(doc, a, b) for a, b in before)
        out["sentences_after"] += len(after)
        out["fragments_after"] += sum(_is_fragment(doc, a, b) for a, b in after)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=200, help="documents per corpus")
    args = ap.parse_args(argv)
    nlp = load_nlp()
    for name, texts in corpora(args.limit).items():
        try:
            c = count(nlp, texts)
        except FileNotFoundError as exc:
            print(f"{name}: skipped ({exc})")
            continue
        print(f"{name:9s} {c}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
