"""Infer an article's publication day from its url and its own temporal expressions.

Why a scoring search and not one rule: no single clue settles it. A url may carry the day
(`/2024/01/05/`) or a Unix stamp; a dateline ("WASHINGTON, Jan 4 (KUNA)") names it; otherwise
the text brackets it: past-tense dates happened before publication (and usually within days),
future-tense dates after, explicit years fix the year that year-less dates ("December 30")
lack, and weekday names ("told reporters Thursday", "Friday morning") were all written within
the week before publication, which pins the weekday. Every candidate day is scored against all
clues; the best day wins and the margin over the runner-up gives the confidence.

Across a corpus (`infer_published_corpus`), an article whose text has year-less dates but no
year borrows the year from articles of the same story that mention the same day-month and
have a confident date (one story's articles are published within weeks of each other).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from storylens.timeline.shared_names import NameIndex, story_names
from storylens.timeline.temporal.grammar import WEEKDAYS, find_candidates
from storylens.timeline.temporal.resolve import FUTURE, PAST, Context, acceptor, resolve
from storylens.timeline.temporal.tense import lexical_tense
from storylens.timeline.temporal.values import interval

# Unix stamps between 2001-01-01 and 2035-12-31: ten digits not embedded in longer numbers
_UNIX = re.compile(r"(?<!\d)(9\d{8}|1\d{9}|20[0-4]\d{7})(?:\d{3})?(?!\d)")
_URL_DAY = re.compile(r"(?<!\d)((?:19|20)\d\d)[/_-]?(0[1-9]|1[0-2])[/_-]?(0[1-9]|[12]\d|3[01])(?!\d)")
# in a file name the stamp must stand alone ("AP_20130322.tml") or follow a news archive's
# capital prefix ("APW19980807.0261", "NYT19980206.0460"), not sit inside a hash ("ef20231201ab")
_FILE_DAY = re.compile(
    r"(?:(?<=^[A-Z]{2})|(?<=^[A-Z]{3})|(?<=^[A-Z]{4})|(?<![0-9A-Za-z]))((?:19|20)\d\d)([-_.]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?![0-9A-Za-z])"
)
_URL_MONTH = re.compile(r"/((?:19|20)\d\d)/(0[1-9]|1[0-2])/")
# "WASHINGTON, Jan 4 (KUNA) -", "LONDON (Reuters) -", "NEW YORK, March 3, 2020 --": a capitalised
# place, a comma, a date, near the start of the text
_DATELINE = re.compile(r"^\s*(?:[A-Z][A-Za-z.'-]+[ ,]*){1,4}?[A-Z]{2,}[A-Za-z.' -]*,\s*(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)", re.M)

WINDOW_AFTER = 10  # a past-tense date is rarely more than ten days before publication when it is the news


@dataclass
class Clue:
    kind: str  # url / file (a day stamp in the file name) / dateline / date / md / weekday / period / corpus (a dated article of the same story)
    text: str
    tense: str
    day: dt.date | None = None  # for url, dateline, date
    month_day: tuple[int, int] | None = None  # for md
    weekday: int | None = None
    period: tuple[dt.date, dt.date] | None = None  # months, years


def _file_clues(file_name: str | None) -> list[Clue]:
    """A day stamp in the file's own name ("AP_20130322.tml", "2024-01-05-newsweek.txt"):
    archives and scrapers name files by publication day. Only the base name counts (a folder
    may be named by the day it was downloaded), and only a full year-month-day stamp."""
    if not file_name:
        return []
    base = re.split(r"[\\/]", file_name.split("#", 1)[0])[-1]
    out: list[Clue] = []
    for m in _FILE_DAY.finditer(base):
        with contextlib.suppress(ValueError):
            out.append(Clue("file", f"file name {base}", PAST, day=dt.date(int(m[1]), int(m[3]), int(m[4]))))
    return out[:1]


def _url_clues(url: str | None) -> list[Clue]:
    if not url:
        return []
    out: list[Clue] = []
    for m in _URL_DAY.finditer(url):
        try:
            out.append(Clue("url", m.group(0), PAST, day=dt.date(int(m[1]), int(m[2]), int(m[3]))))
        except ValueError:
            continue
    if not out:
        for m in _UNIX.finditer(url):
            stamp = int(m.group(1))
            if 978307200 <= stamp <= 2082758399:
                day = dt.datetime.fromtimestamp(stamp, dt.timezone.utc).date()
                out.append(Clue("url", f"Unix time {stamp}", PAST, day=day))
    if not out:
        for m in _URL_MONTH.finditer(url):
            first = dt.date(int(m[1]), int(m[2]), 1)
            out.append(Clue("period", m.group(0), PAST, period=(first, interval(f"{m[1]}-{m[2]}")[1])))  # type: ignore[arg-type]
    return out


def _text_clues(text: str) -> list[Clue]:
    """Dated clues from the text, with the tense of the sentence around each."""
    clues: list[Clue] = []
    head = text[:300]
    dm = _DATELINE.search(head)
    dateline_span = dm.span("date") if dm else None
    ctx = Context(text=text, dct=None, tense=lambda s, e: lexical_tense(text, s, e))
    for cand in find_candidates(text, acceptor(text, None)):
        r = resolve(cand, ctx)
        if r is None or r.type not in {"DATE", "TIME"}:
            continue
        ctx.prev.append(r)
        tense = lexical_tense(text, cand.start, cand.end)
        frag = text[cand.start : cand.end]
        is_dateline = dateline_span is not None and cand.start <= dateline_span[0] < cand.end + 1
        v = r.value
        if re.fullmatch(r"\d{4}-\d\d-\d\d(T.*)?", v):
            clues.append(Clue("dateline" if is_dateline else "date", frag, tense, day=dt.date.fromisoformat(v[:10])))
        elif m := re.fullmatch(r"XXXX-(\d\d)-(\d\d)(T.*)?", v):
            clues.append(Clue("dateline" if is_dateline else "md", frag, tense, month_day=(int(m[1]), int(m[2]))))
            if cand.rule == "dow_md":  # "Friday, Oct. 13": the weekday also votes
                wd = WEEKDAYS[next(k for k in WEEKDAYS if k.startswith(cand.match["dow"].lower()[:3]))]
                clues.append(Clue("weekday", frag, tense, weekday=wd))
        elif m := re.fullmatch(r"XXXX-WXX-(\d)(T.*)?", v):
            clues.append(Clue("weekday", frag, tense, weekday=int(m[1]) - 1))
        else:
            a, b, gran = interval(v)
            if a and b and gran in {"month", "year", "quarter", "season", "half", "week"}:
                clues.append(Clue("period", frag, tense, period=(a, b)))
    return clues


def _day_score(d: dt.date, clues: list[Clue]) -> float:
    s = 0.0
    for c in clues:
        if c.kind == "corpus" and c.day:
            s -= 0.01 * abs((d - c.day).days)  # same story, same weeks: a tie-breaker, not a vote
        elif c.kind == "url" and c.day:
            s += 10.0 if d == c.day else (3.0 if abs((d - c.day).days) <= 1 else 0.0)
        elif c.kind == "file" and c.day:  # a little weaker than a url: a name may be a download day
            s += 8.0 if d == c.day else (2.5 if abs((d - c.day).days) <= 1 else 0.0)
        elif c.kind == "dateline":
            x = c.day if c.day else _nearest(d, c.month_day)  # type: ignore[arg-type]
            s += 6.0 if x == d else (1.5 if 0 < (d - x).days <= 1 else 0.0)
        elif c.kind in {"date", "md"}:
            x = c.day if c.day else _nearest(d, c.month_day)  # type: ignore[arg-type]
            if x is None:
                continue
            delta = (d - x).days
            if c.tense == FUTURE:
                s += 1.0 - 0.02 * (-delta) if -30 <= delta <= 0 else -0.3
            elif delta >= 0:
                # past-tense dates are the news of the last days, other mentions count less;
                # the weight falls linearly over WINDOW_AFTER days, then slowly (background)
                top = 1.5 if c.tense == PAST else 1.0
                edge = top - 0.07 * WINDOW_AFTER
                s += top - 0.07 * delta if delta <= WINDOW_AFTER else edge * math.exp(-(delta - WINDOW_AFTER) / 30)
            else:  # a past or plain mention after publication: possible ("due Dec. 15"), not likely
                s -= 0.2 if c.tense != PAST else 1.0
        elif c.kind == "weekday" and c.weekday is not None:
            k = (c.weekday - d.weekday()) % 7 if c.tense == FUTURE else (d.weekday() - c.weekday) % 7
            s += 1.0 - 0.15 * k
        elif c.kind == "period" and c.period:
            a, b = c.period
            if c.tense == FUTURE:
                s += 0.2 if d <= b else -0.3
            elif d >= a:
                s += 0.3 if (d - b).days <= 366 else 0.1
            else:
                s -= 0.5 if c.tense == PAST else 0.2
    return s


def _nearest(d: dt.date, md: tuple[int, int]) -> dt.date | None:
    best = None
    for y in (d.year - 1, d.year, d.year + 1):
        try:
            x = dt.date(y, *md)
        except ValueError:
            continue
        if best is None or abs((x - d).days) < abs((best - d).days):
            best = x
    return best


def _years(clues: list[Clue], hints: Iterable[int]) -> list[int]:
    """Years a year-less date may fall in: every written year that is not in a future-tense
    phrase, and the year after each, plus hints. The scoring then weighs them: an article is
    published in or just after the years it talks about in the past tense."""
    ys = {c.day.year for c in clues if c.day and c.kind in {"url", "file", "date", "dateline"} and c.tense != FUTURE}
    ys |= {c.period[1].year for c in clues if c.period and c.tense != FUTURE}
    out = set(hints)
    for y in ys:
        out |= {y, y + 1}
    return sorted(out)


def _describe(c: Clue) -> str:
    return f"{c.kind} '{c.text}'" + (f" ({c.tense})" if c.kind in {"weekday", "md", "date"} and c.tense != "unknown" else "")


def infer_from_clues(clues: list[Clue], year_hints: Iterable[int] = ()) -> tuple[dt.date | None, float, str]:
    """Best publication day for a set of clues: (day or None, confidence, evidence)."""
    years = _years(clues, year_hints)
    anchors: set[dt.date] = set()
    for c in clues:
        if c.day and c.tense != FUTURE and c.kind != "corpus":
            anchors.add(c.day)
        elif c.month_day:
            for y in years:
                with contextlib.suppress(ValueError):  # 29 February in a common year
                    anchors.add(dt.date(y, *c.month_day))
    if not anchors:
        mds = sorted({f"{m:02d}-{d:02d}" for c in clues if c.month_day for m, d in [c.month_day]})
        why = f"no dated clue with a year (day-month only: {', '.join(mds)})" if mds else "no dated clue"
        return None, 0.0, why
    cands = {a + dt.timedelta(days=k) for a in anchors for k in range(-3, WINDOW_AFTER + 1)}
    scored = sorted(((_day_score(d, clues), d) for d in cands), key=lambda t: (-t[0], -t[1].toordinal()))
    (best_s, best), (second_s, _) = scored[0], scored[1] if len(scored) > 1 else (0.0, None)
    margin = best_s - second_s
    url = any(c.kind == "url" and c.day == best for c in clues)
    named = any(c.kind == "file" and c.day == best for c in clues)
    conf = 0.95 if url else 0.9 if named else min(0.9, 0.35 + 0.25 * margin + (0.1 if any(c.kind == "dateline" for c in clues) else 0))
    used = [c for c in clues if (c.day == best) or c.kind in {"weekday", "md", "url", "file", "dateline"}][:8]
    evidence = f"best of {len(cands)} candidate days (score {best_s:.2f}, next {second_s:.2f}): " + "; ".join(_describe(c) for c in used)
    return best, round(conf, 3), evidence


def published_clues(text: str, url: str | None = None, file_name: str | None = None) -> list[Clue]:
    """Every dated clue of one article: its url, its file name, its text."""
    return _url_clues(url) + _file_clues(file_name) + _text_clues(text or "")


def infer_published(text: str, url: str | None = None, file_name: str | None = None) -> tuple[dt.date | None, float, str]:
    """Publication day inferred from the url, the file name and the text, with a confidence in
    [0, 1] and the evidence in words. None when nothing dates the text (year-less dates alone
    are not enough)."""
    return infer_from_clues(published_clues(text, url, file_name))


def infer_published_corpus(
    texts: dict[str, str], urls: dict[str, str | None], file_names: dict[str, str | None] | None = None
) -> dict[str, tuple[dt.date | None, float, str]]:
    """Per-article inference, then a second pass for weak articles using the corpus (`borrow_years`)."""
    names = file_names or {}
    clues = {k: published_clues(t, urls.get(k), names.get(k)) for k, t in texts.items()}
    return borrow_years(clues, names_of={k: story_names(t) for k, t in texts.items()})


# The names a story is about, and when two articles share enough of them to be one story's:
# `timeline.shared_names` (with the index that finds such articles without comparing all pairs).
LEND_CONFIDENCE = 0.5

# An article with no date clue of its own that takes its story's date: below every guard that
# lets a date lend further or count as confident (LEND_CONFIDENCE, the timeline's 0.7).
STORY_DATE_CONFIDENCE = 0.2


def borrow_years(
    clues: dict[str, list[Clue]], known: dict[str, dt.date] | None = None, names_of: dict[str, set[str]] | None = None
) -> dict[str, tuple[dt.date | None, float, str]]:
    """Per-article inference from each article's clues, then a second pass for weak articles.

    Rule (kept simple on purpose): an article with no date or confidence < 0.5 that mentions a
    day-month also mentioned by a confidently dated article (confidence >= LEND_CONFIDENCE, or
    a date `known` from a manifest or metadata) takes that article's year(s) as candidate years
    for its own year-less dates, and is re-scored; the evidence names the donor. Without a
    shared day-month the donor must be dated within two months of one of the article's
    day-months. With `names_of` (article -> its `story_names`), a donor must also share
    SAME_STORY_NAMES proper names and SAME_STORY_JACCARD of all their names with the article.
    Why so strict: on the 2,226 BBC articles (no urls, no manifest) a looser rule (any donor
    >= 0.3, no names) re-dated 338 articles, spreading wrong years (2000-2002, even 1600) from
    weak text-only guesses across whole stories.
    """
    known = known or {}
    out = {k: infer_from_clues(c) for k, c in clues.items()}
    # Only confident dates lend (url, file name, dateline, strong text evidence, or given): a
    # weak text-only date lent on spreads its error to a whole story.
    dated = {k: v for k, v in out.items() if v[0] is not None and v[1] >= LEND_CONFIDENCE}
    dated.update({k: (day, 1.0, "known") for k, day in known.items()})
    dated_ids = list(dated)
    # Weak articles with a year-less day-month: the only ones that may borrow a year.
    borrowers = [k for k, (day, conf, _) in out.items() if k not in known and not (day is not None and conf >= 0.5) and any(c.month_day for c in clues[k])]
    # With names, only the articles of the same story are looked at, in `dated`'s order
    # (`NameIndex`, for every borrower at once): comparing each weak article with every
    # dated one was quadratic, 166 s on a 20,000-article corpus.
    same: dict[str, list[int]] = {}
    if names_of is not None:
        index = NameIndex([names_of.get(j, set()) for j in dated_ids])
        same = dict(zip(borrowers, index.same_story_each([names_of.get(k, set()) for k in borrowers]), strict=True))

    @cache
    def day_months(j: str) -> frozenset[tuple[int, int]]:
        """The day-months a donor mentions or is dated (once per donor, not per borrower)."""
        dj = dated[j][0]
        return frozenset({c.month_day for c in clues.get(j, ()) if c.month_day} | {(c.day.month, c.day.day) for c in clues.get(j, ()) if c.day} | {(dj.month, dj.day)})

    for k in borrowers:
        mine = {c.month_day for c in clues[k] if c.month_day}
        sharing = []
        for j in dated_ids if names_of is None else [dated_ids[i] for i in same[k]]:
            dj, cj, _ = dated[j]
            if j == k or dj is None:
                continue
            sharing.append((mine & day_months(j), j, dj, cj))
        # The donor with the most shared day-months wins, then the smallest gap: the gaps are
        # only needed among the donors sharing the most (all of them when none shares one).
        most = max((len(shared) for shared, *_ in sharing), default=0)
        donors = []
        gaps: dict[dt.date, int] = {}  # by donor day: a story's articles share a few days
        for shared, j, dj, cj in sharing:
            if len(shared) < most:
                continue
            # without a shared day-month, the donor's day must lie within two months of one of
            # our year-less dates (same story, same weeks)
            gap = gaps.get(dj)
            if gap is None:
                gap = gaps[dj] = min((abs((x - dj).days) for md in mine if (x := _nearest(dj, md))), default=9999)
            if shared or gap <= 60:
                donors.append((len(shared), -gap, cj, j, dj, shared))
        if not donors:
            continue
        _, neg_gap, _, j, dj, shared = max(donors, key=lambda t: (t[0], t[1], t[2]))
        donor = Clue("corpus", f"article {j}", PAST, day=dj)
        new_day, new_conf, new_ev = infer_from_clues([*clues[k], donor], year_hints={dj.year - 1, dj.year})
        if new_day is not None:
            why = (
                f"shares day-month {', '.join(f'{m:02d}-{d:02d}' for m, d in sorted(shared))}"
                if shared
                else f"is dated {-neg_gap} days from one of this article's day-months"
            )
            out[k] = (new_day, round(min(new_conf, 0.8), 3), f"year from article {j} ({dj}), which {why}; {new_ev}")
    return out
