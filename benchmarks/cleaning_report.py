"""What `clean_text` removes from real corpora, by kind, with samples to audit by eye.

Why a report and not a score: no corpus marks boilerplate line by line. BASIL and BBC bodies
are already clean (publishers' text without page furniture), so nearly everything removed
from them is a *false removal*; the seeds carry real furniture. Read the samples: a body
sentence among them is a bug.

Usage:
    python benchmarks/cleaning_report.py [--limit N] [--samples K] [--shared PATH]

For each corpus it prints documents, lines and characters in, then per removed kind the
number of pieces, characters and the share of input characters, then up to K samples per
kind. BASIL articles are fed as "title, blank line, paragraphs" (the title is given, as a
manifest would); BBC files as they are (headline on the first line, detected).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.data_paths import REPO, SHARED  # noqa: E402 - the gold corpora: ../shared/benchmarks
from storylens.ingest.clean import clean_text  # noqa: E402
from storylens.ingest.metadata import outlet_from_text  # noqa: E402

# Kinds that are not furniture: the headline moved out of the body on purpose.
NOT_FURNITURE = {"title"}


# (name, raw text, given title, the body's paragraphs when the corpus knows them)
Doc = tuple[str, str, str | None, list[str] | None]


def basil_docs(shared: Path) -> Iterator[Doc]:
    """BASIL articles as "title, blank line, paragraphs"; the title is given."""
    for path in sorted((shared / "benchmarks/basil/articles").glob("*/*.json")):
        d = json.loads(path.read_text(encoding="utf-8"))
        paragraphs = [" ".join(s.strip() for s in p).strip() for p in d["body-paragraphs"]]
        paragraphs = [p for p in paragraphs if p]
        raw = d["title"] + "\n\n" + "\n\n".join(paragraphs)
        yield path.name, raw, d["title"], paragraphs


def bbc_docs(shared: Path) -> Iterator[Doc]:
    """BBC files as they are: headline on the first line (detected), then paragraphs.
    One file is Latin-1."""
    for path in sorted((shared / "benchmarks/bbc-news-fulltext").glob("*/*.txt")):
        data = path.read_bytes()
        try:
            raw = data.decode("utf-8")
        except UnicodeDecodeError:
            raw = data.decode("latin-1")
        lines = [line.strip() for line in raw.splitlines() if line.strip()]
        yield f"{path.parent.name}/{path.name}", raw, None, lines[1:]


def polnear_docs(shared: Path) -> Iterator[Doc]:
    """PolNeAR texts (7 US outlets, 2016) as scraped: headline first; body not known apart
    from furniture, so its removals are audited by reading the samples."""
    for path in sorted((shared / "benchmarks/polnear/data").glob("*/text/*.txt")):
        yield f"{path.parent.parent.name}/{path.name}", path.read_text(encoding="utf-8"), None, None


def seed_docs(_shared: Path) -> Iterator[Doc]:
    for path in sorted((REPO / "data/raw").glob("*.txt")):
        yield path.name, path.read_text(encoding="utf-8"), None, None


def _norm(text: str) -> str:
    return " ".join(text.split()).lower()


def lost_paragraphs(body: str, expected: list[str], title: str | None) -> list[str]:
    """Known body paragraphs missing from the clean body: false removals, except an exact
    copy of the headline (which the corpus itself left in the body)."""
    kept = {_norm(p) for p in body.split("\n\n")}
    t = _norm(title or "")
    return [p for p in expected if _norm(p) not in kept and _norm(p) != t]


CORPORA = {"seeds": seed_docs, "basil": basil_docs, "bbc": bbc_docs, "polnear": polnear_docs}

BASIL_OUTLETS = {"fox": "Fox News", "nyt": "The New York Times", "hpo": "HuffPost"}
# PolNeAR file names start with the outlet.
POLNEAR_OUTLETS = {
    "breitbart": "Breitbart News",
    "usa-today": "USA Today",
    "huff-post": "HuffPost",
    "nyt": "The New York Times",
    "politico": "Politico",
    "wash-post": "The Washington Post",
    "west-journal": "Western Journalism",
}


def polnear_outlets(shared: Path, limit: int = 0) -> dict[str, int]:
    """`outlet_from_text` on PolNeAR (outlet known from the file name): right / wrong / silent."""
    counts = {"right": 0, "wrong": 0, "none": 0}
    paths = sorted((shared / "benchmarks/polnear/data").glob("*/text/*.txt"))
    for path in paths[:limit] if limit else paths:
        truth = POLNEAR_OUTLETS[path.name.split("_")[0]]
        c = clean_text(path.read_text(encoding="utf-8"))
        found = outlet_from_text(c.body, c.removed)
        key = "none" if found is None else "right" if found == truth else "wrong"
        counts[key] += 1
        if key == "wrong":
            print(f"   wrong outlet [{path.name}] {found!r} (is {truth})")
    return counts


def basil_outlets(shared: Path, limit: int = 0) -> dict[str, int]:
    """`outlet_from_text` on BASIL, whose outlet is known: right / wrong / silent counts.

    Wrong answers are what matters: the text is the last resort after manifest, page
    metadata and URL, and a wrong outlet is worse than "unknown"."""
    counts = {"right": 0, "wrong": 0, "none": 0}
    paths = sorted((shared / "benchmarks/basil/articles").glob("*/*.json"))
    for path in paths[:limit] if limit else paths:
        d = json.loads(path.read_text(encoding="utf-8"))
        raw = d["title"] + "\n\n" + "\n\n".join(" ".join(p) for p in d["body-paragraphs"])
        c = clean_text(raw, title=d["title"])
        found = outlet_from_text(c.body, c.removed)
        if found is None:
            counts["none"] += 1
        elif found == BASIL_OUTLETS[d["source"].lower()]:
            counts["right"] += 1
        else:
            counts["wrong"] += 1
            print(f"   wrong outlet [{path.name}] {found!r} (is {BASIL_OUTLETS[d['source'].lower()]})")
    return counts


def report(name: str, docs: list[Doc], samples: int, rng: random.Random) -> dict[str, int]:
    chars_in = lines_in = 0
    pieces: Counter[str] = Counter()
    chars: Counter[str] = Counter()
    examples: dict[str, list[tuple[str, str]]] = defaultdict(list)
    docs_with_removal = 0
    titles_found = 0
    n_expected = 0
    lost: list[tuple[str, str]] = []
    for doc_name, raw, title, expected in docs:
        result = clean_text(raw, title=title)
        if expected is not None:
            n_expected += len(expected)
            lost += [(doc_name, p) for p in lost_paragraphs(result.body, expected, result.title)]
        chars_in += len(raw)
        lines_in += sum(1 for line in raw.splitlines() if line.strip())
        titles_found += result.title is not None
        furniture = [(k, t) for k, t in result.removed if k not in NOT_FURNITURE]
        docs_with_removal += bool(furniture)
        for kind, text in result.removed:
            pieces[kind] += 1
            chars[kind] += len(text)
            examples[kind].append((doc_name, text))
    print(f"\n=== {name}: {len(docs)} documents, {lines_in} non-empty lines, {chars_in} characters")
    print(f"titles found: {titles_found}; documents with furniture removed: {docs_with_removal}")
    print(f"{'kind':22} {'pieces':>7} {'chars':>9} {'% chars':>8}")
    for kind, n in pieces.most_common():
        print(f"{kind:22} {n:7d} {chars[kind]:9d} {100 * chars[kind] / max(chars_in, 1):8.3f}")
    furniture_pieces = sum(n for k, n in pieces.items() if k not in NOT_FURNITURE)
    furniture_chars = sum(n for k, n in chars.items() if k not in NOT_FURNITURE)
    print(f"{'all but title':22} {furniture_pieces:7d} {furniture_chars:9d} {100 * furniture_chars / max(chars_in, 1):8.3f}")
    if n_expected:
        print(f"known body paragraphs: {n_expected}; lost (false removals): {len(lost)} = {100 * len(lost) / n_expected:.2f}%")
        for doc_name, text in lost[:samples]:
            print(f"   lost [{doc_name}] {text[:200]!r}")
    for kind in pieces:
        picked = examples[kind] if len(examples[kind]) <= samples else rng.sample(examples[kind], samples)
        print(f"\n-- {kind}: {len(picked)} of {len(examples[kind])}")
        for doc_name, text in picked:
            print(f"   [{doc_name}] {text[:200]!r}")
    return {"documents": len(docs), "pieces": furniture_pieces, "chars": furniture_chars, "paragraphs": n_expected, "lost": len(lost)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="documents per corpus (0 = all)")
    parser.add_argument("--samples", type=int, default=15, help="removed pieces shown per kind")
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--corpus", choices=sorted(CORPORA), action="append", help="default: all")
    args = parser.parse_args(argv)
    rng = random.Random(0)  # fixed: the same samples on every run, so audits can be compared
    for name in args.corpus or list(CORPORA):
        if name != "seeds" and not (args.shared / "benchmarks").is_dir():
            print(f"\n=== {name}: skipped, {args.shared}/benchmarks not found")
            continue
        docs = list(CORPORA[name](args.shared))
        if args.limit:
            docs = rng.sample(docs, min(args.limit, len(docs))) if name != "seeds" else docs
        report(name, docs, args.samples, rng)
        if name == "basil":
            counts = basil_outlets(args.shared, args.limit)
            print(f"\noutlet_from_text on BASIL: {counts} (of {sum(counts.values())} articles)")
        if name == "polnear":
            counts = polnear_outlets(args.shared, args.limit)
            print(f"\noutlet_from_text on PolNeAR: {counts} (of {sum(counts.values())} articles)")


if __name__ == "__main__":
    main()
