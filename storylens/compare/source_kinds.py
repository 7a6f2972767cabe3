"""What kind of source a citation rests on: official, media, document, intelligence, anonymous, expert, person.

The word lists and patterns behind `kind_of`, kept apart from the passes that find citations,
so the classification can be read (and argued with) on its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

# Office titles: a person described with one of these speaks for an institution.
OFFICIAL_TITLES = frozenset(
    [
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "minister",
        "president",
        "secretary",
        "official",
        "coordinator",
        "ambassador",
        "senator",
        "sen",
        "representative",
        "rep",
        "congressman",
        "congresswoman",
        "lawmaker",
        "legislator",
        "governor",
        "gov",
        "mayor",
        "general",
        "gen",
        "commander",
        "chief",
        "director",
        "adviser",
        "advisor",
        "chancellor",
        "premier",
        "king",
        "queen",
        "prince",
        "leader",
        "dictator",
        "envoy",
        "diplomat",
        "attorney",
        "prosecutor",
        "judge",
        "justice",
        "speaker",
        "deputy",
        "counterpart",
        "head",
        "chairman",
        "chairwoman",
        "admiral",
        "colonel",
        "officer",
        "sheriff",
        "councilman",
        "councilwoman",
        "commissioner",
        "administrator",
        "press",
        "mp",
        "ministers",
        "officials",
        "strongman",
        "autocrat",
        "ruler",
        "monarch",
        "emir",
        "sultan",
    ]
)


EXPERT_TITLES = frozenset(
    [
        "analyst",
        "expert",
        "professor",
        "prof",
        "researcher",
        "scholar",
        "economist",
        "fellow",
        "scientist",
        "historian",
        "specialist",
        "strategist",
        "consultant",
        "pollster",
        "academic",
    ]
)


# Institutions of a state: an organisation whose name holds one of these speaks officially.
_GOV_WORDS = re.compile(
    r"\b(?:ministry|department|government|administration|white house|kremlin|pentagon|army|navy|air force|"
    r"armed forces|military|forces|command|police|council|parliament|senate|congress|house|cabinet|embassy|"
    r"office|agency|commission|committee|court|guard|ministries|defen[cs]e|presidency|duma|bundestag|"
    r"united nations|nato|european union|secretariat|prosecutor|staff)\b",
    re.I,
)


_INTEL_RE = re.compile(r"\b(?:intelligence|spy agency|spies|CIA|FSB|GUR|SBU|MI6|MI5|Mossad|NSA|GCHQ|HUR)\b")


# Documents: the source is a text, not someone's word.
_DOC_RE = re.compile(
    r"\b(?:report|reports|reporting|statement|statements|document|documents|data|figures|assessment|study|survey|"
    r"poll|memo|letter|filing|records|release|analysis|footage|video|images|post|investigation|transcript|"
    r"readout|communique|decree|bulletin|briefing|estimate|estimates|cable|leak|leaks|review|audit|lawsuit|suit|"
    r"indictment|complaint|numbers|list|photos?|website|ad|advertisement|book|ruling|e-?mails?|papers|polls?|"
    r"documents?|messages|returns|excerpts?|interviews?|transcripts?|pages|correspondence|bill|terms|legislation)\b",
    re.I,
)


# Outlets the gazetteer does not list, by the words news organisations are named with.
_MEDIA_NAME = re.compile(
    r"\b(?:[A-Z][\w.&'-]*[\s-]+)+(?:News|Times|Post|Journal|Herald|Gazette|Tribune|Telegraph|Press|Radio|Television|"
    r"Broadcasting|Daily|Magazine|Wire|Weekly|Network|Chronicle|Examiner|Inquirer|Reporter|Register|Review)\b"
)


_NAME_RE = re.compile(r"^(?:(?:Mr|Mrs|Ms|Dr|Miss)\.?\s+)?[A-Z][a-z'’-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z'’-]+){0,2}$")


_GROUP_RE = re.compile(r"(?:ans|ats|ists|ics|ites|ers)$")


# Unnamed sources: head nouns that stand for people the article does not name.
_ANON_RE = re.compile(
    r"^(?:an?|some|several|two|three|four|many|other|the|unnamed|anonymous|senior|top|high-ranking|[A-Z][\w.]*\s)*"
    r".*?\b(?:officials?|sources?|source familiar|people|persons?|insiders?|diplomats?|aides?|someone|"
    r"observers|witnesses|residents|lawmakers|spokes(?:man|woman|person)|member|critics|opponents|supporters|"
    r"advocates|proponents|detractors|skeptics)\b",
    re.I,
)


# The same nouns heading a phrase, to tell "The source" (anonymous) from "the minister".
_ANON_HEAD = re.compile(r"^(?:\w+\s+){0,3}?(?:officials?|sources?|people|persons?|insiders?|diplomats?|aides?|someone|observers|witnesses)\b", re.I)


_ANON_MARKERS = re.compile(r"\b(?:familiar with|close to|who (?:spoke|asked|requested|declined to be)|anonymity|unnamed|anonymous|not authori[sz]ed)\b", re.I)


# Platforms carry a statement; they are never its source ("in a post to X, formerly Twitter").
PLATFORMS = frozenset(["twitter", "x", "facebook", "telegram", "youtube", "instagram", "tiktok", "truth social", "threads", "weibo", "vk", "linkedin"])


_PRONOUN_OR_REL = frozenset(["he", "she", "they", "it", "we", "i", "who", "which", "that", "him", "her", "them", "his", "its", "their", "our", "my"])


def _words(text: str | None) -> set[str]:
    """Lower-case words, each also without a plural "s", so "analysts" meets "analyst"."""
    words = {w.strip(".").lower() for w in re.findall(r"[A-Za-z][\w.'-]*", text or "")}
    return words | {w[:-1] for w in words if w.endswith("s") and len(w) > 3}


def kind_of(written: str, actor: dict[str, Any] | None, descriptors: Iterable[str] = (), title_words: frozenset[str] | set[str] = frozenset()) -> str:
    """The class of a cited source, from how it is written and what actor it resolves to.

    The written form wins over the actor where it says more: "U.S. intelligence" resolves
    to the United States (the mention inside it) but is an intelligence source; "a BBC
    report" is media; "U.S. officials" is anonymous though the U.S. is a state.
    `title_words`: the `_words` of descriptors already split (a caller classifying many
    mentions of one actor splits its corpus-wide descriptors once).
    """
    text = written or ""
    kind = (actor or {}).get("kind")
    if _INTEL_RE.search(text) or (kind == "organization" and _INTEL_RE.search(str((actor or {}).get("name") or ""))):
        return "intelligence"
    if kind == "media":
        return "media"
    if kind in (None, "organization") and _MEDIA_NAME.search(text):
        return "media"  # "the Spokesman-Review" is a newspaper, not an unnamed spokesman
    named_person = kind == "person" and text.strip().lower() not in _PRONOUN_OR_REL and not _ANON_RE.match(text.split(",")[0])
    if not named_person and (_ANON_MARKERS.search(text) or (_ANON_RE.match(text) and (actor is None or kind in ("country", "organization", "group")))):
        return "anonymous"
    if _DOC_RE.search(text) and kind != "person":
        return "document"
    if kind == "country":
        return "official"
    if kind == "person":
        # An office outranks expertise ("Rep. Dave Brat", a former economics professor).
        words = set(title_words)
        for d in [text, *descriptors]:
            words |= _words(d)
        if words & OFFICIAL_TITLES:
            return "official"
        if words & EXPERT_TITLES:
            return "expert"
        return "person"
    name = f"{text} {(actor or {}).get('name') or ''}"
    if _MEDIA_NAME.search(name):
        return "media"
    if _GOV_WORDS.search(name):
        return "official"
    if actor is None:
        words = _words(text)
        if words & EXPERT_TITLES:
            return "expert"
        if words & OFFICIAL_TITLES:
            return "official"
        # A bare capitalised name the resolver left without an actor ("Goelman said") is a
        # person; a capitalised plural ("Democrats", "Catholics") is a group.
        if _NAME_RE.match(text.strip()) and not _GROUP_RE.search(text):
            return "person"
    return "organization"
