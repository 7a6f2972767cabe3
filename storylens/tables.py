"""Every table Storylens writes, declared once: columns, dtypes and what each column holds.

Why one module: the build, the store, the dashboard loaders and the tests all need
the same column lists; keeping them here means a renamed column breaks loudly in one
place instead of silently in five. `conform()` is the single gate every table passes
through before it is written, so a Parquet file always has exactly these columns in
this order with these dtypes, even when it has no rows.

Dtype vocabulary (pandas nullable types, so missing values stay missing):
  "string"  text            "Int64"  integer       "float64" real number
  "boolean" true/false      "date"   calendar day (datetime.date, Parquet date32)
  "list"    list of strings (Parquet list<string>)
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str
    doc: str


@dataclass(frozen=True)
class Table:
    name: str
    row: str
    columns: tuple[Column, ...]

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


def _t(name: str, row: str, *cols: tuple[str, str, str]) -> Table:
    return Table(name, row, tuple(Column(*c) for c in cols))


# Columns shared by every row that comes from text: the way back to the words.
_TRACE = (
    ("article_id", "string", "Article the row comes from (articles.article_id)."),
    ("sentence_id", "Int64", "0-based index of the sentence within the article (sentences.sentence_id)."),
    ("start", "Int64", "Character offset where the span starts in articles.text."),
    ("end", "Int64", "Character offset just past the span's end in articles.text."),
)

ARTICLES = _t(
    "articles",
    "input article (a file, or a row of a JSON/JSONL/CSV file)",
    ("article_id", "string", "Stable id: hash of outlet + normalised clean text."),
    ("source_file", "string", "Input path as given (relative to the input root), with '#row' for rows of JSON/CSV files."),
    (
        "input_format",
        "string",
        "txt / html / json / jsonl / csv / rtf / docx / lexisnexis_<txt|rtf|docx|html> / factiva_<...>; '+fetched' when the page came from a URL row (e.g. url_list+fetched).",
    ),
    ("outlet", "string", "Publishing outlet; 'unknown' when nothing tells."),
    ("outlet_how", "string", "Where outlet came from: manifest / metadata / url / text / corrections / unknown."),
    ("domain", "string", "Host of url without 'www.', when a url is known."),
    ("url", "string", "Article URL when known."),
    ("title", "string", "Headline."),
    ("title_how", "string", "manifest / metadata / text / corrections."),
    ("authors", "list", "Byline authors."),
    ("authors_how", "string", "manifest / metadata / text / none."),
    ("published", "date", "Publication day, when known or inferred."),
    (
        "published_how",
        "string",
        "manifest / metadata / text / inferred / corrections / unknown / field_unparsed (a date field that could not be read: published left empty, the value in published_evidence).",
    ),
    ("published_confidence", "float64", "1.0 when given (0.5 for an ambiguous numeric date, see published_evidence); the inference's confidence otherwise."),
    ("published_evidence", "string", "In words, what the publication date rests on."),
    ("language", "string", "ISO 639-1 code detected from the text (or given)."),
    ("language_score", "float64", "Confidence of the language detection (0-1)."),
    ("status", "string", "analysed / not_analysed_language / duplicate (analysed rows only get NLP tables)."),
    ("text", "string", "Clean body text; every offset in every table points into it."),
    ("removed", "string", "Boilerplate removed from the raw text, one 'kind: text' per line, for review."),
    ("n_words", "Int64", "Words in the clean text."),
    ("n_sentences", "Int64", "Sentences in the clean text."),
    ("duplicate_of", "string", "article_id of the earlier identical or near-identical article, if any."),
    ("duplicate_similarity", "float64", "Similarity to duplicate_of (1.0 identical)."),
    ("content_hash", "string", "Hash of the raw input bytes (or of the JSON/CSV row)."),
    ("encoding", "string", "How the input bytes were decoded: utf-8 / utf-8-sig / utf-16 / utf-32 (byte-order mark) / a detected one (cp1252, ...)."),
    ("warnings", "list", "What the build changed or doubted about this article (a line broken before parsing, a manifest value ignored), in words."),
    ("analysis_key", "string", "Hash of text, date, settings and pipeline version: a rebuild re-analyses the article only when it changes."),
    ("story_id", "string", "Story the article belongs to (filled by the comparison stage)."),
)

SENTENCES = _t(
    "sentences",
    "sentence of an analysed article",
    ("article_id", "string", "Article the sentence belongs to."),
    ("sentence_id", "Int64", "0-based index of the sentence within the article."),
    ("start", "Int64", "Offset of the first character in articles.text."),
    ("end", "Int64", "Offset just past the last character in articles.text."),
    ("paragraph", "Int64", "0-based paragraph index (paragraphs are separated by blank lines)."),
    ("text", "string", "The sentence as it stands in articles.text."),
)

MENTIONS = _t(
    "mentions",
    "name or description of an actor in a sentence",
    ("mention_id", "string", "Stable id: article_id:start-end."),
    *_TRACE,
    ("text", "string", "The mention as written."),
    ("label", "string", "spaCy NER label (PERSON, ORG, GPE, NORP, LOC, FAC), DESC for a description ('the minister') or PRON for a pronoun ('he')."),
    ("kind", "string", "person / organization / country / place / media / group / other, after gazetteer fixes."),
    ("descriptor", "string", "Title or apposition around the name ('British Defense Minister')."),
    ("norm", "string", "Normalised name used for resolution (possessive, titles and spacing removed)."),
    ("actor_id", "string", "Resolved actor (actors.actor_id)."),
    ("resolved_by", "string", "Rule that attached this mention to its actor (exact, surname, gazetteer, fuzzy, corrections ...)."),
    ("is_meta", "boolean", "Not part of the story: the article's own author, a photo agency, the outlet naming itself."),
    ("meta_reason", "string", "Why is_meta is true (author / bio / photo_credit / outlet_self / corrections)."),
    ("antecedent_id", "string", "DESC/PRON only: mention_id(s) in the same article it refers to, ';'-joined when plural ('the two countries')."),
    ("coref_rule", "string", "DESC/PRON only: rule that chose the antecedent (desc:title_match, pron:speaker ...) or why none was (unresolved:ambiguous ...)."),
    ("actor_ids", "list", "Every actor the mention stands for: one for names, several for a plural description ('the two countries')."),
)

DESCRIPTOR_RULES = frozenset({"desc:title", "desc:apposition"})
"""`coref_rule`s of descriptions written beside the name they describe ("Apple CEO" Steve
Jobs, "Steve Jobs, the Apple CEO"): the named row already carries them as its `descriptor`,
so counts of mentions and labels skip these rows."""

ACTORS = _t(
    "actors",
    "resolved actor, across the corpus",
    ("actor_id", "string", "Stable id derived from kind and canonical name."),
    ("name", "string", "Canonical name (the longest full form seen, or the gazetteer's name)."),
    ("kind", "string", "person / organization / country / place / media / group / other."),
    ("affiliation", "string", "Country or organisation the actor belongs to, when a descriptor or the gazetteer says."),
    ("aliases", "list", "Every surface form that was resolved to this actor."),
    ("descriptors", "list", "Titles and appositions used for this actor."),
    ("n_mentions", "Int64", "Story mentions (is_meta excluded)."),
    ("n_articles", "Int64", "Articles with at least one story mention."),
    ("outlets", "list", "Outlets that mention the actor."),
    ("is_meta", "boolean", "True when every mention is meta (authors, agencies): hidden from the story views."),
)

LABELS = _t(
    "labels",
    "way one outlet names one actor (a name form, a title, a description, a metonym or a pronoun)",
    ("outlet", "string", "Outlet of the articles (articles.outlet)."),
    ("actor_id", "string", "Actor named (actors.actor_id)."),
    ("label", "string", "The name form or descriptor as used ('Russian dictator', 'the Kremlin leader', 'Moscow')."),
    (
        "label_kind",
        "string",
        "name / descriptor (title or apposition beside a name) / description (stands alone) / metonym (capital or seat for a state) / pronoun.",
    ),
    ("count", "Int64", "Mentions of the actor with this label in this outlet."),
    ("n_articles", "Int64", "Articles of the outlet that use the label for the actor."),
    ("sentence_refs", "list", "Evidence: 'article_id:sentence_id' of every sentence using the label."),
    ("mention_ids", "list", "Evidence: the mentions (mentions.mention_id) counted."),
    ("example", "string", "Text of the first sentence using the label."),
)

TIMEXES = _t(
    "timexes",
    "temporal expression (TimeML TIMEX3) in a sentence",
    ("timex_id", "string", "Stable id: article_id:start-end."),
    *_TRACE,
    ("text", "string", "The expression as written."),
    ("type", "string", "DATE / TIME / DURATION / SET."),
    ("value", "string", "TimeML TIMEX3 value as TempEval-3 writes it (2024-01-04, 2023-12, 2024-W01, PAST_REF, P3M ...)."),
    ("date_start", "date", "First day of the resolved interval (empty when unknown)."),
    ("date_end", "date", "Last day of the resolved interval (empty when unknown)."),
    ("granularity", "string", "day / week / month / quarter / year / decade / time / none."),
    ("anchor", "string", "What it was resolved against: published / explicit:<value> / previous:<value> / none."),
    ("confidence", "float64", "Confidence of the resolved value (0-1)."),
    ("alternatives", "list", "Other candidate values, most likely first."),
)

EVENTS = _t(
    "events",
    "event (taxonomy predicate or event noun) mentioned in a sentence",
    ("event_id", "string", "Stable id: article_id:start-end of the trigger (the same id as interactions.event_id)."),
    ("article_id", "string", "Article the event is mentioned in."),
    ("sentence_id", "Int64", "0-based sentence of the trigger."),
    ("start", "Int64", "Offset of the trigger word in articles.text."),
    ("end", "Int64", "Offset just past the trigger word."),
    ("trigger", "string", "The trigger as written ('fired', 'attack', 'briefing')."),
    ("lemma", "string", "Lemma of the trigger."),
    ("pos", "string", "verb / noun: what kind of word the trigger is."),
    ("event_type", "string", "Class of storylens.network.taxonomy (statement, assault/attack, aid/transfer, consult/meet, ..., other)."),
    ("date_start", "date", "First day of the event's date interval (empty when undated)."),
    ("date_end", "date", "Last day of the event's date interval."),
    ("granularity", "string", "day / week / month / year / ... of the date used (from the expression), 'day' for publication."),
    ("date_how", "string", "own_expression / reporting_event / sentence_expression / publication / none: where the date comes from."),
    ("timex_id", "string", "The expression the date comes from (timexes.timex_id), for own_expression and sentence_expression."),
    ("date_confidence", "float64", "0-1: the expression's confidence, lowered for borrowed dates (reporting event, sentence, publication)."),
    ("certainty", "string", "asserted / reported / planned / negated / hedged, read from the parse above the trigger."),
    ("is_planned", "boolean", "A future or intended event (planned certainty, or dated after publication), not something that happened."),
    ("reporting_event_id", "string", "The statement event that reports this one ('Kirby said that Russia fired ...')."),
    ("reported_by_mention_id", "string", "Mention of the speaker of the reporting statement or of 'according to X'."),
    ("reported_by_text", "string", "The speaker as written."),
    ("reported_by", "string", "Resolved actor of the speaker (actors.actor_id), filled by attach_event_actors."),
    ("agent_mention_ids", "list", "Mentions of who did it (subject, passive agent, possessor of an event noun)."),
    ("mention_ids", "list", "Every participant mention, agents first (mentions.mention_id)."),
    ("actor_ids", "list", "Resolved actors of the participants, agents first; meta actors left out (attach_event_actors)."),
    ("agent_actor_ids", "list", "Resolved actors of the agents only (attach_event_actors)."),
    ("keywords", "list", "Content-word lemmas of the trigger's sentence, for matching the same event across articles."),
    ("story_event_id", "string", "The same real-world event across articles and mentions (link_story_events)."),
)

QUOTES = _t(
    "quotes",
    "quotation or reported statement (one contiguous stretch of content)",
    ("quote_id", "string", "Stable id: article_id:start-end."),
    ("article_id", "string", "Article the quote comes from."),
    ("sentence_id", "Int64", "0-based sentence where the content starts."),
    ("paragraph", "Int64", "0-based paragraph where the content starts (paragraphs split on line breaks)."),
    ("start", "Int64", "Offset where the quoted content starts (inside the quotation marks)."),
    ("end", "Int64", "Offset just past the quoted content."),
    ("text", "string", "The quoted content as written."),
    ("kind", "string", "direct (in quotation marks) / indirect (reported speech) / mixed (paraphrase with a quoted part)."),
    ("attribution_id", "Int64", "Rows with the same value are parts of one attribution (a quote split around its cue)."),
    (
        "is_speech",
        "boolean",
        "True when the row reports words (a quotation, a clause after a verb of saying, 'according to'); false for an act, stance or state of mind "
        "('Britain condemned the strikes', 'vowed to strengthen ties', 'issued a warning'), which PolNeAR counts as attribution but the Quotes tab leaves out.",
    ),
    ("cue", "string", "Reporting verb or phrase (said, told reporters, according to)."),
    ("cue_start", "Int64", "Offset of the cue."),
    ("cue_end", "Int64", "Offset just past the cue."),
    ("source_start", "Int64", "Offset of the speaker span, when the speaker is named in the attribution."),
    ("source_end", "Int64", "Offset just past the speaker span."),
    ("speaker_text", "string", "Speaker as written (a name, a description or a pronoun)."),
    ("speaker_resolved_text", "string", "Named speaker a pronoun or description refers to (nearest preceding named speaker)."),
    ("speaker_how", "string", "subject / according_to / possessor / colon / signature / previous_quote / none: how the speaker was found."),
    ("addressee", "string", 'Who was spoken to, when the cue names it ("reporters" in "told reporters").'),
    ("speaker_actor_id", "string", "Resolved actor of the speaker (filled by the build)."),
    ("quote_group_id", "string", "The same statement quoted in several articles (compare.quote_groups.group_quotes)."),
    (
        "match",
        "string",
        "verbatim / shortened (the same words, cut at the start or end) / edited / paraphrased relative to the group's other quotes; empty for singletons.",
    ),
    ("diff", "string", "What changed: +[added] -dropped ~variant (punctuation and apostrophe variants)."),
)

CITATIONS = _t(
    "citations",
    "source an article cites in a sentence (a quoted speaker, another outlet, a document, an anonymous source)",
    ("citation_id", "string", "Stable id: article_id:start-end of the cited span (of the cue when the source is not written)."),
    ("article_id", "string", "Citing article (articles.article_id)."),
    ("sentence_id", "Int64", "Sentence where the source is named (or where the cue stands)."),
    ("start", "Int64", "Offset of the cited source span in articles.text (empty when only a pronoun chain leads to it)."),
    ("end", "Int64", "Offset just past the cited source span."),
    ("cited_text", "string", "The source as written ('U.S. intelligence', 'a BBC report', 'who')."),
    (
        "cited_actor_id",
        "string",
        "Actor the source is or belongs to (the author of a report, the state of an intelligence service); empty for anonymous or unresolved sources.",
    ),
    ("cited_name", "string", "Canonical name of cited_actor_id, else the source as written."),
    ("cited_kind", "string", "official / media / document / intelligence / anonymous / expert / person / organization (see storylens.compare.citations)."),
    ("cue", "string", "Words that mark the citation ('told reporters', 'according to', 'reported', 'pointing to')."),
    ("cue_start", "Int64", "Offset of the cue."),
    ("cue_end", "Int64", "Offset just past the cue."),
    ("quote_id", "string", "Quote the citation backs (quotes.quote_id), when it comes from a quote."),
    ("rule", "string", "How it was found: quote (a quote's speaker) / cue:<pattern> (a citation phrase around a mention)."),
    ("outlet", "string", "Outlet of the citing article."),
    ("n_quotes", "Int64", "Quotes in the article attributed to this source (same actor, or same written source)."),
)

INTERACTIONS = _t(
    "interactions",
    "directed edge between two actors in one sentence (or a co-mention pair)",
    ("edge_id", "string", "Stable id: article_id:predicate start-end:source start-end:target start-end."),
    ("edge_kind", "string", "interaction (read from the parse) / co-mention (same sentence only, weaker)."),
    ("article_id", "string", "Article the edge comes from."),
    ("sentence_id", "Int64", "0-based sentence index within the article."),
    ("start", "Int64", "Offset of the predicate (verb or event noun) in articles.text; of the first mention for co-mentions."),
    ("end", "Int64", "End offset of the predicate; of the last mention for co-mentions."),
    ("source_mention_id", "string", "Mention of the acting actor (mentions.mention_id)."),
    ("target_mention_id", "string", "Mention of the actor acted upon (mentions.mention_id)."),
    ("source_text", "string", "Source mention as written."),
    ("target_text", "string", "Target mention as written."),
    ("source_actor_id", "string", "Resolved source actor (actors.actor_id)."),
    ("target_actor_id", "string", "Resolved target actor (actors.actor_id)."),
    ("predicate", "string", "Lemma of the verb or event noun ('' for co-mentions)."),
    ("event_type", "string", "Class of storylens.network.taxonomy (statement, aid/transfer, assault/attack, ..., other)."),
    ("event_id", "string", "The predicate's event: article_id:start-end, shared with the timeline's events."),
    ("date_start", "date", "First day of the event's date, when the timeline resolved one."),
    ("outlet", "string", "Outlet of the article, joined for filters."),
    ("certainty", "string", "asserted / reported / alleged / unconfirmed (a negated 'confirm', 'verify') / denied / negated / planned."),
    ("rule", "string", "Construction that produced the edge: active, passive, prep, coord, control, nominal, between, chain, source, reported, co-mention."),
)

# What the per-article stage writes for an edge: actor ids, the event's date and the outlet
# are joined after resolution (storylens.network.co_mentions.attach_actors, the pipeline).
EDGE_COLUMNS: list[str] = [c for c in INTERACTIONS.names if c not in {"source_actor_id", "target_actor_id", "date_start", "outlet"}]

ALIGNMENTS = _t(
    "alignments",
    "pair of sentences from two articles of the same story that report the same thing",
    ("story_id", "string", "Story both articles belong to (articles.story_id)."),
    ("article_a", "string", "First article (the one with the smaller article_id)."),
    ("sentence_a", "Int64", "sentence_id of the sentence in article_a."),
    ("start_a", "Int64", "Offset of that sentence in article_a's text."),
    ("end_a", "Int64", "End offset of that sentence in article_a's text."),
    ("outlet_a", "string", "Outlet of article_a."),
    ("article_b", "string", "Second article."),
    ("sentence_b", "Int64", "sentence_id of the sentence in article_b."),
    ("start_b", "Int64", "Offset of that sentence in article_b's text."),
    ("end_b", "Int64", "End offset of that sentence in article_b's text."),
    ("outlet_b", "string", "Outlet of article_b."),
    ("similarity", "float64", "Lexical similarity 0-1: mean cosine of word (1-2 gram) and character (3-5 gram) TF-IDF vectors."),
    ("verbatim", "float64", "rapidfuzz partial ratio 0-1: how much of the shorter sentence appears word for word in the longer one."),
    (
        "relation",
        "string",
        "same (near-verbatim) / paraphrase / related (same event, different detail) / topical (same story, sharing only its common names and words: never one claim) / conflicting (one side denies or cannot confirm).",
    ),
    ("shared_terms", "list", "Content words both sentences use, most distinctive first: why they were aligned."),
    ("conflict_cue", "string", "For conflicting pairs: the denial or uncertainty words ('cannot confirm', 'denied')."),
    ("conflict_side", "string", "For conflicting pairs: a or b, the sentence that carries the cue."),
    ("same_outlet", "boolean", "Both articles come from the same outlet (a follow-up or a second edition, not an independent report)."),
)

CLAIMS = _t(
    "claims",
    "claim: a cluster of aligned sentences (at most one per article) within a story",
    ("claim_id", "string", "Stable id: hash of the story and the member sentences."),
    ("story_id", "string", "Story the claim belongs to."),
    ("summary", "string", "Representative sentence: the member most similar to the others."),
    ("summary_article_id", "string", "Article of the representative sentence."),
    ("summary_sentence_id", "Int64", "sentence_id of the representative sentence."),
    ("outlets", "list", "Outlets that report the claim, sorted."),
    ("n_outlets", "Int64", "Number of distinct outlets."),
    ("n_articles", "Int64", "Number of articles with a member sentence."),
    ("n_sentences", "Int64", "Number of member sentences (equals n_articles: one per article)."),
    ("first_reported", "date", "Earliest publication day among the member articles (empty when none is dated)."),
    ("first_outlet", "string", "Outlet of the earliest dated member article."),
    ("status", "string", "shared (two or more outlets) / unique (one outlet) / conflicting (a member denies or cannot confirm what another asserts)."),
)

CLAIM_SENTENCES = _t(
    "claim_sentences",
    "sentence belonging to a claim (every analysed sentence belongs to exactly one)",
    ("claim_id", "string", "Claim the sentence belongs to (claims.claim_id)."),
    ("article_id", "string", "Article of the sentence."),
    ("sentence_id", "Int64", "sentence_id of the sentence."),
    ("start", "Int64", "Offset of the sentence in articles.text."),
    ("end", "Int64", "End offset of the sentence in articles.text."),
    ("outlet", "string", "Outlet of the article."),
    ("stance", "string", "asserts / denies (carries a denial or uncertainty cue), so a conflicting claim shows who said what."),
)

KEY_DATES = _t(
    "key_dates",
    "day that matters, ranked, for the whole corpus (story_id empty) and for each story",
    ("story_id", "string", "Story the ranking is for (articles.story_id); empty for the ranking over the whole corpus."),
    ("date", "date", "The day."),
    ("rank", "Int64", "1 = the day that matters most in this story (or the corpus)."),
    (
        "score",
        "float64",
        "Weighted count of articles that refer to the day through a resolved date expression, plus publications that day (storylens.timeline.key_dates).",
    ),
    ("summary", "string", "One or two extractive sentences that say what happened that day, joined by a space."),
    ("sentence_ids", "list", "The summary's sentences as article_id:sentence_id, in summary order."),
    ("article_ids", "list", "The article of each summary sentence, in the same order."),
    ("n_articles", "Int64", "Articles that refer to the day (or, without any reference, were published on it)."),
    ("outlets", "list", "Outlets of those articles, most articles first."),
    ("event_types", "list", "Event types of the events dated to the day, most frequent first."),
    ("actor_ids", "list", "Actors of those events (actors.actor_id), most frequent first."),
)

REJECTS = _t(
    "rejects",
    "input that did not become an article",
    ("source_file", "string", "Input path (with '#row' for a row of a JSON/CSV file)."),
    (
        "reason",
        "string",
        "Short machine-readable reason: empty / binary / too_large / undecodable / unsupported_extension / bad_json / bad_csv_row / no_text / unreadable / hidden / outside_input / analysis_error / analysis_timeout; manifest_missing_file (a manifest row names no file) / manifest_invalid (a manifest or row that cannot be used); "
        "for URL rows: not_fetched (not in the fetch cache, build with --fetch) / http_404 / http_4xx / http_5xx (after retries) / timeout / fetch_failed "
        "(connection, too many redirects) / not_html / too_large / robots_disallowed / paywall_or_consent / no_text / duplicate_url (same canonical URL, courlan) / "
        "bad_url / fetch_limit (over the per-build fetch bound).",
    ),
    ("detail", "string", "What exactly was wrong, in words, naming the file."),
    ("content_hash", "string", "Hash of the raw bytes when they could be read."),
)

ALL_TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        ARTICLES,
        SENTENCES,
        MENTIONS,
        ACTORS,
        LABELS,
        TIMEXES,
        EVENTS,
        QUOTES,
        CITATIONS,
        INTERACTIONS,
        ALIGNMENTS,
        CLAIMS,
        CLAIM_SENTENCES,
        KEY_DATES,
        REJECTS,
    )
}


def register(table: Table) -> Table:
    """Add a table declared in another stage's module (timeline, quotes, ...) to the registry."""
    ALL_TABLES[table.name] = table
    return table


def to_date(v: Any) -> dt.date | None:
    """Any date-like value (date, datetime, Timestamp, ISO string, None/NaN/NaT) as a date or None."""
    if v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NaT:
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, pd.Timestamp):
        return v.date()
    try:
        ts = pd.Timestamp(str(v))
    except (ValueError, TypeError):
        return None
    return None if pd.isna(ts) else ts.date()


def _to_list(v: Any) -> list[str]:
    if v is None:
        return []
    if isinstance(v, str):
        return [v] if v else []
    try:
        return [str(x) for x in v if x is not None and str(x) != ""]
    except TypeError:
        return [] if pd.isna(v) else [str(v)]


_DEFER_DTYPES: contextvars.ContextVar[bool] = contextvars.ContextVar("storylens_defer_dtypes", default=False)


@contextlib.contextmanager
def deferred_dtypes() -> Iterator[None]:
    """Within this block `conform` checks and orders columns but leaves dtypes alone.

    Why: the per-article stage conforms a few small frames per article, and coercing
    ~25 columns costs pandas ~0.25 ms each, which added a third to the parse time of a
    build. The build conforms each concatenated table once afterwards, so nothing
    reaches disk or a caller unconformed.
    """
    token = _DEFER_DTYPES.set(True)
    try:
        yield
    finally:
        _DEFER_DTYPES.reset(token)


def conform(df: pd.DataFrame | None, table: Table) -> pd.DataFrame:
    """Return `df` with exactly the table's columns, in order, with its dtypes.

    Missing columns are added empty; extra columns are an error (a typo in a stage
    should fail the build, not vanish).
    """
    df = pd.DataFrame() if df is None else df
    extra = [c for c in df.columns if c not in table.names]
    if extra:
        raise ValueError(f"table {table.name!r} has undeclared columns {extra}; declare them in storylens/tables.py")
    if _DEFER_DTYPES.get():
        return df.reindex(columns=table.names).reset_index(drop=True)
    n = len(df)
    out: dict[str, Any] = {}
    for col in table.columns:
        if col.name not in df.columns:
            values = pd.Series([None] * n, index=df.index, dtype="object")
        else:
            values = df[col.name]
        out[col.name] = _coerce(values, col.dtype)
    return pd.DataFrame(out, index=df.index).reset_index(drop=True)


def _coerce(values: pd.Series, dtype: str) -> pd.Series:
    """One column to its declared dtype; a column already of that dtype is passed through
    untouched (conform runs on every per-article frame, so the no-op path must be cheap)."""
    if dtype == "date":
        return pd.Series([to_date(v) for v in values], index=values.index, dtype="object")
    if dtype == "list":
        return pd.Series([_to_list(v) for v in values], index=values.index, dtype="object")
    if str(values.dtype) == dtype:
        return values
    if dtype in {"Int64", "float64", "boolean"}:
        if values.dtype == object:
            values = values.where(values.notna(), None)
        return values.astype(dtype)
    if isinstance(values.dtype, pd.StringDtype):
        return values.astype("string")  # pandas' default "str" (NaN for missing): same strings, NA for NaN
    if values.dtype == object or str(values.dtype).startswith(("str", "string")):
        return pd.Series(
            pd.array([None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else str(v) for v in values], dtype="string"), index=values.index
        )
    return values.astype("object").where(values.notna(), None).astype("string")


def empty(table: Table) -> pd.DataFrame:
    """An empty frame with the table's schema."""
    return conform(None, table)


def rows_by(df: pd.DataFrame, key: str, cols: Sequence[str]) -> dict[Any, list[tuple[Any, ...]]]:
    """The rows of `df` as plain tuples of `cols`, grouped by the value of `key` (rows in
    table order; missing values as `Series.tolist` gives them: pd.NA, or NaN for floats).

    Why: the corpus steps walk every row of every article; a pandas groupby walked with
    itertuples or to_dict costs about a millisecond a group, which made those steps grow
    faster than the corpus. Rows with a missing key are left out, as groupby does.
    """
    out: dict[Any, list[tuple[Any, ...]]] = {}
    if df.empty:
        return out
    for k, row in zip(df[key].tolist(), zip(*(df[c].tolist() for c in cols)), strict=True):
        if k is not pd.NA and k is not None and k == k:
            out.setdefault(k, []).append(row)
    return out


def sort_order(values: Sequence[Any]) -> list[int]:
    """Positions of integer `values` in the order `DataFrame.sort_values` gives its rows.

    That order is numpy's quicksort (not stable: how ties come out depends on the whole
    array) with missing values last; loops rewritten from pandas use it so that rows with
    equal keys (two mentions starting at one offset) keep exactly the order they had.
    """
    present = [i for i, v in enumerate(values) if v is not None and v is not pd.NA and v == v]
    order = np.argsort(np.asarray([values[i] for i in present], dtype=np.int64), kind="quicksort")
    missing = [i for i, v in enumerate(values) if v is None or v is pd.NA or v != v] if len(present) < len(values) else []
    return [present[j] for j in order.tolist()] + missing
