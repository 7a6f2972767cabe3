"""The build on a real Dask cluster writes the same tables as the serial, in-process path.

One LocalCluster of two worker processes serves the module (through the `scheduler`
setting, the path an existing university cluster takes); `workers=2`, which starts its
own LocalCluster, is checked in tests/test_build_api.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from storylens import store
from storylens.compare.alignments import DEFAULT_PARAMS, corpus_idf, story_sentences
from storylens.compare.story_cache import align_stories
from storylens.pipeline import build, silent_progress
from storylens.tables import ALL_TABLES
from storylens.workers import align_on_cluster, cost_batches

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster_address():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0", host="127.0.0.1") as cluster:
        yield cluster.scheduler_address


def _assert_same_tables(serial: dict[str, pd.DataFrame], parallel: dict[str, pd.DataFrame]) -> None:
    for name in ALL_TABLES:
        pd.testing.assert_frame_equal(serial[name], parallel[name], obj=name)


def _bbc_sample(shared: Path, tmp: Path, n: int = 50) -> Path:
    folder = tmp / "bbc50"
    folder.mkdir()
    files = sorted((shared / "benchmarks" / "bbc-news-fulltext").glob("*/*.txt"))
    # Across the five sections, so the corpus holds several stories.
    for path in files[:: max(1, len(files) // n)][:n]:
        shutil.copy(path, folder / f"{path.parent.name}_{path.name}")
    return folder


def test_cluster_build_equals_serial_on_seeds(seeds_dir: Path, seeds_build, cluster_address: str, tmp_path: Path) -> None:
    _, serial = seeds_build
    corrections = seeds_dir.parents[1] / "data" / "corrections.yaml"
    parallel = build([seeds_dir], tmp_path / "out", corrections_path=corrections, scheduler=cluster_address, progress=silent_progress)
    _assert_same_tables(serial, parallel)
    _assert_same_tables(serial, store.load(tmp_path / "out"))
    assert store.read_build_info(tmp_path / "out")["analysed"] == 2
    # The per-article cache is partitioned Parquet, one part per chunk of articles.
    assert store.part_files(tmp_path / "out" / store.CACHE_DIR, "sentences")


@pytest.fixture(scope="module")
def bbc50(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, pd.DataFrame]]:
    """50 BBC articles and their serial, in-process build: (corpus folder, tables)."""
    tmp = tmp_path_factory.mktemp("bbc50")
    corpus = _bbc_sample(shared_dir, tmp)
    return corpus, build([corpus], tmp / "serial", workers=1, progress=silent_progress)


def test_cluster_build_equals_serial_on_50_bbc_articles(bbc50, cluster_address: str, tmp_path: Path) -> None:
    corpus, serial = bbc50
    parallel = build([corpus], tmp_path / "parallel", scheduler=cluster_address, progress=silent_progress)
    assert len(serial["articles"]) == 50
    _assert_same_tables(serial, parallel)


def test_story_alignments_spread_over_the_workers_equal_serial(bbc50, cluster_address: str) -> None:
    """From a task on one worker (as the build's corpus chain), `align_on_cluster` sends the
    stories to both workers and gives back, story by story, the rows of the serial path."""
    _, tables = bbc50
    arts = tables["articles"]
    sents = story_sentences(tables["sentences"], arts[arts["story_id"].notna()])
    stories = [g.reset_index(drop=True) for _, g in sents.groupby("story_id", sort=True) if g["article_id"].nunique() > 1]
    assert len(stories) >= 2, "the sample needs stories of several articles"
    idf = corpus_idf(sents)
    serial = align_stories(stories, idf, DEFAULT_PARAMS)
    assert sum(len(rows) for rows in serial) > 0
    with distributed.Client(cluster_address) as client, distributed.get_task_stream(client) as stream:
        spread = client.submit(align_on_cluster, stories, idf, DEFAULT_PARAMS, pure=False).result()
    assert len(spread) == len(serial)
    for a, b in zip(serial, spread, strict=True):
        pd.testing.assert_frame_equal(a, b)
    where = {t["worker"] for t in stream.data if t["key"].startswith("_align_batch")}
    assert len(where) == 2, where


def test_cost_batches_balance_and_keep_every_index() -> None:
    costs = [100, 1, 1, 50, 49, 2, 0]
    batches = cost_batches(costs, 2)
    assert sorted(i for b in batches for i in b) == list(range(len(costs)))
    assert all(b == sorted(b) for b in batches)
    assert sorted(sum(costs[i] for i in b) for b in batches) == [101, 102]
    assert cost_batches([5], 4) == [[0]]
