"""Server memory of a real dashboard: `streamlit run dashboard.py`, every page visited by
headless Chromium, the server's RSS read from /proc after each page.

Everything runs on 127.0.0.1 (the server this script starts is the only one). Budgets
(issue 12): <= 300 MB on the bundled sample; <= 600 MB on a build of >= 20,000 articles.

    python benchmarks/dashboard_memory.py                          # the sample
    python benchmarks/dashboard_memory.py --data /tmp/big/processed --budget 600
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.data_paths import REPO  # noqa: E402
from benchmarks.local_server import rss_mb, serve  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PAGES = [
    ("", "Storylens: corpus overview"),
    ("timeline", "Timeline"),
    ("network", "Actor network"),
    ("compare", "Compare sources"),
    ("article", "Article"),
    ("search?q=said", "Search"),
    ("corpus", "Corpus"),
    ("methods", "Methods"),
]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=REPO / "data" / "processed")
    ap.add_argument("--budget", type=float, default=300, help="MB of server RSS after every page")
    ap.add_argument("--timeout", type=float, default=180, help="seconds per page (a page still drawing then is reported, and the next one opened)")
    args = ap.parse_args()
    from playwright.sync_api import TimeoutError as PageTimeout
    from playwright.sync_api import sync_playwright

    with serve({"STORYLENS_DATA": str(args.data)}) as (url, server):
        print(f"build: {args.data}\nserver pid {server.pid}, RSS after start: {rss_mb(server.pid):.0f} MB")
        print(f"{'page':<10} {'seconds':>8} {'RSS MB':>7}")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(args.timeout * 1000)
            for path, title in PAGES:
                t0 = time.perf_counter()
                try:
                    page.goto(f"{url}/{path}")
                    page.locator("h1").filter(has_text=title).first.wait_for()
                    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')")
                    took = f"{time.perf_counter() - t0:>8.2f}"
                except PageTimeout:
                    took = f"{'>' + format(args.timeout, '.0f'):>8}"
                print(f"{path.split('?')[0] or 'overview':<10} {took} {rss_mb(server.pid):>7.0f}", flush=True)
            browser.close()
        final = rss_mb(server.pid)
        print(f"server RSS after every page: {final:.0f} MB (budget {args.budget:.0f} MB: {'within' if final <= args.budget else 'OVER'})")


if __name__ == "__main__":
    main()
