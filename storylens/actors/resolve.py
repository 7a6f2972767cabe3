"""Resolve mentions to actors, within and across articles, and build the actors table.

Why rules and not a learned coreference model: a researcher must be able to see *why* two
names became one actor and undo it. Every mention therefore records the rule that attached
it (`resolved_by`), and researcher corrections (storylens.corrections) are applied last,
so they always win over the rules.

Rules, in order:
1. gazetteer -- states and their capitals, demonyms and seats of government resolve to
   the state ("Moscow", "Russian", "the Kremlin" -> Russia); known media, photo agencies
   and international bodies to their canonical name ("AP" -> Associated Press);
2. exact -- the same normalised name (case, accents, dots, hyphens, possessive, leading
   "the", personal titles and corporate suffixes ignored);
3. variant -- multi-word names spelled almost alike (rapidfuzz ratio >= 90: "Volodymyr
   Zelensky" / "Zelenskyy") or one extending the other with middle names/initials;
4. surname / short_name -- a one-word person name to the one full name in the same
   article whose last (or first: "Kim" -> "Kim Jong Un") word it is; if the article has
   none, to the one such full name in the corpus; ambiguous names stay on their own;
5. variant / acronym / short_form -- all mentions of a one-word organisation name, as
   one group, join the longer name that is the same once corporate suffixes are dropped
   ("Apple" / "Apple Inc."), whose initials they are ("GM" / "General Motors"), or, when
   neither exists, the one longer name they start ("Northrop" / "Northrop Grumman"; when
   several, the one they share articles with, if clearly dominant).

6. coref -- descriptions and pronouns (DESC / PRON rows, "the Kremlin leader", "he")
   take the actor of the named mention storylens.actors.coref linked them to in their article
   (`antecedent_id`, `coref_rule`); `resolved_by` is "coref:<rule>". A `split` correction
   naming an actor and a description ("the minister") or its mention_id undoes the link.
   A description no rule linked in its article takes the one actor the same words were
   linked to in the corpus's other articles, if that actor is named in its article too
   (`coref:desc:same_description`, the antecedent lent is that actor's named mention).

Before the rules, kinds are made consistent at corpus level: one name gets its majority
kind, a one-word "organisation" that is the surname of a person in the same article is
that person (and the converse), and an outlet of the corpus cited by another is media.

Meta mentions (not part of the story) are the article's authors, names from its removed
boilerplate (`meta_names`: bio, photo credits), photo agencies, and the outlet naming
itself. A cited outlet ("Reuters reported") is a story actor of kind media.

Actor ids are a hash of kind and canonical name *after rule resolution and merges but
before rename/kind corrections*, so a corrections file that names an actor by id keeps
working after that actor is renamed.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from itertools import combinations
from typing import Any

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from storylens.actors.corrections import _actors_of, _coref_links, _find_actor, _structural_corrections, _undo_coref
from storylens.actors.gazetteer import MIN_CITY_POPULATION_FOR_PERSON_FIX, load_gazetteer, name_key
from storylens.actors.meta import _meta_flags
from storylens.actors.state import _ORG_KINDS, _kind_class, _State, _UnionFind
from storylens.corrections import Corrections
from storylens.tables import ACTORS, DESCRIPTOR_RULES, MENTIONS, conform

VARIANT_MIN_RATIO = 90


"""rapidfuzz ratio above which two multi-word names of the same kind are one actor;
90 joins transliteration variants but not "John Kirby" / "John Kerry" (ratio 80)."""


_CORP_SUFFIX = re.compile(r"(\s+(inc|incorporated|corp|corporation|co|company|ltd|limited|llc|plc|nv|n v|ag|sa|se|gmbh|group|holdings))+$")


_ACRONYM_SKIP = frozenset({"of", "and", "the", "for", "&", "de", "du", "des", "la", "le"})


def _match_key(key: str, kind: str) -> str:
    """Resolution key: organisations also drop corporate suffixes ("Apple Inc." = "Apple")
    and write a leading state the gazetteer's way ("US Air Force" = "United States Air Force")."""
    if kind not in _ORG_KINDS:
        return key
    key = _CORP_SUFFIX.sub("", key)
    words = key.split()
    gaz = load_gazetteer()
    for n in (3, 2, 1):
        if len(words) > n:
            e = gaz.lookup(" ".join(words[:n]))
            if e is not None and e.is_state and e.how in {"country", "alias"}:
                return " ".join([name_key(e.name), *words[n:]])
    return key


def _vote_kinds(st: _State) -> None:
    """One name, one kind: the small model labels the same firm ORG in one sentence and
    PERSON in the next; the majority label of a name wins (gazetteer kinds are fixed)."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for i, k in enumerate(st.keys):
        if st.entries[i] is None:
            votes[k][st.kinds[i]] += 1
    for i, k in enumerate(st.keys):
        if st.entries[i] is None and len(votes[k]) > 1:
            best, n = votes[k].most_common(1)[0]
            if n > votes[k][st.kinds[i]]:
                st.kinds[i] = best


def _relabel_surnames(st: _State) -> None:
    """A one-word name the model called an organisation or a place ("Mulally" ORG,
    "Henderson" GPE) is a person when the same article names a person with that surname,
    and a one-word "person" that starts an organisation's name in the article is that
    organisation; states and big cities are not re-labelled."""
    surnames: dict[str, set[str]] = defaultdict(set)
    for i, key in enumerate(st.keys):
        words = key.split()
        if st.kinds[i] == "person" and len(words) > 1:
            surnames[st.articles[i]].add(words[-1])
    org_heads: dict[str, set[str]] = defaultdict(set)
    for i, key in enumerate(st.keys):
        words = key.split()
        if st.kinds[i] in _ORG_KINDS and len(words) > 1:
            org_heads[st.articles[i]].add(words[0])
    for i, key in enumerate(st.keys):
        e = st.entries[i]
        if len(key.split()) != 1:
            continue
        art = st.articles[i]
        if st.kinds[i] in {"organization", "media", "place", "group"} and key in surnames[art]:
            if e is None or (e.how == "city" and e.population < MIN_CITY_POPULATION_FOR_PERSON_FIX):
                st.kinds[i], st.entries[i] = "person", None
        elif st.kinds[i] == "person" and e is None and key in org_heads[art] and key not in surnames[art]:
            # and the converse: "Cerberus" PERSON beside "Cerberus Capital Management".
            st.kinds[i] = "organization"


def _exact(st: _State) -> None:
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, key in enumerate(st.keys):
        e = st.entries[i]
        if e is not None and _kind_class(e.kind) == _kind_class(st.kinds[i]):
            st.rule[i] = f"gazetteer:{e.how}"
            groups[("gaz", e.name)].append(i)
        elif st.kinds[i] == "person" and len(key.split()) == 1:
            continue  # one-word person names are resolved per article (rule 4)
        else:
            groups[(_kind_class(st.kinds[i]), _match_key(key, st.kinds[i]))].append(i)
    for idx in groups.values():
        for j in idx[1:]:
            st.uf.union(idx[0], j)


def _clusters_of(st: _State, pred) -> dict[int, list[int]]:
    out: dict[int, list[int]] = defaultdict(list)
    for i in range(len(st.keys)):
        if pred(i):
            out[st.uf.find(i)].append(i)
    return out


def _variants(st: _State) -> None:
    """Join multi-word names of one kind spelled almost alike."""
    multi = _clusters_of(st, lambda i: st.entries[i] is None and len(st.keys[i].split()) > 1 and st.kinds[i] in {"person", "organization", "media", "place"})
    # Both rules need the same kind and the same initial of the last word: compare only
    # within such blocks, which keeps the pairwise pass small on a large corpus.
    blocks: dict[tuple[str, str], list[tuple[int, str, list[int]]]] = defaultdict(list)
    for root, idx in multi.items():
        key = _match_key(st.keys[idx[0]], st.kinds[idx[0]])
        if key:
            blocks[(_kind_class(st.kinds[idx[0]]), key.split()[-1][0])].append((root, key, idx))
    for (ca, _), reps in blocks.items():
        for x, y in _variant_candidates([key for _, key, _ in reps]):
            (ra, ka, ia), (rb, kb, ib) = reps[x], reps[y]
            if st.uf.find(ra) == st.uf.find(rb):
                continue
            wa, wb = ka.split(), kb.split()
            same_ends = wa[0] == wb[0] and wa[-1] == wb[-1]
            # Middle names and initials extend a person's or place's name ("Vladimir V.
            # Putin"); for organisations an inserted word is another body ("Royal
            # [Australian] Air Force").
            extends = ca != "org" and same_ends and (set(wa) <= set(wb) or set(wb) <= set(wa))
            # Spelling variants differ a little in the words that differ, not only overall
            # ("Changi" / "Chiang Mai" International Airport is two airports).
            da = " ".join(w for w in wa if w not in wb)
            db = " ".join(w for w in wb if w not in wa)
            close = fuzz.ratio(ka, kb) >= VARIANT_MIN_RATIO and wa[-1][0] == wb[-1][0] and fuzz.ratio(da, db) >= VARIANT_MIN_RATIO - 10
            if extends or close:
                attach = ib if len(kb) <= len(ka) else ia
                for j in attach:
                    st.rule[j] = "variant"
                st.uf.union(ra, rb)


def _variant_candidates(keys: list[str]) -> list[tuple[int, int]]:
    """The pairs (i < j, in `combinations` order) of names that `_variants` could join:
    the same first and last word, or a rapidfuzz ratio near VARIANT_MIN_RATIO or above.

    Why: the rules themselves run in Python, and every pair of a block is far too many
    once a corpus has thousands of names; the ratios of all pairs come from one
    `process.cdist` call in C, and the rules are then checked on the few candidates only.
    """
    if len(keys) < 2:
        return []
    pairs: set[tuple[int, int]] = set()
    for sub in _name_blocks(keys):
        # A margin below the threshold: cdist scores in float32, the rule re-checks exactly.
        scores = process.cdist([keys[i] for i in sub], [keys[i] for i in sub], scorer=fuzz.ratio, score_cutoff=VARIANT_MIN_RATIO - 1)
        pairs.update((sub[i], sub[j]) for i, j in np.argwhere(np.triu(scores >= VARIANT_MIN_RATIO - 1, k=1)).tolist())
    ends: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, key in enumerate(keys):
        words = key.split()
        ends[(words[0], words[-1])].append(i)
    for same in ends.values():
        pairs.update(combinations(same, 2))
    return sorted(pairs)


NAME_BLOCK = 2000
"""Names compared all against all (one cdist, C speed) in a block up to this size; a larger
block (a corpus of tens of thousands of articles) is cut by the first two letters of the
last word, which spelling variants near VARIANT_MIN_RATIO share, so its cost grows with the
names, not their square."""


def _name_blocks(keys: list[str]) -> list[list[int]]:
    """Index lists of `keys` to compare all against all (see NAME_BLOCK)."""
    if len(keys) <= NAME_BLOCK:
        return [list(range(len(keys)))]
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, key in enumerate(keys):
        blocks[key.split()[-1][:2]].append(i)
    return list(blocks.values())


def _initials(key: str) -> str:
    return "".join(w[0] for w in key.split() if w not in _ACRONYM_SKIP)


def _people(st: _State) -> None:
    """One-word person names: to the one full name in the same article whose last word
    (surname) or first word ("Kim" -> "Kim Jong Un") it is, else to the one such name in
    the corpus. A name that fits several people in a scope is left alone rather than
    guessed from a wider scope. Mentions are attached one by one, so "Miller" in two
    articles can be two people; what nothing explains is joined by exact name."""

    def is_short(i: int) -> bool:
        return st.kinds[i] == "person" and st.entries[i] is None and len(st.keys[i].split()) == 1

    # (article or None for the corpus, word) -> full-name clusters, by last and first word.
    by_last: dict[tuple[str | None, str], set[int]] = defaultdict(set)
    by_first: dict[tuple[str | None, str], set[int]] = defaultdict(set)
    for i, key in enumerate(st.keys):
        words = key.split()
        if st.kinds[i] == "person" and st.entries[i] is None and len(words) > 1:
            root = st.uf.find(i)
            for scope in (st.articles[i], None):
                by_last[(scope, words[-1])].add(root)
                by_first[(scope, words[0])].add(root)
    for i, key in enumerate(st.keys):
        if not is_short(i):
            continue
        settled = False
        for scope, suffix in ((st.articles[i], ""), (None, ":corpus")):
            for index, rule in ((by_last, "surname"), (by_first, "short_name")):
                found = {st.uf.find(r) for r in index.get((scope, key), ())}
                if len(found) == 1:
                    st.uf.union(found.pop(), i)
                    st.rule[i] = rule + suffix
                if found or st.rule[i]:
                    settled = True
                    break
            if settled:
                break
    rest: dict[str, list[int]] = defaultdict(list)
    for i in range(len(st.keys)):
        if is_short(i) and st.rule[i] == "":
            rest[st.keys[i]].append(i)
    for idx in rest.values():
        for j in idx[1:]:
            st.uf.union(idx[0], j)


def _organisations(st: _State) -> None:
    """One-word organisation names are resolved as a group (all "Boeing" mentions are one
    name), unlike people's surnames: a company's short name means the same firm in every
    article, while "Miller" may be two people. The group joins the longer name whose key
    it is once suffixes are dropped ("Apple" / "Apple Inc.") and the one whose initials it
    is ("GM" / "General Motors"); only when neither exists, the one longer name it starts
    ("Northrop" / "Northrop Grumman"), if unique in the corpus."""

    def is_org(j: int) -> bool:
        return st.kinds[j] in _ORG_KINDS and st.entries[j] is None

    shorts = _clusters_of(st, lambda i: is_org(i) and len(st.keys[i].split()) == 1)
    longs = _clusters_of(st, lambda i: is_org(i) and len(st.keys[i].split()) > 1)
    long_keys = {root: {_match_key(st.keys[j], st.kinds[j]) for j in idx} for root, idx in longs.items()}
    raw_keys = {root: {st.keys[j] for j in idx} for root, idx in longs.items()}  # "PAG" = Penske Automotive Group
    # Inverted indexes (key, initials, first word -> long-name clusters): scanning every long
    # name for every short one was quadratic and took most of a 2,000-article build.
    by_key: dict[str, set[Any]] = defaultdict(set)
    by_initials: dict[str, set[Any]] = defaultdict(set)
    by_first_word: dict[str, set[Any]] = defaultdict(set)
    for r, ks in long_keys.items():
        for k in ks:
            by_key[k].add(r)
            if len(k.split()) > 1:
                by_first_word[k.split()[0]].add(r)
        for k in ks | raw_keys[r]:
            if len(k.split()) > 1:
                by_initials[_initials(k)].add(r)
    for idx in shorts.values():
        word = st.keys[idx[0]]
        by_suffix = set(by_key.get(word, ()))
        by_acronym = set(by_initials.get(word, ())) if 2 <= len(word) <= 6 else set()
        targets = [(found, rule) for found, rule in ((by_suffix, "variant"), (by_acronym, "acronym")) if len(found) == 1]
        if not by_suffix and not by_acronym:
            by_first = set(by_first_word.get(word, ()))
            if len(by_first) > 1:
                # "Ford" next to "Ford Motor Company" in five articles and "Ford Australia"
                # in one: the long name it keeps company with, if clearly dominant.
                arts = {st.articles[i] for i in idx}
                together = sorted(((len(arts & {st.articles[j] for j in longs[r]}), r) for r in by_first), reverse=True)
                if together[0][0] >= 2 and together[0][0] >= 2 * together[1][0]:
                    by_first = {together[0][1]}
            if len(by_first) == 1:
                targets = [(by_first, "short_form")]
        for found, rule in targets:
            target = next(iter(found))
            if st.uf.find(target) != st.uf.find(idx[0]):
                for i in idx:
                    if st.rule[i] == "":
                        st.rule[i] = rule
                st.uf.union(target, idx[0])


def _affiliation(kind: str, name: str, descriptors: list[str], idx: list[int], st: _State) -> str | None:
    gaz = load_gazetteer()
    if kind == "country":
        return None
    if kind == "place":
        e = gaz.lookup(name)
        return e.country if e is not None else None
    votes = Counter(e.name for d in descriptors if (e := gaz.state_in(d)) is not None)
    if not votes and kind in _ORG_KINDS:
        e = gaz.state_in(name)
        if e is not None and name_key(e.name) != name_key(name):
            votes[e.name] += 1
    return votes.most_common(1)[0][0] if votes else None


COREF_LABELS = frozenset({"DESC", "PRON"})
BESIDE_NAME = frozenset(f"coref:{r}" for r in DESCRIPTOR_RULES)


"""Longest antecedent chain followed ("he" -> "the minister" -> "The British Defense
Minister" -> "Grant Shapps"); a longer one means a cycle, which is left unresolved."""


def _same_description(
    coref: pd.DataFrame, links: dict[str, tuple[list[str], str, str | None]], named: pd.DataFrame, actor_of: list[str], meta_of: dict[str, str | None]
) -> tuple[dict[str, tuple[list[str], str, str | None]], dict[str, str]]:
    """A description no rule linked in its article ("the tech giant" with two companies
    near) takes the actor the same words were linked to elsewhere in the corpus, when they
    were linked to that one actor only and the actor is named in this article too
    (`coref:desc:same_description`; the antecedent is that actor's nearest earlier named
    mention, else its first). Returns the links and the antecedent lent to each new one."""
    by_words: dict[str, set[str]] = defaultdict(set)
    rows = list(zip(coref["mention_id"].astype(str).tolist(), coref["article_id"].astype(str).tolist(), *(coref[c].tolist() for c in ("label", "descriptor", "start"))))
    for mid, _, label, desc, _ in rows:
        if label == "DESC" and isinstance(desc, str) and mid in links and len(links[mid][0]) == 1 and links[mid][2] is None:
            by_words[name_key(desc)].add(links[mid][0][0])
    in_article: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
    for mid, art, start, actor in zip(named["mention_id"].astype(str).tolist(), named["article_id"].astype(str).tolist(), named["start"].tolist(), actor_of):
        if meta_of.get(mid) is None:
            in_article[(art, actor)].append((int(start), mid))
    out, lent = dict(links), {}
    for mid, art, label, desc, start in rows:
        if label != "DESC" or mid in links or not isinstance(desc, str):
            continue
        actors = by_words.get(name_key(desc), set())
        if len(actors) != 1:
            continue
        actor = next(iter(actors))
        there = sorted(in_article.get((art, actor), []))
        if not there:
            continue
        before = [x for x in there if x[0] < int(start)]
        lent[mid] = (before[-1] if before else there[0])[1]
        out[mid] = ([actor], "coref:desc:same_description", None)
    return out, lent


def resolve_actors(
    mentions: pd.DataFrame,
    articles: pd.DataFrame,
    meta_names: pd.DataFrame | None = None,
    corrections: Corrections | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Fill actor_id / resolved_by / is_meta / meta_reason on `mentions` and build ACTORS.

    `articles` needs article_id, outlet, authors (list) and title; `text` is used when
    present (photo-credit cues). `meta_names` rows (article_id, name, reason) are names
    the cleaner found in removed boilerplate (bio, photo_credit, author, outlet_self).

    Description and pronoun rows (label DESC / PRON, "the minister", "he") take no part in
    name matching: which name they stand for was decided per article (storylens.actors.coref,
    `antecedent_id` / `coref_rule`); here they take the actor of that antecedent, with
    `resolved_by` = "coref:<rule>", and count towards the actor's mentions. Those without
    an antecedent stay in the table with no actor."""
    everything = conform(mentions, MENTIONS)
    named = ~everything["label"].isin(list(COREF_LABELS)).fillna(False).to_numpy()
    m = everything[named].reset_index(drop=True)
    if m.empty:
        return everything, conform(None, ACTORS)
    gaz = load_gazetteer()
    n = len(m)
    entries = [gaz.lookup(str(x)) for x in m["norm"].tolist()]
    # A gazetteer entry counts only when it agrees with the mention's kind (mentions.py
    # already re-kinded what the gazetteer overrules); "Georgia" the person stays a person.
    entries = [e if e is not None and _kind_class(e.kind) == _kind_class(str(k)) else None for e, k in zip(entries, m["kind"].tolist())]
    norms = [str(x) for x in m["norm"].tolist()]
    st = _State(
        keys=[name_key(x) for x in norms],
        kinds=[str(k) for k in m["kind"].tolist()],
        articles=[str(a) for a in m["article_id"].tolist()],
        entries=entries,
        rule=[""] * n,
        uf=_UnionFind(n),
        norms=norms,
        texts=[str(x) for x in m["text"].tolist()],
        descriptors=m["descriptor"].tolist(),
    )
    st.meta, st.meta_reason, full_names = _meta_flags(m, articles, meta_names, entries)
    for i, full in full_names.items():
        # A first name or surname of an author (often mislabelled ORG) joins the author.
        st.keys[i], st.kinds[i], st.rule[i] = full, "person", f"meta:{st.meta_reason[i]}"
    outlet_keys = {name_key(re.sub(r"\(.*?\)", "", o)) for o in articles.get("outlet", pd.Series(dtype=object)) if isinstance(o, str) and o != "unknown"}
    for i, key in enumerate(st.keys):
        if st.kinds[i] == "organization" and key in outlet_keys:
            st.kinds[i] = "media"  # an outlet of the corpus cited by another outlet
    _relabel_surnames(st)
    _vote_kinds(st)
    _exact(st)
    _variants(st)
    _people(st)
    _organisations(st)

    labels = [st.uf.find(i) for i in range(n)]
    corr = corrections or Corrections()
    labels, forced = _structural_corrections(corr, labels, st)
    clusters, names, kinds, ids = _actors_of(labels, st, forced)

    # Corrections that name an actor (rename, kind, meta) resolve against these ids/names. A kind
    # may name the actor by its name before a rename in the same file or after it: both count.
    kind_before_rename = {ref: _find_actor(ref, labels, st, names, ids, aliases=False) for ref in corr.kind}
    for ref, new in corr.rename.items():
        for lab in _find_actor(ref, labels, st, names, ids):
            names[lab] = new
    for ref, kind in corr.kind.items():
        for lab in kind_before_rename[ref] | _find_actor(ref, labels, st, names, ids, aliases=False):
            kinds[lab] = kind
    for ref in corr.meta:
        for lab in _find_actor(ref, labels, st, names, ids):
            for i in clusters[lab]:
                if not st.meta[i]:
                    st.meta[i], st.meta_reason[i] = True, "corrections"

    outlet_of = {str(r.article_id): r.outlet for r in articles.itertuples(index=False)} if "outlet" in articles.columns else {}
    coref = everything[~named]
    meta_of = {mid: (st.meta_reason[i] if st.meta[i] else None) for i, mid in enumerate(m["mention_id"].tolist())}
    links = _coref_links(coref, {mid: ids[lab] for mid, lab in zip(m["mention_id"].tolist(), labels)}, meta_of)
    named_ids = [ids[lab] for lab in labels]
    links, lent = _same_description(coref, links, m, named_ids, meta_of)
    links = _undo_coref(links, coref, corr, names, ids, st)
    coref_rows = {
        str(mid): row
        for mid, *row in zip(coref["mention_id"].tolist(), coref["article_id"].tolist(), coref["label"].tolist(), coref["descriptor"].tolist(), strict=True)
    }
    by_actor: dict[str, list[tuple[str, str, str | None]]] = defaultdict(list)  # actor -> (article, label, descriptor)
    for mid, (actors_of, rule, meta) in links.items():
        if rule in BESIDE_NAME:
            continue  # "Apple CEO" Steve Jobs: one mention, its descriptor already counted
        article, label, descriptor = coref_rows[mid]
        for a in actors_of if not meta else []:
            # A plural description ("the two countries") describes no one actor.
            by_actor[a].append((str(article), str(label), descriptor if pd.notna(descriptor) and len(actors_of) == 1 else None))
    rows = []
    for lab, idx in clusters.items():
        name, kind = names[lab], kinds[lab]
        canon = name_key(name)
        for i in idx:
            written = st.norm_key(i)
            if st.rule[i] == "" or (not st.rule[i].startswith(("corrections", "meta")) and written == canon):
                st.rule[i] = "exact"
        story = [i for i in idx if not st.meta[i]]
        extra = by_actor.get(ids[lab], [])
        descs = Counter(str(st.descriptors[i]) for i in idx if pd.notna(st.descriptors[i]))
        descs.update(d for _, label, d in extra if label == "DESC" and d)
        descriptors = [d for d, _ in descs.most_common()]
        aliases = [a for a, _ in Counter(st.texts[i] for i in idx).most_common()]
        arts = sorted({st.articles[i] for i in story} | {a for a, _, _ in extra})
        outs = sorted({str(outlet_of[a]) for a in arts if isinstance(outlet_of.get(a), str)})
        rows.append(
            {
                "actor_id": ids[lab],
                "name": name,
                "kind": kind,
                "affiliation": _affiliation(kind, name, descriptors, idx, st),
                "aliases": aliases,
                "descriptors": descriptors,
                "n_mentions": len(story) + len(extra),
                "n_articles": len(arts),
                "outlets": outs,
                "is_meta": not story,
            }
        )
    # The resolved columns, built as plain lists and set once (cell-by-cell .at/.loc
    # writes cost ~50 us each, and there is one per description or pronoun).
    actor_col = everything["actor_id"].astype(object).tolist()
    rule_col = everything["resolved_by"].astype(object).tolist()
    kind_col = everything["kind"].astype(object).tolist()
    meta_col = everything["is_meta"].astype(object).tolist()
    reason_col = everything["meta_reason"].astype(object).tolist()
    for j, i in enumerate(np.flatnonzero(named).tolist()):
        actor_col[i], rule_col[i], meta_col[i], reason_col[i] = ids[labels[j]], st.rule[j], st.meta[j], st.meta_reason[j]
        kind_col[i] = st.kinds[j]  # after the corpus-level fixes (kind vote, surnames)
    actors_col = [[a] if isinstance(a, str) and a else [] for a in actor_col]
    mention_ids = everything["mention_id"].tolist()
    for i in np.flatnonzero(~named).tolist():
        meta_col[i] = False
        link = links.get(mention_ids[i])
        if link is None:
            continue
        actors_of, rule, meta = link
        actors_col[i] = actors_of
        actor_col[i] = actors_of[0] if len(actors_of) == 1 else None
        rule_col[i], meta_col[i], reason_col[i] = rule, meta is not None, meta
    ante_col = everything["antecedent_id"].astype(object).tolist()
    for i in np.flatnonzero(~named).tolist():
        if mention_ids[i] in lent and mention_ids[i] in links:
            ante_col[i] = lent[mention_ids[i]]
    out = everything.copy()
    for col, values in (
        ("antecedent_id", ante_col),
        ("actor_id", actor_col),
        ("resolved_by", rule_col),
        ("kind", kind_col),
        ("is_meta", meta_col),
        ("meta_reason", reason_col),
        ("actor_ids", actors_col),
    ):
        out[col] = pd.Series(values, index=out.index, dtype=object)
    actors = pd.DataFrame(rows).sort_values(["is_meta", "n_mentions", "name"], ascending=[True, False, True])
    return conform(out, MENTIONS), conform(actors, ACTORS)
