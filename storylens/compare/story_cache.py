"""Per-story results kept from one build to the next, keyed by everything they are computed from.

Why: sentence alignment is the costliest corpus step and runs story by story; adding one
article changes one story (the one it joins, or its own), so the other stories' rows can be
taken from the previous build. A story's key hashes what `alignments.align_story` reads:
the story id, its sentences (ids, offsets, text, outlet, in order), the alignment
parameters, the library's code fingerprint and the IDF (`compare.sentence_idf`, which is
kept frozen between builds for exactly this reason). Same key, same rows: nothing else
reaches the function.

Where: `cache/corpus/` of the build (inside the atomic swap with the tables): the IDF files,
`story_alignments.parquet` (the alignment rows before the researcher's claim corrections,
with their story's key) and `story_keys.parquet` (every story aligned, rows or not); the
quote grouping's results keyed by the quotes' content (`quote_groups.QuoteCache`) in
`quote_tokens.parquet`, `quote_pairs.parquet` and `quote_groups.parquet`; the story
assignment (`stories.StoryState`, each article's key, group and story, and the word vectors)
in `story_state.pkl` and the vectoriser it was made with in `story_vectoriser.pkl`; each story's
claims keyed by their inputs (`claims_cache.ClaimCache`) in `story_claims.parquet` and
`story_claim_sentences.parquet`.

Which code made each part is in `fingerprints.json` (`part_fingerprints`: the hash of the
modules that part's results come from, `code_fingerprint.step_fingerprint`). A part made by
other code is not read; the other parts still are. Before, the whole cache was dropped when
any file of the library changed: a change to the labels or the citations made the next
20,000-article build align every story again (1,361 s) for rows that code never touches.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from storylens import store
from storylens.code_fingerprint import step_fingerprint
from storylens.compare.alignments import DEFAULT_PARAMS, AlignParams, align_story, corpus_idf, sorted_alignments, story_sentences
from storylens.compare.claims_cache import CLAIMS_ENTRIES, ClaimCache
from storylens.compare.quote_groups import QuoteCache
from storylens.compare.sentence_idf import SentenceIdf, needs_refresh, read_idf, write_idf
from storylens.compare.stories import StoryState, StoryVectoriser
from storylens.tables import ALIGNMENTS, ALL_TABLES, conform, empty

ROWS_FILE = "story_alignments.parquet"
KEYS_FILE = "story_keys.parquet"
QUOTE_TOKENS_FILE = "quote_tokens.parquet"
QUOTE_PAIRS_FILE = "quote_pairs.parquet"
QUOTE_GROUPS_FILE = "quote_groups.parquet"
STORY_STATE_FILE = "story_state.pkl"
STORY_VECTORISER_FILE = "story_vectoriser.pkl"
CLAIMS_FILE = "story_claims.parquet"
CLAIM_SENTENCES_FILE = "story_claim_sentences.parquet"
CLAIM_KEYS_FILE = "story_claim_keys.parquet"
FINGERPRINTS_FILE = "fingerprints.json"

PART_ENTRIES = {
    "alignments": ("storylens.compare.alignments",),
    "quotes": ("storylens.compare.quote_groups",),
    "stories": ("storylens.compare.stories",),
    "claims": CLAIMS_ENTRIES,
}
"""Each cached part and the modules its results are made by."""


def part_fingerprints() -> dict[str, str]:
    """Each part's code fingerprint in this library (computed once per process)."""
    return {part: step_fingerprint(*entries) for part, entries in PART_ENTRIES.items()}


@dataclass
class StoryCache:
    """The IDF and per-story alignment rows of one build (what the next build may reuse)."""

    idf: SentenceIdf | None = None
    rows: dict[str, pd.DataFrame] = field(default_factory=dict)
    """story key -> that story's alignment rows (an empty frame for a story without any)."""
    reused: int = 0
    computed: int = 0
    quotes: QuoteCache | None = None
    """The quote grouping's results (set by the pipeline after `finish_quotes_cached`)."""
    stories: StoryState | None = None
    """The story assignment (`stories.assign_stories_cached`), with its vectoriser beside it."""
    story_vectoriser: StoryVectoriser | None = None
    claims: ClaimCache | None = None
    """Each story's claims (`claims_cache.claims_with_cache`)."""


def story_key(story: pd.DataFrame, idf: SentenceIdf, params: AlignParams, code: str) -> str:
    """A hash of everything `align_story` reads for this story."""
    h = hashlib.sha1(f"{code}\x1e{idf.fingerprint}\x1e{params!r}\x1e{story['story_id'].iloc[0]}".encode())
    for col in ("article_id", "sentence_id", "start", "end", "outlet", "text"):
        h.update(b"\x1e" + "\x1f".join(map(str, story[col].tolist())).encode())
    return h.hexdigest()[:20]


def align_with_cache(
    sentences: pd.DataFrame,
    articles: pd.DataFrame,
    previous: StoryCache | None,
    code: str,
    params: AlignParams = DEFAULT_PARAMS,
    align_many: AlignMany | None = None,
) -> tuple[pd.DataFrame, StoryCache]:
    """Every story's alignment rows: the previous build's where the story's key is unchanged,
    computed otherwise. Returns the table (as `align_sentences` orders it) and the new cache.

    The previous IDF is kept unless the number of sentences it covers moved by more than
    `sentence_idf.REFRESH_SHARE`; a fresh IDF changes every key, so every story is aligned again.
    `align_many` aligns the stories to compute (`align_stories`, one after the other, by
    default; `workers.align_on_cluster` spreads them over a Dask cluster's workers)."""
    sents = story_sentences(sentences, articles)
    idf = previous.idf if previous is not None and not needs_refresh(previous.idf, len(sents)) else None
    if idf is None and len(sents):
        idf = corpus_idf(sents)
    new = StoryCache(idf=idf)
    if idf is None:
        return conform(sorted_alignments([]), ALIGNMENTS), new
    old = previous.rows if previous is not None else {}
    keys: list[str] = []
    todo: dict[str, pd.DataFrame] = {}
    story_ids = sents["story_id"].to_numpy()
    order = np.argsort(story_ids, kind="stable")
    bounds = np.flatnonzero(story_ids[order][1:] != story_ids[order][:-1]) + 1
    for pos in np.split(order, bounds):
        group = sents.iloc[pos]
        if group["article_id"].nunique() < 2:
            continue  # one article: nothing to align, nothing to keep
        key = story_key(group, idf, params, code)
        keys.append(key)
        if key not in old:
            todo[key] = group.reset_index(drop=True)
    computed = dict(zip(todo, (align_many or align_stories)(list(todo.values()), idf, params), strict=True))
    for key in keys:
        new.rows[key] = computed[key] if key in computed else old[key]
    new.computed, new.reused = len(computed), len(keys) - len(computed)
    return conform(sorted_alignments([new.rows[k] for k in keys]), ALIGNMENTS), new


AlignMany = Callable[[list[pd.DataFrame], SentenceIdf, AlignParams], list[pd.DataFrame]]
"""How a list of stories is aligned: (their `story_sentences` groups, IDF, parameters) -> each one's rows, in order."""


def align_stories(stories: list[pd.DataFrame], idf: SentenceIdf, params: AlignParams = DEFAULT_PARAMS) -> list[pd.DataFrame]:
    """`align_story` on each story, in this process."""
    return [align_story(story, idf, params) for story in stories]


def write_cache(cache: StoryCache, folder: Path, fingerprints: dict[str, str] | None = None) -> None:
    """The cache into `folder` (a build's staging `corpus/` folder, swapped in with the tables),
    with the code fingerprint of each part (`part_fingerprints()` unless given)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / FINGERPRINTS_FILE).write_text(json.dumps(fingerprints or part_fingerprints(), indent=1, sort_keys=True), encoding="utf-8")
    if cache.quotes is not None:
        write_quote_cache(cache.quotes, folder)
    if cache.stories is not None and cache.story_vectoriser is not None:
        store.write_cache_pickle(dataclasses.replace(cache.stories, kept_vectoriser=None), folder / STORY_STATE_FILE)
        store.write_cache_pickle(cache.story_vectoriser, folder / STORY_VECTORISER_FILE)
    if cache.claims is not None:
        _write_keyed(cache.claims.claims, "claims", folder / CLAIMS_FILE)
        _write_keyed(cache.claims.members, "claim_sentences", folder / CLAIM_SENTENCES_FILE)
        pq.write_table(pa.table({"story_key": pa.array(sorted(cache.claims.keys), type=pa.string())}), folder / CLAIM_KEYS_FILE)
    if cache.idf is None:
        return
    write_idf(cache.idf, folder)
    keys = list(cache.rows)
    frames = [df.assign(story_key=k) for k, df in cache.rows.items() if len(df)]
    rows = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["story_key"])
    _write_keyed(rows, "alignments", folder / ROWS_FILE)
    pq.write_table(pa.table({"story_key": pa.array(keys, type=pa.string())}), folder / KEYS_FILE)


def _write_keyed(rows: pd.DataFrame, table: str, path: Path) -> None:
    """Rows of one of the build's tables plus their `story_key` column, as Parquet."""
    arrow = store.to_arrow(rows.drop(columns="story_key") if len(rows) else empty(ALL_TABLES[table]), table)
    pq.write_table(arrow.append_column("story_key", pa.array(rows["story_key"].tolist() if len(rows) else [], type=pa.string())), path)


def _read_keyed(path: Path, table: str) -> pd.DataFrame:
    """What `_write_keyed` wrote, conformed to its table, with `story_key`."""
    arrow = pq.read_table(path)
    keys = arrow.column("story_key").to_pylist()
    return conform(arrow.drop_columns(["story_key"]).to_pandas(), ALL_TABLES[table]).assign(story_key=pd.array(keys, dtype="string"))


def _current_parts(folder: Path, fingerprints: dict[str, str] | None) -> set[str]:
    """The parts in `folder` made by the code whose `fingerprints` are given (all, without)."""
    if fingerprints is None:
        return set(PART_ENTRIES)
    try:
        stored = json.loads((folder / FINGERPRINTS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()  # no record of the code: nothing is trusted
    return {part for part, fp in fingerprints.items() if isinstance(stored, dict) and stored.get(part) == fp}


def read_cache(folder: Path, fingerprints: dict[str, str] | None = None) -> StoryCache | None:
    """The cache a previous build wrote (None when there is none or it is unreadable). With
    `fingerprints` (`part_fingerprints()`), a part made by other code is left out."""
    parts = _current_parts(folder, fingerprints)
    quotes = read_quote_cache(folder) if "quotes" in parts else None
    vectoriser = store.read_cache_pickle(folder / STORY_VECTORISER_FILE, StoryVectoriser) if "stories" in parts else None
    stories = store.read_cache_pickle(folder / STORY_STATE_FILE, StoryState) if vectoriser is not None else None
    claims = _read_claims(folder) if "claims" in parts else None
    kept = {"quotes": quotes, "stories": stories, "story_vectoriser": vectoriser, "claims": claims}
    idf = read_idf(folder) if "alignments" in parts else None
    if idf is None:
        return StoryCache(**kept) if any(v is not None for v in kept.values()) else None
    if not (folder / ROWS_FILE).is_file():
        return StoryCache(idf=idf, **kept)  # the IDF alone: every story is aligned again, with it
    try:
        rows = _read_keyed(folder / ROWS_FILE, "alignments")
        keys = pq.read_table(folder / KEYS_FILE).column("story_key").to_pylist()
    except (OSError, pa.ArrowException):
        return StoryCache(idf=idf, **kept)
    by_key: dict[str, pd.DataFrame] = {k: rows.iloc[0:0].drop(columns="story_key") for k in keys}
    for k, df in rows.groupby("story_key", sort=False):
        by_key[str(k)] = df.drop(columns="story_key").reset_index(drop=True)
    return StoryCache(idf=idf, rows=by_key, **kept)


def _read_claims(folder: Path) -> ClaimCache | None:
    files = [folder / CLAIMS_FILE, folder / CLAIM_SENTENCES_FILE, folder / CLAIM_KEYS_FILE]
    if not all(f.is_file() for f in files):
        return None
    try:
        keys = frozenset(pq.read_table(files[2]).column("story_key").to_pylist())
        return ClaimCache(claims=_read_keyed(files[0], "claims"), members=_read_keyed(files[1], "claim_sentences"), keys=keys)
    except (OSError, pa.ArrowException):
        return None


def write_quote_cache(cache: QuoteCache, folder: Path) -> None:
    """The quote grouping's cache as three Parquet files. Folded words contain no spaces
    (`quote_groups.words` splits on them), nor stems, so each list is one space-joined string."""
    folder.mkdir(parents=True, exist_ok=True)
    keys = list(cache.tokens)
    pq.write_table(
        pa.table(
            {
                "quote_key": pa.array(keys, type=pa.string()),
                "norms": pa.array([" ".join(cache.tokens[k][0]) for k in keys], type=pa.string()),
                "stems": pa.array([" ".join(sorted(cache.tokens[k][1])) for k in keys], type=pa.string()),
            }
        ),
        folder / QUOTE_TOKENS_FILE,
    )
    pairs = list(cache.pairs)
    pq.write_table(
        pa.table(
            {
                "key_a": pa.array([a for a, _ in pairs], type=pa.string()),
                "key_b": pa.array([b for _, b in pairs], type=pa.string()),
                "linked": pa.array([cache.pairs[p] for p in pairs], type=pa.bool_()),
            }
        ),
        folder / QUOTE_PAIRS_FILE,
    )
    rows = [(g, pos, m, d) for g, results in cache.groups.items() for pos, (m, d) in enumerate(results)]
    pq.write_table(
        pa.table(
            {
                "group_key": pa.array([r[0] for r in rows], type=pa.string()),
                "position": pa.array([r[1] for r in rows], type=pa.int32()),
                "match": pa.array([r[2] for r in rows], type=pa.string()),
                "diff": pa.array([r[3] for r in rows], type=pa.string()),
            }
        ),
        folder / QUOTE_GROUPS_FILE,
    )


def read_quote_cache(folder: Path) -> QuoteCache | None:
    """The quote grouping's cache a previous build wrote (None when absent or unreadable)."""
    files = [folder / QUOTE_TOKENS_FILE, folder / QUOTE_PAIRS_FILE, folder / QUOTE_GROUPS_FILE]
    if not all(f.is_file() for f in files):
        return None
    try:
        tokens, pairs, groups = (pq.read_table(f).to_pydict() for f in files)
    except (OSError, pa.ArrowException):
        return None
    cache = QuoteCache()
    for key, norms, stems in zip(tokens["quote_key"], tokens["norms"], tokens["stems"], strict=True):
        cache.tokens[key] = (norms.split(" ") if norms else [], frozenset(stems.split(" ")) if stems else frozenset())
    cache.pairs = dict(zip(zip(pairs["key_a"], pairs["key_b"], strict=True), pairs["linked"], strict=True))
    for g, _pos, m, d in zip(groups["group_key"], groups["position"], groups["match"], groups["diff"], strict=True):
        cache.groups.setdefault(g, []).append((m, d))  # written in position order
    return cache
