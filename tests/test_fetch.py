"""Fetching URL rows against a real HTTP server on 127.0.0.1 that the test starts (nothing else is reached)."""

from __future__ import annotations

import contextlib
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from storylens.ingest.fetch import CACHE_DIR, USER_AGENT, FetchCache, FetchSettings, canonical_url, looks_like_wall, resolve_url_rows
from storylens.ingest.readers import read_inputs

BODY = (
    "<p>Ukraine and Russia exchanged hundreds of prisoners of war on Saturday in the largest swap since the "
    "start of the full-scale invasion, officials in Kyiv said.</p>"
    "<p>The exchange, mediated by the United Arab Emirates, returned 230 Ukrainians home, according to the "
    "Coordination Headquarters for the Treatment of Prisoners of War, which said talks had lasted for weeks.</p>"
    "<p>Russia's defence ministry said 248 of its servicemen had been returned and would be flown to Moscow "
    "for medical treatment and rehabilitation after the handover at the border.</p>"
    "<p>Families of the missing gathered outside the headquarters in Kyiv, holding photographs and asking "
    "officials when the next exchange would take place, as the war nears its third year.</p>"
)


def page(title: str, body: str = BODY, extra_head: str = "") -> bytes:
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{title}</title><meta property='og:title' content='{title}'>"
        "<meta property='og:site_name' content='Loopback Gazette'><meta name='author' content='Olena Kovalenko'>"
        f"<meta property='article:published_time' content='2024-01-06T17:01:00Z'>{extra_head}</head>"
        f"<body><header><nav>Home | World | Sport</nav></header><article><h1>{title}</h1>{body}</article>"
        "<footer>Contact us | Terms</footer></body></html>"
    ).encode()


CONSENT = (
    b"<html><head><title>Before you continue</title></head><body><div id='consent'><h1>Before you continue</h1>"
    b"<p>We and our partners use cookies and data to deliver and maintain our services. If you accept all cookies, "
    b"we will also use cookies to develop new services. Manage your privacy settings at any time.</p>"
    b"<p><button>Accept all cookies</button> <button>Reject all</button></p></div></body></html>"
)


class Site(BaseHTTPRequestHandler):
    hits: Counter[str] = Counter()
    agents: list[str] = []
    lock = threading.Lock()

    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass

    def _send(self, status: int, body: bytes = b"", ctype: str = "text/html; charset=utf-8", headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        path = self.path.split("?")[0]
        with self.lock:
            self.hits[path] += 1
            self.agents.append(self.headers.get("User-Agent", ""))
            n = self.hits[path]
        if path == "/robots.txt":
            self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        elif path in ("/article", "/private/page"):
            self._send(200, page("Hundreds of prisoners swapped in largest exchange"))
        elif path == "/r1":
            self._send(301, headers={"Location": "/r2"})
        elif path == "/r2":
            self._send(302, headers={"Location": "/moved"})
        elif path == "/moved":
            self._send(200, page("Families wait for news after the exchange", BODY.replace("Saturday", "Sunday")))
        elif path == "/flaky":
            if n == 1:
                self._send(500, b"oops")
            else:
                self._send(200, page("Exchange brings soldiers home", BODY.replace("230", "231")))
        elif path == "/slow":
            time.sleep(1.5)
            self._send(200, page("Too slow"))
        elif path == "/consent":
            self._send(200, CONSENT)
        elif path == "/doc.pdf":
            self._send(200, b"%PDF-1.7\n" + b"0" * 2000, "application/pdf")
        elif path == "/big":
            self._send(200, page("Huge", BODY * 400))
        elif path == "/always500":
            self._send(503, b"down")
        else:
            self._send(404, b"<h1>Not found</h1>")


@pytest.fixture()
def site() -> Iterator[str]:
    Site.hits = Counter()
    Site.agents = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


FAST = FetchSettings(timeout=0.7, retries=2, backoff=0.05, max_bytes=100_000, per_host_interval=0.0, workers=4)


def _url_list(folder: Path, urls: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "urls.txt").write_text("# the story's coverage\n" + "\n".join(urls) + "\n")
    return folder


def test_every_url_ends_in_a_record_or_a_reject_with_its_reason(site: str, tmp_path: Path) -> None:
    paths = [
        "/article",
        "/r1",
        "/missing",
        "/flaky",
        "/slow",
        "/consent",
        "/doc.pdf",
        "/big",
        "/private/page",
        "/always500",
        "/article?utm_source=newsletter#top",
    ]
    raw = _url_list(tmp_path / "raw", [site + p for p in paths])
    raws, read_rejects = read_inputs([raw], 5_000_000)
    assert not read_rejects and len(raws) == len(paths)
    seen: list[tuple[int, str]] = []

    class Bar:
        def __init__(self, total: int, desc: str) -> None:
            seen.append((total, desc))

        def update(self, n: int) -> None:
            pass

        def set_postfix_str(self, text: str) -> None:
            seen.append((0, text))

        def close(self) -> None:
            pass

    records, rejects, counts = resolve_url_rows(raws, fetch=True, settings=FAST, progress=Bar)
    reasons = {r.source_file.split("#")[1]: r.reason for r in rejects}
    by_line = {str(i + 2): p for i, p in enumerate(paths)}
    got = {by_line[k]: v for k, v in reasons.items()}
    assert got == {
        "/missing": "http_404",
        "/slow": "timeout",
        "/doc.pdf": "not_html",
        "/big": "too_large",
        "/private/page": "robots_disallowed",
        "/always500": "http_5xx",
        "/article?utm_source=newsletter#top": "duplicate_url",
    }
    fetched = {r.meta["url"].replace(site, ""): r for r in records}
    assert set(fetched) == {"/article", "/moved", "/flaky", "/consent"}  # the consent wall is rejected when prepared (below)
    assert Site.hits["/flaky"] == 2 and Site.hits["/always500"] == FAST.retries + 1
    assert Site.hits["/private/page"] == 0 and Site.hits["/robots.txt"] == 1
    assert all(a == USER_AGENT and "Storylens" in a and "repository" in a for a in Site.agents)
    assert counts["fetched"] == 4 and counts["duplicate_url"] == 1 and sum(counts.values()) == len(paths)
    assert seen[0] == (len(paths) - 1, "fetching") and any("http_404 1" in text for _, text in seen)

    cache = FetchCache(raw / CACHE_DIR)
    result, body = cache.get(site + "/r1")  # type: ignore[misc]
    assert result.status == 200 and result.final_url == site + "/moved" and len(result.redirects) == 2
    assert body is not None and b"Families wait" in body and result.headers["content-type"].startswith("text/html")
    assert cache.get(site + "/missing")[0].outcome == "http_404"  # type: ignore[index]


def test_consent_wall_is_rejected_and_article_metadata_is_read(site: str, tmp_path: Path) -> None:
    from storylens.corrections import Corrections
    from storylens.ingest.prepare import prepare
    from storylens.settings import Settings

    raws, _ = read_inputs([_url_list(tmp_path / "raw", [site + "/article", site + "/consent"])], 5_000_000)
    records, _, _ = resolve_url_rows(raws, fetch=True, settings=FAST)
    article, wall = (prepare(r, {}, Corrections(), Settings()) for r in records)
    assert getattr(wall, "reason", None) == "paywall_or_consent"
    row = article.row  # type: ignore[union-attr]
    assert row["title"] == "Hundreds of prisoners swapped in largest exchange"
    assert row["outlet"] == "Loopback Gazette" and row["authors"] == ["Olena Kovalenko"]
    assert str(row["published"]) == "2024-01-06" and row["url"] == site + "/article"
    assert "largest swap since the start" in row["text"] and "Contact us" not in row["text"]


def test_without_fetch_a_url_not_cached_is_a_reject_and_cached_ones_need_no_request(site: str, tmp_path: Path) -> None:
    raw = _url_list(tmp_path / "raw", [site + "/article"])
    raws, _ = read_inputs([raw], 5_000_000)
    _, rejects, _ = resolve_url_rows(raws, fetch=False, settings=FAST)
    assert [r.reason for r in rejects] == ["not_fetched"] and "--fetch" in rejects[0].detail
    assert sum(Site.hits.values()) == 0
    resolve_url_rows(raws, fetch=True, settings=FAST)
    before = sum(Site.hits.values())
    records, rejects, counts = resolve_url_rows(raws, fetch=True, settings=FAST)
    assert not rejects and len(records) == 1 and counts == Counter(cached=1)
    assert sum(Site.hits.values()) == before  # nothing refetched
    resolve_url_rows(raws, refresh=True, settings=FAST)
    assert Site.hits["/article"] == 2


def test_a_second_build_of_a_fetched_corpus_makes_no_request(site: str, tmp_path: Path) -> None:
    from storylens.pipeline import build

    raw = _url_list(tmp_path / "raw", [site + "/article", site + "/r1", site + "/missing"])
    first = build([raw], tmp_path / "out", fetch=True)
    assert len(first["articles"]) == 2 and first["rejects"]["reason"].tolist() == ["http_404"]
    assert set(first["articles"]["input_format"]) == {"url_list+fetched"}
    requests = sum(Site.hits.values())
    second = build([raw], tmp_path / "out")
    assert sum(Site.hits.values()) == requests
    assert sorted(second["articles"]["article_id"]) == sorted(first["articles"]["article_id"])


def test_canonical_urls_and_walls() -> None:
    assert canonical_url("https://WWW.Example.com/a/b?utm_source=x&id=3#frag") == canonical_url("https://www.example.com/a/b?id=3")
    assert canonical_url("https://example.com/a?b=2&a=1") == canonical_url("https://example.com/a?a=1&b=2")
    assert canonical_url("https://example.com/a?id=1") != canonical_url("https://example.com/a?id=2")
    assert looks_like_wall("Subscribe to continue reading. Already a subscriber? Sign in.")
    assert not looks_like_wall(" ".join(["The minister said the talks would resume on Monday."] * 40))


def test_fetch_command_copies_the_list_and_fills_the_cache(site: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from storylens.cli import main

    lists = _url_list(tmp_path / "lists", [site + "/article", site + "/missing"])
    rc = main(["fetch", str(lists / "urls.txt"), "--out", str(tmp_path / "raw"), "--interval", "0", "--timeout", "2"])
    out = capsys.readouterr().out
    assert rc == 0 and "fetched 1" in out and "http_404 1" in out
    assert (tmp_path / "raw" / "urls.txt").is_file()
    raws, _ = read_inputs([tmp_path / "raw"], 5_000_000)
    records, rejects, counts = resolve_url_rows(raws)  # no fetching allowed: all from the cache
    assert counts == Counter(cached=2) and len(records) == 1 and [r.reason for r in rejects] == ["http_404"]


def test_pasted_urls_box() -> None:
    from app.corpora import pasted_urls

    urls, other = pasted_urls("https://a.example/x\n\n# note\nhttps://a.example/x\nnot a url\nhttp://b.example/y?z=1\n")
    assert urls == ["https://a.example/x", "http://b.example/y?z=1"] and other == ["not a url"]


def test_ctrl_c_keeps_what_was_fetched(site: str, tmp_path: Path) -> None:
    raw = _url_list(tmp_path / "raw", [site + "/article", site + "/moved", site + "/flaky", site + "/consent"])
    raws, _ = read_inputs([raw], 5_000_000)

    class InterruptedBar:
        def __init__(self, total: int, desc: str) -> None:
            pass

        def update(self, n: int) -> None:
            raise KeyboardInterrupt

        def close(self) -> None:
            pass

    one_at_a_time = FetchSettings(timeout=2, retries=0, per_host_interval=0.0, workers=1)
    with pytest.raises(KeyboardInterrupt):
        resolve_url_rows(raws, fetch=True, settings=one_at_a_time, progress=InterruptedBar)
    cache = FetchCache(raw / CACHE_DIR)
    kept = [u for u in ("/article", "/moved", "/flaky", "/consent") if cache.get(site + u)]
    assert kept and kept[0] == "/article" and len(kept) < 4
    _, _, counts = resolve_url_rows(raws, fetch=True, settings=one_at_a_time)  # the next run fetches only the rest
    assert counts["cached"] == len(kept)
