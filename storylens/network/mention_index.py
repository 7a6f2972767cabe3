"""Which named (or resolved) mention a token belongs to: the bridge from the parse to the mentions table.

Edges and events are read from tokens but must point at mention rows (and later actors), so
both passes share this one index built per article.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
from spacy.tokens import Doc, Token

from storylens.network.lexicon import ACTOR_HEADS, CURRENCY_CODES, EVENT_NAME_HEADS, ROLE_HEADS
from storylens.nlp import children


@dataclass(frozen=True)
class _Mention:
    mention_id: str
    start: int
    end: int
    text: str
    first: int  # token indices [first, last]
    last: int


class MentionIndex:
    """Which mention each token belongs to (the smallest, when mentions nest).

    Built from MENTIONS rows as plain dicts (`mention_rows` turns a frame into them); the
    build makes one per article and shares it between interactions and events."""

    def __init__(self, doc: Doc, rows: Iterable[Mapping[str, Any]]) -> None:
        self.by_token: dict[int, _Mention] = {}
        self.labels: dict[str, str] = {}
        self.plural: set[str] = set()  # descriptions of several actors ("the two countries")
        parsed: list[_Mention] = []
        for r in rows:
            if pd.isna(r.get("start")) or pd.isna(r.get("end")):
                continue
            span = doc.char_span(int(r["start"]), int(r["end"]), alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            text = r.get("text")
            if r.get("label") not in {"DESC", "PRON"} and _names_no_actor(str(text) if isinstance(text, str) else span.text):
                continue
            self.labels[str(r["mention_id"])] = str(r.get("label") or "")
            if r.get("label") == "DESC" and any(t.tag_ in {"NNS", "NNPS"} for t in span):
                self.plural.add(str(r["mention_id"]))
            parsed.append(
                _Mention(str(r["mention_id"]), int(r["start"]), int(r["end"]), str(text) if isinstance(text, str) else span.text, span.start, span.end - 1)
            )
        # Larger first, so a nested (smaller) mention overwrites its tokens.
        for m in sorted(parsed, key=lambda m: -(m.last - m.first)):
            for i in range(m.first, m.last + 1):
                self.by_token[i] = m

    def at(self, tok: Token) -> _Mention | None:
        return self.by_token.get(tok.i)


def _names_no_actor(text: str) -> bool:
    """A name the model tags as an entity that cannot act: an event ("the World Wide
    Developers Conference") or a currency code ("$249 USD")."""
    words = text.lower().split()
    return bool(words) and (words[-1] in EVENT_NAME_HEADS or (len(words) == 1 and words[0] in CURRENCY_CODES))


def mention_rows(mentions: pd.DataFrame | None) -> list[dict[str, Any]]:
    """MENTIONS rows of a frame as plain dicts, for `MentionIndex`."""
    return mentions.to_dict("records") if mentions is not None and len(mentions) else []


def _own_actor(tok: Token, idx: MentionIndex) -> _Mention | None:
    """The mention a noun phrase headed by `tok` denotes, or None."""
    m = idx.at(tok)
    if m is not None:
        return m
    if tok.pos_ == "PRON":
        return None  # no coreference resolution here: a pronoun is not an actor mention
    for child in children(tok):
        if child.dep_ == "appos":
            m = idx.at(child)
            if m is not None:
                return m
    doc = tok.doc
    # "his North Korean counterpart, Kang Sun Nam": the parse often misses the apposition.
    if tok.lemma_.lower() in ROLE_HEADS and tok.i + 2 < len(doc) and doc[tok.i + 1].text == ",":
        m = idx.at(doc[tok.i + 2])
        if m is not None and m.first == tok.i + 2:
            return m
    # "the Russian army", "Ukraine's forces": the institution stands for its actor.
    if tok.lemma_.lower() in ACTOR_HEADS:
        for child in children(tok):
            if child.dep_ in {"poss", "amod", "compound", "nmod"} and child.i < tok.i:
                m = idx.at(child)
                if m is not None:
                    return m
    return None


def _actors(tok: Token | None, idx: MentionIndex) -> list[tuple[_Mention, bool]]:
    """Mentions denoted by the phrase headed by `tok` and by its conjuncts: (mention, via_coordination)."""
    if tok is None:
        return []
    out: list[tuple[_Mention, bool]] = []
    m = _own_actor(tok, idx)
    if m is not None:
        out.append((m, False))
    for conj in tok.conjuncts:
        mc = _own_actor(conj, idx)
        if mc is not None and all(mc != o for o, _ in out):
            out.append((mc, True))
    return out
