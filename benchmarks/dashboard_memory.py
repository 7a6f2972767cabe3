"""Server memory of a real dashboard: `streamlit run dashboard.py`, every page visited by
headless Chromium, the server's RSS read from /proc after each page.

Everything runs on 127.0.0.1 (the server this script starts is the only one). Budgets
(issue 12): <= 300 MB on the bundled sample; <= 600 MB on a build of >= 20,000 articles.

    python benchmarks/dashboard_memory.py                          # the sample
    python benchmarks/dashboard_memory.py --data /tmp/big/processed --budget 600
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.data_paths import REPO  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PAGES = [
    ("", "Storylens: corpus overview"),
    ("timeline", "Timeline"),
    ("network", "Actor network"),
    ("compare", "Compare sources"),
    ("article", "Article"),
    ("corpus", "Corpus"),
]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(port: int) -> bool:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        conn.request("GET", "/_stcore/health")
        return conn.getresponse().status == 200
    except OSError:
        return False
    finally:
        conn.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=REPO / "data" / "processed")
    ap.add_argument("--budget", type=float, default=300, help="MB of server RSS after every page")
    ap.add_argument("--timeout", type=float, default=180, help="seconds per page")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    port = _free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true"]
    server = subprocess.Popen(cmd, cwd=REPO, env={**os.environ, "STORYLENS_DATA": str(args.data)}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while not _healthy(port):
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("streamlit did not become healthy within 60 s")
            time.sleep(0.3)
        print(f"build: {args.data}\nserver pid {server.pid}, RSS after start: {rss_mb(server.pid):.0f} MB")
        print(f"{'page':<10} {'seconds':>8} {'RSS MB':>7}")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(args.timeout * 1000)
            for path, title in PAGES:
                t0 = time.perf_counter()
                page.goto(f"{url}/{path}")
                page.locator("h1").filter(has_text=title).first.wait_for()
                page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')")
                print(f"{path or 'overview':<10} {time.perf_counter() - t0:>8.2f} {rss_mb(server.pid):>7.0f}")
            browser.close()
        final = rss_mb(server.pid)
        print(f"server RSS after every page: {final:.0f} MB (budget {args.budget:.0f} MB: {'within' if final <= args.budget else 'OVER'})")
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()
