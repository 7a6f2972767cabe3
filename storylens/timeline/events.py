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
  `storylens.network.certainty.certainty_of`; `is_planned` also when its date lies after the
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
import re
from collections.abc import Mapping
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
from storylens.timeline.event_dates import _as_date, _event_dates, _timex_records

CERTAINTIES = ("asserted", "reported", "planned", "negated", "hedged")


# interactions.certainty_of speaks of edges; the timeline's vocabulary is coarser.
_CERTAINTY_MAP = {
    "denied": "negated",
    "negated": "negated",
    "alleged": "hedged",
    "unconfirmed": "hedged",
    "planned": "planned",
    "reported": "reported",
    "asserted": "asserted",
}


# Dependency links from a reporting predicate to the content it reports.
_REPORT_DEPS = frozenset({"ccomp", "parataxis", "xcomp", "advcl", "acl", "relcl"})


# Links from a report noun to its content ("reports of Russia using", "news that ...").
_REPORT_NOUN_PREPS = frozenset({"of", "about", "on", "that"})


# Prepositions that introduce a participant of a nominal event (besides the possessor).
_NOUN_PARTY_PREPS = frozenset({"of", "by", "on", "against", "with", "between", "to", "from", "at", "into"})


_OBJ_DEPS = frozenset({"dobj", "dative", "obj", "attr", "oprd"})


_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")


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
