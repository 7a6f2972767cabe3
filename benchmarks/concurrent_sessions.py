"""N dashboard sessions at once against one real `streamlit run` server: medians, errors and server RSS per round.

Each session is a websocket connection speaking Streamlit's own protocol (the BackMsg /
ForwardMsg protobufs the browser sends and receives), so the measurement goes through
everything a visitor's page run goes through: the server's event loop, its session manager,
the script runner threads, the shared caches, and the serialisation of every element. No
browser is started. Every round, each of the N sessions asks for every page once, one after
the other on its own connection (a visitor clicking through), all N sessions at the same
time. A page run counts as an error when the script does not finish successfully, shows an
exception or the dashboard's error-id message, or exceeds the per-page timeout.

Bounded: at most 50 sessions and 10 rounds, a per-page timeout and a deadline for the
whole run; the server listens on 127.0.0.1 and is the only thing contacted.

    python benchmarks/concurrent_sessions.py                    # 20 sessions x 8 pages x 3 rounds, the sample
    python benchmarks/concurrent_sessions.py --sessions 5 --rounds 2 --data /path/to/build

Goal (issue 15): 20 sessions, 0 errors, median page <= 3 s, server RSS after round 3 within 10 % of round 1.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks import local_server  # noqa: E402
from benchmarks.local_server import cpu_seconds, rss_mb  # noqa: E402

PAGES = ["", "timeline", "network", "compare", "article", "search", "corpus", "methods"]
"""URL paths of the dashboard's pages ("" is the Overview), as the browser names them."""
MAX_SESSIONS, MAX_ROUNDS = 50, 10
ERROR_MESSAGE = "Something went wrong while drawing this page"  # app.errors' plain message


@dataclass
class PageRun:
    page: str
    seconds: float
    error: str | None = None


@dataclass
class Session:
    """One visitor: a websocket to the server, kept open across its page runs."""

    port: int
    timeout: float
    ws: websockets.ClientConnection | None = None
    runs: list[PageRun] = field(default_factory=list)

    async def open(self) -> None:
        self.ws = await websockets.connect(
            f"ws://127.0.0.1:{self.port}/_stcore/stream",
            subprotocols=["streamlit"],
            origin=f"http://127.0.0.1:{self.port}",
            max_size=None,
            open_timeout=self.timeout,
        )

    async def visit(self, page: str) -> PageRun:
        """Ask for one page and read the server's messages until the script run finishes."""
        t0 = time.perf_counter()
        try:
            assert self.ws is not None
            await self.ws.send(BackMsg(rerun_script=ClientState(query_string="", page_name=page)).SerializeToString())
            error = await asyncio.wait_for(self._until_finished(), self.timeout)
        except TimeoutError:
            error = f"no answer within {self.timeout:.0f} s"
        except Exception as exc:  # a dropped connection is an error of this run, not of the benchmark
            error = f"{type(exc).__name__}: {exc}"
        run = PageRun(page or "overview", time.perf_counter() - t0, error)
        self.runs.append(run)
        return run

    async def _until_finished(self) -> str | None:
        assert self.ws is not None
        error = None
        while True:
            msg = ForwardMsg()
            msg.ParseFromString(await self.ws.recv())
            kind = msg.WhichOneof("type")
            if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                element = msg.delta.new_element
                what = element.WhichOneof("type")
                if what == "exception":
                    error = error or f"exception: {element.exception.message[:200]}"
                elif what == "alert" and ERROR_MESSAGE in element.alert.body:
                    error = error or element.alert.body[:200]
            elif kind == "script_finished":
                status = ForwardMsg.ScriptFinishedStatus.Name(msg.script_finished)
                if status == "FINISHED_EARLY_FOR_RERUN":
                    continue  # the page asked for a rerun (st.rerun, a first visit's set-up): the server runs it again
                if status != "FINISHED_SUCCESSFULLY":
                    error = error or f"script ended: {status}"
                return error

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()


async def session_round(session: Session, deadline: float) -> list[PageRun]:
    runs = []
    for page in PAGES:
        if time.monotonic() > deadline:
            runs.append(PageRun(page or "overview", 0.0, "deadline passed"))
            continue
        runs.append(await session.visit(page))
    return runs


async def run(n: int, rounds: int, port: int, pid: int, timeout: float, deadline: float) -> list[float]:
    sessions = [Session(port, timeout) for _ in range(n)]
    await asyncio.gather(*(s.open() for s in sessions))
    # One warm-up visit of every page by one session: the first run of a page in a fresh
    # server imports its modules and fills the shared caches. Reported, not in the rounds.
    t0 = time.perf_counter()
    warm = await session_round(sessions[0], deadline)
    print(
        f"warm-up (one session, every page): {time.perf_counter() - t0:.1f} s, {sum(r.error is not None for r in warm)} errors, server RSS {rss_mb(pid):.0f} MB"
    )
    for r in warm:
        if r.error is not None:
            print(f"       warm-up error: {r.page}: {r.error}")
    print(f"{'round':>5} {'median s':>9} {'p90 s':>7} {'max s':>7} {'errors':>7} {'wall s':>7} {'RSS MB':>7} {'CPU s/run':>9}")
    rss = []
    for r in range(1, rounds + 1):
        t0, cpu0 = time.perf_counter(), cpu_seconds(pid)
        results = await asyncio.gather(*(session_round(s, deadline) for s in sessions))
        wall, cpu = time.perf_counter() - t0, cpu_seconds(pid) - cpu0
        runs = [run for per_session in results for run in per_session]
        times = [run.seconds for run in runs if run.error is None] or [float("nan")]
        errors = [f"{run.page}: {run.error}" for run in runs if run.error]
        rss.append(rss_mb(pid))
        q = statistics.quantiles(times, n=10) if len(times) > 1 else times * 9
        per_run = cpu / max(len(runs), 1)  # the server's CPU per page run: the figure load on the machine does not move
        print(f"{r:>5} {statistics.median(times):>9.2f} {q[8]:>7.2f} {max(times):>7.2f} {len(errors):>7} {wall:>7.1f} {rss[-1]:>7.0f} {per_run:>9.3f}")
        for e in errors[:3]:
            print("       error:", e)
    per_page: dict[str, list[float]] = {}
    for s in sessions:
        for page_run in s.runs:
            if page_run.error is None:
                per_page.setdefault(page_run.page, []).append(page_run.seconds)
    print("median per page over all rounds: " + ", ".join(f"{p} {statistics.median(t):.2f} s" for p, t in per_page.items()))
    await asyncio.gather(*(s.close() for s in sessions))
    return rss


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--data", type=Path, default=None, help="build folder shown as the default corpus (default: the sample)")
    ap.add_argument("--timeout", type=float, default=120, help="seconds one page run may take")
    ap.add_argument("--deadline", type=float, default=1500, help="seconds for the whole benchmark")
    args = ap.parse_args()
    n, rounds = min(args.sessions, MAX_SESSIONS), min(args.rounds, MAX_ROUNDS)
    env = {"STORYLENS_DATA": str(args.data)} if args.data else None
    with local_server.serve(env, within=120) as (url, proc):  # the project's one way to start a dashboard server
        port = int(urlsplit(url).port or 0)
        print(f"{n} websocket sessions x {len(PAGES)} pages x {rounds} rounds against one server (pid {proc.pid}); RSS at start: {rss_mb(proc.pid):.0f} MB")
        rss = asyncio.run(run(n, rounds, port, proc.pid, args.timeout, time.monotonic() + args.deadline))
        if len(rss) > 1:
            print(f"server RSS after round {rounds} / after round 1: {rss[-1] / rss[0]:.3f} (goal <= 1.10)")

if __name__ == "__main__":
    main()
