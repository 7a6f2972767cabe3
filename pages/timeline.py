"""Timeline: opens on the story's key moments (ranked days, each with what happened), then every
dated event on a time axis, filterable, each traceable to the sentences that report it."""

import datetime as dt
import html

import pandas as pd
import streamlit as st

from app import charts, data, editing, frames, stories, timeline_data, ui, urlstate, workspace
from app.figure_cache import cached_figure
from app.highlight import Span, highlight

st.title("Timeline")
story = stories.picker()
t = data.story_tables(story)
rows = data.timeline_rows(story)
if rows.empty:
    ui.missing("timexes", "no dated sentence to place on a time axis." if story is None else "no dated sentence in this story.")
    st.stop()
if rows["source"].iloc[0] == "timexes":
    st.caption("This build has no event table: each point is a dated sentence, and sentences with the same date form one group.")

st.subheader("Key moments")
moments = timeline_data.key_moments(t, story)
window = timeline_data.story_window(moments)
if moments.empty:
    st.info("No key dates for this selection (no article names a day).")
else:
    drawn = timeline_data.within(moments, window)
    st.plotly_chart(cached_figure("key_moments", story, lambda: charts.key_moments(drawn, window)), key="tl_key_chart")
    if len(drawn) < len(moments):
        st.caption(f"{len(moments) - len(drawn)} key date(s) far outside the story's window are listed below but not drawn.")
    for r in moments.to_dict("records"):
        link = f" · [open in article]({frames.article_href(r['article_id'], r['sentence_id'])})" if r["article_id"] else ""
        st.markdown(
            f"**{r['rank']}. {r['date'].day} {r['date']:%B %Y}** — {html.escape(str(r['summary']))}  \n:gray[{r['outlets']} · {r['n_articles']} article(s)]{link}"
        )
    outside = rows[[(e is not None and e < window[0]) or (s is not None and s > window[1]) for s, e in zip(rows["date_start"], rows["date_end"])]]
    if not outside.empty:
        with st.expander(f"Background: {outside['story_event_id'].nunique()} events far outside the story's window", expanded=False):
            background = cached_figure("background", story, lambda: charts.timeline(timeline_data.lanes(outside, "outlet")))
            st.plotly_chart(background, key="tl_background")

st.subheader("All events")
names = frames.actor_names(t)
lo, hi = min(rows["date_start"]), max(rows["date_end"])
start_lo, start_hi = window if window is not None else (lo, hi)
with st.sidebar:
    st.header("Filters")
    dates = st.date_input(
        "Date range",
        value=(start_lo, start_hi),
        min_value=lo - dt.timedelta(days=3650),
        max_value=hi + dt.timedelta(days=3650),
        key="tl_dates",
        bind="query-params",
    )
    actor_ids = sorted({a for ids in rows["actor_ids"] for a in ids}, key=lambda a: names.get(a, a))
    urlstate.seed("tl_actors", actor_ids, many=True, default=[])
    actors = st.multiselect("Actors", actor_ids, format_func=lambda a: names.get(a, a), key="tl_actors", on_change=urlstate.writer("tl_actors"))
    outlets = st.multiselect("Outlets", sorted(rows["outlet"].unique()), key="tl_outlets", bind="query-params")
    types = st.multiselect("Event types", sorted(rows["event_type"].unique()), key="tl_types", bind="query-params")
    certainties = st.multiselect("Certainty", sorted(rows["certainty"].unique()), key="tl_certainty", bind="query-params")
    lane_by = st.radio("Swimlanes by", ["outlet", "actor", "event type"], key="tl_lanes", bind="query-params", horizontal=True)

date_range = (dates[0], dates[1]) if isinstance(dates, tuple | list) and len(dates) == 2 else None
shown = timeline_data.filter_rows(rows, date_range=date_range, actors=actors, outlets=outlets, event_types=types, certainties=certainties)
if shown.empty:
    st.info("No event matches these filters. Widen the date range or clear a filter.")
    st.stop()

groups = shown.drop_duplicates("story_event_id")
group_labels = dict(zip(groups["story_event_id"], groups["label"]))


def _pick_from_chart() -> None:
    """A click on a point selects its event group (the selectbox below shows it)."""
    sel = st.session_state.get("tl_chart")
    points = (sel or {}).get("selection", {}).get("points", []) if sel else []
    for p in points:
        cd = p.get("customdata")
        if cd:
            key = cd[0] if isinstance(cd, list) else cd
            match = rows[rows["event_key"] == key]
            if not match.empty:
                urlstate.select("tl_event", set_value=match["story_event_id"].iloc[0])
                return


st.caption("● happened · ◆ planned or after the report date · hollow = inferred or low-confidence date · bar = date range · grey tick = report date")
options = list(group_labels)
urlstate.seed("tl_event", options)
selected = st.session_state.get("tl_event")
# Everything the chart reads, so one drawing serves every visitor with the same story and filters.
chart_key = (story, date_range, tuple(actors), tuple(outlets), tuple(types), tuple(certainties), lane_by, selected)
chart = cached_figure(
    "events", chart_key, lambda: charts.timeline(timeline_data.lanes(timeline_data.clip_to(shown, date_range), lane_by, names), selected=selected)
)
st.plotly_chart(chart, key="tl_chart", on_select=_pick_from_chart, selection_mode="points")

picked = st.selectbox(
    "Event (or click a point)",
    options,
    format_func=lambda k: group_labels.get(k, k),
    key="tl_event",
    on_change=urlstate.writer("tl_event"),
    placeholder="Choose an event",
)
if picked:
    reports = rows[rows["story_event_id"] == picked]
    st.markdown(f"**Sentences reporting {group_labels.get(picked, picked)}**")
    texts = frames.get(t, "sentences")
    for outlet, grp in reports.groupby("outlet"):
        st.html(f"<b>{html.escape(str(outlet))}</b>")
        # One sentence can mention the event twice ("told ... told"): show it once.
        for r in grp.drop_duplicates(["article_id", "sentence_id"]).to_dict("records"):
            srow = texts[(texts["article_id"] == r["article_id"]) & (texts["sentence_id"] == r["sentence_id"])]
            s0 = int(srow["start"].iloc[0]) if not srow.empty else 0
            spans = []
            if pd.notna(r["date_start_offset"]) and pd.notna(r["date_end_offset"]) and r["sentence"]:
                spans = [Span(int(r["date_start_offset"]) - s0, int(r["date_end_offset"]) - s0, "date", r["date_how"])]
            st.html(highlight(r["sentence"], spans))
            flag = " · ⚠ uncertain date" if r["is_uncertain"] else ""
            st.caption(
                f"date: {r['date_start']}" + (f" – {r['date_end']}" if r["is_range"] else "") + f" ({r['granularity']}) · how: {r['date_how']}"
                f" · confidence {r['confidence']} · reported {r['published']}{flag}"
            )
            st.markdown(f"[:material/article: Open in article]({frames.article_href(r['article_id'], r['sentence_id'], workspace.link_params())})")

reported_in = rows.loc[rows["story_event_id"] == picked, "article_id"] if picked else rows.iloc[0:0]["article_id"]
editing.date_panel(t, key="tl_correct", article_id=reported_in.iloc[0] if len(reported_in) else None)

st.subheader("Events shown")
cols = ["date_start", "date_end", "date_text", "outlet", "event_type", "certainty", "is_uncertain", "is_planned", "published", "actors", "sentence", "date_how"]
ui.table(frames.with_links(shown, corpus=workspace.link_params())[[*cols, "article_id", "open"]], key="tl_table", file_name="timeline", column_config={"open": ui.LINK_COLUMN})
