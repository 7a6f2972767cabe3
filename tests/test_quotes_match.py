"""The same quote across outlets: grouping, verbatim / edited / paraphrased, and the diff."""

from __future__ import annotations

import pandas as pd
import pytest

from storylens.compare.quote_groups import MIN_RUN, diff, group_quotes, longest_run, words
from storylens.compare.quotes.extract import extract_quotes


def _frame(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["quote_id", "article_id", "outlet", "speaker_actor_id", "kind", "text"])


def _by_id(df: pd.DataFrame) -> dict[str, pd.Series]:
    return {r["quote_id"]: r for _, r in df.iterrows()}


# ------------------------------------------------------------------ constructed cases


def test_verbatim_across_outlets_with_apostrophe_variant() -> None:
    out = _by_id(
        group_quotes(
            _frame(
                [
                    ("a1", "A", "x", "p:smith", "direct", "We'll make sure the bridge is built before the winter comes."),
                    ("b1", "B", "y", "p:smith", "direct", "We’ll make sure the bridge is built before the winter comes"),
                ]
            )
        )
    )
    assert out["a1"]["quote_group_id"] == out["b1"]["quote_group_id"] is not None
    assert out["a1"]["match"] == out["b1"]["match"] == "verbatim"
    assert out["b1"]["diff"] == "" and out["a1"]["diff"] == "", "typographic variants are never shown as a diff"


def test_editorial_brackets_and_ellipsis_are_edits() -> None:
    out = _by_id(
        group_quotes(
            _frame(
                [
                    ("a1", "A", "x", "p:smith", "direct", "The UNSC must act now to stop the shelling of the city."),
                    ("b1", "B", "y", "p:smith", "direct", "The [United Nations Security Council] must act now to stop the shelling of the city."),
                    ("c1", "C", "z", "p:smith", "direct", "The UNSC must act now … of the city."),
                ]
            )
        )
    )
    assert out["b1"]["match"] == "edited"
    assert "+[United Nations Security Council]" in out["b1"]["diff"] and "-UNSC" in out["b1"]["diff"]
    assert out["c1"]["match"] == "edited"
    assert out["a1"]["quote_group_id"] == out["b1"]["quote_group_id"] == out["c1"]["quote_group_id"]


def test_paraphrase_with_shared_run_groups_as_paraphrased() -> None:
    out = _by_id(
        group_quotes(
            _frame(
                [
                    ("a1", "A", "x", "p:smith", "direct", "Russia has broken its promises and put the security of the region at risk."),
                    ("b1", "B", "y", "p:smith", "mixed", 'that Moscow broke its word and "put the security of the region at risk"'),
                ]
            )
        )
    )
    assert out["a1"]["quote_group_id"] == out["b1"]["quote_group_id"] is not None
    assert out["b1"]["match"] == "paraphrased"
    assert out["a1"]["match"] == "verbatim"  # nothing in the group contradicts the direct quote


def test_different_speakers_never_group() -> None:
    text = "The government will put the security of the region first in every decision."
    out = group_quotes(_frame([("a1", "A", "x", "p:smith", "direct", text), ("b1", "B", "y", "p:jones", "direct", text)]))
    assert out["quote_group_id"].isna().all() and out["match"].isna().all()


def test_short_shared_phrase_does_not_group() -> None:
    # Four words in a row ("at the same time") are below MIN_RUN: a stock phrase, not a quote.
    out = group_quotes(
        _frame(
            [
                ("a1", "A", "x", "p:smith", "direct", "We cut taxes and at the same time raised spending on schools."),
                ("b1", "B", "y", "p:smith", "direct", "Prices fell at the same time as wages rose in every region."),
            ]
        )
    )
    assert MIN_RUN > 4 and out["quote_group_id"].isna().all()


def test_unknown_speaker_needs_a_longer_run() -> None:
    a = "the ceasefire will hold as long as both sides keep their word"
    rows = [("a1", "A", "x", None, "direct", a), ("b1", "B", "y", None, "direct", "Officials say " + " ".join(a.split()[:6]) + " maybe")]
    assert group_quotes(_frame(rows))["quote_group_id"].isna().all()  # 6 words shared, 8 needed
    rows[1] = ("b1", "B", "y", None, "direct", a.upper())
    assert group_quotes(_frame(rows))["quote_group_id"].notna().all()


def test_same_article_alone_is_not_a_group() -> None:
    t = "We will rebuild every school that was destroyed in the fighting."
    out = group_quotes(_frame([("a1", "A", "x", "p:smith", "direct", t), ("a2", "A", "x", "p:smith", "direct", t)]))
    assert out["quote_group_id"].isna().all()


def test_diff_reads_old_then_new() -> None:
    d, changed, aligned = diff(words("Russia has broken multiple resolutions and put"), words("Russia violated numerous resolutions and put"))
    assert d == "-has broken multiple +violated numerous" and changed == 5 and aligned == 4
    assert longest_run(words("a b c d e f"), words("x c d e y")) == 3


# ------------------------------------------------------------------ seeds


@pytest.fixture(scope="module")
def seed_groups(seeds_dir, nlp) -> pd.DataFrame:
    """Both seeds through extract_quotes, then group_quotes.

    The speaker actor id stands in for the build's actor resolution: the last word of the
    resolved speaker ("UK Defense Minister Grant Shapps" -> "shapps").
    """
    frames = []
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        q = extract_quotes(text, doc=nlp(text))
        q["article_id"] = path.stem
        q["outlet"] = path.stem
        q["quote_id"] = [f"{path.stem}:{s}-{e}" for s, e in zip(q["start"], q["end"])]
        q["text"] = q["quote_text"]
        q["speaker_actor_id"] = q["speaker_resolved_text"].map(lambda s: None if pd.isna(s) else s.split()[-1].lower())
        frames.append(q)
    return group_quotes(pd.concat(frames, ignore_index=True))


def _seed_row(g: pd.DataFrame, article_prefix: str, needle: str) -> pd.Series:
    hit = g[g["article_id"].str.startswith(article_prefix) & g["text"].str.contains(needle, regex=False)]
    assert len(hit) == 1, hit
    return hit.iloc[0]


def test_seeds_shapps_statements_are_one_group_each(seed_groups) -> None:
    g = seed_groups
    needles = ("The world has turned its back", "This must stop now", "put the security of another world region")
    ids = {n: {_seed_row(g, p, n)["quote_group_id"] for p in ("000", "003")} for n in needles}
    for n, found in ids.items():
        assert len(found) == 1 and not pd.isna(next(iter(found))), (n, found)  # both outlets, one group
    assert len({next(iter(v)) for v in ids.values()}) == 3, "three statements, three groups"
    for gid in (next(iter(v)) for v in ids.values()):
        group = g[g["quote_group_id"] == gid]
        assert set(group["speaker_actor_id"]) == {"shapps"} and len(group) == 2


def test_seeds_match_and_diff(seed_groups) -> None:
    g = seed_groups
    nw = _seed_row(g, "000", "[United Nations Security Council]")
    assert nw["match"] == "edited" and "+[United Nations Security Council]" in nw["diff"]
    rbc = _seed_row(g, "003", "Russia violated numerous")
    assert rbc["match"] == "paraphrased"
    assert _seed_row(g, "000", "The world has turned")["match"] == "verbatim"
    stop = _seed_row(g, "003", "This must stop now")
    assert stop["match"] == "verbatim" and stop["diff"] == ""  # we’ll / we'll is typesetting, not a diff


def test_truncated_quote_is_shortened() -> None:
    out = _by_id(
        group_quotes(
            _frame(
                [
                    ("a1", "A", "x", "p:smith", "direct", "We will rebuild the bridge before the winter comes, and we will pay for it ourselves."),
                    ("b1", "B", "y", "p:smith", "direct", "We will rebuild the bridge before the winter comes"),
                ]
            )
        )
    )
    assert out["b1"]["match"] == "shortened" and "cut at end: -and we will pay for it ourselves" in out["b1"]["diff"]
    assert out["a1"]["match"] == "verbatim"


def test_typographic_variants_fold() -> None:
    a = words("“It’s over — finally…” he said")
    b = words('"It\'s over - finally..." he said')
    assert [w.norm for w in a] == [w.norm for w in b]
    assert diff(a, b)[1] == 0 and diff(a, b)[0] == ""


def test_quote_grid_lines_up_one_statement_per_row() -> None:
    from app.compare_data import quote_grid_html

    groups = pd.DataFrame(
        [
            {
                "quote_group_id": "g1",
                "outlet": "A",
                "speaker": "Smith",
                "kind": "direct",
                "match": "verbatim",
                "diff": "",
                "text": "We will rebuild the <b>bridge</b> before the winter comes.",
            },
            {
                "quote_group_id": "g1",
                "outlet": "B",
                "speaker": "Smith",
                "kind": "direct",
                "match": "edited",
                "diff": "-rebuild +repair",
                "text": "We will repair the <b>bridge</b> before the winter comes.",
            },
            {"quote_group_id": "g2", "outlet": "B", "speaker": "Smith", "kind": "direct", "match": "verbatim", "diff": "", "text": "This must stop now."},
        ]
    )
    out = quote_grid_html(groups, ["A", "B"])
    assert out.count("<tr>") == 3  # header + one row per statement
    assert "<b>bridge</b>" not in out and "&lt;b&gt;bridge&lt;/b&gt;" in out  # escaped
    assert '<mark style="background:#ffe08a">repair</mark>' in out and out.count("<mark") == 1  # only the changed word
    assert "not quoted" in out  # g2 has no rendering in A
    assert "“This must stop now.”" in out


def test_quote_grid_adds_no_marks_around_an_outlet_s_own_sentence() -> None:
    from app.compare_data import quote_grid_html

    mixed = 'that Russia violated resolutions and "put the security of another world region at risk."'
    groups = pd.DataFrame([{"quote_group_id": "g1", "outlet": "B", "speaker": "Shapps", "kind": "mixed", "match": "paraphrased", "diff": "", "text": mixed}])
    out = quote_grid_html(groups, ["B"])
    assert "risk.&quot;”" not in out and "“that Russia" not in out
    assert "that Russia violated" in out


def test_reported_speech_paraphrases_of_one_speaker_group() -> None:
    """Kirby's briefing in the seeds: Newsweek and RBC-Ukraine paraphrase it with no long
    shared run; same speaker, most content words shared -> one group, "paraphrased"."""
    out = _by_id(group_quotes(_frame([
        ("a1", "A", "Newsweek", "p:kirby", "indirect", "that Russia recently used short-range ballistic missiles sourced from North Korea in multiple airstrikes across Ukraine"),
        ("a2", "A", "Newsweek", "p:kirby", "indirect", "that Russia is believed to be closing in on a deal with Iran for additional short-range missiles"),
        ("b1", "B", "RBC", "p:kirby", "indirect", "that Russia had procured ballistic missiles from North Korea and already used them to strike Ukraine"),
        ("b2", "B", "RBC", "p:other", "indirect", "that Russia had procured ballistic missiles from North Korea and already used them to strike Ukraine"),
    ])))
    assert out["a1"]["quote_group_id"] == out["b1"]["quote_group_id"] is not None
    assert out["a1"]["match"] == out["b1"]["match"] == "paraphrased"
    assert pd.isna(out["a2"]["quote_group_id"]), "a different statement of the same speaker stays apart"
    assert out["b2"]["quote_group_id"] != out["a1"]["quote_group_id"], "another speaker's words never join"


def test_direct_quotes_are_not_joined_as_paraphrases() -> None:
    """Two direct quotes sharing topic words but no run are two statements (verbatim words
    are compared by runs only)."""
    out = _by_id(group_quotes(_frame([
        ("a1", "A", "x", "p:shapps", "direct", "Russia used North Korean ballistic missiles against Ukraine cities"),
        ("b1", "B", "y", "p:shapps", "direct", "North Korean ballistic missiles hit Ukraine cities, Russia admits"),
    ])))
    assert pd.isna(out["a1"]["quote_group_id"]) and pd.isna(out["b1"]["quote_group_id"])


def test_group_classification_equals_member_by_member_partner_search() -> None:
    """`classify_members` picks each member's partner among distinct quote keys; it must give
    what `_classify` against the full list of other-article members gives (ties included)."""
    import random

    from storylens.compare.quote_groups import _classify, _words_of, classify_members, quote_key

    rng = random.Random(7)
    base = ["we", "will", "not", "stop", "until", "every", "town", "along", "the", "river", "is", "rebuilt", "and", "safe"]
    for trial in range(60):
        group = []
        for _ in range(rng.randint(1, 14)):
            ws = base[rng.randint(0, 3) : rng.randint(9, len(base))]
            if rng.random() < 0.4:
                ws = [w if rng.random() > 0.15 else "[" + w + "]" for w in ws]
            kind = rng.choice(["direct", "direct", "indirect", "mixed"])
            text = " ".join(ws)
            speaker = rng.choice([None, "a1", "a2"])  # same words under several keys share one wording
            group.append({"article": rng.choice("ABCD"), "text": text, "kind": kind, "speaker": speaker, "key": quote_key(text, speaker, kind)})
        for r in group:
            _words_of(r)
        expected = [_classify(r, [o for o in group if o["article"] != r["article"]]) for r in group]
        assert classify_members([dict(r) for r in group]) == expected, f"trial {trial}"


def test_a_quote_without_speaker_never_chains_two_speakers_into_one_group() -> None:
    statement = "the talks will resume in Geneva next week with both delegations at the table"
    out = _by_id(
        group_quotes(
            _frame(
                [
                    ("a1", "A", "x", "p:smith", "direct", statement),
                    ("b1", "B", "y", None, "direct", statement),
                    ("c1", "C", "z", "p:jones", "direct", statement),
                ]
            )
        )
    )
    assert out["a1"]["quote_group_id"] is not None
    assert out["a1"]["quote_group_id"] != out["c1"]["quote_group_id"], "two known speakers, one group"
    assert out["b1"]["quote_group_id"] in {out["a1"]["quote_group_id"], out["c1"]["quote_group_id"]}


def test_a_stock_phrase_in_two_long_quotes_without_speaker_is_no_link() -> None:
    out = _by_id(
        group_quotes(
            _frame(
                [
                    ("a1", "A", "x", "p:smith", "indirect", "the clean-up of the oil spill in the Gulf of Mexico will cost billions of dollars and take the company at least a decade"),
                    ("b1", "B", "y", None, "indirect", "workers on the rig saw the explosion and the oil spill in the Gulf of Mexico from the deck of the supply vessel"),
                ]
            )
        )
    )
    assert pd.isna(out["a1"]["quote_group_id"]) and pd.isna(out["b1"]["quote_group_id"])
