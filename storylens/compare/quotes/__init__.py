"""Quotations and their speakers: direct quotes by quotation marks, indirect speech by the parse.

Why rules and not a model: no attribution model installs here (no hub downloads), and the
annotated corpus we measure on (PolNeAR, `benchmarks/quotes_polnear.py`) is small enough
that a transparent rule set, tuned on its train/dev split, is easy to audit: every row says
which cue and which speaker span it rests on.

Two passes over one spaCy Doc:

1. *Marks*: quotation marks (straight and curly) are paired by a small state machine that
   knows how news writes quotes: a paragraph-spanning quote re-opens at each paragraph and
   closes only at the end; a quote whose opening mark was lost in extraction starts at its
   paragraph when its closing mark follows sentence punctuation (`...going," the minister
   wrote.`).
2. *Parse*: a reporting verb (say, tell, argue, ...) with a clausal complement is indirect
   speech; "according to X" attributes its clause to X. A direct quote inside such a
   complement makes the attribution *mixed*.

Each quote gets its cue (the reporting verb or phrase) and its source (the verb's subject,
the object of "according to", or — for a quote standing alone — the previous quote's
speaker). Pronoun and description speakers ("he", "the minister") keep their text in
`speaker_text`; `speaker_resolved_text` names the nearest preceding named speaker.
"""

from storylens.compare.quotes.extract import EXTRACT_COLUMNS, doc_quote_spans, extract_quotes, quote_records
from storylens.compare.quotes.marks import find_quote_spans

__all__ = ["EXTRACT_COLUMNS", "doc_quote_spans", "extract_quotes", "find_quote_spans", "quote_records"]
