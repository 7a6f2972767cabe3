"""Word lists the edge rules read: transfer and receiving verbs, symmetric and light verbs, actor heads.

Kept apart from the rules so a researcher can audit (and extend) what counts as, say, a
transfer without reading the parse walk.
"""

from __future__ import annotations

from storylens.network.taxonomy import OTHER


def _words(text: str) -> frozenset[str]:
    """A word list written as one string, so a lexicon reads like prose."""
    return frozenset(text.split())


# Receiving verbs: the subject is the receiver, "from X" the giver; "use ... from X" and
# "sourced from X" imply the same flow.
RECEIVE_LEMMAS = _words("receive obtain procure buy purchase acquire import get source use employ")


# Participles that describe a thing by its giver ("missiles provided by X", "sourced from X").
TRANSFER_PARTICIPLES = _words("provide supply give send deliver transfer sell ship export source obtain acquire procure buy purchase import make")


# Predicates whose coordinated subjects act on each other ("Russia and North Korea met").
SYMMETRIC_LEMMAS = _words("""meet talk negotiate agree sign cooperate collaborate clash fight ally partner deal agreement
    accord treaty pact ties relations relationship relation talks meeting negotiation negotiations
    cooperation collaboration partnership alliance summit transfer trade tie ties compete war dispute""")


# Joint acts: whoever is named as the partner ("met with Kim", "a deal with Iran", "talks
# with X", "a dispute between X and Y") takes part as much as the subject does, so the edge
# has no direction. Narrower than SYMMETRIC_LEMMAS on purpose: "transfer", "trade" and
# "fight" can run one way ("transferred arms to Russia", "fought Ukraine").
JOINT_LEMMAS = _words("""meet talk negotiate agree cooperate collaborate ally partner merge deal agreement
    accord treaty pact contract settlement talks meeting negotiation negotiations cooperation
    collaboration partnership alliance summit merger dispute""")


UNDIRECTED_RULES = frozenset({"between", "mutual", "joint"})
"""Edge rules of acts without a direction: "between X and Y", coordinated parties ("X and Y
met"), a named partner of a joint act ("X met with Y"). Stored once, drawn without an arrow."""


# Verbs whose object is a thing made, shown or put on sale ("Apple unveiled the iPod",
# "released the SDK", "launched the iTunes Music Store"): the object is a product, not an
# actor acted upon, even when the name finder calls it an organisation. A person as the
# object still is one ("released Griner", "introduced Tim Cook").
THING_OBJECT_VERBS = _words("""unveil release introduce launch debut showcase preview demonstrate produce
    manufacture discontinue promote advertise market""")


# The THING_OBJECT_VERBS that also take a person as object ("released Griner", "introduced
# Tim Cook", "promoted Smith"); the others select an artefact, so a name the model tags
# PERSON in their object ("Apple unveiled Lion") is a product.
PERSON_OBJECT_VERBS = _words("release introduce promote")


# Objects of "from" that make the verb's object a product: "cut the Aspen from production",
# "pulled the phone from the shelves"; a company is not cut from production.
PRODUCT_SOURCES = _words("production lineup line-up range catalog catalogue shelves sale market")


# Substitution verbs: without a "with"/"by" phrase their subject is the replacement, not an
# agent acting on the object ("They replace existing Tristar aircraft", "iTunes replaces
# Wal-Mart as No. 1 music seller": PropBank Arg2 and Arg1); "Apple replaced X with Y" has one.
SUBSTITUTION_LEMMAS = _words("replace supplant")


# Statement verbs of conversation, the only ones whose "with" names an addressee ("spoke with
# Kim"); "described the problem with the company" names a topic.
CONVERSATION_VERBS = _words("talk speak chat confer converse communicate correspond")


# Last words of a name that denote an event, not an actor ("the World Wide Developers
# Conference", "the Paris Air Show"): an event hosts acts, it does not take part in them.
EVENT_NAME_HEADS = _words("conference convention expo exposition show festival fair games olympics championship championships cup tournament")


# ISO codes of currencies the small model tags ORG ("$249 USD"): a unit, not an actor.
CURRENCY_CODES = _words("usd eur gbp jpy cny rmb rub uah chf cad aud inr krw")


# Verbs whose object noun names the act their subject performs ("issued a warning",
# "ramped up its attacks", "imposed sanctions"); any other verb's object event belongs to
# someone else unless the noun says whose it is.
LIGHT_VERBS = _words("""issue make give take launch conduct carry hold stage mount wage impose level lodge file
    deliver sign reach strike seal broker announce begin start continue resume escalate intensify
    step ramp expand extend offer provide pledge send express voice renew""")


# Which prepositions introduce a target, by event class; "against" always does.
PREP_TARGETS: dict[str, frozenset[str]] = {
    "statement": frozenset({"to", "with"}),
    "accuse": frozenset({"against", "of"}),
    "threaten": frozenset({"to", "against"}),
    "request": frozenset({"to", "of", "from", "on"}),
    "consult/meet": frozenset({"with"}),
    "agree": frozenset({"with"}),
    "support": frozenset({"to", "for"}),
    "aid/transfer": frozenset({"to"}),
    "sanction": frozenset({"on", "against"}),
    "assault/attack": frozenset({"on", "against", "at", "into"}),
    "deny": frozenset(),
    "investigate": frozenset({"into"}),
    "protest": frozenset({"against"}),
    "cooperate": frozenset({"with"}),
    "reject": frozenset(),
    OTHER: frozenset({"against"}),
}


# Event nouns whose "of"-object is what moves or is said (a thing), not an actor acted upon.
THEME_OF_NOUN_TYPES = frozenset({"aid/transfer", "statement", "agree", "deny", "request"})


# Aid nouns whose "of"-object is the one helped, not the thing given ("the bailout of AIG").
RECIPIENT_OF_NOUNS = _words("bailout rescue")


# Heads that stand for an actor's institution or people ("the Russian army", "Ukraine's
# forces"): the modifying name is the actor when no mention covers the head itself.
ACTOR_HEADS = _words("""army military forces force troops soldiers navy government administration regime ministry
    ministers minister leader leadership president officials official authorities spokesman
    spokeswoman spokesperson embassy parliament president diplomats diplomat intelligence police
    state cities city territory people citizens company firm""")


# Role nouns that may head an apposition whose name follows after a comma.
ROLE_HEADS = _words("""counterpart minister president leader spokesman spokeswoman spokesperson official chief head
    secretary ambassador envoy adviser advisor commander director coordinator chairman ceo""")


# Verbs whose object, not subject, performs the infinitive ("urged Russia to stop").
SELECTION_LEMMAS = _words("select choose pick hire appoint elect nominate commission contract recruit task assign")
"""Verbs that pick someone for a task: the one picked does it, also in a purpose clause the
parser hangs as an adverbial ("the Air Force selected Northrop Grumman ... to build the
aircraft": Northrop builds)."""


OBJECT_CONTROL_LEMMAS = (
    _words("""urge ask beg tell order force allow help encourage call warn press persuade invite
    permit require enable authorize authorise instruct push pressure compel""")
    | SELECTION_LEMMAS
)
"""Verbs that direct someone else ("urged Russia to stop") or pick someone for a task."""


_SUBJ = frozenset({"nsubj", "csubj"})


_PASS_SUBJ = frozenset({"nsubjpass", "csubjpass"})


_OBJ = frozenset({"dobj", "obj", "dative", "attr", "oprd"})
