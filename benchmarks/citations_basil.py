"""Cited sources (storylens.compare.citations) against BASIL's quote speakers.

    python benchmarks/citations_basil.py               # all 300 articles
    python benchmarks/citations_basil.py --limit 10    # the first 10 triplets (30 articles)

BASIL (`shared/benchmarks/basil`, EMNLP 2019) annotates *biased phrases*; a phrase that is a
quote carries its speaker ("Donald_Trump", "House_Democrats", or a generic "other_anti" /
"other_pro" / "other_neutral", which name nobody and are left out). So BASIL gives a sample
of who is quoted, not every source: it supports recall, and a precision restricted to the
quotes it annotates, not a corpus-wide precision.

Two scores:
- *speaker recall*: for each article, the distinct named BASIL speakers; found when a
  citation of that article names them (rapidfuzz token_set_ratio >= 85 against cited_name
  or cited_text, or the speaker's last name among the cited name's words).
- *attribution precision*: our quote-backed citations whose quote overlaps an annotated
  quote with a named speaker; correct when the cited source matches that speaker.

Measured 2026-11-23 (all 300 articles, ~100 s on a shared core): 3,547 citations; speaker
recall 0.855 (148/173 article-speaker pairs), attribution precision 0.600 (114/190), 0.642
when a member speaking for the group BASIL names counts (Pelosi for "House Democrats" by her
descriptors/affiliation only). With --limit 30: recall 0.848 (39/46), precision 0.575 (23/40).
Most remaining "errors" are granularity: BASIL labels a quote "Democratic lawmakers" where we
cite the lawmaker who spoke; the rest are speaker attributions of the quote stage (a pronoun
resolved to the wrong antecedent, an interviewer taken for the speaker).

The articles go through the build's own stages: spaCy (`load_nlp()`), `mentions_from_doc`,
`extract_quotes`, `resolve_actors`, the build's speaker attachment, then `extract_citations`.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from pathlib import Path
from typing import Any

import pandas as pd
from rapidfuzz import fuzz

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.compare_basil import load_basil  # noqa: E402
from benchmarks.data_paths import BENCHMARKS  # noqa: E402 - the gold corpora: ../shared/benchmarks


def gold_quotes(root: Path, articles: pd.DataFrame) -> pd.DataFrame:
    """BASIL quote annotations with a named speaker, located in our article text."""
    text_of = dict(zip(articles["article_id"], articles["text"], strict=True))
    rows = []
    for path in sorted(root.glob("annotations/*/*_ann.json")):
        aid = path.name.replace("_ann.json", "")
        if aid not in text_of:
            continue
        d = json.loads(path.read_text(encoding="utf-8"))
        for a in d["phrase-level-annotations"]:
            spk = (a.get("speaker") or "").strip()
            if a.get("quote") != "yes" or not spk or spk.startswith("other_"):
                continue
            txt = a["txt"].strip().strip("\"“”'")
            start = text_of[aid].find(txt) if txt else -1
            rows.append({"article_id": aid, "speaker": spk.replace("_", " "), "start": start, "end": start + len(txt) if start >= 0 else -1})
    return pd.DataFrame(rows, columns=["article_id", "speaker", "start", "end"])


def name_match(gold: str, *ours: str) -> bool:
    g = gold.lower()
    last = g.split()[-1]
    for o in ours:
        if not isinstance(o, str) or not o:
            continue
        o = o.lower()
        if fuzz.token_set_ratio(g, o) >= 85 or last in o.replace("'s", "").split():
            return True
    return False


def run_tables(articles: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Sentences, mentions, actors and finished quotes through the build's own stages."""
    from storylens.actors.mentions import mentions_from_doc
    from storylens.actors.resolve import resolve_actors
    from storylens.analyze import QUOTES, _with_trace, sentence_index, sentences_from_doc
    from storylens.compare.corpus import finish_quotes
    from storylens.compare.quotes.extract import extract_quotes
    from storylens.nlp import load_nlp

    nlp = load_nlp()
    sents, ments, quotes = [], [], []
    for aid, text, doc in zip(articles["article_id"], articles["text"], nlp.pipe(articles["text"].tolist(), batch_size=16), strict=True):
        sents.append(sentences_from_doc(doc, aid))
        ments.append(mentions_from_doc(doc, aid))
        q = extract_quotes(text, doc=doc).rename(columns={"quote_text": "text"})
        quotes.append(_with_trace(q, QUOTES, aid, sentence_index(doc), "quote_id"))
    mentions, actors = resolve_actors(pd.concat(ments, ignore_index=True), articles)
    q = pd.concat([x for x in quotes if not x.empty], ignore_index=True)
    return {
        "sentences": pd.concat(sents, ignore_index=True),
        "mentions": mentions,
        "actors": actors,
        "quotes": finish_quotes(q, mentions, articles),
    }


def _context(actor_id: object, actors: pd.DataFrame) -> list[str]:
    """The cited actor's affiliation and descriptors ("NAACP President"), for the lenient match."""
    if not isinstance(actor_id, str) or actors.empty:
        return []
    row = actors[actors["actor_id"] == actor_id]
    if row.empty:
        return []
    r = row.iloc[0]
    out = [str(d) for d in (r["descriptors"] if r["descriptors"] is not None else [])]
    return out + ([str(r["affiliation"])] if isinstance(r["affiliation"], str) else [])


def score(cites: pd.DataFrame, quotes: pd.DataFrame, gold: pd.DataFrame, actors: pd.DataFrame) -> dict[str, Any]:
    # Speaker recall per article.
    found = total = 0
    misses: list[str] = []
    for (aid, spk), _ in gold.groupby(["article_id", "speaker"]):
        total += 1
        c = cites[cites["article_id"] == aid]
        if any(name_match(spk, n, t) for n, t in zip(c["cited_name"], c["cited_text"], strict=True)):
            found += 1
        else:
            misses.append(f"{aid[:12]} {spk}")
    # Attribution precision on annotated quotes.
    qspan = quotes.set_index("quote_id")[["start", "end"]]
    ok = n = lenient = 0
    wrong: list[str] = []
    located = gold[gold["start"] >= 0]
    for c in cites[cites["quote_id"].notna()].itertuples():
        qs, qe = qspan.loc[c.quote_id]
        g = located[(located["article_id"] == c.article_id) & (located["start"] < qe) & (located["end"] > qs)]
        if g.empty:
            continue
        n += 1
        if any(name_match(s, c.cited_name, c.cited_text) for s in g["speaker"]):
            ok += 1
            lenient += 1
        elif any(name_match(s, *_context(c.cited_actor_id, actors)) for s in g["speaker"]):
            lenient += 1  # a member speaking for the group BASIL names (NAACP president for NAACP)
        else:
            wrong.append(f"{c.article_id[:12]} ours={c.cited_name!r} gold={sorted(set(g['speaker']))}")
    return {
        "recall": found / total if total else 0.0,
        "found": found,
        "total": total,
        "precision": ok / n if n else 0.0,
        "lenient_precision": lenient / n if n else 0.0,
        "correct": ok,
        "judged": n,
        "misses": misses,
        "wrong": wrong,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, help="only the first N triplets")
    ap.add_argument("--show", type=int, default=15, help="errors to print")
    ap.add_argument("--cache", type=Path, help="pickle of the build stages' tables, reused when present (for iterating on citations only)")
    args = ap.parse_args()
    from storylens.compare.citations import extract_citations

    t0 = time.time()
    root = BENCHMARKS / "basil"
    articles = load_basil(root, args.limit)
    if args.cache and args.cache.exists():
        tables = pickle.loads(args.cache.read_bytes())
    else:
        tables = run_tables(articles)
        if args.cache:
            args.cache.write_bytes(pickle.dumps(tables))
    cites = extract_citations(tables["quotes"], tables["mentions"], tables["sentences"], articles, tables["actors"])
    gold = gold_quotes(root, articles)
    s = score(cites, tables["quotes"], gold, tables["actors"])
    print(
        f"BASIL: {len(articles)} articles, {len(gold)} named-speaker quote annotations ({(gold['start'] >= 0).sum()} located), {len(cites)} citations ({time.time() - t0:.0f} s)"
    )
    print("cited_kind:", cites["cited_kind"].value_counts().to_dict())
    print(f"speaker recall      {s['recall']:.3f}  ({s['found']}/{s['total']} article-speaker pairs)")
    print(f"attribution precision {s['precision']:.3f}  ({s['correct']}/{s['judged']} citations on annotated quotes)")
    print(f"  lenient (member of the gold group, by descriptor/affiliation) {s['lenient_precision']:.3f}")
    for m in s["misses"][: args.show]:
        print("  miss ", m)
    for w in s["wrong"][: args.show]:
        print("  wrong", w)


if __name__ == "__main__":
    main()
