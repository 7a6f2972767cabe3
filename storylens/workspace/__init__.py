"""The hosted workspace: corpora that belong to their link, corrections made on the page, builds in a queue, search.

Why a package of its own: a hosted Storylens serves many researchers from one server, and
who may see or change a corpus is a rule of the library, not of a page. Nothing here
imports streamlit or spaCy (the build itself is imported only when a queued job runs), so
the rules are unit-tested without a browser and reused by any front end.

    hosting   settings read from the environment (root, limits, expiry, public base URL)
    corpora   one folder per corpus under an unguessable id; metadata, edit token (hashed), visibility
    edits     corrections made on the page: a log with who/when, undo, written as corrections.yaml
    builds    a bounded queue of builds with a status file per corpus (queued / building / built / failed)
    search    a BM25 full-text index of a build's sentences (SQLite FTS5)
"""

from storylens._lazy import lazy_exports

__all__ = ["HostSettings", "Workspace", "Corpus", "CorrectionLog", "BuildQueue", "SearchIndex"]
__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "HostSettings": "hosting",
        "Workspace": "corpora",
        "Corpus": "corpora",
        "CorrectionLog": "edits",
        "BuildQueue": "builds",
        "SearchIndex": "search",
    },
)
