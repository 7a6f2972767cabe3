"""The actor network: the parse of each sentence -> directed, typed edges between actors -> a graph and its measures.

- `interactions`: per article, who did what to whom (verb and event-noun edges), built on `arguments`
  (subjects, objects, prepositional targets), `certainty` (asserted ... denied), `mention_index` and `lexicon`;
- `taxonomy`: the event types shared with the timeline;
- `co_mentions`: after resolution, mention ids -> actor ids and the weaker co-mention edges (spaCy-free);
- `graph`: edges aggregated into a networkx graph, its measures and ego networks (spaCy-free);
- `corpus`: the corpus steps the build calls.
"""

from storylens._lazy import lazy_exports

_EXPORTS = {
    "interactions_from_doc": "interactions",
    "interaction_records": "interactions",
    "certainty_of": "certainty",
    "event_type_of": "taxonomy",
    "event_type_names": "taxonomy",
    "attach_actors": "co_mentions",
    "co_mentions": "co_mentions",
    "filter_edges": "graph",
    "build_graph": "graph",
    "graph_measures": "graph",
    "ego_network": "graph",
    "finish_interactions": "corpus",
    "date_interactions": "corpus",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
