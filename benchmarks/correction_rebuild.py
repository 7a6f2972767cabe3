"""Seconds of a correction-driven rebuild against a full build of the same corpus, in one process.

    python benchmarks/correction_rebuild.py                 # the bundled sample (data/raw)
    python benchmarks/correction_rebuild.py --bbc 50        # 50 BBC articles from ../shared/benchmarks

What a researcher's correction on the page costs: the corpus is built once from nothing (the
baseline), then one correction of each kind is written to corrections.yaml and the corpus is
rebuilt into the same folder, as the hosted rebuild does (storylens.workspace.builds.run_build).
Each row prints the rebuild's seconds, its ratio to the full build, how many articles it
analysed again (parsed) and its slowest stages from build_info.json. A correction that does not
change an article's text or date must analyse 0 articles; one that sets an article's date must
analyse only that article. The model is loaded by a warm-up build first, as a long-running
server has it loaded, so no timing pays for it. With --repeat N the whole sequence runs N
times (the full build into a new folder each round) and the best time of each row counts:
on a shared machine the least disturbed run is the one to compare.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.data_paths import BENCHMARKS, REPO  # noqa: E402 - the gold corpora: ../shared/benchmarks
from storylens.pipeline import build, silent_progress  # noqa: E402
from storylens.store import read_build_info  # noqa: E402


def copy_inputs(args: argparse.Namespace, dest: Path) -> None:
    dest.mkdir(parents=True)
    if not args.bbc:
        for f in (REPO / "data" / "raw").iterdir():
            shutil.copy(f, dest / f.name)
        return
    root = BENCHMARKS / "bbc-news-fulltext"
    if not root.is_dir():
        sys.exit(f"{root} not found (the BBC corpus lives in ../shared/benchmarks)")
    files = sorted(p for p in root.rglob("*.txt") if p.name[0].isdigit())
    step = max(1, len(files) // args.bbc)
    for i, f in enumerate(files[::step][: args.bbc]):
        shutil.copy(f, dest / f"{i:05d}_{f.parent.name}_{f.name}")


def corrections_to_try(tables: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """One correction of each kind the page offers, picked from the built tables."""
    actors = tables["actors"].sort_values(["n_mentions", "name"], ascending=[False, True])
    names = actors["name"].tolist()
    arts = tables["articles"]
    src = dict(zip(arts["article_id"], arts["source_file"], strict=True))
    first = arts.iloc[0]
    out: list[tuple[str, dict[str, Any]]] = [
        ("rename an actor", {"actors": {"rename": {names[0]: names[0] + " (renamed)"}}}),
        ("merge two actors", {"actors": {"merge": [[names[0], names[1]]]}}),
        ("set an actor's kind", {"actors": {"kind": {names[1]: "group"}}}),
        ("not part of the story", {"actors": {"meta": [names[2]]}}),
        ("set an article's outlet", {"articles": {first["source_file"]: {"outlet": "Corrected Outlet"}}}),
        ("set an article's date", {"articles": {first["source_file"]: {"published": "2020-01-02"}}}),
    ]
    tx = tables["timexes"]
    if len(tx):
        t = tx.iloc[0]
        out.append(("set a date expression", {"timexes": {src[t["article_id"]]: {str(t["text"]): "2020-01-03"}}}))
    al = tables["alignments"]
    if len(al):
        a = al.iloc[0]
        pair = [f"{src[a['article_a']]}#{int(a['sentence_a'])}", f"{src[a['article_b']]}#{int(a['sentence_b'])}"]
        out.append(("different claims", {"claims": {"different": [pair]}}))
    return out


def timed_build(inputs: Path, out: Path, corrections: Path) -> tuple[float, dict[str, Any], dict[str, Any]]:
    t = time.perf_counter()
    tables = build([inputs], out, corrections_path=corrections, progress=silent_progress)
    return time.perf_counter() - t, read_build_info(out) or {}, tables


def slowest(info: dict[str, Any], n: int = 4) -> str:
    stages = sorted((info.get("stage_seconds") or {}).items(), key=lambda kv: -kv[1])[:n]
    return ", ".join(f"{k} {v:.2f}" for k, v in stages)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bbc", type=int, default=0, help="this many BBC articles instead of the bundled sample")
    ap.add_argument("--repeat", type=int, default=1, help="rounds; the best time of each row counts")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="storylens-corrections-"))
    try:
        inputs, corrections = work / "raw", work / "corrections.yaml"
        copy_inputs(args, inputs)
        corrections.write_text("{}\n")
        warm = work / "warm"
        warm.mkdir()
        shutil.copy(next(p for p in sorted(inputs.iterdir()) if p.suffix == ".txt"), warm)
        build([warm], work / "warm-out", progress=silent_progress)  # loads the model, gazetteer, language identifier

        best: dict[str, tuple[float, dict[str, Any]]] = {}

        def keep(label: str, seconds: float, info: dict[str, Any]) -> None:
            if label not in best or seconds < best[label][0]:
                best[label] = (seconds, info)

        n = 0
        for round_ in range(max(1, args.repeat)):
            out = work / f"processed-{round_}"  # a new folder: the full build reuses nothing
            corrections.write_text("{}\n")
            s, info, tables = timed_build(inputs, out, corrections)
            keep("full build", s, info)
            n = len(tables["articles"])
            s, info, _ = timed_build(inputs, out, corrections)
            keep("rebuild, nothing changed", s, info)
            for label, data in corrections_to_try(tables):
                corrections.write_text(yaml.safe_dump(data, allow_unicode=True))
                s, info, _ = timed_build(inputs, out, corrections)
                keep(label, s, info)
                corrections.write_text("{}\n")
                timed_build(inputs, out, corrections)  # back to no corrections before the next kind
            shutil.rmtree(out, ignore_errors=True)
        full_s = best["full build"][0]
        print(f"corpus: {f'{args.bbc} BBC articles' if args.bbc else 'the bundled sample'} ({n} articles), best of {max(1, args.repeat)}")
        for label, (s, info) in best.items():
            if label == "rebuild, nothing changed":  # returns the previous build as it was: its info is the old one
                print(f"{label:<26} {s:7.2f} s  {s / full_s:.2f} x  parsed 0")
                continue
            print(f"{label:<26} {s:7.2f} s  {s / full_s:.2f} x  parsed {info.get('analysed')}  [{slowest(info)}]")
        print("full build, seconds per stage:", json.dumps(best["full build"][1].get("stage_seconds")))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
