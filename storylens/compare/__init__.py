"""Side-by-side comparison: articles -> stories -> aligned sentences and claims; quotes across outlets; citations.

Order of the stage (the build runs it after the per-article tables exist):
1. `stories.assign_stories` gives every article a `story_id`; nothing is compared across stories.
2. `alignments.align_sentences` pairs sentences of two articles of a story that report the same thing
   (same, paraphrase, related, conflicting), on `text_features` and `conflicts`.
3. `claims.build_claims` clusters aligned sentences into claims, each with the outlets that carry it.
4. `quotes/` finds each article's quotes and speakers; `quote_groups` lines the same quote up across
   outlets with a word diff; `citations` says whose word each outlet rests on.
`corpus` holds the corpus steps the build calls.
"""

from storylens._lazy import lazy_exports

_EXPORTS = {
    "assign_stories": "stories",
    "align_sentences": "alignments",
    "build_claims": "claims",
    "conflict_cue": "conflicts",
    "content_words": "text_features",
    "extract_quotes": "quotes",
    "quote_records": "quotes",
    "group_quotes": "quote_groups",
    "extract_citations": "citations",
    "compare_stories": "corpus",
    "finish_quotes": "corpus",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
