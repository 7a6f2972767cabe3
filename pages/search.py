"""Search: full-text over the open corpus's sentences (BM25), grouped by article, each hit opening its sentence."""

import html

import streamlit as st

from app import data, frames, queries, search_data, ui, workspace

st.title("Search")
corpus = workspace.current()
arts = queries.sql("SELECT DISTINCT outlet, story_id FROM {articles}") if queries.has_table("articles") else None
if arts is None or arts.empty:
    ui.missing("sentences", "there is nothing to search in this build.")
    st.stop()

q = st.text_input('Words or "a phrase" (every word must occur; English words match their other forms)', key="q", bind="query-params", max_chars=200)
left, right = st.columns(2)
outlets = left.multiselect("Outlets", sorted(arts["outlet"].dropna().astype(str).unique()), key="q_outlets", bind="query-params")
stories = right.multiselect(
    "Stories", sorted(arts["story_id"].dropna().astype(str).unique()) if "story_id" in arts else [], key="q_stories", bind="query-params"
)
if not (q or "").strip():
    st.info("Type words to find the sentences that contain them.")
    st.stop()

index_dir = (corpus.folder if not corpus.is_sample else workspace.workspace().root / ".search") or data.data_dir()
hits = search_data.index_for(data.data_dir(), index_dir).search(q, outlets=outlets, stories=stories)
if hits.empty:
    st.warning("No sentence matches.")
    st.stop()

link = workspace.link_params(corpus)
actors = search_data.actors_by_sentence(queries.for_articles(hits["article_id"].astype(str).unique().tolist(), names=("mentions",)), hits)
n_art = hits["article_id"].nunique()
st.caption(f"{len(hits)} sentence(s) in {n_art} article(s), best match first.")
for aid, grp in hits.groupby("article_id", sort=False):
    first = grp.iloc[0]
    st.html(
        f"<h4 style='margin-bottom:0'>{html.escape(str(first['title'] or '(no title)'))}</h4>"
        f"<p style='color:#666;margin-top:0'>{html.escape(str(first['outlet'] or 'unknown'))} · {html.escape(str(first['published'] or 'undated'))}"
        f" · {len(grp)} sentence(s)</p>"
    )
    for r in grp.sort_values("sentence_id").to_dict("records"):
        href = frames.article_href(aid, r["sentence_id"], link)
        who = actors.get((str(aid), int(r["sentence_id"])), [])
        people = " · ".join(
            f"<a href='{html.escape(frames.page_href('network', {'net_actor': a, **link}))}' target='_self'>{html.escape(n)}</a>" for a, n in who
        )
        st.html(
            f"<div class='search-hit' style='margin:0 0 .6em 0'><a href='{html.escape(href)}' target='_self'>sentence {int(r['sentence_id'])}</a>: "
            f"{r['snippet_html']}" + (f"<br><small>actors: {people}</small>" if people else "") + "</div>"
        )

st.subheader("All matches")
ui.table(frames.with_links(hits.drop(columns=["snippet_html"]), corpus=link), key="q_results", file_name="search", column_config={"open": ui.LINK_COLUMN})
