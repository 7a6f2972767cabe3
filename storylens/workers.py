"""Where the per-article stage runs and how the build keeps Python's memory manager out of its way.

Two concerns that make a build fast but say nothing about what it computes, kept out of the
orchestrator so that `storylens.pipeline` reads as the pipeline:

- worker processes: a fork-started pool that inherits the loaded model, gazetteer and language
  identifier, fed shrinking chunks of articles so the workers finish together, results sent
  back as one frame per table and chunk;
- the garbage collector: long-lived objects frozen and collections paused during the corpus
  steps, which otherwise re-scan millions of objects a quarter of a second at a time.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing as mp
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import pandas as pd
from spacy.language import Language

from storylens.actors.gazetteer import load_gazetteer
from storylens.analyze import PER_ARTICLE_TABLES, analyse_rows
from storylens.ingest.metadata import language_identifier
from storylens.nlp import load_nlp
from storylens.settings import Settings


def fixed_chunks(items: list[Any], n: int) -> list[list[Any]]:
    return [items[i : i + n] for i in range(0, len(items), n)]


def guided_chunks(items: list[Any], workers: int, largest: int, smallest: int = 4) -> list[list[Any]]:
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


def analyse_chunk(args: tuple[list[dict[str, Any]], str, int, float]) -> dict[str, pd.DataFrame]:
    rows, model, batch_size, seconds = args
    return stack_results(analyse_rows(rows, model, batch_size, seconds))


def stack_results(results: list[dict[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """The per-article frames of a chunk of articles as one frame per table (empty ones left out).

    Why: a worker's results travel back pickled, and pickling six small frames per
    article cost the parent about as long as unpickling them took, serially, while the
    workers waited; one frame per table and chunk is a fraction of that. The build
    concatenates and conforms every table afterwards, so the values do not change.
    """
    out: dict[str, pd.DataFrame] = {}
    for name in (*PER_ARTICLE_TABLES, "rejects"):  # "rejects": articles the stage could not analyse
        frames = [r[name] for r in results if name in r and not r[name].empty]
        if frames:
            out[name] = pd.concat(frames, ignore_index=True)
    return out


def load_resources(settings: Settings) -> Language:
    """The model, the gazetteer and the language identifier, each loaded once per process.

    Loaded up front (every build with an article needs all three) so that the build can
    freeze them for the collector (`frozen_for_collector`) and, with workers, before the
    fork: the workers share their memory instead of each spending seconds loading their own.
    """
    nlp = load_nlp(settings.model)
    load_gazetteer()
    language_identifier()
    return nlp


def open_pool(settings: Settings) -> ProcessPoolExecutor | None:
    """Worker processes for the per-article stages, or None for in-process work.

    Opened after `load_resources`, inside `frozen_for_collector`: forked workers then
    inherit the loaded resources and leave their pages shared.
    """
    if settings.workers <= 1:
        return None
    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    return ProcessPoolExecutor(max_workers=settings.workers, mp_context=mp.get_context(method))


@contextlib.contextmanager
def worker_pool(settings: Settings) -> Iterator[ProcessPoolExecutor | None]:
    """The worker processes of a build (None when settings ask for one process), shut down on leaving."""
    pool = open_pool(settings)
    try:
        yield pool
    finally:
        if pool is not None:
            pool.shutdown()


@contextlib.contextmanager
def frozen_for_collector() -> Iterator[None]:
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
def collector_paused() -> Iterator[None]:
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
