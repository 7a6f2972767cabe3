"""Search results of the open corpus, shaped for the Search page: grouped by article, with actor links.

Why here: the index (storylens.workspace.search) returns sentences; the page needs them per
article, with the actors named in each sentence (each a link to its ego network) and the
link that opens the Article page at that sentence.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import streamlit as st

from app import frames
from storylens.workspace.search import SearchIndex, build_stamp


@st.cache_resource(show_spinner="Indexing the sentences for search…", max_entries=16)
def _index(build_dir: str, stamp: str, index_dir: str) -> SearchIndex:
    return SearchIndex.for_build(build_dir, index_dir)


def index_for(build_dir: Path, index_dir: Path) -> SearchIndex:
    """The FTS5 index of a build, made on first search and again after each rebuild."""
    return _index(str(build_dir), build_stamp(build_dir), str(index_dir))


def actors_by_sentence(t: Mapping[str, pd.DataFrame], hits: pd.DataFrame) -> dict[tuple[str, int], list[tuple[str, str]]]:
    """(article_id, sentence_id) -> [(actor_id, name)] of the story actors named there, in text order."""
    m = frames.get(t, "mentions")
    if m.empty or hits.empty:
        return {}
    keys = set(zip(hits["article_id"].astype(str), hits["sentence_id"].astype(int)))
    m = m[m["actor_id"].notna() & ~m["is_meta"].fillna(False).astype(bool)]
    m = m[[k in keys for k in zip(m["article_id"].astype(str), m["sentence_id"].astype(int))]].sort_values("start")
    names = frames.actor_names(t)
    out: dict[tuple[str, int], list[tuple[str, str]]] = {}
    for a, s, actor in zip(m["article_id"].astype(str), m["sentence_id"].astype(int), m["actor_id"].astype(str)):
        row = out.setdefault((a, s), [])
        if actor in names and all(actor != x for x, _ in row):
            row.append((actor, names[actor]))
    return out
