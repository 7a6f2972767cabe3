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
  6. write     all tables + build_info.json, swapped in atomically  store.write_tables

Where the work runs (the worker pool) and how the garbage collector is kept out of the way
live in `storylens.workers`, so this module says only what happens in which order.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pandas as pd
from tqdm import tqdm

from storylens import store
from storylens.actors.labels import build_labels
from storylens.actors.resolve import resolve_actors
from storylens.analyze import PER_ARTICLE_TABLES, PIPELINE_VERSION, analyse_rows, analysis_key
from storylens.compare.citations import extract_citations
from storylens.compare.corpus import compare_stories, finish_quotes
from storylens.corrections import Corrections, load_corrections
from storylens.ingest.batch import apply_id_corrections, distinct_ids, duplicates_of, read_manifests, unique_sources
from storylens.ingest.manifest import Manifest
from storylens.ingest.prepare import Prepared, prepare
from storylens.ingest.readers import RawArticle, Reject, read_inputs
from storylens.network.corpus import date_interactions, finish_interactions
from storylens.nlp import model_info
from storylens.settings import Settings
from storylens.tables import ALL_TABLES, ARTICLES, REJECTS, conform
from storylens.timeline.corpus import date_across_corpus, finish_events
from storylens.workers import analyse_chunk, collector_paused, fixed_chunks, frozen_for_collector, guided_chunks, load_resources, stack_results, worker_pool

ProgressFactory = Callable[[int, str], Any]


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

    Keyword overrides are Settings fields (`model="en_core_web_md"`, `workers=2`).
    Bad input never stops a build: each bad file or row becomes a `rejects` row.
    """
    t0 = time.perf_counter()
    settings = (settings or Settings()).replace(**overrides) if overrides else (settings or Settings())
    out = Path(out_dir)
    corrections = load_corrections(corrections_path)
    raws, rejects = read_inputs(inputs, settings.max_file_bytes)
    unique_sources(raws)
    manifests, warnings = read_manifests(raws)

    # What lives as long as the process (modules, model, gazetteer) and then the per-article
    # tables are frozen as they come: the collector stops re-scanning them.
    with frozen_for_collector():
        with collector_paused():
            nlp = load_resources(settings)
        gc.freeze()
        with worker_pool(settings) as pool:
            tables, prepared, n_analysed, reused_ids = _per_article_stages(raws, manifests, rejects, out, corrections, settings, progress, pool)
            gc.freeze()  # the per-article tables: long-lived too, and by far the most objects
            with collector_paused():
                cache = {name: tables[name] for name in PER_ARTICLE_TABLES}
                tables = _corpus_stage(tables, _meta_frame(prepared), rejects, corrections, pool)
                info = {
                    "pipeline_version": PIPELINE_VERSION,
                    "built_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                    "model": model_info(nlp),
                    "settings": {k: v for k, v in vars(settings).items()},
                    "settings_fingerprint": settings.fingerprint(),
                    "corrections": corrections.as_record(),
                    "inputs": [str(p) for p in inputs],
                    "input_files": {r.source_file: r.content_hash for r in raws},
                    "warnings": warnings,
                    "analysed": n_analysed,
                    "reused": len(reused_ids),
                    "seconds": round(time.perf_counter() - t0, 2),
                    "python": sys.version.split()[0],
                    "pid": os.getpid(),
                }
                store.write_tables(tables, out, info, cache=cache)
                return {name: conform(tables.get(name), ALL_TABLES[name]) for name in ALL_TABLES}


def _per_article_stages(
    raws: list[RawArticle],
    manifests: dict[str, Manifest],
    rejects: list[Reject],
    out: Path,
    corrections: Corrections,
    settings: Settings,
    progress: ProgressFactory,
    pool: ProcessPoolExecutor | None,
) -> tuple[dict[str, pd.DataFrame], list[tuple[dict[str, Any], Prepared]], int, set[str]]:
    """Prepare and analyse every record, in the worker pool when there is one.

    Records that fail are appended to `rejects`. Returns the per-article tables, the
    prepared articles, how many were analysed and the ids of those reused from `out`."""
    rows: list[dict[str, Any]] = []
    prepared: list[tuple[dict[str, Any], Prepared]] = []
    for result in prepare_all(raws, manifests, corrections, settings, pool):
        if isinstance(result, Reject):
            rejects.append(result)
            continue
        rows.append(result.row)
        prepared.append((result.row, result))
    tables, rows, n_analysed, reused_ids = _analyse_stage(rows, out, corrections, settings, progress, pool)
    return tables, prepared, n_analysed, reused_ids


def prepare_all(
    raws: list[RawArticle], manifests: dict[str, Manifest], corrections: Corrections, settings: Settings, pool: ProcessPoolExecutor | None
) -> list[Prepared | Reject]:
    """Clean every record and settle its metadata (in the pool when there is one)."""
    jobs = [(raw, manifests[raw.root].lookup(raw.relpath), corrections, settings) for raw in raws]
    if pool is None or len(jobs) < 2:
        return [_prepare_one(j) for j in jobs]
    return list(pool.map(_prepare_one, jobs, chunksize=max(1, len(jobs) // (settings.workers * 8))))


def _prepare_one(args: tuple[RawArticle, dict[str, Any], Corrections, Settings]) -> Prepared | Reject:
    raw, manifest, corrections, settings = args
    try:
        return prepare(raw, manifest, corrections, settings)
    except Exception as exc:  # a bug or a pathological file must not stop the corpus
        return Reject(raw.source_file, "unreadable", f"{raw.source_file}: failed while cleaning ({type(exc).__name__}: {exc})", raw.content_hash)


def _analyse_stage(
    rows: list[dict[str, Any]], out: Path, corrections: Corrections, settings: Settings, progress: ProgressFactory, pool: ProcessPoolExecutor | None
) -> tuple[dict[str, pd.DataFrame], list[dict[str, Any]], int, set[str]]:
    """Ids, duplicates and the per-article analysis (reusing the previous build's rows where unchanged)."""
    apply_id_corrections(rows, corrections)
    distinct_ids(rows)
    date_across_corpus(rows)

    for row in rows:
        row["analysis_key"] = analysis_key(row, settings)
    prev_keys, prev_tables = _previous(out)
    to_analyse = [r for r in rows if r["status"] == "analysed" and prev_keys.get(r["article_id"]) != r["analysis_key"]]
    reused_ids = {r["article_id"] for r in rows if r["status"] == "analysed" and prev_keys.get(r["article_id"]) == r["analysis_key"]}
    # Nothing the analysis reads depends on duplicates: they are found while the workers
    # parse, and written into the rows only once the workers have them all.
    dup_of: dict[str, tuple[Any, Any]] = {}
    results = analyse_all(to_analyse, settings, progress, pool, meanwhile=lambda: dup_of.update(duplicates_of(rows, settings.near_duplicate_threshold)))
    for row in rows:
        row["duplicate_of"], row["duplicate_similarity"] = dup_of.get(row["article_id"], (None, None))

    per_article: dict[str, list[pd.DataFrame]] = {name: [] for name in PER_ARTICLE_TABLES}
    for res in results:
        for name in PER_ARTICLE_TABLES:
            if name in res:
                per_article[name].append(res[name])
    for name in PER_ARTICLE_TABLES:
        if reused_ids and name in prev_tables:
            prev = prev_tables[name]
            per_article[name].append(prev[prev["article_id"].isin(reused_ids)])
    tables: dict[str, pd.DataFrame] = {}
    for name in PER_ARTICLE_TABLES:
        frames = [f for f in per_article[name] if not f.empty]
        tables[name] = conform(pd.concat(frames, ignore_index=True) if frames else None, ALL_TABLES[name])

    sent_counts = tables["sentences"].groupby("article_id").size()
    for row in rows:
        row["n_sentences"] = int(sent_counts.get(row["article_id"], 0))
    articles = conform(pd.DataFrame(rows, columns=[c for c in ARTICLES.names if any(c in r for r in rows)] or None), ARTICLES)
    tables["articles"] = articles
    return tables, rows, len(to_analyse), reused_ids


def analyse_all(
    rows: list[dict[str, Any]],
    settings: Settings,
    progress: ProgressFactory = _tqdm_progress,
    pool: ProcessPoolExecutor | None = None,
    meanwhile: Callable[[], Any] | None = None,
) -> list[dict[str, pd.DataFrame]]:
    """Run the per-article stage over rows, in the worker pool when given, with a progress bar.

    `meanwhile` is run in this process while the workers parse (first, without workers);
    it must not change `rows`, which are being sent to the workers.
    Returns one dict of frames per chunk of articles (`stack_results`), in the order of `rows`."""
    results: list[dict[str, pd.DataFrame]] = []
    bar = progress(len(rows), "analysing")
    try:
        if pool is None or len(rows) < 2:
            if meanwhile is not None:
                meanwhile()
            for chunk in fixed_chunks(rows, max(1, settings.batch_size)):
                results.append(stack_results(analyse_rows(chunk, settings.model, settings.batch_size)))
                bar.update(len(chunk))
            return results
        jobs = [(c, settings.model, settings.batch_size) for c in guided_chunks(rows, settings.workers, settings.batch_size)]
        parsed = pool.map(analyse_chunk, jobs)  # submits every job now
        if meanwhile is not None:
            meanwhile()
        for chunk, res in zip(jobs, parsed, strict=True):
            results.append(res)
            bar.update(len(chunk[0]))
        return results
    finally:
        bar.close()


def _previous(out_dir: Path) -> tuple[dict[str, str], dict[str, pd.DataFrame]]:
    """analysis_key per article id and the per-article stage's raw output of the previous build, if compatible."""
    info = store.read_build_info(out_dir)
    if not info or info.get("pipeline_version") != PIPELINE_VERSION:
        return {}, {}
    cache = store.read_cache(out_dir)
    if set(cache) != set(PER_ARTICLE_TABLES):
        return {}, {}
    arts = store.read_table(out_dir, "articles")
    keys = dict(zip(arts["article_id"], arts["analysis_key"], strict=True)) if not arts.empty else {}
    return keys, cache


def _meta_frame(prepared: Iterable[tuple[dict[str, Any], Prepared]]) -> pd.DataFrame:
    rows = [{"article_id": row["article_id"], "name": n, "reason": r} for row, p in prepared for n, r in p.meta_names]
    return pd.DataFrame(rows, columns=["article_id", "name", "reason"])


def _corpus_stage(
    tables: dict[str, pd.DataFrame], meta_names: pd.DataFrame, rejects: list[Reject], corrections: Corrections, pool: ProcessPoolExecutor | None = None
) -> dict[str, pd.DataFrame]:
    """The steps that need every article at once, on the per-article tables: actors,
    quote groups, citations, interactions, labels, stories and claims, the timeline.

    With a worker pool, the longest chain of them (stories, alignments, claims, then the
    timeline, which reads the stories) runs in a worker while this process does the rest:
    with the analysis done, the workers are idle, and these steps are the serial part of
    a build that limits what a second worker gains."""
    tables = dict(tables)
    articles = tables["articles"]
    tables["mentions"], tables["actors"] = resolve_actors(tables["mentions"], articles, meta_names, corrections)
    chain = (articles, tables["sentences"], tables["mentions"], tables["timexes"], tables["events"], corrections)
    in_worker = pool.submit(_stories_and_timeline, *chain) if pool is not None else None
    tables["quotes"] = finish_quotes(tables["quotes"], tables["mentions"], articles)
    tables["citations"] = extract_citations(tables["quotes"], tables["mentions"], tables["sentences"], articles, tables["actors"])
    tables["interactions"] = finish_interactions(tables["interactions"], tables["mentions"], articles)
    tables["labels"] = build_labels(tables["mentions"], articles, tables["sentences"])
    tables.update(in_worker.result() if in_worker is not None else _stories_and_timeline(*chain))
    tables["interactions"] = date_interactions(tables["interactions"], tables["events"])
    tables["rejects"] = conform(pd.DataFrame([vars(r) for r in rejects], columns=REJECTS.names), REJECTS)
    return tables


def _stories_and_timeline(
    articles: pd.DataFrame, sentences: pd.DataFrame, mentions: pd.DataFrame, timexes: pd.DataFrame, events: pd.DataFrame, corrections: Corrections
) -> dict[str, pd.DataFrame]:
    """`compare_stories`, then `finish_events` on the articles with their stories: the
    articles, alignments, claims, claim_sentences, timexes and events tables.

    Runs with the collector paused, as the other corpus steps do (in a worker too)."""
    with collector_paused():
        out = compare_stories(articles, sentences, mentions, corrections)
        out["timexes"], out["events"] = finish_events(timexes, events, mentions, out["articles"], corrections)
        return out
