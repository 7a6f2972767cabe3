"""Researcher corrections of actors applied to the resolution: merge, split, and undoing coreference links.

Applied after the rules so that a person's correction always wins; names in corrections.yaml
are matched against names, aliases and actor ids so a file keeps working after a rename.
"""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

from storylens.actors.gazetteer import name_key
from storylens.actors.state import MAX_CHAIN, _canonical, _State, actor_id
from storylens.corrections import Corrections


def _find_actor(ref: str, labels: list[int], st: _State, names: dict[int, str], ids: dict[int, str], aliases: bool = True) -> set[int]:
    """Actors a correction names: by actor_id, canonical name or (optionally) any alias."""
    key = name_key(ref)
    found = {lab for lab, aid in ids.items() if aid == ref}
    found |= {lab for lab, n in names.items() if name_key(n) == key}
    if aliases:
        found |= {labels[i] for i in range(len(labels)) if st.norm_key(i) == key or st.text_key(i) == key}
    return found


def _actors_of(
    labels: list[int], st: _State, forced: dict[int, tuple[str, str]]
) -> tuple[dict[int, list[int]], dict[int, str], dict[int, str], dict[int, str]]:
    """Clusters with their canonical name, kind and id (forced names/kinds from corrections win)."""
    clusters: dict[int, list[int]] = defaultdict(list)
    for i, lab in enumerate(labels):
        clusters[lab].append(i)
    names: dict[int, str] = {}
    kinds: dict[int, str] = {}
    for lab, idx in clusters.items():
        names[lab], kinds[lab] = forced.get(lab) or _canonical(idx, st)
    ids = {lab: actor_id(kinds[lab], names[lab]) for lab in clusters}
    return clusters, names, kinds, ids


def _mention_matches(i: int, ref: str, st: _State) -> bool:
    key = name_key(ref)
    return st.keys[i] == key or st.text_key(i) == key


def _structural_corrections(corr: Corrections, labels: list[int], st: _State) -> tuple[list[int], dict[int, tuple[str, str]]]:
    """Apply merge, split and alias-level kind corrections, which change the clustering.

    merge: the listed actors become one, named by the first entry.
    split: mentions written as the 2nd, 3rd... name leave the actor and form their own.
    kind on an alias that is not the actor's name ("Kyiv" inside Ukraine): those mentions
    become their own actor of that kind, since the researcher disagrees with the rule that
    put them there."""
    labels = list(labels)
    forced: dict[int, tuple[str, str]] = {}
    fresh = max(labels) + 1

    for group in corr.merge:
        clusters, names, kinds, ids = _actors_of(labels, st, forced)
        found = [_find_actor(ref, labels, st, names, ids) for ref in group]
        everyone = set().union(*found)
        if len(everyone) < 2:
            continue
        target = min(found[0]) if found[0] else min(everyone)
        first = group[0]
        name = names[next(iter(found[0]))] if first in ids.values() and found[0] else first
        for i, lab in enumerate(labels):
            if lab in everyone and lab != target:
                labels[i] = target
                st.rule[i] = "corrections:merge"
        forced[target] = (name, kinds[target])

    for group in corr.split:
        clusters, _, _, _ = _actors_of(labels, st, forced)
        for idx in list(clusters.values()):
            hit = [ref for ref in group if any(_mention_matches(i, ref, st) for i in idx)]
            if len(hit) < 2:
                continue
            for ref in hit[1:]:
                moved = [i for i in idx if _mention_matches(i, ref, st)]
                for i in moved:
                    labels[i] = fresh
                    st.rule[i] = "corrections:split"
                fresh += 1

    for ref, kind in corr.kind.items():
        clusters, names, kinds, ids = _actors_of(labels, st, forced)
        if _find_actor(ref, labels, st, names, ids, aliases=False):
            continue  # names a whole actor: handled as a kind change, not a split
        moved = [i for i in range(len(labels)) if _mention_matches(i, ref, st)]
        if moved:
            for i in moved:
                labels[i] = fresh
                st.rule[i] = "corrections:kind"
            forced[fresh] = (st.norms[moved[0]], kind)
            fresh += 1
    return labels, forced


def _coref_links(coref: pd.DataFrame, actor_of: dict[str, str], meta_of: dict[str, str | None]) -> dict[str, tuple[list[str], str, str | None]]:
    """mention_id of a description/pronoun -> (its actors, resolved_by, meta_reason), following
    antecedent chains to named mentions; the rule recorded is the mention's own, the meta
    reason the antecedent's ("he" of a bio is meta as the bio's name is)."""
    ante = {str(r.mention_id): str(r.antecedent_id).split(";") for r in coref.itertuples(index=False) if isinstance(r.antecedent_id, str) and r.antecedent_id}
    rules = dict(zip(coref["mention_id"].astype(str), coref["coref_rule"]))

    def walk(mid: str, depth: int) -> tuple[list[str], str | None] | None:
        if mid in actor_of:
            return [actor_of[mid]], meta_of.get(mid)
        if depth >= MAX_CHAIN or mid not in ante:
            return None
        found: list[str] = []
        meta = None
        for a in ante[mid]:
            got = walk(a, depth + 1)
            if got is None:
                return None
            found += [x for x in got[0] if x not in found]
            meta = meta or got[1]
        return found, meta

    out: dict[str, tuple[list[str], str, str | None]] = {}
    for mid in ante:
        got = walk(mid, 0)
        if got is not None:
            out[mid] = (got[0], f"coref:{rules.get(mid)}", got[1])
    return out


def _undo_coref(
    links: dict[str, tuple[list[str], str, str | None]], coref: pd.DataFrame, corr: Corrections, names: dict[int, str], ids: dict[int, str], st: _State
) -> dict[str, tuple[list[str], str, str | None]]:
    """A `split` correction that names an actor and a description or pronoun (by its text,
    "the minister", or its mention_id) undoes those links: the description keeps no actor."""
    if not corr.split or not links:
        return links
    text_of = {
        str(r.mention_id): (name_key(str(r.text)), name_key(r.descriptor if isinstance(r.descriptor, str) else "")) for r in coref.itertuples(index=False)
    }
    out = dict(links)
    for group in corr.split:
        actors_named = set()
        for ref in group:
            labs = _find_actor(ref, [], st, names, ids, aliases=False)
            actors_named |= {ids[lab] for lab in labs}
        keys = {name_key(ref) for ref in group}
        for mid, (actors_of, _, meta) in links.items():
            if (mid in group or keys & set(text_of[mid])) and actors_named & set(actors_of):
                out[mid] = ([a for a in actors_of if a not in actors_named], "corrections:split", meta)
    return out
