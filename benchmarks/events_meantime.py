"""How often an event's date matches its gold temporal anchor in MEANTIME.

Why MEANTIME: its event mentions carry TLINKs to TIMEX3 expressions; a link of type
INCLUDES / IS_INCLUDED / SIMULTANEOUS / BEGINS / ENDS between an event and a dated
expression other than the document creation time says "this event happened then", which
is exactly what `storylens.timeline.events` has to find for its `date_start`/`date_end`.

Method, per document of intra_cross-doc_annotation/corpus_*:
1. rebuild the text from the tokens (one gold sentence per line), keep the creation time;
2. run spaCy, `extract_timexes`, `mentions_from_doc`, `events_from_doc`;
3. gold: every event mention with such a link to a non-creation-time DATE expression
   whose value has a calendar interval (`storylens.timeline.temporal.values.interval`);
4. an event of ours matches a gold event when its trigger overlaps the gold mention's
   tokens; its date is right when its interval overlaps the gold expression's interval
   ("same day" is also reported for day-level gold anchors).
Baseline: every matched event dated by the creation time (what a tool without event
dating would show).

Usage: python benchmarks/events_meantime.py [--topic airbus] [--limit N] [--show-errors N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.data_paths import BENCHMARKS  # noqa: E402 - the gold corpora: ../shared/benchmarks
from benchmarks.token_text import text_from_tokens  # noqa: E402
from storylens.actors.mentions import mentions_from_doc  # noqa: E402
from storylens.nlp import load_nlp  # noqa: E402
from storylens.timeline.events import events_from_doc  # noqa: E402
from storylens.timeline.temporal.values import interval  # noqa: E402
from storylens.timeline.timexes import extract_timexes  # noqa: E402

DEFAULT_ROOT = BENCHMARKS / "meantime" / "intra_cross-doc_annotation"
ANCHOR_TYPES = frozenset({"INCLUDES", "IS_INCLUDED", "SIMULTANEOUS", "BEGINS", "ENDS", "BEGUN_BY", "ENDED_BY", "DURING"})


def parse_doc(path: Path) -> tuple[str, dt.date | None, list[dict]]:
    """(text, creation day, gold anchored events: {start, end, text, value, lo, hi, gran})."""
    root = ET.parse(path).getroot()
    text, tokens = text_from_tokens(root.iter("token"))
    spans = {t: (s, e) for t, (s, e, _) in tokens.items()}
    events: dict[str, tuple[int, int]] = {}
    timexes: dict[str, tuple[str, str]] = {}  # m_id -> (value, function)
    dct = None
    markables = root.find("Markables")
    for el in markables if markables is not None else []:
        toks = [spans[a.get("t_id")] for a in el.findall("token_anchor") if a.get("t_id") in spans]
        if el.tag == "EVENT_MENTION" and toks:
            events[el.get("m_id") or ""] = (min(s for s, _ in toks), max(e for _, e in toks))
        elif el.tag == "TIMEX3":
            timexes[el.get("m_id") or ""] = (el.get("value") or "", el.get("functionInDocument") or "")
            if el.get("functionInDocument") == "CREATION_TIME":
                lo, _hi, _g = interval(el.get("value") or "")
                dct = lo
    gold: dict[str, dict] = {}
    relations = root.find("Relations")
    for rel in relations.findall("TLINK") if relations is not None else []:
        if rel.get("reltype") not in ANCHOR_TYPES:
            continue
        src, tgt = rel.find("source"), rel.find("target")
        if src is None or tgt is None:
            continue
        a, b = src.get("m_id") or "", tgt.get("m_id") or ""
        ev, tx = (a, b) if a in events and b in timexes else ((b, a) if b in events and a in timexes else (None, None))
        if ev is None or timexes[tx][1] == "CREATION_TIME":
            continue
        lo, hi, gran = interval(timexes[tx][0])
        if lo is None:
            continue
        s, e = events[ev]
        gold.setdefault(ev, {"start": s, "end": e, "text": text[s:e], "value": timexes[tx][0], "lo": lo, "hi": hi, "gran": gran})
    return text, dct, list(gold.values())


def evaluate(paths: list[Path], show_errors: int = 0) -> tuple[Counter, list[str]]:
    nlp = load_nlp()
    c: Counter = Counter()
    errors: list[str] = []
    for path in paths:
        text, dct, gold = parse_doc(path)
        if not gold:
            continue
        doc = nlp(text)
        tx = extract_timexes(text, dct, doc=doc)
        aid = path.stem[:12]
        tx["timex_id"] = [f"{aid}:{s}-{e}" for s, e in zip(tx["start"], tx["end"], strict=True)]
        mentions = mentions_from_doc(doc, aid)
        ev = events_from_doc(doc, aid, mentions, tx, dct)
        recs = ev.to_dict("records")
        for g in gold:
            c["gold"] += 1
            hit = next((r for r in recs if r["start"] < g["end"] and g["start"] < r["end"]), None)
            if hit is None:
                continue
            c["found"] += 1
            c[f"how:{hit['date_how']}"] += 1
            lo, hi = hit["date_start"], hit["date_end"] or hit["date_start"]
            ok = lo is not None and lo <= g["hi"] and g["lo"] <= hi
            c["overlap"] += ok
            c[f"ok:{hit['date_how']}"] += ok
            if g["gran"] == "day":
                c["gold_day"] += 1
                c["same_day"] += lo is not None and lo == hi == g["lo"]
            c["baseline"] += dct is not None and g["lo"] <= dct <= g["hi"]
            if not ok and len(errors) < show_errors:
                errors.append(f"{path.name[:40]}\t{g['text']!r}\tgold {g['value']}\tours {lo}..{hi} ({hit['date_how']}, {hit['trigger']!r})")
    return c, errors


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    ap.add_argument("--topic", help="airbus / apple / gm / stock (default: all)")
    ap.add_argument("--limit", type=int, help="first N documents")
    ap.add_argument("--show-errors", type=int, default=0)
    args = ap.parse_args()
    dirs = [args.root / f"corpus_{args.topic}"] if args.topic else sorted(args.root.glob("corpus_*"))
    paths = sorted(p for d in dirs for p in d.glob("*.xml"))[: args.limit]
    t0 = time.perf_counter()
    c, errors = evaluate(paths, args.show_errors)
    found = c["found"] or 1
    print(
        f"documents {len(paths)}  gold anchored events {c['gold']}  found {c['found']} ({100 * c['found'] / max(c['gold'], 1):.1f} %)  {time.perf_counter() - t0:.1f} s"
    )
    print(
        f"date overlaps gold anchor: {c['overlap']}/{c['found']} = {100 * c['overlap'] / found:.1f} %   (creation-time baseline {100 * c['baseline'] / found:.1f} %)"
    )
    print(f"same day, day-level anchors: {c['same_day']}/{c['gold_day']} = {100 * c['same_day'] / max(c['gold_day'], 1):.1f} %")
    for how in ("own_expression", "reporting_event", "sentence_expression", "publication", "none"):
        n = c[f"how:{how}"]
        if n:
            print(f"  {how:20s} {n:4d} events, {100 * c[f'ok:{how}'] / n:5.1f} % overlap gold")
    for e in errors:
        print(e)


if __name__ == "__main__":
    main()
