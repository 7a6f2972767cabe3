"""Measure the description/pronoun links of `storylens.actors.coref`: on the seeds, and on MEANTIME.

1. Seeds (data/raw): every DESC/PRON mention of the two clean seed bodies, with the rule
   and the named mention it was linked to, for reading (the verdicts are in the report and
   pinned in tests/test_coref.py).
2. MEANTIME intra-document annotation (intra-doc_annotation/corpus_*): gold pronominal
   (syntactic_type PRO) and nominal (NOM) mentions of PER / ORG / LOC entities, each linked
   to its document-local entity (REFERS_TO). A link of ours is judged when both the
   description/pronoun and the named mention it resolves to align to gold mentions (head
   character inside the gold span, as in actors_meantime.py); it is correct when both are
   mentions of the same gold entity. Plural links ("the two countries") are counted, not
   judged: no single gold entity stands for two.
   - precision = correct / judged links;
   - recall = correct links / gold PRO+NOM mentions whose entity also has a named (NAM)
     mention in the document (the ones a name-anchored rule could ever resolve).
   Each topic is resolved as one corpus (`resolve_actors`), so links made across its
   articles (coref:desc:same_description) count; a description is aligned by its head
   noun ("chief executive officer of Apple Inc." by "officer", `head_ends`).

Usage: python benchmarks/coref_seeds.py [--limit N] [--no-seeds]
"""

from __future__ import annotations

import argparse
import csv
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks import actors_meantime  # noqa: E402 - its alignment and scoring
from benchmarks.data_paths import BENCHMARKS, REPO  # noqa: E402 - the gold corpora: ../shared/benchmarks
from storylens.actors.mentions import mentions_from_doc  # noqa: E402
from storylens.actors.resolve import resolve_actors  # noqa: E402
from storylens.ingest.clean import clean_text  # noqa: E402
from storylens.nlp import load_nlp  # noqa: E402

MEANTIME = BENCHMARKS / "meantime" / "intra-doc_annotation"


def seed_links(nlp=None, raw: Path = REPO / "data" / "raw") -> pd.DataFrame:
    """DESC/PRON rows of the clean seed bodies with their antecedents' text."""
    nlp = nlp or load_nlp()
    manifest = {r["file"]: r for r in csv.DictReader((raw / "manifest.csv").open(encoding="utf-8"))}
    rows = []
    for name, meta in manifest.items():
        body = clean_text((raw / name).read_text(encoding="utf-8"), title=meta.get("title") or None).body
        m = mentions_from_doc(nlp(body), Path(name).stem)
        text_of = dict(zip(m["mention_id"], m["text"]))
        for r in m[m["label"].isin(["DESC", "PRON"])].itertuples(index=False):
            ants = [text_of.get(a, a) for a in str(r.antecedent_id).split(";")] if isinstance(r.antecedent_id, str) else []
            rows.append({"outlet": meta["outlet"], "sentence": r.sentence_id, "text": r.text, "label": r.label, "rule": r.coref_rule, "antecedents": ants})
    return pd.DataFrame(rows)


def head_ends(m: pd.DataFrame) -> pd.DataFrame:
    """The mentions with a description's `end` moved to its head noun, for alignment only:
    "chief executive officer of Apple Inc." is headed by "officer", not by "Apple Inc."
    (the smallest gold span around its last character would be the company)."""
    out = m.copy()
    for i, (label, text, start) in enumerate(zip(m["label"], m["text"], m["start"])):
        if label == "DESC" and isinstance(text, str) and " of " in text:
            out.iloc[i, out.columns.get_loc("end")] = int(start) + text.index(" of ")
    return out


def _syntactic_types(path: Path) -> dict[str, str]:
    root = ET.parse(path).getroot()
    markables = root.find("Markables")
    return {el.get("m_id"): el.get("syntactic_type") or "" for el in (markables if markables is not None else []) if el.tag == "ENTITY_MENTION"}


def meantime_links(limit: int | None = None, nlp=None, root: Path = MEANTIME) -> dict[str, float]:
    """Precision / recall of our DESC/PRON links against MEANTIME's PRO/NOM mentions."""
    mt = actors_meantime
    nlp = nlp or load_nlp()
    counts: Counter[str] = Counter()
    rules: Counter[tuple[str, bool]] = Counter()
    for topic in sorted(p for p in root.glob("corpus_*") if p.is_dir()):
        paths = sorted(topic.glob("*.xml"))[:limit] if limit else sorted(topic.glob("*.xml"))
        golds = [mt.parse_doc(p) for p in paths]
        per_doc = [mentions_from_doc(doc, g.doc_id) for g, doc in zip(golds, nlp.pipe([g.text for g in golds]))]
        # The topic resolved as one corpus, so a description linked only through the same
        # words in another article (desc:same_description) is counted too.
        ids = [g.doc_id for g in golds]
        arts = pd.DataFrame({"article_id": ids, "outlet": ["Wikinews"] * len(ids), "authors": [[] for _ in ids], "title": [""] * len(ids)})
        resolved, _ = resolve_actors(pd.concat(per_doc, ignore_index=True), arts)
        coref = resolved["label"].isin(["DESC", "PRON"])
        resolved["coref_rule"] = resolved["resolved_by"].where(coref & resolved["resolved_by"].notna(), resolved["coref_rule"])
        by_doc = dict(tuple(resolved.groupby("article_id")))
        for p, g in zip(paths, golds):
            types = _syntactic_types(p)
            m = by_doc[g.doc_id]
            named_clusters = {gm["cluster"] for gm in g.mentions if gm["nam"]}
            target = [gm for gm in g.mentions if types.get(gm["m_id"]) in {"PRO", "NOM"} and gm["cluster"] in named_clusters]
            counts["gold_resolvable"] += len(target)
            aligned = mt.align(head_ends(m), {g.doc_id: g})
            ante = {r.mention_id: str(r.antecedent_id).split(";") for r in m.itertuples(index=False) if isinstance(r.antecedent_id, str)}

            def root_names(mid: str, ante: dict[str, list[str]] = ante, depth: int = 0) -> list[str]:
                if mid not in ante or depth > 10:
                    return [mid]
                return [x for a in ante[mid] for x in root_names(a, ante, depth + 1)]

            for r in m[m["label"].isin(["DESC", "PRON"])].itertuples(index=False):
                counts[f"ours_{r.label}"] += 1
                if r.mention_id not in ante:
                    continue
                counts["links"] += 1
                names = root_names(r.mention_id)
                if len(names) > 1:
                    counts["plural_links"] += 1  # "the two countries": no single gold entity to compare
                    continue
                if r.mention_id not in aligned or not all(n in aligned for n in names):
                    continue
                ok = all(aligned[n]["cluster"] == aligned[r.mention_id]["cluster"] for n in names)
                counts["judged"] += 1
                counts["correct"] += ok
                counts["correct_on_target"] += ok and aligned[r.mention_id] in target
                rules[(str(r.coref_rule), ok)] += 1
    out = dict(counts)
    out["precision"] = counts["correct"] / counts["judged"] if counts["judged"] else float("nan")
    out["recall"] = counts["correct_on_target"] / counts["gold_resolvable"] if counts["gold_resolvable"] else float("nan")
    out["by_rule"] = {f"{rule} {'ok' if ok else 'wrong'}": n for (rule, ok), n in sorted(rules.items())}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="first N documents of each MEANTIME topic")
    ap.add_argument("--no-seeds", action="store_true")
    args = ap.parse_args(argv)
    nlp = load_nlp()
    if not args.no_seeds:
        pd.set_option("display.width", 200)
        print(seed_links(nlp).to_string(index=False))
        print()
    scores = meantime_links(args.limit, nlp)
    by_rule = scores.pop("by_rule")
    print("MEANTIME PRO/NOM links:", {k: round(v, 3) if isinstance(v, float) else v for k, v in scores.items()})
    print("by rule:", by_rule)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
