"""Researcher corrections of the comparison: two sentences report the same claim, or they do not.

Applied to the sentence alignments before claims are clustered, so a correction changes
the claims the way a found alignment would: a "same" pair becomes an alignment of relation
`same` with similarity 1.0 (merged first), a "different" pair loses its alignment.
Sentences are named `article#sentence_id`, the article by source_file or article_id
(storylens.corrections.split_sentence_ref).
"""

from __future__ import annotations

from itertools import combinations

import pandas as pd
from rapidfuzz import fuzz

from storylens.corrections import Corrections, split_sentence_ref
from storylens.tables import ALL_TABLES


def apply_claim_corrections(alignments: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame, corrections: Corrections | None) -> pd.DataFrame:
    """`alignments` with the corrected pairs added (same) or removed (different)."""
    if corrections is None or not (corrections.same_claims or corrections.different_claims) or sentences.empty:
        return alignments
    ids = {str(a): str(a) for a in articles["article_id"]}
    if "source_file" in articles.columns:
        ids.update({str(s): str(a) for s, a in zip(articles["source_file"], articles["article_id"], strict=True) if isinstance(s, str)})
    meta = articles.set_index("article_id")
    sent = sentences.set_index(["article_id", "sentence_id"])

    def resolve(ref: str) -> tuple[str, int] | None:
        parsed = split_sentence_ref(ref)
        if parsed is None or parsed[0] not in ids:
            return None
        key = (ids[parsed[0]], parsed[1])
        return key if key in sent.index else None

    def pairs(groups: list[list[str]]) -> set[tuple[tuple[str, int], tuple[str, int]]]:
        out = set()
        for group in groups:
            keys = [k for k in map(resolve, group) if k is not None]
            out |= {tuple(sorted(p)) for p in combinations(keys, 2) if p[0][0] != p[1][0]}  # type: ignore[misc]
        return out

    different, same = pairs(corrections.different_claims), pairs(corrections.same_claims)
    out = alignments.copy()
    if len(out):
        pair_of = [
            tuple(sorted(((a, int(sa)), (b, int(sb))))) for a, sa, b, sb in zip(out["article_a"], out["sentence_a"], out["article_b"], out["sentence_b"])
        ]
        out = out[[p not in different and p not in same for p in pair_of]]
    rows = []
    for (a, sa), (b, sb) in sorted(same - different):
        story = meta.at[a, "story_id"] if "story_id" in meta.columns else None
        if story is None or pd.isna(story):
            continue  # an article in no story is not compared
        ra, rb = sent.loc[(a, sa)], sent.loc[(b, sb)]
        outlet_a, outlet_b = (str(meta.at[x, "outlet"]) if "outlet" in meta.columns else "unknown" for x in (a, b))
        rows.append(
            {
                "story_id": story,
                "article_a": a,
                "sentence_a": sa,
                "start_a": int(ra["start"]),
                "end_a": int(ra["end"]),
                "outlet_a": outlet_a,
                "article_b": b,
                "sentence_b": sb,
                "start_b": int(rb["start"]),
                "end_b": int(rb["end"]),
                "outlet_b": outlet_b,
                "similarity": 1.0,
                "verbatim": round(fuzz.partial_ratio(str(ra["text"]).lower(), str(rb["text"]).lower()) / 100.0, 4),
                "relation": "same",
                "shared_terms": [],
                "conflict_cue": None,
                "conflict_side": None,
                "same_outlet": outlet_a == outlet_b and outlet_a != "unknown",
            }
        )
    if rows:
        out = pd.concat([out, pd.DataFrame(rows, columns=ALL_TABLES["alignments"].names)], ignore_index=True)
    return out.sort_values(["story_id", "article_a", "sentence_a", "article_b", "sentence_b"], ignore_index=True)
