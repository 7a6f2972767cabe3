"""The story picker the Timeline and the Actor network share: a mixed corpus, one story at a time.

Why one helper: both pages promise the same thing ("pick a story, the view keeps only its
articles, the link keeps the choice as ?story=<id>"); written twice, the two pickers would
drift (titles, order, what "all stories" means). Stories are the build's `story_id`s;
the label is the earliest article's title and the story's size.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app import urlstate


def story_titles(articles: pd.DataFrame) -> dict[str, str]:
    """{story_id: "<earliest article's title> (<n> articles)"}, for stories with an id; an
    article without a title (Timeline17, plain text files) is named by outlet and day."""
    if articles.empty or "story_id" not in articles.columns:
        return {}
    titles = {}
    for sid, grp in articles[articles["story_id"].notna()].groupby("story_id"):
        first = grp.sort_values("published", na_position="last").iloc[0]
        title = first.get("title")
        if not (isinstance(title, str) and title.strip()):
            day = pd.to_datetime(str(first.get("published")), errors="coerce")
            title = f"{first.get('outlet') or 'unknown outlet'}" + (f", {day.day} {day:%b %Y}" if not pd.isna(day) else "") + ", untitled"
        titles[str(sid)] = f"{title} ({len(grp)} article{'s' if len(grp) != 1 else ''})"
    return titles


def story_articles(articles: pd.DataFrame, story: str | None) -> set[str]:
    """The article ids of `story` (every article when `story` is None)."""
    if story is None or "story_id" not in articles.columns:
        return set(articles["article_id"].astype(str)) if "article_id" in articles.columns else set()
    return set(articles.loc[articles["story_id"].astype(str) == story, "article_id"].astype(str))


def picker(articles: pd.DataFrame) -> str | None:
    """Draw the sidebar "Story" select (kept in the URL as ?story=) and return the chosen
    story id, or None for all stories."""
    titles = story_titles(articles)
    options = ["", *sorted(titles, key=lambda s: titles[s])]
    urlstate.seed("story", options, default="")
    with st.sidebar:
        story = st.selectbox("Story", options, format_func=lambda s: titles.get(s, "All stories"), key="story", on_change=urlstate.writer("story"))
    return story or None
