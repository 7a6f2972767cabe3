"""The same quote across outlets: group quotes of one statement, say how each was rendered.

Why word runs and not a similarity score alone: two outlets quoting one statement share a
run of identical words ("put the security of another world region at risk"), even when one
paraphrases the rest; two different statements by the same speaker share topic words but
rarely five in a row. A shared run is also explainable in the dashboard.

Thresholds (measured on the two seeds and the constructed cases in tests/test_quotes_match.py):

- `MIN_RUN = 5` words in a row link two quotes of the same speaker (or when only one side
  has a resolved speaker). In the seeds the true pairs share runs of 9 to 22 words; the
  closest wrong pair (Shapps's "This must stop now ..." vs his "The world has turned ...")
  shares none; "the security of" style 3-word overlaps are common between unrelated
  statements, so 5 leaves margin on both sides.
- `MIN_RUN_NO_SPEAKER = 8` when neither side has a speaker: without a speaker a run is the
  only evidence, so it must be longer than a stock phrase.
- `MIN_SHARE_ONE_SPEAKER = 0.4`: when a side has no speaker, the run must also cover this
  share of the shorter quote. On 1,000 corpus articles "in the Gulf of Mexico" and "do not
  represent those of Reuters" chained 23 to 45 unrelated quotes into one group; true
  renderings of one statement share most of the shorter one (seeds: 9 of 12 words and more).
- Quotes of two *different* known speakers never link, directly or through a chain of links:
  one repeating the other is a new statement, so a group keeps one known speaker (`union`
  refuses to join two).
- `EDIT_MAX = 0.2`: a direct quote whose words differ from its partner's on at most this
  share of the aligned words is *edited*; beyond it, or when it is indirect or mixed, it is
  *paraphrased*.

`diff` (partner -> this quote, over the aligned stretch only: words outside it were simply
not quoted): `+[words]` an editorial insertion in brackets, `+word` added, `-word` dropped,
`…` an ellipsis. Typographic variants (curly vs straight quotation marks and apostrophes,
dashes, ellipses, primes) are folded before comparing and never shown: they are the
outlet's typesetting, not an edit of the speaker's words.

`shortened`: a direct quote whose words are all the partner's, in order, but which stops
before (or starts after) at least `SHORTENED_MIN` of the partner's words; its diff names
the words left out (`cut at end: -...`). A quote that leaves out words in the middle
without an ellipsis is edited.

Paraphrases (`_paraphrase_linked`): reported speech of one known speaker joins another
outlet's rendering by the same speaker when they share at least `PARAPHRASE_MIN_SHARED = 5`
content-word stems and `PARAPHRASE_MIN_JACCARD = 0.4` of their stems (seeds: Kirby's "used
short-range ballistic missiles sourced from North Korea" / "procured ballistic missiles from
North Korea and already used them" share 7 stems, Jaccard 0.41; the closest other pair of
one speaker across the two outlets shares 4 stems, 0.25). Two direct quotes never join this way: verbatim words are compared
by runs only.

One statement per group: two quotes join only by a shared run (`_linked`), as paraphrases
(above), or as parts of one attribution split around its cue; consecutive quotes of one speaker that share no words
across outlets ("The world has turned ..." / "This must stop now.") are separate statements
and stay separate groups.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import NamedTuple

import pandas as pd
from rapidfuzz.distance import Indel

MIN_RUN = 5
MIN_RUN_NO_SPEAKER = 8
MIN_SHARE_ONE_SPEAKER = 0.4
EDIT_MAX = 0.2
SHORTENED_MIN = 2
PARAPHRASE_MIN_SHARED = 5
PARAPHRASE_MIN_JACCARD = 0.4
PARAPHRASE_MAX_BUCKET = 400

_VARIANT_MAP = {
    "’": "'",
    "‘": "'",
    "‛": "'",
    "`": "'",
    "´": "'",
    "′": "'",
    "“": '"',
    "”": '"',
    "„": '"',
    "″": '"',
    "«": '"',
    "»": '"',
    "–": "-",
    "—": "-",
    "‐": "-",
    "‑": "-",
    "‒": "-",
    "―": "-",
    "−": "-",
}

_VARIANTS = str.maketrans(_VARIANT_MAP)
_UNIT = re.compile(r"\[[^\]]*\]|…|\.\.\.|[\w'\-" + "".join(k for k in _VARIANT_MAP if k not in "“”„″«»") + r"]+")


class Word(NamedTuple):
    """One word of a quote (a named tuple: quotes have many words, and a frozen dataclass
    took longer to build than the word took to find)."""

    norm: str  # lowercased, variants folded: what the comparison sees
    raw: str  # as written: what the diff reports
    inserted: bool  # inside editorial brackets


def words(text: str) -> list[Word]:
    """Words of a quote; bracketed editorial insertions keep their words, flagged; an
    ellipsis is a word of its own ("…") so the diff can show it."""
    out: list[Word] = []
    for m in _UNIT.finditer(re.sub(r"\.\s?\.\s?\.", "…", unicodedata.normalize("NFKC", text or ""))):
        tok = m.group(0)
        if tok.startswith("["):
            for w in re.findall(_UNIT.pattern.split("|")[-1], tok):
                out.append(Word(_fold(w), w, True))
        elif tok == "…":
            out.append(Word("…", "…", False))
        else:
            out.append(Word(_fold(tok), tok, False))
    return [w for w in out if w.norm]


def _fold(w: str) -> str:
    return w.translate(_VARIANTS).strip("'\"-").lower()


def longest_run(a: list[Word], b: list[Word]) -> int:
    """Longest stretch of identical (folded) words shared by two quotes."""
    ops = Indel.opcodes([w.norm for w in a], [w.norm for w in b])
    return max((o.src_end - o.src_start for o in ops if o.tag == "equal"), default=0)


def _speakers_differ(a: dict, b: dict) -> bool:
    """Two quotes given to two different speakers: never one statement.

    Checked before a pair is judged or remembered: a 20,000-article corpus holds hundreds of
    copies of one statement under other names, and every such pair in a shared 3-word bucket
    was judged and kept in the judged set and the quote cache, both growing with the square
    of the bucket."""
    sa, sb = a["speaker"], b["speaker"]
    return bool(sa and sb and sa != sb)


def _linked(a: dict, b: dict) -> bool:
    sa, sb = a["speaker"], b["speaker"]
    if _speakers_differ(a, b):
        return False
    need = MIN_RUN if (sa or sb) else MIN_RUN_NO_SPEAKER
    run = longest_run(a["words"], b["words"])
    shorter = min(len(a["words"]), len(b["words"]))
    if not (sa and sb) and run < MIN_SHARE_ONE_SPEAKER * shorter:
        return False  # the run is most of the evidence: a stock phrase in two long quotes is not enough
    # A quote shorter than the run threshold links only when it is repeated whole.
    return run >= need or (0 < shorter < need and run == shorter and bool(sa and sb))


# Function words left out when paraphrases are compared by what they are about.
_STOP_WORDS = (
    "a an the and or but of to in on at for from by with as that this these those it its is are was were be been being has have had "
    "will would can could may might should do does did not no so than then there their they he she his her him we our you your i "
    "which who whom what when where while also such some any all more most many much very just only into over about after before "
    "between against during since because if up out new said says say"
)
_STOP = frozenset(_STOP_WORDS.split())


def content_stems(ws: list[Word]) -> frozenset[str]:
    """Content words of a quote, stemmed to their first five letters ("missiles" and
    "missile", "procured" and "procure" meet): what a paraphrase keeps of a statement."""
    return frozenset(w.norm[:5] for w in ws if w.norm not in _STOP and not w.inserted and len(w.norm) > 2 and w.norm != "…")


def _paraphrase_linked(a: dict, b: dict) -> bool:
    """Two renderings of one statement by the same known speaker where at least one is
    reported speech: no long word run is shared ("Russia recently used short-range
    ballistic missiles sourced from North Korea" / "Russia had procured ballistic missiles
    from North Korea and already used them"), but most of what they are about is."""
    if not (a["speaker"] and a["speaker"] == b["speaker"]) or a["kind"] == b["kind"] == "direct":
        return False
    sa, sb = a["stems"], b["stems"]
    shared = len(sa & sb)
    return shared >= PARAPHRASE_MIN_SHARED and shared / len(sa | sb) >= PARAPHRASE_MIN_JACCARD


def diff(partner: list[Word], mine: list[Word]) -> tuple[str, int, int]:
    """Readable diff partner -> mine over the aligned stretch; (diff, changed words, aligned words)."""
    ops = list(Indel.opcodes([w.norm for w in partner], [w.norm for w in mine]))
    eq = [i for i, o in enumerate(ops) if o.tag == "equal"]
    if not eq:
        return "", len(mine), len(mine)
    ops = ops[eq[0] : eq[-1] + 1]  # words before the first / after the last shared word were not quoted
    parts: list[str] = []
    changed = aligned = 0
    block: list = []  # consecutive changes, emitted "-old +new"

    def flush() -> None:
        nonlocal changed
        # Words replaced by an ellipsis were elided, a declared edit: shown, not counted.
        elided = any(o.tag == "insert" for o in block) and all(w.norm == "…" for o in block if o.tag == "insert" for w in mine[o.dest_start : o.dest_end])
        for o in sorted(block, key=lambda o: o.tag != "delete"):
            if o.tag == "delete":
                dropped = [w.raw for w in partner[o.src_start : o.src_end]]
                parts.append("-" + " ".join(dropped))
                changed += 0 if elided else len(dropped)
            else:
                added = mine[o.dest_start : o.dest_end]
                parts.append(_added(added))
                # Bracketed words are the outlet's declared edit, judged by has_marks.
                changed += sum(1 for w in added if w.norm != "…" and not w.inserted)
        block.clear()

    for o in ops:
        if o.tag != "equal":
            block.append(o)
            continue
        flush()
        aligned += o.src_end - o.src_start
        for p, m in zip(partner[o.src_start : o.src_end], mine[o.dest_start : o.dest_end]):
            if m.inserted and not p.inserted:
                parts.append(f"+[{m.raw}]")  # the words exist in the partner, unbracketed
    flush()
    return " ".join(_merge_brackets(parts)), changed, max(aligned, 1)


def left_out(partner: list[Word], mine: list[Word]) -> tuple[list[str], list[str]]:
    """The partner's words before the first and after the last word this quote shares with
    it: what a shortened quote cut at its start and at its end."""
    ops = [o for o in Indel.opcodes([w.norm for w in partner], [w.norm for w in mine]) if o.tag == "equal"]
    if not ops:
        return [], []
    return [w.raw for w in partner[: ops[0].src_start]], [w.raw for w in partner[ops[-1].src_end :]]


def _added(ws: list[Word]) -> str:
    if all(w.inserted for w in ws):
        return "+[" + " ".join(w.raw for w in ws) + "]"
    return "+" + " ".join(w.raw for w in ws)


def _merge_brackets(parts: list[str]) -> list[str]:
    """Consecutive one-word bracket insertions read as one: +[United] +[Nations] -> +[United Nations]."""
    out: list[str] = []
    for p in parts:
        if out and p.startswith("+[") and out[-1].startswith("+[") and out[-1].endswith("]"):
            out[-1] = out[-1][:-1] + " " + p[2:]
        else:
            out.append(p)
    return out


def _own_marks(ws: list[Word]) -> str:
    """Editorial marks visible in the quote itself (brackets, ellipses)."""
    parts, run = [], []
    for w in ws + [Word("", "", False)]:
        if w.inserted:
            run.append(w.raw)
            continue
        if run:
            parts.append("+[" + " ".join(run) + "]")
            run = []
        if w.norm == "…":
            parts.append("…")
    return " ".join(parts)


@dataclass
class QuoteCache:
    """What one build's quote grouping computed, keyed by what each result was computed from,
    so that the next build only judges the quotes it has not seen (compare.story_cache keeps
    it with the per-story alignments, in the build's `cache/corpus/`).

    Why these three: on 1,000 articles the grouping's cost was the partner search of
    `_classify` (a word alignment of every member against every other-article member), the
    tokenising of every quote (`words`), then the run rule of the candidate pairs. Each is a
    pure function of the quotes' content (`quote_key`: text, speaker, kind), so a result
    whose key is unchanged is the one the function would return: the groups, matches and
    diffs equal those of a from-scratch build."""

    tokens: dict[str, tuple[list[str], frozenset[str]]] = field(default_factory=dict)
    """quote key -> its folded words (`Word.norm`, in order) and its content stems."""
    pairs: dict[tuple[str, str], bool] = field(default_factory=dict)
    """(quote key a, quote key b), in the order judged -> `_linked(a, b)`."""
    groups: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    """group key (its members' articles and quote keys, in order) -> (match, diff) per member."""
    reused: int = 0
    """Pair decisions and group classifications taken from the previous build."""
    computed: int = 0


def quote_key(text: object, speaker: str | None, kind: str) -> str:
    """A hash of everything the grouping reads of one quote."""
    return hashlib.sha1(f"{speaker or ''}\x1e{kind}\x1e{'' if text is None else text}".encode()).hexdigest()[:20]


def group_quotes(quotes: pd.DataFrame) -> pd.DataFrame:
    """Add `quote_group_id`, `match` and `diff` to quotes from several articles.

    Input columns: `quote_id`, `article_id`, `text`, `speaker_actor_id` (may be null),
    `outlet`; optional `kind` (direct / indirect / mixed; direct when absent) and
    `attribution_id` (parts of one quote split around its cue share it and so share a group).
    Singletons get null group, match and diff.
    """
    return group_quotes_cached(quotes, None)[0]


def group_quotes_cached(quotes: pd.DataFrame, previous: QuoteCache | None) -> tuple[pd.DataFrame, QuoteCache]:
    """`group_quotes`, taking from `previous` (the cache of the build being replaced) every
    result whose inputs are unchanged; returns the table and the cache of this build (only
    what this build used, so it does not grow with quotes that left the corpus)."""
    old = previous or QuoteCache()
    new = QuoteCache()
    df = quotes.copy().reset_index(drop=True)
    n = len(df)

    def column(name: str) -> list:
        return df[name].tolist() if name in df.columns else [None] * n

    quote_ids, kinds = column("quote_id"), column("kind")
    recs = []
    for i, (article, text, spk, kind) in enumerate(zip(column("article_id"), column("text"), column("speaker_actor_id"), kinds, strict=True)):
        speaker = None if spk is None or pd.isna(spk) else str(spk)
        kind_ = str(kind) if "kind" in df.columns and pd.notna(kind) else "direct"
        key = quote_key(text, speaker, kind_)
        rec = {"i": i, "article": article, "text": text, "speaker": speaker, "kind": kind_, "key": key}
        cached = new.tokens.get(key) or old.tokens.get(key)
        if cached is None:
            _words_of(rec)
            cached = ([w.norm for w in rec["words"]], content_stems(rec["words"]))
        new.tokens[key] = cached
        rec["norms"], rec["stems"] = cached
        recs.append(rec)
    parent = list(range(len(recs)))
    # The known speaker of each group (by its root), so that no chain of links joins two
    # speakers' statements: a quote without a speaker links by a run to one speaker's quote
    # and to another's, and the transitive closure then merged them. On 1,000 corpus
    # articles that made a group of 132 quotes from 108 articles and several speakers; at
    # 20,000 the grouping had not finished after 21 minutes (it now takes 93 s).
    speaker_of: list[str | None] = [r["speaker"] for r in recs]

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: int, b: int) -> None:
        """Join the groups of a and b, unless they hold two different known speakers."""
        ra, rb = find(a), find(b)
        sa, sb = speaker_of[ra], speaker_of[rb]
        if ra == rb or (sa and sb and sa != sb):
            return
        parent[ra] = rb
        speaker_of[rb] = sb or sa

    # Candidate pairs share a run of MIN_RUN words (every pair `_linked` can join does: its
    # rule needs such a run, or a short quote repeated whole, indexed whole), then the run
    # rule decides. Pairs already in one group are not judged again, so a bucket of n copies
    # of one quote costs about n checks, not n^2 (it was 837k checks on 2,225 BBC articles).
    index: dict[tuple[str, ...], list[int]] = {}
    # Quotes of fewer than MIN_RUN words link only to the same speaker's (the rule needs
    # both speakers, equal), so they are looked up by speaker: whole, and from three words
    # on inside longer quotes too (as the 3-word shingles did before).
    short: dict[tuple[str | None, tuple[str, ...]], list[int]] = {}
    for r in recs:
        ns = r["norms"]
        # In first-seen order, not a set's (hash-seeded) one: the pairs judged, and so the
        # cache the next build reads, are then the same from one run to the next.
        for key in dict.fromkeys(tuple(ns[k : k + MIN_RUN]) for k in range(len(ns) - MIN_RUN + 1)):
            index.setdefault(key, []).append(r["i"])
        if 0 < len(ns) < MIN_RUN and r["speaker"]:
            short.setdefault((r["speaker"], tuple(ns)), []).append(r["i"])
    lengths = sorted({len(k) for _, k in short if len(k) >= 3})
    with_short: dict[tuple[str | None, tuple[str, ...]], set[int]] = {key: set(ids) for key, ids in short.items()}
    for r in recs:
        if not r["speaker"]:
            continue
        ns = r["norms"]
        for n_words in lengths:
            for k in range(len(ns) - n_words + 1):
                key = (r["speaker"], tuple(ns[k : k + n_words]))
                if key in with_short:
                    with_short[key].add(r["i"])
    buckets = list(index.values()) + [sorted(ids) for ids in with_short.values()]
    checked: set[tuple[int, int]] = set()  # pairs sharing several runs are judged once
    for ids in buckets:
        for x, a in enumerate(ids):
            for b in ids[x + 1 :]:
                if _speakers_differ(recs[a], recs[b]):
                    continue  # never linked (`_linked`): neither judged, kept, nor cached
                if recs[a]["article"] != recs[b]["article"] and find(a) != find(b) and (a, b) not in checked:
                    checked.add((a, b))
                    if _linked_cached(recs[a], recs[b], old, new):
                        union(a, b)
    # Paraphrases: reported speech of one speaker, compared within the speaker's quotes
    # (a speaker quoted more than PARAPHRASE_MAX_BUCKET times is left to the run rule, so
    # the pass stays linear in the corpus; no such speaker in the sample or the tests).
    by_speaker: dict[str, list[int]] = {}
    for r in recs:
        if r["speaker"]:
            by_speaker.setdefault(r["speaker"], []).append(r["i"])
    for ids in by_speaker.values():
        if len(ids) > PARAPHRASE_MAX_BUCKET or not any(recs[i]["kind"] != "direct" for i in ids):
            continue
        for x, a in enumerate(ids):
            for b in ids[x + 1 :]:
                if recs[a]["article"] != recs[b]["article"] and find(a) != find(b) and _paraphrase_linked(recs[a], recs[b]):
                    checked.add((a, b))
                    union(a, b)
    if "attribution_id" in df.columns:
        # Pieces of one attribution ('"...," he continued. "..."') are one statement only
        # when the other outlets do not tell them apart: a piece that no other article
        # quotes joins its sibling's group; two pieces that each match a different quote
        # elsewhere are two statements and stay two groups.
        attribution = df["attribution_id"].tolist()
        pieces: dict[tuple, list[int]] = {}
        for r in recs:
            aid = attribution[r["i"]]
            if pd.notna(aid):
                pieces.setdefault((r["article"], aid), []).append(r["i"])
        linked_roots = {find(a) for a, b in checked if find(a) == find(b)}
        for members in pieces.values():
            anchors = [m for m in members if find(m) in linked_roots]
            for m in members:
                if find(m) not in linked_roots:
                    union(m, anchors[0] if anchors else members[0])

    groups: dict[int, list[int]] = {}
    for r in recs:
        groups.setdefault(find(r["i"]), []).append(r["i"])
    gid: list[str | None] = [None] * len(recs)
    match: list[str | None] = [None] * len(recs)
    dif: list[str | None] = [None] * len(recs)
    for members in groups.values():
        if len({recs[m]["article"] for m in members}) < 2:
            continue  # one article only: not a cross-outlet group
        ids = sorted(str(quote_ids[m]) for m in members)
        g = "qg_" + hashlib.sha1("|".join(ids).encode()).hexdigest()[:12]
        # `_classify` reads each member and the other-article members, in this order: their
        # articles and quote keys are all it depends on.
        gkey = hashlib.sha1("\x1e".join(f"{recs[m]['article']}\x1f{recs[m]['key']}" for m in members).encode()).hexdigest()[:20]
        results = old.groups.get(gkey)
        if results is not None:  # the key hashes every member: one result per member
            new.reused += 1
        else:
            results = classify_members([recs[m] for m in members])
            new.computed += 1
        new.groups[gkey] = results
        for m, (m_match, m_diff) in zip(members, results, strict=True):
            gid[m], match[m], dif[m] = g, m_match, m_diff
    df["quote_group_id"] = pd.Series(gid, dtype="string")
    df["match"] = pd.Series(match, dtype="string")
    df["diff"] = pd.Series(dif, dtype="string")
    return df, new


def _words_of(rec: dict) -> list[Word]:
    """The quote's words, tokenised once and only when a comparison needs them: with the
    tokens cached, a rebuild tokenises only the quotes whose pairs or groups it judges anew."""
    if "words" not in rec:
        rec["words"] = words(rec["text"])
    return rec["words"]


def _linked_cached(a: dict, b: dict, old: QuoteCache, new: QuoteCache) -> bool:
    """`_linked(a, b)`, from the previous build when it judged the same pair in this order."""
    pair = (a["key"], b["key"])
    linked = new.pairs.get(pair)
    if linked is None:
        linked = old.pairs.get(pair)
        if linked is None:
            _words_of(a)
            _words_of(b)
            linked = _linked(a, b)
            new.computed += 1
        else:
            new.reused += 1
        new.pairs[pair] = linked
    return linked


def classify_members(group: list[dict]) -> list[tuple[str, str]]:
    """`_classify` of every member of one group against its other-article members, in order.

    Why not `_classify(me, others)` member by member: that aligns every member with every
    other-article member, m^2 word alignments for a group of m quotes, and a 20,000-article
    corpus has groups of 700+ copies of one statement (it ran for hours). Members with one
    quote key (text, speaker, kind) have the same words, so each distinct pair of keys is
    aligned once, and a member's partner is picked among the distinct keys: the first
    other-article member of the key with the longest run, direct quotes with a run of
    MIN_RUN first, exactly the member `max` over the full list would pick (it keeps the first
    of equal runs). The cost is w^2 alignments for w distinct wordings (w <= k), plus m*k cheap steps.
    """
    by_key: dict[str, dict] = {}  # key -> its first member (its words stand for all)
    where: dict[str, list[tuple[int, object]]] = {}  # key -> (position, article) of its members
    for pos, r in enumerate(group):
        by_key.setdefault(r["key"], r)
        where.setdefault(r["key"], []).append((pos, r["article"]))
    candidates: dict[object, list[tuple[int, str]]] = {}  # article -> (first position, key) of other-article keys
    wording: dict[tuple[str, ...], int] = {}
    word_id: dict[str, int] = {}  # key -> id of its folded words (keys differing by speaker or kind share it)
    runs: dict[tuple[int, int], int] = {}
    verdicts: dict[tuple[str, str | None], tuple[str, str]] = {}
    out = []
    for r in group:
        article, mine = r["article"], r["key"]
        cands = candidates.get(article)
        if cands is None:
            cands = []
            for k, places in where.items():
                first = next((pos for pos, a in places if a != article), None)
                if first is not None:
                    cands.append((first, k))
            cands.sort()
            candidates[article] = cands
        partner: str | None = None
        if cands:
            scored = []
            for _first, k in cands:
                pair = (_word_id(k, by_key, word_id, wording), _word_id(mine, by_key, word_id, wording))
                run = runs.get(pair)
                if run is None:
                    run = runs[pair] = longest_run(_words_of(by_key[k]), _words_of(by_key[mine]))
                scored.append((run, k))
            direct = [(run, k) for run, k in scored if by_key[k]["kind"] == "direct" and run >= MIN_RUN]
            partner = max(direct or scored, key=lambda rk: rk[0])[1]
        verdict = verdicts.get((mine, partner))
        if verdict is None:
            me = by_key[mine]
            _words_of(me)
            verdict = verdicts[(mine, partner)] = _classify(me, [by_key[partner]] if partner is not None else [])
        out.append(verdict)
    return out


def _word_id(key: str, by_key: dict[str, dict], word_id: dict[str, int], wording: dict[tuple[str, ...], int]) -> int:
    """The id of a quote key's folded words: one run per pair of wordings, not of keys (a
    story's copies of one statement often differ only by the speaker's name form)."""
    found = word_id.get(key)
    if found is None:
        norms = tuple(w.norm for w in _words_of(by_key[key]))
        found = word_id[key] = wording.setdefault(norms, len(wording))
    return found


def _classify(me: dict, others: list[dict]) -> tuple[str, str]:
    """verbatim / shortened / edited / paraphrased for one member, against its closest partner.

    The partner is the other-article quote sharing the longest run, direct quotes first: a
    direct quote is compared with what else claims to be the speaker's words. A direct quote
    whose only partners are paraphrases is judged by its own marks (brackets, ellipses):
    nothing else in the group says what the speaker's exact words were.
    """
    mine = me["words"]
    if not others:
        return "verbatim", ""
    runs = [(longest_run(o["words"], mine), o) for o in others]
    direct = [(r, o) for r, o in runs if o["kind"] == "direct" and r >= MIN_RUN]
    partner = max(direct or runs, key=lambda ro: ro[0])[1]
    if me["kind"] == "direct" and partner["kind"] != "direct":
        marks = _own_marks(mine)
        return ("edited" if marks else "verbatim"), marks
    d, changed, aligned = diff(partner["words"], mine)
    if me["kind"] != "direct":
        return "paraphrased", d
    has_marks = any(w.inserted or w.norm == "…" for w in mine)
    if changed == 0 and not has_marks:
        head, tail = left_out(partner["words"], mine)
        if len(head) + len(tail) >= SHORTENED_MIN:
            cut = ([f"cut at start: -{' '.join(head)}"] if head else []) + ([f"cut at end: -{' '.join(tail)}"] if tail else [])
            return "shortened", " ".join([*cut, d]).strip()
        return "verbatim", d
    if changed / aligned <= EDIT_MAX or has_marks and changed / aligned <= 2 * EDIT_MAX:
        return "edited", d
    return "paraphrased", d


def changed_spans(reference: str, text: str) -> list[tuple[int, int]]:
    """Character spans of `text` whose words differ from `reference` (typography folded),
    over the stretch the two share: what the Quotes tab highlights in each outlet's rendering.
    Words before the first / after the last shared word are not marked (they were not
    quoted, see `diff`); bracketed insertions are marked as a whole."""
    ref = [w.norm for w in words(reference)]
    units = [(m.start(), m.end(), _fold(m.group(0)) if not m.group(0).startswith("[") else "\x00" + m.group(0)) for m in _UNIT.finditer(text or "")]
    units = [u for u in units if u[2]]
    mine = ["…" if u[2] in {"…", "..."} else u[2] for u in units]
    ops = list(Indel.opcodes(ref, mine))
    eq = [i for i, o in enumerate(ops) if o.tag == "equal"]
    if not eq:
        return []
    out = []
    for o in ops[eq[0] : eq[-1] + 1]:
        if o.tag in {"insert", "replace"} and o.dest_end > o.dest_start:
            out.append((units[o.dest_start][0], units[o.dest_end - 1][1]))
    return out
