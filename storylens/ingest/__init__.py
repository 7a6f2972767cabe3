"""Ingest: input files -> decoded records (or rejects) -> clean article rows with their metadata.

- `readers`: files and folders (txt, html, json/jsonl, csv) -> records, every bad input a reject;
- `html`: article body and metadata from a web page (trafilatura); `clean`: boilerplate out of plain text;
- `metadata`: outlet, authors, language; `manifest`: what the researcher states in manifest.csv;
- `prepare`: one record -> one article row; `batch`: what needs the whole batch (unique ids, duplicates);
- `dedupe`: identical and near-identical bodies (syndicated copies).
"""

from storylens._lazy import lazy_exports

_EXPORTS = {
    "read_inputs": "readers",
    "extract_html": "html",
    "clean_text": "clean",
    "read_manifest": "manifest",
    "parse_date": "manifest",
    "prepare": "prepare",
    "find_duplicates": "dedupe",
    "read_manifests": "batch",
    "duplicates_of": "batch",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
