"""The CLI end to end on a small mixed folder: summary, rejects, incremental rebuilds, a killed build."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storylens import store

REPO = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(REPO)}

STORY_A = (
    "Germany's chancellor Olaf Scholz met French President Emmanuel Macron in Paris on Monday.\n\n"
    "Scholz said the two countries would coordinate their aid to Ukraine. Macron told reporters that Europe must act together."
)
STORY_B = (
    "Japanese Prime Minister Fumio Kishida visited Washington on Wednesday.\n\n"
    "Kishida and U.S. President Joe Biden discussed trade, according to officials in Tokyo."
)


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "storylens", *args], capture_output=True, text=True, env=env or ENV, cwd=REPO, timeout=300)


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text(STORY_A)
    (src / "sub" / "a.txt").write_text(STORY_B)  # same file name, other folder
    (src / "feed.jsonl").write_text(json.dumps({"text": STORY_B.replace("Wednesday", "Thursday"), "source": "Kyodo"}) + "\n{broken\n")
    (src / "empty.txt").write_text("")
    (src / "photo.jpg").write_bytes(b"\xff\xd8\xff\x00\x10JFIF")
    return src


def test_build_summary_rejects_and_incremental(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    r = _cli("build", str(corpus), "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert "articles: 3" in r.stdout and "rejects: 3" in r.stdout
    assert "empty 1" in r.stdout and "bad_json 1" in r.stdout and "unsupported_extension 1" in r.stdout
    assert "photo.jpg" in r.stdout  # each reject is named
    assert "analysing" in r.stderr  # the progress bar ran
    t = store.load(out)
    accounted = sorted(list(t["articles"]["source_file"]) + list(t["rejects"]["source_file"]))
    assert accounted == ["a.txt", "empty.txt", "feed.jsonl#1", "feed.jsonl#2", "photo.jpg", "sub/a.txt"]
    assert store.read_build_info(out)["analysed"] == 3

    first = store.read_build_info(out)
    r = _cli("build", str(corpus), "--out", str(out))
    assert r.returncode == 0, r.stderr
    # Nothing changed: the build only checks, and leaves the previous one as it was.
    assert store.read_build_info(out) == first
    assert "analysing" not in r.stderr
    assert store.load(out)["mentions"].equals(t["mentions"])

    (corpus / "a.txt").write_text(STORY_A + " Officials in Berlin welcomed the talks.")
    r = _cli("build", str(corpus), "--out", str(out))
    info = store.read_build_info(out)
    assert (info["analysed"], info["reused"]) == (1, 2)


def test_missing_model_is_a_clear_error(corpus: Path, tmp_path: Path) -> None:
    r = _cli("build", str(corpus), "--out", str(tmp_path / "o"), "--model", "no_such_model_xyz")
    assert r.returncode == 2
    assert "no_such_model_xyz" in r.stderr and "not installed" in r.stderr


def test_killed_build_leaves_previous_tables(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _cli("build", str(corpus), "--out", str(out)).returncode == 0
    before = store.load(out)
    (corpus / "c.txt").write_text(STORY_A.replace("Paris", "Lyon"))
    env = {**ENV, "STORYLENS_TEST_WRITE_PAUSE": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "storylens", "build", str(corpus), "--out", str(out)], env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.time() + 120
    while time.time() < deadline and not list(tmp_path.glob("out.tmp-*/*.parquet")):
        time.sleep(0.05)
    assert list(tmp_path.glob("out.tmp-*/*.parquet")), "the build never reached its write phase"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    after = store.load(out)
    for name in ("articles", "mentions", "rejects"):
        assert after[name].equals(before[name]), name
    assert list(tmp_path.glob("out.tmp-*")), "a reader never deletes a temp folder"
    store.recover(out)  # what the next build does under the lock: the owner is gone, so its folder goes
    assert not list(tmp_path.glob("out.tmp-*"))
