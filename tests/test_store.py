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
    dead = 2**22 + 12345  # above the default pid_max: no such process
    out.rename(tmp_path / f"processed.old-{dead}-abc")  # as if killed after the first rename
    (tmp_path / f"processed.tmp-{dead}-abc").mkdir()
    live = tmp_path / f"processed.tmp-{os.getpid()}-live"  # a running build's folder
    live.mkdir()
    store.load(out)  # a reader changes nothing
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([f"processed.old-{dead}-abc", f"processed.tmp-{dead}-abc", live.name])
    store.recover(out)  # what the next build's write does under the lock
    assert store.load(out)["articles"]["article_id"].tolist() == ["a0", "a1"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["processed", live.name])


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
    store.write_tables({"articles": _articles(1, "next")}, out, {})  # the killed build's lock and temp folder are taken over
    assert not list(tmp_path.glob("processed.tmp-*")) and not (tmp_path / "processed.lock").exists()


def test_two_writers_and_a_reader_in_threads_never_mix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One server process, two visitors building into one folder while a third reads."""
    import threading

    monkeypatch.setenv("STORYLENS_TEST_WRITE_PAUSE", "0.02")
    out = tmp_path / "processed"
    store.write_tables({"articles": _articles(1, "seed")}, out, {})
    errors: list[BaseException] = []

    def write(n: int, tag: str) -> None:
        try:
            for _ in range(3):
                store.write_tables({"articles": _articles(n, tag)}, out, {"tag": tag})
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    def read() -> None:
        try:
            for _ in range(30):
                if out.exists():
                    info = store.read_build_info(out)
                    if info:
                        assert info["counts"]["articles"] in (1, 2, 3)
        except FileNotFoundError:
            pass  # the folder was swapped between two reads: a reader never sees a mix, only a gap
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(2, "a")), threading.Thread(target=write, args=(3, "b")), threading.Thread(target=read)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors
    info = store.read_build_info(out)
    arts = store.read_table(out, "articles")
    assert info["counts"]["articles"] == len(arts) == {"a": 2, "b": 3}[info["tag"]]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["processed"]


def test_two_builds_in_processes_wait_for_each_other(tmp_path: Path) -> None:
    out = tmp_path / "processed"
    script = textwrap.dedent(
        f"""
        import sys, pandas as pd
        from storylens import store
        n = int(sys.argv[1])
        df = pd.DataFrame({{"article_id": [f"x{{i}}" for i in range(n)], "text": ["x"] * n}})
        store.write_tables({{"articles": df}}, {str(out)!r}, {{"n": n}})
        """
    )
    env = {**os.environ, "STORYLENS_TEST_WRITE_PAUSE": "0.05", "PYTHONPATH": str(REPO)}
    procs = [subprocess.Popen([sys.executable, "-c", script, str(n)], env=env) for n in (2, 5)]
    assert [p.wait(120) for p in procs] == [0, 0]
    info = store.read_build_info(out)
    assert info["counts"]["articles"] == len(store.read_table(out, "articles")) == info["n"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["processed"]


def test_a_held_lock_makes_a_second_build_give_up_with_a_clear_message(tmp_path: Path) -> None:
    import threading

    out = tmp_path / "processed"
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with store.build_lock(out):
            held.set()
            release.wait(30)

    t = threading.Thread(target=hold)
    t.start()
    held.wait(30)
    with pytest.raises(store.BuildLocked, match=f"is being built by process {os.getpid()}"), store.build_lock(out, wait=0.3):
        pass
    release.set()
    t.join(30)
