"""Researcher corrections, read from one human-readable YAML file and applied on every build.

Why a file and not an edit of the tables: tables are rebuilt from raw input, so a hand
edit would be lost; a corrections file is re-applied each time, reviewed like code, and
recorded in build_info.json so a reader of the tables knows what a person changed.

Format (every key optional)::

    actors:
      merge:                      # each list becomes one actor; the first name is kept
        - [Kim Jong Un, Kim Jong-un]
      split:                      # never merge these names with each other
        - [Miller, Matthew Miller]
      rename: {"Vladimir Putin": "Vladimir V. Putin"}
      kind: {"Kyiv": place}
      meta: [Getty Images]        # not part of the story
    articles:
      "000_920297efb238f4f6.txt": {outlet: Newsweek, published: 2024-01-05, title: "..."}
    timexes:                      # fix how a date expression was resolved
      "000_920297efb238f4f6.txt":
        "Thursday": 2024-01-04    # every occurrence of this expression text
        "1514": 2023-12-29        # or the expression starting at this offset
    claims:                       # sentences (article#sentence_id) that report the same claim, or do not
      same:
        - ["000_920297efb238f4f6.txt#12", "003_729c84f642d46287.txt#4"]
      different:
        - ["000_920297efb238f4f6.txt#3", "003_729c84f642d46287.txt#9"]
    log: [...]                    # written by the app: who made each correction and when (storylens.workspace.edits)

Actors are named by any alias (case-insensitive) or by actor_id; articles by source_file
or article_id.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ARTICLE_FIELDS = {"outlet", "published", "title", "url", "authors", "language"}
ACTOR_KINDS = {"person", "organization", "country", "place", "media", "group", "other"}


class CorrectionsError(ValueError):
    """The corrections file is malformed; the message names the file and the entry."""


@dataclass
class Corrections:
    merge: list[list[str]] = field(default_factory=list)
    split: list[list[str]] = field(default_factory=list)
    rename: dict[str, str] = field(default_factory=dict)
    kind: dict[str, str] = field(default_factory=dict)
    meta: list[str] = field(default_factory=list)
    articles: dict[str, dict[str, Any]] = field(default_factory=dict)
    timexes: dict[str, dict[str, str]] = field(default_factory=dict)
    same_claims: list[list[str]] = field(default_factory=list)
    different_claims: list[list[str]] = field(default_factory=list)
    source: str | None = None

    def is_empty(self) -> bool:
        return not (
            self.merge or self.split or self.rename or self.kind or self.meta or self.articles or self.timexes or self.same_claims or self.different_claims
        )

    def as_record(self) -> dict[str, Any]:
        """JSON-friendly form for build_info.json."""
        arts = {k: {f: (v.isoformat() if isinstance(v, dt.date) else v) for f, v in d.items()} for k, d in self.articles.items()}
        return {
            "source": self.source,
            "actors": {"merge": self.merge, "split": self.split, "rename": self.rename, "kind": self.kind, "meta": self.meta},
            "articles": arts,
            "timexes": self.timexes,
            "claims": {"same": self.same_claims, "different": self.different_claims},
        }


def _strs(value: Any, where: str, path: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        raise CorrectionsError(f"{path}: {where} must be a list of names")
    return [str(v) for v in value]


def parse_corrections(data: Any, path: str = "<corrections>") -> Corrections:
    """Validate a loaded YAML document into Corrections, with errors that name the entry."""
    if data is None:
        return Corrections(source=path)
    if not isinstance(data, dict):
        raise CorrectionsError(f"{path}: top level must be a mapping with 'actors' and/or 'articles'")
    unknown = set(data) - {"actors", "articles", "timexes", "claims", "log"}
    if unknown:
        raise CorrectionsError(f"{path}: unknown sections {sorted(unknown)} (expected 'actors', 'articles', 'timexes', 'claims', 'log')")
    actors = data.get("actors") or {}
    if not isinstance(actors, dict):
        raise CorrectionsError(f"{path}: 'actors' must be a mapping")
    unknown = set(actors) - {"merge", "split", "rename", "kind", "meta"}
    if unknown:
        raise CorrectionsError(f"{path}: unknown actors keys {sorted(unknown)}")
    c = Corrections(source=path)
    for key in ("merge", "split"):
        groups = actors.get(key) or []
        if not isinstance(groups, list):
            raise CorrectionsError(f"{path}: actors.{key} must be a list of lists")
        for i, g in enumerate(groups):
            names = _strs(g, f"actors.{key}[{i}]", path)
            if len(names) < 2:
                raise CorrectionsError(f"{path}: actors.{key}[{i}] needs at least two names")
            getattr(c, key).append(names)
    for key in ("rename", "kind"):
        m = actors.get(key) or {}
        if not isinstance(m, dict):
            raise CorrectionsError(f"{path}: actors.{key} must be a mapping name -> value")
        getattr(c, key).update({str(k): str(v) for k, v in m.items()})
    bad = {k: v for k, v in c.kind.items() if v not in ACTOR_KINDS}
    if bad:
        raise CorrectionsError(f"{path}: actors.kind has unknown kinds {bad}; use one of {sorted(ACTOR_KINDS)}")
    c.meta = _strs(actors.get("meta") or [], "actors.meta", path)
    arts = data.get("articles") or {}
    if not isinstance(arts, dict):
        raise CorrectionsError(f"{path}: 'articles' must be a mapping file-or-id -> fields")
    for key, fields in arts.items():
        if not isinstance(fields, dict):
            raise CorrectionsError(f"{path}: articles[{key!r}] must be a mapping of fields")
        unknown = set(fields) - ARTICLE_FIELDS
        if unknown:
            raise CorrectionsError(f"{path}: articles[{key!r}] has unknown fields {sorted(unknown)}; allowed {sorted(ARTICLE_FIELDS)}")
        fields = dict(fields)
        if "published" in fields and fields["published"] is not None and not isinstance(fields["published"], dt.date):
            try:
                fields["published"] = dt.date.fromisoformat(str(fields["published"]))
            except ValueError as exc:
                raise CorrectionsError(f"{path}: articles[{key!r}].published {fields['published']!r} is not a YYYY-MM-DD date") from exc
        c.articles[str(key)] = fields
    c.same_claims, c.different_claims = _claim_pairs(data.get("claims"), path)
    from storylens.timeline.date_corrections import parse_timex_corrections

    try:
        c.timexes = parse_timex_corrections(data.get("timexes"), path)
    except ValueError as exc:
        raise CorrectionsError(str(exc)) from exc
    return c


def _claim_pairs(section: Any, path: str) -> tuple[list[list[str]], list[list[str]]]:
    """The `claims:` section: lists of two or more sentence refs `article#sentence_id`."""
    if section is None:
        return [], []
    if not isinstance(section, dict) or set(section) - {"same", "different"}:
        raise CorrectionsError(f"{path}: 'claims' must be a mapping with 'same' and/or 'different'")
    out: dict[str, list[list[str]]] = {"same": [], "different": []}
    for key in out:
        for i, group in enumerate(section.get(key) or []):
            refs = _strs(group, f"claims.{key}[{i}]", path)
            bad = [r for r in refs if not split_sentence_ref(r)]
            if len(refs) < 2 or bad:
                raise CorrectionsError(f"{path}: claims.{key}[{i}] needs two or more sentences written article#sentence_id (bad: {bad})")
            out[key].append(refs)
    return out["same"], out["different"]


def split_sentence_ref(ref: str) -> tuple[str, int] | None:
    """'000_x.txt#12' -> ('000_x.txt', 12); None when it is not article#number."""
    art, sep, num = str(ref).rpartition("#")
    return (art, int(num)) if sep and art and num.isdigit() else None


def sentence_ref(article: str, sentence_id: int) -> str:
    return f"{article}#{int(sentence_id)}"


def load_corrections(path: str | Path | None) -> Corrections:
    """Read a corrections YAML file; a missing path means no corrections."""
    if path is None:
        return Corrections()
    p = Path(path)
    if not p.exists():
        return Corrections(source=str(p))
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise CorrectionsError(f"{p}: not valid YAML: {exc}") from exc
    return parse_corrections(data, str(p))
