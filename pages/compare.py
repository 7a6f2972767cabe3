"""Compare sources: one story, two or more articles side by side, claim by claim."""

import html

import streamlit as st

from app import compare_data, data, editing, frames, palette, ui, urlstate, workspace
from app.highlight import Span, highlight

st.title("Compare sources")
arts, sizes, labels = data.compare_stories()
if arts.empty:
    ui.missing("articles", "no analysed articles to compare.")
    st.stop()

urlstate.seed("cmp_story", list(sizes.index), default=sizes.index[0])
story = st.selectbox(
    "Story", list(sizes.index), format_func=lambda s: labels.get(s, s), key="cmp_story", on_change=urlstate.writer("cmp_story", clears=["cmp_articles"])
)
in_story = arts[arts["story_id"] == story]
art_label = frames.unique_labels({a: f"{o} · {str(a)[:6]} · {ti}" for a, o, ti in zip(in_story["article_id"], in_story["outlet"], in_story["title"])})
if st.session_state.get("_cmp_articles_story") != story:
    # A new story: start from its first four articles (the old picks belong to another story).
    st.session_state["_cmp_articles_story"] = story
    st.session_state["cmp_articles"] = list(art_label)[:4]
urlstate.seed("cmp_articles", list(art_label), many=True, default=list(art_label)[:4])
chosen = st.multiselect(
    "Articles (two or more)", list(art_label), format_func=lambda a: art_label.get(a, a), key="cmp_articles", on_change=urlstate.writer("cmp_articles")
)
chosen = [a for a in chosen if a in art_label]
if len(chosen) < 2:
    st.info("Pick at least two articles of the story to compare them.")
    if len(art_label) < 2:
        st.caption("This story has a single article; another outlet's report of it would appear here.")
    st.stop()

t = data.article_tables(chosen, with_labels=True)  # the chosen articles' rows of every table, from DuckDB
meta = in_story.set_index("article_id")
columns = [compare_data.column_name({"outlet": meta.at[a, "outlet"], "article_id": a}) for a in chosen]
editing.claim_panel(t, key="cmp_correct", article_ids=chosen)
link = workspace.link_params()
# The open tab is in the URL (?cmp_tab=Quotes), so a copied link reopens it.
tab_claims, tab_text, tab_quotes, tab_sources, tab_names = st.tabs(
    ["Claims", "Articles", "Quotes", "Sources cited", "Naming"], key="cmp_tab", on_change="rerun", bind="query-params"
)

with tab_claims:
    grid = compare_data.claim_grid(t, chosen)
    if grid.empty:
        ui.missing("claims", "aligned claims across articles are not in this build; the Articles tab shows the texts side by side by paragraph.")
    else:
        status = st.pills(
            "Show",
            ["shared", "unique", "conflicting"],
            selection_mode="multi",
            default=["shared", "unique", "conflicting"],
            key="cmp_status",
            bind="query-params",
        )
        shown = grid[grid["status"].isin(status or [])]
        counts = grid["status"].value_counts()
        st.caption(
            f"{counts.get('shared', 0)} shared · {counts.get('unique', 0)} unique · {counts.get('conflicting', 0)} conflicting — "
            "aligned sentences share a row; ⚠ marks a sentence that denies or cannot confirm."
        )
        st.html(compare_data.grid_html(shown, columns, [str(meta.at[a, "outlet"]) for a in chosen]))
        ui.table(shown, key="cmp_claims", file_name="claims_side_by_side")

with tab_text:
    quotes = compare_data.spoken(frames.get(t, "quotes"))
    cols = st.columns(len(chosen))
    for col, a in zip(cols, chosen):
        with col:
            st.html(
                f"<h4 style='border-left:6px solid {palette.outlet_colour(meta.at[a, 'outlet'])};padding-left:8px'>{html.escape(str(meta.at[a, 'outlet']))}</h4><p><i>{html.escape(str(meta.at[a, 'title']))}</i> · {html.escape(str(meta.at[a, 'published']))}</p>"
            )
            body = frames.get(t, "articles").set_index("article_id").at[a, "text"]
            q = quotes[quotes["article_id"] == a] if not quotes.empty else quotes
            for p0, p1 in compare_data.paragraph_ranges(t, a):
                spans = [Span(int(s) - p0, int(e) - p0, "quote", str(k)) for s, e, k in zip(q["start"], q["end"], q["kind"]) if p0 <= s < p1]
                st.html(highlight(str(body)[p0:p1], spans))
            st.markdown(f"[:material/article: Open article]({frames.article_href(a, corpus=link)})")

with tab_quotes:
    groups = compare_data.quote_groups(t, chosen)
    if groups.empty:
        st.info("No statement is quoted in more than one of these articles.")
    else:
        st.caption(
            "One row per statement, one column per outlet: verbatim, shortened (cut at the start or end), edited (+added / -dropped words) "
            "or paraphrased; highlighted words differ from the fullest direct quote of the statement (curly or straight quotes and dashes are not differences)."
        )
        quote_outlets = [str(meta.at[a, "outlet"]) for a in chosen]
        quote_outlets = list(dict.fromkeys(o for o in quote_outlets if o in set(groups["outlet"])))
        st.html(compare_data.quote_grid_html(groups, quote_outlets))
        ui.table(frames.with_links(groups, corpus=link), key="cmp_quotes", file_name="quote_groups", column_config={"open": ui.LINK_COLUMN})

with tab_sources:
    sources, how = compare_data.cited_sources(t, chosen)
    if how != "citations":
        st.caption("The `citations` table is not in this build: sources are the speakers of the quotes in each article.")
    if sources.empty:
        st.info("No cited sources in these articles.")
    else:
        ui.table(sources, key="cmp_sources", file_name="sources_by_outlet")

with tab_names:
    names_grid, how = compare_data.naming(t, chosen)
    if how != "labels":
        st.caption("The `labels` table is not in this build: names and descriptors come from the mentions.")
    if names_grid.empty:
        st.info("No named actors in these articles.")
    else:
        ui.table(names_grid, key="cmp_naming", file_name="naming_by_outlet")
