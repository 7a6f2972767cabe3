"""Storylens dashboard: `streamlit run dashboard.py` shows the bundled sample (data/processed).

Set STORYLENS_DATA=/path/to/build to show another build, or build and switch corpora on
the Corpus page. Pages live in pages/ and stay thin: filters -> app loaders -> app.charts
builders -> render. Each page keeps its selection in the URL, so a copied link reopens it.
"""

from pathlib import Path

import streamlit as st

# A bundled image, not a Material or emoji icon: those favicons are fetched from a font CDN.
st.set_page_config(page_title="Storylens", page_icon=str(Path(__file__).parent / "app" / "assets" / "favicon.png"), layout="wide")

pages = [
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("pages/timeline.py", title="Timeline", icon=":material/timeline:"),
    st.Page("pages/network.py", title="Actor network", icon=":material/hub:"),
    st.Page("pages/compare.py", title="Compare sources", icon=":material/compare:"),
    st.Page("pages/article.py", title="Article", icon=":material/article:"),
    st.Page("pages/corpus.py", title="Corpus", icon=":material/folder_open:"),
]
st.navigation(pages).run()
