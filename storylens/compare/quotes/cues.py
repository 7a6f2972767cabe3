"""The cue lexicons of attribution: which verbs, nouns and prepositions introduce what someone said.

One place for the word lists, so the direct-quote pass, the indirect-speech pass and the
citations table agree on what counts as a verb of saying. Tuned on PolNeAR's train/dev split
(`benchmarks/quotes_polnear.py`).
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

import yaml


@lru_cache(maxsize=1)
def learned_frames() -> dict[str, frozenset[str]]:
    """Cue frames learned from PolNeAR train (`storylens/resources/attribution_cues.yaml`,
    made by `benchmarks/polnear_cue_lexicon.py`): {frame: lemmas}, frames "ccomp", "xcomp",
    "dobj", "oprd" and "prep:<word>". Each entry carries its train occurrences and hits in
    the file, so a reader can see how much evidence it rests on."""
    data = yaml.safe_load(files("storylens.resources").joinpath("attribution_cues.yaml").read_text(encoding="utf-8"))
    return {frame: frozenset(lemmas) for frame, lemmas in (data.get("frames") or {}).items()}


def _learned(frame: str) -> frozenset[str]:
    return learned_frames().get(frame, frozenset())


# Reporting frames: (verb lemma, complement that holds the content). Measured on PolNeAR
# *train* (300 articles from offset 100; the first 100, the dev and the test split were not
# used): a frame is kept when the verb, outside any annotated content, was annotated as a
# cue in at least half of its >= 3 occurrences with that complement. Counting only verbs
# outside content matters: "I think ..." inside a quote is never a separate attribution
# (PolNeAR is univocal), but "Trump thinks that ..." in the narrative is (0.83).
# ("hop" is the lemmatizer's reading of "hoping".)
CCOMP_CUES: frozenset[str] = frozenset(
    [
        "acknowledge",
        "add",
        "admit",
        "agree",
        "allege",
        "announce",
        "appear",
        "argue",
        "ask",
        "assert",
        "assume",
        "assure",
        "believe",
        "boast",
        "call",
        "caution",
        "claim",
        "complain",
        "concede",
        "conclude",
        "confirm",
        "consider",
        "contend",
        "continue",
        "convince",
        "decide",
        "declare",
        "deny",
        "describe",
        "determine",
        "discuss",
        "emphasize",
        "estimate",
        "expect",
        "explain",
        "express",
        "fear",
        "feel",
        "find",
        "hint",
        "hop",
        "hope",
        "imply",
        "indicate",
        "insist",
        "joke",
        "know",
        "learn",
        "note",
        "order",
        "point",
        "post",
        "predict",
        "promise",
        "prove",
        "question",
        "recall",
        "recognize",
        "recommend",
        "remark",
        "remind",
        "reply",
        "report",
        "require",
        "respond",
        "reveal",
        "say",
        "seem",
        "show",
        "speculate",
        "state",
        "stress",
        "suggest",
        "tell",
        "think",
        "tweet",
        "want",
        "warn",
        "wonder",
        "worry",
        "write",
    ]
    # Rare in PolNeAR but unambiguous reporting verbs of news English.
    + ["emphasise", "observe", "reiterate", "retort", "quip", "testify", "maintain", "affirm", "disclose", "counter", "mention"]
) | _learned("ccomp")


# Direct-object frames need more evidence (>= 0.6): an object is more often an ordinary
# participant than reported content.
DOBJ_CUES: frozenset[str] = frozenset(
    [
        "accuse",
        "acknowledge",
        "advocate",
        "anger",
        "announce",
        "applaud",
        "appoint",
        "argue",
        "articulate",
        "ask",
        "assail",
        "attack",
        "believe",
        "blame",
        "blast",
        "call",
        "cite",
        "claim",
        "condemn",
        "confirm",
        "consider",
        "criticize",
        "decry",
        "deem",
        "defend",
        "demand",
        "denounce",
        "deny",
        "describe",
        "detail",
        "disclose",
        "discuss",
        "dismiss",
        "distance",
        "echo",
        "emphasize",
        "endorse",
        "expect",
        "explain",
        "express",
        "favor",
        "fear",
        "foresee",
        "hail",
        "highlight",
        "identify",
        "ignore",
        "issue",
        "lament",
        "liken",
        "list",
        "love",
        "mention",
        "mock",
        "name",
        "negotiate",
        "note",
        "oppose",
        "point",
        "portray",
        "position",
        "praise",
        "prefer",
        "project",
        "promise",
        "propose",
        "publish",
        "question",
        "quote",
        "rebut",
        "recall",
        "recognize",
        "recommend",
        "recount",
        "reference",
        "reiterate",
        "reject",
        "release",
        "remind",
        "repeat",
        "report",
        "repudiate",
        "say",
        "seek",
        "show",
        "shrug",
        "slam",
        "stress",
        "suggest",
        "support",
        "tell",
        "thank",
        "tout",
        "urge",
        "view",
        "voice",
        "want",
        "warn",
        "write",
    ]
    + ["back", "congratulate", "offer", "pledge", "share", "tweet"]
) | _learned("dobj")


# Verbs whose object is usually the person addressed ("told reporters"), not the content:
# a person-like object goes to the `addressee` column instead.
ADDRESSEE_VERBS: frozenset[str] = frozenset(["tell", "ask", "remind", "urge", "warn", "assure", "inform", "brief"])


XCOMP_CUES: frozenset[str] = frozenset(
    [
        "agree",
        "aim",
        "appear",
        "ask",
        "avoid",
        "call",
        "consider",
        "decide",
        "decline",
        "expect",
        "hop",
        "intend",
        "know",
        "like",
        "look",
        "move",
        "offer",
        "persuade",
        "plan",
        "promise",
        "propose",
        "push",
        "refuse",
        "report",
        "say",
        "seek",
        "seem",
        "stop",
        "tell",
        "threaten",
        "urge",
        "vote",
        "vow",
        "want",
    ]
) | _learned("xcomp")


# Verbs that name what their object is called ("called him divisive", "dubbed it X"): the
# object and the predicate together are the content.
OPRD_CUES: frozenset[str] = frozenset(["call"]) | _learned("oprd")


# Verb + preposition whose object is the content ("called for a ban", "accused her of
# lying"), from the same measurement, keeping the prepositions that introduce a topic
# (not "said in a statement", "said on Tuesday").
PREP_CUES: dict[str, frozenset[str]] = {
    lemma: frozenset(preps.split())
    for lemma, preps in {
        "accuse": "of",
        "agree": "with",
        "allude": "to",
        "apologize": "for",
        "argue": "for",
        "ask": "about",
        "balk": "at",
        "boast": "about of",
        "brag": "about",
        "call": "for on",
        "campaign": "against",
        "care": "about",
        "caution": "against",
        "charge": "with",
        "comment": "on",
        "complain": "about",
        "criticize": "for",
        "disagree": "with",
        "dwell": "on",
        "focus": "on",
        "open": "about",
        "pivot": "to",
        "point": "to",
        "push": "for",
        "rail": "against",
        "refer": "to",
        "report": "on",
        "respond": "to",
        "say": "about",
        "speak": "about of",
        "talk": "about",
        "think": "about",
        "vote": "against for",
        "vouch": "for",
        "worry": "about",
    }.items()
}
for _frame, _lemmas in learned_frames().items():
    if _frame.startswith("prep:"):
        for _lemma in _lemmas:
            PREP_CUES[_lemma] = PREP_CUES.get(_lemma, frozenset()) | {_frame.split(":", 1)[1]}


# Verbs that can introduce a direct quote ("...," he continued): the clausal-report verbs,
# not stance verbs such as "support" or "like", which next to a quote are rarely its cue.
QUOTE_CUES: frozenset[str] = CCOMP_CUES | frozenset(
    [
        "write",
        "tweet",
        "post",
        "reply",
        "respond",
        "continue",
        "add",
        "exclaim",
        "shout",
        "yell",
        "ask",
        "wonder",
        "muse",
        "recount",
        "quote",
        "echo",
    ]
)


FRAME_CUES: frozenset[str] = CCOMP_CUES | DOBJ_CUES | XCOMP_CUES | OPRD_CUES | frozenset(PREP_CUES)


DOUBLE_MARKS = {'"': "either", "\u201c": "open", "\u201d": "close", "\u201e": "open", "\u00ab": "open", "\u00bb": "close", "\u2033": "either"}


# Nouns that report a statement when they take a "that" clause ("Trump's claim that ...").
NOUN_CUES: frozenset[str] = frozenset(
    [
        "claim",
        "assertion",
        "statement",
        "suggestion",
        "argument",
        "warning",
        "promise",
        "pledge",
        "belief",
        "view",
        "comment",
        "remark",
        "allegation",
        "accusation",
        "charge",
        "insistence",
        "contention",
        "admission",
        "acknowledgment",
        "announcement",
        "prediction",
        "threat",
        "vow",
        "complaint",
        "testimony",
        "report",
    ]
)


# Nouns whose prepositional object is the content ("his support for X", "a swipe at Y").
NOUN_PREP_CUES: dict[str, frozenset[str]] = {
    lemma: frozenset(preps.split())
    for lemma, preps in {
        "support": "for",
        "criticism": "of",
        "praise": "for",
        "mention": "of",
        "comment": "on about",
        "question": "about",
        "call": "for",
        "endorsement": "of",
        "opposition": "to",
        "warning": "about of against",
        "swipe": "at",
        "condemnation": "of",
    }.items()
}


# Verbs of communication: with a clause as content ("Kirby said that ...", "he warned that
# ..."), the attribution reports words someone said or wrote. Cognition ("thinks",
# "believes", "hopes"), intention ("vowed to", "plans to") and stance or act frames with a
# noun-phrase content ("condemned the use of", "issued a warning", "called for talks") are
# attributions in PolNeAR's sense, but not quotes a researcher could cite as someone's words.
_SPEECH_WORDS = """say tell state report announce add note write tweet post claim argue assert insist explain declare
    warn reply respond confirm deny admit acknowledge concede suggest reveal disclose stress emphasize
    emphasise predict promise vow pledge ask wonder complain boast joke remark recall mention reiterate
    repeat testify allege contend maintain affirm counter retort quip observe caution assure remind hint
    point speculate proclaim interject bark read shout yell exclaim muse continue agree question answer
    clarify comment describe conclude estimate recount quote echo urge"""
SPEECH_VERBS: frozenset[str] = frozenset(_SPEECH_WORDS.split())


# Frames whose content is a clause or a quotation: what the speaker said, not what they did.
SPEECH_FRAMES: frozenset[str] = frozenset(["ccomp", "parataxis", "oprd"])


def is_speech(kind: str, frame: str, lemma: str | None) -> bool:
    """Whether an attribution reports words (a quote the Quotes tab lists) rather than an act,
    a stance or a state of mind (kept as a row for the record, `is_speech` false).

    Direct and mixed quotes are words by their quotation marks; "according to X" and a
    headline "Name: statement" give X's account; a noun with a "that" clause ("his claim
    that") reports a statement; a verb frame reports speech when its content is a clause (or
    "called him X") and the verb is one of communication (SPEECH_VERBS).
    """
    if kind in ("direct", "mixed") or frame in ("according_to", "colon", "quote"):
        return True
    if frame == "noun_clause":
        return True
    return frame in SPEECH_FRAMES and (lemma or "") in SPEECH_VERBS
