"""Whom each outlet relies on: one row per source an article cites in a sentence.

Why a table of its own: quotes say *what* was said; a researcher comparing outlets also
asks *whose word each outlet rests on* — officials, other media, intelligence, anonymous
sources — and that includes citations that carry no quote ("Reuters reported", "pointing
to a BBC report", "the Air Force cannot confirm").

Two passes, both over tables the build already has (no second parse, so the stage stays
cheap at corpus scale):

1. *Quotes*: every quote whose cue is a verb of saying or reporting gives its speaker as a
   source. Frames where the "content" is an act rather than a proposition ("Britain
   condemned the strikes", "Miller issued a warning", "called for a meeting") are left
   out: the article reports an event there, it does not rest on the actor's word.
   Quotes whose cue points elsewhere ("pointing to", "citing") cite what they point to,
   which pass 2 reads.
2. *Cues*: lexical patterns around the build's mentions: "<mention> reported / cannot
   confirm / denied", "according to / citing / pointing to / a report by <mention>",
   "a <media> report". A cue inside the content of a quote that already has a speaker is a
   second-hand source (Reuters reporting that Moscow denied): the outlet relies on the
   speaker, so it is skipped.

One row per (article, source, sentence): the first finding wins (quotes before cues).

`cited_kind` classes (DESIGN's four, plus four where they do not fit):
  official      person with an office title (minister, spokesman, senator, ...), a state
                ("Britain condemned"), or a government body (ministry, air force, White House)
  media         a news outlet or wire service (gazetteer kind 'media'), or its report
  document      a report, statement, document or data with no media author
  anonymous     unnamed people ("officials said", "a source familiar with", "sources")
  intelligence  an intelligence service or "U.S. intelligence": kept apart from document
                because such claims cannot be checked by the reader, which is the point of
                tracking them in war coverage
  expert        analyst, professor, researcher: not an office holder, not a lay person
  person        a named person with no office or expert title
  organization  any other named organisation (NGO, company, party), or a group
"""

from __future__ import annotations

import bisect
import re
from typing import Any, NamedTuple

import pandas as pd

from storylens.compare.source_kinds import _ANON_HEAD, _DOC_RE, _PRONOUN_OR_REL, EXPERT_TITLES, OFFICIAL_TITLES, PLATFORMS, _words, kind_of
from storylens.tables import CITATIONS, conform, rows_by, sort_order

# Reporting verbs whose content is what the speaker asserts: a quote with one of these cues
# makes its speaker a source. Matched on the cue's words (any inflection), so "also told",
# "said in a post" and "has not confirmed" all qualify. Stance and action verbs (condemn,
# call for, vow, issue, urge) are left out on purpose: see the module docstring.
_SAY_STEMS = (
    "say",
    "said",
    "tell",
    "told",
    "report",
    "state",
    "note",
    "noting",
    "writ",
    "wrote",
    "emphasi",
    "stress",
    "add",
    "claim",
    "confirm",
    "den",
    "announc",
    "explain",
    "insist",
    "argu",
    "assert",
    "acknowledg",
    "admit",
    "warn",
    "reveal",
    "disclos",
    "suggest",
    "believ",
    "estimat",
    "testif",
    "tweet",
    "post",
    "continu",
    "according",
    "declar",
    "indicat",
    "predict",
    "mention",
    "observ",
    "reiterat",
    "recall",
    "repl",
    "respond",
    "remark",
    "conclud",
    "conced",
    "contend",
    "maintain",
    "affirm",
    "allege",
    "told",
    "publish",
    "show",
    "recount",
    "quot",
    "complain",
    "point out",
    "cautio",
    "inform",
    "brief",
    "comment",
    "boast",
    "hint",
    "think",
    "expect",
    "fear",
)


_SAY_RE = re.compile(r"\b(?:" + "|".join(sorted(_SAY_STEMS, key=len, reverse=True)) + r")\w*", re.I)


# Cues whose object is the source, not the speaker's own word ("pointing to a BBC report").
_POINTING_RE = re.compile(r"^\s*(?:\w+\s+)?(?:point\w*|cit\w+|refer\w*)\b", re.I)


# An act, not a statement, even when the lexicon above matches a later word ("responded to
# reports" is a reaction, "issued a warning" an event).
_ACT_RE = re.compile(r"\b(?:respond\w*|react\w*)\s+to\b|\bissu\w*\b|\bcall\w*\s+(?:for|on)\b|\bcondemn", re.I)


# Pass 2 patterns. Verbs after a mention ("Reuters reported", "the Air Force cannot confirm").
_AFTER_CUE = re.compile(
    r"^(?:'s?|’s?)?(?:\s*,[^,.;\"“”]{1,90},)?\s+"
    r"((?:(?:also|has|have|had|was|were|is|are|cannot|can not|could not|couldn't|can't|did not|didn't|does not|doesn't|"
    r"would not|will not|won't|has not|have not|hasn't|haven't|not|still|previously|earlier|first|later|reportedly|"
    r"publicly|officially|separately|yet to|been able to|unable to|able to|declined to|refused to)\s+)*"
    r"(?:reported|reports|report|said|says|told|tells|confirmed|confirms|confirm|denied|denies|deny|stated|states|"
    r"announced|announces|wrote|writes|posted|tweeted|claimed|claims|estimated|estimates|published|revealed|"
    r"disclosed|acknowledged|acknowledges|comment|verify|verified))\b",
    re.I,
)


# Phrases before a mention ("according to U.S. intelligence", "citing Reuters", "a report by ...").
_BEFORE_CUE = re.compile(
    r"\b(according to|citing|cited by|as reported by|reported by|quoted by|pointing to|referring to|"
    r"(?:a|an|the)\s+(?:\w+\s+)?(?:report|statement|story|article|investigation|analysis|assessment|interview|briefing)\s+(?:by|from|in|with)|"
    r"told|in an interview with|speaking to|speaking with|an interview with)"
    r"\s+(?:(?:a|an|the)\s+(?:new\s+|recent\s+|latest\s+)?)?$",
    re.I,
)


# "a BBC report", "The Times' investigation": a media or institution as the author of a text.
_AUTHOR_DOC = re.compile(
    r"^(?:'s?|’s?)?\s+(report|reports|reporting|investigation|analysis|story|article|statement|assessment|data|estimate|estimates|poll|survey|documents?)\b",
    re.I,
)


# A news outlet is a source only where it reports: "Reuters reported", "told the BBC",
# "according to Newsweek", "a BBC report". An outlet that "denied", "warned" or "believes"
# is an actor in the story, and its stance is not the reporting the outlet relies on.
_MEDIA_CUE_RE = re.compile(
    r"\b(?:report\w*|said|say\w*|told|tell\w*|wr[io]te\w*|writ\w*|publish\w*|post\w*|tweet\w*|according|cit\w+|quot\w+|"
    r"confirm\w*|verif\w*|reveal\w*|interview\w*|stor(?:y|ies)|article\w*|investigation\w*|analysis|broadcast\w*|air\w*)\b",
    re.I,
)


def _media_reports(cue: str) -> bool:
    """The cue is one under which a news outlet is a source (`_MEDIA_CUE_RE`)."""
    return bool(_MEDIA_CUE_RE.search(cue or ""))


# Phrases before a mention that cite only media (one "told the BBC"; "told reporters" is not a source).
_MEDIA_ONLY = frozenset(["told", "in an interview with", "speaking to", "speaking with", "an interview with"])


class _Quote(NamedTuple):
    """The columns of a quotes row this stage reads."""

    quote_id: Any
    start: Any
    end: Any
    cue: Any
    cue_start: Any
    cue_end: Any
    source_start: Any
    source_end: Any
    speaker_resolved_text: Any
    speaker_actor_id: Any


class _Article:
    """Per-article lookups: sentence bounds and the story mentions by offset.

    Built from plain row tuples (`tables.rows_by`): sentences as (sentence_id, start, end),
    mentions as (start, end, text, actor_id, descriptor, label), each in table order."""

    def __init__(self, sents: list[tuple[Any, ...]], ments: list[tuple[Any, ...]]) -> None:
        s = [sents[i] for i in sort_order([r[1] for r in sents])]
        self.s_starts = [int(r[1]) for r in s]
        self.s_ids = [int(r[0]) for r in s]
        self.s_spans = [(int(r[1]), int(r[2])) for r in s]
        self.s_span_of: dict[int, tuple[int, int]] = {}
        for sid, span in zip(self.s_ids, self.s_spans, strict=True):
            self.s_span_of.setdefault(sid, span)
        m = [ments[i] for i in sort_order([r[0] for r in ments])]
        self.mentions = [(int(r[0]), int(r[1]), str(r[2]), str(r[3]), r[4] if isinstance(r[4], str) else "", str(r[5])) for r in m]

    def sentence_at(self, pos: int) -> int | None:
        i = bisect.bisect_right(self.s_starts, pos) - 1
        return self.s_ids[i] if i >= 0 else None

    def sentence_span(self, sid: int) -> tuple[int, int] | None:
        return self.s_span_of.get(sid)

    def mention_over(self, start: int, end: int) -> tuple[int, int, str, str, str, str] | None:
        """The mention covering most of [start, end): for "British Defense Minister Grant
        Shapps" the person, for "U.S. intelligence" the state inside it."""
        best, best_ov = None, 0
        for m in self.mentions:
            if m[0] >= end:
                break
            ov = min(m[1], end) - max(m[0], start)
            # A person named in the phrase is the speaker ("State Department Deputy
            # Spokesperson Marie Harf"), however long the organisation's name beside it.
            rank = (ov > 0, m[5] == "PERSON", ov)
            if ov > 0 and (best is None or rank > (True, best[5] == "PERSON", best_ov)):
                best, best_ov = m, ov
        return best if best_ov > 0 else None

    def person_by_role(self, written: str, before: int, actor_of: dict[str, dict[str, Any]]) -> tuple[int, int, str, str, str, str] | None:
        """The nearest earlier person whose title has the phrase's head noun: "the House
        speaker" after "House Speaker Nancy Pelosi". Titles from the mention or the actor."""
        words = re.findall(r"[A-Za-z]+", written.split(",")[0])
        if not words:
            return None
        head = words[-1].lower()
        for m in reversed(self.mentions):
            if m[0] >= before or m[5] != "PERSON":
                continue
            if head in _title_words(actor_of.get(m[3]), m[4]):
                return m
        return None

    def mention_named(self, text: str) -> tuple[int, int, str, str, str, str] | None:
        """A mention whose text is (inside) `text`: the antecedent a relative pronoun or
        pronoun speaker was resolved to ("White House ... spokesman John Kirby")."""
        hits = [m for m in self.mentions if m[2] and m[2] in text]
        return max(hits, key=lambda m: (m[5] == "PERSON", m[1] - m[0])) if hits else None


_RELATIVE = frozenset(["who", "whom", "which", "that"])


def _is_pronoun(written: str) -> bool:
    return written.strip().lower() in _PRONOUN_OR_REL


def _head_end(text: str, start: int, end: int) -> int:
    """End of the head noun phrase of a speaker span: up to its first comma or dash."""
    m = re.search(r",|\s[-–—]\s|\(", text[start:end])
    return start + m.start() if m else end


def _role_head(written: str) -> bool:
    """The phrase is headed by an office or expert noun ("the Texas governor", "U.S. officials")."""
    words = re.findall(r"[A-Za-z]+", written.split(",")[0])
    return bool(words) and words[-1].lower() in OFFICIAL_TITLES | EXPERT_TITLES


def _cue_is_saying(cue: str) -> bool:
    return bool(_SAY_RE.search(cue)) and not _ACT_RE.search(cue)


def extract_citations(quotes: pd.DataFrame, mentions: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame, actors: pd.DataFrame) -> pd.DataFrame:
    """The `citations` table from the build's quotes (speaker_actor_id filled), mentions
    (actor_id filled), sentences, articles and actors. See the module docstring for the rules."""
    actor_of: dict[str, dict[str, Any]] = {r["actor_id"]: r for r in actors.to_dict("records")} if not actors.empty else {}
    outlet_of = dict(zip(articles["article_id"], articles["outlet"], strict=True)) if not articles.empty else {}
    text_of = dict(zip(articles["article_id"], articles["text"], strict=True)) if not articles.empty else {}
    m_by: dict[Any, list[tuple[Any, ...]]] = {}
    if not mentions.empty:
        story = mentions[~mentions["is_meta"].fillna(False).astype(bool)]
        cited = story[story["actor_id"].notna() & (story["label"] != "PRON")]
        m_by = rows_by(cited, "article_id", ["start", "end", "text", "actor_id", "descriptor", "label"])
    s_by = rows_by(sentences, "article_id", ["sentence_id", "start", "end"])
    q_by = rows_by(quotes, "article_id", _Quote._fields) if not quotes.empty else {}

    rows: list[dict[str, Any]] = []
    for aid, text in text_of.items():
        if aid not in s_by:
            continue
        art = _Article(s_by[aid], m_by.get(aid, []))
        q = [_Quote(*r) for r in q_by.get(aid, [])]
        found: list[dict[str, Any]] = []
        spoken: list[tuple[int, int]] = []
        if q:
            found += _from_quotes(q, art, actor_of, text)
            spoken = [
                (int(r.start), int(r.end)) for r in q if pd.notna(r.source_start) or (isinstance(r.speaker_resolved_text, str) and r.speaker_resolved_text)
            ]
        found += _from_cues(text, art, actor_of, spoken)
        # Quotes resting on each source, counted before the one-per-sentence merge.
        per_source: dict[Any, int] = {}
        for f in found:
            if f["quote_id"]:
                k = f["cited_actor_id"] or (f["cited_text"] or "").lower()
                per_source[k] = per_source.get(k, 0) + 1
        seen: set[tuple[Any, ...]] = set()
        for f in found:
            f["n_quotes"] = per_source.get(f["cited_actor_id"] or (f["cited_text"] or "").lower(), 0)
            key = (f["cited_actor_id"] or (f["cited_text"] or "").lower(), f["sentence_id"])
            if key in seen or f["sentence_id"] is None:
                continue
            seen.add(key)
            f["article_id"], f["outlet"] = aid, outlet_of.get(aid)
            rows.append(f)

    out = pd.DataFrame(rows)
    if out.empty:
        return conform(None, CITATIONS)
    anchor_start = out["start"].where(out["start"].notna(), out["cue_start"])
    anchor_end = out["end"].where(out["end"].notna(), out["cue_end"])
    out["citation_id"] = out["article_id"] + ":" + anchor_start.astype("Int64").astype(str) + "-" + anchor_end.astype("Int64").astype(str)
    out = out.drop_duplicates("citation_id")
    return conform(out[[c for c in CITATIONS.names if c in out.columns]], CITATIONS)


def _row(
    art: _Article,
    span: tuple[int, int] | None,
    written: str,
    actor_id: str | None,
    kind: str,
    name: str | None,
    cue: str | None,
    cue_span: tuple[int, int] | None,
    quote_id: str | None,
    rule: str,
) -> dict[str, Any]:
    pos = span[0] if span else (cue_span[0] if cue_span else None)
    return {
        "sentence_id": art.sentence_at(pos) if pos is not None else None,
        "start": span[0] if span else None,
        "end": span[1] if span else None,
        "cited_text": written,
        "cited_actor_id": actor_id,
        "cited_name": name or written,
        "cited_kind": kind,
        "cue": cue,
        "cue_start": cue_span[0] if cue_span else None,
        "cue_end": cue_span[1] if cue_span else None,
        "quote_id": quote_id,
        "rule": rule,
    }


def _title_words(actor: dict[str, Any] | None, extra: str = "") -> set[str]:
    """The words of the mention's descriptor and of every descriptor of its actor.

    The actor's are split once per actor and kept in its record (the records are this
    call's own): an actor's descriptors are gathered over the whole corpus, and splitting
    them again for each of its mentions made citations grow faster than the corpus
    (12 CPU-s at 5,000 articles, 111 CPU-s at 20,000; 52 CPU-s there once per actor)."""
    words = _words(extra) if extra else set()
    if actor is not None:
        cached = actor.get("_title_words")
        if cached is None:
            d = actor.get("descriptors")
            cached = actor["_title_words"] = frozenset().union(*(_words(str(x)) for x in d)) if d is not None else frozenset()
        words |= cached
    return words


def _from_quotes(q: list[_Quote], art: _Article, actor_of: dict[str, dict[str, Any]], text: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for r in (q[i] for i in sort_order([r.start for r in q])):
        cue = r.cue if isinstance(r.cue, str) else ""
        if not cue or _POINTING_RE.match(cue) or not _cue_is_saying(cue):
            continue
        has_span = pd.notna(r.source_start) and pd.notna(r.source_end)
        span = (int(r.source_start), int(r.source_end)) if has_span else None
        resolved = r.speaker_resolved_text if isinstance(r.speaker_resolved_text, str) else ""
        written = text[span[0] : span[1]] if span else resolved
        if span and written.strip().lower() in _RELATIVE:
            # "John Kirby, who told reporters": the source is the phrase "who" stands for
            # (shown as written in the article); an unresolved relative pronoun is no source.
            if not resolved:
                continue
            at = text.rfind(resolved, 0, span[0])
            span, written = ((at, at + len(resolved)) if at >= 0 else None), resolved
        actor_id = r.speaker_actor_id if isinstance(r.speaker_actor_id, str) and r.speaker_actor_id else None
        descriptor = ""
        # The speaker is the head of the span, before any apposition: in "Obama, speaking
        # from the White House" it is Obama, though "White House" overlaps more characters.
        m = art.mention_over(span[0], _head_end(text, *span)) if span else None
        if m is not None:
            actor_id = m[3]
        elif span and not _is_pronoun(written) and (_ANON_HEAD.search(written) or _DOC_RE.search(written)):
            # "The source", "the documents": a description with no name inside is its own
            # source, whatever earlier speaker the quote pass carried over to it.
            actor_id, resolved = None, ""
        if m is None and resolved:
            m = art.mention_named(resolved)
        if actor_id is None and m is not None:
            actor_id = m[3]
        if m is not None and m[3] == actor_id:
            descriptor = m[4]
        if not written and actor_id is None:
            continue
        actor = actor_of.get(actor_id) if actor_id else None
        if actor is not None and actor.get("kind") != "person" and _role_head(written):
            # "the Texas governor" overlaps only the mention "Texas": the speaker is the
            # office holder, so take the person the quote pass resolved it to, if any.
            p = art.mention_named(resolved) if resolved and resolved != written else None
            if p is None and span:
                p = art.person_by_role(written, span[0], actor_of)
            p_actor = actor_of.get(p[3]) if p else None
            if p_actor is not None and p_actor.get("kind") == "person":
                actor_id, actor, descriptor = p[3], p_actor, p[4]
            else:
                actor_id, actor = None, None
        if actor is not None and str(actor.get("name", "")).lower() in PLATFORMS:
            continue
        if actor is not None and actor.get("kind") == "media" and not _media_reports(cue):
            continue
        # The written form decides when it is a relative or personal pronoun: classify by
        # the name it was resolved to ("who" -> "... spokesman John Kirby").
        basis = resolved if written.strip().lower() in _PRONOUN_OR_REL and resolved else written
        kind = kind_of(basis, actor, title_words=_title_words(actor, descriptor))
        if actor is None and basis.strip().lower() in _PRONOUN_OR_REL:
            continue  # an unresolved "he said": we cannot tell whose word it is
        if kind == "anonymous":
            actor_id, actor = None, None
        cue_span = (int(r.cue_start), int(r.cue_end)) if pd.notna(r.cue_start) else None
        # Unresolved to an actor but resolved in the text ("She" -> the named speaker before).
        name = actor.get("name") if actor else (basis if basis != written else None)
        if kind in ("intelligence", "document") and actor is not None and actor.get("kind") != "media":
            name = written  # "U.S. intelligence" is not "United States"; the actor stays as its owner
        out.append(_row(art, span, written, actor_id, kind, name, cue, cue_span, r.quote_id, "quote"))
    return out


def _from_cues(text: str, art: _Article, actor_of: dict[str, dict[str, Any]], spoken: list[tuple[int, int]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for start, end, mtext, actor_id, descriptor, _label in art.mentions:
        actor = actor_of.get(actor_id)
        if actor is None or str(actor.get("name", "")).lower() in PLATFORMS or mtext.lower() in PLATFORMS:
            continue
        sent = art.sentence_span(art.sentence_at(start) or 0) or (0, len(text))
        before, after = text[sent[0] : start], text[end : sent[1]]
        hit: tuple[str, tuple[int, int], str] | None = None
        span = (start, end)
        b = _BEFORE_CUE.search(before)
        a = _AFTER_CUE.match(after)
        d = _AUTHOR_DOC.match(after)
        if b is not None and not (b.group(1).lower() in _MEDIA_ONLY and actor.get("kind") != "media"):
            hit = (b.group(1), (sent[0] + b.start(1), sent[0] + b.end(1)), "cue:before")
            if d is not None:  # "pointing to a BBC report": cite the report, authored by the actor
                span = (_det_start(text, start, sent[0]), end + d.end(1))
        elif d is not None and actor.get("kind") in ("media", "organization", "country"):
            # "a BBC report": the cited span is the text, its author the actor.
            lo = _det_start(text, start, sent[0])
            span = (lo, end + d.end(1))
            hit = (d.group(1), (end + d.start(1), end + d.end(1)), "cue:author_of")
        elif a is not None and actor.get("kind") != "place":
            hit = (a.group(1), (end + a.start(1), end + a.end(1)), "cue:after")
        if hit is None:
            continue
        cue, cue_span, rule = hit
        if cue.lower() == "told" and actor.get("kind") != "media":
            continue
        # A cue inside what a named speaker said is the speaker's source, not the outlet's.
        if any(s <= cue_span[0] and cue_span[1] <= e for s, e in spoken):
            continue
        written = text[span[0] : span[1]]
        if actor.get("kind") == "media" and not _media_reports(f"{cue} {written}"):
            continue  # "pointing to a BBC report" cites the report; "the BBC denied" is no source
        kind = kind_of(written, actor, title_words=_title_words(actor, descriptor))
        if kind == "anonymous":
            continue  # a named mention is never anonymous; a pattern misfired
        name = written if kind in ("intelligence", "document") and actor.get("kind") != "media" else actor.get("name")
        out.append(_row(art, span, written, actor_id, kind, name, cue, cue_span, None, rule))
    return out


def _det_start(text: str, start: int, floor: int) -> int:
    """Start of "a"/"an"/"the" right before a mention, so "a BBC report" is cited whole."""
    m = re.search(r"\b(?:a|an|the)\s+$", text[floor:start], re.I)
    return floor + m.start() if m else start
