"""Overview: what the corpus is and where to start, then the corpus at a glance, what was inferred, what was rejected, how it was built."""

import streamlit as st

from app import data, frames, ui, workspace

st.title("Storylens: corpus overview")
corpus = workspace.current()
t = data.tables()
info = data.build_info()
arts, actors, rejects = frames.get(t, "articles"), frames.get(t, "actors"), frames.get(t, "rejects")
link = workspace.link_params(corpus)

if arts.empty and rejects.empty:
    st.info(
        "This corpus has no build yet: see its build status on the Corpus page, or build one with `python -m storylens build data/raw --out data/processed`."
    )
    st.markdown(f"**[:material/folder_open: Corpus page]({frames.page_href('corpus', link)})**")
    st.stop()

# --- what this is and where to start ---------------------------------------------------------
n_out = arts["outlet"].nunique() if not arts.empty else 0
days = arts["published"].dropna() if "published" in arts.columns else arts.iloc[0:0]
span = f", published {min(days)} to {max(days)}" if len(days) else ""
what = "the bundled sample" if corpus.is_sample else f"“{corpus.name}”"
st.markdown(
    f"You are looking at {ui.md_escape(what)}: {len(arts)} article(s) from {n_out} outlet(s){ui.md_escape(span)}. "
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
c1.metric("Articles", len(arts))
c2.metric("Outlets", arts["outlet"].nunique() if not arts.empty else 0)
c3.metric("Stories", arts["story_id"].nunique() if "story_id" in arts.columns and not arts.empty else 0)
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
cols = [
    "source_file",
    "url",
    "outlet",
    "outlet_how",
    "title",
    "authors",
    "published",
    "published_how",
    "published_confidence",
    "language",
    "status",
    "n_words",
    "story_id",
    "duplicate_of",
]
shown = arts[cols].assign(open=[frames.article_href(a, corpus=link) for a in arts["article_id"]])
ui.table(shown, key="overview_articles", file_name="articles", column_config={"open": ui.LINK_COLUMN})

if "story_id" in arts.columns and arts["story_id"].notna().any():
    st.subheader("Stories")
    stories = (
        arts[arts["story_id"].notna()]
        .groupby("story_id")
        .agg(
            articles=("article_id", "size"),
            outlets=("outlet", lambda s: sorted(set(s))),
            first=("published", "min"),
            last=("published", "max"),
            example=("title", "first"),
        )
        .reset_index()
    )
    ui.table(stories, key="overview_stories", file_name="stories")

inferred = arts[arts["published_how"] == "inferred"]
if not inferred.empty:
    st.warning(f"{len(inferred)} publication date(s) were inferred from the text or url, not given.")
    ui.table(inferred[["source_file", "published", "published_confidence", "published_evidence"]], key="overview_inferred", file_name="inferred_dates")
unparsed = arts[arts["published_how"] == "field_unparsed"]
if not unparsed.empty:
    st.warning(f"{len(unparsed)} article(s) state a date that could not be read; their date is left empty, not guessed.")
    ui.table(unparsed[["source_file", "outlet", "title", "published_evidence"]], key="overview_unparsed", file_name="unparsed_dates")
ambiguous = arts[arts["published_evidence"].fillna("").str.startswith("ambiguous")]
if not ambiguous.empty:
    st.info(f"{len(ambiguous)} numeric date(s) could be read day-first or month-first; read as shown (set --date-order to change).")
    ui.table(ambiguous[["source_file", "published", "published_evidence"]], key="overview_ambiguous", file_name="ambiguous_dates")
unknown = arts[arts["outlet"] == "unknown"]
if not unknown.empty:
    st.warning(f"{len(unknown)} article(s) have an unknown outlet: add them to manifest.csv or data/corrections.yaml.")

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
