"""Article: the clean text with actors, dates and quotes marked; `?article=<id>&sentence=<n>` opens it at a sentence."""

import html

import pandas as pd
import streamlit as st

from app import compare_data, data, editing, frames, provenance, queries, ui, urlstate
from app.highlight import Span, highlight, legend

st.title("Article")


def _esc(v: object, empty: str = "") -> str:
    return empty if v is None or (not isinstance(v, str) and pd.isna(v)) else html.escape(str(v))


arts = queries.article_list(["article_id", "outlet", "title"])
if arts.empty:
    ui.missing("articles", "there is no article to show.")
    st.stop()

label = frames.unique_labels(
    {a: f"{o} · {ti}" for a, o, ti in zip(arts["article_id"], arts["outlet"].fillna("unknown"), arts["title"].fillna("(no title)"))}
)
# Keys without a page prefix on purpose: `article` and `sentence` are the link contract
# every other page writes (`?article=<id>&sentence=<n>`).
urlstate.seed("article", list(label), default=next(iter(label)))


def _on_article() -> None:
    """Another article: write it to the URL; the sentence number belonged to the old one."""
    urlstate.writer("article")()
    st.session_state["sentence"] = None


article_id = st.selectbox("Article", list(label), format_func=lambda a: label.get(a, a), key="article", on_change=_on_article)
t = data.article_tables([article_id])  # this article's rows of every table, from DuckDB
art = frames.get(t, "articles").iloc[0]
sents = frames.get(t, "sentences")
mine = sents[sents["article_id"] == article_id].sort_values("sentence_id") if not sents.empty else sents
n_sent = len(mine)
sentence = (
    st.number_input("Sentence", min_value=0, max_value=max(n_sent - 1, 0), value=None, step=1, key="sentence", bind="query-params", placeholder="none")
    if n_sent
    else None
)

st.html(f"<h3>{_esc(art['title'])}</h3>" + provenance.article_html(art))
if art.get("status") != "analysed":
    st.warning(f"Not analysed (status: {art.get('status')}): no actors, dates or quotes are marked.")
text = "" if pd.isna(art["text"]) else str(art["text"])


def _rows(name: str) -> pd.DataFrame:
    df = frames.get(t, name)
    return df[df["article_id"] == article_id] if not df.empty else df


names = frames.actor_names(t)
mentions, timexes, quotes, events = _rows("mentions"), _rows("timexes"), _rows("quotes"), _rows("events")
spans = []
spans += [
    Span(int(s), int(e), "event", f"{k} · {c}")
    for s, e, k, c in zip(events.get("start", []), events.get("end", []), events.get("event_type", []), events.get("certainty", []))
]
spans += [
    Span(int(s), int(e), "actor", names.get(a, "unresolved") if isinstance(a, str) else "unresolved")
    for s, e, a in zip(mentions.get("start", []), mentions.get("end", []), mentions.get("actor_id", []))
]
spans += [
    Span(int(s), int(e), "date", f"{v} → {d0}..{d1}")
    for s, e, v, d0, d1 in zip(
        timexes.get("start", []), timexes.get("end", []), timexes.get("value", []), timexes.get("date_start", []), timexes.get("date_end", [])
    )
]
spoken = compare_data.spoken(quotes)  # acts and stances ("Britain condemned ...") are not marked as quotes
spans += [
    Span(int(s), int(e), "quote", f"{k} · {sp if isinstance(sp, str) else ''}")
    for s, e, k, sp in zip(*(spoken.get(c, []) for c in ("start", "end", "kind", "speaker_text")))
]

if sentence is not None and 0 <= int(sentence) < n_sent:
    focus = mine.iloc[int(sentence)]
    st.subheader(f"Sentence {int(sentence)}")
    in_s = [sp for sp in spans if focus["start"] <= sp.start < focus["end"]]
    rebased = [Span(sp.start - int(focus["start"]), sp.end - int(focus["start"]), sp.kind, sp.title) for sp in in_s]
    st.html(highlight(str(focus["text"]), rebased))
    for name, df in (("mentions", mentions), ("timexes", timexes), ("events", events), ("quotes", quotes), ("interactions", _rows("interactions"))):
        here = df[df["sentence_id"] == int(sentence)] if not df.empty else df
        if not here.empty:
            with st.expander(f"{name} in this sentence ({len(here)})"):
                ui.table(here, key=f"article_{name}", file_name=f"{name}_sentence_{int(sentence)}")

editing.actor_panel(t, key="art_actors", focus=list(dict.fromkeys(a for a in _rows("mentions").get("actor_id", []) if isinstance(a, str))))
editing.date_panel(t, key="art_dates", article_id=article_id)

st.subheader("Text")
st.html(legend())
blocks = [(int(s), int(e), f"s{int(i)}") for s, e, i in zip(mine["start"], mine["end"], mine["sentence_id"])] if n_sent else None
focus_index = int(sentence) if sentence is not None and n_sent and 0 <= int(sentence) < n_sent else None
st.html(highlight(text, spans, blocks, focus_index))
with st.expander("Removed boilerplate"):
    removed = art.get("removed")
    st.text(str(removed) if isinstance(removed, str) and removed else "nothing")  # st.text shows text, never markup
