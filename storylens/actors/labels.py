"""How each outlet names each actor: the labels table.

Why a table of its own: "Russian President" in one outlet and "Russian dictator" in
another, or "Moscow" where another writes "Russia", is the comparison media researchers
make by hand. Every count here is exact and carries its evidence (the mention ids and the
"article_id:sentence_id" of each sentence), so a reader can open the sentences behind it.

Label kinds:
- name: the name as written, possessive dropped, a leading "The" lowered ("Putin");
- descriptor: a title or apposition beside a name ("Russian dictator");
- description: a description standing for the actor on its own ("the Kremlin leader");
- metonym: a capital or seat of government standing for its state ("Moscow", "Kremlin");
- pronoun: "he", "she", "they" linked to the actor.
Meta mentions (authors, photo credits, the outlet naming itself) are not counted.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from storylens.tables import DESCRIPTOR_RULES, LABELS, conform

_METONYM_RULES = frozenset({"gazetteer:capital", "gazetteer:seat"})
_BESIDE_NAME = frozenset(f"coref:{r}" for r in DESCRIPTOR_RULES)


def _name_label(text: str) -> str:
    s = re.sub(r"\s+", " ", text.replace("\u2019", "'")).strip()
    s = re.sub(r"(?:'s|')$", "", s).strip()
    return re.sub(r"^The\b", "the", s)


def _labels_of(label: Any, text: Any, resolved_by: Any, descriptor: Any) -> list[tuple[str, str]]:
    """(label, label_kind) pairs one mention contributes."""
    if label == "PRON":
        return [(str(text).lower(), "pronoun")]
    if label == "DESC":
        if resolved_by in _BESIDE_NAME:
            return []  # "Apple CEO" Steve Jobs: counted as the name's descriptor
        return [(_name_label(str(text)), "description")]
    kind = "metonym" if resolved_by in _METONYM_RULES else "name"
    out = [(_name_label(str(text)), kind)]
    if isinstance(descriptor, str) and descriptor:
        out += [(d.strip(), "descriptor") for d in descriptor.split(";") if d.strip()]
    return out


_COLUMNS = ("mention_id", "article_id", "sentence_id", "label", "text", "resolved_by", "descriptor", "actor_id", "actor_ids")


def build_labels(mentions: pd.DataFrame, articles: pd.DataFrame, sentences: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per (outlet, actor, label, label_kind) with counts and evidence.

    `mentions` are resolved MENTIONS rows (actor_ids filled); `articles` gives each
    article's outlet; `sentences` (optional) gives the example sentence's text. A plural
    description ("the two countries") counts once for each actor it stands for."""
    if mentions.empty:
        return conform(None, LABELS)
    outlet_of = dict(zip(articles["article_id"].astype(str), articles["outlet"].fillna("unknown").astype(str)))
    text_of = {}
    if sentences is not None and not sentences.empty:
        text_of = {f"{a}:{int(s)}": str(t) for a, s, t in zip(sentences["article_id"], sentences["sentence_id"], sentences["text"])}
    groups: dict[tuple[str, str, str, str], dict] = {}
    story = mentions[~mentions["is_meta"].fillna(False).astype(bool)]
    # Plain column lists (iterrows cost ~0.1 ms a mention); a frame without actor_ids counts actor_id only.
    columns = [story[c].tolist() if c in story.columns else [None] * len(story) for c in _COLUMNS]
    for mention_id, article_id, sentence_id, label, text, resolved_by, descriptor, actor_id, listed in zip(*columns, strict=True):
        actors_of = [str(x) for x in listed] if listed is not None and not isinstance(listed, str | float) else []
        if not actors_of and isinstance(actor_id, str):
            actors_of = [actor_id]
        aid = str(article_id)
        ref = f"{aid}:{int(sentence_id)}" if pd.notna(sentence_id) else aid
        for actor in actors_of:
            for name, kind in _labels_of(label, text, resolved_by, descriptor):
                g = groups.setdefault((outlet_of.get(aid, "unknown"), actor, name, kind), {"mentions": [], "refs": [], "seen": set(), "articles": set()})
                g["mentions"].append(str(mention_id))
                if ref not in g["seen"]:
                    g["seen"].add(ref)
                    g["refs"].append(ref)
                g["articles"].add(aid)
    rows = [
        {
            "outlet": outlet,
            "actor_id": actor,
            "label": label,
            "label_kind": kind,
            "count": len(g["mentions"]),
            "n_articles": len(g["articles"]),
            "sentence_refs": g["refs"],
            "mention_ids": g["mentions"],
            "example": text_of.get(g["refs"][0]),
        }
        for (outlet, actor, label, kind), g in groups.items()
    ]
    if not rows:  # mentions, but none with an actor (all meta, or descriptions without an antecedent)
        return conform(None, LABELS)
    out = pd.DataFrame(rows).sort_values(["actor_id", "outlet", "count", "label"], ascending=[True, True, False, True])
    return conform(out, LABELS)
