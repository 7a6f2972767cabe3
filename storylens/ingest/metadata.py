"""Article metadata that can be read off a URL or a text: domain, outlet, language, byline authors.

Why a module of its own: the file readers (txt, html, json, csv) all need the same answers
to "which outlet is this?" and "which language?", from whatever each input gives them.
Order of preference is the caller's business (manifest > page metadata > url > text); each
function here answers from one kind of evidence only, and returns None when that evidence
says nothing, so the caller can record *how* it knows (`outlet_how`, `authors_how`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from py3langid.langid import MODEL_FILE, LanguageIdentifier
from tld import get_fld

__all__ = [
    "KNOWN_OUTLETS",
    "authors_from_byline",
    "detect_language",
    "domain_of",
    "outlet_from_domain",
    "outlet_from_text",
]

# Registrable domain -> the name the outlet uses for itself. Kept short on purpose: it only
# needs the outlets a user is likely to compare; any other domain gets a readable fallback
# (see `outlet_from_domain`). Several domains of one outlet map to one name so that
# syndicated and mobile copies group together.
KNOWN_OUTLETS: dict[str, str] = {
    "newsweek.com": "Newsweek",
    "bbc.co.uk": "BBC",
    "bbc.com": "BBC",
    "nytimes.com": "The New York Times",
    "foxnews.com": "Fox News",
    "huffpost.com": "HuffPost",
    "huffingtonpost.com": "HuffPost",
    "huffingtonpost.co.uk": "HuffPost",
    "rbc.ua": "RBC-Ukraine",
    "reuters.com": "Reuters",
    "apnews.com": "Associated Press",
    "theguardian.com": "The Guardian",
    "guardian.co.uk": "The Guardian",
    "washingtonpost.com": "The Washington Post",
    "wsj.com": "The Wall Street Journal",
    "cnn.com": "CNN",
    "nbcnews.com": "NBC News",
    "cbsnews.com": "CBS News",
    "abcnews.go.com": "ABC News",
    "npr.org": "NPR",
    "politico.com": "Politico",
    "politico.eu": "Politico Europe",
    "bloomberg.com": "Bloomberg",
    "ft.com": "Financial Times",
    "economist.com": "The Economist",
    "usatoday.com": "USA Today",
    "latimes.com": "Los Angeles Times",
    "aljazeera.com": "Al Jazeera",
    "dw.com": "DW",
    "france24.com": "France 24",
    "euronews.com": "Euronews",
    "kyivindependent.com": "The Kyiv Independent",
    "pravda.com.ua": "Ukrainska Pravda",
    "ukrinform.net": "Ukrinform",
    "ukrinform.ua": "Ukrinform",
    "kyivpost.com": "Kyiv Post",
    "unian.info": "UNIAN",
    "unian.net": "UNIAN",
    "tass.com": "TASS",
    "tass.ru": "TASS",
    "rt.com": "RT",
    "meduza.io": "Meduza",
    "themoscowtimes.com": "The Moscow Times",
    "independent.co.uk": "The Independent",
    "telegraph.co.uk": "The Telegraph",
    "dailymail.co.uk": "Daily Mail",
    "thetimes.co.uk": "The Times",
    "sky.com": "Sky News",
    "axios.com": "Axios",
    "thehill.com": "The Hill",
    "time.com": "Time",
    "spiegel.de": "Der Spiegel",
    "lemonde.fr": "Le Monde",
}

# Other spellings outlets use for themselves in running text, mapped to the table's name.
_ALIASES: dict[str, str] = {
    "the huffington post": "HuffPost",
    "huffington post": "HuffPost",
    "the associated press": "Associated Press",
    "ap": "Associated Press",
    "the new york times": "The New York Times",
    "new york times": "The New York Times",
    "bbc news": "BBC",
    "rbc ukraine": "RBC-Ukraine",
}
# Suffixes for an outlet's web or TV arm: "Fox News Digital", "FoxNews.com", "CNN International".
_ARM_SUFFIX = re.compile(r"(?:\s+(?:Digital|Online|Channel|International|magazine|newspaper)|\.com)$", re.I)
_BY_LOWER = {name.lower(): name for name in KNOWN_OUTLETS.values()} | {d: n for d, n in KNOWN_OUTLETS.items()}
_KNOWN_NAMES = frozenset(KNOWN_OUTLETS.values()) | {"The Times", "MSNBC", "CNBC", "PBS", "Fox Business Network"}


def _canonical(name: str) -> str:
    """The table's name for a spelling of a known outlet ("The Huffington Post", "FoxNews.com"
    -> "HuffPost", "Fox News"), else the name unchanged."""
    for candidate in (name, _ARM_SUFFIX.sub("", name)):
        key = candidate.lower()
        if key in _ALIASES:
            return _ALIASES[key]
        if key in _BY_LOWER:
            return _BY_LOWER[key]
        if key.replace(" ", "") in _BY_LOWER:  # "FoxNews" -> foxnews.com is not a key; "Fox News" is
            return _BY_LOWER[key.replace(" ", "")]
        if key + ".com" in _BY_LOWER:
            return _BY_LOWER[key + ".com"]
    return name


_SHORT_LABEL_MAX = 3  # "rbc", "cnn", "dw": acronyms read better in capitals


def domain_of(url: str | None) -> str | None:
    """Host of a URL, lower-cased, without a leading "www." (the `articles.domain` column).

    A URL without a scheme ("newsweek.com/x") is accepted, since users paste those.
    """
    if not url or not url.strip():
        return None
    url = url.strip()
    if "://" not in url:
        url = "http://" + url
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host or "." not in host:
        return None
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def _registrable(domain: str) -> str:
    """Registrable domain ("newsukraine.rbc.ua" -> "rbc.ua") via the public suffix list.

    `tld` ships its own copy of the list, so nothing is fetched; an unknown suffix falls
    back to the last two labels.
    """
    fld = get_fld(domain, fix_protocol=True, fail_silently=True)
    if fld:
        return str(fld)
    return ".".join(domain.split(".")[-2:])


def outlet_from_domain(domain: str | None) -> str | None:
    """The outlet's name for a domain: the `KNOWN_OUTLETS` entry, else a readable guess.

    The guess is the registrable domain's first label with hyphens as spaces, title-cased,
    or upper-cased when it is three letters or fewer ("example-news.co.uk" -> "Example News",
    "abc.net" -> "ABC"). Subdomains are looked up first so that a table entry such as
    "abcnews.go.com" wins over "go.com".
    """
    if not domain:
        return None
    domain = domain.lower().strip().rstrip(".")
    if domain.startswith("www."):
        domain = domain[4:]
    labels = domain.split(".")
    for i in range(len(labels) - 1):
        suffix = ".".join(labels[i:])
        if suffix in KNOWN_OUTLETS:
            return KNOWN_OUTLETS[suffix]
    label = _registrable(domain).split(".")[0]
    if not label:
        return None
    if len(label) <= _SHORT_LABEL_MAX:
        return label.upper()
    return " ".join(w.capitalize() for w in re.split(r"[-_]+", label) if w)


# --- outlet named by the text itself -------------------------------------------------------

# A name as outlets write theirs: capitalised words, optionally "The ...", with inner
# "of"/"and" ("The Wall Street Journal", "Fox News Digital", "RBC-Ukraine").
_NAME = r"(?:The\s+)?[A-Z][\w&.'’-]*(?:\s+(?:of\s+|and\s+)?[A-Z][\w&.'’-]*){0,4}"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
# The outlet as the subject of newsroom work: only a newsroom "reaches out for comment",
# "has contacted ... for comment", "could not independently verify".
_SELF_SUBJECT = re.compile(
    rf"(?<![\w’'])(?P<name>{_NAME})\s+(?:on\s+{_WEEKDAY}\s+|(?:also|previously|has|had|have|was|were)\s+)*"
    r"(?:reached out|contacted|emailed|requested comment|sought comment"
    r"|could not (?:independently )?(?:verify|confirm)|was unable to (?:independently )?(?:verify|confirm|reach)"
    r"|has not been able to (?:independently )?(?:verify|confirm)|cannot (?:independently )?verify)\b"
)
# The outlet as the one spoken to: "told Newsweek", "said in a statement to CNN". Weak: outlets
# also write "X told CNN" about another outlet's interview.
_SELF_OBJECT = re.compile(
    rf"\b(?P<cue>told|telling|tells|in an? (?:statement|email|comment)s? (?:sent )?to|in an interview with|speaking to|confirmed to)"
    rf"\s+(?P<name>{_NAME})(?P<after>[’']s?\s|\s+(?:in|during) an? (?:article|interview|report|piece|segment|broadcast)\b)?"
)
# What an outlet gets that a cited interview does not: statements sent to it, and unnamed
# or institutional sources speaking to it ("a spokeswoman told HuffPost", "officials told
# Fox News"). "Trump told CNN" is as often another outlet's interview being cited.
_RECEIVED_CUE = re.compile(r"^(?:in an? (?:statement|email|comment)|confirmed to)")
_SOURCE_SUBJECT = re.compile(
    r"\b(?:sources?|officials?|spokes(?:man|woman|person)|aides?|staffers?|representatives?|adviser|advisor|"
    r"lawmakers?|officers?|agents?|insiders?|familiar with|who (?:asked|spoke|requested) (?:not|on condition))\b[^,.;:]{0,60}$",
    re.I,
)
# Bio: "Jane Doe is a Newsweek reporter", "... is a senior correspondent for Reuters".
_BIO_ROLE = (
    r"(?:reporter|correspondent|writer|editor|journalist|columnist|contributor|producer"
    r"|fellow|analyst|anchor|host|intern|news editor|staff writer)"
)
_BIO_EMPLOYER_POST = re.compile(rf"\bis (?:a|an|the)\s+(?:[\w'’-]+\s+){{0,4}}?{_BIO_ROLE}\s+(?:at|for|with)\s+(?P<name>{_NAME})")
_BIO_EMPLOYER_PRE = re.compile(rf"\bis (?:a|an|the)\s+(?:[a-z-]+\s+){{0,3}}?(?P<name>{_NAME})\s+(?:[a-z-]+\s+){{0,2}}{_BIO_ROLE}\b")
# An unknown name "reached out"/"contacted" is a newsroom only when asking for comment
# ("Bannon emailed about WikiLeaks" and "Mueller could not verify" are not).
_COMMENT_REQUEST = re.compile(r"\bfor (?:a )?(?:comment|response|reaction)\b|\brequests? for comment\b", re.I)
_REQUEST_VERBS = ("reached out", "contacted", "requested comment", "sought comment")
_NOT_A_NAME = frozenset({"The", "He", "She", "They", "It", "We", "I", "This", "That", "But", "And", "When", "Officials"})
# Weights: a bio names the employer; newsroom work ("reached out for comment") is nearly as
# telling; a statement or an unnamed source given to the outlet is good but also occurs in
# aggregated stories ("a White House official told Politico"); "<named person> told X" is
# weak, since it is how outlets cite each other's interviews. An answer needs `_MIN_SCORE`
# and must beat the runner-up. Tuned on BASIL and PolNeAR (10 outlets) for precision: on
# their 1,312 articles these weights give 23 right answers and 1 wrong (a Politico page
# carrying an AP story that says "told AP"); weighting sourced statements 2.0 instead
# doubled the right answers but also gave 7 wrong ones.
_BIO_WEIGHT, _STRONG_WEIGHT, _RECEIVED_WEIGHT, _WEAK_WEIGHT, _MIN_SCORE = 3.0, 2.0, 1.4, 0.7, 2.0


def _clean_name(name: str) -> str:
    name = re.sub(r"[’']s?$", "", name.strip()).rstrip(".,;:")
    # "told Newsweek Thursday" / "told CNN On Friday": drop trailing weekday words.
    name = re.sub(rf"(?:\s+(?:on\s+)?{_WEEKDAY})+$", "", name, flags=re.I)
    return _canonical(name.strip())


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]


def outlet_from_text(body: str, removed: list[tuple[str, str]]) -> str | None:
    """The outlet a text names as *itself*, or None.

    Evidence, strongest first: an author bio among the removed boilerplate ("X is a Newsweek
    reporter"); the outlet as the subject of newsroom work ("Newsweek on Friday reached out
    ... for comment", "Newsweek has contacted"); the outlet as the one spoken to ("told
    Newsweek", counted only for known outlets and only when it recurs or nothing else is
    named). An outlet that is merely cited ("Reuters reported", "a BBC report", "told
    NBC's Lester Holt", "told The New York Times in an interview published Sunday") is not
    evidence, because every outlet cites others. Spellings are unified ("The Huffington
    Post", "FoxNews.com") through the known-outlet table.

    Args:
        body: the clean body text.
        removed: (kind, text) pairs from `clean_text`; only bio kinds are read.
    Returns:
        The best-supported name, or None when the evidence is absent or ambiguous.
    """
    scores: dict[str, float] = {}

    def vote(raw_name: str, weight: float) -> None:
        name = _clean_name(raw_name)
        if name and name not in _NOT_A_NAME and len(name) >= 2:
            scores[name] = scores.get(name, 0.0) + weight

    for kind, text in removed:
        if kind in {"author_bio", "about_author"}:
            # "the Second Amendment columnist for Breitbart News": the "for X" employer wins.
            names = [m.group("name") for m in _BIO_EMPLOYER_POST.finditer(text)]
            for name in names or [m.group("name") for m in _BIO_EMPLOYER_PRE.finditer(text)]:
                vote(name, _BIO_WEIGHT)
    for sentence in _sentences(body or ""):
        for m in _SELF_SUBJECT.finditer(sentence):
            name = _clean_name(m.group("name"))
            asks_comment = any(v in m.group(0) for v in _REQUEST_VERBS) and _COMMENT_REQUEST.search(sentence)
            if name in _KNOWN_NAMES or asks_comment:
                vote(name, _STRONG_WEIGHT)
        for m in _SELF_OBJECT.finditer(sentence):
            if m.group("after"):
                continue  # "told NBC's Lester Holt", "told CNN in an interview airing Sunday"
            if _clean_name(m.group("name")) not in _KNOWN_NAMES:
                continue
            received = _RECEIVED_CUE.match(m.group("cue")) or _SOURCE_SUBJECT.search(sentence[: m.start()])
            vote(m.group("name"), _RECEIVED_WEIGHT if received else _WEAK_WEIGHT)
    if not scores:
        return None
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    best, score = ranked[0]
    if score < _MIN_SCORE or (len(ranked) > 1 and ranked[1][1] >= score):
        return None
    return best


# --- language ----------------------------------------------------------------------------

_MIN_LETTERS = 8  # below this, langid's answer is noise ("ua en ru" comes out Occitan)
_MAX_CHARS = 20_000  # the opening of a long text decides its language as well as all of it


@lru_cache(maxsize=1)
def language_identifier() -> LanguageIdentifier:
    """py3langid's model, loaded once per process (about 0.7 s)."""
    # norm_probs=True: scores become probabilities (0-1) instead of log-likelihoods.
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str | None) -> tuple[str, float]:
    """ISO 639-1 code and probability (0-1) of a text's language; ("und", 0.0) when too short.

    py3langid is offline, deterministic and fast; its model ships in the package.
    """
    if not text:
        return ("und", 0.0)
    sample = text[:_MAX_CHARS]
    if sum(ch.isalpha() for ch in sample) < _MIN_LETTERS:
        return ("und", 0.0)
    lang, prob = language_identifier().classify(sample)
    return (str(lang), round(float(prob), 4))


# --- bylines -----------------------------------------------------------------------------

_BYLINE_PREFIX = re.compile(
    # English labels, and the explicit Ukrainian/Russian "Автор:" (an unambiguous label,
    # unlike German "Von", which also starts ordinary sentences).
    r"^\s*(?:(?:written|reported|reporting|text|words|story)\s+by|by|authors?|writers?|автор(?:ка|и|ы)?)\s*[:\-–—]?\s+",
    re.I,
)
# Things that follow a byline on the same line and are not names.
_BYLINE_TAIL = re.compile(
    r"\s*(?:[|•·]|,?\s+(?:published|updated|posted|on)\b|\s[-–—]\s|,\s*\d|\s+\d{1,2}[:/.]\d).*$",
    re.I,
)
_NAME_TOKEN = re.compile(r"^(?:[A-ZÀ-ÖØ-ÞА-ЯЁІЇЄҐ][\w'’.-]*|[a-z]{1,3}|Jr\.?|Sr\.?|[A-Z]\.)$")
_MAX_NAME_WORDS = 5
_NOT_NAMES = re.compile(
    rf"^(?:{_WEEKDAY}|January|February|March|April|May|June|July|August|September|October"
    r"|November|December|The|This|That|Then|Now|Today|Tomorrow|Yesterday)\b",
)


def _looks_like_name(name: str) -> bool:
    words = name.split()
    if not 1 <= len(words) <= _MAX_NAME_WORDS or _NOT_NAMES.match(name):
        return False
    # Lower-case particles ("de", "van") are allowed only inside a name.
    if not words[0][0].isupper() or not words[-1][0].isupper():
        return False
    return all(_NAME_TOKEN.match(w) for w in words)


def authors_from_byline(line: str | None) -> list[str]:
    """Author names in a byline: "By Jane Doe and John Roe" -> ["Jane Doe", "John Roe"].

    Accepts "By", "Author:", "Written by", "Reporting by" prefixes or a bare list of names;
    drops trailing dates, "| Reuters" and similar tails, and outlet suffixes after a comma
    ("By Jane Doe, Reuters" keeps "Jane Doe" only when "Reuters" is a known outlet).
    All-caps names are title-cased. Returns [] when the line is not a list of names, so a
    body sentence starting "By Friday, ..." yields nothing.
    """
    if not line:
        return []
    text = _BYLINE_PREFIX.sub("", line.strip(), count=1)
    text = _BYLINE_TAIL.sub("", text).strip().rstrip(".;:")
    if not text:
        return []
    parts = [p.strip() for p in re.split(r"\s*(?:,|;|&|\band\b|\bund\b|\bі\b|\bи\b)\s*", text) if p.strip()]
    names: list[str] = []
    for part in parts:
        if part in _KNOWN_NAMES or part.lower() in {"staff", "staff writer", "contributor", "editor"}:
            continue
        if part.isupper():
            part = part.title()
        if not _looks_like_name(part):
            return []
        if part not in names:
            names.append(part)
    return names
