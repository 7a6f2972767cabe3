"""Corpus: which corpus is open, its build, its links; upload files into a new private corpus; corrections."""

import os
import shutil
import tempfile
from pathlib import Path

import streamlit as st

from app import corpora, data, editing, queries, ui, workspace
from storylens.workspace.corpora import ReadOnly

st.title("Corpus")
ws = workspace.workspace()
corpus = workspace.current()
can_edit = workspace.can_edit(corpus)
if st.session_state.get("corpus_unknown"):
    st.warning("No corpus has the id in this link (it may have expired or been deleted): showing the sample.", icon=":material/link_off:")

# --- the open corpus ----------------------------------------------------------------
st.subheader(f"Open: {corpus.name}")
if corpus.is_sample:
    st.write("The bundled sample: two articles on one story, read-only. Upload files below to make a corpus of your own.")
else:
    files, size = corpus.usage()
    st.write(
        f"{'Published: listed for everyone on this server' if corpus.public else 'Private: only people with its link can open it'} · "
        f"created {str(corpus.meta.get('created', ''))[:16].replace('T', ' ')} UTC · {files} file(s), {size / 1e6:.1f} MB · "
        + ("you can edit it" if can_edit else "view only")
    )
editing.status_line(corpus)

picks = workspace.pickable()
labels = {c.id: (c.name + (" (sample)" if c.is_sample else "" if c.public else " (private)")) for c in picks}
ids = list(labels)


def _switch() -> None:
    workspace.switch(st.session_state["corpus_pick"])


st.session_state["corpus_pick"] = corpus.id  # the open corpus, also when a link or a new upload opened it
st.selectbox(
    "Switch corpus",
    ids,
    format_func=labels.get,
    key="corpus_pick",
    on_change=_switch,
    help="The sample, the corpora published on this server and the ones you made in this session. Others open by their link.",
)

if not corpus.is_sample:
    st.markdown("**Links**")
    st.caption("View link: read-only, for anyone you send it to.")
    st.code(workspace.share_link(corpus, edit=False), language=None, wrap_lines=True)
    if can_edit:
        st.caption(
            "This tab can edit the corpus until it is closed or reloaded; the address bar and the app's links carry only the view link. "
            "To edit later or from another browser, keep the edit link."
        )
        with st.popover("Copy edit link", icon=":material/key:"):
            st.caption("Edit link: add files, correct, rebuild, publish or delete. Anyone with it can do all of that: send it only to collaborators.")
            st.code(workspace.share_link(corpus, edit=True), language=None, wrap_lines=True)

if can_edit:
    with st.expander("Manage this corpus", icon=":material/settings:"):
        publish = st.toggle("Published (listed for everyone on this server)", value=corpus.public, key="corpus_public")
        if publish != corpus.public:
            ws.set_visibility(corpus, workspace.edit_token(corpus), publish)
            st.rerun()
        if st.button("Delete this corpus", key="corpus_delete", icon=":material/delete:", type="secondary"):
            st.session_state["corpus_confirm_delete"] = True
        if st.session_state.get("corpus_confirm_delete"):
            st.warning("Delete every file, correction and build of this corpus? This cannot be undone.")
            if st.button("Yes, delete it", key="corpus_delete_yes", type="primary"):
                ws.delete(corpus, workspace.edit_token(corpus))
                st.session_state.pop("corpus_confirm_delete", None)
                workspace.switch("sample")
                st.rerun()


# --- adding files -------------------------------------------------------------------
def _stage_and_accept(target, token: str, uploads, folder: Path | None, urls: list[str]) -> list[str]:
    """Save uploads (and a server folder's files) to a staging folder, then into the corpus within its limits."""
    ws.root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=ws.root) as tmp:
        staged_dir = Path(tmp)
        if uploads:
            # Streamed to disk within the per-file, per-corpus and per-visitor budgets (app/corpora.py).
            saved = corpora.save_uploads(uploads, staged_dir / "up", visitor_used=st.session_state.get("_uploaded_bytes", 0))
            st.session_state["_uploaded_bytes"] = st.session_state.get("_uploaded_bytes", 0) + saved.bytes_written
            if saved.skipped:
                # One message for all skips; safe_name has reduced every name to [A-Za-z0-9._-].
                st.warning("Some uploads were not saved:\n\n" + "\n".join(f"- {line}" for line in saved.summary()))
        if urls:
            (staged_dir / "urls").mkdir()
            (staged_dir / "urls" / "pasted_urls.txt").write_text("\n".join(urls) + "\n", encoding="utf-8")
        if folder is not None:
            for p in sorted(folder.rglob("*")):
                if p.is_file() and not p.is_symlink():
                    dest = staged_dir / "folder" / p.relative_to(folder)
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(p, dest)
        staged = sorted(p for p in staged_dir.rglob("*") if p.is_file())
        result = ws.accept(target, token, staged)
        for name, why in result.refused:
            st.warning(f"{name}: {why}")
        return result.files


roots = [Path(p).resolve() for p in os.environ.get("STORYLENS_FOLDERS", str(data.REPO / "data")).split(os.pathsep) if p]
limits = ws.settings


def _folder(raw: str) -> Path | None:
    """A folder on the server, only inside the allowed roots (on a hosted app anyone could otherwise read its files)."""
    if not raw.strip():
        return None
    path = Path(raw.strip()).expanduser().resolve()
    if not path.is_dir() or not any(path == r or r in path.parents for r in roots):
        st.error("Not a folder inside the allowed roots (STORYLENS_FOLDERS):")
        st.code(raw, language=None)  # shown as text, whatever it contains
        raise ValueError(raw)
    return path


st.subheader("Upload a new corpus" if not can_edit else "Add files or start a new corpus")
st.caption(
    f"A new corpus is private: it gets a view link and an edit link. On this server a corpus holds up to {limits.max_files:,} files, "
    f"{limits.max_bytes / 1e6:,.0f} MB and {limits.max_articles:,} articles"
    + (f"; unpublished corpora are deleted after {limits.expire_hours:g} hours without use." if limits.expire_hours else ".")
)
st.caption("Takes " + corpora.FORMATS_TAKEN + ".")
name = st.text_input("Name", value="my corpus", key="corpus_name", max_chars=80)
uploads = st.file_uploader(
    "Files (txt, html, json, jsonl, csv, rtf, docx, or a zip of them)",
    type=sorted(corpora.ALLOWED | {"zip"}),
    accept_multiple_files=True,
    key=f"corpus_files_{st.session_state.get('corpus_upload_round', 0)}",  # a new key empties the box once its files are in
    help=f"Up to {corpora.MAX_FILE_BYTES // 1_000_000} MB per file (a zip: up to the size shown below), "
    f"{corpora.MAX_TOTAL_BYTES // 1_000_000} MB per upload in all (a zip counted unpacked).",
)
folder_text = st.text_input("…or a folder on this machine", value="", key="corpus_folder", help="Must be inside: " + ", ".join(map(str, roots)))
pasted = st.text_area(
    "…or paste article URLs, one per line (fetched, then built)",
    value="",
    key="corpus_urls",
    help=f"At most {corpora.MAX_FETCH_URLS} URLs are fetched per build (STORYLENS_MAX_FETCH_URLS); URL rows of uploaded files "
    "(Media Cloud, GDELT, URL lists) are fetched too. Pages are kept in the corpus, so a rebuild fetches nothing.",
)

new_col, add_col = st.columns(2)
make_new = new_col.button("Create corpus and build", type="primary", key="corpus_build", icon=":material/add:")
add_here = can_edit and add_col.button("Add to this corpus and rebuild", key="corpus_add", icon=":material/upload_file:")
if make_new or add_here:
    try:
        folder = _folder(folder_text)
    except ValueError:
        st.stop()  # the error names the folder
    urls, not_urls = corpora.pasted_urls(pasted)
    for line in not_urls[:5]:
        st.warning("Not an http(s) URL, skipped:")
        st.code(line[:200], language=None)
    if len(urls) > corpora.MAX_FETCH_URLS:
        st.warning(f"{len(urls)} URLs pasted; only the first {corpora.MAX_FETCH_URLS} are fetched.")
        urls = urls[: corpora.MAX_FETCH_URLS]
    if not uploads and folder is None and not urls:
        st.error("Nothing to build: upload files, give a folder or paste URLs.")
    else:
        target, token = ws.create(name) if make_new else (corpus, workspace.edit_token(corpus))
        try:
            accepted = _stage_and_accept(target, token, uploads, folder, urls)
            if accepted or target.usage()[0]:
                workspace.queue().submit(target, token, who=st.session_state.get("editor_name") or "")
            else:
                st.error("None of the files could be added.")
        except ReadOnly as exc:
            st.error(str(exc))
        else:
            if make_new:
                workspace.remember(target, token)
            if accepted:
                st.session_state["corpus_upload_round"] = st.session_state.get("corpus_upload_round", 0) + 1
                st.rerun()

# --- corrections --------------------------------------------------------------------
st.subheader("Corrections")
st.caption("Made on the Network, Article, Timeline and Compare pages; applied by a rebuild. Undo takes one back (rebuild again to apply that).")
editing.corrections_list(corpus, key="corpus_corr")
editing.rebuild_button(corpus, key="corpus_rebuild", label="Rebuild")

# --- rejects of the corpus shown ----------------------------------------------------
st.subheader("Rejected inputs of this corpus")
rejects = queries.table("rejects")
if rejects.empty:
    st.write("None.")
else:
    ui.table(rejects[["source_file", "reason", "detail"]], key="corpus_rejects", file_name="rejects")
st.download_button("Download this build (Parquet, zip)", data=data.parquet_zip, file_name=f"storylens_{corpus.id[:8]}.zip", key="corpus_zip", on_click="ignore")
