"""Store: typed Parquet round trip, atomic replacement, survival of a killed build, DuckDB views."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest

from storylens import store
from storylens.tables import ALL_TABLES, ARTICLES, conform

REPO = Path(__file__).resolve().parents[1]


def _articles(n: int, tag: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "article_id": [f"{tag}{i}" for i in range(n)],
            "outlet": ["Newsweek"] * n,
            "authors": [["Kaitlin Lewis"]] * n,
            "published": [dt.date(2024, 1, 5)] * n,
            "published_confidence": [0.9] * n,
            "text": ["Body."] * n,
        }
    )


def test_round_trip_keeps_types_and_empty_tables_are_typed(tmp_path: Path) -> None:
    out = tmp_path / "processed"
    store.write_tables({"articles": _articles(2, "a")}, out, {"pipeline_version": "t"})
    back = store.load(out)
    assert set(back) == set(ALL_TABLES)
    arts = back["articles"]
    assert arts["published"].tolist() == [dt.date(2024, 1, 5)] * 2
    assert arts["authors"].tolist() == [["Kaitlin Lewis"]] * 2
    assert str(arts["n_words"].dtype) == "Int64"
    assert back["mentions"].empty and list(back["mentions"].columns) == ALL_TABLES["mentions"].names
    assert store.read_build_info(out)["counts"]["articles"] == 2


def test_undeclared_column_fails_loudly() -> None:
    with pytest.raises(ValueError, match="undeclared columns"):
        conform(pd.DataFrame({"article_id": ["x"], "typo_col": [1]}), ARTICLES)


def test_rewrite_replaces_whole_folder_and_keeps_readme(tmp_path: Path) -> None:
    out = tmp_path / "processed"
    store.write_tables({"articles": _articles(3, "old")}, out, {})
    (out / "README.md").write_text("notes")
    store.write_tables({"articles": _articles(1, "new")}, out, {})
    assert store.read_table(out, "articles")["article_id"].tolist() == ["new0"]
    assert (out / "README.md").read_text() == "notes"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["processed"]


def test_duckdb_views(tmp_path: Path) -> None:
    out = tmp_path / "processed"
    store.write_tables({"articles": _articles(3, "a")}, out, {})
    df = store.query(out, "SELECT outlet, count(*) AS n FROM articles GROUP BY outlet")
    assert df.to_dict("records") == [{"outlet": "Newsweek", "n": 3}]


def test_recover_puts_back_old_folder_after_kill_between_renames(tmp_path: Path) -> None:
    out = tmp_path / "processed"
    store.write_tables({"articles": _articles(2, "a")}, out, {})
    out.rename(tmp_path / "processed.old-999")  # as if killed after the first rename
    (tmp_path / "processed.tmp-999").mkdir()
    assert store.load(out)["articles"]["article_id"].tolist() == ["a0", "a1"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["processed"]


def test_killed_write_leaves_previous_tables_intact(tmp_path: Path) -> None:
    out = tmp_path / "processed"
    store.write_tables({"articles": _articles(2, "old")}, out, {"pipeline_version": "old"})
    script = textwrap.dedent(
        f"""
        import datetime as dt, pandas as pd
        from storylens import store
        df = pd.DataFrame({{"article_id": ["new"], "text": ["x"]}})
        store.write_tables({{"articles": df}}, {str(out)!r}, {{"pipeline_version": "new"}})
        """
    )
    env = {**os.environ, "STORYLENS_TEST_WRITE_PAUSE": "0.5", "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-c", script], env=env)
    deadline = time.time() + 30
    while time.time() < deadline and not list(tmp_path.glob("processed.tmp-*/*.parquet")):
        time.sleep(0.05)
    assert list(tmp_path.glob("processed.tmp-*/*.parquet")), "the write never started"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    back = store.load(out)
    assert back["articles"]["article_id"].tolist() == ["old0", "old1"]
    assert store.read_build_info(out)["pipeline_version"] == "old"
    assert not list(tmp_path.glob("processed.tmp-*"))
