"""Actors: named mentions in each article -> resolved actors of the corpus, and how each outlet names them.

- `mentions`: spaCy entities as mentions, with their descriptors ("British Defense Minister") and normal form;
- `coref`: descriptions and pronouns ("the Kremlin leader", "he") linked to a named mention of the article;
- `gazetteer`: which names are states, places, media (so "Moscow" and "the Kremlin" resolve to Russia);
- `resolve`: mentions -> actors across articles (aliases, titles, metonymy), researcher corrections last;
- `labels`: the labels table, how each outlet names each actor, with the sentences behind every count.
"""

from storylens._lazy import lazy_exports

_EXPORTS = {
    "mentions_from_doc": "mentions",
    "mention_records": "mentions",
    "mention_kind": "mentions",
    "normalise_name": "mentions",
    "coref_mentions": "coref",
    "load_gazetteer": "gazetteer",
    "name_key": "gazetteer",
    "actor_id": "state",
    "resolve_actors": "resolve",
    "build_labels": "labels",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
