"""From a decoded input record to an article row: clean text, title, authors, outlet, date, language.

Every value records where it came from (`*_how`), in this order of trust:
    corrections.yaml > manifest.csv > the file's own metadata (HTML/JSON/CSV fields)
    > what the text says about itself > inference > unknown
so a researcher can see which facts were given and which Storylens guessed.
This stage is a pure function of one record (plus manifest and corrections): cheap,
deterministic, and re-run on every build.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from storylens import segments
from storylens.corrections import Corrections
from storylens.ingest.clean import clean_text
from storylens.ingest.dedupe import normalise
from storylens.ingest.fetch import looks_like_wall
from storylens.ingest.field_dates import FieldDate, parse_field_date
from storylens.ingest.html import extract_html
from storylens.ingest.metadata import KNOWN_OUTLETS, authors_from_byline, detect_language, domain_of, outlet_from_domain, outlet_from_text
from storylens.ingest.readers import RawArticle, Reject
from storylens.settings import Settings
from storylens.timeline.published import infer_from_clues, published_clues

UNKNOWN_OUTLET = "unknown"
PUBLISHED_CLUE_CHARS = 20_000


@dataclass
class Prepared:
    """An article row (columns of tables.ARTICLES) plus the boilerplate names it carried."""

    row: dict[str, Any]
    meta_names: list[tuple[str, str]] = field(default_factory=list)
    """(name, reason) found in removed boilerplate: bio people, photo credits, the byline."""


def _as_authors(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return authors_from_byline(value) if value.strip() else []
    return [str(v).strip() for v in value if str(v).strip()]


def _as_date(value: Any, order: str | None, language: Any) -> FieldDate:
    """A field's date through the one field-date parser; a list (JSON) gives its first value."""
    if isinstance(value, list):
        value = value[0] if value else None
    return parse_field_date(value, order=order, language=str(language) if language else None)


def article_id_for(outlet: str, text: str) -> str:
    """Stable id: the same text from the same outlet is the same article, whatever the file is called."""
    return hashlib.sha1(f"{outlet.lower()}\n{normalise(text)}".encode()).hexdigest()[:16]


def prepare(raw: RawArticle, manifest: dict[str, Any], corrections: Corrections, settings: Settings) -> Prepared | Reject:
    """Clean one record and settle its metadata; a record with no usable body is rejected."""
    detected: dict[str, Any] = dict(raw.meta)
    body_source = raw.text
    if raw.html is not None:
        page = extract_html(raw.html, url=detected.get("url"))
        if not page.text:
            return Reject(raw.source_file, "no_text", f"{raw.source_file}: no article body found in the HTML", raw.content_hash)
        if looks_like_wall(page.text):
            return Reject(
                raw.source_file,
                "paywall_or_consent",
                f"{raw.source_file}: the page's text is a consent or subscription wall, not the article",
                raw.content_hash,
            )
        body_source = page.text
        for key, value in (
            ("title", page.title),
            ("authors", page.authors),
            ("published", page.published),
            ("outlet", page.outlet),
            ("url", page.url),
            ("language", page.language),
        ):
            if value and key not in detected:
                detected[key] = value
    given_title = manifest.get("title") or detected.get("title")
    given_authors = _as_authors(manifest.get("authors")) or _as_authors(detected.get("authors"))
    cleaned = clean_text(body_source or "", title=given_title, authors=given_authors or None)
    body = cleaned.body.strip()
    n_words = len(body.split())
    if n_words < settings.min_words:
        return Reject(raw.source_file, "no_text", f"{raw.source_file}: {n_words} words of body after cleaning (minimum {settings.min_words})", raw.content_hash)

    fix = corrections.articles.get(raw.source_file, {})
    row: dict[str, Any] = {"source_file": raw.source_file, "input_format": raw.input_format, "content_hash": raw.content_hash, "text": body, "n_words": n_words}

    def settle(key: str, text_value: Any = None, corrected: bool = True) -> tuple[Any, str]:
        for how, source in (("corrections", fix if corrected else {}), ("manifest", manifest), ("metadata", detected)):
            if source.get(key) not in (None, "", []):
                return source[key], how
        if text_value not in (None, "", []):
            return text_value, "text"
        return None, "unknown"

    row["url"], _ = settle("url")
    row["domain"] = domain_of(row["url"])
    row["title"], row["title_how"] = settle("title", cleaned.title)
    authors, row["authors_how"] = settle("authors", cleaned.authors)
    row["authors"] = _as_authors(authors)
    if row["authors_how"] == "unknown":
        row["authors_how"] = "none"

    def settle_outlet(corrected: bool) -> tuple[str, str]:
        outlet, how = settle("outlet", corrected=corrected)
        known = KNOWN_OUTLETS.get(row["domain"] or "") or next((v for k, v in KNOWN_OUTLETS.items() if (row["domain"] or "").endswith("." + k)), None)
        if how == "metadata" and known and isinstance(outlet, str) and " " not in outlet and outlet.islower():
            # A source code in the data ("nyt", "fox") names the outlet less well than its url does.
            outlet, how = known, "url"
        if outlet is None and row["domain"]:
            outlet, how = outlet_from_domain(row["domain"]), "url"
        if outlet is None and detected.get("source_domain"):
            # news-please's source_domain, Media Cloud's media_url, GDELT's Domain: the outlet's site, when no url says more.
            outlet, how = outlet_from_domain(domain_of(str(detected["source_domain"]))), "metadata"
        if outlet is None:
            outlet, how = outlet_from_text(body, cleaned.removed), "text"
        return (outlet, how) if outlet else (UNKNOWN_OUTLET, "unknown")

    row["outlet"], row["outlet_how"] = settle_outlet(corrected=True)
    # The article's identity comes from the outlet its input names, not from a researcher's correction:
    # correcting an outlet must not change the id that links, other corrections and citations use.
    row["_identity_outlet"] = settle_outlet(corrected=False)[0] if fix.get("outlet") else row["outlet"]

    published, how = settle("published")
    given_language = settle("language")[0]
    field_date = _as_date(published, settings.date_order, given_language) if published not in (None, "", []) else None
    if field_date is not None and field_date.day is not None:
        confidence = 0.5 if field_date.ambiguous else 1.0
        row.update(published=field_date.day, published_how=how, published_confidence=confidence, published_evidence=field_date.evidence(how))
    elif field_date is not None:
        # Never replaced silently by an inferred day: the article keeps the value it stated, in words.
        row.update(published=None, published_how="field_unparsed", published_confidence=None, published_evidence=field_date.evidence(how))
    else:
        # The clues of a publication day stand near the top; the clue grammar costs
        # super-linear time in the text's length (66 s for 370 KB), so it reads the start only.
        clues = published_clues(body[:PUBLISHED_CLUE_CHARS], row["url"], raw.source_file)
        row["_published_clues"] = clues  # kept for the corpus pass (storylens.timeline.corpus.date_across_corpus), then dropped
        day, confidence, evidence = infer_from_clues(clues)
        if day is None:
            row.update(published=None, published_how="unknown", published_confidence=None, published_evidence=evidence)
        else:
            row.update(published=day, published_how="inferred", published_confidence=confidence, published_evidence=evidence)

    language, how = settle("language")
    # The first few thousand characters decide the language as well as the whole text, at a fraction of the cost.
    detected_lang, score = detect_language(body[:1500])
    if language and (how != "metadata" or str(language).lower()[:2] == detected_lang or score < 0.9):
        # A researcher's word wins; a page's <html lang> only when the text does not clearly contradict it
        # (site templates often declare lang="en" on every page).
        row["language"], row["language_score"] = str(language).lower()[:2], 1.0
    else:
        row["language"], row["language_score"] = detected_lang, score
    row["status"] = "analysed" if row["language"] in settings.analysed_languages else "not_analysed_language"
    row["encoding"] = raw.encoding
    row["warnings"] = [*raw.warnings, *manifest.get("_warnings", []), *(segments.warnings_for(body) if row["status"] == "analysed" else [])]
    # Lines an export splitter took out (copyright, indexing, section, length) come first.
    removed = [tuple(x) for x in detected.get("_removed", [])] + list(cleaned.removed)
    row["removed"] = "\n".join(f"{kind}: {text}" for kind, text in removed)
    row["article_id"] = article_id_for(row["_identity_outlet"], body)

    meta_names = [(a, "author") for a in row["authors"]]
    meta_names += [(n, "bio") for n in cleaned.bio_names]
    meta_names += [(n, "photo_credit") for n in cleaned.credits]
    if row["outlet"] != UNKNOWN_OUTLET:
        meta_names.append((row["outlet"], "outlet_self"))
    return Prepared(row, meta_names)
