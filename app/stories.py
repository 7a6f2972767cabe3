"""The story picker the Timeline and the Actor network share: a mixed corpus, one story at a time.

Why one helper: both pages promise the same thing ("pick a story, the view keeps only its
articles, the link keeps the choice as ?story=<id>"); written twice, the two pickers would
drift (titles, order, what "all stories" means). Stories are the build's `story_id`s;
the label is the earliest article's title and the story's size. The stories are counted in
SQL (one row per story, not per article), so the picker costs the same on the sample and on
100,000 articles; above `ALL_STORIES_MAX` articles "All stories" is not offered, since a
page would otherwise draw every event of the corpus at once.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app import frames, queries, urlstate

ALL_STORIES_MAX = 1000
"""Above this many articles a page shows one story at a time, the largest first."""

_STORIES_SQL = (
    "SELECT story_id, count(*) AS n, "
    "first(title ORDER BY published NULLS LAST, article_id) AS title, "
    "first(outlet ORDER BY published NULLS LAST, article_id) AS outlet, "
    "first(published ORDER BY published NULLS LAST, article_id) AS published "
    "FROM {articles} WHERE story_id IS NOT NULL GROUP BY story_id ORDER BY n DESC, story_id"
)


def _label(title: object, outlet: object, published: object, n: int) -> str:
    """"<title> (<n> articles)"; an untitled story (Timeline17, plain text files) is named by outlet and day."""
    if not (isinstance(title, str) and title.strip()):
        day = pd.to_datetime(str(published), errors="coerce") if published is not None and not pd.isna(published) else pd.NaT
        title = f"{outlet or 'unknown outlet'}" + (f", {day.day} {day:%b %Y}" if not pd.isna(day) else "") + ", untitled"
    return f"{title} ({n} article{'s' if n != 1 else ''})"


def build_stories() -> tuple[dict[str, str], int]:
    """({story_id: label}, largest first; the number of articles) of the open build, from SQL."""
    if not queries.has_table("articles"):
        return {}, 0
    n_articles = int(queries.sql("SELECT count(*) AS n FROM {articles}")["n"].iloc[0])
    rows = queries.sql(_STORIES_SQL)
    labels = {str(r.story_id): _label(r.title, r.outlet, r.published, int(r.n)) for r in rows.itertuples()}
    return frames.unique_labels(labels), n_articles


def picker() -> str | None:
    """Draw the sidebar "Story" select (kept in the URL as ?story=) and return the chosen story
    id, or None for all stories (offered up to ALL_STORIES_MAX articles)."""
    titles, n_articles = build_stories()
    everything = n_articles <= ALL_STORIES_MAX or not titles
    by_title = sorted(titles, key=lambda s: titles[s])
    options = ["", *by_title] if everything else by_title
    urlstate.seed("story", options, default="" if everything else next(iter(titles)))
    with st.sidebar:
        story = st.selectbox("Story", options, format_func=lambda s: titles.get(s, "All stories"), key="story", on_change=urlstate.writer("story"))
        if not everything:
            st.caption(f"{n_articles:,} articles: one story at a time (the largest first).")
    return story or None
