"""The working state of one resolution: mentions as rows, a union-find over them, canonical names and ids.

Shared by the rules (`resolve`) and the corrections applied after them (`corrections`).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from storylens.actors.gazetteer import Entry, name_key

_ORG_KINDS = frozenset({"organization", "media"})


def actor_id(kind: str, name: str) -> str:
    """Stable id: the same kind and canonical name give the same id in every build."""
    return "act_" + hashlib.sha1(f"{kind}|{name_key(name)}".encode()).hexdigest()[:12]


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


@dataclass
class _State:
    """Per-mention working columns while resolving."""

    keys: list[str]
    kinds: list[str]
    articles: list[str]
    entries: list[Entry | None]
    rule: list[str]
    uf: _UnionFind
    norms: list[str] = field(default_factory=list)
    """mentions.norm as written (str), before any key is rewritten."""
    texts: list[str] = field(default_factory=list)
    """mentions.text (str)."""
    descriptors: list[Any] = field(default_factory=list)
    """mentions.descriptor (a string, or missing)."""
    meta: list[bool] = field(default_factory=list)
    meta_reason: list[str | None] = field(default_factory=list)
    _norm_keys: list[str] | None = None
    _text_keys: list[str] | None = None

    def norm_key(self, i: int) -> str:
        """name_key of the mention's norm as written (keys[i] may have been rewritten)."""
        if self._norm_keys is None:
            self._norm_keys = [name_key(x) for x in self.norms]
        return self._norm_keys[i]

    def text_key(self, i: int) -> str:
        """name_key of the mention's text, for corrections that name a mention as written."""
        if self._text_keys is None:
            self._text_keys = [name_key(x) for x in self.texts]
        return self._text_keys[i]


def _kind_class(kind: str) -> str:
    return "org" if kind in _ORG_KINDS else kind


def _canonical(idx: list[int], st: _State) -> tuple[str, str]:
    """(name, kind) of a cluster: the gazetteer's name, else the longest full form seen."""
    kinds = Counter(st.kinds[i] for i in idx)
    gaz = Counter(st.entries[i].name for i in idx if st.entries[i] is not None and _kind_class(st.entries[i].kind) == _kind_class(st.kinds[i]))
    if gaz:
        name = gaz.most_common(1)[0][0]
        kind = Counter(st.entries[i].kind for i in idx if st.entries[i] is not None and st.entries[i].name == name).most_common(1)[0][0]
        return name, kind
    kind = kinds.most_common(1)[0][0]
    norms = Counter(st.norms[i] for i in idx)
    name = max(norms, key=lambda n: (len(n.split()), norms[n], len(n), n))
    return name, kind


MAX_CHAIN = 10
