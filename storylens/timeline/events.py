"""Events of the story: what happened, when, to whom, and who says so.

An event is a predicate or an event noun of the shared taxonomy (`storylens.network.taxonomy`,
the one definition of event types) in one sentence. Each event gets:

- its participants, read from the parse with the argument rules of
  `storylens.network.interactions` (so an edge and its event always agree on who took part);
- its date, chosen in this order (`date_how`):
  1. `own_expression`: a temporal expression governed by the trigger itself ("fired ... on
     December 30", "its overnight attack on Kyiv Tuesday"), or by the light verb whose
     object the event noun is ("issued a warning" + "A few months later");
  2. `reporting_event`: a reported event without a date of its own takes the date of the
     statement that reports it ("Kirby, who told reporters Thursday that Russia used
     missiles": the use is known on Thursday, it happened then or before; the confidence
     is lowered to say so);
  3. `sentence_expression`: an expression of a clause that governs the trigger ("In July
     2023, Shoigu vowed ... after meeting ..."), or one nobody else in the sentence owns;
  4. `publication`: the article's day, low confidence (the event happened by then);
  5. `none`: nothing at all.
- its certainty: asserted / reported / planned / negated / hedged, read up the parse with
  `storylens.network.interactions.certainty_of`; `is_planned` also when its date lies after the
  publication day (a meeting "on January 10" in an article of 5 January).

Which predicates count (the rule, measured on the seeds in tests/test_events.py):
- every verb and event noun whose type is a taxonomy class other than `other`;
- an `other` verb only when it has a date expression of its own AND at least one actor
  participant ("In July 2023, Shoigu vowed ..."): undated untyped verbs are the glue of
  news prose ("follow", "turn", "keep"), not events anyone puts on a timeline;
- an `other` verb whose object is an event noun ("issued a warning", "launched an
  attack") is not an event itself: the noun is, and takes the verb's agent and date.

Dates from outside the story (an author's bio) never reach this table because the clean
text no longer contains them (`storylens.ingest.clean`), and events whose every agent is
a meta mention (the outlet naming itself: "Newsweek reached out ...") are dropped by
`attach_event_actors` once meta mentions are known.

Across articles, `link_story_events` groups events that report the same real-world event
(same type, compatible dates, a shared actor, similar words) under one `story_event_id`.
`apply_timex_corrections` + `redate_events` apply researcher overrides of expression
dates from `data/corrections.yaml` on every rebuild.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from spacy.tokens import Doc, Token

from storylens.compare.quotes.extract import doc_quote_spans
from storylens.network.arguments import _prep_targets, _subjects
from storylens.network.certainty import PLAN_LEMMAS, certainty_of
from storylens.network.lexicon import LIGHT_VERBS
from storylens.network.mention_index import MentionIndex, _actors, mention_rows
from storylens.network.taxonomy import OTHER, event_type_of, is_event_noun
from storylens.nlp import children, doc_text, sentence_bounds, sentence_of_token, token_table
from storylens.tables import EVENTS, conform
from storylens.timeline.temporal.values import interval

DATE_HOWS = ("own_expression", "reporting_event", "sentence_expression", "publication", "none")
CERTAINTIES = ("asserted", "reported", "planned", "negated", "hedged")

# interactions.certainty_of speaks of edges; the timeline's vocabulary is coarser.
_CERTAINTY_MAP = {"denied": "negated", "negated": "negated", "alleged": "hedged", "planned": "planned", "reported": "reported", "asserted": "asserted"}

# Confidence kept when a date is borrowed rather than stated: a reported event happened on
# or before its report; a sentence date may belong to another clause; the publication day
# is only an upper bound.
REPORTING_FACTOR = 0.7
SENTENCE_FACTOR = 0.6
PUBLICATION_CONFIDENCE = 0.3

# Dependency links from a reporting predicate to the content it reports.
_REPORT_DEPS = frozenset({"ccomp", "parataxis", "xcomp", "advcl", "acl", "relcl"})
# Links from a report noun to its content ("reports of Russia using", "news that ...").
_REPORT_NOUN_PREPS = frozenset({"of", "about", "on", "that"})
# Prepositions that introduce a participant of a nominal event (besides the possessor).
_NOUN_PARTY_PREPS = frozenset({"of", "by", "on", "against", "with", "between", "to", "from", "at", "into"})
_OBJ_DEPS = frozenset({"dobj", "dative", "obj", "attr", "oprd"})

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")


# ---------------------------------------------------------------------------------------
# Per article.


@dataclass
class _Event:
    tok: Token
    pos: str
    event_type: str
    light: Token | None = None  # the light verb an event noun is the object of
    agents: list[str] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)


_TRIGGER_POS = frozenset({"VERB", "NOUN"})


def _trigger_type(tok: Token) -> tuple[str, str] | None:
    """(pos, event_type) when `tok` can trigger an event; `other` verbs are candidates too."""
    if tok.pos_ == "VERB":
        return "verb", event_type_of(tok.lemma_, "VERB")
    if tok.pos_ == "NOUN" and is_event_noun(tok.lemma_):
        return "noun", event_type_of(tok.lemma_, "NOUN")
    return None


def _light_object(verb: Token, is_event: set[int]) -> Token | None:
    """The event noun an untyped verb merely introduces ("issued a warning", "launched ... in
    its overnight attack"), or None."""
    for c in children(verb):
        if c.dep_ in _OBJ_DEPS and c.i in is_event:
            return c
    if verb.lemma_.lower() in LIGHT_VERBS:
        for prep in children(verb):
            if prep.dep_ == "prep" and prep.lower_ in {"in", "with"}:
                for p in children(prep):
                    if p.dep_ == "pobj" and p.i in is_event:
                        return p
    return None


def _is_future(t: Mapping[str, Any], published: dt.date | None) -> bool:
    pub = _as_date(published)
    return pub is not None and t.get("date_start") is not None and t["date_start"] > pub


def _requested_event(verb: Token, nouns: set[int]) -> Token | None:
    """The event noun a request or plan is about ("calling for a meeting", "plans talks"):
    a future date on such a verb dates the thing asked for, not the asking."""
    if verb.pos_ != "VERB" or not (event_type_of(verb.lemma_, "VERB") == "request" or verb.lemma_.lower() in PLAN_LEMMAS):
        return None
    for c in children(verb):
        if c.dep_ in _OBJ_DEPS and c.i in nouns:
            return c
        if c.dep_ == "prep" and c.lower_ == "for":
            for p in children(c):
                if p.dep_ == "pobj" and p.i in nouns:
                    return p
    return None


def _timex_owner(span_tokens: list[Token], stop: set[int]) -> Token | None:
    """The predicate a temporal expression belongs to: up the parse from the expression's
    head to the first event candidate or verb ("told reporters Thursday" -> told; "attack on
    Kyiv Tuesday" -> attack). `stop` holds the token indices of event candidates."""
    inside = {t.i for t in span_tokens}
    heads = [t for t in span_tokens if t.head.i not in inside or t.head.i == t.i]
    if not heads:
        return None
    tok = heads[0]
    seen = 0
    while seen < 50:
        seen += 1
        if tok.i not in inside and (tok.i in stop or tok.pos_ in {"VERB", "AUX"}):
            return tok
        if tok.head.i == tok.i:
            return tok if tok.i not in inside else None
        tok = tok.head
    return None


def _reporter(tok: Token, events: dict[int, _Event]) -> tuple[Token | None, Token | None]:
    """(reporting statement trigger, 'according to' object) above `tok`, nearest first."""
    child, head = tok, tok.head
    while head.i != child.i:
        for c in children(child):
            if c.dep_ == "prep" and c.lower_ == "according":
                for to in children(c):
                    for p in children(to):
                        if p.dep_ == "pobj":
                            return None, p
        ev = events.get(head.i)
        if ev is not None and ev.event_type == "statement":
            if ev.pos == "verb" and child.dep_ in _REPORT_DEPS:
                return head, None
            if ev.pos == "noun" and (child.dep_ in {"acl", "ccomp", "relcl"} or (child.dep_ == "prep" and child.lower_ in _REPORT_NOUN_PREPS)):
                return head, None
        child, head = head, head.head
    for c in children(child):  # the root's own "according to"
        if c.dep_ == "prep" and c.lower_ == "according" and c.i != tok.i:
            for to in children(c):
                for p in children(to):
                    if p.dep_ == "pobj":
                        return None, p
    return None, None


def _participants(ev: _Event, idx: MentionIndex) -> tuple[list[str], list[str]]:
    """(agent mention ids, every participant mention id), agents first."""
    tok = ev.tok
    agents: list[Any] = []
    others: list[Any] = []
    if ev.pos == "verb":
        subj, _rule = _subjects(tok)
        for s in subj:
            agents += [m for m, _ in _actors(s, idx)]
        for c in children(tok):
            if c.dep_ in _OBJ_DEPS:
                others += [m for m, _ in _actors(c, idx)]
            elif c.dep_ == "agent":
                for p in children(c):
                    if p.dep_ == "pobj":
                        agents += [m for m, _ in _actors(p, idx)]
            elif c.dep_ == "nsubjpass":
                others += [m for m, _ in _actors(c, idx)]
        for p in _prep_targets(tok, ev.event_type) + [
            p for prep in children(tok) if prep.dep_ == "prep" and prep.lower_ in {"from", "with", "between"} for p in children(prep) if p.dep_ == "pobj"
        ]:
            others += [m for m, _ in _actors(p, idx)]
    else:
        for c in children(tok):
            if c.dep_ in {"poss", "compound", "nmod", "amod"} and c.i < tok.i:
                agents += [m for m, _ in _actors(c, idx)]
            elif c.dep_ == "prep" and c.lower_ in _NOUN_PARTY_PREPS:
                for p in children(c):
                    if p.dep_ == "pobj":
                        (agents if c.lower_ == "by" else others).extend(m for m, _ in _actors(p, idx))
        if ev.light is not None:
            subj, _rule = _subjects(ev.light)
            for s in subj:
                agents += [m for m, _ in _actors(s, idx)]
            for prep in children(ev.light):
                if prep.dep_ == "prep" and prep.lower_ == "to":
                    for p in children(prep):
                        if p.dep_ == "pobj":
                            others += [m for m, _ in _actors(p, idx)]
        elif tok.dep_ in _OBJ_DEPS | {"nsubj"} and tok.head.pos_ == "VERB" and tok.head.lemma_.lower() in LIGHT_VERBS:
            # "Putin has ramped up his aerial attacks": the typed verb's subject acts.
            subj, _rule = _subjects(tok.head)
            for s in subj:
                agents += [m for m, _ in _actors(s, idx)]
    agent_ids = list(dict.fromkeys(m.mention_id for m in agents))
    party_ids = list(dict.fromkeys([*agent_ids, *(m.mention_id for m in others)]))
    return agent_ids, party_ids


def _words(text: str) -> frozenset[str]:
    """A word list written as one string, so a lexicon reads like prose."""
    return frozenset(text.split())


# Function words left out of the sentence keywords that match events across articles.
_STOP = _words(
    """the a an and or but of to in on at for with by from as that this these those it its his her their our
    is are was were be been being has have had do does did will would can could may might must shall should
    not no also said says say told tell according who which what when where while after before since than
    then there here he she they we you i him them us me one two more most some any such other"""
)


def _keywords(sent_text: str) -> list[str]:
    words = [w.lower().strip("'-") for w in _WORD.findall(sent_text)]
    return sorted({w for w in words if len(w) > 2 and w not in _STOP})


def events_from_doc(doc: Doc, article_id: str, mentions: pd.DataFrame, timexes: pd.DataFrame, published: dt.date | None) -> pd.DataFrame:
    """Every event of one parsed article, dated, with its participants and certainty.

    Args:
        doc: the parse of the article's clean text (articles.text).
        article_id: the article's id, used in event ids.
        mentions: the article's MENTIONS rows (any row with offsets can be a participant).
        timexes: the article's TIMEXES rows (extract_timexes output with timex_id, or
            without: ids are then made the same way, article_id:start-end).
        published: the article's publication day (None: undated events stay `none`).

    Returns a frame with the EVENTS columns; `actor_ids`, `reported_by` and
    `story_event_id` stay empty until `attach_event_actors` / `link_story_events`.
    """
    idx = MentionIndex(doc, mention_rows(mentions))
    rows = event_records(doc, article_id, idx, _timex_records(timexes, article_id), published)
    return conform(pd.DataFrame(rows) if rows else None, EVENTS)


def event_records(doc: Doc, article_id: str, idx: MentionIndex, tx: list[dict[str, Any]], published: dt.date | None) -> list[dict[str, Any]]:
    """The rows of `events_from_doc` as plain dicts (EVENTS columns that are known per article).

    `idx` indexes the article's mentions; `tx` are its expressions as `timex_record` dicts.
    The build calls this directly, sharing `idx` with `storylens.network.interactions`."""
    mention_text = {m.mention_id: m.text for m in idx.by_token.values()}
    in_mention = set(idx.by_token)
    in_timex: set[int] = set()
    tx_tokens: dict[str, list[Token]] = {}
    for t in tx:
        span = doc.char_span(t["start"], t["end"], alignment_mode="expand")
        if span is not None and len(span):
            tx_tokens[t["timex_id"]] = list(span)
            in_timex.update(tok.i for tok in span)

    # 1. Candidates: typed verbs and event nouns; untyped verbs wait for their date.
    cands: dict[int, _Event] = {}
    for i, pos in enumerate(token_table(doc).pos):
        if pos not in _TRIGGER_POS:
            continue  # _trigger_type is None: no Token made for most words
        tok = doc[i]
        tt = _trigger_type(tok)
        if tt is None or tok.i in in_timex or (tt[0] == "noun" and tok.i in in_mention):
            continue
        cands[tok.i] = _Event(tok, tt[0], tt[1])
    nouns = {i for i, e in cands.items() if e.pos == "noun"}
    for i, ev in list(cands.items()):
        if ev.pos == "verb" and ev.event_type == OTHER:
            obj = _light_object(ev.tok, nouns)
            if obj is not None:
                cands[obj.i].light = ev.tok
                del cands[i]

    # 2. Who owns each temporal expression; a light verb's expressions go to its noun.
    light_of = {e.light.i: e.tok.i for e in cands.values() if e.light is not None}
    stop = set(cands) | set(light_of)
    owner: dict[str, int] = {}
    for t in tx:
        toks = tx_tokens.get(t["timex_id"])
        own = _timex_owner(toks, stop) if toks else None
        if own is None:
            continue
        i = light_of.get(own.i, own.i)
        goal = _requested_event(own, nouns) if _is_future(t, published) else None
        owner[t["timex_id"]] = goal.i if goal is not None else i
    dated = {tid for tid, t in ((t["timex_id"], t) for t in tx) if t["date_start"] is not None}
    own_tx: dict[int, str] = {}
    for t in tx:  # first dated expression wins
        tid = t["timex_id"]
        if tid in dated and tid in owner:
            own_tx.setdefault(owner[tid], tid)

    # 3. Keep the untyped verbs with a date of their own and an actor.
    # (Most untyped verbs have no date: they go before their participants are looked for.)
    for i, ev in list(cands.items()):
        if ev.event_type == OTHER and i not in own_tx:
            del cands[i]
            continue
        ev.agents, ev.parties = _participants(ev, idx)
        if ev.event_type == OTHER and not ev.parties:
            del cands[i]

    sent_of = sentence_of_token(doc)
    sents = sentence_bounds(doc)
    text = doc_text(doc)
    tx_by_sent: dict[int, list[dict]] = {}
    for t in tx:
        toks = tx_tokens.get(t["timex_id"])
        if toks and t["timex_id"] in dated:
            tx_by_sent.setdefault(sent_of[toks[0].i], []).append(t)
    quoted = [(s, e) for s, e, _ in doc_quote_spans(doc)]
    tx_by_id = {t["timex_id"]: t for t in tx}

    rows: list[dict[str, Any]] = []
    for i, ev in sorted(cands.items()):
        tok = ev.tok
        start, end = tok.idx, tok.idx + len(tok.text)
        si = sent_of.get(i, 0)
        rep_tok, according = _reporter(tok, cands)
        rep_mention = None
        if rep_tok is not None:
            rep_ev = cands[rep_tok.i]
            rep_mention = rep_ev.agents[0] if rep_ev.agents else None
        elif according is not None:
            found = _actors(according, idx)
            rep_mention = found[0][0].mention_id if found else None
        cert = _CERTAINTY_MAP[certainty_of(tok, any(s <= start < e for s, e in quoted))]
        if (rep_tok is not None or according is not None) and cert == "asserted":
            cert = "reported"
        # Sentence expression: one owned by a governing predicate (nearest first), else one
        # no other event owns.
        sent_tx = None
        anc = [light_of.get(a.i, a.i) for a in tok.ancestors]
        for a in anc:
            if a in own_tx and own_tx[a] in tx_by_id and sent_of.get(a) == si:
                sent_tx = own_tx[a]
                break
        if sent_tx is None:
            for t in tx_by_sent.get(si, []):
                o = owner.get(t["timex_id"])
                if o is None or o not in cands:
                    sent_tx = t["timex_id"]
                    break
        rows.append(
            {
                "event_id": f"{article_id}:{start}-{end}",
                "article_id": article_id,
                "sentence_id": si,
                "start": start,
                "end": end,
                "trigger": tok.text,
                "lemma": tok.lemma_.lower(),
                "pos": ev.pos,
                "event_type": ev.event_type,
                "certainty": cert,
                "reporting_event_id": f"{article_id}:{rep_tok.idx}-{rep_tok.idx + len(rep_tok.text)}" if rep_tok is not None else None,
                "reported_by_mention_id": rep_mention,
                "reported_by_text": mention_text.get(rep_mention) if rep_mention else None,
                "agent_mention_ids": ev.agents,
                "mention_ids": ev.parties,
                "actor_ids": [],
                "keywords": _keywords(text[sents[si][2] : sents[si][3]]) if sents else [],
                "_own_tx": own_tx.get(i),
                "_sent_tx": sent_tx,
            }
        )
    out: list[dict[str, Any]] = []
    for r, d in zip(rows, _event_dates(rows, tx_by_id, {article_id: published}), strict=True):
        row = {k: v for k, v in r.items() if k not in ("_own_tx", "_sent_tx")} | d
        if d["is_planned"] and row["certainty"] in ("asserted", "reported"):
            row["certainty"] = "planned"  # as in _assign_dates
        out.append(row)
    return out


def _timex_records(timexes: pd.DataFrame | None, article_id: str) -> list[dict[str, Any]]:
    """Timex rows as plain dicts with an id and dates as datetime.date."""
    if timexes is None or len(timexes) == 0:
        return []
    return [timex_record(r, article_id) for r in timexes.to_dict("records")]


def timex_record(r: Mapping[str, Any], article_id: str) -> dict[str, Any]:
    """One TIMEXES row as the dating rules read it: an id, int offsets, dates as datetime.date."""
    tid = r.get("timex_id") if isinstance(r.get("timex_id"), str) else f"{article_id}:{int(r['start'])}-{int(r['end'])}"
    return {
        "timex_id": tid,
        "start": int(r["start"]),
        "end": int(r["end"]),
        "text": r.get("text"),
        "date_start": _as_date(r.get("date_start")),
        "date_end": _as_date(r.get("date_end")),
        "granularity": r.get("granularity"),
        "confidence": float(r["confidence"]) if r.get("confidence") is not None and not pd.isna(r.get("confidence")) else 0.5,
    }


def _as_date(v: Any) -> dt.date | None:
    if v is None or (not isinstance(v, dt.date) and pd.isna(v)):
        return None
    if isinstance(v, dt.datetime):
        return None if pd.isna(v) else v.date()
    if isinstance(v, dt.date):
        return v
    ts = pd.Timestamp(v)
    return None if pd.isna(ts) else ts.date()


# ---------------------------------------------------------------------------------------
# Dating (one code path for the first build and for a rebuild with corrections).


_DATE_KEYS = ("date_start", "date_end", "granularity", "date_how", "timex_id", "date_confidence")


def _assign_dates(frame: pd.DataFrame, tx_by_id: Mapping[str, Mapping[str, Any]], published: Mapping[str, dt.date | None]) -> pd.DataFrame:
    """Fill the date columns from `_own_tx` / `_sent_tx` / `reporting_event_id` / published.

    Reported events are dated after their reporters (a reporter may itself be reported)."""
    frame = frame.copy()
    dates = _event_dates(frame.to_dict("records"), tx_by_id, published)
    for k in (*_DATE_KEYS, "is_planned"):
        frame[k] = [d[k] for d in dates]
    # A future date makes a plain statement of the event a plan ("a meeting on January 10").
    frame.loc[frame["is_planned"] & frame["certainty"].isin(["asserted", "reported"]), "certainty"] = "planned"
    return frame


def _event_dates(recs: list[dict[str, Any]], tx_by_id: Mapping[str, Mapping[str, Any]], published: Mapping[str, dt.date | None]) -> list[dict[str, Any]]:
    """The date columns and `is_planned` of each event record, in order (see `_assign_dates`)."""
    by_id = {r["event_id"]: r for r in recs}
    done: dict[str, dict[str, Any]] = {}

    def from_tx(tid: Any, how: str, factor: float) -> dict[str, Any] | None:
        t = tx_by_id.get(tid) if isinstance(tid, str) else None
        if t is None or t.get("date_start") is None:
            return None
        return {
            "date_start": t["date_start"],
            "date_end": t["date_end"] or t["date_start"],
            "granularity": t.get("granularity"),
            "date_how": how,
            "timex_id": tid,
            "date_confidence": round(float(t.get("confidence") or 0.5) * factor, 3),
        }

    def date_of(eid: str, depth: int = 0) -> dict[str, Any]:
        if eid in done:
            return done[eid]
        r = by_id[eid]
        d = from_tx(r.get("_own_tx"), "own_expression", 1.0)
        rep = r.get("reporting_event_id")
        if d is None and isinstance(rep, str) and rep in by_id and depth < 10:
            rd = date_of(rep, depth + 1)
            if rd["date_how"] in {"own_expression", "sentence_expression", "reporting_event"}:
                d = {**rd, "date_how": "reporting_event", "date_confidence": round(rd["date_confidence"] * REPORTING_FACTOR, 3)}
        if d is None:
            d = from_tx(r.get("_sent_tx"), "sentence_expression", SENTENCE_FACTOR)
        if d is None:
            pub = _as_date(published.get(r["article_id"]))
            if pub is not None:
                d = {
                    "date_start": pub,
                    "date_end": pub,
                    "granularity": "day",
                    "date_how": "publication",
                    "timex_id": None,
                    "date_confidence": PUBLICATION_CONFIDENCE,
                }
            else:
                d = {"date_start": None, "date_end": None, "granularity": "none", "date_how": "none", "timex_id": None, "date_confidence": 0.0}
        done[eid] = d
        return d

    out: list[dict[str, Any]] = []
    for r in recs:
        d = date_of(r["event_id"])
        pub = _as_date(published.get(r["article_id"]))
        future = pub is not None and d["date_start"] is not None and d["date_how"] != "publication" and d["date_start"] > pub
        out.append({**{k: d[k] for k in _DATE_KEYS}, "is_planned": r["certainty"] == "planned" or future})
    return out


def _conform(frame: pd.DataFrame) -> pd.DataFrame:
    """The table's columns only: the dating inputs (_own_tx, _sent_tx) stay in this module."""
    keep = [c for c in frame.columns if c in EVENTS.names]
    return conform(frame[keep] if len(frame.columns) else None, EVENTS)


def redate_events(events: pd.DataFrame, timexes: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Re-derive the dates of built events after corrections to expressions or publication days.

    Which expression an event uses does not change with a correction, only its value: an
    event dated by its own or its sentence's expression reads that expression again, a
    reported one its reporter's new date, a publication-dated one the article's day."""
    if len(events) == 0:
        return events
    tx_by_id = {t["timex_id"]: t for aid, g in timexes.groupby("article_id") for t in _timex_records(g, str(aid))} if len(timexes) else {}
    published = {str(a): _as_date(p) for a, p in zip(articles["article_id"], articles["published"], strict=True)} if len(articles) else {}
    frame = events.copy()
    frame["_own_tx"] = [t if h == "own_expression" else None for t, h in zip(frame["timex_id"], frame["date_how"], strict=True)]
    frame["_sent_tx"] = [t if h == "sentence_expression" else None for t, h in zip(frame["timex_id"], frame["date_how"], strict=True)]
    return _conform(_assign_dates(frame, tx_by_id, published))


# ---------------------------------------------------------------------------------------
# Corrections of expression dates.


def parse_timex_corrections(data: Any, path: str = "<corrections>") -> dict[str, dict[str, str]]:
    """Validate the `timexes:` section of corrections.yaml.

    Shape::

        timexes:
          "000_920297efb238f4f6.txt":      # article source_file or article_id
            "Thursday": 2024-01-04          # every occurrence of this expression text
            "1514": 2023-12-29              # or the expression starting at this offset
            "A few months later": 2023-09   # any TimeML date value (day, month, year, 2023-W40 ...)

    Returns {article key: {expression text or offset: value}}."""
    if data is None:
        return {}
    if isinstance(data, Mapping) and data and all(k in {"timexes", "actors", "articles"} for k in data):
        data = data.get("timexes") or {}  # the whole corrections document
    if not isinstance(data, Mapping):
        raise ValueError(f"{path}: 'timexes' must be a mapping article -> {{expression: date}}")
    out: dict[str, dict[str, str]] = {}
    for art, fixes in data.items():
        if not isinstance(fixes, Mapping):
            raise ValueError(f"{path}: timexes[{art!r}] must be a mapping expression-or-offset -> date")
        out[str(art)] = {}
        for key, value in fixes.items():
            v = value.isoformat() if isinstance(value, dt.date) else str(value)
            if interval(v)[0] is None:
                raise ValueError(f"{path}: timexes[{art!r}][{key!r}] = {value!r} is not a date value (YYYY-MM-DD, YYYY-MM, YYYY, YYYY-Www ...)")
            out[str(art)][str(key)] = v
    return out


def apply_timex_corrections(timexes: pd.DataFrame, corrections: Any, articles: pd.DataFrame | None = None) -> pd.DataFrame:
    """Override the value and interval of the expressions a researcher corrected.

    `corrections` is the parsed `timexes:` section (or the whole YAML document); articles
    are named by article_id or, when `articles` is given, by source_file. A corrected row
    gets anchor 'corrections' and confidence 1.0, so the tables show what a person changed."""
    fixes = parse_timex_corrections(corrections)
    if not fixes or len(timexes) == 0:
        return timexes
    alias: dict[str, str] = {}
    if articles is not None and len(articles) and "source_file" in articles.columns:
        alias = {str(s): str(a) for s, a in zip(articles["source_file"], articles["article_id"], strict=True) if isinstance(s, str)}
    by_article: dict[str, dict[str, str]] = {}
    for key, f in fixes.items():
        by_article.setdefault(alias.get(key, key), {}).update(f)
    out = timexes.copy()
    for col in ("date_start", "date_end", "value", "granularity", "anchor"):
        out[col] = out[col].astype(object)
    out["confidence"] = out["confidence"].astype("float64")
    for i, r in out.iterrows():
        f = by_article.get(str(r["article_id"]))
        if not f:
            continue
        v = f.get(str(int(r["start"]))) or f.get(str(r["text"]))
        if v is None:
            continue
        start, end, gran = interval(v)
        out.at[i, "value"], out.at[i, "date_start"], out.at[i, "date_end"] = v, start, end
        out.at[i, "granularity"], out.at[i, "anchor"], out.at[i, "confidence"] = gran, "corrections", 1.0
    return out


# ---------------------------------------------------------------------------------------
# After actor resolution.


def attach_event_actors(events: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """Fill `actor_ids` and `reported_by` from the resolved mentions.

    Meta mentions (the outlet or author naming itself) are left out; an event whose agents
    are all meta is dropped: "Newsweek reached out to the ministry" is the outlet's own
    work, not the story's."""
    if len(events) == 0:
        return events
    actors: dict[str, list[str]] = {}
    meta: set[str] = set()
    if len(mentions):
        ids = mentions["mention_id"].astype(str).tolist()
        single = mentions["actor_id"] if "actor_id" in mentions.columns else [None] * len(ids)
        many = mentions["actor_ids"] if "actor_ids" in mentions.columns else [None] * len(ids)
        for mid, a, lst in zip(ids, single, many, strict=True):
            found = [str(x) for x in list(lst) if isinstance(x, str) and x] if isinstance(lst, list | tuple) or hasattr(lst, "tolist") else []
            if not found and isinstance(a, str) and a:
                found = [a]
            if found:
                actors[mid] = found
        if "is_meta" in mentions.columns:
            flags = mentions["is_meta"].astype("boolean").fillna(False).astype(bool)
            meta = set(mentions.loc[flags, "mention_id"].astype(str))
    out = events.copy()
    keep, actor_col, agent_col, rep_col = [], [], [], []
    for agents, parties, rep in zip(out["agent_mention_ids"], out["mention_ids"], out["reported_by_mention_id"], strict=True):
        agents, parties = list(agents) if agents is not None else [], list(parties) if parties is not None else []
        keep.append(not agents or any(a not in meta for a in agents))
        actor_col.append(list(dict.fromkeys(a for m in parties if m not in meta for a in actors.get(m, []))))
        agent_col.append(list(dict.fromkeys(a for m in agents if m not in meta for a in actors.get(m, []))))
        rep_col.append((actors.get(rep) or [None])[0] if isinstance(rep, str) and rep not in meta else None)
    out["actor_ids"], out["agent_actor_ids"], out["reported_by"] = actor_col, agent_col, rep_col
    return out[keep].reset_index(drop=True)


# ---------------------------------------------------------------------------------------
# The same event across articles.

# How far before publication an event dated only by its article's day may lie.
PUBLICATION_WINDOW_DAYS = 7
# Sentence-word Jaccard needed to join a group: higher when a date is only a window.
MIN_WORD_SIMILARITY = 0.12
MIN_WORD_SIMILARITY_VAGUE = 0.2
# Members whose words a newcomer is compared with (the best-dated ones, who came first):
# keeps linking linear when one event is reported hundreds of times.
MAX_COMPARED_MEMBERS = 20


def _precise_day(r: Mapping[str, Any]) -> dt.date | None:
    """The day an event is stated (or reported) to happen on, when the text gives one."""
    if r.get("date_how") in {"own_expression", "reporting_event"} and r.get("granularity") in {"day", "time"}:
        return _as_date(r.get("date_start"))
    return None


def _window(r: Mapping[str, Any]) -> tuple[dt.date, dt.date] | None:
    s, e = _as_date(r.get("date_start")), _as_date(r.get("date_end"))
    if s is None:
        return None
    e = e or s
    if r.get("date_how") == "publication" or (r.get("date_how") == "reporting_event" and float(r.get("date_confidence") or 0) < 0.3):
        return s - dt.timedelta(days=PUBLICATION_WINDOW_DAYS), e
    return s, e


def _overlap(a: tuple[dt.date, dt.date] | None, b: tuple[dt.date, dt.date] | None) -> tuple[dt.date, dt.date] | None | bool:
    if a is None:
        return b if b is not None else True
    if b is None:
        return a
    s, e = max(a[0], b[0]), min(a[1], b[1])
    return (s, e) if s <= e else False


def _lst(v: Any) -> list[str]:
    return [str(x) for x in v] if v is not None and not isinstance(v, str | float) else []


def _jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    a, b = set(a), set(b)
    return len(a & b) / len(a | b) if a and b else 0.0


def link_story_events(events: pd.DataFrame, articles: pd.DataFrame) -> pd.Series:
    """`story_event_id` for every event: the same real-world event across articles.

    Two mentions join when they have the same event type, dates that can be the same day
    (an event dated only by publication may lie up to PUBLICATION_WINDOW_DAYS before it),
    at least one shared resolved actor, and similar sentence words; within a story only
    (articles.story_id), when stories are known. Greedy and order-stable: the best-dated
    mentions found the groups, so a vague mention joins a precise one and never merges two
    groups whose dates disagree. Returned in the order of `events`' index."""
    if len(events) == 0:
        return pd.Series([], index=events.index, dtype="string")
    story = {}
    if len(articles) and "story_id" in articles.columns:
        story = {str(a): (s if isinstance(s, str) and s else "") for a, s in zip(articles["article_id"], articles["story_id"], strict=True)}
    order = {h: i for i, h in enumerate(DATE_HOWS)}
    recs = events.to_dict("records")
    idxs = list(events.index)
    ranked = sorted(
        range(len(recs)), key=lambda k: (order.get(recs[k].get("date_how"), 9), -float(recs[k].get("date_confidence") or 0), str(recs[k]["event_id"]))
    )
    groups: list[dict[str, Any]] = []
    assigned: dict[int, int] = {}
    # Blocking: a group can only be joined through an actor it shares, within one story,
    # type and plan status, so each event looks at a handful of groups, not all of them.
    by_key: dict[tuple[str, str, bool, str], list[int]] = {}
    for k in ranked:
        r = recs[k]
        actors = set(_lst(r.get("actor_ids")))
        agents = set(_lst(r.get("agent_actor_ids")))
        words = set(_lst(r.get("keywords")))
        win = _window(r)
        day = _precise_day(r)
        planned = bool(r.get("is_planned")) if not pd.isna(r.get("is_planned")) else False
        vague = r.get("date_how") in {"publication", "none"} or float(r.get("date_confidence") or 0) < 0.3
        best, best_score = None, 0.0
        sid = story.get(str(r["article_id"]), "")
        cands = sorted({gi for a in actors for gi in by_key.get((sid, str(r["event_type"]), planned, a), [])})
        for gi in cands:
            g = groups[gi]
            if g["window"] is not None and win is not None and _overlap(g["window"], win) is False:
                continue
            sim = max(_jaccard(words, w) for w in g["words"])
            # The same agent on the same stated day: one act (a speaker's briefing that day).
            same_act = day is not None and day in g["days"] and bool(agents & g["agents"])
            if not same_act and sim < (MIN_WORD_SIMILARITY_VAGUE if vague or g["vague"] else MIN_WORD_SIMILARITY):
                continue
            score = sim + _jaccard(actors, g["actors"]) + (1.0 if same_act else 0.0)
            if score > best_score:
                best, best_score = gi, score
        if best is None:
            groups.append(
                {
                    "type": r["event_type"],
                    "story": story.get(str(r["article_id"]), ""),
                    "planned": planned,
                    "vague": vague,
                    "actors": set(actors),
                    "agents": set(agents),
                    "days": {day} if day else set(),
                    "words": [words],
                    "window": win,
                    "first": str(r["event_id"]),
                }
            )
            assigned[k] = len(groups) - 1
            for a in actors:
                by_key.setdefault((sid, str(r["event_type"]), planned, a), []).append(assigned[k])
        else:
            g = groups[best]
            for a in actors - g["actors"]:
                by_key.setdefault((sid, str(r["event_type"]), planned, a), []).append(best)
            g["actors"] |= actors
            g["agents"] |= agents
            if day:
                g["days"].add(day)
            if len(g["words"]) < MAX_COMPARED_MEMBERS:
                g["words"].append(words)
            ov = _overlap(g["window"], win)
            g["window"] = g["window"] if ov is True else ov
            assigned[k] = best
    ids = ["se:" + hashlib.sha1(groups[assigned[k]]["first"].encode()).hexdigest()[:12] for k in range(len(recs))]
    return pd.Series(ids, index=idxs, dtype="string")
