"""Quotes of one article: direct quotes and indirect speech, with cue and speaker, as table rows.

The entry points the per-article stage calls (`quote_records`) and the events and interactions
passes use (`doc_quote_spans`, so they can tell quoted words from the article's own voice).
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd
from spacy.tokens import Doc

from storylens.compare.quotes.cues import is_speech
from storylens.compare.quotes.indirect import _addressee_text, _antecedent, _Attr, _cue_span, _indirect, _subject
from storylens.compare.quotes.learned import keep_rule_attributions, learned_attributions
from storylens.compare.quotes.marks import find_quote_spans
from storylens.compare.quotes.spans import _bisect, _inside, _overlaps, _para_end, _para_start, _paragraph_index, _trim_span, _window, with_marks
from storylens.compare.quotes.speakers import (
    _between_is_cue,
    _colon_intro,
    _continued,
    _dash_source,
    _find_cue,
    _is_title,
    _resolve,
    _speaker_near,
    _speaker_outside,
)
from storylens.nlp import doc_cached, doc_text, load_nlp, sentence_bounds

EXTRACT_COLUMNS = [
    "start",
    "end",
    "kind",
    "cue_start",
    "cue_end",
    "cue",
    "source_start",
    "source_end",
    "speaker_text",
    "speaker_resolved_text",
    "speaker_how",
    "addressee",
    "quote_text",
    "sentence_id",
    "paragraph",
    "attribution_id",
    "is_speech",
]


NESTED = True


def _same_paragraph(text: str, s: int, attrs: list[_Attr]) -> _Attr | None:
    """The attribution a cue-less quote continues within one paragraph: the last one whose cue
    stands earlier in the paragraph, with a speaker, and nothing attributed in between
    ('The answers are "not meeting the demand," says Paul Rieckhoff. "We often compare it
    ..."'). PolNeAR annotates the quotes as one attribution; alone, the second had no source
    (issue 14, sixth pass: dev source overlap F1 0.750 -> 0.753)."""
    open_at = s - 1
    ps = _para_start(text, open_at)
    before = [a for a in attrs if a.cue is not None and ps <= a.cue[0] < open_at and a.segments[-1][1] <= open_at]
    if not before:
        return None
    last = max(before, key=lambda a: a.segments[-1][1])
    if last.source is None:
        return None
    if any(a is not last and last.segments[-1][1] <= a.start < open_at for a in attrs):
        return None
    return last


_RELATIVE = frozenset(["who", "whom", "which", "that"])


# A comment clause the writer hangs after a paraphrase: ", which has strained relations", ", a
# move that ...". After the last quoted words of a mixed quote it is the article talking.
_RUN_ON = re.compile(r",\s+(?:which|who|whose|whom|a move|a step|an escalation|something|prompting|sparking|amid)\b")


def _cut_run_on(text: str, seg: tuple[int, int], last_quote_end: int) -> tuple[int, int]:
    """A mixed quote's content ends with its last quoted part's clause, not with the
    writer's comment after it ("Kirby said that the transfer is a "significant and concerning
    escalation" in the war, which has strained relationships between Moscow and Washington":
    the relative clause on "the war" is Newsweek's, not Kirby's)."""
    s, e = seg
    if last_quote_end >= e:
        return seg
    m = _RUN_ON.search(text, last_quote_end, e)
    return (s, m.start()) if m else seg


def _close_mark(text: str, seg: tuple[int, int]) -> tuple[int, int]:
    """A mixed quote that ends on its quoted words keeps the closing mark, so the row never
    shows an unbalanced quotation ('...are "actively advancing.' -> '...advancing."')."""
    s, e = seg
    if e < len(text) and text[e] in '"”' and sum(text.count(m, s, e) for m in '"“”') % 2 == 1:
        return s, e + 1
    return seg


def _bridge(text: str, last: tuple[int, int], seg: tuple[int, int]) -> tuple[int, int]:
    """A quotation joining the paraphrase it continues, closing mark included: when only a
    few words of the same sentence stand between them ('the U.S. is "concerned" such
    negotiations are "actively advancing."'), those words are the speaker's too, and the
    content runs on from the paraphrase without a hole."""
    close = seg[1] + 1 if seg[1] < len(text) and text[seg[1]] in '"”' else seg[1]
    gap = text[last[1] : seg[0]]
    if last[1] <= seg[0] and len(gap.split()) <= 8 and not re.search(r"[.!?;\n]", gap):
        return (last[0], close)
    return seg


def _union(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans with overlapping ones joined."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def rule_indirect(doc: Doc, quoted: list[tuple[int, int]]) -> list[_Attr]:
    """The parse pass's attributions (`indirect._indirect`), nested ones left out."""
    indirect = _indirect(doc, quoted)
    # Nested attributions ("X said Y claimed Z"): keep the outer one, as annotators do, and
    # drop indirect content that is itself a direct quote's content (handled below).
    indirect = [a for a in indirect if not _inside(a.cue, [b.segments[0] for b in indirect if b is not a])]
    return [a for a in indirect if not _inside(a.cue, quoted)]


def taken_spans(attrs: list[_Attr]) -> list[tuple[int, int]]:
    """Every content, cue and source span of the attributions found so far."""
    return [sp for a in attrs for sp in [*a.segments, a.cue, a.source] if sp is not None]


def extract_quotes(text: str, doc: Doc | None = None, learned: bool = True) -> pd.DataFrame:
    """Quotes and reported speech in `text`, one row per contiguous content span.

    `doc` is an optional spaCy Doc of exactly `text` (from `storylens.nlp.load_nlp()`), so
    the build parses each article once. Columns: see `EXTRACT_COLUMNS`; offsets point into
    `text`; a quote split around its attribution gives two rows with one `attribution_id`.
    """
    if doc is None:
        doc = load_nlp()(text)
    df = pd.DataFrame(quote_records(text, doc, learned=learned), columns=EXTRACT_COLUMNS)
    for c in ("start", "end", "cue_start", "cue_end", "source_start", "source_end", "sentence_id", "paragraph", "attribution_id"):
        df[c] = df[c].astype("Int64")
    df["is_speech"] = df["is_speech"].astype(bool)
    return df


def doc_quote_spans(doc: Doc) -> list[tuple[int, int, bool]]:
    """`find_quote_spans` of a parse's text, once per Doc (quotes, events and interactions
    all ask which words stand inside quotation marks)."""
    return doc_cached(doc, "quote_spans", lambda d: find_quote_spans(doc_text(d)))


def quote_records(text: str, doc: Doc, learned: bool = True) -> list[dict[str, Any]]:
    """The rows of `extract_quotes` as plain dicts (keys: EXTRACT_COLUMNS), for the build."""
    if doc_text(doc) != text:
        raise ValueError("doc must be a parse of exactly `text`")

    marks = doc_quote_spans(doc)
    quoted = [(s, e) for s, e, _ in marks]
    indirect = rule_indirect(doc, quoted)
    dropped: list[_Attr] = []
    if learned:
        indirect, dropped = keep_rule_attributions(doc, indirect, quoted)

    attrs: list[_Attr] = []
    used_marks: set[int] = set()
    # "According to X, “...”": the parse pass found the cue of a direct quote.
    given: dict[int, _Attr] = {}
    for a in indirect:
        inner = [q for q in quoted if _overlaps(q, a.segments[0])]
        if inner:
            s, e = a.segments[0]
            covers = all(_inside(q, [(s - 1, e + 1)]) for q in inner)
            whole = any(q[0] <= s + 1 and e - 1 <= q[1] for q in inner)
            if whole:
                # The "indirect" content is the direct quote itself: the quote pass owns
                # the content, this attribution lends it its cue and source.
                for i, q in enumerate(quoted):
                    if q in inner:
                        given.setdefault(i, a)
                continue
            if covers:
                a.kind = "mixed"
                # The parse often leaves the closing mark (and the period before it) outside
                # the clause: the content runs to the end of the last quoted part.
                last = max(q[1] for q in inner)
                if last >= a.segments[-1][1]:
                    a.segments[-1] = (a.segments[-1][0], last)
                a.segments[-1] = _cut_run_on(text, a.segments[-1], last)
                a.inner_quotes = inner
                used_marks.update(i for i, q in enumerate(quoted) if q in inner)
        attrs.append(a)

    prev: _Attr | None = None
    direct: list[_Attr] = []
    quoted_marks = with_marks(quoted)
    for i, (s, e, _missing) in enumerate(marks):
        if i in used_marks:
            continue
        seg = _trim_span(text, s, e)
        if seg[1] <= seg[0]:
            continue
        verb, how = _find_cue(doc, text, s, e, quoted)
        if verb is None and i not in given:
            verb = _colon_intro(doc, text, s)
        n_words = len(text[seg[0] : seg[1]].split())
        if _is_title(text, s, seg):
            continue
        signed = _dash_source(doc, text, e) if verb is None and i not in given else None
        if i in given and verb is None:
            g = given[i]
            a = _Attr([seg], "direct", g.cue, g.source, g.speaker_how)
        elif signed is not None:
            a = _Attr([seg], "direct", signed[0], signed[1], "signature")
        elif verb is not None:
            src = _speaker_near(doc, verb, *_window(text, s, e))
            if src is not None and _inside(src, quoted_marks):
                src = _speaker_outside(doc, verb, quoted_marks)
            a = _Attr([seg], "direct", _cue_span(doc, verb), src, "subject" if src else "none")
            a.antecedent = _antecedent(doc, _subject(verb))
            a.addressee = _addressee_text(doc, verb)
            # Split quote: same cue as the previous quote, in the same paragraph.
            if prev is not None and prev.cue == a.cue and prev.kind == "direct":
                prev.segments.append(seg)
                continue
            host = next((x for x in attrs if x.kind in ("indirect", "mixed") and x.cue == a.cue), None)
            if host is not None:
                # The parse's clause stopped short of the quotation it paraphrases around
                # ('argued that Cruz has "got to come a long way" on ethanol, "because ..."'):
                # one attribution, mixed, not an indirect one plus a direct one with its cue.
                host.segments = _union(host.segments + [_bridge(text, host.segments[-1], seg)])
                host.kind = "mixed"
                host.frame = "quote"
                continue
        else:
            host = _continued(text, s, attrs + direct)
            if host is None:
                host = _same_paragraph(text, s, attrs + direct)
            if host is not None:
                host.segments.append(seg)  # a quote paragraph continuing the attribution before it
                continue
            near_prev = (
                prev is not None
                and prev.kind == "direct"
                and (
                    _para_start(text, s) <= prev.segments[-1][1]
                    or _para_start(text, s) == _para_end(text, prev.segments[-1][1]) + 1
                    or text[prev.segments[-1][1] : s].count("\n") <= 2
                )
            )
            continuation = near_prev and _para_start(text, s) <= prev.segments[-1][1] + 2 and _between_is_cue(text, prev, s)
            if n_words < 4 and not continuation:
                # Scare quotes, titles, handles and dates: a short quoted phrase with no cue
                # of its own is a name or a term, even next to a quote ("law and order").
                continue
            if continuation:
                prev.segments.append(seg)  # "...," he continued. "..." : the continuation
                continue
            if prev is not None and near_prev and prev.source is not None:
                # A cue-less quote right after the previous speaker's quote is theirs, and one
                # attribution with it (as PolNeAR annotates), not a second one without a source.
                prev.segments.append(seg)
                continue
            if prev is not None and near_prev:
                a = _Attr([seg], "direct", None, None, "previous_quote")
                a.speaker_text = prev.speaker_text
            elif n_words >= 4:
                a = _Attr([seg], "direct", None, None, "none")
            else:
                continue
        direct.append(a)
        prev = a

    attrs.extend(direct)
    if learned:
        # Cues the rules missed, scored by the model learned from PolNeAR train (learned.py).
        attrs.extend(learned_attributions(doc, taken_spans(attrs + dropped), quoted))
    attrs.sort(key=lambda a: a.start)
    for a in attrs:
        if a.source is not None and a.speaker_text is None:
            written = text[a.source[0] : a.source[1]]
            # A relative pronoun is shown as the phrase it stands for, or not at all: "who"
            # names nobody. The source offsets keep pointing at the word in the sentence.
            a.speaker_text = a.antecedent if written.strip().lower() in _RELATIVE else written
    resolved = _resolve(doc, attrs)

    sent_starts = [b[2] for b in sentence_bounds(doc)]
    rows = []
    for aid, (a, res) in enumerate(zip(attrs, resolved)):
        if a.kind == "mixed":
            a.segments = [_close_mark(text, sg) for sg in a.segments]
        for s, e in a.segments:
            rows.append(
                {
                    "start": s,
                    "end": e,
                    "kind": a.kind,
                    "cue_start": a.cue[0] if a.cue else None,
                    "cue_end": a.cue[1] if a.cue else None,
                    "cue": text[a.cue[0] : a.cue[1]] if a.cue else None,
                    "source_start": a.source[0] if a.source else None,
                    "source_end": a.source[1] if a.source else None,
                    "speaker_text": a.speaker_text,
                    "speaker_resolved_text": res,
                    "speaker_how": a.speaker_how,
                    "addressee": a.addressee,
                    "quote_text": text[s:e],
                    "sentence_id": _bisect(sent_starts, s),
                    "paragraph": _paragraph_index(text, s),
                    "attribution_id": aid,
                    "is_speech": is_speech(a.kind, a.frame, a.lemma),
                }
            )
    return rows
