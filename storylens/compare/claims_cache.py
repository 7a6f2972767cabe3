"""Claims story by story, taken from the previous build for every story whose inputs are unchanged.

Why: adding one article to a 20,000-article build changes a handful of stories, yet the
claims of all 5,700 others were clustered again (92 CPU-s of that rebuild). Claims never
cross a story: `claims.build_claims` links sentences only through alignments, and
alignments are made within a story. So a story's claims depend on nothing but its own
sentences (ids, offsets, text), its articles' outlet and date, its alignment rows (after
the researcher's corrections), the cannot-links between its sentences and the claims code.
A story's key hashes exactly those; same key, same rows.

Sentences of articles in no story are single-sentence claims; they are always made again
(they cost a dictionary lookup each). The assembled tables are in the order one
`build_claims` call over the whole corpus gives, so a rebuild's tables equal a fresh build's.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from storylens.compare.claims import build_claims
from storylens.tables import CLAIM_SENTENCES, CLAIMS, conform

CLAIMS_ENTRIES = ("storylens.compare.claims",)
"""The modules whose code the cached claims were made by (`code_fingerprint.step_fingerprint`)."""

_SENTENCE_KEY = ["article_id", "sentence_id", "start", "end", "text", "_outlet", "_published"]
_ALIGNMENT_KEY = ["article_a", "sentence_a", "article_b", "sentence_b", "relation", "similarity", "conflict_side"]


@dataclass
class ClaimCache:
    """One build's claims with the key of the story each row belongs to (`story_key` column)."""

    claims: pd.DataFrame
    members: pd.DataFrame
    """CLAIM_SENTENCES rows, with `story_key`."""
    keys: frozenset[str] = frozenset()
    """Every story key the build clustered (a story's rows are all there, or none)."""
    reused: int = 0
    computed: int = 0


def _row_hashes(df: pd.DataFrame, columns: list[str]) -> np.ndarray:
    cols = [c for c in columns if c in df.columns]
    return pd.util.hash_pandas_object(df[cols].astype("string"), index=False).to_numpy() if len(df) else np.zeros(0, dtype=np.uint64)


def _by_story(story: pd.Series) -> dict[str, np.ndarray]:
    """Story id -> positions of its rows, in table order (rows without a story left out)."""
    codes, names = pd.factorize(story, use_na_sentinel=True)
    order = np.argsort(codes, kind="stable")
    order = order[codes[order] >= 0]
    if not len(order):
        return {}
    sorted_codes = codes[order]
    bounds = np.flatnonzero(sorted_codes[1:] != sorted_codes[:-1]) + 1
    return {str(names[codes[p[0]]]): p for p in np.split(order, bounds)}


def story_claim_keys(
    alignments: pd.DataFrame,
    sentences: pd.DataFrame,
    articles: pd.DataFrame,
    apart: set[frozenset] | None,
    code: str,
    sent_story: pd.Series,
    align_story: pd.Series,
) -> dict[str, str]:
    """Story id -> a hash of everything `build_claims` reads for that story (`sent_story`,
    `align_story`: the story of each sentence and of each alignment row)."""
    meta = articles.set_index("article_id")
    story_of = meta["story_id"]
    sents = sentences.assign(
        _outlet=sentences["article_id"].map(meta["outlet"].fillna("unknown")),
        _published=sentences["article_id"].map(meta["published"]).astype("string"),
    )
    sent_hash = _row_hashes(sents, _SENTENCE_KEY)
    align_hash = _row_hashes(alignments, _ALIGNMENT_KEY)
    sent_pos = _by_story(sent_story)
    align_pos = _by_story(align_story) if len(alignments) else {}
    apart_of: dict[str, list[str]] = {}
    for pair in apart or ():
        a, b = sorted(pair)
        sid = story_of.get(a[0])
        if isinstance(sid, str):
            apart_of.setdefault(sid, []).append(f"{a}|{b}")
    keys = {}
    for sid, pos in sent_pos.items():
        h = hashlib.sha1(f"{code}\x1e{sid}\x1e".encode())
        h.update(sent_hash[pos].tobytes())
        h.update(b"\x1e" + align_hash[align_pos[sid]].tobytes() if sid in align_pos else b"\x1e")
        h.update("\x1e".join(sorted(apart_of.get(sid, []))).encode())
        keys[sid] = h.hexdigest()[:20]
    return keys


def claims_with_cache(
    alignments: pd.DataFrame,
    sentences: pd.DataFrame,
    articles: pd.DataFrame,
    apart: set[frozenset] | None,
    previous: ClaimCache | None,
    code: str,
) -> tuple[pd.DataFrame, pd.DataFrame, ClaimCache]:
    """`build_claims` over the corpus, with every story whose key the previous build clustered
    taken from `previous`. Returns (claims, claim_sentences, the new cache)."""
    story_of = articles.set_index("article_id")["story_id"]
    sent_story = sentences["article_id"].map(story_of)
    align_story = alignments["article_a"].map(story_of) if len(alignments) else pd.Series([], dtype="string")
    keys = story_claim_keys(alignments, sentences, articles, apart, code, sent_story, align_story)
    old_keys = previous.keys if previous is not None else frozenset()
    reuse = {k for k in keys.values() if k in old_keys}
    todo = {sid for sid, k in keys.items() if k not in reuse}
    computed_sents = sentences[sent_story.isna() | sent_story.isin(todo)]
    computed_align = alignments[align_story.isin(todo)] if len(alignments) else alignments
    computed_apart = {p for p in apart or () if story_of.get(min(p)[0]) in todo} if apart else None
    claims, members = build_claims(computed_align, computed_sents, articles, apart=computed_apart)
    key_of_story = claims["story_id"].map(keys)
    claims = claims.assign(story_key=key_of_story.astype("string"))
    members = members.assign(story_key=members["claim_id"].map(dict(zip(claims["claim_id"], claims["story_key"], strict=True))))
    if reuse and previous is not None:
        claims = pd.concat([claims, previous.claims[previous.claims["story_key"].isin(reuse)]], ignore_index=True)
        members = pd.concat([members, previous.members[previous.members["story_key"].isin(reuse)]], ignore_index=True)
    claims, members = _in_corpus_order(claims, members, sentences)
    stored = claims["story_key"].notna()
    new = ClaimCache(
        claims=claims[stored].reset_index(drop=True),
        members=members[members["story_key"].notna()].reset_index(drop=True),
        keys=frozenset(keys.values()),
        reused=len(reuse),
        computed=len(todo),
    )
    return conform(claims.drop(columns="story_key"), CLAIMS), conform(members.drop(columns="story_key"), CLAIM_SENTENCES), new


def _in_corpus_order(claims: pd.DataFrame, members: pd.DataFrame, sentences: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Claims by their first sentence in the sentences table, members in table order within
    each claim: the order one `build_claims` call over every sentence gives."""
    position = pd.Series(
        np.arange(len(sentences)),
        index=pd.MultiIndex.from_arrays([sentences["article_id"].astype(str), sentences["sentence_id"].astype("int64")]),
    )
    at = members.set_index([members["article_id"].astype(str), members["sentence_id"].astype("int64")]).index
    pos = position.reindex(at).to_numpy()
    members = members.assign(_pos=pos)
    first = members.groupby("claim_id", sort=False)["_pos"].min()
    members = members.assign(_first=members["claim_id"].map(first)).sort_values(["_first", "_pos"], kind="stable")
    claims = claims.assign(_first=claims["claim_id"].map(first)).sort_values("_first", kind="stable")
    return claims.drop(columns="_first").reset_index(drop=True), members.drop(columns=["_pos", "_first"]).reset_index(drop=True)
