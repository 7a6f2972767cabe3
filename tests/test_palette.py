"""The palette: every list of colours keeps its colours apart (CIEDE2000), every event type and
actor kind has its own colour, and an outlet, kind or event type gets the same colour in two
different corpora, in any order, on every chart that draws it."""

from __future__ import annotations

import itertools
import math
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from coloraide import Color

from app import charts, palette
from storylens.network.taxonomy import EVENT_TYPES, OTHER

REPO = Path(__file__).resolve().parents[1]
# Floors on the smallest CIEDE2000 distance inside each list (2 is just noticeable; the
# measured values are 17.5, 17.8, 13.5 and 20.9).
FLOORS = {"event types": (palette.EVENT_TYPES, 15.0), "actor kinds": (palette.ACTOR_KINDS, 15.0), "outlets": (palette.OUTLETS, 12.0)}
FLOORS["communities"] = (palette.COMMUNITIES, 15.0)
KINDS = ["person", "organization", "country", "place", "media", "group", "other"]  # storylens/tables.py, ACTORS.kind


def distance(c1: str, c2: str) -> float:
    """CIEDE2000 (Sharma, Wu & Dalal 2005) between two '#RRGGBB' colours, by ColorAide."""
    return Color(c1).delta_e(c2, method="2000")


def closest_pair(colours: list[str]) -> tuple[float, str, str]:
    """(distance, colour, colour) of the two most alike distinct colours in `colours`."""
    unique = sorted({c.upper() for c in colours})
    return min(((distance(a, b), a, b) for a, b in itertools.combinations(unique, 2)), default=(math.inf, "", ""))


def test_distance_tells_near_and_far_colours() -> None:
    assert distance("#1F77B4", "#1F77B5") < 1 < 50 < distance("#000000", "#FFFFFF")


@pytest.mark.parametrize("name", list(FLOORS))
def test_no_two_colours_of_a_palette_look_alike(name: str) -> None:
    colours, floor = FLOORS[name]
    values = list(colours.values()) if isinstance(colours, dict) else list(colours)
    d, a, b = closest_pair(values)
    assert d >= floor, f"{name}: {a} and {b} are only {d:.1f} apart (CIEDE2000), floor {floor}"
    if isinstance(colours, list):
        assert len({c.upper() for c in colours}) == len(colours), f"{name}: a colour is listed twice"


def test_node_kinds_stand_apart_from_edge_event_types() -> None:
    """The network draws kinds (nodes) and event types (lines) together: no kind colour may
    pass for an event type's (the shared "other" grey apart)."""
    pairs = [(distance(k, e), kn, en) for kn, k in palette.ACTOR_KINDS.items() for en, e in palette.EVENT_TYPES.items() if k != e]
    d, kind, etype = min(pairs)
    assert d >= 15.0, f"kind {kind} and event type {etype} are only {d:.1f} apart"


def test_every_event_type_and_actor_kind_has_its_own_colour() -> None:
    types = [*EVENT_TYPES, OTHER]
    assert set(types) <= set(palette.EVENT_TYPES)
    assert len({palette.event_colour(t) for t in types}) == len(types)
    assert len({palette.actor_kind_colour(k) for k in KINDS}) == len(KINDS)
    assert palette.actor_kind_colour("Organization") == palette.actor_kind_colour("org") == palette.ACTOR_KINDS["organization"]
    assert palette.event_colour("a type added later") == palette.EVENT_TYPES["other"]


def test_outlet_colour_comes_from_the_name_in_any_process() -> None:
    names = ["Newsweek", "RBC-Ukraine", "BBC", "The Guardian", "Fox News"]
    here = [palette.outlet_colour(n) for n in names]
    assert [palette.outlet_colour(f"  {n.upper()} ") for n in names] == here, "case and spaces do not change an outlet"
    assert palette.outlet_colour("Newsweek") != palette.outlet_colour("RBC-Ukraine"), "the sample's two outlets differ"
    code = f"from app import palette; print(','.join(palette.outlet_colour(n) for n in {names!r}))"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    other = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, check=True).stdout.strip()
    assert other.split(",") == here, "a colour that changes with the process would change between page loads"


def _bar_colours(fig) -> dict[str, str]:  # noqa: ANN001 - a plotly figure
    return {t.name: t.marker.color for t in fig.data}


def test_same_outlet_kind_and_type_same_colour_in_two_corpora() -> None:
    """Two corpora share Newsweek, the kind person and the type statement, each with other
    outlets, kinds and types in another order: the shared ones keep their colour on the
    Overview, Timeline and Network charts."""
    a_arts = pd.DataFrame({"outlet": ["Newsweek", "RBC-Ukraine", "Newsweek"], "published": ["2024-01-05", "2024-01-05", "2024-01-04"]})
    b_arts = pd.DataFrame({"outlet": ["Agence Alpha", "BBC", "Newsweek", "Zeta Daily"], "published": ["2024-02-01"] * 4})
    for chart in (charts.articles_per_outlet, charts.coverage_over_time):
        a, b = _bar_colours(chart(a_arts)), _bar_colours(chart(b_arts))
        assert a["Newsweek"] == b["Newsweek"] == palette.outlet_colour("Newsweek")
        assert a["RBC-Ukraine"] == palette.outlet_colour("RBC-Ukraine")

    a_act = pd.DataFrame({"name": ["Putin", "Kremlin"], "kind": ["person", "organization"], "n_mentions": [5, 3], "n_articles": [2, 1], "is_meta": False})
    b_act = pd.DataFrame(
        {"name": ["Haiti", "Obama", "BBC"], "kind": ["country", "person", "media"], "n_mentions": [9, 4, 2], "n_articles": [1, 1, 1], "is_meta": False}
    )
    a, b = _bar_colours(charts.top_actors(a_act)), _bar_colours(charts.top_actors(b_act))
    assert a["person"] == b["person"] == palette.ACTOR_KINDS["person"]
    assert b["country"] == palette.ACTOR_KINDS["country"] and a["organization"] == palette.ACTOR_KINDS["organization"]

    def events(types: list[str]) -> pd.DataFrame:
        n = len(types)
        return pd.DataFrame(
            {
                "event_type": types,
                "lane": ["x"] * n,
                "date_start": [pd.Timestamp("2024-01-04").date()] * n,
                "date_end": [pd.Timestamp("2024-01-04").date()] * n,
                "is_range": False,
                "published": None,
                "is_planned": False,
                "is_uncertain": False,
                "story_event_id": [f"e{i}" for i in range(n)],
                "event_key": [f"k{i}" for i in range(n)],
                "outlet": "Newsweek",
                "date_text": "Thursday",
                "certainty": "asserted",
                "label": "an event",
            }
        )

    a = {t.name: t.marker.color for t in charts.timeline(events(["statement", "assault/attack"])).data}
    b = {t.name: t.marker.color for t in charts.timeline(events(["aid/transfer", "statement", "deny"])).data}
    assert a["statement"] == b["statement"] == palette.EVENT_TYPES["statement"]

    def graph(kinds: dict[str, str], etype: str) -> nx.DiGraph:
        G = nx.DiGraph()
        for n, k in kinds.items():
            G.add_node(n, name=n, kind=k, n_mentions=1)
        first, *rest = kinds
        for n in rest:
            G.add_edge(first, n, weight=1, kind="interaction", event_types={etype: 1})
        return G

    fa = charts.network(graph({"Putin": "person", "Kremlin": "organization"}, "statement"))
    fb = charts.network(graph({"Haiti": "country", "Obama": "person", "UN": "organization"}, "aid/transfer"))
    node_colour = {}
    for fig in (fa, fb):
        nodes = fig.data[-1]
        node_colour.update({n: c for n, c in zip(nodes.text, nodes.marker.color, strict=True)})
    assert node_colour["Putin"] == node_colour["Obama"] == palette.ACTOR_KINDS["person"]
    assert node_colour["Kremlin"] == node_colour["UN"] == palette.ACTOR_KINDS["organization"]
    legend = {t.name: t.line.color for t in fa.data if t.mode == "lines" and t.name}
    assert legend["statement"] == palette.EVENT_TYPES["statement"]
    kinds_legend = {t.name: t.marker.color for t in fb.data if t.legendgroup == "nodes"}
    assert kinds_legend == {k: palette.ACTOR_KINDS[k] for k in ("country", "organization", "person")}
    communities = charts.network(graph({"Haiti": "country", "Obama": "person", "UN": "organization"}, "agree"), communities={"Haiti": 0, "Obama": 0, "UN": 1})
    assert list(communities.data[-1].marker.color) == [palette.community_colour(0), palette.community_colour(0), palette.community_colour(1)]
