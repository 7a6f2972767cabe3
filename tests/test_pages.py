"""AppTest: every page runs on the sample, on an empty corpus and on a build without the
newer tables; targeted tests set widgets and query params and check what is shown."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from storylens import store

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data" / "processed"
PAGES = sorted((REPO / "pages").glob("*.py"))
# Tables that landed after the first dashboard: a build from before them must still render.
NEWER = ["interactions", "alignments", "claims", "claim_sentences", "labels"]


def _page(name: str) -> Path:
    return REPO / "pages" / f"{name}.py"


def _run(page: Path, data_dir: Path | None = None, params: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(page), default_timeout=60)
    if data_dir is not None:
        at.session_state["data_dir"] = str(data_dir)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    return at.run()


def _frame(at: AppTest, *columns: str) -> pd.DataFrame:
    """The first table on screen with these columns (st.dataframe keys are not exposed to AppTest)."""
    for df in at.dataframe:
        if set(columns) <= set(df.value.columns):
            return df.value
    raise AssertionError(f"no table with columns {columns}")


def _html(at: AppTest) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


@pytest.fixture(scope="module")
def sample() -> dict[str, pd.DataFrame]:
    return store.load(SAMPLE)


@pytest.fixture(scope="module")
def degraded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample without the newer tables, as a build from before them would be."""
    out = tmp_path_factory.mktemp("degraded") / "processed"
    shutil.copytree(SAMPLE, out)
    for name in NEWER:
        (out / f"{name}.parquet").unlink(missing_ok=True)
    return out


def write_hostile_build(out: Path) -> Path:
    """A build whose article text, title and outlet carry HTML and script (also used by
    tests/test_browser.py, which checks that nothing of it runs in a real browser)."""
    text = 'Alpha said <script>window.__xss=1</script> on Monday.\n\n<img src=x onerror="window.__xss=2"> Beta **bold** [link](javascript:alert(1)).'
    first = text.index("\n\n")
    arts = pd.DataFrame(
        [
            {
                "article_id": "evil1",
                "source_file": "<b>evil</b>.txt",
                "outlet": "<i>Outlet</i>",
                "title": "<script>alert('t')</script>",
                "status": "analysed",
                "text": text,
                "published": "2024-01-05",
                "published_how": "manifest",
                "story_id": "s1",
            }
        ]
    )
    sents = pd.DataFrame(
        [
            {"article_id": "evil1", "sentence_id": 0, "start": 0, "end": first, "paragraph": 0, "text": text[:first]},
            {"article_id": "evil1", "sentence_id": 1, "start": first + 2, "end": len(text), "paragraph": 1, "text": text[first + 2 :]},
        ]
    )
    s = text.index("Monday")
    timexes = pd.DataFrame(
        [
            {
                "article_id": "evil1",
                "sentence_id": 0,
                "start": s,
                "end": s + 6,
                "text": "Monday",
                "type": "DATE",
                "value": "2024-01-01",
                "date_start": "2024-01-01",
                "date_end": "2024-01-01",
                "confidence": 0.9,
            }
        ]
    )
    store.write_tables({"articles": arts, "sentences": sents, "timexes": timexes}, out, {"pipeline_version": "test"})
    return out


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_hostile_build(tmp_path_factory.mktemp("hostile") / "processed")


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_page_runs_on_sample(page: Path) -> None:
    at = _run(page)
    assert not at.exception, at.exception


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_page_runs_on_empty_corpus(page: Path, tmp_path: Path) -> None:
    at = _run(page, tmp_path)
    assert not at.exception, at.exception
    if page.stem not in ("corpus", "methods"):  # the Methods page does not depend on the corpus
        assert at.info, "an empty corpus must say what is missing"


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_page_runs_without_newer_tables(page: Path, degraded: Path) -> None:
    at = _run(page, degraded)
    assert not at.exception, at.exception


def test_dashboard_entry_point_runs() -> None:
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60).run()
    assert not at.exception


def test_overview_shows_outlets_next_steps_and_inferred_dates(sample) -> None:
    at = _run(_page("overview"))
    intro = "\n".join(m.value for m in at.markdown)
    assert f"{len(sample['articles'])} article(s) from" in intro
    for step, page in (("Read the key moments", "timeline"), ("See who did what to whom", "network"), ("Compare the outlets", "compare")):
        assert f"{step}](./{page})" in intro, step
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Articles"] == str(len(sample["articles"]))
    assert metrics["Outlets"] == str(sample["articles"]["outlet"].nunique())
    shown = _frame(at, "source_file", "outlet_how", "open")
    assert set(shown["outlet"]) == set(sample["articles"]["outlet"])
    assert all(link.startswith("./article?article=") for link in shown["open"])
    if (sample["articles"]["published_how"] == "inferred").any():
        assert any("inferred" in w.value for w in at.warning)
    assert "url" in shown.columns
    assert not [f for f in at.dataframe if "task" in f.value.columns], "the accuracy table moved to the Methods page"
    assert at.get("download_button"), "tables must be downloadable"


def test_methods_page_explains_each_number() -> None:
    at = _run(_page("methods"))
    assert not at.exception, at.exception
    methods = _frame(at, "task", "metric")
    assert {"task", "metric", "value", "benchmark", "plain"} <= set(methods.columns)
    assert methods["plain"].str.len().min() > 40, "every number says in plain words what it means"
    text = "\n".join(m.value for m in at.markdown)
    assert "B3 F1" in "\n".join(c.value for c in at.caption) and "Putin" in text


def test_timeline_filters_by_outlet_from_url(sample) -> None:
    outlet = sorted(sample["articles"]["outlet"])[-1]
    at = _run(_page("timeline"), params={"tl_outlets": outlet})
    shown = _frame(at, "date_text", "outlet", "event_type")
    assert len(shown) and set(shown["outlet"]) == {outlet}
    assert at.multiselect(key="tl_outlets").value == [outlet]


def test_timeline_event_from_url_shows_every_reporting_sentence(sample) -> None:
    from app import timeline_data

    rows = timeline_data.timeline_rows(sample)
    dated = rows[rows["date_text"].fillna("") != ""]
    key = dated["story_event_id"].value_counts().index[0]
    at = _run(_page("timeline"), params={"tl_event": key})
    assert not at.exception, at.exception
    assert at.selectbox(key="tl_event").value == key
    body = _html(at)
    reports = rows[rows["story_event_id"] == key]
    for outlet in reports["outlet"].unique():
        assert f"<b>{outlet}</b>" in body
    for text in reports["date_text"].dropna().unique():
        if text:
            assert f">{text}</mark>" in body, f"the date expression {text!r} must be highlighted"
    n_sentences = len(reports.drop_duplicates(["article_id", "sentence_id"]))
    assert sum("how:" in c.value for c in at.caption) == n_sentences, "each reporting sentence says how its date was resolved"


def test_timeline_actor_pick_is_written_to_url(sample) -> None:
    at = _run(_page("timeline"))
    options = at.multiselect(key="tl_actors").options
    assert options
    first_id = sample["actors"].set_index("name").loc[options[0], "actor_id"]
    at.multiselect(key="tl_actors").set_value([first_id]).run()
    written = at.query_params["tl_actors"]
    assert (written if isinstance(written, list) else [written]) == [first_id]
    assert not at.exception


def test_network_draws_actors_and_hides_co_mentions_by_default(sample) -> None:
    at = _run(_page("network"))
    fig = at.get("plotly_chart")[0].proto.spec
    names = set(sample["actors"].loc[sample["actors"]["n_mentions"] > 0, "name"])
    shown = {n for n in names if f'"{n}"' in fig}
    assert len(shown) >= 2
    inter = sample["interactions"]
    if (inter["edge_kind"] == "interaction").any():
        assert '"name":"co-mention"' not in fig.replace(" ", "")
        at.toggle(key="net_co").set_value(True).run()
        assert '"name":"co-mention"' in at.get("plotly_chart")[0].proto.spec.replace(" ", "")


def test_network_actor_from_url_shows_aliases_and_labels(sample) -> None:
    actor = sample["actors"].sort_values("n_mentions", ascending=False).iloc[0]
    at = _run(_page("network"), params={"net_actor": actor["actor_id"]})
    assert not at.exception
    assert at.subheader[0].value == actor["name"]
    labels = _frame(at, "outlet", "label", "label_kind")
    assert set(labels["outlet"]) == set(actor["outlets"])
    evidence = _frame(at, "predicate", "sentence", "open")
    assert len(evidence) and (evidence["sentence"].str.len() > 0).all()


def test_network_without_interactions_says_co_mentions(degraded: Path) -> None:
    at = _run(_page("network"), degraded)
    assert any("co-mention" in w.value for w in at.warning)
    assert at.toggle(key="net_co").value is True


def test_compare_puts_both_outlets_side_by_side_with_shared_quotes(sample) -> None:
    at = _run(_page("compare"))
    body = _html(at)
    for outlet in sample["articles"]["outlet"]:
        assert re.search(rf"<th[^>]*>{re.escape(outlet)} · ", body), outlet
    q = sample["quotes"].dropna(subset=["quote_group_id"])
    shared = q[q.groupby("quote_group_id")["article_id"].transform("nunique") > 1]
    assert not shared.empty
    quotes = _frame(at, "quote_group_id", "match", "diff")
    assert set(shared["quote_group_id"]) == set(quotes["quote_group_id"])


def test_compare_without_claims_shows_paragraphs(degraded: Path) -> None:
    at = _run(_page("compare"), degraded)
    assert any("claims" in i.value for i in at.info)
    assert "<h4" in _html(at)


def test_compare_needs_two_articles(sample) -> None:
    at = _run(_page("compare"))
    first = at.multiselect(key="cmp_articles").value[0]
    at.multiselect(key="cmp_articles").set_value([first]).run()
    assert any("at least two" in i.value for i in at.info)


def test_article_link_opens_the_sentence(sample) -> None:
    sents = sample["sentences"]
    row = sents.iloc[len(sents) // 2]
    at = _run(_page("article"), params={"article": row["article_id"], "sentence": str(row["sentence_id"])})
    assert not at.exception
    assert at.subheader[0].value == f"Sentence {row['sentence_id']}"
    assert f'id="s{row["sentence_id"]}" style="outline' in _html(at)


def test_article_unknown_id_falls_back() -> None:
    at = _run(_page("article"), params={"article": "no-such-article", "sentence": "999"})
    assert not at.exception


def test_article_pick_writes_url_and_drops_sentence(sample) -> None:
    ids = list(sample["articles"]["article_id"])
    at = _run(_page("article"), params={"article": ids[0], "sentence": "1"})
    at.selectbox(key="article").set_value(ids[-1]).run()
    assert at.query_params["article"] == ids[-1]
    assert "sentence" not in at.query_params


@pytest.mark.parametrize("page", ["article", "timeline", "compare", "overview"])
def test_html_in_articles_is_escaped(page: str, hostile: Path) -> None:
    at = _run(_page(page), hostile)
    assert not at.exception, at.exception
    body = _html(at)
    assert "<script" not in body.lower() and "<img" not in body.lower() and "<i>" not in body
    if page == "article":
        assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in body


def _wait_built(corpora: Path, timeout: float = 300) -> Path:
    """The one corpus under `corpora`, once its queued build has finished (built or failed)."""
    import json
    import time

    deadline = time.monotonic() + timeout
    while True:
        found = [p for p in corpora.iterdir() if (p / "meta.json").exists()] if corpora.is_dir() else []
        if found:
            status = json.loads((found[0] / "status.json").read_text()) if (found[0] / "status.json").exists() else {}
            if status.get("state") in ("built", "failed"):
                assert status["state"] == "built", status
                return found[0]
        assert time.monotonic() < deadline, "the build did not finish"
        time.sleep(0.5)


def _build_through_corpus_page(monkeypatch: pytest.MonkeyPatch, corpora: Path, allowed: Path, name: str, folder: Path) -> tuple[AppTest, Path]:
    """Name a corpus, point the Corpus page at a folder inside `allowed`, press Create; wait for the queued build."""
    monkeypatch.setenv("STORYLENS_CORPORA", str(corpora))
    monkeypatch.setenv("STORYLENS_FOLDERS", str(allowed))
    at = _run(_page("corpus"))
    at.text_input(key="corpus_name").input(name).run()
    at.text_input(key="corpus_folder").input(str(folder)).run()
    at.button(key="corpus_build").click().run(timeout=300)
    assert not at.exception, at.exception
    return at, _wait_built(corpora)


def test_corpus_builds_a_folder_into_a_private_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seeds_dir: Path) -> None:
    import json

    at, folder = _build_through_corpus_page(monkeypatch, tmp_path / "corpora", seeds_dir.parent, "seeds <b>test</b>", seeds_dir)
    meta = json.loads((folder / "meta.json").read_text())
    assert len(folder.name) == 32 and meta["visibility"] == "private" and meta["name"] == "seeds <b>test</b>"
    assert (folder / "processed" / "build_info.json").exists()
    assert at.query_params["corpus"] == folder.name, "the session now shows the new corpus"
    assert "edit" not in at.query_params and at.session_state["edit_tokens"][folder.name], "editable in this session, no token in the address"
    at.run()
    assert at.session_state["corpus_id"] == folder.name
    assert any(folder.name in c.value for c in at.code), "the view link is shown"
    assert any(s.value.startswith("Built") for s in at.success), [s.value for s in at.success]
    assert "corpus_public" in [t.key for t in at.toggle], "the owner can publish"


def test_corpus_view_link_is_read_only_and_edit_link_is_not(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seeds_dir: Path) -> None:
    from storylens.workspace.edits import CorrectionLog

    owner, folder = _build_through_corpus_page(monkeypatch, tmp_path / "corpora", seeds_dir.parent, "shared", seeds_dir)
    token = owner.session_state["edit_tokens"][folder.name]
    assert any(f"edit={token}" in c.value for c in owner.code), "the edit link is offered (in the Copy edit link control)"
    # another visitor: a fresh session, with nothing but a link
    stranger = _run(_page("corpus"))
    assert stranger.selectbox(key="corpus_pick").options == ["sample (sample)"], "a private corpus is not listed for another session"
    viewer = _run(_page("network"), params={"corpus": folder.name})
    assert not viewer.exception and not [e for e in viewer.expander if e.label == "Correct actors"]
    assert any("edit link" in c.value for c in viewer.caption)
    wrong = _run(_page("corpus"), params={"corpus": folder.name, "edit": "x" * 22})
    assert "corpus_rebuild" not in [b.key for b in wrong.button] and "edit" not in wrong.query_params
    editor = _run(_page("network"), params={"corpus": folder.name, "edit": token})
    assert [e for e in editor.expander if e.label == "Correct actors"]
    assert "edit" not in editor.query_params and editor.query_params["corpus"] == folder.name, "the token leaves the address bar"
    assert not any(token in str(m.value) for m in editor.markdown), "no in-app link carries the token"
    editor.radio(key="net_correct_op").set_value("meta").run()
    editor.button(key="net_correct_go_meta").click().run()
    assert not editor.exception, editor.exception
    entries = CorrectionLog(folder / "corrections.yaml").entries()
    assert [e.op for e in entries] == ["meta"] and entries[0].who == "anonymous"
    # publishing lists it for everyone
    owner.run()
    owner.toggle(key="corpus_public").set_value(True).run()
    assert "shared" in _run(_page("corpus")).selectbox(key="corpus_pick").options


def test_corpus_refuses_folders_outside_the_roots(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORYLENS_CORPORA", str(tmp_path / "corpora"))
    monkeypatch.setenv("STORYLENS_FOLDERS", str(tmp_path / "allowed"))
    at = _run(_page("corpus"))
    at.text_input(key="corpus_folder").input("/etc").run()
    at.button(key="corpus_build").click().run()
    assert any("allowed roots" in e.value for e in at.error)
    assert not any((tmp_path / "corpora").glob("*/meta.json")), "no corpus is made for a refused folder"


def test_unknown_corpus_link_falls_back_to_the_sample(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORYLENS_CORPORA", str(tmp_path / "corpora"))
    at = _run(_page("corpus"), params={"corpus": "0" * 32})
    assert any("No corpus has the id" in w.value for w in at.warning)
    assert at.session_state["corpus_id"] == "sample"


def test_search_page_finds_ballistic_in_both_articles(sample) -> None:
    at = _run(_page("search"), params={"q": "ballistic"})
    assert not at.exception, at.exception
    hits = _frame(at, "text", "outlet", "url", "open")
    assert set(hits["outlet"]) == set(sample["articles"]["outlet"])
    body = _html(at)
    assert "<mark>ballistic</mark>" in body and "./network?net_actor=" in body
    only = _run(_page("search"), params={"q": "ballistic", "q_outlets": "Newsweek"})
    assert set(_frame(only, "text", "outlet").get("outlet")) == {"Newsweek"}


def test_csv_downloads_carry_url_and_absolute_links_only(sample, monkeypatch: pytest.MonkeyPatch) -> None:
    from app import ui

    at = _run(_page("timeline"))
    shown = _frame(at, "date_text", "open")
    monkeypatch.delenv("STORYLENS_PUBLIC_URL", raising=False)
    with_url = ui.for_csv(shown)
    assert "url" in with_url.columns and "open" not in with_url.columns and with_url["url"].notna().all()
    monkeypatch.setenv("STORYLENS_PUBLIC_URL", "https://storylens.example.org/")
    absolute = ui.for_csv(shown)
    assert absolute["open"].str.startswith("https://storylens.example.org/article?article=").all()


def test_basil_loaded_through_the_corpus_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shared_dir: Path) -> None:
    """A real corpus other than the seeds: four BASIL stories (each told by the New York Times,
    Fox News and HuffPost, JSON with paragraph lists), built through the Corpus page from a
    folder; then every page runs on it and the comparison offers its stories."""
    basil = shared_dir / "benchmarks" / "basil" / "articles" / "2016"
    triplets = sorted({p.name.rsplit("_", 1)[0] for p in basil.glob("*.json")})[:4]
    folder = tmp_path / "allowed" / "basil"
    folder.mkdir(parents=True)
    for t in triplets:
        for p in basil.glob(f"{t}_*.json"):
            shutil.copy(p, folder / p.name)
    _, corpus = _build_through_corpus_page(monkeypatch, tmp_path / "corpora", tmp_path / "allowed", "basil", folder)
    built = corpus / "processed"
    tables = store.load(built)
    assert len(tables["articles"]) == 3 * len(triplets) and tables["rejects"].empty
    assert set(tables["articles"]["outlet"]) == {"The New York Times", "Fox News", "HuffPost"}
    assert tables["articles"]["story_id"].nunique() >= len(triplets) - 1  # stories found, not one blob
    for page in PAGES:
        shown = _run(page, data_dir=built)
        assert not shown.exception, (page.stem, shown.exception)
    compare = _run(_page("compare"), data_dir=built)
    assert len(compare.selectbox[0].options) >= len(triplets) - 1


def test_timeline_opens_on_key_moments(sample) -> None:
    at = _run(_page("timeline"))
    assert not at.exception, at.exception
    assert at.subheader[0].value == "Key moments"
    text = " ".join(m.value for m in at.markdown)
    for day in ("30 December 2023", "2 January 2024", "4 January 2024", "5 January 2024", "10 January 2024"):
        assert day in text, day
    assert text.count("open in article") == 5
    shown = " ".join([*(c.value for c in at.caption), text])
    for code in ("sentence_expression", "own_expression", "TEV", "timexes"):
        assert code not in shown, code


def test_timeline_story_picker_from_url_and_empty_filter(sample) -> None:
    story = str(sample["articles"]["story_id"].dropna().iloc[0])
    at = _run(_page("timeline"), params={"story": story})
    assert not at.exception, at.exception
    assert at.selectbox(key="story").value == story
    from app import timeline_data

    rows = timeline_data.timeline_rows(sample)
    pairs = set(zip(rows["outlet"], rows["event_type"], strict=True))
    outlet, etype = next((o, e) for o in set(rows["outlet"]) for e in set(rows["event_type"]) if (o, e) not in pairs)
    at = _run(_page("timeline"), params={"tl_outlets": outlet, "tl_types": etype})
    assert not at.exception, at.exception
    assert any("No event matches" in i.value for i in at.info)


@pytest.fixture(scope="module")
def two_stories(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample with its RBC-Ukraine article moved into a story of its own: a mixed corpus."""
    out = tmp_path_factory.mktemp("two_stories") / "processed"
    shutil.copytree(SAMPLE, out)
    arts = pd.read_parquet(out / "articles.parquet")
    arts.loc[arts["outlet"] == "RBC-Ukraine", "story_id"] = "s_rbc_only"
    arts.to_parquet(out / "articles.parquet", index=False)
    return out


def test_network_story_picker_restricts_the_graph_and_is_kept_in_the_url(two_stories: Path) -> None:
    arts = store.load(two_stories)["articles"]
    newsweek = str(arts.loc[arts["outlet"] == "Newsweek", "story_id"].iloc[0])
    every = _run(_page("network"), two_stories)
    assert not every.exception, every.exception
    assert every.selectbox(key="story").value == ""
    assert len(every.selectbox(key="story").options) == 3, "all stories, then each story"
    assert set(_frame(every, "predicate", "sentence", "open")["outlet"]) == {"Newsweek", "RBC-Ukraine"}

    one = _run(_page("network"), two_stories, params={"story": "s_rbc_only"})
    assert not one.exception, one.exception
    assert one.selectbox(key="story").value == "s_rbc_only"
    assert set(_frame(one, "predicate", "sentence", "open")["outlet"]) == {"RBC-Ukraine"}

    every.selectbox(key="story").set_value(newsweek).run()
    assert every.query_params["story"] in (newsweek, [newsweek]), "the pick is written to the link"
    assert set(_frame(every, "predicate", "sentence", "open")["outlet"]) == {"Newsweek"}
    assert not every.exception

    stale = _run(_page("network"), two_stories, params={"story": "no-such-story"})
    assert not stale.exception and stale.selectbox(key="story").value == "", "a link from another corpus falls back to all stories"


def test_pages_draw_outlets_and_kinds_in_the_palette_colours(sample) -> None:
    from app import palette

    overview = _run(_page("overview"))
    specs = " ".join(c.proto.spec for c in overview.get("plotly_chart"))
    for outlet in ("Newsweek", "RBC-Ukraine"):
        assert palette.outlet_colour(outlet) in specs, outlet
    assert palette.actor_kind_colour("person") in specs
    network = _run(_page("network"))
    spec = network.get("plotly_chart")[0].proto.spec
    for kind in set(sample["actors"]["kind"]) & {"person", "country"}:
        assert palette.actor_kind_colour(kind) in spec, kind
    compare = _run(_page("compare"))
    body = _html(compare)
    for outlet in ("Newsweek", "RBC-Ukraine"):
        assert palette.outlet_colour(outlet) in body, outlet


def test_timeline17_topic_loaded_through_the_corpus_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shared_dir: Path) -> None:
    """A Timeline17 development topic (40 MJ_bbc articles, benchmarks/timeline17_data.py) built
    through the Corpus page; the Timeline opens on its key moments: the ranked days of the
    build's key_dates table, in rank order, the top one the day the journalists' timeline starts."""
    from benchmarks.timeline17_data import dashboard_subset, gold_timeline

    folder = tmp_path / "allowed" / "t17"
    dashboard_subset(folder)
    _, corpus = _build_through_corpus_page(monkeypatch, tmp_path / "corpora", tmp_path / "allowed", "Timeline17 MJ_bbc", folder)
    built = corpus / "processed"
    tables = store.load(built)
    assert len(tables["articles"]) == 40 and tables["rejects"].empty
    whole = tables["key_dates"][tables["key_dates"]["story_id"].isna()].sort_values("rank")
    assert len(whole) >= 5

    at = _run(_page("timeline"), data_dir=built)
    assert not at.exception, at.exception
    assert at.subheader[0].value == "Key moments"
    listed = [m.value for m in at.markdown if " — " in m.value and "open in article" in m.value]
    assert len(listed) == len(whole), "every key date of the corpus is listed"
    for line, day, rank in zip(listed, whole["date"], whole["rank"], strict=True):
        d = pd.Timestamp(day)
        assert line.startswith(f"**{rank}. {d.day} {d:%B %Y}**"), line
    gold = set(gold_timeline("MJ_bbc")["date"])
    assert pd.Timestamp(whole["date"].iloc[0]).date() in gold, "the top key date is one of the journalists' days"
    assert len(at.get("plotly_chart")) >= 1


def test_story_titles_name_untitled_stories_by_outlet_and_day(tmp_path: Path) -> None:
    """Timeline17 and plain-text inputs have no titles (NULL in the articles table): the picker
    names such a story by its earliest article's outlet and day instead of failing."""
    import streamlit as st

    from app.stories import build_stories
    from storylens.tables import ALL_TABLES, conform

    arts = pd.DataFrame(
        {
            "article_id": ["a", "b", "c"],
            "story_id": ["s1", "s1", "s2"],
            "title": [None, "Later title", "A title"],
            "published": pd.to_datetime(["2009-06-27", "2009-06-28", None]),
            "outlet": ["BBC", "BBC", "CNN"],
        }
    )
    store.write_tables({"articles": conform(arts, ALL_TABLES["articles"])}, tmp_path / "b", {"n_articles": 3})
    st.session_state["data_dir"] = str(tmp_path / "b")
    try:
        titles, n = build_stories()
    finally:
        st.session_state.pop("data_dir", None)
    assert n == 3
    assert titles == {"s1": "BBC, 27 Jun 2009, untitled (2 articles)", "s2": "A title (1 article)"}
    assert list(titles) == ["s1", "s2"], "the largest story first"
