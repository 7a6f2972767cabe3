"""Which sentence of an aligned pair denies or doubts what the other asserts, and the words that say so.

A conflict is only worth showing with its evidence, so every function here returns the cue
words, never a bare flag.
"""

from __future__ import annotations

import re
from functools import lru_cache

from storylens.compare.text_features import content_words


@lru_cache(maxsize=1 << 14)
def _strong_cue(text: str) -> re.Match | None:
    """`_STRONG_CUES.search`, cached: a sentence is in many pairs."""
    return _STRONG_CUES.search(text)


# Denial, refutation and uncertainty about a report: these cues mark a conflict. A bare
# negation does not (on BASIL it flagged "the lone 'no' vote", "opted not to wear a bow
# tie"): "not" is everywhere and mostly negates something the other sentence never said.
# It still counts as pushing back, so a negated sentence never plays the asserting side.
# "deny" counts only with a claim-like object or a that-clause ("denied the allegations",
# "denies any role", "has denied."), not "deny service to"; "false" only as a predicate
# ("the report is false", "falsely"), not "false statements", "false prophet".
_CLAIM_NOUN = r"(?:claims?|allegations?|reports?|reporting|accusations?|charges?|assertions?|story|stories|account|rumou?rs?)"


_STRONG_CUES = re.compile(
    r"\b(?:"
    r"den(?:y|ies|ied|ying)\s+(?:that|any|ever|all|having|being|knowing|wrongdoing|involvement|responsibility|(?:[\w'’-]+\s+){0,3}?" + _CLAIM_NOUN + r")"
    r"|den(?:y|ies|ied)(?=\s*[.,;:)\"”])|denials?"
    r"|(?:can ?not|can't|could ?not|couldn't|unable to|did not|didn't|would not|wouldn't|has not|hasn't|have not|haven't|not)"
    r"\s+(?:yet\s+|independently\s+|immediately\s+|officially\s+|be\s+)*(?:confirm|verif|corroborat)\w*"
    r"|refut\w*|rebut\w*|disput(?:e|ed|es|ing)\s+(?:that|the\s+)?(?:[\w'’-]+\s+){0,3}?"
    + _CLAIM_NOUN
    + r"|(?:is|are|was|were|be|been|completely|totally|entirely|patently|demonstrably|categorically)\s+(?:false|untrue)|falsely"
    r"|baseless|unfounded|fabricated|no evidence|not true|unverified|unconfirmed"
    r"|(?:reject|dismiss)(?:s|ed|ing)?\s+(?:the\s+|these\s+|those\s+|such\s+)?(?:[\w'’-]+\s+){0,2}?" + _CLAIM_NOUN + r")\b",
    re.IGNORECASE,
)


_NEGATION = re.compile(r"\b(?:not|never|no|neither|nor)\b|n['’]t\b", re.IGNORECASE)


# Words of pushing back that are too loose to mark a conflict themselves but mean the
# sentence is not a plain assertion either: when the other side has one, both sides report
# a dispute ("challenged the report" / "disputed the report"), which is agreement.
_SOFT_DENIAL = re.compile(
    r"\b(?:den(?:y|ies|ied|ying|ials?)|disput\w*|challeng\w*|reject\w*|dismiss\w*|refus\w*|misleading|fake|false\w*|wrong|lie|lied|lying|untrue|deny)\b",
    re.IGNORECASE,
)


def conflict_cue(text: str, *, weak: bool = False) -> str:
    """The denial / uncertainty cue in a sentence ('' when none); `weak` also accepts a bare negation."""
    m = _STRONG_CUES.search(text)
    if m:
        return m.group(0)
    if weak:
        m = _NEGATION.search(text)
        if m and not re.search(r"\bnot only\b", text, re.IGNORECASE):
            return m.group(0)
    return ""


def _denies_shared(text: str, cue: re.Match, other_words: set[str], window: int, other_names: frozenset[str] = frozenset()) -> bool:
    """At least two content words the other sentence also uses sit in the cue's scope, and
    one of them is not a name there (`other_names`): what is denied is an act or thing the
    other sentence states ("cannot confirm the use of ballistic missiles from North Korea"
    against "a ballistic missile provided by North Korea"; "denied that he asked Comey to stop
    investigating Flynn" against "requested ... the investigation into Flynn"), not only the
    same actors ("... make sure North Korea pays a high price for supporting Russia"). Read
    on BASIL, the rule drops eight denials of something else and keeps the real ones.

    Scope is approximated lexically: the `window` content words after the cue, or before it
    when the cue ends its clause ("... something Gattine has denied.").
    """
    after = content_words(text[cue.end() :])[:window]
    before = content_words(text[: cue.start()])[-window:]
    scope = after if len(after) >= 3 else before
    shared = set(scope) & other_words
    if len(shared) < 2:
        return False
    if shared - other_names:
        return True
    # The light stemmer leaves "investigating" / "investigation" apart: a common start of
    # seven letters counts as the same word here.
    theirs = {w[:7] for w in other_words - other_names if len(w) >= 7}
    return any(len(w) >= 7 and w[:7] in theirs for w in set(scope) - other_names)


def pushes_back(text: str) -> bool:
    """True when a sentence negates or disputes something, even loosely (see _SOFT_DENIAL)."""
    return bool(_SOFT_DENIAL.search(text) or conflict_cue(text, weak=True))
