"""One palette for event types, actor kinds and outlets: the same colour for the same thing on
every page, filter and corpus.

Why fixed maps and a stable fallback: plotly hands out colours by trace order, so "statement"
was pink in one view and red in the next. Known values get a fixed, mutually distinct colour
(Okabe-Ito and Tableau hues, none two alike); any other value (an outlet name) a colour from
the same list chosen by a hash of its name, which does not depend on what else is shown.
"""

from __future__ import annotations

import hashlib

_HUES = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#8C564B", "#7F7F7F", "#BCBD22", "#17BECF", "#9467BD", "#F0E442"]

EVENT_TYPES = {
    "statement": "#7F7F7F",
    "assault/attack": "#D55E00",
    "aid/transfer": "#009E73",
    "consult/meet": "#0072B2",
    "cooperate": "#56B4E9",
    "request": "#E69F00",
    "support": "#BCBD22",
    "agree": "#17BECF",
    "sanction": "#9467BD",
    "accuse": "#CC79A7",
    "threaten": "#8C564B",
    "deny": "#F0E442",
    "other": "#C7C7C7",
    "unclassified": "#C7C7C7",
}
ACTOR_KINDS = {"person": "#0072B2", "org": "#E69F00", "gpe": "#009E73", "place": "#009E73", "group": "#CC79A7", "other": "#7F7F7F"}


def _hashed(value: str) -> str:
    return _HUES[int(hashlib.sha1(value.encode()).hexdigest(), 16) % len(_HUES)]


def event_colour(event_type: str) -> str:
    return EVENT_TYPES.get(str(event_type), _hashed(str(event_type)))


def actor_kind_colour(kind: str) -> str:
    return ACTOR_KINDS.get(str(kind).lower(), _hashed(str(kind)))


def outlet_colour(outlet: str) -> str:
    return _hashed(str(outlet))
