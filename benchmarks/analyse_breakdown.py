"""Where the per-article stage's CPU goes, against raw `nlp.pipe` on the same clean texts, in one process.

    python benchmarks/analyse_breakdown.py BUILD_DIR [--limit N]

BUILD_DIR is a finished build (its `articles` table holds the clean texts the build parsed).
Every figure is CPU-seconds of this process (time.process_time), so a shared machine does not
move it. Measured, each over the same articles:
- raw: `nlp.pipe(texts, batch_size=32)`, one stream (what the scaling benchmark divides by);
- raw, chunked: the same pipe restarted per chunk of `batch_size` articles, as the build's chunks;
- parse as the build does: articles whose text must be cut (`nlp.needs_pieces`) parsed piece by piece;
- the whole per-article stage per chunk (`workers.analyse_chunk`: parse, rules, frames);
- that plus writing each chunk's parts (`store.write_part`), as the build does;
- garbage-collection time within the stage (gc.callbacks).
"""

from __future__ import annotations

import argparse
import gc
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from storylens import store  # noqa: E402
from storylens.nlp import needs_pieces, parse_in_pieces  # noqa: E402
from storylens.pipeline import write_part_if_rows  # noqa: E402
from storylens.settings import Settings  # noqa: E402
from storylens.workers import analyse_chunk, collector_paused, fixed_chunks, load_resources  # noqa: E402


class GcTimer:
    def __init__(self) -> None:
        self.seconds = 0.0
        self.count = 0
        self._t = 0.0

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._t = time.process_time()
        else:
            self.seconds += time.process_time() - self._t
            self.count += 1


def cpu(fn) -> float:
    t = time.process_time()
    fn()
    return time.process_time() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("build", type=Path)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--only", nargs="*", default=None, help="run only these measures (raw, chunked, pieces, stage, write)")
    a = ap.parse_args()
    settings = Settings()
    arts = store.read_table(a.build, "articles")
    arts = arts[arts["status"] == "analysed"]
    rows = [{k: (None if v is None or v is store.pd.NA else v) for k, v in r.items()} for r in arts.to_dict("records")]
    if a.limit:
        rows = rows[: a.limit]
    texts = [r["text"] for r in rows]
    with collector_paused():
        nlp = load_resources(settings.model)
    gc.freeze()  # as the build does after loading
    bs = settings.batch_size
    n_tokens = sum(len(d) for d in nlp.tokenizer.pipe(texts))
    pieces = [t for t in texts if needs_pieces(t)]
    print(f"{len(rows)} articles, {sum(map(len, texts)):,} chars, {n_tokens:,} tokens; {len(pieces)} need pieces ({sum(map(len, pieces)):,} chars)")
    want = set(a.only) if a.only else {"raw", "chunked", "pieces", "stage", "write"}
    res: dict[str, float] = {}

    def raw() -> None:
        for _ in nlp.pipe(texts, batch_size=bs):
            pass

    def chunked() -> None:
        for chunk in fixed_chunks(texts, bs):
            for _ in nlp.pipe(chunk, batch_size=bs):
                pass

    def as_built() -> None:
        for chunk in fixed_chunks(texts, bs):
            short = [t for t in chunk if not needs_pieces(t)]
            for _ in nlp.pipe(short, batch_size=bs):
                pass
            for t in chunk:
                if needs_pieces(t):
                    parse_in_pieces(nlp, t)

    chunks = fixed_chunks(rows, bs)

    def stage() -> None:
        for chunk in chunks:
            analyse_chunk(chunk, settings.model, bs, settings.analysis_seconds)

    staging = Path(tempfile.mkdtemp(prefix="breakdown-"))

    def stage_and_write() -> None:
        for i, chunk in enumerate(chunks):
            for name, frame in analyse_chunk(chunk, settings.model, bs, settings.analysis_seconds).items():
                if name != "rejects":
                    write_part_if_rows(staging, name, frame, i)

    timer = GcTimer()
    gc.callbacks.append(timer)
    try:
        for name, fn in (("raw", raw), ("chunked", chunked), ("pieces", as_built), ("stage", stage), ("write", stage_and_write)):
            if name not in want:
                continue
            timer.seconds, timer.count = 0.0, 0
            res[name] = cpu(fn)
            print(
                f"{name:<8} {res[name]:7.1f} CPU-s  {res[name] / len(rows):.4f} s/article  {res[name] / n_tokens * 1e3:.3f} ms/token"
                f"  (gc {timer.seconds:.1f} s in {timer.count} collections)",
                flush=True,
            )
    finally:
        gc.callbacks.remove(timer)
        shutil.rmtree(staging, ignore_errors=True)
    if "raw" in res:
        for name, s in res.items():
            print(f"raw / {name}: {res['raw'] / s:.2f}")


if __name__ == "__main__":
    main()
