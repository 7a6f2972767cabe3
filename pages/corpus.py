"""Corpus: upload files or point to a folder, build them, see what was rejected, switch corpora."""

import os
from pathlib import Path

import streamlit as st

from app import corpora, data, progress, ui

st.title("Corpus")
current = data.data_dir()
st.write("Showing the build in:")
st.code(str(current), language=None)

# --- switch -------------------------------------------------------------------------
built = corpora.list_corpora(data.CORPORA)
choices = {"sample": data.DEFAULT_DATA, **built}
names = list(choices)
now = next((n for n, p in choices.items() if Path(p).resolve() == current.resolve()), None)


def _switch() -> None:
    name = st.session_state.get("corpus_pick")
    data.reset_corpus(None if name == "sample" else choices.get(name))


st.selectbox(
    "Corpus",
    names,
    index=names.index(now) if now in names else 0,
    key="corpus_pick",
    on_change=_switch,
    help="Built corpora live in data/corpora/<name>/processed.",
)

# --- build --------------------------------------------------------------------------
st.subheader("Build a new corpus")
name = corpora.safe_name(st.text_input("Name", value="my-corpus", key="corpus_name", max_chars=60), fallback="corpus")
st.caption(f"Will be saved as `data/corpora/{name}/`.")
st.caption("Takes " + corpora.FORMATS_TAKEN + ".")
uploads = st.file_uploader(
    "Files (txt, html, json, jsonl, csv, rtf, docx, or a zip of them)",
    type=sorted(corpora.ALLOWED | {"zip"}),
    accept_multiple_files=True,
    key="corpus_files",
    help=f"Up to {corpora.MAX_FILE_BYTES // 1_000_000} MB per file, {corpora.MAX_TOTAL_BYTES // 1_000_000} MB per corpus (zips by unpacked size).",
)
# A server folder is only offered inside the allowed roots: on a hosted app anyone could
# otherwise read the server's files into a corpus.
roots = [Path(p).resolve() for p in os.environ.get("STORYLENS_FOLDERS", str(data.REPO / "data")).split(os.pathsep) if p]
folder = st.text_input("…or a folder on this machine", value="", key="corpus_folder", help="Must be inside: " + ", ".join(map(str, roots)))

pasted = st.text_area(
    "…or paste article URLs, one per line (fetched, then built)",
    value="",
    key="corpus_urls",
    help=f"At most {corpora.MAX_FETCH_URLS} URLs are fetched per build (STORYLENS_MAX_FETCH_URLS). Pages are kept in the corpus, so a rebuild fetches nothing.",
)
fetch_rows = st.checkbox("Fetch the URLs listed in the uploaded files too (Media Cloud, GDELT, URL lists)", value=True, key="corpus_fetch")

if st.button("Build", type="primary", key="corpus_build"):
    target = data.CORPORA / name
    inputs: list[Path] = []
    urls, not_urls = corpora.pasted_urls(pasted)
    for line in not_urls[:5]:
        st.warning("Not an http(s) URL, skipped:")
        st.code(line[:200], language=None)
    if len(urls) > corpora.MAX_FETCH_URLS:
        st.warning(f"{len(urls)} URLs pasted; only the first {corpora.MAX_FETCH_URLS} are fetched.")
        urls = urls[: corpora.MAX_FETCH_URLS]
    if urls:
        (target / "raw").mkdir(parents=True, exist_ok=True)
        (target / "raw" / "pasted_urls.txt").write_text("\n".join(urls) + "\n", encoding="utf-8")
        if target / "raw" not in inputs:
            inputs.append(target / "raw")
    if uploads:
        # Streamed to disk within the per-file, per-corpus and per-visitor budgets (app/corpora.py).
        saved = corpora.save_uploads(uploads, target / "raw", visitor_used=st.session_state.get("_uploaded_bytes", 0))
        st.session_state["_uploaded_bytes"] = st.session_state.get("_uploaded_bytes", 0) + saved.bytes_written
        if saved.skipped:
            # One message for all skips; safe_name has reduced every name to [A-Za-z0-9._-].
            st.warning("Some uploads were not saved:\n\n" + "\n".join(f"- {line}" for line in saved.summary()))
        if saved.files and target / "raw" not in inputs:
            inputs.append(target / "raw")
    if folder.strip():
        path = Path(folder.strip()).expanduser().resolve()
        if not path.is_dir() or not any(path == r or r in path.parents for r in roots):
            st.error("Not a folder inside the allowed roots (STORYLENS_FOLDERS):")
            st.code(folder, language=None)  # shown as text, whatever it contains
        else:
            inputs.append(path)
    if not inputs:
        st.error("Nothing to build: upload files or give a folder.")
    else:
        from storylens.pipeline import build

        with st.status("Building…", expanded=True) as status:
            tables = build(
                inputs, target / "processed", progress=progress.factory, fetch=bool(urls) or fetch_rows, max_fetch_urls=corpora.MAX_FETCH_URLS
            )
            status.update(label=f"Built {len(tables['articles'])} article(s), {len(tables['rejects'])} rejected", state="complete")
        data.reset_corpus(target / "processed")
        st.session_state.pop("corpus_pick", None)
        st.success(f"Corpus `{name}` built and selected.")

# --- rejects of the corpus shown ----------------------------------------------------
st.subheader("Rejected inputs of this corpus")
rejects = data.tables().get("rejects")
if rejects is None or rejects.empty:
    st.write("None.")
else:
    ui.table(rejects[["source_file", "reason", "detail"]], key="corpus_rejects", file_name="rejects")
st.download_button(
    "Download this build (Parquet, zip)", data=data.parquet_zip, file_name=f"storylens_{current.parent.name}.zip", key="corpus_zip", on_click="ignore"
)
