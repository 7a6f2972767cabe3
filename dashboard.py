"""Storylens dashboard: `streamlit run dashboard.py` shows the bundled sample (data/processed).

Every page takes `?corpus=<id>` (app.workspace): a copied link reopens the same corpus,
page and selection. Set STORYLENS_DATA=/path/to/build to show another build as the sample,
STORYLENS_CORPORA for where uploaded corpora live (README, "Hosting"). Pages live in pages/
and stay thin: filters -> app loaders -> app.charts builders -> render. The sidebar's search
box is drawn here, so it is on every page.
"""

from pathlib import Path

import streamlit as st

from app import errors, ui, workspace

# A bundled image, not a Material or emoji icon: those favicons are fetched from a font CDN.
st.set_page_config(page_title="Storylens", page_icon=str(Path(__file__).parent / "app" / "assets" / "favicon.png"), layout="wide")

pages = {
    "overview": st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    "timeline": st.Page("pages/timeline.py", title="Timeline", icon=":material/timeline:"),
    "network": st.Page("pages/network.py", title="Actor network", icon=":material/hub:"),
    "compare": st.Page("pages/compare.py", title="Compare sources", icon=":material/compare:"),
    "article": st.Page("pages/article.py", title="Article", icon=":material/article:"),
    "search": st.Page("pages/search.py", title="Search", icon=":material/search:"),
    "corpus": st.Page("pages/corpus.py", title="Corpus", icon=":material/folder_open:"),
    "methods": st.Page("pages/methods.py", title="Methods", icon=":material/science:"),
}
page = st.navigation(list(pages.values()))
corpus = workspace.current()  # puts ?corpus= back after a page switch (never the edit token)

with st.sidebar:
    with st.form("search_form", border=False):
        q = st.text_input("Search this corpus", value=st.query_params.get("q", ""), key="search_box", placeholder='words or "a phrase"', max_chars=200)
        if st.form_submit_button("Search", icon=":material/search:") and q.strip():
            st.switch_page(pages["search"], query_params={**workspace.link_params(corpus), "q": q.strip()})
    st.caption(f"Corpus: **{ui.md_escape(corpus.name)}**" + ("" if corpus.is_sample else " · editing" if workspace.can_edit(corpus) else " · view only"))
errors.run_guarded(page.run, page.title)  # a failure shows an error id, never a traceback
