"""Which mentions are not part of the story: the article's authors, credits, photo agencies, the outlet itself.

A byline or a photo credit names people and agencies that did not act in the story; flagging
them (with the reason) keeps them out of the network and the actor lists without deleting them.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pandas as pd

from storylens.actors.gazetteer import Entry, name_key

_PHOTO_CUE = re.compile(r"(photo|image|picture|credit|courtesy)s?\s*(by|:|/)?\s*[\(\[]?\s*$", re.IGNORECASE)


def _name_within(key: str, other: str) -> bool:
    """Every word of `key` is a word of `other` ("kaitlin" within "kaitlin lewis")."""
    words = key.split()
    return bool(words) and set(words) <= set(other.split())


def _as_names(value: object) -> list[str]:
    """Authors as a list of names, whether given as a list, an array, one string or nothing."""
    if value is None or isinstance(value, float):
        return []
    if isinstance(value, str):
        return [value] if value.strip() else []
    return [str(v) for v in value if v is not None and str(v).strip()]


def _meta_flags(
    m: pd.DataFrame, articles: pd.DataFrame, meta_names: pd.DataFrame | None, entries: list[Entry | None]
) -> tuple[list[bool], list[str | None], dict[int, str]]:
    """is_meta and meta_reason per mention, plus the full meta name a partial one stands
    for ("Kaitlin" in the bio -> "kaitlin lewis"), so both become one meta actor."""
    by_article: dict[str, list[tuple[str, str]]] = defaultdict(list)
    outlets: dict[str, str] = {}
    texts: dict[str, str] = {}
    for row in articles.itertuples(index=False):
        aid = str(row.article_id)
        for a in _as_names(getattr(row, "authors", None)):
            by_article[aid].append((name_key(a), "author"))
        outlet = getattr(row, "outlet", None)
        if isinstance(outlet, str) and outlet and outlet != "unknown":
            outlets[aid] = name_key(re.sub(r"\(.*?\)", "", outlet))
        text = getattr(row, "text", None)
        if isinstance(text, str):
            texts[aid] = text
    if meta_names is not None:
        for row in meta_names.itertuples(index=False):
            by_article[str(row.article_id)].append((name_key(str(row.name)), str(row.reason)))
    flags: list[bool] = []
    reasons: list[str | None] = []
    full_names: dict[int, str] = {}
    columns = (m[c].tolist() for c in ("article_id", "norm", "kind", "label", "start", "text"))
    for i, (article_id, norm, kind, label, start, text) in enumerate(zip(*columns, strict=True)):
        aid, key, kind, e = str(article_id), name_key(str(norm)), str(kind), entries[i]
        reason = None
        if e is not None and e.how == "photo_agency":
            reason = "photo_credit"
        elif kind not in {"country", "place"}:
            # The outlet naming itself first: the cleaner may also list it as a bio name,
            # but in the body "Newsweek reached out" is the outlet speaking.
            if aid in outlets and key == outlets[aid]:
                reason = "outlet_self"
            for name, why in by_article.get(aid, []) if reason is None else []:
                if key == name or _name_within(key, name):
                    reason = why
                    if key != name and len(name.split()) > 1:
                        full_names[i] = name
                    break
            if reason is None and label == "ORG":
                before = texts.get(aid, "")[max(0, int(start) - 25) : int(start)]
                if "/" in str(text) or _PHOTO_CUE.search(before):
                    reason = "photo_credit"
        flags.append(reason is not None)
        reasons.append(reason)
    return flags, reasons, full_names
