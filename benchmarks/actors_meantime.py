"""Measure mention detection and cross-document actor resolution on MEANTIME (English).

Why MEANTIME: it is news (Wikinews), four topics of 30 articles each, and its entity
mentions are linked across documents to shared instances (CROMER annotation), which is
exactly what `storylens.actors.resolve.resolve_actors` produces: one actor per real-world entity
across a story's articles.

Method, per topic corpus (intra_cross-doc_annotation/corpus_*):
1. rebuild each document's text from its tokens, recording each token's character offsets;
2. run spaCy, `mentions_from_doc` and, over the whole topic as one corpus, `resolve_actors`;
3. gold: ENTITY_MENTIONs of PER / ORG / LOC entities, clustered by the entity's cross-doc
   `instance_id` (an entity without one is its own document-local cluster);
4. align each of our mentions to the smallest gold mention containing its last token (the
   head of an English name), one-to-one;
5. score the clustering of the aligned mentions with B-cubed and pairwise P/R/F1, and
   mention detection against gold *named* (syntactic_type NAM) mentions.

Known mismatch by design: Storylens resolves a capital to its state ("Washington" ->
United States) and demonyms to the state ("American"), MEANTIME keeps cities as places and
does not annotate most demonyms; these cost precision/recall here and are reported as such.

Usage: python benchmarks/actors_meantime.py [--topic apple] [--limit N]
"""

from __future__ import annotations

import argparse
import sys
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.data_paths import BENCHMARKS  # noqa: E402 - the gold corpora: ../shared/benchmarks
from benchmarks.token_text import text_from_tokens  # noqa: E402
from storylens.actors.gazetteer import name_key  # noqa: E402
from storylens.actors.mentions import mentions_from_doc  # noqa: E402
from storylens.actors.resolve import resolve_actors  # noqa: E402
from storylens.nlp import load_nlp  # noqa: E402

DEFAULT_ROOT = BENCHMARKS / "meantime" / "intra_cross-doc_annotation"
GOLD_TYPES = frozenset({"PER", "ORG", "LOC"})
KIND_CLASS = {"person": "PER", "organization": "ORG", "media": "ORG", "country": "LOC", "place": "LOC"}
"""Our actor kinds as MEANTIME's entity types (group and other have no gold type: counted wrong)."""


@dataclass
class GoldDoc:
    doc_id: str
    text: str
    token_spans: dict[str, tuple[int, int]]  # t_id -> (start, end) char offsets
    sentence_of: dict[int, str]  # char offset of each token start -> sentence number
    mentions: list[dict]  # {m_id, tokens: [t_id], start, end, cluster, nam}


def parse_doc(path: Path) -> GoldDoc:
    """Text rebuilt from tokens (one sentence a line) and the gold entity mentions."""
    root = ET.parse(path).getroot()
    doc_id = root.get("doc_id") or path.stem
    text, tokens = text_from_tokens(root.iter("token"))
    spans = {t: (s, e) for t, (s, e, _) in tokens.items()}
    sentence_of = {s: sent for s, _, sent in tokens.values()}

    markables = root.find("Markables")
    ent_mentions: dict[str, dict] = {}
    entities: dict[str, dict] = {}
    for el in markables if markables is not None else []:
        if el.tag == "ENTITY_MENTION":
            toks = [a.get("t_id") for a in el.findall("token_anchor")]
            if toks:
                ent_mentions[el.get("m_id")] = {"tokens": toks, "nam": el.get("syntactic_type") == "NAM"}
        elif el.tag == "ENTITY":
            entities[el.get("m_id")] = {"type": el.get("ent_type"), "instance": el.get("instance_id")}
    mentions = []
    relations = root.find("Relations")
    for rel in relations.findall("REFERS_TO") if relations is not None else []:
        target = rel.find("target")
        ent = entities.get(target.get("m_id")) if target is not None else None
        if ent is None or ent["type"] not in GOLD_TYPES:
            continue
        cluster = ent["instance"] or f"{doc_id}:{target.get('m_id')}"
        for src in rel.findall("source"):
            em = ent_mentions.get(src.get("m_id"))
            if em is None:
                continue
            starts = [spans[t][0] for t in em["tokens"] if t in spans]
            ends = [spans[t][1] for t in em["tokens"] if t in spans]
            if starts:
                mentions.append(
                    {
                        "m_id": src.get("m_id"),
                        "tokens": em["tokens"],
                        "start": min(starts),
                        "end": max(ends),
                        "cluster": cluster,
                        "nam": em["nam"],
                        "type": ent["type"],
                    }
                )
    return GoldDoc(doc_id, text, spans, sentence_of, mentions)


def align(ours: pd.DataFrame, gold: dict[str, GoldDoc]) -> dict[str, dict]:
    """mention_id -> gold mention: the smallest gold span containing our last character."""
    taken: set[tuple[str, str]] = set()
    out: dict[str, dict] = {}
    for row in ours.sort_values(["article_id", "start"]).itertuples(index=False):
        g = gold[row.article_id]
        head = int(row.end) - 1
        cands = [gm for gm in g.mentions if gm["start"] <= head < gm["end"] and (row.article_id, gm["m_id"]) not in taken]
        if not cands:
            continue
        best = min(cands, key=lambda gm: (gm["end"] - gm["start"], gm["start"]))
        taken.add((row.article_id, best["m_id"]))
        out[row.mention_id] = best
    return out


def _sentence_at(g: GoldDoc, offset: int) -> str | None:
    """Gold sentence number of the token starting at or before `offset`."""
    best = None
    for start in g.sentence_of:
        if start <= offset and (best is None or start > best):
            best = start
    return g.sentence_of.get(best) if best is not None else None


def b_cubed(pred: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall, F1 over the items both clusterings share."""
    items = [i for i in pred if i in gold]
    if not items:
        return 0.0, 0.0, 0.0
    by_pred: dict[str, set[str]] = defaultdict(set)
    by_gold: dict[str, set[str]] = defaultdict(set)
    for i in items:
        by_pred[pred[i]].add(i)
        by_gold[gold[i]].add(i)
    p = sum(len(by_pred[pred[i]] & by_gold[gold[i]]) / len(by_pred[pred[i]]) for i in items) / len(items)
    r = sum(len(by_pred[pred[i]] & by_gold[gold[i]]) / len(by_gold[gold[i]]) for i in items) / len(items)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def pairwise(pred: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """Precision/recall of 'same actor' decisions over all pairs of shared items."""
    items = [i for i in pred if i in gold]
    by_pred: dict[str, list[str]] = defaultdict(list)
    by_gold: dict[str, list[str]] = defaultdict(list)
    for i in items:
        by_pred[pred[i]].append(i)
        by_gold[gold[i]].append(i)
    pp = {frozenset(p) for c in by_pred.values() for p in combinations(sorted(c), 2)}
    gp = {frozenset(p) for c in by_gold.values() for p in combinations(sorted(c), 2)}
    tp = len(pp & gp)
    p = tp / len(pp) if pp else 1.0
    r = tp / len(gp) if gp else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate_topic(topic_dir: Path, limit: int | None = None, nlp=None) -> dict[str, float]:
    """Run the pipeline over one topic corpus and return its scores and counts."""
    nlp = nlp or load_nlp()
    paths = sorted(topic_dir.glob("*.xml"))[:limit] if limit else sorted(topic_dir.glob("*.xml"))
    gold = {}
    for p in paths:
        g = parse_doc(p)
        gold[g.doc_id] = g
    ids = list(gold)
    frames = [mentions_from_doc(doc, aid) for aid, doc in zip(ids, nlp.pipe([gold[a].text for a in ids]))]
    mentions = pd.concat(frames, ignore_index=True)
    articles = pd.DataFrame(
        {"article_id": ids, "outlet": ["Wikinews"] * len(ids), "authors": [[] for _ in ids], "title": [gold[a].text.split("\n", 1)[0] for a in ids]}
    )
    resolved, actors = resolve_actors(mentions, articles)
    # Names only: description/pronoun links are measured by benchmarks/coref_seeds.py.
    ours = resolved[~resolved["is_meta"].fillna(False).astype(bool) & ~resolved["label"].isin(["DESC", "PRON"])]
    aligned = align(ours, gold)
    pred = {mid: aid for mid, aid in zip(ours["mention_id"], ours["actor_id"]) if mid in aligned}
    gcl = {mid: gm["cluster"] for mid, gm in aligned.items()}
    bp, br, bf = b_cubed(pred, gcl)
    # Baseline for context: one actor per distinct normalised surface string.
    base = {mid: name_key(t) for mid, t in zip(ours["mention_id"], ours["text"]) if mid in aligned}
    _, _, base_f = b_cubed(base, gcl)
    pp, pr, pf = pairwise(pred, gcl)
    # Kind accuracy: the resolved actor's kind against the gold entity type of each aligned
    # named mention (person -> PER, organization / media -> ORG, country / place -> LOC).
    kind_of = dict(zip(ours["mention_id"], ours["kind"]))
    kinds_right = sum(KIND_CLASS.get(str(kind_of.get(mid)), "") == gm["type"] for mid, gm in aligned.items())
    # MEANTIME does not annotate every entity mention of a document, so precision is also
    # reported over sentences that carry at least one gold entity mention.
    annotated = {(a, g.sentence_of.get(gm["start"])) for a, g in gold.items() for gm in g.mentions}
    in_annotated = [mid for mid, a, st in zip(ours["mention_id"], ours["article_id"], ours["start"]) if (a, _sentence_at(gold[a], int(st))) in annotated]
    gold_nam = sum(gm["nam"] for g in gold.values() for gm in g.mentions)
    # Detection recall is not one-to-one: gold nests mentions ("U.S. automaker GM" holds
    # "GM"), and a gold named mention counts as found when one of ours ends inside it.
    heads: dict[str, list[int]] = defaultdict(list)
    for a, e in zip(ours["article_id"], ours["end"]):
        heads[a].append(int(e) - 1)
    found_nam = sum(1 for a, g in gold.items() for gm in g.mentions if gm["nam"] and any(gm["start"] <= h < gm["end"] for h in heads[a]))
    return {
        "docs": len(ids),
        "our_mentions": len(ours),
        "gold_mentions": sum(len(g.mentions) for g in gold.values()),
        "aligned": len(aligned),
        "actors": int((~actors["is_meta"].fillna(False).astype(bool)).sum()),
        "gold_entities": len({gm["cluster"] for g in gold.values() for gm in g.mentions}),
        "mention_P": len(aligned) / len(ours) if len(ours) else 0.0,
        "mention_P_annot": sum(mid in aligned for mid in in_annotated) / len(in_annotated) if in_annotated else 0.0,
        "mention_R_nam": found_nam / gold_nam if gold_nam else 0.0,
        "kind_acc": kinds_right / len(aligned) if aligned else 0.0,
        "b3_P": bp,
        "b3_R": br,
        "b3_F1": bf,
        "b3_F1_string_baseline": base_f,
        "pair_P": pp,
        "pair_R": pr,
        "pair_F1": pf,
        "_n_items": len(pred),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    ap.add_argument("--topic", action="append", help="airbus / apple / gm / stock (default: all)")
    ap.add_argument("--limit", type=int, default=None, help="first N documents of each topic")
    args = ap.parse_args(argv)
    topics = sorted(p for p in args.root.glob("corpus_*") if p.is_dir())
    if args.topic:
        topics = [t for t in topics if t.name.removeprefix("corpus_") in args.topic]
    nlp = load_nlp()
    rows = {}
    for t in topics:
        t0 = time.time()
        rows[t.name.removeprefix("corpus_")] = evaluate_topic(t, args.limit, nlp)
        print(f"{t.name}: {time.time() - t0:.1f}s", file=sys.stderr)
    table = pd.DataFrame(rows).T
    # Overall: micro-average of the per-item scores, weighted by aligned mentions.
    w = table["_n_items"]
    overall = {c: (table[c] * w).sum() / w.sum() for c in ["b3_P", "b3_R", "b3_F1", "b3_F1_string_baseline", "pair_P", "pair_R", "pair_F1"]}
    overall["b3_F1"] = 2 * overall["b3_P"] * overall["b3_R"] / (overall["b3_P"] + overall["b3_R"])
    for c in ["docs", "our_mentions", "gold_mentions", "aligned", "actors", "gold_entities"]:
        overall[c] = table[c].sum()
    overall["mention_P"] = table["aligned"].sum() / table["our_mentions"].sum()
    overall["mention_R_nam"] = float("nan")
    overall["kind_acc"] = (table["kind_acc"] * table["aligned"]).sum() / table["aligned"].sum()
    overall["mention_P_annot"] = (table["mention_P_annot"] * table["our_mentions"]).sum() / table["our_mentions"].sum()
    table.loc["overall (weighted)"] = pd.Series(overall)
    pd.set_option("display.width", 200)
    print(table.drop(columns=["_n_items", "mention_R_nam"]).round(3).to_string())
    print("\nmention recall of gold named (NAM) mentions per topic:", {k: round(v["mention_R_nam"], 3) for k, v in rows.items()})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
