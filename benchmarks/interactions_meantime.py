"""Score who-did-what-to-whom edges against MEANTIME's agent/patient participants.

Why MEANTIME: its events carry `HAS_PARTICIPANT` relations with PropBank roles, so every
annotated event with an Arg0 (agent) and an Arg1 (patient) entity in its sentence is a
gold (agent, patient) pair; that is the closest public analogue of a directed
source -> target edge in news text.

Method, per document of intra_cross-doc_annotation/corpus_*:
1. rebuild the text from the tokens (one gold sentence per line, so spaCy's sentences
   follow the gold ones), keeping each token's character offsets;
2. run spaCy, `mentions_from_doc` and `interactions_from_doc`;
3. gold pairs: per event, each (Arg0 entity, Arg1 entity) of the event's sentence;
   scored twice: with participants of actor types only (PER / ORG / LOC), since an edge
   links actors, and with every entity type (products, sums), where gold is larger;
4. `strict-drawn` scores only the edges the network can draw: an edge with a description
   or pronoun end that has no antecedent has no actor (`co_mentions.attach_actors` drops
   it); every other measure scores every edge the extractor finds;
5. every entity is keyed by its cross-document instance (REFERS_TO), so "Airbus" and
   "European aircraft manufacturer, Airbus" are one argument; our mention is aligned to
   the smallest gold entity mention that contains its last character (the head of a name);
6. per sentence, our distinct (source, target) pairs against the gold pairs:
   strict = both arguments match in the right direction; relaxed = either argument
   matches its role; `patient+Arg2` also accepts Arg2 as the patient (recipients of
   give/sell/provide are Arg2 in PropBank, and our edges point at them); an undirected
   edge (a joint act, UNDIRECTED_RULES) matches a gold pair in either direction.

Known mismatch by design: MEANTIME annotates participants that are products, sums and
descriptions ("the order", "the company"), which named-entity mentions cannot reach; and
it does not annotate every event, so an edge the text supports can still count as wrong.

Usage: python benchmarks/interactions_meantime.py [--topic airbus] [--limit N] [--split all|dev|test] [--show-errors N]
"""

from __future__ import annotations

import argparse
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.data_paths import BENCHMARKS  # noqa: E402 - the gold corpora: ../shared/benchmarks
from benchmarks.token_text import text_from_tokens  # noqa: E402
from storylens.actors.mentions import mentions_from_doc  # noqa: E402
from storylens.network.interactions import interactions_from_doc  # noqa: E402
from storylens.network.lexicon import UNDIRECTED_RULES  # noqa: E402
from storylens.nlp import load_nlp  # noqa: E402

DEFAULT_ROOT = BENCHMARKS / "meantime" / "intra_cross-doc_annotation"
ACTOR_TYPES = frozenset({"PER", "ORG", "LOC"})


@dataclass
class GoldDoc:
    doc_id: str
    text: str
    token_start: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, sentence)
    entities: list[dict] = field(default_factory=list)  # {m_id, start, end, key, type}
    pairs: dict[str, set[tuple[str, str]]] = field(default_factory=dict)  # sentence -> {(arg0 key, arg1 key)}
    pairs_arg2: dict[str, set[tuple[str, str]]] = field(default_factory=dict)  # Arg1 or Arg2 as patient
    annotated: set[str] = field(default_factory=set)  # sentences whose events have participants

    def sentence_at(self, offset: int) -> str | None:
        for s, e, sent in self.token_start:
            if s <= offset < e or offset < s:
                return sent
        return self.token_start[-1][2] if self.token_start else None

    def sentence_text(self, sent: str) -> str:
        """The text of gold sentence `sent`, for the error listing."""
        spans = [(s, e) for s, e, k in self.token_start if k == sent]
        return self.text[min(s for s, _ in spans) : max(e for _, e in spans)] if spans else ""

    def keys_of(self, start: int, end: int) -> frozenset[str]:
        """Instance keys of every gold entity mention holding our last character (the head
        of a name): the name itself and the phrases around it ("Northrop Grumman and
        Airbus parent EADS", "European aircraft manufacturer, Airbus")."""
        head = end - 1
        return frozenset(m["key"] for m in self.entities if m["start"] <= head < m["end"])


def parse_doc(path: Path, types: frozenset[str] | None = ACTOR_TYPES) -> GoldDoc:
    """Text rebuilt from tokens, the gold entity mentions and the gold (agent, patient) pairs."""
    root = ET.parse(path).getroot()
    doc_id = root.get("doc_id") or path.stem
    text, spans = text_from_tokens(root.iter("token"))
    g = GoldDoc(doc_id, text, sorted(spans.values()))

    markables = root.find("Markables")
    relations = root.find("Relations")
    mention_tokens: dict[str, list[str]] = {}
    events: set[str] = set()
    instances: dict[str, tuple[str, str]] = {}  # ENTITY m_id -> (key, type)
    for el in markables if markables is not None else []:
        if el.tag in {"ENTITY_MENTION", "EVENT_MENTION"}:
            toks = [a.get("t_id") or "" for a in el.findall("token_anchor") if a.get("t_id") in spans]
            if toks:
                mention_tokens[el.get("m_id") or ""] = toks
                if el.tag == "EVENT_MENTION":
                    events.add(el.get("m_id") or "")
        elif el.tag == "ENTITY":
            instances[el.get("m_id") or ""] = (el.get("instance_id") or f"{doc_id}:e{el.get('m_id')}", el.get("ent_type") or "")
    key: dict[str, tuple[str, str]] = {}
    for rel in relations.findall("REFERS_TO") if relations is not None else []:
        target = rel.find("target")
        inst = instances.get(target.get("m_id") or "") if target is not None else None
        if inst is None:
            continue
        for src in rel.findall("source"):
            key[src.get("m_id") or ""] = inst
    for m_id, toks in mention_tokens.items():
        if m_id in events:
            continue
        k, typ = key.get(m_id, (f"{doc_id}:m{m_id}", ""))
        g.entities.append({"m_id": m_id, "start": min(spans[t][0] for t in toks), "end": max(spans[t][1] for t in toks), "key": k, "type": typ})

    roles: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for rel in relations.findall("HAS_PARTICIPANT") if relations is not None else []:
        src, tgt = rel.find("source"), rel.find("target")
        if src is None or tgt is None:
            continue
        ev, ent = src.get("m_id") or "", tgt.get("m_id") or ""
        if ev in events and ent in mention_tokens and ent not in events:
            roles[ev][rel.get("sem_role") or ""].append(ent)
            g.annotated.add(spans[mention_tokens[ev][0]][2])

    def ok(ent: str) -> bool:
        return types is None or key.get(ent, ("", ""))[1] in types

    def sent_of(m_id: str) -> set[str]:
        return {spans[t][2] for t in mention_tokens[m_id]}

    for ev, by_role in roles.items():
        ev_sent = spans[mention_tokens[ev][0]][2]
        for a0 in by_role.get("Arg0", []):
            for role in ("Arg1", "Arg2"):
                for a1 in by_role.get(role, []):
                    if not (ok(a0) and ok(a1)) or ev_sent not in sent_of(a0) or ev_sent not in sent_of(a1):
                        continue
                    k0 = key.get(a0, (f"{doc_id}:m{a0}", ""))[0]
                    k1 = key.get(a1, (f"{doc_id}:m{a1}", ""))[0]
                    if k0 == k1:
                        continue
                    g.pairs_arg2.setdefault(ev_sent, set()).add((k0, k1))
                    if role == "Arg1":
                        g.pairs.setdefault(ev_sent, set()).add((k0, k1))
    return g


@dataclass
class Counts:
    predicted: int = 0
    gold: int = 0
    tp_pred: int = 0  # predicted pairs that match
    tp_gold: int = 0  # gold pairs that are found

    def prf(self) -> tuple[float, float, float]:
        p = self.tp_pred / self.predicted if self.predicted else 0.0
        r = self.tp_gold / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


Keys = frozenset[str]
Pair = tuple[Keys, Keys, bool]  # (source keys, target keys, undirected)


def _match(a: Pair, b: tuple[str, str], relaxed: bool = False) -> bool:
    """Does our pair `a` match the gold (agent, patient) `b`? A joint act ("X met with Y",
    "between X and Y") claims no direction, so it matches either way round."""
    for src, tgt in ((a[0], a[1]), (a[1], a[0])) if a[2] else ((a[0], a[1]),):
        if (b[0] in src or b[1] in tgt) if relaxed else (b[0] in src and b[1] in tgt):
            return True
    return False


def _score(pred: set[Pair], gold: set[tuple[str, str]], relaxed: bool, c: Counts) -> set[Pair]:
    def match(a: Pair, b: tuple[str, str]) -> bool:
        return _match(a, b, relaxed)

    hits = {p for p in pred if any(match(p, g) for g in gold)}
    c.predicted += len(pred)
    c.gold += len(gold)
    c.tp_pred += len(hits)
    c.tp_gold += sum(1 for g in gold if any(match(p, g) for p in pred))
    return hits


GOLD_SETTINGS: dict[str, frozenset[str] | None] = {"actors": ACTOR_TYPES, "all": None}


def evaluate(paths: list[Path], *, show_errors: int = 0) -> dict[str, dict]:
    """Run extraction once per document and score it against both gold settings.

    Returns, per setting ("actors": PER/ORG/LOC participants only; "all": every entity
    type), the Counts by measure, the counts by rule, and up to `show_errors` errors."""
    nlp = load_nlp()
    out = {
        name: {
            "measures": {m: Counts() for m in ("strict", "relaxed", "patient+Arg2", "strict-no-reported", "strict-drawn")},
            "by_rule": defaultdict(Counter),
            "errors": [],
        }
        for name in GOLD_SETTINGS
    }
    for path in paths:
        golds = {name: parse_doc(path, types) for name, types in GOLD_SETTINGS.items()}
        g0 = golds["all"]
        doc = nlp(g0.text)
        mentions = mentions_from_doc(doc, g0.doc_id)
        edges = interactions_from_doc(doc, mentions)
        m_span = {r.mention_id: (int(r.start), int(r.end)) for r in mentions.itertuples(index=False)}
        # As on the network (co_mentions.attach_actors): a description or pronoun with no
        # antecedent has no actor, so an edge touching it is never drawn.
        coref = mentions["label"].isin(["DESC", "PRON"]) & mentions["antecedent_id"].isna()
        undrawn = set(mentions.loc[coref, "mention_id"])
        drawn = edges[~edges["source_mention_id"].isin(undrawn) & ~edges["target_mention_id"].isin(undrawn)]
        for name, g in golds.items():
            out[name]["undrawn"] = out[name].get("undrawn", 0) + len(edges) - len(drawn)
            _score_doc(g, edges, m_span, out[name], show_errors)
            _score_doc(g, drawn, m_span, out[name], 0, only="strict-drawn")
    for res in out.values():
        res["n_docs"] = len(paths)
    return out


def _score_doc(g: GoldDoc, edges: pd.DataFrame, m_span: dict[str, tuple[int, int]], res: dict, show_errors: int, only: str | None = None) -> None:
    """Score one document's edges into `res`; with `only`, just the strict measure, under that name."""
    measures, by_rule, errors = res["measures"], res["by_rule"], res["errors"]
    pred: dict[str, dict[Pair, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for e in edges.to_dict("records"):
        sent = g.sentence_at(int(e["start"]))
        if sent is None or sent not in g.annotated:
            continue  # MEANTIME gives participants only in its annotated sentences
        ks = g.keys_of(*m_span[e["source_mention_id"]]) or frozenset({f"ours:{e['source_mention_id']}"})
        kt = g.keys_of(*m_span[e["target_mention_id"]]) or frozenset({f"ours:{e['target_mention_id']}"})
        if not ks & kt:
            undirected = e["rule"] in UNDIRECTED_RULES
            if undirected and (kt, ks, True) in pred[sent]:
                pred[sent][(kt, ks, True)].append(e)  # one joint act, found from both sides
            else:
                pred[sent][(ks, kt, undirected)].append(e)
    names = {m["key"]: g.text[m["start"] : m["end"]] for m in g.entities}
    for sent in set(pred) | set(g.pairs) | set(g.pairs_arg2):
        ours = set(pred.get(sent, {}))
        gold = g.pairs.get(sent, set())
        if only:
            _score(ours, gold, False, measures[only])
            continue
        hits = _score(ours, gold, False, measures["strict"])
        _score(ours, gold, True, measures["relaxed"])
        hits2 = _score(ours, g.pairs_arg2.get(sent, set()), False, measures["patient+Arg2"])
        # The speaker -> subject-of-report edges cannot match by construction (a PropBank
        # Arg1 of "say" is the clause, never an entity): the same score without them.
        _score({p for p in ours if any(r["rule"] != "reported" for r in pred[sent][p])}, gold, False, measures["strict-no-reported"])
        for pair, rows in pred.get(sent, {}).items():
            rule = rows[0]["rule"]
            by_rule[rule]["n"] += 1
            by_rule[rule]["tp"] += pair in hits
            by_rule[rule]["tp2"] += pair in hits2
            if pair not in hits and len(errors) < show_errors:
                e = rows[0]
                errors.append(f"FP {g.doc_id} s{sent}: {e['source_text']} -{e['predicate']}-> {e['target_text']} ({e['rule']})\n      | {g.sentence_text(sent)}")
        for pair in (p for p in gold if not any(_match(h, p) for h in hits)):
            if len(errors) < show_errors:
                errors.append(f"FN {g.doc_id} s{sent}: {names.get(pair[0])} -> {names.get(pair[1])}\n      | {g.sentence_text(sent)}")


DEV_PER_TOPIC = 15
"""The development part: the first 15 documents (by file name) of each topic; the test part
is the other 15. Rules are tuned on the first and reported on the second (and on all)."""


def document_paths(root: Path = DEFAULT_ROOT, topic: str | None = None, limit: int | None = None, split: str = "all") -> list[Path]:
    """The English MEANTIME documents, topic by topic, optionally the first `limit` of each;
    `split` = "dev" / "test" keeps one part of each topic (see DEV_PER_TOPIC)."""
    out: list[Path] = []
    for corpus in sorted(root.glob("corpus_*")):
        if topic and corpus.name != f"corpus_{topic}":
            continue
        files = sorted(corpus.glob("*.xml"))
        files = files[:DEV_PER_TOPIC] if split == "dev" else files[DEV_PER_TOPIC:] if split == "test" else files
        out += files[:limit] if limit else files
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    ap.add_argument("--topic", help="airbus / apple / gm / stock (default: all)")
    ap.add_argument("--limit", type=int, help="first N documents of each topic")
    ap.add_argument("--split", choices=["all", "dev", "test"], default="all", help="dev: first 15 documents of each topic; test: the other 15")
    ap.add_argument("--show-errors", type=int, default=0, help="list up to N errors per gold setting, each with its sentence")
    args = ap.parse_args()
    t0 = time.time()
    paths = document_paths(args.root, args.topic, args.limit, args.split)
    results = evaluate(paths, show_errors=args.show_errors)
    print(f"MEANTIME interactions: {len(paths)} documents ({args.split}), {time.time() - t0:.0f} s")
    for setting, res in results.items():
        label = "PER/ORG/LOC participants" if setting == "actors" else "participants of every entity type"
        print(f"gold = {label}  ({res.get('undrawn', 0)} edge rows not drawn on the network: an unresolved description or pronoun end)")
        for name, c in res["measures"].items():
            p, r, f = c.prf()
            print(f"  {name:18s} P={p:.3f} R={r:.3f} F1={f:.3f}  (pred {c.predicted}, gold {c.gold}, tp_pred {c.tp_pred}, tp_gold {c.tp_gold})")
        print("  per-rule precision (strict | patient+Arg2):")
        for rule, c in sorted(res["by_rule"].items(), key=lambda kv: -kv[1]["n"]):
            print(f"    {rule:10s} {c['tp']:4d}/{c['n']:<4d} = {c['tp'] / c['n']:.3f} | {c['tp2']:4d}/{c['n']:<4d} = {c['tp2'] / c['n']:.3f}")
        for line in res["errors"]:
            print("  " + line)


if __name__ == "__main__":
    main()
