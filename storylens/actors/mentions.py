"""Named mentions of actors in one parsed article, with their descriptors and a normal form.

Why a separate stage from resolution: a mention is a fact about one sentence (where the
name is, how it was written, what title stood next to it); which actor it denotes is a
corpus-level decision made later by `storylens.actors.resolve`. Keeping the two apart lets the
resolver be re-run (with researcher corrections) without re-parsing any text.

What this module adds to spaCy's entities:
- `descriptor`: the title or apposition around a person ("British Defense Minister"
  Grant Shapps; "his North Korean counterpart, Kang Sun Nam"), read from the parse;
- the demonyms and organisation pieces *inside* such a title ("British", "Defense") are
  not emitted as mentions of their own: they describe the person, and the affiliation
  they carry is recovered from the descriptor by the resolver;
- `kind` corrected by the gazetteer (the small model tags "Kyiv" and "Twitter" PERSON);
- `norm`: the name without possessive, leading article, personal titles or hyphen
  variants, used as the resolution key.
"""

from __future__ import annotations

import re

import pandas as pd
from spacy.tokens import Doc, Span, Token

from storylens.actors.coref import Named, coref_mentions, person_keys
from storylens.actors.gazetteer import MIN_CITY_POPULATION_FOR_PERSON_FIX, Entry, load_gazetteer, name_key
from storylens.nlp import doc_text, sentence_of_token
from storylens.tables import MENTIONS, conform

NER_LABELS = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC")

# Personal titles that may sit inside a PERSON entity ("President Joe Biden"): they are
# descriptor, not name. Lower-case, without dots.
TITLES = frozenset(
    [
        "president",
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "prof",
        "professor",
        "sir",
        "dame",
        "lord",
        "lady",
        "gen",
        "general",
        "col",
        "colonel",
        "lt",
        "capt",
        "captain",
        "adm",
        "admiral",
        "sgt",
        "sen",
        "senator",
        "rep",
        "representative",
        "gov",
        "governor",
        "mayor",
        "minister",
        "prime",
        "premier",
        "chancellor",
        "secretary",
        "king",
        "queen",
        "prince",
        "princess",
        "pope",
        "ceo",
        "chairman",
        "chairwoman",
        "chief",
        "judge",
        "justice",
        "rev",
        "reverend",
        "ambassador",
        "vice",
        "deputy",
        "foreign",
        "defense",
        "defence",
        "supreme",
        "leader",
        "dictator",
        "comrade",
        "spokesman",
        "spokeswoman",
    ]
)

HONORIFICS = frozenset(["mr", "mrs", "ms", "miss", "sir", "dame"])

# Head nouns of a role that may be swallowed into an ORG entity by the small model
# ("the White House National Security Council Coordinator"): such a token can still head
# an apposition describing a person.
ROLE_NOUNS = frozenset(
    [
        "coordinator",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "director",
        "minister",
        "secretary",
        "chief",
        "head",
        "chairman",
        "chairwoman",
        "president",
        "ceo",
        "adviser",
        "advisor",
        "ambassador",
        "commander",
        "official",
        "leader",
        "envoy",
        "governor",
        "mayor",
        "senator",
    ]
)

# Dependency relations by which a title or modifier attaches to the name it precedes.
_PREMODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "nn", "poss", "case"})
# Tokens never part of a descriptor's text (determiners and possessive pronouns lead it).
_DROP_LEADING = frozenset({"DET", "PRON"})
_NON_ACTOR_ENTS = frozenset({"PERSON", "DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "ORDINAL", "QUANTITY"})

_MEDIA_WORDS = re.compile(r"\b(News|Times|Post|Journal|Herald|Gazette|Tribune|Telegraph|Press|Radio|TV|Television|Broadcasting|Agency|Daily|Magazine|Wire)\b")


def normalise_name(text: str, label: str) -> str:
    """The name without possessive, leading article, personal titles and spacing variants.

    Hyphens inside person names become spaces with the next part capitalised, because
    transliterations vary ("Kim Jong-un" / "Kim Jong Un"); organisation names keep theirs
    ("RBC-Ukraine") and are compared through `gazetteer.name_key` instead."""
    s = text.replace("\u2019", "'").replace("\u2018", "'")
    s = re.sub(r"\s+", " ", s).strip()
    if label == "ORG" and "/" in s:
        s = s.split("/")[0]  # photo credits: "Getty Images/Contributor"
    s = s.strip(" \"'()[],;:-")
    s = re.sub(r"(?:'s|')$", "", s)
    s = re.sub(r"^(?:the|a|an)\s+", "", s, flags=re.IGNORECASE) if label != "PERSON" else re.sub(r"^(?:the|The|THE)\s+", "", s)
    if label == "PERSON":
        words = s.split(" ")
        while len(words) > 1 and words[0].lower().rstrip(".") in TITLES:
            words = words[1:]
        s = " ".join(words)
        s = re.sub(r"(?<=[A-Za-z])-([a-z])", lambda m: " " + m.group(1).upper(), s)
    return s.strip()


def mention_kind(label: str, norm: str, entry: Entry | None) -> str:
    """Actor kind from the NER label, overruled by the gazetteer where the model is weak."""
    if label == "PERSON":
        if entry is None or len(norm.split()) > 1:
            return "person"
        if entry.how in {"city", "capital"} and entry.population < MIN_CITY_POPULATION_FOR_PERSON_FIX:
            return "person"
        if entry.how == "state":
            return "person"
        return entry.kind
    if entry is not None:
        if label == "ORG" and entry.how in {"city", "state"}:
            return "organization"  # sports clubs, firms named after a city
        return entry.kind
    if label == "ORG":
        return "media" if _MEDIA_WORDS.search(norm) else "organization"
    if label == "NORP":
        return "group"
    return "place"


PERSON_TITLES = frozenset(
    [
        "minister",
        "secretary",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "president",
        "chancellor",
        "ambassador",
        "general",
        "commander",
        "coordinator",
        "leader",
        "chief",
        "director",
        "ceo",
        "official",
        "senator",
        "governor",
        "mayor",
        "premier",
        "king",
        "queen",
        "advisor",
        "adviser",
        "analyst",
        "professor",
        "correspondent",
        "reporter",
        "editor",
        "envoy",
        "diplomat",
        "lawmaker",
        "judge",
        "prosecutor",
        "colonel",
        "lieutenant",
        "admiral",
        "captain",
        "sergeant",
        "chairman",
        "chairwoman",
        "founder",
        "executive",
        "deputy",
        "aide",
        "representative",
    ]
)
"""Head words of a descriptor that make the named mention a person ("spokesman Yuriy Ihnat")."""

PLACE_HEADS = frozenset(
    ["region", "city", "oblast", "province", "town", "village", "district", "county", "municipality", "area", "peninsula", "port", "river", "island"]
)
"""Nouns right after a name that make it a place ("the Zaporizhzhia region", "Kherson city")."""


def descriptor_kind(doc: Doc, ent: Span, descriptor: str | None, kind: str, entry: Entry | None) -> str:
    """The kind after the descriptor's evidence: a person's title ("Air Force spokesman Yuriy
    Ihnat", tagged ORG by the small model) makes a person; a place noun right after the name
    ("the Zaporizhzhia region", tagged PERSON) makes a place. A gazetteer country stays a
    country ("Ukraine's region" does not turn Ukraine into a place)."""
    if entry is not None and entry.kind == "country":
        return kind
    nxt = doc[ent.end] if ent.end < len(doc) else None
    if nxt is not None and nxt.lower_ in PLACE_HEADS and kind in {"person", "organization", "group"}:
        return "place"
    if descriptor and kind in {"organization", "place", "group", "media"} and ent.label_ != "GPE":
        words = {w.lower().strip(".,") for w in descriptor.split()}
        if words & PERSON_TITLES and len(ent) >= 2 and all(t.is_title for t in ent):
            return "person"
    return kind


def _trim_leading(tokens: list[Token]) -> list[Token]:
    while tokens and (tokens[0].pos_ in _DROP_LEADING or tokens[0].is_punct):
        tokens = tokens[1:]
    return tokens


def _span_text(doc: Doc, tokens: list[Token]) -> str:
    if not tokens:
        return ""
    return doc_text(doc)[tokens[0].idx : tokens[-1].idx + len(tokens[-1].text)]


def _names_state(word: str) -> bool:
    e = load_gazetteer().lookup(word)
    return e is not None and e.is_state


def _premodifier_tokens(ent: Span) -> list[Token]:
    """Title words before a person's name, read from the parse ("British Defense Minister").

    Why the parse and not a window of capitalised words: it separates "spokesman John
    Kirby" (a title attached to the name) from "the message Putin sent" (a noun that only
    happens to stand before it)."""
    root = ent.root
    lefts = [t for t in root.lefts if t.i < ent.start and t.dep_ in _PREMODIFIER_DEPS]
    if not lefts:
        return []
    first = min(t.left_edge.i for t in lefts)
    tokens = list(ent.doc[first : ent.start])
    # Stop at anything that is not part of a title: verbs, dates, other people, punctuation.
    kept: list[Token] = []
    states: set[int] = set()
    for t in reversed(tokens):
        if t.is_punct and t.text not in {"-", "'s"}:
            break
        if t.pos_ in {"VERB", "AUX", "ADP", "CCONJ", "SCONJ", "NUM"} or t.ent_type_ in _NON_ACTOR_ENTS:
            break
        if t.ent_type_ in {"GPE", "NORP"} or _names_state(t.text):
            # A title names one state; a second one belongs to the text before it
            # ("... from North Korea UK Defense Minister Grant Shapps").
            ent_start = next((e.start for e in t.doc.ents if e.start <= t.i < e.end), t.i) if t.ent_type_ else t.i
            states.add(ent_start)
            if len(states) > 1:
                break
        kept.append(t)
    return _trim_leading(list(reversed(kept)))


def _is_role_head(tok: Token) -> bool:
    if tok.pos_ not in {"NOUN", "PROPN"}:
        return False
    if not tok.ent_type_:
        return True
    return tok.ent_type_ == "ORG" and tok.lower_ in ROLE_NOUNS


def _nominal_phrase(head: Token, stop: int) -> list[Token]:
    """The head noun with its left modifiers and an "of" complement ("the U.S. Secretary of
    State"), without leading determiners/possessives; never at or past `stop` (the name)."""
    end = head.i
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ == "of" and all(not t.is_punct for t in head.doc[head.i + 1 : child.right_edge.i + 1]):
            end = child.right_edge.i
    tokens = [t for t in head.doc[head.left_edge.i : end + 1] if stop < 0 or t.i < stop]
    return _trim_leading(tokens)


def _apposition_tokens(ent: Span) -> list[Token]:
    """The noun phrase in apposition to a name, before or after it.

    "his North Korean counterpart, Kang Sun Nam" (the name is the appos of the noun) and
    "John Kirby, the White House spokesman," (the noun is the appos of the name)."""
    root = ent.root
    doc = ent.doc
    if root.dep_ == "appos" and root.head.i < ent.start and _is_role_head(root.head):
        head = root.head
        if ent.start - head.i <= 2 and doc[head.i + 1].text == ",":
            return _nominal_phrase(head, ent.start)
    # The parse often misses the apposition; a determined noun phrase ending in a role
    # noun right before ", Name" is one ("his North Korean counterpart, Kang Sun Nam").
    if ent.start >= 2 and doc[ent.start - 1].text == "," and _is_role_head(doc[ent.start - 2]):
        head = doc[ent.start - 2]
        # "According to the newspaper's sources, Ross was ...": an opening phrase, not an apposition.
        opening = head.dep_ == "pobj" and root.dep_ in {"nsubj", "nsubjpass"}
        if head.left_edge.i < head.i and head.left_edge.pos_ in _DROP_LEADING and not opening:
            return _nominal_phrase(head, ent.start)
    for child in root.rights:
        if child.dep_ == "appos" and child.i >= ent.end and _is_role_head(child) and doc[ent.end].text == ",":
            return _nominal_phrase(child, -1)
    return []


def _title_tokens_inside(ent: Span) -> list[Token]:
    """Titles the model put inside the name ("President Joe Biden"); a bare honorific
    ("Mr.") says nothing about the person and is not a descriptor."""
    words = list(ent)
    out: list[Token] = []
    while len(words) > 1 and words[0].lower_.rstrip(".") in TITLES:
        out.append(words.pop(0))
    return [] if all(t.lower_.rstrip(".") in HONORIFICS for t in out) else out


def _descriptor(ent: Span) -> tuple[str, list[Token]]:
    """Descriptor text of a PERSON entity and the tokens it covers (outside the name)."""
    doc = ent.doc
    pre = _premodifier_tokens(ent)
    inside = _title_tokens_inside(ent)
    appos = _apposition_tokens(ent)
    titles = pre + inside
    while titles and titles[0].lower_.rstrip(".") in HONORIFICS:
        titles = titles[1:]  # "Mr. Cook": an honorific is not a descriptor
    parts = [p for p in (_span_text(doc, titles) if titles else "", _span_text(doc, appos)) if p]
    return "; ".join(parts), pre + appos


TITLE_HEADS = PERSON_TITLES | ROLE_NOUNS | TITLES
"""Proper-noun-tagged words that still end a title ("Apple CEO", "U.S. President"); any
other capitalised last word is a name ("Chrysler LLC" Jim Press)."""


def descriptor_spans(ent: Span) -> list[tuple[str, list[Token]]]:
    """The descriptions written beside a name, each as (rule, tokens): the title before it
    ("Apple CEO" Steve Jobs, "automaker" Chrysler) and the apposition ("Steve Jobs, the
    Apple Chief Executive Officer"). `storylens.actors.coref` makes each a DESC mention of
    the named one, so what an outlet calls the actor is counted where it was written.
    Before an organisation only a common noun heads a title ("automaker Chrysler"; not
    "Boeing Airbus"), and an honorific ("Mr.") is no description."""
    out: list[tuple[str, list[Token]]] = []
    if ent.label_ not in {"PERSON", "ORG"}:
        return out
    pre = _premodifier_tokens(ent)
    while pre and pre[0].lower_.rstrip(".") in HONORIFICS:
        pre = pre[1:]
    if ent.label_ == "ORG" and pre and not (pre[-1].pos_ == "NOUN" and pre[-1].is_lower):
        pre = []  # "Air China" split by the model: "Air" is no title
    if pre and not pre[-1].ent_type_ and (pre[-1].pos_ == "NOUN" or pre[-1].lower_.rstrip(".") in TITLE_HEADS):
        out.append(("desc:title", pre))
    appos = _apposition_tokens(ent)
    if appos and any(t.tag_ in {"NNS", "NNPS"} and t.dep_ not in {"compound", "pobj", "poss"} for t in appos):
        appos = []  # "two Bountiful residents, Winston K. Blackmore, ... and ...": several people
    if appos:
        out.append(("desc:apposition", appos))
    return out


def _clean_bounds(doc: Doc, ent: Span) -> tuple[int, int]:
    """Character bounds without leading symbols/emoji the model sometimes includes."""
    start, end = ent.start_char, ent.end_char
    text = doc_text(doc)
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and text[end - 1] in " ,;:":
        end -= 1
    return start, end


def mentions_from_doc(doc: Doc, article_id: str) -> pd.DataFrame:
    """Named mentions of one article, one row per entity, conforming to the MENTIONS table.

    Offsets are character offsets into `doc.text`; `sentence_id` is the index in
    `list(doc.sents)`. `actor_id`, `resolved_by`, `is_meta`, `meta_reason` are left empty
    for `storylens.actors.resolve.resolve_actors`."""
    return conform(pd.DataFrame(mention_records(doc, article_id)), MENTIONS)


def mention_records(doc: Doc, article_id: str) -> list[dict]:
    """The rows of `mentions_from_doc` as plain dicts, named mentions first, then the
    descriptions and pronouns of `storylens.actors.coref` (the build reads them as records)."""
    gaz = load_gazetteer()
    sent_of = sentence_of_token(doc)
    ents = [e for e in doc.ents if e.label_ in NER_LABELS]
    described: dict[int, str] = {}
    in_descriptor: set[int] = set()
    for ent in ents:
        if ent.label_ == "PERSON":
            text, covered = _descriptor(ent)
            if text:
                described[ent.start] = text
                in_descriptor.update(t.i for t in covered)
        elif ent.label_ == "ORG":
            beside = descriptor_spans(ent)
            if beside:
                described[ent.start] = "; ".join(_span_text(doc, toks) for _, toks in beside)

    rows = []
    spans: list[tuple[int, int]] = []
    for ent in ents:
        content = [t for t in ent if t.pos_ != "DET"]
        if ent.label_ != "PERSON" and content and all(t.i in in_descriptor for t in content):
            # "British" in "British Defense Minister Grant Shapps" describes Shapps (its
            # state returns as his affiliation); even a real organisation there ("Apple CEO
            # Tim Cook") is part of the title, as MEANTIME annotates it too.
            continue
        start, end = _clean_bounds(doc, ent)
        text = doc_text(doc)[start:end]
        if not any(ch.isalpha() for ch in text):
            continue
        norm = normalise_name(text, ent.label_)
        if not norm:
            continue
        entry = gaz.lookup(norm)
        rows.append(
            {
                "mention_id": f"{article_id}:{start}-{end}",
                "article_id": article_id,
                "sentence_id": sent_of.get(ent.start, 0),
                "start": start,
                "end": end,
                "text": text,
                "label": ent.label_,
                "kind": descriptor_kind(doc, ent, described.get(ent.start), mention_kind(ent.label_, norm, entry), entry),
                "descriptor": described.get(ent.start),
                "norm": norm,
            }
        )
        spans.append((ent.start, ent.end))
    named = _named_for_coref(rows, spans, sent_of)
    by_start = {n.start_tok: n for n in named}
    beside = [(rule, toks, by_start[ent.start]) for ent in ents if ent.start in by_start for rule, toks in descriptor_spans(ent)]
    rows.extend(coref_mentions(doc, article_id, named, sent_of, in_descriptor, beside))
    return rows


def _named_for_coref(rows: list[dict], spans: list[tuple[int, int]], sent_of: dict[int, int]) -> list[Named]:
    """Named mentions with their within-article identity, for the description rules:
    a person by full name (surnames joined), a state by its gazetteer name, others by key."""
    gaz = load_gazetteer()
    surnames = {name_key(r["norm"]).split()[-1] for r in rows if r["kind"] == "person" and len(r["norm"].split()) > 1}
    # The small model tags a bare surname ORG now and then ("Novak said"); as in
    # actors._relabel_surnames, the surname of a person named in the article is that person.
    kinds = [
        "person"
        if r["kind"] in {"organization", "media", "place", "group"} and name_key(r["norm"]) in surnames and gaz.lookup(r["norm"]) is None
        else r["kind"]
        for r in rows
    ]
    people = person_keys([(r["norm"], k) for r, k in zip(rows, kinds) if k == "person"])
    out = []
    for r, kind, (s, e) in zip(rows, kinds, spans):
        entry = gaz.lookup(r["norm"]) if kind == "country" else None
        key = people.get(r["norm"], "") if kind == "person" else (entry.name if entry is not None else name_key(r["norm"]))
        out.append(Named(r["mention_id"], s, e, sent_of.get(s, 0), kind, key, r["descriptor"] or ""))
    return out
