"""The whole comparison (stories -> alignments -> claims) on BASIL: 100 stories x Fox News / NYT / HuffPost.

    python benchmarks/compare_basil.py                       # all 300 articles, three triplets shown
    python benchmarks/compare_basil.py --limit 10            # the first 10 triplets (by year, then uuid)
    python benchmarks/compare_basil.py --show UUID [UUID..]  # which triplets to print
    python benchmarks/compare_basil.py --cache /tmp/basil.pkl   # keep the parse between runs

Data: `shared/benchmarks/basil/articles/<year>/<triplet-uuid>_<n>.json` (source, date,
title, body-paragraphs = list of paragraphs, each a list of sentences). The text is the
paragraphs joined by blank lines, split again by spaCy (`load_nlp()`, `nlp.pipe`) exactly
as the build does; mentions and actors come from the build's own stages
(`mentions_from_doc`, `resolve_actors`).

What it prints:
1. Story grouping against the gold triplets: purity, inverse purity and pairwise
   precision / recall / F1 (each gold story is exactly three articles).
2. Alignment and claim counts per relation / status.
3. For each shown triplet: the shared and conflicting claims with their sentence in every
   outlet, and the first unique claims of each outlet, to read against the articles.

Measured 2026-11-23, second session (all 300 articles, 8,580 sentences): stories 100 for
100 gold; purity 0.967, inverse purity 0.987, pairwise P 0.907 R 0.973 F1 0.939 (an earlier
run, before the readers took BASIL's bodies as paragraph lists, had P 0.932 R 0.967 F1 0.949:
fewer splits now, more merges of neighbouring stories such as Schiff / the Mueller report).
Alignments 8,422 (related 7,967, paraphrase 204, same 201, conflicting 50); claims 6,150
(unique 4,201, shared 1,922, conflicting 27); 414 claims reported by all three outlets.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.data_paths import BENCHMARKS  # noqa: E402 - the gold corpora: ../shared/benchmarks
from storylens.compare.alignments import align_sentences  # noqa: E402
from storylens.compare.claims import build_claims  # noqa: E402
from storylens.compare.stories import assign_stories, grouping_scores  # noqa: E402

OUTLETS = {"fox": "Fox News", "nyt": "New York Times", "hpo": "HuffPost"}
DEFAULT_SHOW = 3


def load_basil(root: Path, limit: int | None = None) -> pd.DataFrame:
    """One row per article: article_id, triplet, outlet, published, title, text, authors."""
    rows = []
    for path in sorted(root.glob("articles/*/*.json")):
        d = json.loads(path.read_text(encoding="utf-8"))
        paragraphs = [" ".join(s.strip() for s in p if s.strip()) for p in d["body-paragraphs"]]
        rows.append(
            {
                "article_id": path.stem,
                "triplet": d["triplet-uuid"],
                "year": path.parent.name,
                "outlet": OUTLETS[d["source"].lower()],
                "published": pd.Timestamp(d["date"]).date() if d.get("date") else None,
                "title": d.get("title", ""),
                "text": "\n\n".join(p for p in paragraphs if p),
                "authors": [],
            }
        )
    df = pd.DataFrame(rows).sort_values(["year", "triplet", "article_id"], ignore_index=True)
    if limit:
        keep = df["triplet"].drop_duplicates().head(limit)
        df = df[df["triplet"].isin(keep)].reset_index(drop=True)
    return df


def parse(articles: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(sentences, mentions with actor_id) through the build's own per-article stages."""
    from storylens.actors.mentions import mentions_from_doc
    from storylens.actors.resolve import resolve_actors
    from storylens.analyze import sentences_from_doc
    from storylens.nlp import load_nlp

    nlp = load_nlp()
    sents, ments = [], []
    for aid, doc in zip(articles["article_id"], nlp.pipe(articles["text"].tolist(), batch_size=16)):
        sents.append(sentences_from_doc(doc, aid))
        ments.append(mentions_from_doc(doc, aid))
    mentions, _actors = resolve_actors(pd.concat(ments, ignore_index=True), articles)
    return pd.concat(sents, ignore_index=True), mentions


def show_triplet(triplet: str, articles: pd.DataFrame, claims: pd.DataFrame, members: pd.DataFrame, sentences: pd.DataFrame, n_unique: int = 3) -> None:
    arts = articles[articles["triplet"] == triplet]
    print(f"\n=== triplet {triplet}: {arts['title'].iloc[0]!r}")
    for a in arts.itertuples():
        print(f"  {a.article_id}  {a.outlet:15s} {a.published}  story={a.story_id}  {a.title!r}")
    text_of = sentences.set_index(["article_id", "sentence_id"])["text"]
    ids = set(arts["article_id"])
    cl = claims[claims["claim_id"].isin(members.loc[members["article_id"].isin(ids), "claim_id"])]
    # All members, including those of another triplet merged into the same predicted story.
    mine = members[members["claim_id"].isin(cl["claim_id"])]
    for status in ("conflicting", "shared"):
        sub = cl[cl["status"] == status].sort_values("n_outlets", ascending=False)
        print(f"  -- {status}: {len(sub)}")
        for c in sub.itertuples():
            print(f"   [{c.claim_id}] {', '.join(c.outlets)}")
            for m in mine[mine["claim_id"] == c.claim_id].itertuples():
                other = "" if m.article_id in ids else " [other triplet]"
                print(f"      {m.outlet:15s} ({m.stance}){other} {text_of[(m.article_id, m.sentence_id)][:220]}")
    uniq = cl[cl["status"] == "unique"]
    print(f"  -- unique: {len(uniq)} (first {n_unique} per outlet)")
    for outlet, sub in uniq.groupby(uniq["outlets"].str[0]):
        for c in sub.head(n_unique).itertuples():
            print(f"      {outlet:15s} {c.summary[:200]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, help="only the first N triplets")
    ap.add_argument("--show", nargs="*", help="triplet uuids to print (default: three spread over the years)")
    ap.add_argument("--cache", type=Path, help="pickle of the parse, reused when present")
    args = ap.parse_args()
    t0 = time.time()
    articles = load_basil(BENCHMARKS / "basil", args.limit)
    if args.cache and args.cache.exists():
        sentences, mentions = pickle.loads(args.cache.read_bytes())
        sentences = sentences[sentences["article_id"].isin(articles["article_id"])]
        mentions = mentions[mentions["article_id"].isin(articles["article_id"])]
    else:
        sentences, mentions = parse(articles)
        if args.cache:
            args.cache.write_bytes(pickle.dumps((sentences, mentions)))
    t_parse = time.time() - t0
    articles["story_id"] = assign_stories(articles, sentences, mentions)
    g = grouping_scores(articles["story_id"].tolist(), articles["triplet"].tolist())
    print(f"BASIL: {len(articles)} articles, {articles['triplet'].nunique()} gold stories, {len(sentences)} sentences (parse {t_parse:.0f} s)")
    print(
        f"stories: {g['n_stories']} predicted; purity {g['purity']:.3f}  inverse purity {g['inverse_purity']:.3f}  "
        f"pairwise P {g['pair_precision']:.3f} R {g['pair_recall']:.3f} F1 {g['pair_f1']:.3f}"
    )
    t1 = time.time()
    alignments = align_sentences(sentences, articles)
    claims, members = build_claims(alignments, sentences, articles)
    print(f"alignments: {len(alignments)}  {alignments['relation'].value_counts().to_dict()}  ({time.time() - t1:.1f} s)")
    print(f"claims: {len(claims)}  {claims['status'].value_counts().to_dict()}; sentences in claims {len(members)} of {len(sentences)}")
    multi = claims[claims["n_articles"] > 1]
    print(f"claims across articles: {len(multi)}, outlets per such claim {multi['n_outlets'].value_counts().sort_index().to_dict()}")
    for sid, g in articles.groupby("story_id"):
        if g["triplet"].nunique() > 1:
            print(f"  merged story {sid}: {' + '.join(sorted({t[:8] + ' ' + repr(x[:40]) for t, x in zip(g['triplet'], g['title'])}))}")
    for t, g in articles.groupby("triplet"):
        if g["story_id"].nunique() > 1:
            print(f"  split triplet {t[:8]}: " + "; ".join(f"{o} -> {s}" for o, s in zip(g["outlet"], g["story_id"])))
    triplets = articles["triplet"].drop_duplicates().tolist()
    show = args.show or [triplets[int(i * (len(triplets) - 1) / max(DEFAULT_SHOW - 1, 1))] for i in range(min(DEFAULT_SHOW, len(triplets)))]
    for t in show:
        show_triplet(t, articles, claims, members, sentences)


if __name__ == "__main__":
    main()
