"""Streamlit pieces every page repeats: a table with its CSV download, the missing-table box.

Why here: "every table on screen downloads as CSV" and "a missing table says what is
missing" are rules for all pages; one helper keeps them from drifting apart.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app import frames


def _run_through_the_dashboard() -> None:
    """Make a deep link opened first on a fresh server run dashboard.py, not the page alone.

    Why: Streamlit treats an app with a `pages/` folder beside its main script as an old-style
    multipage app until the main script has once called `st.navigation`. Until then (the
    first visitor after a server start coming by a link to /corpus, /article?...) it runs the
    page file directly: no page config, no sidebar search, the folder's file names as the
    menu. Every page imports this module first, so the first such run switches Streamlit to
    `st.navigation` for the whole process and runs again, through dashboard.py. Uses
    Streamlit's own flag (set by `st.navigation` itself); without it, nothing happens.
    """
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # pragma: no cover - another Streamlit layout: nothing to do
        return
    if getattr(PagesManager, "uses_pages_directory", None):
        PagesManager.uses_pages_directory = False
        st.rerun()


_run_through_the_dashboard()


def table(df: pd.DataFrame, key: str, file_name: str, **kwargs) -> object:
    """Show `df` and offer it as CSV (built only when clicked). Returns st.dataframe's value."""
    # Lists are shown as "a; b" text, as in the CSV: readable, sortable, and searchable.
    shown = st.dataframe(frames.flatten_lists(df), hide_index=True, key=key, **kwargs)
    st.download_button(
        "Download CSV",
        data=lambda: frames.to_csv(for_csv(df)),
        file_name=f"{file_name}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        on_click="ignore",
        icon=":material/download:",
    )
    return shown


def for_csv(df: pd.DataFrame) -> pd.DataFrame:
    """What a CSV download holds: the table, each row's article `url`, and absolute links back
    into the app (STORYLENS_PUBLIC_URL); without that setting the link column is left out,
    since a relative link means nothing in a file. Links never carry an edit token."""
    from app import queries, workspace

    out = df.copy()
    if "article_id" in out.columns and "url" not in out.columns:
        ids = sorted(set(out["article_id"].dropna().astype(str)))
        arts = queries.article_list(["article_id", "url"], where="article_id IN (SELECT unnest(?::VARCHAR[]))", params=[ids])
        urls = dict(zip(arts["article_id"], arts["url"]))
        out.insert(list(out.columns).index("article_id") + 1, "url", out["article_id"].map(urls))
    if "open" in out.columns:
        links = [workspace.absolute(h) for h in out["open"]]
        if any(links):
            out["open"] = links
        else:
            out = out.drop(columns=["open"])
    return out


PAGE_ROWS = 500
"""Rows per page of a long list (the article list of a 100,000-article corpus is read a page at a time)."""


def pager(n_rows: int, key: str) -> int:
    """A page picker under a list longer than PAGE_ROWS; returns the first row's offset (0 for short lists)."""
    pages = max(1, -(-int(n_rows) // PAGE_ROWS))
    if pages == 1:
        return 0
    page = st.number_input(f"Page (of {pages:,}; {PAGE_ROWS} rows each)", min_value=1, max_value=pages, value=1, step=1, key=key)
    return (int(page) - 1) * PAGE_ROWS


def missing(name: str, why: str) -> None:
    """An info box naming the table that is absent or empty and what it would show."""
    st.info(f"The `{name}` table is missing or empty in this build: {why}", icon=":material/info:")


LINK_COLUMN = st.column_config.LinkColumn("open", display_text="open", help="Open the sentence on the Article page")


def md_escape(text: object) -> str:
    """Plain text safe inside st.markdown (names come from articles and from visitors)."""
    return "".join("\\" + c if c in "\\`*_{}[]()#+-.!|<>~$:" else c for c in str(text))
