"""Corrections made on the page: a log of who changed what and when, each entry undoable.

Why a log inside corrections.yaml: the build reads the usual sections (`actors`,
`articles`, `timexes`, `claims`: the format of data/corrections.yaml, see
storylens.corrections), and a researcher needs to see who made each correction and take
one back. So the file keeps both: the `log` is the record, and the sections are written
from it on every change. A file written by hand before the app touched it is read into
the log first (as entries by "corrections.yaml"), so nothing in it is lost.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from storylens.corrections import ACTOR_KINDS, Corrections, CorrectionsError, parse_corrections

HEADER = (
    "# Corrections of this corpus, applied on every build (format: storylens/corrections.py).\n"
    "# Written by the Storylens app from `log` (who changed what, when); edit `log` to change them by hand.\n"
)

# op -> (fields it needs, how the page says it)
OPS: dict[str, tuple[tuple[str, ...], str]] = {
    "merge": (("names",), "merge {names}"),
    "split": (("names",), "keep {names} apart"),
    "rename": (("name", "to"), "rename {name} to {to}"),
    "kind": (("name", "kind"), "{name} is a {kind}"),
    "meta": (("name",), "{name} is not part of the story"),
    "article": (("article", "field", "value"), "{field} of {article} is {value}"),
    "timex": (("article", "expression", "value"), "{expression!r} in {article} means {value}"),
    "same_claim": (("sentences",), "{sentences} report the same claim"),
    "different_claim": (("sentences",), "{sentences} report different claims"),
}


@dataclass(frozen=True)
class Entry:
    id: str
    op: str
    args: dict[str, Any]
    who: str
    when: str

    def describe(self) -> str:
        shown = {k: (" + ".join(map(str, v)) if isinstance(v, list) else v) for k, v in self.args.items()}
        return OPS[self.op][1].format(**shown)

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "op": self.op, "args": self.args, "who": self.who, "when": self.when}


def _check(op: str, args: dict[str, Any]) -> dict[str, Any]:
    if op not in OPS:
        raise CorrectionsError(f"unknown correction {op!r}; one of {sorted(OPS)}")
    need = OPS[op][0]
    missing = [k for k in need if args.get(k) in (None, "", [])]
    if missing:
        raise CorrectionsError(f"{op} needs {', '.join(missing)}")
    clean = {k: args[k] for k in need}
    for k, v in clean.items():
        if isinstance(v, list | tuple):
            clean[k] = [str(x) for x in v]
            if len(set(clean[k])) < 2:
                raise CorrectionsError(f"{op} needs two different {k}")
        else:
            clean[k] = v.isoformat() if isinstance(v, dt.date) else str(v)
    if op == "kind" and clean["kind"] not in ACTOR_KINDS:
        raise CorrectionsError(f"kind {clean['kind']!r} is not one of {sorted(ACTOR_KINDS)}")
    if op == "rename" and clean["name"] == clean["to"]:
        raise CorrectionsError("rename needs a new name")
    return clean


def sections(entries: list[Entry]) -> dict[str, Any]:
    """The corrections.yaml sections the build reads, from the log (later entries win)."""
    actors: dict[str, Any] = {"merge": [], "split": [], "rename": {}, "kind": {}, "meta": []}
    articles: dict[str, dict[str, Any]] = {}
    timexes: dict[str, dict[str, str]] = {}
    claims: dict[str, list[list[str]]] = {"same": [], "different": []}
    for e in entries:
        a = e.args
        if e.op in ("merge", "split"):
            actors[e.op].append(list(a["names"]))
        elif e.op in ("rename", "kind"):
            actors[e.op][a["name"]] = a["to" if e.op == "rename" else "kind"]
        elif e.op == "meta" and a["name"] not in actors["meta"]:
            actors["meta"].append(a["name"])
        elif e.op == "article":
            articles.setdefault(a["article"], {})[a["field"]] = a["value"]
        elif e.op == "timex":
            timexes.setdefault(a["article"], {})[a["expression"]] = a["value"]
        elif e.op in ("same_claim", "different_claim"):
            claims["same" if e.op == "same_claim" else "different"].append(list(a["sentences"]))
    out: dict[str, Any] = {"actors": {k: v for k, v in actors.items() if v}}
    if articles:
        out["articles"] = articles
    if timexes:
        out["timexes"] = timexes
    if claims["same"] or claims["different"]:
        out["claims"] = {k: v for k, v in claims.items() if v}
    return out


def _from_corrections(c: Corrections) -> list[dict[str, Any]]:
    """Log entries for what a hand-written file holds (no who/when of its own)."""
    ops: list[tuple[str, dict[str, Any]]] = []
    ops += [("merge", {"names": g}) for g in c.merge] + [("split", {"names": g}) for g in c.split]
    ops += [("rename", {"name": k, "to": v}) for k, v in c.rename.items()]
    ops += [("kind", {"name": k, "kind": v}) for k, v in c.kind.items()]
    ops += [("meta", {"name": n}) for n in c.meta]
    ops += [("article", {"article": k, "field": f, "value": v}) for k, d in c.articles.items() for f, v in d.items() if v is not None]
    ops += [("timex", {"article": k, "expression": x, "value": v}) for k, d in c.timexes.items() for x, v in d.items()]
    ops += [("same_claim", {"sentences": p}) for p in c.same_claims] + [("different_claim", {"sentences": p}) for p in c.different_claims]
    return [{"id": secrets.token_hex(4), "op": op, "args": _check(op, args), "who": "corrections.yaml", "when": ""} for op, args in ops]


class CorrectionLog:
    """The corrections.yaml of one corpus, read and written as a log."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def entries(self) -> list[Entry]:
        if not self.path.exists():
            return []
        try:
            doc = yaml.safe_load(self.path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise CorrectionsError(f"{self.path}: not valid YAML: {exc}") from exc
        if not isinstance(doc, dict):
            raise CorrectionsError(f"{self.path}: top level must be a mapping")
        log = doc.get("log")
        if log is None:  # a hand-written file: its sections become the first entries
            log = _from_corrections(parse_corrections(doc, str(self.path)))
        if not isinstance(log, list):
            raise CorrectionsError(f"{self.path}: 'log' must be a list of entries")
        out = []
        for i, e in enumerate(log):
            if not isinstance(e, dict) or "op" not in e:
                raise CorrectionsError(f"{self.path}: log[{i}] must be a mapping with an 'op'")
            args = _check(str(e["op"]), dict(e.get("args") or {}))
            out.append(Entry(str(e.get("id") or i), str(e["op"]), args, str(e.get("who") or ""), str(e.get("when") or "")))
        return out

    def add(self, op: str, who: str, **args: Any) -> Entry:
        """Append one correction (validated the way the build will read it) and rewrite the file."""
        entry = Entry(secrets.token_hex(4), op, _check(op, args), (who or "").strip()[:80] or "anonymous", _stamp())
        self._write([*self.entries(), entry])
        return entry

    def undo(self, entry_id: str) -> Entry | None:
        """Take one correction back; returns it, or None when no entry has that id."""
        entries = self.entries()
        gone = next((e for e in entries if e.id == entry_id), None)
        if gone is not None:
            self._write([e for e in entries if e.id != entry_id])
        return gone

    def _write(self, entries: list[Entry]) -> None:
        doc = {**sections(entries), "log": [e.as_dict() for e in entries]}
        parse_corrections(doc, str(self.path))  # what the build would refuse is refused here
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        tmp.write_text(HEADER + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
        os.replace(tmp, self.path)


def _stamp() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
