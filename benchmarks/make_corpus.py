"""Assemble a large English corpus for the scaling benchmarks from every corpus in ../shared/benchmarks.

    python benchmarks/make_corpus.py --out /tmp/corpus100k --size 100000

What goes in, in this order (about 8,200 real articles):
- BBC News (2,225 files as they are), BASIL (300, title + paragraphs, outlet and date in the
  manifest), PolNeAR (1,012 scraped texts, outlet from the folder), ECB+ (982, text from
  the tokens), MEANTIME English (120, text from the tokens), TempEval-3 (the .tml TEXT,
  date from the DCT; files seen twice under two folders are kept once), Timeline17-dev
  (3,293 articles with their dct).
Beyond that, variants of them, round after round, until `--size`: the k-th variant of an
article keeps its first paragraph (the headline or lede) and shuffles the rest with a
seeded random order; replaces each capitalised word that is not at a sentence start by
another from a fixed list (consistently within the article: "Blair" is "Okafor" all the
way through, which also changes the actors and stories the build finds); shifts the
publication date by 41 * k days and every four-digit year 19xx/20xx in the text by the
same number of years as the date moved. So no variant is a duplicate of another
(the build's near-duplicate check, MinHash over 5-word shingles, does not join them)
while each reads like a real article.

The output is one .txt per article and a manifest.csv (file, outlet, published, title), the
input layout a researcher uses, so `python -m storylens build OUT` reads it as any corpus.
Takes --limit to stop early (for the 1k / 5k builds: the first N files of a shuffled order
over every source).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from data_paths import BENCHMARKS  # noqa: E402

from benchmarks.alignment_ecbplus import load_document  # noqa: E402
from benchmarks.token_text import text_from_tokens  # noqa: E402


@dataclass
class Article:
    name: str
    text: str
    outlet: str = ""
    published: str = ""
    title: str = ""


def _read(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def bbc(root: Path) -> Iterator[Article]:
    for path in sorted((root / "bbc-news-fulltext").glob("*/*.txt")):
        yield Article(f"bbc_{path.parent.name}_{path.stem}", _read(path), "BBC News")


def basil(root: Path) -> Iterator[Article]:
    for path in sorted((root / "basil/articles").glob("*/*.json")):
        d = json.loads(path.read_text(encoding="utf-8"))
        paragraphs = [" ".join(s.strip() for s in p if s.strip()) for p in d["body-paragraphs"]]
        yield Article(f"basil_{path.stem}", "\n\n".join(p for p in paragraphs if p), d.get("source", ""), (d.get("date") or "")[:10], d.get("title", ""))


def polnear(root: Path) -> Iterator[Article]:
    for path in sorted((root / "polnear/data").glob("*/text/*.txt")):
        yield Article(f"polnear_{path.parent.parent.name}_{path.stem}", _read(path), path.parent.parent.name)


def ecbplus(root: Path) -> Iterator[Article]:
    for path in sorted((root / "ecbplus").rglob("*.xml")):
        try:
            _, _, text = load_document(path, set())
        except ET.ParseError:
            continue
        yield Article(f"ecbplus_{path.stem}", text)


def meantime(root: Path) -> Iterator[Article]:
    for path in sorted((root / "meantime/intra-doc_annotation").rglob("*.xml")):
        tree = ET.parse(path).getroot()
        text, _ = text_from_tokens(tree.iter("token"))
        yield Article(f"meantime_{path.stem[:60]}", text)


def tempeval3(root: Path) -> Iterator[Article]:
    seen: set[str] = set()
    for path in sorted((root / "tempeval3").rglob("*.tml")):
        if path.name in seen:
            continue
        seen.add(path.name)
        tree = ET.parse(path).getroot()
        body = tree.find("TEXT")
        dct = tree.find(".//DCT/TIMEX3")
        if body is None:
            continue
        yield Article(f"tempeval3_{path.stem}", "".join(body.itertext()).strip(), published=(dct.get("value", "") if dct is not None else "")[:10])


def timeline17(root: Path) -> Iterator[Article]:
    for path in sorted((root / "timeline17-dev").glob("*/articles.json")):
        for d in json.loads(path.read_text(encoding="utf-8")):
            yield Article(f"tl17_{path.parent.name}_{d['uid']}", d["text"], path.parent.name.split("_")[-1], d.get("dct", "")[:10])


SOURCES = (bbc, basil, polnear, ecbplus, meantime, tempeval3, timeline17)

NAMES = [
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Tanaka",
    "Haddad",
    "Novak",
    "Kowalski",
    "Brennan",
    "Ferreira",
    "Nakamura",
    "Oyelaran",
    "Castellano",
    "Petrov",
    "Mbeki",
    "Halvorsen",
    "Quispe",
    "Demir",
    "Sato",
    "Ivanova",
    "Achterberg",
    "Nguyen",
    "Rahman",
    "Walsh",
    "Kaur",
    "Oduya",
    "Bjornsson",
    "Esposito",
    "Takahashi",
    "Mendez",
    "Varga",
    "Horvat",
    "Abiodun",
]
_CAPITAL = re.compile(r"(?<=[a-z,;] )[A-Z][a-z]{2,}")
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")


def variant(a: Article, k: int) -> Article:
    """The k-th variant of an article: paragraphs shuffled, names changed, dates moved (see the module doc)."""
    rng = random.Random(f"{a.name}:{k}")
    paragraphs = [p for p in re.split(r"\n\s*\n", a.text) if p.strip()]
    head, rest = paragraphs[:1], paragraphs[1:]
    rng.shuffle(rest)
    mapping: dict[str, str] = {}

    def rename(m: re.Match[str]) -> str:
        return mapping.setdefault(m.group(0), rng.choice(NAMES))

    text = _CAPITAL.sub(rename, "\n\n".join(head + rest))
    shift = dt.timedelta(days=41 * k)
    published = ""
    years = 0
    if a.published:
        try:
            day = dt.date.fromisoformat(a.published)
            published = (day + shift).isoformat()
            years = (day + shift).year - day.year
        except ValueError:
            published = ""
    if years:
        text = _YEAR.sub(lambda m: str(int(m.group(0)) + years), text)
    return Article(f"{a.name}_v{k}", text, a.outlet, published, _CAPITAL.sub(rename, a.title))


def real_articles(root: Path = BENCHMARKS) -> list[Article]:
    out = []
    for source in SOURCES:
        out += [a for a in source(root) if len(a.text.split()) >= 20]
    return out


def make_corpus(out: Path, size: int, seed: int = 0, root: Path = BENCHMARKS) -> int:
    """Write `size` articles (real first, in a seeded shuffled order, then variants) to `out`; return how many."""
    real = real_articles(root)
    random.Random(seed).shuffle(real)
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    with (out / "manifest.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["file", "outlet", "published", "title"])
        k = 0
        while written < size:
            for a in real:
                if written >= size:
                    break
                art = a if k == 0 else variant(a, k)
                name = f"{art.name}.txt"
                (out / name).write_text(art.text, encoding="utf-8")
                w.writerow([name, art.outlet, art.published, art.title])
                written += 1
            k += 1
    return written


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--size", type=int, default=8200)
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    n = make_corpus(a.out, a.size, a.seed)
    print(f"{n} articles in {a.out} ({len(real_articles())} real, the rest variants)")


if __name__ == "__main__":
    main()
