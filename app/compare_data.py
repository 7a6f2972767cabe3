"""Side-by-side views of a story's articles: claims in rows, quotes by group, sources, names.

Why pure pandas: the same grids feed the page (as escaped HTML and as tables to
download) and the tests; each has a fallback for builds without the comparison tables
(claims, alignments, citations, labels), so the page degrades instead of failing.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import pandas as pd

from app.frames import actor_names, get, has, outlet_of
from app.palette import outlet_colour
from storylens.compare.quote_groups import changed_spans

STATUS_MARK = {"shared": "● shared", "unique": "○ unique", "conflicting": "⚠ conflicting"}


def story_articles(t: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Analysed articles with their story (articles without one form a story of their own)."""
    arts = get(t, "articles")
    if arts.empty:
        return pd.DataFrame(columns=["article_id", "outlet", "title", "published", "story_id"])
    arts = arts[arts["status"] == "analysed"] if "status" in arts.columns else arts
    story = arts["story_id"] if "story_id" in arts.columns else pd.Series(pd.NA, index=arts.index)
    out = arts[["article_id", "outlet", "title", "published"]].copy()
    out["story_id"] = story.fillna("single:" + arts["article_id"].astype(str)).astype(str)
    return out.sort_values(["story_id", "published", "outlet"]).reset_index(drop=True)


def column_name(article: Mapping) -> str:
    return f"{article['outlet']} · {str(article['article_id'])[:6]}"


def claim_grid(t: Mapping[str, pd.DataFrame], article_ids: list[str]) -> pd.DataFrame:
    """One row per claim with a member in the chosen articles; one text column per article.

    Columns: claim_id, status, n_outlets, then per article `<outlet> · <id>` holding its
    sentence (empty when the article does not report the claim), then `order` (position of
    the claim's first sentence, so the grid reads in article order)."""
    if not (has(t, "claims", "claim_id") and has(t, "claim_sentences", "claim_id")) or not article_ids:
        return pd.DataFrame()
    arts = get(t, "articles")
    arts = arts[arts["article_id"].isin(article_ids)].set_index("article_id")
    cs = get(t, "claim_sentences")
    cs = cs[cs["article_id"].isin(article_ids)]
    if cs.empty:
        return pd.DataFrame()
    sents = get(t, "sentences")
    sents = sents[sents["article_id"].isin(article_ids)]
    text = {(a, int(s)): x for a, s, x in zip(sents["article_id"], sents["sentence_id"], sents["text"])}
    claims = get(t, "claims")
    claims = claims[claims["claim_id"].isin(set(cs["claim_id"]))].set_index("claim_id")
    rank = {a: i for i, a in enumerate(article_ids)}
    cols = {a: column_name({"outlet": arts.at[a, "outlet"] if a in arts.index else "?", "article_id": a}) for a in article_ids}
    status_of = claims["status"].to_dict() if "status" in claims.columns else {}
    members: dict[str, list[dict]] = {}
    for r in cs.to_dict("records"):  # plain records: a few hundred rows, no per-claim pandas
        members.setdefault(r["claim_id"], []).append(r)
    rows = []
    for cid, grp in members.items():
        outlets = {r["outlet"] for r in grp}
        status = status_of.get(cid, "unique")
        # Status is recomputed for the chosen articles: a claim shared with an article left out
        # of the view is unique here (conflicts stay conflicts when both sides are shown).
        if status != "conflicting" or len({r.get("stance") for r in grp}) < 2:
            status = "shared" if len(outlets) > 1 else "unique"
        row: dict = {"claim_id": cid, "status": status, "n_outlets": len(outlets)}
        for a in article_ids:
            mine = sorted((r for r in grp if r["article_id"] == a), key=lambda r: r["sentence_id"])
            cell = " ".join(text.get((a, int(r["sentence_id"])), "") for r in mine)
            row[cols[a]] = ("⚠ " + cell) if any(r.get("stance") == "denies" for r in mine) else cell
        first = min(grp, key=lambda r: (rank[r["article_id"]], r["sentence_id"]))
        row["order"] = (rank[first["article_id"]], int(first["sentence_id"]))
        rows.append(row)
    return pd.DataFrame(rows).sort_values("order").drop(columns="order").reset_index(drop=True)


def outlet_th(label: str, outlet: str) -> str:
    """A column heading underlined in the outlet's colour (app.palette), the same on every page."""
    return f'<th style="border-bottom:4px solid {outlet_colour(outlet)};text-align:left;padding:4px 8px">{html.escape(label)}</th>'


def grid_html(grid: pd.DataFrame, text_columns: list[str], outlets: list[str] | None = None) -> str:
    """The claim grid as an HTML table, every cell escaped: aligned claims share a row; with
    `outlets` (one per text column) each heading carries its outlet's colour."""
    heads = [outlet_th(c, o) for c, o in zip(text_columns, outlets, strict=True)] if outlets else [f"<th>{html.escape(c)}</th>" for c in text_columns]
    head = '<th style="width:8em"></th>' + "".join(heads)
    body = []
    for r in grid.to_dict("records"):
        status = str(r["status"])
        colour = {"shared": "#d1e7dd", "conflicting": "#f8d7da"}.get(status, "transparent")
        cells = "".join(
            f'<td style="vertical-align:top;padding:4px 8px;background:{colour if r[c] else "transparent"}">{html.escape(str(r[c]))}</td>' for c in text_columns
        )
        body.append(f'<tr><td style="vertical-align:top;white-space:nowrap;padding:4px">{html.escape(STATUS_MARK.get(status, status))}</td>{cells}</tr>')
    return f'<table style="width:100%;border-collapse:collapse;table-layout:fixed"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def paragraph_ranges(t: Mapping[str, pd.DataFrame], article_id: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each paragraph of an article in articles.text, from its sentences;
    slicing the text (not joining sentences) keeps every other table's offsets exact."""
    sents = get(t, "sentences")
    if sents.empty:
        return []
    mine = sents[sents["article_id"] == article_id]
    spans = mine.groupby("paragraph", sort=True).agg(start=("start", "min"), end=("end", "max"))
    return [(int(a), int(b)) for a, b in zip(spans["start"], spans["end"])]


def spoken(quotes: pd.DataFrame) -> pd.DataFrame:
    """The rows that report someone's words: a quotes table without its acts and stances
    ("Britain condemned ...", `is_speech` false). A build from before the column keeps all."""
    if quotes.empty or "is_speech" not in quotes.columns:
        return quotes
    return quotes[quotes["is_speech"].fillna(True).astype(bool)]


def quote_groups(t: Mapping[str, pd.DataFrame], article_ids: list[str]) -> pd.DataFrame:
    """Quotes of the chosen articles that belong to a cross-article group, grouped."""
    cols = ["quote_group_id", "outlet", "article_id", "sentence_id", "speaker", "kind", "match", "diff", "text"]
    q = spoken(get(t, "quotes"))
    if q.empty or "quote_group_id" not in q.columns:
        return pd.DataFrame(columns=cols)
    q = q[q["article_id"].isin(article_ids) & q["quote_group_id"].notna()]
    q = q[q.groupby("quote_group_id")["article_id"].transform("nunique") > 1]
    names = actor_names(t)
    speaker = [names.get(a) if isinstance(a, str) else None for a in q["speaker_actor_id"]]
    out = q.assign(
        outlet=q["article_id"].astype(str).map(outlet_of(t)),
        speaker=[s or r or x for s, r, x in zip(speaker, q["speaker_resolved_text"].fillna(""), q["speaker_text"].fillna(""))],
    )
    return out[cols].sort_values(["quote_group_id", "outlet", "sentence_id"]).reset_index(drop=True)


def _reference(grp: pd.DataFrame) -> str:
    """The rendering the others are compared with: the longest direct quote of the group
    (the fullest record of the speaker's words), else the longest quote."""
    direct = grp[grp["kind"] == "direct"]
    pool = direct if len(direct) else grp
    return str(max(pool["text"].astype(str), key=len))


def _marked(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` escaped, the `spans` wrapped in <mark> (changed words)."""
    out, pos = [], 0
    for a, b in spans:
        out += [html.escape(text[pos:a]), f'<mark style="background:#ffe08a">{html.escape(text[a:b])}</mark>']
        pos = b
    return "".join(out) + html.escape(text[pos:])


def quote_grid_html(groups: pd.DataFrame, outlets: list[str]) -> str:
    """`quote_grid` as an escaped HTML table: each outlet's words that differ from the group's
    fullest direct quote highlighted, its match kind (verbatim / shortened / edited /
    paraphrased) above the text."""
    head = '<th style="width:9em">speaker</th>' + "".join(outlet_th(o, o) for o in outlets)
    body = []
    for _gid, grp in groups.groupby("quote_group_id", sort=False):
        ref = _reference(grp)
        speaker = next((str(x) for x in grp["speaker"] if isinstance(x, str) and x), "")
        cells = []
        for o in outlets:
            mine = grp[grp["outlet"] == o]
            parts = []
            for r in mine.to_dict("records"):
                text = str(r["text"])
                spans = [] if text == ref else changed_spans(ref, text)
                diff = (
                    f'<br><span style="color:#666;font-size:0.85em">{html.escape(str(r["diff"]))}</span>'
                    if isinstance(r.get("diff"), str) and r["diff"]
                    else ""
                )
                # Only a direct quote is the speaker's words between marks; an indirect or mixed one is the
                # outlet's own sentence, carrying its own marks where it quotes ('... and "put ... at risk."').
                shown = f"“{_marked(text, spans)}”" if r.get("kind") == "direct" else _marked(text, spans)
                parts.append(f"<div><small><b>{html.escape(str(r.get('match') or ''))}</b> · {html.escape(str(r.get('kind') or ''))}</small><br>{shown}{diff}</div>")
            cells.append(f'<td style="vertical-align:top;padding:4px 8px">{"".join(parts) or "<i style=color:#999>not quoted</i>"}</td>')
        body.append(f'<tr><td style="vertical-align:top;padding:4px 8px"><b>{html.escape(speaker)}</b></td>{"".join(cells)}</tr>')
    return f'<table style="width:100%;border-collapse:collapse;table-layout:fixed"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def cited_sources(t: Mapping[str, pd.DataFrame], article_ids: list[str]) -> tuple[pd.DataFrame, str]:
    """(source × outlet counts, where they come from): citations, else quote speakers."""
    names, outlets = actor_names(t), outlet_of(t)
    if has(t, "citations", "cited_actor_id"):
        c = get(t, "citations")
        c = c[c["article_id"].isin(article_ids)]
        named = c["cited_name"] if "cited_name" in c.columns else pd.Series(None, index=c.index, dtype="object")
        written = c["cited_text"] if "cited_text" in c.columns else pd.Series(None, index=c.index, dtype="object")
        source = [
            n if isinstance(n, str) and n else (names.get(a) if isinstance(a, str) else None) or (w if isinstance(w, str) else "(unnamed)")
            for n, a, w in zip(named, c["cited_actor_id"], written)
        ]
        kind = c["cited_kind"].fillna("") if "cited_kind" in c.columns else ""
        df = pd.DataFrame({"source": source, "kind": kind, "outlet": c["article_id"].map(outlets)})
        how = "citations"
    else:
        q = spoken(get(t, "quotes"))
        if q.empty:
            return pd.DataFrame(), "quotes"
        q = q[q["article_id"].isin(article_ids)]
        src = [names.get(a) if isinstance(a, str) else None for a in q["speaker_actor_id"]]
        df = pd.DataFrame(
            {
                "source": [s or r or x or "(unattributed)" for s, r, x in zip(src, q["speaker_resolved_text"].fillna(""), q["speaker_text"].fillna(""))],
                "kind": q["kind"],
                "outlet": q["article_id"].map(outlets),
            }
        )
        how = "quote speakers"
    if df.empty:
        return pd.DataFrame(), how
    df["kind"] = df["kind"].fillna("")
    pivot = df.groupby(["source", "kind", "outlet"]).size().unstack("outlet", fill_value=0)
    pivot.columns.name = None
    pivot["total"] = pivot.sum(axis=1)
    return pivot.sort_values("total", ascending=False).reset_index(), how


def naming(t: Mapping[str, pd.DataFrame], article_ids: list[str]) -> tuple[pd.DataFrame, str]:
    """(actor × outlet table of the labels each outlet uses in the chosen articles, where they come from).

    The `labels` table counts per outlet over the whole corpus; here only the chosen articles
    count (each label keeps its mention ids, "<article_id>:<start>-<end>"), so a large corpus
    with one outlet does not show every actor that outlet ever named."""
    names = actor_names(t)
    m = get(t, "mentions")
    in_view = m[m["article_id"].isin(article_ids) & m["actor_id"].notna()] if not m.empty else m
    if has(t, "labels", "actor_id", "label"):
        outlets = outlet_of(t)
        lab = get(t, "labels")
        lab = lab[lab["outlet"].isin({outlets.get(a) for a in article_ids}) & lab["actor_id"].isin(set(in_view["actor_id"]) if not m.empty else set())]
        if "mention_ids" in lab.columns and not lab.empty:
            ex = lab[["outlet", "actor_id", "label", "mention_ids"]].explode("mention_ids").dropna(subset=["mention_ids"])
            ex = ex[ex["mention_ids"].astype(str).str.split(":", n=1).str[0].isin(article_ids)]
            lab = ex.groupby(["outlet", "actor_id", "label"]).size().rename("count").reset_index()
        how = "labels"
    else:
        if in_view.empty:
            return pd.DataFrame(), "mentions"
        outlets = outlet_of(t)
        forms = pd.concat([in_view.assign(label=in_view["text"]), in_view[in_view["descriptor"].notna()].assign(label=lambda d: d["descriptor"])])
        lab = forms.assign(outlet=forms["article_id"].map(outlets)).groupby(["outlet", "actor_id", "label"]).size().rename("count").reset_index()
        how = "mention names and descriptors"
    if lab.empty:
        return pd.DataFrame(), how
    lab = lab.sort_values("count", ascending=False)
    cells = lab.groupby(["actor_id", "outlet"])[["label", "count"]].apply(lambda g: "; ".join(f"{x} ({n})" for x, n in zip(g["label"], g["count"])))
    grid = cells.unstack("outlet", fill_value="")
    grid.columns.name = None
    grid.insert(0, "actor", [names.get(a, a) for a in grid.index])
    totals = lab.groupby("actor_id")["count"].sum()
    grid = grid.assign(_n=totals.reindex(grid.index).values).sort_values("_n", ascending=False).drop(columns="_n")
    return grid.reset_index(drop=True), how
