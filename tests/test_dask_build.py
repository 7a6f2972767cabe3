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
from storylens.pipeline import build, silent_progress
from storylens.tables import ALL_TABLES

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


def test_cluster_build_equals_serial_on_50_bbc_articles(shared_dir: Path, cluster_address: str, tmp_path: Path) -> None:
    corpus = _bbc_sample(shared_dir, tmp_path)
    serial = build([corpus], tmp_path / "serial", workers=1, progress=silent_progress)
    parallel = build([corpus], tmp_path / "parallel", scheduler=cluster_address, progress=silent_progress)
    assert len(serial["articles"]) == 50
    _assert_same_tables(serial, parallel)
