"""Plain-text cleaning: separate an article's body from the page furniture pasted along with it.

Why: every offset in every table points into the clean body, and every name in it may
become an actor, so furniture left in (a photo agency in a caption, the author in her bio,
the headline printed twice) turns into false actors and double-counted sentences. Why general
rules and not per-site strings: users paste text from any outlet.

The stages, in order:
  1. normalise: newlines, odd spaces, runs of whitespace; hard wraps are undone (in a block
     of wrap-length lines, or before a lower-case continuation), list items stay apart;
  2. cut an "About the author" section at the end, with everything after it;
  3. classify each line: language switcher, audio/AI-voice notice, byline, promo lines
     (read more, subscribe, share, advertisement), photo caption (a line that *ends* with a
     photo credit), and a short headline-like line printed just above a caption;
  4. the headline: the given title, or the first short line without a final period, is
     taken out of the body; later copies of it (whole, shortened, or followed by caption
     text on the same line) are removed;
  5. the tail: author bios ("X is a <Outlet> reporter ...") and truncated copies ending in
     "Read more" at the end of the text are removed, as are exact repeats of a paragraph;
  6. the remaining lines become paragraphs joined by a blank line.
Everything removed is returned as (kind, text) so a person can audit it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from storylens.ingest.metadata import authors_from_byline

__all__ = ["CleanText", "clean_text"]


@dataclass
class CleanText:
    """An article's text split into headline, authors, body and the removed furniture."""

    title: str | None
    """Headline: the one given, or the first short line without a final period."""
    authors: list[str]
    """Authors from "Author: ..."/"By ..." bylines and from removed bios (or the ones given)."""
    body: str
    """Clean body: paragraphs joined by a blank line, whitespace normalised, no headline."""
    removed: list[tuple[str, str]] = field(default_factory=list)
    """(kind, text) of every piece removed, in text order. Kinds: title, language_switcher,
    ai_voice_notice, byline, read_more, subscribe, share_links, advertisement, copyright,
    photo_caption, repeated_title, about_author, author_bio, repeated_paragraph."""
    bio_names: list[str] = field(default_factory=list)
    """People and organisations named in removed bios (the author, her employer, ...)."""
    credits: list[str] = field(default_factory=list)
    """Photo agencies and photographers named in removed captions."""


# --- stage 1: normalisation --------------------------------------------------------------

_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SENTENCE_END = re.compile(r"[.!?…:;\"”'’)\]]$")
_TERMINAL = re.compile(r"[.!?…]['\"”’)\]]*$")


def _normalise_lines(raw: str) -> list[str]:
    text = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))
    text = _INVISIBLE.sub("", text)
    return [_SPACES.sub(" ", line).strip() for line in text.split("\n")]


_BULLET = re.compile(r"^(?:[-–—*•·▪●]\s|\d{1,2}[.)]\s)")
_WRAP_MIN, _WRAP_MAX = 55, 100  # line lengths of hard-wrapped text (typically 60-80)


def _is_wrapped(block: list[str]) -> bool:
    """A block of hard-wrapped lines: every line but the last of wrap length, most of them
    cut mid-sentence."""
    head = block[:-1]
    return len(block) >= 2 and all(_WRAP_MIN <= len(line) <= _WRAP_MAX for line in head) and sum(not _TERMINAL.search(line) for line in head) * 2 >= len(head)


def _units(lines: list[str]) -> list[tuple[int, str]]:
    """Non-empty lines with the index of their blank-line-separated block.

    Hard wraps are undone so that a rule never sees half a sentence: in a block that looks
    hard-wrapped every line cut mid-sentence joins the next; elsewhere only a line followed
    by a lower-case continuation does. List items ("- ...") always stay lines of their own.
    """
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    units: list[tuple[int, str]] = []
    for b, block in enumerate(blk for blk in blocks if blk):
        wrapped = _is_wrapped(block)
        for i, line in enumerate(block):
            joins = i > 0 and not _BULLET.match(line) and not _SENTENCE_END.search(units[-1][1]) and (wrapped or line[0].islower() or line[0].isdigit())
            if joins:
                units[-1] = (b, units[-1][1] + " " + line)
            else:
                units.append((b, line))
    return units


# --- stage 2 and 3: line classes ---------------------------------------------------------

_ABOUT_HEADING = re.compile(
    r"^(?:about|more about|meet)\s+(?:the|this|our)\s+(?:writer|author|reporter|journalist|contributor)s?:?$",
    re.I,
)

# Two-letter codes as language switchers print them; ISO 639-1 plus the country-style codes
# sites use in switchers ("ua" for Ukrainian, "gr", "cz", "jp", "cn", "kz", "by").
_LANG_CODES = frozenset(
    """aa ab af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy
    da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu
    hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb
    lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om
    or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw
    ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
    ua gr cz jp cn kz by dk se""".split()  # noqa: SIM905 - a block of codes reads better than 190 quoted strings
)
_SWITCHER_SEPARATORS = re.compile(r"[\s|/•·,]+")

# Audio players and synthetic-voice notices: short lines about listening, audio or voices.
_AUDIO_TERMS = re.compile(
    r"\b(?:voice|voiced|audio|listen(?:ing)?|narrat\w*|text-to-speech|read aloud|podcast|"
    r"ai[- ]generated|generated by ai|artificial intelligence voice)\b",
    re.I,
)
_NOTICE_CUES = re.compile(
    r"(?:generated|inconsistenc|this (?:article|story)|^listen|^play\b|^audio\b|\b\d+\s*min\b|"
    r"\d:\d\d|powered by|errors may|may occur|read by)",
    re.I,
)
_MAX_NOTICE_WORDS = 15

_BYLINE = re.compile(r"^(?:(?:written|reported|reporting|text|words|story)\s+by|by|authors?|writers?|автор(?:ка|и|ы)?)\s*[:\-–—]?\s+\S", re.I)

# Promo lines, by kind. A line qualifies only when short, so a sentence that happens to
# begin "Read more about ..." in the middle of a paragraph is not a candidate.
_PROMO: tuple[tuple[str, re.Pattern[str], int], ...] = (
    (
        "read_more",
        re.compile(
            r"^(?:read|see|watch)\s+(?:more|also)\b|^(?:read|up|watch)\s+next\s*:|^also read\b|^more:"
            r"|^related(?:\s+(?:articles?|stories|coverage|news|content|links?))?\s*(?::.*)?$",
            re.I,
        ),
        30,
    ),
    ("read_more", re.compile(r"(?:\.\.\.|…)\s*(?:read more|continue reading|more)\s*(?:»|›|>)?$", re.I), 120),
    ("subscribe", re.compile(r"^(?:subscribe|sign up|join our|get our|get the latest|newsletter|download (?:the|our) app|click here)\b", re.I), 30),
    ("share_links", re.compile(r"^(?:share (?:this|on|via)|share:|follow (?:us|him|her|them|me) on|tweet this|email this|copy link)\b", re.I), 25),
    ("advertisement", re.compile(r"^(?:advertisement|sponsored(?: content)?|ad|story continues below(?: advertisement)?|scroll to continue.*)$", re.I), 6),
    ("copyright", re.compile(r"^(?:©|\(c\)\s|copyright\s*(?:©|\(c\)|\d{4}))|\ball rights reserved\.?$", re.I), 25),
)
# Wire-service credit lines: "(Reporting by Jane Doe; Editing by John Roe)".
_CREDIT_LINE = re.compile(r"^\(?\s*(?:additional\s+)?(?:reporting|writing|editing|compiled|translated)\s+by\b[^()]*\)?$", re.I)
_CREDIT_LINE_AUTHORS = re.compile(r"(?:^|;|\band\b)\s*\(?\s*(?:additional\s+)?(?:reporting|writing)\s+by\s+(?P<names>[^;()]+)", re.I)
_MAX_CREDIT_LINE_WORDS = 40

_SOCIAL = re.compile(
    r"^(?:(?:facebook|twitter|x|whatsapp|telegram|linkedin|email|e-mail|reddit|pinterest|viber|"
    r"messenger|print|copy link|copy|share|flipboard|threads|bluesky)[\s|/•·,]*)+$",
    re.I,
)

# --- photo credits -------------------------------------------------------------------------

# Photo agencies and credit roles: the words a credit is built from. A caption is a line
# that *ends* with a credit built from these, so a body sentence that mentions Getty (and
# ends with a period, as sentences do) is not one.
_AGENCIES = (
    r"Getty(?:\s+Images)?|AFP|AP|Associated Press|Reuters|REUTERS|EPA(?:-EFE)?|EFE|Shutterstock|"
    r"Alamy(?:\s+Stock\s+Photo)?|Bloomberg|SIPA(?:\s+USA)?|Sipa(?:\s+USA)?|Anadolu(?:\s+Agency)?|Xinhua|TASS|"
    r"Sputnik|NurPhoto|ZUMA(?:\s+(?:Press|Wire))?|Zuma(?:\s+(?:Press|Wire))?|Corbis|iStock(?:photo)?|DPA|dpa|"
    r"picture alliance|ANSA|Kyodo|Yonhap|PA(?:\s+(?:Images|Wire|Media))?|Press Association|Imago|"
    r"IMAGO|UPI|Ukrinform|UNIAN|LightRocket|SOPA Images|Abaca|ABACAPRESS|Wikimedia Commons|Wikipedia|"
    r"Flickr|Unsplash|Pexels|Pool|POOL|Handout|HANDOUT|Contributor|Stringer|Staff|File|FILE|Courtesy"
)
_AGENCY = re.compile(rf"^(?:{_AGENCIES})$")
# A capitalised word or an initial; a word ending in "." ends a sentence, not a credit.
_CAPWORD = r"(?:[A-Z]\.|[A-Z][\w&'’-]*)"
_CREDIT_PART = rf"(?:{_AGENCIES}|{_CAPWORD}(?:\s+(?:{_CAPWORD}|de|van|von|der|da|al))*)"
# Explicit label: "(Photo: Getty Images)", "Photo: Reuters", "Photograph by Jane Doe", "Credit: ...".
_LABELLED_CREDIT = re.compile(
    r"(?:^|(?<=[\s.…,;:(\[]))[(\[]?\s*(?:photo(?:graph)?s?|images?|pictures?|pics?|illustrations?|"
    r"(?:photo |image )?credits?|source of (?:the )?photo)\s*(?::|by|©|-|–)\s*"
    r"(?P<credit>[^()\[\]:]{2,90}?)\s*[)\]]?\s*\.?$",
    re.I,
)
# "AP Photo/Evan Vucci", "Reuters Photo / Jane Doe".
_AGENCY_PHOTO = re.compile(rf"(?P<credit>\b{_CAPWORD}(?:\s+{_CAPWORD})?\s+Photo\s*/\s*[^/.]{{2,60}}(?:/[^/.]{{2,40}})?)$")
# Slash or "via" credits: "Getty Images/Contributor", "REUTERS/Gleb Garanich",
# "SOPA Images/LightRocket via Getty Images", "Jane Doe for The Times".
_SLASH_CREDIT = re.compile(rf"(?P<credit>{_CREDIT_PART}(?:\s*/\s*{_CREDIT_PART})+(?:\s+via\s+{_CREDIT_PART})?|{_CREDIT_PART}\s+via\s+{_CREDIT_PART})$")
# A bare agency name after the caption's last sentence: "... Shapps said... Getty Images",
# or agency lists "Reuters, AFP".
_TRAILING_AGENCY = re.compile(rf"(?:^|(?<=[.!?…\"”)]\s)|(?<=[.!?…\"”)]))\s*(?P<credit>(?:{_AGENCIES})(?:\s*[,;&]\s*(?:{_AGENCIES}))*)$")
# "© Jane Doe", "Copyright 2024 Reuters"; not "... wins copyright ruling".
_COPYRIGHT = re.compile(r"(?:©|\(c\)|\bcopyright\s*(?:©|\(c\)|\d{4}))\s*(?P<credit>[^.]{2,60})$", re.I)
_CREDIT_ROLES = frozenset({"contributor", "staff", "stringer", "file", "pool", "handout", "courtesy", "photo", "photos"})
_MAX_CAPTION_WORDS = 90


def _credit_in(line: str) -> str | None:
    """The photo credit a line ends with, or None.

    A credit must close the line: captions end with one, sentences end with a period.
    """
    if len(line.split()) > _MAX_CAPTION_WORDS:
        return None
    for pattern in (_LABELLED_CREDIT, _AGENCY_PHOTO, _COPYRIGHT):
        m = pattern.search(line)
        if m and len(m.group("credit").split()) <= 8:
            return m.group("credit").strip()
    if line.endswith("."):
        return None
    m = _SLASH_CREDIT.search(line)
    if m and any(_AGENCY.match(p.strip()) for p in re.split(r"/|\bvia\b", m.group("credit"))):
        return m.group("credit").strip()
    m = _TRAILING_AGENCY.search(line)
    if m:
        return m.group("credit").strip()
    return None


def _credit_names(credit: str) -> list[str]:
    """Agencies and photographers in a credit: "AP Photo/Evan Vucci" -> ["AP", "Evan Vucci"]."""
    names: list[str] = []
    for part in re.split(r"\s*(?:/|,|;|&|\bvia\b|\bfor\b|\band\b)\s*", credit):
        part = re.sub(r"\s+Photos?$", "", part.strip(" .()[]"), flags=re.I).strip()
        if part and part.lower() not in _CREDIT_ROLES and part not in names:
            names.append(part)
    return names


# --- stage 4: headline -------------------------------------------------------------------

_MAX_TITLE_WORDS = 20
_MAX_TITLE_CHARS = 200
_MIN_SHORT_TITLE_WORDS = 4
_TITLE_FUZZ = 90  # a given title and the text's first line that differ by a word or so
_MAX_CAPTION_HEAD_WORDS = 12


def _norm(text: str) -> str:
    text = text.lower().replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def _looks_like_headline(line: str) -> bool:
    words = line.split()
    return (
        0 < len(words) <= _MAX_TITLE_WORDS
        and len(line) <= _MAX_TITLE_CHARS
        # A final period marks a sentence; an ellipsis ends teaser headlines ("Rivals of the Apple...").
        and (
            not re.search(r"(?<!\.\.)(?<!…)[.,;:]['\"”’)]*$", line) or re.search(r"\b(?:[A-Z]\.){2,}['\"”’)]*$", line)  # "... Tells U.S." is not a sentence end
        )
        # "iTunes now selling ..." starts in lower case yet is a headline; "said the man." is not.
        and not (line[0].islower() and words[0].islower())
        and any(ch.isalpha() for ch in line)
    )


# --- stage 5: bios -------------------------------------------------------------------------

_ROLE = (
    r"reporter|correspondent|writer|editor|journalist|columnist|contributor|producer|fellow|"
    r"analyst|anchor|host|intern|photographer|author|freelancer|critic|blogger"
)
_BIO_START = re.compile(
    rf"^(?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){{1,3}})\s+(?:is|was|has been|serves as)\s+"
    rf"(?:(?:a|an|the)\s+)?[^.]{{0,80}}?\b(?:{_ROLE})s?\b"
)
_BIO_NAME_CUES = re.compile(r"\b(?:joined|at|for|from|with|of)\s+(?:the\s+)?(?P<name>[A-Z][\w&'’.-]+(?:\s+(?:of\s+|and\s+)?[A-Z][\w&'’.-]+){0,4})")
_BIO_EMPLOYER = re.compile(
    rf"\bis (?:a|an|the)\s+(?:[a-z-]+\s+){{0,3}}?(?P<name>[A-Z][\w&'’.-]+(?:\s+[A-Z][\w&'’.-]+){{0,3}})\s+(?:[a-z-]+\s+){{0,2}}(?:{_ROLE})\b"
)
_NOT_BIO_NAMES = re.compile(
    r"^(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Languages?|English|Read|You|She|He|They|The)\b"
)
# A repeated short sentence can be content ("Slightly more was requested." after two
# different figures); a repeated paragraph of this length is a paste artefact.
_MIN_REPEAT_CHARS = 80


@dataclass
class _Unit:
    block: int
    text: str
    kind: str | None = None  # None while kept


def _bio_names(text: str) -> list[str]:
    """People and organisations named in a bio: the subject and the institutions after
    "joined/at/for/from/with" and before a role word ("a Newsweek reporter")."""
    names: list[str] = []
    m = _BIO_START.match(text)
    candidates = [m.group("name")] if m else []
    candidates += [x.group("name") for x in _BIO_EMPLOYER.finditer(text)]
    candidates += [x.group("name") for x in _BIO_NAME_CUES.finditer(text)]
    for name in candidates:
        # The name patterns allow "." for initials; a ". " is a sentence end, not a name.
        name = re.split(r"\.\s", name)[0]
        name = re.sub(r"[’']s$", "", name).rstrip(".,;:")
        if name and not _NOT_BIO_NAMES.match(name) and name not in names:
            names.append(name)
    # "get in touch with Kaitlin" repeats part of a name already found.
    return [n for n in names if not any(n != m and n in m.split() for m in names)]


def _classify_line(text: str) -> str | None:
    """The furniture class of a single line, or None for a possible body line."""
    words = text.split()
    tokens = [t for t in _SWITCHER_SEPARATORS.split(text) if t]
    if (
        len(tokens) >= 2
        and len(text) <= 60
        and all(len(t) == 2 and t.isalpha() for t in tokens)
        and sum(t.lower() in _LANG_CODES for t in tokens) == len(tokens)
    ):
        return "language_switcher"
    if len(words) <= _MAX_NOTICE_WORDS and _AUDIO_TERMS.search(text):
        starts_with_symbol = not (text[0].isalnum() or text[0] in "\"'“‘(")
        if starts_with_symbol or _NOTICE_CUES.search(text):
            return "ai_voice_notice"
    if _BYLINE.match(text) and authors_from_byline(text):
        return "byline"
    if len(words) <= _MAX_CREDIT_LINE_WORDS and _CREDIT_LINE.match(text):
        return "byline"
    for kind, pattern, max_words in _PROMO:
        if len(words) <= max_words and pattern.search(text):
            return kind
    if len(words) <= 12 and _SOCIAL.match(text):
        return "share_links"
    if _credit_in(text):
        return "photo_caption"
    return None


def _byline_authors(line: str) -> list[str]:
    """Authors of a byline, or of a wire credit line's reporting/writing part (not its editors)."""
    if _CREDIT_LINE.match(line):
        names: list[str] = []
        for m in _CREDIT_LINE_AUTHORS.finditer(line):
            names += [a for a in authors_from_byline("By " + m.group("names")) if a not in names]
        return names
    return authors_from_byline(line)


def clean_text(raw: str, title: str | None = None, authors: list[str] | None = None) -> CleanText:
    """Split a pasted article into headline, authors, clean body and removed furniture.

    Args:
        raw: the article as text (already decoded).
        title: the headline when known (manifest, page metadata); otherwise it is detected
            as the first short line without a final period that precedes the body.
        authors: the authors when known; otherwise they come from bylines and bios.
    Returns:
        A `CleanText`; `removed` lists every removed piece as (kind, text) in text order.
    """
    units = [_Unit(b, t) for b, t in _units(_normalise_lines(raw or ""))]
    title = " ".join(title.split()) if title and title.strip() else None
    found_authors: list[str] = []
    credits: list[str] = []
    bio_names: list[str] = []
    extra: list[tuple[int, str, str]] = []  # (unit index, kind, text) for split lines

    # Stage 2: an "About the author" heading ends the article.
    for i, u in enumerate(units):
        if i >= 2 and _ABOUT_HEADING.match(u.text):
            u.kind = "about_author"
            for v in units[i + 1 :]:
                v.kind = "author_bio"
            break

    # Stage 3: line classes.
    for u in units:
        if u.kind:
            continue
        u.kind = _classify_line(u.text)
        if u.kind == "byline":
            found_authors += [a for a in _byline_authors(u.text) if a not in found_authors]
        elif u.kind == "photo_caption":
            credit = _credit_in(u.text)
            credits += [c for c in _credit_names(credit or "") if c not in credits]
    # A short headline-like line printed right above a caption, in its block, is the
    # caption's own title ("'Humiliated' Putin Had to Beg" over the picture's description).
    for i in range(len(units) - 1):
        u, nxt = units[i], units[i + 1]
        if (
            u.kind is None
            and nxt.kind == "photo_caption"
            and nxt.block == u.block
            and len(u.text.split()) <= _MAX_CAPTION_HEAD_WORDS
            and _looks_like_headline(u.text)
            and i > 0  # the first line is the article's headline, handled below
        ):
            u.kind = "caption_title"

    # Stage 4: the headline.
    kept = [u for u in units if u.kind is None]
    if title:
        # The given headline printed first: whatever a line rule made of it ("... VIDEO: ..."
        # reads like a credit), it is the headline.
        nt = _norm(title)
        for u in units[:3]:
            if u.kind in (None, "photo_caption") and (_norm(u.text) == nt or fuzz.ratio(_norm(u.text), nt) >= _TITLE_FUZZ):
                u.kind = "title"
                break
    elif kept:
        first = kept[0]
        if len(kept) > 1 and _looks_like_headline(first.text):
            title = first.text
            first.kind = "title"
    if title:
        nt = _norm(title)
        title_words = len(nt.split())
        for i, u in enumerate(units):
            if u.kind not in (None, "photo_caption", "caption_title"):
                continue
            nl = _norm(u.text)
            if not nl:
                continue
            if nl == nt:
                u.kind = "repeated_title"
            elif nl.startswith(nt + " "):
                # The headline glued to the caption under it: split the two.
                rest = _strip_prefix(u.text, title)
                if rest and (u.kind == "photo_caption" or (_looks_like_headline(rest) and len(rest.split()) <= 25)):
                    u.kind = "repeated_title"
                    u.text = u.text[: len(u.text) - len(rest)].strip()
                    extra.append((i, "photo_caption", rest))
            elif (
                u.kind in (None, "caption_title")
                and nt.startswith(nl + " ")
                and len(nl.split()) >= min(_MIN_SHORT_TITLE_WORDS, title_words)
                and _looks_like_headline(u.text)
            ):
                u.kind = "repeated_title"

    # Stage 5: bios and truncated copies at the end, then exact repeats.
    for u in reversed(units):
        if u.kind in ("about_author", "author_bio"):
            continue
        if u.kind not in (None, "read_more"):
            continue  # already furniture: keep walking back
        if _BIO_START.match(u.text) or (
            (authors or found_authors) and any(u.text.startswith(a + " ") for a in (authors or found_authors)) and re.search(rf"\b(?:{_ROLE})s?\b", u.text)
        ):
            u.kind = "author_bio"
            continue
        if u.kind is None:
            break
    seen: set[str] = set()
    for u in units:
        if u.kind is not None:
            continue
        key = _norm(u.text)
        if len(key) >= _MIN_REPEAT_CHARS and key in seen:
            u.kind = "repeated_paragraph"
        seen.add(key)

    for u in units:
        bio = _BIO_START.match(u.text) if u.kind == "author_bio" else None
        if bio:
            subject = bio.group("name")
            if subject not in found_authors and not authors and not any(subject in a or a in subject for a in found_authors):
                found_authors.append(subject)
        if u.kind in ("author_bio", "about_author"):
            bio_names += [n for n in _bio_names(u.text) if n not in bio_names]
        if u.kind == "caption_title":
            u.kind = "photo_caption"

    removed: list[tuple[str, str]] = []
    extra_by_index: dict[int, list[tuple[str, str]]] = {}
    for i, kind, text in extra:
        extra_by_index.setdefault(i, []).append((kind, text))
        credit = _credit_in(text)
        credits += [c for c in _credit_names(credit or "") if c not in credits]
    for i, u in enumerate(units):
        if u.kind is not None:
            removed.append((u.kind, u.text))
        removed += extra_by_index.get(i, [])

    return CleanText(
        title=title,
        authors=list(authors) if authors else found_authors,
        body=_paragraphs([u for u in units if u.kind is None]),
        removed=removed,
        bio_names=bio_names,
        credits=credits,
    )


def _strip_prefix(text: str, title: str) -> str:
    """What follows the headline at the start of `text`, matched word by word so that
    quotes and apostrophes may differ."""
    want = _norm(title).split()
    got = 0
    for m in re.finditer(r"\S+", text):
        got += len(_norm(m.group()).split())
        if got >= len(want):
            return text[m.end() :].strip()
    return ""


def _paragraphs(units: list[_Unit]) -> str:
    """Kept lines as paragraphs separated by a blank line.

    Wrapped lines were joined in `_units`, so a remaining line is a paragraph or a list
    item, and both must stay apart for sentence splitting.
    """
    return "\n\n".join(u.text for u in units)
