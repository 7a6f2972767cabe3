"""How sure the text is about an act: asserted, reported, alleged, unconfirmed, planned, negated or denied.

Read from the path between the predicate and the root (negation, modal and hedge adverbs,
"according to", reporting verbs, denials, plans), keeping the cue words as evidence.
"""

from __future__ import annotations

from spacy.tokens import Token

from storylens.network.lexicon import LIGHT_VERBS, _words
from storylens.nlp import children

HEDGE_ADVERBS = {
    "allegedly": "alleged",
    "purportedly": "alleged",
    "supposedly": "alleged",
    "apparently": "alleged",
    "possibly": "alleged",
    "probably": "alleged",
    "likely": "alleged",
    "reportedly": "reported",
}


HEDGE_MODALS = _words("might may could")


FUTURE_AUX = _words("will 'll shall")


NEGATIONS = _words("not n't never no")


DENY_LEMMAS = _words("deny refute dismiss rebut disavow")


# Verbs that keep what they govern from happening ("refused to meet", "rejected talks").
REFUSE_LEMMAS = _words("refuse reject decline rebuff veto")


# Verbs that, negated, leave what they govern unconfirmed ("cannot confirm the use of ..."):
# nobody claims it is false (that is "denied") nor only that it is said (that is "alleged").
EPISTEMIC_LEMMAS = _words("confirm verify prove corroborate know")


ALLEGE_LEMMAS = _words("allege allegation suspect suspicion believe accuse accusation claim rumor rumour")


PLAN_LEMMAS = _words("""vow plan promise pledge intend threaten aim seek want prepare propose hope expect
    call urge demand ask consider try attempt decide""")


SPEECH_LEMMAS = _words("""say tell state report announce comment note add declare explain claim write post tweet
    reply respond remark stress emphasize emphasise insist argue suggest mention warn""")


# Nouns that present what they govern as someone's account ("reports of Russia using ...").
REPORT_NOUNS = _words("report news statement announcement assertion word account")


# Certainty labels, strongest first: when several cues apply the first listed wins.
CERTAINTY_ORDER = ("denied", "negated", "unconfirmed", "alleged", "planned", "reported", "asserted")


def _own_cues(tok: Token) -> set[str]:
    cues: set[str] = set()
    for c in children(tok):
        low = c.lower_
        if c.dep_ == "neg" or (low in NEGATIONS and c.dep_ in {"advmod", "det"}):
            cues.add("negated")
        elif c.dep_ in {"aux", "auxpass"} and low in HEDGE_MODALS:
            cues.add("alleged")
        elif c.dep_ in {"aux"} and low in FUTURE_AUX:
            cues.add("planned")
        elif c.dep_ == "advmod" and low in HEDGE_ADVERBS:
            cues.add(HEDGE_ADVERBS[low])
        elif c.dep_ == "prep" and low == "according":
            cues.add("reported")
    return cues


def _binds(child: Token) -> bool:
    """True when the link from `child` to its head keeps it inside the head's modality."""
    if child.dep_ == "dobj" and child.pos_ == "NOUN":
        # An event noun is planned with a light or planning verb ("launch an attack",
        # "seek a deal"); as the topic of any other verb ("discuss North Korea's supply")
        # it is a fact in its own right.
        return child.head.lemma_.lower() in LIGHT_VERBS | PLAN_LEMMAS
    if child.dep_ in {"xcomp", "ccomp", "conj", "dobj", "nsubjpass", "pobj"}:
        return True
    if child.dep_ == "prep":
        return child.lower_ in {"for", "of", "to", "on", "with", "between", "against", "in"}
    if child.dep_ in {"advcl", "acl"}:
        return any(c.dep_ == "aux" and c.lower_ == "to" for c in children(child))
    return False


def _governed_directly(child: Token) -> bool:
    """True when `child` is what its head verb governs directly (object or complement)."""
    return child.dep_ in {"dobj", "xcomp", "ccomp", "pobj", "prep"}


def certainty_of(pred: Token, quoted: bool = False) -> str:
    """How sure the text is about the act named by `pred`, read up the parse to the root.

    The predicate's own negation, modal or hedge adverb counts; so does every governor on
    the way up: a denial ("denied allegations of involvement in a deal"), a negated
    epistemic verb ("cannot confirm the use of ...": unconfirmed), an allegation or belief, a plan or
    promise ("vowed to strengthen"), a reporting verb or "according to". `quoted`: the
    predicate stands inside quotation marks, so the text reports someone's words."""
    cues = _own_cues(pred) | ({"reported"} if quoted else set())
    if cues & {"negated"} and pred.lemma_.lower() in DENY_LEMMAS:
        cues.discard("negated")
    child, tok = pred, pred.head
    # Once the path leaves the clause through an adjunct ("after meeting", "for supporting"),
    # plans and modals above no longer bind the act: it happened, or is presupposed.
    bound = True
    while tok.i != child.i:
        lemma = tok.lemma_.lower()
        own = _own_cues(tok)
        if not _binds(child):
            bound = False
        if lemma in DENY_LEMMAS and "negated" not in own:
            cues.add("denied")
        elif lemma in REFUSE_LEMMAS and "negated" not in own and _governed_directly(child):
            cues.add("negated")
        elif lemma in EPISTEMIC_LEMMAS and "negated" in own:
            cues.add("unconfirmed")  # "cannot confirm the use of ...", "has not been verified"
        elif lemma in ALLEGE_LEMMAS:
            cues.add("alleged")
        elif lemma in PLAN_LEMMAS and bound and child.dep_ in {"xcomp", "ccomp", "advcl", "pobj", "acl", "dobj"}:
            cues.add("planned")
        elif lemma in SPEECH_LEMMAS and child.dep_ in {"ccomp", "parataxis", "xcomp", "advcl"}:
            cues.add("reported")
        elif (
            lemma in REPORT_NOUNS
            and tok.pos_ == "NOUN"
            and (child.dep_ in {"acl", "ccomp"} or (child.dep_ == "prep" and child.lower_ in {"of", "about", "on"}))
        ):
            cues.add("reported")  # "reports of Russia using missiles", "news that ..."
        own.discard("negated")  # a negation up the tree is about that verb, not this act
        if not bound or child.dep_ not in {"xcomp", "ccomp", "conj", "advcl"}:
            own.discard("planned")
            if child.dep_ not in {"ccomp", "xcomp", "conj"}:
                own.discard("alleged")
        cues |= own
        child, tok = tok, tok.head
    for label in CERTAINTY_ORDER:
        if label in cues:
            return label
    return "asserted"
