"""The event taxonomy shared by the interactions (who did what to whom) and the timeline's events.

Why one small taxonomy instead of free predicates: a researcher filtering a network or a
timeline asks "who attacked whom", "who supplied whom", not "who used the lemma *fire*".
The classes follow the spirit of PLOVER (the successor of CAMEO used by GDELT/PETRARCH)
but are cut down to what news about conflicts, diplomacy and business says often enough
to be worth a filter; everything else is `other`, so no predicate is ever lost.

Why data and not code: the classes are lists of lemmas a researcher can read, argue with
and extend; the extraction rules never name a lemma of their own for typing.

Classes (why each exists):
- statement: saying, reporting, commenting; the most frequent act in news and the edge
  that carries reported speech (speaker -> addressee or subject of the report).
- accuse: blaming, condemning, criticising, disputes; separated from statement because it is hostile.
- threaten: warnings, ultimatums, threats of force or sanctions; precedes escalation.
- request: asking, urging, demanding, calling for; an actor wants something from another.
- consult/meet: meetings, visits, talks, phone calls; the diplomatic contact itself.
- agree: deals, accords, treaties, signing; a settled outcome between actors.
- support: political backing, praise, endorsement (without material transfer).
- aid/transfer: material flow: arms, money, goods, supplies; who gives to whom. Buying
  and receiving verbs are listed here too; the extractor turns their direction round
  so the edge still runs from giver to receiver.
- sanction: embargoes, bans, penalties, expulsions; coercion short of force.
- assault/attack: strikes, invasions, bombing, killing; use of force.
- deny: denials and dismissals of an allegation; crucial for certainty of other edges.
- investigate: probes, inquiries, inspections; institutions examining an actor.
- protest: demonstrations and protests against an actor.
- cooperate: ties, partnerships, alliances, joint work; lasting relations, not one act.
- reject: refusing a proposal, demand or offer (as opposed to denying a fact).
- other: any predicate not listed; kept so nothing is silently dropped.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    """A word list written as one string, so a lexicon reads like prose."""
    return frozenset(text.split())


EVENT_TYPES: dict[str, dict[str, frozenset[str]]] = {
    "statement": {
        "verbs": _words("""say tell state report announce comment note add declare explain claim write post tweet
            reply respond remark stress emphasize emphasise insist argue suggest mention confirm
            acknowledge admit disclose reveal brief describe speak talk"""),
        "nouns": _words("statement comment remark announcement report briefing speech interview declaration claim"),
    },
    "accuse": {
        "verbs": _words("""accuse blame condemn criticize criticise denounce charge allege slam fault rebuke
            castigate decry"""),
        "nouns": _words("accusation allegation condemnation criticism charge blame dispute feud"),
    },
    "threaten": {
        "verbs": _words("threaten warn menace intimidate"),
        "nouns": _words("threat warning ultimatum"),
    },
    "request": {
        "verbs": _words("ask urge demand request beg appeal call press plead petition invite"),
        "nouns": _words("request demand appeal plea invitation"),
    },
    "consult/meet": {
        "verbs": _words("meet visit consult host negotiate discuss phone"),
        "nouns": _words("meeting visit talk talks summit consultation negotiation negotiations conversation call"),
    },
    "agree": {
        "verbs": _words("agree sign settle conclude ratify accept approve"),
        "nouns": _words("deal agreement accord treaty pact contract settlement"),
    },
    "support": {
        "verbs": _words("support back endorse praise defend welcome thank congratulate stand uphold"),
        "nouns": _words("support backing endorsement praise solidarity"),
    },
    "aid/transfer": {
        "verbs": _words("""provide supply give send deliver transfer sell ship export lend fund finance arm equip
            donate grant source offer hand pay award order buy purchase acquire procure receive
            obtain import get"""),
        "nouns": _words("""aid transfer supply supplies delivery deliveries shipment sale sales assistance funding
            loan donation grant purchase order export exports import imports bailout rescue"""),
    },
    "sanction": {
        "verbs": _words("sanction ban embargo expel boycott penalize penalise fine blacklist restrict suspend"),
        "nouns": _words("sanction sanctions embargo ban boycott penalty fine expulsion"),
    },
    "assault/attack": {
        "verbs": _words("""attack strike fire bomb shell invade kill shoot hit raid target assault
            bombard occupy destroy wound capture"""),
        "nouns": _words("""attack attacks strike strikes airstrike airstrikes invasion war offensive assault bombing
            shelling raid aggression occupation"""),
    },
    "deny": {
        "verbs": _words("deny dismiss refute rebut disavow"),
        "nouns": _words("denial"),
    },
    "investigate": {
        "verbs": _words("investigate probe examine inspect review audit monitor"),
        "nouns": _words("investigation probe inquiry inspection audit review"),
    },
    "protest": {
        "verbs": _words("protest demonstrate rally march"),
        "nouns": _words("protest protests demonstration rally"),
    },
    "cooperate": {
        "verbs": _words("cooperate collaborate partner ally align join merge"),
        "nouns": _words("""cooperation collaboration partnership alliance tie ties relations relationship relation
            partner partners merger"""),
    },
    "reject": {
        "verbs": _words("reject refuse veto decline rebuff oppose"),
        "nouns": _words("rejection refusal veto opposition"),
    },
}

OTHER = "other"


def _index(part: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for event_type, lists in EVENT_TYPES.items():
        for lemma in lists[part]:
            # A lemma listed in two classes keeps the first: the dict's order is the priority.
            out.setdefault(lemma, event_type)
    return out


_VERB_TYPE = _index("verbs")
_NOUN_TYPE = _index("nouns")


def event_type_of(lemma: str, pos: str | None = None) -> str:
    """Event class of a predicate lemma; 'other' when the taxonomy does not list it.

    `pos` is a spaCy coarse tag: "NOUN"/"PROPN" looks in the event nouns, "VERB"/"AUX" in
    the verbs; None (or anything else) tries verbs first, then nouns. Why the part of
    speech matters: "call" the verb is a request, "a call" the noun is a contact."""
    key = lemma.lower().strip()
    if pos in {"NOUN", "PROPN"}:
        return _NOUN_TYPE.get(key, OTHER)
    if pos in {"VERB", "AUX"}:
        return _VERB_TYPE.get(key, OTHER)
    return _VERB_TYPE.get(key) or _NOUN_TYPE.get(key) or OTHER


def is_event_noun(lemma: str) -> bool:
    """True when the noun names an event of a listed class (used to find nominal events)."""
    return lemma.lower() in _NOUN_TYPE


def event_type_names() -> list[str]:
    """Every class name, 'other' last: the choices a filter offers."""
    return [*EVENT_TYPES, OTHER]
