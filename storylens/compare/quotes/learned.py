"""Attribution cues the rules miss, found by a logistic-regression model learned from PolNeAR train.

Why a model: the rule passes (`indirect.py`, `speakers.py`) read cue frames from lexicons, and
most attributions they miss on PolNeAR have a cue word seen too rarely in train for a lexicon
entry ("blocked", "has put in place restrictions on"). The model scores every verb the rules
left alone (outside any quote and any attribution they found, with a grammatical subject)
from its context in the parse: lemma, part of speech, dependency, which complements it
takes, what its subject is, whether quotation marks stand nearby. Verbs scoring over the
threshold become attributions: the verb group is the cue, its subject the source, its
complements the content. A second weight set scores the attributions the verb-frame rules
found, and drops those under `drop_threshold` (frames that on train rarely carry the
annotated speaker). On PolNeAR (benchmarks/quotes_polnear.py) this raised source overlap F1
on dev 0.740 -> 0.749 and on test 0.745 -> 0.755, content 0.808 -> 0.813 on test.

The weights are a plain data file, `storylens/resources/attribution_cue_model.json` (feature
-> weight, with the training counts; no article text), written by
`benchmarks/polnear_cue_model.py` from PolNeAR's train split, threshold chosen on dev. At run
time the score is a dot product: no scikit-learn, no download.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib.resources import files

from spacy.tokens import Doc, Token

from storylens.compare.quotes.cues import contradicted_frames
from storylens.compare.quotes.indirect import (
    EVIDENTIAL_VERBS,
    TOPIC_VERBS,
    _antecedent,
    _Attr,
    _authorial,
    _cue_span,
    _document_or_event,
    _np_span,
    _purpose_infinitive,
    _subject,
    _trim,
)
from storylens.compare.quotes.spans import with_marks
from storylens.nlp import children

MODEL_FILE = "attribution_cue_model.json"

# Dependents that can hold an attribution's content, in the order they are preferred as the
# frame; the content runs from the first of them to the verb's last such dependent.
_COMPLEMENTS = ("ccomp", "xcomp", "dobj", "oprd", "attr", "acomp", "prep", "advcl", "dative", "pcomp")
_NOT_CONTENT = frozenset(["punct", "cc", "conj", "advmod", "npadvmod", "aux", "auxpass", "neg", "prt", "mark", "nsubj", "nsubjpass", "agent", "det", "case"])


@lru_cache(maxsize=1)
def cue_model() -> dict:
    """The learned model: {"weights": {feature: weight}, "bias": b, "threshold": t, ...}."""
    return json.loads(files("storylens.resources").joinpath(MODEL_FILE).read_text(encoding="utf-8"))


def _content(doc: Doc, verb: Token) -> tuple[tuple[int, int], str, Token | None] | None:
    """(token range, frame, preposition) of what the verb reports: its complements after it."""
    kids = [c for c in children(verb) if c.i > verb.i and c.dep_ not in _NOT_CONTENT]
    if not kids:
        return None
    deps = {c.dep_: c for c in reversed(kids)}
    first_dep = next((d for d in _COMPLEMENTS if d in deps), None)
    if first_dep is None:
        return None
    first = deps[first_dep]
    prep = None
    lo = first.left_edge.i
    obj = first
    if first_dep == "prep":
        obj = next((g for g in children(first) if g.dep_ in ("pobj", "pcomp")), None)
        if obj is None:
            return None
        prep, lo = first, first.i + 1
    if _document_or_event(obj):
        return None  # "calling for a UN Security Council meeting": an event, not words (as in indirect.py)
    hi = max(c.right_edge.i for c in kids if c.i >= first.i) + 1
    if hi - lo < 1:
        return None
    return (lo, hi), first_dep, prep


def rate_features(lemma: str, frame: str, rates: dict[str, list[int]]) -> list[str]:
    """The lemma's cue rate on train, binned: how often a verb with this lemma, outside
    annotated content, lay in a gold cue ([occurrences, hits] in the model file). Rare lemmas
    back off towards the rate of all verbs (`PRIOR` pseudo-occurrences)."""
    n, h = rates.get(lemma, (0, 0))
    rate = (h + PRIOR * BASE_RATE) / (n + PRIOR)
    band = min(int(rate * 10), 9)
    seen = "0" if n == 0 else "1-4" if n < 5 else "5-19" if n < 20 else "20+"
    return [f"rate={band}", f"rate|seen={band}|{seen}", f"rate|frame={band}|{frame}"]


PRIOR = 2.0
BASE_RATE = 0.1


def features(verb: Token, subj: Token, frame: str, prep: Token | None, near_quote: bool, rates: dict[str, list[int]] | None = None) -> list[str]:
    """The model's features of one candidate cue verb (strings; the weight file keys)."""
    lemma = verb.lemma_.lower()
    kids = children(verb)
    deps = sorted({c.dep_ for c in kids})
    head = verb.head
    out = [
        f"lemma={lemma}",
        f"pos={verb.pos_}",
        f"tag={verb.tag_}",
        f"dep={verb.dep_}",
        f"frame={frame}",
        f"lemma|frame={lemma}|{frame}",
        f"lemma|dep={lemma}|{verb.dep_}",
        f"head.pos={head.pos_ if head.i != verb.i else 'ROOT'}",
        f"subj.pos={subj.pos_}",
        f"subj.ent={subj.ent_type_ or '-'}",
        f"subj.dep={subj.dep_}",
        f"near_quote={near_quote}",
    ]
    if subj.pos_ == "PRON":
        out.append(f"subj.pron={subj.lower_}")
    if prep is not None:
        out += [f"prep={prep.lower_}", f"lemma|prep={lemma}|{prep.lower_}"]
    out += [f"child={d}" for d in deps]
    out += [f"lemma|child={lemma}|{d}" for d in deps if d in _COMPLEMENTS]
    if head.i != verb.i and verb.dep_ in ("xcomp", "ccomp", "conj", "advcl"):
        out.append(f"head.lemma={head.lemma_.lower()}")
    if rates is not None:
        out += rate_features(lemma, frame, rates)
    return out


def rule_features(doc: Doc, att: _Attr, quoted: list[tuple[int, int]], rates: dict[str, list[int]] | None = None) -> list[str] | None:
    """Features of an attribution the verb-frame rules found (None for any other kind): the
    same as a candidate's, plus which frame rule found it."""
    if att.verb is None or att.subj is None or att.source is None or att.kind != "indirect":
        return None
    verb, subj = doc[att.verb], doc[att.subj]
    sent = verb.sent
    near = any(s - 1 < sent.end_char and sent.start_char < e + 1 for s, e in quoted)
    lemma = verb.lemma_.lower()
    return [*features(verb, subj, att.frame, None, near, rates), f"lemma|rule={lemma}|{att.frame}"]


def keep_rule_attributions(doc: Doc, attrs: list[_Attr], quoted: list[tuple[int, int]]) -> tuple[list[_Attr], list[_Attr]]:
    """(kept, dropped): a verb-frame attribution scoring under the model's `drop_threshold`
    is dropped (on PolNeAR train such frames rarely carry the annotated speaker)."""
    m = cue_model()
    kept: list[_Attr] = []
    dropped: list[_Attr] = []
    for a in attrs:
        feats = rule_features(doc, a, quoted, m["lemma_rates"])
        (dropped if feats is not None and score(feats, m["keep"]) < m["drop_threshold"] else kept).append(a)
    return kept, dropped


def score(feats: list[str], weights: dict) -> float:
    """Probability that the candidate is an attribution cue with the right speaker, by one of
    the model's two weight sets (`cue_model()["add"]` or `["keep"]`)."""
    w = weights["weights"]
    z = weights["bias"] + sum(w.get(f, 0.0) for f in feats)
    return 1.0 / (1.0 + math.exp(-z))


def _covered(i: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= i < e for s, e in spans)


def candidates(doc: Doc, taken: list[tuple[int, int]], quoted: list[tuple[int, int]], rates: dict[str, list[int]] | None = None):
    """(verb, features, attribution) for every verb the rules left alone that could be a cue:
    outside `taken` (the rules' cue, source and content spans) and the quotation marks, with
    a subject (the speaker) and a complement after it (the content)."""
    text_quotes = with_marks(quoted)
    for tok in doc:
        if tok.pos_ not in ("VERB", "AUX") or tok.dep_ in ("amod", "compound", "aux", "auxpass"):
            continue
        if tok.lemma_.lower() in EVIDENTIAL_VERBS or _covered(tok.idx, taken) or _covered(tok.idx, text_quotes):
            continue
        if tok.lemma_.lower() in TOPIC_VERBS and _purpose_infinitive(tok):
            continue  # "a meeting to discuss X": an aim, nothing said yet (as in indirect.py)
        subj = _subject(tok)
        if subj is None or _covered(subj.idx, taken):
            continue
        got = _content(doc, tok)
        if got is None:
            continue
        (lo, hi), frame, prep = got
        if tok.lemma_.lower() in contradicted_frames().get(frame, ()):
            continue  # "issued <object>", "told <object>": frames train says are rarely a cue (cues.py drops them too)
        seg = _trim(doc, lo, hi)
        if seg[1] - seg[0] < 2 or any(s < seg[1] and seg[0] < e for s, e in taken) or _authorial(tok):
            continue
        sent = tok.sent
        near = any(s < sent.end_char and sent.start_char < e for s, e in text_quotes)
        att = _Attr([seg], "indirect", _cue_span(doc, tok, prep), _np_span(doc, subj, tok), "subject", frame=frame, lemma=tok.lemma_.lower())
        att.antecedent = _antecedent(doc, subj)
        yield tok, features(tok, subj, frame, prep, near, rates), att


def learned_attributions(doc: Doc, taken: list[tuple[int, int]], quoted: list[tuple[int, int]]) -> list[_Attr]:
    """The candidates the model scores at or over its threshold, none inside another's content."""
    m = cue_model()
    out: list[_Attr] = []
    spans = list(taken)
    for _tok, feats, att in candidates(doc, taken, quoted, m["lemma_rates"]):
        if score(feats, m["add"]) < m["threshold"]:
            continue
        if any(s < att.segments[0][1] and att.segments[0][0] < e for s, e in spans[len(taken) :]) or _covered(att.cue[0], spans):
            continue
        out.append(att)
        spans += att.segments + [att.cue, att.source]
    return out
