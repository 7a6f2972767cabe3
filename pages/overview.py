"""Overview: what the corpus is and where to start, then the corpus at a glance, what was inferred, what was rejected, how it was built."""

import pandas as pd
import streamlit as st

from app import data, frames, queries, ui, workspace

st.title("Storylens: corpus overview")
corpus = workspace.current()
info = data.build_info()
actors, rejects = queries.actors(), queries.table("rejects")
link = workspace.link_params(corpus)
has_articles = queries.has_table("articles")
facts = (
    queries.sql(
        "SELECT count(*) AS n, count(DISTINCT outlet) AS outlets, count(DISTINCT story_id) AS stories, min(published) AS first, max(published) AS last FROM {articles}"
    ).iloc[0]
    if has_articles
    else None
)
n_articles = int(facts["n"]) if facts is not None else 0

if n_articles == 0 and rejects.empty:
    st.info(
        "This corpus has no build yet: see its build status on the Corpus page, or build one with `python -m storylens build data/raw --out data/processed`."
    )
    st.markdown(f"**[:material/folder_open: Corpus page]({frames.page_href('corpus', link)})**")
    st.stop()

# --- what this is and where to start ---------------------------------------------------------
n_out = int(facts["outlets"]) if facts is not None else 0
span = f", published {facts['first'].date()} to {facts['last'].date()}" if facts is not None and pd.notna(facts["first"]) else ""
what = "the bundled sample" if corpus.is_sample else f"“{corpus.name}”"
st.markdown(
    f"You are looking at {ui.md_escape(what)}: {n_articles:,} article(s) from {n_out} outlet(s){ui.md_escape(span)}. "
    "Storylens read every article, found who is named, when things happened and what each outlet says, "
    "and keeps each finding linked to the sentence it comes from."
)
st.markdown("**Three places to start**")
s1, s2, s3 = st.columns(3)
with s1:
    st.markdown(f"**[:material/timeline: Read the key moments]({frames.page_href('timeline', link)})**")
    st.caption("The story's events on a time axis, with relative dates (“Thursday”) resolved; click one to read the sentences behind it.")
with s2:
    st.markdown(f"**[:material/hub: See who did what to whom]({frames.page_href('network', link)})**")
    st.caption("The actors and their actions on each other; every arrow lists the sentences that say so.")
with s3:
    st.markdown(f"**[:material/compare: Compare the outlets]({frames.page_href('compare', link)})**")
    st.caption("What each outlet reports that others do not, the quotes they share, whom each cites.")
st.caption("How well each step works, in plain words: the Methods page. Search every sentence with the box in the sidebar.")

story_actors = actors[~actors["is_meta"].fillna(False)] if not actors.empty else actors
c1, c2, c3, c4, c5 = st.columns(5)
c1.metric("Articles", n_articles)
c2.metric("Outlets", n_out)
c3.metric("Stories", int(facts["stories"]) if facts is not None else 0)
c4.metric("Actors in the story", len(story_actors))
c5.metric("Rejected inputs", len(rejects))

figures = data.overview_figures()
if "outlets" in figures:
    left, right = st.columns(2)
    with left:
        st.plotly_chart(figures["outlets"], key="overview_outlets")
    with right:
        st.plotly_chart(figures["coverage"], key="overview_coverage")
if "actors" in figures:
    st.plotly_chart(figures["actors"], key="overview_actors")

st.subheader("Articles")
st.caption("Where each fact came from: *_how says manifest, metadata, url, text, inferred or unknown.")
cols = [c for c in queries.ARTICLE_LIST if c != "published_evidence"]  # the evidence is on the Article page
offset = ui.pager(n_articles, key="overview_articles_page")
arts = queries.article_list(cols, where=f"true LIMIT {ui.PAGE_ROWS} OFFSET {int(offset)}")
shown = arts.drop(columns=["article_id"]).assign(open=[frames.article_href(a, corpus=link) for a in arts["article_id"]])
ui.table(shown, key="overview_articles", file_name="articles", column_config={"open": ui.LINK_COLUMN})

n_stories = int(facts["stories"]) if facts is not None else 0
if n_stories:
    st.subheader("Stories")
    offset = ui.pager(n_stories, key="overview_stories_page")
    stories = queries.sql(
        "SELECT story_id, count(*) AS articles, list_sort(list_distinct(list(outlet))) AS outlets, min(published) AS first, max(published) AS last, "
        "first(title ORDER BY published NULLS LAST, article_id) AS example FROM {articles} WHERE story_id IS NOT NULL "
        "GROUP BY story_id ORDER BY articles DESC, story_id LIMIT ? OFFSET ?",
        [ui.PAGE_ROWS, int(offset)],
    )
    stories["first"], stories["last"] = stories["first"].dt.date, stories["last"].dt.date
    ui.table(stories, key="overview_stories", file_name="stories")

# Articles listed under each date warning (the count above them is of all).
LISTED = 1000
date_cols = ["article_id", "source_file", "outlet", "title", "published", "published_how", "published_confidence", "published_evidence"]
inferred = queries.article_list(date_cols, where=f"published_how = 'inferred' LIMIT {LISTED}")
n_inferred = int(queries.sql("SELECT count(*) AS n FROM {articles} WHERE published_how = 'inferred'")["n"].iloc[0]) if has_articles else 0
if not inferred.empty:
    st.warning(f"{n_inferred:,} publication date(s) were inferred from the text or url, not given.")
    ui.table(inferred[["source_file", "published", "published_confidence", "published_evidence"]], key="overview_inferred", file_name="inferred_dates")
unparsed = queries.article_list(date_cols, where=f"published_how = 'field_unparsed' LIMIT {LISTED}")
n_unparsed = int(queries.sql("SELECT count(*) AS n FROM {articles} WHERE published_how = 'field_unparsed'")["n"].iloc[0]) if has_articles else 0
if not unparsed.empty:
    st.warning(f"{n_unparsed:,} article(s) state a date that could not be read; their date is left empty, not guessed.")
    ui.table(unparsed[["source_file", "outlet", "title", "published_evidence"]], key="overview_unparsed", file_name="unparsed_dates")
ambiguous = queries.article_list(date_cols, where=f"starts_with(coalesce(published_evidence, ''), 'ambiguous') LIMIT {LISTED}")
n_ambiguous = (
    int(queries.sql("SELECT count(*) AS n FROM {articles} WHERE starts_with(coalesce(published_evidence, ''), 'ambiguous')")["n"].iloc[0])
    if has_articles
    else 0
)
if not ambiguous.empty:
    st.info(f"{n_ambiguous:,} numeric date(s) could be read day-first or month-first; read as shown (set --date-order to change).")
    ui.table(ambiguous[["source_file", "published", "published_evidence"]], key="overview_ambiguous", file_name="ambiguous_dates")
n_unknown = int(queries.sql("SELECT count(*) AS n FROM {articles} WHERE outlet = 'unknown'")["n"].iloc[0]) if has_articles else 0
if n_unknown:
    st.warning(f"{n_unknown} article(s) have an unknown outlet: add them to manifest.csv or data/corrections.yaml.")

st.subheader("Rejected inputs")
if rejects.empty:
    st.write("None: every input file became an article.")
else:
    ui.table(rejects[["source_file", "reason", "detail"]], key="overview_rejects", file_name="rejects")

st.subheader("Build")
model = info.get("model", {}) or {}
st.write(f"Pipeline {info.get('pipeline_version')}, model {model.get('name')} {model.get('version')}, built {info.get('built_at')} in {info.get('seconds')} s.")
corrections = info.get("corrections") or {}
applied = {k: v for k, v in (corrections.get("actors") or {}).items() if v}
if applied or corrections.get("articles"):
    st.write("Corrections applied:")
    st.json({"actors": applied, "articles": corrections.get("articles")}, expanded=False)
else:
    st.write(f"No corrections applied (file: `{corrections.get('source', 'data/corrections.yaml')}`).")
st.download_button(
    "Download the whole build (Parquet, zip)",
    data=data.parquet_zip,
    file_name="storylens_build.zip",
    mime="application/zip",
    key="overview_zip",
    on_click="ignore",
)
with st.expander("build_info.json"):
    st.code(data.info_json(info), language="json")
