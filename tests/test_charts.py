"""The dashboard's pure pieces, without Streamlit: chart builders, the frames they draw,
HTML highlighting, upload names. Tiny hand-made frames, so each rule is visible."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from app import charts, compare_data, corpora, network_data, timeline_data
from app.highlight import Span, highlight

D = dt.date


def _tables(**frames: pd.DataFrame) -> dict[str, pd.DataFrame]:
    base = {
        "articles": pd.DataFrame(
            {
                "article_id": ["a1", "a2"],
                "outlet": ["Alpha", "Beta"],
                "title": ["T1", "T2"],
                "published": [D(2024, 1, 5), D(2024, 1, 6)],
                "status": "analysed",
                "story_id": "s1",
            }
        ),
        "sentences": pd.DataFrame(
            {
                "article_id": ["a1", "a1", "a2"],
                "sentence_id": [0, 1, 0],
                "start": [0, 20, 0],
                "end": [19, 40, 30],
                "paragraph": [0, 1, 0],
                "text": ["On Monday X hit Y.", "Talks are set for March.", "Y was hit by X on Monday."],
            }
        ),
        "actors": pd.DataFrame({"actor_id": ["x", "y"], "name": ["Xland", "Yland"], "kind": "country", "n_mentions": [2, 2], "is_meta": False}),
        "mentions": pd.DataFrame(
            {
                "article_id": ["a1", "a1", "a2", "a2"],
                "sentence_id": [0, 0, 0, 0],
                "start": [10, 16, 0, 13],
                "end": [11, 17, 1, 14],
                "mention_id": ["m1", "m2", "m3", "m4"],
                "text": ["X", "Y", "Y", "X"],
                "actor_id": ["x", "y", "y", "x"],
                "descriptor": [None, "the neighbour", None, None],
                "is_meta": False,
            }
        ),
        "timexes": pd.DataFrame(
            {
                "timex_id": ["t1", "t2", "t3"],
                "article_id": ["a1", "a1", "a2"],
                "sentence_id": [0, 1, 0],
                "start": [3, 38, 20],
                "end": [9, 43, 26],
                "text": ["Monday", "March", "Monday"],
                "type": ["DATE", "DATE", "DATE"],
                "value": ["2024-01-01", "2024-03", "2024-01-01"],
                "date_start": [D(2024, 1, 1), D(2024, 3, 1), D(2024, 1, 1)],
                "date_end": [D(2024, 1, 1), D(2024, 3, 31), D(2024, 1, 1)],
                "granularity": ["day", "month", "day"],
                "anchor": ["published", "published", "published"],
                "confidence": [0.9, 0.5, 0.9],
            }
        ),
    }
    base.update(frames)
    return base


def test_timeline_from_timexes_flags_ranges_uncertain_and_planned() -> None:
    rows = timeline_data.timeline_rows(_tables()).set_index("event_key")
    assert rows.loc["t1", "story_event_id"] == rows.loc["t3", "story_event_id"], "same interval, one story event"
    assert rows.loc["t2", "is_range"] and not rows.loc["t1", "is_range"]
    assert rows.loc["t2", "is_uncertain"] and not rows.loc["t1", "is_uncertain"]
    assert rows.loc["t2", "is_planned"], "a date after the report date is planned"
    assert not rows.loc["t1", "is_planned"]
    assert rows.loc["t1", "actors"] == ["Xland", "Yland"]
    assert rows.loc["t1", "source"] == "timexes"


def test_timeline_prefers_events_when_present() -> None:
    events = pd.DataFrame(
        {
            "event_id": ["e1"],
            "article_id": ["a1"],
            "sentence_id": [0],
            "start": [12],
            "end": [15],
            "trigger": ["hit"],
            "event_type": ["attack"],
            "date_start": [D(2024, 1, 1)],
            "date_end": [D(2024, 1, 2)],
            "granularity": ["day"],
            "date_how": ["own_expression"],
            "actor_ids": [["x", "y"]],
            "reported_by": ["Alpha"],
            "story_event_id": ["se1"],
            "timex_id": ["t1"],
            "date_confidence": [0.3],
            "is_planned": [False],
        }
    )
    rows = timeline_data.timeline_rows(_tables(events=events))
    assert list(rows["source"]) == ["events"]
    r = rows.iloc[0]
    assert r["event_type"] == "attack" and r["story_event_id"] == "se1" and r["is_range"] and r["is_uncertain"]
    assert r["date_text"] == "Monday" and r["date_start_offset"] == 3, "the event's own date expression is found for highlighting"
    assert "“Monday” read as 1 Jan 2024" in r["date_how"] and "own_expression" not in r["date_how"]


def test_timeline_filters_and_lanes() -> None:
    rows = timeline_data.timeline_rows(_tables())
    only_march = timeline_data.filter_rows(rows, date_range=(D(2024, 3, 15), D(2024, 4, 1)))
    assert list(only_march["event_key"]) == ["t2"], "a range overlapping the window is kept"
    assert set(timeline_data.filter_rows(rows, outlets=["Beta"])["outlet"]) == {"Beta"}
    assert timeline_data.filter_rows(rows, actors=["x"])["event_key"].tolist() == ["t1", "t3"]
    by_actor = timeline_data.lanes(rows, "actor", {"x": "Xland", "y": "Yland"})
    assert set(by_actor["lane"]) == {"Xland", "Yland", "(no actor)"}


def test_timeline_chart_marks_ranges_reports_and_uncertainty() -> None:
    rows = timeline_data.lanes(timeline_data.timeline_rows(_tables()), "outlet")
    fig = charts.timeline(rows)
    names = [t.name for t in fig.data]
    assert "date range" in names and "report date" in names
    symbols = [
        s
        for t in fig.data
        if t.mode == "markers" and t.name not in {"report date"}
        for s in (list(t.marker.symbol) if isinstance(t.marker.symbol, tuple | list | np.ndarray) else [t.marker.symbol])
    ]
    assert "diamond-open" in symbols, "the planned, low-confidence March talks"
    assert "circle" in symbols
    assert charts.timeline(rows.iloc[0:0]).layout.title.text.startswith("No dated events")


def test_network_falls_back_to_labelled_co_mentions() -> None:
    edges, has_inter = network_data.edge_rows(_tables())
    assert not has_inter and set(edges["edge_kind"]) == {"co-mention"}
    assert set(edges["outlet"]) == {"Alpha", "Beta"}
    G = network_data.graph_for(edges, _tables()["actors"], include_co_mentions=True)
    assert G.number_of_edges() == 1 and G.edges["x", "y"]["weight"] == 2


def test_network_prune_keeps_the_heaviest_actors() -> None:
    G = nx.DiGraph()
    G.add_edge("a", "b", weight=5)
    G.add_edge("b", "c", weight=1)
    G.add_edge("d", "e", weight=1)
    assert set(network_data.prune(G, 2).nodes) == {"a", "b"}


def test_network_chart_direction_colour_and_co_mentions() -> None:
    inter = pd.DataFrame(
        {
            "edge_id": ["1", "2"],
            "edge_kind": ["interaction", "co-mention"],
            "article_id": ["a1", "a2"],
            "sentence_id": [0, 0],
            "source_actor_id": ["x", "x"],
            "target_actor_id": ["y", "z"],
            "event_type": ["attack", None],
            "certainty": ["asserted", None],
            "outlet": ["Alpha", "Beta"],
        }
    )
    actors = pd.DataFrame({"actor_id": ["x", "y", "z"], "name": ["Xland", "Yland", "Zland"], "kind": "country"})
    G = network_data.graph_for(inter, actors, include_co_mentions=True)
    fig = charts.network(G)
    by_name = {t.name: t for t in fig.data if t.name}
    assert by_name["co-mention"].line.dash == "dot"
    assert by_name["attack"].line.dash == "solid"
    arrows = [t for t in fig.data if t.mode == "markers" and t.marker.symbol == "arrow"]
    assert len(arrows) == 1 and len(arrows[0].x) == 1, "only the interaction gets an arrowhead"
    nodes = fig.data[-1]
    assert {c[0] for c in nodes.customdata} == {"x", "y", "z"}
    ev = network_data.evidence(inter, G, _tables(), {"x": "Xland", "y": "Yland"})
    assert ev["sentence"].tolist() == ["On Monday X hit Y.", "Y was hit by X on Monday."]


def test_joint_acts_read_without_a_direction_in_the_tables() -> None:
    """A "between" row stores its pair in an arbitrary order ("the transfer of weapons between
    the two countries" as Russia, North Korea): the edge and evidence tables say it has no
    direction, while a directed act and a co-mention say what they are."""
    inter = pd.DataFrame(
        {
            "edge_id": ["1", "2", "3"],
            "edge_kind": ["interaction", "interaction", "co-mention"],
            "article_id": ["a1", "a1", "a2"],
            "sentence_id": [0, 1, 0],
            "source_actor_id": ["y", "x", "x"],
            "target_actor_id": ["x", "y", "z"],
            "predicate": ["transfer", "hit", None],
            "event_type": ["aid/transfer", "attack", None],
            "certainty": ["reported", "asserted", None],
            "rule": ["between", "active", "co-mention"],
            "outlet": ["Alpha", "Alpha", "Beta"],
            "sentence": ["The transfer between the two countries.", "X hit Y.", "X and Z."],
        }
    )
    names = {"x": "Xland", "y": "Yland", "z": "Zland"}
    ev = network_data.evidence_rows(inter, names).set_index("sentence")
    assert ev.loc["The transfer between the two countries.", "direction"] == network_data.JOINT
    assert ev.loc["X hit Y.", "direction"] == network_data.DIRECTED
    assert ev.loc["X and Z.", "direction"] == network_data.TOGETHER
    actors = pd.DataFrame({"actor_id": ["x", "y", "z"], "name": ["Xland", "Yland", "Zland"], "kind": "country"})
    only_joint = network_data.graph_for(inter.iloc[[0]], actors)
    assert network_data.edge_table(only_joint, names)["direction"].tolist() == [network_data.JOINT]
    # Folded into the pair's directed edge, the drawn line keeps the arrow the text gives.
    both = network_data.graph_for(inter.iloc[[0, 1]], actors)
    assert network_data.edge_table(both, names)["direction"].tolist() == [network_data.DIRECTED]


def test_actor_labels_fall_back_to_mentions() -> None:
    labels = network_data.actor_labels(_tables(), "y")
    assert set(zip(labels["outlet"], labels["label"])) == {("Alpha", "Y"), ("Alpha", "the neighbour"), ("Beta", "Y")}


def test_claim_grid_puts_aligned_sentences_in_one_row() -> None:
    claims = pd.DataFrame({"claim_id": ["c1", "c2"], "status": ["shared", "unique"]})
    cs = pd.DataFrame(
        {"claim_id": ["c1", "c1", "c2"], "article_id": ["a1", "a2", "a1"], "sentence_id": [0, 0, 1], "outlet": ["Alpha", "Beta", "Alpha"], "stance": "asserts"}
    )
    grid = compare_data.claim_grid(_tables(claims=claims, claim_sentences=cs), ["a1", "a2"])
    assert grid["claim_id"].tolist() == ["c1", "c2"]
    assert grid.loc[0, "Alpha · a1"] == "On Monday X hit Y." and grid.loc[0, "Beta · a2"] == "Y was hit by X on Monday."
    assert grid.loc[1, "Beta · a2"] == "" and grid.loc[1, "status"] == "unique"
    only_a1 = compare_data.claim_grid(_tables(claims=claims, claim_sentences=cs), ["a1"])
    assert set(only_a1["status"]) == {"unique"}, "status follows the articles shown"
    html_out = compare_data.grid_html(grid.assign(**{"Alpha · a1": ["<b>x</b>", ""]}), ["Alpha · a1", "Beta · a2"])
    assert "&lt;b&gt;x&lt;/b&gt;" in html_out and "<b>x" not in html_out


def test_naming_falls_back_to_mentions() -> None:
    grid, how = compare_data.naming(_tables(), ["a1", "a2"])
    assert how.startswith("mention")
    row = grid.set_index("actor").loc["Yland"]
    assert "the neighbour (1)" in row["Alpha"] and row["Beta"] == "Y (1)"


def test_highlight_escapes_every_piece_and_marks_spans() -> None:
    text = "A <script>x()</script> met B & C."
    out = highlight(text, [Span(0, 1, "actor", "<A>"), Span(27, 28, "actor"), Span(2, 22, "quote")])
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert 'title="actor: &lt;A&gt;">A</mark>' in out
    assert "&amp;" in out


def test_highlight_splits_spans_over_sentences_and_outlines_focus() -> None:
    text = "One two. Three four."
    out = highlight(text, [Span(4, 13, "quote")], blocks=[(0, 8, "s0"), (9, 20, "s1")], focus=1)
    assert out.count("<mark") == 2, "the quote is marked in both sentences"
    assert 'id="s1" style="outline' in out and 'id="s0" style' not in out


def test_overlapping_spans_keep_the_first() -> None:
    out = highlight("abcdef", [Span(0, 4, "actor"), Span(2, 6, "quote")])
    assert ">abcd</mark>" in out and ">ef</mark>" in out


@pytest.mark.parametrize(
    ("name", "safe"),
    [("../../app/data.py", "data.py"), ("C:\\x\\évil<>.txt", "evil_.txt"), (".hidden", "hidden"), ("", "file"), ("a b.html", "a_b.html")],
)
def test_safe_name(name: str, safe: str) -> None:
    assert corpora.safe_name(name) == safe


def test_save_uploads_unpacks_zips_and_enforces_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("../../escape.txt", "inside")
        zf.writestr("dir/b.json", "{}")
        zf.writestr("run.exe", "MZ")
    monkeypatch.setattr(corpora, "MAX_FILE_BYTES", 10)
    saved = corpora.save_uploads([("c.zip", buf.getvalue()), ("a.txt", b"x"), ("a.txt", b"y"), ("big.txt", b"x" * 11), ("bad.zip", b"nope")], tmp_path / "raw")
    assert sorted(saved.files) == ["a.txt", "a_1.txt", "b.json", "escape.txt"]
    assert dict(saved.skipped) == {"run.exe": "extension", "big.txt": "file_too_large", "bad.zip": "bad_zip"}
    assert sorted(p.name for p in (tmp_path / "raw").iterdir()) == ["a.txt", "a_1.txt", "b.json", "escape.txt"]
    assert not (tmp_path / "escape.txt").exists()


def test_coverage_over_time_counts_dated_articles() -> None:
    arts = pd.DataFrame({"outlet": ["A", "A", "B"], "published": [D(2024, 1, 1), None, D(2024, 1, 1)]})
    fig = charts.coverage_over_time(arts)
    assert "1 undated" in fig.layout.title.text
    assert sum(sum(t.y) for t in fig.data) == 2


def test_paragraph_ranges_slice_the_article_text() -> None:
    t = _tables()
    assert compare_data.paragraph_ranges(t, "a1") == [(0, 19), (20, 40)]
    assert compare_data.paragraph_ranges(t, "missing") == []


def test_cited_sources_prefer_citations_and_fall_back_to_quote_speakers() -> None:
    quotes = pd.DataFrame(
        {
            "article_id": ["a1", "a2"],
            "speaker_actor_id": ["x", None],
            "speaker_resolved_text": [None, None],
            "speaker_text": ["X", "a source"],
            "kind": ["direct", "indirect"],
        }
    )
    grid, how = compare_data.cited_sources(_tables(quotes=quotes), ["a1", "a2"])
    assert how == "quote speakers"
    assert set(grid["source"]) == {"Xland", "a source"}
    citations = pd.DataFrame(
        {
            "article_id": ["a1", "a2", "a2"],
            "cited_actor_id": ["x", "x", None],
            "cited_name": ["Xland", "Xland", None],
            "cited_text": ["X", "X", "officials"],
            "cited_kind": ["official", "official", "anonymous"],
        }
    )
    grid, how = compare_data.cited_sources(_tables(quotes=quotes, citations=citations), ["a1", "a2"])
    assert how == "citations"
    row = grid.set_index("source").loc["Xland"]
    assert (row["Alpha"], row["Beta"], row["total"], row["kind"]) == (1, 1, 2, "official")
    assert "officials" in set(grid["source"])
