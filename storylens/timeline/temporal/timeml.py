"""Read TimeML (.tml) files as TempEval-3 distributes them, and score Task A.

Why our own reader and scorer: the official TE3 scorer is Python 2 third-party code we may
not ship; Task A scoring is small enough to restate here, and keeping it in the package lets
the benchmark script and the floor test compute exactly the same numbers.

Offsets are character offsets into the plain text of the <TEXT> element (all tags removed),
which is what `extract_timexes` sees.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from storylens.ingest.manifest import parse_date


@dataclass(frozen=True)
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass
class TimeMLDoc:
    name: str
    text: str
    dct: dt.date | None
    dct_value: str
    timexes: list[GoldTimex] = field(default_factory=list)


def read_tml(path: Path) -> TimeMLDoc:
    """Parse one .tml file: plain TEXT, its in-text TIMEX3 spans and the creation time."""
    root = ET.parse(path).getroot()
    dct_value = ""
    dct_el = root.find("DCT")
    if dct_el is not None:
        t = dct_el.find("TIMEX3")
        if t is not None:
            dct_value = t.get("value", "")
    text_el = root.find("TEXT")
    parts: list[str] = []
    timexes: list[GoldTimex] = []
    pos = 0

    def walk(el: ET.Element) -> None:
        nonlocal pos
        start = pos
        if el.text:
            parts.append(el.text)
            pos += len(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
                pos += len(child.tail)
        if el.tag == "TIMEX3":
            timexes.append(GoldTimex(start, pos, "".join(parts)[start:pos], el.get("type", ""), el.get("value", "")))

    if text_el is not None:
        walk(text_el)
    text = "".join(parts)
    # the TEXT element's own start is offset 0 of the plain text; nested tags were walked above
    timexes = [g for g in timexes if g.end > g.start]
    return TimeMLDoc(path.stem, text, parse_date(dct_value), dct_value, sorted(timexes, key=lambda g: g.start))


def read_dir(directory: Path) -> list[TimeMLDoc]:
    """Every .tml file under `directory`, in name order."""
    return [read_tml(p) for p in sorted(Path(directory).rglob("*.tml"))]


@dataclass
class Scores:
    """Task A counts; properties give TempEval-3's P/R/F1 (percent)."""

    n_sys: int = 0
    n_gold: int = 0
    strict: int = 0
    relaxed_sys: int = 0  # system spans overlapping some gold span
    relaxed_gold: int = 0  # gold spans overlapped by some system span
    value: int = 0  # overlapping pairs with the same value (one per gold)
    type: int = 0

    def add(self, other: Scores) -> None:
        for k in vars(self):
            setattr(self, k, getattr(self, k) + getattr(other, k))

    @staticmethod
    def _prf(tp_p: float, tp_r: float, n_sys: int, n_gold: int) -> tuple[float, float, float]:
        p = tp_p / n_sys if n_sys else 0.0
        r = tp_r / n_gold if n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return 100 * p, 100 * r, 100 * f

    @property
    def strict_prf(self) -> tuple[float, float, float]:
        return self._prf(self.strict, self.strict, self.n_sys, self.n_gold)

    @property
    def relaxed_prf(self) -> tuple[float, float, float]:
        return self._prf(self.relaxed_sys, self.relaxed_gold, self.n_sys, self.n_gold)

    @property
    def value_prf(self) -> tuple[float, float, float]:
        return self._prf(self.value, self.value, self.n_sys, self.n_gold)

    @property
    def type_prf(self) -> tuple[float, float, float]:
        return self._prf(self.type, self.type, self.n_sys, self.n_gold)


def score(system: list[tuple[int, int, str, str]], gold: list[GoldTimex]) -> Scores:
    """Score one document's (start, end, type, value) system spans against the gold spans.

    As in TE3 Task A: strict = identical offsets; relaxed = any overlap; value and type are
    counted on gold spans that overlap a system span carrying the same attribute (each gold
    span and each system span used at most once, greedy by position).
    """
    s = Scores(n_sys=len(system), n_gold=len(gold))
    gold_spans = {(g.start, g.end) for g in gold}
    s.strict = sum((a, b) in gold_spans for a, b, _, _ in system)
    s.relaxed_sys = sum(any(a < g.end and g.start < b for g in gold) for a, b, _, _ in system)
    s.relaxed_gold = sum(any(a < g.end and g.start < b for a, b, _, _ in system) for g in gold)
    used: set[int] = set()
    for g in gold:
        for i, (a, b, typ, val) in enumerate(system):
            if i in used or not (a < g.end and g.start < b):
                continue
            used.add(i)
            s.value += val == g.value
            s.type += typ == g.type
            break
    return s
