"""The committed sample in data/processed must be what the current code builds from data/raw.

A hosted dashboard shows data/processed without running NLP, so stale tables would show
results the code no longer produces. Fix a failure with: python -m storylens build data/raw --out data/processed
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from storylens import store
from storylens.analyze import PIPELINE_VERSION
from storylens.ingest.readers import sha1_bytes
from storylens.tables import ALL_TABLES

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data" / "processed"
REBUILD = "rebuild with: python -m storylens build data/raw --out data/processed"


def test_sample_is_built_by_this_pipeline_version_from_these_files() -> None:
    info = store.read_build_info(SAMPLE)
    assert info, f"no build_info.json in {SAMPLE}; {REBUILD}"
    assert info["pipeline_version"] == PIPELINE_VERSION, REBUILD
    raw = REPO / "data" / "raw"
    current = {p.name: sha1_bytes(p.read_bytes()) for p in raw.iterdir() if p.suffix == ".txt"}
    assert info["input_files"] == current, f"data/raw changed since the sample was built; {REBUILD}"


def test_sample_tables_equal_a_fresh_build(seeds_build: tuple[Path, dict[str, pd.DataFrame]]) -> None:
    committed = store.load(SAMPLE)
    _, fresh = seeds_build
    for name in ALL_TABLES:
        a, b = committed[name], fresh[name]
        assert list(a.columns) == list(b.columns), f"{name}: columns differ; {REBUILD}"
        assert len(a) == len(b), f"{name}: {len(a)} rows committed, {len(b)} rows built now; {REBUILD}"
        pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True), check_exact=False, rtol=1e-6, obj=f"{name} ({REBUILD})")
