"""One palette for event types, actor kinds, outlets and network communities: the same colour
for the same thing on every page, filter and corpus.

Why fixed maps and a name hash: plotly hands out colours by trace order, so "statement" was
pink in one view and red in the next, and an outlet's colour changed with the outlets shown.
Event types and actor kinds are a closed list, each with a fixed colour; an outlet gets a
colour from `OUTLETS` chosen by a hash of its name (case and surrounding spaces ignored),
which does not depend on the corpus, the filter or the row order. Every list was picked
for distance (CIEDE2000, by ColorAide in the test): tests/test_palette.py fails when two colours
of one list come closer than its floor. The price of name-stable outlet colours: with many
outlets two can share a colour (24 colours); legends and hovers always name the outlet.
"""

from __future__ import annotations

import hashlib

import pandas as pd

# The event taxonomy (storylens.network.taxonomy) plus "other": talk is grey, force red,
# help green, contact blue; "co-mention" (no parsed action) is dark grey and drawn dotted.
EVENT_TYPES = {
    "statement": "#7F7F7F",
    "other": "#C7C7C7",
    "assault/attack": "#E15759",
    "threaten": "#843C39",
    "accuse": "#FF7F0E",
    "aid/transfer": "#66A61E",
    "support": "#98DF8A",
    "agree": "#1B9E77",
    "cooperate": "#17BECF",
    "consult/meet": "#1F77B4",
    "investigate": "#5254A3",
    "request": "#EDC948",
    "sanction": "#7B4173",
    "deny": "#E377C2",
    "reject": "#FF9DA7",
    "protest": "#8C6D31",
    "co-mention": "#4D4D4D",
}
# Nodes and edges share the network chart: the kinds are chosen apart from every event-type
# colour too (smallest CIEDE2000 distance 17.4), "other" alone shares the event "other" grey.
ACTOR_KINDS = {
    "person": "#9777D8",
    "organization": "#057272",
    "country": "#057205",
    "place": "#77A7D8",
    "media": "#B60AD8",
    "group": "#723C05",
    "other": "#C7C7C7",
}
_KIND_ALIASES = {"org": "organization", "gpe": "country", "loc": "place", "norp": "group"}
# 24 colours chosen greedily for the largest smallest CIEDE2000 distance (about 13.5).
OUTLETS = [
    "#1F77B4",
    "#EDC948",
    "#D62728",
    "#009E73",
    "#F7B6D2",
    "#7B4173",
    "#8C6D31",
    "#9EDAE5",
    "#FF7F0E",
    "#98DF8A",
    "#7F7F7F",
    "#E7298A",
    "#637939",
    "#5254A3",
    "#BAB0AC",
    "#66A61E",
    "#843C39",
    "#B07AA1",
    "#56B4E9",
    "#FFBB78",
    "#FF9896",
    "#D6616B",
    "#9467BD",
    "#AEC7E8",
]
# Communities are numbered by size (storylens.network.graph): community 0 is always the first colour.
COMMUNITIES = OUTLETS[:12]
UNKNOWN = "#C7C7C7"
SELECTED_OUTLINE = "#000000"


def _hashed(value: str, colours: list[str]) -> str:
    key = value.strip().casefold().encode()
    return colours[int(hashlib.sha1(key).hexdigest(), 16) % len(colours)]


def event_colour(event_type: str) -> str:
    """The colour of an event type; an unknown type is drawn like "other"."""
    return EVENT_TYPES.get(str(event_type), EVENT_TYPES["other"])


def actor_kind_colour(kind: str) -> str:
    """The colour of an actor kind (person, organization, country, place, media, group, other)."""
    k = str(kind).strip().lower()
    return ACTOR_KINDS.get(_KIND_ALIASES.get(k, k), ACTOR_KINDS["other"])


def outlet_colour(outlet: str) -> str:
    """The colour of an outlet, from its name alone: the same in every corpus and view."""
    if outlet is None or (isinstance(outlet, float) and pd.isna(outlet)):
        return UNKNOWN
    return _hashed(str(outlet), OUTLETS)


def community_colour(community: int) -> str:
    """The colour of network community number `community` (0 = the largest)."""
    return COMMUNITIES[int(community) % len(COMMUNITIES)]


def outlet_map(outlets) -> dict[str, str]:  # noqa: ANN001 - any iterable of names
    """{outlet: colour} for plotly's color_discrete_map."""
    return {str(o): outlet_colour(o) for o in pd.unique(pd.Series(list(outlets), dtype=object)) if o is not None}


def kind_map(kinds) -> dict[str, str]:  # noqa: ANN001 - any iterable of kinds
    """{kind: colour} for plotly's color_discrete_map."""
    return {str(k): actor_kind_colour(k) for k in pd.unique(pd.Series(list(kinds), dtype=object)) if k is not None}
