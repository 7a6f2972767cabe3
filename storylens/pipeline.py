"""A build: input folders -> every table, written atomically to an output folder.

The stages, in order:
  1. read      files -> decoded records or rejects           (storylens.ingest.readers)
  2. prepare   record -> clean article row with metadata      (storylens.ingest.prepare)
  3. dedupe    identical / near-identical bodies              (storylens.ingest.dedupe)
  4. analyse   per article: parse, sentences, mentions, timexes, quotes   (storylens.analyze)
               in worker processes; skipped for articles whose analysis_key is unchanged
               since the previous build in the same output folder (incremental)
  5. corpus    actor resolution, quote groups                (actors, quotes)
  6. write     all tables + build_info.json, swapped in atomically (storylens.store)

Stages 1-3 and 5 work on tables and are cheap; stage 4 is the only one that scales with
text volume, and it is a pure function per article.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import multiprocessing as mp
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pandas as pd
from spacy.language import Language
from tqdm import tqdm

from storylens import store
from storylens.actors import resolve_actors
from storylens.analyze import PER_ARTICLE_TABLES, PIPELINE_VERSION, analyse_rows, analysis_key
from storylens.citations import extract_citations
from storylens.compare import align_sentences, build_claims
from storylens.corrections import Corrections, load_corrections
from storylens.events import apply_timex_corrections, attach_event_actors, link_story_events, redate_events
from storylens.gazetteer import load_gazetteer
from storylens.ingest.dedupe import find_duplicates
from storylens.ingest.manifest import Manifest, read_manifest
from storylens.ingest.metadata import language_identifier
from storylens.ingest.prepare import Prepared, article_id_for, prepare
from storylens.ingest.readers import RawArticle, Reject, read_inputs
from storylens.interactions import attach_actors, co_mentions
from storylens.key_dates import key_dates
from storylens.labels import build_labels
from storylens.nlp import load_nlp, model_info
from storylens.quotes_match import group_quotes
from storylens.settings import Settings
from storylens.stories import assign_stories
from storylens.tables import ALL_TABLES, ARTICLES, REJECTS, conform
from storylens.temporal.infer import STORY_DATE_CONFIDENCE, same_story
from storylens.timeline import borrow_years, story_names

ProgressFactory = Callable[[int, str], Any]


def _tqdm_progress(total: int, desc: str) -> Any:
    return tqdm(total=total, desc=desc, unit="article", file=sys.stderr, disable=total == 0 or not sys.stderr)


def _manifests(raws: Sequence[RawArticle]) -> tuple[dict[str, Manifest], list[str]]:
    out: dict[str, Manifest] = {}
    warnings: list[str] = []
    for r in raws:
        if r.root not in out:
            out[r.root] = read_manifest(r.root)
            warnings += out[r.root].warnings
    return out, warnings


def _unique_sources(raws: Sequence[RawArticle]) -> None:
    """Two inputs may hold files with the same relative name: prefix the folder name to tell them apart."""
    seen: dict[str, int] = {}
    for r in raws:
        seen[r.source_file] = seen.get(r.source_file, 0) + 1
    for r in raws:
        if seen[r.source_file] > 1:
            r.source_file = f"{Path(r.root).name}/{r.source_file}"


def _apply_id_corrections(rows: list[dict[str, Any]], corrections: Corrections) -> None:
    """Corrections keyed by article_id (source_file keys are applied in prepare)."""
    for row in rows:
        fix = corrections.articles.get(row["article_id"])
        if not fix:
            continue
        for key, value in fix.items():
            row[key] = value
            if key in {"outlet", "title", "published"}:
                row[f"{key}_how"] = "corrections"
            if key == "published":
                row["published_confidence"], row["published_evidence"] = 1.0, "given by corrections"


def _infer_dates_across_corpus(rows: list[dict[str, Any]]) -> int:
    """Second look at articles whose own text, url and file name left the day unknown or weak:
    articles of the same story (shared proper names) and the same weeks that share a day-month
    and carry a confident or given date lend their year (`timeline.borrow_years`). Returns how many articles got a date or a better one."""
    clues = {r["article_id"]: r.pop("_published_clues", None) for r in rows}
    weak = [r for r in rows if clues[r["article_id"]] is not None and (r.get("published_confidence") or 0.0) < 0.5 and r.get("published_how") != "corrections"]
    if not weak or not any(c.month_day for r in weak for c in clues[r["article_id"]]):
        return 0
    known = {r["article_id"]: r["published"] for r in rows if r.get("published") is not None and r.get("published_how") not in {"inferred", "unknown"}}
    names = {r["article_id"]: story_names(r["text"]) for r in rows}
    better = borrow_years({k: v for k, v in clues.items() if v is not None}, known, names)
    changed = 0
    for r in weak:
        day, confidence, evidence = better[r["article_id"]]
        if day is None or not evidence.startswith("year from article") or confidence <= (r.get("published_confidence") or 0.0):
            continue
        r.update(published=day, published_how="inferred", published_confidence=confidence, published_evidence=evidence)
        changed += 1
    return changed


def _lend_story_dates(rows: list[dict[str, Any]]) -> int:
    """Articles still without any date that share a story (shared proper names,
    `same_story`) with dated articles take the day most of those articles carry, at
    STORY_DATE_CONFIDENCE, so that their events reach the timeline (resolved against that
    day) instead of vanishing. Only dates the articles got themselves (given or inferred
    from their own clues) lend; a lent date never lends again, and its confidence stays
    below every threshold at which a date counts as confident. Returns how many got one."""
    undated = [r for r in rows if r.get("published") is None and r.get("published_how") != "corrections"]
    if not undated:
        return 0
    dated = [r for r in rows if r.get("published") is not None]
    names = {r["article_id"]: story_names(r["text"]) for r in [*undated, *dated]}
    changed = 0
    for r in undated:
        donors = [d for d in dated if same_story(names[r["article_id"]], names[d["article_id"]])]
        if not donors:
            continue
        votes: dict[dt.date, list[str]] = {}
        for d in donors:
            votes.setdefault(d["published"], []).append(d["article_id"])
        day, ids = max(votes.items(), key=lambda kv: (len(kv[1]), kv[0]))
        r.update(
            published=day,
            published_how="inferred",
            published_confidence=STORY_DATE_CONFIDENCE,
            published_evidence=f"no date clue of its own; the date of its story: {len(ids)} of {len(donors)} articles sharing its names are dated {day} ({', '.join(ids[:5])})",
        )
        changed += 1
    return changed


def _dedupe_ids(rows: list[dict[str, Any]]) -> None:
    """Identical text from the same outlet in two files: keep both, with distinct ids."""
    seen: set[str] = set()
    for row in rows:
        aid = row["article_id"]
        if aid in seen:
            aid = article_id_for(row["outlet"], row["text"] + "\x00" + row["source_file"])
        row["article_id"] = aid
        seen.add(aid)


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


def _chunks(items: list[Any], n: int) -> list[list[Any]]:
    return [items[i : i + n] for i in range(0, len(items), n)]


def _guided_chunks(items: list[Any], workers: int, largest: int, smallest: int = 4) -> list[list[Any]]:
    """Consecutive chunks for the worker pool, shrinking towards the end (guided scheduling).

    Why: a worker that draws the last large chunk keeps the others idle until it is done
    (a chunk of 32 articles is seconds of parsing); chunks of at most half of what each
    worker has left, down to `smallest`, let the workers finish together, while the
    large early chunks keep nlp.pipe batches full.
    """
    chunks = []
    i = 0
    while i < len(items):
        size = max(smallest, min(largest, -(-(len(items) - i) // (workers * 2))))
        chunks.append(items[i : i + size])
        i += size
    return chunks


def _analyse_chunk(args: tuple[list[dict[str, Any]], str, int]) -> dict[str, pd.DataFrame]:
    rows, model, batch_size = args
    return _stack(analyse_rows(rows, model, batch_size))


def _stack(results: list[dict[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """The per-article frames of a chunk of articles as one frame per table (empty ones left out).

    Why: a worker's results travel back pickled, and pickling six small frames per
    article cost the parent about as long as unpickling them took, serially, while the
    workers waited; one frame per table and chunk is a fraction of that. The build
    concatenates and conforms every table afterwards, so the values do not change.
    """
    out: dict[str, pd.DataFrame] = {}
    for name in PER_ARTICLE_TABLES:
        frames = [r[name] for r in results if not r[name].empty]
        if frames:
            out[name] = pd.concat(frames, ignore_index=True)
    return out


def _prepare_one(args: tuple[RawArticle, dict[str, Any], Corrections, Settings]) -> Prepared | Reject:
    raw, manifest, corrections, settings = args
    try:
        return prepare(raw, manifest, corrections, settings)
    except Exception as exc:  # a bug or a pathological file must not stop the corpus
        return Reject(raw.source_file, "unreadable", f"{raw.source_file}: failed while cleaning ({type(exc).__name__}: {exc})", raw.content_hash)


def _load_resources(settings: Settings) -> Language:
    """The model, the gazetteer and the language identifier, each loaded once per process.

    Loaded up front (every build with an article needs all three) so that the build can
    freeze them for the collector (`_frozen_for_collector`) and, with workers, before the
    fork: the workers share their memory instead of each spending seconds loading their own.
    """
    nlp = load_nlp(settings.model)
    load_gazetteer()
    language_identifier()
    return nlp


def _open_pool(settings: Settings) -> ProcessPoolExecutor | None:
    """Worker processes for the per-article stages, or None for in-process work.

    Opened after `_load_resources`, inside `_frozen_for_collector`: forked workers then
    inherit the loaded resources and leave their pages shared.
    """
    if settings.workers <= 1:
        return None
    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    return ProcessPoolExecutor(max_workers=settings.workers, mp_context=mp.get_context(method))


def prepare_all(
    raws: list[RawArticle], manifests: dict[str, Manifest], corrections: Corrections, settings: Settings, pool: ProcessPoolExecutor | None
) -> list[Prepared | Reject]:
    """Clean every record and settle its metadata (in the pool when there is one)."""
    jobs = [(raw, manifests[raw.root].lookup(raw.relpath), corrections, settings) for raw in raws]
    if pool is None or len(jobs) < 2:
        return [_prepare_one(j) for j in jobs]
    return list(pool.map(_prepare_one, jobs, chunksize=max(1, len(jobs) // (settings.workers * 8))))


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
    Returns one dict of frames per chunk of articles (`_stack`), in the order of `rows`."""
    results: list[dict[str, pd.DataFrame]] = []
    bar = progress(len(rows), "analysing")
    try:
        if pool is None or len(rows) < 2:
            if meanwhile is not None:
                meanwhile()
            for chunk in _chunks(rows, max(1, settings.batch_size)):
                results.append(_stack(analyse_rows(chunk, settings.model, settings.batch_size)))
                bar.update(len(chunk))
            return results
        jobs = [(c, settings.model, settings.batch_size) for c in _guided_chunks(rows, settings.workers, settings.batch_size)]
        parsed = pool.map(_analyse_chunk, jobs)  # submits every job now
        if meanwhile is not None:
            meanwhile()
        for chunk, res in zip(jobs, parsed, strict=True):
            results.append(res)
            bar.update(len(chunk[0]))
        return results
    finally:
        bar.close()


def _analyse_stage(
    rows: list[dict[str, Any]], out: Path, corrections: Corrections, settings: Settings, progress: ProgressFactory, pool: ProcessPoolExecutor | None
) -> tuple[dict[str, pd.DataFrame], list[dict[str, Any]], int, set[str]]:
    """Ids, duplicates and the per-article analysis (reusing the previous build's rows where unchanged)."""
    _apply_id_corrections(rows, corrections)
    _dedupe_ids(rows)
    _infer_dates_across_corpus(rows)
    _lend_story_dates(rows)

    for row in rows:
        row["analysis_key"] = analysis_key(row, settings)
    prev_keys, prev_tables = _previous(out)
    to_analyse = [r for r in rows if r["status"] == "analysed" and prev_keys.get(r["article_id"]) != r["analysis_key"]]
    reused_ids = {r["article_id"] for r in rows if r["status"] == "analysed" and prev_keys.get(r["article_id"]) == r["analysis_key"]}
    # Nothing the analysis reads depends on duplicates: they are found while the workers
    # parse, and written into the rows only once the workers have them all.
    dup_of: dict[str, tuple[Any, Any]] = {}
    results = analyse_all(to_analyse, settings, progress, pool, meanwhile=lambda: dup_of.update(_duplicates(rows, settings.near_duplicate_threshold)))
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


def _duplicates(rows: list[dict[str, Any]], threshold: float) -> dict[str, tuple[str, float]]:
    """article_id -> (duplicate_of, similarity) for the articles that copy an earlier one
    (earlier by publication day, then input order)."""
    order = sorted(range(len(rows)), key=lambda i: (rows[i].get("published") or dt.date.max, i))
    dups = find_duplicates(pd.DataFrame([rows[i] for i in order], columns=["article_id", "text"]), threshold)
    return {r.article_id: (r.duplicate_of, r.duplicate_similarity) for r in dups.itertuples()}


def _meta_frame(prepared: Iterable[tuple[dict[str, Any], Prepared]]) -> pd.DataFrame:
    rows = [{"article_id": row["article_id"], "name": n, "reason": r} for row, p in prepared for n, r in p.meta_names]
    return pd.DataFrame(rows, columns=["article_id", "name", "reason"])


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
    _unique_sources(raws)
    manifests, warnings = _manifests(raws)

    # What lives as long as the process (modules, model, gazetteer) and then the per-article
    # tables are frozen as they come: the collector stops re-scanning them.
    with _frozen_for_collector():
        with _collector_paused():
            nlp = _load_resources(settings)
        gc.freeze()
        with _worker_pool(settings) as pool:
            tables, prepared, n_analysed, reused_ids = _per_article_stages(raws, manifests, rejects, out, corrections, settings, progress, pool)
            gc.freeze()  # the per-article tables: long-lived too, and by far the most objects
            with _collector_paused():
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


@contextlib.contextmanager
def _worker_pool(settings: Settings) -> Iterator[ProcessPoolExecutor | None]:
    """The worker processes of a build (None when settings ask for one process), shut down on leaving."""
    pool = _open_pool(settings)
    try:
        yield pool
    finally:
        if pool is not None:
            pool.shutdown()


@contextlib.contextmanager
def _frozen_for_collector() -> Iterator[None]:
    """Within the block, objects alive at its start (and whatever `gc.freeze()` adds) are
    left out of garbage collections; on leaving, they are handed back to the collector.

    Why: a full collection walks every tracked object. With the model, the gazetteer and
    then the per-article tables alive, each took a quarter of a second, and together they
    cost more than most corpus steps. Frozen objects are still freed by reference
    counting; only cyclic garbage among them waits for the end of the block. Forked
    workers then also leave the parent's memory pages shared (the documented use of
    `gc.freeze`).
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No garbage collection within the block (reference counting still frees memory).

    Why: loading the gazetteer and the corpus steps allocate millions of objects, which
    start a collection every few hundred allocations; measured on 300 articles the corpus
    steps leave a few thousand objects in reference cycles, which the collections after
    the block take care of.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


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
    tables["quotes"] = _finish_quotes(tables["quotes"], tables["mentions"], articles)
    tables["citations"] = extract_citations(tables["quotes"], tables["mentions"], tables["sentences"], articles, tables["actors"])
    tables["interactions"] = _finish_interactions(tables["interactions"], tables["mentions"], articles)
    tables["labels"] = build_labels(tables["mentions"], articles, tables["sentences"])
    tables.update(in_worker.result() if in_worker is not None else _stories_and_timeline(*chain))
    tables["interactions"] = _date_interactions(tables["interactions"], tables["events"])
    tables["rejects"] = conform(pd.DataFrame([vars(r) for r in rejects], columns=REJECTS.names), REJECTS)
    return tables


def _stories_and_timeline(
    articles: pd.DataFrame, sentences: pd.DataFrame, mentions: pd.DataFrame, timexes: pd.DataFrame, events: pd.DataFrame, corrections: Corrections
) -> dict[str, pd.DataFrame]:
    """`_compare`, then `_finish_events` on the articles with their stories, then the key
    dates: the articles, alignments, claims, claim_sentences, timexes, events and key_dates tables.

    Runs with the collector paused, as the other corpus steps do (in a worker too)."""
    with _collector_paused():
        out = _compare(articles, sentences, mentions)
        lent = out["articles"]["published_evidence"].fillna("").str.startswith("no date clue of its own; the date of its story")
        if lent.any():  # name the story now that stories exist
            arts = out["articles"]
            arts.loc[lent, "published_evidence"] = [
                e.replace("the date of its story", f"the date of its story {s}" if isinstance(s, str) else "the date of its story (not grouped with them later)", 1)
                for e, s in zip(arts.loc[lent, "published_evidence"], arts.loc[lent, "story_id"], strict=True)
            ]
        out["timexes"], out["events"] = _finish_events(timexes, events, mentions, out["articles"], corrections)
        out["key_dates"] = key_dates(out["articles"], sentences, out["timexes"], out["events"])
        return out


def _compare(articles: pd.DataFrame, sentences: pd.DataFrame, mentions: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Group analysed articles into stories, align their sentences across articles, cluster claims."""
    articles = articles.copy()
    analysed = articles[articles["status"] == "analysed"]
    if not analysed.empty:
        articles.loc[analysed.index, "story_id"] = assign_stories(analysed, sentences, mentions).astype("string")
    in_story = articles[articles["story_id"].notna()]
    alignments = align_sentences(sentences, in_story)
    claims, claim_sentences = build_claims(alignments, sentences, in_story)
    return {
        "articles": conform(articles, ALL_TABLES["articles"]),
        "alignments": conform(alignments, ALL_TABLES["alignments"]),
        "claims": conform(claims, ALL_TABLES["claims"]),
        "claim_sentences": conform(claim_sentences, ALL_TABLES["claim_sentences"]),
    }


def _finish_events(
    timexes: pd.DataFrame, events: pd.DataFrame, mentions: pd.DataFrame, articles: pd.DataFrame, corrections: Corrections
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Corpus steps of the timeline: researcher date fixes, re-dating, event actors, story events."""
    timexes = apply_timex_corrections(timexes, corrections.timexes, articles)
    events = redate_events(events, timexes, articles)
    events = attach_event_actors(events, mentions)
    events = events.reset_index(drop=True)
    events["story_event_id"] = link_story_events(events, articles).to_numpy() if not events.empty else []
    return conform(timexes, ALL_TABLES["timexes"]), conform(events, ALL_TABLES["events"])


def _date_interactions(edges: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """An interaction happened when its event did: take date_start from the event of the same predicate."""
    if edges.empty or events.empty:
        return edges
    when = dict(zip(events["event_id"], events["date_start"], strict=True))
    edges = edges.copy()
    edges["date_start"] = [when.get(e) if isinstance(e, str) else None for e in edges["event_id"]]
    return conform(edges, ALL_TABLES["interactions"])


def _finish_interactions(edges: pd.DataFrame, mentions: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Edges between mentions -> edges between resolved actors, plus the weaker co-mention edges."""
    table = ALL_TABLES["interactions"]
    linked = attach_actors(edges, mentions)
    both = [f for f in (linked, co_mentions(mentions)) if not f.empty]
    out = pd.concat(both, ignore_index=True) if both else pd.DataFrame(columns=table.names)
    out["outlet"] = out["article_id"].map(dict(zip(articles["article_id"], articles["outlet"], strict=True)))
    return conform(out[[c for c in table.names if c in out.columns]], table)


def _finish_quotes(quotes: pd.DataFrame, mentions: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Attach the speaker's actor (the mention under the speaker span) and group quotes across outlets."""
    if quotes.empty:
        return quotes
    q = quotes.copy()
    story = mentions[~mentions["is_meta"].fillna(False) & mentions["actor_id"].notna()]
    # Mentions that carry an actor: "he" or "the minister" resolved by coreference counts as much as a name.
    by_article: dict[str, list[tuple[int, int, str, str, bool]]] = {}
    for aid, start, end, text, actor, kind in zip(*(story[c].tolist() for c in ("article_id", "start", "end", "text", "actor_id", "kind")), strict=True):
        by_article.setdefault(aid, []).append((int(start), int(end), str(text), str(actor), kind == "person"))
    actor_ids: list[str | None] = []
    for aid, s_start, s_end, resolved in zip(*(q[c].tolist() for c in ("article_id", "source_start", "source_end", "speaker_resolved_text")), strict=True):
        cands = by_article.get(aid, [])
        found = None
        if cands and pd.notna(s_start):
            # A person under the span first ("Obama, speaking from the White House" is Obama), then
            # the mention covering most of it ("The British Defense Minister" is the minister, not "British").
            hits = [c for c in cands if min(c[1], s_end) - max(c[0], s_start) > 0]
            if hits:
                found = max(hits, key=lambda c: (c[4], min(c[1], s_end) - max(c[0], s_start)))[3]
        if found is None and isinstance(resolved, str) and resolved:
            # "who" / "he" resolved to a written name: the (person) mention whose text it contains.
            inside = [c for c in cands if c[2] and c[2] in resolved]
            found = max(inside, key=lambda c: (c[4], len(c[2])))[3] if inside else None
        actor_ids.append(found)
    q["speaker_actor_id"] = actor_ids
    q["outlet"] = q["article_id"].map(dict(zip(articles["article_id"], articles["outlet"], strict=True)))
    grouped = group_quotes(q)
    return conform(grouped.drop(columns=[c for c in grouped.columns if c not in ALL_TABLES["quotes"].names]), ALL_TABLES["quotes"])
