"""Start `streamlit run dashboard.py` on 127.0.0.1 and wait until it serves: shared by the
browser tests and the dashboard benchmarks.

Why here and not under tests/: a benchmark should not import test code, while tests
already import benchmark modules (`benchmarks.data_paths`, the floors); so the one
helper lives beside the benchmarks, imports neither pytest nor the app, and both sides
use it. Why not under app/: app/ is what a hosted copy runs; starting servers is not.
Everything stays on the loopback interface: the server started here is the only one.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HEALTHY_WITHIN = 60.0  # seconds for `streamlit run` to answer /_stcore/health on a loaded machine


class ServerDidNotStart(RuntimeError):
    """The server exited, or did not answer its health check in time."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(port: int) -> bool:
    """Streamlit's own health endpoint on 127.0.0.1 answers 200 once the app serves."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        conn.request("GET", "/_stcore/health")
        return conn.getresponse().status == 200
    except OSError:
        return False
    finally:
        conn.close()


def rss_mb(pid: int) -> float:
    """Resident memory of process `pid` in MB, from /proc (NaN when it is gone)."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return float("nan")
    for line in lines:
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time process `pid` has used, in seconds, from /proc (NaN when it is gone).

    Why beside wall time: on a shared machine the seconds a page takes depend on what else
    runs; the CPU the server spends per page run does not."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextlib.contextmanager
def serve(env_extra: dict[str, str] | None = None, within: float = HEALTHY_WITHIN) -> Iterator[tuple[str, subprocess.Popen]]:
    """(the server's base URL, its process) while a dashboard server runs; stopped on exit.

    Raises ServerDidNotStart when it exits or is not healthy `within` seconds."""
    port = free_port()
    cmd = [
        sys.executable, "-m", "streamlit", "run", "dashboard.py",
        "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    proc = subprocess.Popen(cmd, cwd=REPO, env={**os.environ, **(env_extra or {})}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + within
        while not healthy(port):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise ServerDidNotStart(f"streamlit did not become healthy within {within:.0f} s")
            time.sleep(0.3)  # polling a port, not waiting for something on a page
        yield f"http://127.0.0.1:{port}", proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
