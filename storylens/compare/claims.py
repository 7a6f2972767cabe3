"""Claims of a story: aligned sentences clustered into one claim, with the outlets that carry it.

A claim carried by one outlet only is what that outlet reports and the others do not; its
sentences keep their offsets (claim_sentences) so each claim opens at its words.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

import pandas as pd

from storylens.compare.alignments import _column
from storylens.compare.conflicts import conflict_cue
from storylens.tables import CLAIM_SENTENCES, CLAIMS


class _Clusters:
    """Union-find over sentences with two rules a merge must pass.

    Why: plain connected components chain A~B~C~D through 'related' edges until a claim
    swallows half the story. (1) An article states a claim once, so a claim holds at most
    one sentence per article. (2) Majority link: more than half of the sentence pairs across
    the two groups being merged must be aligned, so a third outlet's sentence joins a claim
    only when it matches both sentences already there, not just one of them. (3) Cannot-link:
    two sentences a researcher marked as different claims never share a claim, whatever
    chain of other sentences aligns them (`apart`).
    """

    def __init__(self, keys: Iterable[tuple[str, int]], edges: set[frozenset], apart: set[frozenset] | None = None):
        self.parent = {k: k for k in keys}
        self.members = {k: [k] for k in self.parent}
        self.edges = edges
        self.apart = apart or set()

    def find(self, k: tuple[str, int]) -> tuple[str, int]:
        while self.parent[k] != k:
            self.parent[k] = self.parent[self.parent[k]]
            k = self.parent[k]
        return k

    def union(self, a: tuple[str, int], b: tuple[str, int]) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        ma, mb = self.members[ra], self.members[rb]
        if {k[0] for k in ma} & {k[0] for k in mb}:
            return False
        if self.apart and any(frozenset((x, y)) in self.apart for x in ma for y in mb):
            return False
        linked = sum(frozenset((x, y)) in self.edges for x in ma for y in mb)
        if 2 * linked <= len(ma) * len(mb):
            return False
        self.parent[rb] = ra
        self.members[ra] = ma + self.members.pop(rb)
        return True


def build_claims(
    alignments: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame, apart: set[frozenset] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cluster aligned sentences into claims; every sentence ends up in exactly one claim.

    Edges are merged strongest first (same, then paraphrase, conflicting, related; by
    similarity within each), under the one-sentence-per-article, majority-link and
    cannot-link rules (see `_Clusters`; `apart` holds frozensets of two
    (article_id, sentence_id) keys, from `claim_corrections.cannot_links`). A claim is
    `conflicting` when one of its edges is, `shared` when two or more outlets report it,
    `unique` otherwise (a sentence nobody else aligned is a one-sentence unique claim).

    Returns:
        (CLAIMS rows, CLAIM_SENTENCES rows).
    """
    meta = articles.set_index("article_id")
    outlet_of = meta["outlet"].fillna("unknown").to_dict() if "outlet" in meta else {}
    published = meta["published"].to_dict() if "published" in meta else {}
    story_of = meta["story_id"].to_dict() if "story_id" in meta else {}
    sents = sentences.copy()
    keys = list(zip(sents["article_id"].tolist(), sents["sentence_id"].astype(int).tolist(), strict=True))
    edge_keys = {
        frozenset(((a, int(sa)), (b, int(sb))))
        for a, sa, b, sb in zip(*(_column(alignments, c) for c in ("article_a", "sentence_a", "article_b", "sentence_b")))
    }
    clusters = _Clusters(keys, edge_keys, apart)
    rank = {"same": 0, "paraphrase": 1, "conflicting": 2, "related": 3, "topical": 4}
    edges = alignments.assign(_r=alignments["relation"].map(rank)).sort_values(["_r", "similarity"], ascending=[True, False]) if len(alignments) else alignments
    edge_list = []
    for e in edges.itertuples(index=False):
        if e.relation == "topical":
            continue  # same story, different detail: never one claim
        ka, kb = (e.article_a, int(e.sentence_a)), (e.article_b, int(e.sentence_b))
        if ka in clusters.parent and kb in clusters.parent:
            clusters.union(ka, kb)
            edge_list.append((ka, kb, float(e.similarity), e.relation, e.conflict_side))
    root = {k: clusters.find(k) for k in keys}
    conflicting_roots: set[tuple[str, int]] = set()
    deniers: set[tuple[str, int]] = set()
    strength: dict[tuple[str, int], float] = {k: 0.0 for k in keys}
    for ka, kb, s, rel, side in edge_list:
        if root[ka] != root[kb]:
            continue
        strength[ka] += s
        strength[kb] += s
        if rel == "conflicting":
            conflicting_roots.add(root[ka])
            deniers.add(ka if side == "a" else kb)

    # Plain records grouped in first-seen order: a pandas groupby with itertuples per group
    # cost ~2 ms a claim, which dominated the whole comparison on a few hundred articles.
    groups: dict[Any, list[dict[str, Any]]] = {}
    for rec, key in zip(sents[["article_id", "sentence_id", "start", "end", "text"]].to_dict("records"), keys, strict=True):
        rec["key_"] = key
        groups.setdefault(root[key], []).append(rec)
    claim_rows, member_rows = [], []
    for r, group in groups.items():
        members = sorted(g["key_"] for g in group)
        story = story_of.get(members[0][0])
        digest = hashlib.sha1(f"{story}|{members}".encode()).hexdigest()[:12]
        claim_id = f"c{digest}"
        rep = max(group, key=lambda t: (strength[t["key_"]], -t["sentence_id"]))
        arts = sorted({k[0] for k in members})
        outlets = sorted({outlet_of.get(a, "unknown") for a in arts})
        dated = [(published[a], outlet_of.get(a, "unknown")) for a in arts if published.get(a) is not None and not pd.isna(published.get(a))]
        first = min(dated, key=lambda d: pd.Timestamp(d[0])) if dated else (None, None)
        status = "conflicting" if r in conflicting_roots else ("shared" if len(outlets) > 1 else "unique")
        claim_rows.append(
            {
                "claim_id": claim_id,
                "story_id": story,
                "summary": rep["text"],
                "summary_article_id": rep["article_id"],
                "summary_sentence_id": int(rep["sentence_id"]),
                "outlets": outlets,
                "n_outlets": len(outlets),
                "n_articles": len(arts),
                "n_sentences": len(members),
                "first_reported": first[0],
                "first_outlet": first[1],
                "status": status,
            }
        )
        for t in group:
            member_rows.append(
                {
                    "claim_id": claim_id,
                    "article_id": t["article_id"],
                    "sentence_id": int(t["sentence_id"]),
                    "start": int(t["start"]),
                    "end": int(t["end"]),
                    "outlet": outlet_of.get(t["article_id"], "unknown"),
                    "stance": "denies" if t["key_"] in deniers or (r in conflicting_roots and conflict_cue(str(t["text"]))) else "asserts",
                }
            )
    claims = pd.DataFrame(claim_rows, columns=CLAIMS.names)
    members_df = pd.DataFrame(member_rows, columns=CLAIM_SENTENCES.names)
    return claims, members_df
