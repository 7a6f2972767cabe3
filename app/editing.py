"""Corrections made on the page, the list that undoes them, the rebuild that applies them.

Why one module for every page: the Network, Article, Timeline and Compare pages offer
different corrections, but each writes the open corpus's corrections.yaml through
storylens.workspace.edits (who/when, validated the way the build reads it), and only a
session holding the corpus's edit token sees a form at all. Visitors with the view link
see what was corrected, never a button that changes it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd
import streamlit as st

from app import frames, ui, workspace
from storylens.corrections import ACTOR_KINDS, CorrectionsError, sentence_ref
from storylens.workspace.corpora import Corpus, ReadOnly
from storylens.workspace.edits import CorrectionLog


def editable() -> Corpus | None:
    """The open corpus when this session may change it, else None."""
    corpus = workspace.current()
    return corpus if workspace.can_edit(corpus) else None


def view_only_note() -> None:
    corpus = workspace.current()
    why = (
        "the sample is read-only: upload files on the Corpus page to correct a corpus of your own"
        if corpus.is_sample
        else "open this corpus's edit link to correct it"
    )
    st.caption(f":material/lock: Corrections: {why}.")


def _who() -> str:
    return st.session_state.get("editor_name") or "anonymous"


def _save(corpus: Corpus, op: str, **args: object) -> None:
    try:
        corpus.require_edit(workspace.edit_token(corpus))
        entry = CorrectionLog(corpus.corrections).add(op, _who(), **args)  # type: ignore[arg-type]
    except (CorrectionsError, ReadOnly) as exc:
        st.error(str(exc))
        return
    corpus.touch()
    st.success(f"Saved: {entry.describe()}. Rebuild to apply it.", icon=":material/check:")


def _panel_footer(corpus: Corpus, key: str) -> None:
    st.text_input("Your name (kept with each correction)", key="editor_name", max_chars=80)
    rebuild_button(corpus, key=f"{key}_rebuild")


def actor_panel(t: dict[str, pd.DataFrame], key: str, focus: Sequence[str] = ()) -> None:
    """Merge two actors, split an alias off, rename, set the kind, mark as not part of the story."""
    corpus = editable()
    if corpus is None:
        view_only_note()
        return
    actors = frames.get(t, "actors")
    if actors.empty:
        return
    names = dict(zip(actors["actor_id"], actors["name"].astype(str)))
    order = [a for a in focus if a in names] + sorted((a for a in names if a not in set(focus)), key=lambda a: names[a].lower())
    with st.expander("Correct actors", icon=":material/edit:"):
        op = st.radio(
            "Correction",
            ["merge", "split", "rename", "kind", "meta"],
            key=f"{key}_op",
            horizontal=True,
            format_func={"merge": "merge two", "split": "split an alias off", "rename": "rename", "kind": "set kind", "meta": "not part of the story"}.get,
        )
        first = st.selectbox("Actor", order, format_func=names.get, key=f"{key}_actor")
        row = actors[actors["actor_id"] == first].iloc[0] if first else None
        if op == "merge":
            other = st.selectbox("Merge with", [a for a in order if a != first], format_func=names.get, key=f"{key}_other")
            if st.button("Merge", key=f"{key}_go_merge") and first and other:
                _save(corpus, "merge", names=[names[first], names[other]])
        elif op == "split" and row is not None:
            aliases = [str(a) for a in row["aliases"]] if frames.is_seq(row["aliases"]) else []
            aliases = [a for a in aliases if a != names[first]]
            if not aliases:
                st.caption("This actor has no other name to split off.")
            else:
                alias = st.selectbox("Name that is someone else", aliases, key=f"{key}_alias")
                if st.button("Split off", key=f"{key}_go_split"):
                    _save(corpus, "split", names=[alias, names[first]])
        elif op == "rename" and row is not None:
            new = st.text_input("New name", value=names[first], key=f"{key}_to_{first}", max_chars=120)
            if st.button("Rename", key=f"{key}_go_rename"):
                _save(corpus, "rename", name=names[first], to=new.strip())
        elif op == "kind" and row is not None:
            kinds = sorted(ACTOR_KINDS)
            kind = st.selectbox("Kind", kinds, index=kinds.index(row["kind"]) if row["kind"] in kinds else 0, key=f"{key}_kind_{first}")
            if st.button("Set kind", key=f"{key}_go_kind"):
                _save(corpus, "kind", name=names[first], kind=kind)
        elif op == "meta" and row is not None:
            st.caption("A name that is not part of the story (a photo agency, the author) is hidden from the story views.")
            if st.button("Not part of the story", key=f"{key}_go_meta"):
                _save(corpus, "meta", name=names[first])
        _panel_footer(corpus, key)


def date_panel(t: dict[str, pd.DataFrame], key: str, article_id: str | None = None) -> None:
    """Set a date expression's date, an article's date or its outlet."""
    corpus = editable()
    if corpus is None:
        view_only_note()
        return
    arts = frames.get(t, "articles")
    if arts.empty:
        return
    label = {a: f"{o} · {ti}" for a, o, ti in zip(arts["article_id"], arts["outlet"].fillna("unknown"), arts["title"].fillna("(no title)"))}
    with st.expander("Correct dates and outlets", icon=":material/edit_calendar:"):
        ids = list(label)
        aid = st.selectbox("Article", ids, index=ids.index(article_id) if article_id in ids else 0, format_func=label.get, key=f"{key}_article")
        art = arts[arts["article_id"] == aid].iloc[0]
        ref = str(art["source_file"]) if isinstance(art.get("source_file"), str) else str(aid)
        op = st.radio(
            "Correction",
            ["timex", "published", "outlet"],
            key=f"{key}_op",
            horizontal=True,
            format_func={"timex": "a date expression", "published": "the article's date", "outlet": "the article's outlet"}.get,
        )
        if op == "timex":
            tx = frames.get(t, "timexes")
            tx = tx[tx["article_id"] == aid].sort_values("start") if not tx.empty else tx
            if tx.empty:
                st.caption("No date expression was found in this article.")
            else:
                opts = [int(s) for s in tx["start"]]
                text_of = dict(zip(opts, tx["text"].astype(str)))
                value_of = dict(zip(opts, tx["value"].astype(str)))
                start = st.selectbox("Expression", opts, format_func=lambda s: f"“{text_of[s]}” (now {value_of[s]})", key=f"{key}_timex")
                every = st.checkbox("Every occurrence of this wording in the article", key=f"{key}_every")
                value = st.text_input(
                    "Means (YYYY-MM-DD, YYYY-MM, YYYY or YYYY-Www)", value=value_of.get(start, ""), key=f"{key}_value_{aid}_{start}", max_chars=20
                )
                if st.button("Set date", key=f"{key}_go_timex"):
                    _save(corpus, "timex", article=ref, expression=text_of[start] if every else str(start), value=value.strip())
        elif op == "published":
            now = art.get("published")
            day = st.date_input("Published on", value=now if isinstance(now, dt.date) else None, key=f"{key}_published_{aid}")
            if st.button("Set date", key=f"{key}_go_published") and day:
                _save(corpus, "article", article=ref, field="published", value=day)
        else:
            outlet = st.text_input("Outlet", value=str(art.get("outlet") or ""), key=f"{key}_outlet_{aid}", max_chars=120)
            if st.button("Set outlet", key=f"{key}_go_outlet"):
                _save(corpus, "article", article=ref, field="outlet", value=outlet.strip())
        _panel_footer(corpus, key)


def claim_panel(t: dict[str, pd.DataFrame], key: str, article_ids: Sequence[str]) -> None:
    """Mark two sentences of two articles as the same claim, or as different claims."""
    corpus = editable()
    if corpus is None:
        view_only_note()
        return
    arts = frames.get(t, "articles").set_index("article_id")
    sents = frames.get(t, "sentences")
    if len(article_ids) < 2 or sents.empty:
        return
    with st.expander("Correct claims", icon=":material/edit:"):
        cols = st.columns(2)
        picks = []
        for i, col in enumerate(cols):
            with col:
                a = st.selectbox(
                    f"Article {i + 1}",
                    list(article_ids),
                    index=min(i, len(article_ids) - 1),
                    key=f"{key}_art{i}",
                    format_func=lambda x: str(arts.at[x, "outlet"]) if x in arts.index else x,
                )
                mine = sents[sents["article_id"] == a].sort_values("sentence_id")
                text = dict(zip(mine["sentence_id"].astype(int), mine["text"].astype(str)))
                s = st.selectbox(f"Sentence {i + 1}", list(text), format_func=lambda n, text=text: f"{n}: {text[n][:110]}", key=f"{key}_sent{i}")
                src = arts.at[a, "source_file"] if a in arts.index and isinstance(arts.at[a, "source_file"], str) else a
                picks.append(sentence_ref(str(src), s) if s is not None else None)
        same, different = st.columns(2)
        if same.button("Same claim", key=f"{key}_go_same") and all(picks):
            _save(corpus, "same_claim", sentences=picks)
        if different.button("Different claims", key=f"{key}_go_diff") and all(picks):
            _save(corpus, "different_claim", sentences=picks)
        _panel_footer(corpus, key)


def corrections_list(corpus: Corpus, key: str) -> None:
    """Every correction of the corpus with who/when; an Undo button for each when editable."""
    if corpus.is_sample:
        st.caption("The sample's corrections live in data/corrections.yaml (applied by `make sample`).")
        return
    try:
        entries = CorrectionLog(corpus.corrections).entries()  # type: ignore[arg-type]
    except CorrectionsError as exc:
        st.error(str(exc))
        return
    if not entries:
        st.write("No corrections yet.")
        return
    editing = workspace.can_edit(corpus)
    for e in reversed(entries):
        text, button = st.columns([5, 1])
        text.markdown(f"{ui.md_escape(e.describe())}  \n:gray[{ui.md_escape(e.who)} · {ui.md_escape(e.when or 'before the app')}]")
        if editing and button.button("Undo", key=f"{key}_undo_{e.id}", icon=":material/undo:"):
            CorrectionLog(corpus.corrections).undo(e.id)  # type: ignore[arg-type]
            st.rerun()
    if _pending(corpus):
        st.info("Some corrections are not in the build yet: rebuild to apply them.", icon=":material/pending:")


def _pending(corpus: Corpus) -> bool:
    info = corpus.processed / "build_info.json"
    path = corpus.corrections
    return bool(path and path.exists() and (not info.exists() or path.stat().st_mtime > info.stat().st_mtime))


def rebuild_button(corpus: Corpus, key: str, label: str = "Rebuild with corrections") -> None:
    """Queue a rebuild of the corpus (articles whose text and settings did not change are reused)."""
    if not workspace.can_edit(corpus):
        return
    if st.button(label, key=key, icon=":material/refresh:"):
        try:
            queued = workspace.queue().submit(corpus, workspace.edit_token(corpus), who=_who())
        except ReadOnly as exc:
            st.error(str(exc))
            return
        st.toast("Rebuild queued." if queued else "A build of this corpus is already queued or running.")
    status_line(corpus)


def status_line(corpus: Corpus) -> None:
    """The build state, refreshed every 2 s while it is queued or building."""

    @st.fragment(run_every=2 if workspace.status(corpus).get("state") in ("queued", "building") else None)
    def _show() -> None:
        s = workspace.status(corpus)
        state = s.get("state")
        if state == "queued":
            pos = s.get("position")
            st.info(f"Build queued{f' (position {pos} in the queue)' if pos else ''}.", icon=":material/hourglass_top:")
        elif state == "building":
            total, done = int(s.get("total") or 0), int(s.get("done") or 0)
            st.progress(min(done / total, 1.0) if total else 0.0, text=f"Building: {s.get('stage', '')} {done}/{total}")
        elif state == "failed":
            st.error(f"Build failed: {s.get('reason')}", icon=":material/error:")
        elif state == "built":
            when = s.get("finished")
            st.success(
                f"Built{f' {when}' if when else ''}" + (f": {s['articles']} article(s) in {s['seconds']} s." if "articles" in s else "."),
                icon=":material/check_circle:",
            )
        else:
            st.caption("Not built yet.")
        if state == "built" and st.session_state.get("_was_building_" + corpus.id):
            st.session_state.pop("_was_building_" + corpus.id, None)
            st.rerun()  # the whole page, so it shows the new tables
        if state in ("queued", "building"):
            st.session_state["_was_building_" + corpus.id] = True

    _show()
