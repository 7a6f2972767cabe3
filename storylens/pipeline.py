"""A build: input folders -> every table, written atomically to an output folder.

The stages, in order, each one call into the package that computes it:

  1. read      files -> decoded records or rejects                 ingest.readers.read_inputs
  2. prepare   record -> clean article row with its metadata        ingest.prepare (per record, in the workers)
  3. dedupe    unique names and ids, identical / near-identical     ingest.batch
               bodies, corrections by article id; the years of
               weakly dated articles lent across the corpus         timeline.corpus.date_across_corpus
  4. analyse   per article: parse, sentences, mentions, timexes,    analyze.analyse_rows (pure, in the workers;
               events, quotes, interactions                         skipped when analysis_key is unchanged)
  5. corpus    actors and labels                                    actors.resolve, actors.labels
               quotes with speakers, citations                      compare.corpus.finish_quotes, compare.citations
               edges between actors                                 network.corpus
               stories, alignments, claims                          compare.corpus.compare_stories
               date corrections, re-dating, story events            timeline.corpus.finish_events
  6. write     all tables + build_info.json + the search index,     store.write_tables, workspace.search.write_index
               swapped in atomically

Where the work runs (this process, a local Dask cluster or an existing one) and how the
garbage collector is kept out of the way live in `storylens.workers`, so this module says
only what happens in which order. The per-article results are written to partitioned
Parquet as they come back (`store.write_part`) and read back once, whole tables for the
corpus steps; a rebuild whose inputs, settings, corrections and code are unchanged stops
after reading the files (`unchanged_build`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import hashlib
import json
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from tqdm import tqdm

from storylens import store
from storylens.actors.labels import build_labels
from storylens.actors.resolve import resolve_actors
from storylens.analyze import CODE_FINGERPRINT, PER_ARTICLE_TABLES, PIPELINE_VERSION, analysis_key
from storylens.clock import StageClock
from storylens.code_fingerprint import step_fingerprint
from storylens.compare.citations import extract_citations
from storylens.compare.corpus import compare_stories, finish_quotes_cached
from storylens.compare.story_cache import StoryCache, part_fingerprints
from storylens.compare.story_cache import read_cache as read_story_cache
from storylens.compare.story_cache import write_cache as write_story_cache
from storylens.corrections import Corrections, load_corrections
from storylens.ingest.batch import apply_id_corrections, distinct_ids, duplicates_of_cached, read_manifests, unique_sources
from storylens.ingest.dedupe import read_dedupe_state, write_dedupe_state
from storylens.ingest.fetch import resolve_url_rows
from storylens.ingest.manifest import MANIFEST_NAME, Manifest
from storylens.ingest.prepare import Prepared, prepare
from storylens.ingest.prepare_cache import cached_results, prepare_key, read_prepare_cache, write_prepare_cache
from storylens.ingest.readers import RawArticle, Reject, read_inputs
from storylens.network.corpus import date_interactions, finish_interactions
from storylens.nlp import model_info
from storylens.settings import Settings
from storylens.tables import ALL_TABLES, ARTICLES, REJECTS, conform
from storylens.timeline.corpus import date_across_corpus, finish_events, lend_story_dates, name_lent_stories
from storylens.timeline.key_dates import key_dates
from storylens.workers import (
    align_on_cluster,
    analyse_chunk_parts,
    collector_paused,
    cpu_by_worker,
    dask_client,
    fixed_chunks,
    frozen_for_collector,
    guided_chunks,
    load_resources,
    map_chunks,
    n_workers,
    peak_rss,
    peak_rss_by_worker,
    run_on_cluster,
)
from storylens.workspace.search import write_index

ProgressFactory = Callable[[int, str], Any]


class _Silent:
    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


def silent_progress(total: int, desc: str) -> Any:
    """A progress factory that shows nothing: for benchmarks and tests, where a bar is noise."""
    return _Silent()


def _tqdm_progress(total: int, desc: str) -> Any:
    return tqdm(total=total, desc=desc, unit="article", file=sys.stderr, disable=total == 0 or not sys.stderr)


def build(
    inputs: Sequence[str | Path],
    out_dir: str | Path,
    settings: Settings | None = None,
    corrections_path: str | Path | None = None,
    progress: ProgressFactory = _tqdm_progress,
    **overrides: Any,
) -> dict[str, pd.DataFrame]:
    """Build every table from the input files/folders into `out_dir`; return the tables.

    Keyword overrides are Settings fields (`model="en_core_web_md"`, `workers=2`,
    `scheduler="tcp://host:8786"`). Bad input never stops a build: each bad file or row
    becomes a `rejects` row. When nothing the build reads has changed since the build in
    `out_dir`, nothing is recomputed or rewritten: its tables are returned as they are.
    """
    with store.build_lock(out_dir):  # one build per output folder at a time (storylens.store)
        return _build(inputs, Path(out_dir), settings, corrections_path, progress, **overrides)


def _build(
    inputs: Sequence[str | Path], out: Path, settings: Settings | None, corrections_path: str | Path | None, progress: ProgressFactory, **overrides: Any
) -> dict[str, pd.DataFrame]:
    t0, cpu0 = time.perf_counter(), time.process_time()
    clock = StageClock()
    settings = (settings or Settings()).replace(**overrides) if overrides else (settings or Settings())
    corrections = load_corrections(corrections_path)
    with clock("read"):
        raws, rejects = read_inputs(inputs, settings.max_file_bytes)
        # URL rows (URL lists, Media Cloud rows without text) become pages from the corpus's fetch cache,
        # or fetched ones with settings.fetch; the others become rejects with the reason.
        raws, url_rejects, _ = resolve_url_rows(raws, fetch=settings.fetch, refresh=settings.refresh, progress=progress, max_new=settings.max_fetch_urls)
        rejects += url_rejects
        unique_sources(raws)
        fingerprint = inputs_fingerprint(raws, rejects, settings, corrections)
    if unchanged_build(out, fingerprint):
        return store.load(out)
    manifests, warnings, manifest_rejects = read_manifests(raws)
    rejects += manifest_rejects

    # What lives as long as the process (modules, model, gazetteer) and then the per-article
    # tables are frozen as they come: the collector stops re-scanning them.
    with frozen_for_collector(), dask_client(settings) as client:
        if client is None:
            with collector_paused():
                load_resources(settings.model)
            gc.freeze()
        clock.seconds["start workers"] = round(time.perf_counter() - t0 - clock.seconds["read"], 3)
        clock.cpu_seconds["start workers"] = round(time.process_time() - cpu0 - clock.cpu_seconds["read"], 3)
        staging = store.staging_folder(out)
        try:
            ctx = BuildContext(out, settings, corrections, progress, client, staging, clock, rejects)
            tables, prepared, n_analysed, reused_ids = _per_article_stages(ctx, raws, manifests)
            gc.freeze()  # the per-article tables: long-lived too, and by far the most objects
            with collector_paused():
                tables = _corpus_stage(tables, _meta_frame(prepared), rejects, corrections, client, clock, _previous_story_cache(out))
                story_cache = tables.pop("_story_cache")
                write_story_cache(story_cache, staging / STORY_CACHE_DIR)
                info = {
                    "pipeline_version": PIPELINE_VERSION,
                    "code_fingerprint": CODE_FINGERPRINT,
                    "inputs_fingerprint": fingerprint,
                    "built_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                    "model": run_on_cluster(client, _model_info, settings.model)(),
                    "settings": {k: v for k, v in vars(settings).items()},
                    "settings_fingerprint": settings.fingerprint(),
                    "corrections": corrections.as_record(),
                    "inputs": [str(p) for p in inputs],
                    "input_files": {r.source_file: r.content_hash for r in raws},
                    "warnings": warnings,
                    "analysed": n_analysed,
                    "reused": len(reused_ids),
                    "stories_aligned": {"reused": story_cache.reused, "computed": story_cache.computed},
                    "story_claims": {"reused": story_cache.claims.reused, "computed": story_cache.claims.computed} if story_cache.claims else None,
                    "stories_assigned": {
                        "reclustered": story_cache.stories.reclustered if story_cache.stories else 0,
                        "from_scratch": int(story_cache.stories.from_scratch) if story_cache.stories else 1,
                        "vectoriser_articles": story_cache.story_vectoriser.n_articles if story_cache.story_vectoriser else 0,
                    },
                    **{f"{name}_results": counts for name, counts in ctx.cache_counts.items()},
                    "quote_results": {
                        "reused": story_cache.quotes.reused,
                        "computed": story_cache.quotes.computed,
                    },
                    "alignment_idf": {
                        "sentences": story_cache.idf.n_docs if story_cache.idf else 0,
                        "fingerprint": story_cache.idf.fingerprint if story_cache.idf else None,
                    },
                    "seconds": round(time.perf_counter() - t0, 2),
                    "stage_seconds": clock.seconds,
                    "stage_cpu_seconds": clock.cpu_seconds,
                    "cpu_seconds": {"build": round(time.process_time() - cpu0, 2), "workers": cpu_by_worker(client)},
                    "peak_rss_bytes": {"build": peak_rss(), "workers": peak_rss_by_worker(client)},
                    "python": sys.version.split()[0],
                    "pid": os.getpid(),
                }
                # The search index is written inside the swap too: the page only opens it (workspace.search).
                store.write_tables(tables, out, info, cache_parts=staging, derived=(write_index,))
                return {name: conform(tables.get(name), ALL_TABLES[name]) for name in ALL_TABLES}
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def _model_info(model: str) -> dict[str, str]:
    """Name and version of the model the per-article stage used (run where it is loaded)."""
    return model_info(load_resources(model))


def inputs_fingerprint(raws: Sequence[RawArticle], rejects: Sequence[Reject], settings: Settings, corrections: Corrections) -> str:
    """A hash of everything a build reads: the input files' contents and names, the files
    rejected while reading, the settings that change results, the corrections and the code.

    Two builds with the same fingerprint write the same tables (build_info aside)."""
    record = {
        "files": sorted((r.source_file, r.root, r.relpath, r.content_hash) for r in raws),
        "manifests": sorted((root, _file_hash(Path(root) / MANIFEST_NAME)) for root in {r.root for r in raws}),
        "rejects": sorted((r.source_file, r.reason, r.detail) for r in rejects),
        "settings": settings.fingerprint(),
        "corrections": corrections.as_record(),
        "pipeline": PIPELINE_VERSION,
        "code": CODE_FINGERPRINT,
    }
    return hashlib.sha1(json.dumps(record, sort_keys=True, default=str).encode()).hexdigest()[:16]


def _file_hash(path: Path) -> str:
    return hashlib.sha1(path.read_bytes()).hexdigest() if path.is_file() else ""


def unchanged_build(out: Path, fingerprint: str) -> bool:
    """Whether `out` holds a complete build of exactly these inputs (same fingerprint).

    Why: a rebuild with nothing changed used to cost as much as the first build (every
    article re-cleaned, the model loaded, the corpus steps run again); now it costs reading
    and hashing the input files."""
    store.recover(out)
    try:
        info = store.read_build_info(out)
    except (ValueError, OSError):  # a damaged build_info.json: build again rather than stop
        return False
    return bool(info) and info.get("inputs_fingerprint") == fingerprint and all(store.part_files(out, name) for name in ALL_TABLES)


@dataclass
class BuildContext:
    """What every stage of one build reads: where it writes, its settings and corrections,
    where the work runs, its clock, and the rejects it appends to.

    Why one object: the per-article stages passed the same eight values down two levels."""

    out: Path
    settings: Settings
    corrections: Corrections
    progress: ProgressFactory
    client: Any
    staging: Path
    clock: StageClock
    rejects: list[Reject] = field(default_factory=list)
    cache_counts: dict[str, dict[str, int]] = field(default_factory=dict)
    """What each cached corpus-side step reused and computed (for build_info)."""


def _per_article_stages(
    ctx: BuildContext, raws: list[RawArticle], manifests: dict[str, Manifest]
) -> tuple[dict[str, pd.DataFrame], list[tuple[dict[str, Any], Prepared]], int, set[str]]:
    """Prepare and analyse every record, on the Dask cluster when there is one.

    Records that fail are appended to `ctx.rejects`. Returns the per-article tables, the
    prepared articles, how many were analysed and the ids of those reused from `ctx.out`."""
    rows: list[dict[str, Any]] = []
    prepared: list[tuple[dict[str, Any], Prepared]] = []
    with ctx.clock("prepare"):
        results = prepare_all_cached(raws, manifests, ctx)
    for result in results:
        if isinstance(result, Reject):
            ctx.rejects.append(result)
            continue
        rows.append(result.row)
        prepared.append((result.row, result))
    tables, rows, n_analysed, reused_ids = _analyse_stage(ctx, rows)
    kept = set(tables["articles"]["article_id"])
    return tables, [p for p in prepared if p[0]["article_id"] in kept], n_analysed, reused_ids


def prepare_all(
    raws: list[RawArticle], manifests: dict[str, Manifest], corrections: Corrections, settings: Settings, client: Any = None
) -> list[Prepared | Reject]:
    """Clean every record and settle its metadata (on the cluster when there is one), in input order."""
    jobs = [(raw, manifests[raw.root].lookup(raw.relpath)) for raw in raws]
    if client is None or len(jobs) < 2:
        return _prepare_chunk(jobs, corrections, settings)
    chunks = fixed_chunks(jobs, max(1, len(jobs) // (n_workers(client, settings) * 8)))
    done: dict[int, list[Prepared | Reject]] = dict(map_chunks(client, _prepare_chunk, chunks, corrections=corrections, settings=settings))
    return [result for i in range(len(chunks)) for result in done[i]]


def prepare_all_cached(raws: list[RawArticle], manifests: dict[str, Manifest], ctx: BuildContext) -> list[Prepared | Reject]:
    """`prepare_all` for the records whose result the previous build in `ctx.out` does not
    hold (`ingest.prepare_cache`); this build's cache goes to its staging folder."""
    jobs = [(raw, manifests[raw.root].lookup(raw.relpath)) for raw in raws]
    keys = [prepare_key(raw, m, ctx.corrections.articles.get(raw.source_file, {}), ctx.settings, step_fingerprint(*PREPARE_ENTRIES)) for raw, m in jobs]
    previous = read_prepare_cache(ctx.out / store.CACHE_DIR / STORY_CACHE_DIR)

    def compute(positions: list[int]) -> list[Prepared | Reject]:
        return prepare_all([raws[i] for i in positions], manifests, ctx.corrections, ctx.settings, ctx.client)

    results, cache = cached_results(keys, previous, compute)
    write_prepare_cache(cache, ctx.staging / STORY_CACHE_DIR)
    ctx.cache_counts["prepared"] = {"reused": cache.reused, "computed": cache.computed}
    return results


def _prepare_chunk(jobs: list[tuple[RawArticle, dict[str, Any]]], corrections: Corrections, settings: Settings) -> list[Prepared | Reject]:
    return [_prepare_one(raw, manifest, corrections, settings) for raw, manifest in jobs]


def _prepare_one(raw: RawArticle, manifest: dict[str, Any], corrections: Corrections, settings: Settings) -> Prepared | Reject:
    try:
        return prepare(raw, manifest, corrections, settings)
    except Exception as exc:  # a bug or a pathological file must not stop the corpus
        return Reject(raw.source_file, "unreadable", f"{raw.source_file}: failed while cleaning ({type(exc).__name__}: {exc})", raw.content_hash)


def _analyse_stage(ctx: BuildContext, rows: list[dict[str, Any]]) -> tuple[dict[str, pd.DataFrame], list[dict[str, Any]], int, set[str]]:
    """Ids, duplicates and the per-article analysis (reusing the previous build's rows where unchanged).

    Each chunk's rows are written to `staging` (partitioned Parquet, which becomes the next
    build's cache) as they arrive; the tables are then read back once. Articles the stage
    could not analyse (time budget, an error) move from the rows to `ctx.rejects`."""
    out, settings, clock, staging = ctx.out, ctx.settings, ctx.clock, ctx.staging
    with clock("dates across corpus"):
        apply_id_corrections(rows, ctx.corrections)
        distinct_ids(rows)
        date_across_corpus(rows)
        lend_story_dates(rows)

    for row in rows:
        row["analysis_key"] = analysis_key(row, settings)
    prev_keys = _previous_keys(out)
    to_analyse = [r for r in rows if r["status"] == "analysed" and prev_keys.get(r["article_id"]) != r["analysis_key"]]
    reused_ids = {r["article_id"] for r in rows if r["status"] == "analysed" and prev_keys.get(r["article_id"]) == r["analysis_key"]}
    # Nothing the analysis reads depends on duplicates: they are found while the workers
    # parse, and written into the rows only once the workers have them all.
    dup_of: dict[str, tuple[Any, Any]] = {}

    def duplicates() -> None:
        with clock("duplicates"):
            previous = read_dedupe_state(out / store.CACHE_DIR / STORY_CACHE_DIR)
            found, state = duplicates_of_cached(rows, settings.near_duplicate_threshold, previous, step_fingerprint(*DUPLICATES_ENTRIES))
            dup_of.update(found)
            write_dedupe_state(state, staging / STORY_CACHE_DIR)
            ctx.cache_counts["duplicates"] = {"added": state.added, "from_scratch": int(state.from_scratch)}

    analysis_rejects: list[pd.DataFrame] = []
    if ctx.client is None:  # no workers to wait for: before the analysis, so "analyse" times only the analysis
        duplicates()
    with clock("analyse"):
        meanwhile = duplicates if ctx.client is not None else None
        n_parts = analyse_all(to_analyse, settings, staging, ctx.progress, ctx.client, meanwhile=meanwhile, failed=analysis_rejects)
    failed = _failed_articles(analysis_rejects, rows, ctx.rejects)
    for row in rows:
        row["duplicate_of"], row["duplicate_similarity"] = dup_of.get(row["article_id"], (None, None))
        if row["duplicate_of"] in failed:
            row["duplicate_of"], row["duplicate_similarity"] = None, None
    if reused_ids:
        for name in PER_ARTICLE_TABLES:
            write_part_if_rows(staging, name, store.read_parts(out / store.CACHE_DIR, name, article_ids=reused_ids), n_parts)
    with clock("read per-article tables"):
        tables = {name: in_article_order(store.read_parts(staging, name), rows) for name in PER_ARTICLE_TABLES}

    sent_counts = tables["sentences"].groupby("article_id").size()
    for row in rows:
        row["n_sentences"] = int(sent_counts.get(row["article_id"], 0))
    articles = conform(pd.DataFrame(rows, columns=[c for c in ARTICLES.names if any(c in r for r in rows)] or None), ARTICLES)
    tables["articles"] = articles
    return tables, rows, len(to_analyse), reused_ids


def in_article_order(df: pd.DataFrame, rows: list[dict[str, Any]]) -> pd.DataFrame:
    """The rows of a per-article table in the order of the articles (each article's rows as they were).

    Why: reused articles' rows are appended after the newly analysed ones, so without this
    a rebuild's tables would list the same rows in another order than a build from scratch,
    and the corpus steps that break ties by position would not give the same results."""
    if df.empty:
        return df
    position = {r["article_id"]: i for i, r in enumerate(rows)}
    keys = df["article_id"].map(position).to_numpy(dtype="float64", na_value=np.inf)
    order = np.argsort(keys, kind="stable")
    if (order == np.arange(len(order))).all():
        return df
    return df.iloc[order].reset_index(drop=True)


def _failed_articles(frames: list[pd.DataFrame], rows: list[dict[str, Any]], rejects: list[Reject]) -> set[str]:
    """Articles the per-article stage could not analyse leave `rows` for `rejects` (in place);
    returns their ids."""
    failed: set[str] = set()
    for frame in frames:
        for r in frame.itertuples(index=False):
            failed.add(r.article_id)
            rejects.append(Reject(r.source_file, r.reason, r.detail, r.content_hash))
    rows[:] = [r for r in rows if r["article_id"] not in failed]
    return failed


def write_part_if_rows(staging: Path, name: str, df: pd.DataFrame, part: int) -> None:
    if not df.empty:
        store.write_part(staging, name, df, part)


def analyse_all(
    rows: list[dict[str, Any]],
    settings: Settings,
    staging: Path,
    progress: ProgressFactory = _tqdm_progress,
    client: Any = None,
    meanwhile: Callable[[], Any] | None = None,
    failed: list[pd.DataFrame] | None = None,
) -> int:
    """Run the per-article stage over rows (on the cluster when given), writing each chunk's
    tables to `staging` as one part per table as it arrives; returns the number of chunks.

    Parts are numbered in the order of `rows`, so the tables read back are the same
    whichever worker finished first. `meanwhile` runs in this process while the workers
    parse (first, without workers); it must not change `rows`."""
    bar = progress(len(rows), "analysing")
    if client is None or len(rows) < 2:
        chunks = fixed_chunks(rows, max(1, settings.batch_size))
        client = None
    else:
        chunks = guided_chunks(rows, n_workers(client, settings), settings.batch_size)
    try:
        for i, res in map_chunks(
            client, analyse_chunk_parts, chunks, meanwhile=meanwhile, model=settings.model, batch_size=settings.batch_size, seconds=settings.analysis_seconds
        ):
            for name, part in res.items():
                if name == "rejects":  # not a table of the cache: a failed article is analysed again next build
                    if failed is not None:
                        failed.append(part)
                    continue
                store.write_part_bytes(staging, name, part, i)  # encoded where the chunk ran (workers.analyse_chunk_parts)
            bar.update(len(chunks[i]))
        return len(chunks)
    finally:
        bar.close()


def _previous_keys(out_dir: Path) -> dict[str, str]:
    """analysis_key per article id of the previous build, if its cache is compatible."""
    try:
        info = store.read_build_info(out_dir)
    except (ValueError, OSError):  # a damaged previous build: nothing of it is reused
        return {}
    if not info or info.get("pipeline_version") != PIPELINE_VERSION:
        return {}
    if store.cached_tables(out_dir) != set(PER_ARTICLE_TABLES):
        return {}
    arts = store.read_parts(out_dir, "articles", columns=["article_id", "analysis_key"])
    return dict(zip(arts["article_id"], arts["analysis_key"], strict=True)) if not arts.empty else {}


PREPARE_ENTRIES = ("storylens.ingest.prepare",)
"""The code `prepare` runs (reading the HTML, cleaning, metadata, dates): its hash keys the
prepare cache, so a change elsewhere in the library does not re-clean every input."""

DUPLICATES_ENTRIES = ("storylens.ingest.batch",)
"""The code the duplicate search runs (`ingest.batch`, `ingest.dedupe`): its hash keys its state."""

STORY_CACHE_DIR = "corpus"
"""Folder of a build's cache holding the corpus steps' reusable results (compare.story_cache)."""


def _previous_story_cache(out_dir: Path) -> StoryCache | None:
    """The per-story cache of the build in `out_dir`: each part made by this code (`story_cache.part_fingerprints`)."""
    return read_story_cache(out_dir / store.CACHE_DIR / STORY_CACHE_DIR, part_fingerprints())


def _meta_frame(prepared: Iterable[tuple[dict[str, Any], Prepared]]) -> pd.DataFrame:
    rows = [{"article_id": row["article_id"], "name": n, "reason": r} for row, p in prepared for n, r in p.meta_names]
    return pd.DataFrame(rows, columns=["article_id", "name", "reason"])


def _corpus_stage(
    tables: dict[str, pd.DataFrame],
    meta_names: pd.DataFrame,
    rejects: list[Reject],
    corrections: Corrections,
    client: Any = None,
    clock: StageClock | None = None,
    previous: StoryCache | None = None,
) -> dict[str, Any]:
    """The steps that need every article at once, on the per-article tables: actors,
    quote groups, citations, interactions, labels, stories and claims, the timeline.

    `previous` is the per-story cache of the build being replaced (`compare.story_cache`):
    stories it holds unchanged are not aligned again, and quote pairs and groups it judged
    are not judged again (`quote_groups.QuoteCache`). The new cache is `_story_cache`.

    On a Dask cluster, the longest chain of them (stories, alignments, claims, then the
    timeline, which reads the stories) runs in a worker while this process does the rest:
    with the analysis done, the workers are idle, and these steps are the serial part of
    a build that limits what a second worker gains."""
    clock = clock or StageClock()
    tables = dict(tables)
    articles = tables["articles"]
    with clock("actors"):
        tables["mentions"], tables["actors"] = resolve_actors(tables["mentions"], articles, meta_names, corrections)
    # The quote cache is used here, not on the worker: only the alignment part travels with the chain.
    for_stories = dataclasses.replace(previous, quotes=None) if previous is not None else None
    chain = (articles, tables["sentences"], tables["mentions"], tables["timexes"], tables["events"], corrections, for_stories)
    # The parts' code fingerprints of this process, computed once (and first when the previous
    # cache was read): the keys made on a worker and the cache written here name the same code,
    # even if a source file is edited while the build runs.
    stories_and_timeline = run_on_cluster(client, _stories_and_timeline, *chain, client is not None, part_fingerprints())
    with clock("quote groups"):
        tables["quotes"], quote_cache = finish_quotes_cached(tables["quotes"], tables["mentions"], articles, previous.quotes if previous else None)
    with clock("citations"):
        tables["citations"] = extract_citations(tables["quotes"], tables["mentions"], tables["sentences"], articles, tables["actors"])
    with clock("interactions"):
        tables["interactions"] = finish_interactions(tables["interactions"], tables["mentions"], articles)
    with clock("labels"):
        tables["labels"] = build_labels(tables["mentions"], articles, tables["sentences"])
    with clock("wait for stories"):
        chained = stories_and_timeline()
    for name, seconds in chained.pop("_seconds").items():
        clock.seconds[name] = seconds
    for name, seconds in chained.pop("_cpu_seconds").items():
        clock.cpu_seconds[name] = seconds
    tables.update(chained)
    tables["_story_cache"].quotes = quote_cache
    tables["interactions"] = date_interactions(tables["interactions"], tables["events"])
    tables["rejects"] = conform(pd.DataFrame([vars(r) for r in rejects], columns=REJECTS.names), REJECTS)
    return tables


def _stories_and_timeline(
    articles: pd.DataFrame,
    sentences: pd.DataFrame,
    mentions: pd.DataFrame,
    timexes: pd.DataFrame,
    events: pd.DataFrame,
    corrections: Corrections,
    previous: StoryCache | None = None,
    on_cluster: bool = False,
    fingerprints: dict[str, str] | None = None,
) -> dict[str, Any]:
    """`compare_stories`, then `finish_events` on the articles with their stories, then the
    key dates: the articles, alignments, claims, claim_sentences, timexes, events and key_dates tables.

    Runs with the collector paused, as the other corpus steps do (in a worker too). Run as a
    task `on_cluster`, it spreads the stories' alignments over the workers (`workers.align_on_cluster`)."""
    clock = StageClock()
    with collector_paused():
        align_many = align_on_cluster if on_cluster else None
        out: dict[str, Any] = compare_stories(articles, sentences, mentions, corrections, clock, previous, fingerprints or part_fingerprints(), align_many)
        name_lent_stories(out["articles"])
        with clock("timeline"):
            out["timexes"], out["events"] = finish_events(timexes, events, mentions, out["articles"], corrections)
        with clock("key dates"):
            out["key_dates"] = key_dates(out["articles"], sentences, out["timexes"], out["events"])
        out["_seconds"] = clock.seconds  # timed where it ran (on the cluster, with one)
        out["_cpu_seconds"] = clock.cpu_seconds
        return out
