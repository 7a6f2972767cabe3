"""storylens.workspace without a browser: ids and tokens, limits, expiry, the correction log,
claim corrections in the build, the build queue's status, and search."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pandas as pd
import pytest

from storylens.corrections import CorrectionsError, parse_corrections
from storylens.workspace.builds import BuildQueue, read_status
from storylens.workspace.corpora import ReadOnly, Workspace
from storylens.workspace.edits import CorrectionLog
from storylens.workspace.hosting import HostSettings
from storylens.workspace.search import SearchIndex, fts_query, mark_html

REPO = Path(__file__).resolve().parents[1]


def _ws(tmp_path: Path, **kw) -> Workspace:
    return Workspace(HostSettings(corpora_root=tmp_path / "corpora", sample=REPO / "data" / "processed", **kw))


def test_corpus_ids_and_edit_tokens(tmp_path: Path) -> None:
    ws = _ws(tmp_path)
    corpus, token = ws.create("My corpus")
    assert len(corpus.id) == 32 and int(corpus.id, 16) >= 0 and len(token) >= 22
    meta = json.loads((corpus.folder / "meta.json").read_text())
    assert token not in json.dumps(meta) and meta["visibility"] == "private"
    assert ws.open(corpus.id).can_edit(token) and not ws.open(corpus.id).can_edit(token + "x") and not corpus.can_edit(None)
    for bad in ("../corpora", "/etc", corpus.id.upper(), corpus.id[:-1], ""):
        assert ws.open(bad) is None
    with pytest.raises(ReadOnly):
        ws.set_visibility(corpus, "wrong", True)
    with pytest.raises(ReadOnly):
        ws.sample().require_edit(token)
    assert ws.published() == []
    ws.set_visibility(corpus, token, True)
    assert [c.id for c in ws.published()] == [corpus.id]
    ws.delete(corpus, token)
    assert ws.open(corpus.id) is None


def test_accept_respects_file_and_byte_limits(tmp_path: Path) -> None:
    ws = _ws(tmp_path, max_files=2, max_bytes=100)
    corpus, token = ws.create("c")
    staged = []
    for i, size in enumerate((40, 70, 30, 10)):
        p = tmp_path / f"f{i}.txt"
        p.write_text("x" * size)
        staged.append(p)
    got = ws.accept(corpus, token, staged)
    assert got.files == ["f0.txt", "f2.txt"]
    assert [n for n, _ in got.refused] == ["f1.txt", "f3.txt"] and "STORYLENS_MAX_BYTES" in got.refused[0][1] and "STORYLENS_MAX_FILES" in got.refused[1][1]
    with pytest.raises(ReadOnly):
        ws.accept(corpus, None, [])


def test_unpublished_corpora_expire(tmp_path: Path) -> None:
    ws = _ws(tmp_path, expire_hours=1)
    old, t1 = ws.create("old")
    kept, t2 = ws.create("published")
    ws.set_visibility(kept, t2, True)
    later = time.time() + 2 * 3600
    assert ws.expire(now=later) == [old.id]
    assert ws.open(kept.id) is not None and not old.folder.exists()


def test_settings_from_env(tmp_path: Path) -> None:
    s = HostSettings.from_env({"STORYLENS_CORPORA": str(tmp_path), "STORYLENS_MAX_BUILDS": "3", "STORYLENS_PUBLIC_URL": "https://x.example/"})
    assert s.corpora_root == tmp_path and s.max_builds == 3 and s.public_url == "https://x.example"
    with pytest.raises(ValueError, match="STORYLENS_MAX_FILES"):
        HostSettings.from_env({"STORYLENS_MAX_FILES": "many"})


def test_correction_log_add_undo_and_format(tmp_path: Path) -> None:
    path = tmp_path / "corrections.yaml"
    path.write_text("actors:\n  meta: [Getty Images]\n")  # written by hand before the app
    log = CorrectionLog(path)
    merge = log.add("merge", "Ada", names=["Putin", "Vladimir Putin"])
    log.add("article", "Ada", article="000.txt", field="published", value="2024-01-05")
    log.add("same_claim", "Bob", sentences=["000.txt#3", "003.txt#4"])
    with pytest.raises(CorrectionsError):
        log.add("kind", "Ada", name="Kyiv", kind="planet")
    with pytest.raises(CorrectionsError):
        log.add("same_claim", "Ada", sentences=["000.txt", "003.txt#4"])
    c = parse_corrections(__import__("yaml").safe_load(path.read_text()), str(path))
    assert c.meta == ["Getty Images"] and c.merge == [["Putin", "Vladimir Putin"]] and c.same_claims == [["000.txt#3", "003.txt#4"]]
    assert str(c.articles["000.txt"]["published"]) == "2024-01-05"
    entries = log.entries()
    assert [e.who for e in entries] == ["corrections.yaml", "Ada", "Ada", "Bob"] and all(e.when for e in entries[1:])
    assert log.undo(merge.id) == merge and log.undo("nope") is None
    assert parse_corrections(__import__("yaml").safe_load(path.read_text())).merge == []


def test_claim_corrections_change_the_claims(tmp_path: Path) -> None:
    from storylens.compare.claim_corrections import apply_claim_corrections
    from storylens.compare.claims import build_claims
    from storylens.store import load

    t = load(REPO / "data" / "processed")
    arts, sents, al = t["articles"], t["sentences"], t["alignments"]
    first = al.iloc[0]
    src = dict(zip(arts["article_id"], arts["source_file"]))
    apart = parse_corrections({"claims": {"different": [[f"{src[first.article_a]}#{first.sentence_a}", f"{first.article_b}#{first.sentence_b}"]]}})
    fewer = apply_claim_corrections(al, sents, arts, apart)
    assert len(fewer) == len(al) - 1
    _, before = build_claims(al, sents, arts)
    claim_of = dict(zip(zip(before["article_id"], before["sentence_id"]), before["claim_id"]))
    alone = before.groupby("claim_id").filter(lambda g: len(g) == 1)
    (a, sa), (b, sb) = next(
        (x, y) for x in zip(alone["article_id"], alone["sentence_id"]) for y in zip(alone["article_id"], alone["sentence_id"]) if x[0] < y[0]
    )
    assert claim_of[(a, sa)] != claim_of[(b, sb)]
    together = parse_corrections({"claims": {"same": [[f"{src[a]}#{sa}", f"{b}#{sb}"]]}})
    _, after = build_claims(apply_claim_corrections(al, sents, arts, together), sents, arts)
    claim_of = dict(zip(zip(after["article_id"], after["sentence_id"]), after["claim_id"]))
    assert claim_of[(a, sa)] == claim_of[(b, sb)]


def _one_claim_story(n: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """n articles of one story, one sentence each, every pair of sentences aligned as a paraphrase."""
    from storylens.tables import ALL_TABLES

    ids = [f"a{i}" for i in range(n)]
    arts = pd.DataFrame({"article_id": ids, "source_file": [f"{a}.txt" for a in ids], "outlet": [f"Outlet {a}" for a in ids], "story_id": "s1"})
    arts["published"] = pd.Timestamp("2024-01-05")
    text = "North Korea supplied ballistic missiles to Russia."
    sents = pd.DataFrame({"article_id": ids, "sentence_id": 0, "start": 0, "end": len(text), "paragraph": 0, "text": text})
    rows = [
        {"story_id": "s1", "article_a": a, "sentence_a": 0, "start_a": 0, "end_a": len(text), "outlet_a": f"Outlet {a}",
         "article_b": b, "sentence_b": 0, "start_b": 0, "end_b": len(text), "outlet_b": f"Outlet {b}", "similarity": 0.9,
         "verbatim": 1.0, "relation": "paraphrase", "shared_terms": [], "conflict_cue": None, "conflict_side": None, "same_outlet": False}
        for i, a in enumerate(ids) for b in ids[i + 1 :]
    ]  # fmt: skip
    return arts, sents, pd.DataFrame(rows, columns=ALL_TABLES["alignments"].names)


def _claim_of(members: pd.DataFrame) -> dict[str, str]:
    return dict(zip(members["article_id"], members["claim_id"], strict=True))


def test_different_claims_never_share_a_claim_through_a_third_sentence() -> None:
    """A "different" correction is a cannot-link: no chain of other aligned sentences puts the two in one claim."""
    from storylens.compare.claim_corrections import apply_claim_corrections, cannot_links
    from storylens.compare.claims import build_claims

    # Three sentences, all aligned: the pair marked different stays apart even with its own alignment still there,
    # and the third sentence joins one of them, not both.
    arts, sents, al = _one_claim_story(3)
    assert len(set(_claim_of(build_claims(al, sents, arts)[1]).values())) == 1
    apart = parse_corrections({"claims": {"different": [["a0.txt#0", "a1#0"]]}})
    links = cannot_links(sents, arts, apart)
    assert links == {frozenset({("a0", 0), ("a1", 0)})}
    claim_of = _claim_of(build_claims(al, sents, arts, apart=links)[1])
    assert claim_of["a0"] != claim_of["a1"] and claim_of["a2"] in {claim_of["a0"], claim_of["a1"]}
    # Through the corrections path: removing the pair's alignment alone is not enough once two other outlets
    # align to both (a majority link joins the fourth sentence); the cannot-link keeps them apart.
    arts, sents, al = _one_claim_story(4)
    apart = parse_corrections({"claims": {"different": [["a0.txt#0", "a1.txt#0"]]}})
    fewer = apply_claim_corrections(al, sents, arts, apart)
    assert len(fewer) == len(al) - 1
    old = _claim_of(build_claims(fewer, sents, arts)[1])
    assert old["a0"] == old["a1"]  # what the alignment removal alone gave
    claim_of = _claim_of(build_claims(fewer, sents, arts, apart=cannot_links(sents, arts, apart))[1])
    assert claim_of["a0"] != claim_of["a1"]
    # A "same" chain cannot undo it either: a0 = a2 and a2 = a1 marked same, a0 and a1 different.
    chained = parse_corrections({"claims": {"same": [["a0#0", "a2#0"], ["a2#0", "a1#0"]], "different": [["a0#0", "a1#0"]]}})
    claim_of = _claim_of(build_claims(apply_claim_corrections(al, sents, arts, chained), sents, arts, apart=cannot_links(sents, arts, chained))[1])
    assert claim_of["a0"] != claim_of["a1"]


def test_fts_query_and_escaped_highlight() -> None:
    assert fts_query('a OR x: "two words" NEAR(') == '"a" "OR" "x" "two words" "NEAR"'
    assert fts_query('say "unclosed') == '"say" "unclosed"'
    assert fts_query("  ") == ""
    assert mark_html("<b>\x02ballistic\x03</b>") == "&lt;b&gt;<mark>ballistic</mark>&lt;/b&gt;"


def test_search_finds_ballistic_in_both_seed_articles(tmp_path: Path) -> None:
    ix = SearchIndex.for_build(REPO / "data" / "processed", tmp_path)
    hits = ix.search("ballistic")
    assert set(hits["outlet"]) == {"Newsweek", "RBC-Ukraine"} and hits["snippet_html"].str.contains("<mark>ballistic</mark>").all()
    assert (hits["score"].diff().dropna() <= 0).all(), "best match first"
    assert set(ix.search("missiles", outlets=["Newsweek"])["outlet"]) == {"Newsweek"}
    assert ix.search('") OR *').empty


def test_build_queue_writes_status_and_applies_corrections(tmp_path: Path, seeds_dir: Path) -> None:
    ws = _ws(tmp_path, max_articles=1)
    corpus, token = ws.create("seeds")
    staged = [tmp_path / p.name for p in seeds_dir.glob("*.txt")]
    for p in staged:
        p.write_bytes((seeds_dir / p.name).read_bytes())
    ws.accept(corpus, token, staged)
    q = BuildQueue(ws)
    with pytest.raises(ReadOnly):
        q.submit(corpus, "wrong")
    assert q.submit(corpus, token)
    q.wait(corpus.id, timeout=300)
    s = read_status(corpus)
    assert s["state"] == "failed" and "STORYLENS_MAX_ARTICLES" in s["reason"]
    ws.settings = HostSettings(corpora_root=ws.root, max_articles=10)
    CorrectionLog(corpus.corrections).add("rename", "Ada", name="Vladimir Putin", to="Vladimir V. Putin")
    assert q.submit(corpus, token)
    q.wait(corpus.id, timeout=300)
    s = read_status(corpus)
    assert s["state"] == "built" and s["articles"] == 2, s
    actors = pd.read_parquet(corpus.processed / "actors.parquet")
    assert "Vladimir V. Putin" in set(actors["name"])
    # A correction-driven rebuild re-parses nothing when no article's text or date changes: the
    # per-article stage is reused whole, only the corpus steps run again, and both corrections apply.
    from storylens import store

    al = pd.read_parquet(corpus.processed / "alignments.parquet").iloc[0]
    arts = pd.read_parquet(corpus.processed / "articles.parquet")
    src = dict(zip(arts["article_id"], arts["source_file"], strict=True))
    pair = [f"{src[al['article_a']]}#{int(al['sentence_a'])}", f"{src[al['article_b']]}#{int(al['sentence_b'])}"]
    log = CorrectionLog(corpus.corrections)
    log.add("kind", "Ada", name="Vladimir V. Putin", kind="group")  # the name the page shows after the rename
    log.add("different_claim", "Ada", sentences=pair)
    assert q.submit(corpus, token)
    q.wait(corpus.id, timeout=300)
    assert read_status(corpus)["state"] == "built"
    info = store.read_build_info(corpus.processed)
    assert (info["analysed"], info["reused"]) == (0, 2), info
    t = store.load(corpus.processed)
    assert t["actors"].set_index("name").at["Vladimir V. Putin", "kind"] == "group"
    claim_of = dict(zip(zip(t["claim_sentences"]["article_id"], t["claim_sentences"]["sentence_id"]), t["claim_sentences"]["claim_id"]))
    assert claim_of[(al["article_a"], int(al["sentence_a"]))] != claim_of[(al["article_b"], int(al["sentence_b"]))]
