"""Measure cross-document actor resolution on ECB+ (topics 36-45): human participants.

Why ECB+: its topics are sets of news articles about the same (and a similar) seminal
event, and its human participants (HUMAN_PART_PER / ORG / GPE / MET ...) are linked across
documents (CROSS_DOC_COREF, one instance id per real-world participant) -- including
nominal and pronominal mentions ("the suspect", "he"), which is what the description and
pronoun rules of `storylens.actors.coref` add to the named mentions.

Method, per topic folder (both its sub-topics, 15-25 articles, run as one corpus):
1. rebuild each document's text from its tokens (one sentence a line), with offsets;
2. run spaCy, `mentions_from_doc` and `resolve_actors` over the topic;
3. gold: HUMAN_PART_* mentions; cluster = the instance id of their CROSS_DOC_COREF
   relation, else their INTRA_DOC_COREF chain, else a singleton;
4. align each of our mentions that has an actor to the gold mention that ends inside it
   nearest its end, one-to-one (`align`); a description must reach its head noun ("Lohan
   lawyer" does not align to the gold "Lohan" inside it);
5. B-cubed P/R/F1 of the aligned mentions, twice: names only, and names + the
   descriptions/pronouns the coref rules linked (their actor is their antecedent's).

ECB+ links participants only in the sentences of its coreference index
(ECBplus_coreference_sentences.csv), so gold mentions are taken from those sentences only
(elsewhere an unlinked mention is unannotated, not a singleton); our mentions elsewhere do
not align and are not scored.

Usage: python benchmarks/actors_ecbplus.py [--topic 36] [--limit N]
"""

from __future__ import annotations

import argparse
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks import actors_meantime  # noqa: E402 - its alignment and scoring
from benchmarks.coref_seeds import head_ends  # noqa: E402
from benchmarks.data_paths import BENCHMARKS  # noqa: E402 - the gold corpora: ../shared/benchmarks
from benchmarks.token_text import text_from_tokens  # noqa: E402
from storylens.actors.resolve import resolve_actors  # noqa: E402
from storylens.nlp import load_nlp  # noqa: E402

DEFAULT_ROOT = BENCHMARKS / "ecbplus" / "ECB+"
TOPICS = [str(t) for t in range(36, 46)]


def annotated_sentences(root: Path) -> set[tuple[str, str]]:
    """(document stem, sentence number) pairs ECB+ annotated with coreference
    (ECBplus_coreference_sentences.csv): only there are participants linked, so only
    there is a mention without a link truly a singleton."""
    index = root.parent / "ECBplus_coreference_sentences.csv"
    df = pd.read_csv(index)
    return {(f"{t}_{f}", str(s)) for t, f, s in zip(df["Topic"], df["File"], df["Sentence Number"])}


def parse_doc(path: Path, keep: set[tuple[str, str]] | None = None):
    """(doc_id, text, gold human-participant mentions) of one ECB+ file; with `keep`,
    only mentions in those (document, sentence) pairs."""
    root = ET.parse(path).getroot()
    doc_id = path.stem
    text, tokens = text_from_tokens(root.iter("token"))
    spans = {t: (s, e) for t, (s, e, _) in tokens.items()}
    sent_of = {t: sent for t, (_, _, sent) in tokens.items()}
    anchored: dict[str, list[str]] = {}
    for el in root.find("Markables") if root.find("Markables") is not None else []:
        toks = [a.get("t_id") for a in el.findall("token_anchor")]
        if el.tag.startswith("HUMAN_PART") and toks and (keep is None or (doc_id, sent_of.get(toks[0])) in keep):
            anchored[el.get("m_id")] = toks
    cluster: dict[str, str] = {}
    relations = root.find("Relations")
    for rel in relations if relations is not None else []:
        target = rel.find("target")
        if rel.tag == "CROSS_DOC_COREF":
            cid = rel.get("note")
        elif rel.tag == "INTRA_DOC_COREF" and target is not None:
            cid = f"{doc_id}:{target.get('m_id')}"
        else:
            continue
        for src in rel.findall("source"):
            cluster.setdefault(src.get("m_id"), cid)
    mentions = []
    for mid, toks in anchored.items():
        offs = [spans[t] for t in toks if t in spans]
        if offs:
            mentions.append({"m_id": mid, "start": min(s for s, _ in offs), "end": max(e for _, e in offs), "cluster": cluster.get(mid, f"{doc_id}:{mid}")})
    return doc_id, text, mentions


KIND_TYPES = {
    "HUMAN_PART_PER": "person",
    "HUMAN_PART_ORG": "organization",
    "HUMAN_PART_GPE": "place",
    "LOC_GEO": "place",
    "LOC_FAC": "place",
}
"""ECB+ entity types scored for kind accuracy, as our kind classes (organization = also
media, place = also country). HUMAN_PART_MET (a capital for its government), _GENERIC
and NON_HUMAN_PART have no kind of ours to compare with and are left out."""
KIND_CLASS = {"person": "person", "organization": "organization", "media": "organization", "country": "place", "place": "place"}
"""Our kinds as those classes; group and other have none and count as wrong."""


def typed_mentions(path: Path, keep: set[tuple[str, str]] | None = None) -> list[dict]:
    """Gold mentions of the KIND_TYPES of one ECB+ file (in `keep` sentences), with their type."""
    root = ET.parse(path).getroot()
    _, tokens = text_from_tokens(root.iter("token"))
    out = []
    for el in root.find("Markables") if root.find("Markables") is not None else []:
        toks = [tokens[a.get("t_id")] for a in el.findall("token_anchor") if a.get("t_id") in tokens]
        if el.tag in KIND_TYPES and toks and (keep is None or (path.stem, str(toks[0][2])) in keep):
            out.append({"m_id": el.get("m_id"), "start": min(t[0] for t in toks), "end": max(t[1] for t in toks), "type": KIND_TYPES[el.tag]})
    return out


def align(ours: pd.DataFrame, gold: dict) -> dict[str, dict]:
    """mention_id -> gold mention, one-to-one: the smallest gold mention that overlaps ours
    and ends inside it. Unlike MEANTIME's names, ECB+ participants are often phrases
    ("Jeffs' followers"); a name inside one is a modifier, not the participant."""
    taken: set[tuple[str, str]] = set()
    out: dict[str, dict] = {}
    heads = dict(zip(ours["mention_id"], head_ends(ours)["end"]))
    for row in ours.sort_values(["article_id", "start"]).itertuples(index=False):
        s, e = int(row.start), int(row.end)
        # A description is a mention of what its head names: the gold mention must hold the
        # head ("Lohan lawyer" is not the gold "Lohan"; "leader of the sect" not "the sect").
        h = int(heads[row.mention_id]) if row.label == "DESC" else None
        cands = [
            gm
            for gm in gold[row.article_id].mentions
            if s <= gm["end"] - 1 < e and gm["start"] < e and (h is None or gm["start"] <= h - 1 < gm["end"]) and (row.article_id, gm["m_id"]) not in taken
        ]
        if cands:
            best = min(cands, key=lambda gm: (abs(gm["end"] - e), gm["end"] - gm["start"]))
            taken.add((row.article_id, best["m_id"]))
            out[row.mention_id] = best
    return out


def evaluate_topic(topic_dir: Path, limit: int | None = None, nlp=None) -> dict[str, float]:
    """Scores of one topic folder: names only and names + coref links."""
    mt = actors_meantime
    nlp = nlp or load_nlp()
    paths = sorted(topic_dir.glob("*.xml"))[:limit] if limit else sorted(topic_dir.glob("*.xml"))
    texts, gold = {}, {}
    keep = annotated_sentences(topic_dir.parent)
    for p in paths:
        doc_id, text, mentions = parse_doc(p, keep)
        texts[doc_id] = text
        gold[doc_id] = mt.GoldDoc(doc_id, text, {}, {}, mentions)
    ids = list(texts)
    from storylens.actors.mentions import mentions_from_doc

    frames = [mentions_from_doc(doc, aid) for aid, doc in zip(ids, nlp.pipe([texts[a] for a in ids]))]
    articles = pd.DataFrame(
        {"article_id": ids, "outlet": ["ECB+"] * len(ids), "authors": [[] for _ in ids], "title": [texts[a].split("\n", 1)[0] for a in ids]}
    )
    resolved, _ = resolve_actors(pd.concat(frames, ignore_index=True), articles)
    has_actor = resolved["actor_id"].notna() & ~resolved["is_meta"].fillna(False).astype(bool)
    coref = resolved["label"].isin(["DESC", "PRON"])
    out: dict[str, float] = {"docs": len(ids), "gold_mentions": sum(len(g.mentions) for g in gold.values())}
    for name, mask in (("names", has_actor & ~coref), ("all", has_actor)):
        ours = resolved[mask]
        aligned = align(ours, gold)
        pred = {mid: a for mid, a in zip(ours["mention_id"], ours["actor_id"]) if mid in aligned}
        gcl = {mid: gm["cluster"] for mid, gm in aligned.items()}
        p, r, f = mt.b_cubed(pred, gcl)
        out.update({f"{name}_aligned": len(aligned), f"{name}_b3_P": p, f"{name}_b3_R": r, f"{name}_b3_F1": f})
    # Coref links alone: a linked description/pronoun is right when its gold participant
    # is the gold participant of a named mention of the same actor in the same article.
    # Plural descriptions ("both companies") have no single gold participant to compare: not judged.
    links = resolved[has_actor & coref]
    aligned = align(resolved[has_actor], gold)
    gold_of = {mid: gm["cluster"] for mid, gm in aligned.items()}
    named = resolved[has_actor & ~coref]
    by_actor_art: dict[tuple[str, str], set[str]] = {}
    for mid, a, art in zip(named["mention_id"], named["actor_id"], named["article_id"]):
        if mid in gold_of:
            by_actor_art.setdefault((a, art), set()).add(gold_of[mid])
    judged = [
        (mid, gold_of[mid] in by_actor_art.get((a, art), set()))
        for mid, a, art in zip(links["mention_id"], links["actor_id"], links["article_id"])
        if mid in gold_of and (a, art) in by_actor_art
    ]
    out.update({"coref_links": len(links), "coref_judged": len(judged), "coref_correct": sum(ok for _, ok in judged)})
    # Kind accuracy: each named mention of ours aligned to a typed gold mention (people,
    # organisations, states and places), our kind's class against the gold type's.
    typed = {p.stem: mt.GoldDoc(p.stem, texts[p.stem], {}, {}, typed_mentions(p, keep)) for p in paths}
    names = resolved[~coref & ~resolved["is_meta"].fillna(False).astype(bool)]
    kind_of = dict(zip(names["mention_id"], names["kind"]))
    typed_aligned = align(names, typed)
    out["kind_n"] = len(typed_aligned)
    out["kind_right"] = sum(KIND_CLASS.get(str(kind_of[mid])) == gm["type"] for mid, gm in typed_aligned.items())
    out["kind_acc"] = out["kind_right"] / out["kind_n"] if out["kind_n"] else float("nan")
    out["_n_names"], out["_n_all"] = out["names_aligned"], out["all_aligned"]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    ap.add_argument("--topic", action="append", help="topic number (default: 36-45)")
    ap.add_argument("--limit", type=int, default=None, help="first N documents of each topic")
    args = ap.parse_args(argv)
    nlp = load_nlp()
    rows = {}
    for t in args.topic or TOPICS:
        t0 = time.time()
        rows[t] = evaluate_topic(args.root / t, args.limit, nlp)
        print(f"topic {t}: {time.time() - t0:.1f}s", file=sys.stderr)
    table = pd.DataFrame(rows).T
    overall: dict[str, float] = {}
    for name in ("names", "all"):
        w = table[f"_n_{name}"]
        for m in ("P", "R"):
            overall[f"{name}_b3_{m}"] = (table[f"{name}_b3_{m}"] * w).sum() / w.sum()
        p, r = overall[f"{name}_b3_P"], overall[f"{name}_b3_R"]
        overall[f"{name}_b3_F1"] = 2 * p * r / (p + r) if p + r else 0.0
    for c in ("docs", "gold_mentions", "names_aligned", "all_aligned", "coref_links", "coref_judged", "coref_correct", "kind_n", "kind_right"):
        overall[c] = table[c].sum()
    overall["kind_acc"] = overall["kind_right"] / overall["kind_n"] if overall["kind_n"] else float("nan")
    table.loc["overall (weighted)"] = pd.Series(overall)
    pd.set_option("display.width", 250)
    print(table.drop(columns=["_n_names", "_n_all"]).round(3).to_string())
    judged = overall["coref_judged"]
    print(f"\ncoref links: {int(overall['coref_links'])}, judged {int(judged)}, precision {overall['coref_correct'] / judged if judged else float('nan'):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
