"""The dashboard in a real browser: `streamlit run dashboard.py` + Debian Chromium driven by
Playwright. Checks what a person sees on every page, that a copied URL reopens the same
filtered view, and that a `<script>` inside an article does not run. Screenshots go to
test-output/screenshots/.

Skipped, with the reason, when /usr/bin/chromium or the playwright package is missing
(.ci/run installs Debian's Chromium; Playwright's own browser builds are never used).
Everything runs on the loopback interface: the app under test is the only server.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} not found: install Debian's chromium (see .ci/run) to run the browser tests", allow_module_level=True)
playwright = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed (requirements-dev.txt)")
from playwright.sync_api import Page, expect  # noqa: E402

from benchmarks import local_server  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SHOTS = REPO / "test-output" / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# 30 s at least; STORYLENS_BROWSER_TIMEOUT_MS raises it on a machine shared with heavy jobs.
TIMEOUT_MS = max(30_000, int(os.environ.get("STORYLENS_BROWSER_TIMEOUT_MS", "30000")))
expect.set_options(timeout=TIMEOUT_MS)  # assertions wait as long as actions (a loaded CI machine)


def _serve(env_extra: dict[str, str]) -> Iterator[str]:
    """A dashboard server on 127.0.0.1 (benchmarks/local_server.py) for the tests of a module."""
    try:
        with local_server.serve(env_extra) as (url, _proc):
            yield url
    except local_server.ServerDidNotStart as e:
        pytest.fail(str(e))


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the sample: a rebuild of data/processed while the tests run
    (another terminal, `make sample`) cannot change what they see."""
    import shutil

    out = tmp_path_factory.mktemp("sample") / "processed"
    shutil.copytree(REPO / "data" / "processed", out)
    return out


@pytest.fixture(scope="module")
def server(sample: Path) -> Iterator[str]:
    yield from _serve({"STORYLENS_DATA": str(sample)})


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser) -> Iterator[Page]:
    p = browser.new_page(viewport={"width": 1400, "height": 1000})
    p.set_default_timeout(TIMEOUT_MS)
    yield p
    p.close()


def _open(page: Page, url: str, title: str) -> None:
    page.goto(url)
    expect(page.locator("h1").first).to_have_text(title)
    # Wait for the script run to finish (the status widget shows while it runs).
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=TIMEOUT_MS)


# Settled: no script run in progress (Streamlit's status widget is gone), no placeholder of a
# lazily loaded element left (stSkeleton: a chart whose code is still loading), and every visible
# chart has drawn its traces (or, when empty, its title), so a screenshot never catches a half-drawn page.
_SETTLED = """() => {
    const shown = sel => [...document.querySelectorAll(sel)].filter(e => e.offsetParent !== null);
    return !document.querySelector('[data-testid="stStatusWidget"]')
        && shown('[data-testid="stSkeleton"], [data-testid="stAppSkeleton"]').length === 0
        && shown('[data-testid="stPlotlyChart"]').every(c => c.querySelector('.main-svg .trace, .main-svg .gtitle'));
}"""


def _shot(page: Page, name: str) -> None:
    page.wait_for_function(_SETTLED, timeout=TIMEOUT_MS)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))  # the viewport: what a person sees first, and README-sized


def test_overview(server: str, page: Page) -> None:
    _open(page, server, "Storylens: corpus overview")
    expect(page.get_by_test_id("stMetric").filter(has_text="Articles").first).to_contain_text("2")
    expect(page.get_by_text("Three places to start")).to_be_visible()
    expect(page.get_by_role("link", name="Read the key moments")).to_have_attribute("href", "./timeline")
    _shot(page, "overview")


def test_methods_page(server: str, page: Page) -> None:
    _open(page, f"{server}/methods", "Methods")
    expect(page.get_by_text("Measured accuracy")).to_be_visible()
    _shot(page, "methods")


def _story_event(sample: Path, day: str, outlet: str | None = None) -> tuple[str, str]:
    """(story_event_id, label) of an event on `day` in the sample, as the timeline builds them."""
    from app import timeline_data
    from storylens import store

    rows = timeline_data.timeline_rows(store.load(sample))
    hit = rows[(rows["date_start"].astype(str) == day) & ((rows["outlet"] == outlet) if outlet else True)]
    assert not hit.empty, f"no event on {day} in the sample"
    return hit["story_event_id"].iloc[0], hit["label"].iloc[0]


def test_timeline_shows_the_story_dates(server: str, page: Page) -> None:
    _open(page, f"{server}/timeline", "Timeline")
    expect(page.locator(".js-plotly-plot >> visible=true").first).to_be_visible(timeout=TIMEOUT_MS)
    box = page.get_by_role("combobox", name="Event (or click a point)")
    for day in ("2023-12-30", "2024-01-10"):
        box.click()
        box.fill(day)  # the selectbox filters its options by what is typed
        expect(page.get_by_role("option").filter(has_text=day).first).to_be_visible()
        page.keyboard.press("Escape")
    _shot(page, "timeline")


def test_timeline_key_moments(server: str, page: Page) -> None:
    """The five story days as five labelled points and a ranked list (screenshot: docs/screenshots/timeline_key_moments.png)."""
    _open(page, f"{server}/timeline", "Timeline")
    chart = page.locator(".js-plotly-plot >> visible=true").first
    expect(chart).to_be_visible(timeout=TIMEOUT_MS)
    for label in ("30 Dec 2023", "2 Jan 2024", "4 Jan 2024", "5 Jan 2024", "10 Jan 2024"):
        expect(chart.get_by_text(label, exact=True).first).to_be_visible(timeout=TIMEOUT_MS)
    # the labels as drawn: five boxes, no two touching (4 and 5 Jan used to)
    boxes = [b for b in (n.bounding_box() for n in chart.locator("g.annotation-text-g").all()) if b]
    assert len(boxes) == 5
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"] or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"]
            assert apart, (a, b)
    for day in ("30 December 2023", "2 January 2024", "4 January 2024", "5 January 2024", "10 January 2024"):
        expect(page.get_by_text(day).first).to_be_visible(timeout=TIMEOUT_MS)
    _shot(page, "timeline_key_moments")


def test_timeline_url_reopens_the_filtered_view(server: str, page: Page, sample: Path) -> None:
    key, label = _story_event(sample, "2024-01-10", "RBC-Ukraine")
    _open(page, f"{server}/timeline?tl_outlets=RBC-Ukraine&tl_event={key}", "Timeline")
    outlets = page.get_by_test_id("stMultiSelect").filter(has_text="Outlets")
    expect(outlets).to_contain_text("RBC-Ukraine")
    expect(outlets).not_to_contain_text("Newsweek")
    expect(page.get_by_role("combobox", name="Event (or click a point)")).to_have_value(label)
    expect(page.locator("mark", has_text="January 10").first).to_be_visible()
    expect(page.get_by_text("Sentences reporting")).to_be_visible()
    assert "tl_outlets=RBC-Ukraine" in page.url
    _shot(page, "timeline_event")


def test_timeline_widget_change_is_written_to_the_url(server: str, page: Page) -> None:
    _open(page, f"{server}/timeline", "Timeline")
    page.get_by_test_id("stMultiSelect").filter(has_text="Outlets").locator("input").click()
    page.get_by_role("option", name="Newsweek").click()
    page.keyboard.press("Escape")
    page.wait_for_url("**tl_outlets=Newsweek**")


def test_network_shows_putin_and_north_korea(server: str, page: Page) -> None:
    _open(page, f"{server}/network", "Actor network")
    chart = page.locator(".js-plotly-plot").first
    expect(chart.locator("text", has_text="Vladimir Putin").first).to_be_attached()
    expect(chart.locator("text", has_text="North Korea").first).to_be_attached()
    expect(page.get_by_role("heading", name="Most central actors")).to_be_visible()
    _shot(page, "network")


def test_network_actor_link_opens_its_ego_network(server: str, page: Page, sample: Path) -> None:
    from storylens import store

    actors = store.read_table(sample, "actors").set_index("name")
    _open(page, f"{server}/network?net_actor={actors.at['Vladimir Putin', 'actor_id']}", "Actor network")
    expect(page.get_by_role("heading", name="Vladimir Putin")).to_be_visible()
    expect(page.get_by_text("How each outlet names this actor")).to_be_visible()
    _shot(page, "network_ego")


def test_compare_shows_both_outlets_and_the_shared_quote(server: str, page: Page) -> None:
    _open(page, f"{server}/compare", "Compare sources")
    # the grid of claims and the table below it both head a column with the outlet
    expect(page.locator("th", has_text="Newsweek ·").first).to_be_visible()
    expect(page.locator("th", has_text="RBC-Ukraine ·").first).to_be_visible()
    _shot(page, "compare")
    page.get_by_role("tab", name="Quotes").click()
    page.wait_for_url("**cmp_tab=Quotes**")  # the tab is in the URL: a copied link reopens it
    # One row per statement, one column per outlet: the statement's row holds the speaker
    # and both outlets' renderings, under the outlets' column heads.
    panel = page.locator("[role=tabpanel]:visible")
    expect(panel.locator("th", has_text="Newsweek").first).to_be_visible()
    expect(panel.locator("th", has_text="RBC-Ukraine").first).to_be_visible()
    rows = panel.locator("tr", has_text="turned its back on Russia")
    expect(rows.first).to_contain_text("Shapps")
    expect(rows.first.locator("td", has_text="turned its back on Russia")).to_have_count(2)
    _shot(page, "compare_quotes")


def test_article_link_opens_the_sentence(server: str, page: Page, sample: Path) -> None:
    from storylens import store

    arts = store.read_table(sample, "articles")
    aid = arts.loc[arts["outlet"] == "RBC-Ukraine", "article_id"].iloc[0]
    _open(page, f"{server}/article?article={aid}&sentence=4", "Article")
    expect(page.get_by_role("heading", name="Sentence 4")).to_be_visible()
    expect(page.locator("#s4")).to_have_attribute("style", "outline:2px solid #d63384;border-radius:3px")
    expect(page.get_by_role("combobox", name="Article")).to_have_value(re.compile("^RBC-Ukraine"))
    _shot(page, "article")


def test_no_request_leaves_the_server(server: str, page: Page) -> None:
    """Every request the dashboard makes at start-up and on each page goes to the app itself
    (no font CDN for the favicon, no tracking): the page loads offline."""
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url))
    for path, title in (("", "Storylens: corpus overview"), ("timeline", "Timeline"), ("network", "Actor network"), ("corpus", "Corpus")):
        _open(page, f"{server}/{path}", title)
    expect(page.locator("link[rel*=icon]").first).to_have_attribute("href", re.compile(r"^(?!https?://(?!127\.0\.0\.1))"))
    outside = [u for u in seen if not u.startswith((server, "data:", "blob:", "about:"))]
    assert seen and outside == [], outside


def test_corpus_page(server: str, page: Page) -> None:
    _open(page, f"{server}/corpus", "Corpus")
    expect(page.get_by_test_id("stFileUploader")).to_be_visible()
    _shot(page, "corpus")


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from test_pages import write_hostile_build

    out = write_hostile_build(tmp_path_factory.mktemp("hostile_browser") / "processed")
    yield from _serve({"STORYLENS_DATA": str(out)})


@pytest.mark.parametrize(
    ("path", "title"),
    [("article?article=evil1&sentence=0", "Article"), ("timeline", "Timeline"), ("compare", "Compare sources"), ("", "Storylens: corpus overview")],
)
def test_script_in_an_article_does_not_run(hostile_server: str, page: Page, path: str, title: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    _open(page, f"{hostile_server}/{path}", title)
    page.wait_for_timeout(500)
    assert page.evaluate("() => window.__xss") is None
    assert dialogs == []
    if path.startswith("article"):
        expect(page.get_by_text("<script>window.__xss=1</script>", exact=False).first).to_be_visible()
