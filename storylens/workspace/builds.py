"""Builds of hosted corpora in a bounded queue, each with a status file any visitor's page can read.

Why a queue and a file: a build runs the NLP model for seconds to minutes, and a small
server can afford only a few at once (STORYLENS_MAX_BUILDS). A page must not block on it,
and every session showing the corpus (the owner's, a collaborator's) must see the same
state, so each job writes `status.json` in the corpus folder: queued (with its place),
building (stage and done/total), built, or failed with the reason. A status left
"queued" or "building" by a server that stopped is reported as interrupted, not forever.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import threading
import time
import traceback
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from storylens.workspace.corpora import Corpus, Workspace, _write_json

# One id per server process: a status written by another (earlier) process is stale.
PROCESS = f"{os.getpid()}-{secrets.token_hex(4)}"
ACTIVE = ("queued", "building")


def read_status(corpus: Corpus) -> dict[str, Any]:
    """The corpus's build state; 'none' when it was never built, 'built' for the sample."""
    if corpus.is_sample:
        return {"state": "built"}
    path = corpus.status_file
    try:
        status = json.loads(path.read_text(encoding="utf-8"))  # type: ignore[union-attr]
    except (OSError, ValueError):
        built = (corpus.processed / "build_info.json").exists()
        return {"state": "built" if built else "none"}
    if status.get("state") in ACTIVE and status.get("process") != PROCESS:
        return {**status, "state": "failed", "reason": "the build was interrupted (the server restarted); start it again"}
    return status


class _Progress:
    """The tqdm-like object storylens.pipeline.build reports to, written to status.json at most 4 times a second."""

    def __init__(self, job: _Job, total: int, desc: str) -> None:
        self.job, self.total, self.desc, self.done, self._last = job, int(total), desc, 0, 0.0
        self.job.write("building", stage=desc, done=0, total=self.total)

    def update(self, n: int = 1) -> None:
        self.done += n
        if time.monotonic() - self._last > 0.25 or self.done >= self.total:
            self._last = time.monotonic()
            self.job.write("building", stage=self.desc, done=self.done, total=self.total)

    def close(self) -> None:
        self.job.write("building", stage=self.desc, done=self.done, total=self.total)


class _Job:
    def __init__(self, corpus: Corpus, who: str) -> None:
        self.corpus, self.who, self.enqueued = corpus, who, time.time()

    def write(self, state: str, **fields: Any) -> None:
        _write_json(
            self.corpus.status_file,  # type: ignore[arg-type]
            {"state": state, "process": PROCESS, "who": self.who, "enqueued": self.enqueued, "updated": time.time(), **fields},
        )


class BuildQueue:
    """At most `max_builds` builds at once; the others wait in order of arrival."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self._pool = ThreadPoolExecutor(max_workers=workspace.settings.max_builds, thread_name_prefix="storylens-build")
        self._lock = threading.Lock()
        self._waiting: list[str] = []  # corpus ids, in order
        self._futures: dict[str, Future] = {}

    def submit(self, corpus: Corpus, token: str | None, who: str = "") -> bool:
        """Queue a (re)build of `corpus`; False when one is already queued or running."""
        corpus.require_edit(token)
        with self._lock:
            fut = self._futures.get(corpus.id)
            if fut is not None and not fut.done():
                return False
            job = _Job(corpus, who)
            self._waiting.append(corpus.id)
            job.write("queued")
            self._futures[corpus.id] = self._pool.submit(self._run, job)
        return True

    def position(self, corpus_id: str) -> int | None:
        """1 for the next build to start, None when the corpus is not waiting."""
        with self._lock:
            return self._waiting.index(corpus_id) + 1 if corpus_id in self._waiting else None

    def wait(self, corpus_id: str, timeout: float | None = None) -> None:
        fut = self._futures.get(corpus_id)
        if fut is not None:
            fut.result(timeout)

    def _run(self, job: _Job) -> None:
        with self._lock:
            self._waiting.remove(job.corpus.id)
        t0 = time.perf_counter()
        try:
            job.write("building", stage="reading the inputs", done=0, total=0)
            n = run_build(job.corpus, self.workspace.settings.max_articles, lambda total, desc: _Progress(job, total, desc))
            job.write("built", articles=n, seconds=round(time.perf_counter() - t0, 1), finished=_now())
        except Exception as exc:  # noqa: BLE001 - any failure is the build's, shown on the page
            reason = str(exc) or type(exc).__name__
            job.write("failed", reason=reason, detail=traceback.format_exc(limit=3), finished=_now())


MAX_FETCH_URLS = int(os.environ.get("STORYLENS_MAX_FETCH_URLS", "200"))
"""At most this many URLs go to the network in one hosted build; the rest are rejected `fetch_limit`."""


def run_build(corpus: Corpus, max_articles: int, progress: Any) -> int:
    """Build the corpus's raw/ with its corrections.yaml into processed/; return the article count.

    The article limit is checked on the inputs as read (a JSONL or CSV file holds many), before
    any NLP runs. The previous build stays in place until the new one is complete
    (storylens.store writes atomically), and is reused for unchanged articles."""
    from storylens.ingest.readers import read_inputs
    from storylens.pipeline import build
    from storylens.settings import Settings

    raw = Path(corpus.raw)
    if not raw.is_dir() or not any(p.is_file() for p in raw.rglob("*")):
        raise ValueError("the corpus has no input files yet: add some on the Corpus page")
    raws, _ = read_inputs([raw], Settings().max_file_bytes)
    if len(raws) > max_articles:
        raise ValueError(f"{len(raws):,} articles in the inputs, over the {max_articles:,} allowed per corpus on this server (STORYLENS_MAX_ARTICLES)")
    # URL rows (pasted URLs, URL lists, Media Cloud rows) are fetched once into the corpus's fetch cache, bounded per build.
    tables = build([raw], corpus.processed, corrections_path=corpus.corrections, progress=progress, fetch=True, max_fetch_urls=MAX_FETCH_URLS)
    corpus.touch()
    return len(tables["articles"])


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
