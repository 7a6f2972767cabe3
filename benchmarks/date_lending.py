"""The two passes that lend dates between articles of one story before stories exist
(`timeline.corpus.date_across_corpus`, `timeline.corpus.lend_story_dates`): each article
against every other (before) vs `timeline.shared_names.NameIndex` (after).

    python benchmarks/date_lending.py BUILD [--limit N]

Why: both passes compared every weak or undated article with every dated one, in Python:
on make_corpus.py's 20,000 articles (5,915 undated, 14,073 dated, 3.7 million pairs that
share a story) they took 166 + 762 s, run on their own on a loaded machine. Takes the articles as the
build's prepare cache holds them (`cache/corpus/prepared.pkl`: every build writes one), so
nothing is cleaned again; runs the baseline (the pair-by-pair passes, kept below as they
were) and the library's passes on copies of the same rows in this process; prints their
CPU-seconds, the ratio, and checks that every article's date, confidence and evidence are
the same.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import pickle
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import data_paths  # noqa: E402,F401  (puts the repository on sys.path)

from storylens import store  # noqa: E402
from storylens.ingest.batch import distinct_ids  # noqa: E402
from storylens.ingest.readers import Reject  # noqa: E402
from storylens.timeline import published  # noqa: E402
from storylens.timeline.corpus import date_across_corpus, lend_story_dates  # noqa: E402
from storylens.timeline.published import STORY_DATE_CONFIDENCE, Clue, infer_from_clues  # noqa: E402
from storylens.timeline.shared_names import same_story, story_names  # noqa: E402


def baseline_borrow_years(clues: dict[str, list[Any]], known: dict[str, dt.date], names_of: dict[str, set[str]]) -> dict[str, Any]:
    """`published.borrow_years` as it was: every weak article against every dated one."""
    out = {k: infer_from_clues(c) for k, c in clues.items()}
    dated = {k: v for k, v in out.items() if v[0] is not None and v[1] >= published.LEND_CONFIDENCE}
    dated.update({k: (day, 1.0, "known") for k, day in known.items()})
    for k, (day, conf, _) in list(out.items()):
        if k in known or (day is not None and conf >= 0.5):
            continue
        mine = {c.month_day for c in clues[k] if c.month_day}
        if not mine:
            continue
        donors = []
        for j, (dj, cj, _) in dated.items():
            if j == k or dj is None or not same_story(names_of.get(k, set()), names_of.get(j, set())):
                continue
            theirs = {c.month_day for c in clues.get(j, ()) if c.month_day} | {(c.day.month, c.day.day) for c in clues.get(j, ()) if c.day}
            theirs.add((dj.month, dj.day))
            shared = mine & theirs
            gap = min((abs((x - dj).days) for md in mine if (x := published._nearest(dj, md))), default=9999)
            if shared or gap <= 60:
                donors.append((len(shared), -gap, cj, j, dj, shared))
        if not donors:
            continue
        _, neg_gap, _, j, dj, shared = max(donors, key=lambda t: (t[0], t[1], t[2]))
        donor = Clue("corpus", f"article {j}", published.PAST, day=dj)
        new_day, new_conf, new_ev = infer_from_clues([*clues[k], donor], year_hints={dj.year - 1, dj.year})
        if new_day is not None:
            why = f"shares day-month {', '.join(f'{m:02d}-{d:02d}' for m, d in sorted(shared))}" if shared else f"is dated {-neg_gap} days from one of this article's day-months"
            out[k] = (new_day, round(min(new_conf, 0.8), 3), f"year from article {j} ({dj}), which {why}; {new_ev}")
    return out


def baseline_passes(rows: list[dict[str, Any]]) -> None:
    """Both passes as they were (the same rules as timeline.corpus, pair by pair)."""
    original = published.borrow_years
    corpus_module = sys.modules["storylens.timeline.corpus"]
    corpus_module.borrow_years = lambda clues, known, names: baseline_borrow_years(clues, known, names)  # type: ignore[attr-defined]
    try:
        date_across_corpus(rows)
    finally:
        corpus_module.borrow_years = original  # type: ignore[attr-defined]
    undated = [r for r in rows if r.get("published") is None and r.get("published_how") != "corrections"]
    dated = [r for r in rows if r.get("published") is not None]
    names = {r["article_id"]: story_names(r["text"]) for r in [*undated, *dated]}
    for r in undated:
        donors = [d for d in dated if same_story(names[r["article_id"]], names[d["article_id"]])]
        if not donors:
            continue
        votes: dict[dt.date, list[str]] = {}
        for d in donors:
            votes.setdefault(d["published"], []).append(d["article_id"])
        day, ids = max(votes.items(), key=lambda kv: (len(kv[1]), kv[0]))
        r.update(
            published=day,
            published_how="inferred",
            published_confidence=STORY_DATE_CONFIDENCE,
            published_evidence=f"no date clue of its own; the date of its story: {len(ids)} of {len(donors)} articles sharing its names are dated {day} ({', '.join(ids[:5])})",
        )


def library_passes(rows: list[dict[str, Any]]) -> None:
    date_across_corpus(rows)
    lend_story_dates(rows)


def prepared_rows(build: Path, limit: int | None) -> list[dict[str, Any]]:
    data = store.read_cache_pickle(build / store.CACHE_DIR / "corpus" / "prepared.pkl", dict)
    if data is None:
        raise SystemExit(f"{build}: no prepare cache (cache/corpus/prepared.pkl); build it first")
    rows = [r.row for r in (pickle.loads(b) for b in data["entries"].values()) if not isinstance(r, Reject)]
    rows = rows[:limit] if limit else rows
    distinct_ids(rows)
    return rows


def _dates(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(r["article_id"], r.get("published"), r.get("published_how"), r.get("published_confidence"), r.get("published_evidence")) for r in rows]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("build", type=Path)
    ap.add_argument("--limit", type=int, default=None, help="the first N articles of the cache only")
    args = ap.parse_args()
    rows = prepared_rows(args.build, args.limit)
    timed = {}
    results = {}
    for name, passes in (("before (pair by pair)", baseline_passes), ("after (NameIndex)", library_passes)):
        mine = copy.deepcopy(rows)
        t0 = time.process_time()
        passes(mine)
        timed[name] = time.process_time() - t0
        results[name] = _dates(mine)
    before, after = timed.values()
    undated = sum(1 for r in rows if r.get("published") is None)
    print(f"{len(rows)} articles, {undated} without a date before the passes")
    for name, seconds in timed.items():
        print(f"   {name:24s} {seconds:8.1f} CPU-s")
    print(f"   speed-up {before / after:.1f}x; same dates, confidences and evidence: {results['before (pair by pair)'] == results['after (NameIndex)']}")


if __name__ == "__main__":
    main()
