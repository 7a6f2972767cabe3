"""Streamlit pieces every page repeats: a table with its CSV download, the missing-table box.

Why here: "every table on screen downloads as CSV" and "a missing table says what is
missing" are rules for all pages; one helper keeps them from drifting apart.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app import frames


def table(df: pd.DataFrame, key: str, file_name: str, **kwargs) -> object:
    """Show `df` and offer it as CSV (built only when clicked). Returns st.dataframe's value."""
    # Lists are shown as "a; b" text, as in the CSV: readable, sortable, and searchable.
    shown = st.dataframe(frames.flatten_lists(df), hide_index=True, key=key, **kwargs)
    st.download_button(
        "Download CSV",
        data=lambda: frames.to_csv(df),
        file_name=f"{file_name}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        on_click="ignore",
        icon=":material/download:",
    )
    return shown


def missing(name: str, why: str) -> None:
    """An info box naming the table that is absent or empty and what it would show."""
    st.info(f"The `{name}` table is missing or empty in this build: {why}", icon=":material/info:")


LINK_COLUMN = st.column_config.LinkColumn("open", display_text="open", help="Open the sentence on the Article page")
