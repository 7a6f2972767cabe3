"""Where the per-article stage runs (Dask distributed) and how the build keeps Python's memory manager out of its way.

Two concerns that make a build fast but say nothing about what it computes, kept out of the
orchestrator so that `storylens.pipeline` reads as the pipeline:

- the engine: with `--workers 1` (and in tests) everything runs in this process; with
  `--workers N` a `dask.distributed.LocalCluster` of N single-threaded worker processes on
  this machine; with `--scheduler tcp://HOST:PORT` (or STORYLENS_SCHEDULER) an existing
  Dask cluster, for instance one started on a Slurm allocation with dask-jobqueue. The model,
  gazetteer and language identifier load once per worker (`ArticleResources`, a
  WorkerPlugin), never per task; the tasks are pure functions of a chunk of articles, sent
  with `Client.map`, and their results come back as they finish (`map_chunks`), so the
  build writes each to Parquet and drops it;
- the garbage collector: long-lived objects frozen and collections paused during the corpus
  steps, which otherwise re-scan millions of objects a quarter of a second at a time.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import logging
import os
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import pandas as pd
from spacy.language import Language

from storylens import store
from storylens.actors.gazetteer import load_gazetteer
from storylens.analyze import PER_ARTICLE_TABLES, analyse_rows
from storylens.compare.alignments import AlignParams
from storylens.compare.sentence_idf import SentenceIdf
from storylens.compare.story_cache import align_stories
from storylens.ingest.metadata import language_identifier
from storylens.nlp import load_nlp
from storylens.settings import Settings

SCHEDULER_ENV = "STORYLENS_SCHEDULER"
"""Environment variable naming an existing Dask scheduler (tcp://host:port) to build on."""


def fixed_chunks(items: list[Any], n: int) -> list[list[Any]]:
    return [items[i : i + n] for i in range(0, len(items), n)]


def guided_chunks(items: list[Any], workers: int, largest: int, smallest: int = 4) -> list[list[Any]]:
    """Consecutive chunks for the workers, shrinking towards the end (guided scheduling).

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


def analyse_chunk(rows: list[dict[str, Any]], model: str, batch_size: int, seconds: float) -> dict[str, pd.DataFrame]:
    """The per-article stage on a chunk of articles: pure (rows + settings -> their rows, or their
    rejects); `seconds` is each article's time budget."""
    return stack_results(analyse_rows(rows, model, batch_size, seconds))


def analyse_chunk_parts(rows: list[dict[str, Any]], model: str, batch_size: int, seconds: float) -> dict[str, Any]:
    """`analyse_chunk` with each table encoded as the Parquet bytes of its part (`store.part_bytes`),
    the rejects left a frame: the Dask task of the per-article stage.

    Why encode here: conforming, converting and compressing every chunk's six tables cost
    the build process, serially, CPU the workers then waited for (on a 2-core machine it
    competed with them); writing the bytes costs it next to nothing."""
    out: dict[str, Any] = {}
    for name, frame in analyse_chunk(rows, model, batch_size, seconds).items():
        out[name] = frame if name == "rejects" else store.part_bytes(frame, name)
    return out


def stack_results(results: list[dict[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """The per-article frames of a chunk of articles as one frame per table (empty ones left out).

    Why: a worker's results travel back pickled, and pickling six small frames per
    article cost the parent about as long as unpickling them took, serially, while the
    workers waited; one frame per table and chunk is a fraction of that. The build
    conforms every table afterwards, so the values do not change.
    """
    out: dict[str, pd.DataFrame] = {}
    for name in (*PER_ARTICLE_TABLES, "rejects"):  # "rejects": articles the stage could not analyse
        frames = [r[name] for r in results if name in r and not r[name].empty]
        if frames:
            out[name] = pd.concat(frames, ignore_index=True)
    return out


def load_resources(model: str) -> Language:
    """The model, the gazetteer and the language identifier, each loaded once per process.

    Loaded up front (every build with an article needs all three): in this process for the
    serial path, in each Dask worker by `ArticleResources.setup`.
    """
    nlp = load_nlp(model)
    load_gazetteer()
    language_identifier()
    return nlp


try:  # distributed is a requirement; the serial path still works without it
    from distributed import Client, LocalCluster, WorkerPlugin, as_completed
except ImportError:  # pragma: no cover
    Client = LocalCluster = as_completed = None  # type: ignore[assignment,misc]
    WorkerPlugin = object  # type: ignore[assignment,misc]


class ArticleResources(WorkerPlugin):  # type: ignore[misc,valid-type]
    """Loads the spaCy pipeline, gazetteer and language identifier once when a worker starts.

    Why a plugin: every task then finds them in the worker's process-wide caches
    (`load_nlp`, `load_gazetteer` and `language_identifier` are memoised), and a worker that
    joins later (an adaptive Slurm cluster) loads them too, before its first task."""

    name = "storylens-resources"

    def __init__(self, model: str) -> None:
        self.model = model

    def setup(self, worker: Any) -> None:
        with collector_paused():
            load_resources(self.model)
        gc.freeze()  # long-lived: out of every later collection


def scheduler_address(settings: Settings) -> str | None:
    """The existing cluster to build on: the setting, else STORYLENS_SCHEDULER, else none."""
    return settings.scheduler or os.environ.get(SCHEDULER_ENV) or None


@contextlib.contextmanager
def dask_client(settings: Settings) -> Iterator[Any]:
    """The Dask client of a build: None (serial, in this process) for one local worker,
    a LocalCluster of `settings.workers` processes, or a client of an existing scheduler.

    Closed on leaving (a LocalCluster is shut down; an existing cluster is left running)."""
    address = scheduler_address(settings)
    if address is None and settings.workers <= 1:
        yield None
        return
    if Client is None:  # pragma: no cover
        raise RuntimeError("--workers > 1 and --scheduler need dask[distributed] (pip install -r requirements.txt)")
    cluster = None
    if address is None:
        cluster = LocalCluster(
            n_workers=settings.workers,
            threads_per_worker=1,  # spaCy holds the GIL: parallelism comes from processes
            processes=True,
            dashboard_address="127.0.0.1:0",  # loopback only, any free port
            silence_logs=logging.WARNING,
            host="127.0.0.1",
        )
        client = Client(cluster)
    else:
        client = Client(address)
    try:
        client.register_plugin(ArticleResources(settings.model))
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def n_workers(client: Any, settings: Settings) -> int:
    """How many workers share the work (for chunk sizes): the cluster's, at least one."""
    if client is None:
        return 1
    return max(1, len(client.scheduler_info(n_workers=-1).get("workers", {})) or settings.workers)


def map_chunks(
    client: Any, fn: Callable[..., Any], chunks: Sequence[Any], meanwhile: Callable[[], Any] | None = None, **kwargs: Any
) -> Iterator[tuple[int, Any]]:
    """(index, fn(chunk, **kwargs)) for every chunk, as they finish.

    Serial without a client (in order). With one, a plain `Client.map` over the chunks;
    each result is released on the cluster once it is handed over, so neither the workers
    nor this process keep more than the caller keeps. `meanwhile` runs here once every
    chunk is submitted (first, serially)."""
    if client is None:
        if meanwhile is not None:
            meanwhile()
        for i, chunk in enumerate(chunks):
            yield i, fn(chunk, **kwargs)
        return
    task = functools.partial(fn, **kwargs)
    futures = client.map(task, list(chunks), pure=False)
    where = {f.key: i for i, f in enumerate(futures)}
    pending = as_completed(futures, with_results=True)
    del futures  # `pending` holds each future until it is handed over, then it is released
    if meanwhile is not None:
        meanwhile()
    for future, result in pending:
        index = where[future.key]
        future.release()
        yield index, result


def run_on_cluster(client: Any, fn: Callable[..., Any], *args: Any) -> Callable[[], Any]:
    """Start fn(*args) on the cluster (or defer it, without one); the returned call waits for its result."""
    if client is None:
        return lambda: fn(*args)
    future = client.submit(fn, *args, pure=False)
    return future.result


def align_on_cluster(stories: list[pd.DataFrame], idf: SentenceIdf, params: AlignParams) -> list[pd.DataFrame]:
    """`story_cache.align_stories` spread over the cluster's workers, from a task running on one
    of them (the corpus chain, `pipeline._stories_and_timeline`): each story's rows, in order.

    Why: alignment is the costliest corpus step and a pure function of one story
    (`alignments.align_story`), while with the analysis done every worker but the chain's
    sat idle. The stories go in batches of about equal cost (pairs of sentences); the chain's
    task leaves its worker's thread while it waits (`worker_client`), so that worker aligns
    a batch too. Outside a worker, or with one story, they are aligned here."""
    try:
        from distributed import get_worker, worker_client

        get_worker()
    except (ImportError, ValueError):
        return align_stories(stories, idf, params)
    if len(stories) < 2:
        return align_stories(stories, idf, params)
    with worker_client() as client:
        batches = cost_batches([len(s) ** 2 for s in stories], 4 * n_workers(client, Settings()))
        shared = client.scatter(idf, broadcast=True, hash=False)
        futures = client.map(_align_batch, [[stories[i] for i in batch] for batch in batches], idf=shared, params=params, pure=False)
        results = client.gather(futures)
    out: list[pd.DataFrame | None] = [None] * len(stories)
    for batch, rows in zip(batches, results, strict=True):
        for i, frame in zip(batch, rows, strict=True):
            out[i] = frame
    return out  # type: ignore[return-value]


def _align_batch(stories: list[pd.DataFrame], idf: SentenceIdf, params: AlignParams) -> list[pd.DataFrame]:
    with collector_paused():  # as every corpus step: collections re-scan the frames for nothing
        return align_stories(stories, idf, params)


def cost_batches(costs: Sequence[float], n: int) -> list[list[int]]:
    """Indices of `costs` in at most `n` batches of about equal total cost (largest first, each
    to the lightest batch), every batch in index order; empty batches left out."""
    loads = [0.0] * max(1, n)
    batches: list[list[int]] = [[] for _ in loads]
    for i in sorted(range(len(costs)), key=lambda i: -costs[i]):
        j = loads.index(min(loads))
        batches[j].append(i)
        loads[j] += costs[i]
    return [sorted(b) for b in batches if b]


def peak_rss_by_worker(client: Any) -> dict[str, int]:
    """Peak resident memory (bytes, VmHWM) of each worker process, for the benchmarks."""
    if client is None:
        return {}
    return client.run(peak_rss)


def cpu_by_worker(client: Any) -> dict[str, float]:
    """CPU-seconds (user + system) each worker process has used so far, for the benchmarks."""
    if client is None:
        return {}
    return client.run(cpu_seconds)


def cpu_seconds() -> float:
    """This process's CPU-seconds so far (user + system)."""
    return round(time.process_time(), 2)


def peak_rss() -> int:
    """This process's peak resident memory in bytes (Linux VmHWM; 0 where /proc is absent)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


@contextlib.contextmanager
def frozen_for_collector() -> Iterator[None]:
    """Within the block, objects alive at its start (and whatever `gc.freeze()` adds) are
    left out of garbage collections; on leaving, they are handed back to the collector.

    Why: a full collection walks every tracked object. With the model, the gazetteer and
    then the per-article tables alive, each took a quarter of a second, and together they
    cost more than most corpus steps. Frozen objects are still freed by reference
    counting; only cyclic garbage among them waits for the end of the block.
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
