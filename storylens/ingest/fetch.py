"""URL rows -> fetched pages -> HTML records (or rejects), through an on-disk cache under the corpus.

Why a cache: a build must be reproducible offline and a rebuild must never hit the
network again. Every fetch outcome (page or failure) is written to
`<input folder>/.storylens-fetch/<key>.json` (url, final url, status, time, the headers that
matter, outcome) with the body in `<key>.body`; a build reads pages from there, and only
`--fetch` (URLs not cached yet, or cached transient failures) or `--refresh` (everything)
goes to the network.

The client is polite by construction: httpx with connect/read timeouts, redirects followed
(bounded), retries with exponential backoff on 5xx/429/timeouts, a per-host minimum interval
and concurrency cap, robots.txt respected (urllib.robotparser), a User-Agent naming Storylens
and its repository, and a per-page size cap enforced while streaming. URLs are normalised
with courlan (tracking parameters, case, fragments) so the same article listed twice is
one `duplicate_url` reject.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import threading
import time
import urllib.robotparser
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
from courlan import normalize_url

from storylens.ingest.readers import FETCH_CACHE_DIR, RawArticle, Reject

__all__ = ["CACHE_DIR", "FetchSettings", "FetchResult", "FetchCache", "Fetcher", "canonical_url", "resolve_url_rows", "looks_like_wall", "USER_AGENT"]

CACHE_DIR = FETCH_CACHE_DIR
REPOSITORY = os.environ.get("STORYLENS_REPOSITORY", "").strip()
"""The address of this copy's source repository (STORYLENS_REPOSITORY), named in the User-Agent so
that a site owner can see who fetches and why; no address is built in, none being public yet."""
USER_AGENT = f"Storylens/0.1 (news-comparison research tool; {'+' + REPOSITORY if REPOSITORY else 'the Storylens repository'})"
TRANSIENT = {"timeout", "http_5xx", "fetch_failed"}
"""Outcomes `--fetch` retries even when cached; the others stay until `--refresh`."""
_KEPT_HEADERS = ("content-type", "content-length", "last-modified", "etag", "date", "content-language", "location")


@dataclass(frozen=True)
class FetchSettings:
    timeout: float = 20.0
    """Seconds for connecting and for each read."""
    retries: int = 3
    """Further attempts after a 5xx, 429, timeout or connection error."""
    backoff: float = 1.0
    """First wait between attempts, doubled each time."""
    max_redirects: int = 10
    max_bytes: int = 5_000_000
    """A page larger than this is not read further (reject `too_large`)."""
    per_host_interval: float = 1.0
    """Seconds between two requests to the same host."""
    per_host_concurrency: int = 2
    workers: int = 8
    """Requests in flight in all."""
    user_agent: str = USER_AGENT
    respect_robots: bool = True


@dataclass
class FetchResult:
    """One URL's outcome, as cached: `outcome` is 'ok' or a reject reason."""

    url: str
    outcome: str
    detail: str = ""
    final_url: str | None = None
    status: int | None = None
    fetched_at: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    redirects: list[str] = field(default_factory=list)


def canonical_url(url: str) -> str:
    """The URL as courlan normalises it (host case, default ports, tracking parameters, sorted query), without fragment."""
    try:
        norm = normalize_url(url.strip())
    except (ValueError, TypeError):
        norm = url.strip()
    parts = urlsplit(norm)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))


class FetchCache:
    """`<folder>/<key>.json` + `<key>.body` per URL; written atomically, read without the network."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    @staticmethod
    def key(url: str) -> str:
        return hashlib.sha1(canonical_url(url).encode()).hexdigest()[:24]

    def get(self, url: str) -> tuple[FetchResult, bytes | None] | None:
        meta = self.folder / f"{self.key(url)}.json"
        if not meta.is_file():
            return None
        try:
            result = FetchResult(**json.loads(meta.read_text(encoding="utf-8")))
        except (ValueError, TypeError):
            return None
        body_path = self.folder / f"{self.key(url)}.body"
        return result, body_path.read_bytes() if body_path.is_file() else None

    def put(self, result: FetchResult, body: bytes | None) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        key = self.key(result.url)
        for suffix, data in ((".body", body), (".json", json.dumps(asdict(result), indent=1).encode())):
            if data is None:
                continue
            tmp = self.folder / f".{key}{suffix}.{os.getpid()}.{threading.get_ident()}.tmp"
            tmp.write_bytes(data)
            os.replace(tmp, self.folder / f"{key}{suffix}")


class _HostGate:
    """Per-host concurrency cap and minimum interval between request starts."""

    def __init__(self, concurrency: int, interval: float) -> None:
        self.concurrency, self.interval = max(1, concurrency), max(0.0, interval)
        self.lock = threading.Lock()
        self.slots: dict[str, threading.Semaphore] = {}
        self.next_start: dict[str, float] = {}

    def __call__(self, host: str) -> threading.Semaphore:
        with self.lock:
            return self.slots.setdefault(host, threading.Semaphore(self.concurrency))

    def wait_turn(self, host: str) -> None:
        with self.lock:
            now = time.monotonic()
            start = max(now, self.next_start.get(host, now))
            self.next_start[host] = start + self.interval
        if start > now:
            time.sleep(start - now)


class Fetcher:
    """Fetches pages politely; `requests` counts every HTTP request made (robots.txt included)."""

    def __init__(self, settings: FetchSettings | None = None, transport: httpx.BaseTransport | None = None) -> None:
        self.settings = settings or FetchSettings()
        s = self.settings
        self.client = httpx.Client(
            timeout=httpx.Timeout(s.timeout),
            follow_redirects=True,
            max_redirects=s.max_redirects,
            headers={"User-Agent": s.user_agent, "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"},
            transport=transport,
        )
        self.gate = _HostGate(s.per_host_concurrency, s.per_host_interval)
        self.robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self.robots_lock = threading.Lock()
        self.requests = 0
        self._count_lock = threading.Lock()

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _count(self) -> None:
        with self._count_lock:
            self.requests += 1

    def _robots_allows(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self.robots_lock:
            if origin not in self.robots:
                parser: urllib.robotparser.RobotFileParser | None = urllib.robotparser.RobotFileParser()
                try:
                    self._count()
                    resp = self.client.get(origin + "/robots.txt")
                    if resp.status_code >= 500:
                        parser.disallow_all = True  # type: ignore[union-attr]  # RFC 9309: unreachable means disallowed
                    elif resp.status_code >= 400:
                        parser.allow_all = True  # type: ignore[union-attr]
                    else:
                        parser.parse(resp.text[:500_000].splitlines())  # type: ignore[union-attr]
                except httpx.HTTPError:
                    parser = None  # no answer at all: the page fetch will say what is wrong
                self.robots[origin] = parser
            parser = self.robots[origin]
        return parser is None or parser.can_fetch(self.settings.user_agent, url)

    def fetch(self, url: str) -> tuple[FetchResult, bytes | None]:
        """One URL -> its result and body (the body only for outcome 'ok'); never raises for network trouble."""
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        if urlsplit(url).scheme not in ("http", "https"):
            return FetchResult(url, "bad_url", f"{url}: not an http(s) URL", fetched_at=now), None
        if self.settings.respect_robots and not self._robots_allows(url):
            return FetchResult(url, "robots_disallowed", f"{url}: the site's robots.txt does not allow Storylens to fetch this page", fetched_at=now), None
        host = urlsplit(url).netloc.lower()
        wait_s = self.settings.backoff
        last: tuple[FetchResult, bytes | None] | None = None
        for attempt in range(self.settings.retries + 1):
            if attempt:
                time.sleep(wait_s)
                wait_s *= 2
            with self.gate(host):
                self.gate.wait_turn(host)
                last = self._attempt(url)
            if last[0].outcome not in TRANSIENT and last[0].status != 429:
                return last
        assert last is not None
        last[0].detail += f" (after {self.settings.retries + 1} attempts)"
        return last

    def _attempt(self, url: str) -> tuple[FetchResult, bytes | None]:
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        cap = self.settings.max_bytes
        try:
            self._count()
            with self.client.stream("GET", url) as resp:
                headers = {k: v for k, v in resp.headers.items() if k.lower() in _KEPT_HEADERS}
                result = FetchResult(url, "ok", "", str(resp.url), resp.status_code, now, headers, [str(r.url) for r in resp.history])
                status = resp.status_code
                if status in (404, 410):
                    result.outcome, result.detail = "http_404", f"{url}: the server answers {status} (no such page)"
                elif status >= 500:
                    result.outcome, result.detail = "http_5xx", f"{url}: the server answers {status}"
                elif status == 429:
                    result.outcome, result.detail = "http_4xx", f"{url}: the server answers 429 (too many requests)"
                elif status >= 400:
                    result.outcome, result.detail = "http_4xx", f"{url}: the server answers {status}"
                if result.outcome != "ok":
                    return result, None
                ctype = resp.headers.get("content-type", "").split(";")[0].strip().lower()
                if ctype and ctype not in ("text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml"):
                    result.outcome, result.detail = "not_html", f"{url}: the page is {ctype}, not HTML"
                    return result, None
                declared = resp.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > cap:
                    result.outcome, result.detail = "too_large", f"{url}: {int(declared):,} bytes is over the {cap:,}-byte page limit"
                    return result, None
                body = bytearray()
                for chunk in resp.iter_bytes():
                    body += chunk
                    if len(body) > cap:
                        result.outcome, result.detail = "too_large", f"{url}: over the {cap:,}-byte page limit"
                        return result, None
                if body[:5] == b"%PDF-":
                    result.outcome, result.detail = "not_html", f"{url}: the page is a PDF, not HTML"
                    return result, None
                return result, bytes(body)
        except httpx.TimeoutException:
            return FetchResult(url, "timeout", f"{url}: no answer within {self.settings.timeout:g} s", fetched_at=now), None
        except httpx.TooManyRedirects:
            return FetchResult(url, "fetch_failed", f"{url}: more than {self.settings.max_redirects} redirects", fetched_at=now), None
        except httpx.HTTPError as exc:
            return FetchResult(url, "fetch_failed", f"{url}: {type(exc).__name__}: {exc}", fetched_at=now), None


# --- consent and subscription walls -------------------------------------------------------------

_WALL = re.compile(
    r"\b(?:we (?:and our partners )?(?:use|value your) (?:cookies|privacy)|accept (?:all )?cookies|cookie (?:settings|preferences|policy)|"
    r"manage (?:your )?(?:privacy|consent)|consent to (?:the use of|our use of)|before you continue|"
    r"subscribe (?:now )?to (?:continue|read)|to continue reading|already a subscriber|sign in to (?:continue|read)|"
    r"this (?:article|content) is (?:for|available to) (?:subscribers|members)|create a free account to|paywall)\b",
    re.I,
)


def looks_like_wall(text: str | None) -> bool:
    """An extracted body that is a cookie-consent or subscription wall rather than an article:
    short, and a good part of its sentences are wall phrases."""
    if not text:
        return False
    words = len(text.split())
    hits = len(_WALL.findall(text))
    return hits >= 1 and (words < 120 or hits * 60 >= words)


# --- URL rows of a build ------------------------------------------------------------------------

ProgressFactory = Callable[[int, str], Any]


def _to_record(raw: RawArticle, result: FetchResult, body: bytes | None) -> RawArticle | Reject:
    if result.outcome != "ok" or body is None:
        return Reject(raw.source_file, result.outcome, f"{raw.source_file}: {result.detail}", raw.content_hash)
    from storylens.ingest.readers import decode

    html, _ = decode(body)
    if html is None:
        return Reject(raw.source_file, "undecodable", f"{raw.source_file}: {result.url}: the page's bytes decode in no encoding", raw.content_hash)
    meta = dict(raw.meta)
    meta["url"] = result.final_url or result.url
    meta["_fetched"] = True
    out = RawArticle(raw.source_file, f"{raw.input_format}+fetched", hashlib.sha1(body).hexdigest(), html=html, meta=meta, root=raw.root, relpath=raw.relpath)
    return out


def resolve_url_rows(
    raws: Sequence[RawArticle],
    fetch: bool = False,
    refresh: bool = False,
    settings: FetchSettings | None = None,
    progress: ProgressFactory | None = None,
    fetcher: Fetcher | None = None,
    cache_dir: str | Path | None = None,
    max_new: int | None = None,
) -> tuple[list[RawArticle], list[Reject], Counter[str]]:
    """Replace every URL row by its page (from the cache, or fetched when allowed) or a reject.

    Rows with text pass through; at most `max_new` URLs are fetched (the rest: reject `fetch_limit`). Returns (records, rejects, outcome counts). A KeyboardInterrupt
    while fetching keeps what was fetched (it is in the cache) and is raised again."""
    out: list[RawArticle] = []
    rejects: list[Reject] = []
    seen: dict[str, str] = {}
    for raw in raws:
        if raw.fetch_url is None and isinstance(raw.meta.get("url"), str):
            seen.setdefault(canonical_url(raw.meta["url"]), raw.source_file)
    todo: list[tuple[RawArticle, FetchCache]] = []
    counts: Counter[str] = Counter()
    for raw in raws:
        if raw.fetch_url is None:
            out.append(raw)
            continue
        canon = canonical_url(raw.fetch_url)
        if canon in seen:
            counts["duplicate_url"] += 1
            rejects.append(
                Reject(raw.source_file, "duplicate_url", f"{raw.source_file}: {raw.fetch_url} is the same article as {seen[canon]}", raw.content_hash)
            )
            continue
        seen[canon] = raw.source_file
        todo.append((raw, FetchCache(cache_dir or Path(raw.root) / CACHE_DIR)))

    pending: list[tuple[RawArticle, FetchCache]] = []
    hits: dict[str, tuple[FetchResult, bytes | None]] = {}
    for raw, cache in todo:
        hit = None if refresh else cache.get(raw.fetch_url or "")
        if hit is not None and not (fetch and hit[0].outcome in TRANSIENT):
            counts["cached"] += 1
            hits[raw.source_file] = hit
        elif fetch or refresh:
            pending.append((raw, cache))
        else:
            counts["not_fetched"] += 1
            rejects.append(
                Reject(
                    raw.source_file,
                    "not_fetched",
                    f"{raw.source_file}: {raw.fetch_url} is not in the fetch cache; build with --fetch (or run `python -m storylens fetch`)",
                    raw.content_hash,
                )
            )
    if max_new is not None and len(pending) > max_new:
        for raw, _ in pending[max_new:]:
            counts["fetch_limit"] += 1
            rejects.append(
                Reject(
                    raw.source_file,
                    "fetch_limit",
                    f"{raw.source_file}: {raw.fetch_url} not fetched: a build here fetches at most {max_new} URLs",
                    raw.content_hash,
                )
            )
        pending = pending[:max_new]
    fetched = _fetch_all(pending, settings, progress, fetcher, counts) if pending else {}
    # In input order, whatever order the pages arrived in: the build stays deterministic.
    for raw, _ in todo:
        got = hits.get(raw.source_file) or fetched.get(raw.source_file)
        if got is not None:
            outcome = _collect(raw, *got, out, rejects, seen)
            if raw.source_file in fetched:
                counts[outcome] += 1
    order = {r.source_file: i for i, r in enumerate(raws)}
    out.sort(key=lambda r: order.get(r.source_file, -1))
    rejects.sort(key=lambda r: order.get(r.source_file, -1))
    return out, rejects, counts


def _collect(raw: RawArticle, result: FetchResult, body: bytes | None, out: list[RawArticle], rejects: list[Reject], seen: dict[str, str]) -> str:
    """Add one URL's record or reject; two URLs that land on the same final page are one article."""
    rec = _to_record(raw, result, body)
    if isinstance(rec, Reject):
        rejects.append(rec)
        return rec.reason
    final = canonical_url(result.final_url or result.url)
    if final != canonical_url(result.url) and final in seen and seen[final] != raw.source_file:
        rejects.append(
            Reject(
                raw.source_file,
                "duplicate_url",
                f"{raw.source_file}: {result.url} redirects to {result.final_url}, the same article as {seen[final]}",
                raw.content_hash,
            )
        )
        return "duplicate_url"
    seen.setdefault(final, raw.source_file)
    out.append(rec)
    return "fetched"


def _fetch_all(
    pending: list[tuple[RawArticle, FetchCache]],
    settings: FetchSettings | None,
    progress: ProgressFactory | None,
    fetcher: Fetcher | None,
    counts: Counter[str],
) -> dict[str, tuple[FetchResult, bytes | None]]:
    """Fetch the pending URLs concurrently, caching each as it arrives; {source_file: (result, body)}."""
    own = fetcher is None
    fetcher = fetcher or Fetcher(settings)
    bar = progress(len(pending), "fetching") if progress else None
    pool = ThreadPoolExecutor(max_workers=max(1, fetcher.settings.workers), thread_name_prefix="storylens-fetch")
    futures: dict[Future, tuple[RawArticle, FetchCache]] = {}
    results: dict[str, tuple[FetchResult, bytes | None]] = {}
    progress_counts: Counter[str] = Counter()
    try:
        for raw, cache in pending:
            futures[pool.submit(fetcher.fetch, raw.fetch_url or "")] = (raw, cache)
        remaining = set(futures)
        while remaining:
            done, remaining = wait(remaining, timeout=0.5, return_when=FIRST_COMPLETED)
            for fut in done:
                raw, cache = futures[fut]
                result, body = fut.result()
                cache.put(result, body)  # kept at once: an interrupted run keeps what it fetched
                results[raw.source_file] = (result, body)
                progress_counts["fetched" if result.outcome == "ok" else result.outcome] += 1
                if bar is not None:
                    bar.update(1)
                    if hasattr(bar, "set_postfix_str"):
                        bar.set_postfix_str(", ".join(f"{k} {v}" for k, v in sorted((counts + progress_counts).items())))
        return results
    except KeyboardInterrupt:
        for fut in futures:
            fut.cancel()
        raise
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
        if bar is not None:
            bar.close()
        if own:
            fetcher.close()
