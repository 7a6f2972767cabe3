"""Two visitors on one hosted server, in two browser contexts (Playwright + Debian Chromium):
A uploads a corpus; B can neither list nor guess it, sees it read-only through the view link
and can correct it through the edit link; a correction made on the page survives a rebuild
and is undone; search finds "ballistic" in both seed articles and opens the sentence; the
CSV carries the url column. Everything runs on 127.0.0.1 (the app is the only server).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect  # noqa: E402  (test_browser skips when playwright is missing)
from test_browser import ARGS, CHROMIUM, REPO, TIMEOUT_MS, _open, _serve, _shot, playwright

BUILD_MS = 240_000  # a build of the two seed articles, on a machine shared with other jobs
T17_BUILD_MS = 600_000  # 40 Timeline17 articles: about 22 s of CPU, minutes of wall time on a loaded machine
expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="module")
def hosted_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hosted")


@pytest.fixture(scope="module")
def hosted(hosted_root: Path) -> Iterator[str]:
    import shutil

    root = hosted_root
    shutil.copytree(REPO / "data" / "processed", root / "sample")
    yield from _serve({"STORYLENS_DATA": str(root / "sample"), "STORYLENS_CORPORA": str(root / "corpora"), "STORYLENS_PUBLIC_URL": ""})


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


def _visitor(browser) -> Page:
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    p = ctx.new_page()
    p.set_default_timeout(TIMEOUT_MS)
    return p


_BUILT = r"Built (\d{4}-[0-9T:+-]+)"


def _built_at(page: Page) -> str:
    """The finish time of the build the page shows ('' when none is shown)."""
    texts = page.get_by_role("status").all_inner_texts()
    found = [m.group(1) for t in texts for m in [re.search(_BUILT, t)] if m]
    return found[0] if found else ""


def _wait_built(page: Page, before: str = "", timeout: int = BUILD_MS) -> None:
    """Until the page shows a build finished later than `before` (the status refreshes itself)."""
    page.wait_for_function(
        """([pattern, before]) => [...document.querySelectorAll('[role=status]')].some(e => {
            const m = e.innerText.match(new RegExp(pattern)); return m && m[1] !== before; })""",
        arg=[_BUILT, before],
        timeout=timeout,
    )


def test_two_visitors_share_a_corpus_by_its_links(hosted: str, browser) -> None:
    a, b = _visitor(browser), _visitor(browser)
    # --- A uploads the two seed articles into a new corpus
    _open(a, f"{hosted}/corpus", "Corpus")
    a.get_by_label("Name").fill("A's seeds")
    a.locator("[data-testid=stFileUploader] input[type=file]").set_input_files([str(p) for p in sorted((REPO / "data" / "raw").glob("*.txt"))])
    expect(a.get_by_role("button", name="Remove 000_920297efb238f4f6.txt")).to_be_visible()
    a.get_by_role("button", name="Create corpus and build").click()
    a.wait_for_url(re.compile(r"corpus=[0-9a-f]{32}"))
    _wait_built(a)
    expect(a.get_by_role("heading", name="Open: A's seeds")).to_be_visible()
    params = parse_qs(urlsplit(a.url).query)
    cid, token = params["corpus"][0], params["edit"][0]
    expect(a.get_by_role("combobox", name="Switch corpus")).to_have_value("A's seeds (private)")
    expect(a.locator("code", has_text=f"{hosted}/?corpus={cid}&edit={token}")).to_be_visible()
    _shot(a, "workspace_owner")

    # --- B sees only the sample in the picker, and a guessed id opens nothing
    _open(b, f"{hosted}/corpus", "Corpus")
    b.get_by_role("combobox", name="Switch corpus").click()
    expect(b.get_by_role("option").first).to_be_visible()
    assert [o.strip() for o in b.get_by_role("option").all_inner_texts()] == ["sample (sample)"]
    b.keyboard.press("Escape")
    _open(b, f"{hosted}/corpus?corpus={'0' * 32}", "Corpus")
    expect(b.get_by_text("No corpus has the id in this link")).to_be_visible()

    # --- B with the view link: the same view, nothing to change
    _open(b, f"{hosted}/network?corpus={cid}", "Actor network")
    expect(b.locator(".js-plotly-plot").first.locator("text", has_text="Vladimir Putin").first).to_be_attached()
    expect(b.get_by_text("open this corpus's edit link to correct it")).to_be_visible()
    expect(b.get_by_text("Correct actors")).to_have_count(0)
    _open(b, f"{hosted}/corpus?corpus={cid}", "Corpus")
    expect(b.get_by_text("view only")).to_be_visible()
    expect(b.get_by_role("button", name="Rebuild")).to_have_count(0)
    _shot(b, "workspace_viewer")

    # --- B with the edit link: renames an actor on the Network page and rebuilds
    _open(b, f"{hosted}/network?corpus={cid}&edit={token}", "Actor network")
    b.get_by_text("Correct actors").click()
    b.get_by_text("rename", exact=True).click()
    actor = b.get_by_role("combobox", name="Actor", exact=True)
    actor.click()
    actor.fill("Vladimir Putin")
    b.get_by_role("option", name="Vladimir Putin", exact=True).click()
    b.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=TIMEOUT_MS)
    new_name = b.get_by_label("New name").last
    expect(new_name).to_have_value("Vladimir Putin")
    new_name.fill("Vladimir V. Putin")
    new_name.press("Enter")
    b.get_by_role("button", name="Rename").click()
    expect(b.get_by_text("Saved: rename Vladimir Putin to Vladimir V. Putin")).to_be_visible()
    before = _built_at(b)
    b.get_by_role("button", name="Rebuild with corrections").first.click()
    _wait_built(b, before)
    _open(b, f"{hosted}/network?corpus={cid}&edit={token}", "Actor network")
    chart = b.locator(".js-plotly-plot").first
    expect(chart.locator("text", has_text="Vladimir V. Putin").first).to_be_attached()
    _shot(b, "workspace_corrected")

    # --- the correction is listed with who/when, and undone
    _open(b, f"{hosted}/corpus?corpus={cid}&edit={token}", "Corpus")
    expect(b.get_by_text("rename Vladimir Putin to Vladimir V. Putin")).to_be_visible()
    b.get_by_role("button", name="Undo").click()
    expect(b.get_by_text("No corrections yet.")).to_be_visible()
    before = _built_at(b)
    b.get_by_role("button", name="Rebuild", exact=True).click()
    _wait_built(b, before)
    _open(b, f"{hosted}/network?corpus={cid}", "Actor network")
    chart = b.locator(".js-plotly-plot").first
    expect(chart.locator("text", has_text="Vladimir Putin").first).to_be_attached()
    expect(chart.locator("text", has_text="Vladimir V. Putin")).to_have_count(0)
    a.context.close()
    b.context.close()


def test_search_finds_ballistic_and_opens_the_sentence(hosted: str, browser) -> None:
    p = _visitor(browser)
    _open(p, hosted, "Storylens: corpus overview")
    p.get_by_label("Search this corpus").fill("ballistic")
    p.get_by_test_id("stBaseButton-secondaryFormSubmit").click()
    expect(p.locator("h1").first).to_have_text("Search")
    p.wait_for_url("**q=ballistic**")
    for outlet in ("Newsweek", "RBC-Ukraine"):
        expect(p.locator("p", has_text=re.compile(f"^{outlet} ·")).first).to_be_visible()
    expect(p.locator("mark", has_text="ballistic").first).to_be_visible()
    _shot(p, "search")
    hit = p.locator(".search-hit").filter(has_text="Britain condemned").first
    n = re.search(r"sentence (\d+)", hit.inner_text()).group(1)
    hit.get_by_role("link", name=f"sentence {n}").click()
    expect(p.locator("h1").first).to_have_text("Article")
    expect(p.get_by_role("heading", name=f"Sentence {n}")).to_be_visible()
    expect(p.locator(f"#s{n}")).to_have_attribute("style", "outline:2px solid #d63384;border-radius:3px")
    url = p.locator("table.provenance a").first
    expect(url).to_have_attribute("rel", "noopener noreferrer")
    expect(url).to_have_attribute("target", "_blank")
    expect(url).to_have_attribute("href", re.compile(r"^https?://"))
    _shot(p, "search_opens_article")
    p.context.close()


def test_csv_download_has_the_url_column(hosted: str, browser) -> None:
    p = _visitor(browser)
    _open(p, f"{hosted}/timeline", "Timeline")
    with p.expect_download(timeout=TIMEOUT_MS) as dl:
        p.get_by_test_id("stDownloadButton").filter(has_text="Download CSV").last.click()
    rows = list(csv.DictReader(io.StringIO(Path(dl.value.path()).read_text(encoding="utf-8"))))
    assert rows and "url" in rows[0] and all(r["url"].startswith("http") for r in rows)
    assert "open" not in rows[0], "no relative links in a file when STORYLENS_PUBLIC_URL is unset"
    p.context.close()


def test_timeline17_topic_uploaded_and_its_key_moments_listed(hosted: str, hosted_root: Path, browser, shared_dir: Path, tmp_path: Path) -> None:
    """A Timeline17 development topic (40 MJ_bbc articles as one JSONL file) uploaded on the
    Corpus page and built there; the Timeline of the new corpus opens on its key moments:
    the build's top-ranked days listed in order, each with its summary and link, and drawn."""
    import pandas as pd

    from benchmarks.timeline17_data import dashboard_subset

    upload = dashboard_subset(tmp_path / "t17")
    p = _visitor(browser)
    _open(p, f"{hosted}/corpus", "Corpus")
    p.get_by_label("Name").fill("Timeline17 MJ_bbc")
    p.locator("[data-testid=stFileUploader] input[type=file]").set_input_files([str(upload)])
    expect(p.get_by_role("button", name=f"Remove {upload.name}")).to_be_visible()
    p.get_by_role("button", name="Create corpus and build").click()
    p.wait_for_url(re.compile(r"corpus=[0-9a-f]{32}"))
    _wait_built(p, timeout=T17_BUILD_MS)
    cid = parse_qs(urlsplit(p.url).query)["corpus"][0]
    kd = pd.read_parquet(hosted_root / "corpora" / cid / "processed" / "key_dates.parquet")
    top = kd[kd["story_id"].isna()].sort_values("rank").head(5)
    assert len(top) == 5, "the topic has key dates"

    _open(p, f"{hosted}/timeline?corpus={cid}", "Timeline")
    expect(p.get_by_role("heading", name="Key moments")).to_be_visible()
    chart = p.locator(".js-plotly-plot >> visible=true").first
    expect(chart).to_be_visible()
    for day, rank in zip(top["date"], top["rank"], strict=True):
        d = pd.Timestamp(day)
        expect(p.get_by_text(f"{rank}. {d.day} {d:%B %Y}", exact=True).first).to_be_visible()
        expect(chart.get_by_text(f"{d.day} {d:%b %Y}", exact=True).first).to_be_attached()
    expect(p.get_by_role("link", name="open in article").first).to_be_visible()
    _shot(p, "timeline17_key_moments")
    p.context.close()
