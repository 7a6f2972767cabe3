"""The timeline: temporal expressions -> normalised dates, publication days, dated events, story events.

- `temporal/`: the grammar that finds date expressions and the rules that resolve them to TimeML values;
- `timexes`: the timexes table of one article (expressions resolved against its publication day);
- `published`: an article's publication day when no metadata gives it (text, url, file name, the corpus);
- `events`, `event_dates`: what happened in each sentence, and when;
- `story_events`: the same happening across a story's articles; `date_corrections`: researcher date fixes;
- `corpus`: the corpus steps the build calls.
"""

from storylens._lazy import lazy_exports

_EXPORTS = {
    "extract_timexes": "timexes",
    "timex_records": "timexes",
    "infer_published": "published",
    "infer_published_corpus": "published",
    "published_clues": "published",
    "borrow_years": "published",
    "story_names": "published",
    "events_from_doc": "events",
    "event_records": "events",
    "redate_events": "event_dates",
    "parse_timex_corrections": "date_corrections",
    "apply_timex_corrections": "date_corrections",
    "attach_event_actors": "story_events",
    "link_story_events": "story_events",
    "date_across_corpus": "corpus",
    "finish_events": "corpus",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
