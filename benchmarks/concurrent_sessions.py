"""N dashboard sessions at once against one process: medians, errors and RSS per round.

Each session is a Streamlit AppTest (the server's own script runner, no browser) with its
own session state; all of them share this process's caches, as sessions of one
`streamlit run` server do. Every round, each of the N sessions runs every page once, the
sessions in N threads at the same time (page runs queue on the GIL and the cores the way
they do in a server). Nothing touches the network. Bounded: at most 50 sessions and
10 rounds, and a deadline.

    python benchmarks/concurrent_sessions.py                    # 20 sessions x 6 pages x 3 rounds, the sample
    python benchmarks/concurrent_sessions.py --sessions 5 --rounds 2 --data data/corpora/x/processed

Goal (issue 15): 20 sessions, 0 errors, median page <= 3 s, RSS after round 3 within 10 % of round 1.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from streamlit.testing.v1 import AppTest  # noqa: E402

from benchmarks.data_paths import REPO  # noqa: E402

PAGES = sorted((REPO / "pages").glob("*.py"))
MAX_SESSIONS, MAX_ROUNDS = 50, 10


def rss_mb() -> float:
    """This process's resident set size, from /proc."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def session_round(apps: dict[str, AppTest], deadline: float) -> tuple[list[float], list[str]]:
    """One session visits every page once: (seconds per page, errors)."""
    times, errors = [], []
    for name, at in apps.items():
        if time.monotonic() > deadline:
            errors.append(f"{name}: deadline passed")
            continue
        t0 = time.perf_counter()
        try:
            at.run()
            if at.exception:
                errors.append(f"{name}: {at.exception[0].message}")
        except Exception as exc:  # a timeout or a crash is an error of this run, not of the benchmark
            errors.append(f"{name}: {type(exc).__name__}: {exc}")
        times.append(time.perf_counter() - t0)
    return times, errors


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--data", type=Path, default=None, help="build folder (default: the sample, data/processed)")
    ap.add_argument("--timeout", type=float, default=120, help="seconds one page run may take")
    ap.add_argument("--deadline", type=float, default=1500, help="seconds for the whole benchmark")
    args = ap.parse_args()
    n, rounds = min(args.sessions, MAX_SESSIONS), min(args.rounds, MAX_ROUNDS)
    deadline = time.monotonic() + args.deadline

    sessions = []
    for _ in range(n):
        apps = {}
        for page in PAGES:
            at = AppTest.from_file(str(page), default_timeout=args.timeout)
            if args.data is not None:
                at.session_state["data_dir"] = str(args.data)
            apps[page.stem] = at
        sessions.append(apps)
    print(f"{n} sessions x {len(PAGES)} pages x {rounds} rounds, one process; RSS before: {rss_mb():.0f} MB")
    # Each session's first visit, one after the other: AppTest builds its mock runtime per
    # first run and is not safe to start in many threads at once (a harness limit; a real
    # server starts sessions on its own event loop). Reported, not part of the rounds.
    t0 = time.perf_counter()
    cold_errors = sum(len(session_round(apps, deadline)[1]) for apps in sessions)
    print(f"first visits (serial): {time.perf_counter() - t0:.1f} s, {cold_errors} errors, RSS {rss_mb():.0f} MB")
    print(f"{'round':>5} {'median s':>9} {'p90 s':>7} {'max s':>7} {'errors':>7} {'wall s':>7} {'RSS MB':>7}")
    rss = []
    lock = threading.Lock()
    for r in range(1, rounds + 1):
        times: list[float] = []
        errors: list[str] = []
        t0 = time.perf_counter()
        with ThreadPoolExecutor(max_workers=n) as pool:
            for ts, errs in pool.map(lambda apps: session_round(apps, deadline), sessions):
                with lock:
                    times += ts
                    errors += errs
        wall = time.perf_counter() - t0
        gc.collect()
        rss.append(rss_mb())
        q = statistics.quantiles(times, n=10) if len(times) > 1 else times * 9
        print(f"{r:>5} {statistics.median(times):>9.2f} {q[8]:>7.2f} {max(times):>7.2f} {len(errors):>7} {wall:>7.1f} {rss[-1]:>7.0f}")
        for e in errors[:3]:
            print("       error:", e)
    if len(rss) > 1:
        print(f"RSS after round {rounds} / after round 1: {rss[-1] / rss[0]:.3f} (goal <= 1.10)")


if __name__ == "__main__":
    main()
